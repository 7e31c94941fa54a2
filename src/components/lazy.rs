//! The screens that live in lazily loaded wasm chunks — Choose, Progress and Files — and what shows while one
//! loads or after it failed to.
//!
//! Each chunk has one `#[wasm_split]` entry (from `wasm_split_helpers`; `cargo xtask dist` cuts the wasm at these
//! points): an `async` call that fetches and instantiates the chunk the first time and returns the screen's
//! render function. Everything only that render function reaches — its components, their closures, the models
//! only they use — goes into the chunk. The pointer is kept here, so once a chunk is in, its screen renders
//! synchronously like any other. Yew 0.23 has no lazy component; [`screen`] is one: the screen through the
//! pointer, or until it arrives a waiting card in the same card frame (so the screen replaces it without a jump),
//! or the failure with Retry. Loading is started by `crate::flow::chunks`, which keeps the status in
//! `WidgetState::chunks` and tells the host when a load a person waits for fails.
//!
//! Without the `split` feature (native tests, the wasm-bindgen-test browser layer) there are no split points:
//! every screen is in the one module and its "load" answers at once.

use super::{button, send};
pub use super::{Render, ScreenArgs};
use crate::intent::{chunks, Intent};
use crate::state::chunks::{Chunk, Status};
use std::cell::Cell;
use yew::prelude::*;

/// A chunk could not be fetched or instantiated (the loader logs the browser's reason to the console).
#[derive(Debug, PartialEq, Eq)]
pub struct ChunkLoadFailed;

#[cfg(feature = "split")]
impl From<wasm_split_helpers::SplitLoaderError> for ChunkLoadFailed {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
        ChunkLoadFailed
    }
}

/// The split points (with the `split` feature, which only `cargo xtask dist` turns on). `fallible`: a failed
/// fetch is an `Err` (the helper's default would panic, and `panic = "abort"` would stop the widget); the helper
/// does not keep the failure, so calling again fetches again, and concurrent calls share one fetch.
#[cfg(feature = "split")]
mod split_points {
    use super::{ChunkLoadFailed, Render};
    use wasm_split_helpers::wasm_split;

    #[wasm_split(choose, fallible)]
    pub fn choose() -> Result<Render, ChunkLoadFailed> {
        Ok(crate::components::choose::render)
    }

    #[wasm_split(progress, fallible)]
    pub fn progress() -> Result<Render, ChunkLoadFailed> {
        Ok(crate::components::progress::render)
    }

    #[wasm_split(files, fallible)]
    pub fn files() -> Result<Render, ChunkLoadFailed> {
        Ok(crate::components::files::render)
    }
}

/// `chunk`'s render function, fetching the chunk the first time.
#[cfg(feature = "split")]
async fn fetch(chunk: Chunk) -> Result<Render, ChunkLoadFailed> {
    match chunk {
        Chunk::Choose => split_points::choose().await,
        Chunk::Progress => split_points::progress().await,
        Chunk::Files => split_points::files().await,
    }
}

/// Without the `split` feature every screen is in the one module: its render function, at once.
#[cfg(not(feature = "split"))]
async fn fetch(chunk: Chunk) -> Result<Render, ChunkLoadFailed> {
    Ok(match chunk {
        Chunk::Choose => super::choose::render,
        Chunk::Progress => super::progress::render,
        Chunk::Files => super::files::render,
    })
}

thread_local! {
    /// Each chunk's render function once it is loaded, by [`Chunk::index`]: shared by every widget on the page
    /// (a chunk is loaded once per page).
    static LOADED: Cell<[Option<Render>; 3]> = const { Cell::new([None; 3]) };
}

/// Loads `chunk` (at once when it is in already) and keeps its render function.
pub async fn load(chunk: Chunk) -> Result<(), ChunkLoadFailed> {
    let render = fetch(chunk).await?;
    LOADED.with(|loaded| {
        let mut all = loaded.get();
        all[chunk.index()] = Some(render);
        loaded.set(all);
    });
    Ok(())
}

/// The render function of `chunk`, once it is loaded.
pub fn loaded(chunk: Chunk) -> Option<Render> {
    LOADED.with(|loaded| loaded.get()[chunk.index()])
}

/// The screen in `chunk`: rendered at once when the chunk is in; else the waiting card, or — when the load the
/// person waited for failed — what happened and Retry.
pub fn screen(chunk: Chunk, args: &ScreenArgs) -> Html {
    if let Some(render) = loaded(chunk) {
        return render(args);
    }
    let text = args.view.strings;
    if args.state.chunks.status(chunk) == Status::Failed {
        let retry = send(args.intent, Intent::Chunks(chunks::Intent::Load(chunk)));
        return html! {
            <section class="oc-card oc-chunk" part="chunk-error" data-chunk={chunk.as_str()} role="alert">
                <p class="oc-error">{ text.chunk_failed }</p>
                { button("oc-button", "chunk-retry", text.retry, false, retry) }
            </section>
        };
    }
    html! {
        <section class="oc-card oc-chunk" part="chunk-loading" data-chunk={chunk.as_str()} aria-busy="true">
            <p class="oc-muted oc-chunk-wait" role="status">{ text.chunk_loading }</p>
        </section>
    }
}

/// A [`button`] that opens a lazily loaded screen: the pointer or focus reaching it starts loading that screen's
/// chunk (nothing when it is loaded or loading), so the click rarely waits.
pub(crate) fn opening_button(
    class: &'static str,
    part: &'static str,
    label: &'static str,
    onclick: Callback<MouseEvent>,
    intent: &Callback<Intent>,
    chunk: Chunk,
) -> Html {
    let ahead = Intent::Chunks(chunks::Intent::Load(chunk));
    html! {
        <button type="button" ~className={class} part={part} onclick={onclick}
                onpointerenter={send(intent, ahead.clone())} onfocus={send(intent, ahead)}>{ label }</button>
    }
}
