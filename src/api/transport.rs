//! What the client needs from the network, as plain types: one [`HttpRequest`], one [`HttpResponse`], and the
//! [`Transport`] trait that sends, waits and draws jitter. The browser implementation is `fetch.rs`
//! ([`super::FetchTransport`]); native tests script their own, so the client's logic runs without a browser.

use super::error::ApiError;
use super::request::Method;
use futures::future::LocalBoxFuture;
use std::time::Duration;

/// One HTTP request as the transport sends it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: Method,
    pub url: String,
    /// The `authorization` header: `Token <access token>`.
    pub authorization: String,
    /// JSON text; sent with `content-type: application/json`.
    pub body: Option<String>,
}

/// An HTTP answer of any status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    pub body: String,
    /// The raw `Retry-After` header, when the browser lets us read it.
    pub retry_after: Option<String>,
}

/// What the client needs from the outside world.
pub trait Transport {
    /// Sends one request. Fails only without an HTTP answer (network, timeout, offline, cancelled).
    fn send(&self, request: HttpRequest)
        -> LocalBoxFuture<'static, Result<HttpResponse, ApiError>>;
    /// Resolves after `delay` (or earlier when the transport is closed).
    fn sleep(&self, delay: Duration) -> LocalBoxFuture<'static, ()>;
    /// A uniform draw in `[0, 1)` for jitter.
    fn random(&self) -> f64;
    /// Milliseconds since the Unix epoch, for `Retry-After` dates.
    fn now_ms(&self) -> f64;
}
