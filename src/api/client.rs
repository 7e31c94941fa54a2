//! [`Client`]: one async method per endpoint, returning typed answers or an [`ApiError`].
//!
//! Every call goes through [`Client::send`]: take the cached token, send, and on failure either
//! - a 401: ask the [`TokenSource`] for a new token once (shared with any other call that hit a 401) and send once
//!   more — for every endpoint, since a refused token means the API did nothing; or
//! - a transient failure on a retry-safe endpoint: wait as [`retry_delay`] says and send the same request again
//!   (so a sync keeps its `request_id`).
//!
//! The network sits behind the [`Transport`] trait: [`FetchTransport`] in the browser, a scripted one in native
//! tests, so this logic is tested without a browser.

use super::error::{ApiError, ApiErrorKind};
use super::fetch::FetchTransport;
use super::request::{self, ApiRequest, ConnectMode, DataSourceQuery, FileQuery, OutlookSync};
use super::response::{self, DataSources, FromJson, OAuthUrl, Success, UserFile, UserFiles};
use super::retry::{parse_retry_after, retry_delay};
use super::token::TokenSource;
use super::transport::{HttpRequest, Transport};

/// The Carbon API client for one widget instance.
pub struct Client<T = FetchTransport> {
    api_url: String,
    tokens: TokenSource,
    transport: T,
}

impl Client<FetchTransport> {
    /// A browser client with the default per-request timeout. `api_url` is the validated config value.
    pub fn new(api_url: &str, tokens: TokenSource) -> Self {
        Self::with_transport(api_url, tokens, FetchTransport::default())
    }

    /// Aborts every request in flight and every retry wait; later calls fail with `cancelled`. For `destroy`.
    pub fn close(&self) {
        self.transport.close();
    }
}

impl<T: Transport> Client<T> {
    pub fn with_transport(api_url: &str, tokens: TokenSource, transport: T) -> Self {
        Self {
            api_url: api_url.trim_end_matches('/').to_owned(),
            tokens,
            transport,
        }
    }

    /// The API's base URL, e.g. for the OAuth message origin check.
    pub fn api_url(&self) -> &str {
        &self.api_url
    }

    pub fn tokens(&self) -> &TokenSource {
        &self.tokens
    }

    pub fn transport(&self) -> &T {
        &self.transport
    }

    /// Sends `request` with token refresh and retries; the body text of the 2xx answer.
    pub async fn send(&self, request: &ApiRequest) -> Result<String, ApiError> {
        let endpoint = request.endpoint;
        let url = request.url(&self.api_url);
        let body = request.body_text();
        let mut token = self.tokens.token().await?;
        let mut token_refreshed = false;
        let mut attempts = 0;
        loop {
            attempts += 1;
            let http = HttpRequest {
                method: endpoint.method(),
                url: url.clone(),
                authorization: request::authorization(&token),
                body: body.clone(),
            };
            let error = match self.transport.send(http).await {
                Ok(answer) if (200..300).contains(&answer.status) => return Ok(answer.body),
                Ok(answer) => {
                    let retry_after = answer
                        .retry_after
                        .as_deref()
                        .and_then(|value| parse_retry_after(value, self.transport.now_ms()));
                    ApiError::from_response(answer.status, &answer.body, retry_after)
                }
                Err(error) => error,
            };
            if error.kind == ApiErrorKind::Unauthorized && !token_refreshed {
                token_refreshed = true;
                token = self.tokens.refresh(&token).await?;
                continue;
            }
            match retry_delay(endpoint, attempts, &error, self.transport.random()) {
                Some(delay) => self.transport.sleep(delay).await,
                None => return Err(error),
            }
        }
    }

    /// Sends `request` and parses the answer as `R`.
    pub async fn call<R: FromJson>(&self, request: &ApiRequest) -> Result<R, ApiError> {
        let body = self.send(request).await?;
        response::parse(request.endpoint, &body)
    }

    /// `POST /integrations/oauth_url`.
    pub async fn oauth_url(&self, mode: ConnectMode) -> Result<OAuthUrl, ApiError> {
        self.call(&request::oauth_url(mode)).await
    }

    /// `POST /integrations/outlook/sync` for one folder.
    pub async fn outlook_sync(&self, sync: &OutlookSync<'_>) -> Result<Success, ApiError> {
        self.call(&request::outlook_sync(sync)).await
    }

    /// `POST /user_data_sources`.
    pub async fn user_data_sources(
        &self,
        query: &DataSourceQuery,
    ) -> Result<DataSources, ApiError> {
        let mut answer: DataSources = self.call(&request::user_data_sources(query)).await?;
        // An API that answers more than was asked must not make the widget render a hundred thousand rows.
        answer.results.truncate(query.page.limit as usize);
        Ok(answer)
    }

    /// `POST /user_files_v2`.
    pub async fn user_files_v2(&self, query: &FileQuery) -> Result<UserFiles, ApiError> {
        let mut answer: UserFiles = self.call(&request::user_files_v2(query)?).await?;
        if let Some(page) = query.page {
            answer.results.truncate(page.limit as usize);
        }
        Ok(answer)
    }

    /// `POST /resync_file`; a 409 (`conflict`) means the file is still syncing.
    pub async fn resync_file(&self, file_id: i64) -> Result<UserFile, ApiError> {
        self.call(&request::resync_file(file_id)).await
    }

    /// `POST /delete_files_v2` by ids.
    pub async fn delete_files_v2(&self, file_ids: &[i64]) -> Result<Success, ApiError> {
        self.call(&request::delete_files_v2(file_ids)?).await
    }

    /// `POST /revoke_access_token`: disconnects a mailbox.
    pub async fn revoke_access_token(&self, data_source_id: i64) -> Result<Success, ApiError> {
        self.call(&request::revoke_access_token(data_source_id))
            .await
    }
}
