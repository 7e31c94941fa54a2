//! The test controls over real HTTP: request log (redaction, bodies still reaching handlers,
//! filters), every fault kind, counts, matching, validation and reset.

use axum::routing::{get, post};
use axum::{Json, Router};
use outlook_connect_sandbox::controls::{self, Controls};
use outlook_connect_sandbox::microsoft::{self, MicrosoftConfig};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Two instrumented origins sharing one `Controls`: a small "api" (with the control routes) and
/// the emulated Microsoft.
struct Origins {
    api: String,
    microsoft: String,
    client: Client,
    resets: Arc<AtomicUsize>,
}

async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    url
}

async fn start() -> Origins {
    let controls = Controls::new();
    let resets = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&resets);
    let on_reset: Arc<dyn Fn() + Send + Sync> = Arc::new(move || {
        counted.fetch_add(1, Ordering::SeqCst);
    });
    let api = Router::new()
        .route(
            "/echo",
            post(|Json(body): Json<Value>| async move { Json(json!({"echo": body})) }),
        )
        .route("/form", post(|body: String| async move { body }))
        .route(
            "/integrations/outlook/sync",
            post(|Json(body): Json<Value>| async move { Json(json!({"synced": body})) }),
        )
        .route("/hello", get(|| async { Json(json!({"hello": "world"})) }));
    let api = controls::instrument(
        controls::router(controls.clone(), on_reset).merge(api),
        controls.clone(),
        "api",
    );
    let microsoft = controls::instrument(
        microsoft::router(MicrosoftConfig::default()),
        controls,
        "microsoft",
    );
    Origins {
        api: serve(api).await,
        microsoft: serve(microsoft).await,
        client: Client::new(),
        resets,
    }
}

impl Origins {
    async fn add_fault(&self, fault: Value) -> (StatusCode, Value) {
        let response = self
            .client
            .post(format!("{}/sandbox/faults", self.api))
            .json(&fault)
            .send()
            .await
            .unwrap();
        (response.status(), response.json().await.unwrap())
    }

    async fn faults(&self) -> Vec<Value> {
        self.get_json(&format!("{}/sandbox/faults", self.api)).await
    }

    async fn requests(&self, query: &str) -> Vec<Value> {
        self.get_json(&format!("{}/sandbox/requests{query}", self.api))
            .await
    }

    async fn get_json<T: serde::de::DeserializeOwned>(&self, url: &str) -> T {
        let response = self.client.get(url).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{url}");
        response.json().await.unwrap()
    }

    async fn sync(&self) -> reqwest::Response {
        self.client
            .post(format!("{}/integrations/outlook/sync", self.api))
            .json(&json!({"folder": "Inbox"}))
            .send()
            .await
            .unwrap()
    }
}

