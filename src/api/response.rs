//! Typed answers: the parts of the contract's response schemas the widget reads. Unknown fields are ignored and
//! unknown status values kept as [`FileSyncStatus::Other`]/[`DataSourceSyncStatus::Other`], so a newer API never
//! breaks the widget; a missing required field is a `malformed_response` error naming the endpoint.

use super::error::ApiError;
use super::request::Endpoint;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{Map, Value};

/// Parses a success body for `endpoint`.
pub fn parse<T: DeserializeOwned>(endpoint: Endpoint, body: &str) -> Result<T, ApiError> {
    let value: Value = serde_json::from_str(body)
        .map_err(|error| ApiError::malformed(endpoint.path(), format!("not JSON: {error}")))?;
    T::deserialize(value)
        .map_err(|error| ApiError::malformed(endpoint.path(), format!("wrong shape: {error}")))
}

/// `OuthURLResponse` (sic, the contract's name).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct OAuthUrl {
    pub oauth_url: String,
}

/// `GenericSuccessResponse`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub struct Success {
    pub success: bool,
}

/// `DataSourceSyncStatuses`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DataSourceSyncStatus {
    QueuedForSyncing,
    Syncing,
    Ready,
    SyncError,
    #[serde(other)]
    Other,
}

/// `DataSourceLastSyncActions`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum LastSyncAction {
    Add,
    Update,
    Cancel,
    Revoke,
    #[serde(other)]
    Other,
}

/// One connected mailbox (`OrganizationUserDataSourceAPI`).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct DataSource {
    pub id: i64,
    /// The mailbox address for Outlook.
    #[serde(default)]
    pub data_source_external_id: Option<String>,
    pub sync_status: DataSourceSyncStatus,
    pub last_sync_action: LastSyncAction,
    pub revoked_access: bool,
    #[serde(default)]
    pub enable_auto_sync: Option<bool>,
    pub created_at: String,
    pub updated_at: String,
    #[serde(default)]
    pub last_synced_at: Option<String>,
    #[serde(default)]
    pub files_synced_at: Option<String>,
}

/// `OrganizationUserDataSourceResponse`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct DataSources {
    pub results: Vec<DataSource>,
    pub count: i64,
}

/// `ExternalFileSyncStatuses`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FileSyncStatus {
    Delayed,
    QueuedForSync,
    Syncing,
    Ready,
    SyncError,
    EvaluatingResync,
    RateLimited,
    SyncAborted,
    #[serde(rename = "QUEUED_FOR_OCR")]
    QueuedForOcr,
    ReadyToSync,
    #[serde(other)]
    Other,
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
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct UserFile {
    pub id: i64,
    #[serde(default)]
    pub name: Option<String>,
    pub sync_status: FileSyncStatus,
    #[serde(default)]
    pub sync_error_message: Option<String>,
    #[serde(default)]
    pub external_url: Option<String>,
    #[serde(default)]
    pub file_metadata: Option<Map<String, Value>>,
    #[serde(default)]
    pub parent_id: Option<i64>,
    #[serde(default)]
    pub organization_user_data_source_id: Option<i64>,
    #[serde(default)]
    pub request_id: Option<String>,
    #[serde(default)]
    pub source_created_at: Option<String>,
    pub created_at: String,
    #[serde(default)]
    pub last_sync: Option<String>,
}

/// `UserFilesV2`: one page and the total count.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct UserFiles {
    pub results: Vec<UserFile>,
    pub count: i64,
}

/// Files per [`SyncStage`], for `sync_progress`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StageCounts {
    pub queued: u32,
    pub syncing: u32,
    pub ready: u32,
    pub failed: u32,
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

/// One mail folder (`user_folders` is untyped in the contract; this is what the API answers).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MailFolder {
    pub id: String,
    pub display_name: String,
    #[serde(default)]
    pub parent_folder_id: Option<String>,
    #[serde(default)]
    pub child_folder_count: u32,
    #[serde(default)]
    pub total_item_count: u32,
    #[serde(default)]
    pub unread_item_count: u32,
}

/// One Outlook category (`user_categories`, untyped in the contract).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Category {
    pub id: String,
    pub display_name: String,
    #[serde(default)]
    pub color: Option<String>,
}
