//! The Signing-in screen: what the sign-in popup is doing (the steps are in `crate::oauth`), with the buttons each
//! phase needs — "Open sign-in window" after a block, "Open the sign-in window again" and "Cancel" while waiting.
//!
//! A plain view function. The window buttons run their intent inside the click, so the browser lets the popup
//! open (a fresh click is a fresh user gesture).

use super::{button as plain_button, send, View};
use crate::intent::{accounts, Intent};
use crate::oauth::Phase;
use yew::prelude::*;

pub fn signing_in_screen(view: &View, phase: &Phase, intent: &Callback<Intent>) -> Html {
    let text = view.strings;
    let button =
        |label: &'static str, part: &'static str, primary: bool, action: accounts::Intent| {
            let class = if primary {
                "oc-button oc-primary"
            } else {
                "oc-button"
            };
            plain_button(
                class,
                part,
                label,
                false,
                send(intent, Intent::Accounts(action)),
            )
        };
    let cancel = || {
        button(
            text.cancel,
            "cancel-button",
            false,
            accounts::Intent::CancelSignIn,
        )
    };
    let (message, hint, actions) = match phase {
        Phase::Blocked => (
            text.sign_in_blocked,
            None,
            html! { <>
                { button(text.sign_in_open_window, "open-window-button", true, accounts::Intent::OpenWindow) }
                { cancel() }
            </> },
        ),
        Phase::WaitingForUrl | Phase::WaitingForSignIn { .. } => (
            if *phase == Phase::WaitingForUrl {
                text.sign_in_preparing
            } else {
                text.sign_in_waiting
            },
            matches!(phase, Phase::WaitingForSignIn { popup_closed: true })
                .then_some(text.sign_in_closed_hint),
            html! { <>
                { cancel() }
                { button(text.sign_in_open_again, "open-again-button", false, accounts::Intent::OpenWindow) }
            </> },
        ),
        Phase::Connected { .. } => (text.sign_in_connected, None, Html::default()),
        _ => (text.sign_in_opening, None, Html::default()),
    };
    let busy = if matches!(phase, Phase::Blocked) {
        "false"
    } else {
        "true"
    };
    html! {
        <section class="oc-card" part="card signing-in" aria-labelledby="oc-signing-in-title" aria-busy={busy}>
            <h2 id="oc-signing-in-title" class="oc-title" part="title">{ text.signing_in_title }</h2>
            <p class="oc-lead" part="sign-in-status" role="status">{ message }</p>
            { for hint.map(|hint| html! { <p class="oc-muted" part="sign-in-hint">{ hint }</p> }) }
            <div class="oc-actions" part="actions">{ actions }</div>
        </section>
    }
}
