//! Data sources (connected mailboxes): `POST /user_data_sources`, `POST /revoke_access_token`, `POST /update_users`,
//! and how a data source is shown (tokens never are). Reading sources and their tokens is `crate::store`'s.

use axum::extract::State;
use axum::Json;
use rusqlite::{params_from_iter, Connection, Row};
use serde_json::{json, Value};

use crate::auth::{ensure_customer, Caller, Organization};
use crate::clock;
use crate::db::{placeholders, TAG_MATCHES};
use crate::error::ApiError;
use crate::models::{
    AutoSyncSources, DataSourceQueryInput, RevokeAccessTokenInput, UpdateUsersInput,
};
use crate::state::ApiState;
use crate::store::owned_data_source;
use crate::validation::ValidJson;

/// The sandbox has one organization.
pub const ORGANIZATION_ID: i64 = 1;

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
