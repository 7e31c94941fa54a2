//! The root view: theme, the current screen, and the one-time `ready` signal after the first render.

use super::accounts::accounts_screen;
use super::choose::ChooseScreen;
use super::connect::connect_screen;
use super::files::files_screen;
use super::View;
use crate::flow::Intent;
use crate::state::{Action, Screen, WidgetState};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AppProps {
    pub view: Rc<View>,
    pub state: Rc<WidgetState>,
    pub dispatch: Callback<Action>,
    /// For what needs the API, a popup or a timer (see `crate::flow`).
    pub intent: Callback<Intent>,
    /// Called once, after the first render has reached the DOM.
    pub on_ready: Callback<()>,
}

#[component]
pub fn App(props: &AppProps) -> Html {
    let on_ready = props.on_ready.clone();
    use_effect_with((), move |_| on_ready.emit(()));

    let screen = match props.state.screen {
        Screen::Connect => connect_screen(&props.view, true),
        Screen::Accounts => accounts_screen(&props.view, &props.state, &props.intent),
        Screen::Files => files_screen(&props.view, &props.state, &props.dispatch, &props.intent),
        Screen::SigningIn | Screen::Progress => Html::default(),
        Screen::Choose => html! {
            <ChooseScreen view={props.view.clone()} state={props.state.clone()} dispatch={props.dispatch.clone()} />
        },
    };
    html! {
        <div class="oc-root" part="root" data-theme={props.view.theme.as_str()} lang={props.view.strings.tag}>
            { screen }
        </div>
    }
}
