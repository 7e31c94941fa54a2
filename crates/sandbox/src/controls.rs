//! Test controls: a request log and fault injection for any of the sandbox's origins, and the
//! `/sandbox/…` routes that drive them (reset, faults, request log, expiring a customer's tokens).
//!
//! [`instrument`] wraps a router so that every request is logged — with every credential redacted wherever it is
//! (see [`redact`]: headers that carry a key, token, secret or cookie, keeping the scheme word as in
//! `"Token <redacted>"`; query parameters, form fields and JSON members such as `access_token`, `code`,
//! `client_secret`, `code_verifier`, `refresh_token`; URLs in `referer`), the body parsed as JSON when it is JSON,
//! later the status it was answered with — and still reaches its handler unchanged; then an injected fault matching the request (exact path, optional method and
//! origin) is applied and its count decremented. Requests under `/sandbox/` are neither logged nor
//! faulted. A fault answer mirrors the request's `Origin` in `Access-Control-Allow-Origin` (and
//! exposes `Retry-After`), so a browser caller sees the injected status instead of a CORS error.
//! Faults never hit CORS preflights (`OPTIONS`) unless their method says `OPTIONS`.
//!
//! The controls' own bodies are parsed by the API's validator (`validation::parse_body`), so a bad one gets the
//! same FastAPI-shaped 422 (`error::ApiError`) as any endpoint, naming every problem at once.

use axum::body::{Body, Bytes};
use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::error::{ApiError, FieldError};
use crate::validation::{self, body_too_large, parse_body, Validate};

/// Largest request body the instrumented routers accept (bodies are buffered to be logged): the API's own limit.
pub const MAX_BODY_BYTES: usize = validation::MAX_BODY_BYTES;
/// Paths under this prefix belong to the controls themselves: not logged, never faulted.
pub const CONTROLS_PREFIX: &str = "/sandbox/";
/// What a redacted header value (or its credentials part) is replaced with.
pub const REDACTED: &str = "<redacted>";
/// Headers whose values are redacted in the log, besides any whose name contains a [`SENSITIVE_HEADER_WORDS`] word.
const REDACTED_HEADERS: [&str; 4] = [
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
];
/// A header whose name contains one of these carries a credential (`x-api-key`, `x-auth-token`, `api-secret`…).
const SENSITIVE_HEADER_WORDS: [&str; 8] = [
    "auth",
    "token",
    "secret",
    "key",
    "cookie",
    "session",
    "password",
    "credential",
];
/// Query parameters, form fields and JSON members (any depth) whose values are credentials. Compared ignoring case
/// and `-`/`_`. Not `key`: the filter grammar's conditions are `{"key": …, "value": …}`.
const SENSITIVE_PARAMS: [&str; 16] = [
    "access_token",
    "refresh_token",
    "id_token",
    "token",
    "code",
    "client_secret",
    "client_assertion",
    "code_verifier",
    "assertion",
    "password",
    "secret",
    "api_key",
    "apikey",
    "session_state",
    "sig",
    "signature",
];
/// The origins a fault can be limited to.
pub const ORIGINS: [&str; 4] = ["api", "microsoft", "host", "widget"];
const METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
const MAX_COUNT: u64 = 100_000;
const MAX_DELAY_MS: u64 = 60_000;
const DEFAULT_DELAY_MS: u64 = 1_000;
const MAX_RETRY_AFTER_SECS: u64 = 86_400;
const DEFAULT_RETRY_AFTER_SECS: u64 = 1;

/// One logged request.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LogEntry {
    /// Arrival order, from 1 (not reset by clearing the log).
    pub id: u64,
    /// Which origin received it: `api`, `microsoft`, `host` or `widget` (as given to [`instrument`]).
    pub origin: String,
    pub method: String,
    pub path: String,
    /// The raw query string without `?`; `null` when there is none.
    pub query: Option<String>,
    /// Lower-case header names; repeated headers joined with `, `; credentials redacted.
    pub headers: BTreeMap<String, String>,
    /// The body: parsed JSON when it is JSON, else the text; `null` when empty.
    pub body: Value,
    /// When it arrived, RFC 3339 UTC.
    pub ts: String,
    /// The status it was answered with (injected or real); `null` while it is being handled.
    pub status: Option<u16>,
}

