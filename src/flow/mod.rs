//! The widget's side effects: what happens after a click that needs the API, a popup or a timer.
//!
//! Components send [`Intent`]s (through `AppProps::intent`); [`run`] hands each one to its part, which calls the
//! API through the widget's [`Client`], changes state only by dispatching [`crate::state::Action`]s and tells the
//! host through events — both through [`Ctx`], a weak link to the handle, so a task that outlives its widget does
//! nothing. Every long-lived thing a part starts (the sign-in popup, a polling loop) is kept in [`Flow`] and
//! stopped by [`Flow::stop`] when the widget is destroyed.
//!
//! - [`accounts`]: Connect, the sign-in popup, the connected mailboxes, reconnect and disconnect;
//! - [`sync`]: folders and categories of the active mailbox, "Sync" (and `handle.sync()`), progress polling;
//! - [`files`]: the synced e-mails list, resync, delete, auto-sync.

pub mod accounts;
pub mod files;
pub mod sync;

use crate::api::{ApiError, ApiErrorKind, Client};
use crate::bridge::to_js;
use crate::events::EventType;
pub use crate::handle::Ctx;
use crate::oauth::SignIn;
use std::cell::Cell;
use std::rc::Rc;

/// What a component asks for that is more than a state change.
#[derive(Clone, Debug, PartialEq)]
pub enum Intent {
    Accounts(accounts::Intent),
    Sync(sync::Intent),
    Files(files::Intent),
}

/// Runs one intent. Called by the handle with no borrow held, so a part may dispatch and emit at once.
pub fn run(ctx: &Ctx, intent: Intent) {
    match intent {
        Intent::Accounts(intent) => accounts::run(ctx, intent),
        Intent::Sync(intent) => sync::run(ctx, intent),
        Intent::Files(intent) => files::run(ctx, intent),
    }
}

/// Tells the host about an API failure no caller can be given: an `error` event with the error's
/// `{code, message, fields?}`. A call aborted on purpose (the widget was destroyed or its client replaced) says
/// nothing. The one way a flow reports an API error as an event.
pub fn emit_api_error(ctx: &Ctx, error: &ApiError) {
    if error.kind != ApiErrorKind::Cancelled {
        ctx.emit(EventType::Error, to_js(&error.event_data()));
    }
}

/// A flag shared by a running task and whoever may stop it. Cheap to clone.
#[derive(Clone, Debug, Default)]
pub struct Cancel(Rc<Cell<bool>>);

impl Cancel {
    pub fn cancel(&self) {
        self.0.set(true);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.get()
    }
}

/// The widget's long-lived side effects, owned by the handle.
pub struct Flow {
    /// The Carbon client for this widget's `apiUrl` and `tokenFetcher`.
    pub client: Rc<Client>,
    /// The sign-in popup flow while one runs.
    pub sign_in: Option<SignIn>,
    /// Cancelled (and replaced) when the Progress screen's polling must stop.
    pub progress: Cancel,
    /// Cancelled (and replaced) when the Files screen's loading must stop.
    pub files: Cancel,
    /// Cancelled once, when the widget is destroyed: every task checks it before touching state.
    pub alive: Cancel,
}

impl Flow {
    pub fn new(client: Client) -> Self {
        Self {
            client: Rc::new(client),
            sign_in: None,
            progress: Cancel::default(),
            files: Cancel::default(),
            alive: Cancel::default(),
        }
    }

    /// Stops everything for good (for `destroy`): the popup, polling, and requests in flight.
    pub fn stop(&mut self) {
        self.alive.cancel();
        self.progress.cancel();
        self.files.cancel();
        if let Some(sign_in) = self.sign_in.take() {
            sign_in.stop();
        }
        self.client.close();
    }
}
