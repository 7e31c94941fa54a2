//! Files (one per synced e-mail or attachment): `POST /user_files_v2`, `POST /resync_file`, `POST /delete_files_v2`,
//! `POST /delete_files`, and the `UserFile` shape.

use axum::extract::State;
use axum::Json;
use rusqlite::{params_from_iter, types::Value as SqlValue, Connection, OptionalExtension, Row};
use serde_json::{json, Value};

use crate::auth::Caller;
use crate::carbon::data_sources::ORGANIZATION_ID;
use crate::clock;
use crate::db::{placeholders, TAG_MATCHES};
use crate::error::ApiError;
use crate::models::{
    DeleteFilesInput, DeleteFilesV2Input, FileFilters, FilesQueryInput, ResyncFileInput,
};
use crate::state::ApiState;
use crate::store::owned_data_source;
use crate::validation::ValidJson;

/// Statuses during which a file cannot be resynced (409).
const IN_FLIGHT: &[&str] = &["QUEUED_FOR_SYNC", "SYNCING"];

/// A file as the API shows it (`UserFile`); expects `f.*` and `c.customer_id` in the row.
pub fn file_json(row: &Row) -> rusqlite::Result<Value> {
    let metadata: String = row.get("file_metadata")?;
    let tags: String = row.get("tags")?;
    Ok(json!({
        "id": row.get::<_, i64>("id")?,
        "source": "OUTLOOK",
        "organization_id": ORGANIZATION_ID,
        "organization_user_id": row.get::<_, i64>("customer_row")?,
        "organization_supplied_user_id": row.get::<_, String>("customer_id")?,
        "organization_user_data_source_id": row.get::<_, i64>("data_source_id")?,
        "external_file_id": row.get::<_, String>("external_file_id")?,
        "external_url": row.get::<_, Option<String>>("external_url")?,
        "sync_status": row.get::<_, String>("sync_status")?,
        "sync_error_message": row.get::<_, Option<String>>("sync_error_message")?,
        "last_sync": row.get::<_, Option<String>>("last_sync")?,
        "tags": serde_json::from_str::<Value>(&tags).unwrap_or_else(|_| json!({})),
        "file_statistics": Value::Null,
        "file_metadata": serde_json::from_str::<Value>(&metadata).unwrap_or_else(|_| json!({})),
        "embedding_properties": Value::Null,
        "chunk_size": row.get::<_, Option<i64>>("chunk_size")?,
        "chunk_overlap": row.get::<_, Option<i64>>("chunk_overlap")?,
        "chunk_properties": Value::Null,
        "ocr_properties": {},
        "ocr_job_started_at": Value::Null,
        "name": row.get::<_, Option<String>>("name")?,
        "parent_id": row.get::<_, Option<i64>>("parent_id")?,
        "enable_auto_sync": Value::Null,
        "presigned_url": Value::Null,
        "parsed_text_url": Value::Null,
        "additional_presigned_urls": Value::Null,
        "skip_embedding_generation": row.get::<_, bool>("skip_embedding_generation")?,
        "source_created_at": row.get::<_, Option<String>>("source_created_at")?,
        "generate_sparse_vectors": row.get::<_, Option<bool>>("generate_sparse_vectors")?,
        "request_id": row.get::<_, Option<String>>("request_id")?,
        "upload_id": Value::Null,
        "sync_properties": {},
        "messages_metadata": {},
        "file_contents_deleted": false,
        "supports_cold_storage": false,
        "hot_storage_time_to_live": Value::Null,
        "embedding_storage_status": "HOT_STORAGE",
        "created_at": row.get::<_, String>("created_at")?,
        "updated_at": row.get::<_, String>("updated_at")?,
    }))
}

/// The file `id` of a customer, as JSON, or 404.
pub fn owned_file_json(
    connection: &Connection,
    customer_row: i64,
    id: i64,
) -> Result<Value, ApiError> {
    connection
        .query_row(
            "SELECT f.*, c.customer_id FROM files f JOIN customers c ON c.id = f.customer_row
             WHERE f.id = ?1 AND f.customer_row = ?2",
            (id, customer_row),
            file_json,
        )
        .optional()?
        .ok_or_else(|| ApiError::NotFound(format!("File {id} not found")))
}

