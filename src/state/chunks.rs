//! The lazily loaded screens' slice: whether the wasm chunk of each of Choose, Progress and Files is loading,
//! loaded, or failed while a person waited for it. Changed only through [`reduce`].
//!
//! A failure counts only when someone waits for it: a chunk that fails while it was only being fetched ahead
//! (idle, or the pointer reaching a button) goes back to [`Status::Idle`], silently, and is asked for again
//! when its screen opens; one that fails while its screen is showing is [`Status::Failed`]: the screen shows
//! the failure with Retry and the flow tells the host (`error`, `chunk_load_failed`).

use super::shell::{Changed, Screen, Shell};

/// A wasm chunk that holds screens the first-load module does not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chunk {
    /// The Choose screen: folder picker, filter editor, category combobox, JSON tab.
    Choose,
    /// The Progress screen.
    Progress,
    /// The Files screen.
    Files,
}

impl Chunk {
    /// Every chunk, in the order they are fetched ahead (the screen most people open first, first).
    pub const ALL: [Chunk; 3] = [Chunk::Choose, Chunk::Progress, Chunk::Files];

    /// The chunk `screen` is rendered from, if it is not in the first-load module.
    pub fn of(screen: Screen) -> Option<Chunk> {
        match screen {
            Screen::Choose => Some(Chunk::Choose),
            Screen::Progress => Some(Chunk::Progress),
            Screen::Files => Some(Chunk::Files),
            Screen::Connect | Screen::SigningIn | Screen::Accounts => None,
        }
    }

    /// Its place in [`ChunksState`]'s table.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The name the error message and the tests use.
    pub fn as_str(self) -> &'static str {
        match self {
            Chunk::Choose => "choose",
            Chunk::Progress => "progress",
            Chunk::Files => "files",
        }
    }
}

/// Where one chunk is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Status {
    /// Not asked for yet (or fetched ahead and failed: it is asked for again when its screen opens).
    #[default]
    Idle,
    Loading,
    /// Its render function is known: its screen renders at once.
    Loaded,
    /// It failed while its screen was showing: the screen says so, with Retry.
    Failed,
}

/// Every chunk's [`Status`], by [`Chunk::index`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChunksState([Status; 3]);

impl ChunksState {
    pub fn status(&self, chunk: Chunk) -> Status {
        self.0[chunk.index()]
    }

    /// Whether a load of `chunk` should start now: not while one runs, not once it is loaded.
    pub fn should_load(&self, chunk: Chunk) -> bool {
        matches!(self.status(chunk), Status::Idle | Status::Failed)
    }
}

/// A change to [`ChunksState`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChunksAction {
    Started(Chunk),
    Loaded(Chunk),
    /// The load failed: [`Status::Failed`] when the current screen needs the chunk, else back to idle.
    Failed(Chunk),
}

pub fn reduce(chunks: &mut ChunksState, action: ChunksAction, shell: &mut Shell) -> Changed {
    let (chunk, status) = match action {
        ChunksAction::Started(chunk) => (chunk, Status::Loading),
        ChunksAction::Loaded(chunk) => (chunk, Status::Loaded),
        ChunksAction::Failed(chunk) if Chunk::of(*shell.screen) == Some(chunk) => {
            (chunk, Status::Failed)
        }
        ChunksAction::Failed(chunk) => (chunk, Status::Idle),
    };
    let slot = &mut chunks.0[chunk.index()];
    let changed = *slot != status;
    *slot = status;
    Changed::from(changed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use outlook_connect_filter::Filter;

    fn reduce_on(screen: Screen, chunks: &mut ChunksState, action: ChunksAction) -> Changed {
        let (mut screen, mut host_tree, mut filters, mut folders) =
            (screen, false, Filter::Empty, Vec::new());
        let shell = &mut Shell {
            screen: &mut screen,
            host_folder_tree: &mut host_tree,
            filters: &mut filters,
            folders: &mut folders,
        };
        reduce(chunks, action, shell)
    }

    #[test]
    fn a_failure_while_the_screen_waits_is_kept_and_one_while_fetching_ahead_is_not() {
        let mut chunks = ChunksState::default();
        assert!(chunks.should_load(Chunk::Choose));
        let _ = reduce_on(
            Screen::Accounts,
            &mut chunks,
            ChunksAction::Started(Chunk::Choose),
        );
        assert!(!chunks.should_load(Chunk::Choose), "one load at a time");
        let _ = reduce_on(
            Screen::Accounts,
            &mut chunks,
            ChunksAction::Failed(Chunk::Choose),
        );
        assert_eq!(chunks.status(Chunk::Choose), Status::Idle);

        let _ = reduce_on(
            Screen::Choose,
            &mut chunks,
            ChunksAction::Started(Chunk::Choose),
        );
        let _ = reduce_on(
            Screen::Choose,
            &mut chunks,
            ChunksAction::Failed(Chunk::Choose),
        );
        assert_eq!(chunks.status(Chunk::Choose), Status::Failed);
        assert!(chunks.should_load(Chunk::Choose), "Retry loads it again");
        assert_eq!(
            chunks.status(Chunk::Files),
            Status::Idle,
            "the others are untouched"
        );
    }

    #[test]
    fn loaded_is_final_and_repeating_it_changes_nothing() {
        let mut chunks = ChunksState::default();
        let loaded = ChunksAction::Loaded(Chunk::Files);
        assert_eq!(reduce_on(Screen::Files, &mut chunks, loaded), Changed::Yes);
        assert_eq!(reduce_on(Screen::Files, &mut chunks, loaded), Changed::No);
        assert!(!chunks.should_load(Chunk::Files));
    }

    #[test]
    fn each_lazy_screen_has_its_chunk_and_the_first_screens_have_none() {
        for chunk in Chunk::ALL {
            let screen = match chunk {
                Chunk::Choose => Screen::Choose,
                Chunk::Progress => Screen::Progress,
                Chunk::Files => Screen::Files,
            };
            assert_eq!(Chunk::of(screen), Some(chunk));
            assert_eq!(Chunk::ALL[chunk.index()], chunk);
        }
        for screen in [Screen::Connect, Screen::SigningIn, Screen::Accounts] {
            assert_eq!(Chunk::of(screen), None);
        }
    }
}
