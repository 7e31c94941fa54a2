//! The sandbox with `--test-controls`: reset wipes the database, Graph throttling (429 + Retry-After) is honoured by
//! the sync, a client retrying a sync after an injected 500 with the same request_id duplicates nothing, and the
//! request log shows what a client sent with credentials redacted, and expiring a customer's tokens makes their next
//! call a 401 until a new token is minted.

mod common;

use std::collections::BTreeSet;

use common::{join_all, test_config, Auth, Sandbox};
use outlook_connect_sandbox::{DbLocation, SandboxConfig};
use reqwest::StatusCode;
use serde_json::{json, Value};

const ALEX: &str = "alex@contoso.test";

async fn sandbox_with_controls() -> Sandbox {
    Sandbox::start_with(SandboxConfig {
        test_controls: true,
        ..test_config(DbLocation::Memory)
    })
    .await
}

async fn control(
    sandbox: &Sandbox,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = sandbox
        .http
        .request(method, format!("{}{path}", sandbox.api_url));
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("answer");
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn connected(sandbox: &Sandbox) -> (Auth, i64) {
    let auth = Auth::Token(sandbox.token_for("alice").await);
    let (status, html) = sandbox.connect_mailbox(&auth, ALEX, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let id = sandbox.data_sources(&auth).await[0]["id"]
        .as_i64()
        .expect("id");
    (auth, id)
}

#[tokio::test]
async fn test_controls_are_mounted_only_when_asked() {
    let plain = Sandbox::start().await;
    let (status, _) = control(&plain, reqwest::Method::GET, "/sandbox/requests", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    plain.stop().await;
}

#[tokio::test]
async fn reset_wipes_the_database_but_keeps_the_mailboxes() {
    let sandbox = sandbox_with_controls().await;
    let (auth, _) = connected(&sandbox).await;
    let (status, _) = control(&sandbox, reqwest::Method::POST, "/sandbox/reset", None).await;
    assert!(status.is_success());
    let (status, _) = sandbox.post("/user_data_sources", &auth, json!({})).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "tokens are gone with the database"
    );
    let fresh = Auth::ApiKey("alice".into());
    assert!(sandbox.data_sources(&fresh).await.is_empty());
    let (status, _) = sandbox.connect_mailbox(&fresh, ALEX, json!({})).await;
    assert_eq!(status, StatusCode::OK, "the mailboxes are still there");
    sandbox.stop().await;
}

#[tokio::test]
async fn graph_throttling_is_retried_after_retry_after() {
    let sandbox = sandbox_with_controls().await;
    let (auth, source) = connected(&sandbox).await;
    let folder = sandbox.folder_id(&auth, None, "Receipts").await;
    let messages_path = format!("/v1.0/me/mailFolders/{folder}/messages");
    let fault = json!({"path": messages_path, "origin": "microsoft", "kind": "429", "count": 2, "retry_after_secs": 1});
    let (status, body) = control(
        &sandbox,
        reqwest::Method::POST,
        "/sandbox/faults",
        Some(fault),
    )
    .await;
    assert!(status.is_success(), "{body}");
    let (_, _) = control(&sandbox, reqwest::Method::DELETE, "/sandbox/requests", None).await;

    let started = std::time::Instant::now();
    let (status, _) = sandbox
        .post(
            "/integrations/outlook/sync",
            &auth,
            json!({"filters": {}, "folder": "Receipts", "request_id": "throttled"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let source_after = sandbox.wait_source_ready(&auth, source).await;
    assert_eq!(
        source_after["sync_status"], "READY",
        "the sync survived the throttling"
    );
    assert!(
        started.elapsed() >= std::time::Duration::from_secs(2),
        "waited Retry-After twice"
    );
    let (_, stored) = sandbox
        .files(&auth, json!({"request_ids": ["throttled"]}), 1)
        .await;
    assert!(stored["count"].as_i64().expect("count") > 0);

    let (_, log) = control(
        &sandbox,
        reqwest::Method::GET,
        &format!("/sandbox/requests?origin=microsoft&path={messages_path}"),
        None,
    )
    .await;
    let calls = log.as_array().expect("log").len();
    assert!(
        calls >= 3,
        "two throttled calls and the one that went through: {calls}"
    );
    sandbox.stop().await;
}

#[tokio::test]
async fn retrying_a_failed_sync_with_the_same_request_id_duplicates_nothing() {
    let sandbox = sandbox_with_controls().await;
    let (auth, source) = connected(&sandbox).await;
    let fault =
        json!({"path": "/integrations/outlook/sync", "origin": "api", "kind": "500", "count": 1});
    let (status, _) = control(
        &sandbox,
        reqwest::Method::POST,
        "/sandbox/faults",
        Some(fault),
    )
    .await;
    assert!(status.is_success());
    let body = json!({"filters": {"key": "is", "value": "flagged"}, "folder": "Inbox", "request_id": "retry-me"});
    let (status, answer) = sandbox
        .post("/integrations/outlook/sync", &auth, body.clone())
        .await;
    assert_eq!(
        (status, answer),
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            json!({"detail": "Injected fault"})
        )
    );
    for _ in 0..3 {
        let (status, _) = sandbox
            .post("/integrations/outlook/sync", &auth, body.clone())
            .await;
        assert_eq!(status, StatusCode::OK);
    }
    sandbox.wait_source_ready(&auth, source).await;
    let (_, stored) = sandbox.files(&auth, json!({}), 1).await;
    let files = sandbox
        .wait_ready(
            &auth,
            json!({"request_ids": ["retry-me"]}),
            stored["count"].as_i64(),
        )
        .await;
    let unique: BTreeSet<&str> = files
        .iter()
        .map(|f| f["external_file_id"].as_str().expect("id"))
        .collect();
    assert_eq!(unique.len(), files.len());
    assert!(files
        .iter()
        .all(|f| f["file_metadata"]["flag_status"] == "flagged"));
    sandbox.stop().await;
}

#[tokio::test]
async fn the_request_log_shows_what_the_client_sent_without_secrets() {
    let sandbox = sandbox_with_controls().await;
    let token = sandbox.token_for("alice").await;
    let body = json!({"filters": {"request_ids": ["x"]}, "pagination": {"limit": 3}});
    let (status, _) = sandbox
        .post("/user_files_v2", &Auth::Token(token.clone()), body.clone())
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, log) = control(
        &sandbox,
        reqwest::Method::GET,
        "/sandbox/requests?origin=api&path=/user_files_v2",
        None,
    )
    .await;
    let entries = log.as_array().expect("log");
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["body"], body);
    assert_eq!(entries[0]["headers"]["authorization"], "Token <redacted>");
    assert!(!log.to_string().contains(&token));

    let (_, log) = control(
        &sandbox,
        reqwest::Method::GET,
        "/sandbox/requests?origin=api&path=/auth/v1/access_token",
        None,
    )
    .await;
    assert_eq!(log[0]["headers"]["authorization"], "Bearer <redacted>");
    assert!(!log.to_string().contains(&sandbox.api_key));
    sandbox.stop().await;
}

#[tokio::test]
async fn no_credential_reaches_the_request_log_on_any_origin() {
    let sandbox = sandbox_with_controls().await;
    let token = sandbox.token_for("alice").await;
    let auth = Auth::Token(token.clone());
    // The OAuth flow step by step, to know the code the callback carried.
    let (status, answer) = sandbox
        .post(
            "/integrations/oauth_url",
            &auth,
            json!({"service": "OUTLOOK", "request_id": "keep-me"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let callback = sandbox
        .sign_in(answer["oauth_url"].as_str().expect("url"), ALEX)
        .await;
    let code = url::Url::parse(&callback)
        .expect("callback")
        .query_pairs()
        .find(|(name, _)| name == "code")
        .map(|(_, value)| value.into_owned())
        .expect("a code");
    let (status, _) = sandbox.follow_callback(&callback).await;
    assert_eq!(status, StatusCode::OK);
    // Credentials in other headers, the query string and a JSON body.
    let response = sandbox
        .http
        .post(format!(
            "{}/user_files_v2?access_token={token}&client_secret=qs-secret&page=2",
            sandbox.api_url
        ))
        .header("authorization", format!("Token {token}"))
        .header("x-api-key", sandbox.api_key.clone())
        .header("x-custom-token", "header-token-value")
        .header("origin", "http://widget.test")
        .json(&json!({
            "filters": {"key": "is", "value": "flagged"},
            "client_secret": "body-secret",
            "nested": [{"refresh_token": "body-refresh", "code_verifier": "body-verifier"}],
        }))
        .send()
        .await
        .expect("answer");
    assert!(response.status().is_client_error() || response.status().is_success());

    let (_, log) = control(&sandbox, reqwest::Method::GET, "/sandbox/requests", None).await;
    let text = log.to_string();
    let microsoft = outlook_connect_sandbox::microsoft::MicrosoftConfig::default();
    for secret in [
        token.as_str(),
        sandbox.api_key.as_str(),
        microsoft.client_secret.as_str(),
        code.as_str(),
        "qs-secret",
        "header-token-value",
        "body-secret",
        "body-refresh",
        "body-verifier",
    ] {
        assert!(
            !text.contains(secret),
            "'{secret}' is in the request log: {text}"
        );
    }
    let entries = log.as_array().expect("log");
    let exchange = entries
        .iter()
        .find(|e| e["path"] == "/common/oauth2/v2.0/token")
        .expect("the code exchange is logged");
    let form = exchange["body"].as_str().expect("a form body");
    assert!(form.contains("grant_type=authorization_code"), "{form}");
    assert!(
        form.contains("code=<redacted>") && form.contains("code_verifier=<redacted>"),
        "{form}"
    );
    assert!(form.contains("client_secret=<redacted>"), "{form}");
    let callback_entry = entries
        .iter()
        .find(|e| e["path"] == "/integrations/outlook")
        .expect("the callback is logged");
    assert!(callback_entry["query"]
        .as_str()
        .is_some_and(|q| q.contains("code=<redacted>") && q.contains("state=")));
    let listing = entries
        .iter()
        .find(|e| e["path"] == "/user_files_v2")
        .expect("the listing is logged");
    // What the e2e harness reads stays: the scheme word, the origin, the method, the non-secret body, the status.
    assert_eq!(listing["headers"]["authorization"], "Token <redacted>");
    assert_eq!(listing["headers"]["x-api-key"], "<redacted>");
    assert_eq!(listing["headers"]["origin"], "http://widget.test");
    assert_eq!(listing["method"], "POST");
    assert_eq!(
        listing["body"]["filters"],
        json!({"key": "is", "value": "flagged"})
    );
    assert_eq!(listing["body"]["client_secret"], "<redacted>");
    assert_eq!(listing["body"]["nested"][0]["refresh_token"], "<redacted>");
    assert!(listing["query"]
        .as_str()
        .is_some_and(|q| q.ends_with("&page=2") && q.starts_with("access_token=<redacted>&")));
    assert!(listing["status"].is_u64());
    let oauth = entries
        .iter()
        .find(|e| e["path"] == "/integrations/oauth_url")
        .expect("oauth_url is logged");
    assert_eq!(
        oauth["body"],
        json!({"service": "OUTLOOK", "request_id": "keep-me"})
    );
    sandbox.stop().await;
}

#[tokio::test]
async fn expired_microsoft_tokens_are_refreshed_server_side() {
    let sandbox = Sandbox::start_with(SandboxConfig {
        test_controls: true,
        microsoft_token_ttl: std::time::Duration::from_secs(1),
        ..test_config(DbLocation::Memory)
    })
    .await;
    let (auth, _) = connected(&sandbox).await;
    let (status, _) = control(&sandbox, reqwest::Method::DELETE, "/sandbox/requests", None).await;
    assert!(status.is_success());
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let (status, folders) = sandbox
        .get("/integrations/outlook/user_folders", &auth)
        .await;
    assert_eq!(status, StatusCode::OK, "{folders}");
    let (_, log) = control(
        &sandbox,
        reqwest::Method::GET,
        "/sandbox/requests?origin=microsoft&path=/common/oauth2/v2.0/token",
        None,
    )
    .await;
    let grants: Vec<&str> = log
        .as_array()
        .expect("log")
        .iter()
        .filter_map(|e| {
            e["body"]["grant_type"]
                .as_str()
                .or_else(|| e["body"].as_str())
        })
        .collect();
    assert!(
        grants.iter().any(|g| g.contains("refresh_token")),
        "a refresh-token grant was used: {log}"
    );
    let (_, sources) = sandbox.post("/user_data_sources", &auth, json!({})).await;
    assert_eq!(sources["results"][0]["token"], Value::Null);
    sandbox.stop().await;
}

#[tokio::test]
async fn a_sync_that_failed_at_graph_reports_sync_error_and_can_be_retried() {
    let sandbox = sandbox_with_controls().await;
    let (auth, source) = connected(&sandbox).await;
    let folder = sandbox.folder_id(&auth, None, "Receipts").await;
    let fault = json!({"path": format!("/v1.0/me/mailFolders/{folder}/messages"), "origin": "microsoft", "kind": "500", "count": 1});
    add_fault(&sandbox, fault).await;
    fails_then_runs_again(&sandbox, &auth, source, "fragile").await;
    sandbox.stop().await;
}

#[tokio::test]
async fn at_most_four_graph_calls_run_at_once_per_mailbox() {
    let sandbox = sandbox_with_controls().await;
    let (auth, source) = connected(&sandbox).await;
    let folder = sandbox.folder_id(&auth, None, "Receipts").await;
    let messages_path = format!("/v1.0/me/mailFolders/{folder}/messages");
    let fault = json!({"path": messages_path, "origin": "microsoft", "kind": "delay", "delay_ms": 400, "count": 100});
    let (status, _) = control(
        &sandbox,
        reqwest::Method::POST,
        "/sandbox/faults",
        Some(fault),
    )
    .await;
    assert!(status.is_success());
    for index in 0..8 {
        let body =
            json!({"filters": {}, "folder": "Receipts", "request_id": format!("parallel-{index}")});
        let (status, _) = sandbox
            .post("/integrations/outlook/sync", &auth, body)
            .await;
        assert_eq!(status, StatusCode::OK);
    }
    sandbox.wait_source_ready(&auth, source).await;
    let (_, log) = control(
        &sandbox,
        reqwest::Method::GET,
        &format!("/sandbox/requests?origin=microsoft&path={messages_path}"),
        None,
    )
    .await;
    let mut arrivals: Vec<time::OffsetDateTime> = log
        .as_array()
        .expect("log")
        .iter()
        .map(|entry| {
            time::OffsetDateTime::parse(
                entry["ts"].as_str().expect("ts"),
                &time::format_description::well_known::Rfc3339,
            )
            .expect("rfc3339")
        })
        .collect();
    arrivals.sort();
    assert_eq!(arrivals.len(), 8, "one page per sync");
    for window in arrivals.windows(5) {
        let spread = window[4] - window[0];
        assert!(
            spread >= time::Duration::milliseconds(300),
            "a fifth call started while four were in flight: {spread}"
        );
    }
    sandbox.stop().await;
}

#[tokio::test]
async fn concurrent_callers_share_one_token_refresh() {
    // Tokens live 63 s and are refreshed when under a minute is left. Expiry is kept in whole seconds, so a
    // token is usable for 2–3 s: long enough that the refreshed one serves all ten callers (61 s left as little
    // as a few milliseconds before the next second boundary, and a loaded machine refreshed twice).
    let sandbox = Sandbox::start_with(SandboxConfig {
        test_controls: true,
        microsoft_token_ttl: std::time::Duration::from_secs(63),
        ..test_config(DbLocation::Memory)
    })
    .await;
    let (auth, _) = connected(&sandbox).await;
    tokio::time::sleep(std::time::Duration::from_millis(4000)).await;
    let (status, _) = control(&sandbox, reqwest::Method::DELETE, "/sandbox/requests", None).await;
    assert!(status.is_success());
    let calls = (0..10).map(|_| sandbox.get("/integrations/outlook/user_categories", &auth));
    let statuses: Vec<StatusCode> = join_all(calls)
        .await
        .into_iter()
        .map(|(status, _)| status)
        .collect();
    assert!(
        statuses.iter().all(|s| *s == StatusCode::OK),
        "{statuses:?}"
    );
    let (_, log) = control(
        &sandbox,
        reqwest::Method::GET,
        "/sandbox/requests?origin=microsoft&path=/common/oauth2/v2.0/token",
        None,
    )
    .await;
    assert_eq!(
        log.as_array().expect("log").len(),
        1,
        "one refresh for ten callers: {log}"
    );
    sandbox.stop().await;
}

#[tokio::test]
async fn expiring_a_customers_tokens_makes_the_next_call_a_401_until_a_new_token() {
    let sandbox = sandbox_with_controls().await;
    let (auth, _) = connected(&sandbox).await;
    let other = Auth::Token(sandbox.token_for("bob").await);
    let (status, _) = sandbox.post("/user_data_sources", &auth, json!({})).await;
    assert_eq!(status, StatusCode::OK);

    let (status, answer) = control(
        &sandbox,
        reqwest::Method::POST,
        "/sandbox/expire-tokens",
        Some(json!({"customer_id": "alice"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["expired"], 1);
    let (status, body) = sandbox.post("/user_data_sources", &auth, json!({})).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(body.to_string().contains("expired"), "{body}");
    let (status, _) = sandbox.post("/user_data_sources", &other, json!({})).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "another customer's tokens are untouched"
    );
    let fresh = Auth::Token(sandbox.token_for("alice").await);
    let (status, body) = sandbox.post("/user_data_sources", &fresh, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["count"], 1, "the mailbox is still connected");

    let (status, answer) = control(
        &sandbox,
        reqwest::Method::POST,
        "/sandbox/expire-tokens",
        Some(json!({"customer": "alice"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer["detail"][0]["loc"], json!(["body", "customer_id"]));
    sandbox.stop().await;
}

/// A sync of Receipts with `request_id` that the injected faults make fail: the source ends SYNC_ERROR with no
/// file stored; sent again with the same `request_id` once the faults are used up, it runs and stores files.
async fn fails_then_runs_again(sandbox: &Sandbox, auth: &Auth, source: i64, request_id: &str) {
    let body = json!({"filters": {}, "folder": "Receipts", "request_id": request_id});
    let (status, _) = sandbox
        .post("/integrations/outlook/sync", auth, body.clone())
        .await;
    assert_eq!(status, StatusCode::OK);
    let failed = sandbox.wait_source_ready(auth, source).await;
    assert_eq!(failed["sync_status"], "SYNC_ERROR");
    let (_, none) = sandbox
        .files(auth, json!({"request_ids": [request_id]}), 1)
        .await;
    assert_eq!(none["count"], 0);
    let (status, _) = sandbox.post("/integrations/outlook/sync", auth, body).await;
    assert_eq!(status, StatusCode::OK);
    let recovered = sandbox.wait_source_ready(auth, source).await;
    assert_eq!(
        recovered["sync_status"], "READY",
        "the same request_id runs again after a failure"
    );
    let (_, stored) = sandbox
        .files(auth, json!({"request_ids": [request_id]}), 1)
        .await;
    assert!(stored["count"].as_i64().expect("count") > 0);
}

async fn add_fault(sandbox: &Sandbox, fault: Value) {
    let (status, answer) = control(
        sandbox,
        reqwest::Method::POST,
        "/sandbox/faults",
        Some(fault),
    )
    .await;
    assert!(status.is_success(), "{answer}");
}

async fn logged(sandbox: &Sandbox, origin: &str, path: &str) -> Vec<Value> {
    let query = format!("/sandbox/requests?origin={origin}&path={path}");
    let (_, log) = control(sandbox, reqwest::Method::GET, &query, None).await;
    log.as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn a_graph_401_mid_sync_refreshes_the_token_once_and_retries() {
    let sandbox = sandbox_with_controls().await;
    let (auth, source) = connected(&sandbox).await;
    let folder = sandbox.folder_id(&auth, None, "Receipts").await;
    let messages = format!("/v1.0/me/mailFolders/{folder}/messages");
    let (status, _) = control(&sandbox, reqwest::Method::DELETE, "/sandbox/requests", None).await;
    assert!(status.is_success());
    add_fault(
        &sandbox,
        json!({"path": messages, "origin": "microsoft", "kind": "401", "count": 1}),
    )
    .await;
    let body = json!({"filters": {}, "folder": "Receipts", "request_id": "revoked-midway"});
    let (status, _) = sandbox
        .post("/integrations/outlook/sync", &auth, body)
        .await;
    assert_eq!(status, StatusCode::OK);
    let done = sandbox.wait_source_ready(&auth, source).await;
    assert_eq!(
        done["sync_status"], "READY",
        "the 401 was retried after a refresh"
    );
    let files = sandbox
        .wait_ready(&auth, json!({"request_ids": ["revoked-midway"]}), None)
        .await;
    assert!(!files.is_empty());
    let calls: Vec<Value> = logged(&sandbox, "microsoft", &messages)
        .await
        .iter()
        .map(|entry| entry["status"].clone())
        .collect();
    assert_eq!(calls.first(), Some(&json!(401)), "{calls:?}");
    assert!(calls[1..].iter().all(|status| *status == 200), "{calls:?}");
    let grants: Vec<String> = logged(&sandbox, "microsoft", "/common/oauth2/v2.0/token")
        .await
        .iter()
        .filter_map(|entry| entry["body"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(grants.len(), 1, "one refresh: {grants:?}");
    assert!(grants[0].contains("grant_type=refresh_token"), "{grants:?}");
    sandbox.stop().await;
}

#[tokio::test]
async fn a_graph_401_fails_the_sync_only_when_the_refresh_fails() {
    let sandbox = sandbox_with_controls().await;
    let (auth, source) = connected(&sandbox).await;
    let folder = sandbox.folder_id(&auth, None, "Receipts").await;
    let messages = format!("/v1.0/me/mailFolders/{folder}/messages");
    add_fault(
        &sandbox,
        json!({"path": messages, "origin": "microsoft", "kind": "401", "count": 1}),
    )
    .await;
    add_fault(
        &sandbox,
        json!({"path": "/common/oauth2/v2.0/token", "origin": "microsoft", "kind": "500", "count": 1}),
    )
    .await;
    // Microsoft works again afterwards: the same request_id runs again and succeeds.
    fails_then_runs_again(&sandbox, &auth, source, "refresh-fails").await;
    sandbox.stop().await;
}

#[tokio::test]
async fn a_graph_401_while_listing_folders_or_categories_is_retried_after_a_refresh() {
    let sandbox = sandbox_with_controls().await;
    let (auth, _) = connected(&sandbox).await;
    for (graph_path, api_path) in [
        ("/v1.0/me/mailFolders", "/integrations/outlook/user_folders"),
        (
            "/v1.0/me/outlook/masterCategories",
            "/integrations/outlook/user_categories",
        ),
    ] {
        add_fault(
            &sandbox,
            json!({"path": graph_path, "origin": "microsoft", "kind": "401", "count": 1}),
        )
        .await;
        let (status, answer) = sandbox.get(api_path, &auth).await;
        assert_eq!(status, StatusCode::OK, "{api_path}: {answer}");
        assert!(!answer.as_array().expect("a list").is_empty());
    }
    // Two refusals in a row: the refresh happened, the second 401 is Microsoft's answer (502).
    add_fault(
        &sandbox,
        json!({"path": "/v1.0/me/mailFolders", "origin": "microsoft", "kind": "401", "count": 2}),
    )
    .await;
    let (status, answer) = sandbox
        .get("/integrations/outlook/user_folders", &auth)
        .await;
    assert_eq!(status, StatusCode::BAD_GATEWAY, "{answer}");
    sandbox.stop().await;
}
