//! The folder picker: a WAI-ARIA multi-select tree view of the mailbox's folders with counts and a
//! type-to-filter box. Only the rows in (and near) the scroll viewport are rendered, so a mailbox with
//! thousands of folders stays smooth; `aria-level` / `aria-posinset` / `aria-setsize` keep the structure
//! readable to screen readers. Keys: ↑/↓, ←/→ (close/open, parent/child), Home/End, type-ahead, Space/Enter
//! to check or uncheck; one row holds `tabindex=0` (roving tabindex).

use super::View;
use crate::i18n::{self, fill};
use crate::state::folders::{Row, TreeKey, TreeMove};
use crate::state::{Action, FolderPickerState, MAX_SELECTED_FOLDERS};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};
use yew::prelude::*;

/// Every row is this tall (the stylesheet's `.oc-treeitem` height), so the window is plain arithmetic.
pub const ROW_HEIGHT: i32 = 32;
/// Rows rendered above and below the visible ones.
const OVERSCAN: usize = 12;
/// Rows rendered when the viewport height is not known yet (the scroll box is at most 10 rows tall).
const VIEWPORT_ROWS: usize = 10;

#[derive(Properties, PartialEq)]
pub struct FolderPickerProps {
    pub view: Rc<View>,
    pub picker: FolderPickerState,
    pub selected: Vec<String>,
    pub dispatch: Callback<Action>,
}

#[component]
pub fn FolderPicker(props: &FolderPickerProps) -> Html {
    let text = props.view.strings;
    let picker = &props.picker;
    let scroller = use_node_ref();
    // The first row of the rendered window, from the scroll position.
    let first_row = use_state_eq(|| 0usize);
    // Set when a key moved the active row: the next render moves DOM focus to it.
    let focus_pending = use_mut_ref(|| false);

    {
        let (scroller, focus_pending) = (scroller.clone(), focus_pending.clone());
        let active = picker.active;
        use_effect(move || {
            if std::mem::take(&mut *focus_pending.borrow_mut()) {
                if let (Some(active), Some(root)) = (active, scroller.cast::<Element>()) {
                    let selector = format!("[data-oc-folder=\"{active}\"]");
                    if let Ok(Some(row)) = root.query_selector(&selector) {
                        if let Ok(row) = row.dyn_into::<HtmlElement>() {
                            let _ = row.focus();
                        }
                    }
                }
            }
        });
    }

    let onscroll = {
        let (scroller, first_row) = (scroller.clone(), first_row.clone());
        Callback::from(move |_: Event| {
            if let Some(element) = scroller.cast::<Element>() {
                first_row.set((element.scroll_top() / ROW_HEIGHT).max(0) as usize);
            }
        })
    };
    let oninput = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            dispatch.emit(Action::SetFolderQuery(input.value()));
        })
    };
    let onkeydown = {
        let (dispatch, scroller, first_row, focus_pending) = (
            props.dispatch.clone(),
            scroller.clone(),
            first_row.clone(),
            focus_pending.clone(),
        );
        let (tree, rows, active) = (picker.tree.clone(), picker.rows.clone(), picker.active);
        Callback::from(move |event: KeyboardEvent| {
            let Some(active) = active.or_else(|| rows.first().map(|row| row.folder)) else {
                return;
            };
            let key = event.key();
            let tree_key = match key.as_str() {
                " " | "Enter" => {
                    event.prevent_default();
                    dispatch.emit(Action::ToggleFolder(active));
                    return;
                }
                "ArrowUp" => TreeKey::Up,
                "ArrowDown" => TreeKey::Down,
                "ArrowLeft" => TreeKey::Left,
                "ArrowRight" => TreeKey::Right,
                "Home" => TreeKey::Home,
                "End" => TreeKey::End,
                typed
                    if !event.ctrl_key()
                        && !event.meta_key()
                        && !event.alt_key()
                        && typed.chars().count() == 1 =>
                {
                    TreeKey::Char(typed.chars().next().unwrap_or(' '))
                }
                _ => return,
            };
            event.prevent_default();
            match tree.navigate(&rows, active, tree_key) {
                TreeMove::Activate(folder) => {
                    if let Some(position) = rows.iter().position(|row| row.folder == folder) {
                        scroll_into_view(&scroller, &first_row, position);
                    }
                    *focus_pending.borrow_mut() = true;
                    dispatch.emit(Action::ActivateFolder(folder));
                }
                TreeMove::Expand(folder) => dispatch.emit(Action::SetExpanded {
                    folder,
                    expanded: true,
                }),
                TreeMove::Collapse(folder) => dispatch.emit(Action::SetExpanded {
                    folder,
                    expanded: false,
                }),
                TreeMove::Stay => {}
            }
        })
    };

    let rows = &picker.rows;
    let start = first_row.saturating_sub(OVERSCAN).min(rows.len());
    let end = (*first_row + VIEWPORT_ROWS + OVERSCAN).min(rows.len());
    let active = picker
        .active
        .filter(|a| rows.iter().any(|row| row.folder == *a));
    let tab_stop = active.or_else(|| rows.first().map(|row| row.folder));
    let full = props.selected.len() >= MAX_SELECTED_FOLDERS;
    let items = rows[start..end]
        .iter()
        .map(|row| render_row(&props.view, props, row, tab_stop == Some(row.folder), full));
    let padding = format!(
        "padding-top:{}px;padding-bottom:{}px",
        start as i32 * ROW_HEIGHT,
        (rows.len() - end) as i32 * ROW_HEIGHT
    );
    let no_match = rows.is_empty() && !picker.query.trim().is_empty();
    let no_match = html! {
        <p class="oc-note" role="status" hidden={!no_match}>
            { if no_match { fill(text.folders_no_match, &[("query", picker.query.trim())]) } else { String::new() } }
        </p>
    };
    let selection = if props.selected.is_empty() {
        html! { <p class="oc-note oc-error" role="status">{ text.folders_none_selected }</p> }
    } else {
        let count = props.selected.len() as u64;
        html! {
            <p class="oc-note" role="status">
                { i18n::plural(text, text.folders_selected, "count", count, &[]) }{ ": " }
                { props.selected.join(text.list_separator) }
            </p>
        }
    };
    html! {
        <section class="oc-folders" part="folder-picker" aria-labelledby="oc-folders-title">
            <h3 id="oc-folders-title" class="oc-subtitle">{ text.folders_title }</h3>
            <input type="search" class="oc-input oc-folder-filter" aria-label={text.folders_filter_label}
                   placeholder={text.folders_filter_placeholder} aria-controls="oc-folder-tree"
                   autocomplete="off" spellcheck="false" value={picker.query.clone()} {oninput} />
            <div class="oc-tree-scroll" ref={scroller} {onscroll}>
                <div role="tree" id="oc-folder-tree" class="oc-tree" aria-label={text.folders_tree_label}
                     aria-multiselectable="true" ~style={padding} {onkeydown}>
                    { for items }
                </div>
            </div>
            { no_match }
            { selection }
        </section>
    }
}

