//! The Yew views: thin functions of (`View`, `WidgetState`) that render and send [`crate::state::Action`]s.
//!
//! One small file per component. Components never call web APIs or hold host callbacks; what they need from the
//! configuration arrives as a [`View`].
//!
//! A class that depends on state is set through the DOM property, `~className={…}`, never `class={…}`: Yew
//! turns a non-literal `class` into its `Classes` set (an `IndexSet` of strings), and that machinery alone is
//! about 8 KB of the bundle. Literal `class="…"` attributes are free.

mod accounts;
pub mod app;
mod auto_sync;
mod category_combobox;
mod choose;
mod condition_row;
mod connect;
mod files;
mod filter_editor;
mod filter_group;
mod folder_picker;
mod json_tab;
pub mod lazy;
mod progress;
mod signing_in;

use crate::config::{Config, Theme};
use crate::i18n::Strings;

/// The part of the configuration the views read, already resolved (default org name, language table).
#[derive(Clone, Debug)]
pub struct View {
    pub org_name: String,
    pub brand_icon: Option<String>,
    pub theme: Theme,
    pub strings: &'static Strings,
    /// The host's `autoSync.enabled` when it gave `autoSync` (the switch is shown only then).
    pub auto_sync: Option<bool>,
}

/// Language tables are `'static` and one per language, so the same table is the same address: comparing it
/// field by field (a hundred string compares, in every props check) would only cost bundle size.
impl PartialEq for View {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.strings, other.strings)
            && self.theme == other.theme
            && self.org_name == other.org_name
            && self.brand_icon == other.brand_icon
            && self.auto_sync == other.auto_sync
    }
}

impl View {
    /// `strings` is the widget's language table, the host's `messages` applied.
    pub fn new<F>(config: &Config<F>, strings: &'static Strings) -> Self {
        Self {
            org_name: config
                .org_name
                .clone()
                .unwrap_or_else(|| strings.default_org.to_owned()),
            brand_icon: config.brand_icon.clone(),
            theme: config.theme,
            strings,
            auto_sync: config.auto_sync.as_ref().map(|auto_sync| auto_sync.enabled),
        }
    }
}

/// What a lazily loaded screen (Choose, Progress, Files: see `lazy.rs`) renders from: the app's props, borrowed.
pub struct ScreenArgs<'a> {
    pub view: &'a std::rc::Rc<View>,
    pub state: &'a std::rc::Rc<crate::state::WidgetState>,
    pub dispatch: &'a yew::Callback<crate::state::Action>,
    pub intent: &'a yew::Callback<crate::intent::Intent>,
}

/// A lazily loaded screen's render function, as its chunk hands it over.
pub type Render = fn(&ScreenArgs) -> yew::Html;

/// The handler of a button (or checkbox) that always sends the same value. Every screen uses this one instead of
/// its own `reform(|_| …)` closure: each distinct closure is its own type, with its own call, clone and drop code
/// in the bundle, while this is one type per (value, event) pair.
pub(crate) fn send<T: Clone + 'static, E: 'static>(
    to: &yew::Callback<T>,
    value: T,
) -> yew::Callback<E> {
    to.reform(move |_| value.clone())
}

/// A plain `<button type="button">`: one copy of the markup code for every such button of the flow screens,
/// instead of one `html!` expansion each. The class goes through the DOM property (see the module doc).
pub(crate) fn button(
    class: &'static str,
    part: &'static str,
    label: &'static str,
    disabled: bool,
    onclick: yew::Callback<web_sys::MouseEvent>,
) -> yew::Html {
    yew::html! {
        <button type="button" ~className={class} part={part} disabled={disabled} onclick={onclick}>{ label }</button>
    }
}

/// Escape inside a confirmation answers it with its safe choice (`keep`), as the Cancel / "Keep it" button does.
/// (`keep` builds the action: a function, not a value, so no `Action::clone` enters the bundle.)
pub(crate) fn escape_means(
    dispatch: &yew::Callback<crate::state::Action>,
    keep: fn() -> crate::state::Action,
) -> yew::Callback<web_sys::KeyboardEvent> {
    let dispatch = dispatch.clone();
    yew::Callback::from(move |event: web_sys::KeyboardEvent| {
        if event.key() == "Escape" {
            dispatch.emit(keep());
        }
    })
}

/// "← {label}": back to the Accounts screen (the mailbox header's and the Files screen's), one copy of its code.
pub(crate) fn back_button(
    part: &'static str,
    label: &'static str,
    dispatch: &yew::Callback<crate::state::Action>,
) -> yew::Html {
    use crate::state::{Action, Screen};
    let onclick = dispatch.reform(|_: web_sys::MouseEvent| Action::Navigate(Screen::Accounts));
    yew::html! {
        <button type="button" class="oc-button oc-small" part={part} onclick={onclick}><span class="oc-arrow" aria-hidden="true">{ "\u{2190}" }</span>{ " " }{ label }</button>
    }
}

/// One filter error or warning as a list item (a condition's and a group's problems look alike).
pub(crate) fn problem_item(view: &View, problem: &crate::state::draft::Problem) -> yew::Html {
    let prefix = if problem.warning {
        view.strings.warning_prefix
    } else {
        ""
    };
    let class = if problem.warning {
        "oc-warning"
    } else {
        "oc-error"
    };
    yew::html! { <li ~className={class} data-oc-code={problem.code.as_str()}>{ prefix }{ problem.message.clone() }</li> }
}
