//! Mounting a widget and driving it as a person would (shared by `tests/browser_editor.rs` and the bench through
//! [`super`]): mount, let Yew render, query its shadow root, and send the clicks, keys and input events.

use super::sleep;
use js_sys::{Array, Function, Object, Reflect, JSON};
use outlook_connect::handle::Widget;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, Event, HtmlElement, HtmlInputElement, ShadowRoot};

/// A mounted widget and the element it lives in. Holds the page's test lock until dropped.
pub struct Mounted {
    pub widget: Widget,
    pub host: Element,
    pub shadow: ShadowRoot,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.widget.destroy();
        self.host.remove();
        PAGE_BUSY.with(|busy| busy.set(false));
    }
}

thread_local! {
    /// Async tests share one page and would steal each other's focus: one widget at a time.
    static PAGE_BUSY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Waits until no other test holds the page (at most ~10 s, in case a failed test never let go).
async fn lock_page() {
    for _ in 0..1000 {
        if !PAGE_BUSY.with(|busy| busy.replace(true)) {
            return;
        }
        sleep(10).await;
    }
}

/// Creates a widget from `config` (JSON; `tokenFetcher` is added), mounts it in a fresh `<div>` and waits for
/// the first render.
pub async fn mount(config: &str) -> Mounted {
    lock_page().await;
    let config = JSON::parse(config).expect("test config is JSON");
    let fetcher = Function::new_no_args("return Promise.resolve({access_token: 'test'})");
    Reflect::set(&config, &"tokenFetcher".into(), &fetcher).unwrap();
    let widget = outlook_connect::create(
        config,
        wasm_bindgen::JsValue::UNDEFINED,
        wasm_bindgen::JsValue::UNDEFINED,
    )
    .expect("config is valid");
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    widget.mount(host.clone().into()).expect("mounts");
    let shadow = host.shadow_root().expect("an open shadow root");
    adopt_styles(&shadow);
    settle().await;
    Mounted {
        widget,
        host,
        shadow,
    }
}

/// Gives `shadow` the widget's style sheet the way the loader does (`adoptStyles` in `www/outlook-connect.js`):
/// the wasm renders unstyled markup, and scrolling and layout need the styles.
pub fn adopt_styles(shadow: &ShadowRoot) {
    let adopt = Function::new_with_args(
        "shadow, css",
        "const sheet = new CSSStyleSheet(); sheet.replaceSync(css); shadow.adoptedStyleSheets = [sheet];",
    );
    adopt
        .call2(
            &JsValue::NULL,
            shadow,
            &include_str!("../../src/styles.css").into(),
        )
        .expect("constructable style sheets");
}

impl Mounted {
    pub fn find(&self, selector: &str) -> Option<HtmlElement> {
        self.shadow
            .query_selector(selector)
            .unwrap()
            .map(|e| e.unchecked_into())
    }

    pub fn get(&self, selector: &str) -> HtmlElement {
        self.find(selector)
            .unwrap_or_else(|| panic!("nothing matches {selector}"))
    }

    pub fn all(&self, selector: &str) -> Vec<HtmlElement> {
        let list = self.shadow.query_selector_all(selector).unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .map(|n| n.unchecked_into())
            .collect()
    }

    /// The element that has focus inside the shadow root.
    pub fn focused(&self) -> Option<Element> {
        self.shadow.active_element()
    }

    pub fn filters(&self) -> String {
        let value = self.widget.get_filters().unwrap();
        JSON::stringify(&value).unwrap().as_string().unwrap()
    }

    pub fn folders(&self) -> String {
        let value = self.widget.get_folders().unwrap();
        JSON::stringify(&value).unwrap().as_string().unwrap()
    }

    pub fn set_folder_tree(&self, json: &str) -> Result<(), JsValue> {
        self.widget.set_folder_tree(JSON::parse(json).unwrap())
    }

    pub fn set_categories(&self, json: &str) -> Result<(), JsValue> {
        self.widget.set_categories(JSON::parse(json).unwrap())
    }
}

/// Lets Yew's scheduler run and the DOM update (generous: the test machine is often busy).
pub async fn settle() {
    // Yew renders in microtasks; draining its scheduler makes "rendered" certain even on a loaded machine. The
    // sleep then lets futures the render started (timers, fetches answered by stubs) run.
    yew::scheduler::flush().await;
    sleep(50).await;
    yew::scheduler::flush().await;
}

/// A DOM event built with its constructor (`Event`, `KeyboardEvent`, …) and a plain init object.
pub fn event(class: &str, kind: &str, init: &[(&str, JsValue)]) -> Event {
    let options = Object::new();
    Reflect::set(&options, &"bubbles".into(), &JsValue::TRUE).unwrap();
    Reflect::set(&options, &"composed".into(), &JsValue::TRUE).unwrap();
    Reflect::set(&options, &"cancelable".into(), &JsValue::TRUE).unwrap();
    for (name, value) in init {
        Reflect::set(&options, &(*name).into(), value).unwrap();
    }
    let constructor: Function = Reflect::get(&js_sys::global(), &class.into())
        .unwrap()
        .unchecked_into();
    Reflect::construct(&constructor, &Array::of2(&kind.into(), &options))
        .unwrap()
        .unchecked_into()
}

/// Types `value` into an input, select or textarea as a person would (one `input` and one `change` event).
pub fn type_into(element: &HtmlElement, value: &str) {
    element.focus().unwrap();
    Reflect::set(element, &"value".into(), &value.into()).unwrap();
    element
        .dispatch_event(&event("InputEvent", "input", &[]))
        .unwrap();
    element
        .dispatch_event(&event("Event", "change", &[]))
        .unwrap();
}

/// Presses `key` on `element` (with Alt when `alt`).
pub fn press(element: &Element, key: &str, alt: bool) {
    let init = [
        ("key", JsValue::from_str(key)),
        ("altKey", JsValue::from_bool(alt)),
    ];
    element
        .dispatch_event(&event("KeyboardEvent", "keydown", &init))
        .unwrap();
}

pub fn value_of(element: &HtmlElement) -> String {
    element.unchecked_ref::<HtmlInputElement>().value()
}

/// A Graph-like folder list: `(id, name, parent id)`.
pub fn folder_json(folders: &[(&str, &str, Option<&str>)]) -> String {
    let items: Vec<serde_json::Value> = folders
        .iter()
        .map(|(id, name, parent)| {
            serde_json::json!({"id": id, "displayName": name, "parentFolderId": parent,
                "childFolderCount": 0, "totalItemCount": 3, "unreadItemCount": 1})
        })
        .collect();
    serde_json::Value::Array(items).to_string()
}