/// What an injected fault does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FaultKind {
    /// 500 with `{"detail": "Injected fault"}`.
    #[serde(rename = "500")]
    ServerError,
    /// 401 with `WWW-Authenticate: Bearer` and `{"detail": "Injected fault"}` (e.g. Graph refusing a revoked token).
    #[serde(rename = "401")]
    Unauthorized,
    /// 429 with `Retry-After` and `{"detail": "Injected fault"}`.
    #[serde(rename = "429")]
    TooManyRequests,
    /// Waits, then lets the request through.
    #[serde(rename = "delay")]
    Delay,
    /// 200 with a body that is not JSON (`{"detail": ` cut short).
    #[serde(rename = "malformed")]
    Malformed,
}

/// An active fault: the next `count` matching requests get it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Fault {
    pub id: u64,
    pub path: String,
    /// Upper-case method; `null` = any method except `OPTIONS`.
    pub method: Option<String>,
    /// `api`, `microsoft` or `host`; `null` = any origin.
    pub origin: Option<String>,
    pub kind: FaultKind,
    /// How many more matching requests get the fault.
    pub count: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after_secs: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delay_ms: Option<u64>,
}

impl Fault {
    fn matches(&self, origin: &str, method: &Method, path: &str) -> bool {
        let method_matches = match &self.method {
            Some(wanted) => wanted == method.as_str(),
            None => method != Method::OPTIONS,
        };
        self.path == path
            && method_matches
            && self.origin.as_deref().is_none_or(|wanted| wanted == origin)
    }
}

#[derive(Debug, Default)]
struct ControlsState {
    log: Vec<LogEntry>,
    faults: Vec<Fault>,
    next_fault_id: u64,
    next_log_id: u64,
}

/// The shared state of the test controls (cheap to clone; clones share the state).
#[derive(Debug, Clone, Default)]
pub struct Controls {
    state: Arc<Mutex<ControlsState>>,
}

impl Controls {
    pub fn new() -> Controls {
        Controls::default()
    }

    fn lock(&self) -> MutexGuard<'_, ControlsState> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Logged requests, oldest first, optionally only of one origin and/or exact path.
    pub fn requests(&self, origin: Option<&str>, path: Option<&str>) -> Vec<LogEntry> {
        self.lock()
            .log
            .iter()
            .filter(|entry| origin.is_none_or(|origin| entry.origin == origin))
            .filter(|entry| path.is_none_or(|path| entry.path == path))
            .cloned()
            .collect()
    }

    pub fn clear_requests(&self) {
        self.lock().log.clear();
    }

    /// The active faults, in the order they were added.
    pub fn faults(&self) -> Vec<Fault> {
        self.lock().faults.clone()
    }

    /// Adds a validated fault; returns it with its id.
    fn add_fault(&self, mut fault: Fault) -> Fault {
        let mut state = self.lock();
        state.next_fault_id += 1;
        fault.id = state.next_fault_id;
        state.faults.push(fault.clone());
        fault
    }

    pub fn clear_faults(&self) {
        self.lock().faults.clear();
    }

    /// Clears the log and the faults.
    pub fn reset(&self) {
        let mut state = self.lock();
        state.log.clear();
        state.faults.clear();
    }

    /// Logs `entry` under a fresh id, which it returns.
    fn record(&self, mut entry: LogEntry) -> u64 {
        let mut state = self.lock();
        state.next_log_id += 1;
        entry.id = state.next_log_id;
        state.log.push(entry);
        state.next_log_id
    }

    /// Notes the status request `id` was answered with (if it is still in the log).
    fn record_status(&self, id: u64, status: StatusCode) {
        let mut state = self.lock();
        if let Some(entry) = state.log.iter_mut().rev().find(|entry| entry.id == id) {
            entry.status = Some(status.as_u16());
        }
    }

    /// The first active fault matching the request, its count decremented (removed at zero).
    fn take_fault(&self, origin: &str, method: &Method, path: &str) -> Option<Fault> {
        let mut state = self.lock();
        let index = state
            .faults
            .iter()
            .position(|fault| fault.matches(origin, method, path))?;
        let fault = &mut state.faults[index];
        fault.count -= 1;
        let taken = fault.clone();
        if fault.count == 0 {
            state.faults.remove(index);
        }
        Some(taken)
    }
}

/// Wraps `router` so that its requests are logged under `origin` and injected faults apply.
pub fn instrument(router: Router, controls: Controls, origin: &'static str) -> Router {
    router.layer(middleware::from_fn_with_state(
        (controls, origin),
        log_and_inject,
    ))
}

fn detail(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "detail": message }))).into_response()
}

