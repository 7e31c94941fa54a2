//! The OAuth flow end to end over HTTP: oauth_url → emulated sign-in page → callback → data source, including
//! reconnecting, denied consent, a failing token exchange and a reused state.

mod common;

use common::{Auth, Sandbox};
use reqwest::StatusCode;
use serde_json::json;

const ALEX: &str = "alex@contoso.test";

#[tokio::test]
async fn connecting_creates_one_source_and_reconnecting_updates_it() {
    let sandbox = Sandbox::start().await;
    let auth = Auth::Token(sandbox.token_for("alice").await);

    let (status, html) = sandbox.connect_mailbox(&auth, ALEX, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("You can close this window"));
    assert!(
        html.contains("outlook-connect:oauth") && html.contains("\"status\":\"connected\""),
        "{html}"
    );
    assert!(
        html.contains("\"http://widget.test\""),
        "posts to the flow's origin: {html}"
    );
    assert!(!html.contains("\"*\""), "never to any origin: {html}");
    assert!(html.contains("window.opener") && html.contains("window.close()"));

    let sources = sandbox.data_sources(&auth).await;
    assert_eq!(sources.len(), 1);
    let source = &sources[0];
    assert_eq!(source["data_source_external_id"], ALEX);
    assert_eq!(source["data_source_type"], "OUTLOOK");
    assert_eq!(source["last_sync_action"], "ADD");
    assert_eq!(source["revoked_access"], false);
    assert_eq!(
        source["token"],
        json!(null),
        "Microsoft tokens stay server side"
    );
    assert_eq!(source["organization_supplied_user_id"], "alice");
    let id = source["id"].as_i64().expect("id");
    assert!(html.contains(&format!("\"data_source_id\":{id}")), "{html}");

    let (status, _) = sandbox.connect_mailbox(&auth, ALEX, json!({})).await;
    assert_eq!(status, StatusCode::OK);
    let sources = sandbox.data_sources(&auth).await;
    assert_eq!(sources.len(), 1, "the same mailbox again is no duplicate");
    assert_eq!(sources[0]["last_sync_action"], "UPDATE");

    let (status, body) = sandbox
        .post("/revoke_access_token", &auth, json!({"data_source_id": id}))
        .await;
    assert_eq!((status, body), (StatusCode::OK, json!({"success": true})));
    let revoked = &sandbox.data_sources(&auth).await[0];
    assert_eq!(
        (
            revoked["revoked_access"].clone(),
            revoked["last_sync_action"].clone()
        ),
        (json!(true), json!("REVOKE"))
    );

    let (status, _) = sandbox
        .connect_mailbox(
            &auth,
            ALEX,
            json!({"data_source_id": id, "connecting_new_account": false}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let sources = sandbox.data_sources(&auth).await;
    assert_eq!(sources.len(), 1);
    assert_eq!(sources[0]["id"], id);
    assert_eq!(
        (
            sources[0]["revoked_access"].clone(),
            sources[0]["last_sync_action"].clone()
        ),
        (json!(false), json!("UPDATE"))
    );

    let (status, html) = sandbox
        .connect_mailbox(
            &auth,
            "folders@contoso.test",
            json!({"data_source_id": id, "connecting_new_account": false}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "reconnecting a source with another mailbox is refused"
    );
    assert!(html.contains("\"status\":\"error\""), "{html}");

    let (status, _) = sandbox
        .connect_mailbox(
            &auth,
            "folders@contoso.test",
            json!({"connecting_new_account": true}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(sandbox.data_sources(&auth).await.len(), 2);
    sandbox.stop().await;
}

#[tokio::test]
async fn the_callback_page_is_locked_down_and_escapes_what_it_shows() {
    let sandbox = Sandbox::start().await;
    let auth = Auth::ApiKey("alice".into());
    let (_, body) = sandbox
        .post(
            "/integrations/oauth_url",
            &auth,
            json!({"service": "OUTLOOK"}),
        )
        .await;
    let callback = sandbox
        .sign_in(body["oauth_url"].as_str().expect("url"), ALEX)
        .await;
    let response = sandbox.http.get(&callback).send().await.expect("answer");
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .expect("csp")
        .to_string();
    assert!(
        csp.contains("default-src 'none'") && csp.contains("script-src 'nonce-"),
        "{csp}"
    );
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("nonce");
    let html = response.text().await.expect("html");
    assert!(html.contains(&format!("<script nonce=\"{nonce}\">")));
    assert!(
        !html.contains("postMessage"),
        "no Origin header on oauth_url: nothing to post to"
    );

    let error_page = format!("{}/integrations/outlook?error=x%3Cscript%3E&error_description=%3Cimg%20src%3Dx%3E&state=nope", sandbox.api_url);
    let (_, html) = sandbox.follow_callback(&error_page).await;
    assert!(!html.contains("<img src=x>"), "{html}");
    sandbox.stop().await;
}

#[tokio::test]
async fn denied_consent_failed_exchange_and_reused_state_create_nothing() {
    let sandbox = Sandbox::start().await;
    let auth = Auth::Token(sandbox.token_for("alice").await);

    let (status, html) = sandbox
        .connect_mailbox(&auth, "denied@contoso.test", json!({}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        html.contains("\"status\":\"error\"") && html.contains("\"http://widget.test\""),
        "{html}"
    );
    assert!(html.contains("not granted"), "{html}");

    let (status, html) = sandbox
        .connect_mailbox(&auth, "broken@contoso.test", json!({}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        html.contains("Exchanging the sign-in code failed"),
        "{html}"
    );
    assert!(sandbox.data_sources(&auth).await.is_empty());

    let (_, body) = sandbox
        .post(
            "/integrations/oauth_url",
            &auth,
            json!({"service": "OUTLOOK"}),
        )
        .await;
    let callback = sandbox
        .sign_in(body["oauth_url"].as_str().expect("url"), ALEX)
        .await;
    let (status, _) = sandbox.follow_callback(&callback).await;
    assert_eq!(status, StatusCode::OK);
    let (status, html) = sandbox.follow_callback(&callback).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a state works once");
    assert!(html.contains("already completed"), "{html}");
    assert_eq!(sandbox.data_sources(&auth).await.len(), 1);

    let tampered = callback.replace("state=", "state=x");
    let (status, html) = sandbox.follow_callback(&tampered).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("unknown"), "{html}");
    sandbox.stop().await;
}

#[tokio::test]
async fn sync_files_on_connection_syncs_the_inbox_and_only_when_asked() {
    let sandbox = Sandbox::start().await;
    let syncing = Auth::Token(sandbox.token_for("syncs-on-connection").await);
    let (status, html) = sandbox
        .connect_mailbox(
            &syncing,
            ALEX,
            json!({"sync_files_on_connection": true, "request_id": "on-connection", "tags": {"from": "connect"}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let source = sandbox.data_sources(&syncing).await[0]["id"]
        .as_i64()
        .expect("id");
    let (status, folders) = sandbox
        .get("/integrations/outlook/user_folders", &syncing)
        .await;
    assert_eq!(status, StatusCode::OK, "{folders}");
    let inbox_total = folders
        .as_array()
        .expect("folders")
        .iter()
        .find(|folder| folder["displayName"] == "Inbox")
        .and_then(|folder| folder["totalItemCount"].as_i64())
        .expect("an Inbox");
    assert!(inbox_total > 0);
    let files = sandbox
        .wait_ready(
            &syncing,
            json!({"request_ids": ["on-connection"]}),
            Some(inbox_total),
        )
        .await;
    assert!(files.iter().all(|file| file["file_metadata"]["folder"] == "Inbox"
        && file["organization_user_data_source_id"] == source
        && file["tags"] == json!({"from": "connect"})));
    let done = sandbox.wait_source_ready(&syncing, source).await;
    assert_eq!(done["sync_status"], "READY");

    for (customer, extra) in [
        ("no-sync-false", json!({"sync_files_on_connection": false})),
        ("no-sync-absent", json!({})),
    ] {
        let auth = Auth::Token(sandbox.token_for(customer).await);
        let (status, html) = sandbox.connect_mailbox(&auth, ALEX, extra).await;
        assert_eq!(status, StatusCode::OK, "{html}");
        tokio::time::sleep(std::time::Duration::from_millis(800)).await;
        let (status, listed) = sandbox.files(&auth, json!({}), 1).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(listed["count"], 0, "{customer}: nothing is synced");
        assert_eq!(sandbox.data_sources(&auth).await[0]["sync_status"], "READY");
    }
    sandbox.stop().await;
}
