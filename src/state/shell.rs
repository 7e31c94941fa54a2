//! The small types the slices share: [`Screen`] and [`Notice`], the [`Shell`] a reducer borrows (the screen, the
//! host-tree flag, and the filters and folders the next sync sends), and what every reducer answers ([`Changed`]).
//! A leaf: it imports no slice, so each slice and `state/mod.rs` can use it without an import loop.

use outlook_connect_filter::Filter;

/// Which screen the widget shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    /// Org name, what will be read, and the Connect button.
    Connect,
    /// Waiting for the sign-in popup: Cancel, "Open sign-in window", timeouts and errors.
    SigningIn,
    /// The connected mailboxes: add another, reconnect, disconnect, and the way to each one's e-mails. Also where
    /// the widget starts, while the mailboxes load.
    Accounts,
    /// Folder picker, filter editor, options and "Sync" for the active mailbox.
    Choose,
    /// Per-sync counts of queued / syncing / ready / failed files.
    Progress,
    /// The synced e-mails of the active mailbox: search, pages, resync, delete.
    Files,
}

/// A message shown above the current screen (offline, an API error the screen cannot show in place).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// The stable code, as in the `error` event (`offline`, `api_error`, …).
    pub code: String,
    pub message: String,
}

/// The parts of `WidgetState` a slice's reducer may read or change besides its own slice. `state/mod.rs` lends
/// them for one action; the notice is not here because only `Action::SetNotice` changes it.
pub struct Shell<'a> {
    pub screen: &'a mut Screen,
    /// The Choose screen shows a folder tree the host gave (`setFolderTree`), not an opened mailbox's: it stays
    /// when the connected-mailbox list arrives later. Set by the folder picker, read by accounts.
    pub host_folder_tree: &'a mut bool,
    /// The last valid filter tree: what the next sync sends. Written by the editor.
    pub filters: &'a mut Filter,
    /// The folders the next sync covers, by display name. Written by the folder picker.
    pub folders: &'a mut Vec<String>,
}

/// What a reducer answers: whether its action changed anything. `No` keeps the same `Rc<WidgetState>`, so the
/// handle neither re-renders nor emits.
#[must_use]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Changed {
    No,
    Yes,
}

impl From<bool> for Changed {
    fn from(changed: bool) -> Self {
        if changed {
            Changed::Yes
        } else {
            Changed::No
        }
    }
}
