//! The client's logic over a scripted transport: token caching, one refresh and one resend after a 401,
//! concurrent 401s sharing one token fetch, retries with the same body (a sync keeps its `request_id`),
//! `Retry-After`, no retry of unsafe calls, malformed answers, typed results.
#![cfg(not(target_arch = "wasm32"))]

use futures::executor::block_on;
use futures::future::{FutureExt, LocalBoxFuture};
use outlook_connect::api::request::{self, OutlookSync};
use outlook_connect::api::retry::{backoff_cap_ms, MAX_ATTEMPTS};
use outlook_connect::api::{
    ApiError, ApiErrorKind, Client, DataSourceQuery, HttpRequest, HttpResponse, TokenSource,
    Transport,
};
use outlook_connect::config::SyncOptions;
use outlook_connect::shape::Shape;
use outlook_connect::state::categories::categories_from_shape;
use outlook_connect::state::folders::FolderTree;
use outlook_connect_filter::Filter;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use std::time::Duration;

const API: &str = "http://api.test";

type Answer = Result<HttpResponse, ApiError>;
/// Decides the answer from the request and how many requests were sent before it.
type Script = Box<dyn Fn(&HttpRequest, usize) -> Answer>;

/// A transport whose answers come from a function of the request (and how many were sent before).
struct Scripted {
    answer: Script,
    sent: RefCell<Vec<HttpRequest>>,
    slept: RefCell<Vec<Duration>>,
}

#[derive(Clone)]
struct Shared(Rc<Scripted>);

impl Transport for Shared {
    fn send(&self, request: HttpRequest) -> LocalBoxFuture<'static, Answer> {
        let index = self.0.sent.borrow().len();
        let answer = (self.0.answer)(&request, index);
        self.0.sent.borrow_mut().push(request);
        async move {
            YieldOnce(false).await;
            answer
        }
        .boxed_local()
    }
    fn sleep(&self, delay: Duration) -> LocalBoxFuture<'static, ()> {
        self.0.slept.borrow_mut().push(delay);
        async {}.boxed_local()
    }
    fn random(&self) -> f64 {
        0.5
    }
    fn now_ms(&self) -> f64 {
        0.0
    }
}

/// Pending once, so concurrent calls really interleave.
struct YieldOnce(bool);

