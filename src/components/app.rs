//! The root view: theme, the notice above the screen, the mailbox header of the Choose, Progress and Files
//! screens, the current screen, and the one-time `ready` signal after the first render.

use super::accounts::accounts_screen;
use super::auto_sync::auto_sync_switch;
use super::connect::connect_screen;
use super::lazy::{self, ScreenArgs};
use super::signing_in::signing_in_screen;
use super::{back_button, button, send, View};
use crate::intent::{accounts, chunks, files, sync, Intent};
use crate::oauth::Phase;
use crate::state::accounts::{mailbox_name, Listing};
use crate::state::chunks::Chunk;
use crate::state::{Action, Notice, Screen, WidgetState};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The app's props. The callbacks are built once per mount (by the handle) and reused by every render, so they
/// always compare equal and children that get them can skip re-rendering.
#[derive(Clone, Properties)]
pub struct AppProps {
    pub view: Rc<View>,
    pub state: Rc<WidgetState>,
    pub dispatch: Callback<Action>,
    /// For what needs the API, a popup or a timer (see `crate::flow`).
    pub intent: Callback<Intent>,
    /// Called once, after the first render has reached the DOM.
    pub on_ready: Callback<()>,
}

/// The state is compared by address: the handle makes a new one for every change, and comparing two states field
/// by field would only put that whole comparison code in the bundle.
impl PartialEq for AppProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.state, &other.state)
            && self.view == other.view
            && self.dispatch == other.dispatch
            && self.intent == other.intent
            && self.on_ready == other.on_ready
    }
}

#[component]
pub fn App(props: &AppProps) -> Html {
    // After the first render: tell the host, then fetch the lazily loaded screens' chunks when the browser is idle.
    let (on_ready, intent) = (props.on_ready.clone(), props.intent.clone());
    use_effect_with((), move |_| {
        on_ready.emit(());
        intent.emit(Intent::Chunks(chunks::Intent::LoadAllWhenIdle));
    });

    // Focus moves only while the widget holds it: the host page keeps its focus and scroll position while the
    // widget loads and while answers from the network (the mailbox list, polling) change what it shows. Read
    // before this render changes the DOM, so it still sees the control the person used; "holds" includes
    // focus that fell to the page only because a render removed the focused control (not because the person
    // moved on: the element focused last, by the person or by these effects, is still there). The effects
    // below run after the render and read it from the ref. The root itself takes focus from a click on it
    // (`tabindex=-1`), so a press in Safari, which does not focus a clicked button, also counts.
    let root = use_node_ref();
    let holder = use_mut_ref(|| None::<web_sys::Element>);
    {
        let mut held = holder.borrow_mut();
        let active = focused_in(&root);
        let removed = held.as_ref().is_some_and(|element| !element.is_connected());
        if active.is_some() || !(removed && focus_was_lost(&root)) {
            *held = active;
        }
    }
    // The disconnect confirmation replaces the button that asked for it: focus moves to its safe answer ("Keep
    // it"), and back to that mailbox's "Disconnect" when the question goes away.
    {
        let (root, holder) = (root.clone(), holder.clone());
        use_effect_with(props.state.accounts.confirm_disconnect, move |asked| {
            let asked = *asked;
            if asked.is_some() && holds(&holder) {
                focus_first(&root, &holder, "[part=keep-mailbox-button]");
            }
            move || {
                if let Some(id) = asked.filter(|_| holds(&holder)) {
                    focus_first(
                        &root,
                        &holder,
                        &format!("[data-source-id=\"{id}\"] [part=account-disconnect]"),
                    );
                }
            }
        });
    }

    // Signing in replaces the button that started it: focus goes to the Signing-in screen's first button (again
    // when the buttons change, blocked → waiting), and back to Connect / "Add another mailbox" when it ends.
    {
        let (root, holder) = (root.clone(), holder.clone());
        let buttons = (props.state.screen == Screen::SigningIn)
            .then(|| sign_in_buttons(&props.state.accounts.sign_in));
        use_effect_with(buttons, move |buttons| {
            let leaving = buttons.is_some();
            if buttons.is_some_and(|kind| kind != SignInButtons::None) && holds(&holder) {
                focus_first(&root, &holder, "[part~=signing-in] button");
            }
            move || {
                if leaving && holds(&holder) {
                    focus_first(
                        &root,
                        &holder,
                        "[part=connect-button], [part=add-mailbox-button]",
                    );
                }
            }
        });
    }

    // The delete confirmation works like the disconnect one: focus on its safe answer ("Cancel"), then back to
    // "Delete" (or, with nothing left selected, the search box) when it goes away.
    {
        let (root, holder) = (root.clone(), holder.clone());
        use_effect_with(props.state.files.confirming_delete, move |asking| {
            let asking = *asking;
            if asking && holds(&holder) {
                focus_first(&root, &holder, "[part=files-cancel-delete]");
            }
            move || {
                if asking
                    && holds(&holder)
                    && !focus_first(&root, &holder, "[part=files-delete]:not([disabled])")
                {
                    focus_first(&root, &holder, "[part=files-search]");
                }
            }
        });
    }

    // A screen change removes the button that caused it. When focus went with it, it moves to the new screen's
    // title, so keyboard and screen-reader users go on from the top of that screen — also when the screen's chunk
    // arrives after it opened, replacing the waiting card. A screen whose chunk is not loaded asks for it.
    {
        let (root, holder, intent) = (root.clone(), holder.clone(), props.intent.clone());
        let chunk = Chunk::of(props.state.screen);
        let ready = chunk.is_none_or(|chunk| lazy::loaded(chunk).is_some());
        use_effect_with((props.state.screen, ready), move |_| {
            if holds(&holder) && focus_was_lost(&root) {
                focus_title(&root, &holder);
            }
            if let Some(chunk) = chunk.filter(|_| !ready) {
                intent.emit(Intent::Chunks(chunks::Intent::Load(chunk)));
            }
        });
    }

    let state = &props.state;
    let screen = match state.screen {
        Screen::Connect => connect_screen(&props.view, &props.intent),
        Screen::SigningIn => signing_in_screen(&props.view, &state.accounts.sign_in, &props.intent),
        Screen::Accounts => {
            // The auto-sync switch covers every mailbox of the customer, so it sits under the list too.
            let auto_sync = auto_sync_switch(&props.view, state, &props.intent);
            accounts_screen(
                &props.view,
                &state.accounts,
                &props.intent,
                &props.dispatch,
                auto_sync,
            )
        }
        Screen::Choose | Screen::Progress | Screen::Files => {
            let args = ScreenArgs {
                view: &props.view,
                state: &props.state,
                dispatch: &props.dispatch,
                intent: &props.intent,
            };
            Chunk::of(state.screen).map_or_else(Html::default, |chunk| lazy::screen(chunk, &args))
        }
    };
    html! {
        <div class="oc-root" part="root" ref={root} tabindex="-1" data-theme={props.view.theme.as_str()}
             lang={props.view.strings.tag} dir={props.view.strings.dir}>
            { for state.notice.as_ref().map(|notice| notice_bar(props, notice)) }
            { mailbox_header(props) }
            { screen }
        </div>
    }
}

