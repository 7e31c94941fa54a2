//! Connected mailboxes and signing in, as pure state: the data sources the API lists, the active one, and the
//! sign-in flow's phase as the Signing-in screen shows it. Changed only through [`reduce`].

use crate::api::DataSource;
use crate::state::WidgetState;
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
}

pub fn reduce(state: Rc<WidgetState>, action: AccountsAction) -> Rc<WidgetState> {
    match action {
        AccountsAction::Activate(id) if state.accounts.active == Some(id) => state,
        AccountsAction::Activate(id) => {
            let mut next = (*state).clone();
            next.accounts.active = Some(id);
            Rc::new(next)
        }
    }
}
