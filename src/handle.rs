//! The handle a host holds: `mount`, `update`, `destroy`, `on`/`off`, filters and folders, and the event stream.
//!
//! A handle owns the validated config, the current [`WidgetState`] (changed only through the reducer) and, once
//! mounted, the shadow root and the Yew app rendering into it. Host callbacks are always called after every
//! `RefCell` borrow is released, so a listener may call back into the handle (even `destroy`) safely.

use crate::api::Client;
use crate::bridge::{error_to_js, set, shape_of, strings_to_js, to_js};
use crate::state::categories::categories_from_shape;
use crate::components::{App, AppProps, View};
use crate::config::{filters_from_shape, Config, Locale};
use crate::errors::{ErrorCode, WidgetError};
use crate::events::{EventType, Subscription};
use crate::state::auto_sync::AutoSyncAction;
use crate::flow::{Flow, Intent};
use crate::state::folders::FolderTree;
use crate::i18n::{self, Strings};
use crate::shape::Shape;
use crate::state::{Action, WidgetState};
use crate::state::sync::SyncAction;
use js_sys::{Array, Function, Object, Reflect};
use outlook_connect_filter::{FilterError, Parsed};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, ShadowRoot, ShadowRootInit, ShadowRootMode};
use yew::{AppHandle, Callback, Reducible};

/// `styles.css` as it is written, with comments and indentation for people.
const STYLES_SOURCE: &str = include_str!("styles.css");
/// The length of [`STYLES`]: the minified sheet, computed at compile time.
const STYLES_LEN: usize = minify_css(STYLES_SOURCE.as_bytes(), &mut [0; STYLES_SOURCE.len()]);
/// Only the minified bytes go into the bundle (no trailing zeros of the work buffer).
const STYLES_BYTES: [u8; STYLES_LEN] = {
    let mut work = [0; STYLES_SOURCE.len()];
    minify_css(STYLES_SOURCE.as_bytes(), &mut work);
    let mut bytes = [0; STYLES_LEN];
    let mut at = 0;
    while at < STYLES_LEN {
        bytes[at] = work[at];
        at += 1;
    }
    bytes
};
/// The widget's style sheet without comments and needless whitespace: it is data in the wasm, so every byte ships.
const STYLES: &str = match std::str::from_utf8(&STYLES_BYTES) {
    Ok(styles) => styles,
    Err(_) => panic!("styles.css: minifying must keep it UTF-8"),
};

/// Writes `css` into `out` without `/* comments */` and with whitespace only where it can matter: a run of
/// whitespace becomes one space, or nothing after `{ } ; : , > ( ` or a space, or before `{ } ; , > )`. A space
/// before `:` is kept (`a :hover` is not `a:hover`), and so is everything inside words and strings. Returns the
/// length written.
const fn minify_css(css: &[u8], out: &mut [u8]) -> usize {
    const fn tight_after(byte: u8) -> bool {
        matches!(byte, b'{' | b'}' | b';' | b':' | b',' | b'>' | b'(' | b' ')
    }
    const fn tight_before(byte: u8) -> bool {
        matches!(byte, b'{' | b'}' | b';' | b',' | b'>' | b')')
    }
    let (mut read, mut len) = (0, 0);
    while read < css.len() {
        let byte = css[read];
        if byte == b'/' && read + 1 < css.len() && css[read + 1] == b'*' {
            read += 2;
            while read + 1 < css.len() && !(css[read] == b'*' && css[read + 1] == b'/') {
                read += 1;
            }
            read += 2;
        } else if byte.is_ascii_whitespace() {
            let mut next = read;
            while next < css.len() && css[next].is_ascii_whitespace() {
                next += 1;
            }
            let starts_comment = next + 1 < css.len() && css[next] == b'/' && css[next + 1] == b'*';
            if len > 0
                && next < css.len()
                && !starts_comment
                && !tight_after(out[len - 1])
                && !tight_before(css[next])
            {
                out[len] = b' ';
                len += 1;
            }
            read = next;
        } else {
            out[len] = byte;
            len += 1;
            read += 1;
        }
    }
    len
}

