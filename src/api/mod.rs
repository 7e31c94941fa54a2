//! The Carbon API client: everything the widget sends to and reads from a Carbon-compatible API.
//!
//! Layers, from pure to browser:
//! - [`request`]: one builder per contract call, producing an [`ApiRequest`] (method, path, query, JSON body
//!   exactly as `carbon-openapi.json` accepts it);
//! - [`response`]: typed answers the widget reads, with errors naming the bad field;
//! - [`error`]: the one [`ApiError`] type with a stable `code()`, mapped from HTTP statuses, FastAPI `detail`s
//!   and transport failures;
//! - [`retry`]: which failures are retried and how long to wait (backoff with full jitter, `Retry-After`);
//! - [`token`]: the host's `tokenFetcher`, cached, single-flight refresh after a 401;
//! - [`transport`]: the [`Transport`] trait and its plain request/answer types;
//! - [`client`]: [`Client`], one async method per endpoint, over a [`Transport`];
//! - [`fetch`]: the browser edge, [`FetchTransport`] — `fetch`, per-request timeout, offline detection, `close()`.
//!
//! Everything but `fetch` (and the host call in `token`) compiles and is tested natively.

pub mod client;
pub mod error;
pub mod fetch;
pub mod request;
pub mod response;
pub mod retry;
pub mod token;
pub mod transport;

pub use client::Client;
pub use error::{ApiError, ApiErrorKind, FieldError};
pub use fetch::{new_request_id, FetchTransport};
pub use request::{
    ApiRequest, ConnectMode, DataSourceQuery, Endpoint, FileOrder, FileQuery, OutlookSync, Page,
};
pub use response::{
    DataSource, DataSourceSyncStatus, DataSources, FileSyncStatus, LastSyncAction, OAuthUrl,
    StageCounts, Success, SyncStage, UserFile, UserFiles,
};
pub use token::TokenSource;
pub use transport::{HttpRequest, HttpResponse, Transport};
