//! `ApiError` mapping (statuses, FastAPI `detail` strings and 422 lists, malformed bodies) and the retry policy
//! (which calls, which failures, backoff bounds, `Retry-After`), with property tests over many cases.
#![cfg(not(target_arch = "wasm32"))]

use outlook_connect::api::response::{self, DataSources, OAuthUrl, UserFiles};
use outlook_connect::api::retry::{
    backoff_cap_ms, parse_retry_after, retry_delay, BASE_BACKOFF_MS, MAX_ATTEMPTS, MAX_BACKOFF_MS,
    MAX_RETRY_AFTER_SECS, MAX_TIMEOUT_ATTEMPTS,
};
use outlook_connect::api::{
    ApiError, ApiErrorKind, Endpoint, FileSyncStatus, StageCounts, SyncStage,
};
use proptest::prelude::*;
use std::time::Duration;

#[test]
fn statuses_map_to_kinds_and_codes() {
    let cases = [
        (401, "unauthorized"),
        (403, "forbidden"),
        (404, "not_found"),
        (408, "timeout"),
        (409, "conflict"),
        (400, "validation"),
        (422, "validation"),
        (429, "rate_limited"),
        (500, "server_error"),
        (502, "server_error"),
        (503, "server_error"),
    ];
    for (status, code) in cases {
        assert_eq!(
            ApiError::from_response(status, "", None).code(),
            code,
            "HTTP {status}"
        );
    }
    assert_eq!(
        ApiError::from_response(503, "", None).kind,
        ApiErrorKind::Server { status: 503 }
    );
    assert_eq!(
        ApiError::from_response(429, "", Some(7)).kind,
        ApiErrorKind::RateLimited {
            retry_after: Some(7)
        }
    );
}

#[test]
fn a_detail_string_becomes_the_message() {
    let error = ApiError::from_response(409, r#"{"detail":"File 4 is still syncing"}"#, None);
    assert_eq!(error.message, "File 4 is still syncing");
    assert_eq!(error.to_string(), "File 4 is still syncing (conflict)");
}

#[test]
fn a_fastapi_422_list_becomes_per_field_messages() {
    let body = r#"{"detail":[
        {"loc":["body","filters","AND",0,"key"],"msg":"Input should be 'category', 'after'","type":"enum"},
        {"loc":["body","data_source_id"],"msg":"Field required","type":"missing"}]}"#;
    let error = ApiError::from_response(422, body, None);
    let fields = error.field_errors();
    assert_eq!(fields.len(), 2);
    assert_eq!(fields[0].loc, ["body", "filters", "AND", "0", "key"]);
    assert_eq!(fields[0].field(), "filters.AND.0.key");
    assert_eq!(fields[1].msg, "Field required");
    assert_eq!(
        error.message,
        "filters.AND.0.key: Input should be 'category', 'after'; data_source_id: Field required"
    );
}

#[test]
fn bodies_without_a_usable_detail_get_a_message_from_the_status() {
    for body in [
        "",
        "<html>oops</html>",
        r#"{"detail":""}"#,
        r#"{"detail":[]}"#,
        r#"{"error":"x"}"#,
        "[1]",
    ] {
        let error = ApiError::from_response(500, body, None);
        assert_eq!(error.message, "The API failed (HTTP 500)", "body {body:?}");
    }
    assert_eq!(
        ApiError::from_response(418, "", None).message,
        "The API refused the request (HTTP 418)"
    );
    assert!(ApiError::from_response(418, "", None)
        .field_errors()
        .is_empty());
}

