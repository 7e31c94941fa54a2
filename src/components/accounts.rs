//! The Accounts screen: the connected mailboxes, each with the way to choose its e-mails and to see what synced.

use super::View;
use crate::flow::{files, sync, Intent};
use crate::state::WidgetState;
use yew::prelude::*;

pub fn accounts_screen(view: &View, state: &WidgetState, intent: &Callback<Intent>) -> Html {
    let text = view.strings;
    let rows = state.accounts.sources.iter().flat_map(|sources| sources.iter()).map(|source| {
        let id = source.id;
        let address = source.data_source_external_id.clone().unwrap_or_default();
        let choose = intent.reform(move |_| Intent::Sync(sync::Intent::Open { data_source_id: id }));
        let files = intent.reform(move |_| Intent::Files(files::Intent::Open { data_source_id: id }));
        html! {
            <li class="oc-account" part="account" data-source-id={id.to_string()}>
                <span class="oc-account-address">{ address }</span>
                <button type="button" class="oc-button oc-primary" part="account-choose" onclick={choose}>
                    { text.account_choose }
                </button>
                <button type="button" class="oc-button" part="account-files" onclick={files}>
                    { text.account_files }
                </button>
            </li>
        }
    });
    html! {
        <section class="oc-card" part="card" aria-labelledby="oc-accounts-title">
            <h2 id="oc-accounts-title" class="oc-title" part="title">{ text.accounts_title }</h2>
            <ul class="oc-accounts" part="accounts">{ for rows }</ul>
        </section>
    }
}
