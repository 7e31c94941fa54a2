//! The folder picker's slice (`state/folder_picker.rs`) through the root reducer: the tree, the query, what is
//! open, and the selection it writes to `folders`.

use crate::state::folders::tests::sample;
use crate::state::{Action, Screen, WidgetState, MAX_SELECTED_FOLDERS};
use outlook_connect_filter::Filter;
use std::rc::Rc;
use yew::Reducible;

fn start() -> Rc<WidgetState> {
    Rc::new(WidgetState::new(Filter::Empty, vec!["Inbox".to_owned()]))
}

#[test]
fn a_folder_tree_opens_the_choose_screen_with_inbox_selected() {
    let next = start().reduce(Action::SetFolderTree(Rc::new(sample())));
    assert_eq!(next.screen, Screen::Choose);
    let picker = next.folder_picker.as_ref().unwrap();
    assert_eq!(picker.active, Some(0), "focus starts on the selected Inbox");
    assert_eq!(picker.rows.len(), 2);
    assert!(next.is_selected("Inbox"));
}

#[test]
fn a_selected_nested_folder_is_revealed() {
    let state = Rc::new(WidgetState::new(Filter::Empty, vec!["Alpha <b>".into()]));
    let next = state.reduce(Action::SetFolderTree(Rc::new(sample())));
    let picker = next.folder_picker.as_ref().unwrap();
    assert_eq!(picker.expanded, [0, 2]);
    assert_eq!(picker.active, Some(4));
}

#[test]
fn toggling_folders_keeps_the_selection_as_names() {
    let state = start().reduce(Action::SetFolderTree(Rc::new(sample())));
    let next = state.reduce(Action::ToggleFolder(1));
    assert_eq!(next.folders, ["Inbox", "Sent Items"]);
    let next = next.reduce(Action::ToggleFolder(0));
    assert_eq!(next.folders, ["Sent Items"]);
    assert_eq!(next.folder_picker.as_ref().unwrap().active, Some(0));
    let same = next.clone().reduce(Action::ToggleFolder(99));
    assert!(Rc::ptr_eq(&next, &same));
}

#[test]
fn the_folder_query_and_expansion_recompute_the_rows() {
    let state = start().reduce(Action::SetFolderTree(Rc::new(sample())));
    let next = state.reduce(Action::SetExpanded {
        folder: 0,
        expanded: true,
    });
    assert_eq!(next.folder_picker.as_ref().unwrap().rows.len(), 4);
    let next = next.reduce(Action::SetFolderQuery("alpha".into()));
    let picker = next.folder_picker.as_ref().unwrap();
    assert_eq!(picker.rows.len(), 3);
    assert_eq!(picker.active, Some(0));
    let next = next.reduce(Action::SetFolderQuery(String::new()));
    assert_eq!(
        next.folder_picker.as_ref().unwrap().rows.len(),
        4,
        "expansion survives a query"
    );
    let next = next.reduce(Action::SetExpanded {
        folder: 0,
        expanded: false,
    });
    assert_eq!(next.folder_picker.as_ref().unwrap().rows.len(), 2);
}

#[test]
fn picker_actions_before_a_tree_change_nothing() {
    let state = start();
    for action in [
        Action::SetFolderQuery("x".into()),
        Action::ToggleFolder(0),
        Action::ActivateFolder(0),
        Action::SetExpanded {
            folder: 0,
            expanded: true,
        },
    ] {
        let same = state.clone().reduce(action);
        assert!(Rc::ptr_eq(&state, &same));
    }
}

#[test]
fn at_most_fifty_folders_can_be_selected() {
    let names: Vec<String> = (0..MAX_SELECTED_FOLDERS).map(|i| format!("F{i}")).collect();
    let state = Rc::new(WidgetState::new(Filter::Empty, names))
        .reduce(Action::SetFolderTree(Rc::new(sample())));
    let same = state.clone().reduce(Action::ToggleFolder(0));
    assert!(Rc::ptr_eq(&state, &same));
}
