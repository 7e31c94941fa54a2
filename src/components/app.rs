//! The root view: theme, the notice above the screen, the mailbox header of the Choose, Progress and Files
//! screens, the current screen, and the one-time `ready` signal after the first render.

use super::accounts::accounts_screen;
use super::auto_sync::auto_sync_switch;
use super::choose::ChooseScreen;
use super::connect::connect_screen;
use super::files::files_screen;
use super::progress::progress_screen;
use super::signing_in::signing_in_screen;
use super::{back_button, button, send, View};
use crate::state::accounts::{mailbox_name, Listing};
use crate::flow::{accounts, files, sync, Intent};
use crate::oauth::Phase;
use crate::state::{Action, Notice, Screen, WidgetState};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties)]
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
    let on_ready = props.on_ready.clone();
    use_effect_with((), move |_| on_ready.emit(()));

    // The disconnect confirmation replaces the button that asked for it: focus moves to its safe answer ("Keep
    // it"), and back to that mailbox's "Disconnect" when the question goes away.
    let root = use_node_ref();
    {
        let root = root.clone();
        use_effect_with(props.state.accounts.confirm_disconnect, move |asked| {
            let asked = *asked;
            if asked.is_some() {
                focus_first(&root, "[part=keep-mailbox-button]");
            }
            move || {
                if let Some(id) = asked {
                    focus_first(
                        &root,
                        &format!("[data-source-id=\"{id}\"] [part=account-disconnect]"),
                    );
                }
            }
        });
    }

    // Signing in replaces the button that started it: focus goes to the Signing-in screen's first button (again
    // when the buttons change, blocked → waiting), and back to Connect / "Add another mailbox" when it ends.
    {
        let root = root.clone();
        let buttons = (props.state.screen == Screen::SigningIn)
            .then(|| sign_in_buttons(&props.state.accounts.sign_in));
        use_effect_with(buttons, move |buttons| {
            let leaving = buttons.is_some();
            if buttons.is_some_and(|kind| kind != SignInButtons::None) {
                focus_first(&root, "[part~=signing-in] button");
            }
            move || {
                if leaving {
                    focus_first(&root, "[part=connect-button], [part=add-mailbox-button]");
                }
            }
        });
    }

    // The delete confirmation works like the disconnect one: focus on its safe answer ("Cancel"), then back to
    // "Delete" (or, with nothing left selected, the search box) when it goes away.
    {
        let root = root.clone();
        use_effect_with(props.state.files.confirming_delete, move |asking| {
            let asking = *asking;
            if asking {
                focus_first(&root, "[part=files-cancel-delete]");
            }
            move || {
                if asking && !focus_first(&root, "[part=files-delete]:not([disabled])") {
                    focus_first(&root, "[part=files-search]");
                }
            }
        });
    }

    // A screen change removes the button that caused it. When focus went with it, it moves to the new screen's
    // title, so keyboard and screen-reader users go on from the top of that screen (not on mount: the host page
    // owns focus until the person acts in the widget).
    {
        let root = root.clone();
        let mounted = use_mut_ref(|| false);
        use_effect_with(props.state.screen, move |_| {
            if std::mem::replace(&mut *mounted.borrow_mut(), true) && focus_was_lost() {
                focus_title(&root);
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
        Screen::Files => files_screen(&props.view, state, &props.dispatch, &props.intent),
        Screen::Choose => html! {
            <ChooseScreen view={props.view.clone()} state={props.state.clone()} dispatch={props.dispatch.clone()}
                          intent={props.intent.clone()} />
        },
        Screen::Progress => progress_screen(&props.view, &props.state, &props.intent),
    };
    html! {
        <div class="oc-root" part="root" ref={root} data-theme={props.view.theme.as_str()} lang={props.view.strings.tag}>
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

/// Focuses the first element under `root` that `selector` matches, if any; says whether one was found.
fn focus_first(root: &NodeRef, selector: &str) -> bool {
    let found = root
        .cast::<web_sys::Element>()
        .and_then(|root| root.query_selector(selector).ok().flatten())
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    found.is_some_and(|element| element.focus().is_ok())
}

/// True when nothing on the page holds focus (the focused element was removed, or nothing was focused).
fn focus_was_lost() -> bool {
    let active = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.active_element());
    active.is_none_or(|element| element.tag_name().eq_ignore_ascii_case("body"))
}

/// Focuses the current screen's title, made focusable by script only (`tabindex=-1`: not a Tab stop).
fn focus_title(root: &NodeRef) {
    let title = root
        .cast::<web_sys::Element>()
        .and_then(|root| root.query_selector("[part=title]").ok().flatten());
    if let Some(title) = title {
        let _ = title.set_attribute("tabindex", "-1");
        if let Ok(title) = title.dyn_into::<web_sys::HtmlElement>() {
            let _ = title.focus();
        }
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

/// On the Choose, Progress and Files screens: which mailbox they are about, the way back to all mailboxes, and
/// the way between "Choose e-mails" and "Synced e-mails".
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
    let tab = |label: &'static str, part: &'static str, current: bool, make: fn(i64) -> Intent| {
        let onclick = send(&props.intent, make(id));
        html! {
            <button type="button" class="oc-tab" part={part} aria-current={current.then_some("page")} onclick={onclick}>
                { label }
            </button>
        }
    };
    html! {
        <nav class="oc-mailbox-bar" part="mailbox-bar" aria-label={text.mailbox_nav_label}>
            { back_button("back-button", text.all_mailboxes, &props.dispatch) }
            <span class="oc-mailbox-name" part="active-mailbox">{ name }</span>
            <span class="oc-mailbox-tabs">
                { tab(text.account_choose, "choose-tab", state.screen != Screen::Files,
                      |data_source_id| Intent::Sync(sync::Intent::Open { data_source_id })) }
                { tab(text.account_files, "files-tab", state.screen == Screen::Files,
                      |data_source_id| Intent::Files(files::Intent::Open { data_source_id })) }
            </span>
        </nav>
    }
}
