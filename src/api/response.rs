//! Typed answers: the parts of the contract's response schemas the widget reads. Unknown fields are ignored and
//! unknown status values kept as [`FileSyncStatus::Other`]/[`DataSourceSyncStatus::Other`], so a newer API never
//! breaks the widget; a missing or mistyped field is a `malformed_response` error naming the endpoint and the
//! field (`results[2].sync_status: expected a string`).
//!
//! The answers are read from a parsed `serde_json::Value` by the small [`FromJson`] readers below rather than by
//! serde derives: the widget already carries `Value`, and the derived deserializers cost about 40 KB of wasm.

use super::error::ApiError;
use super::request::Endpoint;
use serde_json::{Map, Value};

/// Parses a success body for `endpoint`.
pub fn parse<T: FromJson>(endpoint: Endpoint, body: &str) -> Result<T, ApiError> {
    let value: Value = serde_json::from_str(body)
        .map_err(|error| ApiError::malformed(endpoint.path(), format!("not JSON: {error}")))?;
    T::from_json(&value)
        .map_err(|problem| ApiError::malformed(endpoint.path(), format!("wrong shape: {problem}")))
}

/// What is wrong in an answer, and where: `results[2].sync_status: expected a string`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    path: String,
    message: &'static str,
}

impl Problem {
    fn new(message: &'static str) -> Self {
        Self {
            path: String::new(),
            message,
        }
    }

    /// The same problem seen from the enclosing value: `segment` is a field name or `[index]`.
    fn within(mut self, segment: &str) -> Self {
        self.path = match self.path.chars().next() {
            None | Some('[') => format!("{segment}{}", self.path),
            Some(_) => format!("{segment}.{}", self.path),
        };
        self
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            f.write_str(self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// A type read from JSON.
pub trait FromJson: Sized {
    fn from_json(value: &Value) -> Result<Self, Problem>;
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: &Value) -> Result<Self, Problem> {
        let items = value.as_array().ok_or(Problem::new("expected a list"))?;
        items
            .iter()
            .enumerate()
            .map(|(index, item)| {
                T::from_json(item).map_err(|problem| problem.within(&format!("[{index}]")))
            })
            .collect()
    }
}

/// The fields of one JSON object; `null` counts as absent.
struct Fields<'a>(&'a Map<String, Value>);

impl<'a> Fields<'a> {
    fn of(value: &'a Value) -> Result<Self, Problem> {
        value
            .as_object()
            .map(Fields)
            .ok_or(Problem::new("expected an object"))
    }

    /// Reads `key` with `read`; `Ok(None)` when absent or null.
    fn get<T>(
        &self,
        key: &str,
        read: impl Fn(&'a Value) -> Option<T>,
        expected: &'static str,
    ) -> Result<Option<T>, Problem> {
        match self.0.get(key).filter(|value| !value.is_null()) {
            None => Ok(None),
            Some(value) => read(value)
                .map(Some)
                .ok_or_else(|| Problem::new(expected).within(key)),
        }
    }

    fn need<T>(&self, key: &str, found: Option<T>) -> Result<T, Problem> {
        found.ok_or_else(|| Problem::new("missing").within(key))
    }

    fn int(&self, key: &str) -> Result<i64, Problem> {
        let found = self.opt_int(key)?;
        self.need(key, found)
    }

    fn opt_int(&self, key: &str) -> Result<Option<i64>, Problem> {
        self.get(key, Value::as_i64, "expected a whole number")
    }

    fn text(&self, key: &str) -> Result<String, Problem> {
        let found = self.opt_text(key)?;
        self.need(key, found)
    }

    fn opt_text(&self, key: &str) -> Result<Option<String>, Problem> {
        self.get(key, |v| v.as_str().map(str::to_owned), "expected a string")
    }

    fn flag(&self, key: &str) -> Result<bool, Problem> {
        let found = self.opt_flag(key)?;
        self.need(key, found)
    }

    fn opt_flag(&self, key: &str) -> Result<Option<bool>, Problem> {
        self.get(key, Value::as_bool, "expected true or false")
    }

    fn opt_object(&self, key: &str) -> Result<Option<Map<String, Value>>, Problem> {
        self.get(key, |v| v.as_object().cloned(), "expected an object")
    }

    fn list<T: FromJson>(&self, key: &str) -> Result<Vec<T>, Problem> {
        let value = self.need(key, self.0.get(key))?;
        Vec::<T>::from_json(value).map_err(|problem| problem.within(key))
    }

    fn status<T>(&self, key: &str, from_wire: fn(&str) -> T) -> Result<T, Problem> {
        let found = self.get(key, |v| v.as_str().map(from_wire), "expected a string")?;
        self.need(key, found)
    }
}

/// `OuthURLResponse` (sic, the contract's name).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OAuthUrl {
    pub oauth_url: String,
}

impl FromJson for OAuthUrl {
    fn from_json(value: &Value) -> Result<Self, Problem> {
        Ok(Self {
            oauth_url: Fields::of(value)?.text("oauth_url")?,
        })
    }
}

/// `GenericSuccessResponse`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Success {
    pub success: bool,
}

