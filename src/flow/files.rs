//! The files part of the flow (see [`super`]).

use super::Ctx;
use crate::accounts::AccountsAction;
use crate::state::{Action, Screen};

/// What the files screens ask for.
#[derive(Clone, Debug, PartialEq)]
pub enum Intent {
    /// Show the synced e-mails of one mailbox (from the Accounts screen).
    Open { data_source_id: i64 },
}

pub fn run(ctx: &Ctx, intent: Intent) {
    match intent {
        Intent::Open { data_source_id } => {
            ctx.dispatch(Action::Accounts(AccountsAction::Activate(data_source_id)));
            ctx.dispatch(Action::Navigate(Screen::Files));
        }
    }
}
