//! The "Choose e-mails" screen: the folder picker, the filter editor and the plain-words summary of what
//! the next sync covers.

use super::filter_editor::FilterEditor;
use super::folder_picker::FolderPicker;
use super::View;
use crate::i18n::fill;
use crate::state::{Action, WidgetState};
use outlook_connect_filter::summary::summarize;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ChooseProps {
    pub view: Rc<View>,
    pub state: Rc<WidgetState>,
    pub dispatch: Callback<Action>,
}

#[component]
pub fn ChooseScreen(props: &ChooseProps) -> Html {
    let dispatch = use_stable_callback(&props.dispatch);
    let text = props.view.strings;
    let state = &props.state;
    let picker = state.folder_picker.as_ref().map(|picker| {
        html! {
            <FolderPicker view={props.view.clone()} picker={picker.clone()}
                          selected={state.folders.clone()} dispatch={dispatch.clone()} />
        }
    });
    html! {
        <section class="oc-card oc-choose" part="choose" aria-labelledby="oc-choose-title">
            <h2 id="oc-choose-title" class="oc-title" part="title">{ text.choose_title }</h2>
            <p class="oc-muted">{ text.choose_lead }</p>
            { picker }
            <FilterEditor view={props.view.clone()} editor={state.editor.clone()}
                          categories={state.categories.clone()} dispatch={dispatch} />
            <section class="oc-summary" part="summary" aria-labelledby="oc-summary-title">
                <h3 id="oc-summary-title" class="oc-subtitle">{ text.summary_label }</h3>
                <p class="oc-summary-text" aria-live="polite">{ summary_sentence(&props.view, state) }</p>
            </section>
        </section>
    }
}

/// "E-mails in Inbox received on or after 7 Jan 2024 and in category Personal or Test."
fn summary_sentence(view: &View, state: &WidgetState) -> String {
    let text = view.strings;
    let folders = join_names(&state.folders, text.list_and);
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
fn join_names(names: &[String], and: &str) -> String {
    match names {
        [] => String::new(),
        [only] => only.clone(),
        [rest @ .., last] => format!("{}{and}{last}", rest.join(", ")),
    }
}

/// The handle builds a new dispatch callback at every render; children get one that never changes, so Yew
/// can skip re-rendering the parts of a large tree that did not change.
#[hook]
fn use_stable_callback(latest: &Callback<Action>) -> Callback<Action> {
    let slot = use_mut_ref(|| latest.clone());
    *slot.borrow_mut() = latest.clone();
    let stable = use_memo((), move |_| {
        Callback::from(move |action: Action| {
            let current = slot.borrow().clone();
            current.emit(action);
        })
    });
    (*stable).clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_read_as_a_list() {
        let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(join_names(&names(&["Inbox"]), " and "), "Inbox");
        assert_eq!(
            join_names(&names(&["Inbox", "Archive"]), " and "),
            "Inbox and Archive"
        );
        assert_eq!(
            join_names(&names(&["Inbox", "Archive", "Sent"]), " and "),
            "Inbox, Archive and Sent"
        );
    }
}
