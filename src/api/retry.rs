//! When to try a failed call again, and after how long. Pure: the random source and the clock are inputs.
//!
//! Only calls where a second send does no harm are retried ([`Endpoint::is_retry_safe`]), and only after
//! transient failures: network errors, timeouts, 429 and 5xx. The wait is exponential backoff with full jitter
//! (a uniform draw in `[0, cap]`, the cap doubling per attempt up to [`MAX_BACKOFF_MS`]); a 429's `Retry-After`
//! is waited out exactly, unless it is longer than [`MAX_RETRY_AFTER_SECS`] — then the error is reported instead of
//! leaving the user staring at a spinner.

use super::error::{ApiError, ApiErrorKind};
use super::request::Endpoint;
use std::time::Duration;

/// Sends per call, the first one included (the one resend with a fresh token after a 401 counts too).
pub const MAX_ATTEMPTS: u32 = 4;
/// Sends per call when they end in a timeout: a server that did not answer once in
/// [`super::fetch::DEFAULT_TIMEOUT_MS`] seldom answers the third time, and the person should hear about it
/// in well under a minute rather than after every attempt has timed out.
pub const MAX_TIMEOUT_ATTEMPTS: u32 = 2;
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
    if error.kind == ApiErrorKind::Timeout && attempts_made >= MAX_TIMEOUT_ATTEMPTS {
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

/// A `Retry-After` value in whole seconds from now: either delay-seconds (`120`) or an HTTP date in the
/// IMF-fixdate form senders must use (`Sun, 06 Nov 1994 08:49:37 GMT`, RFC 9110 §5.6.7). A date in the past
/// means 0; anything else (including the obsolete date forms) means `None`, and the backoff applies instead.
pub fn parse_retry_after(value: &str, now_unix_ms: f64) -> Option<u32> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(
            value
                .parse::<u64>()
                .map_or(u32::MAX, |s| s.min(u64::from(u32::MAX)) as u32),
        );
    }
    let at_ms = imf_fixdate_unix_ms(value)?;
    let seconds = ((at_ms - now_unix_ms) / 1000.0).ceil();
    Some(seconds.clamp(0.0, f64::from(u32::MAX)) as u32)
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `Sun, 06 Nov 1994 08:49:37 GMT` as milliseconds since the Unix epoch (the weekday is not checked).
fn imf_fixdate_unix_ms(value: &str) -> Option<f64> {
    let bytes = value.as_bytes();
    let separators = [
        (3, b','),
        (4, b' '),
        (7, b' '),
        (11, b' '),
        (16, b' '),
        (19, b':'),
        (22, b':'),
    ];
    if bytes.len() != 29
        || !value.ends_with(" GMT")
        || separators.iter().any(|&(at, byte)| bytes[at] != byte)
    {
        return None;
    }
    let number = |from: usize, to: usize| -> Option<i64> {
        let digits = value.get(from..to)?;
        digits
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| digits.parse().ok())?
    };
    let month = MONTHS
        .iter()
        .position(|name| Some(*name) == value.get(8..11))? as i64
        + 1;
    let (day, year) = (number(5, 7)?, number(12, 16)?);
    let (hour, minute, second) = (number(17, 19)?, number(20, 22)?, number(23, 25)?);
    if !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let seconds = days_from_civil(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second;
    Some(seconds as f64 * 1000.0)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_days_match_known_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(2023, 11, 14), 19_675);
        assert_eq!(
            imf_fixdate_unix_ms("Tue, 14 Nov 2023 22:13:20 GMT"),
            Some(1_700_000_000_000.0)
        );
        assert_eq!(imf_fixdate_unix_ms("Tue, 14 Nov 2023 22:13:20 UTC"), None);
        assert_eq!(imf_fixdate_unix_ms("Tue, 14 Now 2023 22:13:20 GMT"), None);
        assert_eq!(imf_fixdate_unix_ms("Tue, 14 Nov 2023 24:13:20 GMT"), None);
        assert_eq!(imf_fixdate_unix_ms("Tue, +4 Nov 2023 22:13:20 GMT"), None);
    }
}
