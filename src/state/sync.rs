//! The Choose screen's sync slice: loading the active mailbox's folders and categories, the sync options, and
//! "Sync" being sent or refused. Changed only through [`reduce`]; what "Sync" would send ([`SyncPlan`]) and why it
//! cannot ([`Refusal`]) read other slices too, so `state/mod.rs` decides them. The side effects live in
//! `crate::flow::sync`.

use super::failure::Failure;
use super::shell::{Changed, Shell};
use crate::config::SyncOptions;
use crate::errors::ErrorCode;
use outlook_connect_filter::Filter;

/// Where the folders and categories of the active mailbox are.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Load {
    #[default]
    Idle,
    Loading,
    Failed(Failure),
    Loaded,
}

/// What the Choose screen shows beyond the editor, the folder picker and the category list.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SyncState {
    /// The mailbox whose folders and categories are loaded (or loading).
    pub mailbox: Option<i64>,
    pub load: Load,
    /// "Sync attachments", seeded from the config's `syncOptions` when a mailbox is opened.
    pub sync_attachments: bool,
    /// "Only new e-mails since the last sync", seeded the same way.
    pub incremental_sync: bool,
    /// Sync requests are on their way.
    pub sending: bool,
    /// Why the last "Sync" failed (nothing was accepted), shown on the Choose screen.
    pub error: Option<Failure>,
    /// Why the mailbox's categories could not be loaded while its folders could (the folder tree stays usable).
    pub categories_error: Option<Failure>,
}

/// A change to [`SyncState`].
#[derive(Clone, Debug, PartialEq)]
pub enum SyncAction {
    /// Start loading the folders and categories of `data_source_id`; a new mailbox takes the config's options
    /// (and, in `state/mod.rs`, clears the previous mailbox's folder picker and categories).
    Load {
        data_source_id: i64,
        sync_attachments: bool,
        incremental_sync: bool,
    },
    /// The folders of `data_source_id` arrived (sent by `state/mod.rs` for `Action::MailboxLoaded`); nothing
    /// changes when another mailbox is open by now.
    FoldersLoaded {
        data_source_id: i64,
    },
    /// The categories of `data_source_id` arrived, or `failure` says why not (sent by `state/mod.rs` for
    /// `Action::MailboxLoaded` and `Action::CategoriesLoaded`); nothing changes when another mailbox is open.
    CategoriesAnswered {
        data_source_id: i64,
        failure: Option<Failure>,
    },
    LoadFailed {
        data_source_id: i64,
        failure: Failure,
    },
    SetSyncAttachments(bool),
    SetIncrementalSync(bool),
    /// The host changed `syncOptions`: the open mailbox's switches show the new values.
    Reseed {
        sync_attachments: bool,
        incremental_sync: bool,
    },
    /// "Sync" sent its requests.
    Sending,
    /// No sync was accepted: back to the Choose screen's state with the error shown.
    Failed(Failure),
    /// At least one sync was accepted (sent by `state/mod.rs` with `ProgressAction::Started`).
    Accepted,
}

pub fn reduce(sync: &mut SyncState, action: SyncAction, _shell: &mut Shell) -> Changed {
    match action {
        SyncAction::Load {
            data_source_id,
            sync_attachments,
            incremental_sync,
        } => {
            if !needs_load(sync, data_source_id) {
                return Changed::No;
            }
            if sync.mailbox != Some(data_source_id) {
                sync.mailbox = Some(data_source_id);
                sync.sync_attachments = sync_attachments;
                sync.incremental_sync = incremental_sync;
                sync.error = None;
                sync.categories_error = None;
            }
            sync.load = Load::Loading;
        }
        SyncAction::FoldersLoaded { data_source_id }
        | SyncAction::CategoriesAnswered { data_source_id, .. }
        | SyncAction::LoadFailed { data_source_id, .. }
            if sync.mailbox != Some(data_source_id) =>
        {
            return Changed::No
        }
        SyncAction::FoldersLoaded { .. } => sync.load = Load::Loaded,
        SyncAction::CategoriesAnswered { failure, .. } => sync.categories_error = failure,
        SyncAction::LoadFailed { failure, .. } => sync.load = Load::Failed(failure),
        SyncAction::SetSyncAttachments(on) if on == sync.sync_attachments => return Changed::No,
        SyncAction::SetSyncAttachments(on) => sync.sync_attachments = on,
        SyncAction::SetIncrementalSync(on) if on == sync.incremental_sync => return Changed::No,
        SyncAction::SetIncrementalSync(on) => sync.incremental_sync = on,
        SyncAction::Reseed {
            sync_attachments,
            incremental_sync,
        } => {
            if (sync.sync_attachments, sync.incremental_sync)
                == (sync_attachments, incremental_sync)
            {
                return Changed::No;
            }
            sync.sync_attachments = sync_attachments;
            sync.incremental_sync = incremental_sync;
        }
        SyncAction::Sending => {
            sync.sending = true;
            sync.error = None;
        }
        SyncAction::Failed(failure) => {
            sync.sending = false;
            sync.error = Some(failure);
        }
        SyncAction::Accepted => {
            sync.sending = false;
            sync.error = None;
        }
    }
    Changed::Yes
}

/// Whether opening `data_source_id` must load its folders: not when they are loaded or loading already.
pub fn needs_load(sync: &SyncState, data_source_id: i64) -> bool {
    sync.mailbox != Some(data_source_id) || matches!(sync.load, Load::Idle | Load::Failed(_))
}

/// Why "Sync" cannot run now; the button says it and `handle.sync()` rejects with [`Refusal::error_code`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// No mailbox is open.
    NoAccount,
    /// The filter being edited has errors: the last valid tree is not what the person sees, so nothing is sent.
    InvalidFilter,
    NoFolder,
    /// A sync is being sent already.
    Busy,
}

impl Refusal {
    pub fn error_code(self) -> ErrorCode {
        match self {
            Refusal::NoAccount => ErrorCode::NoAccount,
            Refusal::InvalidFilter => ErrorCode::FiltersInvalid,
            Refusal::NoFolder => ErrorCode::NoFolder,
            Refusal::Busy => ErrorCode::SyncBusy,
        }
    }
}

/// Everything one "Sync" sends: one request per folder, each with its own `request_id`.
#[derive(Clone, Debug, PartialEq)]
pub struct SyncPlan {
    pub data_source_id: i64,
    pub folders: Vec<String>,
    pub filters: Filter,
    /// The person's two choices plus the host's pass-through options.
    pub options: SyncOptions,
}
