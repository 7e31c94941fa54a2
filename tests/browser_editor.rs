//! Browser tests of the Choose screen: the filter editor (mouse and keyboard), the JSON tab, the folder tree
//! and the category combobox, driven through the shadow root as a person would.
//! Run: `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test browser_editor`.

#![cfg(target_arch = "wasm32")]

mod support;

use support::dom::{folder_json, mount, press, settle, type_into, value_of, Mounted};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SEED: &str = r#"{"AND":[{"key":"after","value":"2024/01/07"},{"OR":[{"key":"category","value":"Personal"},{"key":"category","value":"Test"}]}]}"#;

fn sample_tree() -> String {
    folder_json(&[
        ("inbox", "Inbox", None),
        ("sent", "Sent Items", None),
        ("projects", "Projects", Some("inbox")),
        ("receipts", "Receipts", Some("inbox")),
    ])
}

/// A widget on the Choose screen with the sample folders and two categories.
async fn choose(config: &str) -> Mounted {
    let widget = mount(config).await;
    widget.set_folder_tree(&sample_tree()).unwrap();
    widget
        .set_categories(r#"[{"id":"1","displayName":"Personal","color":"preset0"},{"id":"2","displayName":"Test","color":"preset7"}]"#)
        .unwrap();
    settle().await;
    widget
}

fn focused_marker(widget: &Mounted) -> Option<String> {
    widget
        .focused()
        .and_then(|e| e.get_attribute("data-oc-focus"))
}

#[wasm_bindgen_test]
async fn connect_stays_until_a_folder_tree_is_given() {
    let widget = mount("{}").await;
    assert!(widget.find(".oc-choose").is_none());
    widget.set_folder_tree(&sample_tree()).unwrap();
    settle().await;
    assert!(widget.find(".oc-choose").is_some());
}

#[wasm_bindgen_test]
async fn building_the_seed_filter_by_clicking_and_typing() {
    let widget = choose("{}").await;
    widget.get("[data-oc-focus='add-0']").click();
    settle().await;
    let key = widget.get(".oc-condition select");
    assert_eq!(
        focused_marker(&widget),
        key.get_attribute("data-oc-focus"),
        "focus lands on the new condition"
    );
    type_into(&key, "after");
    settle().await;
    type_into(&widget.get(".oc-condition input[type=date]"), "2024-01-07");
    settle().await;
    assert_eq!(
        widget.filters(),
        r#"{"AND":[{"key":"after","value":"2024/01/07"}]}"#
    );
    widget
        .all(".oc-root-group > .oc-group-actions button")
        .into_iter()
        .find(|b| b.text_content().unwrap_or_default().contains("Add group"))
        .unwrap()
        .click();
    settle().await;
    let inner = widget.get(".oc-group .oc-group");
    type_into(
        &widget.get(".oc-group .oc-group input[role=combobox]"),
        "Personal",
    );
    settle().await;
    inner
        .query_selector("[data-oc-focus^='add-']")
        .unwrap()
        .unwrap()
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    settle().await;
    let inputs = widget.all(".oc-group .oc-group input[role=combobox]");
    assert_eq!(inputs.len(), 2);
    type_into(&inputs[1], "Test");
    settle().await;
    assert_eq!(widget.filters(), SEED);
    let summary = widget.get(".oc-summary-text").text_content().unwrap();
    assert_eq!(
        summary,
        "E-mails in Inbox received on or after 7 Jan 2024 and in category Personal or Test."
    );
}

#[wasm_bindgen_test]
async fn removing_a_condition_moves_focus_and_updates_the_tree() {
    let widget = choose(&format!(r#"{{"filters": {SEED}}}"#)).await;
    assert_eq!(widget.all(".oc-condition").len(), 3);
    let remove =
        widget.get(".oc-root-group > .oc-members > .oc-condition [aria-label='Remove condition']");
    remove.click();
    settle().await;
    assert_eq!(widget.all(".oc-condition").len(), 2);
    assert_eq!(
        widget.filters(),
        r#"{"AND":[{"OR":[{"key":"category","value":"Personal"},{"key":"category","value":"Test"}]}]}"#
    );
    let group_operator = widget.get(".oc-group .oc-group select");
    assert_eq!(
        focused_marker(&widget),
        group_operator.get_attribute("data-oc-focus"),
        "focus moves to the next item"
    );
    widget.get("[aria-label='Remove group']").click();
    settle().await;
    assert_eq!(widget.filters(), "{}");
    assert_eq!(
        focused_marker(&widget).as_deref(),
        Some("add-0"),
        "then to the group's add button"
    );
}

#[wasm_bindgen_test]
async fn and_or_switch() {
    let widget = choose(&format!(r#"{{"filters": {SEED}}}"#)).await;
    type_into(&widget.get("#oc-op-0"), "OR");
    settle().await;
    assert!(
        widget.filters().starts_with(r#"{"OR":[{"key":"after""#),
        "{}",
        widget.filters()
    );
}

#[wasm_bindgen_test]
async fn reorder_with_buttons_and_alt_arrows() {
    let widget = choose(r#"{"filters": {"AND":[{"key":"is","value":"flagged"},{"key":"has","value":"attachment"}]}}"#).await;
    let first_key = widget.get(".oc-condition select");
    press(&first_key, "ArrowDown", true);
    settle().await;
    assert_eq!(
        widget.filters(),
        r#"{"AND":[{"key":"has","value":"attachment"},{"key":"is","value":"flagged"}]}"#
    );
    let moved = widget.all(".oc-condition select")[1].clone();
    assert_eq!(
        focused_marker(&widget),
        moved.get_attribute("data-oc-focus"),
        "focus follows the moved condition"
    );
    let up_buttons = widget.all(".oc-condition [aria-label='Move up']");
    assert!(up_buttons[0].has_attribute("disabled"));
    up_buttons[1].click();
    settle().await;
    assert_eq!(
        widget.filters(),
        r#"{"AND":[{"key":"is","value":"flagged"},{"key":"has","value":"attachment"}]}"#
    );
}

#[wasm_bindgen_test]
async fn add_group_is_disabled_inside_a_group_and_says_why() {
    let widget = choose(&format!(r#"{{"filters": {SEED}}}"#)).await;
    let disabled = widget.get(".oc-group .oc-group [data-oc-add-group='disabled']");
    assert!(disabled.has_attribute("disabled"));
    let reason_id = disabled.get_attribute("aria-describedby").unwrap();
    let reason = widget.get(&format!("#{reason_id}")).text_content().unwrap();
    assert!(reason.contains("only conditions"), "{reason}");
    assert!(widget
        .find(".oc-root-group > .oc-group-actions [data-oc-add-group='disabled']")
        .is_none());
}

#[wasm_bindgen_test]
async fn inline_errors_sit_at_the_field_and_keep_the_last_valid_tree() {
    let widget = choose("{}").await;
    widget.get("[data-oc-focus='add-0']").click();
    settle().await;
    type_into(&widget.get(".oc-condition select"), "from");
    settle().await;
    let input = widget.get(".oc-condition input[type=email]");
    type_into(&input, "not-an-address");
    settle().await;
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    let errors_id = input.get_attribute("aria-describedby").unwrap();
    let error = widget.get(&format!("#{errors_id} [data-oc-code]"));
    assert_eq!(
        error.get_attribute("data-oc-code").as_deref(),
        Some("bad_email")
    );
    assert_eq!(
        widget.filters(),
        "{}",
        "getFilters keeps the last valid tree"
    );
    type_into(&input, "a@example.com");
    settle().await;
    assert_eq!(
        widget.filters(),
        r#"{"AND":[{"key":"from","value":"a@example.com"}]}"#
    );
    assert!(widget
        .find(".oc-condition .oc-errors:not([hidden])")
        .is_none());
}

#[wasm_bindgen_test]
async fn json_tab_shows_line_and_column_and_keeps_the_text() {
    let widget = choose(&format!(r#"{{"filters": {SEED}}}"#)).await;
    widget.get("#oc-tab-json").click();
    settle().await;
    let area = widget.get("#oc-json-text");
    let typed = "{\n  \"AND\": [\n    {\"key\": }\n  ]\n}";
    type_into(&area, typed);
    settle().await;
    let error = widget.get("#oc-json-errors").text_content().unwrap();
    assert!(error.starts_with("Line 3, column 13:"), "{error}");
    assert_eq!(widget.filters(), SEED);
    press(&widget.get("#oc-tab-json"), "ArrowLeft", false);
    settle().await;
    assert_eq!(
        widget.all(".oc-condition").len(),
        3,
        "the builder keeps the last valid tree"
    );
    widget.get("#oc-tab-json").click();
    settle().await;
    assert_eq!(
        value_of(&widget.get("#oc-json-text")),
        typed,
        "nothing typed is lost"
    );
    type_into(
        &widget.get("#oc-json-text"),
        r#"{"OR":[{"key":"is","value":"flagged"}]}"#,
    );
    settle().await;
    assert_eq!(
        widget.filters(),
        r#"{"OR":[{"key":"is","value":"flagged"}]}"#
    );
}

#[wasm_bindgen_test]
async fn folder_tree_keyboard_navigation_and_selection() {
    let widget = choose("{}").await;
    let rows = widget.all("[role=treeitem]");
    assert_eq!(rows.len(), 2, "collapsed below the top level");
    assert_eq!(
        rows[0].get_attribute("aria-selected").as_deref(),
        Some("true"),
        "Inbox is selected by default"
    );
    assert_eq!(rows[0].get_attribute("tabindex").as_deref(), Some("0"));
    rows[0].focus().unwrap();
    press(&rows[0], "ArrowRight", false);
    settle().await;
    assert_eq!(widget.all("[role=treeitem]").len(), 4);
    assert_eq!(
        widget
            .get("[data-oc-folder='0']")
            .get_attribute("aria-expanded")
            .as_deref(),
        Some("true")
    );
    press(&widget.get("[data-oc-folder='0']"), "ArrowDown", false);
    settle().await;
    let focused = widget.focused().unwrap();
    assert_eq!(
        focused.get_attribute("data-oc-folder").as_deref(),
        Some("2"),
        "Projects has focus"
    );
    assert_eq!(
        focused.get_attribute("tabindex").as_deref(),
        Some("0"),
        "roving tabindex"
    );
    press(&focused, "s", false);
    settle().await;
    let focused = widget.focused().unwrap();
    assert_eq!(
        focused.get_attribute("data-oc-folder").as_deref(),
        Some("1"),
        "type-ahead finds Sent Items"
    );
    press(&focused, " ", false);
    settle().await;
    assert_eq!(widget.folders(), r#"["Inbox","Sent Items"]"#);
    press(&focused, "Home", false);
    settle().await;
    let focused = widget.focused().unwrap();
    assert_eq!(
        focused.get_attribute("data-oc-folder").as_deref(),
        Some("0")
    );
    press(&focused, "Enter", false);
    settle().await;
    assert_eq!(widget.folders(), r#"["Sent Items"]"#);
    widget
        .widget
        .set_folders(js_sys::JSON::parse(r#"["Receipts"]"#).unwrap())
        .unwrap();
    settle().await;
    assert_eq!(
        widget
            .get("[data-oc-folder='3']")
            .get_attribute("aria-selected")
            .as_deref(),
        Some("true")
    );
}

#[wasm_bindgen_test]
async fn type_to_filter_shows_matches_with_their_parents() {
    let widget = choose("{}").await;
    type_into(&widget.get(".oc-folder-filter"), "rec");
    settle().await;
    let names: Vec<String> = widget
        .all("[role=treeitem] .oc-folder-name")
        .iter()
        .map(|e| e.text_content().unwrap())
        .collect();
    assert_eq!(names, ["Inbox", "Receipts"]);
}

#[wasm_bindgen_test]
async fn a_folder_name_with_markup_is_just_text() {
    let widget = mount("{}").await;
    let evil = "<img src=x onerror=alert(1)>";
    widget
        .set_folder_tree(&folder_json(&[("inbox", "Inbox", None), ("x", evil, None)]))
        .unwrap();
    settle().await;
    assert!(widget.find("img").is_none());
    assert_eq!(
        widget
            .get("[data-oc-folder='1'] .oc-folder-name")
            .text_content()
            .unwrap(),
        evil
    );
}

#[wasm_bindgen_test]
async fn bad_folder_and_category_lists_are_rejected_by_index_and_field() {
    let widget = mount("{}").await;
    let error = widget
        .set_folder_tree(r#"[{"id":"a","displayName":"A"},{"id":"b","displayName":7}]"#)
        .unwrap_err();
    let code = js_sys::Reflect::get(&error, &"code".into()).unwrap();
    assert_eq!(code.as_string().as_deref(), Some("bad_argument"));
    let message = js_sys::Reflect::get(&error, &"message".into())
        .unwrap()
        .as_string()
        .unwrap();
    assert!(message.contains("folders[1].displayName"), "{message}");
    assert!(widget.find(".oc-choose").is_none(), "nothing changed");
    let error = widget.set_categories(r#"[{"id":"1"}]"#).unwrap_err();
    let message = js_sys::Reflect::get(&error, &"message".into())
        .unwrap()
        .as_string()
        .unwrap();
    assert!(message.contains("categories[0].displayName"), "{message}");
}

#[wasm_bindgen_test]
async fn five_thousand_folders_render_only_a_window() {
    let widget = mount("{}").await;
    let folders: Vec<(String, String)> = (0..5000)
        .map(|i| (format!("f{i}"), format!("Folder {i}")))
        .collect();
    let list: Vec<(&str, &str, Option<&str>)> = folders
        .iter()
        .map(|(id, name)| (id.as_str(), name.as_str(), None))
        .collect();
    widget.set_folder_tree(&folder_json(&list)).unwrap();
    settle().await;
    let rendered = widget.all("[role=treeitem]").len();
    assert!(rendered > 5 && rendered < 60, "{rendered} rows rendered");
    let last = widget.get("[role=treeitem]");
    last.focus().unwrap();
    press(&last, "End", false);
    settle().await;
    let focused = widget.focused().unwrap();
    assert_eq!(
        focused.get_attribute("aria-posinset").as_deref(),
        Some("5000")
    );
}

#[wasm_bindgen_test]
async fn category_combobox_with_keyboard() {
    let widget = choose("{}").await;
    widget.get("[data-oc-focus='add-0']").click();
    settle().await;
    let input = widget.get("input[role=combobox]");
    input.focus().unwrap();
    assert_eq!(
        input.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    press(&input, "ArrowDown", false);
    settle().await;
    assert_eq!(
        input.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    let options = widget.all("[role=option]");
    assert_eq!(options.len(), 2);
    assert_eq!(
        input.get_attribute("aria-activedescendant"),
        Some(options[0].id())
    );
    press(&input, "ArrowDown", false);
    settle().await;
    press(&input, "Enter", false);
    settle().await;
    assert_eq!(
        widget.filters(),
        r#"{"AND":[{"key":"category","value":"Test"}]}"#
    );
    assert_eq!(
        input.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    type_into(&input, "My own");
    settle().await;
    assert_eq!(
        input.get_attribute("aria-expanded").as_deref(),
        Some("false"),
        "no suggestion matches"
    );
    assert_eq!(
        widget.filters(),
        r#"{"AND":[{"key":"category","value":"My own"}]}"#,
        "typed categories are accepted"
    );
}

#[wasm_bindgen_test]
async fn filters_changed_fires_only_when_the_valid_tree_changes() {
    let widget = choose("{}").await;
    let seen = js_sys::Array::new();
    let record = {
        let seen = seen.clone();
        wasm_bindgen::closure::Closure::<dyn FnMut(wasm_bindgen::JsValue)>::new(
            move |event: wasm_bindgen::JsValue| {
                seen.push(&event);
            },
        )
    };
    let _unsubscribe = widget
        .widget
        .on("filters_changed".into(), record.as_ref().clone())
        .unwrap();
    widget.get("[data-oc-focus='add-0']").click();
    settle().await;
    assert_eq!(
        seen.length(),
        0,
        "an empty condition is not a valid tree yet"
    );
    type_into(&widget.get("input[role=combobox]"), "Travel");
    settle().await;
    assert_eq!(seen.length(), 1);
    type_into(&widget.get("input[role=combobox]"), "Travel ");
    settle().await;
    assert_eq!(
        seen.length(),
        1,
        "the same tree after trimming is no change"
    );
    drop(record);
}
