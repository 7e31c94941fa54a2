//! Tests of the state through `WidgetState::reduce`, the path the handle takes: each slice's transitions and the
//! rules that cross slices. Every "changes nothing" assertion checks `Rc::ptr_eq`, which is what keeps the handle
//! from re-rendering. (The slices' own pure helpers are tested in their modules.)

mod accounts;
mod editor;
mod files;
mod folder_picker;
mod sync;

use super::{Action, Screen, WidgetState};
use outlook_connect_filter::{Filter, Key};
use std::rc::Rc;
use yew::Reducible;

fn start() -> Rc<WidgetState> {
    Rc::new(WidgetState::new(Filter::Empty, vec!["Inbox".to_owned()]))
}

#[test]
fn starts_on_connect_while_the_mailboxes_load() {
    let state = start();
    assert_eq!(state.screen, Screen::Connect);
    assert_eq!(state.folders, vec!["Inbox".to_owned()]);
}

#[test]
fn set_filters_replaces_the_tree_and_keeps_the_rest() {
    let tree = Filter::condition(Key::Has, "attachment");
    let next = start().reduce(Action::SetFilters(tree.clone()));
    assert_eq!(next.filters, tree);
    assert_eq!(next.folders, vec!["Inbox".to_owned()]);
}

#[test]
fn an_action_that_changes_nothing_keeps_the_same_state() {
    let state = start();
    let same = state.clone().reduce(Action::SetFilters(Filter::Empty));
    assert!(
        Rc::ptr_eq(&state, &same),
        "no re-render when nothing changed"
    );
    let same = state
        .clone()
        .reduce(Action::SetFolders(vec!["Inbox".to_owned()]));
    assert!(Rc::ptr_eq(&state, &same));
}

#[test]
fn set_folders_replaces_the_selection() {
    let next = start().reduce(Action::SetFolders(vec![
        "Archive".to_owned(),
        "Sent Items".to_owned(),
    ]));
    assert_eq!(
        next.folders,
        vec!["Archive".to_owned(), "Sent Items".to_owned()]
    );
    assert_eq!(next.filters, Filter::Empty);
}