thread_local! {
    /// Elements a live handle renders into, so two handles never share one host element.
    static MOUNTED_HOSTS: RefCell<Vec<Element>> = const { RefCell::new(Vec::new()) };
}

/// One widget instance, as returned by `OutlookConnect.create`.
#[wasm_bindgen]
pub struct Widget {
    inner: Rc<RefCell<Inner>>,
}

struct Inner {
    config: Config<Function>,
    state: Rc<WidgetState>,
    listeners: Vec<(Subscription, Function)>,
    mounted: Option<Mounted>,
    destroyed: bool,
    flow: Flow,
}

struct Mounted {
    host: Element,
    shadow: ShadowRoot,
    container: Element,
    app: AppHandle<App>,
}

impl Widget {
    /// Validates `config` and builds an unmounted widget.
    pub fn create(config: &JsValue) -> Result<Widget, WidgetError> {
        let config = Config::from_shape(&shape_of(config))?;
        let state = Rc::new(WidgetState::new(
            config.filters.clone(),
            config.folders.clone(),
        ));
        let client = crate::flow::accounts::client_for(&config);
        let inner = Inner {
            config,
            state,
            listeners: Vec::new(),
            mounted: None,
            destroyed: false,
            flow: Flow::new(client),
        };
        Ok(Widget {
            inner: Rc::new(RefCell::new(inner)),
        })
    }

    fn live(&self, method: &str) -> Result<(), JsValue> {
        if self.inner.borrow().destroyed {
            Err(error_to_js(&WidgetError::destroyed(method)))
        } else {
            Ok(())
        }
    }

    /// Applies an action, re-renders, and tells the host what changed.
    fn dispatch(&self, action: Action) {
        dispatch(&self.inner, action);
    }
}

#[wasm_bindgen]
impl Widget {
    /// Renders the widget inside an open shadow root of `target` (an Element or a CSS selector).
    pub fn mount(&self, target: JsValue) -> Result<(), JsValue> {
        self.live("mount")?;
        if self.inner.borrow().mounted.is_some() {
            let error = WidgetError::new(
                ErrorCode::AlreadyMounted,
                "mount: this handle is already mounted; call destroy() and create a new handle to move it",
            );
            return Err(error_to_js(&error));
        }
        let host = resolve_target(&target).map_err(|e| error_to_js(&e))?;
        let shadow = prepare_shadow_root(&host).map_err(|e| error_to_js(&e))?;
        adopt_styles(&shadow);
        let document = web_sys::window()
            .and_then(|w| w.document())
            .ok_or_else(|| JsValue::from_str("no document"))?;
        let container = document.create_element("div")?;
        shadow.append_child(&container)?;
        let props = app_props(&self.inner);
        let app = yew::Renderer::<App>::with_root_and_props(container.clone(), props).render();
        MOUNTED_HOSTS.with(|hosts| hosts.borrow_mut().push(host.clone()));
        self.inner.borrow_mut().mounted = Some(Mounted {
            host,
            shadow,
            container,
            app,
        });
        crate::flow::accounts::refresh(&Ctx(Rc::downgrade(&self.inner)));
        Ok(())
    }

    /// Changes some config keys; the same validation as `create`, and nothing changes if any key is wrong.
    pub fn update(&self, partial: JsValue) -> Result<(), JsValue> {
        // Host values are read before the handle is borrowed (here and in every method): a getter may call back
        // into the widget. The keys given are the ones read, not a second look at the host's object.
        let partial = shape_of(&partial);
        self.live("update")?;
        let updated = self.inner.borrow().config.updated(&partial);
        let config = updated.map_err(|e| error_to_js(&WidgetError::from(e)))?;
        let (filters, folders) = (config.filters.clone(), config.folders.clone());
        let given = |key: &str| matches!(&partial, Shape::Object(entries) if entries.iter().any(|(k, _)| k == key));
        self.inner.borrow_mut().config = config;
        if given("apiUrl") || given("tokenFetcher") || given("tokenFetcherTimeoutMs") {
            crate::flow::accounts::client_changed(&Ctx(Rc::downgrade(&self.inner)));
        }
        if given("filters") {
            self.dispatch(Action::SetFilters(filters));
        }
        if given("folders") {
            self.dispatch(Action::SetFolders(folders));
        }
        if given("syncOptions") {
            let reseed = {
                let options = &self.inner.borrow().config.sync_options;
                SyncAction::Reseed {
                    sync_attachments: options.sync_attachments,
                    incremental_sync: options.incremental_sync,
                }
            };
            self.dispatch(Action::Sync(reseed));
        }
        if given("autoSync") {
            self.dispatch(Action::AutoSync(AutoSyncAction::HostChanged));
        }
        rerender(&self.inner);
        Ok(())
    }

