//! Data sources (connected mailboxes): `POST /user_data_sources`, `POST /revoke_access_token`, `POST /update_users`,
//! the stored Microsoft tokens (refreshed when they expire or Microsoft refuses them with a 401, never shown) and
//! ownership checks.

use axum::extract::State;
use axum::Json;
use rusqlite::{params_from_iter, Connection, OptionalExtension, Row};
use serde_json::{json, Value};

use crate::auth::{ensure_customer, Caller, Customer, Organization};
use crate::clock;
use crate::error::ApiError;
use crate::microsoft_client::MicrosoftError;
use crate::models::{
    AutoSyncSources, DataSourceQueryInput, RevokeAccessTokenInput, UpdateUsersInput,
};
use crate::state::ApiState;
use crate::validation::ValidJson;

pub const OUTLOOK: &str = "OUTLOOK";
/// The sandbox has one organization.
pub const ORGANIZATION_ID: i64 = 1;

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

/// The connected Outlook data source a request is about: the given id (which must be the caller's, Outlook and
/// connected), or, when none is given, the caller's only connected Outlook source.
pub async fn connected_outlook_source(
    state: &ApiState,
    customer: &Customer,
    id: Option<i64>,
) -> Result<DataSource, ApiError> {
    let customer_row = customer.row;
    state
        .db
        .call(move |connection| {
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

/// A valid Microsoft access token for a data source, refreshed (and stored) when it is about to expire.
pub async fn microsoft_access_token(
    state: &ApiState,
    source: &DataSource,
) -> Result<String, ApiError> {
    if let Some(token) = still_valid(&source.access_token, source.token_expires_at) {
        return Ok(token);
    }
    // One refresh per source at a time; whoever waited uses the token the first one stored.
    let lock = state.token_refresh_locks.for_key(source.id);
    let _refreshing = lock.lock().await;
    let (customer_row, id) = (source.customer_row, source.id);
    let source = state
        .db
        .call(move |connection| owned_data_source(connection, customer_row, id))
        .await?;
    if let Some(token) = still_valid(&source.access_token, source.token_expires_at) {
        return Ok(token);
    }
    refresh_and_store(state, &source).await
}

/// A new Microsoft access token after Microsoft refused `rejected` with a 401 before its expiry (revoked, rotated):
/// the refresh-token grant with the stored refresh token, as the real connector does — one refresh per source at a
/// time, and a caller that waited uses the token the first one stored.
pub async fn refresh_rejected_token(
    state: &ApiState,
    source: &DataSource,
    rejected: &str,
) -> Result<String, ApiError> {
    let lock = state.token_refresh_locks.for_key(source.id);
    let _refreshing = lock.lock().await;
    let (customer_row, id) = (source.customer_row, source.id);
    let source = state
        .db
        .call(move |connection| owned_data_source(connection, customer_row, id))
        .await?;
    if let Some(token) = still_valid(&source.access_token, source.token_expires_at) {
        if token != rejected {
            return Ok(token);
        }
    }
    refresh_and_store(state, &source).await
}

/// Runs a Microsoft call with the source's access token; when Microsoft answers 401, refreshes the token once and
/// runs the call again. Only a failed refresh (or a second failure) fails.
pub async fn with_microsoft_token<T, F, Fut>(
    state: &ApiState,
    source: &DataSource,
    call: F,
) -> Result<T, ApiError>
where
    F: Fn(String) -> Fut,
    Fut: std::future::Future<Output = Result<T, MicrosoftError>>,
{
    let token = microsoft_access_token(state, source).await?;
    match call(token.clone()).await {
        Err(MicrosoftError::Rejected { status: 401, .. }) => {
            let fresh = refresh_rejected_token(state, source, &token).await?;
            call(fresh).await.map_err(upstream)
        }
        other => other.map_err(upstream),
    }
}

/// A Microsoft failure as the API answers it (502).
pub fn upstream(error: MicrosoftError) -> ApiError {
    ApiError::Upstream(error.to_string())
}

/// The refresh-token grant for `source` (read under its refresh lock); stores and returns the new access token.
async fn refresh_and_store(state: &ApiState, source: &DataSource) -> Result<String, ApiError> {
    let refresh_token = source.refresh_token.clone().ok_or_else(|| {
        ApiError::BadRequest(format!(
            "Data source {} has no Microsoft tokens: connect the account again",
            source.id
        ))
    })?;
    let tokens = state
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
    state
        .db
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

/// The stored access token when it has more than a minute left.
fn still_valid(access_token: &Option<String>, expires_at: Option<i64>) -> Option<String> {
    let token = access_token.as_ref()?;
    (expires_at.unwrap_or(0) - 60 > clock::now_unix()).then(|| token.clone())
}

/// A data source as the API shows it (`OrganizationUserDataSourceAPI`): tokens stay server side (`token: null`).
pub fn data_source_json(row: &Row) -> rusqlite::Result<Value> {
    let metadata: String = row.get("metadata")?;
    let tags: String = row.get("tags")?;
    let enable_auto_sync: Option<bool> = row.get("enable_auto_sync")?;
    Ok(json!({
        "id": row.get::<_, i64>("id")?,
        "data_source_external_id": row.get::<_, String>("external_id")?,
        "data_source_type": row.get::<_, String>("source_type")?,
        "token": Value::Null,
        "sync_status": row.get::<_, String>("sync_status")?,
        "source_items_synced_at": row.get::<_, Option<String>>("source_items_synced_at")?,
        "organization_user_id": row.get::<_, i64>("customer_row")?,
        "organization_id": ORGANIZATION_ID,
        "organization_supplied_user_id": row.get::<_, String>("customer_id")?,
        "revoked_access": row.get::<_, bool>("revoked_access")?,
        "last_synced_at": row.get::<_, String>("last_synced_at")?,
        "last_sync_action": row.get::<_, String>("last_sync_action")?,
        "enable_auto_sync": enable_auto_sync,
        "created_at": row.get::<_, String>("created_at")?,
        "updated_at": row.get::<_, String>("updated_at")?,
        "files_synced_at": row.get::<_, Option<String>>("files_synced_at")?,
        "data_source_metadata": public_metadata(&metadata),
        "tags": serde_json::from_str::<Value>(&tags).unwrap_or_else(|_| json!({})),
    }))
}

fn public_metadata(stored: &str) -> Value {
    serde_json::from_str::<Value>(stored).unwrap_or_else(|_| json!({}))
}

/// `POST /user_data_sources`.
pub async fn list_data_sources(
    State(state): State<ApiState>,
    caller: Caller,
    ValidJson(query): ValidJson<DataSourceQueryInput>,
) -> Result<Json<Value>, ApiError> {
    let customer_row = caller.customer.row;
    let answer = state
        .db
        .call(move |connection| {
            let mut conditions = vec!["d.customer_row = ?".to_string()];
            let mut params: Vec<rusqlite::types::Value> = vec![customer_row.into()];
            if let Some(source) = &query.filters.source {
                conditions.push("d.source_type = ?".into());
                params.push(source.clone().into());
            }
            if let Some(ids) = &query.filters.ids {
                conditions.push(format!("d.id IN ({})", placeholders(ids.len())));
                params.extend(ids.iter().map(|id| rusqlite::types::Value::from(*id)));
            }
            if let Some(revoked) = query.filters.revoked_access {
                conditions.push("d.revoked_access = ?".into());
                params.push(i64::from(revoked).into());
            }
            if query.pagination.starting_id > 0 {
                conditions.push("d.id >= ?".into());
                params.push(query.pagination.starting_id.into());
            }
            let mut where_clause = conditions.join(" AND ");
            if let Some(tags) = &query.filters.tags {
                for (key, value) in tags {
                    where_clause.push_str(" AND ");
                    where_clause.push_str(&TAG_MATCHES.replace("{tags}", "d.tags"));
                    params.push(key.clone().into());
                    params.push(value.to_string().into());
                }
            }
            let count: i64 = connection.query_row(
                &format!("SELECT COUNT(*) FROM data_sources d WHERE {where_clause}"),
                params_from_iter(params.iter()),
                |row| row.get(0),
            )?;
            let direction = if query.order_dir == "desc" { "DESC" } else { "ASC" };
            let column = if query.order_by == "created_at" { "d.created_at" } else { "d.updated_at" };
            params.push(query.pagination.limit.into());
            params.push(query.pagination.offset.into());
            let mut statement = connection.prepare(&format!(
                "SELECT d.*, c.customer_id FROM data_sources d JOIN customers c ON c.id = d.customer_row
                 WHERE {where_clause} ORDER BY {column} {direction}, d.id {direction} LIMIT ? OFFSET ?"
            ))?;
            let results = statement
                .query_map(params_from_iter(params.iter()), data_source_json)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok::<_, ApiError>(json!({ "results": results, "count": count }))
        })
        .await?;
    Ok(Json(answer))
}

/// One tag condition on a `tags` JSON column (`{tags}`): the key and the JSON value are bound parameters, compared
/// through `json_each`, so any key (quotes, backslashes, dots) is just text — never part of a JSON path or SQL.
pub const TAG_MATCHES: &str =
    "EXISTS (SELECT 1 FROM json_each({tags}) AS tag WHERE tag.key = ? AND tag.value = json_extract(?, '$'))";

/// `?, ?, …` for an `IN` list.
pub fn placeholders(count: usize) -> String {
    vec!["?"; count.max(1)].join(", ")
}

/// `POST /revoke_access_token`: the source is marked revoked and its Microsoft tokens are dropped.
pub async fn revoke_access_token(
    State(state): State<ApiState>,
    caller: Caller,
    ValidJson(input): ValidJson<RevokeAccessTokenInput>,
) -> Result<Json<Value>, ApiError> {
    let customer_row = caller.customer.row;
    state
        .db
        .call(move |connection| {
            owned_data_source(connection, customer_row, input.data_source_id)?;
            let now = clock::now_text();
            connection.execute(
                "UPDATE data_sources SET revoked_access = 1, access_token = NULL, refresh_token = NULL,
                 token_expires_at = NULL, last_sync_action = 'REVOKE', updated_at = ?1 WHERE id = ?2",
                (&now, input.data_source_id),
            )?;
            Ok::<_, ApiError>(())
        })
        .await?;
    Ok(Json(json!({ "success": true })))
}

/// `POST /update_users` (API key only): sets which source types auto-sync for up to 100 customers.
pub async fn update_users(
    State(state): State<ApiState>,
    _organization: Organization,
    ValidJson(input): ValidJson<UpdateUsersInput>,
) -> Result<Json<Value>, ApiError> {
    let sources: Option<Vec<String>> = match input.auto_sync_enabled_sources {
        None => None,
        Some(AutoSyncSources::All(_)) => Some(vec!["ALL".to_string()]),
        Some(AutoSyncSources::List(list)) => Some(list),
    };
    let customer_ids = input.customer_ids;
    state
        .db
        .call(move |connection| {
            let transaction = connection.transaction()?;
            for customer_id in &customer_ids {
                let row = ensure_customer(&transaction, customer_id)?;
                let Some(sources) = &sources else { continue };
                transaction.execute(
                    "UPDATE customers SET auto_sync_sources = ?1 WHERE id = ?2",
                    (
                        serde_json::to_string(sources).unwrap_or_else(|_| "[]".into()),
                        row,
                    ),
                )?;
                let all = sources.iter().any(|s| s == "ALL");
                let mut statement = transaction
                    .prepare("SELECT id, source_type FROM data_sources WHERE customer_row = ?1")?;
                let rows = statement
                    .query_map([row], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                drop(statement);
                for (id, source_type) in rows {
                    let enabled = all || sources.contains(&source_type);
                    transaction.execute(
                        "UPDATE data_sources SET enable_auto_sync = ?1 WHERE id = ?2",
                        (enabled, id),
                    )?;
                }
            }
            transaction.commit()?;
            Ok::<_, ApiError>(())
        })
        .await?;
    Ok(Json(json!({ "success": true })))
}

/// Whether a customer's settings enable auto-sync for `source_type`.
pub fn auto_sync_enabled_for(
    connection: &Connection,
    customer_row: i64,
    source_type: &str,
) -> rusqlite::Result<bool> {
    let stored: String = connection.query_row(
        "SELECT auto_sync_sources FROM customers WHERE id = ?1",
        [customer_row],
        |row| row.get(0),
    )?;
    let sources: Vec<String> = serde_json::from_str(&stored).unwrap_or_default();
    Ok(sources.iter().any(|s| s == "ALL" || s == source_type))
}
