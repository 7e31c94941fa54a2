//! The Connect screen: who asks, what will be read, and the "Connect Outlook" button.
//!
//! A plain view function, not a component: it has no state of its own, and each component type costs bundle size.

use super::{send, View};
use crate::api::ConnectMode;
use crate::i18n::fill;
use crate::intent::{accounts, Intent};
use yew::prelude::*;

/// The screen's markup. The button starts signing in inside the click, so the browser lets the popup open.
pub fn connect_screen(view: &View, intent: &Callback<Intent>) -> Html {
    let text = view.strings;
    let org = view.org_name.as_str();
    let icon = view.brand_icon.as_ref().map(|src| {
        html! {
            <img class="oc-brand-icon" part="brand-icon" src={src.clone()} width="40" height="40"
                 alt={fill(text.brand_icon_alt, &[("org", org)])} />
        }
    });
    let connect = send(
        intent,
        Intent::Accounts(accounts::Intent::Connect {
            mode: ConnectMode::NewAccount,
        }),
    );
    html! {
        <section class="oc-card" part="card" aria-labelledby="oc-connect-title">
            <header class="oc-brand" part="header">
                { icon }
                <span class="oc-org" part="org-name">{ org }</span>
            </header>
            <h2 id="oc-connect-title" class="oc-title" part="title">{ text.connect_title }</h2>
            <p class="oc-lead" part="lead">{ fill(text.connect_lead, &[("org", org)]) }</p>
            <p class="oc-muted">{ text.connect_read_only }</p>
            <button type="button" class="oc-button oc-primary" part="connect-button" onclick={connect}>
                <svg class="oc-button-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
                    <rect x="1" y="3" width="14" height="10" rx="1.5" fill="none" stroke="currentColor" stroke-width="1.5" />
                    <path d="M1.8 4 8 8.6 14.2 4" fill="none" stroke="currentColor" stroke-width="1.5" />
                </svg>
                { text.connect_button }
            </button>
            <p class="oc-footer" part="footer">{ text.powered_by }</p>
        </section>
    }
}
