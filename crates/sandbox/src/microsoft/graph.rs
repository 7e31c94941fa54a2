//! The emulated Microsoft Graph under `/v1.0`: the signed-in user, mail folders (with child
//! folders and well-known names), master categories, messages (with `$filter`, `$top`, `$skip`,
//! `$select`, `$count`, `@odata.nextLink` paging) and attachments, with Graph's JSON shapes and
//! error bodies. `$filter` is understood only through `outlook_connect_filter::graph`.

use super::identity::scope_contains;
use super::mailbox::{Folder, Mailbox, Message, Person};
use super::state::SharedState;
use super::tokens::{now_ms, GrantClaims, TokenError, TokenKind};
use axum::extract::{FromRequestParts, OriginalUri, Path, RawQuery};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use outlook_connect_filter::graph::parse_odata;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::sync::Arc;
use time::macros::format_description;
use time::OffsetDateTime;
use tokio::sync::OwnedSemaphorePermit;
use url::Url;

/// Most items one page may hold (`$top`), as Graph allows for messages.
pub const MAX_PAGE_SIZE: usize = 1000;
/// Items per page when `$top` is not given, as Graph does.
pub const DEFAULT_PAGE_SIZE: usize = 10;

/// A Graph error: status plus Graph's `{error: {code, message, innerError}}` body.
#[derive(Debug)]
pub struct GraphError {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl GraphError {
    fn bad_request(message: impl Into<String>) -> GraphError {
        GraphError {
            status: StatusCode::BAD_REQUEST,
            code: "BadRequest",
            message: message.into(),
        }
    }
    fn unauthenticated(message: impl Into<String>) -> GraphError {
        GraphError {
            status: StatusCode::UNAUTHORIZED,
            code: "InvalidAuthenticationToken",
            message: message.into(),
        }
    }
    fn access_denied() -> GraphError {
        GraphError {
            status: StatusCode::FORBIDDEN,
            code: "ErrorAccessDenied",
            message: "Access is denied. Check credentials and try again.".into(),
        }
    }
    fn not_found() -> GraphError {
        GraphError {
            status: StatusCode::NOT_FOUND,
            code: "ErrorItemNotFound",
            message: "The specified object was not found in the store.".into(),
        }
    }
}

impl IntoResponse for GraphError {
    fn into_response(self) -> Response {
        let request_id = uuid::Uuid::new_v4().to_string();
        let body = json!({
            "error": {
                "code": self.code,
                "message": self.message,
                "innerError": {
                    "date": graph_date_time(OffsetDateTime::now_utc().unix_timestamp()),
                    "request-id": request_id,
                    "client-request-id": request_id,
                }
            }
        });
        let mut response = (self.status, Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"\", error=\"invalid_token\""),
            );
        }
        if self.status == StatusCode::TOO_MANY_REQUESTS {
            response.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from(THROTTLED_RETRY_AFTER_SECS),
            );
        }
        response
    }
}

/// The caller of a Graph endpoint: whose mailbox, with which scopes, seen at which base URL.
pub struct GraphCaller {
    mailbox: Arc<Mailbox>,
    scope: String,
    /// `http://host:port/` (from the `Host` header), base of absolute `@odata.nextLink` and
    /// `@odata.context` URLs.
    base_url: Url,
    /// Held while the request is handled (Graph's MailboxConcurrency limit).
    _concurrency_permit: OwnedSemaphorePermit,
}

/// The `Retry-After` (seconds) of a request over the concurrency limit.
pub const THROTTLED_RETRY_AFTER_SECS: u32 = 1;

impl GraphCaller {
    fn require_any_scope(&self, scopes: &[&str]) -> Result<(), GraphError> {
        if scopes
            .iter()
            .any(|wanted| scope_contains(&self.scope, wanted))
        {
            Ok(())
        } else {
            Err(GraphError::access_denied())
        }
    }
    fn require_mail_read(&self) -> Result<(), GraphError> {
        self.require_any_scope(&["Mail.Read", "Mail.ReadWrite"])
    }
    fn context(&self, fragment: &str) -> String {
        format!("{}v1.0/$metadata#{fragment}", self.base_url)
    }
}

