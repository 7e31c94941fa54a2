//! The widget handle in a real browser (headless Chromium through wasm-bindgen-test): mounting into a shadow
//! root, the event stream, update, destroy, several instances, and the errors a host can hit.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Function, Object, Reflect};
use outlook_connect::handle::Widget;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, ShadowRoot};

mod support;

use support::dom::settle;
use support::get;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn fresh_host(tag: &str) -> Element {
    let host = document().create_element(tag).unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    host
}

/// A JS function that records every payload it is called with.
fn recorder() -> (Function, Rc<RefCell<Vec<JsValue>>>) {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = seen.clone();
    let closure =
        Closure::<dyn FnMut(JsValue)>::new(move |payload: JsValue| sink.borrow_mut().push(payload));
    (closure.into_js_value().unchecked_into(), seen)
}

fn token_fetcher() -> JsValue {
    Closure::<dyn FnMut() -> JsValue>::new(|| {
        JsValue::from(js_sys::Promise::resolve(&JsValue::NULL))
    })
    .into_js_value()
}

fn config(entries: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    Reflect::set(&object, &"tokenFetcher".into(), &token_fetcher()).unwrap();
    for (key, value) in entries {
        Reflect::set(&object, &(*key).into(), value).unwrap();
    }
    object.into()
}

fn code_of(error: &JsValue) -> String {
    get(error, "code").as_string().unwrap_or_default()
}

fn shadow(host: &Element) -> ShadowRoot {
    host.shadow_root()
        .expect("the widget renders in an open shadow root")
}

fn query(host: &Element, selector: &str) -> Option<Element> {
    shadow(host).query_selector(selector).unwrap()
}

async fn mounted(entries: &[(&str, JsValue)]) -> (Widget, Element) {
    let widget = outlook_connect::create(
        config(entries),
        wasm_bindgen::JsValue::UNDEFINED,
        wasm_bindgen::JsValue::UNDEFINED,
    )
    .unwrap();
    let host = fresh_host("div");
    widget.mount(host.clone().into()).unwrap();
    settle().await;
    (widget, host)
}

#[wasm_bindgen_test]
async fn mount_renders_the_connect_screen_inside_an_open_shadow_root() {
    let (_widget, host) = mounted(&[("orgName", "Acme CRM".into())]).await;
    // No API here: listing the connected mailboxes fails, so Connect shows with a notice and "Try again".
    let button = query(&host, "[part=connect-button]").expect("the Connect button");
    assert!(
        !button.has_attribute("disabled"),
        "Connect starts signing in"
    );
    assert!(query(&host, "[part=notice] [part=retry-button]").is_some());
    let text = shadow(&host).text_content().unwrap();
    assert!(text.contains("Acme CRM will read"), "{text}");
    assert!(text.contains("Connect Outlook"));
    assert_eq!(
        host.children().length(),
        0,
        "nothing is rendered into the host's light DOM"
    );
    let sheets: Array = get(&shadow(&host), "adoptedStyleSheets").unchecked_into();
    assert_eq!(
        sheets.length(),
        0,
        "the loader adopts the style sheet (one for all widgets); the wasm adds none of its own"
    );
}

#[wasm_bindgen_test]
async fn mount_replaces_the_loaders_early_frame_and_keeps_its_style_element() {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = fresh_host("div");
    let root = host
        .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
        .unwrap();
    // What the loader leaves before the wasm runs: its Connect frame and, in a browser without constructable
    // style sheets, a <style data-oc-styles>.
    let style = document.create_element("style").unwrap();
    style.set_attribute("data-oc-styles", "").unwrap();
    root.append_child(&style).unwrap();
    let frame = document.create_element("div").unwrap();
    frame.set_attribute("data-oc-early", "").unwrap();
    frame.set_inner_html("<button part=\"connect-button\">Connect Outlook</button>");
    root.append_child(&frame).unwrap();

    let widget = outlook_connect::create(
        config(&[]),
        wasm_bindgen::JsValue::UNDEFINED,
        wasm_bindgen::JsValue::UNDEFINED,
    )
    .unwrap();
    widget
        .mount(host.clone().into())
        .expect("mounts over the early frame");
    assert!(
        query(&host, "[data-oc-early]").is_none(),
        "the frame goes at once, in the same task as the first render"
    );
    settle().await;
    assert!(
        query(&host, "style[data-oc-styles]").is_some(),
        "the styles stay"
    );
    assert_eq!(
        root.query_selector_all("[part=connect-button]")
            .unwrap()
            .length(),
        1,
        "only the wasm's own Connect button"
    );
    widget.destroy();

    // Content that is not the loader's is still refused.
    let other = fresh_host("div");
    let root = other
        .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
        .unwrap();
    root.append_child(&document.create_element("p").unwrap())
        .unwrap();
    let widget = outlook_connect::create(
        config(&[]),
        wasm_bindgen::JsValue::UNDEFINED,
        wasm_bindgen::JsValue::UNDEFINED,
    )
    .unwrap();
    assert_eq!(
        code_of(&widget.mount(other.clone().into()).unwrap_err()),
        "mount_target"
    );
}

