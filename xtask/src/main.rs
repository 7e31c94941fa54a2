//! Project automation: `cargo xtask demo | test | dist | bench`.
fn main() {}
