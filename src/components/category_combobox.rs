//! The category picker: a WAI-ARIA combobox (list autocomplete) over the mailbox's categories that also
//! accepts any category typed by hand. ↓/↑ move through the suggestions, Enter picks, Escape closes.

use super::View;
use crate::state::categories::{suggestions, Category};
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Most suggestions listed at once; typing narrows the list.
const MAX_SUGGESTIONS: usize = 100;

#[derive(Properties, PartialEq)]
pub struct CategoryComboboxProps {
    pub view: Rc<View>,
    /// The input's id; the listbox and options derive theirs from it.
    pub id: String,
    pub value: String,
    pub categories: Rc<Vec<Category>>,
    pub invalid: bool,
    pub described_by: Option<String>,
    pub on_change: Callback<String>,
}

#[component]
pub fn CategoryCombobox(props: &CategoryComboboxProps) -> Html {
    let text = props.view.strings;
    let open = use_state_eq(|| false);
    let active = use_state_eq(|| None::<usize>);
    let matches_for = |categories: &[Category], value: &str| -> Vec<usize> {
        suggestions(categories, value)
            .into_iter()
            .take(MAX_SUGGESTIONS)
            .collect()
    };
    // Only an open list is computed and rendered: a long filter holds many closed comboboxes.
    let matches = if *open {
        matches_for(&props.categories, &props.value)
    } else {
        Vec::new()
    };
    let listbox_id = format!("{}-list", props.id);
    let option_id = |position: usize| format!("{}-opt-{position}", props.id);
    let shown = *open && !matches.is_empty();

    let choose = {
        let (open, active, on_change, categories) = (
            open.clone(),
            active.clone(),
            props.on_change.clone(),
            props.categories.clone(),
        );
        move |index: usize| {
            open.set(false);
            active.set(None);
            if let Some(category) = categories.get(index) {
                on_change.emit(category.name.clone());
            }
        }
    };
    let oninput = {
        let (open, active, on_change) = (open.clone(), active.clone(), props.on_change.clone());
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            open.set(true);
            active.set(None);
            on_change.emit(input.value());
        })
    };
    let onkeydown = {
        let (open, active, choose) = (open.clone(), active.clone(), choose.clone());
        let (categories, value) = (props.categories.clone(), props.value.clone());
        Callback::from(move |event: KeyboardEvent| {
            let matches = matches_for(&categories, &value);
            let last = matches.len().checked_sub(1);
            match event.key().as_str() {
                "ArrowDown" => {
                    event.prevent_default();
                    if !*open || event.alt_key() {
                        open.set(true);
                        if event.alt_key() {
                            return;
                        }
                    }
                    let next = match (*active, last) {
                        (_, None) => None,
                        (Some(position), Some(last)) if position < last => Some(position + 1),
                        (Some(_), Some(_)) => Some(0),
                        (None, Some(_)) => Some(0),
                    };
                    active.set(next);
                }
                "ArrowUp" => {
                    event.prevent_default();
                    open.set(true);
                    let next = match (*active, last) {
                        (_, None) => None,
                        (Some(position), Some(_)) if position > 0 => Some(position - 1),
                        (_, Some(last)) => Some(last),
                    };
                    active.set(next);
                }
                "Enter" if *open => {
                    if let Some(index) = active.and_then(|position| matches.get(position).copied())
                    {
                        event.prevent_default();
                        choose(index);
                    } else {
                        open.set(false);
                    }
                }
                "Escape" if *open => {
                    event.prevent_default();
                    open.set(false);
                    active.set(None);
                }
                _ => {}
            }
        })
    };
    let onblur = {
        let (open, active) = (open.clone(), active.clone());
        Callback::from(move |_: FocusEvent| {
            open.set(false);
            active.set(None);
        })
    };
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let options = matches.iter().enumerate().map(|(position, &index)| {
        let category = &props.categories[index];
        let is_active = *active == Some(position);
        let choose = choose.clone();
        html! {
            <li role="option" id={option_id(position)} ~className={if is_active { "oc-option oc-active" } else { "oc-option" }}
                aria-selected={(category.name == props.value.trim()).to_string()}
                onmousedown={Callback::from(|event: MouseEvent| event.prevent_default())}
                onclick={Callback::from(move |_: MouseEvent| choose(index))}>
                <span class="oc-swatch" data-color={category.color.clone()} aria-hidden="true"></span>
                { category.name.clone() }
            </li>
        }
    });
    html! {
        <span class="oc-combobox">
            <input id={props.id.clone()} class="oc-input" type="text" role="combobox" autocomplete="off"
                   spellcheck="false" aria-label={text.value_category} aria-autocomplete="list"
                   aria-expanded={shown.to_string()} aria-controls={listbox_id.clone()}
                   aria-activedescendant={active.filter(|_| shown).map(option_id)}
                   aria-invalid={props.invalid.to_string()} aria-describedby={props.described_by.clone()}
                   value={props.value.clone()} {oninput} {onkeydown} {onblur} />
            <button type="button" class="oc-icon-button oc-combo-button" tabindex="-1"
                    aria-label={text.show_categories} aria-expanded={shown.to_string()}
                    aria-controls={listbox_id.clone()} onclick={toggle}
                    onmousedown={Callback::from(|event: MouseEvent| event.prevent_default())}>{ "\u{25be}" }</button>
            <ul id={listbox_id} role="listbox" class="oc-listbox" aria-label={text.categories_label} hidden={!shown}>
                { for options }
            </ul>
        </span>
    }
}
