//! OAuth, server side: `POST /integrations/oauth_url` opens a flow (state, PKCE S256 verifier, the caller's
//! `Origin`, options) and answers the authorize URL; `GET /integrations/outlook` (the redirect URI) checks the state,
//! exchanges the code over HTTP, reads `/me`, stores the tokens server side and creates or updates the data source,
//! then answers a small page that posts the outcome to the opener at the flow's origin only. With
//! `sync_files_on_connection` the new connection's Inbox is then synced (no filter), as Carbon does.

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::Digest;

use crate::auth::{random_secret, Caller};
use crate::carbon::data_sources::auto_sync_enabled_for;
use crate::carbon::outlook::{start_sync, SyncStart};
use crate::clock;
use crate::error::ApiError;
use crate::html::escape_html;
use crate::microsoft_client::Me;
use crate::models::{file_sync_config_attachments, OAuthUrlRequest};
use crate::state::ApiState;
use crate::store::{owned_data_source, OUTLOOK};
use crate::sync::FileOptions;
use crate::validation::ValidJson;
use outlook_connect_filter::Filter;

/// How long a flow may take from `oauth_url` to the callback.
pub const FLOW_LIFETIME_SECS: i64 = 10 * 60;

/// What the flow remembers of the `oauth_url` request.
#[derive(Debug, Default, Serialize, Deserialize)]
struct FlowOptions {
    data_source_id: Option<i64>,
    connecting_new_account: bool,
    sync_attachments: bool,
    request_id: Option<String>,
    data_source_tags: serde_json::Map<String, Value>,
    /// Carbon syncs the default folder (Inbox, no filter) once the account is connected.
    #[serde(default)]
    sync_files_on_connection: bool,
    /// File options of that sync.
    #[serde(default)]
    chunk_size: Option<i64>,
    #[serde(default)]
    chunk_overlap: Option<i64>,
    #[serde(default)]
    skip_embedding_generation: bool,
    #[serde(default)]
    generate_sparse_vectors: Option<bool>,
    #[serde(default)]
    file_tags: serde_json::Map<String, Value>,
}

/// `POST /integrations/oauth_url`.
pub async fn oauth_url(
    State(state): State<ApiState>,
    caller: Caller,
    headers: HeaderMap,
    ValidJson(request): ValidJson<OAuthUrlRequest>,
) -> Result<Json<Value>, ApiError> {
    if request.service != OUTLOOK {
        return Err(ApiError::BadRequest(format!(
            "The sandbox connects OUTLOOK only; service '{}' is not available here",
            request.service
        )));
    }
    let origin = headers
        .get(header::ORIGIN)
        .and_then(|value| value.to_str().ok())
        .filter(|origin| *origin != "null" && url::Url::parse(origin).is_ok())
        .map(str::to_string);
    let options = FlowOptions {
        data_source_id: request.data_source_id,
        connecting_new_account: request.connecting_new_account.unwrap_or(false),
        sync_attachments: file_sync_config_attachments(&request.file_sync_config).unwrap_or(false),
        request_id: request.request_id.clone(),
        data_source_tags: request.data_source_tags.clone(),
        sync_files_on_connection: request.sync_files_on_connection.unwrap_or(false),
        chunk_size: request.chunk_size,
        chunk_overlap: request.chunk_overlap,
        skip_embedding_generation: request.skip_embedding_generation.unwrap_or(false),
        generate_sparse_vectors: request.generate_sparse_vectors,
        file_tags: request
            .tags
            .as_ref()
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default(),
    };
    let customer_row = caller.customer.row;
    if let Some(id) = options.data_source_id {
        let source = state
            .db
            .call(move |connection| owned_data_source(connection, customer_row, id))
            .await?;
        if source.source_type != OUTLOOK {
            return Err(ApiError::BadRequest(format!(
                "Data source {id} is not an OUTLOOK source"
            )));
        }
    }
    let tenant = request
        .microsoft_tenant
        .clone()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| "common".into());
    let flow_state = random_secret();
    let verifier = pkce_verifier();
    let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(sha2::Sha256::digest(verifier.as_bytes()));
    let oauth_url = state
        .microsoft
        .authorize_url(&tenant, &flow_state, &challenge)
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let options_json =
        serde_json::to_string(&options).map_err(|e| ApiError::Internal(e.to_string()))?;
    state
        .db
        .call(move |connection| {
            connection.execute(
                "INSERT INTO oauth_flows (state, customer_row, code_verifier, origin, tenant, options, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                (&flow_state, customer_row, &verifier, &origin, &tenant, &options_json, clock::now_unix()),
            )?;
            Ok::<_, ApiError>(())
        })
        .await?;
    Ok(Json(json!({ "oauth_url": oauth_url })))
}