impl FromJson for Success {
    fn from_json(value: &Value) -> Result<Self, Problem> {
        Ok(Self {
            success: Fields::of(value)?.flag("success")?,
        })
    }
}

/// Declares a wire enum: its variants, their wire names, and `Other` for any name a newer API may add.
macro_rules! wire_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $wire:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $name {
            $($variant,)+
            /// A value this widget does not know yet.
            Other,
        }

        impl $name {
            pub fn from_wire(wire: &str) -> Self {
                match wire {
                    $($wire => $name::$variant,)+
                    _ => $name::Other,
                }
            }
        }
    };
}

wire_enum!(
    /// `DataSourceSyncStatuses`.
    DataSourceSyncStatus {
        QueuedForSyncing = "QUEUED_FOR_SYNCING",
        Syncing = "SYNCING",
        Ready = "READY",
        SyncError = "SYNC_ERROR",
    }
);

wire_enum!(
    /// `DataSourceLastSyncActions`.
    LastSyncAction { Add = "ADD", Update = "UPDATE", Cancel = "CANCEL", Revoke = "REVOKE" }
);

wire_enum!(
    /// `ExternalFileSyncStatuses`.
    FileSyncStatus {
        Delayed = "DELAYED",
        QueuedForSync = "QUEUED_FOR_SYNC",
        Syncing = "SYNCING",
        Ready = "READY",
        SyncError = "SYNC_ERROR",
        EvaluatingResync = "EVALUATING_RESYNC",
        RateLimited = "RATE_LIMITED",
        SyncAborted = "SYNC_ABORTED",
        QueuedForOcr = "QUEUED_FOR_OCR",
        ReadyToSync = "READY_TO_SYNC",
    }
);

/// One connected mailbox (`OrganizationUserDataSourceAPI`).
#[derive(Clone, Debug, PartialEq)]
pub struct DataSource {
    pub id: i64,
    /// The mailbox address for Outlook.
    pub data_source_external_id: Option<String>,
    pub sync_status: DataSourceSyncStatus,
    pub last_sync_action: LastSyncAction,
    pub revoked_access: bool,
    pub enable_auto_sync: Option<bool>,
    pub created_at: String,
    pub updated_at: String,
    pub last_synced_at: Option<String>,
    pub files_synced_at: Option<String>,
}

#[cfg(test)]
impl DataSource {
    /// A connected, READY mailbox `address` with id `id`, for tests; set the other fields with `..`.
    pub(crate) fn sample(id: i64, address: &str) -> Self {
        Self {
            id,
            data_source_external_id: Some(address.to_owned()),
            sync_status: DataSourceSyncStatus::Ready,
            last_sync_action: LastSyncAction::Add,
            revoked_access: false,
            enable_auto_sync: None,
            created_at: "2026-11-27T05:00:00Z".to_owned(),
            updated_at: "2026-11-27T05:00:00Z".to_owned(),
            last_synced_at: None,
            files_synced_at: None,
        }
    }
}

impl FromJson for DataSource {
    fn from_json(value: &Value) -> Result<Self, Problem> {
        let fields = Fields::of(value)?;
        Ok(Self {
            id: fields.int("id")?,
            data_source_external_id: fields.opt_text("data_source_external_id")?,
            sync_status: fields.status("sync_status", DataSourceSyncStatus::from_wire)?,
            last_sync_action: fields.status("last_sync_action", LastSyncAction::from_wire)?,
            revoked_access: fields.flag("revoked_access")?,
            enable_auto_sync: fields.opt_flag("enable_auto_sync")?,
            created_at: fields.text("created_at")?,
            updated_at: fields.text("updated_at")?,
            last_synced_at: fields.opt_text("last_synced_at")?,
            files_synced_at: fields.opt_text("files_synced_at")?,
        })
    }
}

/// `OrganizationUserDataSourceResponse`.
#[derive(Clone, Debug, PartialEq)]
pub struct DataSources {
    pub results: Vec<DataSource>,
    pub count: i64,
}

impl DataSources {
    /// How many mailboxes there are in all: the API's `count`, never fewer than this answer holds.
    pub fn total(&self) -> usize {
        usize::try_from(self.count)
            .unwrap_or(0)
            .max(self.results.len())
    }
}

impl FromJson for DataSources {
    fn from_json(value: &Value) -> Result<Self, Problem> {
        let fields = Fields::of(value)?;
        Ok(Self {
            results: fields.list("results")?,
            count: fields.int("count")?,
        })
    }
}

