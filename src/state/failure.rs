//! A failure the Choose or Progress screen shows in place, shared by the sync and progress slices. A leaf: it
//! imports no slice.

use crate::api::ApiError;

/// A failure the Choose or Progress screen shows in place, as in the `sync_error` event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The stable code (`offline`, `server_error`, `malformed_response`, …).
    pub code: &'static str,
    pub message: String,
    /// The folder whose sync failed, when it is about one.
    pub folder: Option<String>,
}

impl Failure {
    /// The request may have reached the API although no answer came (a timeout): the screen must not say the
    /// sync did not start. Sending it again is safe: a sync is idempotent by its `request_id`, and a new one
    /// does not sync an e-mail twice.
    pub fn may_have_started(&self) -> bool {
        self.code == "timeout"
    }

    pub fn from_api(error: &ApiError, folder: Option<&str>) -> Self {
        Self {
            code: error.code(),
            message: error.message.clone(),
            folder: folder.map(str::to_owned),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ApiErrorKind;

    #[test]
    fn a_timeout_may_have_started_a_sync_and_a_server_error_did_not() {
        let server = ApiError::new(ApiErrorKind::Server { status: 502 }, "down");
        let failure = Failure::from_api(&server, Some("Inbox"));
        assert!(!failure.may_have_started());
        let unanswered = ApiError::new(ApiErrorKind::Timeout, "no answer within 20 s");
        assert!(
            Failure::from_api(&unanswered, Some("Inbox")).may_have_started(),
            "a timeout must not be called a sync that did not start"
        );
        assert_eq!(failure.code, "server_error");
        assert_eq!(failure.folder.as_deref(), Some("Inbox"));
    }
}
