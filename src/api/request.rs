//! Typed request builders: one function per widget call of the contract, each giving the method, path, query
//! and JSON body exactly as `carbon-openapi.json` accepts them (snake_case, nothing the schema lacks, no nulls).
//!
//! Pure: an [`ApiRequest`] is data; the client sends it. Inputs that would make a dangerous or invalid request
//! (deleting with no ids, more than 100 `request_ids`) are refused here with a clear [`ApiError`].

use super::error::{ApiError, ApiErrorKind, FieldError};
use crate::config::SyncOptions;
use outlook_connect_filter::Filter;
use serde::Serialize;
use serde_json::{Map, Value};

/// Carbon's name for Outlook in `service`/`source` fields.
pub const OUTLOOK: &str = "OUTLOOK";
/// `request_ids` and `ids` lists the contract caps at 100 entries.
pub const MAX_IDS_PER_REQUEST: usize = 100;

/// Every call the widget makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Endpoint {
    OAuthUrl,
    UserFolders,
    UserCategories,
    OutlookSync,
    UserDataSources,
    UserFilesV2,
    ResyncFile,
    DeleteFilesV2,
    RevokeAccessToken,
}

impl Endpoint {
    pub const ALL: [Endpoint; 9] = [
        Endpoint::OAuthUrl,
        Endpoint::UserFolders,
        Endpoint::UserCategories,
        Endpoint::OutlookSync,
        Endpoint::UserDataSources,
        Endpoint::UserFilesV2,
        Endpoint::ResyncFile,
        Endpoint::DeleteFilesV2,
        Endpoint::RevokeAccessToken,
    ];

    pub fn path(self) -> &'static str {
        match self {
            Endpoint::OAuthUrl => "/integrations/oauth_url",
            Endpoint::UserFolders => "/integrations/outlook/user_folders",
            Endpoint::UserCategories => "/integrations/outlook/user_categories",
            Endpoint::OutlookSync => "/integrations/outlook/sync",
            Endpoint::UserDataSources => "/user_data_sources",
            Endpoint::UserFilesV2 => "/user_files_v2",
            Endpoint::ResyncFile => "/resync_file",
            Endpoint::DeleteFilesV2 => "/delete_files_v2",
            Endpoint::RevokeAccessToken => "/revoke_access_token",
        }
    }

    pub fn method(self) -> Method {
        match self {
            Endpoint::UserFolders | Endpoint::UserCategories => Method::Get,
            _ => Method::Post,
        }
    }

    /// Whether sending this call twice does no harm: reads, and `outlook_sync` because it always carries the
    /// same `request_id`. Changes (`resync_file`, `delete_files_v2`, `revoke_access_token`, `oauth_url`, which
    /// opens a server-side flow) are never retried.
    pub fn is_retry_safe(self) -> bool {
        matches!(
            self,
            Endpoint::UserFolders
                | Endpoint::UserCategories
                | Endpoint::UserDataSources
                | Endpoint::UserFilesV2
                | Endpoint::OutlookSync
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// One call, ready to send.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiRequest {
    pub endpoint: Endpoint,
    pub query: Vec<(&'static str, String)>,
    pub body: Option<Value>,
}

impl ApiRequest {
    fn new(endpoint: Endpoint, body: impl Serialize) -> Self {
        Self {
            endpoint,
            query: Vec::new(),
            body: Some(serde_json::to_value(body).unwrap_or(Value::Null)),
        }
    }

    pub fn method(&self) -> Method {
        self.endpoint.method()
    }

    /// `api_url` (already validated, without a trailing slash) + path + query.
    pub fn url(&self, api_url: &str) -> String {
        let mut url = format!("{}{}", api_url.trim_end_matches('/'), self.endpoint.path());
        for (index, (name, value)) in self.query.iter().enumerate() {
            url.push(if index == 0 { '?' } else { '&' });
            url.push_str(name);
            url.push('=');
            url.push_str(&percent_encode(value));
        }
        url
    }

    /// The body as sent on the wire.
    pub fn body_text(&self) -> Option<String> {
        self.body.as_ref().map(Value::to_string)
    }
}

/// The `authorization` header value for a customer access token.
pub fn authorization(token: &str) -> String {
    format!("Token {token}")
}

/// Which sign-in `oauth_url` starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConnectMode {
    /// Add a mailbox (Microsoft shows its account picker).
    NewAccount,
    /// Sign in again for an existing data source (expired or revoked access).
    Reconnect { data_source_id: i64 },
}

#[derive(Serialize)]
struct OAuthUrlBody {
    service: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    connecting_new_account: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    data_source_id: Option<i64>,
}

/// `POST /integrations/oauth_url`: the Microsoft sign-in URL.
pub fn oauth_url(mode: ConnectMode) -> ApiRequest {
    let body = match mode {
        ConnectMode::NewAccount => OAuthUrlBody {
            service: OUTLOOK,
            connecting_new_account: Some(true),
            data_source_id: None,
        },
        ConnectMode::Reconnect { data_source_id } => OAuthUrlBody {
            service: OUTLOOK,
            connecting_new_account: None,
            data_source_id: Some(data_source_id),
        },
    };
    ApiRequest::new(Endpoint::OAuthUrl, body)
}

fn by_data_source(endpoint: Endpoint, data_source_id: i64) -> ApiRequest {
    ApiRequest {
        endpoint,
        query: vec![("data_source_id", data_source_id.to_string())],
        body: None,
    }
}

/// `GET /integrations/outlook/user_folders?data_source_id=`.
pub fn user_folders(data_source_id: i64) -> ApiRequest {
    by_data_source(Endpoint::UserFolders, data_source_id)
}

/// `GET /integrations/outlook/user_categories?data_source_id=`.
pub fn user_categories(data_source_id: i64) -> ApiRequest {
    by_data_source(Endpoint::UserCategories, data_source_id)
}

/// One folder's sync, as `POST /integrations/outlook/sync` takes it.
#[derive(Clone, Copy, Debug)]
pub struct OutlookSync<'a> {
    pub data_source_id: i64,
    /// A folder display name, e.g. `Inbox`.
    pub folder: &'a str,
    /// An already validated tree ([`Filter::Empty`] sends `{}`).
    pub filters: &'a Filter,
    /// Tags the files of this sync; the same id on every retry, so a retried sync never duplicates files.
    pub request_id: &'a str,
    /// `sync_attachments`, `incremental_sync` and the host's pass-through options (already snake_case).
    pub options: &'a SyncOptions,
}

