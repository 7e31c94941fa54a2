//! The accounts part of the flow (see [`super`]).

use super::Ctx;

/// What the accounts screens ask for.
#[derive(Clone, Debug, PartialEq)]
pub enum Intent {}

pub fn run(_ctx: &Ctx, intent: Intent) {
    match intent {}
}
