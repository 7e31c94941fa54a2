//! Editor benchmarks in headless Chromium (goal: an edit renders within one 16 ms frame): (a) one edit → DOM updated in a 200-condition
//! filter (20 OR groups × 10 conditions under the root AND), (b) one keystroke in the folder filter with 5,000
//! folders. Prints medians; asserts no timings. Ignored by default; run:
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test bench -- --include-ignored --nocapture`.

#![cfg(target_arch = "wasm32")]

// A target rooted in a folder (`tests/bench/main.rs`) looks for its modules in that folder, so the shared
// `tests/support` is named by path here; the other targets say `mod support;`.
#[path = "../support/mod.rs"]
mod support;

use support::dom::{folder_json, mount, press, settle, type_into, Mounted};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const ROUNDS: usize = 41;

/// `performance.now()`, read through Reflect (the crate does not enable web-sys's `Performance`).
fn now() -> f64 {
    use js_sys::{Function, Reflect};
    use wasm_bindgen::JsCast;
    let performance = Reflect::get(&js_sys::global(), &"performance".into()).unwrap();
    let now: Function = Reflect::get(&performance, &"now".into())
        .unwrap()
        .unchecked_into();
    now.call0(&performance).unwrap().as_f64().unwrap()
}

/// Milliseconds from `act` until `done` holds (checked right away, then after each microtask and task turn).
async fn time_until(act: impl FnOnce(), done: impl Fn() -> bool) -> f64 {
    let start = now();
    act();
    for turn in 0..200 {
        if done() {
            return now() - start;
        }
        if turn < 20 {
            JsFuture::from(js_sys::Promise::resolve(&wasm_bindgen::JsValue::UNDEFINED))
                .await
                .unwrap();
        } else {
            support::sleep(0).await;
        }
    }
    panic!("the DOM never showed the change");
}

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(|a, b| a.total_cmp(b));
    samples[samples.len() / 2]
}

fn report(name: &str, samples: Vec<f64>) {
    let (min, max) = (
        samples.iter().copied().fold(f64::MAX, f64::min),
        samples.iter().copied().fold(0.0, f64::max),
    );
    let line = format!(
        "BENCH {name}: median {:.2} ms (min {min:.2}, max {max:.2}, n={})",
        median(samples.clone()),
        samples.len()
    );
    console_log!("{line}");
    web_sys::console::log_1(&line.into());
}

fn big_filter() -> String {
    let groups: Vec<serde_json::Value> = (0..20)
        .map(|g| {
            let leaves: Vec<serde_json::Value> = (0..10)
                .map(|l| serde_json::json!({"key": "category", "value": format!("Cat {g}-{l}")}))
                .collect();
            serde_json::json!({ "OR": leaves })
        })
        .collect();
    serde_json::json!({ "AND": groups }).to_string()
}

async fn editor_with_200_conditions() -> Mounted {
    let widget = mount(&format!(r#"{{"filters": {}}}"#, big_filter())).await;
    widget
        .set_folder_tree(&folder_json(&[("inbox", "Inbox", None)]))
        .unwrap();
    settle().await;
    assert_eq!(widget.all(".oc-condition").len(), 200);
    widget
}

#[wasm_bindgen_test]
#[ignore]
async fn bench_one_edit_in_a_200_condition_tree() {
    let widget = editor_with_200_conditions().await;
    let inputs = widget.all("input[role=combobox]");
    let mut typing = Vec::new();
    for round in 0..ROUNDS {
        let input = &inputs[(round * 37) % inputs.len()];
        let value = format!("Edited {round}");
        let summary = widget.get(".oc-summary-text");
        let wanted = value.clone();
        typing.push(
            time_until(
                || type_into(input, &value),
                || summary.text_content().unwrap_or_default().contains(&wanted),
            )
            .await,
        );
        settle().await;
    }
    report("edit value (200 conditions)", typing);

    let mut adding = Vec::new();
    for _ in 0..ROUNDS {
        let count = widget.all(".oc-condition").len();
        let add = widget.get(".oc-group .oc-group [data-oc-focus^='add-']");
        adding.push(
            time_until(
                || add.click(),
                || widget.all(".oc-condition").len() == count + 1,
            )
            .await,
        );
        settle().await;
    }
    report("add condition (200+ conditions)", adding);
}

#[wasm_bindgen_test]
#[ignore]
async fn bench_one_keystroke_in_the_folder_filter_with_5000_folders() {
    let widget = mount("{}").await;
    let mut folders: Vec<(String, String, Option<String>)> = Vec::new();
    for top in 0..100 {
        folders.push((format!("t{top}"), format!("Team {top}"), None));
        for child in 0..49 {
            folders.push((
                format!("t{top}c{child}"),
                format!("Project {top}-{child}"),
                Some(format!("t{top}")),
            ));
        }
    }
    let list: Vec<(&str, &str, Option<&str>)> = folders
        .iter()
        .map(|(id, name, parent)| (id.as_str(), name.as_str(), parent.as_deref()))
        .collect();
    assert_eq!(list.len(), 5000);
    let start = now();
    widget.set_folder_tree(&folder_json(&list)).unwrap();
    settle().await;
    console_log!(
        "setFolderTree(5000) + first render: {:.1} ms (incl. 20 ms settle)",
        now() - start
    );
    let filter = widget.get(".oc-folder-filter");
    // Each step is one keystroke that changes the visible rows; the last one clears the box.
    let queries = ["1", "12", "12-", "12-3", "12-34", ""];
    let mut samples = Vec::new();
    for round in 0..ROUNDS {
        let query = queries[round % queries.len()];
        let tree = widget.get("#oc-folder-tree");
        let before = tree.inner_html();
        samples
            .push(time_until(|| type_into(&filter, query), || tree.inner_html() != before).await);
        settle().await;
    }
    report("folder filter keystroke (5000 folders)", samples);
    // Arrow keys over the 100 top-level folders.
    type_into(&filter, "");
    settle().await;
    widget.get("[role=treeitem]").focus().unwrap();
    let mut arrows = Vec::new();
    for _ in 0..ROUNDS {
        // Keys go to the focused row, as a person's would (rows scrolled out of the window leave the DOM).
        let focused = widget.focused().expect("a row has focus");
        arrows.push(
            time_until(
                || press(&focused, "ArrowDown", false),
                || widget.focused().as_ref() != Some(&focused),
            )
            .await,
        );
        settle().await;
    }
    report("folder tree ArrowDown (5000 folders)", arrows);
}