impl FromRequestParts<SharedState> for GraphCaller {
    type Rejection = GraphError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &SharedState,
    ) -> Result<GraphCaller, GraphError> {
        let header_value = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .trim();
        let token = match header_value.split_once(' ') {
            Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => token.trim(),
            _ => return Err(GraphError::unauthenticated("Access token is empty.")),
        };
        let claims: GrantClaims = state
            .signer
            .verify(TokenKind::Access, token, now_ms())
            .map_err(|error| match error {
                TokenError::Expired => {
                    GraphError::unauthenticated("Lifetime validation failed, the token is expired.")
                }
                _ => GraphError::unauthenticated(
                    "IDX14100: JWT is not well formed, or its signature is invalid.",
                ),
            })?;
        let mailbox = state
            .mailboxes
            .get(&claims.sub)
            .ok_or_else(|| GraphError::unauthenticated("The token's user does not exist."))?;
        let permit = state
            .graph_concurrency
            .try_enter(&claims.client_id, mailbox.account.address)
            .ok_or_else(|| GraphError {
                status: StatusCode::TOO_MANY_REQUESTS,
                code: "ApplicationThrottled",
                message: "Application is over its MailboxConcurrency limit.".into(),
            })?;
        let host = match parts.headers.get(header::HOST) {
            None => "localhost",
            Some(value) => value.to_str().unwrap_or_default(),
        };
        let base_url = Url::parse(&format!("http://{host}/"))
            .ok()
            .filter(|url| url.path() == "/" && url.query().is_none())
            .ok_or_else(|| {
                GraphError::bad_request(format!(
                    "The Host header '{host}' is not a valid host[:port]."
                ))
            })?;
        Ok(GraphCaller {
            mailbox,
            scope: claims.scope,
            base_url,
            _concurrency_permit: permit,
        })
    }
}

/// `2024-03-05T14:22:11Z`, as Graph writes times.
pub fn graph_date_time(unix_seconds: i64) -> String {
    OffsetDateTime::from_unix_timestamp(unix_seconds)
        .ok()
        .and_then(|time| {
            time.format(format_description!(
                "[year]-[month]-[day]T[hour]:[minute]:[second]Z"
            ))
            .ok()
        })
        .unwrap_or_default()
}

/// The query parameters of a request (percent-decoded, `+` as space, invalid UTF-8 replaced);
/// a `$` option given twice is refused, as Graph does.
fn query_options(raw: Option<&str>) -> Result<HashMap<String, String>, GraphError> {
    let mut options = HashMap::new();
    for (name, value) in url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        let name = name.into_owned();
        if options.contains_key(&name) && name.starts_with('$') {
            return Err(GraphError::bad_request(format!(
                "Query option '{name}' was specified more than once. It must be specified at most once."
            )));
        }
        options.insert(name, value.into_owned());
    }
    Ok(options)
}

/// Query options of a collection request.
struct CollectionQuery<'a> {
    raw: &'a HashMap<String, String>,
    top: usize,
    skip: usize,
    select: Option<Vec<String>>,
    count: bool,
}

