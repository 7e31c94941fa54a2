//! The filter editor's slice (`state/editor.rs`) through the root reducer: edits, the JSON tab, and the valid
//! tree they leave in `filters`.

use crate::state::draft::{Edit, Focus, NodeKind, ROOT};
use crate::state::{json_text_of, Action, EditorTab, WidgetState};
use outlook_connect_filter::{parse_str, ErrorCode, Filter, Key};
use std::rc::Rc;
use yew::Reducible;

fn start() -> Rc<WidgetState> {
    Rc::new(WidgetState::new(Filter::Empty, vec!["Inbox".to_owned()]))
}

fn seed() -> Filter {
    parse_str(r#"{"AND":[{"key":"after","value":"2024/01/07"},{"OR":[{"key":"category","value":"Personal"},{"key":"category","value":"Test"}]}]}"#)
        .unwrap()
        .filter
}

fn first_item(state: &WidgetState) -> u32 {
    match &state.editor.draft.root.kind {
        NodeKind::Group { items, .. } => items[0].id,
        NodeKind::Condition { .. } => panic!("the root is a group"),
    }
}

#[test]
fn an_incomplete_draft_keeps_the_last_valid_filter() {
    let state = start();
    let next = state.reduce(Action::Edit(Edit::AddCondition { group: ROOT }));
    assert_eq!(
        next.filters,
        Filter::Empty,
        "an empty category is not valid yet"
    );
    assert_eq!(next.editor.problems.len(), 1);
    assert_eq!(next.editor.problems[0].code, ErrorCode::BadValue);
    let node = first_item(&next);
    assert_eq!(next.editor.focus, Some(Focus::Node(node)));
    let next = next.reduce(Action::Edit(Edit::SetValue {
        node,
        value: "Personal".into(),
    }));
    assert_eq!(
        next.filters,
        Filter::And(vec![Filter::condition(Key::Category, "Personal")])
    );
    assert!(next.editor.problems.is_empty());
    assert!(
        next.editor.json_text.contains("\"Personal\""),
        "the JSON tab follows"
    );
}

#[test]
fn a_refused_edit_changes_nothing() {
    let state = Rc::new(WidgetState::new(seed(), vec!["Inbox".into()]));
    let same = state
        .clone()
        .reduce(Action::Edit(Edit::Remove { node: ROOT }));
    assert!(Rc::ptr_eq(&state, &same));
}

#[test]
fn json_text_that_does_not_parse_is_kept_with_its_line_and_column() {
    let state = Rc::new(WidgetState::new(seed(), vec!["Inbox".into()]));
    let typed = "{\n  \"AND\": [\n    {\"key\": }\n  ]\n}";
    let next = state.clone().reduce(Action::SetJsonText(typed.into()));
    assert_eq!(next.editor.json_text, typed);
    assert_eq!(next.filters, seed(), "the last valid tree stays");
    assert_eq!(
        next.editor.draft, state.editor.draft,
        "the visual tab keeps it too"
    );
    let error = &next.editor.json_errors[0];
    assert_eq!(
        (error.code, error.line, error.column),
        (ErrorCode::BadJson, Some(3), Some(13))
    );
    let visual = next.reduce(Action::SelectTab(EditorTab::Visual));
    let back = visual.reduce(Action::SelectTab(EditorTab::Json));
    assert_eq!(
        back.editor.json_text, typed,
        "nothing typed is lost when switching tabs"
    );
}

#[test]
fn valid_json_text_replaces_the_tree_and_the_draft() {
    let state = start();
    let next = state.reduce(Action::SetJsonText(
        r#"{"OR":[{"key":"is","value":"flagged"}]}"#.into(),
    ));
    assert_eq!(
        next.filters,
        Filter::Or(vec![Filter::condition(Key::Is, "flagged")])
    );
    assert!(next.editor.json_errors.is_empty());
    assert_eq!(next.editor.draft.check().filter, Some(next.filters.clone()));
    let invalid_tree = next.reduce(Action::SetJsonText(r#"{"OR":[]}"#.into()));
    assert_eq!(
        invalid_tree.editor.json_errors[0].code,
        ErrorCode::EmptyGroup
    );
    assert_eq!(invalid_tree.editor.json_errors[0].path, "filters.OR");
}

#[test]
fn the_host_replacing_the_filters_resets_the_editor() {
    let state = start().reduce(Action::SetJsonText("{oops".into()));
    let next = state.reduce(Action::SetFilters(seed()));
    assert!(next.editor.json_errors.is_empty());
    assert_eq!(next.editor.json_text, json_text_of(&seed()));
    assert_eq!(next.editor.draft.condition_count(), 3);
}
