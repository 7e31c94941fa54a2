//! The widget's state and the one place it changes: a pure reducer over [`Action`]s.
//!
//! The handle (`handle.rs`) owns the current `Rc<WidgetState>`, applies actions with [`Reducible::reduce`] and
//! hands the result to the Yew view as props; components only render it and send actions. Nothing here touches
//! the DOM, so every transition is tested natively.

use outlook_connect_filter::Filter;
use std::rc::Rc;
use yew::Reducible;

/// Which screen the widget shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    /// Org name, what will be read, and the Connect button.
    Connect,
}

/// Everything the view renders that is not plain configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct WidgetState {
    pub screen: Screen,
    /// The filter tree the next sync sends; seeded from the `filters` config key.
    pub filters: Filter,
    /// The folders the next sync covers (one request each); seeded from the `folders` config key.
    pub folders: Vec<String>,
    /// Whether sign-in can start in this build; until the OAuth flow lands the Connect button is disabled.
    pub sign_in_available: bool,
}

impl WidgetState {
    pub fn new(filters: Filter, folders: Vec<String>) -> Self {
        Self {
            screen: Screen::Connect,
            filters,
            folders,
            sign_in_available: false,
        }
    }
}

/// A change to the state. Each one says what happened, not how to render it.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// The host (or the editor) replaced the filter tree with an already validated one.
    SetFilters(Filter),
    /// The host (or the picker) replaced the selected folders with already validated names.
    SetFolders(Vec<String>),
}

impl Reducible for WidgetState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::SetFilters(filters) if filters == self.filters => self,
            Action::SetFilters(filters) => Rc::new(WidgetState {
                filters,
                ..(*self).clone()
            }),
            Action::SetFolders(folders) if folders == self.folders => self,
            Action::SetFolders(folders) => Rc::new(WidgetState {
                folders,
                ..(*self).clone()
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use outlook_connect_filter::{Filter, Key};

    fn start() -> Rc<WidgetState> {
        Rc::new(WidgetState::new(Filter::Empty, vec!["Inbox".to_owned()]))
    }

    #[test]
    fn starts_on_connect_with_sign_in_unavailable() {
        let state = start();
        assert_eq!(state.screen, Screen::Connect);
        assert!(!state.sign_in_available);
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
}
