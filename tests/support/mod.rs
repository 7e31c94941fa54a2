//! Helpers shared by the browser test targets (`tests/browser*.rs`) and the editor bench (`tests/bench`), in one
//! place: each target that wants them says `mod support;` (the bench, whose root is `tests/bench/main.rs`, names
//! this file by path). Here: waiting on the page's timers and reading JS properties; in [`dom`], mounting a widget
//! and driving it through its shadow root as a person would.
//!
//! Every target uses only some of these, so unused ones are not warnings.

#![allow(dead_code)]

pub mod dom;

use js_sys::Reflect;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// Resolves after `ms` milliseconds of the page's `setTimeout` (0: after the next task turn).
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// `value[key]`, for reading what a JS call answered (panics only if the read itself throws).
pub fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}
