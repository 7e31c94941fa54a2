//! The Progress screen: per folder sync, how many files are queued, syncing, ready and failed (and the total),
//! the folders whose sync did not start, a note while counting fails (and whether it goes on), "Back" and "See synced e-mails".

use super::{button, send, ScreenArgs, View};
use crate::api::StageCounts;
use crate::i18n::fill;
use crate::intent::{sync, Intent};
use crate::state::WidgetState;
use yew::prelude::*;

/// The render function the Progress chunk hands over (see `lazy.rs`).
pub(super) fn render(args: &ScreenArgs) -> Html {
    progress_screen(args.view, args.state, args.intent)
}

pub fn progress_screen(view: &View, state: &WidgetState, intent: &Callback<Intent>) -> Html {
    let text = view.strings;
    let Some(progress) = state.progress.as_deref() else {
        return Html::default();
    };
    let total = progress.total();
    let rows = progress.runs.iter().map(|run| {
        html! {
            <tr part="progress-run" data-request-id={run.request_id.clone()}>
                <th scope="row" class="oc-folder-cell">{ run.folder.clone() }</th>
                { count_cells(&run.counts) }
            </tr>
        }
    });
    let failed = progress.failed.iter().map(|failure| {
        let folder = failure.folder.as_deref().unwrap_or_default();
        html! {
            <li class="oc-error">
                { fill(if failure.may_have_started() { text.progress_folder_unanswered } else { text.progress_folder_failed },
                       &[("folder", folder), ("message", &failure.message)]) }
            </li>
        }
    });
    let trouble = progress.trouble.as_ref().map(|failure| {
        html! {
            <p class="oc-error" role="alert" part="progress-trouble">
                { fill(if progress.stopped { text.progress_stopped } else { text.progress_trouble },
                       &[("message", &failure.message)]) }
            </p>
        }
    });
    let files = total.queued + total.syncing + total.ready + total.failed;
    let finished = total.ready + total.failed;
    let bar = if files == 0 {
        html! { <progress class="oc-progress-bar" aria-labelledby="oc-progress-status"></progress> }
    } else {
        html! {
            <progress class="oc-progress-bar" aria-labelledby="oc-progress-status"
                      max={files.to_string()} value={finished.to_string()}></progress>
        }
    };
    html! {
        <section class="oc-card oc-progress" part="progress" data-done={progress.done.to_string()}
                 aria-labelledby="oc-progress-title">
            <h2 id="oc-progress-title" class="oc-title" part="title">{ text.progress_title }</h2>
            <p id="oc-progress-status" class="oc-muted" role="status" part="progress-status">
                { if progress.done { text.progress_done } else if progress.stopped { text.progress_counting_stopped }
                  else { text.progress_running } }
            </p>
            { bar }
            { trouble }
            <table class="oc-counts" part="progress-table">
                <thead>
                    <tr>
                        <th scope="col">{ text.progress_folder }</th>
                        <th scope="col">{ text.count_queued }</th>
                        <th scope="col">{ text.count_syncing }</th>
                        <th scope="col">{ text.count_ready }</th>
                        <th scope="col">{ text.count_failed }</th>
                    </tr>
                </thead>
                <tbody>{ for rows }</tbody>
                <tfoot>
                    <tr part="progress-total">
                        <th scope="row">{ text.progress_total }</th>
                        { count_cells(&total) }
                    </tr>
                </tfoot>
            </table>
            <ul class="oc-errors" part="progress-failed" hidden={progress.failed.is_empty()}>{ for failed }</ul>
            <div class="oc-progress-actions">
                { button("oc-button", "back", text.back, false, send(intent, Intent::Sync(sync::Intent::Back))) }
                { button("oc-button oc-primary", "see-files", text.see_files, false,
                         send(intent, Intent::Sync(sync::Intent::SeeFiles))) }
            </div>
        </section>
    }
}

fn count_cells(counts: &StageCounts) -> Html {
    html! {
        <>
            <td part="count-queued">{ counts.queued }</td>
            <td part="count-syncing">{ counts.syncing }</td>
            <td part="count-ready">{ counts.ready }</td>
            <td part="count-failed">{ counts.failed }</td>
        </>
    }
}
