//! The Carbon side's HTTP client for Microsoft: identity platform v2.0 (authorize URL, code and refresh-token
//! grants) and Graph (me, folders, categories, messages, attachments). Base URLs, client id and secret are
//! configuration, so the same code can talk to real Microsoft. At most 4 Graph calls run at once per mailbox, and a
//! 429 is retried after its `Retry-After`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;
use tokio::sync::Semaphore;

use crate::clock;

/// Graph calls allowed at once against one mailbox.
pub const GRAPH_CALLS_PER_MAILBOX: usize = 4;
/// How often a throttled (429) Graph call is tried before giving up.
const MAX_THROTTLE_ATTEMPTS: u32 = 8;
/// The longest `Retry-After` honoured; longer ones are capped.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);
/// The delegated permissions asked for.
pub const SCOPES: &str = "Mail.Read offline_access openid User.Read MailboxSettings.Read";

/// Where Microsoft is and who we are to it.
#[derive(Debug, Clone)]
pub struct MicrosoftEndpoints {
    /// e.g. `http://127.0.0.1:8789` or `https://login.microsoftonline.com`.
    pub authority_url: String,
    /// e.g. `http://127.0.0.1:8789/v1.0` or `https://graph.microsoft.com/v1.0`.
    pub graph_url: String,
    pub client_id: String,
    pub client_secret: String,
    /// The Carbon side's OAuth callback, `{api_url}/integrations/outlook`.
    pub redirect_uri: String,
}

/// What went wrong talking to Microsoft.
#[derive(Debug)]
pub enum MicrosoftError {
    /// Microsoft answered with an error status.
    Rejected { status: u16, message: String },
    /// No answer (connection refused, timeout).
    Unreachable(String),
    /// An answer that is not what Microsoft sends.
    Malformed(String),
}

impl std::fmt::Display for MicrosoftError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MicrosoftError::Rejected { status, message } => {
                write!(f, "Microsoft answered {status}: {message}")
            }
            MicrosoftError::Unreachable(message) => {
                write!(f, "Microsoft is unreachable: {message}")
            }
            MicrosoftError::Malformed(message) => {
                write!(f, "Microsoft sent an unexpected answer: {message}")
            }
        }
    }
}

impl std::error::Error for MicrosoftError {}

/// Tokens from the token endpoint, with their absolute expiry (Unix seconds).
#[derive(Debug, Clone)]
pub struct TokenSet {
    pub access_token: String,
    pub refresh_token: Option<String>,
    pub expires_at: i64,
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    refresh_token: Option<String>,
    expires_in: Option<i64>,
}

/// The signed-in user (`GET /me`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Me {
    pub id: String,
    pub display_name: Option<String>,
    pub mail: Option<String>,
    pub user_principal_name: Option<String>,
}

impl Me {
    /// The mailbox address: `mail`, else `userPrincipalName`, else the id.
    pub fn address(&self) -> String {
        self.mail
            .clone()
            .or_else(|| self.user_principal_name.clone())
            .unwrap_or_else(|| self.id.clone())
    }
}

pub struct MicrosoftClient {
    http: reqwest::Client,
    endpoints: MicrosoftEndpoints,
    mailbox_limits: Mutex<HashMap<String, Arc<Semaphore>>>,
}

impl MicrosoftClient {
    pub fn new(endpoints: MicrosoftEndpoints) -> Self {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .pool_max_idle_per_host(32)
            .build()
            .unwrap_or_default();
        MicrosoftClient {
            http,
            endpoints,
            mailbox_limits: Mutex::new(HashMap::new()),
        }
    }

    /// `{authority}/{tenant}/oauth2/v2.0/{leaf}`, built by path segments: the tenant is one encoded segment, so it
    /// can never change the host or the path around it.
    fn identity_url(&self, tenant: &str, leaf: &str) -> Result<url::Url, MicrosoftError> {
        let mut url = url::Url::parse(&self.endpoints.authority_url).map_err(|e| {
            MicrosoftError::Unreachable(format!("the authority URL is not valid: {e}"))
        })?;
        url.path_segments_mut()
            .map_err(|()| {
                MicrosoftError::Unreachable("the authority URL cannot have a path".into())
            })?
            .pop_if_empty()
            .extend([tenant, "oauth2", "v2.0", leaf]);
        Ok(url)
    }