impl Future for YieldOnce {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

fn ok(body: &str) -> Answer {
    Ok(HttpResponse {
        status: 200,
        body: body.to_owned(),
        retry_after: None,
    })
}

fn status(code: u16, body: &str) -> Answer {
    Ok(HttpResponse {
        status: code,
        body: body.to_owned(),
        retry_after: None,
    })
}

/// Tokens `t1`, `t2`, … one per fetch, each fetch pending once.
fn counting_tokens() -> TokenSource {
    let next = Rc::new(Cell::new(0));
    TokenSource::new(move || {
        next.set(next.get() + 1);
        let token = format!("t{}", next.get());
        async move {
            YieldOnce(false).await;
            Ok(token)
        }
        .boxed_local()
    })
}

fn client(
    answer: impl Fn(&HttpRequest, usize) -> Answer + 'static,
) -> (Client<Shared>, Rc<Scripted>) {
    let script = Rc::new(Scripted {
        answer: Box::new(answer),
        sent: RefCell::default(),
        slept: RefCell::default(),
    });
    let client = Client::with_transport(API, counting_tokens(), Shared(Rc::clone(&script)));
    (client, script)
}

const SUCCESS: &str = r#"{"success":true}"#;

#[test]
fn the_token_is_fetched_once_and_sent_as_token_auth() {
    let (client, script) = client(|_, _| ok(SUCCESS));
    block_on(client.revoke_access_token(1)).unwrap();
    block_on(client.revoke_access_token(2)).unwrap();
    assert_eq!(client.tokens().fetch_count(), 1);
    let sent = script.sent.borrow();
    assert!(sent.iter().all(|r| r.authorization == "Token t1"));
    assert_eq!(sent[0].url, "http://api.test/revoke_access_token");
    assert_eq!(sent[0].body.as_deref(), Some(r#"{"data_source_id":1}"#));
}

#[test]
fn a_401_fetches_a_new_token_once_and_sends_once_more() {
    let (client, script) = client(|r, _| {
        if r.authorization == "Token t1" {
            status(401, "")
        } else {
            ok(SUCCESS)
        }
    });
    block_on(client.delete_files_v2(&[3])).unwrap();
    assert_eq!(client.tokens().fetch_count(), 2);
    let sent = script.sent.borrow();
    assert_eq!(
        sent.len(),
        2,
        "even a delete is resent after a 401: the API did nothing"
    );
    assert_eq!(sent[1].authorization, "Token t2");
    assert_eq!(sent[0].body, sent[1].body);
}

#[test]
fn a_second_401_is_reported_without_a_third_fetch() {
    let (client, script) = client(|_, _| status(401, r#"{"detail":"Invalid token"}"#));
    let error = block_on(client.send(&request::user_folders(1))).unwrap_err();
    assert_eq!(error.code(), "unauthorized");
    assert_eq!(error.message, "Invalid token");
    assert_eq!(client.tokens().fetch_count(), 2);
    assert_eq!(script.sent.borrow().len(), 2);
}

#[test]
fn concurrent_401s_share_a_single_token_fetch() {
    let (client, script) = client(|r, _| {
        if r.authorization == "Token t1" {
            status(401, "")
        } else {
            ok("[]")
        }
    });
    let (folders_1, categories_1, folders_2) = (
        request::user_folders(1),
        request::user_categories(1),
        request::user_folders(2),
    );
    let (a, b, c) = block_on(async {
        futures::join!(
            client.send(&folders_1),
            client.send(&categories_1),
            client.send(&folders_2)
        )
    });
    assert!(a.is_ok() && b.is_ok() && c.is_ok());
    assert_eq!(
        client.tokens().fetch_count(),
        2,
        "one initial fetch, one shared refresh"
    );
    let sent = script.sent.borrow();
    assert_eq!(sent.len(), 6);
    assert_eq!(
        sent.iter()
            .filter(|r| r.authorization == "Token t2")
            .count(),
        3
    );
}

#[test]
fn a_failed_token_fetch_is_reported_and_not_cached() {
    let calls = Rc::new(Cell::new(0));
    let counter = Rc::clone(&calls);
    let tokens = TokenSource::new(move || {
        counter.set(counter.get() + 1);
        let first = counter.get() == 1;
        async move {
            if first {
                Err(ApiError::new(
                    ApiErrorKind::TokenFetcher,
                    "tokenFetcher threw: backend down",
                ))
            } else {
                Ok("good".to_owned())
            }
        }
        .boxed_local()
    });
    let script = Rc::new(Scripted {
        answer: Box::new(|_, _| ok("[]")),
        sent: RefCell::default(),
        slept: RefCell::default(),
    });
    let client = Client::with_transport(API, tokens, Shared(Rc::clone(&script)));
    let error = block_on(client.send(&request::user_folders(1))).unwrap_err();
    assert_eq!(error.code(), "token_fetcher");
    assert!(
        script.sent.borrow().is_empty(),
        "nothing is sent without a token"
    );
    block_on(client.send(&request::user_folders(1))).unwrap();
    assert_eq!(calls.get(), 2);
    assert_eq!(script.sent.borrow()[0].authorization, "Token good");
}

fn sync(client: &Client<Shared>) -> Result<outlook_connect::api::Success, ApiError> {
    let options = SyncOptions::default();
    block_on(client.outlook_sync(&OutlookSync {
        data_source_id: 5,
        folder: "Inbox",
        filters: &Filter::Empty,
        request_id: "req-42",
        options: &options,
    }))
}

#[test]
fn a_sync_after_500s_is_resent_with_the_same_request_id() {
    let (client, script) = client(|_, index| {
        if index < 2 {
            status(500, "")
        } else {
            ok(SUCCESS)
        }
    });
    assert!(sync(&client).unwrap().success);
    let sent = script.sent.borrow();
    assert_eq!(sent.len(), 3);
    assert!(sent.iter().all(|r| r.body == sent[0].body
        && r.body
            .as_deref()
            .unwrap()
            .contains(r#""request_id":"req-42""#)));
    let slept = script.slept.borrow();
    assert_eq!(slept.len(), 2);
    for (retry, delay) in slept.iter().enumerate() {
        assert!(
            *delay <= Duration::from_millis(u64::from(backoff_cap_ms(retry as u32 + 1))),
            "{delay:?}"
        );
    }
}

#[test]
fn a_429_waits_out_retry_after() {
    let (client, script) = client(|_, index| {
        if index == 0 {
            Ok(HttpResponse {
                status: 429,
                body: String::new(),
                retry_after: Some("3".into()),
            })
        } else {
            ok(SUCCESS)
        }
    });
    sync(&client).unwrap();
    assert_eq!(*script.slept.borrow(), [Duration::from_secs(3)]);
}

#[test]
fn unsafe_calls_are_not_resent_after_a_server_error() {
    let (client, script) = client(|_, _| status(503, r#"{"detail":"maintenance"}"#));
    let error = block_on(client.resync_file(9)).unwrap_err();
    assert_eq!(error.kind, ApiErrorKind::Server { status: 503 });
    assert_eq!(error.message, "maintenance");
    assert_eq!(script.sent.borrow().len(), 1);
    assert!(block_on(client.delete_files_v2(&[1])).is_err());
    assert!(block_on(client.revoke_access_token(1)).is_err());
    assert_eq!(script.sent.borrow().len(), 3);
    assert!(script.slept.borrow().is_empty());
}

#[test]
fn reads_give_up_after_the_maximum_attempts() {
    let (client, script) =
        client(|_, _| Err(ApiError::new(ApiErrorKind::Network, "Failed to fetch")));
    let error = block_on(client.user_data_sources(&DataSourceQuery::connected())).unwrap_err();
    assert_eq!(error.code(), "network");
    assert_eq!(script.sent.borrow().len(), MAX_ATTEMPTS as usize);
}

#[test]
fn offline_is_reported_at_once() {
    let (client, script) = client(|_, _| Err(ApiError::new(ApiErrorKind::Offline, "offline")));
    assert_eq!(
        block_on(client.send(&request::user_folders(1)))
            .unwrap_err()
            .code(),
        "offline"
    );
    assert_eq!(script.sent.borrow().len(), 1);
}

#[test]
fn a_malformed_success_is_a_clear_error_and_not_resent() {
    let (client, script) = client(|_, _| ok("{\"results\": [oops"));
    let error = block_on(client.user_data_sources(&DataSourceQuery::connected())).unwrap_err();
    assert_eq!(error.code(), "malformed_response");
    assert!(
        error.message.contains("/user_data_sources"),
        "{}",
        error.message
    );
    assert_eq!(script.sent.borrow().len(), 1);
}

#[test]
fn conflict_on_resync_is_reported_as_is() {
    let (client, _) = client(|_, _| {
        status(
            409,
            r#"{"detail":"File 9 is still syncing; try again shortly"}"#,
        )
    });
    let error = block_on(client.resync_file(9)).unwrap_err();
    assert_eq!(error.code(), "conflict");
    assert_eq!(error.message, "File 9 is still syncing; try again shortly");
}

#[test]
fn typed_answers_are_parsed() {
    let (client, script) = client(|r, _| {
        if r.url.contains("user_folders") {
            ok(
                r#"[{"id":"AAA","displayName":"Inbox","parentFolderId":"root","childFolderCount":1,"totalItemCount":10,"unreadItemCount":2},
                   {"id":"BBB","displayName":"<b>Sub</b>","parentFolderId":"AAA","childFolderCount":0,"totalItemCount":0,"unreadItemCount":0,"extra":true}]"#,
            )
        } else if r.url.contains("user_categories") {
            ok(r#"[{"id":"c1","displayName":"Personal","color":"preset0"}]"#)
        } else if r.url.contains("oauth_url") {
            ok(r#"{"oauth_url":"https://login.test/authorize?x=1"}"#)
        } else {
            ok(
                r#"{"count":1,"results":[{"id":7,"data_source_external_id":"ann@contoso.test","data_source_type":"OUTLOOK",
                 "token":null,"sync_status":"READY","source_items_synced_at":null,"organization_user_id":1,"organization_id":1,
                 "organization_supplied_user_id":"c","revoked_access":false,"last_synced_at":"2024-01-01T00:00:00Z",
                 "last_sync_action":"ADD","enable_auto_sync":null,"created_at":"2024-01-01T00:00:00Z",
                 "updated_at":"2024-01-01T00:00:00Z","files_synced_at":null,"data_source_metadata":{},"tags":{}}]}"#,
            )
        }
    });
    // Folders and categories are read by the one parser the host's setFolderTree/setCategories also use.
    let folders: serde_json::Value =
        serde_json::from_str(&block_on(client.send(&request::user_folders(7))).unwrap()).unwrap();
    let tree = FolderTree::from_shape("user_folders", &Shape::<()>::from(&folders)).unwrap();
    assert_eq!(tree.folders[1].name, "<b>Sub</b>");
    assert_eq!(tree.folders[1].parent, Some(0));
    assert_eq!(tree.folders[0].unread_items, 2);
    let categories: serde_json::Value =
        serde_json::from_str(&block_on(client.send(&request::user_categories(7))).unwrap())
            .unwrap();
    let categories =
        categories_from_shape("user_categories", &Shape::<()>::from(&categories)).unwrap();
    assert_eq!(categories[0].color, "preset0");
    let url = block_on(client.oauth_url(request::ConnectMode::NewAccount)).unwrap();
    assert_eq!(url.oauth_url, "https://login.test/authorize?x=1");
    let sources = block_on(client.user_data_sources(&DataSourceQuery::connected())).unwrap();
    assert_eq!(
        sources.results[0].data_source_external_id.as_deref(),
        Some("ann@contoso.test")
    );
    assert_eq!(
        script.sent.borrow()[0].url,
        "http://api.test/integrations/outlook/user_folders?data_source_id=7"
    );
}

#[test]
fn an_answer_longer_than_the_page_asked_for_is_cut_to_the_page_and_the_rest_is_asked_for_by_offset()
{
    let source = |id: usize| {
        format!(
            r#"{{"id":{id},"data_source_external_id":"m{id}@contoso.test","sync_status":"READY","revoked_access":false,
                "last_sync_action":"ADD","created_at":"2024-01-01T00:00:00Z","updated_at":"2024-01-01T00:00:00Z"}}"#
        )
    };
    let many: Vec<String> = (1..=5_000).map(source).collect();
    let body = format!(r#"{{"count":100000,"results":[{}]}}"#, many.join(","));
    let (client, script) = client(move |_, _| ok(&body));
    let first = block_on(client.user_data_sources(&DataSourceQuery::connected())).unwrap();
    assert_eq!(
        first.results.len(),
        request::MAILBOX_PAGE as usize,
        "never more rows than asked for"
    );
    assert_eq!(first.total(), 100_000);
    block_on(client.user_data_sources(&DataSourceQuery::connected().after(100))).unwrap();
    let sent: serde_json::Value =
        serde_json::from_str(script.sent.borrow()[1].body.as_deref().unwrap()).unwrap();
    assert_eq!(
        sent["pagination"],
        serde_json::json!({"limit": 100, "offset": 100})
    );
}
