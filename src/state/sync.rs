//! Choosing and syncing, as pure state: loading the active mailbox's folders and categories, the sync options,
//! what "Sync" would send (or why it cannot), and each sync's progress counts with the polling schedule.
//! Changed only through [`reduce`]; the side effects live in `crate::flow::sync`.

use crate::api::{ApiError, ApiErrorKind, StageCounts, UserFile};
use crate::state::categories::Category;
use crate::config::SyncOptions;
use crate::errors::ErrorCode;
use crate::state::folders::FolderTree;
use crate::state::{FolderPickerState, Screen, WidgetState};
use outlook_connect_filter::Filter;
use std::rc::Rc;

/// The first wait before counting a sync's files, and the wait after counts changed.
pub const FIRST_POLL_MS: u32 = 1_000;
/// The longest wait between two counts.
pub const MAX_POLL_MS: u32 = 8_000;
/// Unchanged counts needed before a sync with no files at all counts as finished: its files may appear a moment
/// after the API accepted it, so zero right away is not "done" (with the doubling waits, about 15 s).
pub const EMPTY_POLLS_BEFORE_DONE: u32 = 3;

/// Where the folders and categories of the active mailbox are.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Load {
    #[default]
    Idle,
    Loading,
    Failed(Failure),
    Loaded,
}

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

/// One accepted folder sync and its files' counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub folder: String,
    pub request_id: String,
    pub counts: StageCounts,
}

/// What the Progress screen shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    pub data_source_id: i64,
    pub runs: Vec<Run>,
    /// Folders whose sync request the API did not accept.
    pub failed: Vec<Failure>,
    /// Every file of every run is final (or no file came).
    pub done: bool,
    /// Why the last count failed (offline, a server error, a refused token); cleared by the next count.
    pub trouble: Option<Failure>,
    /// Counting has stopped for good after a failure that waiting does not mend (a 401 or 422): the screen must
    /// not promise another try.
    pub stopped: bool,
}

impl Progress {
    pub fn request_ids(&self) -> Vec<String> {
        self.runs.iter().map(|run| run.request_id.clone()).collect()
    }

    /// The counts of every run added up.
    pub fn total(&self) -> StageCounts {
        total(self.runs.iter().map(|run| &run.counts))
    }
}

/// What the Choose and Progress screens show beyond the editor and folder picker.
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
    /// The last accepted syncs.
    pub progress: Option<Rc<Progress>>,
}