    /// Removes the widget's DOM, listeners and timers. Calling it again does nothing; other methods then fail
    /// with `code: "destroyed"`.
    pub fn destroy(&self) {
        let mounted = {
            let mut inner = self.inner.borrow_mut();
            if inner.destroyed {
                return;
            }
            inner.destroyed = true;
            inner.listeners.clear();
            inner.flow.stop();
            inner.mounted.take()
        };
        if let Some(Mounted {
            host,
            shadow,
            container,
            app,
        }) = mounted
        {
            app.destroy();
            container.remove();
            let _ = Reflect::set(&shadow, &"adoptedStyleSheets".into(), &Array::new());
            MOUNTED_HOSTS.with(|hosts| hosts.borrow_mut().retain(|h| h != &host));
        }
    }

    /// Calls `callback({type, ts, data})` for events of `type` (or every type with `"*"`). Returns a function
    /// that removes the listener.
    pub fn on(&self, event_type: JsValue, callback: JsValue) -> Result<Function, JsValue> {
        self.live("on")?;
        let (subscription, callback) = listener_args("on", &event_type, callback)?;
        self.inner
            .borrow_mut()
            .listeners
            .push((subscription, callback.clone()));
        let weak = Rc::downgrade(&self.inner);
        let unsubscribe = Closure::once_into_js(move || {
            if let Some(inner) = weak.upgrade() {
                remove_listener(&inner, subscription, &callback);
            }
        });
        Ok(unsubscribe.unchecked_into())
    }

    /// Removes a listener added with `on(type, callback)`.
    pub fn off(&self, event_type: JsValue, callback: JsValue) -> Result<(), JsValue> {
        self.live("off")?;
        let (subscription, callback) = listener_args("off", &event_type, callback)?;
        remove_listener(&self.inner, subscription, &callback);
        Ok(())
    }

    /// The current filter tree as Carbon's JSON (`{}` when there is none).
    #[wasm_bindgen(js_name = getFilters)]
    pub fn get_filters(&self) -> Result<JsValue, JsValue> {
        self.live("getFilters")?;
        Ok(to_js(&self.inner.borrow().state.filters.to_json()))
    }

    /// Replaces the filter tree (an object or JSON text). An invalid tree is rejected with every error and
    /// nothing changes.
    #[wasm_bindgen(js_name = setFilters)]
    pub fn set_filters(&self, tree: JsValue) -> Result<(), JsValue> {
        let parsed = parse_filters_input(&tree);
        self.live("setFilters")?;
        let filter = parsed
            .map_err(|errors| error_to_js(&WidgetError::filters_invalid("setFilters", errors)))?;
        self.dispatch(Action::SetFilters(filter.filter));
        Ok(())
    }

    /// The folder display names the next sync covers.
    #[wasm_bindgen(js_name = getFolders)]
    pub fn get_folders(&self) -> Result<JsValue, JsValue> {
        self.live("getFolders")?;
        Ok(strings_to_js(&self.inner.borrow().state.folders))
    }

