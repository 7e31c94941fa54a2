//! Typed request builders: one function per widget call of the contract, each giving the method, path, query
//! and JSON body exactly as `carbon-openapi.json` accepts them (snake_case, nothing the schema lacks, no nulls).
//!
//! Pure: an [`ApiRequest`] is data; the client sends it. Inputs that would make a dangerous or invalid request
//! (deleting with no ids, more than 100 `request_ids`) are refused here with a clear [`ApiError`].

use super::error::{ApiError, ApiErrorKind, FieldError};
use crate::config::SyncOptions;
use crate::shape::json_object;
use outlook_connect_filter::Filter;
use serde_json::Value;

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
    fn new(endpoint: Endpoint, body: Value) -> Self {
        Self {
            endpoint,
            query: Vec::new(),
            body: Some(body),
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

/// `POST /integrations/oauth_url`: the Microsoft sign-in URL.
pub fn oauth_url(mode: ConnectMode) -> ApiRequest {
    let which = match mode {
        ConnectMode::NewAccount => ("connecting_new_account", Value::Bool(true)),
        ConnectMode::Reconnect { data_source_id } => ("data_source_id", data_source_id.into()),
    };
    ApiRequest::new(
        Endpoint::OAuthUrl,
        json_object(vec![("service", OUTLOOK.into()), which]),
    )
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
    let mut fields = vec![
        ("data_source_id", sync.data_source_id.into()),
        ("folder", sync.folder.into()),
        ("filters", sync.filters.to_json()),
        ("request_id", sync.request_id.into()),
        ("sync_attachments", sync.options.sync_attachments.into()),
        ("incremental_sync", sync.options.incremental_sync.into()),
    ];
    for (key, value) in &sync.options.pass_through {
        if !value.is_null() {
            fields.push((key, value.clone()));
        }
    }
    ApiRequest::new(Endpoint::OutlookSync, json_object(fields))
}

/// A page of a list: `limit` items from `offset`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    pub limit: u32,
    pub offset: u32,
}

impl Page {
    pub const fn first(limit: u32) -> Self {
        Self { limit, offset: 0 }
    }

    /// `{limit, offset}`, the contract's `pagination`.
    fn to_json(self) -> Value {
        json_object(vec![
            ("limit", self.limit.into()),
            ("offset", self.offset.into()),
        ])
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
            page: Page::first(MAILBOX_PAGE),
        }
    }

    /// The same list from the `shown`-th mailbox on ("Show more").
    pub fn after(self, shown: usize) -> Self {
        Self {
            page: Page {
                offset: u32::try_from(shown).unwrap_or(u32::MAX),
                ..self.page
            },
            ..self
        }
    }
}

/// Mailboxes listed (and rendered) per page.
pub const MAILBOX_PAGE: u32 = 100;

/// `POST /user_data_sources` (Outlook only).
pub fn user_data_sources(query: &DataSourceQuery) -> ApiRequest {
    let mut filters = vec![("source", OUTLOOK.into())];
    if let Some(revoked_access) = query.revoked_access {
        filters.push(("revoked_access", revoked_access.into()));
    }
    if let Some(ids) = &query.ids {
        filters.push(("ids", ids.as_slice().into()));
    }
    ApiRequest::new(
        Endpoint::UserDataSources,
        list_body(query.page, ("created_at", "desc"), filters),
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

/// `POST /user_files_v2` (Outlook files only).
pub fn user_files_v2(query: &FileQuery) -> Result<ApiRequest, ApiError> {
    if query.request_ids.len() > MAX_IDS_PER_REQUEST {
        return Err(too_many("request_ids", query.request_ids.len()));
    }
    let order = match query.order.unwrap_or(FileOrder::NewestFirst) {
        FileOrder::NewestFirst => ("created_at", "desc"),
        FileOrder::ById => ("id", "asc"),
    };
    let mut filters = vec![("source", OUTLOOK.into())];
    if let Some(id) = query.data_source_id {
        filters.push(("organization_user_data_source_id", vec![id].into()));
    }
    if !query.request_ids.is_empty() {
        filters.push(("request_ids", query.request_ids.as_slice().into()));
    }
    let name = query.name.as_deref().map(str::trim);
    if let Some(name) = name.filter(|name| !name.is_empty()) {
        filters.push(("name", name.into()));
    }
    if query.root_files_only {
        filters.push(("root_files_only", true.into()));
    }
    Ok(ApiRequest::new(
        Endpoint::UserFilesV2,
        list_body(query.page.unwrap_or(Page::first(20)), order, filters),
    ))
}

/// The body of a list call: `{pagination, order_by, order_dir, filters}`.
fn list_body(
    page: Page,
    (order_by, order_dir): (&str, &str),
    filters: Vec<(&str, Value)>,
) -> Value {
    json_object(vec![
        ("pagination", page.to_json()),
        ("order_by", order_by.into()),
        ("order_dir", order_dir.into()),
        ("filters", json_object(filters)),
    ])
}

/// `POST /resync_file`.
pub fn resync_file(file_id: i64) -> ApiRequest {
    ApiRequest::new(
        Endpoint::ResyncFile,
        json_object(vec![("file_id", file_id.into())]),
    )
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
    let ids = json_object(vec![("ids", file_ids.into())]);
    Ok(ApiRequest::new(
        Endpoint::DeleteFilesV2,
        json_object(vec![("filters", ids)]),
    ))
}

/// `POST /revoke_access_token`: disconnect a mailbox.
pub fn revoke_access_token(data_source_id: i64) -> ApiRequest {
    ApiRequest::new(
        Endpoint::RevokeAccessToken,
        json_object(vec![("data_source_id", data_source_id.into())]),
    )
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
            // By hand: `{:02X}` would pull the integer padding and hex formatting code in.
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
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

    #[test]
    fn file_filters_carry_only_what_was_asked() {
        let body =
            |query: &FileQuery| user_files_v2(query).unwrap().body.unwrap()["filters"].clone();
        assert_eq!(
            body(&FileQuery::default()),
            serde_json::json!({ "source": "OUTLOOK" })
        );
        let query = FileQuery {
            data_source_id: Some(7),
            request_ids: vec!["r1".into()],
            name: Some("  invoice ".into()),
            root_files_only: true,
            ..FileQuery::default()
        };
        assert_eq!(
            body(&query),
            serde_json::json!({
                "source": "OUTLOOK",
                "organization_user_data_source_id": [7],
                "request_ids": ["r1"],
                "name": "invoice",
                "root_files_only": true,
            })
        );
    }
}
