//! The browser edge: turning JS values into Rust ones and back, and Rust errors into JS `Error`s.
//!
//! This is the only place that inspects arbitrary host values, and it does so without trusting them: a host may
//! pass a Proxy whose every trap throws, a revoked Proxy, getters that throw or call back into the widget, an
//! array claiming 2³²−1 items, or an object that contains itself. Every JS operation the walk does is declared
//! with `catch` (a throw that unwound through the wasm would skip Rust's drops and leave the handle borrowed for
//! good), nothing is allocated from a length the host claims, and the walk is bounded in depth, width and size.
//! What cannot be read becomes [`Shape::Unreadable`] (or [`Shape::TooDeep`]), which the validators report at
//! its path. Everything it produces ([`Shape`], JSON) is handed to pure code.

use crate::config::ConfigIssue;
use crate::errors::WidgetError;
use crate::shape::{describe_number, Shape};
use js_sys::{Array, Function, JsString, Object, Reflect, JSON};
use outlook_connect_filter::FilterError;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Objects and arrays nested deeper than this are not walked (which also ends reference cycles). The deepest a
/// valid value goes is a filter tree at 6 levels.
const MAX_DEPTH: usize = 24;
/// Most items read from one array, or keys from one object: the longest list a host passes is a folder tree.
pub const MAX_ITEMS: usize = crate::state::folders::MAX_TREE_FOLDERS;
/// Most values read from one host value in all, so a value that refers to the same objects many times over is
/// read in bounded time.
const MAX_VALUES: usize = 400_000;
/// Longest string read, in UTF-16 units (JSON text of a filter tree is the longest a host passes).
const MAX_TEXT: u32 = 1 << 20;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array(value: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Object, js_name = getPrototypeOf)]
    fn prototype_of(value: &JsValue) -> Result<JsValue, JsValue>;
    /// A new, genuine array of the value's own enumerable string keys (so reading it cannot throw).
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn keys_of(value: &JsValue) -> Result<Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = get)]
    fn read(target: &JsValue, key: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Promise, js_name = resolve)]
    fn promise_resolve(value: &JsValue) -> Result<js_sys::Promise, JsValue>;
}

/// A Promise of what a host callback returned (a value, a Promise or a thenable). `Promise.resolve` throws for
/// a Promise whose `constructor` getter throws: that becomes a rejection here instead of a trap in the wasm.
pub fn settled(value: &JsValue) -> js_sys::Promise {
    promise_resolve(value).unwrap_or_else(|thrown| js_sys::Promise::reject(&thrown))
}

/// Reads a host value as a [`Shape`]: plain objects (of any realm) and arrays are walked, functions are kept as
/// handles. Never throws and never panics, whatever the value does; it may run the host's getters, so call it
/// before borrowing the widget.
pub fn shape_of(value: &JsValue) -> Shape<Function> {
    Walk { left: MAX_VALUES }.shape(value, 0)
}

/// One walk over a host value; `left` counts down the values it may still read.
struct Walk {
    left: usize,
}

impl Walk {
    fn shape(&mut self, value: &JsValue, depth: usize) -> Shape<Function> {
        if value.is_undefined() {
            return Shape::Undefined;
        }
        if value.is_null() {
            return Shape::Null;
        }
        if let Some(flag) = value.as_bool() {
            return Shape::Bool(flag);
        }
        if let Some(number) = value.as_f64() {
            return Shape::Number(number);
        }
        if let Some(text) = value.dyn_ref::<JsString>() {
            return match text.length() {
                len if len > MAX_TEXT => too_many(len as f64, MAX_TEXT as usize, "characters"),
                _ => Shape::String(value.as_string().unwrap_or_default()),
            };
        }
        if value.is_function() {
            return Shape::Function(value.clone().unchecked_into());
        }
        if value.is_symbol() {
            return Shape::Other("a symbol");
        }
        if value.is_bigint() {
            return Shape::Other("a bigint");
        }
        if depth >= MAX_DEPTH {
            return Shape::TooDeep;
        }
        match is_array(value) {
            Err(thrown) => threw("its Proxy", &thrown),
            Ok(true) => self.array(value, depth),
            Ok(false) => match is_plain_object(value) {
                Err(thrown) => threw("its Proxy", &thrown),
                Ok(false) => Shape::Other(
                    "an object that is not a plain object (a class instance or DOM node)",
                ),
                Ok(true) => self.object(value, depth),
            },
        }
    }

    fn array(&mut self, array: &JsValue, depth: usize) -> Shape<Function> {
        let length = match read(array, &"length".into()) {
            Ok(length) => length.as_f64().unwrap_or(0.0),
            Err(thrown) => return threw("its length", &thrown),
        };
        if length > MAX_ITEMS as f64 {
            return too_many(length, MAX_ITEMS, "items");
        }
        let mut items = Vec::new();
        for index in 0..length as u32 {
            let item = self.item(array, &index.into(), depth);
            items.push(item);
        }
        Shape::Array(items)
    }