#[test]
fn malformed_answers_name_the_endpoint_and_the_problem() {
    let not_json = response::parse::<OAuthUrl>(Endpoint::OAuthUrl, "<html>").unwrap_err();
    assert_eq!(not_json.code(), "malformed_response");
    assert!(
        not_json.message.contains("/integrations/oauth_url"),
        "{}",
        not_json.message
    );
    assert!(
        not_json.message.contains("not JSON"),
        "{}",
        not_json.message
    );
    let truncated =
        response::parse::<OAuthUrl>(Endpoint::OAuthUrl, r#"{"oauth_url":"#).unwrap_err();
    assert!(
        truncated.message.contains("not JSON"),
        "{}",
        truncated.message
    );
    let wrong =
        response::parse::<DataSources>(Endpoint::UserDataSources, r#"{"results":{}, "count":1}"#)
            .unwrap_err();
    assert!(wrong.message.contains("wrong shape"), "{}", wrong.message);
}

#[test]
fn a_wrong_shape_names_the_field_path() {
    let body = r#"{"count":1,"results":[{"id":1,"sync_status":"READY","created_at":"t"},{"id":2,"sync_status":5,"created_at":"t"}]}"#;
    let error = response::parse::<UserFiles>(Endpoint::UserFilesV2, body).unwrap_err();
    assert!(
        error
            .message
            .ends_with("wrong shape: results[1].sync_status: expected a string)"),
        "{}",
        error.message
    );
    let missing =
        response::parse::<UserFiles>(Endpoint::UserFilesV2, r#"{"results":[]}"#).unwrap_err();
    assert!(
        missing.message.contains("count: missing"),
        "{}",
        missing.message
    );
    let not_object = response::parse::<OAuthUrl>(Endpoint::OAuthUrl, "[]").unwrap_err();
    assert!(
        not_object
            .message
            .contains("wrong shape: expected an object"),
        "{}",
        not_object.message
    );
}

#[test]
fn answers_tolerate_extra_fields_and_unknown_statuses() {
    let body = r#"{"count": 2, "next": null, "results": [
        {"id": 1, "name": "Hello", "sync_status": "READY", "created_at": "2024-01-01T00:00:00Z", "new_field": [1],
         "file_metadata": {"subject": "Hello"}, "request_id": "r1", "external_url": null, "parent_id": null},
        {"id": 2, "name": null, "sync_status": "SOMETHING_NEW", "created_at": "2024-01-02T00:00:00Z"}]}"#;
    let files: UserFiles = response::parse(Endpoint::UserFilesV2, body).unwrap();
    assert_eq!(files.count, 2);
    assert_eq!(files.results[0].request_id.as_deref(), Some("r1"));
    assert_eq!(files.results[1].sync_status, FileSyncStatus::Other);
    assert_eq!(files.results[1].sync_status.stage(), SyncStage::Syncing);
    assert_eq!(
        files.results[1].sync_status_text, "SOMETHING_NEW",
        "the API's own word is kept, so the list can show it instead of \"Unknown status\""
    );
}

#[test]
fn every_file_status_of_the_contract_is_known_to_the_widget() {
    for wire in outlook_connect_contract::FILE_SYNC_STATUSES {
        assert_ne!(
            FileSyncStatus::from_wire(wire),
            FileSyncStatus::Other,
            "{wire} is in the contract: give it a stage"
        );
    }
}

#[test]
fn stages_count_and_settle() {
    let statuses = [
        ("QUEUED_FOR_SYNC", SyncStage::Queued),
        ("DELAYED", SyncStage::Queued),
        ("SYNCING", SyncStage::Syncing),
        ("EVALUATING_RESYNC", SyncStage::Syncing),
        ("READY", SyncStage::Ready),
        ("SYNC_ERROR", SyncStage::Failed),
        ("SYNC_ABORTED", SyncStage::Failed),
        ("QUEUED_FOR_OCR", SyncStage::Queued),
        ("READY_TO_SYNC", SyncStage::Queued),
        ("RATE_LIMITED", SyncStage::Queued),
    ];
    for (wire, stage) in statuses {
        let status = FileSyncStatus::from_wire(wire);
        assert_eq!(status.stage(), stage, "{wire}");
        assert_ne!(
            status,
            FileSyncStatus::Other,
            "{wire} must be a known status"
        );
    }
    let body = r#"{"count":3,"results":[
        {"id":1,"sync_status":"READY","created_at":"t"},{"id":2,"sync_status":"SYNC_ERROR","created_at":"t"},
        {"id":3,"sync_status":"SYNCING","created_at":"t"}]}"#;
    let files: UserFiles = response::parse(Endpoint::UserFilesV2, body).unwrap();
    let counts = StageCounts::tally(&files.results);
    assert_eq!(
        (counts.queued, counts.syncing, counts.ready, counts.failed),
        (0, 1, 1, 1)
    );
    assert!(!counts.is_settled());
    assert!(StageCounts::tally(&files.results[..2]).is_settled());
}

