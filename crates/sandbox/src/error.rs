//! The Carbon layer's one error type, answered in FastAPI's shapes: 422 `{"detail":[{loc,msg,type}]}` for
//! validation, `{"detail":"…"}` for everything else. An internal failure answers only `"Internal error"`: its detail
//! (SQL, paths, library messages) is logged on the server and never sent to a client.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use serde_json::json;

/// One segment of a validation error's location: a field name or a list index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum LocSegment {
    Field(String),
    Index(usize),
}

impl From<&str> for LocSegment {
    fn from(name: &str) -> Self {
        LocSegment::Field(name.to_string())
    }
}

impl From<usize> for LocSegment {
    fn from(index: usize) -> Self {
        LocSegment::Index(index)
    }
}

/// One entry of a 422 answer, as FastAPI writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub loc: Vec<LocSegment>,
    pub msg: String,
    #[serde(rename = "type")]
    pub kind: String,
}

impl FieldError {
    pub fn new(loc: Vec<LocSegment>, msg: impl Into<String>, kind: impl Into<String>) -> Self {
        FieldError {
            loc,
            msg: msg.into(),
            kind: kind.into(),
        }
    }

    /// A body field error: `loc` starts with "body" followed by `path`.
    pub fn body(path: &[&str], msg: impl Into<String>, kind: impl Into<String>) -> Self {
        let mut loc = vec![LocSegment::from("body")];
        loc.extend(path.iter().map(|segment| LocSegment::from(*segment)));
        FieldError::new(loc, msg, kind)
    }
}

/// Everything a Carbon endpoint can answer other than success.
#[derive(Debug)]
pub enum ApiError {
    Validation(Vec<FieldError>),
    BadRequest(String),
    Unauthorized(String),
    Forbidden(String),
    NotFound(String),
    Conflict(String),
    /// The request body is larger than the API accepts (413).
    PayloadTooLarge(String),
    /// The Microsoft side failed or answered something unusable.
    Upstream(String),
    Internal(String),
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Upstream(_) => StatusCode::BAD_GATEWAY,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::Validation(errors) => {
                let msgs: Vec<&str> = errors.iter().map(|e| e.msg.as_str()).collect();
                write!(f, "validation failed: {}", msgs.join("; "))
            }
            ApiError::BadRequest(m)
            | ApiError::Unauthorized(m)
            | ApiError::Forbidden(m)
            | ApiError::NotFound(m)
            | ApiError::Conflict(m)
            | ApiError::PayloadTooLarge(m)
            | ApiError::Upstream(m)
            | ApiError::Internal(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for ApiError {}

/// What a client is told about an internal failure (the detail goes to the server log only).
pub const INTERNAL_ERROR: &str = "Internal error";

impl ApiError {
    /// The text a client may see: the message, except for internal failures, which are logged instead.
    pub fn public_message(&self) -> String {
        match self {
            ApiError::Internal(detail) => {
                eprintln!("sandbox: internal error: {detail}");
                INTERNAL_ERROR.to_string()
            }
            other => other.to_string(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = match self {
            ApiError::Validation(errors) => json!({ "detail": errors }),
            other => json!({ "detail": other.public_message() }),
        };
        (status, Json(body)).into_response()
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(error: rusqlite::Error) -> Self {
        ApiError::Internal(format!("database error: {error}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn internal_errors_answer_no_detail() {
        let error = ApiError::from(rusqlite::Error::InvalidQuery);
        assert!(
            error.to_string().contains("database error"),
            "the log keeps the detail"
        );
        let response = error.into_response();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let bytes = axum::body::to_bytes(response.into_body(), 1024)
            .await
            .expect("body");
        let body: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
        assert_eq!(body, json!({ "detail": INTERNAL_ERROR }));
    }

    #[test]
    fn other_errors_keep_their_message() {
        let error = ApiError::Conflict("File 1 is still being synced".into());
        assert_eq!(error.public_message(), "File 1 is still being synced");
        assert_eq!(
            ApiError::PayloadTooLarge("big".into()).status(),
            StatusCode::PAYLOAD_TOO_LARGE
        );
    }
}