/// The four counts the progress screen shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SyncStage {
    Queued,
    Syncing,
    Ready,
    Failed,
}

impl FileSyncStatus {
    pub fn stage(self) -> SyncStage {
        match self {
            FileSyncStatus::Delayed
            | FileSyncStatus::QueuedForSync
            | FileSyncStatus::RateLimited
            | FileSyncStatus::QueuedForOcr
            | FileSyncStatus::ReadyToSync => SyncStage::Queued,
            FileSyncStatus::Syncing | FileSyncStatus::EvaluatingResync | FileSyncStatus::Other => {
                SyncStage::Syncing
            }
            FileSyncStatus::Ready => SyncStage::Ready,
            FileSyncStatus::SyncError | FileSyncStatus::SyncAborted => SyncStage::Failed,
        }
    }

    /// Whether the file will not change without a new action (resync).
    pub fn is_final(self) -> bool {
        matches!(self.stage(), SyncStage::Ready | SyncStage::Failed)
    }
}

/// One synced e-mail (`UserFile`).
#[derive(Clone, Debug, PartialEq)]
pub struct UserFile {
    pub id: i64,
    pub name: Option<String>,
    pub sync_status: FileSyncStatus,
    /// `sync_status` as the API wrote it, shown as is when the widget does not know the value.
    pub sync_status_text: String,
    pub sync_error_message: Option<String>,
    pub external_url: Option<String>,
    pub file_metadata: Option<Map<String, Value>>,
    pub parent_id: Option<i64>,
    pub organization_user_data_source_id: Option<i64>,
    pub request_id: Option<String>,
    pub source_created_at: Option<String>,
    pub created_at: String,
    pub last_sync: Option<String>,
}

#[cfg(test)]
impl UserFile {
    /// A file of mailbox 7 named "Subject {id}" with `status`, for tests; set the other fields with `..`.
    pub(crate) fn sample(id: i64, status: &str) -> Self {
        Self {
            id,
            name: Some(format!("Subject {id}")),
            sync_status: FileSyncStatus::from_wire(status),
            sync_status_text: status.to_owned(),
            sync_error_message: None,
            external_url: None,
            file_metadata: None,
            parent_id: None,
            organization_user_data_source_id: Some(7),
            request_id: None,
            source_created_at: None,
            created_at: "2026-11-27T00:00:00Z".into(),
            last_sync: None,
        }
    }
}

impl FromJson for UserFile {
    fn from_json(value: &Value) -> Result<Self, Problem> {
        let fields = Fields::of(value)?;
        let sync_status_text = fields.text("sync_status")?;
        Ok(Self {
            id: fields.int("id")?,
            name: fields.opt_text("name")?,
            sync_status: FileSyncStatus::from_wire(&sync_status_text),
            sync_status_text,
            sync_error_message: fields.opt_text("sync_error_message")?,
            external_url: fields.opt_text("external_url")?,
            file_metadata: fields.opt_object("file_metadata")?,
            parent_id: fields.opt_int("parent_id")?,
            organization_user_data_source_id: fields.opt_int("organization_user_data_source_id")?,
            request_id: fields.opt_text("request_id")?,
            source_created_at: fields.opt_text("source_created_at")?,
            created_at: fields.text("created_at")?,
            last_sync: fields.opt_text("last_sync")?,
        })
    }
}

/// `UserFilesV2`: one page and the total count.
#[derive(Clone, Debug, PartialEq)]
pub struct UserFiles {
    pub results: Vec<UserFile>,
    pub count: i64,
}

impl FromJson for UserFiles {
    fn from_json(value: &Value) -> Result<Self, Problem> {
        let fields = Fields::of(value)?;
        Ok(Self {
            results: fields.list("results")?,
            count: fields.int("count")?,
        })
    }
}

/// Files per [`SyncStage`], for `sync_progress`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StageCounts {
    pub queued: u32,
    pub syncing: u32,
    pub ready: u32,
    pub failed: u32,
}

#[cfg(test)]
impl StageCounts {
    /// Counts in the order the Progress screen shows them, for tests.
    pub(crate) fn of(queued: u32, syncing: u32, ready: u32, failed: u32) -> Self {
        Self {
            queued,
            syncing,
            ready,
            failed,
        }
    }
}

impl StageCounts {
    pub fn tally<'a>(files: impl IntoIterator<Item = &'a UserFile>) -> Self {
        let mut counts = Self::default();
        for file in files {
            match file.sync_status.stage() {
                SyncStage::Queued => counts.queued += 1,
                SyncStage::Syncing => counts.syncing += 1,
                SyncStage::Ready => counts.ready += 1,
                SyncStage::Failed => counts.failed += 1,
            }
        }
        counts
    }

    /// Whether every counted file is final.
    pub fn is_settled(&self) -> bool {
        self.queued == 0 && self.syncing == 0
    }
}