/// Whether a flow opened at `created_at` is too old at `now` (Unix seconds).
fn flow_expired(created_at: i64, now: i64) -> bool {
    now - created_at > FLOW_LIFETIME_SECS
}

/// A PKCE verifier: 64 characters from the unreserved set (RFC 7636 allows 43 to 128).
fn pkce_verifier() -> String {
    random_secret()
}

/// The redirect URI's query.
#[derive(Debug, Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

struct Flow {
    customer_row: i64,
    verifier: String,
    origin: Option<String>,
    tenant: String,
    options: FlowOptions,
}

/// How the callback ended.
struct Outcome {
    origin: Option<String>,
    result: Result<i64, String>,
}

/// `GET /integrations/outlook`: the OAuth redirect URI.
pub async fn oauth_callback(
    State(state): State<ApiState>,
    Query(query): Query<CallbackQuery>,
) -> Response {
    let outcome = complete_flow(&state, query).await;
    callback_page(outcome)
}

async fn complete_flow(state: &ApiState, query: CallbackQuery) -> Outcome {
    let Some(flow_state) = query.state.filter(|s| !s.is_empty()) else {
        return Outcome {
            origin: None,
            result: Err("The sign-in answer has no state: start connecting again.".into()),
        };
    };
    let flow = match take_flow(state, flow_state).await {
        Ok(flow) => flow,
        Err(message) => {
            return Outcome {
                origin: None,
                result: Err(message),
            }
        }
    };
    let origin = flow.origin.clone();
    let customer_row = flow.customer_row;
    let on_connection = flow
        .options
        .sync_files_on_connection
        .then(|| connection_sync(&flow.options));
    let result = connect(
        state,
        flow,
        query.code,
        query.error,
        query.error_description,
    )
    .await;
    if let (Ok(source_id), Some(start)) = (&result, on_connection) {
        spawn_connection_sync(state.clone(), customer_row, *source_id, start);
    }
    Outcome { origin, result }
}

/// The sync Carbon runs when an account connects with `sync_files_on_connection`: the default folder (Inbox), no
/// filter, the flow's `request_id` (or a new one) and file options.
fn connection_sync(options: &FlowOptions) -> SyncStart {
    SyncStart {
        folder_name: "Inbox".to_string(),
        filter: Filter::default(),
        request_id: options.request_id.clone(),
        incremental: false,
        sync_attachments: options.sync_attachments,
        file_options: FileOptions {
            chunk_size: options.chunk_size,
            chunk_overlap: options.chunk_overlap,
            skip_embedding_generation: options.skip_embedding_generation,
            generate_sparse_vectors: options.generate_sparse_vectors,
            tags: Value::Object(options.file_tags.clone()),
        },
    }
}

/// Starts the sync on connection in the background (the popup's page does not wait for Graph); the same engine as
/// `POST /integrations/outlook/sync`, so its files show in `user_files_v2` with their statuses.
fn spawn_connection_sync(state: ApiState, customer_row: i64, source_id: i64, start: SyncStart) {
    tokio::spawn(async move {
        let source = state
            .db
            .call(move |connection| owned_data_source(connection, customer_row, source_id))
            .await;
        let started = match source {
            Ok(source) => start_sync(&state, source, start).await,
            Err(error) => Err(error),
        };
        if let Err(error) = started {
            eprintln!(
                "sandbox: the sync on connection of data source {source_id} did not start: {}",
                error.public_message()
            );
        }
    });
}

