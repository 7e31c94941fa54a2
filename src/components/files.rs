//! The Files screen: the active mailbox's synced e-mails — search, pages, multi-select, resync, delete after an
//! in-widget confirmation, Refresh — plus the auto-sync switch. Subjects are rendered as text nodes, never markup.
//!
//! A plain view function: everything it shows is in `WidgetState::files`; what needs the API goes out as a
//! `flow::files::Intent`, pure changes (selection, the confirmation) as actions.

use super::auto_sync::auto_sync_switch;
use super::{button, escape_means, send, ScreenArgs, View};
use crate::api::{SyncStage, UserFile};
use crate::i18n::{self, fill, Strings};
use crate::intent::{files, sync, Intent};
use crate::state::files::{
    received_day, status_stage, DeleteProblem, FilePage, FilesAction, ResyncOutcome,
};
use crate::state::{Action, WidgetState};
use outlook_connect_filter::summary::format_date;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The render function the Files chunk hands over (see `lazy.rs`).
pub(super) fn render(args: &ScreenArgs) -> Html {
    files_screen(args.view, args.state, args.dispatch, args.intent)
}

pub fn files_screen(
    view: &View,
    state: &WidgetState,
    dispatch: &Callback<Action>,
    intent: &Callback<Intent>,
) -> Html {
    let text = view.strings;
    let files = &state.files;
    let oninput = intent.reform(|event: InputEvent| {
        let input: HtmlInputElement = event.target_unchecked_into();
        Intent::Files(files::Intent::Typed(input.value()))
    });
    let onkeydown = {
        let intent = intent.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Enter" {
                event.prevent_default();
                intent.emit(Intent::Files(files::Intent::Search));
            }
        })
    };
    let reload = send(intent, Intent::Files(files::Intent::Reload));
    html! {
        <section class="oc-card" part="card" aria-labelledby="oc-files-title">
            <h2 id="oc-files-title" class="oc-title oc-files-title" part="title">{ text.files_title }</h2>
            { auto_sync_switch(view, state, intent) }
            <div class="oc-files-toolbar">
                <label class="oc-visually-hidden" for="oc-files-search">{ text.files_search_label }</label>
                <input id="oc-files-search" type="search" class="oc-input oc-files-search" part="files-search"
                       placeholder={text.files_search_placeholder} value={files.search.clone()}
                       {oninput} {onkeydown} />
                { button("oc-button", "files-refresh", text.files_refresh, files.loading, reload.clone()) }
            </div>
            if let Some(message) = &files.load_error {
                <p class="oc-files-problem" part="files-error" role="alert">
                    <span class="oc-error">{ fill(text.files_load_failed, &[("message", message)]) }</span>
                    { " " }
                    { button("oc-button oc-small", "files-retry", text.files_retry, false, reload) }
                </p>
            }
            { match &files.page {
                Some(page) => page_view(view, state, page, dispatch, intent),
                None if files.loading => html! {
                    <p class="oc-muted" part="files-loading" role="status">{ text.files_loading }</p>
                },
                None => Html::default(),
            } }
        </section>
    }
}

/// The list itself: empty state, selection bar, confirmation, rows and pager.
fn page_view(
    view: &View,
    state: &WidgetState,
    page: &FilePage,
    dispatch: &Callback<Action>,
    intent: &Callback<Intent>,
) -> Html {
    let text = view.strings;
    let files = &state.files;
    if page.files.is_empty() {
        if !page.search.is_empty() {
            return html! {
                <p class="oc-muted" part="files-empty" role="status">
                    { fill(text.files_no_match, &[("query", &page.search)]) }
                </p>
            };
        }
        let choose = files.data_source_id.map(|data_source_id| {
            button(
                "oc-button oc-primary",
                "files-choose",
                text.account_choose,
                false,
                send(intent, Intent::Sync(sync::Intent::Open { data_source_id })),
            )
        });
        return html! {
            <div class="oc-files-empty" part="files-empty" role="status">
                <p class="oc-lead">{ text.files_empty }</p>
                <p class="oc-muted">{ text.files_empty_hint }</p>
                { choose }
            </div>
        };
    }
    let working = files.working.is_some();
    let all_selected = files.all_selected();
    let select_all =
        dispatch.reform(move |_| Action::Files(FilesAction::SelectPage(!all_selected)));
    let selected = files.selected.len();
    let resync = send(intent, Intent::Files(files::Intent::ResyncSelected));
    let ask_delete = dispatch.reform(move |_| Action::Files(FilesAction::ConfirmDelete(true)));
    let rows = page
        .files
        .iter()
        .map(|file| file_row(text, state, file, dispatch));
    html! {
        <>
            <div class="oc-files-bar" part="files-selection">
                <label class="oc-files-select-all">
                    <input type="checkbox" part="files-select-all" checked={all_selected} disabled={working}
                           onchange={select_all} />
                    { text.files_select_all }
                </label>
                if selected > 0 {
                    <span class="oc-files-count" part="files-selected" role="status">
                        { i18n::plural(text, text.files_selected, "count", selected as u64, &[]) }
                    </span>
                }
                <span class="oc-files-actions">
                    { button("oc-button oc-small", "files-resync",
                             if working { text.files_working } else { text.files_resync },
                             selected == 0 || working, resync) }
                    { button("oc-button oc-small oc-danger-text", "files-delete", text.files_delete,
                             selected == 0 || working, ask_delete) }
                </span>
            </div>
            if files.confirming_delete {
                { confirmation(view, selected, dispatch, intent) }
            }
            if let Some(problem) = &files.delete_problem {
                <p class="oc-error oc-files-problem" part="files-delete-error" role="alert">
                    { match problem {
                        DeleteProblem::Api(message) => fill(text.delete_failed, &[("message", message)]),
                        DeleteProblem::NotDone => text.delete_not_done.to_owned(),
                    } }
                </p>
            }
            <ul class="oc-files" part="files" aria-busy={if files.loading { "true" } else { "false" }}>
                { for rows }
            </ul>
            { pager(text, page, files.loading, intent) }
        </>
    }
}

