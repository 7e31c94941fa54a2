//! The widget's one error type: a stable `code` for programs and a `message` for people.
//!
//! Every failure a host can see — thrown by `create`, a handle method, or sent as an `error` event — is a
//! [`WidgetError`]. The browser edge turns it into a JS `Error` whose `code` property is [`ErrorCode::as_str`].

use crate::config::{ConfigError, ConfigIssue};
use outlook_connect_filter::FilterError;
use serde::Serialize;

/// Stable error codes. The loader adds `wasm_blocked`, `load_failed` and `not_ready`, which happen before the wasm runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    ConfigInvalid,
    Destroyed,
    MountTarget,
    AlreadyMounted,
    /// `sync()`: no mailbox is open.
    NoAccount,
    /// `sync()`: no folder is selected.
    NoFolder,
    /// `sync()`: the previous sync is still being sent.
    SyncBusy,
    /// `sync()`: the API accepted no folder's sync; the code of the first failure (`offline`, `server_error`, …).
    Api(&'static str),
    /// The host's `autoSync.onChange` threw or rejected (sent as an `error` event).
    AutoSyncFailed,
    /// A lazily loaded screen's code could not be downloaded while a person waited for it (sent as an `error`
    /// event; the screen shows Retry), or the configured language's texts could not (English is shown).
    ChunkLoadFailed,
    BadArgument,
    FiltersInvalid,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::ConfigInvalid => "config_invalid",
            ErrorCode::Destroyed => "destroyed",
            ErrorCode::MountTarget => "mount_target",
            ErrorCode::AlreadyMounted => "already_mounted",
            ErrorCode::NoAccount => "no_account",
            ErrorCode::NoFolder => "no_folder",
            ErrorCode::SyncBusy => "sync_busy",
            ErrorCode::Api(code) => code,
            ErrorCode::AutoSyncFailed => "auto_sync_failed",
            ErrorCode::ChunkLoadFailed => "chunk_load_failed",
            ErrorCode::BadArgument => "bad_argument",
            ErrorCode::FiltersInvalid => "filters_invalid",
        }
    }
}

/// A failure the host can act on. `issues` lists every bad config field for `config_invalid`; `errors` every
/// problem in a filter tree for `filters_invalid` (the same `{path, code, message}` as `parseFilters`).
#[derive(Clone, Debug)]
pub struct WidgetError {
    pub code: ErrorCode,
    pub message: String,
    pub issues: Vec<ConfigIssue>,
    pub errors: Vec<FilterError>,
}

impl WidgetError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            issues: Vec::new(),
            errors: Vec::new(),
        }
    }

    /// `setFilters` got a tree the contract does not accept.
    pub fn filters_invalid(method: &str, errors: Vec<FilterError>) -> Self {
        let lines: Vec<String> = errors
            .iter()
            .map(|e| format!("{}: {}", e.path, e.message))
            .collect();
        let message = format!("{method}: the filter tree is invalid: {}", lines.join("; "));
        Self {
            errors,
            ..Self::new(ErrorCode::FiltersInvalid, message)
        }
    }

    pub fn destroyed(method: &str) -> Self {
        Self::new(
            ErrorCode::Destroyed,
            format!("{method}: this outlook-connect handle was destroyed; create a new one"),
        )
    }
}

impl From<ConfigError> for WidgetError {
    fn from(error: ConfigError) -> Self {
        let message = error.message();
        Self {
            issues: error.issues,
            ..Self::new(ErrorCode::ConfigInvalid, message)
        }
    }
}

/// The `{code, message}` pair as event data.
#[derive(Serialize)]
pub struct ErrorData<'a> {
    pub code: &'static str,
    pub message: &'a str,
}