    /// Replaces the selected folders; the same rules as the `folders` config key.
    #[wasm_bindgen(js_name = setFolders)]
    pub fn set_folders(&self, names: JsValue) -> Result<(), JsValue> {
        let partial = Shape::Object(vec![("folders".to_owned(), shape_of(&names))]);
        self.live("setFolders")?;
        let updated = self.inner.borrow().config.updated(&partial);
        let config = updated.map_err(|e| error_to_js(&WidgetError::from(e)))?;
        self.dispatch(Action::SetFolders(config.folders));
        Ok(())
    }
}

/// Syncing from JavaScript.
#[wasm_bindgen]
impl Widget {
    /// Does what the "Sync" button does: one `POST /integrations/outlook/sync` per selected folder of the open
    /// mailbox. Resolves with `{requestIds, failed: [{folder, code, message}]}` once at least one sync was accepted
    /// (the Progress screen then follows it); rejects with `no_account`, `filters_invalid`, `no_folder`,
    /// `sync_busy`, or the API's code when no folder's sync was accepted.
    pub fn sync(&self) -> Result<js_sys::Promise, JsValue> {
        self.live("sync")?;
        let ctx = Ctx(Rc::downgrade(&self.inner));
        Ok(wasm_bindgen_futures::future_to_promise(async move {
            crate::flow::sync::start(&ctx)
                .await
                .map(|started| started.to_js())
                .map_err(|error| error_to_js(&error))
        }))
    }
}

/// The pickers' feeds, exported only with the `editor` feature (see Cargo.toml).
#[wasm_bindgen]
impl Widget {
    /// Gives the folder picker the mailbox's folders: the array `GET /integrations/outlook/user_folders`
    /// returns (`{id, displayName, parentFolderId, childFolderCount, totalItemCount, unreadItemCount}`, parents
    /// before children). The Choose screen replaces the Connect screen from then on. Bad input throws
    /// `bad_argument` naming the index and field, and changes nothing.
    #[wasm_bindgen(js_name = setFolderTree)]
    pub fn set_folder_tree(&self, folders: JsValue) -> Result<(), JsValue> {
        let folders = shape_of(&folders);
        self.live("setFolderTree")?;
        let tree =
            FolderTree::from_shape("setFolderTree", &folders).map_err(|e| error_to_js(&e))?;
        self.dispatch(Action::SetFolderTree(Rc::new(tree)));
        Ok(())
    }

    /// Gives the category picker the mailbox's categories: `[{id, displayName, color}]`. Bad input throws
    /// `bad_argument` naming the index and field, and changes nothing.
    #[wasm_bindgen(js_name = setCategories)]
    pub fn set_categories(&self, categories: JsValue) -> Result<(), JsValue> {
        let categories = shape_of(&categories);
        self.live("setCategories")?;
        let categories =
            categories_from_shape("setCategories", &categories).map_err(|e| error_to_js(&e))?;
        self.dispatch(Action::SetCategories(Rc::new(categories)));
        Ok(())
    }
}

/// Parses what a host passes as a filter tree: JSON text or a plain object (see [`filters_from_shape`]).
pub fn parse_filters_input(input: &JsValue) -> Result<Parsed, Vec<FilterError>> {
    filters_from_shape(&shape_of(input))
}

fn dispatch(inner: &Rc<RefCell<Inner>>, action: Action) {
    let before = inner.borrow().state.clone();
    let after = before.clone().reduce(action);
    if Rc::ptr_eq(&before, &after) {
        return;
    }
    inner.borrow_mut().state = after.clone();
    rerender(inner);
    if after.filters != before.filters {
        let data = Object::new();
        set(&data, "filters", &to_js(&after.filters.to_json()));
        emit(inner, EventType::FiltersChanged, data.into());
    }
}

fn rerender(inner: &Rc<RefCell<Inner>>) {
    let props = app_props(inner);
    if let Some(mounted) = inner.borrow_mut().mounted.as_mut() {
        mounted.app.update(props);
    }
}

