//! The demo host origin: serves the built widget and its demo page from `--dist` like a CDN (`crate::dist`:
//! compressed, ETags, cache lifetimes by name), tells it where the API is
//! (`/demo/config.json`), and plays the host's backend — `/demo/token` mints a customer token and `/demo/auto-sync`
//! calls `update_users`, both over HTTP with the API key, which never reaches the browser. `/demo/strict` is the
//! same demo under a strict policy (no `'wasm-unsafe-eval'`, `connect-src 'self'`) loading the widget from the
//! widget's origin, so it runs in frame mode.
//!
//! The widget's origin ([`widget_router`]) is a CDN for `--dist` only: what a host page loads cross-origin, and
//! `frame.html` with its own policy ([`frame_policy`]), which both origins send for that page.

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
    strict_csp: Arc<str>,
    widget_url: Arc<str>,
}

pub struct HostConfig {
    pub dist_dir: PathBuf,
    pub api_url: String,
    pub microsoft_url: String,
    /// The widget's origin (the CDN `/demo/strict` loads the widget from).
    pub widget_url: String,
    pub api_key: String,
    /// The `Content-Security-Policy` of `frame.html` ([`frame_policy`]).
    pub frame_policy: String,
}

/// `frame.html`'s policy (frame mode): scripts from its own origin with WebAssembly, requests to itself (the wasm)
/// and the API, images from itself, data: URLs, https and the embedding pages (a brand icon given as a path on the
/// host's site), nothing else; embeddable only by `ancestors`.
pub fn frame_policy(api_url: &str, ancestors: &[String]) -> String {
    let ancestors = ancestors.join(" ");
    format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' {api_url}; \
         img-src 'self' data: https: {ancestors}; base-uri 'none'; form-action 'none'; \
         frame-ancestors {ancestors}"
    )
}

/// The policy of the strict demo page: the widget's origin for scripts and frames, nothing for WebAssembly, and
/// requests only to the page's own backend.
pub fn strict_policy(widget_url: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' {widget_url}; frame-src {widget_url}; connect-src 'self'; \
         style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    )
}

/// Serves `--dist` (`frame.html` with `frame_policy`), or `None` when the file is not there.
async fn serve_dist(
    dist: &Dist,
    frame_policy: &str,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
) -> Option<Response> {
    match dist.serve(method, uri, headers).await {
        Served::Response(mut response) => {
            if uri.path() == "/frame.html" {
                if let Ok(value) = HeaderValue::from_str(frame_policy) {
                    response
                        .headers_mut()
                        .insert(header::CONTENT_SECURITY_POLICY, value);
                }
            }
            Some(response)
        }
        Served::NotFound => None,
    }
}

/// The widget's origin: `--dist` as a CDN serves it (any page may load its scripts and fetch its wasm), with
/// `frame.html` under its own policy.
pub fn widget_router(dist_dir: PathBuf, frame_policy: String) -> Router {
    let dist = Dist::new(dist_dir);
    let frame_policy: Arc<str> = frame_policy.into();
    let static_files = move |method: Method, uri: Uri, headers: HeaderMap| {
        let (dist, frame_policy) = (dist.clone(), frame_policy.clone());
        async move {
            let Some(mut response) =
                serve_dist(&dist, &frame_policy, &method, &uri, &headers).await
            else {
                return StatusCode::NOT_FOUND.into_response();
            };
            let out = response.headers_mut();
            if uri.path() != "/frame.html" {
                out.insert(
                    header::ACCESS_CONTROL_ALLOW_ORIGIN,
                    HeaderValue::from_static("*"),
                );
            }
            harden(out);
            response
        }
    };
    Router::new().fallback(static_files)
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
        strict_csp: strict_policy(&config.widget_url).into(),
        widget_url: config.widget_url.into(),
    };
    let missing = Arc::new(config.dist_dir.display().to_string());
    let dist = Dist::new(config.dist_dir);
    let frame_policy: Arc<str> = config.frame_policy.into();
    let static_files = move |method: Method, uri: Uri, headers: HeaderMap| {
        let (dist, missing, frame_policy) = (dist.clone(), missing.clone(), frame_policy.clone());
        async move {
            match serve_dist(&dist, &frame_policy, &method, &uri, &headers).await {
                Some(response) => response,
                None => missing_dist_page(missing).await,
            }
        }
    };
    Router::new()
        .route("/demo/strict", get(strict_page))
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
    // A page with a policy of its own (frame.html, the strict demo page) keeps it.
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        if let Ok(value) = HeaderValue::from_str(&state.csp) {
            headers.insert(header::CONTENT_SECURITY_POLICY, value);
        }
    }
    harden(headers);
    response
}

/// The headers every page and file of the demo host and the widget's origin carry: no MIME sniffing, and the
/// referrer cut to the origin across sites.
fn harden(headers: &mut HeaderMap) {
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        "referrer-policy",
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
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

/// `GET /demo/strict`: the demo page's widget and event log under [`strict_policy`], with the same script
/// (`demo.js`) as the normal page and the widget's loader from the widget's origin: it runs in frame mode.
async fn strict_page(State(state): State<HostState>) -> Response {
    let widget = crate::html::escape_html(&state.widget_url);
    let page = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n  <meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>outlook-connect — demo host page with a strict policy</title>\n\
         <link rel=\"icon\" href=\"data:,\">\n  <link rel=\"stylesheet\" href=\"/demo.css\">\n\
         <script src=\"{widget}/outlook-connect.js\"></script>\n</head>\n<body>\n\
         <header><strong>Acme CRM</strong><span>Settings → E-mail sync (strict policy: no 'wasm-unsafe-eval')</span>\n\
         <span class=\"customer\">customer <code id=\"customer-id\">demo-user</code></span></header>\n\
         <main>\n<section>\n<div id=\"mail-sync\"></div>\n</section>\n<section>\n<div class=\"panel guide\">\n\
         <h2>Frame mode</h2>\n<p class=\"small\">This page's Content-Security-Policy allows scripts from itself and \
         <code>{widget}</code>, frames from <code>{widget}</code>, requests only to itself, and no \
         <code>'wasm-unsafe-eval'</code>. The widget sees that WebAssembly cannot run here and runs in a frame served \
         from its own origin, with the same code on this page as the <a href=\"/\">normal demo</a>.</p>\n\
         <p class=\"small\">Start over as a new customer: <a id=\"new-customer\" href=\"?customer=demo-2\">open \
         this page as another customer</a>.</p>\n</div>\n<div class=\"panel spaced\">\n<h2>Events</h2>\n\
         <pre id=\"events\" aria-live=\"polite\"></pre>\n</div>\n</section>\n</main>\n\
         <script src=\"/demo.js\"></script>\n</body>\n</html>\n"
    );
    let mut response = Html(page).into_response();
    if let Ok(value) = HeaderValue::from_str(&state.strict_csp) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, value);
    }
    response
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