#[wasm_bindgen_test]
async fn ready_arrives_once_through_on_event_listeners_and_the_dom() {
    let (on_event, from_config) = recorder();
    let widget = outlook_connect::create(
        config(&[("onEvent", on_event.into())]),
        wasm_bindgen::JsValue::UNDEFINED,
        wasm_bindgen::JsValue::UNDEFINED,
    )
    .unwrap();
    let (listener, from_on) = recorder();
    widget.on("ready".into(), listener.into()).unwrap();
    let (dom_listener, from_dom) = recorder();
    document()
        .add_event_listener_with_callback("outlook-connect:ready", &dom_listener)
        .unwrap();
    let host = fresh_host("div");
    widget.mount(host.clone().into()).unwrap();
    settle().await;
    document()
        .remove_event_listener_with_callback("outlook-connect:ready", &dom_listener)
        .unwrap();
    let ready_events = from_config
        .borrow()
        .iter()
        .filter(|e| get(e, "type").as_string().as_deref() == Some("ready"))
        .count();
    assert_eq!(
        ready_events, 1,
        "onEvent also hears the failed mailbox list (no API here)"
    );
    assert_eq!(from_on.borrow().len(), 1);
    assert_eq!(
        from_dom.borrow().len(),
        1,
        "the DOM event bubbles up to the document"
    );
    let payload = from_on.borrow()[0].clone();
    assert_eq!(get(&payload, "type").as_string().as_deref(), Some("ready"));
    assert!(get(&payload, "ts").as_f64().unwrap() > 0.0);
    let dom_event: web_sys::CustomEvent = from_dom.borrow()[0].clone().unchecked_into();
    assert!(dom_event.bubbles() && dom_event.composed());
    assert_eq!(
        get(&dom_event.detail(), "type").as_string().as_deref(),
        Some("ready")
    );
}

#[wasm_bindgen_test]
async fn update_rerenders_and_a_bad_update_changes_nothing() {
    let (widget, host) = mounted(&[("orgName", "Acme".into()), ("theme", "light".into())]).await;
    widget
        .update(config(&[
            ("orgName", "Beta".into()),
            ("theme", "dark".into()),
        ]))
        .unwrap();
    settle().await;
    let root = query(&host, "[part=root]").unwrap();
    assert_eq!(root.get_attribute("data-theme").as_deref(), Some("dark"));
    assert!(shadow(&host)
        .text_content()
        .unwrap()
        .contains("Beta will read"));

    let partial = Object::new();
    Reflect::set(&partial, &"theme".into(), &"neon".into()).unwrap();
    Reflect::set(&partial, &"orgName".into(), &"Gamma".into()).unwrap();
    let error = widget.update(partial.into()).unwrap_err();
    assert_eq!(code_of(&error), "config_invalid");
    let issues: Array = get(&error, "issues").unchecked_into();
    assert_eq!(issues.length(), 1);
    assert_eq!(
        get(&issues.get(0), "path").as_string().as_deref(),
        Some("theme")
    );
    settle().await;
    assert!(
        shadow(&host)
            .text_content()
            .unwrap()
            .contains("Beta will read"),
        "a rejected update changes nothing"
    );
}

#[wasm_bindgen_test]
async fn destroy_leaves_nothing_behind_and_later_calls_fail_with_destroyed() {
    let (listener, seen) = recorder();
    let (widget, host) = mounted(&[]).await;
    widget.on("*".into(), listener.into()).unwrap();
    widget.destroy();
    settle().await;
    let root = shadow(&host);
    assert_eq!(
        root.child_nodes().length(),
        0,
        "no DOM left in the shadow root"
    );
    let sheets: Array = get(&root, "adoptedStyleSheets").unchecked_into();
    assert_eq!(sheets.length(), 0, "no stylesheet left");
    assert!(!host.has_attributes(), "no attribute left on the host");
    let error = widget.set_filters("{}".into()).unwrap_err();
    assert_eq!(code_of(&error), "destroyed");
    assert_eq!(
        code_of(&widget.mount(host.clone().into()).unwrap_err()),
        "destroyed"
    );
    assert_eq!(code_of(&widget.get_filters().unwrap_err()), "destroyed");
    widget.destroy();
    assert!(
        seen.borrow().is_empty(),
        "a destroyed widget sends no events"
    );

    let again = outlook_connect::create(
        config(&[]),
        wasm_bindgen::JsValue::UNDEFINED,
        wasm_bindgen::JsValue::UNDEFINED,
    )
    .unwrap();
    again
        .mount(host.clone().into())
        .expect("the same element can host a new widget");
    settle().await;
    assert!(query(&host, "[part=connect-button]").is_some());
}