async fn log_and_inject(
    State((controls, origin)): State<(Controls, &'static str)>,
    request: Request,
    next: Next,
) -> Response {
    if request.uri().path().starts_with(CONTROLS_PREFIX) {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY_BYTES).await else {
        return body_too_large().into_response();
    };
    let log_id = controls.record(LogEntry {
        id: 0,
        origin: origin.to_owned(),
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(redact_pairs),
        headers: logged_headers(&parts.headers),
        body: logged_body(&bytes, &parts.headers),
        ts: OffsetDateTime::now_utc()
            .format(&Rfc3339)
            .unwrap_or_default(),
        status: None,
    });
    let fault = controls.take_fault(origin, &parts.method, parts.uri.path());
    let caller_origin = parts.headers.get(header::ORIGIN).cloned();
    let request = Request::from_parts(parts, Body::from(bytes));
    let response = match fault {
        None => next.run(request).await,
        Some(fault) => apply_fault(&fault, caller_origin, request, next).await,
    };
    controls.record_status(log_id, response.status());
    response
}

/// The answer to a request hit by `fault`.
async fn apply_fault(
    fault: &Fault,
    caller_origin: Option<HeaderValue>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = match fault.kind {
        FaultKind::Delay => {
            let delay = fault.delay_ms.unwrap_or(DEFAULT_DELAY_MS);
            tokio::time::sleep(Duration::from_millis(delay)).await;
            return next.run(request).await;
        }
        FaultKind::ServerError => detail(StatusCode::INTERNAL_SERVER_ERROR, "Injected fault"),
        FaultKind::Unauthorized => {
            let mut response = detail(StatusCode::UNAUTHORIZED, "Injected fault");
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer error=\"invalid_token\""),
            );
            response
        }
        FaultKind::TooManyRequests => {
            let mut response = detail(StatusCode::TOO_MANY_REQUESTS, "Injected fault");
            let seconds = fault.retry_after_secs.unwrap_or(DEFAULT_RETRY_AFTER_SECS);
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            response
        }
        FaultKind::Malformed => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            "{\"detail\": ",
        )
            .into_response(),
    };
    if let Some(caller_origin) = caller_origin {
        let headers = response.headers_mut();
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, caller_origin);
        headers.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static("retry-after"),
        );
        headers.insert(header::VARY, HeaderValue::from_static("origin"));
    }
    response
}

/// `value` with its credentials replaced: `"Bearer abc"` → `"Bearer <redacted>"`, else `"<redacted>"`.
fn redact(value: &str) -> String {
    match value.trim().split_once(' ') {
        Some((scheme, _))
            if !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-') =>
        {
            format!("{scheme} {REDACTED}")
        }
        _ => REDACTED.to_owned(),
    }
}

fn sensitive_header(name: &str) -> bool {
    REDACTED_HEADERS.contains(&name)
        || SENSITIVE_HEADER_WORDS
            .iter()
            .any(|word| name.contains(word))
}

