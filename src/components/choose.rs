//! The "Choose e-mails" screen: the folder picker (or its loading and error states), the filter editor, the
//! plain-words summary of what the next sync covers, the sync options and "Sync" (with why it cannot run, and
//! why the last one failed).

use super::filter_editor::FilterEditor;
use super::folder_picker::FolderPicker;
use super::{button, send, ScreenArgs, View};
use crate::i18n::{fill, Strings};
use crate::intent::{sync as flow_sync, Intent};
use crate::state::refusal;
use crate::state::sync::{Load, Refusal, SyncAction};
use crate::state::{Action, WidgetState};
use outlook_connect_filter::summary::summarize;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties)]
pub struct ChooseProps {
    pub view: Rc<View>,
    pub state: Rc<WidgetState>,
    pub dispatch: Callback<Action>,
    pub intent: Callback<Intent>,
}

/// The state is compared by address, like `AppProps`: see there.
impl PartialEq for ChooseProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.state, &other.state)
            && self.view == other.view
            && self.dispatch == other.dispatch
            && self.intent == other.intent
    }
}

/// The render function the Choose chunk hands over (see `lazy.rs`).
pub(super) fn render(args: &ScreenArgs) -> Html {
    html! {
        <ChooseScreen view={args.view.clone()} state={args.state.clone()} dispatch={args.dispatch.clone()}
                      intent={args.intent.clone()} />
    }
}

#[component]
pub fn ChooseScreen(props: &ChooseProps) -> Html {
    let dispatch = &props.dispatch;
    let text = props.view.strings;
    let state = &props.state;
    let picker = match &state.sync.load {
        Load::Loading => html! {
            <>
                <h3 class="oc-subtitle">{ text.folders_title }</h3>
                <p class="oc-note" role="status" part="folders-loading">{ text.folders_loading }</p>
            </>
        },
        Load::Failed(failure) => html! {
            <>
            <h3 class="oc-subtitle">{ text.folders_title }</h3>
            <div class="oc-load-error" role="alert" part="folders-error">
                <p class="oc-error">{ fill(text.folders_failed, &[("message", &failure.message)]) }</p>
                { button("oc-button", "retry", text.folders_retry, false,
                         send(&props.intent, Intent::Sync(flow_sync::Intent::Retry))) }
            </div>
            </>
        },
        Load::Idle | Load::Loaded => state
            .folder_picker
            .as_ref()
            .map(|picker| {
                html! {
                    <FolderPicker view={props.view.clone()} picker={picker.clone()}
                                  selected={state.folders.clone()} dispatch={dispatch.clone()} />
                }
            })
            .unwrap_or_default(),
    };
    let categories_error = state.sync.categories_error.as_ref().map(|failure| {
        html! {
            <div class="oc-load-error" role="alert" part="categories-error">
                <p class="oc-error">{ fill(text.categories_failed, &[("message", &failure.message)]) }</p>
                { button("oc-button", "retry-categories", text.folders_retry, false,
                         send(&props.intent, Intent::Sync(flow_sync::Intent::RetryCategories))) }
            </div>
        }
    });
    html! {
        <section class="oc-card oc-choose" part="choose" aria-labelledby="oc-choose-title">
            <h2 id="oc-choose-title" class="oc-title" part="title">{ text.choose_title }</h2>
            <p class="oc-muted">{ text.choose_lead }</p>
            { picker }
            { categories_error }
            <FilterEditor view={props.view.clone()} editor={state.editor.clone()}
                          categories={state.categories.clone()} dispatch={dispatch.clone()} />
            <section class="oc-summary" part="summary" aria-labelledby="oc-summary-title">
                <h3 id="oc-summary-title" class="oc-subtitle">{ text.summary_label }</h3>
                <p class="oc-summary-text" aria-live="polite">{ summary_sentence(&props.view, state) }</p>
            </section>
            { options(text, state, dispatch) }
            { sync_bar(text, state, &props.intent) }
        </section>
    }
}

/// "Sync attachments" and "Only new e-mails since the last sync".
fn options(text: &Strings, state: &WidgetState, dispatch: &Callback<Action>) -> Html {
    let switch =
        |part: &'static str, label: &'static str, on: bool, action: fn(bool) -> SyncAction| {
            let onchange = dispatch.reform(move |event: Event| {
                let input: HtmlInputElement = event.target_unchecked_into();
                Action::Sync(action(input.checked()))
            });
            html! {
                <label class="oc-option-check">
                    <input type="checkbox" {part} checked={on} {onchange} />
                    { label }
                </label>
            }
        };
    html! {
        <fieldset class="oc-options" part="options">
            <legend class="oc-subtitle">{ text.options_title }</legend>
            { switch("option-attachments", text.option_attachments, state.sync.sync_attachments,
                     SyncAction::SetSyncAttachments) }
            { switch("option-incremental", text.option_incremental, state.sync.incremental_sync,
                     SyncAction::SetIncrementalSync) }
        </fieldset>
    }
}

/// The Sync button, why it is disabled, and why the last sync did not start.
fn sync_bar(text: &Strings, state: &WidgetState, intent: &Callback<Intent>) -> Html {
    let refused = refusal(state);
    let reason = match refused {
        Some(Refusal::NoAccount) => text.sync_needs_account,
        Some(Refusal::InvalidFilter) => text.sync_needs_valid_filter,
        Some(Refusal::NoFolder) => text.sync_needs_folder,
        Some(Refusal::Busy) | None => "",
    };
    let label = if state.sync.sending {
        text.sync_sending
    } else {
        text.sync_button
    };
    let error = state.sync.error.as_ref().map(|failure| {
        html! {
            <p class="oc-error" role="alert" part="sync-error">
                { fill(if failure.may_have_started() { text.sync_unanswered } else { text.sync_failed },
                       &[("message", &failure.message)]) }
            </p>
        }
    });
    html! {
        <div class="oc-sync">
            <div class="oc-sync-bar">
                <button type="button" class="oc-button oc-primary" part="sync-button" disabled={refused.is_some()}
                        aria-describedby="oc-sync-reason"
                        onclick={send(intent, Intent::Sync(flow_sync::Intent::Sync))}>
                    { label }
                </button>
                <p id="oc-sync-reason" class="oc-note oc-inline-note" part="sync-reason" hidden={reason.is_empty()}>
                    { reason }
                </p>
            </div>
            { error }
        </div>
    }
}

/// "E-mails in Inbox received on or after 7 Jan 2024 and in category Personal or Test."
fn summary_sentence(view: &View, state: &WidgetState) -> String {
    let text = view.strings;
    let folders = join_names(&state.folders, text.list_separator, text.list_and);
    if state.filters == outlook_connect_filter::Filter::Empty {
        return fill(text.summary_all, &[("folders", &folders)]);
    }
    let filter = summarize(&state.filters, text.summary_words);
    fill(
        text.summary_filtered,
        &[("folders", &folders), ("filter", &filter)],
    )
}

/// "Inbox", "Inbox and Archive", "Inbox, Archive and Sent Items".
fn join_names(names: &[String], separator: &str, and: &str) -> String {
    match names {
        [] => String::new(),
        [only] => only.clone(),
        [rest @ .., last] => format!("{}{and}{last}", rest.join(separator)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_read_as_a_list() {
        let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(join_names(&names(&["Inbox"]), ", ", " and "), "Inbox");
        assert_eq!(
            join_names(&names(&["Inbox", "Archive"]), ", ", " and "),
            "Inbox and Archive"
        );
        assert_eq!(
            join_names(&names(&["Inbox", "Archive", "Sent"]), ", ", " and "),
            "Inbox, Archive and Sent"
        );
    }
}
