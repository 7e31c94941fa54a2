//! The widget's runtime: what a live handle holds ([`Inner`]) and the few ways it changes — [`dispatch`] (the one
//! caller of the reducer, which re-renders and emits change events), [`emit`] (the one place events reach the
//! host) and [`rerender`] — plus [`Ctx`], the weak link flows act through, and [`Flow`], the long-lived
//! resources (client, sign-in popup, polling flags) the flows start and `destroy` stops.
//!
//! Imports run one way: `handle` (the wasm exports) uses the runtime and `flow`; `flow` uses the runtime; the
//! runtime never uses `flow`. The components' `intent` callback, the one link from a click to `flow::run`, is
//! built by `handle` at mount and stored here, in [`Mounted::props`], with the other callbacks: built once, so
//! every render passes the app equal callbacks and Yew can skip the parts of the tree that did not change.
//!
//! Host callbacks (`onEvent`, `on` listeners) are called after every `RefCell` borrow is released, so a listener
//! may call back into the widget (even `destroy`) safely.

use crate::api::{ApiError, ApiErrorKind, Client};
use crate::components::app::{App, AppProps};
use crate::components::View;
use crate::config::{Config, Locale};
use crate::events::{Event, Subscription};
use crate::i18n::{self, Strings};
use crate::oauth::SignIn;
use crate::state::{Action, WidgetState};
use js_sys::{Function, Object};
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, ShadowRoot};
use yew::{AppHandle, Reducible};

/// Everything one widget instance holds; shared by the handle, the app's callbacks (weakly) and the flows'
/// [`Ctx`] (weakly).
pub struct Inner {
    pub config: Config<Function>,
    /// The current state, replaced (never mutated) by [`dispatch`].
    pub state: Rc<WidgetState>,
    pub listeners: Vec<(Subscription, Function)>,
    pub mounted: Option<Mounted>,
    /// `mount` was called while the language table was still loading: where to render once it is in (the
    /// loader's early frame stays on screen until then).
    pub pending_mount: Option<(Element, ShadowRoot)>,
    /// The language table the widget renders with, the host's `messages` applied ([`strings_for`]).
    pub strings: &'static Strings,
    /// The [`i18n::LANGUAGES`] index [`Inner::strings`] is for.
    pub language: usize,
    pub destroyed: bool,
    pub flow: Flow,
}

impl Inner {
    /// An unmounted widget with the state `config` starts from, talking to the API through `client`.
    pub fn new(config: Config<Function>, client: Client) -> Self {
        let state = Rc::new(WidgetState::new(
            config.filters.clone(),
            config.folders.clone(),
        ));
        Self {
            config,
            state,
            listeners: Vec::new(),
            mounted: None,
            pending_mount: None,
            strings: &i18n::ENGLISH,
            language: 0,
            destroyed: false,
            flow: Flow::new(client),
        }
    }
}

/// Where a mounted widget renders.
pub struct Mounted {
    pub host: Element,
    pub shadow: ShadowRoot,
    pub container: Element,
    pub app: AppHandle<App>,
    /// The props of the first render. Its callbacks (`dispatch`, `intent`, `on_ready`) were built once, at mount,
    /// and every later render passes the same ones.
    pub props: AppProps,
}

/// Applies an action, re-renders, and tells the host when the filters changed.
pub fn dispatch(inner: &Rc<RefCell<Inner>>, action: Action) {
    let before = inner.borrow().state.clone();
    let after = before.clone().reduce(action);
    if Rc::ptr_eq(&before, &after) {
        return;
    }
    inner.borrow_mut().state = after.clone();
    rerender(inner);
    if after.filters != before.filters {
        let filters = after.filters.clone();
        emit(inner, &Event::FiltersChanged { filters });
    }
}

/// Renders the current state and config with the callbacks made at mount (nothing before `mount`).
pub fn rerender(inner: &Rc<RefCell<Inner>>) {
    let mut borrowed = inner.borrow_mut();
    let Inner {
        config,
        state,
        mounted,
        strings,
        ..
    } = &mut *borrowed;
    if let Some(mounted) = mounted.as_mut() {
        let props = AppProps {
            view: view_of(config, strings),
            state: state.clone(),
            ..mounted.props.clone()
        };
        mounted.app.update(props);
    }
}

