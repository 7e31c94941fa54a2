//! Hostile host values in a real browser (issue #9): Proxies whose traps throw, revoked Proxies, getters that
//! throw or call back into the widget, arrays claiming 2³²−1 items, filter trees thousands of levels deep and
//! cycles. Each must end in a typed error that names the field (`config_invalid`, `bad_argument`,
//! `filters_invalid`, or `{ok: false}` from `parseFilters`), and the handle must keep working afterwards.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Function, Object, Reflect};
use outlook_connect::handle::Widget;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod support;

use support::get;

wasm_bindgen_test_configure!(run_in_browser);

/// The value a JavaScript function body returns: the easiest way to build Proxies and getters.
fn js(body: &str) -> JsValue {
    Function::new_no_args(body).call0(&JsValue::NULL).unwrap()
}

fn text(value: &JsValue, key: &str) -> String {
    get(value, key).as_string().unwrap_or_default()
}

fn widget() -> Widget {
    outlook_connect::create(js(
        "return {tokenFetcher: () => Promise.resolve({access_token: 't'}), folders: ['Inbox', 'Archive']}",
    ), wasm_bindgen::JsValue::UNDEFINED, wasm_bindgen::JsValue::UNDEFINED)
    .unwrap()
}

/// The thrown error's code, its message, and the paths of its `issues` (config) or `errors` (filters).
fn described(error: &JsValue) -> (String, String, Vec<String>) {
    let list = [get(error, "issues"), get(error, "errors")]
        .into_iter()
        .find(|list| Array::is_array(list))
        .map(|list| {
            Array::from(&list)
                .iter()
                .map(|item| text(&item, "path"))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(text(error, "name"), "OutlookConnectError");
    (text(error, "code"), text(error, "message"), list)
}

/// The handle still answers: filters and folders read, and a plain update applies.
fn assert_alive(widget: &Widget) {
    assert_eq!(
        js_sys::JSON::stringify(&widget.get_filters().unwrap()).unwrap(),
        "{}"
    );
    assert_eq!(
        js_sys::JSON::stringify(&widget.get_folders().unwrap()).unwrap(),
        r#"["Inbox","Archive"]"#
    );
    widget
        .update(js("return {orgName: 'Still here'}"))
        .expect("a plain update works after a hostile one");
}

/// `parseFilters`: `(ok, [(path, code, message)])`.
fn parsed(input: JsValue) -> (bool, Vec<(String, String, String)>) {
    let result = outlook_connect::parse_filters(input);
    let errors = Array::from(&get(&result, "errors"))
        .iter()
        .map(|e| (text(&e, "path"), text(&e, "code"), text(&e, "message")))
        .collect();
    (get(&result, "ok") == JsValue::TRUE, errors)
}

#[wasm_bindgen_test]
fn update_with_a_throwing_proxy_names_the_field_and_the_handle_lives_on() {
    let widget = widget();
    let partial =
        js("return {orgName: new Proxy({}, {getPrototypeOf() { throw new Error('trap') }})}");
    let (code, message, paths) = described(&widget.update(partial).unwrap_err());
    assert_eq!(
        (code.as_str(), paths),
        ("config_invalid", vec!["orgName".to_owned()])
    );
    assert!(
        message.contains("orgName: could not be read") && message.contains("trap"),
        "{message}"
    );
    assert_alive(&widget);

    let (code, _, paths) = described(
        &widget
            .update(js("return new Proxy({}, {ownKeys() { throw 1 }})"))
            .unwrap_err(),
    );
    assert_eq!(
        (code.as_str(), paths),
        ("config_invalid", vec!["update".to_owned()])
    );
    assert_alive(&widget);

    let revoked = js("const r = Proxy.revocable({}, {}); r.revoke(); return {filters: r.proxy}");
    let (code, _, paths) = described(&widget.update(revoked).unwrap_err());
    assert_eq!(
        (code.as_str(), paths),
        ("config_invalid", vec!["filters".to_owned()])
    );
    assert_alive(&widget);
}

#[wasm_bindgen_test]
fn a_getter_that_throws_is_an_error_at_its_path_never_an_empty_filter() {
    let widget = widget();
    let (ok, errors) = parsed(js("return {get AND() { throw new Error('nope') }}"));
    assert!(!ok, "an unreadable AND is not the empty filter");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].0, "filters.AND");
    assert!(
        errors[0].2.contains("could not be read") && errors[0].2.contains("nope"),
        "{errors:?}"
    );

    let (code, message, paths) = described(
        &widget
            .set_filters(js("return {get OR() { throw 1 }}"))
            .unwrap_err(),
    );
    assert_eq!(
        (code.as_str(), paths),
        ("filters_invalid", vec!["filters.OR".to_owned()])
    );
    assert!(
        message.contains("filters.OR: could not be read"),
        "{message}"
    );

    let (code, _, paths) = described(
        &widget
            .update(js("return {get orgName() { throw 1 }}"))
            .unwrap_err(),
    );
    assert_eq!(
        (code.as_str(), paths),
        ("config_invalid", vec!["orgName".to_owned()])
    );
    assert_alive(&widget);
}