#[wasm_bindgen_test]
async fn two_instances_on_one_page_stay_independent() {
    let (first_listener, first_seen) = recorder();
    let (second_listener, second_seen) = recorder();
    let (first, first_host) = mounted(&[
        ("orgName", "One".into()),
        ("onEvent", first_listener.into()),
    ])
    .await;
    let (second, second_host) = mounted(&[
        ("orgName", "Two".into()),
        ("onEvent", second_listener.into()),
    ])
    .await;
    first
        .set_filters(r#"{"key":"has","value":"attachment"}"#.into())
        .unwrap();
    settle().await;
    assert_eq!(
        js_sys::JSON::stringify(&second.get_filters().unwrap()).unwrap(),
        "{}"
    );
    assert!(shadow(&first_host)
        .text_content()
        .unwrap()
        .contains("One will read"));
    assert!(shadow(&second_host)
        .text_content()
        .unwrap()
        .contains("Two will read"));
    // Each also reports its own failed mailbox list (`error`: there is no API here); leave those out.
    let types = |seen: &Rc<RefCell<Vec<JsValue>>>| -> Vec<String> {
        seen.borrow()
            .iter()
            .map(|e| get(e, "type").as_string().unwrap())
            .filter(|t| t != "error")
            .collect()
    };
    let (first_types, second_types) = (types(&first_seen), types(&second_seen));
    assert_eq!(first_types, ["ready", "filters_changed"]);
    assert_eq!(second_types, ["ready"]);
    first.destroy();
    assert!(
        query(&second_host, "[part=connect-button]").is_some(),
        "destroying one leaves the other"
    );
}

#[wasm_bindgen_test]
async fn bad_mount_targets_get_clear_errors() {
    let widget = outlook_connect::create(
        config(&[]),
        wasm_bindgen::JsValue::UNDEFINED,
        wasm_bindgen::JsValue::UNDEFINED,
    )
    .unwrap();
    let error = widget.mount("#does-not-exist".into()).unwrap_err();
    assert_eq!(code_of(&error), "mount_target");
    assert!(get(&error, "message")
        .as_string()
        .unwrap()
        .contains("matches no element"));
    assert_eq!(
        code_of(&widget.mount("##".into()).unwrap_err()),
        "mount_target"
    );
    assert_eq!(
        code_of(&widget.mount(JsValue::from(42)).unwrap_err()),
        "mount_target"
    );
    let input = fresh_host("input");
    let error = widget.mount(input.into()).unwrap_err();
    assert!(get(&error, "message")
        .as_string()
        .unwrap()
        .contains("<input>"));

    let host = fresh_host("div");
    host.set_id("taken");
    widget.mount("#taken".into()).unwrap();
    assert_eq!(
        code_of(&widget.mount("#taken".into()).unwrap_err()),
        "already_mounted"
    );
    let other = outlook_connect::create(
        config(&[]),
        wasm_bindgen::JsValue::UNDEFINED,
        wasm_bindgen::JsValue::UNDEFINED,
    )
    .unwrap();
    assert_eq!(
        code_of(&other.mount(host.into()).unwrap_err()),
        "already_mounted"
    );
}

#[wasm_bindgen_test]
async fn set_filters_rejects_invalid_trees_whole_and_announces_valid_ones() {
    let (listener, seen) = recorder();
    let (widget, _host) = mounted(&[]).await;
    widget
        .on("filters_changed".into(), listener.into())
        .unwrap();
    let error = widget
        .set_filters(
            r#"{"AND":[{"key":"after","value":"2024-01-07"},{"key":"from","value":"nope"}]}"#
                .into(),
        )
        .unwrap_err();
    assert_eq!(code_of(&error), "filters_invalid");
    let errors: Array = get(&error, "errors").unchecked_into();
    let paths: Vec<String> = errors
        .iter()
        .map(|e| get(&e, "path").as_string().unwrap())
        .collect();
    assert_eq!(paths, ["filters.AND[0].value", "filters.AND[1].value"]);
    assert_eq!(
        js_sys::JSON::stringify(&widget.get_filters().unwrap()).unwrap(),
        "{}",
        "nothing changed"
    );
    assert!(seen.borrow().is_empty());

    let tree = js_sys::JSON::parse(
        r#"{"OR":[{"key":"category","value":" Personal "},{"key":"is","value":"flagged"}]}"#,
    )
    .unwrap();
    widget.set_filters(tree).unwrap();
    let expected =
        r#"{"OR":[{"key":"category","value":"Personal"},{"key":"is","value":"flagged"}]}"#;
    assert_eq!(
        js_sys::JSON::stringify(&widget.get_filters().unwrap()).unwrap(),
        expected
    );
    assert_eq!(seen.borrow().len(), 1);
    let data = get(&seen.borrow()[0], "data");
    assert_eq!(
        js_sys::JSON::stringify(&get(&data, "filters")).unwrap(),
        expected
    );
}

#[wasm_bindgen_test]
async fn listeners_can_be_removed_and_bad_arguments_are_named() {
    let (listener, seen) = recorder();
    let (widget, _host) = mounted(&[]).await;
    let unsubscribe = widget
        .on("filters_changed".into(), listener.clone().into())
        .unwrap();
    unsubscribe.call0(&JsValue::NULL).unwrap();
    widget
        .set_filters(r#"{"key":"has","value":"attachment"}"#.into())
        .unwrap();
    assert!(
        seen.borrow().is_empty(),
        "the unsubscribe function removed the listener"
    );
    widget
        .on("filters_changed".into(), listener.clone().into())
        .unwrap();
    widget
        .off("filters_changed".into(), listener.into())
        .unwrap();
    widget.set_filters("{}".into()).unwrap();
    assert!(seen.borrow().is_empty(), "off removed the listener");

    let error = widget.on("redy".into(), JsValue::NULL).unwrap_err();
    assert_eq!(code_of(&error), "bad_argument");
    assert!(get(&error, "message")
        .as_string()
        .unwrap()
        .contains("unknown event type \"redy\""));
    let error = widget
        .on("ready".into(), "not a function".into())
        .unwrap_err();
    assert_eq!(code_of(&error), "bad_argument");
}

#[wasm_bindgen_test]
async fn folders_follow_the_config_rules() {
    let (widget, _host) = mounted(&[]).await;
    assert_eq!(
        js_sys::JSON::stringify(&widget.get_folders().unwrap()).unwrap(),
        r#"["Inbox"]"#
    );
    let names = js_sys::JSON::parse(r#"["Inbox","Archive"]"#).unwrap();
    widget.set_folders(names).unwrap();
    assert_eq!(
        js_sys::JSON::stringify(&widget.get_folders().unwrap()).unwrap(),
        r#"["Inbox","Archive"]"#
    );
    let error = widget
        .set_folders(js_sys::JSON::parse(r#"["Inbox","Inbox"]"#).unwrap())
        .unwrap_err();
    assert_eq!(code_of(&error), "config_invalid");
    assert_eq!(
        js_sys::JSON::stringify(&widget.get_folders().unwrap()).unwrap(),
        r#"["Inbox","Archive"]"#
    );
}

#[wasm_bindgen_test]
fn parse_filters_answers_every_bad_input_with_paths() {
    let result =
        outlook_connect::parse_filters(r#"{"AND":[{"key":"catgory","value":"x"}]}"#.into());
    assert_eq!(get(&result, "ok"), JsValue::FALSE);
    let errors: Array = get(&result, "errors").unchecked_into();
    assert_eq!(
        get(&errors.get(0), "path").as_string().as_deref(),
        Some("filters.AND[0].key")
    );
    assert_eq!(
        get(&errors.get(0), "code").as_string().as_deref(),
        Some("unknown_key")
    );
    let result = outlook_connect::parse_filters("{\n  \"AND\": [\n}".into());
    let first = Array::from(&get(&result, "errors")).get(0);
    assert_eq!(get(&first, "code").as_string().as_deref(), Some("bad_json"));
    assert_eq!(get(&first, "line").as_f64(), Some(3.0));
    let ok = outlook_connect::parse_filters(
        js_sys::JSON::parse(r#"{"key":"is","value":"flagged"}"#).unwrap(),
    );
    assert_eq!(get(&ok, "ok"), JsValue::TRUE);
    assert_eq!(
        js_sys::JSON::stringify(&get(&ok, "filters")).unwrap(),
        r#"{"key":"is","value":"flagged"}"#
    );
}
