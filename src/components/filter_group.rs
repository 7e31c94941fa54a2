//! One AND/OR group of the filter editor: its operator switch, its members (conditions and, in the root
//! group, inner groups) and its add buttons. "Add group" is disabled where nesting would be too deep, with the
//! reason shown beside it.

use super::condition_row::ConditionRow;
use super::{problem_item, View};
use crate::i18n::{self, fill};
use crate::state::categories::Category;
use crate::state::draft::{DraftNode, Edit, Field, NodeKind, Operator, Problem, ROOT};
use crate::state::Action;
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FilterGroupProps {
    pub view: Rc<View>,
    pub node: DraftNode,
    /// 1 for the root group.
    pub level: usize,
    /// Place among its siblings (1-based) and their count, for labels and move buttons.
    pub position: usize,
    pub count: usize,
    pub can_add_group: bool,
    /// Problems of this group and everything in it.
    pub problems: Rc<Vec<Problem>>,
    pub categories: Rc<Vec<Category>>,
    pub dispatch: Callback<Action>,
}

#[component]
pub fn FilterGroup(props: &FilterGroupProps) -> Html {
    let text = props.view.strings;
    let NodeKind::Group { operator, items } = &props.node.kind else {
        return Html::default();
    };
    let id = props.node.id;
    let is_root = id == ROOT;
    let edit = |make: fn(u32) -> Edit| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::Edit(make(id))))
    };
    let on_operator = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            let operator = if select.value() == "OR" {
                Operator::Or
            } else {
                Operator::And
            };
            dispatch.emit(Action::Edit(Edit::SetOperator {
                group: id,
                operator,
            }));
        })
    };
    let operator_id = format!("oc-op-{id}");
    let own_problems: Vec<&Problem> = props
        .problems
        .iter()
        .filter(|p| p.node == id && p.field == Field::Node)
        .collect();
    let error_id = format!("oc-err-{id}");
    // Conditional parts stay in the DOM (hidden when empty) so Yew never re-creates the members around them.
    let has_errors = !own_problems.is_empty();
    let own_errors = html! {
        <ul id={error_id.clone()} class="oc-errors" hidden={!has_errors}>
            { for own_problems.iter().map(|p| problem_item(&props.view, p)) }
        </ul>
    };
    let count = items.len();
    let members = items.iter().enumerate().map(|(index, item)| {
        let position = index + 1;
        match &item.kind {
            NodeKind::Condition { key, value } => {
                let problems: Vec<Problem> =
                    props.problems.iter().filter(|p| p.node == item.id).cloned().collect();
                html! {
                    <ConditionRow key={item.id} view={props.view.clone()} id={item.id} key_name={*key}
                                  value={value.clone()} {position} {count} {problems}
                                  categories={props.categories.clone()} dispatch={props.dispatch.clone()} />
                }
            }
            NodeKind::Group { items: inner, .. } => {
                let ids: Vec<u32> = std::iter::once(item.id).chain(inner.iter().map(|n| n.id)).collect();
                let problems: Vec<Problem> =
                    props.problems.iter().filter(|p| ids.contains(&p.node)).cloned().collect();
                html! {
                    <FilterGroup key={item.id} view={props.view.clone()} node={item.clone()} level={props.level + 1}
                                 {position} {count} can_add_group={false} problems={Rc::new(problems)}
                                 categories={props.categories.clone()} dispatch={props.dispatch.clone()} />
                }
            }
        }
    });
    let label = if is_root {
        text.root_group_label.to_owned()
    } else {
        fill(
            text.group_label,
            &[
                ("position", &i18n::number(text, props.position as u64)),
                ("count", &i18n::number(text, props.count as u64)),
            ],
        )
    };
    let too_deep_id = format!("oc-deep-{id}");
    let add_group = if props.can_add_group {
        html! {
            <button type="button" class="oc-button oc-small" onclick={edit(|group| Edit::AddGroup { group })}>
                { text.add_group }
            </button>
        }
    } else {
        html! {
            <>
                <button type="button" class="oc-button oc-small" disabled={true} data-oc-add-group="disabled"
                        aria-describedby={too_deep_id.clone()} title={text.add_group_too_deep}>
                    { text.add_group }
                </button>
                <span id={too_deep_id.clone()} class="oc-note oc-inline-note">{ text.add_group_too_deep }</span>
            </>
        }
    };
    let reorder = (!is_root).then(|| {
        let dispatch = props.dispatch.clone();
        let on_move = move |up: bool| {
            let dispatch = dispatch.clone();
            Callback::from(move |_: MouseEvent| dispatch.emit(Action::Edit(Edit::Move { node: id, up })))
        };
        html! {
            <span class="oc-row-tools">
                <button type="button" class="oc-icon-button" aria-label={text.move_up} title={text.move_up}
                        disabled={props.position == 1} onclick={on_move(true)}>{ "\u{2191}" }</button>
                <button type="button" class="oc-icon-button" aria-label={text.move_down} title={text.move_down}
                        disabled={props.position == props.count} onclick={on_move(false)}>{ "\u{2193}" }</button>
                <button type="button" class="oc-icon-button" aria-label={text.remove_group} title={text.remove_group}
                        onclick={edit(|node| Edit::Remove { node })}>{ "\u{2715}" }</button>
            </span>
        }
    });
    let empty_note = html! {
        <p class="oc-note" hidden={!(is_root && items.is_empty())}>{ text.no_conditions }</p>
    };
    // Groups and conditions are `div role=group`, each labelled with its place ("Condition 1 of 2"), not list
    // items: an `li` given a role is no longer a list item, which leaves its list broken (axe rule `list`).
    let list = html! { <div class="oc-members" hidden={items.is_empty()}>{ for members }</div> };
    let classes = if is_root {
        "oc-group oc-root-group"
    } else {
        "oc-group"
    };
    html! {
        <div ~className={classes} role="group" aria-label={label} data-oc-node={id.to_string()}
            aria-describedby={has_errors.then(|| error_id.clone())}>
            <div class="oc-group-head">
                <label for={operator_id.clone()} class="oc-label">{ text.operator_label }</label>
                <select id={operator_id} class="oc-select" data-oc-focus={format!("node-{id}")} onchange={on_operator}>
                    <option value="AND" selected={*operator == Operator::And}>{ text.operator_and }</option>
                    <option value="OR" selected={*operator == Operator::Or}>{ text.operator_or }</option>
                </select>
                { reorder }
            </div>
            { own_errors }
            { empty_note }
            { list }
            <div class="oc-group-actions">
                <button type="button" class="oc-button oc-small" data-oc-focus={format!("add-{id}")}
                        onclick={edit(|group| Edit::AddCondition { group })}>
                    { text.add_condition }
                </button>
                { add_group }
            </div>
        </div>
    }
}
