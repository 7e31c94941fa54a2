//! The sync engine: one folder of one mailbox through a filter into files. The Graph-expressible part of the filter
//! is pushed down as `$filter` (`graph::to_graph`), the residual is evaluated here with `Filter::matches`; pages
//! follow `@odata.nextLink` (Graph calls per mailbox are bounded in `microsoft_client`). Each message becomes one
//! file (unique per data source and message id, so a re-sync updates it); files go `QUEUED_FOR_SYNC → SYNCING →
//! READY` with the configured processing delay. Every sync is registered in `sync_requests` with what it runs and
//! marked done when it ends, so [`recover`] can resume at start-up what a stopped process left in flight. Also the
//! auto-sync runner.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use outlook_connect_filter::graph::to_graph;
use outlook_connect_filter::{Filter, Message};
use rusqlite::{params_from_iter, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::clock;
use crate::db::{placeholders, Db};
use crate::error::ApiError;
use crate::microsoft_client::{page_items, MicrosoftClient, MicrosoftError};
use crate::store::{owned_data_source, upstream, DataSource, MicrosoftTokens};

/// Messages asked for per Graph page (Graph's maximum).
const PAGE_SIZE: u32 = 1000;

/// What one sync does.
#[derive(Debug, Clone)]
pub struct SyncJob {
    pub source: DataSource,
    pub folder_id: String,
    pub folder_name: String,
    pub filter: Filter,
    pub request_id: String,
    pub incremental: bool,
    pub sync_attachments: bool,
    pub file_options: FileOptions,
}

/// Per-file settings copied from the sync request.
#[derive(Debug, Clone, Default)]
pub struct FileOptions {
    pub chunk_size: Option<i64>,
    pub chunk_overlap: Option<i64>,
    pub skip_embedding_generation: bool,
    pub generate_sparse_vectors: Option<bool>,
    pub tags: Value,
}

/// Runs syncs and file processing, and tracks how many syncs run per data source (its `sync_status` follows). It
/// owns what a sync needs — the database and the sources' Microsoft tokens — so the handlers only hand it jobs.
#[derive(Clone)]
pub struct SyncEngine {
    db: Db,
    /// The sources' Microsoft tokens and the client Graph is called with.
    tokens: MicrosoftTokens,
    processing_delay: Duration,
    running: Arc<Mutex<HashMap<i64, usize>>>,
}

impl SyncEngine {
    pub fn new(db: Db, tokens: MicrosoftTokens, processing_delay: Duration) -> Self {
        SyncEngine {
            db,
            tokens,
            processing_delay,
            running: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    /// Moves queued files through `SYNCING` to `READY`, in the background. A step only moves files still in the
    /// previous status, so overlapping syncs of the same file all end `READY`.
    pub fn spawn_processing(&self, file_ids: Vec<i64>) {
        if file_ids.is_empty() {
            return;
        }
        let engine = self.clone();
        tokio::spawn(async move {
            if let Err(error) = engine.process(file_ids).await {
                eprintln!("sandbox: processing files failed: {error}");
            }
        });
    }

    async fn process(&self, file_ids: Vec<i64>) -> Result<(), ApiError> {
        tokio::time::sleep(self.processing_delay).await;
        self.advance(file_ids.clone(), "QUEUED_FOR_SYNC", "SYNCING")
            .await?;
        tokio::time::sleep(self.processing_delay).await;
        self.advance(file_ids, "SYNCING", "READY").await
    }

    async fn advance(
        &self,
        file_ids: Vec<i64>,
        from: &'static str,
        to: &'static str,
    ) -> Result<(), ApiError> {
        self.db
            .call(move |connection| {
                let transaction = connection.transaction()?;
                let now = clock::now_text();
                for chunk in file_ids.chunks(500) {
                    let mut params: Vec<rusqlite::types::Value> = vec![to.to_string().into(), now.clone().into()];
                    params.extend(chunk.iter().map(|id| rusqlite::types::Value::from(*id)));
                    params.push(from.to_string().into());
                    transaction.execute(
                        &format!(
                            "UPDATE files SET sync_status = ?, updated_at = ?, last_sync = CASE WHEN ?1 = 'READY' THEN ?2 ELSE last_sync END
                             WHERE id IN ({}) AND sync_status = ?",
                            placeholders(chunk.len())
                        ),
                        params_from_iter(params.iter()),
                    )?;
                }
                transaction.commit()?;
                Ok(())
            })
            .await
    }

    /// Marks a sync of `source_id` as started; the data source turns `SYNCING`.
    async fn begin(&self, source_id: i64) -> Result<(), ApiError> {
        let first = {
            let mut running = self.running.lock().unwrap_or_else(|p| p.into_inner());
            let count = running.entry(source_id).or_insert(0);
            *count += 1;
            *count == 1
        };
        if first {
            self.set_source_status(source_id, "SYNCING", false).await?;
        }
        Ok(())
    }

    /// Marks a sync of `source_id` as ended; the last one sets `READY` (or `SYNC_ERROR`).
    async fn end(&self, source_id: i64, failed: bool) -> Result<(), ApiError> {
        let last = {
            let mut running = self.running.lock().unwrap_or_else(|p| p.into_inner());
            let count = running.entry(source_id).or_insert(1);
            *count = count.saturating_sub(1);
            if *count == 0 {
                running.remove(&source_id);
                true
            } else {
                false
            }
        };
        if failed {
            self.set_source_status(source_id, "SYNC_ERROR", false).await
        } else if last {
            self.set_source_status(source_id, "READY", true).await
        } else {
            Ok(())
        }
    }

    async fn set_source_status(
        &self,
        source_id: i64,
        status: &'static str,
        synced: bool,
    ) -> Result<(), ApiError> {
        self.db
            .call(move |connection| {
                let now = clock::now_text();
                if synced {
                    connection.execute(
                        "UPDATE data_sources SET sync_status = ?1, updated_at = ?2, last_synced_at = ?2,
                         files_synced_at = ?2, source_items_synced_at = ?2 WHERE id = ?3",
                        (status, &now, source_id),
                    )?;
                } else {
                    connection.execute(
                        "UPDATE data_sources SET sync_status = ?1, updated_at = ?2 WHERE id = ?3",
                        (status, &now, source_id),
                    )?;
                }
                Ok(())
            })
            .await
    }
}

/// What a registered sync request stores to be run again after a restart (`sync_requests.job`).
#[derive(Debug, Serialize, Deserialize)]
struct StoredJob {
    folder_id: String,
    folder_name: String,
    filters: Value,
    incremental: bool,
    sync_attachments: bool,
    chunk_size: Option<i64>,
    chunk_overlap: Option<i64>,
    skip_embedding_generation: bool,
    generate_sparse_vectors: Option<bool>,
    tags: Value,
}

impl StoredJob {
    fn of(job: &SyncJob) -> StoredJob {
        StoredJob {
            folder_id: job.folder_id.clone(),
            folder_name: job.folder_name.clone(),
            filters: job.filter.to_json(),
            incremental: job.incremental,
            sync_attachments: job.sync_attachments,
            chunk_size: job.file_options.chunk_size,
            chunk_overlap: job.file_options.chunk_overlap,
            skip_embedding_generation: job.file_options.skip_embedding_generation,
            generate_sparse_vectors: job.file_options.generate_sparse_vectors,
            tags: job.file_options.tags.clone(),
        }
    }

    /// The job again, for `source`; `None` when its filter no longer parses.
    fn into_job(self, source: DataSource, request_id: String) -> Option<SyncJob> {
        let filter = outlook_connect_filter::parse_value(&self.filters)
            .ok()?
            .filter;
        Some(SyncJob {
            source,
            folder_id: self.folder_id,
            folder_name: self.folder_name,
            filter,
            request_id,
            incremental: self.incremental,
            sync_attachments: self.sync_attachments,
            file_options: FileOptions {
                chunk_size: self.chunk_size,
                chunk_overlap: self.chunk_overlap,
                skip_embedding_generation: self.skip_embedding_generation,
                generate_sparse_vectors: self.generate_sparse_vectors,
                tags: self.tags,
            },
        })
    }
}

impl SyncEngine {
    /// Registers a sync request as running, with what it runs (so a restart can resume it), and queues its source.
    /// `false` when the source already has that `request_id` (running or done): the caller starts nothing.
    pub async fn register(&self, job: &SyncJob) -> Result<bool, ApiError> {
        let stored = serde_json::to_string(&StoredJob::of(job))
            .map_err(|e| ApiError::Internal(format!("cannot store a sync job: {e}")))?;
        let (source_id, request_id, folder_name) = (
            job.source.id,
            job.request_id.clone(),
            job.folder_name.clone(),
        );
        self.db
            .call(move |connection| {
                let now = clock::now_text();
                let inserted = connection.execute(
                    "INSERT INTO sync_requests (data_source_id, request_id, folder_name, created_at, state, job)
                     VALUES (?1, ?2, ?3, ?4, 'RUNNING', ?5)
                     ON CONFLICT (data_source_id, request_id) DO NOTHING",
                    (source_id, &request_id, &folder_name, &now, &stored),
                )?;
                if inserted == 1 {
                    connection.execute(
                        "UPDATE data_sources SET sync_status = 'QUEUED_FOR_SYNCING', updated_at = ?1
                         WHERE id = ?2 AND sync_status <> 'SYNCING'",
                        (&now, source_id),
                    )?;
                }
                Ok::<_, ApiError>(inserted == 1)
            })
            .await
    }

    /// Starts a registered sync in the background; its outcome shows in the data source's and files' statuses. A sync
    /// that ends is marked done; a failed one is forgotten, so the same `request_id` runs again.
    pub fn spawn(&self, job: SyncJob) {
        let engine = self.clone();
        tokio::spawn(async move {
            let source_id = job.source.id;
            if let Err(error) = engine.begin(source_id).await {
                eprintln!("sandbox: cannot start the sync of data source {source_id}: {error}");
                return;
            }
            let result = engine.run(&job).await;
            match &result {
                Ok(_) => mark_done(&engine.db, source_id, job.request_id.clone()).await,
                Err(error) => {
                    eprintln!(
                        "sandbox: sync of data source {source_id}, folder '{}' failed: {error}",
                        job.folder_name
                    );
                    forget_request(&engine.db, source_id, job.request_id.clone()).await;
                }
            }
            if let Err(error) = engine.end(source_id, result.is_err()).await {
                eprintln!("sandbox: cannot finish the sync of data source {source_id}: {error}");
            }
        });
    }
}

/// Marks a sync request finished: a restart no longer resumes it, and its `request_id` stays taken.
async fn mark_done(db: &Db, source_id: i64, request_id: String) {
    let marked = db
        .call(move |connection| {
            connection.execute(
                "UPDATE sync_requests SET state = 'DONE' WHERE data_source_id = ?1 AND request_id = ?2",
                (source_id, &request_id),
            )?;
            Ok::<_, ApiError>(())
        })
        .await;
    if let Err(error) = marked {
        eprintln!("sandbox: cannot mark the sync of data source {source_id} done: {error}");
    }
}

/// Forgets a failed sync's request id, so a client retrying it with the same `request_id` runs it again.
async fn forget_request(db: &Db, source_id: i64, request_id: String) {
    let forgotten = db
        .call(move |connection| {
            connection.execute(
                "DELETE FROM sync_requests WHERE data_source_id = ?1 AND request_id = ?2",
                (source_id, &request_id),
            )?;
            Ok::<_, ApiError>(())
        })
        .await;
    if let Err(error) = forgotten {
        eprintln!(
            "sandbox: cannot forget the failed sync request of data source {source_id}: {error}"
        );
    }
}

/// Statuses of work in flight: a file being processed, a data source being synced.
const FILES_IN_FLIGHT: &str = "('QUEUED_FOR_SYNC', 'SYNCING')";
const SOURCES_IN_FLIGHT: &str = "('QUEUED_FOR_SYNCING', 'SYNCING')";
/// The error a file of an interrupted sync that could not be resumed shows.
const INTERRUPTED: &str =
    "The sandbox stopped during this sync and could not resume it: sync again";

/// What [`recover`] found and did at start-up.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Recovery {
    /// Interrupted syncs started again.
    pub resumed: usize,
    /// Interrupted syncs that could not be resumed (source gone or revoked, job unreadable): failed instead.
    pub failed: usize,
    /// Files whose processing was interrupted, processed again.
    pub files: usize,
}

impl SyncEngine {
    /// Crash recovery, at start-up before serving: every sync still marked running was interrupted (the process
    /// stopped: kill, crash, power). Each is resumed — run again from the start (files are upserted, so nothing is
    /// duplicated) — or, when it cannot be (its source is gone or revoked, its job unreadable), failed: its in-flight
    /// files turn `SYNC_ERROR`, its source `SYNC_ERROR`, and its `request_id` is forgotten so a retry runs again. Files
    /// whose processing was interrupted are processed again; no source stays `SYNCING` without a sync running.
    pub async fn recover(&self) -> Result<Recovery, ApiError> {
        type Interrupted = (i64, String, Option<String>, Option<DataSource>);
        let interrupted: Vec<Interrupted> = self
            .db
            .call(|connection| {
                // Running ones, and — from a database older than stored jobs — requests of a source left syncing
                // whose files are still in flight: those were interrupted too, and cannot be resumed.
                let mut statement = connection.prepare(&format!(
                    "SELECT r.data_source_id, r.request_id, r.job FROM sync_requests r
                     WHERE r.state = 'RUNNING'
                        OR (r.job IS NULL
                            AND EXISTS (SELECT 1 FROM data_sources d
                                        WHERE d.id = r.data_source_id AND d.sync_status IN {SOURCES_IN_FLIGHT})
                            AND EXISTS (SELECT 1 FROM files f
                                        WHERE f.data_source_id = r.data_source_id AND f.request_id = r.request_id
                                          AND f.sync_status IN {FILES_IN_FLIGHT}))"
                ))?;
                let rows = statement
                    .query_map([], |row| {
                        Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?, row.get::<_, Option<String>>(2)?))
                    })?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                drop(statement);
                let mut found = Vec::with_capacity(rows.len());
                for (source_id, request_id, job) in rows {
                    let customer_row: Option<i64> = connection
                        .query_row("SELECT customer_row FROM data_sources WHERE id = ?1", [source_id], |row| row.get(0))
                        .optional()?;
                    let source = match customer_row {
                        Some(customer_row) => Some(owned_data_source(connection, customer_row, source_id)?),
                        None => None,
                    };
                    found.push((source_id, request_id, job, source));
                }
                Ok::<_, ApiError>(found)
            })
            .await?;
        let mut resumed = Vec::new();
        let mut failed = Vec::new();
        for (source_id, request_id, stored, source) in interrupted {
            let job = source
                .filter(|source| !source.revoked)
                .zip(stored.and_then(|text| serde_json::from_str::<StoredJob>(&text).ok()))
                .and_then(|(source, stored)| stored.into_job(source, request_id.clone()));
            match job {
                Some(job) => resumed.push(job),
                None => failed.push((source_id, request_id)),
            }
        }
        let resumed_sources: Vec<i64> = resumed.iter().map(|job| job.source.id).collect();
        let failed_requests = failed.clone();
        let in_flight_files: Vec<i64> = self
            .db
            .call(move |connection| {
                let transaction = connection.transaction()?;
                let now = clock::now_text();
                for (source_id, request_id) in &failed_requests {
                    transaction.execute(
                        &format!(
                            "UPDATE files SET sync_status = 'SYNC_ERROR', sync_error_message = ?1, updated_at = ?2
                             WHERE data_source_id = ?3 AND request_id = ?4 AND sync_status IN {FILES_IN_FLIGHT}"
                        ),
                        (INTERRUPTED, &now, source_id, request_id),
                    )?;
                    transaction.execute(
                        "DELETE FROM sync_requests WHERE data_source_id = ?1 AND request_id = ?2",
                        (source_id, request_id),
                    )?;
                    transaction.execute(
                        "UPDATE data_sources SET sync_status = 'SYNC_ERROR', updated_at = ?1 WHERE id = ?2",
                        (&now, source_id),
                    )?;
                }
                transaction.execute(
                    &format!(
                        "UPDATE data_sources SET sync_status = 'READY', updated_at = ?1
                         WHERE sync_status IN {SOURCES_IN_FLIGHT}"
                    ),
                    [&now],
                )?;
                for source_id in &resumed_sources {
                    transaction.execute(
                        "UPDATE data_sources SET sync_status = 'QUEUED_FOR_SYNCING', updated_at = ?1 WHERE id = ?2",
                        (&now, source_id),
                    )?;
                }
                let files = {
                    let mut statement = transaction.prepare(&format!(
                        "SELECT id FROM files WHERE sync_status IN {FILES_IN_FLIGHT} ORDER BY id"
                    ))?;
                    let ids = statement
                        .query_map([], |row| row.get::<_, i64>(0))?
                        .collect::<rusqlite::Result<Vec<_>>>()?;
                    ids
                };
                transaction.commit()?;
                Ok::<_, ApiError>(files)
            })
            .await?;
        let recovery = Recovery {
            resumed: resumed.len(),
            failed: failed.len(),
            files: in_flight_files.len(),
        };
        self.spawn_processing(in_flight_files);
        for job in resumed {
            self.spawn(job);
        }
        Ok(recovery)
    }

    /// Syncs one folder now (the background task's body). Returns the files written.
    pub async fn run(&self, job: &SyncJob) -> Result<usize, ApiError> {
        let mut token = self.tokens.access_token(&job.source).await?;
        let query = to_graph(&job.filter);
        let watermark = if job.incremental {
            folder_watermark(&self.db, job.source.id, job.folder_id.clone()).await?
        } else {
            None
        };
        let mut next = Some(MicrosoftClient::messages_path(
            &job.folder_id,
            query.filter.as_deref(),
            PAGE_SIZE,
        ));
        let mut newest: Option<i64> = None;
        let mut written = 0;
        while let Some(url) = next.take() {
            let page = graph_get(self, &job.source, &mut token, &url).await?;
            let mut reached_watermark = false;
            let mut selected = Vec::new();
            for message in page_items(&page).map_err(upstream)? {
                let summary = message_summary(&message)?;
                if watermark.is_some_and(|mark| summary.received_unix <= mark) {
                    reached_watermark = true;
                    break;
                }
                newest = newest.max(Some(summary.received_unix));
                if query.residual.matches(&summary) {
                    selected.push(message);
                }
            }
            let stored = store_messages(self, job, selected).await?;
            written += stored.len();
            let with_attachments: Vec<(i64, String)> = stored
                .iter()
                .filter(|m| m.has_attachments)
                .map(|m| (m.file_id, m.message_id.clone()))
                .collect();
            self.spawn_processing(stored.into_iter().map(|m| m.file_id).collect());
            if job.sync_attachments {
                written += sync_attachments(self, job, &mut token, with_attachments).await?;
            }
            if !reached_watermark {
                next = page
                    .get("@odata.nextLink")
                    .and_then(Value::as_str)
                    .map(str::to_string);
            }
        }
        record_folder_sync(self, job, newest).await?;
        Ok(written)
    }
}

