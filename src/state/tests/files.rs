//! The Files screen's slice (`state/files.rs`) and the auto-sync switch (`state/auto_sync.rs`), through the root
//! reducer.

use crate::api::UserFile;
use crate::state::auto_sync::AutoSyncAction;
use crate::state::files::*;
use crate::state::{Action, WidgetState};
use outlook_connect_filter::Filter;
use std::rc::Rc;
use yew::Reducible;

fn file(id: i64, status: &str) -> UserFile {
    UserFile {
        source_created_at: Some("2024-01-07T09:30:00Z".into()),
        ..UserFile::sample(id, status)
    }
}

fn files(action: FilesAction) -> Action {
    Action::Files(action)
}

/// The Files screen of mailbox 7 with page 1 (ids 1..=3 of 3) loaded.
fn loaded() -> Rc<WidgetState> {
    let state = Rc::new(WidgetState::new(Filter::Empty, vec![]))
        .reduce(files(FilesAction::Open { data_source_id: 7 }));
    let serial = state.files.serial;
    state.reduce(files(FilesAction::Loaded {
        serial,
        files: vec![file(1, "READY"), file(2, "SYNCING"), file(3, "READY")],
        count: 3,
    }))
}

#[test]
fn opening_loads_page_one_and_a_stale_answer_is_dropped() {
    let state = loaded();
    assert!(!state.files.loading);
    assert_eq!(state.files.page.as_ref().unwrap().files.len(), 3);
    let old_serial = state.files.serial;
    let state = state.reduce(files(FilesAction::Load {
        offset: 20,
        search: String::new(),
    }));
    assert!(state.files.loading);
    let same = state.clone().reduce(files(FilesAction::Loaded {
        serial: old_serial,
        files: vec![],
        count: 0,
    }));
    assert!(Rc::ptr_eq(&state, &same));
    let same = state.clone().reduce(files(FilesAction::LoadFailed {
        serial: old_serial,
        message: "late".into(),
    }));
    assert!(Rc::ptr_eq(&state, &same));
}

#[test]
fn a_failed_load_keeps_the_last_page_and_says_why() {
    let state = loaded();
    let serial = state.files.serial.wrapping_add(1);
    let state = state
        .reduce(files(FilesAction::Load {
            offset: 0,
            search: String::new(),
        }))
        .reduce(files(FilesAction::LoadFailed {
            serial,
            message: "The API failed (HTTP 500)".into(),
        }));
    assert!(!state.files.loading);
    assert_eq!(
        state.files.load_error.as_deref(),
        Some("The API failed (HTTP 500)")
    );
    assert!(state.files.page.is_some());
}

#[test]
fn selection_holds_only_ids_on_the_page() {
    let state = loaded().reduce(files(FilesAction::Toggle(2)));
    assert_eq!(state.files.selected, vec![2]);
    let same = state.clone().reduce(files(FilesAction::Toggle(99)));
    assert!(
        Rc::ptr_eq(&state, &same),
        "an id not on the page is not selected"
    );
    let state = state.reduce(files(FilesAction::SelectPage(true)));
    assert_eq!(state.files.selected, vec![1, 2, 3]);
    assert!(state.files.all_selected());
    let state = state.reduce(files(FilesAction::Toggle(1)));
    assert!(!state.files.all_selected());
    let state = state.reduce(files(FilesAction::SelectPage(false)));
    assert!(state.files.selected.is_empty());
}

#[test]
fn a_new_page_keeps_only_the_selected_ids_it_shows() {
    let state = loaded().reduce(files(FilesAction::SelectPage(true)));
    let serial = state.files.serial.wrapping_add(1);
    let state = state
        .reduce(files(FilesAction::Load {
            offset: 0,
            search: String::new(),
        }))
        .reduce(files(FilesAction::Loaded {
            serial,
            files: vec![file(3, "READY"), file(4, "READY")],
            count: 2,
        }));
    assert_eq!(state.files.selected, vec![3]);
}

#[test]
fn a_new_search_clears_the_selection_and_starts_at_page_one() {
    let state = loaded()
        .reduce(files(FilesAction::Toggle(1)))
        .reduce(files(FilesAction::Typed("invoice".into())));
    assert!(state.files.search_pending());
    let state = state.reduce(files(FilesAction::Load {
        offset: 0,
        search: "invoice".into(),
    }));
    assert!(state.files.selected.is_empty());
    assert_eq!(
        state.files.query().unwrap().name.as_deref(),
        Some("invoice")
    );
    assert!(!state.files.search_pending());
}

