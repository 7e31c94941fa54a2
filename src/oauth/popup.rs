//! The browser edge of the sign-in flow: runs the [`Command`]s of the pure [`Machine`] — `window.open`, popup
//! navigation and closing, the API calls, one tick timer and one `message` listener — and feeds what happens back
//! as [`Input`]s.
//!
//! [`SignIn::stop`] (also run on drop) closes the popup, clears the timer and removes the listener; answers of
//! calls still in flight are then dropped. Timer and listener closures hold only a weak reference, so a dropped
//! `SignIn` is never kept alive by them.

use super::machine::{Command, HostWindow, Input, Machine, Phase, SourceSnapshot, POPUP_NAME};
use crate::api::request::{ConnectMode, DataSourceQuery};
use crate::api::Client;
use crate::bridge::shape_of;
use crate::events::Event;
use serde_json::Value;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::{Rc, Weak};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Window};

/// What the view learns from the flow.
#[derive(Clone, Debug, PartialEq)]
pub enum SignInUpdate {
    /// The phase changed: re-render.
    Phase(Phase),
    /// Send this event to the host (`popup_opened`, `popup_blocked`, `connected`, `auth_cancelled`,
    /// `auth_timeout`, `auth_error`).
    Event(Event),
}

/// The sign-in flow of one widget instance.
pub struct SignIn {
    inner: Rc<RefCell<Edge>>,
}