/// Reads `$top`, `$skip`, `$select`, `$count` and refuses any other `$` option not in `extra_options`.
fn collection_query<'a>(
    raw: &'a HashMap<String, String>,
    extra_options: &[&str],
    entity: &str,
    properties: &[&str],
) -> Result<CollectionQuery<'a>, GraphError> {
    for name in raw.keys().filter(|name| name.starts_with('$')) {
        let known = ["$top", "$skip", "$select", "$count"].contains(&name.as_str())
            || extra_options.contains(&name.as_str());
        if !known {
            return Err(GraphError::bad_request(format!(
                "Query option '{name}' is not supported here; supported: $top, $skip, $select, $count{}.",
                extra_options
                    .iter()
                    .map(|option| format!(", {option}"))
                    .collect::<String>()
            )));
        }
    }
    let top = match raw.get("$top") {
        None => DEFAULT_PAGE_SIZE,
        Some(text) => text
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|top| (1..=MAX_PAGE_SIZE).contains(top))
            .ok_or_else(|| {
                GraphError::bad_request(format!(
                    "Invalid value '{text}' for query option '$top': expected an integer from 1 to {MAX_PAGE_SIZE}."
                ))
            })?,
    };
    let skip = match raw.get("$skip") {
        None => 0,
        Some(text) => text.trim().parse::<usize>().map_err(|_| {
            GraphError::bad_request(format!(
                "Invalid value '{text}' for query option '$skip': expected a non-negative integer."
            ))
        })?,
    };
    let count = match raw.get("$count").map(|text| text.trim()) {
        None | Some("false") => false,
        Some("true") => true,
        Some(other) => {
            return Err(GraphError::bad_request(format!(
                "Invalid value '{other}' for query option '$count': expected true or false."
            )))
        }
    };
    let select = match raw.get("$select") {
        None => None,
        Some(text) => {
            let mut selected = Vec::new();
            for name in text
                .split(',')
                .map(str::trim)
                .filter(|name| !name.is_empty())
            {
                let property = properties
                    .iter()
                    .find(|property| property.eq_ignore_ascii_case(name))
                    .ok_or_else(|| {
                        GraphError::bad_request(format!(
                            "Could not find a property named '{name}' on type 'microsoft.graph.{entity}'."
                        ))
                    })?;
                selected.push((*property).to_owned());
            }
            Some(selected)
        }
    };
    Ok(CollectionQuery {
        raw,
        top,
        skip,
        select,
        count,
    })
}

/// Keeps only `id` and the selected properties of `object`.
fn apply_select(object: Value, select: Option<&[String]>) -> Value {
    match (object, select) {
        (Value::Object(map), Some(selected)) => Value::Object(
            map.into_iter()
                .filter(|(key, _)| key == "id" || selected.iter().any(|s| s == key))
                .collect::<Map<_, _>>(),
        ),
        (object, _) => object,
    }
}

/// One page of a collection, with `@odata.nextLink` when more items follow.
fn page_response<'a, T: 'a>(
    caller: &GraphCaller,
    uri: &OriginalUri,
    context: String,
    query: &CollectionQuery,
    items: impl Iterator<Item = &'a T>,
    total: Option<usize>,
    to_json: impl Fn(&T) -> Value,
) -> Json<Value> {
    let mut page: Vec<Value> = Vec::with_capacity(query.top.min(64));
    let mut more = false;
    for item in items.skip(query.skip) {
        if page.len() == query.top {
            more = true;
            break;
        }
        page.push(apply_select(to_json(item), query.select.as_deref()));
    }
    let mut body = Map::new();
    body.insert("@odata.context".into(), json!(context));
    if let Some(total) = total.filter(|_| query.count) {
        body.insert("@odata.count".into(), json!(total));
    }
    body.insert("value".into(), Value::Array(page));
    if more {
        body.insert(
            "@odata.nextLink".into(),
            json!(next_link(caller, uri, query)),
        );
    }
    Json(Value::Object(body))
}

/// The absolute URL of the next page: the same request with `$skip` advanced.
fn next_link(caller: &GraphCaller, uri: &OriginalUri, query: &CollectionQuery) -> String {
    let mut url = caller.base_url.clone();
    url.set_path(uri.0.path());
    {
        let mut pairs = url.query_pairs_mut();
        let mut kept: Vec<(&String, &String)> = query
            .raw
            .iter()
            .filter(|(name, _)| name.as_str() != "$skip" && name.as_str() != "$top")
            .collect();
        kept.sort();
        for (name, value) in kept {
            pairs.append_pair(name, value);
        }
        pairs.append_pair("$top", &query.top.to_string());
        pairs.append_pair("$skip", &(query.skip + query.top).to_string());
    }
    url.to_string()
}

