//! The accounts part of the flow (see [`super`]): listing the connected mailboxes.

use super::Ctx;
use crate::accounts::AccountsAction;
use crate::api::DataSourceQuery;
use crate::state::{Action, Notice};
use std::rc::Rc;

/// What the Connect, Signing-in and Accounts screens ask for.
#[derive(Clone, Debug, PartialEq)]
pub enum Intent {
    /// List the connected mailboxes again (also run once when the widget is mounted).
    Refresh,
}

pub fn run(ctx: &Ctx, intent: Intent) {
    match intent {
        Intent::Refresh => refresh(ctx),
    }
}

/// Lists the connected mailboxes; a failure is shown as a notice and the screen stays as it was.
pub fn refresh(ctx: &Ctx) {
    let Some(client) = ctx.client() else { return };
    let ctx = ctx.clone();
    wasm_bindgen_futures::spawn_local(async move {
        match client
            .user_data_sources(&DataSourceQuery::connected())
            .await
        {
            Ok(listed) => ctx.dispatch(Action::Accounts(AccountsAction::Listed(Rc::new(
                listed.results,
            )))),
            Err(error) => ctx.dispatch(Action::SetNotice(Some(Notice {
                code: error.code().to_owned(),
                message: error.message.clone(),
            }))),
        }
    });
}
