//! The API layer's one error type, [`ApiError`]: what went wrong talking to the Carbon API, with a stable
//! [`ApiError::code`] for events (built in `crate::events::Event::api_error`) and a sentence for people.
//!
//! Built from an HTTP answer ([`ApiError::from_response`]: the status plus FastAPI's `detail`, a string or a 422
//! list of `{loc, msg, type}`), from a body that does not parse ([`ApiError::malformed`]), or by the transport
//! (network failure, timeout, offline). Pure: no browser types.

use serde_json::Value;
use std::fmt;

/// One field the API rejected (an entry of FastAPI's 422 `detail` list).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// Where, as FastAPI writes it: `["body", "filters", "AND", 0]` becomes `["body", "filters", "AND", "0"]`.
    pub loc: Vec<String>,
    pub msg: String,
}

impl FieldError {
    /// The field path without FastAPI's leading `body`/`query`/`path`/`header`: `filters.AND.0`.
    pub fn field(&self) -> String {
        let skip = match self.loc.first().map(String::as_str) {
            Some("body" | "query" | "path" | "header") => 1,
            _ => 0,
        };
        self.loc[skip..].join(".")
    }
}

/// What kind of failure; decides retrying, token refresh and what the UI says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiErrorKind {
    /// 401: the access token was refused (the client refreshes it once before reporting this).
    Unauthorized,
    /// 403.
    Forbidden,
    /// 404.
    NotFound,
    /// 409, e.g. `resync_file` on a file that is still syncing.
    Conflict,
    /// 422 with one entry per rejected field, or another 4xx with none.
    Validation(Vec<FieldError>),
    /// 429; `retry_after` in seconds when the API said so.
    RateLimited { retry_after: Option<u32> },
    /// 5xx.
    Server { status: u16 },
    /// The request never got an HTTP answer (DNS, TLS, CORS, connection reset).
    Network,
    /// No answer within the per-request timeout.
    Timeout,
    /// The browser says it is offline; nothing was sent.
    Offline,
    /// An answer that is not what the contract promises (not JSON, or the wrong shape).
    Malformed,
    /// The host's `tokenFetcher` failed or answered something other than `{access_token}`.
    TokenFetcher,
    /// The client was closed (the widget was destroyed) while the request was pending.
    Cancelled,
}

/// A failed API call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub kind: ApiErrorKind,
    pub message: String,
}

impl ApiError {
    pub fn new(kind: ApiErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    /// The stable code hosts see in `error`/`sync_error`/`auth_error` events.
    pub fn code(&self) -> &'static str {
        match self.kind {
            ApiErrorKind::Unauthorized => "unauthorized",
            ApiErrorKind::Forbidden => "forbidden",
            ApiErrorKind::NotFound => "not_found",
            ApiErrorKind::Conflict => "conflict",
            ApiErrorKind::Validation(_) => "validation",
            ApiErrorKind::RateLimited { .. } => "rate_limited",
            ApiErrorKind::Server { .. } => "server_error",
            ApiErrorKind::Network => "network",
            ApiErrorKind::Timeout => "timeout",
            ApiErrorKind::Offline => "offline",
            ApiErrorKind::Malformed => "malformed_response",
            ApiErrorKind::TokenFetcher => "token_fetcher",
            ApiErrorKind::Cancelled => "cancelled",
        }
    }

    /// The per-field messages of a 422 (empty for every other kind).
    pub fn field_errors(&self) -> &[FieldError] {
        match &self.kind {
            ApiErrorKind::Validation(fields) => fields,
            _ => &[],
        }
    }

    /// An HTTP answer that is not a success. `body` is the raw text; `retry_after` the parsed `Retry-After`.
    pub fn from_response(status: u16, body: &str, retry_after: Option<u32>) -> Self {
        let detail = Detail::parse(body);
        let kind = match status {
            401 => ApiErrorKind::Unauthorized,
            403 => ApiErrorKind::Forbidden,
            404 => ApiErrorKind::NotFound,
            408 => ApiErrorKind::Timeout,
            409 => ApiErrorKind::Conflict,
            429 => ApiErrorKind::RateLimited { retry_after },
            500..=599 => ApiErrorKind::Server { status },
            _ => ApiErrorKind::Validation(match &detail {
                Detail::Fields(fields) => fields.clone(),
                _ => Vec::new(),
            }),
        };
        let message = match detail {
            Detail::Text(text) => text,
            Detail::Fields(fields) => fields
                .iter()
                .map(|field| match field.field() {
                    path if path.is_empty() => field.msg.clone(),
                    path => format!("{path}: {}", field.msg),
                })
                .collect::<Vec<_>>()
                .join("; "),
            Detail::Missing => default_message(status),
        };
        Self::new(kind, message)
    }

    /// A success answer whose body is not what `endpoint` promises.
    pub fn malformed(endpoint: &str, problem: impl fmt::Display) -> Self {
        Self::new(
            ApiErrorKind::Malformed,
            format!("The API answered {endpoint} with something unexpected ({problem})"),
        )
    }

    /// Whether the request may have reached the server and the answer says nothing about whether it acted.
    pub fn is_transient(&self) -> bool {
        matches!(
            self.kind,
            ApiErrorKind::Network
                | ApiErrorKind::Timeout
                | ApiErrorKind::RateLimited { .. }
                | ApiErrorKind::Server { .. }
        )
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message, self.code())
    }
}

impl std::error::Error for ApiError {}

/// FastAPI's `detail`, in the two shapes it comes in.
enum Detail {
    Text(String),
    Fields(Vec<FieldError>),
    Missing,
}

impl Detail {
    fn parse(body: &str) -> Self {
        let Ok(Value::Object(object)) = serde_json::from_str::<Value>(body) else {
            return Detail::Missing;
        };
        // `get`, not `remove`: a B-tree removal brings about 3 KB of node rebalancing code along.
        match object.get("detail") {
            Some(Value::String(text)) if !text.trim().is_empty() => Detail::Text(text.clone()),
            Some(Value::Array(entries)) => {
                let fields: Option<Vec<FieldError>> = entries.iter().map(field_error).collect();
                match fields {
                    Some(fields) if !fields.is_empty() => Detail::Fields(fields),
                    _ => Detail::Missing,
                }
            }
            _ => Detail::Missing,
        }
    }
}

/// One `{loc, msg, type}` entry; `None` when it is not that shape.
fn field_error(entry: &Value) -> Option<FieldError> {
    let loc = match entry.get("loc") {
        None => Vec::new(),
        Some(loc) => loc.as_array()?.iter().map(loc_segment).collect(),
    };
    let msg = entry.get("msg")?.as_str()?.to_owned();
    Some(FieldError { loc, msg })
}

fn loc_segment(segment: &Value) -> String {
    match segment {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn default_message(status: u16) -> String {
    match status {
        401 => "The access token was refused".to_owned(),
        403 => "This account may not do that".to_owned(),
        404 => "Not found".to_owned(),
        409 => "That item is busy; try again shortly".to_owned(),
        429 => "Too many requests; slow down".to_owned(),
        500..=599 => format!("The API failed (HTTP {status})"),
        _ => format!("The API refused the request (HTTP {status})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_drops_the_location_prefix() {
        let field = FieldError {
            loc: vec!["body".into(), "filters".into(), "0".into()],
            msg: "bad".into(),
        };
        assert_eq!(field.field(), "filters.0");
    }
}