/// Marks the flow used (once only) and returns it, or says why it cannot be used.
async fn take_flow(state: &ApiState, flow_state: String) -> Result<Flow, String> {
    let found = state
        .db
        .call(move |connection| {
            let flow = connection
                .query_row(
                    "SELECT customer_row, code_verifier, origin, tenant, options, created_at, used_at FROM oauth_flows WHERE state = ?1",
                    [&flow_state],
                    |row| {
                        Ok((
                            row.get::<_, i64>(0)?,
                            row.get::<_, String>(1)?,
                            row.get::<_, Option<String>>(2)?,
                            row.get::<_, String>(3)?,
                            row.get::<_, String>(4)?,
                            row.get::<_, i64>(5)?,
                            row.get::<_, Option<i64>>(6)?,
                        ))
                    },
                )
                .optional()?;
            let Some(flow) = flow else { return Ok(None) };
            let claimed = connection.execute(
                "UPDATE oauth_flows SET used_at = ?1 WHERE state = ?2 AND used_at IS NULL",
                (clock::now_unix(), &flow_state),
            )?;
            Ok::<_, rusqlite::Error>(Some((flow, claimed == 1)))
        })
        .await
        .map_err(|e| ApiError::from(e).public_message())?;
    let Some(((customer_row, verifier, origin, tenant, options, created_at, _used_at), claimed)) =
        found
    else {
        return Err("This sign-in is unknown (bad state): start connecting again.".into());
    };
    if !claimed {
        return Err("This sign-in was already completed (the state was used before): start connecting again.".into());
    }
    if flow_expired(created_at, clock::now_unix()) {
        return Err("This sign-in expired (older than 10 minutes): start connecting again.".into());
    }
    Ok(Flow {
        customer_row,
        verifier,
        origin,
        tenant,
        options: serde_json::from_str(&options).unwrap_or_default(),
    })
}

async fn connect(
    state: &ApiState,
    flow: Flow,
    code: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
) -> Result<i64, String> {
    if let Some(error) = error {
        let description = error_description.unwrap_or_default();
        return Err(if error == "access_denied" {
            format!("Access was not granted: {description}")
                .trim_end_matches([':', ' '])
                .to_string()
        } else {
            format!("Microsoft sign-in failed ({error}): {description}")
        });
    }
    let code = code
        .filter(|c| !c.is_empty())
        .ok_or("The sign-in answer has no code.")?;
    let tokens = state
        .microsoft
        .exchange_code(&flow.tenant, &code, &flow.verifier)
        .await
        .map_err(|e| format!("Exchanging the sign-in code failed: {e}"))?;
    let me: Me = state
        .microsoft
        .me(
            &format!("customer-{}", flow.customer_row),
            &tokens.access_token,
        )
        .await
        .map_err(|e| format!("Reading the signed-in mailbox failed: {e}"))?;
    let address = me.address();
    let metadata = json!({
        "tenant": flow.tenant,
        "email": address,
        "display_name": me.display_name,
        "microsoft_user_id": me.id,
        "sync_attachments": flow.options.sync_attachments,
    })
    .to_string();
    let tags = Value::Object(flow.options.data_source_tags.clone()).to_string();
    let reconnect_id = if flow.options.connecting_new_account {
        None
    } else {
        flow.options.data_source_id
    };
    let customer_row = flow.customer_row;
    state
        .db
        .call(move |connection| -> Result<i64, ApiError> {
            let transaction = connection.transaction()?;
            let now = clock::now_text();
            let existing: Option<i64> = match reconnect_id {
                Some(id) => {
                    let source = owned_data_source(&transaction, customer_row, id)?;
                    if !source.external_id.eq_ignore_ascii_case(&address) {
                        return Err(ApiError::BadRequest(format!(
                            "You signed in as {address}, but data source {id} is {}: sign in with that mailbox to reconnect it.",
                            source.external_id
                        )));
                    }
                    Some(id)
                }
                None => transaction
                    .query_row(
                        "SELECT id FROM data_sources WHERE customer_row = ?1 AND source_type = 'OUTLOOK' AND external_id = ?2 COLLATE NOCASE",
                        (customer_row, &address),
                        |row| row.get(0),
                    )
                    .optional()
                    ?,
            };
            let id = match existing {
                Some(id) => {
                    transaction
                        .execute(
                            "UPDATE data_sources SET revoked_access = 0, last_sync_action = 'UPDATE', access_token = ?1,
                             refresh_token = ?2, token_expires_at = ?3, metadata = ?4, updated_at = ?5,
                             sync_status = CASE WHEN sync_status = 'SYNC_ERROR' THEN 'READY' ELSE sync_status END
                             WHERE id = ?6",
                            (&tokens.access_token, &tokens.refresh_token, tokens.expires_at, &metadata, &now, id),
                        )
                        ?;
                    id
                }
                None => {
                    let auto_sync = auto_sync_enabled_for(&transaction, customer_row, OUTLOOK)?;
                    transaction
                        .execute(
                            "INSERT INTO data_sources (customer_row, source_type, external_id, sync_status, last_sync_action,
                             enable_auto_sync, metadata, tags, access_token, refresh_token, token_expires_at, created_at,
                             updated_at, last_synced_at)
                             VALUES (?1, 'OUTLOOK', ?2, 'READY', 'ADD', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?9)",
                            rusqlite::params![
                                customer_row, &address, auto_sync, &metadata, &tags, &tokens.access_token,
                                &tokens.refresh_token, tokens.expires_at, &now
                            ],
                        )
                        ?;
                    transaction.last_insert_rowid()
                }
            };
            transaction.commit()?;
            Ok(id)
        })
        .await
        .map_err(|e| e.public_message())
}

