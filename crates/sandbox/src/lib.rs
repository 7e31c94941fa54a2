//! Local Carbon-compatible API server with an emulated Microsoft sign-in and mailbox (see README).

pub mod controls;
pub mod microsoft;