/// A `WHERE` clause (on alias `f`) and its parameters for the contract's file filters, scoped to one customer.
fn file_conditions(customer_row: i64, filters: &FileFilters) -> (String, Vec<SqlValue>) {
    let mut conditions = vec!["f.customer_row = ?".to_string()];
    let mut params: Vec<SqlValue> = vec![customer_row.into()];
    let mut in_list = |column: &str, values: Vec<SqlValue>| {
        conditions.push(format!("{column} IN ({})", placeholders(values.len())));
        if values.is_empty() {
            params.push(SqlValue::Null);
        }
        params.extend(values);
    };
    if let Some(source) = &filters.source {
        in_list(
            "'OUTLOOK'",
            source.values().into_iter().map(SqlValue::from).collect(),
        );
    }
    if let Some(ids) = &filters.ids {
        in_list("f.id", ids.iter().map(|id| SqlValue::from(*id)).collect());
    }
    if let Some(ids) = &filters.external_file_ids {
        in_list(
            "f.external_file_id",
            ids.iter().cloned().map(SqlValue::from).collect(),
        );
    }
    if let Some(statuses) = &filters.sync_statuses {
        in_list(
            "f.sync_status",
            statuses.iter().cloned().map(SqlValue::from).collect(),
        );
    }
    if let Some(parents) = &filters.parent_file_ids {
        in_list(
            "f.parent_id",
            parents.iter().map(|id| SqlValue::from(*id)).collect(),
        );
    }
    if let Some(sources) = &filters.organization_user_data_source_id {
        in_list(
            "f.data_source_id",
            sources.iter().map(|id| SqlValue::from(*id)).collect(),
        );
    }
    if let Some(request_ids) = &filters.request_ids {
        in_list(
            "f.request_id",
            request_ids.iter().cloned().map(SqlValue::from).collect(),
        );
    }
    if let Some(urls) = &filters.external_urls {
        in_list(
            "f.external_url",
            urls.iter().cloned().map(SqlValue::from).collect(),
        );
    }
    if let Some(name) = &filters.name {
        conditions.push("instr(lower(COALESCE(f.name, '')), lower(?)) > 0".into());
        params.push(name.clone().into());
    }
    if let Some(message) = &filters.sync_error_message {
        conditions.push("instr(lower(COALESCE(f.sync_error_message, '')), lower(?)) > 0".into());
        params.push(message.clone().into());
    }
    if filters.root_files_only == Some(true) {
        conditions.push("f.parent_id IS NULL".into());
    }
    if filters.non_synced_only {
        conditions.push("f.sync_status <> 'READY'".into());
    }
    if let Some(tags) = &filters.tags {
        for (key, value) in tags {
            conditions.push(TAG_MATCHES.replace("{tags}", "f.tags"));
            params.push(key.clone().into());
            params.push(value.to_string().into());
        }
    }
    (conditions.join(" AND "), params)
}

/// `POST /user_files_v2`.
pub async fn list_files(
    State(state): State<ApiState>,
    caller: Caller,
    ValidJson(query): ValidJson<FilesQueryInput>,
) -> Result<Json<Value>, ApiError> {
    let customer_row = caller.customer.row;
    let answer = state
        .db
        .call(move |connection| {
            let (mut where_clause, mut params) = file_conditions(customer_row, &query.filters);
            if query.pagination.starting_id > 0 {
                where_clause.push_str(" AND f.id >= ?");
                params.push(query.pagination.starting_id.into());
            }
            let count: i64 = connection.query_row(
                &format!("SELECT COUNT(*) FROM files f WHERE {where_clause}"),
                params_from_iter(params.iter()),
                |row| row.get(0),
            )?;
            let direction = if query.order_dir == "desc" { "DESC" } else { "ASC" };
            // `file_size`: e-mails carry no stored size in the sandbox, so it orders like `id`.
            let column = match query.order_by.as_str() {
                "created_at" => "f.created_at",
                "name" => "f.name",
                "last_sync" => "f.last_sync",
                "file_size" | "id" => "f.id",
                _ => "f.updated_at",
            };
            params.push(query.pagination.limit.into());
            params.push(query.pagination.offset.into());
            let mut statement = connection.prepare_cached(&format!(
                "SELECT f.*, c.customer_id FROM files f JOIN customers c ON c.id = f.customer_row
                 WHERE {where_clause} ORDER BY {column} {direction}, f.id {direction} LIMIT ? OFFSET ?"
            ))?;
            let results = statement
                .query_map(params_from_iter(params.iter()), file_json)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok::<_, ApiError>(json!({ "results": results, "count": count }))
        })
        .await?;
    Ok(Json(answer))
}

