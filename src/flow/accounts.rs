//! The accounts part of the flow (see [`super`]): listing the connected mailboxes, the sign-in popup from the
//! click to the new mailbox's Choose screen, disconnecting, and following a new `apiUrl`/`tokenFetcher`.
//!
//! The sign-in itself is [`SignIn`] (`crate::oauth`); this part starts it inside the click (so `window.open`
//! keeps the user's gesture), keeps it in [`crate::runtime::Flow::sign_in`] while it runs, mirrors its phase into the
//! state, forwards its events to the host and drops it when it ends.

use crate::api::fetch::FetchTransport;
use crate::api::{ApiError, ApiErrorKind, Client, ConnectMode, DataSourceQuery, TokenSource};
use crate::config::Config;
use crate::events::Event;
use crate::i18n::fill;
use crate::oauth::{Phase, SignIn, SignInUpdate};
use crate::runtime::Ctx;
use crate::state::accounts::{mailbox_name, sign_in_notice, AccountsAction, Listing};
use crate::state::{Action, Notice};
use js_sys::Function;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use web_sys::Window;

pub use crate::intent::accounts::Intent;

pub fn run(ctx: &Ctx, intent: Intent) {
    match intent {
        Intent::Refresh => refresh(ctx),
        Intent::Connect { mode } => connect(ctx, mode),
        Intent::OpenWindow => with_sign_in(ctx, SignIn::open_window),
        Intent::CancelSignIn => with_sign_in(ctx, SignIn::cancel),
        Intent::Disconnect { data_source_id } => disconnect(ctx, data_source_id),
        Intent::ShowMore => show_more(ctx),
    }
}

/// The Carbon client for a configuration (at `create`, and again when `apiUrl` or `tokenFetcher` change).
/// What the loader did while the wasm downloaded comes with it at `create` only: `early_token` is the answer of
/// its `tokenFetcher` call (the first token comes from it), `early_list` the holder of the mailbox list it asked
/// for with that token (the first list takes its answer when it is the same request).
pub fn client_for(
    config: &Config<Function>,
    early_token: Option<JsValue>,
    early_list: JsValue,
) -> Client {
    Client::with_transport(
        &config.api_url,
        TokenSource::from_host(
            config.token_fetcher.clone(),
            config.token_fetcher_timeout_ms,
            early_token,
        ),
        FetchTransport::default().with_early(early_list),
    )
}

/// After `update` changed `apiUrl`, `tokenFetcher` or `tokenFetcherTimeoutMs`: later calls use a new client, calls in flight on the old
/// one are aborted (their answers may belong to another API or user), a sign-in in progress is cancelled, and
/// the mailboxes are listed again (if they were listed already: before `mount` nothing is asked).
pub fn client_changed(ctx: &Ctx) {
    let Some(client) = ctx.config(|config| client_for(config, None, JsValue::UNDEFINED)) else {
        return;
    };
    let replaced = ctx.flow(|flow| {
        let old = std::mem::replace(&mut flow.client, Rc::new(client));
        (old, flow.sign_in.take())
    });
    let Some((old_client, sign_in)) = replaced else {
        return;
    };
    old_client.close();
    if let Some(sign_in) = sign_in {
        // Still attached to this widget: the cancel reaches the state and the host as `auth_cancelled`.
        sign_in.cancel();
    }
    if ctx
        .state()
        .is_some_and(|state| state.accounts.listing != Listing::Idle)
    {
        list(ctx, None);
    }
}

/// Lists the connected mailboxes: any leads to the Accounts screen, none to Connect; a failure is shown as a
/// notice (the Accounts screen then offers "Try again").
pub fn refresh(ctx: &Ctx) {
    list(ctx, None);
}

/// Lists the connected mailboxes; then, when `open` names one, shows its Choose screen.
fn list(ctx: &Ctx, open: Option<i64>) {
    let (Some(client), Some(state)) = (ctx.client(), ctx.state()) else {
        return;
    };
    let request = state.accounts.list_request.wrapping_add(1);
    ctx.dispatch(Action::Accounts(AccountsAction::ListStarted { request }));
    let ctx = ctx.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let answer = client
            .user_data_sources(&DataSourceQuery::connected())
            .await;
        match answer {
            Ok(answer) => ctx.dispatch(Action::Accounts(AccountsAction::ListAnswered {
                request,
                total: answer.total(),
                sources: Rc::new(answer.results),
            })),
            Err(error) => {
                ctx.dispatch(Action::Accounts(AccountsAction::ListFailed { request }));
                report(&ctx, &error, ctx.strings().accounts_load_failed, &[]);
            }
        }
        if let Some(data_source_id) = open {
            super::sync::run(&ctx, super::sync::Intent::Open { data_source_id });
        }
    });
}

/// Lists the page of connected mailboxes after those shown, and appends it.
fn show_more(ctx: &Ctx) {
    let (Some(client), Some(state)) = (ctx.client(), ctx.state()) else {
        return;
    };
    let shown = state
        .accounts
        .sources
        .as_ref()
        .map_or(0, |sources| sources.len());
    let request = state.accounts.list_request.wrapping_add(1);
    ctx.dispatch(Action::Accounts(AccountsAction::ListStarted { request }));
    let ctx = ctx.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let query = DataSourceQuery::connected().after(shown);
        match client.user_data_sources(&query).await {
            Ok(answer) => ctx.dispatch(Action::Accounts(AccountsAction::MoreAnswered {
                request,
                total: answer.total(),
                sources: answer.results,
            })),
            Err(error) => {
                ctx.dispatch(Action::Accounts(AccountsAction::ListFailed { request }));
                report(&ctx, &error, ctx.strings().accounts_load_failed, &[]);
            }
        }
    });
}

