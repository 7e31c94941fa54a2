//! What a component asks for that is more than a state change: the [`Intent`]s a click or a key sends, as plain
//! data. The components build them; `crate::flow` runs them. Kept apart from the flow so the views need nothing of
//! the runtime the flow works through (the runtime renders the views: that would be a loop).

/// What a component asks for that is more than a state change.
#[derive(Clone, Debug, PartialEq)]
pub enum Intent {
    Accounts(accounts::Intent),
    Sync(sync::Intent),
    Files(files::Intent),
    Chunks(chunks::Intent),
}

pub mod accounts {
    //! The accounts part of the flow's intents (run by `crate::flow::accounts`).

    use crate::api::ConnectMode;

    /// What the accounts screens ask for.
    #[derive(Clone, Debug, PartialEq)]
    pub enum Intent {
        /// List the connected mailboxes again (also run once when the widget is mounted, and "Try again").
        Refresh,
        /// "Connect Outlook", "Add another mailbox" or "Reconnect": starts signing in, inside the click.
        Connect { mode: ConnectMode },
        /// "Open sign-in window" after a block, or "Open the sign-in window again": inside the click.
        OpenWindow,
        /// "Cancel" on the Signing-in screen.
        CancelSignIn,
        /// The confirmed "Disconnect": revoke the mailbox's access.
        Disconnect { data_source_id: i64 },
        /// "Show more mailboxes": the next page of the list.
        ShowMore,
    }
}

pub mod sync {
    //! The sync part of the flow's intents (run by `crate::flow::sync`).

    /// What the Choose and Progress screens ask for.
    #[derive(Clone, Debug, PartialEq)]
    pub enum Intent {
        /// Show the Choose screen of one mailbox (from the Accounts screen) and load its folders and categories.
        Open { data_source_id: i64 },
        /// Load the active mailbox's folders and categories again after a failure.
        Retry,
        /// Load the active mailbox's categories again after they alone failed.
        RetryCategories,
        /// The "Sync" button.
        Sync,
        /// From the Progress screen back to the Choose screen (polling stops).
        Back,
        /// From the Progress screen to the synced e-mails (polling stops).
        SeeFiles,
    }
}

pub mod files {
    //! The files part of the flow's intents (run by `crate::flow::files`).

    /// What the Files screen (and the auto-sync switch) ask for.
    #[derive(Clone, Debug, PartialEq)]
    pub enum Intent {
        /// Show the synced e-mails of one mailbox (from the Accounts screen): page 1, newest first.
        Open { data_source_id: i64 },
        /// Typed in the search box: searches after a short pause.
        Typed(String),
        /// Enter in the search box: searches now.
        Search,
        /// Previous / Next: the page starting at `offset`, same search.
        Page { offset: u32 },
        /// Refresh or Retry: the same page again.
        Reload,
        /// Resync every selected e-mail.
        ResyncSelected,
        /// Delete every selected e-mail (after the in-widget confirmation).
        DeleteSelected,
        /// The auto-sync switch was flipped to `enabled`.
        SetAutoSync(bool),
    }
}

pub mod chunks {
    //! The lazily loaded screens' intents (run by `crate::flow::chunks`).

    use crate::state::chunks::Chunk;

    /// What asks for a screen's wasm chunk.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Intent {
        /// Load `Chunk` unless it is loaded or loading: its screen is showing, Retry was pressed, or the pointer
        /// or focus reached a button that opens its screen. A failure is shown (and reported) only when its
        /// screen is showing.
        Load(Chunk),
        /// After the first render: fetch every chunk ahead, one after another, once the browser is idle.
        LoadAllWhenIdle,
    }
}