thread_local! {
    /// Numbers widget instances, so each one's popup has its own window name and two widgets on a page never
    /// take over each other's popup.
    static INSTANCES: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

struct Edge {
    machine: Machine,
    /// `window.open`'s target name for this instance's popup.
    popup_name: String,
    client: Rc<Client>,
    on_update: Rc<dyn Fn(SignInUpdate)>,
    popup: Option<Window>,
    /// A popup opened by an earlier click (see [`SignIn::start`]), taken by the first `OpenPopup`.
    opened_early: Option<Window>,
    ticker: Option<(i32, Closure<dyn FnMut()>)>,
    listener: Option<Closure<dyn FnMut(MessageEvent)>>,
    stopped: bool,
}

impl SignIn {
    /// `auth_timeout_ms` is the config's `authTimeoutMs`; `on_update` is called after every state change, never
    /// while the flow is borrowed (it may call back into this `SignIn`).
    pub fn new(
        client: Rc<Client>,
        auth_timeout_ms: u32,
        on_update: impl Fn(SignInUpdate) + 'static,
    ) -> Self {
        let machine = Machine::new(client.api_url(), auth_timeout_ms);
        let instance = INSTANCES.with(|count| {
            count.set(count.get().wrapping_add(1));
            count.get()
        });
        Self {
            inner: Rc::new(RefCell::new(Edge {
                machine,
                popup_name: format!("{POPUP_NAME}-{instance}"),
                client,
                on_update: Rc::new(on_update),
                popup: None,
                opened_early: None,
                ticker: None,
                listener: None,
                stopped: false,
            })),
        }
    }

    /// Starts signing in. Call it synchronously inside the click handler (browsers allow popups only there), or
    /// give the `popup` a click already opened (the loader's early Connect button): it is used instead of a new
    /// one while it is still open. `known`: the data sources the view already lists, if it has them.
    pub fn start(
        &self,
        mode: ConnectMode,
        known: Option<Vec<SourceSnapshot>>,
        popup: Option<Window>,
    ) {
        self.inner.borrow_mut().opened_early = popup;
        feed(
            &self.inner,
            Input::Start {
                mode,
                known,
                host: host_window(),
                now_ms: js_sys::Date::now(),
            },
        );
    }

    /// "Open sign-in window" / "Open the sign-in window again": call it inside the click handler.
    pub fn open_window(&self) {
        feed(
            &self.inner,
            Input::OpenWindow {
                host: host_window(),
                now_ms: js_sys::Date::now(),
            },
        );
    }

    /// "Cancel".
    pub fn cancel(&self) {
        feed(&self.inner, Input::Cancel);
    }

    pub fn phase(&self) -> Phase {
        self.inner.borrow().machine.phase().clone()
    }

    /// Stops for good, without events (for `destroy`): closes the popup, clears the timer, removes the listener;
    /// later calls and late API answers do nothing. Idempotent. To end one attempt and allow another, use `cancel`.
    pub fn stop(&self) {
        let (ticker, listener, popup) = {
            let mut edge = self.inner.borrow_mut();
            edge.stopped = true;
            (edge.ticker.take(), edge.listener.take(), edge.popup.take())
        };
        remove_timer_and_listener(ticker, listener);
        if let Some(popup) = popup {
            let _ = popup.close();
        }
    }

    /// Whether a timer or listener is installed (for tests of `stop`).
    pub fn is_running(&self) -> bool {
        let edge = self.inner.borrow();
        edge.ticker.is_some() || edge.listener.is_some()
    }
}

impl Drop for SignIn {
    fn drop(&mut self) {
        self.stop();
    }
}

fn host_window() -> HostWindow {
    let Some(window) = web_sys::window() else {
        return HostWindow::default();
    };
    let number = |value: Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>| {
        value.ok().and_then(|v| v.as_f64()).unwrap_or(0.0)
    };
    HostWindow {
        left: number(window.screen_x()),
        top: number(window.screen_y()),
        width: number(window.outer_width()),
        height: number(window.outer_height()),
    }
}

/// Applies inputs one after another (running a command may produce the next input), then tells the view.
fn feed(inner: &Rc<RefCell<Edge>>, input: Input) {
    let mut inputs = VecDeque::from([input]);
    while let Some(input) = inputs.pop_front() {
        let (commands, changed_phase, on_update) = {
            let mut edge = inner.borrow_mut();
            if edge.stopped {
                return;
            }
            let before = edge.machine.phase().clone();
            let commands = edge.machine.handle(input);
            let after = edge.machine.phase();
            let changed = (after != &before).then(|| after.clone());
            (commands, changed, Rc::clone(&edge.on_update))
        };
        let mut updates: Vec<SignInUpdate> =
            changed_phase.into_iter().map(SignInUpdate::Phase).collect();
        for command in commands {
            match command {
                Command::Emit(event) => updates.push(SignInUpdate::Event(event)),
                other => inputs.extend(run(inner, other)),
            }
        }
        for update in updates {
            on_update(update);
        }
    }
}

/// Runs one command; returns the input it produced at once, if any.
fn run(inner: &Rc<RefCell<Edge>>, command: Command) -> Option<Input> {
    let window = web_sys::window()?;
    match command {
        Command::OpenPopup { features, .. } => {
            let (name, early) = {
                let mut edge = inner.borrow_mut();
                (edge.popup_name.clone(), edge.opened_early.take())
            };
            let early = early.filter(|popup| popup.closed() == Ok(false));
            let popup = early.or_else(|| {
                window
                    .open_with_url_and_target_and_features("about:blank", &name, &features)
                    .ok()
                    .flatten()
            });
            let opened = popup.is_some();
            inner.borrow_mut().popup = popup;
            Some(if opened {
                Input::PopupOpened
            } else {
                Input::PopupBlocked
            })
        }
        Command::NavigatePopup { url } => {
            if let Some(popup) = &inner.borrow().popup {
                let _ = popup.location().set_href(&url);
            }
            None
        }
        Command::ClosePopup => {
            let popup = inner.borrow_mut().popup.take();
            if let Some(popup) = popup {
                let _ = popup.close();
            }
            None
        }
        Command::RequestOAuthUrl { attempt, mode } => {
            let (client, weak) = (Rc::clone(&inner.borrow().client), Rc::downgrade(inner));
            wasm_bindgen_futures::spawn_local(async move {
                let result = client.oauth_url(mode).await.map(|answer| answer.oauth_url);
                feed_weak(&weak, Input::OAuthUrlAnswered { attempt, result });
            });
            None
        }
        Command::PollDataSources { attempt } => {
            let (client, weak) = (Rc::clone(&inner.borrow().client), Rc::downgrade(inner));
            wasm_bindgen_futures::spawn_local(async move {
                let result = client
                    .user_data_sources(&DataSourceQuery::connected())
                    .await
                    .map(|answer| answer.results.iter().map(SourceSnapshot::from).collect());
                feed_weak(&weak, Input::PollAnswered { attempt, result });
            });
            None
        }
        Command::StartTicking { interval_ms } => {
            start_timer_and_listener(inner, &window, interval_ms);
            None
        }
        Command::StopTicking => {
            let (ticker, listener) = {
                let mut edge = inner.borrow_mut();
                (edge.ticker.take(), edge.listener.take())
            };
            remove_timer_and_listener(ticker, listener);
            None
        }
        Command::Emit(_) => None,
    }
}

fn feed_weak(weak: &Weak<RefCell<Edge>>, input: Input) {
    if let Some(inner) = weak.upgrade() {
        feed(&inner, input);
    }
}

fn start_timer_and_listener(inner: &Rc<RefCell<Edge>>, window: &Window, interval_ms: u32) {
    let (old_ticker, old_listener) = {
        let mut edge = inner.borrow_mut();
        (edge.ticker.take(), edge.listener.take())
    };
    remove_timer_and_listener(old_ticker, old_listener);

    let weak = Rc::downgrade(inner);
    let tick = Closure::<dyn FnMut()>::new(move || {
        let Some(inner) = weak.upgrade() else {
            return;
        };
        let popup_closed = inner
            .borrow()
            .popup
            .as_ref()
            .is_none_or(|popup| popup.closed().unwrap_or(true));
        let now_ms = js_sys::Date::now();
        feed(
            &inner,
            Input::Tick {
                now_ms,
                popup_closed,
            },
        );
    });
    let handle = window
        .set_interval_with_callback_and_timeout_and_arguments_0(
            tick.as_ref().unchecked_ref(),
            interval_ms.min(i32::MAX as u32) as i32,
        )
        .ok();

    let weak = Rc::downgrade(inner);
    let listener = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let Some(inner) = weak.upgrade() else {
            return;
        };
        let from_popup = match (event.source(), &inner.borrow().popup) {
            (Some(source), Some(popup)) => JsValue::from(source) == JsValue::from(popup.clone()),
            _ => false,
        };
        let data = shape_of(&event.data()).to_json().unwrap_or(Value::Null);
        let origin = event.origin();
        feed(
            &inner,
            Input::Message {
                origin,
                from_popup,
                data,
            },
        );
    });
    let _ = window.add_event_listener_with_callback("message", listener.as_ref().unchecked_ref());

    let mut edge = inner.borrow_mut();
    edge.ticker = handle.map(|handle| (handle, tick));
    edge.listener = Some(listener);
}

fn remove_timer_and_listener(
    ticker: Option<(i32, Closure<dyn FnMut()>)>,
    listener: Option<Closure<dyn FnMut(MessageEvent)>>,
) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Some((handle, _closure)) = ticker {
        window.clear_interval_with_handle(handle);
    }
    if let Some(listener) = listener {
        let _ = window
            .remove_event_listener_with_callback("message", listener.as_ref().unchecked_ref());
    }
}
