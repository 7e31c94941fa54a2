//! The API client's and the sign-in flow's browser edges in headless Chromium: the per-request timeout through
//! AbortController, offline detection, a JS `tokenFetcher` refreshed once for concurrent 401s, its answers
//! validated, `close()` cancelling what runs, and `SignIn` driving a stand-in popup to `connected` by message
//! and leaving no timer or listener behind. `window.fetch` and `window.open` are replaced by stubs per test.
#![cfg(target_arch = "wasm32")]

use futures::future::FutureExt;
use js_sys::{Function, Object, Reflect};
use outlook_connect::api::fetch::{early_key, FetchTransport, DEFAULT_TIMEOUT_MS};
use outlook_connect::api::request::{self, ConnectMode};
use outlook_connect::api::{
    ApiErrorKind, Client, DataSourceQuery, HttpRequest, TokenSource, Transport,
};
use outlook_connect::events::{Event, EventType};
use outlook_connect::oauth::{Phase, SignIn, SignInUpdate};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod support;

use support::sleep;

wasm_bindgen_test_configure!(run_in_browser);

const API: &str = "http://api.test";

fn window() -> web_sys::Window {
    web_sys::window().unwrap()
}

fn global(name: &str) -> JsValue {
    Reflect::get(&window(), &name.into()).unwrap()
}

fn set_global(name: &str, value: &JsValue) {
    Reflect::set(&window(), &name.into(), value).unwrap();
}

/// Replaces `window[name]` with a function built from `body` (arguments `url, init` or `...args`) and puts the
/// original back on drop.
struct Stub {
    name: &'static str,
    original: JsValue,
}

impl Stub {
    fn install(name: &'static str, args: &str, body: &str) -> Self {
        let original = global(name);
        set_global(name, &Function::new_with_args(args, body).into());
        Stub { name, original }
    }
}

impl Drop for Stub {
    fn drop(&mut self) {
        set_global(self.name, &self.original);
    }
}

/// A fetch that never answers but rejects like the real one when its signal aborts; counts calls.
fn never_answering_fetch() -> Stub {
    set_global("__fetchCalls", &0.into());
    Stub::install(
        "fetch",
        "url, init",
        "window.__fetchCalls++; return new Promise((resolve, reject) => {
           init.signal.addEventListener('abort', () => reject(new DOMException('The operation was aborted.', 'AbortError')));
         });",
    )
}

fn fixed_token() -> TokenSource {
    TokenSource::new(|| async { Ok("tok".to_owned()) }.boxed_local())
}

#[wasm_bindgen_test]
async fn a_request_that_never_answers_times_out_through_abort_controller() {
    let _fetch = never_answering_fetch();
    let client = Client::with_transport(API, fixed_token(), FetchTransport::with_timeout(150));
    let started = js_sys::Date::now();
    let error = client.resync_file(1).await.unwrap_err();
    let elapsed = js_sys::Date::now() - started;
    assert_eq!(error.kind, ApiErrorKind::Timeout, "{error}");
    assert_eq!(error.code(), "timeout");
    assert!((140.0..2_000.0).contains(&elapsed), "took {elapsed} ms");
    assert_eq!(
        client.transport().running(),
        0,
        "no controller or timer left behind"
    );
    assert_eq!(
        global("__fetchCalls").as_f64(),
        Some(1.0),
        "resync_file is not retried"
    );
}

