//! The auto-sync switch: shown only when the host gave `autoSync {enabled, onChange}`. Flipping it asks the flow
//! to call the host's `onChange(enabled)`; while that runs the switch is busy, and if it fails the switch goes
//! back and says why.
//!
//! A plain view function: any screen renders it with `auto_sync_switch(&view, &state, &intent)`.

use super::{send, View};
use crate::i18n::fill;
use crate::intent::{files, Intent};
use crate::state::WidgetState;
use yew::prelude::*;

pub fn auto_sync_switch(view: &View, state: &WidgetState, intent: &Callback<Intent>) -> Html {
    let Some(host_enabled) = view.auto_sync else {
        return Html::default();
    };
    let text = view.strings;
    let switch = &state.auto_sync;
    let enabled = switch.enabled(host_enabled);
    let onclick = send(intent, Intent::Files(files::Intent::SetAutoSync(!enabled)));
    let error = switch.error.as_ref().map(|reason| {
        html! {
            <p class="oc-error oc-inline-note" part="auto-sync-error" role="alert">
                { fill(text.auto_sync_failed, &[("message", reason)]) }
            </p>
        }
    });
    html! {
        <div class="oc-auto-sync" part="auto-sync">
            <button type="button" role="switch" class="oc-switch" part="auto-sync-switch"
                    aria-checked={if enabled { "true" } else { "false" }}
                    aria-busy={if switch.busy { "true" } else { "false" }}
                    aria-describedby="oc-auto-sync-help"
                    disabled={switch.busy} {onclick}>
                <span class="oc-switch-track" aria-hidden="true"><span class="oc-switch-thumb"></span></span>
                <span class="oc-switch-label">{ text.auto_sync_label }</span>
            </button>
            <p id="oc-auto-sync-help" class="oc-note oc-inline-note">{ text.auto_sync_help }</p>
            { error }
        </div>
    }
}
