//! Crash recovery (issue #9): a process stopped in the middle of a sync (kill -9, crash) leaves files
//! `QUEUED_FOR_SYNC`/`SYNCING`, its source `SYNCING` and its request registered. The next start on the same
//! database resumes what it can and fails the rest, so nothing stays in flight forever, `resync_file` works again
//! and a failed `request_id` can be retried. The interrupted state is written into a file database between two
//! runs — what a kill leaves behind — instead of killing a process.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{test_config, Auth, Sandbox};
use outlook_connect_sandbox::DbLocation;
use reqwest::StatusCode;
use serde_json::{json, Value};

const ALEX: &str = "alex@contoso.test";

struct TempDb(PathBuf);

impl TempDb {
    fn new() -> TempDb {
        TempDb(std::env::temp_dir().join(format!("oc-recovery-{}.sqlite3", uuid::Uuid::new_v4())))
    }

    fn location(&self) -> DbLocation {
        DbLocation::File(self.0.clone())
    }

    /// Edits the database while no sandbox runs on it (what the killed process left behind).
    fn edit(&self, sql: &str) {
        let connection = rusqlite::Connection::open(&self.0).expect("open the database");
        connection.execute_batch(sql).expect("edit the database");
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.0.display()));
        }
    }
}

/// First run: alice connects alex and syncs Receipts (`interrupted`) and Archive (`finished`) to the end. Returns
/// her token and the Receipts file count.
async fn first_run(db: &Path) -> (String, i64) {
    let sandbox = Sandbox::start_with(test_config(DbLocation::File(db.to_path_buf()))).await;
    let token = sandbox.token_for("alice").await;
    let auth = Auth::Token(token.clone());
    let (status, html) = sandbox.connect_mailbox(&auth, ALEX, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    for (folder, request_id) in [("Receipts", "interrupted"), ("Archive", "finished")] {
        let (status, answer) = sandbox
            .post(
                "/integrations/outlook/sync",
                &auth,
                json!({"filters": {}, "folder": folder, "request_id": request_id}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        sandbox
            .wait_ready(&auth, json!({"request_ids": [request_id]}), None)
            .await;
    }
    let source = sandbox.data_sources(&auth).await[0]["id"]
        .as_i64()
        .expect("id");
    sandbox.wait_source_ready(&auth, source).await;
    let (_, receipts) = sandbox
        .files(&auth, json!({"request_ids": ["interrupted"]}), 1)
        .await;
    let count = receipts["count"].as_i64().expect("count");
    assert!(count > 3, "Receipts has a few messages: {count}");
    sandbox.stop().await;
    (token, count)
}

/// What a kill in the middle of the Receipts sync leaves: its request still running, the three last files not
/// written yet, the others queued or syncing, the source syncing — and an Archive file whose resync was queued.
const INTERRUPTED: &str = "
    UPDATE sync_requests SET state = 'RUNNING' WHERE request_id = 'interrupted';
    DELETE FROM files WHERE id IN (SELECT id FROM files WHERE request_id = 'interrupted' ORDER BY id DESC LIMIT 3);
    UPDATE files SET sync_status = CASE WHEN id % 2 = 0 THEN 'SYNCING' ELSE 'QUEUED_FOR_SYNC' END
        WHERE request_id = 'interrupted';
    UPDATE files SET sync_status = 'QUEUED_FOR_SYNC'
        WHERE id = (SELECT MIN(id) FROM files WHERE request_id = 'finished');
    UPDATE data_sources SET sync_status = 'SYNCING';
";

async fn statuses(sandbox: &Sandbox, auth: &Auth, request_id: &str) -> Vec<Value> {
    let (status, answer) = sandbox
        .files(auth, json!({"request_ids": [request_id]}), 1000)
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    answer["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|file| file["sync_status"].clone())
        .collect()
}

async fn wait_until<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(30);
    while !check().await {
        assert!(Instant::now() < deadline, "{what} never happened");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn an_interrupted_sync_is_resumed_at_start() {
    let db = TempDb::new();
    let (token, count) = first_run(&db.0).await;
    db.edit(INTERRUPTED);

    let sandbox = Sandbox::start_with(test_config(db.location())).await;
    let auth = Auth::Token(token);
    let source = sandbox.data_sources(&auth).await[0]["id"]
        .as_i64()
        .expect("id");
    let done = sandbox.wait_source_ready(&auth, source).await;
    assert_eq!(done["sync_status"], "READY", "the source leaves SYNCING");
    let files = sandbox
        .wait_ready(&auth, json!({"request_ids": ["interrupted"]}), Some(count))
        .await;
    assert_eq!(
        files.len() as i64,
        count,
        "the resumed sync wrote the files it had not reached"
    );
    wait_until("the interrupted resync ends", || async {
        statuses(&sandbox, &auth, "finished")
            .await
            .iter()
            .all(|s| *s == "READY")
    })
    .await;

    let file_id = files[0]["id"].as_i64().expect("id");
    let (status, answer) = sandbox
        .post("/resync_file", &auth, json!({"file_id": file_id}))
        .await;
    assert_eq!(status, StatusCode::OK, "resync works again: {answer}");
    sandbox.wait_source_ready(&auth, source).await;
    sandbox
        .wait_ready(&auth, json!({"request_ids": ["interrupted"]}), Some(count))
        .await;
    // The resumed sync ended, so its request_id is done: sending it again starts nothing.
    let (status, _) = sandbox
        .post(
            "/integrations/outlook/sync",
            &auth,
            json!({"filters": {}, "folder": "Receipts", "request_id": "interrupted"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(statuses(&sandbox, &auth, "interrupted")
        .await
        .iter()
        .all(|s| *s == "READY"));
    sandbox.stop().await;
}

#[tokio::test]
async fn an_interrupted_sync_that_cannot_resume_fails_and_can_be_retried() {
    // A job the new run cannot read: it cannot be resumed.
    fails_and_can_be_retried(&format!(
        "{INTERRUPTED} UPDATE sync_requests SET job = '{{\"not\": \"a job\"}}' WHERE request_id = 'interrupted';"
    ))
    .await;
}

#[tokio::test]
async fn a_sync_interrupted_before_jobs_were_stored_fails_and_can_be_retried() {
    // A database written before sync requests stored their job and state (migration 0003 marks them done): the
    // source left SYNCING with files in flight is what tells the sync was interrupted.
    fails_and_can_be_retried(&format!(
        "{INTERRUPTED} UPDATE sync_requests SET job = NULL, state = 'DONE' WHERE request_id = 'interrupted';"
    ))
    .await;
}

async fn fails_and_can_be_retried(interrupted: &str) {
    let db = TempDb::new();
    let (token, count) = first_run(&db.0).await;
    db.edit(interrupted);

    let sandbox = Sandbox::start_with(test_config(db.location())).await;
    let auth = Auth::Token(token);
    let sources = sandbox.data_sources(&auth).await;
    assert_eq!(
        sources[0]["sync_status"], "SYNC_ERROR",
        "not SYNCING forever"
    );
    let source = sources[0]["id"].as_i64().expect("id");
    let (_, failed) = sandbox
        .files(&auth, json!({"request_ids": ["interrupted"]}), 1000)
        .await;
    let failed = failed["results"].as_array().cloned().expect("results");
    assert_eq!(failed.len() as i64, count - 3);
    assert!(failed.iter().all(|file| file["sync_status"] == "SYNC_ERROR"
        && file["sync_error_message"]
            .as_str()
            .is_some_and(|m| m.contains("sync again"))));

    let file_id = failed[0]["id"].as_i64().expect("id");
    let (status, answer) = sandbox
        .post("/resync_file", &auth, json!({"file_id": file_id}))
        .await;
    assert_eq!(status, StatusCode::OK, "no 409 for a failed file: {answer}");

    // The widget retries with the same request_id: it runs again and ends.
    let (status, _) = sandbox
        .post(
            "/integrations/outlook/sync",
            &auth,
            json!({"filters": {}, "folder": "Receipts", "request_id": "interrupted"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    sandbox
        .wait_ready(&auth, json!({"request_ids": ["interrupted"]}), Some(count))
        .await;
    let done = sandbox.wait_source_ready(&auth, source).await;
    assert_eq!(done["sync_status"], "READY");
    sandbox.stop().await;
}

/// The sandbox binary, started on ephemeral ports over `db`; killed (SIGKILL) when dropped.
struct Process {
    child: std::process::Child,
    sandbox: Sandbox,
}

impl Process {
    async fn start(db: &Path, processing_delay_ms: u64) -> Process {
        let ready = db.with_extension("ready.json");
        let _ = std::fs::remove_file(&ready);
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_outlook-connect-sandbox"))
            .args(["--port", "0", "--db"])
            .arg(db)
            .args([
                "--processing-delay-ms",
                &processing_delay_ms.to_string(),
                "--ready-file",
            ])
            .arg(&ready)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("the sandbox binary starts");
        let deadline = Instant::now() + Duration::from_secs(30);
        let urls: Value = loop {
            if let Some(urls) = std::fs::read_to_string(&ready)
                .ok()
                .and_then(|text| serde_json::from_str(&text).ok())
            {
                break urls;
            }
            assert!(
                Instant::now() < deadline,
                "the sandbox never wrote its ready file"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        let _ = std::fs::remove_file(&ready);
        let text = |name: &str| urls[name].as_str().expect("a URL").to_string();
        let sandbox = Sandbox {
            running: None,
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            api_url: text("api_url"),
            host_url: text("host_url"),
            microsoft_url: text("microsoft_url"),
            widget_url: text("widget_url"),
            api_key: text("api_key"),
        };
        Process { child, sandbox }
    }

    /// `kill -9`: no shutdown, nothing flushed beyond what SQLite already committed.
    fn kill(mut self) {
        self.child.kill().expect("SIGKILL");
        let _ = self.child.wait();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn kill_9_during_a_sync_of_big_then_restart_finishes_it() {
    let db = TempDb::new();
    let process = Process::start(&db.0, 60_000).await;
    let token = process.sandbox.token_for("big-user").await;
    let auth = Auth::Token(token);
    let (status, html) = process
        .sandbox
        .connect_mailbox(&auth, "big@contoso.test", json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let (status, answer) = process
        .sandbox
        .post(
            "/integrations/outlook/sync",
            &auth,
            json!({"filters": {}, "request_id": "big-sync"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    // Kill it as soon as the first files are written: the sync is mid-way (and with a 60 s processing delay no file
    // is READY yet).
    wait_until("the first files of the big sync", || async {
        let (_, listed) = process
            .sandbox
            .files(&auth, json!({"request_ids": ["big-sync"]}), 1)
            .await;
        listed["count"].as_i64().unwrap_or(0) > 0
    })
    .await;
    process.kill();

    let sandbox = Sandbox::start_with(test_config(db.location())).await;
    let sources = sandbox.data_sources(&auth).await;
    let source = sources[0]["id"].as_i64().expect("id");
    let inbox = sandbox.inbox_total(&auth).await;
    let files = sandbox
        .wait_ready(&auth, json!({"request_ids": ["big-sync"]}), Some(inbox))
        .await;
    assert!(!files.is_empty());
    let done = sandbox.wait_source_ready(&auth, source).await;
    assert_eq!(done["sync_status"], "READY", "the source leaves SYNCING");
    let (status, answer) = sandbox
        .post("/resync_file", &auth, json!({"file_id": files[0]["id"]}))
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    sandbox.stop().await;
}