const FOLDER_PROPERTIES: &[&str] = &[
    "id",
    "displayName",
    "parentFolderId",
    "childFolderCount",
    "unreadItemCount",
    "totalItemCount",
    "isHidden",
];

fn folder_json(mailbox: &Mailbox, folder: &Folder) -> Value {
    let parent_id = folder.parent.map_or(folder.id.as_str(), |parent| {
        mailbox.folders[parent].id.as_str()
    });
    json!({
        "id": folder.id,
        "displayName": folder.display_name,
        "parentFolderId": parent_id,
        "childFolderCount": folder.children.len(),
        "unreadItemCount": folder.unread_count,
        "totalItemCount": folder.messages.len(),
        "isHidden": false,
    })
}

const MESSAGE_PROPERTIES: &[&str] = &[
    "id",
    "createdDateTime",
    "lastModifiedDateTime",
    "receivedDateTime",
    "sentDateTime",
    "hasAttachments",
    "internetMessageId",
    "subject",
    "bodyPreview",
    "importance",
    "parentFolderId",
    "conversationId",
    "isRead",
    "isDraft",
    "webLink",
    "inferenceClassification",
    "sender",
    "from",
    "toRecipients",
    "ccRecipients",
    "categories",
    "flag",
];

fn email_address(person: &Person) -> Value {
    json!({"emailAddress": {"name": person.name, "address": person.address}})
}

fn message_json(mailbox: &Mailbox, message: &Message) -> Value {
    let received = graph_date_time(message.facts.received_unix);
    let sent = graph_date_time(message.facts.received_unix - 7);
    let encoded_id: String = url::form_urlencoded::byte_serialize(message.id.as_bytes()).collect();
    json!({
        "id": message.id,
        "createdDateTime": received,
        "lastModifiedDateTime": received,
        "receivedDateTime": received,
        "sentDateTime": sent,
        "hasAttachments": message.facts.has_attachments,
        "internetMessageId": message.internet_message_id,
        "subject": message.subject,
        "bodyPreview": message.body_preview,
        "importance": message.importance,
        "parentFolderId": mailbox.folders[message.folder].id,
        "conversationId": message.conversation_id,
        "isRead": message.is_read,
        "isDraft": message.is_draft,
        "webLink": format!("https://outlook.office365.com/owa/?ItemID={encoded_id}&exvsurl=1&viewmodel=ReadMessageItem"),
        "inferenceClassification": "focused",
        "sender": email_address(&message.from),
        "from": email_address(&message.from),
        "toRecipients": message.to.iter().map(email_address).collect::<Vec<_>>(),
        "ccRecipients": [],
        "categories": message.facts.categories,
        "flag": {"flagStatus": message.flag.as_graph()},
    })
}

fn users_context(caller: &GraphCaller, rest: &str) -> String {
    caller.context(&format!(
        "users('{}'){rest}",
        caller.mailbox.account.address
    ))
}

/// `GET /v1.0/me`.
pub async fn me(caller: GraphCaller) -> Result<Json<Value>, GraphError> {
    caller.require_any_scope(&["User.Read", "User.ReadBasic.All", "User.Read.All"])?;
    let account = caller.mailbox.account;
    let (given_name, surname) = account
        .display_name
        .split_once(' ')
        .unwrap_or((account.display_name, ""));
    Ok(Json(json!({
        "@odata.context": caller.context("users/$entity"),
        "id": caller.mailbox.user_id,
        "displayName": account.display_name,
        "givenName": given_name,
        "surname": surname,
        "mail": account.address,
        "userPrincipalName": account.address,
        "businessPhones": [],
        "jobTitle": null,
        "mobilePhone": null,
        "officeLocation": null,
        "preferredLanguage": "en-US",
    })))
}

