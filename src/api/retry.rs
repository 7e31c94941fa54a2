//! When to try a failed call again, and after how long. Pure: the random source and the clock are inputs.
//!
//! Only calls where a second send does no harm are retried ([`Endpoint::is_retry_safe`]), and only after
//! transient failures: network errors, timeouts, 429 and 5xx. The wait is exponential backoff with full jitter
//! (a uniform draw in `[0, cap]`, the cap doubling per attempt up to [`MAX_BACKOFF_MS`]); a 429's `Retry-After`
//! is waited out exactly, unless it is longer than [`MAX_RETRY_AFTER_SECS`] — then the error is reported instead of
//! leaving the user staring at a spinner.

use super::error::{ApiError, ApiErrorKind};
use super::request::Endpoint;
use std::time::{Duration, UNIX_EPOCH};

/// Sends per call, the first one included (the one resend with a fresh token after a 401 counts too).
pub const MAX_ATTEMPTS: u32 = 4;
/// The backoff cap before the first retry.
pub const BASE_BACKOFF_MS: u32 = 500;
/// The backoff cap never grows past this.
pub const MAX_BACKOFF_MS: u32 = 8_000;
/// The longest `Retry-After` the client waits out.
pub const MAX_RETRY_AFTER_SECS: u32 = 60;

/// The largest wait before retry number `retry` (1 for the first retry): `BASE * 2^(retry-1)`, capped.
pub fn backoff_cap_ms(retry: u32) -> u32 {
    let doublings = retry.saturating_sub(1).min(16);
    BASE_BACKOFF_MS
        .saturating_mul(1 << doublings)
        .min(MAX_BACKOFF_MS)
}

/// How long to wait before sending `endpoint` again after `attempts_made` sends ended in `error`, or `None` to
/// give up. `random` is a uniform draw in `[0, 1)` (values outside are clamped).
pub fn retry_delay(
    endpoint: Endpoint,
    attempts_made: u32,
    error: &ApiError,
    random: f64,
) -> Option<Duration> {
    if !endpoint.is_retry_safe() || attempts_made >= MAX_ATTEMPTS || !error.is_transient() {
        return None;
    }
    if let ApiErrorKind::RateLimited {
        retry_after: Some(seconds),
    } = error.kind
    {
        return (seconds <= MAX_RETRY_AFTER_SECS).then(|| Duration::from_secs(u64::from(seconds)));
    }
    let cap = f64::from(backoff_cap_ms(attempts_made));
    let jittered = (random.clamp(0.0, 1.0) * cap).floor().min(cap);
    Some(Duration::from_millis(jittered as u64))
}

/// A `Retry-After` value in whole seconds from now: either delay-seconds (`120`) or an HTTP date (all three
/// formats of RFC 9110). A date in the past means 0; anything else unreadable means `None`.
pub fn parse_retry_after(value: &str, now_unix_ms: f64) -> Option<u32> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(
            value
                .parse::<u64>()
                .map_or(u32::MAX, |s| s.min(u64::from(u32::MAX)) as u32),
        );
    }
    let at = httpdate::parse_http_date(value).ok()?;
    let at_ms = at.duration_since(UNIX_EPOCH).ok()?.as_millis() as f64;
    let seconds = ((at_ms - now_unix_ms) / 1000.0).ceil();
    Some(seconds.clamp(0.0, f64::from(u32::MAX)) as u32)
}
