//! Data access shared by the Carbon handlers and the sync engine: data source rows (ownership checks included) and
//! the stored Microsoft tokens of a source — read, refreshed when they expire or Microsoft refuses them with a 401
//! (one refresh per source at a time), stored again, never shown.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, OptionalExtension, Row};
use serde_json::Value;

use crate::clock;
use crate::db::Db;
use crate::error::ApiError;
use crate::microsoft_client::{MicrosoftClient, MicrosoftError};

/// The one connector the sandbox connects.
pub const OUTLOOK: &str = "OUTLOOK";

/// A data source row with what the server needs (tokens included: never serialize this as is).
#[derive(Debug, Clone)]
pub struct DataSource {
    pub id: i64,
    pub customer_row: i64,
    pub source_type: String,
    pub external_id: String,
    pub revoked: bool,
    pub tenant: String,
    pub access_token: Option<String>,
    pub refresh_token: Option<String>,
    pub token_expires_at: Option<i64>,
}

const DATA_SOURCE_COLUMNS: &str =
    "d.id, d.customer_row, d.source_type, d.external_id, d.revoked_access, d.metadata, \
     d.access_token, d.refresh_token, d.token_expires_at";

fn data_source_from_row(row: &Row) -> rusqlite::Result<DataSource> {
    let metadata: String = row.get(5)?;
    let tenant = serde_json::from_str::<Value>(&metadata)
        .ok()
        .and_then(|m| m.get("tenant").and_then(Value::as_str).map(str::to_string))
        .unwrap_or_else(|| "common".to_string());
    Ok(DataSource {
        id: row.get(0)?,
        customer_row: row.get(1)?,
        source_type: row.get(2)?,
        external_id: row.get(3)?,
        revoked: row.get(4)?,
        tenant,
        access_token: row.get(6)?,
        refresh_token: row.get(7)?,
        token_expires_at: row.get(8)?,
    })
}

/// The customer's data source `id`, or 404 (another customer's source is just as unknown).
pub fn owned_data_source(
    connection: &Connection,
    customer_row: i64,
    id: i64,
) -> Result<DataSource, ApiError> {
    connection
        .query_row(
            &format!("SELECT {DATA_SOURCE_COLUMNS} FROM data_sources d WHERE d.id = ?1 AND d.customer_row = ?2"),
            (id, customer_row),
            data_source_from_row,
        )
        .optional()?
        .ok_or_else(|| ApiError::NotFound(format!("Data source {id} not found")))
}

/// The connected Outlook data source a request is about: the given id (which must be the customer's, Outlook and
/// connected), or, when none is given, the customer's only connected Outlook source.
pub async fn connected_outlook_source(
    db: &Db,
    customer_row: i64,
    id: Option<i64>,
) -> Result<DataSource, ApiError> {
    db.call(move |connection| {
        let source = match id {
            Some(id) => owned_data_source(connection, customer_row, id)?,
            None => {
                let mut statement = connection.prepare(&format!(
                    "SELECT {DATA_SOURCE_COLUMNS} FROM data_sources d
                     WHERE d.customer_row = ?1 AND d.source_type = 'OUTLOOK' AND d.revoked_access = 0"
                ))?;
                let sources = statement
                    .query_map([customer_row], data_source_from_row)?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                match sources.len() {
                    1 => sources.into_iter().next().expect("one source"),
                    0 => return Err(ApiError::BadRequest("No Outlook account is connected: connect one first (POST /integrations/oauth_url)".into())),
                    n => return Err(ApiError::BadRequest(format!("data_source_id is required: {n} Outlook accounts are connected"))),
                }
            }
        };
        if source.source_type != OUTLOOK {
            return Err(ApiError::BadRequest(format!("Data source {} is a {} source, not OUTLOOK", source.id, source.source_type)));
        }
        if source.revoked {
            return Err(ApiError::BadRequest(format!(
                "Data source {} was disconnected (access revoked): connect the account again",
                source.id
            )));
        }
        Ok(source)
    })
    .await
}

/// A Microsoft failure as the API answers it (502).
pub fn upstream(error: MicrosoftError) -> ApiError {
    ApiError::Upstream(error.to_string())
}

/// The Microsoft tokens of data sources: the client that talks to Microsoft, the database they are stored in, and
/// one refresh lock per source (cheap to clone; clones share the locks).
#[derive(Clone)]
pub struct MicrosoftTokens {
    db: Db,
    microsoft: Arc<MicrosoftClient>,
    refresh_locks: Arc<KeyedLocks>,
}

impl MicrosoftTokens {
    pub fn new(db: Db, microsoft: Arc<MicrosoftClient>) -> Self {
        MicrosoftTokens {
            db,
            microsoft,
            refresh_locks: Arc::new(KeyedLocks::default()),
        }
    }

