//! The widget's side effects: what happens after a click that needs the API, a popup or a timer.
//!
//! Components send [`Intent`]s (through `AppProps::intent`, which the handle builds at mount to call [`run`]);
//! [`run`] hands each one to its part, which calls the API through the widget's client, changes state only by
//! dispatching [`crate::state::Action`]s and tells the host through events — both through [`Ctx`], the
//! runtime's weak link to the widget, so a task that outlives its widget does nothing. Every long-lived thing a
//! part starts (the sign-in popup, a polling loop) is kept in [`crate::runtime::Flow`] and stopped by
//! `Flow::stop` when the widget is destroyed.
//!
//! Imports run one way: the flows use `crate::runtime`; the runtime never uses the flows (the handle links the
//! two).
//!
//! - [`accounts`]: Connect, the sign-in popup, the connected mailboxes, reconnect and disconnect;
//! - [`sync`]: folders and categories of the active mailbox, "Sync" (and `handle.sync()`), progress polling;
//! - [`files`]: the synced e-mails list, resync, delete, auto-sync;
//! - [`chunks`]: loading the wasm chunks of the lazily loaded screens (fetched ahead when the browser is idle).

pub mod accounts;
pub mod chunks;
pub mod files;
pub mod sync;

use crate::runtime::Ctx;

pub use crate::intent::Intent;

/// Runs one intent. Called by the app's `intent` callback (built by the handle) with no borrow held, so a part
/// may dispatch and emit at once.
pub fn run(ctx: &Ctx, intent: Intent) {
    match intent {
        Intent::Accounts(intent) => accounts::run(ctx, intent),
        Intent::Sync(intent) => sync::run(ctx, intent),
        Intent::Files(intent) => files::run(ctx, intent),
        Intent::Chunks(intent) => chunks::run(ctx, intent),
    }
}
