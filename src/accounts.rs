//! Connected mailboxes and signing in, as pure state: the data sources the API lists, the active one, and the
//! sign-in flow's phase as the Signing-in screen shows it. Changed only through [`reduce`].

use crate::api::DataSource;
use crate::state::{Screen, WidgetState};
use std::rc::Rc;

/// What the Accounts and Signing-in screens show.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AccountsState {
    /// The connected Outlook mailboxes as the API last listed them; `None` until the first answer.
    pub sources: Option<Rc<Vec<DataSource>>>,
    /// The mailbox the Choose, Progress and Files screens are about.
    pub active: Option<i64>,
}

/// A change to [`AccountsState`] (and the screen it leads to).
#[derive(Clone, Debug, PartialEq)]
pub enum AccountsAction {
    /// Make this data source the one the Choose, Progress and Files screens are about.
    Activate(i64),
    /// The API listed the connected mailboxes. From the Connect screen, any mailbox leads to the Accounts screen.
    Listed(Rc<Vec<DataSource>>),
}

pub fn reduce(state: Rc<WidgetState>, action: AccountsAction) -> Rc<WidgetState> {
    match action {
        AccountsAction::Activate(id) if state.accounts.active == Some(id) => state,
        AccountsAction::Activate(id) => {
            let mut next = (*state).clone();
            next.accounts.active = Some(id);
            Rc::new(next)
        }
        AccountsAction::Listed(sources) => {
            let mut next = (*state).clone();
            if next.screen == Screen::Connect && !sources.is_empty() {
                next.screen = Screen::Accounts;
            }
            next.accounts.sources = Some(sources);
            Rc::new(next)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{DataSourceSyncStatus, LastSyncAction};
    use crate::state::Action;
    use outlook_connect_filter::Filter;
    use yew::Reducible;

    fn source(id: i64) -> DataSource {
        DataSource {
            id,
            data_source_external_id: Some(format!("user{id}@contoso.test")),
            sync_status: DataSourceSyncStatus::from_wire("READY"),
            last_sync_action: LastSyncAction::from_wire("ADD"),
            revoked_access: false,
            enable_auto_sync: None,
            created_at: "2026-11-27T00:00:00Z".into(),
            updated_at: "2026-11-27T00:00:00Z".into(),
            last_synced_at: None,
            files_synced_at: None,
        }
    }

    fn fresh() -> Rc<WidgetState> {
        Rc::new(WidgetState::new(Filter::Empty, vec!["Inbox".into()]))
    }

    #[test]
    fn listing_mailboxes_leaves_the_connect_screen_only_when_there_are_some() {
        let none = fresh().reduce(Action::Accounts(AccountsAction::Listed(Rc::new(vec![]))));
        assert_eq!(none.screen, Screen::Connect);
        assert_eq!(none.accounts.sources.as_deref(), Some(&vec![]));
        let some = fresh().reduce(Action::Accounts(AccountsAction::Listed(Rc::new(vec![
            source(7),
        ]))));
        assert_eq!(some.screen, Screen::Accounts);
    }

    #[test]
    fn activating_the_active_mailbox_changes_nothing() {
        let once = fresh().reduce(Action::Accounts(AccountsAction::Activate(3)));
        assert_eq!(once.accounts.active, Some(3));
        let twice = once
            .clone()
            .reduce(Action::Accounts(AccountsAction::Activate(3)));
        assert!(Rc::ptr_eq(&once, &twice));
    }
}