    /// The client the tokens are used with.
    pub fn microsoft(&self) -> &MicrosoftClient {
        &self.microsoft
    }

    /// A valid Microsoft access token for a data source, refreshed (and stored) when it is about to expire.
    pub async fn access_token(&self, source: &DataSource) -> Result<String, ApiError> {
        if let Some(token) = still_valid(&source.access_token, source.token_expires_at) {
            return Ok(token);
        }
        // One refresh per source at a time; whoever waited uses the token the first one stored.
        let lock = self.refresh_locks.for_key(source.id);
        let _refreshing = lock.lock().await;
        let source = self.reread(source).await?;
        if let Some(token) = still_valid(&source.access_token, source.token_expires_at) {
            return Ok(token);
        }
        self.refresh_and_store(&source).await
    }

    /// A new Microsoft access token after Microsoft refused `rejected` with a 401 before its expiry (revoked,
    /// rotated): the refresh-token grant with the stored refresh token, as the real connector does — one refresh per
    /// source at a time, and a caller that waited uses the token the first one stored.
    pub async fn refresh_rejected(
        &self,
        source: &DataSource,
        rejected: &str,
    ) -> Result<String, ApiError> {
        let lock = self.refresh_locks.for_key(source.id);
        let _refreshing = lock.lock().await;
        let source = self.reread(source).await?;
        if let Some(token) = still_valid(&source.access_token, source.token_expires_at) {
            if token != rejected {
                return Ok(token);
            }
        }
        self.refresh_and_store(&source).await
    }

    /// Runs a Microsoft call on the source's mailbox — `call(client, mailbox, access token)` — with its access
    /// token; when Microsoft answers 401, refreshes the token once and runs the call again. Only a failed refresh (or
    /// a second failure) fails.
    pub async fn call_mailbox<T, F, Fut>(&self, source: &DataSource, call: F) -> Result<T, ApiError>
    where
        F: Fn(Arc<MicrosoftClient>, String, String) -> Fut,
        Fut: std::future::Future<Output = Result<T, MicrosoftError>>,
    {
        let run = |token: String| call(self.microsoft.clone(), source.external_id.clone(), token);
        let token = self.access_token(source).await?;
        match run(token.clone()).await {
            Err(MicrosoftError::Rejected { status: 401, .. }) => {
                let fresh = self.refresh_rejected(source, &token).await?;
                run(fresh).await.map_err(upstream)
            }
            other => other.map_err(upstream),
        }
    }

    /// The source as stored now (another caller may have refreshed its tokens).
    async fn reread(&self, source: &DataSource) -> Result<DataSource, ApiError> {
        let (customer_row, id) = (source.customer_row, source.id);
        self.db
            .call(move |connection| owned_data_source(connection, customer_row, id))
            .await
    }

    /// The refresh-token grant for `source` (read under its refresh lock); stores and returns the new access token.
    async fn refresh_and_store(&self, source: &DataSource) -> Result<String, ApiError> {
        let refresh_token = source.refresh_token.clone().ok_or_else(|| {
            ApiError::BadRequest(format!(
                "Data source {} has no Microsoft tokens: connect the account again",
                source.id
            ))
        })?;
        let tokens = self
            .microsoft
            .refresh(&source.tenant, &refresh_token)
            .await
            .map_err(|e| {
                ApiError::Upstream(format!(
                    "Refreshing the Microsoft token of data source {} failed: {e}",
                    source.id
                ))
            })?;
        let id = source.id;
        let stored = tokens.clone();
        self.db
            .call(move |connection| {
                connection.execute(
                    "UPDATE data_sources SET access_token = ?1, refresh_token = COALESCE(?2, refresh_token), token_expires_at = ?3
                     WHERE id = ?4 AND revoked_access = 0",
                    (&stored.access_token, &stored.refresh_token, stored.expires_at, id),
                )?;
                Ok::<_, ApiError>(())
            })
            .await?;
        Ok(tokens.access_token)
    }
}

/// The stored access token when it has more than a minute left.
fn still_valid(access_token: &Option<String>, expires_at: Option<i64>) -> Option<String> {
    let token = access_token.as_ref()?;
    (expires_at.unwrap_or(0) - 60 > clock::now_unix()).then(|| token.clone())
}

/// One async lock per key, created on first use.
#[derive(Default)]
struct KeyedLocks {
    locks: Mutex<HashMap<i64, Arc<tokio::sync::Mutex<()>>>>,
}

impl KeyedLocks {
    fn for_key(&self, key: i64) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self
            .locks
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        locks.entry(key).or_default().clone()
    }
}