    /// The authorize URL for a flow.
    pub fn authorize_url(
        &self,
        tenant: &str,
        state: &str,
        code_challenge: &str,
    ) -> Result<String, MicrosoftError> {
        let mut url = self.identity_url(tenant, "authorize")?;
        url.query_pairs_mut()
            .append_pair("client_id", &self.endpoints.client_id)
            .append_pair("response_type", "code")
            .append_pair("redirect_uri", &self.endpoints.redirect_uri)
            .append_pair("response_mode", "query")
            .append_pair("scope", SCOPES)
            .append_pair("state", state)
            .append_pair("code_challenge", code_challenge)
            .append_pair("code_challenge_method", "S256")
            .append_pair("prompt", "select_account");
        Ok(url.to_string())
    }

    /// The authorization-code grant (with the PKCE verifier).
    pub async fn exchange_code(
        &self,
        tenant: &str,
        code: &str,
        verifier: &str,
    ) -> Result<TokenSet, MicrosoftError> {
        let form = [
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", self.endpoints.redirect_uri.as_str()),
            ("client_id", self.endpoints.client_id.as_str()),
            ("client_secret", self.endpoints.client_secret.as_str()),
            ("code_verifier", verifier),
            ("scope", SCOPES),
        ];
        self.token_request(tenant, &form).await
    }

    /// The refresh-token grant.
    pub async fn refresh(
        &self,
        tenant: &str,
        refresh_token: &str,
    ) -> Result<TokenSet, MicrosoftError> {
        let form = [
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
            ("client_id", self.endpoints.client_id.as_str()),
            ("client_secret", self.endpoints.client_secret.as_str()),
            ("scope", SCOPES),
        ];
        self.token_request(tenant, &form).await
    }

    async fn token_request(
        &self,
        tenant: &str,
        form: &[(&str, &str)],
    ) -> Result<TokenSet, MicrosoftError> {
        let response = self
            .http
            .post(self.identity_url(tenant, "token")?)
            .form(form)
            .send()
            .await
            .map_err(|e| MicrosoftError::Unreachable(e.to_string()))?;
        let status = response.status();
        let body = response
            .text()
            .await
            .map_err(|e| MicrosoftError::Unreachable(e.to_string()))?;
        if !status.is_success() {
            return Err(MicrosoftError::Rejected {
                status: status.as_u16(),
                message: identity_error_message(&body),
            });
        }
        let answer: TokenAnswer = serde_json::from_str(&body)
            .map_err(|e| MicrosoftError::Malformed(format!("token answer: {e}")))?;
        Ok(TokenSet {
            access_token: answer.access_token,
            refresh_token: answer.refresh_token,
            expires_at: clock::now_unix() + answer.expires_in.unwrap_or(3600),
        })
    }

    fn mailbox_limit(&self, mailbox: &str) -> Arc<Semaphore> {
        let mut limits = self
            .mailbox_limits
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        limits
            .entry(mailbox.to_string())
            .or_insert_with(|| Arc::new(Semaphore::new(GRAPH_CALLS_PER_MAILBOX)))
            .clone()
    }

