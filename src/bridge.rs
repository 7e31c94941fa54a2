//! The browser edge: turning JS values into Rust ones and back, and Rust errors into JS `Error`s.
//!
//! This is the only place that inspects arbitrary host values. Everything it produces ([`Shape`], JSON) is
//! handed to pure code.

use crate::config::ConfigIssue;
use crate::errors::WidgetError;
use crate::shape::Shape;
use js_sys::{Array, Function, Object, Reflect, JSON};
use outlook_connect_filter::FilterError;
use wasm_bindgen::{JsCast, JsValue};

/// Host objects deeper than this are refused rather than walked (it also stops reference cycles).
const MAX_DEPTH: usize = 24;

/// Reads a host value as a [`Shape`]. Only plain objects and arrays are walked; functions are kept as handles.
pub fn shape_of(value: &JsValue) -> Shape<Function> {
    shape_at(value, 0)
}

fn shape_at(value: &JsValue, depth: usize) -> Shape<Function> {
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
    if let Some(text) = value.as_string() {
        return Shape::String(text);
    }
    if value.is_function() {
        return Shape::Function(value.clone().unchecked_into());
    }
    if depth >= MAX_DEPTH {
        return Shape::Other("a value nested too deeply");
    }
    if Array::is_array(value) {
        let array: &Array = value.unchecked_ref();
        return Shape::Array(
            array
                .iter()
                .map(|item| shape_at(&item, depth + 1))
                .collect(),
        );
    }
    if value.is_object() && is_plain_object(value) {
        let object: &Object = value.unchecked_ref();
        let entries = Object::keys(object)
            .iter()
            .filter_map(|key| {
                let item = Reflect::get(object, &key).ok()?;
                Some((key.as_string()?, shape_at(&item, depth + 1)))
            })
            .collect();
        return Shape::Object(entries);
    }
    if value.is_symbol() {
        Shape::Other("a symbol")
    } else if value.is_bigint() {
        Shape::Other("a bigint")
    } else {
        Shape::Other("an object that is not a plain object (a class instance or DOM node)")
    }
}

fn is_plain_object(value: &JsValue) -> bool {
    let prototype: JsValue = Object::get_prototype_of(value).into();
    prototype.is_null() || prototype == JsValue::from(Object::get_prototype_of(&Object::new()))
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