#[wasm_bindgen_test]
fn arrays_that_claim_billions_of_items_are_refused_without_allocating() {
    let widget = widget();
    let huge = "new Proxy([], {get: (t, p) => p === 'length' ? 2 ** 32 - 1 : undefined})";
    let (code, message, paths) = described(
        &widget
            .update(js(&format!("return {{folders: {huge}}}")))
            .unwrap_err(),
    );
    assert_eq!(
        (code.as_str(), paths),
        ("config_invalid", vec!["folders".to_owned()])
    );
    assert!(message.contains("too many items"), "{message}");
    let (ok, errors) = parsed(js(&format!("return {{AND: {huge}}}")));
    assert!(!ok);
    assert_eq!(errors[0].0, "filters.AND", "{errors:?}");
    assert!(errors[0].2.contains("too many items"), "{errors:?}");
    assert_alive(&widget);

    let items = "new Proxy(['Inbox'], {get(t, p) { if (p === 'length') return 1; throw 1 }})";
    let (code, _, paths) = described(
        &widget
            .set_folders(js(&format!("return {items}")))
            .unwrap_err(),
    );
    assert_eq!(
        (code.as_str(), paths),
        ("config_invalid", vec!["folders[0]".to_owned()])
    );
    let error = widget
        .set_folder_tree(js(&format!("return {huge}")))
        .unwrap_err();
    assert_eq!(described(&error).0, "bad_argument");
    let error = widget
        .set_categories(js(&format!("return {items}")))
        .unwrap_err();
    let (code, message, _) = described(&error);
    assert_eq!(code, "bad_argument");
    assert!(
        message.contains("categories[0]: could not be read"),
        "{message}"
    );
    assert_alive(&widget);
}

#[wasm_bindgen_test]
fn deep_and_cyclic_filter_objects_are_too_deep_at_the_path_where_nesting_goes_too_far() {
    for depth in [3, 200, 20_000] {
        let deep = js(&format!(
            "let f = {{key: 'has', value: 'attachment'}}; for (let i = 0; i < {depth}; i++) f = {{AND: [f]}}; return f"
        ));
        let (ok, errors) = parsed(deep);
        assert!(!ok);
        assert_eq!(errors.len(), 1, "depth {depth}: {errors:?}");
        assert_eq!(
            (errors[0].0.as_str(), errors[0].1.as_str()),
            ("filters.AND[0].AND[0]", "too_deep"),
            "depth {depth}"
        );
    }
    let (ok, errors) = parsed(js("const a = {}; a.AND = [a]; return a"));
    assert!(!ok);
    assert_eq!(
        (errors[0].0.as_str(), errors[0].1.as_str()),
        ("filters.AND[0].AND[0]", "too_deep"),
        "a cycle is nesting without end"
    );
    let widget = widget();
    let error = widget
        .set_filters(js("const a = {}; a.OR = [a]; return a"))
        .unwrap_err();
    assert_eq!(described(&error).0, "filters_invalid");
    assert_alive(&widget);
}

#[wasm_bindgen_test]
fn a_getter_that_calls_back_into_the_widget_does_not_find_it_borrowed() {
    let widget = Rc::new(widget());
    let inner = widget.clone();
    let getter = Closure::<dyn FnMut() -> JsValue>::new(move || {
        inner.update(js("return {theme: 'dark'}")).unwrap();
        let _ = inner.set_folders(js("return ['Sent Items']"));
        JsValue::from("Reentrant Co")
    });
    let partial = Object::new();
    let descriptor = js("return {enumerable: true}");
    Reflect::set(&descriptor, &"get".into(), getter.as_ref()).unwrap();
    Object::define_property(&partial, &"orgName".into(), descriptor.unchecked_ref());
    widget.update(partial.into()).unwrap();
    assert_eq!(
        js_sys::JSON::stringify(&widget.get_folders().unwrap()).unwrap(),
        r#"["Sent Items"]"#
    );
}

#[wasm_bindgen_test]
fn create_mount_and_the_pickers_answer_hostile_arguments_with_typed_errors() {
    let error = outlook_connect::create(
        js("return new Proxy({}, {ownKeys() { throw 1 }})"),
        wasm_bindgen::JsValue::UNDEFINED,
        wasm_bindgen::JsValue::UNDEFINED,
    )
    .err()
    .unwrap();
    assert_eq!(described(&error).0, "config_invalid");
    let error = outlook_connect::create(
        js("return {tokenFetcher() {}, get apiUrl() { throw new Error('no') }}"),
        wasm_bindgen::JsValue::UNDEFINED,
        wasm_bindgen::JsValue::UNDEFINED,
    )
    .err()
    .unwrap();
    assert_eq!(described(&error).2, vec!["apiUrl".to_owned()]);

    let widget = widget();
    for target in [
        JsValue::from("::::"),
        js("return new Proxy({}, {getPrototypeOf() { throw 1 }, get() { throw 1 }})"),
        js("const r = Proxy.revocable({}, {}); r.revoke(); return r.proxy"),
    ] {
        let error = widget.mount(target).unwrap_err();
        assert_eq!(described(&error).0, "mount_target");
    }
    let every_trap_throws =
        "new Proxy([], new Proxy({}, {get() { return () => { throw new Error('trap') } }}))";
    let error = widget
        .set_folder_tree(js(&format!("return {every_trap_throws}")))
        .unwrap_err();
    let (code, message, _) = described(&error);
    assert_eq!(code, "bad_argument");
    assert!(
        message.contains("setFolderTree: folders: could not be read"),
        "{message}"
    );
    assert_alive(&widget);
}