/// `GET /v1.0/me/mailFolders`: the top-level folders, paged.
pub async fn list_top_level_folders(
    caller: GraphCaller,
    uri: OriginalUri,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, GraphError> {
    caller.require_mail_read()?;
    let raw = query_options(raw.as_deref())?;
    let query = collection_query(&raw, &[], "mailFolder", FOLDER_PROPERTIES)?;
    let mailbox = &caller.mailbox;
    let folders: Vec<&Folder> = mailbox.top_level_folders().collect();
    Ok(page_response(
        &caller,
        &uri,
        users_context(&caller, "/mailFolders"),
        &query,
        folders.iter().copied(),
        Some(folders.len()),
        |folder| folder_json(mailbox, folder),
    ))
}

/// Whether `id` could be an Exchange id at all (base64url text); Graph answers `400
/// ErrorInvalidIdMalformed` for ids that cannot, `404 ErrorItemNotFound` for unknown ones.
fn looks_like_an_id(id: &str) -> bool {
    id.len() >= 8
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'=' | b'+' | b'/'))
}

fn unknown_id(id: &str) -> GraphError {
    if looks_like_an_id(id) {
        GraphError::not_found()
    } else {
        GraphError {
            status: StatusCode::BAD_REQUEST,
            code: "ErrorInvalidIdMalformed",
            message: "Id is malformed.".into(),
        }
    }
}

fn find_folder<'a>(mailbox: &'a Mailbox, id: &str) -> Result<&'a Folder, GraphError> {
    mailbox.folder(id).ok_or_else(|| unknown_id(id))
}

/// `GET /v1.0/me/mailFolders/{id}` (an id or a well-known name).
pub async fn get_folder(
    caller: GraphCaller,
    Path(folder_id): Path<String>,
) -> Result<Json<Value>, GraphError> {
    caller.require_mail_read()?;
    let folder = find_folder(&caller.mailbox, &folder_id)?;
    let mut body = folder_json(&caller.mailbox, folder);
    body["@odata.context"] = json!(users_context(&caller, "/mailFolders/$entity"));
    Ok(Json(body))
}