fn file_row(
    text: &Strings,
    state: &WidgetState,
    file: &UserFile,
    dispatch: &Callback<Action>,
) -> Html {
    let files = &state.files;
    let id = file.id;
    let name = file
        .name
        .as_deref()
        .filter(|name| !name.trim().is_empty())
        .unwrap_or(text.files_no_subject);
    let (stage, status) = match status_stage(file) {
        Some(SyncStage::Ready) => ("ready", text.status_ready),
        Some(SyncStage::Syncing) => ("syncing", text.status_syncing),
        Some(SyncStage::Queued) => ("queued", text.file_status_queued),
        Some(SyncStage::Failed) => ("failed", text.status_failed),
        None if file.sync_status_text.trim().is_empty() => ("unknown", text.status_unknown),
        None => ("unknown", file.sync_status_text.as_str()),
    };
    let date = received_day(file)
        .and_then(|day| format_date(&day, text.summary_words))
        .unwrap_or_default();
    let note = match files.note(id) {
        Some(ResyncOutcome::Resynced) => Some(("ok", text.resync_requested.to_owned())),
        Some(ResyncOutcome::StillSyncing) => Some(("warning", text.resync_conflict.to_owned())),
        Some(ResyncOutcome::Failed(message)) => {
            Some(("error", fill(text.resync_failed, &[("message", message)])))
        }
        None if stage == "failed" => file
            .sync_error_message
            .clone()
            .map(|message| ("error", message)),
        None => None,
    };
    let toggle = dispatch.reform(move |_| Action::Files(FilesAction::Toggle(id)));
    html! {
        <li class="oc-file" part="file" data-file-id={id.to_string()}>
            <input type="checkbox" class="oc-file-check" part="file-select" checked={files.is_selected(id)}
                   disabled={files.working.is_some()} aria-label={fill(text.files_select, &[("name", name)])}
                   onchange={toggle} />
            <span class="oc-file-name" part="file-name">{ name }</span>
            <span class="oc-file-status" part="file-status" data-stage={stage}>{ status }</span>
            <span class="oc-file-date" part="file-date">{ date }</span>
            if let Some((kind, message)) = note {
                <span class="oc-file-note" part="file-note" data-kind={kind} role="status">{ message }</span>
            }
        </li>
    }
}

fn confirmation(
    view: &View,
    count: usize,
    dispatch: &Callback<Action>,
    intent: &Callback<Intent>,
) -> Html {
    let text = view.strings;
    let question = if count == 1 {
        fill(text.delete_confirm_one, &[("org", &view.org_name)])
    } else {
        i18n::plural(
            text,
            text.delete_confirm_many,
            "count",
            count as u64,
            &[("org", &view.org_name)],
        )
    };
    let confirm = send(intent, Intent::Files(files::Intent::DeleteSelected));
    let cancel = dispatch.reform(move |_| Action::Files(FilesAction::ConfirmDelete(false)));
    html! {
        <div class="oc-confirm" part="files-confirm" role="alertdialog" aria-labelledby="oc-files-confirm-text"
             onkeydown={escape_means(dispatch, || Action::Files(FilesAction::ConfirmDelete(false)))}>
            <p id="oc-files-confirm-text" class="oc-inline-note">{ question }</p>
            <div class="oc-confirm-actions">
                { button("oc-button oc-small oc-danger-solid", "files-confirm-delete", text.delete_confirm, false,
                         confirm) }
                { button("oc-button oc-small", "files-cancel-delete", text.delete_cancel, false, cancel) }
            </div>
        </div>
    }
}

fn pager(text: &Strings, page: &FilePage, loading: bool, intent: &Callback<Intent>) -> Html {
    let range = page.range().map(|(first, last, count)| {
        fill(
            text.files_range,
            &[
                ("first", &i18n::number(text, first as u64)),
                ("last", &i18n::number(text, last as u64)),
                ("count", &i18n::number(text, count as u64)),
            ],
        )
    });
    let (previous, next) = (page.previous_offset(), page.next_offset());
    let to_previous = send(
        intent,
        Intent::Files(files::Intent::Page { offset: previous }),
    );
    let to_next = send(intent, Intent::Files(files::Intent::Page { offset: next }));
    html! {
        <nav class="oc-pager" part="files-pager" aria-label={text.files_pages_label}>
            { button("oc-button oc-small", "files-previous", text.files_previous,
                     loading || !page.has_previous(), to_previous) }
            <span class="oc-files-range" part="files-range">
                { if loading { text.files_loading.to_owned() } else { range.unwrap_or_default() } }
            </span>
            { button("oc-button oc-small", "files-next", text.files_next, loading || !page.has_next(), to_next) }
        </nav>
    }
}
