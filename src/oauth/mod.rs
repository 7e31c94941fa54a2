//! Connecting a mailbox: the sign-in popup flow, step by step.
//!
//! - [`machine`]: the flow as a pure state machine — inputs (clicks, API answers, timer ticks with the popup's
//!   `closed` flag, `message` events) in, commands (open/navigate/close the popup, call the API, start/stop the
//!   timer, emit an event) out. All the decisions live here and are tested natively: messages are accepted only
//!   from the API's origin and of the exact shape; `closed` is a cancel only before navigation (COOP); polling
//!   `user_data_sources` is the channel that always works; `authTimeoutMs` ends the wait.
//! - [`popup`]: [`SignIn`], the thin browser edge that runs those commands with `window.open`, one interval timer
//!   and one `message` listener, and removes all of them on `stop()`/drop.

pub mod machine;
pub mod popup;

pub use machine::{Command, HostWindow, Input, Machine, Phase, SourceSnapshot};
pub use popup::{SignIn, SignInUpdate};
