//! The filter editor: a Builder tab (the visual AND/OR tree) and a JSON tab editing the same tree, following
//! the WAI-ARIA tabs pattern. Moves keyboard focus where an add, remove or move left it.

use super::filter_group::FilterGroup;
use super::json_tab::json_tab;
use super::View;
use crate::state::categories::Category;
use crate::state::draft::ROOT;
use crate::state::{Action, EditorState, EditorTab};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FilterEditorProps {
    pub view: Rc<View>,
    pub editor: EditorState,
    pub categories: Rc<Vec<Category>>,
    pub dispatch: Callback<Action>,
}

#[component]
pub fn FilterEditor(props: &FilterEditorProps) -> Html {
    let text = props.view.strings;
    let editor = &props.editor;
    let container = use_node_ref();

    // After an edit that adds, removes or moves a node, focus its control (or the group's add button).
    {
        let container = container.clone();
        let target = editor.focus.map(|focus| focus.marker());
        use_effect_with(editor.focus_serial, move |_| {
            if let (Some(marker), Some(root)) = (target, container.cast::<web_sys::Element>()) {
                let selector = format!("[data-oc-focus=\"{marker}\"]");
                if let Ok(Some(element)) = root.query_selector(&selector) {
                    if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
                        let _ = element.focus();
                    }
                }
            }
        });
    }

    let select_tab = |tab: EditorTab| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::SelectTab(tab)))
    };
    // Left/Right (and Home/End) move between the two tabs, and focus follows.
    let tab_keys = {
        let dispatch = props.dispatch.clone();
        let current = editor.tab;
        let container = container.clone();
        Callback::from(move |event: KeyboardEvent| {
            let next = match (event.key().as_str(), current) {
                ("ArrowRight" | "ArrowLeft", EditorTab::Visual) | ("End", _) => EditorTab::Json,
                ("ArrowRight" | "ArrowLeft", EditorTab::Json) | ("Home", _) => EditorTab::Visual,
                _ => return,
            };
            event.prevent_default();
            dispatch.emit(Action::SelectTab(next));
            let id = tab_id(next);
            if let Some(root) = container.cast::<web_sys::Element>() {
                if let Ok(Some(tab)) = root.query_selector(&format!("#{id}")) {
                    if let Ok(tab) = tab.dyn_into::<web_sys::HtmlElement>() {
                        let _ = tab.focus();
                    }
                }
            }
        })
    };
    let tab = |which: EditorTab, label: &'static str| {
        let selected = editor.tab == which;
        html! {
            <button type="button" role="tab" id={tab_id(which)} class="oc-tab"
                    aria-selected={selected.to_string()} aria-controls={panel_id(which)}
                    tabindex={if selected { "0" } else { "-1" }}
                    onclick={select_tab(which)} onkeydown={tab_keys.clone()}>
                { label }
            </button>
        }
    };
    let panel = match editor.tab {
        EditorTab::Visual => {
            let stale = editor.problems.iter().any(|p| !p.warning);
            html! {
                <>
                    <FilterGroup view={props.view.clone()} node={editor.draft.root.clone()} level={1}
                                 position={1} count={1} can_add_group={editor.draft.can_add_group(ROOT)}
                                 problems={editor.problems.clone()} categories={props.categories.clone()}
                                 dispatch={props.dispatch.clone()} />
                    <p class="oc-note oc-stale" role="status" hidden={!stale}>{ text.summary_stale }</p>
                </>
            }
        }
        EditorTab::Json => json_tab(
            &props.view,
            &editor.json_text,
            &editor.json_errors,
            &props.dispatch,
        ),
    };
    html! {
        <section class="oc-filter" part="filter-editor" aria-labelledby="oc-filter-title" ref={container}>
            <h3 id="oc-filter-title" class="oc-subtitle">{ text.filter_title }</h3>
            <div role="tablist" class="oc-tabs" aria-label={text.tabs_label}>
                { tab(EditorTab::Visual, text.tab_visual) }
                { tab(EditorTab::Json, text.tab_json) }
            </div>
            <div role="tabpanel" id={panel_id(editor.tab)} aria-labelledby={tab_id(editor.tab)} class="oc-panel">
                { panel }
            </div>
        </section>
    }
}

fn tab_id(tab: EditorTab) -> &'static str {
    match tab {
        EditorTab::Visual => "oc-tab-visual",
        EditorTab::Json => "oc-tab-json",
    }
}

fn panel_id(tab: EditorTab) -> &'static str {
    match tab {
        EditorTab::Visual => "oc-panel-visual",
        EditorTab::Json => "oc-panel-json",
    }
}
