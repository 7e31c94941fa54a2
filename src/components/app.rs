//! The root view: theme, the current screen, and the one-time `ready` signal after the first render.

#[cfg(feature = "editor")]
use super::choose::ChooseScreen;
use super::connect::connect_screen;
use super::View;
use crate::state::{Action, Screen, WidgetState};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AppProps {
    pub view: Rc<View>,
    pub state: Rc<WidgetState>,
    pub dispatch: Callback<Action>,
    /// Called once, after the first render has reached the DOM.
    pub on_ready: Callback<()>,
}

#[component]
pub fn App(props: &AppProps) -> Html {
    let on_ready = props.on_ready.clone();
    use_effect_with((), move |_| on_ready.emit(()));

    let screen = match props.state.screen {
        Screen::Connect => connect_screen(&props.view, props.state.sign_in_available),
        #[cfg(feature = "editor")]
        Screen::Choose => html! {
            <ChooseScreen view={props.view.clone()} state={props.state.clone()} dispatch={props.dispatch.clone()} />
        },
        // Only `setFolderTree` leads here, and without the editor feature that method is not exported.
        #[cfg(not(feature = "editor"))]
        Screen::Choose => Html::default(),
    };
    html! {
        <div class="oc-root" part="root" data-theme={props.view.theme.as_str()} lang={props.view.strings.tag}>
            { screen }
        </div>
    }
}
