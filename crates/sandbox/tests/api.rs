//! The Carbon API over real HTTP without the mailbox: auth and token minting, validation (422 shapes), CORS, the
//! listing endpoints, update_users, error paths, the demo host, and persistence across a restart.

mod common;

use common::{contract, test_config, Auth, Sandbox};
use outlook_connect_sandbox::DbLocation;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn detail_locs(body: &Value) -> Vec<Value> {
    body["detail"]
        .as_array()
        .expect("detail list")
        .iter()
        .map(|entry| entry["loc"].clone())
        .collect()
}

#[tokio::test]
async fn access_tokens_are_minted_with_the_api_key_only() {
    let sandbox = Sandbox::start().await;
    let (status, body) = sandbox
        .get("/auth/v1/access_token", &Auth::ApiKey("alice".into()))
        .await;
    assert_eq!(status, StatusCode::OK);
    let token = body["access_token"].as_str().expect("token");
    assert!(token.len() >= 32 && body["refresh_token"].as_str().is_some_and(|r| r != token));

    let (status, body) = sandbox.get("/auth/v1/access_token", &Auth::None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        detail_locs(&body),
        vec![
            json!(["header", "authorization"]),
            json!(["header", "customer-id"])
        ]
    );

    let (status, body) = sandbox
        .get("/auth/v1/access_token", &Auth::Organization)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(detail_locs(&body), vec![json!(["header", "customer-id"])]);

    let wrong = sandbox
        .http
        .get(format!("{}/auth/v1/access_token", sandbox.api_url))
        .header("authorization", "Bearer wrong-key")
        .header("customer-id", "alice")
        .send()
        .await
        .expect("answer");
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        wrong.json::<Value>().await.expect("json"),
        json!({"detail": "Invalid API key"})
    );

    let with_token = sandbox
        .http
        .get(format!("{}/auth/v1/access_token", sandbox.api_url))
        .header("authorization", format!("Token {token}"))
        .header("customer-id", "alice")
        .send()
        .await
        .expect("answer");
    assert_eq!(with_token.status(), StatusCode::UNAUTHORIZED);
    sandbox.stop().await;
}

#[tokio::test]
async fn endpoints_require_valid_credentials() {
    let sandbox = Sandbox::start().await;
    let listing = json!({});
    for auth in [
        Auth::None,
        Auth::Raw("Basic abc".into()),
        Auth::Raw("Token".into()),
        Auth::Token("not-a-token".into()),
        Auth::Organization,
        Auth::Raw("Bearer wrong customer".into()),
    ] {
        let (status, body) = sandbox
            .post("/user_data_sources", &auth, listing.clone())
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{auth:?}: {body}");
        assert!(body["detail"].as_str().is_some_and(|d| !d.is_empty()));
    }
    let token = sandbox.token_for("alice").await;
    for auth in [
        Auth::Token(token.clone()),
        Auth::Raw(format!("token {token}")),
        Auth::ApiKey("alice".into()),
    ] {
        let (status, body) = sandbox
            .post("/user_data_sources", &auth, listing.clone())
            .await;
        assert_eq!(status, StatusCode::OK, "{auth:?}: {body}");
        assert_eq!(body, json!({"results": [], "count": 0}));
    }
    sandbox.stop().await;
}

