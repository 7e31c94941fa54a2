//! The Outlook endpoints that read the mailbox: `POST /integrations/outlook/sync`,
//! `GET /integrations/outlook/user_folders` and `GET /integrations/outlook/user_categories`.

use std::collections::{HashMap, HashSet};

use axum::extract::{Query, State};
use axum::Json;
use outlook_connect_filter::{parse_value, Filter, FilterError};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::auth::Caller;
use crate::error::{ApiError, FieldError, LocSegment};
use crate::models::{file_sync_config_attachments, OutlookSyncInput};
use crate::state::ApiState;
use crate::store::{connected_outlook_source, DataSource};
use crate::sync::{FileOptions, SyncJob};
use crate::validation::ValidJson;

/// Categories answered at most.
const MAX_CATEGORIES: usize = 250;

/// The filter tree validated by the filter crate; its errors become 422 entries under `["body","filters",…]`.
pub fn validate_filters(filters: &serde_json::Map<String, Value>) -> Result<Filter, ApiError> {
    parse_value(&Value::Object(filters.clone()))
        .map(|parsed| parsed.filter)
        .map_err(|errors| {
            ApiError::Validation(errors.iter().map(filter_error_to_field_error).collect())
        })
}

fn filter_error_to_field_error(error: &FilterError) -> FieldError {
    FieldError::new(
        filter_path_to_loc(&error.path),
        error.message.clone(),
        error.code.as_str(),
    )
}

/// `filters.AND[1].OR[0].value` → `["body","filters","AND",1,"OR",0,"value"]`.
fn filter_path_to_loc(path: &str) -> Vec<LocSegment> {
    let mut loc = vec![LocSegment::from("body")];
    for part in path.split('.') {
        let mut rest = part;
        if let Some(bracket) = rest.find('[') {
            if bracket > 0 {
                loc.push(LocSegment::from(&rest[..bracket]));
            }
            rest = &rest[bracket..];
            while let Some(stripped) = rest.strip_prefix('[') {
                let Some(close) = stripped.find(']') else {
                    break;
                };
                match stripped[..close].parse::<usize>() {
                    Ok(index) => loc.push(LocSegment::Index(index)),
                    Err(_) => loc.push(LocSegment::from(&stripped[..close])),
                }
                rest = &stripped[close + 1..];
            }
        } else if !rest.is_empty() {
            loc.push(LocSegment::from(rest));
        }
    }
    loc
}

/// The first folder named `name` (case-insensitively) in depth-first order of the folder tree.
pub fn find_folder<'a>(folders: &'a [Value], name: &str) -> Option<&'a Value> {
    let id_of = |folder: &'a Value| folder.get("id").and_then(Value::as_str).unwrap_or_default();
    let ids: HashSet<&str> = folders.iter().map(id_of).collect();
    let mut children: HashMap<&str, Vec<&Value>> = HashMap::new();
    let mut roots = Vec::new();
    for folder in folders {
        match folder.get("parentFolderId").and_then(Value::as_str) {
            Some(parent) if ids.contains(parent) => {
                children.entry(parent).or_default().push(folder)
            }
            _ => roots.push(folder),
        }
    }
    let wanted = name.to_lowercase();
    let mut stack: Vec<&Value> = roots.into_iter().rev().collect();
    while let Some(folder) = stack.pop() {
        if folder
            .get("displayName")
            .and_then(Value::as_str)
            .map(str::to_lowercase)
            .as_deref()
            == Some(wanted.as_str())
        {
            return Some(folder);
        }
        if let Some(kids) = children.get(id_of(folder)) {
            stack.extend(kids.iter().rev());
        }
    }
    None
}