/// The part of the config the views read, resolved for this render.
pub fn view_of(config: &Config<Function>, strings: &'static Strings) -> Rc<View> {
    Rc::new(View::new(config, strings))
}

/// The language the widget speaks (an [`i18n::LANGUAGES`] index): the `locale` config key's language, or for
/// `auto` the first of the browser's languages (`navigator.languages`) the widget speaks; English otherwise.
pub fn language_of(config: &Config<Function>) -> usize {
    match &config.locale {
        Locale::Tag(tag) => i18n::language_index(tag).unwrap_or(0),
        Locale::Auto => {
            let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
                return 0;
            };
            let preferred: Vec<String> = navigator
                .languages()
                .iter()
                .filter_map(|tag| tag.as_string())
                .chain(navigator.language())
                .collect();
            i18n::first_supported(preferred.iter().map(String::as_str))
        }
    }
}

/// The table for `language` with the config's `messages` applied, if that language's table is loaded.
pub fn strings_for(config: &Config<Function>, language: usize) -> Option<&'static Strings> {
    i18n::loaded(language).map(|base| i18n::with_messages(base, &config.messages))
}

/// Sends one event to `onEvent`, the matching `on` listeners, and as a DOM event on the host element, all with
/// the same `{type, ts, data}` payload. Nothing once the widget is destroyed.
pub fn emit(inner: &Rc<RefCell<Inner>>, event: &Event) {
    let event_type = event.event_type();
    let (callbacks, host) = {
        let borrowed = inner.borrow();
        if borrowed.destroyed {
            return;
        }
        let mut callbacks: Vec<Function> = borrowed.config.on_event.iter().cloned().collect();
        callbacks.extend(
            borrowed
                .listeners
                .iter()
                .filter(|(s, _)| s.wants(event_type))
                .map(|(_, f)| f.clone()),
        );
        (callbacks, borrowed.mounted.as_ref().map(|m| m.host.clone()))
    };
    let payload = Object::new();
    crate::bridge::set(&payload, "type", &event_type.as_str().into());
    crate::bridge::set(&payload, "ts", &js_sys::Date::now().into());
    crate::bridge::set(&payload, "data", &event.data());
    for callback in callbacks {
        if let Err(thrown) = callback.call1(&JsValue::NULL, &payload) {
            web_sys::console::error_2(&"outlook-connect: an event listener threw".into(), &thrown);
        }
    }
    if let Some(host) = host {
        let init = web_sys::CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_detail(&payload);
        if let Ok(dom_event) =
            web_sys::CustomEvent::new_with_event_init_dict(&event_type.dom_name(), &init)
        {
            let _ = host.dispatch_event(&dom_event);
        }
    }
}

/// The flows' link to their widget: dispatch, emit, read state and config, reach the client and the flow's
/// resources. Weak, so a task that outlives its widget finds nothing and stops; after `destroy` every method
/// does nothing (or returns `None`).
#[derive(Clone)]
pub struct Ctx(Weak<RefCell<Inner>>);

impl Ctx {
    /// A link to `inner` that does not keep it alive.
    pub fn new(inner: &Rc<RefCell<Inner>>) -> Self {
        Self(Rc::downgrade(inner))
    }

    fn live(&self) -> Option<Rc<RefCell<Inner>>> {
        self.0.upgrade().filter(|inner| !inner.borrow().destroyed)
    }

    /// Whether the widget still exists (not destroyed).
    pub fn is_alive(&self) -> bool {
        self.live().is_some()
    }

    pub fn dispatch(&self, action: Action) {
        if let Some(inner) = self.live() {
            dispatch(&inner, action);
        }
    }

    /// Tells the host about an API failure no caller can be given: an `error` event with the error's
    /// `{code, message, fields?}`. A call aborted on purpose (the widget was destroyed or its client replaced)
    /// says nothing. The one way a flow reports an API error as an event.
    pub fn emit_api_error(&self, error: &ApiError) {
        if error.kind != ApiErrorKind::Cancelled {
            self.emit(Event::api_error(error));
        }
    }