/// Whether a parameter or member called `name` holds a credential.
fn sensitive_param(name: &str) -> bool {
    let normal: String = name
        .trim()
        .chars()
        .map(|c| {
            if c == '-' {
                '_'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    SENSITIVE_PARAMS.contains(&normal.as_str())
}

/// A raw `a=1&b=2` string (query or form body) with the values of sensitive names replaced; everything else is
/// kept exactly as sent.
fn redact_pairs(raw: &str) -> String {
    raw.split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) => {
                let decoded: String = url::form_urlencoded::parse(name.as_bytes())
                    .map(|(key, _)| key.into_owned())
                    .next()
                    .unwrap_or_default();
                if sensitive_param(&decoded) {
                    format!("{name}={REDACTED}")
                } else {
                    pair.to_owned()
                }
            }
            None => pair.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// A URL (e.g. a `referer`) with the sensitive parameters of its query and fragment redacted.
fn redact_url(text: &str) -> String {
    let (before_fragment, fragment) = match text.split_once('#') {
        Some((before, fragment)) => (before, Some(fragment)),
        None => (text, None),
    };
    let mut redacted = match before_fragment.split_once('?') {
        Some((path, query)) => format!("{path}?{}", redact_pairs(query)),
        None => before_fragment.to_owned(),
    };
    if let Some(fragment) = fragment {
        redacted.push('#');
        redacted.push_str(&redact_pairs(fragment));
    }
    redacted
}

/// A JSON value with every member called like a credential replaced, at any depth.
fn redact_json(value: &mut Value) {
    match value {
        Value::Object(members) => {
            for (name, member) in members.iter_mut() {
                if sensitive_param(name) && !member.is_null() {
                    *member = Value::String(REDACTED.to_owned());
                } else {
                    redact_json(member);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact_json),
        _ => {}
    }
}

fn logged_headers(headers: &HeaderMap) -> BTreeMap<String, String> {
    let mut logged: BTreeMap<String, String> = BTreeMap::new();
    for (name, value) in headers {
        let text = String::from_utf8_lossy(value.as_bytes());
        let text = if sensitive_header(name.as_str()) {
            redact(&text)
        } else if name == header::REFERER || name == header::LOCATION {
            redact_url(&text)
        } else {
            text.into_owned()
        };
        logged
            .entry(name.as_str().to_owned())
            .and_modify(|existing| {
                existing.push_str(", ");
                existing.push_str(&text);
            })
            .or_insert(text);
    }
    logged
}

/// The body as logged: JSON parsed (credentials redacted), else text — a form's credential fields redacted.
fn logged_body(bytes: &Bytes, headers: &HeaderMap) -> Value {
    if bytes.is_empty() {
        return Value::Null;
    }
    if let Ok(mut json) = serde_json::from_slice::<Value>(bytes) {
        redact_json(&mut json);
        return json;
    }
    let text = String::from_utf8_lossy(bytes);
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/x-www-form-urlencoded"));
    if is_form || text.contains('=') {
        Value::String(redact_pairs(&text))
    } else {
        Value::String(text.into_owned())
    }
}

/// A `POST /sandbox/faults` body as sent: every member kept as JSON (unknown ones in `extra`), so that
/// [`FaultRequest::to_fault`] can name every problem at once, in the API's 422 shape.
#[derive(Debug, Deserialize)]
struct FaultRequest {
    path: Option<Value>,
    method: Option<Value>,
    origin: Option<Value>,
    kind: Option<Value>,
    count: Option<Value>,
    retry_after_secs: Option<Value>,
    delay_ms: Option<Value>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

impl Validate for FaultRequest {
    fn validate(&self, errors: &mut Vec<FieldError>) {
        self.to_fault(errors);
    }
}

impl FaultRequest {
    /// The fault this body asks for, or `None` with every problem pushed to `errors`.
    fn to_fault(&self, errors: &mut Vec<FieldError>) -> Option<Fault> {
        let error = |field: &str, msg: String, kind: &str| FieldError::body(&[field], msg, kind);
        for name in self.extra.keys() {
            errors.push(error(
                name,
                "Extra inputs are not permitted".into(),
                "extra_forbidden",
            ));
        }
        let text = |name: &str, value: &Option<Value>, errors: &mut Vec<FieldError>| match value {
            None => None,
            Some(Value::String(text)) => Some(text.clone()),
            Some(_) => {
                errors.push(error(
                    name,
                    "Input should be a valid string".into(),
                    "string_type",
                ));
                None
            }
        };
        if self.path.is_none() {
            errors.push(error("path", "Field required".into(), "missing"));
        }
        let path = text("path", &self.path, errors);
        if let Some(path) = &path {
            if !path.starts_with('/') || path.contains('?') || path.contains('#') {
                errors.push(error(
                    "path",
                    format!("Value error, path must start with '/' and carry no query or fragment, got '{path}'"),
                    "value_error",
                ));
            }
        }
        let method = text("method", &self.method, errors).map(|m| m.to_ascii_uppercase());
        if let Some(method) = &method {
            if !METHODS.contains(&method.as_str()) {
                errors.push(error(
                    "method",
                    format!(
                        "Input should be one of {}, got '{method}'",
                        METHODS.join(", ")
                    ),
                    "literal_error",
                ));
            }
        }
        let origin = text("origin", &self.origin, errors);
        if let Some(origin) = &origin {
            if !ORIGINS.contains(&origin.as_str()) {
                errors.push(error(
                    "origin",
                    format!("Input should be 'api', 'microsoft' or 'host', got '{origin}'"),
                    "literal_error",
                ));
            }
        }
        let kind = match &self.kind {
            None => {
                errors.push(error("kind", "Field required".into(), "missing"));
                None
            }
            Some(value) => {
                let kind = match value {
                    Value::String(text) => text.clone(),
                    Value::Number(number) => number.to_string(),
                    _ => String::new(),
                };
                let parsed = match kind.as_str() {
                    "500" => Some(FaultKind::ServerError),
                    "401" => Some(FaultKind::Unauthorized),
                    "429" => Some(FaultKind::TooManyRequests),
                    "delay" => Some(FaultKind::Delay),
                    "malformed" => Some(FaultKind::Malformed),
                    _ => None,
                };
                if parsed.is_none() {
                    errors.push(error(
                        "kind",
                        format!(
                            "Input should be '500', '401', '429', 'delay' or 'malformed', got {value}"
                        ),
                        "literal_error",
                    ));
                }
                parsed
            }
        };
        let integer = |name: &str,
                       value: &Option<Value>,
                       min: u64,
                       max: u64,
                       errors: &mut Vec<FieldError>| {
            let value = value.as_ref()?;
            match value.as_u64() {
                Some(number) if (min..=max).contains(&number) => Some(number),
                _ => {
                    errors.push(error(
                        name,
                        format!("Input should be an integer from {min} to {max}, got {value}"),
                        "int_type",
                    ));
                    None
                }
            }
        };
        let count = integer("count", &self.count, 1, MAX_COUNT, errors).unwrap_or(1);
        let retry_after_secs = integer(
            "retry_after_secs",
            &self.retry_after_secs,
            0,
            MAX_RETRY_AFTER_SECS,
            errors,
        );
        let delay_ms = integer("delay_ms", &self.delay_ms, 0, MAX_DELAY_MS, errors);
        if retry_after_secs.is_some() && kind.is_some_and(|k| k != FaultKind::TooManyRequests) {
            errors.push(error(
                "retry_after_secs",
                "Value error, retry_after_secs only applies to kind '429'".into(),
                "value_error",
            ));
        }
        if delay_ms.is_some() && kind.is_some_and(|k| k != FaultKind::Delay) {
            errors.push(error(
                "delay_ms",
                "Value error, delay_ms only applies to kind 'delay'".into(),
                "value_error",
            ));
        }
        match (path, kind) {
            (Some(path), Some(kind)) if errors.is_empty() => Some(Fault {
                id: 0,
                path,
                method,
                origin,
                kind,
                count,
                retry_after_secs: (kind == FaultKind::TooManyRequests)
                    .then(|| retry_after_secs.unwrap_or(DEFAULT_RETRY_AFTER_SECS)),
                delay_ms: (kind == FaultKind::Delay).then(|| delay_ms.unwrap_or(DEFAULT_DELAY_MS)),
            }),
            _ => None,
        }
    }
}

/// Reads and checks a fault request body through the API's validator: every problem in one 422.
fn parse_fault(body: &[u8]) -> Result<Fault, ApiError> {
    let request: FaultRequest = parse_body(body)?;
    request
        .to_fault(&mut Vec::new())
        .ok_or_else(|| ApiError::Internal("a validated fault request did not convert".into()))
}

/// A `POST /sandbox/expire-tokens` body.
#[derive(Debug, Deserialize)]
struct ExpireTokensRequest {
    customer_id: Option<String>,
}

impl Validate for ExpireTokensRequest {
    fn validate(&self, errors: &mut Vec<FieldError>) {
        if self
            .customer_id
            .as_deref()
            .is_none_or(|id| id.trim().is_empty())
        {
            errors.push(FieldError::body(
                &["customer_id"],
                "Field required: a non-empty string naming the customer",
                "missing",
            ));
        }
    }
}

/// The `/sandbox/…` routes: reset, faults, request log. `on_reset` runs after the controls are
/// cleared by `POST /sandbox/reset` (e.g. to wipe the database).
pub fn router(controls: Controls, on_reset: Arc<dyn Fn() + Send + Sync>) -> Router {
    Router::new()
        .route("/sandbox/reset", post(reset))
        .route(
            "/sandbox/faults",
            get(list_faults).post(add_fault).delete(clear_faults),
        )
        .route(
            "/sandbox/requests",
            get(list_requests).delete(clear_requests),
        )
        .with_state((controls, on_reset))
}

/// Ends every access token of one customer (by `customer_id`) at once; answers how many it ended.
pub type ExpireTokens = Arc<dyn Fn(&str) -> Result<usize, String> + Send + Sync>;

/// `POST /sandbox/expire-tokens` `{"customer_id"}`: makes the customer's access tokens expired, as if their
/// 10 hours had passed, so a client's next call gets a 401 and must fetch a new token. Answers
/// `{"expired": <tokens ended>}`.
pub fn expire_tokens_router(expire: ExpireTokens) -> Router {
    Router::new()
        .route("/sandbox/expire-tokens", post(expire_tokens))
        .with_state(expire)
}

async fn expire_tokens(
    State(expire): State<ExpireTokens>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let request: ExpireTokensRequest = parse_body(&body)?;
    let customer_id = request.customer_id.unwrap_or_default();
    match expire(&customer_id) {
        Ok(expired) => Ok(Json(json!({ "expired": expired }))),
        Err(message) => Err(ApiError::Internal(message)),
    }
}

type RouterState = (Controls, Arc<dyn Fn() + Send + Sync>);

async fn reset(State((controls, on_reset)): State<RouterState>) -> Json<Value> {
    controls.reset();
    on_reset();
    Json(json!({ "reset": true }))
}

async fn add_fault(
    State((controls, _)): State<RouterState>,
    body: Bytes,
) -> Result<(StatusCode, Json<Fault>), ApiError> {
    let fault = parse_fault(&body)?;
    Ok((StatusCode::CREATED, Json(controls.add_fault(fault))))
}

async fn list_faults(State((controls, _)): State<RouterState>) -> Json<Vec<Fault>> {
    Json(controls.faults())
}

async fn clear_faults(State((controls, _)): State<RouterState>) -> StatusCode {
    controls.clear_faults();
    StatusCode::NO_CONTENT
}

/// Filters of `GET /sandbox/requests`; empty values mean no filter.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RequestFilter {
    origin: Option<String>,
    path: Option<String>,
}

async fn list_requests(
    State((controls, _)): State<RouterState>,
    Query(filter): Query<RequestFilter>,
) -> Json<Vec<LogEntry>> {
    let non_empty = |value: &Option<String>| value.clone().filter(|v| !v.is_empty());
    Json(controls.requests(
        non_empty(&filter.origin).as_deref(),
        non_empty(&filter.path).as_deref(),
    ))
}

async fn clear_requests(State((controls, _)): State<RouterState>) -> StatusCode {
    controls.clear_requests();
    StatusCode::NO_CONTENT
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::LocSegment;

    #[test]
    fn redaction_keeps_only_the_scheme_word() {
        assert_eq!(redact("Token abc.def"), "Token <redacted>");
        assert_eq!(redact("Bearer x"), "Bearer <redacted>");
        assert_eq!(redact("sessionid=abc; theme=dark"), "<redacted>");
        assert_eq!(redact("rawsecret"), "<redacted>");
    }

    #[test]
    fn credentials_are_redacted_in_queries_urls_forms_and_json() {
        assert_eq!(
            redact_pairs("code=abc&state=s1&Client-Secret=x&access%5Ftoken=t&page=2"),
            "code=<redacted>&state=s1&Client-Secret=<redacted>&access%5Ftoken=<redacted>&page=2"
        );
        assert_eq!(
            redact_url("http://h/cb?code=abc&state=s#access_token=t&x=1"),
            "http://h/cb?code=<redacted>&state=s#access_token=<redacted>&x=1"
        );
        let mut body = json!({"filters": {"key": "is", "value": "x"}, "refresh_token": "r",
            "list": [{"code_verifier": "v"}], "token": null});
        redact_json(&mut body);
        assert_eq!(
            body,
            json!({"filters": {"key": "is", "value": "x"}, "refresh_token": "<redacted>",
            "list": [{"code_verifier": "<redacted>"}], "token": null})
        );
        for name in [
            "x-api-key",
            "x-auth-token",
            "authorization",
            "api-secret",
            "set-cookie",
        ] {
            assert!(sensitive_header(name), "{name}");
        }
        for name in [
            "origin",
            "content-type",
            "customer-id",
            "keep-alive",
            "referer",
        ] {
            assert!(!sensitive_header(name), "{name}");
        }
    }

    #[test]
    fn fault_validation_collects_every_problem() {
        let Err(ApiError::Validation(errors)) =
            parse_fault(br#"{"path": "nope", "kind": "teapot", "count": 0, "extra": 1}"#)
        else {
            panic!("expected a 422");
        };
        let fields: Vec<LocSegment> = errors.iter().map(|e| e.loc[1].clone()).collect();
        assert_eq!(
            fields,
            ["extra", "path", "kind", "count"].map(LocSegment::from)
        );
        let fault = parse_fault(br#"{"path": "/x", "kind": 429, "method": "post"}"#).unwrap();
        assert_eq!(fault.kind, FaultKind::TooManyRequests);
        assert_eq!(fault.method.as_deref(), Some("POST"));
        assert_eq!((fault.count, fault.retry_after_secs), (1, Some(1)));
    }
}
