//! The API's limits (issue #9): lists of ids or values hold at most 1,000 items and `tags` filters at most 100 keys
//! (422 naming the field, before any query is built), tag keys are plain text whatever they contain, bodies over
//! 1 MiB are refused with 413, and no answer ever carries SQL or other internal error text.

mod common;

use std::time::{Duration, Instant};

use common::{test_config, Auth, Sandbox};
use outlook_connect_sandbox::DbLocation;
use reqwest::StatusCode;
use serde_json::{json, Value};

const ALEX: &str = "alex@contoso.test";
/// The count that made SQLite fail with "too many SQL variables" before the limits.
const HUGE: usize = 32_766;

fn huge_ids() -> Value {
    Value::Array((1..=HUGE as i64).map(Value::from).collect())
}

fn huge_strings() -> Value {
    Value::Array((0..HUGE).map(|i| Value::from(format!("id-{i}"))).collect())
}

/// A 422 whose only entry is a `too_long` at `loc`, and nothing that looks like SQL anywhere in the answer.
fn assert_too_long_at(status: StatusCode, body: &Value, loc: Value) {
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let entries = body["detail"].as_array().expect("detail list");
    assert_eq!(entries.len(), 1, "{body}");
    assert_eq!(entries[0]["loc"], loc);
    assert_eq!(entries[0]["type"], "too_long");
    assert!(entries[0]["msg"]
        .as_str()
        .is_some_and(|msg| msg.contains("at most 1000 items")));
    assert_no_internals(body);
}

fn assert_no_internals(body: &Value) {
    let text = body.to_string().to_lowercase();
    for leak in ["sql", "select ", "json path", "database error", "rusqlite"] {
        assert!(!text.contains(leak), "the answer shows '{leak}': {body}");
    }
}

#[tokio::test]
async fn lists_over_1000_items_are_422s_naming_the_field_on_every_endpoint() {
    let sandbox = Sandbox::start().await;
    let auth = Auth::ApiKey("limits".into());
    let cases = [
        (
            "/user_files_v2",
            json!({"filters": {"ids": huge_ids()}}),
            json!(["body", "filters", "ids"]),
        ),
        (
            "/user_files_v2",
            json!({"filters": {"external_file_ids": huge_strings()}}),
            json!(["body", "filters", "external_file_ids"]),
        ),
        (
            "/user_files_v2",
            json!({"filters": {"organization_user_data_source_id": huge_ids()}}),
            json!(["body", "filters", "organization_user_data_source_id"]),
        ),
        (
            "/user_files_v2",
            json!({"filters": {"parent_file_ids": huge_ids()}}),
            json!(["body", "filters", "parent_file_ids"]),
        ),
        (
            "/user_files_v2",
            json!({"filters": {"external_urls": huge_strings()}}),
            json!(["body", "filters", "external_urls"]),
        ),
        (
            "/delete_files",
            json!({"file_ids": huge_ids()}),
            json!(["body", "file_ids"]),
        ),
        (
            "/delete_files_v2",
            json!({"filters": {"ids": huge_ids()}}),
            json!(["body", "filters", "ids"]),
        ),
        (
            "/delete_files_v2",
            json!({"filters": {"external_file_ids": huge_strings()}}),
            json!(["body", "filters", "external_file_ids"]),
        ),
        (
            "/user_data_sources",
            json!({"filters": {"ids": huge_ids()}}),
            json!(["body", "filters", "ids"]),
        ),
    ];
    for (path, body, loc) in cases {
        let (status, answer) = sandbox.post(path, &auth, body).await;
        assert_too_long_at(status, &answer, loc);
    }
    // A list of valid statuses, repeated past the limit, is refused too.
    let statuses = Value::Array(vec![json!("READY"); 1001]);
    let (status, answer) = sandbox
        .post(
            "/user_files_v2",
            &auth,
            json!({"filters": {"sync_statuses": statuses}}),
        )
        .await;
    assert_too_long_at(status, &answer, json!(["body", "filters", "sync_statuses"]));
    // Past the limit, a list of bad enum values is one too_long, not one error per item.
    let bad = Value::Array(vec![json!("NOPE"); HUGE]);
    for (path, body, loc) in [
        (
            "/user_files_v2",
            json!({"filters": {"sync_statuses": bad.clone()}}),
            json!(["body", "filters", "sync_statuses"]),
        ),
        (
            "/user_files_v2",
            json!({"filters": {"source": bad.clone()}}),
            json!(["body", "filters", "source"]),
        ),
        (
            "/delete_files",
            json!({"file_ids": [1], "sync_statuses": bad.clone()}),
            json!(["body", "sync_statuses"]),
        ),
    ] {
        let (status, answer) = sandbox.post(path, &auth, body).await;
        assert_too_long_at(status, &answer, loc);
    }
    // 1,000 is allowed.
    let thousand: Vec<i64> = (1..=1000).collect();
    for (path, body) in [
        ("/user_files_v2", json!({"filters": {"ids": thousand}})),
        ("/user_data_sources", json!({"filters": {"ids": thousand}})),
        ("/delete_files_v2", json!({"filters": {"ids": thousand}})),
        ("/delete_files", json!({"file_ids": thousand})),
    ] {
        let (status, answer) = sandbox.post(path, &auth, body).await;
        assert_eq!(status, StatusCode::OK, "{path}: {answer}");
    }
    sandbox.stop().await;
}