/// A Graph `GET` of the sync. A 401 (the token was revoked or rotated before its expiry) refreshes the Microsoft
/// token once with the stored refresh token and retries; only a failed refresh or a second refusal fails the sync.
async fn graph_get(
    engine: &SyncEngine,
    source: &DataSource,
    token: &mut String,
    url: &str,
) -> Result<Value, ApiError> {
    match engine
        .tokens
        .microsoft()
        .graph_get(&source.external_id, token, url)
        .await
    {
        Err(MicrosoftError::Rejected { status: 401, .. }) => {
            *token = engine.tokens.refresh_rejected(source, token).await?;
            engine
                .tokens
                .microsoft()
                .graph_get(&source.external_id, token, url)
                .await
                .map_err(upstream)
        }
        other => other.map_err(upstream),
    }
}

/// A Graph message as the filter crate evaluates it.
fn message_summary(message: &Value) -> Result<Message, ApiError> {
    let received = message
        .get("receivedDateTime")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let received_unix = clock::parse_rfc3339(received)
        .ok_or_else(|| {
            ApiError::Upstream(format!(
                "a Graph message has no valid receivedDateTime ('{received}')"
            ))
        })?
        .unix_timestamp();
    Ok(Message {
        received_unix,
        from: message
            .pointer("/from/emailAddress/address")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        categories: message
            .get("categories")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default(),
        has_attachments: message
            .get("hasAttachments")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        flagged: message.pointer("/flag/flagStatus").and_then(Value::as_str) == Some("flagged"),
    })
}