fn render_row(
    view: &View,
    props: &FolderPickerProps,
    row: &Row,
    tab_stop: bool,
    full: bool,
) -> Html {
    let folder = &props.picker.tree.folders[row.folder];
    let selected = props.selected.contains(&folder.name);
    let index = row.folder;
    let toggle = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::ToggleFolder(index)))
    };
    let twisty = row.has_children.then(|| {
        let dispatch = props.dispatch.clone();
        let expanded = !row.expanded;
        let onclick = Callback::from(move |event: MouseEvent| {
            event.stop_propagation();
            dispatch.emit(Action::SetExpanded { folder: index, expanded });
        });
        html! { <span class="oc-twisty" aria-hidden="true" {onclick}>{ if row.expanded { "\u{25be}" } else { "\u{25b8}" } }</span> }
    });
    let text = view.strings;
    let unread = i18n::number(text, folder.unread_items);
    let counts = i18n::plural(
        text,
        text.folder_counts,
        "total",
        folder.total_items,
        &[("unread", &unread)],
    );
    // A logical property: the indentation is on the right in a right-to-left language.
    let indent = format!("padding-inline-start:{}px", 4 + (row.level as i32 - 1) * 18);
    html! {
        <div role="treeitem" key={index} ~className={if selected { "oc-treeitem oc-selected" } else { "oc-treeitem" }}
             data-oc-folder={index.to_string()} aria-level={row.level.to_string()}
             aria-posinset={row.position.to_string()} aria-setsize={row.set_size.to_string()}
             aria-expanded={row.has_children.then(|| row.expanded.to_string())}
             aria-selected={selected.to_string()} aria-disabled={(full && !selected).then_some("true")}
             tabindex={if tab_stop { "0" } else { "-1" }} ~style={indent} onclick={toggle}>
            <span class="oc-twisty-slot">{ twisty }</span>
            <span class="oc-check" aria-hidden="true">{ if selected { "\u{2611}" } else { "\u{2610}" } }</span>
            <span class="oc-folder-name">{ folder.name.clone() }</span>
            <span class="oc-count" title={counts.clone()}>
                { i18n::number(text, folder.total_items) }
                <span class="oc-visually-hidden">{ format!(" ({counts})") }</span>
            </span>
        </div>
    }
}

/// Scrolls the tree so row `position` is visible, and moves the rendered window there at once (the scroll
/// event arrives only after the next frame).
fn scroll_into_view(scroller: &NodeRef, first_row: &UseStateHandle<usize>, position: usize) {
    let Some(element) = scroller.cast::<Element>() else {
        return;
    };
    let top = position as i32 * ROW_HEIGHT;
    let height = element.client_height().max(ROW_HEIGHT);
    let scroll = element.scroll_top();
    let wanted = if top < scroll {
        top
    } else if top + ROW_HEIGHT > scroll + height {
        top + ROW_HEIGHT - height
    } else {
        return;
    };
    element.set_scroll_top(wanted);
    first_row.set((wanted / ROW_HEIGHT).max(0) as usize);
}