fn app_props(inner: &Rc<RefCell<Inner>>) -> AppProps {
    let borrowed = inner.borrow();
    let language = language_of(&borrowed.config);
    let weak = Rc::downgrade(inner);
    let dispatch_weak = weak.clone();
    let intent_ctx = Ctx(weak.clone());
    AppProps {
        view: Rc::new(View::new(&borrowed.config, &language)),
        state: borrowed.state.clone(),
        dispatch: Callback::from(move |action| {
            if let Some(inner) = dispatch_weak.upgrade() {
                dispatch(&inner, action);
            }
        }),
        intent: Callback::from(move |intent| intent_ctx.run(intent)),
        on_ready: ready_callback(weak),
    }
}

/// The BCP 47 tag the widget speaks: the `locale` config key, or the browser's language for `auto`.
fn language_of(config: &Config<Function>) -> String {
    match &config.locale {
        Locale::Tag(tag) => tag.clone(),
        Locale::Auto => web_sys::window()
            .and_then(|w| w.navigator().language())
            .unwrap_or_else(|| "en".into()),
    }
}

/// The flow's link to its widget: dispatch, emit, read state and config, reach the client and the flow's
/// resources. Weak, so a task that outlives its widget finds nothing and stops; after `destroy` every method
/// does nothing (or returns `None`).
#[derive(Clone)]
pub struct Ctx(Weak<RefCell<Inner>>);

impl Ctx {
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

    pub fn emit(&self, event: EventType, data: JsValue) {
        if let Some(inner) = self.live() {
            emit(&inner, event, data);
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
        self.config(|config| i18n::table_for(&language_of(config)))
            .unwrap_or(&i18n::ENGLISH)
    }

    pub fn client(&self) -> Option<Rc<Client>> {
        self.flow(|flow| flow.client.clone())
    }

    /// Runs a component's intent (see `crate::flow`).
    pub fn run(&self, intent: Intent) {
        if self.is_alive() {
            crate::flow::run(self, intent);
        }
    }
}

fn ready_callback(weak: Weak<RefCell<Inner>>) -> Callback<()> {
    Callback::from(move |()| {
        if let Some(inner) = weak.upgrade() {
            emit(&inner, EventType::Ready, Object::new().into());
        }
    })
}

/// Sends one event to `onEvent`, the matching `on` listeners, and as a DOM event on the host element.
fn emit(inner: &Rc<RefCell<Inner>>, event: EventType, data: JsValue) {
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
                .filter(|(s, _)| s.wants(event))
                .map(|(_, f)| f.clone()),
        );
        (callbacks, borrowed.mounted.as_ref().map(|m| m.host.clone()))
    };
    let payload = Object::new();
    set(&payload, "type", &event.as_str().into());
    set(&payload, "ts", &js_sys::Date::now().into());
    set(&payload, "data", &data);
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
            web_sys::CustomEvent::new_with_event_init_dict(&event.dom_name(), &init)
        {
            let _ = host.dispatch_event(&dom_event);
        }
    }
}

fn listener_args(
    method: &str,
    event_type: &JsValue,
    callback: JsValue,
) -> Result<(Subscription, Function), JsValue> {
    let name = event_type.as_string();
    let subscription = name
        .as_deref()
        .and_then(Subscription::parse)
        .ok_or_else(|| {
            let names: Vec<&str> = EventType::ALL.iter().map(|e| e.as_str()).collect();
            // `typeof` never runs host code, whatever the value is.
            let got = name.map_or_else(
                || {
                    format!(
                        "a value of type {}",
                        event_type.js_typeof().as_string().unwrap_or_default()
                    )
                },
                |name| format!("\"{name}\""),
            );
            let message = format!(
                "{method}: unknown event type {got}; expected \"*\" or one of {}",
                names.join(", ")
            );
            error_to_js(&WidgetError::new(ErrorCode::BadArgument, message))
        })?;
    let callback = callback.dyn_into::<Function>().map_err(|_| {
        let message = format!("{method}: expected a function as the second argument");
        error_to_js(&WidgetError::new(ErrorCode::BadArgument, message))
    })?;
    Ok((subscription, callback))
}

fn remove_listener(inner: &Rc<RefCell<Inner>>, subscription: Subscription, callback: &Function) {
    let mut borrowed = inner.borrow_mut();
    if let Some(index) = borrowed
        .listeners
        .iter()
        .position(|(s, f)| *s == subscription && f == callback)
    {
        borrowed.listeners.remove(index);
    }
}