/// Which buttons the Signing-in screen shows (see `signing_in.rs`): focus moves when they change.
#[derive(Clone, Copy, PartialEq, Eq)]
enum SignInButtons {
    None,
    Blocked,
    Waiting,
}

fn sign_in_buttons(phase: &Phase) -> SignInButtons {
    match phase {
        Phase::Blocked => SignInButtons::Blocked,
        Phase::WaitingForUrl | Phase::WaitingForSignIn { .. } => SignInButtons::Waiting,
        _ => SignInButtons::None,
    }
}

/// Focuses the first element under `root` that `selector` matches, if any, and notes it in `holder` (see
/// `App`); says whether one was found.
fn focus_first(root: &NodeRef, holder: &Holder, selector: &str) -> bool {
    let found = root
        .cast::<web_sys::Element>()
        .and_then(|root| root.query_selector(selector).ok().flatten());
    found.is_some_and(|element| focus(holder, element))
}

/// What the widget last saw focused inside it (see `App`).
type Holder = RefCell<Option<web_sys::Element>>;

/// Focuses `element` and notes it as the one holding focus.
fn focus(holder: &Holder, element: web_sys::Element) -> bool {
    let focused = element
        .unchecked_ref::<web_sys::HtmlElement>()
        .focus()
        .is_ok();
    *holder.borrow_mut() = Some(element);
    focused
}

/// Whether the widget held focus when the render began (see `App`).
fn holds(holder: &Holder) -> bool {
    holder.borrow().is_some()
}

