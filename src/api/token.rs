//! The customer access token: fetched from the host's `tokenFetcher`, cached, and replaced once when the API
//! refuses it.
//!
//! [`TokenSource`] is single-flight: however many calls ask at once (or hit a 401 at once), the host's function
//! runs once and they all share its answer. A failed fetch is not cached; the next call asks again. The answer
//! is validated by [`access_token_from`] (pure, over [`Shape`]) so a host mistake gets an error naming
//! `tokenFetcher` and what it should return.

use super::error::{ApiError, ApiErrorKind};
use crate::bridge::shape_of;
use crate::shape::Shape;
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use js_sys::{Array, Function, Object, Promise};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

type Fetch = Rc<dyn Fn() -> LocalBoxFuture<'static, Result<String, ApiError>>>;
type PendingToken = Shared<LocalBoxFuture<'static, Result<String, ApiError>>>;

/// Where the client gets its `authorization: Token …`. Cheap to clone; clones share the cache.
#[derive(Clone)]
pub struct TokenSource {
    fetch: Fetch,
    state: Rc<RefCell<TokenState>>,
}

#[derive(Default)]
struct TokenState {
    cached: Option<String>,
    pending: Option<PendingToken>,
    fetches: u32,
}

impl TokenSource {
    /// A source over any async fetch (tests use a scripted one).
    pub fn new(
        fetch: impl Fn() -> LocalBoxFuture<'static, Result<String, ApiError>> + 'static,
    ) -> Self {
        Self {
            fetch: Rc::new(fetch),
            state: Rc::default(),
        }
    }

    /// The host's `tokenFetcher`: a function returning `{access_token}` or a Promise of it, which must settle
    /// within `timeout_ms` (the config's `tokenFetcherTimeoutMs`). `early` is what the loader got from calling it
    /// while the wasm was still downloading: the first fetch takes that answer instead of asking again.
    pub fn from_host(token_fetcher: Function, timeout_ms: u32, early: Option<JsValue>) -> Self {
        let early = Cell::new(early);
        Self::new(move || match early.take() {
            Some(answer) => settle_token(answer, timeout_ms).boxed_local(),
            None => call_token_fetcher(token_fetcher.clone(), timeout_ms).boxed_local(),
        })
    }

    /// The cached token, or the answer of a fetch (joining one already running).
    pub async fn token(&self) -> Result<String, ApiError> {
        let pending = {
            let state = self.state.borrow();
            if let Some(token) = &state.cached {
                return Ok(token.clone());
            }
            state.pending.clone()
        };
        match pending {
            Some(pending) => pending.await,
            None => self.start_fetch().await,
        }
    }

    /// A new token after the API refused `rejected`. If another call already replaced it, that token is
    /// returned without asking the host again.
    pub async fn refresh(&self, rejected: &str) -> Result<String, ApiError> {
        {
            let mut state = self.state.borrow_mut();
            match &state.cached {
                Some(current) if current != rejected => return Ok(current.clone()),
                Some(_) => state.cached = None,
                None => {}
            }
        }
        self.token().await
    }

    /// How many times the host's function was called (for tests and diagnostics).
    pub fn fetch_count(&self) -> u32 {
        self.state.borrow().fetches
    }

    fn start_fetch(&self) -> PendingToken {
        let state = Rc::clone(&self.state);
        let answer = (self.fetch)();
        let pending = async move {
            let result = answer.await;
            let mut state = state.borrow_mut();
            state.pending = None;
            if let Ok(token) = &result {
                state.cached = Some(token.clone());
            }
            result
        }
        .boxed_local()
        .shared();
        let mut state = self.state.borrow_mut();
        state.pending = Some(pending.clone());
        state.fetches += 1;
        pending
    }
}

/// The token in a `tokenFetcher` answer, or an error saying what was wrong with it.
pub fn access_token_from<F>(answer: &Shape<F>) -> Result<String, ApiError> {
    let entries = match answer {
        Shape::Object(entries) => entries,
        other => {
            return Err(token_error(format!(
                "tokenFetcher must return (a Promise of) an object {{access_token: \"…\"}}, got {}",
                other.kind()
            )))
        }
    };
    match entries.iter().find(|(key, _)| key == "access_token") {
        Some((_, Shape::String(token))) if token.trim().is_empty() => Err(token_error(
            "tokenFetcher returned an empty access_token; it must be the token your backend got from Carbon",
        )),
        Some((_, Shape::String(token))) if !token.trim().bytes().all(|b| b.is_ascii_graphic()) => {
            Err(token_error(
                "tokenFetcher returned an access_token with spaces or control characters; send the token exactly as Carbon issued it",
            ))
        }
        Some((_, Shape::String(token))) => Ok(token.trim().to_owned()),
        Some((_, other)) => Err(token_error(format!(
            "tokenFetcher returned access_token as {}, expected a string",
            other.kind()
        ))),
        None => {
            let keys: Vec<&str> = entries.iter().map(|(key, _)| key.as_str()).collect();
            Err(token_error(format!(
                "tokenFetcher returned an object without access_token (keys: {}); return {{access_token: \"…\"}}",
                if keys.is_empty() { "none".to_owned() } else { keys.join(", ") }
            )))
        }
    }
}

fn token_error(message: impl Into<String>) -> ApiError {
    ApiError::new(ApiErrorKind::TokenFetcher, message)
}

async fn call_token_fetcher(token_fetcher: Function, timeout_ms: u32) -> Result<String, ApiError> {
    let returned = token_fetcher.call0(&JsValue::UNDEFINED).map_err(|thrown| {
        token_error(format!(
            "tokenFetcher threw: {}",
            describe_js_error(&thrown)
        ))
    })?;
    settle_token(returned, timeout_ms).await
}

/// What a `tokenFetcher` call returned (a value or a Promise), settled within `timeout_ms` and checked.
async fn settle_token(returned: JsValue, timeout_ms: u32) -> Result<String, ApiError> {
    // The host's Promise races a timer that resolves with a marker only this call knows: a backend that never
    // answers ends in an error naming the limit instead of a widget waiting for ever.
    let late: JsValue = Object::new().into();
    let mut timer = None;
    let deadline = Promise::new(&mut |resolve, _reject| {
        let fire: Function = resolve.bind1(&JsValue::UNDEFINED, &late).unchecked_into();
        timer = web_sys::window().and_then(|window| {
            window
                .set_timeout_with_callback_and_timeout_and_arguments_0(&fire, timeout_ms as i32)
                .ok()
        });
    });
    let race = Promise::race(&Array::of2(&crate::bridge::settled(&returned), &deadline));
    let settled = JsFuture::from(race).await;
    if let (Some(handle), Some(window)) = (timer, web_sys::window()) {
        window.clear_timeout_with_handle(handle);
    }
    let answer = settled.map_err(|reason| {
        token_error(format!(
            "tokenFetcher's Promise rejected: {}",
            describe_js_error(&reason)
        ))
    })?;
    if Object::is(&answer, &late) {
        return Err(token_error(format!(
            "tokenFetcher did not answer within {timeout_ms} ms (tokenFetcherTimeoutMs); check that your token endpoint responds"
        )));
    }
    access_token_from(&shape_of(&answer))
}

/// A thrown JS value in words: an `Error`'s message, a string as is.
pub(crate) fn describe_js_error(value: &JsValue) -> String {
    if let Some(error) = value.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    value
        .as_string()
        .unwrap_or_else(|| "a value that is not an Error".to_owned())
}