struct StoredMessage {
    file_id: i64,
    message_id: String,
    has_attachments: bool,
}

/// One file row to upsert.
struct FileRow {
    external_file_id: String,
    external_url: Option<String>,
    name: Option<String>,
    metadata: String,
    parent_id: Option<i64>,
    source_created_at: Option<String>,
}

fn message_file_row(job: &SyncJob, message: &Value) -> Option<FileRow> {
    let id = message.get("id").and_then(Value::as_str)?.to_string();
    let received = message
        .get("receivedDateTime")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let metadata = json!({
        "type": "EMAIL",
        "folder": job.folder_name,
        "folder_id": job.folder_id,
        "from": {
            "name": message.pointer("/from/emailAddress/name").cloned().unwrap_or(Value::Null),
            "address": message.pointer("/from/emailAddress/address").cloned().unwrap_or(Value::Null),
        },
        "received_at": received,
        "categories": message.get("categories").cloned().unwrap_or_else(|| json!([])),
        "has_attachments": message.get("hasAttachments").cloned().unwrap_or(Value::Bool(false)),
        "flag_status": message.pointer("/flag/flagStatus").cloned().unwrap_or(Value::Null),
        "internet_message_id": message.get("internetMessageId").cloned().unwrap_or(Value::Null),
        "body_preview": message.get("bodyPreview").cloned().unwrap_or(Value::Null),
        "request_id": job.request_id,
    });
    Some(FileRow {
        external_file_id: id,
        external_url: message
            .get("webLink")
            .and_then(Value::as_str)
            .map(str::to_string),
        name: message
            .get("subject")
            .and_then(Value::as_str)
            .map(str::to_string),
        metadata: metadata.to_string(),
        parent_id: None,
        source_created_at: clock::parse_rfc3339(received).map(clock::to_text),
    })
}