    /// `GET` a Graph path (relative to the Graph base URL) or an absolute `@odata.nextLink`.
    pub async fn graph_get(
        &self,
        mailbox: &str,
        token: &str,
        path_or_url: &str,
    ) -> Result<Value, MicrosoftError> {
        let url = if path_or_url.starts_with("http://") || path_or_url.starts_with("https://") {
            path_or_url.to_string()
        } else {
            format!(
                "{}{}",
                self.endpoints.graph_url.trim_end_matches('/'),
                path_or_url
            )
        };
        let limit = self.mailbox_limit(mailbox);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let response = {
                let _permit = limit
                    .acquire()
                    .await
                    .map_err(|e| MicrosoftError::Unreachable(e.to_string()))?;
                self.http
                    .get(&url)
                    .bearer_auth(token)
                    .send()
                    .await
                    .map_err(|e| MicrosoftError::Unreachable(e.to_string()))?
            };
            let status = response.status();
            if status.as_u16() == 429 && attempt < MAX_THROTTLE_ATTEMPTS {
                let wait = retry_after(response.headers()).min(MAX_RETRY_AFTER);
                tokio::time::sleep(wait).await;
                continue;
            }
            let body = response
                .text()
                .await
                .map_err(|e| MicrosoftError::Unreachable(e.to_string()))?;
            if !status.is_success() {
                return Err(MicrosoftError::Rejected {
                    status: status.as_u16(),
                    message: graph_error_message(&body),
                });
            }
            return serde_json::from_str(&body)
                .map_err(|e| MicrosoftError::Malformed(format!("Graph answer for {url}: {e}")));
        }
    }

    pub async fn me(&self, mailbox_hint: &str, token: &str) -> Result<Me, MicrosoftError> {
        let value = self.graph_get(mailbox_hint, token, "/me").await?;
        serde_json::from_value(value).map_err(|e| MicrosoftError::Malformed(format!("/me: {e}")))
    }

    /// Every `value` item across `@odata.nextLink` pages.
    async fn all_pages(
        &self,
        mailbox: &str,
        token: &str,
        first: &str,
    ) -> Result<Vec<Value>, MicrosoftError> {
        let mut items = Vec::new();
        let mut next = Some(first.to_string());
        while let Some(url) = next.take() {
            let page = self.graph_get(mailbox, token, &url).await?;
            items.extend(page_items(&page)?);
            next = page
                .get("@odata.nextLink")
                .and_then(Value::as_str)
                .map(str::to_string);
        }
        Ok(items)
    }

    /// All folders at every depth, parents before children (breadth first), as Graph folder objects.
    pub async fn all_folders(
        &self,
        mailbox: &str,
        token: &str,
    ) -> Result<Vec<Value>, MicrosoftError> {
        let mut ordered = self
            .all_pages(mailbox, token, "/me/mailFolders?$top=100")
            .await?;
        let mut cursor = 0;
        while cursor < ordered.len() {
            let folder = ordered[cursor].clone();
            cursor += 1;
            let has_children = folder
                .get("childFolderCount")
                .and_then(Value::as_i64)
                .unwrap_or(0)
                > 0;
            let Some(id) = folder.get("id").and_then(Value::as_str) else {
                return Err(MicrosoftError::Malformed("a folder without an id".into()));
            };
            if has_children {
                let path = format!(
                    "/me/mailFolders/{}/childFolders?$top=100",
                    encode_segment(id)
                );
                ordered.extend(self.all_pages(mailbox, token, &path).await?);
            }
        }
        Ok(ordered)
    }

    pub async fn categories(
        &self,
        mailbox: &str,
        token: &str,
    ) -> Result<Vec<Value>, MicrosoftError> {
        let page = self
            .graph_get(mailbox, token, "/me/outlook/masterCategories")
            .await?;
        page_items(&page)
    }

    /// The first messages page URL of a folder, with an optional `$filter`.
    pub fn messages_path(folder_id: &str, filter: Option<&str>, top: u32) -> String {
        let mut path = format!(
            "/me/mailFolders/{}/messages?$top={top}&$select=id,subject,receivedDateTime,from,categories,hasAttachments,flag,webLink,bodyPreview,internetMessageId",
            encode_segment(folder_id)
        );
        if let Some(filter) = filter {
            path.push_str("&$filter=");
            path.push_str(
                &url::form_urlencoded::byte_serialize(filter.as_bytes()).collect::<String>(),
            );
        }
        path
    }

    /// The Graph path of a message's attachments.
    pub fn attachments_path(message_id: &str) -> String {
        format!("/me/messages/{}/attachments", encode_segment(message_id))
    }
}

/// The `value` array of a Graph collection answer.
pub fn page_items(page: &Value) -> Result<Vec<Value>, MicrosoftError> {
    page.get("value")
        .and_then(Value::as_array)
        .cloned()
        .ok_or_else(|| MicrosoftError::Malformed("a collection without a 'value' array".into()))
}

/// Percent-encodes a path segment, keeping what RFC 3986 allows there (Graph ids end in `=`).
fn encode_segment(segment: &str) -> String {
    let mut encoded = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&byte);
        if keep {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

fn retry_after(headers: &reqwest::header::HeaderMap) -> Duration {
    headers
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .and_then(|text| text.trim().parse::<u64>().ok())
        .map(Duration::from_secs)
        .unwrap_or(Duration::from_secs(1))
}

fn identity_error_message(body: &str) -> String {
    match serde_json::from_str::<Value>(body) {
        Ok(value) => {
            let code = value
                .get("error")
                .and_then(Value::as_str)
                .unwrap_or("error");
            let description = value
                .get("error_description")
                .and_then(Value::as_str)
                .unwrap_or("");
            format!("{code}: {description}")
        }
        Err(_) => truncate(body),
    }
}

fn graph_error_message(body: &str) -> String {
    match serde_json::from_str::<Value>(body) {
        Ok(value) => {
            let error = value.get("error");
            let code = error
                .and_then(|e| e.get("code"))
                .and_then(Value::as_str)
                .unwrap_or("error");
            let message = error
                .and_then(|e| e.get("message"))
                .and_then(Value::as_str)
                .unwrap_or("");
            format!("{code}: {message}")
        }
        Err(_) => truncate(body),
    }
}

fn truncate(body: &str) -> String {
    body.chars().take(200).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_keep_graph_ids_and_encode_the_rest() {
        assert_eq!(encode_segment("AAMkAG-x_y=AAA="), "AAMkAG-x_y=AAA=");
        assert_eq!(encode_segment("a/b c?#%é"), "a%2Fb%20c%3F%23%25%C3%A9");
    }
}
