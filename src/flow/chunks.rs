//! Loads the wasm chunks of the lazily loaded screens (Choose, Progress, Files; see `components/lazy.rs`): when
//! a screen that needs one shows, when the pointer or focus reaches a button that opens one, on Retry, and — once,
//! after the first render — every chunk, one after another, as soon as the browser is idle, so a person
//! practically never waits for one.
//!
//! The status lives in `WidgetState::chunks` (one load at a time per chunk and widget; the helper also shares
//! one fetch between widgets). A failure is shown, and told to the host as an `error` event with the code
//! `chunk_load_failed`, only when the chunk's screen is showing; a failed fetch-ahead is silent and is tried
//! again when the screen opens. Nothing is fetched ahead while the browser is offline (it could only fail).

use crate::components::lazy::{self, ChunkLoadFailed};
use crate::errors::ErrorCode;
use crate::events::Event;
use crate::intent::chunks::Intent;
use crate::runtime::{self, Ctx};
use crate::state::chunks::{Chunk, ChunksAction, Status};
use crate::state::Action;

pub fn run(ctx: &Ctx, intent: Intent) {
    let ctx = ctx.clone();
    match intent {
        Intent::Load(chunk) => {
            if ctx
                .state()
                .is_some_and(|state| state.chunks.should_load(chunk))
            {
                wasm_bindgen_futures::spawn_local(async move { load(&ctx, chunk).await });
            }
        }
        Intent::LoadAllWhenIdle => wasm_bindgen_futures::spawn_local(async move {
            runtime::idle().await;
            // All at once: the chunks they share are fetched once, and the last one arrives soonest.
            for chunk in Chunk::ALL {
                let ctx = ctx.clone();
                wasm_bindgen_futures::spawn_local(async move { load(&ctx, chunk).await });
            }
        }),
    }
}

/// Loads `chunk` unless it is loaded or loading, the widget is gone, or — for a fetch ahead, which nobody waits
/// for — the browser is offline; records each step in the state.
async fn load(ctx: &Ctx, chunk: Chunk) {
    let Some(state) = ctx.state() else {
        return;
    };
    let waited = Chunk::of(state.screen) == Some(chunk);
    if !state.chunks.should_load(chunk) || !(waited || runtime::online()) {
        return;
    }
    ctx.dispatch(Action::Chunks(ChunksAction::Started(chunk)));
    match lazy::load(chunk).await {
        Ok(()) => ctx.dispatch(Action::Chunks(ChunksAction::Loaded(chunk))),
        Err(ChunkLoadFailed) => {
            ctx.dispatch(Action::Chunks(ChunksAction::Failed(chunk)));
            let waited = ctx
                .state()
                .is_some_and(|state| state.chunks.status(chunk) == Status::Failed);
            if waited {
                let message = format!(
                    "the code of the {} screen could not be downloaded (see the browser console); \
                     the screen offers to try again",
                    chunk.as_str()
                );
                ctx.emit(Event::error(ErrorCode::ChunkLoadFailed.as_str(), message));
            }
        }
    }
}