/// Shows an API failure in the notice — `template` says what failed, its `{message}` is the API's reason — and
/// sends it as an `error` event. A call aborted on purpose (the widget was destroyed or its client replaced) says
/// nothing.
fn report(ctx: &Ctx, error: &ApiError, template: &str, values: &[(&str, &str)]) {
    if error.kind == ApiErrorKind::Cancelled {
        return;
    }
    let mut values = values.to_vec();
    values.push(("message", &error.message));
    ctx.dispatch(Action::SetNotice(Some(Notice {
        code: error.code().to_owned(),
        message: fill(template, &values),
    })));
    ctx.emit_api_error(error);
}

/// Starts a fresh sign-in, synchronously (the caller is the click handler). A sign-in already running is
/// replaced: dropping it closes its popup.
fn connect(ctx: &Ctx, mode: ConnectMode) {
    start_sign_in(ctx, mode, None);
}

/// Connects a new mailbox after the loader's early Connect button was clicked before the wasm was ready, in the
/// `popup` that click opened (the gesture is gone by now: a window this widget opens may be blocked).
pub fn connect_in(ctx: &Ctx, popup: Option<Window>) {
    start_sign_in(ctx, ConnectMode::NewAccount, popup);
}

fn start_sign_in(ctx: &Ctx, mode: ConnectMode, popup: Option<Window>) {
    let (Some(client), Some(timeout_ms), Some(state)) = (
        ctx.client(),
        ctx.config(|config| config.auth_timeout_ms),
        ctx.state(),
    ) else {
        return;
    };
    drop(ctx.flow(|flow| flow.sign_in.take()));
    ctx.dispatch(Action::SetNotice(None));
    let updates = ctx.clone();
    let sign_in = SignIn::new(client, timeout_ms, move |update| {
        on_sign_in_update(&updates, update)
    });
    sign_in.start(mode, state.accounts.snapshots(), popup);
    keep(ctx, sign_in);
}

/// Runs `act` on the running sign-in, outside the handle's borrow (it reports back through the handle).
fn with_sign_in(ctx: &Ctx, act: impl FnOnce(&SignIn)) {
    if let Some(sign_in) = ctx.flow(|flow| flow.sign_in.take()).flatten() {
        act(&sign_in);
        keep(ctx, sign_in);
    }
}

/// Puts a sign-in back into the flow while it runs; one that ended (or a destroyed widget's) is dropped, which
/// stops its timer and listener.
fn keep(ctx: &Ctx, sign_in: SignIn) {
    if sign_in.phase().is_active() {
        ctx.flow(move |flow| flow.sign_in = Some(sign_in));
    }
}

fn on_sign_in_update(ctx: &Ctx, update: SignInUpdate) {
    match update {
        SignInUpdate::Event(event) => ctx.emit(event),
        SignInUpdate::Phase(phase) => {
            if !phase.is_active() {
                drop(ctx.flow(|flow| flow.sign_in.take()));
            }
            ctx.dispatch(Action::Accounts(AccountsAction::SignIn(phase.clone())));
            if let Some(notice) = sign_in_notice(&phase, ctx.strings()) {
                ctx.dispatch(Action::SetNotice(Some(notice)));
            }
            if let Phase::Connected { data_source_id } = phase {
                // The list learns the new mailbox, then its Choose screen opens (the Accounts screen when the
                // flow could not tell which mailbox it was).
                list(ctx, data_source_id);
                if data_source_id.is_none() {
                    ctx.dispatch(Action::Navigate(crate::state::Screen::Accounts));
                }
            }
        }
    }
}

/// Revokes a mailbox's access after the user confirmed: `disconnected` on success, the list refreshed; on
/// failure the mailbox stays listed and the notice says why.
fn disconnect(ctx: &Ctx, data_source_id: i64) {
    let Some(client) = ctx.client() else {
        return;
    };
    ctx.dispatch(Action::Accounts(AccountsAction::DisconnectStarted(
        data_source_id,
    )));
    let ctx = ctx.clone();
    wasm_bindgen_futures::spawn_local(async move {
        match client.revoke_access_token(data_source_id).await {
            Ok(_) => {
                ctx.dispatch(Action::Accounts(AccountsAction::Disconnected(
                    data_source_id,
                )));
                ctx.emit(Event::Disconnected { data_source_id });
                list(&ctx, None);
            }
            Err(error) => {
                let text = ctx.strings();
                let name = ctx
                    .state()
                    .and_then(|state| {
                        Some(mailbox_name(state.accounts.source(data_source_id)?, text))
                    })
                    .unwrap_or_default();
                ctx.dispatch(Action::Accounts(AccountsAction::DisconnectFailed(
                    data_source_id,
                )));
                report(&ctx, &error, text.disconnect_failed, &[("mailbox", &name)]);
            }
        }
    });
}
