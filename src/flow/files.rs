//! The files part of the flow (see [`super`]): loading the synced e-mails list, search with a short pause,
//! resync and delete of the selected e-mails (with their events), and the auto-sync switch's call to the host.
//!
//! Every decision (which page, what a 409 means, what stays selected) is in `crate::state::files`; this only calls
//! the API or the host and reports back through actions and events.

use crate::api::Transport;
use crate::errors::ErrorCode;
use crate::events::Event;
use crate::runtime::{Cancel, Ctx};
use crate::state::accounts::AccountsAction;
use crate::state::auto_sync::AutoSyncAction;
use crate::state::files::{DeleteProblem, FilesAction, ResyncOutcome, Work};
use crate::state::{Action, Screen};
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};

/// How long the search box waits after the last keystroke before it searches.
const SEARCH_PAUSE: Duration = Duration::from_millis(400);

pub use crate::intent::files::Intent;

pub fn run(ctx: &Ctx, intent: Intent) {
    match intent {
        Intent::Open { data_source_id } => {
            ctx.flow(|flow| {
                flow.files.cancel();
                flow.files = Cancel::default();
            });
            ctx.dispatch(Action::Accounts(AccountsAction::Activate(data_source_id)));
            ctx.dispatch(Action::Files(FilesAction::Open { data_source_id }));
            ctx.dispatch(Action::Navigate(Screen::Files));
            fetch_page(ctx);
        }
        Intent::Typed(text) => {
            ctx.dispatch(Action::Files(FilesAction::Typed(text.clone())));
            search_after_pause(ctx, text);
        }
        Intent::Search => search_now(ctx),
        Intent::Page { offset } => {
            let Some(state) = ctx.state() else { return };
            load(ctx, offset, state.files.applied_search.clone());
        }
        Intent::Reload => {
            let Some(state) = ctx.state() else { return };
            load(ctx, state.files.offset, state.files.applied_search.clone());
        }
        Intent::ResyncSelected => resync_selected(ctx),
        Intent::DeleteSelected => delete_selected(ctx),
        Intent::SetAutoSync(enabled) => set_auto_sync(ctx, enabled),
    }
}

/// Starts loading the page at `offset` for `search`.
fn load(ctx: &Ctx, offset: u32, search: String) {
    ctx.dispatch(Action::Files(FilesAction::Load { offset, search }));
    fetch_page(ctx);
}

/// Searches for what the box holds, from page 1, unless the list already shows that search.
fn search_now(ctx: &Ctx) {
    let Some(state) = ctx.state() else { return };
    if state.files.search_pending() {
        load(ctx, 0, state.files.search.trim().to_owned());
    }
}

fn search_after_pause(ctx: &Ctx, typed: String) {
    let Some(client) = ctx.client() else { return };
    let ctx = ctx.clone();
    spawn_local(async move {
        client.transport().sleep(SEARCH_PAUSE).await;
        // Only the last keystroke's pause searches.
        if ctx.state().is_some_and(|state| state.files.search == typed) {
            search_now(&ctx);
        }
    });
}

/// Asks the API for the page the state says is loading, and reports the answer under the load's serial.
fn fetch_page(ctx: &Ctx) {
    let Some(state) = ctx.state() else { return };
    let Some(query) = state.files.query() else {
        return;
    };
    let serial = state.files.serial;
    let (Some(client), Some(cancel)) = (ctx.client(), ctx.flow(|flow| flow.files.clone())) else {
        return;
    };
    let ctx = ctx.clone();
    spawn_local(async move {
        let answer = client.user_files_v2(&query).await;
        if cancel.is_cancelled() {
            return;
        }
        match answer {
            Ok(listed) => {
                let count = u32::try_from(listed.count.max(0)).unwrap_or(u32::MAX);
                ctx.dispatch(Action::Files(FilesAction::Loaded {
                    serial,
                    files: listed.results,
                    count,
                }));
                let refetch = ctx.state().and_then(|state| {
                    let files = &state.files;
                    let page = files.page.as_ref().filter(|_| files.serial == serial)?;
                    Some((page.refetch_offset()?, files.applied_search.clone()))
                });
                if let Some((offset, search)) = refetch {
                    load(&ctx, offset, search);
                }
            }
            Err(error) => {
                ctx.dispatch(Action::Files(FilesAction::LoadFailed {
                    serial,
                    message: error.message.clone(),
                }));
                ctx.emit_api_error(&error);
            }
        }
    });
}