#[test]
fn retry_after_reads_seconds_and_http_dates() {
    let now = 1_700_000_000_000.0; // 2023-11-14T22:13:20Z
    assert_eq!(parse_retry_after("120", now), Some(120));
    assert_eq!(parse_retry_after(" 0 ", now), Some(0));
    assert_eq!(
        parse_retry_after("Tue, 14 Nov 2023 22:13:50 GMT", now),
        Some(30)
    );
    // The obsolete RFC 850 and asctime forms are not read: the backoff applies instead.
    assert_eq!(
        parse_retry_after("Tuesday, 14-Nov-23 22:13:50 GMT", now),
        None
    );
    assert_eq!(parse_retry_after("Tue Nov 14 22:13:50 2023", now), None);
    assert_eq!(
        parse_retry_after("Tue, 14 Nov 2023 22:00:00 GMT", now),
        Some(0),
        "a past date means now"
    );
    assert_eq!(parse_retry_after("soon", now), None);
    assert_eq!(parse_retry_after("-5", now), None);
    assert_eq!(parse_retry_after("", now), None);
    assert_eq!(
        parse_retry_after("99999999999999999999", now),
        Some(u32::MAX)
    );
}

fn server_error() -> ApiError {
    ApiError::from_response(500, "", None)
}

#[test]
fn only_safe_endpoints_are_retried() {
    let safe = [
        Endpoint::UserFolders,
        Endpoint::UserCategories,
        Endpoint::UserDataSources,
        Endpoint::UserFilesV2,
        Endpoint::OutlookSync,
    ];
    for endpoint in Endpoint::ALL {
        let delay = retry_delay(endpoint, 1, &server_error(), 0.5);
        assert_eq!(delay.is_some(), safe.contains(&endpoint), "{endpoint:?}");
    }
}

#[test]
fn only_transient_failures_are_retried() {
    let retried = [
        ApiError::new(ApiErrorKind::Network, "x"),
        ApiError::new(ApiErrorKind::Timeout, "x"),
        ApiError::from_response(429, "", None),
        server_error(),
    ];
    let final_ones = [
        ApiError::from_response(400, "", None),
        ApiError::from_response(401, "", None),
        ApiError::from_response(403, "", None),
        ApiError::from_response(404, "", None),
        ApiError::from_response(409, "", None),
        ApiError::from_response(422, "", None),
        ApiError::new(ApiErrorKind::Offline, "x"),
        ApiError::new(ApiErrorKind::Malformed, "x"),
        ApiError::new(ApiErrorKind::TokenFetcher, "x"),
        ApiError::new(ApiErrorKind::Cancelled, "x"),
    ];
    for error in retried {
        assert!(
            retry_delay(Endpoint::UserFilesV2, 1, &error, 0.3).is_some(),
            "{error}"
        );
    }
    for error in final_ones {
        assert_eq!(
            retry_delay(Endpoint::UserFilesV2, 1, &error, 0.3),
            None,
            "{error}"
        );
    }
}

#[test]
fn a_timeout_is_tried_once_more_then_reported() {
    let timeout = ApiError::new(ApiErrorKind::Timeout, "no answer within 20 s");
    assert!(retry_delay(Endpoint::UserFilesV2, 1, &timeout, 0.5).is_some());
    assert_eq!(
        retry_delay(Endpoint::UserFilesV2, MAX_TIMEOUT_ATTEMPTS, &timeout, 0.5),
        None,
        "a hanging API is reported after two timeouts, not after every attempt timed out"
    );
    assert!(
        retry_delay(
            Endpoint::UserFilesV2,
            MAX_TIMEOUT_ATTEMPTS,
            &server_error(),
            0.5
        )
        .is_some(),
        "other transient failures keep their attempts"
    );
}

