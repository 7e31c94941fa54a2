//! Syncing over HTTP against the emulated mailbox: filters pushed down and evaluated, files and statuses, folders
//! and categories, resync/delete/revoke, incremental syncs, attachments, customer isolation, 50 concurrent syncs,
//! and auto-sync.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::time::{Duration, Instant};

use common::{join_all, test_config, Auth, Sandbox};
use outlook_connect_sandbox::DbLocation;
use reqwest::StatusCode;
use serde_json::{json, Value};

const ALEX: &str = "alex@contoso.test";

/// A sandbox with alice connected to `mailbox`; returns the auth and the data source id.
async fn connected(sandbox: &Sandbox, customer: &str, mailbox: &str) -> (Auth, i64) {
    let auth = Auth::Token(sandbox.token_for(customer).await);
    let (status, html) = sandbox.connect_mailbox(&auth, mailbox, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let id = sandbox
        .data_sources(&auth)
        .await
        .iter()
        .find(|s| s["data_source_external_id"] == mailbox)
        .expect("source")["id"]
        .as_i64()
        .expect("id");
    (auth, id)
}

fn external_ids(files: &[Value]) -> BTreeSet<String> {
    files
        .iter()
        .filter(|f| f["parent_id"].is_null())
        .map(|f| f["external_file_id"].as_str().expect("id").to_string())
        .collect()
}

#[tokio::test]
async fn folders_and_categories_are_graph_like_lists() {
    let sandbox = Sandbox::start().await;
    let (auth, source) = connected(&sandbox, "alice", ALEX).await;
    let (status, folders) = sandbox
        .get(
            &format!("/integrations/outlook/user_folders?data_source_id={source}"),
            &auth,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let folders = folders.as_array().expect("array");
    assert!(folders.len() >= 12, "all depths: {}", folders.len());
    let mut seen = BTreeSet::new();
    for folder in folders {
        let keys: BTreeSet<&str> = folder
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            BTreeSet::from([
                "id",
                "displayName",
                "parentFolderId",
                "childFolderCount",
                "totalItemCount",
                "unreadItemCount"
            ])
        );
        if let Some(parent) = folder["parentFolderId"].as_str() {
            assert!(seen.contains(parent), "parents come before children");
        }
        seen.insert(folder["id"].as_str().expect("id").to_string());
    }
    assert!(
        folders
            .iter()
            .any(|f| f["displayName"] == "Apollo" && !f["parentFolderId"].is_null()),
        "nested folders are listed"
    );
    assert!(folders
        .iter()
        .any(|f| f["displayName"] == "Inbox" && f["parentFolderId"].is_null()));

    let (status, categories) = sandbox
        .get("/integrations/outlook/user_categories", &auth)
        .await;
    assert_eq!(status, StatusCode::OK);
    let categories = categories.as_array().expect("array");
    assert!(!categories.is_empty() && categories.len() <= 250);
    assert!(categories.iter().any(|c| c["displayName"] == "Personal"));
    assert!(categories.iter().all(|c| c["color"]
        .as_str()
        .is_some_and(|color| color.starts_with("preset"))));
    sandbox.stop().await;
}

#[tokio::test]
async fn a_filtered_sync_creates_exactly_the_matching_messages_as_ready_files() {
    let sandbox = Sandbox::start().await;
    let (auth, source) = connected(&sandbox, "alice", ALEX).await;
    let probe = sandbox.graph_probe(ALEX).await;
    let filters = json!({"AND": [{"key": "after", "value": "2024/01/07"}, {"OR": [{"key": "category", "value": "Personal"}, {"key": "is", "value": "flagged"}]}]});
    let inbox = sandbox.folder_id(&auth, Some(source), "Inbox").await;
    let expected = probe.expected_ids(&inbox, &filters).await;
    assert!(!expected.is_empty());

    let (status, body) = sandbox
        .post(
            "/integrations/outlook/sync",
            &auth,
            json!({"filters": filters, "request_id": "req-1", "data_source_id": source}),
        )
        .await;
    assert_eq!((status, body), (StatusCode::OK, json!({"success": true})));
    let files = sandbox
        .wait_ready(
            &auth,
            json!({"request_ids": ["req-1"]}),
            Some(expected.len() as i64),
        )
        .await;
    assert_eq!(external_ids(&files), expected);
    let file = &files[0];
    assert_eq!(file["source"], "OUTLOOK");
    assert_eq!(file["organization_user_data_source_id"], source);
    assert_eq!(file["request_id"], "req-1");
    assert!(file["external_url"].as_str().is_some_and(|u| !u.is_empty()));
    let metadata = &file["file_metadata"];
    assert_eq!(metadata["request_id"], "req-1");
    assert!(
        metadata["from"]["address"].is_string()
            && metadata["received_at"].is_string()
            && metadata["categories"].is_array()
    );
    let source_after = sandbox.wait_source_ready(&auth, source).await;
    assert_eq!(source_after["sync_status"], "READY");
    assert!(source_after["files_synced_at"].is_string());

    // The same request again changes nothing; a new sync of the same messages updates, never duplicates.
    let (status, _) = sandbox
        .post(
            "/integrations/outlook/sync",
            &auth,
            json!({"filters": filters, "request_id": "req-1"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = sandbox
        .post(
            "/integrations/outlook/sync",
            &auth,
            json!({"filters": filters, "request_id": "req-2"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let files = sandbox
        .wait_ready(
            &auth,
            json!({"request_ids": ["req-2"]}),
            Some(expected.len() as i64),
        )
        .await;
    assert_eq!(external_ids(&files), expected);
    let (_, all) = sandbox.files(&auth, json!({}), 10_000).await;
    assert_eq!(all["count"], expected.len(), "no duplicates");

    let (status, body) = sandbox
        .post(
            "/integrations/outlook/sync",
            &auth,
            json!({"filters": {}, "folder": "Nope"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body["detail"],
        "Folder 'Nope' not found in mailbox alex@contoso.test"
    );
    sandbox.stop().await;
}

#[tokio::test]
async fn user_files_v2_filters_pages_and_orders() {
    let sandbox = Sandbox::start().await;
    let (auth, source) = connected(&sandbox, "alice", ALEX).await;
    let (status, _) = sandbox
        .post(
            "/integrations/outlook/sync",
            &auth,
            json!({"filters": {}, "folder": "Receipts", "request_id": "r"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let files = sandbox
        .wait_ready(&auth, json!({"request_ids": ["r"]}), None)
        .await;
    let total = files.len();
    assert!(total >= 10);

    let (_, page) = sandbox
        .post("/user_files_v2", &auth, json!({"filters": {"organization_user_data_source_id": [source]}, "pagination": {"limit": 5, "offset": 2}, "order_by": "id", "order_dir": "desc"}))
        .await;
    assert_eq!(page["count"], total);
    let ids: Vec<i64> = page["results"]
        .as_array()
        .expect("list")
        .iter()
        .map(|f| f["id"].as_i64().expect("id"))
        .collect();
    assert_eq!(ids.len(), 5);
    assert!(ids.windows(2).all(|w| w[0] > w[1]));

    let some_name = files[0]["name"].as_str().expect("name").to_string();
    let fragment: String = some_name
        .chars()
        .skip(1)
        .take(5)
        .collect::<String>()
        .to_uppercase();
    let (_, named) = sandbox.files(&auth, json!({"name": fragment}), 1000).await;
    assert!(named["results"]
        .as_array()
        .expect("list")
        .iter()
        .all(|f| f["name"]
            .as_str()
            .expect("name")
            .to_uppercase()
            .contains(&fragment)));
    assert!(named["count"].as_i64().expect("count") >= 1);

    let picked = vec![files[0]["id"].clone(), files[1]["id"].clone()];
    let (_, by_id) = sandbox.files(&auth, json!({"ids": picked}), 100).await;
    assert_eq!(by_id["count"], 2);
    let (_, ready) = sandbox
        .files(&auth, json!({"sync_statuses": ["READY"]}), 1)
        .await;
    assert_eq!(ready["count"], total);
    let (_, none) = sandbox
        .files(&auth, json!({"sync_statuses": ["SYNC_ERROR"]}), 1)
        .await;
    assert_eq!(none["count"], 0);
    let (_, other_source) = sandbox
        .files(
            &auth,
            json!({"organization_user_data_source_id": [source + 1]}),
            1,
        )
        .await;
    assert_eq!(other_source["count"], 0);

    // delete_files_v2 by ids, then the deprecated delete_files.
    let (status, _) = sandbox
        .post(
            "/delete_files_v2",
            &auth,
            json!({"filters": {"ids": [files[0]["id"]]}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = sandbox
        .post(
            "/delete_files",
            &auth,
            json!({"file_ids": [files[1]["id"]]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, after) = sandbox.files(&auth, json!({}), 1).await;
    assert_eq!(after["count"], total as i64 - 2);
    let (status, _) = sandbox
        .post("/resync_file", &auth, json!({"file_id": files[0]["id"]}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    sandbox.stop().await;
}

#[tokio::test]
async fn resync_is_refused_while_a_file_is_in_flight() {
    let sandbox = Sandbox::start_with(outlook_connect_sandbox::SandboxConfig {
        processing_delay: Duration::from_millis(3000),
        ..test_config(DbLocation::Memory)
    })
    .await;
    let (auth, _) = connected(&sandbox, "alice", ALEX).await;
    let (status, _) = sandbox.post("/integrations/outlook/sync", &auth, json!({"filters": {"key": "is", "value": "flagged"}, "folder": "Receipts", "request_id": "slow"})).await;
    assert_eq!(status, StatusCode::OK);
    let deadline = Instant::now() + Duration::from_secs(20);
    let file = loop {
        let (_, body) = sandbox
            .files(&auth, json!({"request_ids": ["slow"]}), 1)
            .await;
        if let Some(file) = body["results"].as_array().and_then(|r| r.first()).cloned() {
            break file;
        }
        assert!(Instant::now() < deadline, "no file queued");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(["QUEUED_FOR_SYNC", "SYNCING"].contains(&file["sync_status"].as_str().expect("status")));
    let (status, body) = sandbox
        .post("/resync_file", &auth, json!({"file_id": file["id"]}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    sandbox
        .wait_ready(&auth, json!({"ids": [file["id"]]}), Some(1))
        .await;
    let (status, body) = sandbox
        .post("/resync_file", &auth, json!({"file_id": file["id"]}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["sync_status"], "QUEUED_FOR_SYNC");
    assert_eq!(body["id"], file["id"]);
    sandbox
        .wait_ready(&auth, json!({"ids": [file["id"]]}), Some(1))
        .await;
    sandbox.stop().await;
}

#[tokio::test]
async fn incremental_syncs_fetch_only_newer_messages_and_attachments_become_children() {
    let sandbox = Sandbox::start().await;
    let (auth, source) = connected(&sandbox, "alice", ALEX).await;
    let filters = json!({"key": "has", "value": "attachment"});
    let (status, _) = sandbox
        .post("/integrations/outlook/sync", &auth, json!({"filters": filters, "folder": "Receipts", "request_id": "first", "sync_attachments": true}))
        .await;
    assert_eq!(status, StatusCode::OK);
    sandbox.wait_source_ready(&auth, source).await;
    let (_, stored) = sandbox
        .files(&auth, json!({"request_ids": ["first"]}), 1)
        .await;
    let files = sandbox
        .wait_ready(
            &auth,
            json!({"request_ids": ["first"]}),
            stored["count"].as_i64(),
        )
        .await;
    let parents: HashMap<i64, &Value> = files
        .iter()
        .filter(|f| f["parent_id"].is_null())
        .map(|f| (f["id"].as_i64().expect("id"), f))
        .collect();
    let children: Vec<&Value> = files.iter().filter(|f| !f["parent_id"].is_null()).collect();
    assert!(
        !parents.is_empty() && !children.is_empty(),
        "messages with attachments and their attachments"
    );
    assert!(children
        .iter()
        .all(|c| parents.contains_key(&c["parent_id"].as_i64().expect("parent"))));

    let (status, _) = sandbox
        .post("/integrations/outlook/sync", &auth, json!({"filters": filters, "folder": "Receipts", "request_id": "again", "incremental_sync": true}))
        .await;
    assert_eq!(status, StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(300)).await;
    sandbox.wait_source_ready(&auth, source).await;
    let (_, again) = sandbox
        .files(&auth, json!({"request_ids": ["again"]}), 10)
        .await;
    assert_eq!(again["count"], 0, "nothing newer than the last sync");
    sandbox.stop().await;
}

#[tokio::test]
async fn customers_are_isolated() {
    let sandbox = Sandbox::start().await;
    let (alice, alice_source) = connected(&sandbox, "alice", ALEX).await;
    let bob = Auth::ApiKey("bob".into());
    let (status, _) = sandbox
        .post(
            "/integrations/outlook/sync",
            &alice,
            json!({"filters": {}, "folder": "Receipts", "request_id": "a"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let files = sandbox
        .wait_ready(&alice, json!({"request_ids": ["a"]}), None)
        .await;
    let file_id = files[0]["id"].clone();

    assert!(sandbox.data_sources(&bob).await.is_empty());
    let (_, seen) = sandbox
        .files(
            &bob,
            json!({"organization_user_data_source_id": [alice_source]}),
            100,
        )
        .await;
    assert_eq!(seen["count"], 0);
    let (_, seen) = sandbox
        .files(&bob, json!({"ids": [file_id], "request_ids": ["a"]}), 100)
        .await;
    assert_eq!(seen["count"], 0);
    let (status, _) = sandbox
        .post("/resync_file", &bob, json!({"file_id": file_id}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = sandbox
        .post(
            "/revoke_access_token",
            &bob,
            json!({"data_source_id": alice_source}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    for path in ["user_folders", "user_categories"] {
        let (status, _) = sandbox
            .get(
                &format!("/integrations/outlook/{path}?data_source_id={alice_source}"),
                &bob,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    let (status, _) = sandbox
        .post(
            "/integrations/outlook/sync",
            &bob,
            json!({"filters": {}, "data_source_id": alice_source}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = sandbox
        .post(
            "/integrations/oauth_url",
            &bob,
            json!({"service": "OUTLOOK", "data_source_id": alice_source}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = sandbox
        .post(
            "/delete_files_v2",
            &bob,
            json!({"filters": {"ids": [file_id]}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = sandbox
        .post("/delete_files", &bob, json!({"file_ids": [file_id]}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, still) = sandbox.files(&alice, json!({"ids": [file_id]}), 1).await;
    assert_eq!(still["count"], 1, "bob's deletes never reach alice's files");

    let (status, _) = sandbox
        .post(
            "/revoke_access_token",
            &alice,
            json!({"data_source_id": alice_source}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = sandbox
        .post(
            "/integrations/outlook/sync",
            &alice,
            json!({"filters": {}, "data_source_id": alice_source}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a revoked source cannot sync: {body}"
    );
    sandbox.stop().await;
}

#[tokio::test]
async fn fifty_concurrent_syncs_over_overlapping_folders_store_each_message_once() {
    let sandbox = Sandbox::start().await;
    let (auth, source) = connected(&sandbox, "alice", ALEX).await;
    let probe = sandbox.graph_probe(ALEX).await;
    let plans = [
        ("Receipts", json!({})),
        ("Receipts", json!({"key": "is", "value": "flagged"})),
        (
            "Newsletters",
            json!({"key": "after", "value": "2025/01/01"}),
        ),
        ("Newsletters", json!({})),
        (
            "Apollo",
            json!({"OR": [{"key": "category", "value": "Personal"}, {"key": "has", "value": "attachment"}]}),
        ),
    ];
    let mut expected = BTreeSet::new();
    for (folder, filters) in &plans {
        let id = sandbox.folder_id(&auth, Some(source), folder).await;
        expected.extend(probe.expected_ids(&id, filters).await);
    }
    let calls = (0..50).map(|i| {
        let (folder, filters) = &plans[i % plans.len()];
        let body = json!({"filters": filters, "folder": folder, "request_id": format!("c{i}")});
        let (sandbox, auth) = (&sandbox, &auth);
        async move { sandbox.post("/integrations/outlook/sync", auth, body).await }
    });
    for (status, body) in join_all(calls).await {
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    sandbox.wait_source_ready(&auth, source).await;
    let (_, stored) = sandbox.files(&auth, json!({}), 1).await;
    let files = sandbox
        .wait_ready(&auth, json!({}), stored["count"].as_i64())
        .await;
    let ids: Vec<String> = files
        .iter()
        .map(|f| f["external_file_id"].as_str().expect("id").to_string())
        .collect();
    assert_eq!(ids.len(), expected.len(), "every message exactly once");
    assert_eq!(ids.into_iter().collect::<BTreeSet<_>>(), expected);
    sandbox.stop().await;
}

#[tokio::test]
async fn auto_sync_resyncs_enabled_sources_on_its_interval() {
    let sandbox = Sandbox::start_with(outlook_connect_sandbox::SandboxConfig {
        auto_sync_interval: Duration::from_millis(500),
        ..test_config(DbLocation::Memory)
    })
    .await;
    let (auth, source) = connected(&sandbox, "alice", ALEX).await;
    let (status, _) = sandbox
        .post(
            "/integrations/outlook/sync",
            &auth,
            json!({"filters": {}, "folder": "Receipts", "request_id": "manual"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    sandbox
        .wait_ready(&auth, json!({"request_ids": ["manual"]}), None)
        .await;
    let before = sandbox.wait_source_ready(&auth, source).await;
    assert_eq!(before["enable_auto_sync"], false);
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let unchanged = sandbox.wait_source_ready(&auth, source).await;
    assert_eq!(
        unchanged["last_synced_at"], before["last_synced_at"],
        "not enabled: no auto-sync"
    );

    let (status, _) = sandbox
        .post(
            "/update_users",
            &Auth::Organization,
            json!({"customer_ids": ["alice"], "auto_sync_enabled_sources": ["OUTLOOK"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let now = sandbox.wait_source_ready(&auth, source).await;
        assert_eq!(now["enable_auto_sync"], true);
        if now["last_synced_at"] != before["last_synced_at"] {
            break;
        }
        assert!(Instant::now() < deadline, "auto-sync never ran");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    sandbox.stop().await;
}

#[tokio::test]
async fn sources_and_files_survive_a_restart() {
    let path = std::env::temp_dir().join(format!("oc-sync-{}.sqlite3", uuid::Uuid::new_v4()));
    let config = test_config(DbLocation::File(path.clone()));
    let sandbox = Sandbox::start_with(config.clone()).await;
    let (auth, source) = connected(&sandbox, "alice", ALEX).await;
    let (status, _) = sandbox
        .post(
            "/integrations/outlook/sync",
            &auth,
            json!({"filters": {}, "folder": "Receipts", "request_id": "kept"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    sandbox.wait_source_ready(&auth, source).await;
    let (_, stored) = sandbox
        .files(&auth, json!({"request_ids": ["kept"]}), 1)
        .await;
    let before = sandbox
        .wait_ready(
            &auth,
            json!({"request_ids": ["kept"]}),
            stored["count"].as_i64(),
        )
        .await;
    sandbox.stop().await;

    let sandbox = Sandbox::start_with(config).await;
    let sources = sandbox.data_sources(&auth).await;
    assert_eq!(sources.len(), 1);
    assert_eq!(sources[0]["id"], source);
    let after = sandbox
        .wait_ready(
            &auth,
            json!({"request_ids": ["kept"]}),
            Some(before.len() as i64),
        )
        .await;
    assert_eq!(external_ids(&after), external_ids(&before));
    let (status, folders) = sandbox
        .get("/integrations/outlook/user_folders", &auth)
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the stored Microsoft tokens still work: {folders}"
    );
    sandbox.stop().await;
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

#[tokio::test]
async fn markup_and_unicode_folder_names_resolve_and_travel_verbatim() {
    let sandbox = Sandbox::start().await;
    let (auth, source) = connected(&sandbox, "alice", "folders@contoso.test").await;
    let (status, folders) = sandbox
        .get("/integrations/outlook/user_folders", &auth)
        .await;
    assert_eq!(status, StatusCode::OK);
    let names: Vec<&str> = folders
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|f| f["displayName"].as_str())
        .collect();
    for expected in ["<img src=x onerror=alert(1)>", "Проекты 📁", "Level 6"] {
        assert!(names.contains(&expected), "{expected} in {names:?}");
    }
    for (folder, request_id) in [
        ("Проекты 📁", "unicode"),
        ("<img src=x onerror=alert(1)>", "markup"),
        ("level 6", "deep"),
    ] {
        let (status, body) = sandbox
            .post(
                "/integrations/outlook/sync",
                &auth,
                json!({"filters": {}, "folder": folder, "request_id": request_id}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{folder}: {body}");
        sandbox.wait_source_ready(&auth, source).await;
        let (_, stored) = sandbox
            .files(&auth, json!({"request_ids": [request_id]}), 100)
            .await;
        assert!(stored["count"].as_i64().expect("count") > 0, "{folder}");
        let shown = stored["results"][0]["file_metadata"]["folder"]
            .as_str()
            .expect("folder")
            .to_lowercase();
        assert_eq!(shown, folder.to_lowercase());
    }
    sandbox.stop().await;
}
