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

pub use date::{is_valid_date, parse_date};
pub use error::{ErrorCode, FilterError};
pub use eval::Message;
pub use parse::{check_value, edit_distance, parse_str, parse_value, Parsed};

use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

/// Longest text value accepted, in characters, after trimming.
pub const MAX_VALUE_LEN: usize = 255;

/// Deepest group nesting the contract allows: the root group (level 1) may hold groups
/// (level 2), those may hold only conditions (`AND[leaf, OR[leaf, leaf]]` is the deepest).
pub const MAX_GROUP_DEPTH: usize = 2;

/// Most conditions one filter may hold, counted over the whole tree. A filter is translated into one Graph
/// `$filter` (and checked in the browser on every edit), so its size must stay bounded: past this limit the
/// parser answers [`ErrorCode::TooManyConditions`] rather than doing work that grows with what a caller sends.
pub const MAX_CONDITIONS: usize = 500;

/// The key of a condition, written in JSON in lower case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Key {
    /// An Outlook category name.
    Category,
    /// Received on or after a day (`YYYY/mm/dd`).
    After,
    /// Received before a day (`YYYY/mm/dd`).
    Before,
    /// The sender's e-mail address.
    From,
    /// `is: flagged`.
    Is,
    /// `has: attachment`.
    Has,
}

impl Key {
    /// Every key, in the order the contract lists them.
    pub const ALL: [Key; 6] = [
        Key::Category,
        Key::After,
        Key::Before,
        Key::From,
        Key::Is,
        Key::Has,
    ];

    /// The key as written in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Key::Category => "category",
            Key::After => "after",
            Key::Before => "before",
            Key::From => "from",
            Key::Is => "is",
            Key::Has => "has",
        }
    }

    /// The key written `name` in JSON (case-sensitive, as Carbon is).
    pub fn from_name(name: &str) -> Option<Key> {
        Key::ALL.into_iter().find(|key| key.as_str() == name)
    }
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The only value `is` accepts.
pub const IS_FLAGGED: &str = "flagged";
/// The only value `has` accepts.
pub const HAS_ATTACHMENT: &str = "attachment";

/// A leaf of the tree: `{"key": K, "value": V}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Condition {
    pub key: Key,
    pub value: String,
}

impl Condition {
    pub fn new(key: Key, value: impl Into<String>) -> Self {
        Condition {
            key,
            value: value.into(),
        }
    }
}

/// A filter tree. Build it by hand or get a validated one from [`parse_str`] / [`parse_value`].
///
/// `Serialize` writes exactly Carbon's JSON (see [`Filter::to_json`]); `Deserialize` runs the
/// full validation of [`parse_value`] and fails with every error joined in one message.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum Filter {
    /// No filter: every e-mail. Written `{}`.
    #[default]
    Empty,
    /// One condition.
    Condition(Condition),
    /// All of these.
    And(Vec<Filter>),
    /// Any of these.
    Or(Vec<Filter>),
}

impl Filter {
    /// A one-condition filter.
    pub fn condition(key: Key, value: impl Into<String>) -> Self {
        Filter::Condition(Condition::new(key, value))
    }

    /// Exactly Carbon's JSON: `{"key":..,"value":..}`, `{"AND":[..]}`, `{"OR":[..]}` or `{}`.
    pub fn to_json(&self) -> Value {
        let mut object = Map::new();
        match self {
            Filter::Empty => {}
            Filter::Condition(condition) => {
                object.insert("key".into(), Value::from(condition.key.as_str()));
                object.insert("value".into(), Value::from(condition.value.as_str()));
            }
            Filter::And(items) | Filter::Or(items) => {
                let name = if matches!(self, Filter::And(_)) {
                    "AND"
                } else {
                    "OR"
                };
                object.insert(
                    name.into(),
                    Value::Array(items.iter().map(Filter::to_json).collect()),
                );
            }
        }
        Value::Object(object)
    }

    /// Whether `message` passes this filter; `Empty` passes everything.
    /// The semantics of each key are written down in [`eval`].
    pub fn matches(&self, message: &Message) -> bool {
        match self {
            Filter::Empty => true,
            Filter::Condition(condition) => eval::condition_matches(condition, message),
            Filter::And(items) => items.iter().all(|item| item.matches(message)),
            Filter::Or(items) => items.iter().any(|item| item.matches(message)),
        }
    }

    /// Runs the validation of [`parse_value`] on a tree built by hand (e.g. by the editor):
    /// `Ok(warnings)` or `Err(errors)`, with the same paths as for parsed JSON.
    pub fn validate(&self) -> Result<Vec<FilterError>, Vec<FilterError>> {
        parse_value(&self.to_json()).map(|parsed| parsed.warnings)
    }

    /// Group nesting depth: 0 for a condition or `Empty`, 1 for a group of conditions, …
    pub fn depth(&self) -> usize {
        match self {
            Filter::Empty | Filter::Condition(_) => 0,
            Filter::And(items) | Filter::Or(items) => {
                1 + items.iter().map(Filter::depth).max().unwrap_or(0)
            }
        }
    }

    /// An equivalent, simpler tree: `Empty` members of an AND dropped, an OR holding `Empty`
    /// becomes `Empty`, one-member groups replaced by their member, a group directly inside a
    /// group of the same kind merged into it, repeated members removed. Evaluation never
    /// changes (property-tested); nesting never gets deeper.
    pub fn normalized(&self) -> Filter {
        match self {
            Filter::Empty | Filter::Condition(_) => self.clone(),
            Filter::And(items) | Filter::Or(items) => {
                let is_and = matches!(self, Filter::And(_));
                let mut flat: Vec<Filter> = Vec::with_capacity(items.len());
                for item in items.iter().map(Filter::normalized) {
                    match item {
                        Filter::Empty if is_and => {}
                        Filter::Empty => return Filter::Empty,
                        Filter::And(inner) if is_and => flat.extend(inner),
                        Filter::Or(inner) if !is_and => flat.extend(inner),
                        other => flat.push(other),
                    }
                }
                let mut members = without_repeats(flat);
                match (members.len(), is_and) {
                    (0, true) => Filter::Empty,
                    (1, _) => members.pop().unwrap_or_default(),
                    (_, true) => Filter::And(members),
                    (_, false) => Filter::Or(members),
                }
            }
        }
    }
}

/// `items` with every repeat of an earlier item removed, in one pass with a hash set (not a comparison per pair:
/// a hand-built OR of 40,000 conditions took 7 s to normalize that way).
fn without_repeats(items: Vec<Filter>) -> Vec<Filter> {
    let keep: Vec<bool> = {
        let mut seen = std::collections::HashSet::with_capacity(items.len());
        items.iter().map(|item| seen.insert(item)).collect()
    };
    items
        .into_iter()
        .zip(keep)
        .filter_map(|(item, keep)| keep.then_some(item))
        .collect()
}

impl Serialize for Filter {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Filter::Empty => serializer.serialize_map(Some(0))?.end(),
            Filter::Condition(condition) => condition.serialize(serializer),
            Filter::And(items) => {
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry("AND", items)?;
                map.end()
            }
            Filter::Or(items) => {
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry("OR", items)?;
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Filter {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        parse_value(&value)
            .map(|parsed| parsed.filter)
            .map_err(|errors| {
                let joined: Vec<String> = errors.iter().map(ToString::to_string).collect();
                serde::de::Error::custom(joined.join("; "))
            })
    }
}
