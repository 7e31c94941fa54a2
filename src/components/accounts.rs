//! The Accounts screen: every connected mailbox with its sync status and last sync, the way to its e-mails
//! ("Choose e-mails", "Synced e-mails"), "Reconnect", "Disconnect" (confirmed in place), and "Add another
//! mailbox". While the first list loads it says so (a failure shows the notice with "Try again", see `app.rs`).
//!
//! A plain view function: everything it shows is in [`AccountsState`].

use super::lazy::opening_button;
use super::{button, escape_means, send, View};
use crate::api::{ConnectMode, DataSource, DataSourceSyncStatus};
use crate::i18n::{self, fill};
use crate::intent::{accounts, files, sync, Intent};
use crate::state::accounts::{
    last_synced_text, mailbox_name, status_text, AccountsAction, AccountsState, Listing,
};
use crate::state::chunks::Chunk;
use crate::state::Action;
use yew::prelude::*;

pub fn accounts_screen(
    view: &View,
    state: &AccountsState,
    intent: &Callback<Intent>,
    dispatch: &Callback<Action>,
    auto_sync: Html,
) -> Html {
    let text = view.strings;
    let body = match &state.sources {
        None => html! {
            <p class="oc-muted" part="accounts-loading" role="status" aria-busy="true">{ text.accounts_loading }</p>
        },
        Some(sources) => {
            let add = send(
                intent,
                Intent::Accounts(accounts::Intent::Connect {
                    mode: ConnectMode::NewAccount,
                }),
            );
            html! { <>
                <p class="oc-muted">{ text.accounts_lead }</p>
                <ul class="oc-mailboxes" part="accounts" aria-label={text.accounts_list_label}>
                    { for sources.iter().map(|source| mailbox(view, state, source, intent, dispatch)) }
                </ul>
                if state.total > sources.len() {
                    <div class="oc-actions">
                        <button type="button" class="oc-button" part="accounts-more"
                                disabled={state.listing == Listing::Loading}
                                onclick={send(intent, Intent::Accounts(accounts::Intent::ShowMore))}>
                            { i18n::plural(text, text.accounts_more, "count", (state.total - sources.len()) as u64, &[]) }
                        </button>
                    </div>
                }
                <div class="oc-actions">
                    { button("oc-button oc-primary", "add-mailbox-button", text.add_mailbox, false, add) }
                </div>
                { auto_sync }
            </> }
        }
    };
    html! {
        <section class="oc-card" part="card" aria-labelledby="oc-accounts-title">
            <h2 id="oc-accounts-title" class="oc-title" part="title">{ text.accounts_title }</h2>
            { body }
        </section>
    }
}

/// One mailbox's row: address, status, last sync, and its buttons (or the disconnect confirmation).
fn mailbox(
    view: &View,
    state: &AccountsState,
    source: &DataSource,
    intent: &Callback<Intent>,
    dispatch: &Callback<Action>,
) -> Html {
    let text = view.strings;
    let id = source.id;
    let name = mailbox_name(source, text);
    let on_intent = |make: fn(i64) -> Intent| send(intent, make(id));
    let ask = |target: Option<i64>| {
        dispatch.reform(move |_| Action::Accounts(AccountsAction::ConfirmDisconnect(target)))
    };
    let actions = if state.confirm_disconnect == Some(id) {
        let question = fill(
            text.confirm_disconnect,
            &[("mailbox", &name), ("org", &view.org_name)],
        );
        html! {
            <div class="oc-confirm" part="disconnect-confirm" role="group" aria-labelledby="oc-disconnect-question"
                 onkeydown={escape_means(dispatch, || Action::Accounts(AccountsAction::ConfirmDisconnect(None)))}>
                <p id="oc-disconnect-question" class="oc-inline-note">{ question }</p>
                <div class="oc-actions">
                    { button("oc-button oc-danger-solid", "confirm-disconnect-button", text.confirm_disconnect_yes, false,
                             on_intent(|data_source_id| Intent::Accounts(accounts::Intent::Disconnect { data_source_id }))) }
                    { button("oc-button", "keep-mailbox-button", text.confirm_disconnect_no, false, ask(None)) }
                </div>
            </div>
        }
    } else if state.disconnecting == Some(id) {
        html! { <p class="oc-muted" part="disconnecting" role="status">{ text.disconnecting }</p> }
    } else {
        html! {
            <div class="oc-actions" part="account-actions">
                { opening_button("oc-button oc-primary oc-small", "account-choose", text.account_choose,
                                 on_intent(|data_source_id| Intent::Sync(sync::Intent::Open { data_source_id })),
                                 intent, Chunk::Choose) }
                { opening_button("oc-button oc-small", "account-files", text.account_files,
                                 on_intent(|data_source_id| Intent::Files(files::Intent::Open { data_source_id })),
                                 intent, Chunk::Files) }
                { button("oc-button oc-small", "account-reconnect", text.reconnect, false,
                         on_intent(|data_source_id| Intent::Accounts(accounts::Intent::Connect {
                             mode: ConnectMode::Reconnect { data_source_id },
                         }))) }
                { button("oc-button oc-small", "account-disconnect", text.disconnect, state.disconnecting.is_some(),
                         ask(Some(id))) }
            </div>
        }
    };
    let badge = if source.sync_status == DataSourceSyncStatus::SyncError {
        "oc-badge oc-badge-error"
    } else {
        "oc-badge"
    };
    html! {
        <li class="oc-mailbox" part="account" data-source-id={id.to_string()}>
            <div class="oc-mailbox-head">
                <span class="oc-mailbox-name" part="account-address">{ name.clone() }</span>
                <span ~className={badge} part="account-status">
                    { status_text(source.sync_status, text) }
                </span>
            </div>
            <p class="oc-muted oc-mailbox-synced" part="account-last-synced">
                { last_synced_text(source.last_synced_at.as_deref(), text) }
            </p>
            { actions }
        </li>
    }
}
