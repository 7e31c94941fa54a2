//! Test harness: starts the sandbox on ephemeral ports, calls it over real HTTP, and checks every request and
//! response body of the contract's endpoints against the repository's contract/carbon-openapi.json.
#![allow(dead_code)] // each test binary uses a different part of the harness

pub mod microsoft;

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use outlook_connect_sandbox::{start, DbLocation, RunningSandbox, SandboxConfig};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// How a test authenticates.
#[derive(Debug, Clone)]
pub enum Auth {
    None,
    /// `Bearer <api key>` + `customer-id`.
    ApiKey(String),
    /// `Token <access token>`.
    Token(String),
    /// `Bearer <api key>` alone (organization calls).
    Organization,
    /// A raw authorization header value.
    Raw(String),
}

pub struct Sandbox {
    pub running: Option<RunningSandbox>,
    pub http: reqwest::Client,
    pub api_url: String,
    pub host_url: String,
    pub microsoft_url: String,
    pub widget_url: String,
    pub api_key: String,
}

pub fn test_config(db: DbLocation) -> SandboxConfig {
    SandboxConfig {
        port: 0,
        db,
        processing_delay: Duration::from_millis(20),
        dist_dir: std::env::temp_dir().join("outlook-connect-sandbox-no-dist"),
        ..SandboxConfig::default()
    }
}

impl Sandbox {
    pub async fn start() -> Sandbox {
        Sandbox::start_with(test_config(DbLocation::Memory)).await
    }

    pub async fn start_with(config: SandboxConfig) -> Sandbox {
        let running = start(config).await.expect("sandbox starts");
        Sandbox {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            api_url: running.api_url.clone(),
            host_url: running.host_url.clone(),
            microsoft_url: running.microsoft_url.clone(),
            widget_url: running.widget_url.clone(),
            api_key: running.api_key.clone(),
            running: Some(running),
        }
    }

    pub async fn stop(mut self) {
        if let Some(running) = self.running.take() {
            running.shutdown().await;
        }
    }

    fn authorize(&self, request: reqwest::RequestBuilder, auth: &Auth) -> reqwest::RequestBuilder {
        match auth {
            Auth::None => request,
            Auth::ApiKey(customer) => request
                .header("authorization", format!("Bearer {}", self.api_key))
                .header("customer-id", customer),
            Auth::Token(token) => request.header("authorization", format!("Token {token}")),
            Auth::Organization => {
                request.header("authorization", format!("Bearer {}", self.api_key))
            }
            Auth::Raw(value) => request.header("authorization", value),
        }
    }

