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
    let callback = sandbox.signed_in_callback(&auth, ALEX).await;
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

    let callback = sandbox.signed_in_callback(&auth, ALEX).await;
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
    let inbox_total = sandbox.inbox_total(&syncing).await;
    assert!(inbox_total > 0);
    let files = sandbox
        .wait_ready(
            &syncing,
            json!({"request_ids": ["on-connection"]}),
            Some(inbox_total),
        )
        .await;
    assert!(files
        .iter()
        .all(|file| file["file_metadata"]["folder"] == "Inbox"
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

#[tokio::test]
async fn microsoft_tenant_is_validated_and_stays_one_path_segment() {
    let sandbox = Sandbox::start().await;
    let auth = Auth::ApiKey("tenants".into());
    for bad in [
        "evil.example/x",
        "//evil.example",
        "../../evil",
        "evil.example?x=1",
        "evil.example#",
        "a b",
        "%2F%2Fevil.example",
        "contoso",
        "common/",
    ] {
        let (status, answer) = sandbox
            .post(
                "/integrations/oauth_url",
                &auth,
                json!({"service": "OUTLOOK", "microsoft_tenant": bad}),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {answer}");
        assert_eq!(
            answer["detail"][0]["loc"],
            json!(["body", "microsoft_tenant"])
        );
    }
    let microsoft = url::Url::parse(&sandbox.microsoft_url).expect("url");
    for good in [
        "common",
        "organizations",
        "consumers",
        "3b7a9c2e-5d41-4f6a-9b0c-0a1b2c3d4e5f",
        "contoso.onmicrosoft.com",
        "",
    ] {
        let (status, answer) = sandbox
            .post(
                "/integrations/oauth_url",
                &auth,
                json!({"service": "OUTLOOK", "microsoft_tenant": good}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{good}: {answer}");
        let url = url::Url::parse(answer["oauth_url"].as_str().expect("url")).expect("url");
        assert_eq!(
            (url.host(), url.port()),
            (microsoft.host(), microsoft.port())
        );
        let tenant = if good.is_empty() { "common" } else { good };
        assert_eq!(url.path(), format!("/{tenant}/oauth2/v2.0/authorize"));
    }
    // A domain tenant goes all the way: sign-in page, code exchange at the same tenant, data source.
    let (status, html) = sandbox
        .connect_mailbox(
            &auth,
            ALEX,
            json!({"microsoft_tenant": "contoso.onmicrosoft.com"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    sandbox.stop().await;
}

#[tokio::test]
async fn only_registered_redirect_uris_are_accepted_by_the_emulated_microsoft() {
    let extra = "http://127.0.0.1:9/my-app/callback";
    let sandbox = Sandbox::start_with(outlook_connect_sandbox::SandboxConfig {
        redirect_uris: vec![extra.to_string()],
        ..common::test_config(outlook_connect_sandbox::DbLocation::Memory)
    })
    .await;
    let auth = Auth::ApiKey("redirects".into());
    let (status, answer) = sandbox
        .post(
            "/integrations/oauth_url",
            &auth,
            json!({"service": "OUTLOOK"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let authorize = url::Url::parse(answer["oauth_url"].as_str().expect("url")).expect("url");
    let with_redirect = |uri: &str| {
        let mut url = authorize.clone();
        let pairs: Vec<(String, String)> = authorize
            .query_pairs()
            .into_owned()
            .filter(|(name, _)| name != "redirect_uri" && name != "prompt")
            .collect();
        url.query_pairs_mut()
            .clear()
            .extend_pairs(pairs)
            .append_pair("redirect_uri", uri)
            .append_pair("prompt", "none");
        url
    };
    // The API's own callback and the configured one are registered: prompt=none answers them with a redirect.
    for registered in [
        format!("{}/integrations/outlook", sandbox.api_url),
        extra.to_string(),
    ] {
        let response = sandbox
            .http
            .get(with_redirect(&registered))
            .send()
            .await
            .expect("answer");
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{registered}");
        assert!(response.headers()["location"]
            .to_str()
            .expect("location")
            .starts_with(&registered));
    }
    for other in [
        "https://evil.example/integrations/outlook",
        "http://127.0.0.1:9/my-app/other",
        &format!("{}/integrations/outlook/", sandbox.api_url),
    ] {
        let response = sandbox
            .http
            .get(with_redirect(other))
            .send()
            .await
            .expect("answer");
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{other}");
        assert!(response.headers().get("location").is_none());
        assert!(response.text().await.expect("html").contains("AADSTS50011"));
    }
    sandbox.stop().await;

    let refused = outlook_connect_sandbox::start(outlook_connect_sandbox::SandboxConfig {
        redirect_uris: vec!["javascript:alert(1)".into()],
        ..common::test_config(outlook_connect_sandbox::DbLocation::Memory)
    })
    .await;
    assert!(
        refused.is_err(),
        "a redirect URI that is not http(s) is a configuration error"
    );
}

/// A popup closed while its callback is answering (the person closes it as soon as the address changes) still
/// connects the mailbox, as Carbon's server finishes a request whose caller went away. hyper drops a handler's
/// future when its client disconnects; here the token exchange is held for 1.5 s and the caller hangs up after
/// 100 ms, in the middle of it.
#[tokio::test]
async fn a_callback_whose_caller_hangs_up_still_connects_the_mailbox() {
    let sandbox = Sandbox::start_with(outlook_connect_sandbox::SandboxConfig {
        test_controls: true,
        ..common::test_config(outlook_connect_sandbox::DbLocation::Memory)
    })
    .await;
    let auth = Auth::Token(sandbox.token_for("alice").await);
    let callback = sandbox.signed_in_callback(&auth, ALEX).await;
    let fault = json!({"path": "/common/oauth2/v2.0/token", "origin": "microsoft", "kind": "delay",
                       "delay_ms": 1500});
    let added = sandbox
        .http
        .post(format!("{}/sandbox/faults", sandbox.api_url))
        .json(&fault)
        .send()
        .await
        .expect("faults answers");
    assert!(added.status().is_success(), "{:?}", added.text().await);

    let hung_up = sandbox
        .http
        .get(&callback)
        .timeout(std::time::Duration::from_millis(100))
        .send()
        .await;
    assert!(
        hung_up.as_ref().is_err_and(reqwest::Error::is_timeout),
        "the caller left before the answer: {hung_up:?}"
    );
    assert!(
        sandbox.data_sources(&auth).await.is_empty(),
        "still exchanging the code"
    );

    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let sources = loop {
        let sources = sandbox.data_sources(&auth).await;
        if !sources.is_empty() || std::time::Instant::now() > deadline {
            break sources;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert_eq!(sources.len(), 1, "the sign-in finished without its caller");
    assert_eq!(sources[0]["data_source_external_id"], ALEX);
    let (status, html) = sandbox.follow_callback(&callback).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "its state is used up");
    assert!(html.contains("already completed"), "{html}");
    sandbox.stop().await;
}