#[test]
fn after_a_resync_each_row_says_how_it_went_and_the_selection_stays() {
    let state = loaded().reduce(files(FilesAction::SelectPage(true)));
    let state = state.reduce(files(FilesAction::Started(Work::Resyncing)));
    assert_eq!(state.files.working, Some(Work::Resyncing));
    let same = state.clone().reduce(files(FilesAction::Toggle(1)));
    assert!(
        Rc::ptr_eq(&state, &same),
        "the selection is frozen while working"
    );
    let state = state.reduce(files(FilesAction::Resynced(vec![
        (1, ResyncOutcome::Resynced),
        (2, ResyncOutcome::StillSyncing),
        (3, ResyncOutcome::Failed("boom".into())),
    ])));
    assert_eq!(state.files.working, None);
    assert_eq!(state.files.selected, vec![1, 2, 3]);
    assert_eq!(state.files.note(2), Some(&ResyncOutcome::StillSyncing));
    assert_eq!(state.files.note(1), Some(&ResyncOutcome::Resynced));
}

#[test]
fn nothing_starts_without_a_selection_or_while_working() {
    let state = loaded();
    for action in [
        FilesAction::Started(Work::Resyncing),
        FilesAction::ConfirmDelete(true),
    ] {
        let same = state.clone().reduce(files(action));
        assert!(Rc::ptr_eq(&state, &same));
    }
    let state = state
        .reduce(files(FilesAction::Toggle(1)))
        .reduce(files(FilesAction::Started(Work::Deleting)));
    let same = state
        .clone()
        .reduce(files(FilesAction::Started(Work::Resyncing)));
    assert!(Rc::ptr_eq(&state, &same));
}

#[test]
fn delete_confirms_then_drops_the_deleted_or_keeps_the_selection_on_failure() {
    let state = loaded()
        .reduce(files(FilesAction::Toggle(1)))
        .reduce(files(FilesAction::Toggle(3)))
        .reduce(files(FilesAction::ConfirmDelete(true)));
    assert!(state.files.confirming_delete);
    let state = state.reduce(files(FilesAction::Started(Work::Deleting)));
    assert!(!state.files.confirming_delete);
    let failed = state
        .clone()
        .reduce(files(FilesAction::DeleteFailed(DeleteProblem::Api(
            "nope".into(),
        ))));
    assert_eq!(failed.files.selected, vec![1, 3]);
    assert_eq!(
        failed.files.delete_problem,
        Some(DeleteProblem::Api("nope".into()))
    );
    let deleted = state.reduce(files(FilesAction::Deleted(vec![1, 3])));
    assert!(deleted.files.selected.is_empty());
    assert_eq!(deleted.files.working, None);
}

#[test]
fn changing_the_selection_closes_the_confirmation() {
    let state = loaded()
        .reduce(files(FilesAction::SelectPage(true)))
        .reduce(files(FilesAction::ConfirmDelete(true)))
        .reduce(files(FilesAction::Toggle(2)));
    assert!(!state.files.confirming_delete);
}

#[test]
fn opening_another_mailbox_starts_fresh_but_keeps_the_auto_sync_switch() {
    let state = loaded()
        .reduce(files(FilesAction::Toggle(1)))
        .reduce(Action::AutoSync(AutoSyncAction::Started { enabled: true }));
    let state = state.reduce(files(FilesAction::Open { data_source_id: 8 }));
    assert_eq!(state.files.data_source_id, Some(8));
    assert!(state.files.selected.is_empty() && state.files.page.is_none());
    assert!(state.files.loading);
    assert!(state.auto_sync.busy);
}

#[test]
fn the_auto_sync_switch_waits_for_the_host_and_goes_back_on_failure() {
    let state = loaded().reduce(Action::AutoSync(AutoSyncAction::Started { enabled: true }));
    let switch = &state.auto_sync;
    assert!(switch.busy && switch.enabled(false));
    assert!(
        !switch.should_change(false, false),
        "no second call while one runs"
    );
    let failed = state
        .clone()
        .reduce(Action::AutoSync(AutoSyncAction::Failed {
            previous: false,
            reason: "backend down".into(),
        }));
    let switch = &failed.auto_sync;
    assert!(!switch.busy && !switch.enabled(false));
    assert_eq!(switch.error.as_deref(), Some("backend down"));
    let done = state.reduce(Action::AutoSync(AutoSyncAction::Done));
    assert!(!done.auto_sync.busy && done.auto_sync.enabled(false));
    let host = done.reduce(Action::AutoSync(AutoSyncAction::HostChanged));
    assert!(
        !host.auto_sync.enabled(false),
        "the host's value rules again"
    );
}
