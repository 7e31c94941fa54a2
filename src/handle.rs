//! The handle a host holds, as wasm exports: `mount`, `update`, `destroy`, `on`/`off`, `sync`, filters and
//! folders, and the pickers' feeds.
//!
//! Each method validates what the host passed, then acts through the runtime (`crate::runtime`: the widget's
//! state, re-rendering and events) or starts a flow (`crate::flow`). Mounting is here too: the shadow root, the
//! style sheet, and the app's callbacks, built once — among them `intent`, the one link from the components to
//! `flow::run`, so the runtime never imports the flows. Host values are read before the widget is borrowed, and
//! host callbacks run after every borrow is released, so a listener may call back into the handle (even
//! `destroy`) safely.

use crate::bridge::{error_to_js, shape_of, strings_to_js, to_js};
use crate::components::app::{App, AppProps};
use crate::config::{filters_from_shape, Config};
use crate::errors::{ErrorCode, WidgetError};
use crate::events::{Event, EventType, Subscription};
use crate::flow;
use crate::i18n;
use crate::runtime::{self, Ctx, Inner, Mounted};
use crate::shape::Shape;
use crate::state::auto_sync::AutoSyncAction;
use crate::state::categories::categories_from_shape;
use crate::state::folders::FolderTree;
use crate::state::sync::SyncAction;
use crate::state::Action;
use js_sys::{Array, Function, Reflect};
use outlook_connect_filter::{FilterError, Parsed};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, ShadowRoot, ShadowRootInit, ShadowRootMode};
use yew::Callback;

thread_local! {
    /// Elements a live handle renders into, so two handles never share one host element.
    static MOUNTED_HOSTS: RefCell<Vec<Element>> = const { RefCell::new(Vec::new()) };
}

/// One widget instance, as returned by `OutlookConnect.create`.
#[wasm_bindgen]
pub struct Widget {
    inner: Rc<RefCell<Inner>>,
}

impl Widget {
    /// Validates `config` and builds an unmounted widget. What the loader started while the wasm downloaded (each
    /// `undefined` when it did not): `early_token`, the answer of its `tokenFetcher` call; `early_list`, the holder
    /// of the mailbox list it asked for at `mount`.
    pub fn create(
        config: &JsValue,
        early_token: &JsValue,
        early_list: &JsValue,
    ) -> Result<Widget, WidgetError> {
        let config = Config::from_shape(&shape_of(config))?;
        let early_token = (!early_token.is_undefined()).then(|| early_token.clone());
        let client = flow::accounts::client_for(&config, early_token, early_list.clone());
        let inner = Rc::new(RefCell::new(Inner::new(config, client)));
        choose_language(&inner);
        Ok(Widget { inner })
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
        runtime::dispatch(&self.inner, action);
    }
}