#[test]
fn backoff_caps_double_then_stop() {
    assert_eq!(backoff_cap_ms(1), BASE_BACKOFF_MS);
    assert_eq!(backoff_cap_ms(2), BASE_BACKOFF_MS * 2);
    assert_eq!(backoff_cap_ms(3), BASE_BACKOFF_MS * 4);
    assert_eq!(backoff_cap_ms(40), MAX_BACKOFF_MS);
    assert_eq!(
        retry_delay(Endpoint::OutlookSync, MAX_ATTEMPTS, &server_error(), 0.5),
        None
    );
    let long_wait = ApiError::from_response(429, "", Some(MAX_RETRY_AFTER_SECS + 1));
    assert_eq!(
        retry_delay(Endpoint::OutlookSync, 1, &long_wait, 0.5),
        None,
        "too long a wait is reported"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn jittered_delays_stay_within_the_cap(attempt in 1u32..MAX_ATTEMPTS, random in -1.0f64..2.0, status in 500u16..600) {
        let error = ApiError::from_response(status, "", None);
        let delay = retry_delay(Endpoint::UserDataSources, attempt, &error, random).unwrap();
        prop_assert!(delay <= Duration::from_millis(u64::from(backoff_cap_ms(attempt))));
        prop_assert!(delay <= Duration::from_millis(u64::from(MAX_BACKOFF_MS)));
    }

    #[test]
    fn full_jitter_spans_the_whole_range(attempt in 1u32..MAX_ATTEMPTS) {
        let low = retry_delay(Endpoint::UserFolders, attempt, &server_error(), 0.0).unwrap();
        let high = retry_delay(Endpoint::UserFolders, attempt, &server_error(), 0.999_999).unwrap();
        prop_assert_eq!(low, Duration::ZERO);
        prop_assert!(high.as_millis() + 1 >= u128::from(backoff_cap_ms(attempt)));
    }

    #[test]
    fn caps_never_shrink(attempt in 0u32..10_000) {
        prop_assert!(backoff_cap_ms(attempt) <= backoff_cap_ms(attempt + 1));
        prop_assert!(backoff_cap_ms(attempt) <= MAX_BACKOFF_MS);
    }

    #[test]
    fn retry_after_is_waited_out_exactly(seconds in 0u32..=MAX_RETRY_AFTER_SECS, attempt in 1u32..MAX_ATTEMPTS, random in 0.0f64..1.0) {
        let error = ApiError::from_response(429, "", Some(seconds));
        let delay = retry_delay(Endpoint::OutlookSync, attempt, &error, random);
        prop_assert_eq!(delay, Some(Duration::from_secs(u64::from(seconds))));
    }

    #[test]
    fn unsafe_endpoints_are_never_retried(attempt in 0u32..10, status in 500u16..600, random in 0.0f64..1.0) {
        let error = ApiError::from_response(status, "", None);
        for endpoint in [Endpoint::DeleteFilesV2, Endpoint::RevokeAccessToken, Endpoint::ResyncFile, Endpoint::OAuthUrl] {
            prop_assert_eq!(retry_delay(endpoint, attempt, &error, random), None);
        }
    }

    #[test]
    fn any_status_and_body_map_without_panicking(status in 0u16..1000, body in "\\PC{0,80}") {
        let error = ApiError::from_response(status, &body, None);
        prop_assert!(!error.message.is_empty());
        prop_assert!(!error.code().is_empty());
    }

    #[test]
    fn retry_after_dates_written_by_httpdate_are_read_back(at in 5u64..4_102_444_800, ahead in 0u64..100_000) {
        let written = httpdate::fmt_http_date(std::time::UNIX_EPOCH + Duration::from_secs(at));
        let now_ms = (at.saturating_sub(ahead) * 1000) as f64;
        prop_assert_eq!(parse_retry_after(&written, now_ms), Some(ahead.min(at) as u32), "{}", written);
    }

    #[test]
    fn retry_after_seconds_round_trip(seconds in 0u32..1_000_000) {
        prop_assert_eq!(parse_retry_after(&seconds.to_string(), 0.0), Some(seconds));
    }
}
