//! The browser edge of the API layer: `fetch` through web-sys, one `AbortController` + `setTimeout` per request
//! for the timeout, `navigator.onLine` for offline, and `setTimeout` for retry waits.
//!
//! [`FetchTransport::close`] aborts every request in flight and ends every wait, so a destroyed widget leaves no
//! request or timer behind.
//!
//! A transport may hold the loader's hand-over of a request it sent while the wasm downloaded (the first mailbox
//! list; `earlyList` in `www/outlook-connect.js`): a function that, given a request's [`early_key`] and its abort
//! signal, returns the answer when it sent that very request (once), and given nothing stops what nobody took.
//! That request then goes through the same timeout and cancellation as one sent here.

use super::error::{ApiError, ApiErrorKind};
use super::token::describe_js_error;
use super::transport::{HttpRequest, HttpResponse, Transport};
use futures::future::{FutureExt, LocalBoxFuture};
use js_sys::{Function, Promise};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestInit, Response, Window};

/// How long one request may take, body included, before it is aborted as `timeout`. With one retry after a
/// timeout (`retry::MAX_TIMEOUT_ATTEMPTS`), a hanging API is reported after about 40 s.
pub const DEFAULT_TIMEOUT_MS: u32 = 20_000;

/// `fetch` with a timeout, offline detection and cancellation.
pub struct FetchTransport {
    timeout_ms: u32,
    live: Rc<RefCell<Live>>,
    /// The loader's hand-over function (see the module doc).
    early: Option<Function>,
}

/// What is running now, so `close` can stop it.
#[derive(Default)]
struct Live {
    closed: bool,
    next_id: u64,
    requests: Vec<(u64, AbortController)>,
    /// Retry waits: timer handle and the resolve function of the Promise awaiting it.
    waits: Vec<(u64, i32, Function)>,
}

impl Live {
    fn next_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }
}

impl Default for FetchTransport {
    fn default() -> Self {
        Self::with_timeout(DEFAULT_TIMEOUT_MS)
    }
}

impl FetchTransport {
    pub fn with_timeout(timeout_ms: u32) -> Self {
        Self {
            timeout_ms,
            live: Rc::default(),
            early: None,
        }
    }

    /// This transport with the loader's hand-over function (anything else, such as `undefined`: none).
    pub fn with_early(self, hand_over: JsValue) -> Self {
        Self {
            early: hand_over.dyn_into().ok(),
            ..self
        }
    }

    /// Aborts every request in flight, ends every retry wait, and makes later sends fail with `cancelled`.
    pub fn close(&self) {
        if let Some(hand_over) = &self.early {
            let _ = hand_over.call0(&JsValue::NULL);
        }
        let (requests, waits) = {
            let mut live = self.live.borrow_mut();
            live.closed = true;
            (
                std::mem::take(&mut live.requests),
                std::mem::take(&mut live.waits),
            )
        };
        for (_, controller) in requests {
            controller.abort();
        }
        if let Some(window) = web_sys::window() {
            for (_, handle, resolve) in waits {
                window.clear_timeout_with_handle(handle);
                let _ = resolve.call0(&JsValue::UNDEFINED);
            }
        }
    }

    /// How many requests and waits are running (for tests of `close`).
    pub fn running(&self) -> usize {
        let live = self.live.borrow();
        live.requests.len() + live.waits.len()
    }
}

impl Transport for FetchTransport {
    fn send(
        &self,
        request: HttpRequest,
    ) -> LocalBoxFuture<'static, Result<HttpResponse, ApiError>> {
        fetch(
            Rc::clone(&self.live),
            request,
            self.early.clone(),
            self.timeout_ms,
        )
        .boxed_local()
    }

    fn sleep(&self, delay: Duration) -> LocalBoxFuture<'static, ()> {
        let live = Rc::clone(&self.live);
        let millis = delay.as_millis().min(i32::MAX as u128) as i32;
        async move {
            let Some(window) = web_sys::window() else {
                return;
            };
            if live.borrow().closed {
                return;
            }
            let id = live.borrow_mut().next_id();
            let promise = Promise::new(&mut |resolve, _reject| {
                if let Ok(handle) =
                    window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis)
                {
                    live.borrow_mut().waits.push((id, handle, resolve));
                } else {
                    let _ = resolve.call0(&JsValue::UNDEFINED);
                }
            });
            let _ = JsFuture::from(promise).await;
            live.borrow_mut().waits.retain(|(wait, _, _)| *wait != id);
        }
        .boxed_local()
    }

    fn random(&self) -> f64 {
        js_sys::Math::random()
    }

    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }
}

fn error(kind: ApiErrorKind, message: impl Into<String>) -> ApiError {
    ApiError::new(kind, message)
}

fn cancelled() -> ApiError {
    error(
        ApiErrorKind::Cancelled,
        "The request was cancelled because the widget was closed",
    )
}

fn offline() -> ApiError {
    error(
        ApiErrorKind::Offline,
        "You appear to be offline; check your connection and try again",
    )
}

fn is_offline(window: &Window) -> bool {
    !window.navigator().on_line()
}