/// An Element, or the first element a CSS selector matches.
fn resolve_target(target: &JsValue) -> Result<Element, WidgetError> {
    let mount_error = |message: String| WidgetError::new(ErrorCode::MountTarget, message);
    if let Some(selector) = target.as_string() {
        let document = web_sys::window()
            .and_then(|w| w.document())
            .ok_or_else(|| mount_error("mount: no document".into()))?;
        return match document.query_selector(&selector) {
            Ok(Some(element)) => Ok(element),
            Ok(None) => Err(mount_error(format!(
                "mount: the selector \"{selector}\" matches no element"
            ))),
            Err(_) => Err(mount_error(format!(
                "mount: \"{selector}\" is not a valid CSS selector"
            ))),
        };
    }
    target.clone().dyn_into::<Element>().map_err(|_| {
        let got = shape_of(target).kind();
        mount_error(format!(
            "mount: expected an Element or a CSS selector string, got {got}"
        ))
    })
}

/// The host's open shadow root: created on first mount, reused (empty) when a destroyed widget left one behind.
fn prepare_shadow_root(host: &Element) -> Result<ShadowRoot, WidgetError> {
    if MOUNTED_HOSTS.with(|hosts| hosts.borrow().contains(host)) {
        return Err(WidgetError::new(
            ErrorCode::AlreadyMounted,
            "mount: another outlook-connect widget is already mounted in this element; destroy it first",
        ));
    }
    if let Some(shadow) = host.shadow_root() {
        if shadow.child_element_count() == 0 {
            return Ok(shadow);
        }
        return Err(WidgetError::new(
            ErrorCode::MountTarget,
            "mount: this element already has a shadow root with content; mount into an empty element such as a <div>",
        ));
    }
    host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open)).map_err(|_| {
        let tag = host.tag_name().to_ascii_lowercase();
        WidgetError::new(
            ErrorCode::MountTarget,
            format!("mount: a <{tag}> element cannot hold the widget; mount into a <div> or another container element"),
        )
    })
}

/// Styles go in a constructable stylesheet: it needs no `style-src` CSP entry and never touches the page.
fn adopt_styles(shadow: &ShadowRoot) {
    let sheet =
        web_sys::CssStyleSheet::new().and_then(|sheet| sheet.replace_sync(STYLES).map(|()| sheet));
    match sheet {
        Ok(sheet) => {
            let _ = Reflect::set(shadow, &"adoptedStyleSheets".into(), &Array::of1(&sheet));
        }
        Err(_) => {
            if let Some(style) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.create_element("style").ok())
            {
                style.set_text_content(Some(STYLES));
                let _ = shadow.append_child(&style);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{minify_css, STYLES, STYLES_SOURCE};

    fn minified(css: &str) -> String {
        let mut out = vec![0; css.len()];
        let len = minify_css(css.as_bytes(), &mut out);
        String::from_utf8(out[..len].to_vec()).unwrap()
    }

    #[test]
    fn minifying_drops_comments_and_layout_but_keeps_meaning() {
        let css = "/* note */\n.a *::before, .b > .c {\n  font: 1em \"Segoe UI\", x;  /* why */\n  margin: 0 auto;\n}\n.d :hover { }";
        assert_eq!(
            minified(css),
            ".a *::before,.b>.c{font:1em \"Segoe UI\",x;margin:0 auto;}.d :hover{}"
        );
    }

    #[test]
    fn the_shipped_sheet_is_the_minified_source() {
        assert_eq!(STYLES, minified(STYLES_SOURCE));
        assert!(
            STYLES.len() < STYLES_SOURCE.len() * 9 / 10,
            "minifying saves bytes"
        );
        assert!(!STYLES.contains("/*") && !STYLES.contains('\n'));
        assert!(STYLES.contains(".oc-root *,.oc-root *::before"));
        assert!(STYLES.contains("@media (prefers-color-scheme:dark){"));
    }
}