/// Upserts files (queued again when they exist), in one transaction, unless the source was revoked meanwhile.
async fn upsert_files(
    engine: &SyncEngine,
    job: &SyncJob,
    rows: Vec<FileRow>,
) -> Result<Vec<i64>, ApiError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let (customer_row, source_id, request_id) = (
        job.source.customer_row,
        job.source.id,
        job.request_id.clone(),
    );
    let options = job.file_options.clone();
    engine
        .db
        .call(move |connection| {
            let transaction = connection.transaction()?;
            let revoked: bool =
                transaction.query_row("SELECT revoked_access FROM data_sources WHERE id = ?1", [source_id], |row| row.get(0))?;
            if revoked {
                return Err(ApiError::Conflict(format!("data source {source_id} was disconnected during the sync")));
            }
            let now = clock::now_text();
            let tags = options.tags.to_string();
            let mut ids = Vec::with_capacity(rows.len());
            {
                let mut statement = transaction.prepare_cached(
                    "INSERT INTO files (customer_row, data_source_id, external_file_id, external_url, name, sync_status,
                        file_metadata, parent_id, request_id, tags, chunk_size, chunk_overlap, skip_embedding_generation,
                        generate_sparse_vectors, source_created_at, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, 'QUEUED_FOR_SYNC', ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)
                     ON CONFLICT (data_source_id, external_file_id) DO UPDATE SET
                        external_url = excluded.external_url, name = excluded.name, sync_status = 'QUEUED_FOR_SYNC',
                        sync_error_message = NULL, file_metadata = excluded.file_metadata, parent_id = excluded.parent_id,
                        request_id = excluded.request_id, tags = excluded.tags, chunk_size = excluded.chunk_size,
                        chunk_overlap = excluded.chunk_overlap, skip_embedding_generation = excluded.skip_embedding_generation,
                        generate_sparse_vectors = excluded.generate_sparse_vectors,
                        source_created_at = excluded.source_created_at, updated_at = excluded.updated_at
                     RETURNING id",
                )?;
                for row in &rows {
                    let id: i64 = statement.query_row(
                        rusqlite::params![
                            customer_row, source_id, row.external_file_id, row.external_url, row.name, row.metadata,
                            row.parent_id, request_id, tags, options.chunk_size, options.chunk_overlap,
                            options.skip_embedding_generation, options.generate_sparse_vectors, row.source_created_at, now
                        ],
                        |r| r.get(0),
                    )?;
                    ids.push(id);
                }
            }
            transaction.commit()?;
            Ok(ids)
        })
        .await
}

