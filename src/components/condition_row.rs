//! One condition of the filter editor: what to test (the key), the value editor that key needs, reorder and
//! remove buttons, and the condition's inline errors. Alt+↑ / Alt+↓ anywhere in the row move it.

use super::category_combobox::CategoryCombobox;
use super::{problem_item, View};
use crate::i18n::{self, fill};
use crate::state::categories::Category;
use crate::state::draft::{Edit, Field, NodeId, Problem};
use crate::state::Action;
use outlook_connect_filter::Key;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ConditionRowProps {
    pub view: Rc<View>,
    pub id: NodeId,
    pub key_name: Key,
    pub value: String,
    pub position: usize,
    pub count: usize,
    pub problems: Vec<Problem>,
    pub categories: Rc<Vec<Category>>,
    pub dispatch: Callback<Action>,
}

#[component]
pub fn ConditionRow(props: &ConditionRowProps) -> Html {
    let text = props.view.strings;
    let id = props.id;
    let key = props.key_name;
    let emit = {
        let dispatch = props.dispatch.clone();
        move |edit: Edit| dispatch.emit(Action::Edit(edit))
    };
    let on_key = {
        let emit = emit.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            if let Some(key) = Key::from_name(&select.value()) {
                emit(Edit::SetKey { node: id, key });
            }
        })
    };
    let on_value = {
        let emit = emit.clone();
        Callback::from(move |value: String| emit(Edit::SetValue { node: id, value }))
    };
    let on_row_keys = {
        let emit = emit.clone();
        Callback::from(move |event: KeyboardEvent| {
            if !event.alt_key() {
                return;
            }
            let up = match event.key().as_str() {
                "ArrowUp" => true,
                "ArrowDown" => false,
                _ => return,
            };
            event.prevent_default();
            emit(Edit::Move { node: id, up });
        })
    };
    let button = |label: &'static str, symbol: &'static str, disabled: bool, edit: Edit| {
        let emit = emit.clone();
        html! {
            <button type="button" class="oc-icon-button" aria-label={label} title={label} {disabled}
                    onclick={Callback::from(move |_: MouseEvent| emit(edit.clone()))}>{ symbol }</button>
        }
    };

    let key_id = format!("oc-key-{id}");
    let value_id = format!("oc-value-{id}");
    let error_id = format!("oc-err-{id}");
    let value_errors = props
        .problems
        .iter()
        .any(|p| p.field == Field::Value && !p.warning);
    let described = (!props.problems.is_empty()).then(|| error_id.clone());
    let value_editor = match key {
        Key::Category => html! {
            <CategoryCombobox view={props.view.clone()} id={value_id.clone()} value={props.value.clone()}
                              categories={props.categories.clone()} invalid={value_errors}
                              described_by={described.clone()} on_change={on_value} />
        },
        Key::After | Key::Before => {
            let oninput = Callback::from(move |event: InputEvent| {
                let input: HtmlInputElement = event.target_unchecked_into();
                on_value.emit(input.value().replace('-', "/"));
            });
            html! {
                <input type="date" id={value_id.clone()} class="oc-input" aria-label={text.value_date}
                       value={props.value.replace('/', "-")} {oninput}
                       aria-invalid={value_errors.to_string()} aria-describedby={described.clone()} />
            }
        }
        Key::From => {
            let oninput = Callback::from(move |event: InputEvent| {
                let input: HtmlInputElement = event.target_unchecked_into();
                on_value.emit(input.value());
            });
            html! {
                <input type="email" id={value_id.clone()} class="oc-input" aria-label={text.value_from}
                       placeholder={text.from_placeholder} autocomplete="off" spellcheck="false"
                       value={props.value.clone()} {oninput}
                       aria-invalid={value_errors.to_string()} aria-describedby={described.clone()} />
            }
        }
        // `is flagged` and `has attachment` have one possible value: the key choice says it all.
        Key::Is | Key::Has => Html::default(),
    };
    // Always rendered (hidden when empty): toggling elements in and out makes Yew re-create their siblings,
    // which would take the focus out of the field being typed in.
    let errors = html! {
        <ul id={error_id.clone()} class="oc-errors" aria-live="polite" hidden={props.problems.is_empty()}>
            { for props.problems.iter().map(|p| problem_item(&props.view, p)) }
        </ul>
    };
    let label = fill(
        text.condition_label,
        &[
            ("position", &i18n::number(text, props.position as u64)),
            ("count", &i18n::number(text, props.count as u64)),
        ],
    );
    let option = |value: Key, name: &'static str| {
        html! { <option value={value.as_str()} selected={value == key}>{ name }</option> }
    };
    html! {
        <div class="oc-condition" role="group" aria-label={label} data-oc-node={id.to_string()} onkeydown={on_row_keys}>
            <div class="oc-condition-line">
                <select id={key_id} class="oc-select" aria-label={text.key_label}
                        data-oc-focus={format!("node-{id}")} onchange={on_key}>
                    { option(Key::Category, text.key_category) }
                    { option(Key::After, text.key_after) }
                    { option(Key::Before, text.key_before) }
                    { option(Key::From, text.key_from) }
                    { option(Key::Is, text.key_is_flagged) }
                    { option(Key::Has, text.key_has_attachment) }
                </select>
                <span class="oc-value">{ value_editor }</span>
                <span class="oc-row-tools">
                    { button(text.move_up, "\u{2191}", props.position == 1, Edit::Move { node: id, up: true }) }
                    { button(text.move_down, "\u{2193}", props.position == props.count, Edit::Move { node: id, up: false }) }
                    { button(text.remove_condition, "\u{2715}", false, Edit::Remove { node: id }) }
                </span>
            </div>
            { errors }
        </div>
    }
}