    pub fn emit(&self, event: Event) {
        if let Some(inner) = self.live() {
            emit(&inner, &event);
        }
    }

    pub fn state(&self) -> Option<Rc<WidgetState>> {
        self.live().map(|inner| inner.borrow().state.clone())
    }

    /// Reads the config. `read` must not call back into the widget.
    pub fn config<R>(&self, read: impl FnOnce(&Config<Function>) -> R) -> Option<R> {
        self.live().map(|inner| read(&inner.borrow().config))
    }

    /// Uses the flow's resources. `with` must not dispatch, emit or call host code (the handle is borrowed);
    /// take what it needs out and act after it returns.
    pub fn flow<R>(&self, with: impl FnOnce(&mut Flow) -> R) -> Option<R> {
        self.live().map(|inner| with(&mut inner.borrow_mut().flow))
    }

    /// The language table the widget renders with (English once destroyed), for text the flow puts in state.
    pub fn strings(&self) -> &'static Strings {
        self.live()
            .map_or(&i18n::ENGLISH, |inner| inner.borrow().strings)
    }

    pub fn client(&self) -> Option<Rc<Client>> {
        self.flow(|flow| flow.client.clone())
    }
}

/// Resolves when the browser is idle (`requestIdleCallback`, waiting at most [`IDLE_TIMEOUT_MS`]; a short
/// `setTimeout` where there is none, as in Safari): for work that must not compete with the first paint.
pub async fn idle() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let Some(window) = web_sys::window() else {
            let _ = resolve.call0(&JsValue::NULL);
            return;
        };
        let request = js_sys::Reflect::get(&window, &JsValue::from_str("requestIdleCallback"))
            .ok()
            .and_then(|request| request.dyn_into::<Function>().ok());
        let asked = match request {
            Some(request) => {
                let options = Object::new();
                crate::bridge::set(&options, "timeout", &IDLE_TIMEOUT_MS.into());
                request.call2(&window, &resolve, &options).is_ok()
            }
            None => false,
        };
        if !asked {
            let _ = window
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, IDLE_FALLBACK_MS);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Whether the browser says it is online (`navigator.onLine`; true where it cannot tell).
pub fn online() -> bool {
    web_sys::window().is_none_or(|window| window.navigator().on_line())
}

/// The longest [`idle`] waits for an idle moment on a busy page.
const IDLE_TIMEOUT_MS: u32 = 1000;
/// [`idle`]'s wait where the browser has no `requestIdleCallback`.
const IDLE_FALLBACK_MS: i32 = 200;

/// A flag shared by a running task and whoever may stop it. Cheap to clone.
#[derive(Clone, Debug, Default)]
pub struct Cancel(Rc<Cell<bool>>);

impl Cancel {
    pub fn cancel(&self) {
        self.0.set(true);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.get()
    }
}

/// The widget's long-lived side effects: started by the flows, owned by [`Inner`], stopped on `destroy`.
pub struct Flow {
    /// The Carbon client for this widget's `apiUrl` and `tokenFetcher`.
    pub client: Rc<Client>,
    /// The sign-in popup flow while one runs.
    pub sign_in: Option<SignIn>,
    /// Cancelled (and replaced) when the Progress screen's polling must stop.
    pub progress: Cancel,
    /// Cancelled (and replaced) when the Files screen's loading must stop.
    pub files: Cancel,
    /// Cancelled once, when the widget is destroyed: every task checks it before touching state.
    pub alive: Cancel,
}

impl Flow {
    pub fn new(client: Client) -> Self {
        Self {
            client: Rc::new(client),
            sign_in: None,
            progress: Cancel::default(),
            files: Cancel::default(),
            alive: Cancel::default(),
        }
    }

    /// Stops everything for good (for `destroy`): the popup, polling, and requests in flight.
    pub fn stop(&mut self) {
        self.alive.cancel();
        self.progress.cancel();
        self.files.cancel();
        if let Some(sign_in) = self.sign_in.take() {
            sign_in.stop();
        }
        self.client.close();
    }
}