/// `GET /v1.0/me/mailFolders/{id}/childFolders`, paged.
pub async fn list_child_folders(
    caller: GraphCaller,
    uri: OriginalUri,
    Path(folder_id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, GraphError> {
    caller.require_mail_read()?;
    let raw = query_options(raw.as_deref())?;
    let query = collection_query(&raw, &[], "mailFolder", FOLDER_PROPERTIES)?;
    let mailbox = &caller.mailbox;
    let parent = find_folder(mailbox, &folder_id)?;
    let children: Vec<&Folder> = parent
        .children
        .iter()
        .map(|&i| &mailbox.folders[i])
        .collect();
    Ok(page_response(
        &caller,
        &uri,
        users_context(
            &caller,
            &format!("/mailFolders('{folder_id}')/childFolders"),
        ),
        &query,
        children.iter().copied(),
        Some(children.len()),
        |folder| folder_json(mailbox, folder),
    ))
}

/// `GET /v1.0/me/outlook/masterCategories`.
pub async fn master_categories(caller: GraphCaller) -> Result<Json<Value>, GraphError> {
    caller.require_any_scope(&["MailboxSettings.Read", "MailboxSettings.ReadWrite"])?;
    let value: Vec<Value> = caller
        .mailbox
        .categories
        .iter()
        .map(|category| {
            json!({
                "id": category.id,
                "displayName": category.display_name,
                "color": format!("preset{}", category.color_preset),
            })
        })
        .collect();
    Ok(Json(json!({
        "@odata.context": users_context(&caller, "/outlook/masterCategories"),
        "value": value,
    })))
}

/// `GET /v1.0/me/mailFolders/{id}/messages`: newest first, `$filter`ed, paged.
pub async fn list_messages(
    caller: GraphCaller,
    uri: OriginalUri,
    Path(folder_id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, GraphError> {
    caller.require_mail_read()?;
    let raw = query_options(raw.as_deref())?;
    let query = collection_query(
        &raw,
        &["$filter", "$orderby"],
        "message",
        MESSAGE_PROPERTIES,
    )?;
    if let Some(order) = raw.get("$orderby") {
        let normalized = order.split_whitespace().collect::<Vec<_>>().join(" ");
        if !normalized.eq_ignore_ascii_case("receivedDateTime desc") {
            return Err(GraphError::bad_request(format!(
                "Invalid value '{order}' for query option '$orderby': the sandbox orders only by 'receivedDateTime desc'."
            )));
        }
    }
    let filter =
        match raw.get("$filter").map(|text| text.trim()) {
            None | Some("") => None,
            Some(text) => Some(parse_odata(text).map_err(|error| {
                GraphError::bad_request(format!("Invalid filter clause: {error}"))
            })?),
        };
    let mailbox = &caller.mailbox;
    let folder = find_folder(mailbox, &folder_id)?;
    let matching: Vec<&Message> = folder
        .messages
        .iter()
        .map(|&index| &mailbox.messages[index])
        .filter(|message| {
            filter
                .as_ref()
                .is_none_or(|filter| filter.matches(&message.facts))
        })
        .collect();
    Ok(page_response(
        &caller,
        &uri,
        users_context(&caller, &format!("/mailFolders('{folder_id}')/messages")),
        &query,
        matching.iter().copied(),
        Some(matching.len()),
        |message| message_json(mailbox, message),
    ))
}

fn find_message<'a>(mailbox: &'a Mailbox, id: &str) -> Result<&'a Message, GraphError> {
    mailbox.message(id).ok_or_else(|| unknown_id(id))
}

/// `GET /v1.0/me/messages/{id}`.
pub async fn get_message(
    caller: GraphCaller,
    Path(message_id): Path<String>,
) -> Result<Json<Value>, GraphError> {
    caller.require_mail_read()?;
    let message = find_message(&caller.mailbox, &message_id)?;
    let mut body = message_json(&caller.mailbox, message);
    body["@odata.context"] = json!(users_context(&caller, "/messages/$entity"));
    Ok(Json(body))
}

/// `GET /v1.0/me/messages/{id}/attachments`.
pub async fn list_attachments(
    caller: GraphCaller,
    Path(message_id): Path<String>,
) -> Result<Json<Value>, GraphError> {
    caller.require_mail_read()?;
    let message = find_message(&caller.mailbox, &message_id)?;
    let modified = graph_date_time(message.facts.received_unix);
    let value: Vec<Value> = message
        .attachments
        .iter()
        .map(|attachment| {
            json!({
                "@odata.type": "#microsoft.graph.fileAttachment",
                "id": attachment.id,
                "lastModifiedDateTime": modified,
                "name": attachment.name,
                "contentType": attachment.content_type,
                "size": attachment.size,
                "isInline": false,
            })
        })
        .collect();
    Ok(Json(json!({
        "@odata.context": users_context(&caller, &format!("/messages('{message_id}')/attachments")),
        "value": value,
    })))
}

/// Any other path under `/v1.0`: Graph's answer for an unknown segment.
pub async fn unknown_resource(uri: OriginalUri) -> GraphError {
    let segment = uri
        .0
        .path()
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_owned();
    GraphError::bad_request(format!("Resource not found for the segment '{segment}'."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttled_answers_carry_retry_after() {
        let response = GraphError {
            status: StatusCode::TOO_MANY_REQUESTS,
            code: "ApplicationThrottled",
            message: "over".into(),
        }
        .into_response();
        assert_eq!(response.headers()[header::RETRY_AFTER], "1");
    }
}