/// `POST /integrations/outlook/sync`.
pub fn outlook_sync(sync: &OutlookSync<'_>) -> ApiRequest {
    let mut body = Map::new();
    body.insert("data_source_id".into(), sync.data_source_id.into());
    body.insert("folder".into(), sync.folder.into());
    body.insert("filters".into(), sync.filters.to_json());
    body.insert("request_id".into(), sync.request_id.into());
    body.insert(
        "sync_attachments".into(),
        sync.options.sync_attachments.into(),
    );
    body.insert(
        "incremental_sync".into(),
        sync.options.incremental_sync.into(),
    );
    for (key, value) in &sync.options.pass_through {
        if !value.is_null() {
            body.insert(key.clone(), value.clone());
        }
    }
    ApiRequest::new(Endpoint::OutlookSync, body)
}

/// A page of a list: `limit` items from `offset`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Page {
    pub limit: u32,
    pub offset: u32,
}

impl Page {
    pub const fn first(limit: u32) -> Self {
        Self { limit, offset: 0 }
    }
}

/// Which Outlook data sources `user_data_sources` lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataSourceQuery {
    /// `Some(false)`: connected ones only; `None`: revoked ones too.
    pub revoked_access: Option<bool>,
    pub ids: Option<Vec<i64>>,
    pub page: Page,
}

impl DataSourceQuery {
    /// The connected Outlook mailboxes, newest first (so a mailbox just connected is always on the first page):
    /// the accounts screen and the sign-in poll.
    pub fn connected() -> Self {
        Self {
            revoked_access: Some(false),
            ids: None,
            page: Page::first(100),
        }
    }
}

#[derive(Serialize)]
struct DataSourceBody<'a> {
    pagination: Page,
    order_by: &'static str,
    order_dir: &'static str,
    filters: DataSourceFilters<'a>,
}

#[derive(Serialize)]
struct DataSourceFilters<'a> {
    source: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    revoked_access: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ids: Option<&'a [i64]>,
}

/// `POST /user_data_sources` (Outlook only).
pub fn user_data_sources(query: &DataSourceQuery) -> ApiRequest {
    ApiRequest::new(
        Endpoint::UserDataSources,
        DataSourceBody {
            pagination: query.page,
            order_by: "created_at",
            order_dir: "desc",
            filters: DataSourceFilters {
                source: OUTLOOK,
                revoked_access: query.revoked_access,
                ids: query.ids.as_deref(),
            },
        },
    )
}