#[wasm_bindgen_test]
async fn the_request_carries_the_token_header_and_json_body() {
    let _fetch = Stub::install(
        "fetch",
        "url, init",
        "window.__seen = {url, method: init.method, auth: init.headers.get('authorization'),
           type: init.headers.get('content-type'), body: init.body};
         return Promise.resolve(new Response('{\"success\":true}', {status: 200}));",
    );
    let client = Client::with_transport(API, fixed_token(), FetchTransport::default());
    assert!(client.revoke_access_token(8).await.unwrap().success);
    let seen = global("__seen");
    let field = |name: &str| Reflect::get(&seen, &name.into()).unwrap().as_string();
    assert_eq!(
        field("url").as_deref(),
        Some("http://api.test/revoke_access_token")
    );
    assert_eq!(field("method").as_deref(), Some("POST"));
    assert_eq!(field("auth").as_deref(), Some("Token tok"));
    assert_eq!(field("type").as_deref(), Some("application/json"));
    assert_eq!(field("body").as_deref(), Some(r#"{"data_source_id":8}"#));
}

#[wasm_bindgen_test]
async fn offline_is_reported_without_sending() {
    let _fetch = never_answering_fetch();
    let navigator = window().navigator();
    let descriptor = Object::new();
    Reflect::set(&descriptor, &"configurable".into(), &JsValue::TRUE).unwrap();
    Reflect::set(
        &descriptor,
        &"get".into(),
        &Function::new_no_args("return false"),
    )
    .unwrap();
    Object::define_property(&navigator, &"onLine".into(), &descriptor);
    let client = Client::with_transport(API, fixed_token(), FetchTransport::default());
    let result = client.send(&request::user_folders(1)).await;
    Reflect::delete_property(&navigator, &"onLine".into()).unwrap();
    let error = result.unwrap_err();
    assert_eq!(error.code(), "offline");
    assert_eq!(global("__fetchCalls").as_f64(), Some(0.0));
    assert!(window().navigator().on_line(), "the stub is gone");
}

#[wasm_bindgen_test]
async fn a_network_failure_is_network_and_reads_are_retried() {
    set_global("__fetchCalls", &0.into());
    let _fetch = Stub::install(
        "fetch",
        "url, init",
        "window.__fetchCalls++; return Promise.reject(new TypeError('Failed to fetch'));",
    );
    let client = Client::with_transport(API, fixed_token(), FetchTransport::default());
    let error = client.send(&request::user_categories(1)).await.unwrap_err();
    assert_eq!(error.code(), "network");
    assert!(
        error.message.contains("Failed to fetch"),
        "{}",
        error.message
    );
    assert_eq!(global("__fetchCalls").as_f64(), Some(4.0));
}

#[wasm_bindgen_test]
async fn concurrent_401s_call_the_hosts_token_fetcher_once_more() {
    set_global("__tokenCalls", &0.into());
    let token_fetcher = Function::new_no_args(
        "window.__tokenCalls++; const n = window.__tokenCalls;
         return new Promise(resolve => setTimeout(() => resolve({access_token: 'tok' + n}), 20));",
    );
    let _fetch = Stub::install(
        "fetch",
        "url, init",
        "const ok = init.headers.get('authorization') !== 'Token tok1';
         return Promise.resolve(new Response(ok ? '[]' : '{\"detail\":\"expired\"}', {status: ok ? 200 : 401}));",
    );
    let client = Client::with_transport(
        API,
        TokenSource::from_host(token_fetcher, 30_000, None),
        FetchTransport::default(),
    );
    let (folders_1, categories_1, folders_2) = (
        request::user_folders(1),
        request::user_categories(1),
        request::user_folders(2),
    );
    let (a, b, c) = futures::join!(
        client.send(&folders_1),
        client.send(&categories_1),
        client.send(&folders_2)
    );
    assert!(a.is_ok() && b.is_ok() && c.is_ok(), "{a:?} {b:?} {c:?}");
    assert_eq!(global("__tokenCalls").as_f64(), Some(2.0));
    assert_eq!(client.tokens().fetch_count(), 2);
}

#[wasm_bindgen_test]
async fn bad_token_fetcher_answers_are_named() {
    let cases = [
        ("return Promise.resolve({})", "without access_token"),
        (
            "return Promise.resolve({access_token: ''})",
            "empty access_token",
        ),
        (
            "return Promise.resolve({access_token: 5})",
            "access_token as a number",
        ),
        ("return Promise.resolve('tok')", "got a string"),
        ("throw new Error('boom')", "tokenFetcher threw: boom"),
        (
            "return Promise.reject(new Error('no session'))",
            "tokenFetcher's Promise rejected: no session",
        ),
        (
            "const p = Promise.resolve({access_token: 'x'}); \
             Object.defineProperty(p, 'constructor', {get() { throw new Error('hostile constructor'); }}); return p;",
            "tokenFetcher's Promise rejected: hostile constructor",
        ),
    ];
    for (body, expected) in cases {
        let tokens = TokenSource::from_host(Function::new_no_args(body), 30_000, None);
        let error = tokens.token().await.unwrap_err();
        assert_eq!(error.code(), "token_fetcher");
        assert!(error.message.contains("tokenFetcher"), "{}", error.message);
        assert!(
            error.message.contains(expected),
            "{body}: {}",
            error.message
        );
    }
    let sync_answer = TokenSource::from_host(
        Function::new_no_args("return {access_token: 'plain'}"),
        30_000,
        None,
    );
    assert_eq!(sync_answer.token().await.unwrap(), "plain");
}

#[wasm_bindgen_test]
async fn a_token_fetcher_that_never_answers_fails_after_its_timeout_and_is_asked_again_next_time() {
    let hanging = TokenSource::from_host(
        Function::new_no_args("return new Promise(() => {})"),
        40,
        None,
    );
    let error = hanging.token().await.unwrap_err();
    assert_eq!(error.code(), "token_fetcher");
    assert!(
        error.message.contains("within 40 ms") && error.message.contains("tokenFetcherTimeoutMs"),
        "{}",
        error.message
    );
    assert!(
        hanging.token().await.is_err(),
        "a failed fetch is not cached"
    );
    assert_eq!(hanging.fetch_count(), 2);
    let quick = TokenSource::from_host(
        Function::new_no_args("return new Promise((ok) => setTimeout(() => ok({access_token: 'late-but-in-time'}), 10))"),
        2_000,
        None,
    );
    assert_eq!(quick.token().await.unwrap(), "late-but-in-time");
}

#[wasm_bindgen_test]
async fn an_early_answer_is_the_first_token_and_the_host_is_asked_only_when_it_is_refreshed() {
    set_global("__tokenCalls", &0.into());
    let fetcher = Function::new_no_args("window.__tokenCalls++; return {access_token: 'fresh'};");
    let answer = Function::new_no_args("return {access_token: 'early'}")
        .call0(&JsValue::UNDEFINED)
        .unwrap();
    let early: JsValue = js_sys::Promise::resolve(&answer).into();
    let tokens = TokenSource::from_host(fetcher, 2_000, Some(early));
    assert_eq!(tokens.token().await.unwrap(), "early");
    assert_eq!(
        global("__tokenCalls").as_f64(),
        Some(0.0),
        "the early answer saved a call"
    );
    assert_eq!(tokens.refresh("early").await.unwrap(), "fresh");
    assert_eq!(global("__tokenCalls").as_f64(), Some(1.0));
    let refused: JsValue = js_sys::Promise::reject(&"no session".into()).into();
    let failing = TokenSource::from_host(
        Function::new_no_args("return {access_token: 'second'}"),
        2_000,
        Some(refused),
    );
    assert!(failing
        .token()
        .await
        .unwrap_err()
        .message
        .contains("rejected: no session"));
    assert_eq!(
        failing.token().await.unwrap(),
        "second",
        "a failed early answer is not kept"
    );
}

#[wasm_bindgen_test]
fn request_ids_are_fresh_uuids() {
    let (a, b) = (
        outlook_connect::api::new_request_id(),
        outlook_connect::api::new_request_id(),
    );
    assert_ne!(a, b);
    assert_eq!(a.len(), 36, "{a}");
    let crypto = Reflect::get(&window(), &"crypto".into()).unwrap();
    let original = Reflect::get(&crypto, &"randomUUID".into()).unwrap();
    Reflect::set(&crypto, &"randomUUID".into(), &JsValue::UNDEFINED).unwrap();
    let fallback = outlook_connect::api::new_request_id();
    Reflect::delete_property(crypto.unchecked_ref::<Object>(), &"randomUUID".into()).unwrap();
    assert!(fallback.starts_with("oc-"), "{fallback}");
    assert_ne!(fallback, outlook_connect::api::new_request_id());
    assert_eq!(
        Reflect::get(&crypto, &"randomUUID".into()).unwrap(),
        original,
        "the stub is gone"
    );
}

#[wasm_bindgen_test]
async fn close_cancels_requests_in_flight_and_later_ones() {
    let _fetch = never_answering_fetch();
    let client = Rc::new(Client::with_transport(
        API,
        fixed_token(),
        FetchTransport::default(),
    ));
    let outcome = Rc::new(RefCell::new(None));
    {
        let (client, outcome) = (Rc::clone(&client), Rc::clone(&outcome));
        wasm_bindgen_futures::spawn_local(async move {
            *outcome.borrow_mut() = Some(client.send(&request::user_folders(1)).await);
        });
    }
    sleep(20).await;
    assert_eq!(client.transport().running(), 1);
    client.transport().close();
    sleep(20).await;
    let result = outcome.borrow_mut().take().expect("the request ended");
    assert_eq!(result.unwrap_err().code(), "cancelled");
    assert_eq!(client.transport().running(), 0);
    let later = client
        .transport()
        .send(HttpRequest {
            method: outlook_connect::api::request::Method::Get,
            url: API.into(),
            authorization: "Token tok".into(),
            body: None,
        })
        .await;
    assert_eq!(later.unwrap_err().code(), "cancelled");
}

/// A hand-over as the loader makes it (`earlyList` in www/outlook-connect.js) for the first mailbox list sent with
/// `authorization`, answering `count` mailboxes (`None`: never answering). `window.__early` records the keys it was asked for and whether
/// the loader's request was stopped.
fn early_list(authorization: &str, count: Option<u32>) -> JsValue {
    let sent = HttpRequest {
        method: request::Method::Post,
        url: format!("{API}/user_data_sources"),
        authorization: authorization.to_owned(),
        body: request::user_data_sources(&DataSourceQuery::connected()).body_text(),
    };
    let make = Function::new_with_args(
        "key, count",
        "const early = window.__early = {asked: [], stopped: false};
         const controller = new AbortController();
         controller.signal.addEventListener('abort', () => { early.stopped = true; });
         let taken = false;
         return (wanted, signal) => {
           early.asked.push(wanted);
           if (taken || (wanted !== undefined && wanted !== key)) return undefined;
           taken = true;
           if (wanted === undefined) { controller.abort(); return undefined; }
           signal.addEventListener('abort', () => controller.abort());
           if (count === undefined) {
             return new Promise((resolve, reject) => controller.signal.addEventListener('abort',
               () => reject(new DOMException('The operation was aborted.', 'AbortError'))));
           }
           return Promise.resolve(new Response(JSON.stringify({count, results: []}), {status: 200}));
         };",
    );
    make.call2(
        &JsValue::NULL,
        &early_key(&sent).into(),
        &count.map_or(JsValue::UNDEFINED, JsValue::from),
    )
    .unwrap()
}

fn early_stopped() -> bool {
    Reflect::get(&global("__early"), &"stopped".into())
        .unwrap()
        .is_truthy()
}

/// A fetch that answers every call with `{count: 99, results: []}` and counts them.
fn counting_fetch() -> Stub {
    set_global("__fetchCalls", &0.into());
    Stub::install(
        "fetch",
        "url, init",
        "window.__fetchCalls++; return Promise.resolve(new Response('{\"count\":99,\"results\":[]}', {status: 200}));",
    )
}

/// A client whose transport holds `early_list(authorization, count)`'s hand-over, with `timeout_ms` per request.
fn client_with_early(authorization: &str, count: Option<u32>, timeout_ms: u32) -> Client {
    Client::with_transport(
        API,
        fixed_token(),
        FetchTransport::with_timeout(timeout_ms).with_early(early_list(authorization, count)),
    )
}

#[wasm_bindgen_test]
async fn the_loaders_early_list_answers_the_same_first_request_once() {
    let _fetch = counting_fetch();
    let client = client_with_early("Token tok", Some(3), DEFAULT_TIMEOUT_MS);
    let first = client
        .user_data_sources(&DataSourceQuery::connected())
        .await
        .unwrap();
    assert_eq!(first.total(), 3, "the loader's answer");
    assert_eq!(global("__fetchCalls").as_f64(), Some(0.0), "not sent again");
    let again = client
        .user_data_sources(&DataSourceQuery::connected())
        .await
        .unwrap();
    assert_eq!(again.total(), 99, "taken once: the next list is sent");
    assert_eq!(global("__fetchCalls").as_f64(), Some(1.0));
    client.close();
    assert!(!early_stopped(), "an answer taken is the widget's to stop");
}

#[wasm_bindgen_test]
async fn a_different_request_is_sent_and_close_stops_the_early_one_nobody_took() {
    let _fetch = counting_fetch();
    let client = client_with_early("Token another-token", Some(3), DEFAULT_TIMEOUT_MS);
    let listed = client
        .user_data_sources(&DataSourceQuery::connected())
        .await
        .unwrap();
    assert_eq!(
        listed.total(),
        99,
        "another token: the widget's own request"
    );
    let page_two = client
        .user_data_sources(&DataSourceQuery::connected().after(100))
        .await
        .unwrap();
    assert_eq!(page_two.total(), 99, "another body: sent");
    assert_eq!(global("__fetchCalls").as_f64(), Some(2.0));
    assert!(!early_stopped());
    client.close();
    assert!(
        early_stopped(),
        "the loader's request stops with the widget"
    );
}

#[wasm_bindgen_test]
async fn an_early_answer_taken_is_under_the_widgets_timeout_and_the_retry_is_sent() {
    let _fetch = counting_fetch();
    let client = client_with_early("Token tok", None, 150);
    let listed = client
        .user_data_sources(&DataSourceQuery::connected())
        .await
        .unwrap();
    assert!(
        early_stopped(),
        "the widget's timeout stopped the loader's request"
    );
    assert_eq!(
        listed.total(),
        99,
        "a list is retried after a timeout: sent by the widget"
    );
    assert_eq!(global("__fetchCalls").as_f64(), Some(1.0));
    assert_eq!(client.transport().running(), 0);
}

/// A stand-in popup for `window.open`: records its address and whether it was closed.
fn fake_popup() -> Stub {
    set_global("__popup", &JsValue::NULL);
    Stub::install(
        "open",
        "url, name, features",
        "window.__popup = {url, name, features, closed: false, location: {href: url}, close() { this.closed = true; }};
         return window.__popup;",
    )
}

/// `window.open` answering a same-origin iframe's window, so messages can carry it as their `source`.
fn iframe_popup() -> Stub {
    let document = window().document().unwrap();
    let frame = document.create_element("iframe").unwrap();
    frame.set_id("__popupFrame");
    document.body().unwrap().append_child(&frame).unwrap();
    Stub::install(
        "open",
        "url, name, features",
        "window.__opened = {url, name, features};
         return document.getElementById('__popupFrame').contentWindow;",
    )
}

fn popup_field(name: &str) -> JsValue {
    Reflect::get(&global("__popup"), &name.into()).unwrap()
}

/// The API: `oauth_url` answers a same-origin page (so the navigation can be read back), the poll an empty list.
fn api_stub() -> Stub {
    Stub::install(
        "fetch",
        "url, init",
        "const body = url.endsWith('/integrations/oauth_url')
           ? JSON.stringify({oauth_url: location.origin + '/sign-in-page'})
           : '{\"count\":0,\"results\":[]}';
         return Promise.resolve(new Response(body, {status: 200}));",
    )
}

/// Dispatches a `message` event on the window, from the iframe popup or from no window.
fn post_message(origin: &str, data: &str, from_popup: bool) {
    let post = Function::new_with_args(
        "origin, data, fromPopup",
        "const frame = document.getElementById('__popupFrame');
         window.dispatchEvent(new MessageEvent('message',
           {origin, data: JSON.parse(data), source: fromPopup ? frame.contentWindow : null}));",
    );
    post.call3(
        &JsValue::NULL,
        &origin.into(),
        &data.into(),
        &from_popup.into(),
    )
    .unwrap();
}

const CONNECTED: &str =
    r#"{"type":"outlook-connect:oauth","status":"connected","data_source_id":3,"message":"ok"}"#;

#[wasm_bindgen_test]
async fn sign_in_opens_navigates_connects_by_message_and_cleans_up() {
    let _open = iframe_popup();
    let _fetch = api_stub();
    let client = Rc::new(Client::with_transport(
        API,
        fixed_token(),
        FetchTransport::default(),
    ));
    let updates = Rc::new(RefCell::new(Vec::new()));
    let sign_in = {
        let updates = Rc::clone(&updates);
        SignIn::new(client, 60_000, move |update| {
            updates.borrow_mut().push(update)
        })
    };
    sign_in.start(ConnectMode::NewAccount, Some(Vec::new()), None);
    let opened = global("__opened");
    let field = |name: &str| {
        Reflect::get(&opened, &name.into())
            .unwrap()
            .as_string()
            .unwrap()
    };
    assert_eq!(field("url"), "about:blank");
    assert!(
        field("name").starts_with("outlook-connect-sign-in-"),
        "{}",
        field("name")
    );
    assert!(field("features").starts_with("popup=yes,width=500,height=600,left="));
    assert_eq!(sign_in.phase(), Phase::WaitingForUrl);
    assert!(sign_in.is_running());
    sleep(300).await;
    assert_eq!(
        sign_in.phase(),
        Phase::WaitingForSignIn {
            popup_closed: false
        }
    );
    let frame_path = Function::new_no_args(
        "return document.getElementById('__popupFrame').contentWindow.location.pathname",
    )
    .call0(&JsValue::NULL)
    .unwrap();
    assert_eq!(
        frame_path.as_string().as_deref(),
        Some("/sign-in-page"),
        "the popup was navigated"
    );

    post_message("http://evil.test", CONNECTED, true);
    assert_eq!(
        sign_in.phase(),
        Phase::WaitingForSignIn {
            popup_closed: false
        },
        "another origin is ignored"
    );
    post_message(API, CONNECTED, false);
    assert_eq!(
        sign_in.phase(),
        Phase::WaitingForSignIn {
            popup_closed: false
        },
        "another window is ignored"
    );
    post_message(API, CONNECTED, true);
    assert_eq!(
        sign_in.phase(),
        Phase::Connected {
            data_source_id: Some(3)
        }
    );
    assert!(!sign_in.is_running(), "timer and listener removed");
    let events: Vec<EventType> = updates
        .borrow()
        .iter()
        .filter_map(|u| match u {
            SignInUpdate::Event(event) => Some(event.event_type()),
            SignInUpdate::Phase(_) => None,
        })
        .collect();
    assert_eq!(events, [EventType::PopupOpened, EventType::Connected]);
    window()
        .document()
        .unwrap()
        .get_element_by_id("__popupFrame")
        .unwrap()
        .remove();
}

#[wasm_bindgen_test]
async fn a_blocked_popup_then_stop_leaves_nothing_running() {
    let _open = Stub::install("open", "", "return null;");
    let _fetch = api_stub();
    let client = Rc::new(Client::with_transport(
        API,
        fixed_token(),
        FetchTransport::default(),
    ));
    let updates = Rc::new(RefCell::new(Vec::new()));
    let sign_in = {
        let updates = Rc::clone(&updates);
        SignIn::new(client, 60_000, move |update| {
            updates.borrow_mut().push(update)
        })
    };
    sign_in.start(ConnectMode::NewAccount, None, None);
    assert_eq!(sign_in.phase(), Phase::Blocked);
    assert!(updates
        .borrow()
        .contains(&SignInUpdate::Event(Event::PopupBlocked)));
    drop(_open);
    let _open = fake_popup();
    sign_in.open_window();
    assert_eq!(sign_in.phase(), Phase::WaitingForUrl);
    assert!(sign_in.is_running());
    sign_in.stop();
    assert!(!sign_in.is_running());
    assert_eq!(popup_field("closed").as_bool(), Some(true));
    let count = updates.borrow().len();
    sleep(700).await;
    post_message(API, CONNECTED, false);
    assert_eq!(
        updates.borrow().len(),
        count,
        "a stopped flow ticks and reports nothing"
    );
}
