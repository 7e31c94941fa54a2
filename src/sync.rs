//! Choosing and syncing, as pure state: loading the active mailbox's folders and categories, the sync options,
//! and each sync's progress counts. Changed only through [`reduce`].

use crate::state::WidgetState;
use std::rc::Rc;

/// What the Choose and Progress screens show beyond the editor and folder picker.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SyncState {}

/// A change to [`SyncState`] (and the screen it leads to).
#[derive(Clone, Debug, PartialEq)]
pub enum SyncAction {}

pub fn reduce(_state: Rc<WidgetState>, action: SyncAction) -> Rc<WidgetState> {
    match action {}
}