/// `POST /integrations/outlook/sync`: validates, resolves the folder, then syncs in the background.
pub async fn sync(
    State(state): State<ApiState>,
    caller: Caller,
    ValidJson(input): ValidJson<OutlookSyncInput>,
) -> Result<Json<Value>, ApiError> {
    let filter = validate_filters(&input.filters)?;
    let source =
        connected_outlook_source(&state.db, caller.customer.row, input.data_source_id).await?;
    let sync_attachments = input
        .sync_attachments
        .or_else(|| file_sync_config_attachments(&input.file_sync_config))
        .unwrap_or(false);
    let start = SyncStart {
        folder_name: input.folder.clone().unwrap_or_else(|| "Inbox".to_string()),
        filter,
        request_id: input.request_id.clone(),
        incremental: input.incremental_sync,
        sync_attachments,
        file_options: FileOptions {
            chunk_size: input.chunk_size,
            chunk_overlap: input.chunk_overlap,
            skip_embedding_generation: input.skip_embedding_generation.unwrap_or(false),
            generate_sparse_vectors: input.generate_sparse_vectors,
            tags: input
                .tags
                .clone()
                .map(Value::Object)
                .unwrap_or_else(|| json!({})),
        },
    };
    start_sync(&state, source, start).await?;
    Ok(Json(json!({ "success": true })))
}

/// A folder sync to start, besides its data source: from the sync endpoint, or Carbon's sync on connection.
pub struct SyncStart {
    /// A display name, compared ignoring case (the first in depth-first order wins).
    pub folder_name: String,
    pub filter: Filter,
    /// Generated when absent or empty.
    pub request_id: Option<String>,
    pub incremental: bool,
    pub sync_attachments: bool,
    pub file_options: FileOptions,
}

/// Resolves the folder (400 when the mailbox has none by that name), registers the request and starts the sync in
/// the background — unless the source already has that `request_id` (a retry starts nothing twice).
pub async fn start_sync(
    state: &ApiState,
    source: DataSource,
    start: SyncStart,
) -> Result<(), ApiError> {
    let folders = state
        .tokens
        .call_mailbox(&source, |client, mailbox, token| async move {
            client.all_folders(&mailbox, &token).await
        })
        .await?;
    let folder_name = start.folder_name;
    let folder = find_folder(&folders, &folder_name).ok_or_else(|| {
        ApiError::BadRequest(format!(
            "Folder '{folder_name}' not found in mailbox {}",
            source.external_id
        ))
    })?;
    let folder_id = folder
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let request_id = start
        .request_id
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let job = SyncJob {
        source,
        folder_id,
        folder_name: folder
            .get("displayName")
            .and_then(Value::as_str)
            .unwrap_or(&folder_name)
            .to_string(),
        filter: start.filter,
        request_id,
        incremental: start.incremental,
        sync_attachments: start.sync_attachments,
        file_options: start.file_options,
    };
    if state.sync.register(&job).await? {
        state.sync.spawn(job);
    }
    Ok(())
}

/// The query of the two mailbox listing endpoints.
#[derive(Debug, Deserialize)]
pub struct DataSourceQuery {
    data_source_id: Option<String>,
}

fn data_source_id_param(query: &DataSourceQuery) -> Result<Option<i64>, ApiError> {
    match query.data_source_id.as_deref() {
        None | Some("") => Ok(None),
        Some(text) => text.parse::<i64>().map(Some).map_err(|_| {
            ApiError::Validation(vec![FieldError::new(
                vec![LocSegment::from("query"), LocSegment::from("data_source_id")],
                format!("Input should be a valid integer, unable to parse string as an integer (got '{text}')"),
                "int_parsing",
            )])
        }),
    }
}

/// The connected Outlook source a listing's `data_source_id` names (or the caller's only one).
async fn queried_source(
    state: &ApiState,
    caller: &Caller,
    query: &DataSourceQuery,
) -> Result<DataSource, ApiError> {
    connected_outlook_source(&state.db, caller.customer.row, data_source_id_param(query)?).await
}