/// How `user_files_v2` orders its answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileOrder {
    /// The synced e-mails list: newest first.
    NewestFirst,
    /// Progress counting: stable by id.
    ById,
}

/// Which files `user_files_v2` lists.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileQuery {
    /// Files of one connected mailbox.
    pub data_source_id: Option<i64>,
    /// Files of these syncs (at most 100).
    pub request_ids: Vec<String>,
    /// Names containing this text (the list's search box); empty means no name filter.
    pub name: Option<String>,
    pub page: Option<Page>,
    pub order: Option<FileOrder>,
    /// Only e-mails, not their attachments (`filters.root_files_only`; sent only when true).
    pub root_files_only: bool,
}

#[derive(Serialize)]
struct FilesBody<'a> {
    pagination: Page,
    order_by: &'static str,
    order_dir: &'static str,
    filters: FileFilters<'a>,
}

#[derive(Serialize)]
struct FileFilters<'a> {
    source: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    organization_user_data_source_id: Option<[i64; 1]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    request_ids: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    root_files_only: bool,
}

/// `POST /user_files_v2` (Outlook files only).
pub fn user_files_v2(query: &FileQuery) -> Result<ApiRequest, ApiError> {
    if query.request_ids.len() > MAX_IDS_PER_REQUEST {
        return Err(too_many("request_ids", query.request_ids.len()));
    }
    let (order_by, order_dir) = match query.order.unwrap_or(FileOrder::NewestFirst) {
        FileOrder::NewestFirst => ("created_at", "desc"),
        FileOrder::ById => ("id", "asc"),
    };
    let name = query
        .name
        .as_deref()
        .map(str::trim)
        .filter(|name| !name.is_empty());
    Ok(ApiRequest::new(
        Endpoint::UserFilesV2,
        FilesBody {
            pagination: query.page.unwrap_or(Page::first(20)),
            order_by,
            order_dir,
            filters: FileFilters {
                source: OUTLOOK,
                organization_user_data_source_id: query.data_source_id.map(|id| [id]),
                request_ids: (!query.request_ids.is_empty()).then_some(&query.request_ids[..]),
                name,
                root_files_only: query.root_files_only,
            },
        },
    ))
}

/// `POST /resync_file`.
pub fn resync_file(file_id: i64) -> ApiRequest {
    let mut body = Map::new();
    body.insert("file_id".into(), file_id.into());
    ApiRequest::new(Endpoint::ResyncFile, body)
}

/// `POST /delete_files_v2` with `filters.ids`. Refuses an empty list: with no ids the filter would match every
/// file of the customer.
pub fn delete_files_v2(file_ids: &[i64]) -> Result<ApiRequest, ApiError> {
    if file_ids.is_empty() {
        return Err(ApiError::new(
            ApiErrorKind::Validation(vec![FieldError {
                loc: vec!["filters".into(), "ids".into()],
                msg: "at least one file id is required".into(),
            }]),
            "delete_files_v2: file_ids is empty; give the ids of the files to delete",
        ));
    }
    if file_ids.len() > MAX_IDS_PER_REQUEST {
        return Err(too_many("filters.ids", file_ids.len()));
    }
    let body = serde_json::json!({ "filters": { "ids": file_ids } });
    Ok(ApiRequest::new(Endpoint::DeleteFilesV2, body))
}

/// `POST /revoke_access_token`: disconnect a mailbox.
pub fn revoke_access_token(data_source_id: i64) -> ApiRequest {
    let mut body = Map::new();
    body.insert("data_source_id".into(), data_source_id.into());
    ApiRequest::new(Endpoint::RevokeAccessToken, body)
}

fn too_many(field: &str, count: usize) -> ApiError {
    let msg = format!("at most {MAX_IDS_PER_REQUEST} entries, got {count}");
    ApiError::new(
        ApiErrorKind::Validation(vec![FieldError {
            loc: field.split('.').map(str::to_owned).collect(),
            msg: msg.clone(),
        }]),
        format!("{field}: {msg}; split the list into several requests"),
    )
}

/// RFC 3986 unreserved characters stay; everything else is `%XX` (UTF-8).
fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_percent_encoded() {
        let request = ApiRequest {
            endpoint: Endpoint::UserFolders,
            query: vec![("a", "x y&é".into()), ("b", "1".into())],
            body: None,
        };
        assert_eq!(
            request.url("http://h/"),
            "http://h/integrations/outlook/user_folders?a=x%20y%26%C3%A9&b=1"
        );
    }
}
