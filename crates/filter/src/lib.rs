//! Carbon's Outlook filter grammar, shared by the widget and the sandbox.
//!
//! The `filters` parameter of Carbon's `/integrations/outlook/sync` is a small tree:
//! a condition `{"key": K, "value": V}`, a group `{"AND": [..]}` / `{"OR": [..]}`, or `{}` for
//! "no filter". This crate holds that tree as [`Filter`], and everything done with it:
//!
//! - [`parse_str`] / [`parse_value`] (and [`check_value`] for one field): JSON → validated [`Filter`], reporting every problem as a
//!   [`FilterError`] with a path (`filters.AND[1].OR[0].value`), a stable [`ErrorCode`] and a
//!   message a person understands;
//! - [`Filter::to_json`] and `Serialize`: the tree → exactly Carbon's JSON;
//! - [`Filter::matches`]: evaluation against a [`Message`] (semantics in [`eval`]);
//! - [`summary`]: a plain-words sentence, with every word taken from a translatable table;
//! - [`graph`]: translation to a Microsoft Graph `$filter` plus the residual Graph cannot be
//!   trusted with, and a parser/evaluator for exactly that `$filter` subset (the sandbox's
//!   emulated Graph).
//!
//! The same code runs natively and in the widget's WebAssembly; its one web dependency is `js-sys` on
//! `wasm32`, for Unicode lower-casing without Rust's case tables (see [`case`]).
//!
//! ```
//! use outlook_connect_filter::{graph, parse_str, summary, Message};
//!
//! let parsed = parse_str(r#"{"AND": [{"key": "after", "value": "2024/01/07"},
//!     {"OR": [{"key": "category", "value": "Personal"}, {"key": "category", "value": "Test"}]}]}"#)
//!     .expect("valid");
//! assert_eq!(
//!     summary::summarize(&parsed.filter, &summary::ENGLISH),
//!     "received on or after 7 Jan 2024 and in category Personal or Test"
//! );
//! let query = graph::to_graph(&parsed.filter);
//! assert_eq!(
//!     query.filter.as_deref(),
//!     Some("receivedDateTime ge 2024-01-07T00:00:00Z and \
//!           (categories/any(c:c eq 'Personal') or categories/any(c:c eq 'Test'))")
//! );
//! let message = Message {
//!     received_unix: 1_704_585_600, // 2024-01-07T00:00:00Z
//!     categories: vec!["test".into()],
//!     ..Message::default()
//! };
//! assert!(parsed.filter.matches(&message));
//! ```

pub mod case;
pub mod date;
mod error;
pub mod eval;
pub mod graph;
mod parse;
pub mod summary;
mod tree;

pub use date::{is_valid_date, parse_date};
pub use error::{ErrorCode, FilterError};
pub use eval::Message;
pub use parse::{check_value, edit_distance, parse_str, parse_value, Parsed};
pub use tree::{
    Condition, Filter, Key, HAS_ATTACHMENT, IS_FLAGGED, MAX_CONDITIONS, MAX_GROUP_DEPTH,
    MAX_VALUE_LEN,
};