/// Sends `request`, or takes the loader's answer to it (`early`), under the timeout and `close`.
async fn fetch(
    live: Rc<RefCell<Live>>,
    request: HttpRequest,
    early: Option<Function>,
    timeout_ms: u32,
) -> Result<HttpResponse, ApiError> {
    if live.borrow().closed {
        return Err(cancelled());
    }
    let window = web_sys::window().ok_or_else(|| {
        error(
            ApiErrorKind::Network,
            "No browser window to send requests from",
        )
    })?;
    if is_offline(&window) {
        return Err(offline());
    }
    let setup = |value: JsValue| {
        error(
            ApiErrorKind::Network,
            format!(
                "Could not prepare the request: {}",
                describe_js_error(&value)
            ),
        )
    };
    let controller = AbortController::new().map_err(setup)?;
    let answer = match early.and_then(|hand_over| early_answer(&hand_over, &request, &controller)) {
        Some(answer) => answer,
        None => {
            let init = request_init(&request, &controller).map_err(setup)?;
            window.fetch_with_str_and_init(&request.url, &init)
        }
    };

    let timed_out = Rc::new(Cell::new(false));
    let on_timeout = {
        let (timed_out, controller) = (Rc::clone(&timed_out), controller.clone());
        Closure::once(move || {
            timed_out.set(true);
            controller.abort();
        })
    };
    let timer = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            on_timeout.as_ref().unchecked_ref(),
            timeout_ms.min(i32::MAX as u32) as i32,
        )
        .map_err(setup)?;
    let id = {
        let mut live = live.borrow_mut();
        let id = live.next_id();
        live.requests.push((id, controller));
        id
    };

    let outcome = exchange(answer).await;

    window.clear_timeout_with_handle(timer);
    drop(on_timeout);
    live.borrow_mut()
        .requests
        .retain(|(request, _)| *request != id);
    outcome.map_err(|reason| {
        if live.borrow().closed {
            cancelled()
        } else if timed_out.get() {
            error(
                ApiErrorKind::Timeout,
                // Whole seconds in integer maths: formatting an f64 would pull ~14 KB of float printing in.
                format!(
                    "The API did not answer within {} s",
                    timeout_ms.div_ceil(1000)
                ),
            )
        } else if is_offline(&window) {
            offline()
        } else {
            error(
                ApiErrorKind::Network,
                format!(
                    "Could not reach the API ({}); check the connection and the apiUrl setting",
                    describe_js_error(&reason)
                ),
            )
        }
    })
}

/// What names a request between the loader and the wasm: method, URL, authorization and body, one per line.
pub fn early_key(request: &HttpRequest) -> String {
    format!(
        "{} {}\n{}\n{}",
        request.method.as_str(),
        request.url,
        request.authorization,
        request.body.as_deref().unwrap_or_default()
    )
}

/// The loader's answer to `request` when it sent that very request; `controller` aborting then stops it.
fn early_answer(
    hand_over: &Function,
    request: &HttpRequest,
    controller: &AbortController,
) -> Option<Promise> {
    let answer = hand_over
        .call2(
            &JsValue::NULL,
            &early_key(request).into(),
            &controller.signal(),
        )
        .ok()?;
    (!answer.is_undefined()).then(|| Promise::resolve(&answer))
}

/// `fetch`'s options for `request`: method, the token and JSON headers, the body, `controller`'s signal.
fn request_init(
    request: &HttpRequest,
    controller: &AbortController,
) -> Result<RequestInit, JsValue> {
    let headers = Headers::new()?;
    headers.set("authorization", &request.authorization)?;
    let init = RequestInit::new();
    init.set_method(request.method.as_str());
    if let Some(body) = &request.body {
        headers.set("content-type", "application/json")?;
        init.set_body(&JsValue::from_str(body));
    }
    init.set_headers(&headers);
    init.set_signal(Some(&controller.signal()));
    Ok(init)
}

/// The answer and its whole body (so the timeout covers a body that never ends).
async fn exchange(answer: Promise) -> Result<HttpResponse, JsValue> {
    let response: Response = JsFuture::from(answer).await?.dyn_into()?;
    let body = JsFuture::from(response.text()?).await?;
    Ok(HttpResponse {
        status: response.status(),
        body: body.as_string().unwrap_or_default(),
        retry_after: response.headers().get("retry-after").ok().flatten(),
    })
}

/// A fresh `request_id` for one folder's sync: `crypto.randomUUID()`, or (outside a secure context, where that
/// is missing) the time and two random draws. Create it once per sync and reuse it on every retry.
pub fn new_request_id() -> String {
    let global = js_sys::global();
    let uuid = js_sys::Reflect::get(&global, &"crypto".into())
        .ok()
        .filter(|crypto| crypto.is_object())
        .and_then(|crypto| {
            let random_uuid = js_sys::Reflect::get(&crypto, &"randomUUID".into()).ok()?;
            random_uuid
                .dyn_ref::<Function>()?
                .call0(&crypto)
                .ok()?
                .as_string()
        });
    uuid.unwrap_or_else(|| {
        let draw = || (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64;
        format!(
            "oc-{:x}-{:x}-{:x}",
            js_sys::Date::now() as u64,
            draw(),
            draw()
        )
    })
}
