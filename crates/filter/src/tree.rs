//! The filter tree itself: [`Filter`] (a condition, an AND/OR group, or nothing), [`Condition`], [`Key`], the
//! grammar's limits, and the tree → Carbon JSON direction. Parsing and validation live in `parse`, evaluation in
//! `eval`; this module imports neither, so the others can build on it.

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