async fn store_messages(
    engine: &SyncEngine,
    job: &SyncJob,
    messages: Vec<Value>,
) -> Result<Vec<StoredMessage>, ApiError> {
    let rows: Vec<FileRow> = messages
        .iter()
        .filter_map(|message| message_file_row(job, message))
        .collect();
    let described: Vec<(String, bool)> = messages
        .iter()
        .filter(|message| message.get("id").and_then(Value::as_str).is_some())
        .map(|message| {
            (
                message
                    .get("id")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
                message
                    .get("hasAttachments")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
            )
        })
        .collect();
    let ids = upsert_files(engine, job, rows).await?;
    Ok(ids
        .into_iter()
        .zip(described)
        .map(|(file_id, (message_id, has_attachments))| StoredMessage {
            file_id,
            message_id,
            has_attachments,
        })
        .collect())
}

/// Fetches the attachments of `messages` (bounded per mailbox by the client) and stores them as child files. A 401
/// refreshes the token once (shared by the source's refresh lock) and retries that message.
async fn sync_attachments(
    engine: &SyncEngine,
    job: &SyncJob,
    token: &mut String,
    messages: Vec<(i64, String)>,
) -> Result<usize, ApiError> {
    let mut tasks = tokio::task::JoinSet::new();
    for (file_id, message_id) in messages {
        let (engine, source, token) = (engine.clone(), job.source.clone(), token.clone());
        tasks.spawn(async move {
            let path = MicrosoftClient::attachments_path(&message_id);
            let mut token = token;
            let attachments = graph_get(&engine, &source, &mut token, &path)
                .await
                .and_then(|page| page_items(&page).map_err(upstream));
            (file_id, message_id, attachments, token)
        });
    }
    let mut rows = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        let (parent_id, message_id, attachments, used_token) =
            joined.map_err(|e| ApiError::Internal(e.to_string()))?;
        *token = used_token;
        for attachment in attachments? {
            let Some(attachment_id) = attachment.get("id").and_then(Value::as_str) else {
                continue;
            };
            rows.push(FileRow {
                external_file_id: format!("{message_id}/attachments/{attachment_id}"),
                external_url: None,
                name: attachment
                    .get("name")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                metadata: json!({
                    "type": "ATTACHMENT",
                    "content_type": attachment.get("contentType").cloned().unwrap_or(Value::Null),
                    "size": attachment.get("size").cloned().unwrap_or(Value::Null),
                    "message_id": message_id,
                    "request_id": job.request_id,
                })
                .to_string(),
                parent_id: Some(parent_id),
                source_created_at: None,
            });
        }
    }
    let ids = upsert_files(engine, job, rows).await?;
    let count = ids.len();
    engine.spawn_processing(ids);
    Ok(count)
}

