//! A JavaScript value as the config validator sees it: JSON plus functions.
//!
//! The host hands us plain JS objects that may hold functions (`tokenFetcher`, `onEvent`, …). The browser edge
//! (`bridge`) turns a `JsValue` into a [`Shape`]; everything after that is pure Rust, so the validator is tested
//! natively. `F` is the function type: `js_sys::Function` in the browser, `()` or a label in native tests.

use serde_json::{Map, Number, Value};

/// One JS value. Objects keep the host's key order so error lists read in the order the host wrote them.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape<F> {
    Undefined,
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Function(F),
    Array(Vec<Shape<F>>),
    Object(Vec<(String, Shape<F>)>),
    /// Anything else (a Symbol, a BigInt, a DOM node…): kept only to name it in an error.
    Other(&'static str),
    /// A value that could not be read as it is — a getter or Proxy trap threw, an array claims more items than
    /// are read — with why, as a sentence that follows its path: "could not be read (the getter threw: nope)".
    Unreadable(String),
    /// Objects nested deeper than the browser edge walks (or a value that contains itself).
    TooDeep,
}

impl<F> Shape<F> {
    /// The word used in "expected X, got Y" messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Shape::Undefined => "undefined",
            Shape::Null => "null",
            Shape::Bool(_) => "a boolean",
            Shape::Number(_) => "a number",
            Shape::String(_) => "a string",
            Shape::Function(_) => "a function",
            Shape::Array(_) => "an array",
            Shape::Object(_) => "an object",
            Shape::Other(kind) => kind,
            Shape::Unreadable(_) => "a value that could not be read",
            Shape::TooDeep => "a value nested too deeply",
        }
    }

    /// The JSON this value stands for, as `JSON.stringify` reads it: `undefined` and functions are left out of
    /// objects (and are `null` in arrays), numbers that are not finite are `null`. A value that is not JSON at all
    /// (a symbol, a bigint, a class instance, one that could not be read or is nested too deeply) is `null` too,
    /// and is listed in `problems` with its path, which starts at `path` (`filters.AND[0]`, `folders[2]`).
    pub fn json_at<'a>(&'a self, path: &str, problems: &mut Vec<(String, &'a Shape<F>)>) -> Value {
        match self {
            Shape::Bool(b) => Value::Bool(*b),
            Shape::Number(n) => json_number(*n).map_or(Value::Null, Value::Number),
            Shape::String(s) => Value::String(s.clone()),
            Shape::Array(items) => items
                .iter()
                .enumerate()
                .map(|(index, item)| item.json_at(&format!("{path}[{index}]"), problems))
                .collect(),
            Shape::Object(entries) => {
                // Inserted one by one: collecting into the map would ship a sort for its bulk build.
                let mut object = Map::new();
                for (key, value) in entries {
                    if !matches!(value, Shape::Undefined | Shape::Function(_)) {
                        let json = value.json_at(&format!("{path}.{key}"), problems);
                        object.insert(key.clone(), json);
                    }
                }
                Value::Object(object)
            }
            Shape::Other(_) | Shape::Unreadable(_) | Shape::TooDeep => {
                problems.push((path.to_owned(), self));
                Value::Null
            }
            Shape::Null | Shape::Undefined | Shape::Function(_) => Value::Null,
        }
    }

    /// The JSON this value stands for (see [`Shape::json_at`]), or `None` when some value in it is not JSON.
    pub fn to_json(&self) -> Option<Value> {
        let mut problems = Vec::new();
        let json = self.json_at("", &mut problems);
        problems.is_empty().then_some(json)
    }

    /// The first value in this one (itself included) that could not be read or is nested too deeply: its path,
    /// starting at `path` (`folders[2]`, `syncOptions.tags.team`), and why.
    pub fn unreadable(&self, path: &str) -> Option<(String, &str)> {
        let mut problems = Vec::new();
        self.json_at(path, &mut problems);
        problems.into_iter().find_map(|(path, value)| match value {
            Shape::Unreadable(why) => Some((path, why.as_str())),
            Shape::TooDeep => Some((path, TOO_DEEP)),
            _ => None,
        })
    }
}

impl<F> From<&Value> for Shape<F> {
    fn from(value: &Value) -> Self {
        match value {
            Value::Null => Shape::Null,
            Value::Bool(b) => Shape::Bool(*b),
            Value::Number(n) => Shape::Number(n.as_f64().unwrap_or(f64::NAN)),
            Value::String(s) => Shape::String(s.clone()),
            Value::Array(items) => Shape::Array(items.iter().map(Shape::from).collect()),
            Value::Object(map) => Shape::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), Shape::from(v)))
                    .collect(),
            ),
        }
    }
}

/// Why a [`Shape::TooDeep`] value is refused.
pub const TOO_DEEP: &str = "is nested too deeply (more than 24 levels, or it contains itself)";

/// A number as a person would read it, without pulling float formatting into the bundle: `10`, `-3`, or
/// "a fractional number".
pub(crate) fn describe_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        (n as i64).to_string()
    } else {
        "a fractional number".to_owned()
    }
}

/// Whole numbers stay integers in JSON (`1500`, not `1500.0`), so what we send matches what the host wrote.
fn json_number(n: f64) -> Option<Number> {
    if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 {
        Some(Number::from(n as i64))
    } else {
        Number::from_f64(n)
    }
}

/// A JSON object from `(name, value)` pairs, in order. Request bodies and event data are built with this
/// rather than with serde's `json!`/`to_value`: those put serde's value serializer and an `unwrap` (with
/// serde_json's error `Debug` text) into the bundle for every call site.
pub fn json_object(fields: Vec<(&str, Value)>) -> Value {
    let mut object = Map::new();
    for (name, value) in fields {
        object.insert(name.to_owned(), value);
    }
    Value::Object(object)
}
