//! The sync slice (`state/sync.rs`) and the progress slice (`state/progress.rs`) through the root reducer, with
//! the rules that cross into other slices: opening a mailbox, its folders arriving, "Sync" being accepted, and
//! what "Sync" would send.

use crate::api::{request, StageCounts};
use crate::config::SyncOptions;
use crate::state::accounts::AccountsAction;
use crate::state::categories::Category;
use crate::state::draft::{Edit, ROOT};
use crate::state::failure::Failure;
use crate::state::folders::tests::sample;
use crate::state::progress::{ProgressAction, Run};
use crate::state::sync::*;
use crate::state::{plan, Action, Screen, WidgetState};
use outlook_connect_filter::{parse_str, Filter};
use serde_json::json;
use std::rc::Rc;
use yew::Reducible;

fn start() -> Rc<WidgetState> {
    Rc::new(WidgetState::new(Filter::Empty, vec!["Inbox".to_owned()]))
}

/// Lets a test pass a sync action, a progress action or a root action alike.
trait IntoAction {
    fn into_action(self) -> Action;
}

impl IntoAction for SyncAction {
    fn into_action(self) -> Action {
        Action::Sync(self)
    }
}

impl IntoAction for ProgressAction {
    fn into_action(self) -> Action {
        Action::Progress(self)
    }
}

impl IntoAction for Action {
    fn into_action(self) -> Action {
        self
    }
}

fn act(state: Rc<WidgetState>, action: impl IntoAction) -> Rc<WidgetState> {
    state.reduce(action.into_action())
}

fn load(id: i64) -> SyncAction {
    SyncAction::Load {
        data_source_id: id,
        sync_attachments: true,
        incremental_sync: false,
    }
}

fn loaded(id: i64) -> Action {
    Action::MailboxLoaded {
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
        Action::MailboxLoaded {
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
        Action::CategoriesLoaded {
            data_source_id: 7,
            categories: Ok(work.clone()),
        },
    );
    assert_eq!(state.sync.categories_error, None);
    assert_eq!(state.categories, work);
    let late = act(
        state.clone(),
        Action::CategoriesLoaded {
            data_source_id: 8,
            categories: Err(failure("offline")),
        },
    );
    assert!(
        Rc::ptr_eq(&state, &late),
        "another mailbox's answer is ignored"
    );
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
    let state = start().reduce(Action::Accounts(AccountsAction::Activate(7)));
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
    let state = ready_to_sync().reduce(Action::Edit(Edit::AddCondition { group: ROOT }));
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

#[test]
fn starting_shows_progress_and_counts_update_it() {
    let state = act(ready_to_sync(), SyncAction::Sending);
    let state = act(
        state,
        ProgressAction::Started {
            data_source_id: 7,
            runs: vec![run("Inbox", "a"), run("Archive", "b")],
            failed: vec![],
        },
    );
    assert_eq!(state.screen, Screen::Progress);
    assert!(!state.sync.sending);
    let progress = state.progress.clone().unwrap();
    assert_eq!(progress.request_ids(), ["a", "b"]);
    let state = act(
        state,
        ProgressAction::CountFailed {
            failure: failure("offline"),
            retrying: true,
        },
    );
    let progress = state.progress.clone().unwrap();
    assert!(progress.trouble.is_some() && !progress.stopped);
    let state = act(
        state,
        ProgressAction::Counted {
            counts: vec![StageCounts::of(0, 0, 2, 0), StageCounts::of(0, 0, 1, 1)],
            done: true,
        },
    );
    let progress = state.progress.clone().unwrap();
    assert!(progress.done && progress.trouble.is_none());
    assert_eq!(progress.total(), StageCounts::of(0, 0, 3, 1));
    let wrong = act(
        state.clone(),
        ProgressAction::Counted {
            counts: vec![StageCounts::of(1, 0, 0, 0)],
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
        ProgressAction::Started {
            data_source_id: 7,
            runs: vec![run("Inbox", "a")],
            failed: vec![],
        },
    );
    let state = act(
        state,
        ProgressAction::CountFailed {
            failure: failure("unauthorized"),
            retrying: false,
        },
    );
    let progress = state.progress.clone().unwrap();
    assert!(
        progress.stopped,
        "a 401 or 422 stops polling: the screen must say so"
    );
    assert_eq!(progress.trouble, Some(failure("unauthorized")));
}
