//! The JSON tab: the filter tree as editable Carbon JSON. Text that is not a valid tree is kept exactly as
//! typed, with each error shown (line and column for text that is not JSON, the path otherwise).

use super::View;
use crate::i18n::fill;
use crate::state::Action;
use outlook_connect_filter::FilterError;
use std::rc::Rc;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct JsonTabProps {
    pub view: Rc<View>,
    pub text: String,
    pub errors: Vec<FilterError>,
    pub dispatch: Callback<Action>,
}

#[component]
pub fn JsonTab(props: &JsonTabProps) -> Html {
    let text = props.view.strings;
    let oninput = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            dispatch.emit(Action::SetJsonText(area.value()));
        })
    };
    let invalid = !props.errors.is_empty();
    // Always rendered (hidden when empty) so the textarea is never re-created while the person types.
    let errors = html! {
        <ul id="oc-json-errors" class="oc-errors" role="alert" hidden={!invalid}>
            { for props.errors.iter().map(|error| html! { <li class="oc-error">{ describe(text.json_error_at, error) }</li> }) }
        </ul>
    };
    html! {
        <div class="oc-json">
            <label for="oc-json-text" class="oc-label">{ text.json_label }</label>
            <p id="oc-json-help" class="oc-note">{ text.json_help }</p>
            <textarea id="oc-json-text" class="oc-textarea" part="json" spellcheck="false" rows="12"
                      autocomplete="off" value={props.text.clone()} {oninput}
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
