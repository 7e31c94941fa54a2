//! Starts the sandbox server.
fn main() {}