#[tokio::test]
async fn update_users_takes_the_api_key_only_and_at_most_100_customers() {
    let sandbox = Sandbox::start().await;
    let body = json!({"customer_ids": ["alice", "bob"], "auto_sync_enabled_sources": ["OUTLOOK"]});
    let (status, answer) = sandbox
        .post("/update_users", &Auth::Organization, body.clone())
        .await;
    assert_eq!((status, answer), (StatusCode::OK, json!({"success": true})));
    let (status, _) = sandbox
        .post(
            "/update_users",
            &Auth::ApiKey("alice".into()),
            json!({"customer_ids": ["alice"], "auto_sync_enabled_sources": "ALL"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = sandbox
        .post(
            "/update_users",
            &Auth::Organization,
            json!({"customer_ids": [], "auto_sync_enabled_sources": null}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    let token = sandbox.token_for("alice").await;
    let (status, answer) = sandbox
        .post("/update_users", &Auth::Token(token), body)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");

    let too_many: Vec<String> = (0..101).map(|i| format!("customer-{i}")).collect();
    let (status, answer) = sandbox
        .post(
            "/update_users",
            &Auth::Organization,
            json!({"customer_ids": too_many}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer["detail"][0]["loc"], json!(["body", "customer_ids"]));
    assert_eq!(answer["detail"][0]["type"], "too_long");

    let (status, answer) = sandbox
        .post(
            "/update_users",
            &Auth::Organization,
            json!({"auto_sync_enabled_sources": ["OUTLOOK"]}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        answer["detail"][0],
        json!({"loc": ["body", "customer_ids"], "msg": "Field required", "type": "missing"})
    );

    let (status, answer) = sandbox
        .post(
            "/update_users",
            &Auth::Organization,
            json!({"customer_ids": ["a"], "auto_sync_enabled_sources": ["OUTLOOK", "FAX"]}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        answer["detail"][0]["loc"],
        json!(["body", "auto_sync_enabled_sources", 1])
    );
    assert_eq!(answer["detail"][0]["type"], "enum");

    let (status, answer) = sandbox
        .post(
            "/update_users",
            &Auth::Organization,
            json!({"customer_ids": ["a"], "max_files": -2}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer["detail"][0]["type"], "greater_than_equal");
    sandbox.stop().await;
}

#[tokio::test]
async fn validation_errors_are_fastapi_shaped() {
    let sandbox = Sandbox::start().await;
    let auth = Auth::ApiKey("alice".into());
    let cases = [
        (
            "/user_files_v2",
            json!({"order_by": "size"}),
            json!(["body", "order_by"]),
            "enum",
        ),
        (
            "/user_files_v2",
            json!({"order_dir": "up"}),
            json!(["body", "order_dir"]),
            "enum",
        ),
        (
            "/user_files_v2",
            json!({"pagination": {"limit": "ten"}}),
            json!(["body", "pagination", "limit"]),
            "int_type",
        ),
        (
            "/user_files_v2",
            json!({"pagination": {"limit": -1}}),
            json!(["body", "pagination", "limit"]),
            "greater_than_equal",
        ),
        (
            "/user_files_v2",
            json!({"filters": {"sync_statuses": ["READY", "DONE"]}}),
            json!(["body", "filters", "sync_statuses", 1]),
            "enum",
        ),
        (
            "/user_files_v2",
            json!({"filters": {"ids": [1, "two"]}}),
            json!(["body", "filters", "ids", 1]),
            "int_type",
        ),
        (
            "/user_files_v2",
            json!({"filters": {"name": 5}}),
            json!(["body", "filters", "name"]),
            "string_type",
        ),
        (
            "/user_files_v2",
            json!({"filters": {"request_ids": vec!["r"; 101]}}),
            json!(["body", "filters", "request_ids"]),
            "too_long",
        ),
        (
            "/user_files_v2",
            json!({"filters": {"include_all_children": null}}),
            json!(["body", "filters", "include_all_children"]),
            "bool_type",
        ),
        (
            "/user_data_sources",
            json!({"order_by": "name"}),
            json!(["body", "order_by"]),
            "enum",
        ),
        (
            "/user_data_sources",
            json!({"filters": {"source": "FAX"}}),
            json!(["body", "filters", "source"]),
            "enum",
        ),
        (
            "/resync_file",
            json!({}),
            json!(["body", "file_id"]),
            "missing",
        ),
        (
            "/resync_file",
            json!({"file_id": "1"}),
            json!(["body", "file_id"]),
            "int_type",
        ),
        (
            "/revoke_access_token",
            json!({"data_source_id": true}),
            json!(["body", "data_source_id"]),
            "int_type",
        ),
        (
            "/delete_files",
            json!({"sync_statuses": ["GONE"]}),
            json!(["body", "sync_statuses", 0]),
            "enum",
        ),
        (
            "/integrations/oauth_url",
            json!({}),
            json!(["body", "service"]),
            "missing",
        ),
        (
            "/integrations/oauth_url",
            json!({"service": "FAX"}),
            json!(["body", "service"]),
            "enum",
        ),
        (
            "/integrations/oauth_url",
            json!({"service": "OUTLOOK", "max_items_per_chunk": 0}),
            json!(["body", "max_items_per_chunk"]),
            "greater_than_equal",
        ),
        (
            "/integrations/outlook/sync",
            json!({}),
            json!(["body", "filters"]),
            "missing",
        ),
        (
            "/integrations/outlook/sync",
            json!({"filters": []}),
            json!(["body", "filters"]),
            "dict_type",
        ),
        (
            "/integrations/outlook/sync",
            json!({"filters": {}, "embedding_model": "GPT"}),
            json!(["body", "embedding_model"]),
            "enum",
        ),
        (
            "/integrations/outlook/sync",
            json!({"filters": {}, "incremental_sync": "yes"}),
            json!(["body", "incremental_sync"]),
            "bool_type",
        ),
        (
            "/integrations/outlook/sync",
            json!({"filters": {}, "folder": 3}),
            json!(["body", "folder"]),
            "string_type",
        ),
    ];
    for (path, body, loc, kind) in cases {
        let (status, answer) = sandbox.post(path, &auth, body.clone()).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{path} {body}: {answer}"
        );
        let entry = &answer["detail"][0];
        assert_eq!(
            (&entry["loc"], entry["type"].as_str()),
            (&loc, Some(kind)),
            "{path} {body}: {answer}"
        );
        assert!(entry["msg"].as_str().is_some_and(|m| !m.is_empty()));
    }

    for raw in ["{not json", "[1,2]", ""] {
        let response = sandbox
            .http
            .post(format!("{}/user_files_v2", sandbox.api_url))
            .header("authorization", format!("Bearer {}", sandbox.api_key))
            .header("customer-id", "alice")
            .header("content-type", "application/json")
            .body(raw)
            .send()
            .await
            .expect("answer");
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{raw}");
        let body: Value = response.json().await.expect("json");
        contract().assert_valid_component("HTTPValidationError", &body);
        assert_eq!(body["detail"][0]["loc"][0], "body");
    }
    sandbox.stop().await;
}

#[tokio::test]
async fn filter_errors_become_422_entries_under_body_filters() {
    let sandbox = Sandbox::start().await;
    let auth = Auth::ApiKey("alice".into());
    let filters = json!({"AND": [{"key": "after", "value": "2024/13/01"}, {"key": "colour", "value": "red"}]});
    let (status, answer) = sandbox
        .post(
            "/integrations/outlook/sync",
            &auth,
            json!({"filters": filters}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    let locs = detail_locs(&answer);
    assert_eq!(locs.len(), 2, "{answer}");
    assert!(
        locs.iter()
            .all(|loc| loc[0] == "body" && loc[1] == "filters" && loc[2] == "AND"),
        "{answer}"
    );
    assert_eq!(locs[0][3], 0);
    assert_eq!(locs[1][3], 1);
    sandbox.stop().await;
}

#[tokio::test]
async fn unknown_ids_are_404_and_empty_deletes_are_refused() {
    let sandbox = Sandbox::start().await;
    let auth = Auth::ApiKey("alice".into());
    let (status, body) = sandbox
        .post("/resync_file", &auth, json!({"file_id": 12345}))
        .await;
    assert_eq!(
        (status, body),
        (
            StatusCode::NOT_FOUND,
            json!({"detail": "File 12345 not found"})
        )
    );
    let (status, body) = sandbox
        .post("/revoke_access_token", &auth, json!({"data_source_id": 9}))
        .await;
    assert_eq!(
        (status, body),
        (
            StatusCode::NOT_FOUND,
            json!({"detail": "Data source 9 not found"})
        )
    );
    let (status, _) = sandbox
        .post("/delete_files_v2", &auth, json!({"filters": {}}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, body) = sandbox
        .post(
            "/delete_files_v2",
            &auth,
            json!({"filters": {"ids": [1, 2]}}),
        )
        .await;
    assert_eq!((status, body), (StatusCode::OK, json!({"success": true})));
    let (status, _) = sandbox.post("/delete_files", &auth, json!({})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, body) = sandbox
        .get("/integrations/outlook/user_folders", &auth)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, body) = sandbox
        .get(
            "/integrations/outlook/user_folders?data_source_id=abc",
            &auth,
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["detail"][0]["loc"], json!(["query", "data_source_id"]));
    let (status, body) = sandbox
        .get(
            "/integrations/outlook/user_categories?data_source_id=77",
            &auth,
        )
        .await;
    assert_eq!(
        (status, body),
        (
            StatusCode::NOT_FOUND,
            json!({"detail": "Data source 77 not found"})
        )
    );
    let (status, body) = sandbox
        .post("/integrations/outlook/sync", &auth, json!({"filters": {}}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");

    let response = sandbox
        .http
        .get(format!("{}/no/such/path", sandbox.api_url))
        .send()
        .await
        .expect("answer");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        response.json::<Value>().await.expect("json"),
        json!({"detail": "Not Found"})
    );
    let response = sandbox
        .http
        .get(format!("{}/user_files_v2", sandbox.api_url))
        .send()
        .await
        .expect("answer");
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    sandbox.stop().await;
}

#[tokio::test]
async fn oauth_url_opens_a_pkce_flow_for_outlook_only() {
    let sandbox = Sandbox::start().await;
    let auth = Auth::ApiKey("alice".into());
    let (status, body) = sandbox
        .post(
            "/integrations/oauth_url",
            &auth,
            json!({"service": "OUTLOOK"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let url = url::Url::parse(body["oauth_url"].as_str().expect("url")).expect("valid url");
    assert_eq!(url.path(), "/common/oauth2/v2.0/authorize");
    assert_eq!(format!("http://{}", url.authority()), sandbox.microsoft_url);
    let query: std::collections::HashMap<String, String> = url.query_pairs().into_owned().collect();
    assert_eq!(query["response_type"], "code");
    assert_eq!(query["code_challenge_method"], "S256");
    assert_eq!(query["code_challenge"].len(), 43);
    assert_eq!(
        query["redirect_uri"],
        format!("{}/integrations/outlook", sandbox.api_url)
    );
    assert_eq!(
        query["scope"],
        "Mail.Read offline_access openid User.Read MailboxSettings.Read"
    );
    assert!(query["state"].len() >= 32);

    let (status, body) = sandbox
        .post(
            "/integrations/oauth_url",
            &auth,
            json!({"service": "OUTLOOK", "microsoft_tenant": "contoso.test"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body["oauth_url"]
        .as_str()
        .expect("url")
        .contains("/contoso.test/oauth2/v2.0/authorize"));

    let (status, body) = sandbox
        .post(
            "/integrations/oauth_url",
            &auth,
            json!({"service": "GMAIL"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["detail"].as_str().expect("detail").contains("OUTLOOK"));
    let (status, _) = sandbox
        .post(
            "/integrations/oauth_url",
            &auth,
            json!({"service": "OUTLOOK", "data_source_id": 5}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    sandbox.stop().await;
}

#[tokio::test]
async fn callback_with_a_bad_state_ends_on_an_error_page_and_creates_nothing() {
    let sandbox = Sandbox::start().await;
    for query in [
        "",
        "?code=abc",
        "?code=abc&state=unknown",
        "?error=access_denied&state=unknown",
    ] {
        let (status, html) = sandbox
            .follow_callback(&format!("{}/integrations/outlook{query}", sandbox.api_url))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert!(html.contains("You can close this window"), "{html}");
        assert!(
            !html.contains("postMessage"),
            "no flow, no origin to post to: {html}"
        );
    }
    let auth = Auth::ApiKey("alice".into());
    assert!(sandbox.data_sources(&auth).await.is_empty());
    sandbox.stop().await;
}

#[tokio::test]
async fn cors_allows_any_origin_with_the_widget_headers() {
    let sandbox = Sandbox::start().await;
    let preflight = sandbox
        .http
        .request(
            Method::OPTIONS,
            format!("{}/user_files_v2", sandbox.api_url),
        )
        .header("origin", "https://host.example")
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "authorization, customer-id, content-type",
        )
        .send()
        .await
        .expect("answer");
    assert!(preflight.status().is_success());
    let headers = preflight.headers();
    assert_eq!(headers["access-control-allow-origin"], "*");
    let allowed_headers = headers["access-control-allow-headers"]
        .to_str()
        .expect("text")
        .to_lowercase();
    for name in ["authorization", "customer-id", "content-type"] {
        assert!(allowed_headers.contains(name), "{allowed_headers}");
    }
    let methods = headers["access-control-allow-methods"]
        .to_str()
        .expect("text");
    for method in ["GET", "POST", "DELETE", "OPTIONS"] {
        assert!(methods.contains(method), "{methods}");
    }
    let actual = sandbox
        .http
        .post(format!("{}/user_files_v2", sandbox.api_url))
        .header("origin", "https://host.example")
        .json(&json!({}))
        .send()
        .await
        .expect("answer");
    assert_eq!(actual.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        actual.headers()["access-control-allow-origin"],
        "*",
        "errors are readable cross-origin too"
    );
    assert_eq!(
        actual.headers()["access-control-expose-headers"],
        "retry-after",
        "a browser client can read a 429's Retry-After"
    );
    sandbox.stop().await;
}

#[tokio::test]
async fn demo_host_mints_tokens_server_side_and_explains_a_missing_build() {
    let sandbox = Sandbox::start().await;
    let config: Value = sandbox
        .http
        .get(format!("{}/demo/config.json", sandbox.host_url))
        .send()
        .await
        .expect("answer")
        .json()
        .await
        .expect("json");
    assert_eq!(
        config,
        json!({"apiUrl": sandbox.api_url, "microsoftUrl": sandbox.microsoft_url})
    );

    let minted = sandbox
        .http
        .post(format!("{}/demo/token", sandbox.host_url))
        .send()
        .await
        .expect("answer");
    assert_eq!(minted.status(), StatusCode::OK);
    let token: Value = minted.json().await.expect("json");
    contract().assert_valid_component("TokenResponse", &token);
    assert!(
        !token.to_string().contains(&sandbox.api_key),
        "the API key never reaches the browser"
    );
    let access = Auth::Token(token["access_token"].as_str().expect("token").to_string());
    let (status, _) = sandbox.post("/user_data_sources", &access, json!({})).await;
    assert_eq!(status, StatusCode::OK);

    let named = sandbox
        .http
        .post(format!("{}/demo/token", sandbox.host_url))
        .json(&json!({"customer_id": "carol"}))
        .send()
        .await
        .expect("answer");
    assert_eq!(named.status(), StatusCode::OK);
    let bad = sandbox
        .http
        .post(format!("{}/demo/token", sandbox.host_url))
        .json(&json!({"customer_id": 5}))
        .send()
        .await
        .expect("answer");
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let auto = sandbox
        .http
        .post(format!("{}/demo/auto-sync", sandbox.host_url))
        .json(&json!({"enabled": true}))
        .send()
        .await
        .expect("answer");
    assert_eq!(auto.status(), StatusCode::OK);
    assert_eq!(
        auto.json::<Value>().await.expect("json"),
        json!({"success": true})
    );
    let missing = sandbox
        .http
        .post(format!("{}/demo/auto-sync", sandbox.host_url))
        .json(&json!({}))
        .send()
        .await
        .expect("answer");
    assert_eq!(missing.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let page = sandbox
        .http
        .get(format!("{}/", sandbox.host_url))
        .send()
        .await
        .expect("answer");
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .expect("csp")
        .to_string();
    assert!(
        csp.contains("'wasm-unsafe-eval'")
            && csp.contains(&format!("connect-src 'self' {}", sandbox.api_url)),
        "{csp}"
    );
    assert!(page
        .text()
        .await
        .expect("html")
        .contains("cargo xtask dist"));
    sandbox.stop().await;
}

#[tokio::test]
async fn demo_host_serves_the_built_page() {
    let dist = std::env::temp_dir().join(format!("oc-dist-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dist).expect("dir");
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>demo</title>",
    )
    .expect("write");
    let sandbox = Sandbox::start_with(outlook_connect_sandbox::SandboxConfig {
        dist_dir: dist.clone(),
        ..test_config(DbLocation::Memory)
    })
    .await;
    let page = sandbox
        .http
        .get(format!("{}/", sandbox.host_url))
        .send()
        .await
        .expect("answer");
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page
        .text()
        .await
        .expect("html")
        .contains("<title>demo</title>"));
    sandbox.stop().await;
    let _ = std::fs::remove_dir_all(dist);
}

#[tokio::test]
async fn data_survives_a_restart() {
    let path = std::env::temp_dir().join(format!("oc-sandbox-{}.sqlite3", uuid::Uuid::new_v4()));
    let config = test_config(DbLocation::File(path.clone()));
    let sandbox = Sandbox::start_with(config.clone()).await;
    let token = sandbox.token_for("alice").await;
    let (status, _) = sandbox
        .post(
            "/update_users",
            &Auth::Organization,
            json!({"customer_ids": ["alice"], "auto_sync_enabled_sources": ["OUTLOOK"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    sandbox.stop().await;

    let sandbox = Sandbox::start_with(config).await;
    let (status, body) = sandbox
        .post("/user_data_sources", &Auth::Token(token), json!({}))
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the token minted before the restart still works: {body}"
    );
    sandbox.stop().await;
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}