/// A change to [`SyncState`] (and the screen it leads to).
#[derive(Clone, Debug, PartialEq)]
pub enum SyncAction {
    /// Start loading the folders and categories of `data_source_id`; a new mailbox takes the config's options.
    Load {
        data_source_id: i64,
        sync_attachments: bool,
        incremental_sync: bool,
    },
    /// The mailbox's folders arrived, and its categories or why they did not.
    Loaded {
        data_source_id: i64,
        tree: Rc<FolderTree>,
        categories: Result<Rc<Vec<Category>>, Failure>,
    },
    /// A second try at the categories alone ("Try again" under the category picker).
    CategoriesLoaded {
        data_source_id: i64,
        categories: Result<Rc<Vec<Category>>, Failure>,
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
    /// At least one sync was accepted: the Progress screen.
    Started {
        data_source_id: i64,
        runs: Vec<Run>,
        failed: Vec<Failure>,
    },
    /// A count of the runs' files (in the order of `Progress::runs`).
    Counted {
        counts: Vec<StageCounts>,
        done: bool,
    },
    /// A count failed; polling goes on while `retrying`, and stops otherwise.
    CountFailed { failure: Failure, retrying: bool },
}

pub fn reduce(state: Rc<WidgetState>, action: SyncAction) -> Rc<WidgetState> {
    let mut next = (*state).clone();
    let sync = &mut next.sync;
    match action {
        SyncAction::Load {
            data_source_id,
            sync_attachments,
            incremental_sync,
        } => {
            if !needs_load(sync, data_source_id) {
                return state;
            }
            if sync.mailbox != Some(data_source_id) {
                sync.mailbox = Some(data_source_id);
                sync.sync_attachments = sync_attachments;
                sync.incremental_sync = incremental_sync;
                sync.error = None;
                sync.categories_error = None;
                next.folder_picker = None;
                next.host_folder_tree = false;
                next.categories = Rc::default();
            }
            next.sync.load = Load::Loading;
        }
        SyncAction::Loaded {
            data_source_id,
            tree,
            categories,
        } => {
            if sync.mailbox != Some(data_source_id) {
                return state;
            }
            sync.load = Load::Loaded;
            next.folder_picker = Some(FolderPickerState::new(tree, &next.folders));
            next.host_folder_tree = false;
            set_categories(&mut next, categories);
        }
        SyncAction::CategoriesLoaded {
            data_source_id,
            categories,
        } => {
            if sync.mailbox != Some(data_source_id) {
                return state;
            }
            set_categories(&mut next, categories);
        }
        SyncAction::LoadFailed {
            data_source_id,
            failure,
        } => {
            if sync.mailbox != Some(data_source_id) {
                return state;
            }
            sync.load = Load::Failed(failure);
        }
        SyncAction::SetSyncAttachments(on) if on == sync.sync_attachments => return state,
        SyncAction::SetSyncAttachments(on) => sync.sync_attachments = on,
        SyncAction::SetIncrementalSync(on) if on == sync.incremental_sync => return state,
        SyncAction::SetIncrementalSync(on) => sync.incremental_sync = on,
        SyncAction::Reseed {
            sync_attachments,
            incremental_sync,
        } => {
            if (sync.sync_attachments, sync.incremental_sync) == (sync_attachments, incremental_sync) {
                return state;
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
        SyncAction::Started {
            data_source_id,
            runs,
            failed,
        } => {
            sync.sending = false;
            sync.error = None;
            sync.progress = Some(Rc::new(Progress {
                data_source_id,
                runs,
                failed,
                done: false,
                trouble: None,
                stopped: false,
            }));
            next.screen = Screen::Progress;
        }
        SyncAction::Counted { counts, done } => {
            let Some(progress) = sync.progress.as_mut() else {
                return state;
            };
            if counts.len() != progress.runs.len() {
                return state;
            }
            let progress = Rc::make_mut(progress);
            for (run, counts) in progress.runs.iter_mut().zip(counts) {
                run.counts = counts;
            }
            progress.done = done;
            progress.trouble = None;
        }
        SyncAction::CountFailed { failure, retrying } => {
            let Some(progress) = sync.progress.as_mut() else {
                return state;
            };
            let progress = Rc::make_mut(progress);
            progress.trouble = Some(failure);
            progress.stopped = !retrying;
        }
    }
    Rc::new(next)
}

/// Categories that arrived go to the picker; a failure keeps what the picker had and is shown beside it.
fn set_categories(next: &mut WidgetState, categories: Result<Rc<Vec<Category>>, Failure>) {
    match categories {
        Ok(categories) => {
            next.categories = categories;
            next.sync.categories_error = None;
        }
        Err(failure) => next.sync.categories_error = Some(failure),
    }
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

/// Why "Sync" cannot run now, if it cannot (what the button says).
pub fn refusal(state: &WidgetState) -> Option<Refusal> {
    let editor = &state.editor;
    if state.accounts.active.is_none() {
        Some(Refusal::NoAccount)
    } else if state.sync.sending {
        Some(Refusal::Busy)
    } else if editor.problems.iter().any(|problem| !problem.warning)
        || !editor.json_errors.is_empty()
    {
        Some(Refusal::InvalidFilter)
    } else if state.folders.is_empty() {
        Some(Refusal::NoFolder)
    } else {
        None
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

/// What "Sync" would send now, or why it cannot. `configured` is the config's `syncOptions`: its pass-through
/// options go out as given; the two switches come from the screen.
pub fn plan(state: &WidgetState, configured: &SyncOptions) -> Result<SyncPlan, Refusal> {
    let data_source_id = state.accounts.active.ok_or(Refusal::NoAccount)?;
    if let Some(refusal) = refusal(state) {
        return Err(refusal);
    }
    Ok(SyncPlan {
        data_source_id,
        folders: state.folders.clone(),
        filters: state.filters.clone(),
        options: SyncOptions {
            sync_attachments: state.sync.sync_attachments,
            incremental_sync: state.sync.incremental_sync,
            pass_through: configured.pass_through.clone(),
        },
    })
}

/// Each run's counts from the files listed for their `request_ids` (files of other syncs are ignored).
pub fn count_runs(runs: &[Run], files: &[UserFile]) -> Vec<StageCounts> {
    runs.iter()
        .map(|run| {
            StageCounts::tally(
                files
                    .iter()
                    .filter(|file| file.request_id.as_deref() == Some(run.request_id.as_str())),
            )
        })
        .collect()
}

/// Counts added up.
pub fn total<'a>(counts: impl IntoIterator<Item = &'a StageCounts>) -> StageCounts {
    let mut sum = StageCounts::default();
    for counts in counts {
        sum.queued += counts.queued;
        sum.syncing += counts.syncing;
        sum.ready += counts.ready;
        sum.failed += counts.failed;
    }
    sum
}

fn files_in(counts: &StageCounts) -> u32 {
    counts.queued + counts.syncing + counts.ready + counts.failed
}

/// When to count again and when to stop: the wait starts at [`FIRST_POLL_MS`], doubles while nothing changes
/// (up to [`MAX_POLL_MS`]) and starts over when the counts move. The syncs are done when every file is final and
/// the counts did not change since the previous count (more files may still be arriving otherwise); a sync with
/// no files yet needs [`EMPTY_POLLS_BEFORE_DONE`] unchanged counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Poller {
    wait_ms: u32,
    previous: Option<Vec<StageCounts>>,
    unchanged: u32,
}

impl Default for Poller {
    fn default() -> Self {
        Self {
            wait_ms: FIRST_POLL_MS,
            previous: None,
            unchanged: 0,
        }
    }
}

/// What a count means for the polling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Observed {
    /// The counts differ from the previous ones (send `sync_progress`).
    pub changed: bool,
    /// Every sync is finished (send `sync_completed`, stop polling).
    pub done: bool,
}

impl Poller {
    /// How long to wait before the next count.
    pub fn wait_ms(&self) -> u32 {
        self.wait_ms
    }

    /// Takes one count (one entry per run) and decides.
    pub fn observe(&mut self, counts: &[StageCounts]) -> Observed {
        let changed = self.previous.as_deref() != Some(counts);
        if changed {
            self.unchanged = 0;
            self.wait_ms = FIRST_POLL_MS;
            self.previous = Some(counts.to_vec());
        } else {
            self.unchanged += 1;
            self.back_off();
        }
        let all_final = counts.iter().all(StageCounts::is_settled);
        let needed = if counts.iter().any(|c| files_in(c) == 0) {
            EMPTY_POLLS_BEFORE_DONE
        } else {
            1
        };
        Observed {
            changed,
            done: all_final && self.unchanged >= needed,
        }
    }

    /// A count failed: wait longer before the next one.
    pub fn failed(&mut self) {
        self.back_off();
    }

    fn back_off(&mut self) {
        self.wait_ms = self.wait_ms.saturating_mul(2).min(MAX_POLL_MS);
    }
}

/// Whether a failed count is worth repeating: the connection or the server may come back, and a garbled answer
/// may be a one-off; a refused token or access will not change by waiting.
pub fn keeps_polling(error: &ApiError) -> bool {
    error.is_transient() || matches!(error.kind, ApiErrorKind::Offline | ApiErrorKind::Malformed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::request;
    use crate::state::draft::Edit;
    use crate::state::folders::tests::sample;
    use crate::state::Action;
    use outlook_connect_filter::parse_str;
    use serde_json::json;
    use yew::Reducible;

    fn start() -> Rc<WidgetState> {
        Rc::new(WidgetState::new(Filter::Empty, vec!["Inbox".to_owned()]))
    }

    fn act(state: Rc<WidgetState>, action: SyncAction) -> Rc<WidgetState> {
        state.reduce(Action::Sync(action))
    }

    fn load(id: i64) -> SyncAction {
        SyncAction::Load {
            data_source_id: id,
            sync_attachments: true,
            incremental_sync: false,
        }
    }

    fn loaded(id: i64) -> SyncAction {
        SyncAction::Loaded {
            data_source_id: id,
            tree: Rc::new(sample()),
            categories: Ok(Rc::new(vec![])),
        }
    }

    fn failure(code: &'static str) -> Failure {
        Failure {
            code,
            message: "it broke".into(),
            folder: None,
        }
    }

    fn counts(queued: u32, syncing: u32, ready: u32, failed: u32) -> StageCounts {
        StageCounts {
            queued,
            syncing,
            ready,
            failed,
        }
    }

    #[test]
    fn opening_a_mailbox_loads_once_and_keeps_what_is_loaded() {
        let state = act(start(), load(7));
        assert_eq!(state.sync.load, Load::Loading);
        assert!(state.sync.sync_attachments, "seeded from the config");
        let state = act(state, loaded(7));
        assert_eq!(state.sync.load, Load::Loaded);
        assert!(state.folder_picker.is_some());
        assert!(!needs_load(&state.sync, 7));
        let again = act(state.clone(), load(7));
        assert!(
            Rc::ptr_eq(&state, &again),
            "a second open keeps what is loaded"
        );
        assert!(needs_load(&state.sync, 8));
    }

    #[test]
    fn categories_that_fail_keep_the_folder_tree_and_can_be_tried_again() {
        let state = act(
            act(start(), load(7)),
            SyncAction::Loaded {
                data_source_id: 7,
                tree: Rc::new(sample()),
                categories: Err(failure("server_error")),
            },
        );
        assert_eq!(state.sync.load, Load::Loaded, "the folders loaded");
        assert!(state.folder_picker.is_some(), "the tree is shown");
        assert_eq!(state.sync.categories_error, Some(failure("server_error")));
        let work = Rc::new(vec![Category {
            id: "c1".into(),
            name: "Work".into(),
            color: "preset0".into(),
        }]);
        let state = act(
            state,
            SyncAction::CategoriesLoaded {
                data_source_id: 7,
                categories: Ok(work.clone()),
            },
        );
        assert_eq!(state.sync.categories_error, None);
        assert_eq!(state.categories, work);
        let late = act(
            state.clone(),
            SyncAction::CategoriesLoaded {
                data_source_id: 8,
                categories: Err(failure("offline")),
            },
        );
        assert!(Rc::ptr_eq(&state, &late), "another mailbox's answer is ignored");
    }

    #[test]
    fn new_host_sync_options_reach_the_switches_of_the_open_mailbox() {
        let state = act(act(start(), load(7)), loaded(7));
        assert!(state.sync.sync_attachments && !state.sync.incremental_sync);
        let state = act(
            state,
            SyncAction::Reseed {
                sync_attachments: false,
                incremental_sync: true,
            },
        );
        assert!(!state.sync.sync_attachments && state.sync.incremental_sync);
        let same = act(
            state.clone(),
            SyncAction::Reseed {
                sync_attachments: false,
                incremental_sync: true,
            },
        );
        assert!(Rc::ptr_eq(&state, &same), "no change, no re-render");
    }

    #[test]
    fn a_failed_load_can_be_retried_and_a_late_answer_for_another_mailbox_is_ignored() {
        let state = act(start(), load(7));
        let state = act(
            state,
            SyncAction::LoadFailed {
                data_source_id: 7,
                failure: failure("offline"),
            },
        );
        assert_eq!(state.sync.load, Load::Failed(failure("offline")));
        assert!(needs_load(&state.sync, 7));
        let state = act(state, load(7));
        assert_eq!(state.sync.load, Load::Loading);
        let state = act(state, load(8));
        let late = act(state.clone(), loaded(7));
        assert!(Rc::ptr_eq(&state, &late));
        assert!(state.folder_picker.is_none());
    }

    #[test]
    fn options_are_seeded_per_mailbox_and_kept_when_reopened() {
        let state = act(act(start(), load(7)), SyncAction::SetSyncAttachments(false));
        let state = act(state, SyncAction::SetIncrementalSync(true));
        let state = act(act(state, loaded(7)), load(7));
        assert!(!state.sync.sync_attachments && state.sync.incremental_sync);
        let other = act(state, load(8));
        assert!(other.sync.sync_attachments && !other.sync.incremental_sync);
    }

    fn ready_to_sync() -> Rc<WidgetState> {
        let state = start().reduce(Action::Accounts(crate::state::accounts::AccountsAction::Activate(
            7,
        )));
        act(act(state, load(7)), loaded(7))
    }

    #[test]
    fn the_plan_covers_each_selected_folder_with_the_screen_options_and_the_host_pass_through() {
        let filter = parse_str(r#"{"key": "category", "value": "Personal"}"#)
            .unwrap()
            .filter;
        let state = ready_to_sync()
            .reduce(Action::SetFilters(filter.clone()))
            .reduce(Action::SetFolders(vec!["Inbox".into(), "Archive".into()]));
        let state = act(state, SyncAction::SetIncrementalSync(true));
        let mut configured = SyncOptions::default();
        configured
            .pass_through
            .insert("chunk_size".into(), json!(800));
        let plan = plan(&state, &configured).unwrap();
        assert_eq!(plan.folders, ["Inbox", "Archive"]);
        let sync = request::OutlookSync {
            data_source_id: plan.data_source_id,
            folder: &plan.folders[1],
            filters: &plan.filters,
            request_id: "r-2",
            options: &plan.options,
        };
        assert_eq!(
            request::outlook_sync(&sync).body,
            Some(json!({
                "data_source_id": 7, "folder": "Archive", "request_id": "r-2",
                "filters": {"key": "category", "value": "Personal"},
                "sync_attachments": true, "incremental_sync": true, "chunk_size": 800
            }))
        );
    }

    #[test]
    fn an_invalid_filter_is_never_sent_and_the_edits_stay() {
        let state = ready_to_sync();
        assert!(plan(&state, &SyncOptions::default()).is_ok());
        let broken = state.reduce(Action::SetJsonText("{\"key\": ".into()));
        assert_eq!(
            plan(&broken, &SyncOptions::default()),
            Err(Refusal::InvalidFilter)
        );
        assert_eq!(
            broken.editor.json_text, "{\"key\": ",
            "the typed text stays"
        );
        let state = ready_to_sync().reduce(Action::Edit(Edit::AddCondition {
            group: crate::state::draft::ROOT,
        }));
        assert!(state.editor.problems.iter().any(|p| !p.warning));
        assert_eq!(
            plan(&state, &SyncOptions::default()),
            Err(Refusal::InvalidFilter)
        );
    }

    #[test]
    fn sync_is_refused_without_a_mailbox_a_folder_or_while_sending() {
        assert_eq!(
            plan(&start(), &SyncOptions::default()),
            Err(Refusal::NoAccount)
        );
        let none = ready_to_sync().reduce(Action::SetFolders(vec![]));
        assert_eq!(plan(&none, &SyncOptions::default()), Err(Refusal::NoFolder));
        let sending = act(ready_to_sync(), SyncAction::Sending);
        assert_eq!(plan(&sending, &SyncOptions::default()), Err(Refusal::Busy));
        let screen_before = sending.screen;
        let failed = act(sending, SyncAction::Failed(failure("server_error")));
        assert!(!failed.sync.sending);
        assert_eq!(failed.sync.error, Some(failure("server_error")));
        assert_eq!(failed.screen, screen_before, "a failure stays where it was");
        assert_eq!(Refusal::NoFolder.error_code().as_str(), "no_folder");
    }

    fn run(folder: &str, request_id: &str) -> Run {
        Run {
            folder: folder.into(),
            request_id: request_id.into(),
            counts: StageCounts::default(),
        }
    }

    fn file(id: i64, request_id: &str, status: &str) -> UserFile {
        UserFile {
            request_id: Some(request_id.into()),
            ..UserFile::sample(id, status)
        }
    }

    #[test]
    fn counts_are_per_request_id_and_add_up_to_the_total() {
        let runs = [run("Inbox", "a"), run("Archive", "b")];
        let files = [
            file(1, "a", "READY"),
            file(2, "a", "SYNCING"),
            file(3, "b", "QUEUED_FOR_SYNC"),
            file(4, "b", "SYNC_ERROR"),
            file(5, "other", "READY"),
        ];
        let counted = count_runs(&runs, &files);
        assert_eq!(counted, [counts(0, 1, 1, 0), counts(1, 0, 0, 1)]);
        assert_eq!(total(&counted), counts(1, 1, 1, 1));
    }

    #[test]
    fn starting_shows_progress_and_counts_update_it() {
        let state = act(ready_to_sync(), SyncAction::Sending);
        let state = act(
            state,
            SyncAction::Started {
                data_source_id: 7,
                runs: vec![run("Inbox", "a"), run("Archive", "b")],
                failed: vec![],
            },
        );
        assert_eq!(state.screen, Screen::Progress);
        assert!(!state.sync.sending);
        let progress = state.sync.progress.clone().unwrap();
        assert_eq!(progress.request_ids(), ["a", "b"]);
        let state = act(
            state,
            SyncAction::CountFailed {
                failure: failure("offline"),
                retrying: true,
            },
        );
        let progress = state.sync.progress.clone().unwrap();
        assert!(progress.trouble.is_some() && !progress.stopped);
        let state = act(
            state,
            SyncAction::Counted {
                counts: vec![counts(0, 0, 2, 0), counts(0, 0, 1, 1)],
                done: true,
            },
        );
        let progress = state.sync.progress.clone().unwrap();
        assert!(progress.done && progress.trouble.is_none());
        assert_eq!(progress.total(), counts(0, 0, 3, 1));
        let wrong = act(
            state.clone(),
            SyncAction::Counted {
                counts: vec![counts(1, 0, 0, 0)],
                done: false,
            },
        );
        assert!(
            Rc::ptr_eq(&state, &wrong),
            "counts for other runs are ignored"
        );
    }

    #[test]
    fn a_count_refused_for_good_says_counting_stopped_not_trying_again() {
        let state = act(
            ready_to_sync(),
            SyncAction::Started {
                data_source_id: 7,
                runs: vec![run("Inbox", "a")],
                failed: vec![],
            },
        );
        let state = act(
            state,
            SyncAction::CountFailed {
                failure: failure("unauthorized"),
                retrying: false,
            },
        );
        let progress = state.sync.progress.clone().unwrap();
        assert!(progress.stopped, "a 401 or 422 stops polling: the screen must say so");
        assert_eq!(progress.trouble, Some(failure("unauthorized")));
    }

    #[test]
    fn polling_backs_off_while_nothing_changes_and_starts_over_on_change() {
        let mut poller = Poller::default();
        assert_eq!(poller.wait_ms(), 1_000);
        let moving = poller.observe(&[counts(3, 0, 0, 0)]);
        assert_eq!((moving.changed, moving.done), (true, false));
        assert_eq!(poller.wait_ms(), 1_000);
        let mut waits = vec![];
        for _ in 0..5 {
            poller.observe(&[counts(3, 0, 0, 0)]);
            waits.push(poller.wait_ms());
        }
        assert_eq!(waits, [2_000, 4_000, 8_000, 8_000, 8_000]);
        poller.observe(&[counts(1, 2, 0, 0)]);
        assert_eq!(poller.wait_ms(), 1_000, "progress starts the schedule over");
        poller.failed();
        assert_eq!(poller.wait_ms(), 2_000);
    }

    #[test]
    fn done_needs_every_file_final_and_the_same_counts_twice() {
        let mut poller = Poller::default();
        assert!(
            !poller.observe(&[counts(0, 0, 5, 0)]).done,
            "more files may still come"
        );
        let settled = poller.observe(&[counts(0, 0, 5, 0)]);
        assert_eq!((settled.changed, settled.done), (false, true));

        let mut poller = Poller::default();
        poller.observe(&[counts(0, 1, 4, 0)]);
        assert!(
            !poller.observe(&[counts(0, 1, 4, 0)]).done,
            "a file is still syncing"
        );
    }

    #[test]
    fn zero_files_right_after_the_request_is_not_done() {
        let mut poller = Poller::default();
        let seen: Vec<bool> = (0..4)
            .map(|_| {
                poller
                    .observe(&[counts(0, 0, 0, 0), counts(0, 0, 2, 0)])
                    .done
            })
            .collect();
        assert_eq!(seen, [false, false, false, true]);
    }

    #[test]
    fn polling_goes_on_through_outages_but_not_refusals() {
        let offline = ApiError::new(ApiErrorKind::Offline, "offline");
        let server = ApiError::new(ApiErrorKind::Server { status: 502 }, "down");
        let refused = ApiError::new(ApiErrorKind::Forbidden, "no");
        assert!(keeps_polling(&offline) && keeps_polling(&server));
        assert!(!keeps_polling(&refused));
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