/// The page the popup ends on: says what happened and, when an opener is still there, posts the outcome to it at
/// the flow's origin (never `*`), then closes itself.
fn callback_page(outcome: Outcome) -> Response {
    let nonce = random_secret();
    let (status, data_source_id, message, heading, http_status) = match &outcome.result {
        Ok(id) => (
            "connected",
            Some(*id),
            "Your Outlook account is connected.".to_string(),
            "Connected",
            StatusCode::OK,
        ),
        Err(message) => (
            "error",
            None,
            message.clone(),
            "Connecting Outlook failed",
            StatusCode::BAD_REQUEST,
        ),
    };
    let script = match &outcome.origin {
        Some(origin) => {
            let payload = json!({
                "type": "outlook-connect:oauth",
                "status": status,
                "data_source_id": data_source_id,
                "message": message,
            });
            format!(
                "(function () {{ var payload = {}; var origin = {}; if (window.opener) {{ try {{ window.opener.postMessage(payload, origin); }} catch (e) {{}} window.close(); }} }})();",
                script_json(&payload),
                script_json(&Value::String(origin.clone())),
            )
        }
        None => String::new(),
    };
    let html = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">\
         <title>{heading}</title><style nonce=\"{nonce}\">body{{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}}</style></head>\
         <body><h1>{heading}</h1><p id=\"message\">{message}</p><p>You can close this window.</p>\
         <script nonce=\"{nonce}\">{script}</script></body></html>",
        heading = escape_html(heading),
        message = escape_html(&message),
    );
    let csp = format!("default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    let mut response = (http_status, html).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    if let Ok(value) = HeaderValue::from_str(&csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    response
}

/// JSON safe inside a `<script>` element: no `<`, `>`, `&` or line separators survive literally.
fn script_json(value: &Value) -> String {
    value
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_script_element() {
        let text = script_json(&json!({"m": "</script><script>alert(1)</script>&\u{2028}"}));
        assert!(
            !text.contains('<')
                && !text.contains('>')
                && !text.contains('&')
                && !text.contains('\u{2028}')
        );
        let back: Value = serde_json::from_str(&text).expect("still JSON");
        assert_eq!(back["m"], "</script><script>alert(1)</script>&\u{2028}");
    }

    #[test]
    fn flows_expire_after_ten_minutes() {
        assert!(!flow_expired(1_000, 1_000 + 600));
        assert!(flow_expired(1_000, 1_000 + 601));
    }
}
