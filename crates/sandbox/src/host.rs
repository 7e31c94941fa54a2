//! The demo host origin: serves the built widget and its demo page from `--dist` like a CDN (`crate::dist`:
//! compressed, ETags, cache lifetimes by name), tells it where the API is
//! (`/demo/config.json`), and plays the host's backend — `/demo/token` mints a customer token and `/demo/auto-sync`
//! calls `update_users`, both over HTTP with the API key, which never reaches the browser.

use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::http::{HeaderMap, Method, Uri};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::dist::{Dist, Served};
use crate::error::ApiError;
use crate::validation::{parse_body, Validate};

/// The customer the demo acts for when none is named.
pub const DEMO_CUSTOMER: &str = "demo-user";

#[derive(Clone)]
struct HostState {
    api_url: Arc<str>,
    microsoft_url: Arc<str>,
    api_key: Arc<str>,
    http: reqwest::Client,
    csp: Arc<str>,
}

pub struct HostConfig {
    pub dist_dir: PathBuf,
    pub api_url: String,
    pub microsoft_url: String,
    pub api_key: String,
}

pub fn router(config: HostConfig) -> Router {
    let csp = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' {}; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
        config.api_url
    );
    let state = HostState {
        api_url: config.api_url.into(),
        microsoft_url: config.microsoft_url.into(),
        api_key: config.api_key.into(),
        http: reqwest::Client::new(),
        csp: csp.into(),
    };
    let missing = Arc::new(config.dist_dir.display().to_string());
    let dist = Dist::new(config.dist_dir);
    let static_files = move |method: Method, uri: Uri, headers: HeaderMap| {
        let (dist, missing) = (dist.clone(), missing.clone());
        async move {
            match dist.serve(&method, &uri, &headers).await {
                Served::Response(response) => response,
                Served::NotFound => missing_dist_page(missing).await,
            }
        }
    };
    Router::new()
        .route("/demo/config.json", get(demo_config))
        .route("/demo/token", post(demo_token))
        .route("/demo/auto-sync", post(demo_auto_sync))
        .fallback(static_files)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security_headers,
        ))
        .with_state(state)
}

async fn security_headers(
    State(state): State<HostState>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&state.csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        "referrer-policy",
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    response
}

async fn missing_dist_page(dist: Arc<String>) -> Response {
    let page = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Widget not built</title></head><body>\
         <h1>The widget is not built yet</h1><p>Nothing was found in <code>{}</code>. Run <code>cargo xtask dist</code>, \
         then reload this page.</p></body></html>",
        crate::html::escape_html(&dist)
    );
    (StatusCode::NOT_FOUND, Html(page)).into_response()
}

async fn demo_config(State(state): State<HostState>) -> Json<Value> {
    Json(json!({ "apiUrl": &*state.api_url, "microsoftUrl": &*state.microsoft_url }))
}

#[derive(Debug, Deserialize)]
struct TokenRequest {
    customer_id: Option<String>,
}

impl Validate for TokenRequest {
    fn validate(&self, errors: &mut Vec<crate::error::FieldError>) {
        validate_customer_id(errors, &self.customer_id);
    }
}

#[derive(Debug, Deserialize)]
struct AutoSyncRequest {
    customer_id: Option<String>,
    enabled: bool,
}

impl Validate for AutoSyncRequest {
    fn validate(&self, errors: &mut Vec<crate::error::FieldError>) {
        validate_customer_id(errors, &self.customer_id);
    }
}

fn validate_customer_id(errors: &mut Vec<crate::error::FieldError>, customer_id: &Option<String>) {
    if let Some(id) = customer_id {
        if id.trim().is_empty() || id.len() > 200 {
            errors.push(crate::error::FieldError::body(
                &["customer_id"],
                "customer_id must be a non-empty string of at most 200 characters",
                "value_error",
            ));
        }
    }
}

/// An empty body means "all defaults".
fn parse_or_default<T: serde::de::DeserializeOwned + Validate>(body: &[u8]) -> Result<T, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        parse_body(b"{}")
    } else {
        parse_body(body)
    }
}

/// `POST /demo/token`: `{access_token, refresh_token}` for the customer, minted with the API key.
async fn demo_token(
    State(state): State<HostState>,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let request: TokenRequest = parse_or_default(&body)?;
    let customer_id = request
        .customer_id
        .unwrap_or_else(|| DEMO_CUSTOMER.to_string());
    let response = state
        .http
        .get(format!("{}/auth/v1/access_token", state.api_url))
        .bearer_auth(&*state.api_key)
        .header("customer-id", customer_id)
        .send()
        .await
        .map_err(|e| ApiError::Upstream(format!("the API did not answer: {e}")))?;
    relay(response).await
}

/// `POST /demo/auto-sync`: turns Outlook auto-sync on or off for the customer through `update_users`.
async fn demo_auto_sync(
    State(state): State<HostState>,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let request: AutoSyncRequest = parse_body(&body)?;
    let customer_id = request
        .customer_id
        .unwrap_or_else(|| DEMO_CUSTOMER.to_string());
    let sources: Vec<&str> = if request.enabled {
        vec!["OUTLOOK"]
    } else {
        Vec::new()
    };
    let response = state
        .http
        .post(format!("{}/update_users", state.api_url))
        .bearer_auth(&*state.api_key)
        .json(&json!({ "customer_ids": [customer_id], "auto_sync_enabled_sources": sources }))
        .send()
        .await
        .map_err(|e| ApiError::Upstream(format!("the API did not answer: {e}")))?;
    relay(response).await
}

/// The API's answer passed on with its status and JSON body.
async fn relay(response: reqwest::Response) -> Result<Response, ApiError> {
    let status =
        StatusCode::from_u16(response.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
    let body: Value = response
        .json()
        .await
        .map_err(|e| ApiError::Upstream(format!("the API sent no JSON: {e}")))?;
    Ok((status, Json(body)).into_response())
}
