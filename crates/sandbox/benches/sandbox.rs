//! Sandbox benchmarks (`cargo bench -p outlook-connect-sandbox`), over loopback HTTP only and bounded in time:
//! 1. sync of the 10,000+-message mailbox (big@contoso.test, Inbox) through a filter, processing delay 0, from the
//!    sync request until every file is READY (goal: <= 2 s);
//! 2. requests per second on `POST /user_files_v2` with 16 concurrent clients for 5 seconds.

#[path = "../tests/common/mod.rs"]
mod common;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{test_config, Auth, Sandbox};
use outlook_connect_sandbox::DbLocation;
use serde_json::{json, Value};

const BIG: &str = "big@contoso.test";
const CLIENTS: usize = 16;
const LOAD_DURATION: Duration = Duration::from_secs(5);

struct Row {
    what: String,
    figure: String,
    note: String,
}

#[tokio::main]
async fn main() {
    let sandbox = Sandbox::start_with(outlook_connect_sandbox::SandboxConfig {
        processing_delay: Duration::ZERO,
        ..test_config(DbLocation::Memory)
    })
    .await;
    let auth = Auth::Token(sandbox.token_for("bench").await);
    let (status, html) = sandbox.connect_mailbox(&auth, BIG, json!({})).await;
    assert!(status.is_success(), "connecting {BIG} failed: {html}");
    let source = sandbox.data_sources(&auth).await[0]["id"]
        .as_i64()
        .expect("source id");

    let mut rows = Vec::new();
    let plans = [
        (
            "after 2023/01/01 (pushed down)",
            json!({"key": "after", "value": "2023/01/01"}),
        ),
        (
            "category OR flagged (residual)",
            json!({"OR": [{"key": "category", "value": "Personal"}, {"key": "is", "value": "flagged"}]}),
        ),
        ("no filter", json!({})),
    ];
    for (index, (label, filters)) in plans.iter().enumerate() {
        let request_id = format!("bench-{index}");
        let started = Instant::now();
        let (status, body) = sandbox
            .post(
                "/integrations/outlook/sync",
                &auth,
                json!({"filters": filters, "request_id": request_id, "data_source_id": source}),
            )
            .await;
        assert!(status.is_success(), "{body}");
        let files = wait_all_ready(&sandbox, &auth, source, &request_id).await;
        let elapsed = started.elapsed();
        rows.push(Row {
            what: format!("sync Inbox of {BIG}, {label}"),
            figure: format!("{:.2} s", elapsed.as_secs_f64()),
            note: format!(
                "{files} files READY; goal <= 2 s: {}",
                if elapsed <= Duration::from_secs(2) {
                    "met"
                } else {
                    "MISSED"
                }
            ),
        });
    }

    let (requests, errors, elapsed) = load_user_files(&sandbox, &auth).await;
    rows.push(Row {
        what: format!("POST /user_files_v2 (limit 10 of ~10k files), {CLIENTS} clients"),
        figure: format!("{:.0} req/s", requests as f64 / elapsed.as_secs_f64()),
        note: format!(
            "{requests} answers in {:.1} s, {errors} errors",
            elapsed.as_secs_f64()
        ),
    });

    println!();
    println!("| benchmark | figure | note |");
    println!("|---|---|---|");
    for row in rows {
        println!("| {} | {} | {} |", row.what, row.figure, row.note);
    }
    sandbox.stop().await;
}

/// Polls until the source is idle and every file of `request_id` is READY; returns their number.
async fn wait_all_ready(sandbox: &Sandbox, auth: &Auth, source: i64, request_id: &str) -> i64 {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let (_, pending) = sandbox
            .files(
                auth,
                json!({"request_ids": [request_id], "non_synced_only": true}),
                1,
            )
            .await;
        let (_, all) = sandbox
            .files(auth, json!({"request_ids": [request_id]}), 1)
            .await;
        let sources = sandbox.data_sources(auth).await;
        let idle = sources
            .iter()
            .any(|s| s["id"] == source && s["sync_status"] == "READY");
        let (pending, total) = (
            pending["count"].as_i64().unwrap_or(-1),
            all["count"].as_i64().unwrap_or(0),
        );
        if idle && pending == 0 && total > 0 {
            return total;
        }
        assert!(
            Instant::now() < deadline,
            "the sync did not finish in time ({pending} of {total} pending)"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// `CLIENTS` loops calling `user_files_v2` for `LOAD_DURATION`; returns (answers, errors, elapsed).
async fn load_user_files(sandbox: &Sandbox, auth: &Auth) -> (u64, u64, Duration) {
    let Auth::Token(token) = auth else {
        unreachable!("the bench uses a token")
    };
    let answers = Arc::new(AtomicU64::new(0));
    let errors = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let mut clients = tokio::task::JoinSet::new();
    for client in 0..CLIENTS {
        let (http, url, token) = (
            sandbox.http.clone(),
            format!("{}/user_files_v2", sandbox.api_url),
            token.clone(),
        );
        let (answers, errors) = (answers.clone(), errors.clone());
        clients.spawn(async move {
            let mut offset = client as i64 * 37;
            while started.elapsed() < LOAD_DURATION {
                let body = json!({"pagination": {"limit": 10, "offset": offset % 9000}, "order_by": "id", "filters": {"sync_statuses": ["READY"]}});
                let ok = match http.post(&url).header("authorization", format!("Token {token}")).json(&body).send().await {
                    Ok(response) if response.status().is_success() => response.json::<Value>().await.is_ok(),
                    _ => false,
                };
                if ok { answers.fetch_add(1, Ordering::Relaxed) } else { errors.fetch_add(1, Ordering::Relaxed) };
                offset += 10;
            }
        });
    }
    while clients.join_next().await.is_some() {}
    (
        answers.load(Ordering::Relaxed),
        errors.load(Ordering::Relaxed),
        started.elapsed(),
    )
}