#[tokio::test]
async fn log_redacts_credentials_and_bodies_still_reach_handlers() {
    let origins = start().await;
    let response = origins
        .client
        .post(format!("{}/echo?x=1&y=%C3%A9", origins.api))
        .header("authorization", "Token secret-access-token")
        .header("cookie", "session=abc; theme=dark")
        .header("customer-id", "user-7")
        .json(&json!({"folder": "Inbox", "filters": {"key": "is", "value": "flagged"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let echoed: Value = response.json().await.unwrap();
    assert_eq!(echoed["echo"]["filters"]["value"], "flagged");

    let form = origins
        .client
        .post(format!("{}/form", origins.api))
        .header("authorization", "Bearer api-key")
        .form(&[("a", "1"), ("b", "two words")])
        .send()
        .await
        .unwrap();
    assert_eq!(form.text().await.unwrap(), "a=1&b=two+words");

    let log = origins.requests("").await;
    assert_eq!(log.len(), 2, "control routes are not logged: {log:#?}");
    let echo = &log[0];
    assert_eq!(echo["origin"], "api");
    assert_eq!(echo["method"], "POST");
    assert_eq!(echo["path"], "/echo");
    assert_eq!(echo["query"], "x=1&y=%C3%A9");
    assert_eq!(echo["headers"]["authorization"], "Token <redacted>");
    assert_eq!(echo["headers"]["cookie"], "<redacted>");
    assert_eq!(echo["headers"]["customer-id"], "user-7");
    assert_eq!(echo["body"]["filters"]["key"], "is");
    assert!(echo["ts"].as_str().unwrap().ends_with('Z'));
    assert_eq!(echo["status"], 200);
    assert!(log[1]["id"].as_u64() > echo["id"].as_u64());
    let serialized = serde_json::to_string(&log).unwrap();
    assert!(!serialized.contains("secret-access-token") && !serialized.contains("api-key"));
    assert!(!serialized.contains("session=abc"));
    assert_eq!(log[1]["headers"]["authorization"], "Bearer <redacted>");
    assert_eq!(log[1]["body"], "a=1&b=two+words");
    assert_eq!(log[1]["query"], Value::Null);
}

#[tokio::test]
async fn requests_can_be_filtered_by_origin_and_path_and_cleared() {
    let origins = start().await;
    origins.sync().await;
    origins
        .client
        .get(format!("{}/hello", origins.api))
        .send()
        .await
        .unwrap();
    origins
        .client
        .get(format!("{}/v1.0/me", origins.microsoft))
        .send()
        .await
        .unwrap();
    assert_eq!(origins.requests("").await.len(), 3);
    let microsoft = origins.requests("?origin=microsoft").await;
    assert_eq!(microsoft.len(), 1);
    assert_eq!(microsoft[0]["path"], "/v1.0/me");
    let sync = origins
        .requests("?origin=api&path=/integrations/outlook/sync")
        .await;
    assert_eq!(sync.len(), 1);
    assert_eq!(sync[0]["body"]["folder"], "Inbox");
    assert_eq!(origins.requests("?origin=&path=").await.len(), 3);
    let cleared = origins
        .client
        .delete(format!("{}/sandbox/requests", origins.api))
        .send()
        .await
        .unwrap();
    assert_eq!(cleared.status(), StatusCode::NO_CONTENT);
    assert!(origins.requests("").await.is_empty());
}

#[tokio::test]
async fn server_error_fault_counts_down_then_requests_pass() {
    let origins = start().await;
    let (status, fault) = origins
        .add_fault(json!({"path": "/integrations/outlook/sync", "method": "POST", "kind": "500", "count": 2}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{fault}");
    assert_eq!(fault["count"], 2);
    for remaining in [1, 0] {
        let response = origins.sync().await;
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body, json!({"detail": "Injected fault"}));
        let faults = origins.faults().await;
        if remaining == 0 {
            assert!(faults.is_empty());
        } else {
            assert_eq!(faults[0]["count"], remaining);
        }
    }
    let response = origins.sync().await;
    assert_eq!(response.status(), StatusCode::OK);
    let statuses: Vec<Value> = origins
        .requests("")
        .await
        .iter()
        .map(|entry| entry["status"].clone())
        .collect();
    assert_eq!(
        statuses,
        [json!(500), json!(500), json!(200)],
        "faulted requests are logged too, with the injected status"
    );
}

#[tokio::test]
async fn too_many_requests_fault_sends_retry_after_and_cors_headers() {
    let origins = start().await;
    origins
        .add_fault(
            json!({"path": "/integrations/outlook/sync", "kind": "429", "retry_after_secs": 7}),
        )
        .await;
    let preflight = origins
        .client
        .request(
            reqwest::Method::OPTIONS,
            format!("{}/integrations/outlook/sync", origins.api),
        )
        .header("origin", "http://127.0.0.1:8787")
        .send()
        .await
        .unwrap();
    assert_ne!(
        preflight.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "preflights are not faulted"
    );
    let response = origins
        .client
        .post(format!("{}/integrations/outlook/sync", origins.api))
        .header("origin", "http://127.0.0.1:8787")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(response.headers()["retry-after"], "7");
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        "http://127.0.0.1:8787"
    );
    assert_eq!(
        response.headers()["access-control-expose-headers"],
        "retry-after"
    );
    assert!(origins.faults().await.is_empty());
}

#[tokio::test]
async fn delay_fault_waits_then_passes_through() {
    let origins = start().await;
    origins
        .add_fault(json!({"path": "/integrations/outlook/sync", "kind": "delay", "delay_ms": 300}))
        .await;
    let started = Instant::now();
    let response = origins.sync().await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body["synced"]["folder"], "Inbox",
        "the body still reached the handler"
    );
    let started = Instant::now();
    origins.sync().await;
    assert!(started.elapsed() < Duration::from_millis(300));
}

#[tokio::test]
async fn malformed_fault_answers_200_with_broken_json() {
    let origins = start().await;
    origins
        .add_fault(
            json!({"path": "/v1.0/me/mailFolders", "origin": "microsoft", "kind": "malformed"}),
        )
        .await;
    let response = origins
        .client
        .get(format!("{}/v1.0/me/mailFolders", origins.microsoft))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.unwrap();
    assert!(text.starts_with("{\"detail\": "));
    assert!(serde_json::from_str::<Value>(&text).is_err());
    let after = origins
        .client
        .get(format!("{}/v1.0/me/mailFolders", origins.microsoft))
        .send()
        .await
        .unwrap();
    assert_eq!(
        after.status(),
        StatusCode::UNAUTHORIZED,
        "back to the real Graph answer"
    );
}

#[tokio::test]
async fn faults_match_exact_path_method_and_origin_only() {
    let origins = start().await;
    origins
        .add_fault(json!({"path": "/hello", "method": "GET", "origin": "microsoft", "kind": "500"}))
        .await;
    origins
        .add_fault(json!({"path": "/integrations/outlook/sync", "method": "GET", "kind": "500"}))
        .await;
    let hello = origins
        .client
        .get(format!("{}/hello?x=1", origins.api))
        .send()
        .await
        .unwrap();
    assert_eq!(hello.status(), StatusCode::OK, "origin differs");
    assert_eq!(
        origins.sync().await.status(),
        StatusCode::OK,
        "method differs"
    );
    let trailing = origins
        .client
        .post(format!("{}/integrations/outlook/sync/", origins.api))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_ne!(
        trailing.status(),
        StatusCode::INTERNAL_SERVER_ERROR,
        "path is exact"
    );
    let log = origins.requests("?path=/integrations/outlook/sync/").await;
    assert_eq!(log.len(), 1, "requests to unknown paths are logged too");
    assert_eq!(log[0]["status"], 404);
    assert_eq!(origins.faults().await.len(), 2, "nothing consumed");
    origins
        .add_fault(json!({"path": "/hello", "kind": "500"}))
        .await;
    let hello = origins
        .client
        .get(format!("{}/hello?any=query", origins.api))
        .send()
        .await
        .unwrap();
    assert_eq!(
        hello.status(),
        StatusCode::INTERNAL_SERVER_ERROR,
        "query is ignored"
    );
}

#[tokio::test]
async fn bad_fault_requests_get_fastapi_shaped_422() {
    let origins = start().await;
    let cases = [
        (json!({"kind": "500"}), "path", "missing"),
        (json!({"path": "/x"}), "kind", "missing"),
        (json!({"path": "x", "kind": "500"}), "path", "value_error"),
        (
            json!({"path": "/x?y=1", "kind": "500"}),
            "path",
            "value_error",
        ),
        (
            json!({"path": "/x", "kind": "503"}),
            "kind",
            "literal_error",
        ),
        (
            json!({"path": "/x", "kind": "500", "origin": "carbon"}),
            "origin",
            "literal_error",
        ),
        (
            json!({"path": "/x", "kind": "500", "method": "FETCH"}),
            "method",
            "literal_error",
        ),
        (
            json!({"path": "/x", "kind": "500", "count": 0}),
            "count",
            "int_type",
        ),
        (
            json!({"path": "/x", "kind": "500", "count": "3"}),
            "count",
            "int_type",
        ),
        (
            json!({"path": "/x", "kind": "500", "delay_ms": 10}),
            "delay_ms",
            "value_error",
        ),
        (
            json!({"path": "/x", "kind": "delay", "delay_ms": 600000}),
            "delay_ms",
            "int_type",
        ),
        (
            json!({"path": "/x", "kind": "500", "retry_after_secs": 1}),
            "retry_after_secs",
            "value_error",
        ),
        (json!({"path": 5, "kind": "500"}), "path", "string_type"),
        (
            json!({"path": "/x", "kind": "500", "colour": "red"}),
            "colour",
            "extra_forbidden",
        ),
    ];
    for (body, field, kind) in cases {
        let (status, answer) = origins.add_fault(body.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let detail = answer["detail"].as_array().unwrap();
        assert!(
            detail.iter().any(|e| e["loc"] == json!(["body", field])
                && e["type"] == kind
                && e["msg"].as_str().is_some_and(|m| !m.is_empty())),
            "{body}: {answer}"
        );
    }
    let not_json = origins
        .client
        .post(format!("{}/sandbox/faults", origins.api))
        .body("{oops")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(origins.faults().await.is_empty());
}

#[tokio::test]
async fn reset_clears_log_and_faults_and_calls_back() {
    let origins = start().await;
    origins
        .add_fault(json!({"path": "/hello", "kind": "500", "count": 5}))
        .await;
    origins.sync().await;
    assert_eq!(origins.faults().await.len(), 1);
    assert_eq!(origins.requests("").await.len(), 1);
    let response = origins
        .client
        .post(format!("{}/sandbox/reset", origins.api))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(origins.faults().await.is_empty());
    assert!(origins.requests("").await.is_empty());
    assert_eq!(origins.resets.load(Ordering::SeqCst), 1);
    let hello = origins
        .client
        .get(format!("{}/hello", origins.api))
        .send()
        .await
        .unwrap();
    assert_eq!(hello.status(), StatusCode::OK);
}
