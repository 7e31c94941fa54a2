//! The synced e-mails list, as pure state: the page on screen, the search, the selection, and what a resync or
//! delete is doing. Changed only through [`reduce`].

use crate::state::WidgetState;
use std::rc::Rc;

/// What the Files screen shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FilesState {}

/// A change to [`FilesState`].
#[derive(Clone, Debug, PartialEq)]
pub enum FilesAction {}

pub fn reduce(_state: Rc<WidgetState>, action: FilesAction) -> Rc<WidgetState> {
    match action {}
}