#[wasm_bindgen]
impl Widget {
    /// Renders the widget inside an open shadow root of `target` (an Element or a CSS selector).
    pub fn mount(&self, target: JsValue) -> Result<(), JsValue> {
        self.live("mount")?;
        let mounted = {
            let inner = self.inner.borrow();
            inner.mounted.is_some() || inner.pending_mount.is_some()
        };
        if mounted {
            let error = WidgetError::new(
                ErrorCode::AlreadyMounted,
                "mount: this handle is already mounted; call destroy() and create a new handle to move it",
            );
            return Err(error_to_js(&error));
        }
        let host = resolve_target(&target).map_err(|e| error_to_js(&e))?;
        let shadow = prepare_shadow_root(&host).map_err(|e| error_to_js(&e))?;
        MOUNTED_HOSTS.with(|hosts| hosts.borrow_mut().push(host.clone()));
        // The first render waits for the language's table when it is still loading (a lazily loaded chunk); the
        // loader's early frame, already in that language, stays on screen meanwhile.
        self.inner.borrow_mut().pending_mount = Some((host, shadow));
        let ready = {
            let inner = self.inner.borrow();
            inner.strings.tag == i18n::LANGUAGES[inner.language]
        };
        if ready {
            render_pending(&self.inner)?;
        }
        flow::accounts::refresh(&Ctx::new(&self.inner));
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
        if given("locale") || given("messages") {
            choose_language(&self.inner);
        }
        if given("apiUrl") || given("tokenFetcher") || given("tokenFetcherTimeoutMs") {
            flow::accounts::client_changed(&Ctx::new(&self.inner));
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
        runtime::rerender(&self.inner);
        Ok(())
    }

    /// The loader's early Connect button was clicked before the wasm was ready: sign in as if this widget's
    /// Connect button had been clicked, in the `popup` that click opened (`null` when the browser blocked it; the
    /// widget then tries itself, and offers "Open sign-in window" if that is blocked too). Not part of the host API.
    #[wasm_bindgen(js_name = "__connectIn")]
    pub fn connect_in(&self, popup: JsValue) {
        if self.live("connect").is_err() {
            return;
        }
        // `unchecked`: the popup's `Window` belongs to another realm, so `instanceof Window` is false for it.
        let popup = popup.is_object().then(|| popup.unchecked_into());
        flow::accounts::connect_in(&Ctx::new(&self.inner), popup);
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
            if let Some((host, shadow)) = inner.pending_mount.take() {
                remove_early_frame(&shadow);
                MOUNTED_HOSTS.with(|hosts| hosts.borrow_mut().retain(|h| h != &host));
            }
            inner.mounted.take()
        };
        if let Some(Mounted {
            host,
            shadow,
            container,
            app,
            ..
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
        let ctx = Ctx::new(&self.inner);
        Ok(wasm_bindgen_futures::future_to_promise(async move {
            flow::sync::start(&ctx)
                .await
                .map(|started| started.to_js())
                .map_err(|error| error_to_js(&error))
        }))
    }
}

/// The pickers' feeds: a folder tree or category list the host already has.
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

/// Picks the table the config's language needs: at once when it is loaded (English always is), else after its
/// chunk arrives; meanwhile the widget keeps the table it has (English before the first render, which waits).
/// A chunk that fails to load leaves the widget in English.
fn choose_language(inner: &Rc<RefCell<Inner>>) {
    let language = runtime::language_of(&inner.borrow().config);
    let ready = runtime::strings_for(&inner.borrow().config, language);
    if let Some(strings) = ready {
        let mut borrowed = inner.borrow_mut();
        borrowed.strings = strings;
        borrowed.language = language;
        return;
    }
    inner.borrow_mut().language = language;
    let weak = Rc::downgrade(inner);
    wasm_bindgen_futures::spawn_local(async move {
        let loaded = i18n::load(language).await.is_ok();
        let Some(inner) = weak.upgrade() else { return };
        if inner.borrow().destroyed || inner.borrow().language != language {
            return;
        }
        let strings = if loaded {
            runtime::strings_for(&inner.borrow().config, language)
        } else {
            None
        };
        let strings = strings.unwrap_or_else(|| {
            i18n::with_messages(&i18n::ENGLISH, &inner.borrow().config.messages)
        });
        inner.borrow_mut().strings = strings;
        if inner.borrow().pending_mount.is_some() {
            let _ = render_pending(&inner);
        } else {
            runtime::rerender(&inner);
        }
        if !loaded {
            let tag = i18n::LANGUAGES.get(language).copied().unwrap_or_default();
            let message = [
                "the texts of language '",
                tag,
                "' failed to download; showing English",
            ]
            .concat();
            runtime::emit(
                &inner,
                &Event::error(ErrorCode::ChunkLoadFailed.as_str(), message),
            );
        }
    });
}

/// The first render, in the shadow root `mount` prepared: the loader's early frame goes in the same task, so the
/// browser never paints between the two.
fn render_pending(inner: &Rc<RefCell<Inner>>) -> Result<(), JsValue> {
    let Some((host, shadow)) = inner.borrow_mut().pending_mount.take() else {
        return Ok(());
    };
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    remove_early_frame(&shadow);
    let container = document.create_element("div")?;
    shadow.append_child(&container)?;
    let ctx = Ctx::new(inner);
    let props = first_props(inner, &ctx);
    let app = yew::Renderer::<App>::with_root_and_props(container.clone(), props.clone()).render();
    inner.borrow_mut().mounted = Some(Mounted {
        host,
        shadow,
        container,
        app,
        props,
    });
    Ok(())
}

/// Removes the loader's first screen (`[data-oc-early]`) from `shadow`.
fn remove_early_frame(shadow: &ShadowRoot) {
    let mut child = shadow.first_element_child();
    while let Some(element) = child {
        child = element.next_element_sibling();
        if element.has_attribute("data-oc-early") {
            element.remove();
        }
    }
}

/// The app's first props. Its callbacks are built here, once per mount, and reused by every later render
/// (`runtime::rerender`): each acts through a weak [`Ctx`], so after `destroy` they do nothing.
fn first_props(inner: &Rc<RefCell<Inner>>, ctx: &Ctx) -> AppProps {
    let (dispatch_ctx, intent_ctx, ready_ctx) = (ctx.clone(), ctx.clone(), ctx.clone());
    let borrowed = inner.borrow();
    AppProps {
        view: runtime::view_of(&borrowed.config, borrowed.strings),
        state: borrowed.state.clone(),
        dispatch: Callback::from(move |action| dispatch_ctx.dispatch(action)),
        intent: Callback::from(move |intent| {
            if intent_ctx.is_alive() {
                flow::run(&intent_ctx, intent);
            }
        }),
        on_ready: Callback::from(move |()| ready_ctx.emit(Event::Ready)),
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

/// The host's open shadow root: created on first mount, reused when a destroyed widget left one behind or when
/// the loader drew the first screen in it while the wasm downloaded (that frame, `[data-oc-early]`, is removed
/// by the first render, `render_pending`, in the same task: the browser never paints between them). The loader adopts the style sheet (a `<style
/// data-oc-styles>` where constructable sheets are missing, which stays).
fn prepare_shadow_root(host: &Element) -> Result<ShadowRoot, WidgetError> {
    if MOUNTED_HOSTS.with(|hosts| hosts.borrow().contains(host)) {
        return Err(WidgetError::new(
            ErrorCode::AlreadyMounted,
            "mount: another outlook-connect widget is already mounted in this element; destroy it first",
        ));
    }
    if let Some(shadow) = host.shadow_root() {
        let mut others = 0;
        let mut child = shadow.first_element_child();
        while let Some(element) = child {
            child = element.next_element_sibling();
            if element.has_attribute("data-oc-early") {
                // The loader's first screen: removed by the first render (`render_pending`).
            } else if !(element.tag_name() == "STYLE" && element.has_attribute("data-oc-styles")) {
                others += 1;
            }
        }
        if others == 0 {
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