#[tokio::test]
async fn tag_filters_take_any_key_as_text_and_at_most_100_keys() {
    let sandbox = Sandbox::start().await;
    let auth = Auth::ApiKey("tags".into());
    let odd_keys = ["\\", "\"", "a.b", "$[0]", "x') OR 1=1 --", "é\u{0}"];
    for key in odd_keys {
        let mut tags = serde_json::Map::new();
        tags.insert(key.to_string(), json!("x"));
        for path in ["/user_files_v2", "/user_data_sources", "/delete_files_v2"] {
            let mut filters = json!({ "tags": tags.clone() });
            if path == "/delete_files_v2" {
                filters["ids"] = json!([1]);
            }
            let (status, answer) = sandbox
                .post(path, &auth, json!({ "filters": filters }))
                .await;
            assert_eq!(
                status,
                StatusCode::OK,
                "{path} with tag key {key:?}: {answer}"
            );
            assert_no_internals(&answer);
            if path != "/delete_files_v2" {
                assert_eq!(answer["count"], 0, "{answer}");
            }
        }
    }

    // A key that used to break the JSON path matches exactly the sources tagged with it.
    let weird = "we\"ird\\key.$";
    let (status, _) = sandbox
        .connect_mailbox(
            &auth,
            ALEX,
            json!({"data_source_tags": { weird: "v", "plain": 7 }}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    for (tags, expected) in [
        (json!({ weird: "v" }), 1),
        (json!({ weird: "w" }), 0),
        (json!({ "plain": 7, weird: "v" }), 1),
        (json!({ "we\"ird": "v" }), 0),
    ] {
        let (status, answer) = sandbox
            .post(
                "/user_data_sources",
                &auth,
                json!({ "filters": { "tags": tags } }),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        assert_eq!(answer["count"], expected, "tags {tags}: {answer}");
    }

    let many: serde_json::Map<String, Value> =
        (0..101).map(|i| (format!("k{i}"), json!(i))).collect();
    for (path, loc) in [
        ("/user_files_v2", json!(["body", "filters", "tags"])),
        ("/user_data_sources", json!(["body", "filters", "tags"])),
    ] {
        let (status, answer) = sandbox
            .post(path, &auth, json!({ "filters": { "tags": many.clone() } }))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
        assert_eq!(answer["detail"][0]["loc"], loc);
        assert_eq!(answer["detail"][0]["type"], "too_long");
    }
    sandbox.stop().await;
}

async fn post_raw(sandbox: &Sandbox, path: &str, body: Vec<u8>) -> (StatusCode, Value, Duration) {
    let started = Instant::now();
    let response = sandbox
        .http
        .post(format!("{}{path}", sandbox.api_url))
        .header("authorization", format!("Bearer {}", sandbox.api_key))
        .header("customer-id", "big-body")
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("the API answers");
    let status = response.status();
    let answer: Value = response.json().await.expect("a JSON answer");
    (status, answer, started.elapsed())
}

/// A syntactically valid filter body of about `size` bytes.
fn body_of(size: usize) -> Vec<u8> {
    let padding = "x".repeat(size);
    serde_json::to_vec(&json!({ "filters": { "name": padding } })).expect("json")
}

#[tokio::test]
async fn bodies_over_1_mib_are_refused_with_413_quickly() {
    for test_controls in [false, true] {
        let sandbox = Sandbox::start_with(outlook_connect_sandbox::SandboxConfig {
            test_controls,
            ..test_config(DbLocation::Memory)
        })
        .await;
        for path in [
            "/user_files_v2",
            "/integrations/outlook/sync",
            "/delete_files_v2",
        ] {
            let (status, answer, took) = post_raw(&sandbox, path, body_of(2 * 1024 * 1024)).await;
            assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{path}: {answer}");
            let detail = answer["detail"].as_str().expect("a detail string");
            assert!(detail.contains("1 MiB"), "{detail}");
            assert!(took < Duration::from_secs(5), "{path} took {took:?}");
        }
        // Just under the limit is read and answered as usual.
        let (status, answer, _) = post_raw(&sandbox, "/user_files_v2", body_of(1000 * 1024)).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        sandbox.stop().await;
    }
}