/// `GET /integrations/outlook/user_folders`: every folder at every depth, parents before children, as
/// `{id, displayName, parentFolderId (null at the top), childFolderCount, totalItemCount, unreadItemCount}`.
pub async fn user_folders(
    State(state): State<ApiState>,
    caller: Caller,
    Query(query): Query<DataSourceQuery>,
) -> Result<Json<Value>, ApiError> {
    let source = queried_source(&state, &caller, &query).await?;
    let folders = state
        .tokens
        .call_mailbox(&source, |client, mailbox, token| async move {
            client.all_folders(&mailbox, &token).await
        })
        .await?;
    let ids: HashSet<String> = folders
        .iter()
        .filter_map(|f| f.get("id").and_then(Value::as_str))
        .map(str::to_string)
        .collect();
    let shaped: Vec<Value> = folders
        .iter()
        .map(|folder| {
            let parent = folder
                .get("parentFolderId")
                .and_then(Value::as_str)
                .filter(|parent| ids.contains(*parent))
                .map(|parent| Value::String(parent.to_string()))
                .unwrap_or(Value::Null);
            json!({
                "id": folder.get("id").cloned().unwrap_or(Value::Null),
                "displayName": folder.get("displayName").cloned().unwrap_or(Value::Null),
                "parentFolderId": parent,
                "childFolderCount": folder.get("childFolderCount").cloned().unwrap_or(json!(0)),
                "totalItemCount": folder.get("totalItemCount").cloned().unwrap_or(json!(0)),
                "unreadItemCount": folder.get("unreadItemCount").cloned().unwrap_or(json!(0)),
            })
        })
        .collect();
    Ok(Json(Value::Array(shaped)))
}

/// `GET /integrations/outlook/user_categories`: up to 250 `{id, displayName, color}`.
pub async fn user_categories(
    State(state): State<ApiState>,
    caller: Caller,
    Query(query): Query<DataSourceQuery>,
) -> Result<Json<Value>, ApiError> {
    let source = queried_source(&state, &caller, &query).await?;
    let categories = state
        .tokens
        .call_mailbox(&source, |client, mailbox, token| async move {
            client.categories(&mailbox, &token).await
        })
        .await?;
    let shaped: Vec<Value> = categories
        .iter()
        .take(MAX_CATEGORIES)
        .map(|category| {
            json!({
                "id": category.get("id").cloned().unwrap_or(Value::Null),
                "displayName": category.get("displayName").cloned().unwrap_or(Value::Null),
                "color": category.get("color").cloned().unwrap_or(Value::Null),
            })
        })
        .collect();
    Ok(Json(Value::Array(shaped)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_paths_become_fastapi_locations() {
        let loc =
            serde_json::to_value(filter_path_to_loc("filters.AND[1].OR[0].value")).expect("json");
        assert_eq!(loc, json!(["body", "filters", "AND", 1, "OR", 0, "value"]));
        assert_eq!(
            serde_json::to_value(filter_path_to_loc("filters")).expect("json"),
            json!(["body", "filters"])
        );
    }

    #[test]
    fn folder_lookup_is_depth_first_and_case_insensitive() {
        let folders = vec![
            json!({"id": "a", "displayName": "Projects", "parentFolderId": "root"}),
            json!({"id": "b", "displayName": "Archive", "parentFolderId": "root"}),
            json!({"id": "a1", "displayName": "Reports", "parentFolderId": "a"}),
            json!({"id": "b1", "displayName": "reports", "parentFolderId": "b"}),
            json!({"id": "a11", "displayName": "Deep", "parentFolderId": "a1"}),
        ];
        assert_eq!(
            find_folder(&folders, "REPORTS").and_then(|f| f["id"].as_str()),
            Some("a1")
        );
        assert_eq!(
            find_folder(&folders, "deep").and_then(|f| f["id"].as_str()),
            Some("a11")
        );
        assert!(find_folder(&folders, "Nope").is_none());
    }
}