async fn folder_watermark(
    db: &Db,
    source_id: i64,
    folder_id: String,
) -> Result<Option<i64>, ApiError> {
    db.call(move |connection| {
        let mark: Option<Option<i64>> = connection
            .query_row(
                "SELECT newest_received FROM folder_sync_state WHERE data_source_id = ?1 AND folder_id = ?2",
                (source_id, &folder_id),
                |row| row.get(0),
            )
            .optional()?;
        Ok(mark.flatten())
    })
    .await
}

/// Remembers the folder's newest message and the filter used (the auto-sync runner repeats it).
async fn record_folder_sync(
    engine: &SyncEngine,
    job: &SyncJob,
    newest: Option<i64>,
) -> Result<(), ApiError> {
    let (source_id, folder_id, folder_name) = (
        job.source.id,
        job.folder_id.clone(),
        job.folder_name.clone(),
    );
    let filters = job.filter.to_json().to_string();
    let attachments = job.sync_attachments;
    engine
        .db
        .call(move |connection| {
            connection.execute(
                "INSERT INTO folder_sync_state (data_source_id, folder_id, folder_name, filters, sync_attachments, newest_received, synced_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (data_source_id, folder_id) DO UPDATE SET folder_name = excluded.folder_name,
                    filters = excluded.filters, sync_attachments = excluded.sync_attachments,
                    newest_received = MAX(COALESCE(newest_received, 0), COALESCE(excluded.newest_received, 0)),
                    synced_at = excluded.synced_at",
                rusqlite::params![source_id, folder_id, folder_name, filters, attachments, newest, clock::now_text()],
            )?;
            Ok(())
        })
        .await
}