/// The selected ids, after marking `work` as started; `None` when nothing may start.
fn start(ctx: &Ctx, work: Work) -> Option<Vec<i64>> {
    let before = ctx.state()?;
    ctx.dispatch(Action::Files(FilesAction::Started(work)));
    let after = ctx.state()?;
    (before.files.working.is_none() && after.files.working == Some(work))
        .then(|| after.files.selected.clone())
}

fn resync_selected(ctx: &Ctx) {
    let Some(client) = ctx.client() else { return };
    let Some(ids) = start(ctx, Work::Resyncing) else {
        return;
    };
    let ctx = ctx.clone();
    spawn_local(async move {
        let mut outcomes = Vec::with_capacity(ids.len());
        for file_id in ids {
            let answer = client.resync_file(file_id).await;
            let outcome = ResyncOutcome::of(&answer);
            match (&outcome, answer) {
                (ResyncOutcome::Resynced, _) => {
                    ctx.emit(Event::FileResynced { file_id });
                }
                (ResyncOutcome::Failed(_), Err(error)) => ctx.emit_api_error(&error),
                _ => {}
            }
            outcomes.push((file_id, outcome));
        }
        ctx.dispatch(Action::Files(FilesAction::Resynced(outcomes)));
        run(&ctx, Intent::Reload);
    });
}

fn delete_selected(ctx: &Ctx) {
    let Some(client) = ctx.client() else { return };
    let Some(ids) = start(ctx, Work::Deleting) else {
        return;
    };
    let ctx = ctx.clone();
    spawn_local(async move {
        match client.delete_files_v2(&ids).await {
            Ok(answer) if answer.success => {
                ctx.emit(Event::FileDeleted {
                    file_ids: ids.clone(),
                });
                ctx.dispatch(Action::Files(FilesAction::Deleted(ids)));
                run(&ctx, Intent::Reload);
            }
            Ok(_) => {
                ctx.dispatch(Action::Files(FilesAction::DeleteFailed(
                    DeleteProblem::NotDone,
                )));
                ctx.emit(Event::error(
                    "api_error",
                    "delete_files_v2 answered success: false; nothing was deleted",
                ));
            }
            Err(error) => {
                ctx.dispatch(Action::Files(FilesAction::DeleteFailed(
                    DeleteProblem::Api(error.message.clone()),
                )));
                ctx.emit_api_error(&error);
            }
        }
    });
}

/// Calls the host's `autoSync.onChange(enabled)`; the switch waits for its promise and goes back if it fails.
fn set_auto_sync(ctx: &Ctx, enabled: bool) {
    let host = ctx
        .config(|config| {
            config
                .auto_sync
                .as_ref()
                .map(|auto_sync| (auto_sync.on_change.clone(), auto_sync.enabled))
        })
        .flatten();
    let (Some((on_change, host_enabled)), Some(state)) = (host, ctx.state()) else {
        return;
    };
    let switch = &state.auto_sync;
    if !switch.should_change(host_enabled, enabled) {
        return;
    }
    let previous = switch.enabled(host_enabled);
    ctx.dispatch(Action::AutoSync(AutoSyncAction::Started { enabled }));
    // Called with no borrow held: the host may call back into the widget.
    let called = on_change.call1(&JsValue::UNDEFINED, &JsValue::from_bool(enabled));
    let ctx = ctx.clone();
    spawn_local(async move {
        let settled = match called {
            // A plain value counts as done; a promise (or thenable) is waited for.
            Ok(value) => JsFuture::from(crate::bridge::settled(&value))
                .await
                .map(drop),
            Err(thrown) => Err(thrown),
        };
        match settled {
            Ok(()) => ctx.dispatch(Action::AutoSync(AutoSyncAction::Done)),
            Err(reason) => {
                let reason = reason_text(&reason);
                ctx.dispatch(Action::AutoSync(AutoSyncAction::Failed {
                    previous,
                    reason: reason.clone(),
                }));
                let message = format!("autoSync.onChange({enabled}) failed: {reason}");
                ctx.emit(Event::error(ErrorCode::AutoSyncFailed.as_str(), message));
            }
        }
    });
}

/// What a host's rejection says: an `Error`'s message, a string as is, anything else as JSON.
fn reason_text(reason: &JsValue) -> String {
    if let Some(error) = reason.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    if let Some(text) = reason.as_string() {
        return text;
    }
    js_sys::JSON::stringify(reason)
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_else(|| "no reason given".to_owned())
}