    fn object(&mut self, object: &JsValue, depth: usize) -> Shape<Function> {
        let keys = match keys_of(object) {
            Ok(keys) => keys,
            Err(thrown) => return threw("listing its keys", &thrown),
        };
        if keys.length() as usize > MAX_ITEMS {
            return too_many(keys.length() as f64, MAX_ITEMS, "keys");
        }
        let mut entries = Vec::new();
        for key in keys.iter() {
            let item = self.item(object, &key, depth);
            entries.push((key.as_string().unwrap_or_default(), item));
        }
        Shape::Object(entries)
    }

    /// One property of an object or array, read through its getter (or the Proxy's `get` trap).
    fn item(&mut self, container: &JsValue, key: &JsValue, depth: usize) -> Shape<Function> {
        if self.left == 0 {
            return Shape::Unreadable(format!(
                "was not read: the value holds more than {MAX_VALUES} values in all"
            ));
        }
        self.left -= 1;
        match read(container, key) {
            Ok(item) => self.shape(&item, depth + 1),
            Err(thrown) => threw("the getter", &thrown),
        }
    }
}

/// A plain object: its prototype is `null` or a realm's `Object.prototype` (whose own prototype is `null`), so
/// objects from an iframe count and class instances, dates and DOM nodes do not.
fn is_plain_object(value: &JsValue) -> Result<bool, JsValue> {
    let prototype = prototype_of(value)?;
    Ok(prototype.is_null() || prototype_of(&prototype)?.is_null())
}

/// "could not be read (the getter threw: …)", with the thrown error's message (or the thrown string or number).
fn threw(what: &str, thrown: &JsValue) -> Shape<Function> {
    let said = thrown
        .as_string()
        .or_else(|| read(thrown, &"message".into()).ok()?.as_string())
        .or_else(|| thrown.as_f64().map(describe_number))
        .unwrap_or_else(|| "a value that is not an Error".to_owned());
    Shape::Unreadable(format!("could not be read ({what} threw: {said})"))
}

fn too_many(count: f64, limit: usize, what: &str) -> Shape<Function> {
    Shape::Unreadable(format!(
        "has too many {what}: {} (at most {limit})",
        describe_number(count)
    ))
}

/// serde JSON → a JS value (plain objects and arrays), through the engine's own JSON parser.
pub fn to_js(value: &serde_json::Value) -> JsValue {
    JSON::parse(&value.to_string()).unwrap_or(JsValue::NULL)
}

// The few lists we hand back are built directly as JS objects: going through serde's value serializer would
// put a generic serializer copy per type into the bundle.

/// Filter problems → `[{path, code, message, line?, column?}]` (the same shape `FilterError` serializes to).
pub fn filter_errors_to_js(errors: &[FilterError]) -> JsValue {
    errors
        .iter()
        .map(|error| {
            let item: JsValue = Object::new().into();
            set(&item, "path", &JsValue::from_str(&error.path));
            set(&item, "code", &JsValue::from_str(error.code.as_str()));
            set(&item, "message", &JsValue::from_str(&error.message));
            if let Some(line) = error.line {
                set(&item, "line", &JsValue::from(line as f64));
            }
            if let Some(column) = error.column {
                set(&item, "column", &JsValue::from(column as f64));
            }
            item
        })
        .collect::<Array>()
        .into()
}

/// Config problems → `[{path, expected, message}]`.
pub fn config_issues_to_js(issues: &[ConfigIssue]) -> JsValue {
    issues
        .iter()
        .map(|issue| {
            let item: JsValue = Object::new().into();
            set(&item, "path", &JsValue::from_str(&issue.path));
            set(&item, "expected", &JsValue::from_str(&issue.expected));
            set(&item, "message", &JsValue::from_str(&issue.message));
            item
        })
        .collect::<Array>()
        .into()
}

/// Strings → a JS array of strings.
pub fn strings_to_js(items: &[String]) -> JsValue {
    items
        .iter()
        .map(|item| JsValue::from_str(item))
        .collect::<Array>()
        .into()
}

/// A JS `Error` with `name = "OutlookConnectError"`, a stable `code`, and `issues` when fields were wrong.
pub fn error_to_js(error: &WidgetError) -> JsValue {
    let js_error = js_sys::Error::new(&error.message);
    js_error.set_name("OutlookConnectError");
    let _ = Reflect::set(&js_error, &"code".into(), &error.code.as_str().into());
    if !error.issues.is_empty() {
        let _ = Reflect::set(
            &js_error,
            &"issues".into(),
            &config_issues_to_js(&error.issues),
        );
    }
    if !error.errors.is_empty() {
        let _ = Reflect::set(
            &js_error,
            &"errors".into(),
            &filter_errors_to_js(&error.errors),
        );
    }
    js_error.into()
}

/// Sets `key` on a JS object, ignoring failures (only used on objects we just created).
pub fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}