impl SyncEngine {
    /// Every `interval`, re-syncs (incrementally) the folders already synced of every connected Outlook source whose
    /// auto-sync is enabled.
    pub fn spawn_auto_sync(&self, interval: Duration) -> tokio::task::JoinHandle<()> {
        let engine = self.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(interval).await;
                if let Err(error) = auto_sync_once(&engine).await {
                    eprintln!("sandbox: auto-sync round failed: {error}");
                }
            }
        })
    }
}

async fn auto_sync_once(engine: &SyncEngine) -> Result<(), ApiError> {
    let folders = engine
        .db
        .call(|connection| {
            let mut statement = connection.prepare(
                "SELECT d.id, d.customer_row, f.folder_id, f.folder_name, f.filters, f.sync_attachments
                 FROM data_sources d JOIN folder_sync_state f ON f.data_source_id = d.id
                 WHERE d.enable_auto_sync = 1 AND d.revoked_access = 0 AND d.source_type = 'OUTLOOK'",
            )?;
            let rows = statement
                .query_map([], |row| {
                    Ok((
                        row.get::<_, i64>(0)?,
                        row.get::<_, i64>(1)?,
                        row.get::<_, String>(2)?,
                        row.get::<_, String>(3)?,
                        row.get::<_, String>(4)?,
                        row.get::<_, bool>(5)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok::<_, ApiError>(rows)
        })
        .await?;
    for (source_id, customer_row, folder_id, folder_name, filters, sync_attachments) in folders {
        let source = engine
            .db
            .call(move |connection| owned_data_source(connection, customer_row, source_id))
            .await?;
        let filter = serde_json::from_str::<Value>(&filters)
            .ok()
            .and_then(|value| outlook_connect_filter::parse_value(&value).ok())
            .map(|parsed| parsed.filter)
            .unwrap_or_default();
        let job = SyncJob {
            source,
            folder_id,
            folder_name,
            filter,
            request_id: format!("auto-sync-{}", uuid::Uuid::new_v4()),
            incremental: true,
            sync_attachments,
            file_options: FileOptions {
                tags: json!({}),
                ..FileOptions::default()
            },
        };
        if engine.register(&job).await? {
            engine.spawn(job);
        }
    }
    Ok(())
}