/// `POST /resync_file`: queues the file again (409 while it is queued or syncing).
pub async fn resync_file(
    State(state): State<ApiState>,
    caller: Caller,
    ValidJson(input): ValidJson<ResyncFileInput>,
) -> Result<Json<Value>, ApiError> {
    let customer_row = caller.customer.row;
    let file_id = input.file_id;
    let file = state
        .db
        .call(move |connection| {
            let file = owned_file_json(connection, customer_row, file_id)?;
            let status = file["sync_status"].as_str().unwrap_or_default().to_string();
            if IN_FLIGHT.contains(&status.as_str()) {
                return Err(ApiError::Conflict(format!(
                    "File {file_id} is still being synced ({status}); resync it once it is READY"
                )));
            }
            let data_source_id = file["organization_user_data_source_id"].as_i64().unwrap_or_default();
            if owned_data_source(connection, customer_row, data_source_id)?.revoked {
                return Err(ApiError::BadRequest(format!(
                    "The account of file {file_id} was disconnected: connect it again to resync"
                )));
            }
            connection.execute(
                "UPDATE files SET sync_status = 'QUEUED_FOR_SYNC', sync_error_message = NULL, updated_at = ?1
                 WHERE id = ?2 OR parent_id = ?2",
                (clock::now_text(), file_id),
            )?;
            owned_file_json(connection, customer_row, file_id)
        })
        .await?;
    let mut ids = vec![file_id];
    let children_of = file_id;
    let children: Vec<i64> = state
        .db
        .call(move |connection| {
            let mut statement = connection.prepare("SELECT id FROM files WHERE parent_id = ?1")?;
            let ids = statement
                .query_map([children_of], |row| row.get(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok::<_, ApiError>(ids)
        })
        .await?;
    ids.extend(children);
    state.sync.spawn_processing(ids);
    Ok(Json(file))
}

/// `POST /delete_files_v2`: deletes the customer's files matching `filters` (and their attachments).
pub async fn delete_files_v2(
    State(state): State<ApiState>,
    caller: Caller,
    ValidJson(input): ValidJson<DeleteFilesV2Input>,
) -> Result<Json<Value>, ApiError> {
    let filters = &input.filters;
    let selects_something = filters.ids.is_some()
        || filters.external_file_ids.is_some()
        || filters.request_ids.is_some()
        || filters.organization_user_data_source_id.is_some()
        || filters.sync_statuses.is_some()
        || filters.parent_file_ids.is_some()
        || filters.name.is_some()
        || filters.external_urls.is_some();
    if !selects_something {
        return Err(ApiError::BadRequest(
            "filters must select the files to delete (e.g. filters.ids); the sandbox never deletes everything at once".into(),
        ));
    }
    let customer_row = caller.customer.row;
    state
        .db
        .call(move |connection| {
            let (where_clause, params) = file_conditions(customer_row, &input.filters);
            connection.execute(
                &format!("DELETE FROM files AS f WHERE {where_clause}"),
                params_from_iter(params.iter()),
            )?;
            Ok::<_, ApiError>(())
        })
        .await?;
    Ok(Json(json!({ "success": true })))
}

/// `POST /delete_files` (deprecated): by `file_ids`, optionally narrowed by `sync_statuses`/`delete_non_synced_only`;
/// attachments go too only with `delete_child_files`, otherwise they stay as root files.
pub async fn delete_files(
    State(state): State<ApiState>,
    caller: Caller,
    ValidJson(input): ValidJson<DeleteFilesInput>,
) -> Result<Json<Value>, ApiError> {
    let Some(file_ids) = input.file_ids.clone().filter(|ids| !ids.is_empty()) else {
        return Err(ApiError::BadRequest(
            "file_ids must list the files to delete".into(),
        ));
    };
    let customer_row = caller.customer.row;
    state
        .db
        .call(move |connection| {
            let filters = FileFilters {
                ids: Some(file_ids),
                sync_statuses: input.sync_statuses.clone(),
                non_synced_only: input.delete_non_synced_only,
                ..FileFilters::default()
            };
            let (where_clause, params) = file_conditions(customer_row, &filters);
            let transaction = connection.transaction()?;
            if !input.delete_child_files {
                transaction.execute(
                    &format!("UPDATE files SET parent_id = NULL WHERE parent_id IN (SELECT f.id FROM files f WHERE {where_clause})"),
                    params_from_iter(params.iter()),
                )?;
            }
            transaction.execute(&format!("DELETE FROM files AS f WHERE {where_clause}"), params_from_iter(params.iter()))?;
            transaction.commit()?;
            Ok::<_, ApiError>(())
        })
        .await?;
    Ok(Json(json!({ "success": true })))
}
