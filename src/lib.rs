//! outlook-connect: an embeddable widget that lets a SaaS product's end users connect an Outlook mailbox and
//! choose which e-mails sync into a Carbon-compatible API.
//!
//! Entry points for JavaScript (called by the loader `www/outlook-connect.js`, never directly by hosts):
//! [`create`], [`parse_filters`], [`version`]. Pure logic (config validation, state, i18n, events) compiles
//! natively and is tested with `cargo test`; `bridge`, `handle` (the exports) and `runtime` (what a live
//! handle holds, events out, re-rendering) are the browser edge.

pub mod api;
pub mod bridge;
pub mod components;
pub mod config;
pub mod errors;
pub mod events;
pub mod flow;
pub mod handle;
pub mod i18n;
pub mod intent;
pub mod oauth;
pub mod runtime;
pub mod shape;
pub mod state;

/// Talc instead of Rust's default dlmalloc: the same job in about half the WebAssembly code.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

use crate::bridge::{error_to_js, filter_errors_to_js, set, to_js};
use handle::Widget;
use wasm_bindgen::prelude::*;

/// `OutlookConnect.create(config)`: validates the whole config (throwing one `config_invalid` error that names
/// every bad field) and returns an unmounted widget handle. The loader passes `early_token` when it called
/// `tokenFetcher` while the wasm was downloading, and `early_list` when it also asked for the mailbox list (hosts
/// call `create(config)`).
#[wasm_bindgen]
pub fn create(
    config: JsValue,
    early_token: JsValue,
    early_list: JsValue,
) -> Result<Widget, JsValue> {
    Widget::create(&config, &early_token, &early_list).map_err(|error| error_to_js(&error))
}

/// `OutlookConnect.parseFilters(jsonOrObject)` → `{ok, filters, errors: [{path, code, message}], warnings}`.
#[wasm_bindgen(js_name = parseFilters)]
pub fn parse_filters(input: JsValue) -> JsValue {
    let result = js_sys::Object::new();
    match handle::parse_filters_input(&input) {
        Ok(parsed) => {
            set(&result, "ok", &JsValue::TRUE);
            set(&result, "filters", &to_js(&parsed.filter.to_json()));
            set(&result, "errors", &js_sys::Array::new());
            set(&result, "warnings", &filter_errors_to_js(&parsed.warnings));
        }
        Err(errors) => {
            set(&result, "ok", &JsValue::FALSE);
            set(&result, "filters", &JsValue::NULL);
            set(&result, "errors", &filter_errors_to_js(&errors));
            set(&result, "warnings", &js_sys::Array::new());
        }
    }
    result.into()
}

/// The widget's version, `OutlookConnect.version`.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