    /// Calls a contract endpoint on the API origin and checks both bodies against the contract.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        auth: &Auth,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = self.authorize(
            self.http
                .request(method.clone(), format!("{}{path}", self.api_url)),
            auth,
        );
        if let Some(body) = &body {
            request = request.json(body);
        }
        let response = request.send().await.expect("the API answers");
        let status = response.status();
        let text = response.text().await.expect("a body");
        let answer: Value = serde_json::from_str(&text).unwrap_or_else(|e| {
            panic!("{method} {path} answered {status} with non-JSON ({e}): {text}")
        });
        contract().check_exchange(&method, path, body.as_ref(), status, &answer);
        (status, answer)
    }

    pub async fn post(&self, path: &str, auth: &Auth, body: Value) -> (StatusCode, Value) {
        self.call(Method::POST, path, auth, Some(body)).await
    }

    pub async fn get(&self, path: &str, auth: &Auth) -> (StatusCode, Value) {
        self.call(Method::GET, path, auth, None).await
    }

    /// A customer access token minted with the API key.
    pub async fn token_for(&self, customer: &str) -> String {
        let (status, body) = self
            .get("/auth/v1/access_token", &Auth::ApiKey(customer.into()))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["access_token"]
            .as_str()
            .expect("access_token")
            .to_string()
    }

    /// Drives the whole OAuth flow over HTTP: oauth_url → emulated sign-in page → pick `mailbox` → callback.
    /// Returns the callback's status and HTML.
    pub async fn connect_mailbox(
        &self,
        auth: &Auth,
        mailbox: &str,
        extra: Value,
    ) -> (StatusCode, String) {
        let mut request = json!({ "service": "OUTLOOK" });
        if let (Some(target), Some(extra)) = (request.as_object_mut(), extra.as_object()) {
            target.extend(extra.clone());
        }
        let response = self
            .authorize(
                self.http
                    .post(format!("{}/integrations/oauth_url", self.api_url)),
                auth,
            )
            .header("origin", "http://widget.test")
            .json(&request)
            .send()
            .await
            .expect("oauth_url answers");
        let status = response.status();
        let body: Value = response.json().await.expect("json");
        contract().check_exchange(
            &Method::POST,
            "/integrations/oauth_url",
            Some(&request),
            status,
            &body,
        );
        assert_eq!(status, StatusCode::OK, "{body}");
        let authorize_url = body["oauth_url"].as_str().expect("oauth_url").to_string();
        let callback = self.sign_in(&authorize_url, mailbox).await;
        self.follow_callback(&callback).await
    }

    /// Starts an Outlook flow (`oauth_url`) and signs in as `mailbox`; returns the callback URL, not yet followed.
    pub async fn signed_in_callback(&self, auth: &Auth, mailbox: &str) -> String {
        let (status, body) = self
            .post(
                "/integrations/oauth_url",
                auth,
                json!({"service": "OUTLOOK"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        self.sign_in(body["oauth_url"].as_str().expect("oauth_url"), mailbox)
            .await
    }

    /// Opens the sign-in page and follows the link or form of `mailbox`; returns the redirect (callback) URL.
    pub async fn sign_in(&self, authorize_url: &str, mailbox: &str) -> String {
        let page = self
            .http
            .get(authorize_url)
            .send()
            .await
            .expect("authorize answers");
        assert!(
            page.status().is_success(),
            "sign-in page: {}",
            page.status()
        );
        let html = page.text().await.expect("html");
        let (method, target) = mailbox_choice(&html, mailbox, authorize_url);
        let response = match method {
            ChoiceMethod::Get => self.http.get(&target).send().await,
            ChoiceMethod::Post(form) => self.http.post(&target).form(&form).send().await,
        }
        .expect("choice answers");
        assert!(
            response.status().is_redirection(),
            "picking {mailbox}: {}",
            response.status()
        );
        response.headers()["location"]
            .to_str()
            .expect("location")
            .to_string()
    }

    pub async fn follow_callback(&self, callback: &str) -> (StatusCode, String) {
        let response = self
            .http
            .get(callback)
            .send()
            .await
            .expect("callback answers");
        let status = response.status();
        (status, response.text().await.expect("html"))
    }

    /// Waits until `user_files_v2` with `filters` shows `expected` files, all READY.
    pub async fn wait_ready(
        &self,
        auth: &Auth,
        filters: Value,
        expected: Option<i64>,
    ) -> Vec<Value> {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let (status, body) = self.files(auth, filters.clone(), 10_000).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            let results = body["results"].as_array().cloned().unwrap_or_default();
            let count = body["count"].as_i64().unwrap_or(-1);
            let all_ready = results.iter().all(|f| f["sync_status"] == "READY");
            if all_ready && expected.is_none_or(|n| n == count) && count > 0 {
                return results;
            }
            assert!(
                Instant::now() < deadline,
                "files never became READY: count {count}, expected {expected:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn files(&self, auth: &Auth, filters: Value, limit: i64) -> (StatusCode, Value) {
        self.post(
            "/user_files_v2",
            auth,
            json!({ "filters": filters, "pagination": { "limit": limit } }),
        )
        .await
    }

    /// The caller's data sources.
    pub async fn data_sources(&self, auth: &Auth) -> Vec<Value> {
        let (status, body) = self
            .post(
                "/user_data_sources",
                auth,
                json!({ "pagination": { "limit": 100 } }),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["results"].as_array().cloned().unwrap_or_default()
    }

    /// The id of the folder called `name` in `user_folders` — of `source`, or of the only connected mailbox.
    pub async fn folder_id(&self, auth: &Auth, source: Option<i64>, name: &str) -> String {
        let path = match source {
            Some(id) => format!("/integrations/outlook/user_folders?data_source_id={id}"),
            None => "/integrations/outlook/user_folders".to_owned(),
        };
        let (status, folders) = self.get(&path, auth).await;
        assert_eq!(status, StatusCode::OK, "{folders}");
        folders
            .as_array()
            .expect("list")
            .iter()
            .find(|f| f["displayName"] == name)
            .expect("folder")["id"]
            .as_str()
            .expect("id")
            .to_string()
    }

    /// The Inbox's `totalItemCount` as `user_folders` lists it for the caller's mailbox.
    pub async fn inbox_total(&self, auth: &Auth) -> i64 {
        let (status, folders) = self.get("/integrations/outlook/user_folders", auth).await;
        assert_eq!(status, StatusCode::OK, "{folders}");
        folders
            .as_array()
            .expect("folders")
            .iter()
            .find(|folder| folder["displayName"] == "Inbox")
            .and_then(|folder| folder["totalItemCount"].as_i64())
            .expect("an Inbox")
    }

    /// Waits until the data source reports `READY` (no sync running).
    pub async fn wait_source_ready(&self, auth: &Auth, id: i64) -> Value {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let sources = self.data_sources(auth).await;
            let source = sources
                .into_iter()
                .find(|s| s["id"] == id)
                .expect("source listed");
            if source["sync_status"] == "READY" || source["sync_status"] == "SYNC_ERROR" {
                return source;
            }
            assert!(
                Instant::now() < deadline,
                "source {id} never finished syncing"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

enum ChoiceMethod {
    Get,
    Post(Vec<(String, String)>),
}

/// Finds the sign-in page's link or form for `mailbox` (plain HTML, no JS).
fn mailbox_choice(html: &str, mailbox: &str, page_url: &str) -> (ChoiceMethod, String) {
    let base = url::Url::parse(page_url).expect("page url");
    // A form holding the mailbox (as an input value or button value).
    for form in html.split("<form").skip(1) {
        let form = &form[..form.find("</form>").unwrap_or(form.len())];
        if !form.contains(mailbox) {
            continue;
        }
        let action = attribute(form, "action").unwrap_or_default();
        let method = attribute(form, "method")
            .unwrap_or_else(|| "get".into())
            .to_lowercase();
        let mut fields = Vec::new();
        for tag in form.split('<').skip(1) {
            let name = attribute(tag, "name");
            let value = attribute(tag, "value").unwrap_or_default();
            let is_input = tag.starts_with("input");
            let is_button = tag.starts_with("button");
            if let Some(name) = name {
                if is_input || (is_button && value.contains(mailbox)) {
                    fields.push((name, unescape_html(&value)));
                }
            }
        }
        let target = base
            .join(&unescape_html(&action))
            .expect("form action")
            .to_string();
        if method == "post" {
            return (ChoiceMethod::Post(fields), target);
        }
        let mut url = url::Url::parse(&target).expect("target");
        url.query_pairs_mut()
            .extend_pairs(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        return (ChoiceMethod::Get, url.to_string());
    }
    // A link mentioning the mailbox.
    for anchor in html.split("<a ").skip(1) {
        let end = anchor.find("</a>").unwrap_or(anchor.len());
        if anchor[..end].contains(mailbox) {
            let href = attribute(anchor, "href").expect("href");
            return (
                ChoiceMethod::Get,
                base.join(&unescape_html(&href)).expect("href").to_string(),
            );
        }
    }
    panic!("the sign-in page offers no choice for {mailbox}:\n{html}");
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let head = &tag[..tag.find('>').unwrap_or(tag.len())];
    for quote in ['"', '\''] {
        let needle = format!("{name}={quote}");
        let mut search = head;
        while let Some(position) = search.find(&needle) {
            let before = search[..position].chars().last();
            let rest = &search[position + needle.len()..];
            if before.is_none_or(|c| c.is_whitespace()) {
                return rest.find(quote).map(|end| rest[..end].to_string());
            }
            search = rest;
        }
    }
    None
}

/// `text` with the HTML entities the sandbox's pages write turned back into characters (`&amp;` last, so
/// `&amp;lt;` stays `&lt;`).
pub fn unescape_html(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The contract document and validators for its bodies.
pub struct Contract {
    document: Value,
}

pub fn contract() -> &'static Contract {
    static CONTRACT: OnceLock<Contract> = OnceLock::new();
    CONTRACT.get_or_init(|| {
        let path = contract_path();
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        Contract {
            document: serde_json::from_str(&text).expect("the contract is JSON"),
        }
    })
}

/// The repository's copy of the contract: `contract/carbon-openapi.json` at the workspace root.
fn contract_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../contract/carbon-openapi.json")
}

impl Contract {
    fn operation(&self, method: &Method, path: &str) -> Option<&Value> {
        let path = path.split('?').next().unwrap_or(path);
        self.document
            .get("paths")?
            .get(path)?
            .get(method.as_str().to_lowercase())
    }

    /// Validates `instance` against `schema`, resolving `#/components/...` in the contract.
    pub fn assert_valid(&self, schema: &Value, instance: &Value, what: &str) {
        let document = json!({ "components": self.document["components"], "allOf": [schema] });
        let validator = jsonschema::draft202012::options()
            .should_validate_formats(true)
            .build(&document)
            .unwrap_or_else(|e| panic!("schema for {what} does not compile: {e}"));
        let errors: Vec<String> = validator
            .iter_errors(instance)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{what} does not match the contract:\n{}\n{instance:#}",
            errors.join("\n")
        );
    }

    pub fn assert_valid_component(&self, name: &str, instance: &Value) {
        self.assert_valid(
            &json!({ "$ref": format!("#/components/schemas/{name}") }),
            instance,
            name,
        );
    }

    /// A request the server accepted must be valid; every answer must have its documented shape.
    pub fn check_exchange(
        &self,
        method: &Method,
        path: &str,
        request: Option<&Value>,
        status: StatusCode,
        answer: &Value,
    ) {
        let Some(operation) = self.operation(method, path) else {
            return;
        };
        let what = format!("{method} {path}");
        if status.is_success() {
            if let (Some(request), Some(schema)) = (
                request,
                operation.pointer("/requestBody/content/application~1json/schema"),
            ) {
                self.assert_valid(schema, request, &format!("request of {what}"));
            }
        }
        let documented = operation
            .get("responses")
            .and_then(|responses| responses.get(status.as_str()))
            .and_then(|response| response.pointer("/content/application~1json/schema"));
        match documented {
            Some(schema) => {
                self.assert_valid(schema, answer, &format!("{status} answer of {what}"))
            }
            None => {
                assert!(
                    !status.is_success(),
                    "{what} answered an undocumented success {status}"
                );
                assert!(
                    answer["detail"].is_string(),
                    "{what} answered {status} without a detail string: {answer}"
                );
            }
        }
        if status == StatusCode::UNPROCESSABLE_ENTITY {
            let entries = answer["detail"].as_array().expect("422 detail is a list");
            assert!(!entries.is_empty(), "422 without entries");
        }
    }
}

/// Direct access to the emulated Graph, as the test's own app: for computing what a sync should produce.
pub struct GraphProbe {
    pub http: reqwest::Client,
    pub graph_url: String,
    pub token: String,
}

impl Sandbox {
    /// Signs `mailbox` in at the emulated Microsoft with the test's own PKCE verifier and redeems the code.
    pub async fn graph_probe(&self, mailbox: &str) -> GraphProbe {
        use base64::Engine;
        use sha2::Digest;
        let defaults = outlook_connect_sandbox::microsoft::MicrosoftConfig::default();
        let verifier = format!(
            "{}{}",
            uuid::Uuid::new_v4().simple(),
            uuid::Uuid::new_v4().simple()
        );
        let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(sha2::Sha256::digest(verifier.as_bytes()));
        let redirect_uri = format!("{}/integrations/outlook", self.api_url);
        let mut authorize = url::Url::parse(&format!(
            "{}/common/oauth2/v2.0/authorize",
            self.microsoft_url
        ))
        .expect("url");
        authorize
            .query_pairs_mut()
            .append_pair("client_id", &defaults.client_id)
            .append_pair("response_type", "code")
            .append_pair("redirect_uri", &redirect_uri)
            .append_pair("response_mode", "query")
            .append_pair(
                "scope",
                "Mail.Read offline_access openid User.Read MailboxSettings.Read",
            )
            .append_pair("state", "probe")
            .append_pair("code_challenge", &challenge)
            .append_pair("code_challenge_method", "S256");
        let callback = self.sign_in(authorize.as_str(), mailbox).await;
        let code = url::Url::parse(&callback)
            .expect("callback url")
            .query_pairs()
            .find(|(k, _)| k == "code")
            .map(|(_, v)| v.into_owned())
            .expect("code");
        let tokens: Value = self
            .http
            .post(format!("{}/common/oauth2/v2.0/token", self.microsoft_url))
            .form(&[
                ("grant_type", "authorization_code"),
                ("code", code.as_str()),
                ("redirect_uri", redirect_uri.as_str()),
                ("client_id", defaults.client_id.as_str()),
                ("client_secret", defaults.client_secret.as_str()),
                ("code_verifier", verifier.as_str()),
            ])
            .send()
            .await
            .expect("token answers")
            .json()
            .await
            .expect("json");
        GraphProbe {
            http: self.http.clone(),
            graph_url: format!("{}/v1.0", self.microsoft_url),
            token: tokens["access_token"]
                .as_str()
                .expect("access_token")
                .to_string(),
        }
    }
}

impl GraphProbe {
    /// Every item of a Graph collection, across pages.
    pub async fn all(&self, path: &str) -> Vec<Value> {
        let mut items = Vec::new();
        let mut next = Some(format!("{}{path}", self.graph_url));
        while let Some(url) = next.take() {
            let page: Value = self
                .http
                .get(&url)
                .bearer_auth(&self.token)
                .send()
                .await
                .expect("graph answers")
                .json()
                .await
                .expect("json");
            items.extend(
                page["value"]
                    .as_array()
                    .cloned()
                    .unwrap_or_else(|| panic!("no value in {page}")),
            );
            next = page["@odata.nextLink"].as_str().map(str::to_string);
        }
        items
    }

    /// The ids of the messages of `folder_id` that `filters` selects (evaluated with the filter crate).
    pub async fn expected_ids(
        &self,
        folder_id: &str,
        filters: &Value,
    ) -> std::collections::BTreeSet<String> {
        let filter = outlook_connect_filter::parse_value(filters)
            .expect("valid filter")
            .filter;
        self.all(&format!("/me/mailFolders/{folder_id}/messages?$top=1000"))
            .await
            .iter()
            .filter(|message| filter.matches(&filter_message(message)))
            .map(|message| message["id"].as_str().expect("id").to_string())
            .collect()
    }
}

/// A Graph message as the filter crate sees it.
pub fn filter_message(message: &Value) -> outlook_connect_filter::Message {
    let received = message["receivedDateTime"]
        .as_str()
        .expect("receivedDateTime");
    outlook_connect_filter::Message {
        received_unix: time::OffsetDateTime::parse(
            received,
            &time::format_description::well_known::Rfc3339,
        )
        .expect("rfc3339")
        .unix_timestamp(),
        from: message["from"]["emailAddress"]["address"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        categories: message["categories"]
            .as_array()
            .map(|c| {
                c.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default(),
        has_attachments: message["hasAttachments"].as_bool().unwrap_or(false),
        flagged: message["flag"]["flagStatus"] == "flagged",
    }
}

/// Runs futures concurrently on the current task and returns their outputs in order (a small `join_all`).
pub async fn join_all<F: std::future::Future>(
    futures: impl IntoIterator<Item = F>,
) -> Vec<F::Output> {
    let mut pinned: Vec<_> = futures.into_iter().map(Box::pin).collect();
    let mut outputs: Vec<Option<F::Output>> = (0..pinned.len()).map(|_| None).collect();
    std::future::poll_fn(|context| {
        let mut pending = false;
        for (index, future) in pinned.iter_mut().enumerate() {
            if outputs[index].is_none() {
                match future.as_mut().poll(context) {
                    std::task::Poll::Ready(output) => outputs[index] = Some(output),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    outputs
        .into_iter()
        .map(|output| output.expect("finished"))
        .collect()
}
