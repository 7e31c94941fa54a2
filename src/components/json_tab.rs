//! The JSON tab: the filter tree as editable Carbon JSON. Text that is not a valid tree is kept exactly as
//! typed, with each error shown (line and column for text that is not JSON, the path otherwise).
//!
//! A plain view function, not a component: it has no state of its own, and each component type costs bundle size.

use super::View;
use crate::i18n::fill;
use crate::state::Action;
use outlook_connect_filter::FilterError;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// The tab's markup: `json_text` in the text area, `errors` below it.
pub fn json_tab(
    view: &View,
    json_text: &str,
    errors: &[FilterError],
    dispatch: &Callback<Action>,
) -> Html {
    let text = view.strings;
    let oninput = {
        let dispatch = dispatch.clone();
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            dispatch.emit(Action::SetJsonText(area.value()));
        })
    };
    let invalid = !errors.is_empty();
    // Always rendered (hidden when empty) so the textarea is never re-created while the person types. Read out
    // politely, as a condition's errors are (every keystroke may change them); `role=alert` would also stop the
    // `ul` being a list, orphaning its items (axe rule `listitem`).
    let errors = html! {
        <ul id="oc-json-errors" class="oc-errors" aria-live="polite" hidden={!invalid}>
            { for errors.iter().map(|error| html! { <li class="oc-error">{ describe(text.json_error_at, error) }</li> }) }
        </ul>
    };
    html! {
        <div class="oc-json">
            <label for="oc-json-text" class="oc-label">{ text.json_label }</label>
            <p id="oc-json-help" class="oc-note">{ text.json_help }</p>
            <textarea id="oc-json-text" class="oc-textarea" part="json" spellcheck="false" rows="12"
                      autocomplete="off" value={json_text.to_owned()} {oninput}
                      aria-invalid={invalid.to_string()}
                      aria-describedby={if invalid { "oc-json-help oc-json-errors" } else { "oc-json-help" }} />
            { errors }
        </div>
    }
}

/// "Line 3, column 14: …" for text that is not JSON; "filters.AND[0].value: …" for an invalid tree.
fn describe(template: &str, error: &FilterError) -> String {
    match (error.line, error.column) {
        (Some(line), Some(column)) => fill(
            template,
            &[
                ("line", &line.to_string()),
                ("column", &column.to_string()),
                ("message", &error.message),
            ],
        ),
        _ => format!("{}: {}", error.path, error.message),
    }
}