/// The element that has focus inside the widget's shadow root, if any.
fn focused_in(root: &NodeRef) -> Option<web_sys::Element> {
    root.cast::<web_sys::Node>()
        .and_then(|root| root.get_root_node().dyn_into::<web_sys::ShadowRoot>().ok())
        .and_then(|shadow| shadow.active_element())
}

/// True when nothing on the page holds focus (the focused element was removed, or nothing was focused), or
/// only the widget's root does (where a click on its text, or on a button in Safari, leaves it).
fn focus_was_lost(root: &NodeRef) -> bool {
    let active = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.active_element());
    active.is_none_or(|element| element.tag_name().eq_ignore_ascii_case("body"))
        || focused_in(root).is_some_and(|element| root.get().is_some_and(|root| root == *element))
}

/// Focuses the current screen's title, made focusable by script only (`tabindex=-1`: not a Tab stop).
fn focus_title(root: &NodeRef, holder: &Holder) {
    let title = root
        .cast::<web_sys::Element>()
        .and_then(|root| root.query_selector("[part=title]").ok().flatten());
    if let Some(title) = title {
        let _ = title.set_attribute("tabindex", "-1");
        focus(holder, title);
    }
}

/// The message above the screen, with its dismiss button, and "Try again" while the mailboxes could not be
/// listed. Errors interrupt (`alert`); the end of a sign-in the user cancelled is only news (`status`).
fn notice_bar(props: &AppProps, notice: &Notice) -> Html {
    let view = &props.view;
    let role = if notice.code == "auth_cancelled" {
        "status"
    } else {
        "alert"
    };
    let dismiss = props
        .dispatch
        .reform(|_: MouseEvent| Action::SetNotice(None));
    let retry = (props.state.accounts.listing == Listing::Failed).then(|| {
        button(
            "oc-button oc-small",
            "retry-button",
            view.strings.retry,
            false,
            send(&props.intent, Intent::Accounts(accounts::Intent::Refresh)),
        )
    });
    html! {
        <div class="oc-notice" part="notice" role={role} data-oc-code={notice.code.clone()}>
            <p class="oc-notice-text">{ notice.message.clone() }</p>
            { for retry }
            <button type="button" class="oc-icon-button" part="notice-dismiss"
                    aria-label={view.strings.notice_dismiss} title={view.strings.notice_dismiss} onclick={dismiss}>
                { "\u{2715}" }
            </button>
        </div>
    }
}

/// On the Choose, Progress and Files screens: which mailbox they are about (the one place that names it), the
/// way back to all mailboxes, and the way between "Choose e-mails" and "Synced e-mails", the one showing marked
/// `aria-current` (neither on Progress, which is not one of them).
fn mailbox_header(props: &AppProps) -> Html {
    let state = &props.state;
    let text = props.view.strings;
    let on_mailbox_screen = matches!(
        state.screen,
        Screen::Choose | Screen::Progress | Screen::Files
    );
    let Some(id) = state.accounts.active.filter(|_| on_mailbox_screen) else {
        return Html::default();
    };
    let name = state
        .accounts
        .source(id)
        .map(|source| mailbox_name(source, text))
        .unwrap_or_default();
    // The pointer or focus reaching a tab starts loading its screen's chunk (see `lazy::opening_button`).
    let tab = |label: &'static str, part: &'static str, chunk: Chunk, make: fn(i64) -> Intent| {
        let current = Chunk::of(state.screen) == Some(chunk);
        let onclick = send(&props.intent, make(id));
        let ahead = Intent::Chunks(chunks::Intent::Load(chunk));
        html! {
            <button type="button" class="oc-tab" part={part} aria-current={current.then_some("page")} onclick={onclick}
                    onpointerenter={send(&props.intent, ahead.clone())} onfocus={send(&props.intent, ahead)}>
                { label }
            </button>
        }
    };
    html! {
        <nav class="oc-mailbox-bar" part="mailbox-bar" aria-label={text.mailbox_nav_label}>
            { back_button("back-button", text.all_mailboxes, &props.dispatch) }
            <span class="oc-mailbox-name" part="active-mailbox">{ name }</span>
            <span class="oc-mailbox-tabs">
                { tab(text.account_choose, "choose-tab", Chunk::Choose,
                      |data_source_id| Intent::Sync(sync::Intent::Open { data_source_id })) }
                { tab(text.account_files, "files-tab", Chunk::Files,
                      |data_source_id| Intent::Files(files::Intent::Open { data_source_id })) }
            </span>
        </nav>
    }
}
