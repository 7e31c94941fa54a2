//! The widget's state and the one place it changes: a pure reducer over [`Action`]s.
//!
//! The handle (`handle.rs`) owns the current `Rc<WidgetState>`, applies actions with [`Reducible::reduce`] and
//! hands the result to the Yew view as props; components only render it and send actions. Nothing here touches
//! the DOM, so every transition is tested natively.
//!
//! The state is cut into slices, one child module each, all reduced the same way:
//! `fn reduce(slice: &mut Slice, action: SliceAction, shell: &mut Shell) -> Changed`. The [`Shell`] lends a slice
//! what it shares with the others (the screen, the selection the next sync sends); [`Changed::No`] keeps the same
//! `Rc`, so the handle neither re-renders nor emits. This module routes each action to its slice and holds the
//! rules that cross slices (opening a mailbox clears the previous one's picker and categories; its folders
//! arriving fill the picker and the category list; an accepted sync ends "sending"; what "Sync" would send).
//! Imports run from here to the children only: a slice never imports another slice or this module, and the small
//! types they share live in the leaves `shell` and `failure`.

pub mod accounts;
pub mod auto_sync;
pub mod categories;
pub mod chunks;
pub mod draft;
pub mod editor;
pub mod failure;
pub mod files;
pub mod folder_picker;
pub mod folders;
pub mod poller;
pub mod progress;
pub mod shell;
pub mod sync;
#[cfg(test)]
mod tests;

use self::accounts::{AccountsAction, AccountsState};
use self::auto_sync::{AutoSyncAction, AutoSyncState};
use self::categories::{CategoriesAction, Category};
use self::chunks::{ChunksAction, ChunksState};
use self::draft::Edit;
use self::editor::EditorAction;
pub use self::editor::{json_text_of, EditorState, EditorTab};
use self::failure::Failure;
use self::files::{FilesAction, FilesState};
use self::folder_picker::FolderPickerAction;
pub use self::folder_picker::{FolderPickerState, MAX_SELECTED_FOLDERS};
use self::folders::FolderTree;
use self::progress::{ProgressAction, ProgressState};
pub use self::shell::{Changed, Notice, Screen, Shell};
use self::sync::{Refusal, SyncAction, SyncPlan, SyncState};
use crate::config::SyncOptions;
use outlook_connect_filter::Filter;
use std::rc::Rc;
use yew::Reducible;

/// Everything the view renders that is not plain configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct WidgetState {
    pub screen: Screen,
    /// The last valid filter tree: what the next sync sends and `getFilters()` returns; seeded from the
    /// `filters` config key, written by the editor.
    pub filters: Filter,
    /// The folders the next sync covers (one request each); seeded from the `folders` config key, written by the
    /// folder picker.
    pub folders: Vec<String>,
    /// Connected mailboxes, the active one, and the sign-in flow's phase (`accounts.rs`).
    pub accounts: AccountsState,
    /// Folder and category loading, sync options and "Sync" being sent (`sync.rs`).
    pub sync: SyncState,
    /// The last accepted syncs and their counts (`progress.rs`).
    pub progress: ProgressState,
    /// The synced e-mails list (`files.rs`).
    pub files: FilesState,
    /// The auto-sync switch (`auto_sync.rs`); no mailbox's, so opening another one's e-mails keeps it.
    pub auto_sync: AutoSyncState,
    /// Shown above the screen until dismissed or replaced.
    pub notice: Option<Notice>,
    /// The filter editor (`editor.rs`).
    pub editor: EditorState,
    /// The folder picker (`folder_picker.rs`); `None` until the mailbox's folders are loaded, or the host gives
    /// them.
    pub folder_picker: Option<FolderPickerState>,
    /// The folder tree came from the host's `setFolderTree`, not from an opened mailbox: its Choose screen stays
    /// when the connected-mailbox list arrives later.
    pub host_folder_tree: bool,
    /// The mailbox's categories, offered by the category combobox (`categories.rs`).
    pub categories: Rc<Vec<Category>>,
    /// The wasm chunks of the lazily loaded screens (`chunks.rs`).
    pub chunks: ChunksState,
}

impl WidgetState {
    pub fn new(filters: Filter, folders: Vec<String>) -> Self {
        Self {
            // Connect while the connected mailboxes load (the screen the loader drew before the wasm was ready, so
            // nothing moves when this render replaces it); the answer leads to Accounts when there are some.
            screen: Screen::Connect,
            editor: EditorState::showing(&filters),
            filters,
            folders,
            accounts: AccountsState::default(),
            sync: SyncState::default(),
            progress: None,
            files: FilesState::default(),
            auto_sync: AutoSyncState::default(),
            notice: None,
            folder_picker: None,
            host_folder_tree: false,
            categories: Rc::new(Vec::new()),
            chunks: ChunksState::default(),
        }
    }

    /// Whether folder `name` is selected.
    pub fn is_selected(&self, name: &str) -> bool {
        self.folders.iter().any(|selected| selected == name)
    }

    /// Routes `action` to its slice (and, for the rules that cross slices, to the others it touches).
    fn apply(&mut self, action: Action) -> Changed {
        let WidgetState {
            screen,
            filters,
            folders,
            accounts,
            sync,
            progress,
            files,
            auto_sync,
            notice,
            editor,
            folder_picker,
            host_folder_tree,
            categories,
            chunks,
        } = self;
        let shell = &mut Shell {
            screen,
            host_folder_tree,
            filters,
            folders,
        };
        match action {
            Action::Navigate(screen) if screen == *shell.screen => Changed::No,
            Action::Navigate(screen) => {
                *shell.screen = screen;
                Changed::Yes
            }
            Action::SetNotice(new) if new == *notice => Changed::No,
            Action::SetNotice(new) => {
                *notice = new;
                Changed::Yes
            }
            Action::SetFilters(filter) => {
                editor::reduce(editor, EditorAction::Replace(filter), shell)
            }
            Action::Edit(edit) => editor::reduce(editor, EditorAction::Edit(edit), shell),
            Action::SetJsonText(text) => {
                editor::reduce(editor, EditorAction::SetJsonText(text), shell)
            }
            Action::SelectTab(tab) => editor::reduce(editor, EditorAction::SelectTab(tab), shell),
            Action::SetFolders(names) => {
                folder_picker::reduce(folder_picker, FolderPickerAction::Select(names), shell)
            }
            Action::SetFolderTree(tree) => {
                let show = FolderPickerAction::ShowTree {
                    tree,
                    from_host: true,
                };
                folder_picker::reduce(folder_picker, show, shell)
            }
            Action::SetFolderQuery(query) => {
                folder_picker::reduce(folder_picker, FolderPickerAction::Query(query), shell)
            }
            Action::SetExpanded { folder, expanded } => {
                let set = FolderPickerAction::SetExpanded { folder, expanded };
                folder_picker::reduce(folder_picker, set, shell)
            }
            Action::ActivateFolder(folder) => {
                folder_picker::reduce(folder_picker, FolderPickerAction::Activate(folder), shell)
            }
            Action::ToggleFolder(folder) => {
                folder_picker::reduce(folder_picker, FolderPickerAction::Toggle(folder), shell)
            }
            Action::SetCategories(list) => {
                categories::reduce(categories, CategoriesAction::Replace(list), shell)
            }
            Action::Accounts(action) => accounts::reduce(accounts, action, shell),
            Action::Files(action) => files::reduce(files, action, shell),
            Action::AutoSync(action) => auto_sync::reduce(auto_sync, action, shell),
            Action::Chunks(action) => chunks::reduce(chunks, action, shell),
            Action::Sync(action) => {
                let mailbox = sync.mailbox;
                let changed = sync::reduce(sync, action, shell);
                // Another mailbox: the previous one's folders and categories are not this one's.
                if sync.mailbox != mailbox {
                    *folder_picker = None;
                    *shell.host_folder_tree = false;
                    let _ = categories::reduce(
                        categories,
                        CategoriesAction::Replace(Rc::default()),
                        shell,
                    );
                }
                changed
            }
            Action::MailboxLoaded {
                data_source_id,
                tree,
                categories: answer,
            } => {
                if sync::reduce(sync, SyncAction::FoldersLoaded { data_source_id }, shell)
                    == Changed::No
                {
                    return Changed::No;
                }
                let show = FolderPickerAction::ShowTree {
                    tree,
                    from_host: false,
                };
                let _ = folder_picker::reduce(folder_picker, show, shell);
                take_categories(data_source_id, answer, sync, categories, shell)
            }
            Action::CategoriesLoaded {
                data_source_id,
                categories: answer,
            } => take_categories(data_source_id, answer, sync, categories, shell),
            Action::Progress(action) => {
                if matches!(action, ProgressAction::Started { .. }) {
                    let _ = sync::reduce(sync, SyncAction::Accepted, shell);
                }
                progress::reduce(progress, action, shell)
            }
        }
    }
}

/// Categories that arrived go to the list; a failure keeps what the list had and is shown beside it (the sync
/// slice keeps why). An answer for a mailbox that is no longer open changes nothing.
fn take_categories(
    data_source_id: i64,
    answer: Result<Rc<Vec<Category>>, Failure>,
    sync: &mut SyncState,
    categories: &mut Rc<Vec<Category>>,
    shell: &mut Shell,
) -> Changed {
    let (list, failure) = match answer {
        Ok(list) => (Some(list), None),
        Err(failure) => (None, Some(failure)),
    };
    let answered = SyncAction::CategoriesAnswered {
        data_source_id,
        failure,
    };
    if sync::reduce(sync, answered, shell) == Changed::No {
        return Changed::No;
    }
    if let Some(list) = list {
        let _ = categories::reduce(categories, CategoriesAction::Replace(list), shell);
    }
    Changed::Yes
}

/// A change to the state. Each one says what happened, not how to render it.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// The host (or the editor) replaced the filter tree with an already validated one.
    SetFilters(Filter),
    /// The host (or the picker) replaced the selected folders with already validated names.
    SetFolders(Vec<String>),
    /// A change in the visual editor; the valid tree follows when the draft becomes valid.
    Edit(Edit),
    /// The JSON tab's text, as typed; the valid tree follows when the text is a valid tree.
    SetJsonText(String),
    SelectTab(EditorTab),
    /// The host gave the mailbox's folders: the Choose screen appears.
    SetFolderTree(Rc<FolderTree>),
    /// The host gave the mailbox's categories.
    SetCategories(Rc<Vec<Category>>),
    /// Typed in the folder filter box.
    SetFolderQuery(String),
    /// Opened or closed a folder's children (by index in the tree).
    SetExpanded {
        folder: usize,
        expanded: bool,
    },
    /// Moved the folder tree's focus.
    ActivateFolder(usize),
    /// Checked or unchecked a folder (by index in the tree); the selection holds display names.
    ToggleFolder(usize),
    /// Show another screen.
    Navigate(Screen),
    /// Show, replace or clear the notice above the screen.
    SetNotice(Option<Notice>),
    /// Connected mailboxes and sign-in (reduced in `accounts.rs`).
    Accounts(AccountsAction),
    /// Loading folders and categories, options, and "Sync" being sent (reduced in `sync.rs`).
    Sync(SyncAction),
    /// The open mailbox's folders arrived, and its categories or why they did not: the picker shows the tree.
    MailboxLoaded {
        data_source_id: i64,
        tree: Rc<FolderTree>,
        categories: Result<Rc<Vec<Category>>, Failure>,
    },
    /// A second try at the open mailbox's categories alone ("Try again" under the category picker).
    CategoriesLoaded {
        data_source_id: i64,
        categories: Result<Rc<Vec<Category>>, Failure>,
    },
    /// Accepted syncs and their counts (reduced in `progress.rs`).
    Progress(ProgressAction),
    /// The synced e-mails list (reduced in `files.rs`).
    Files(FilesAction),
    /// The auto-sync switch (reduced in `auto_sync.rs`).
    AutoSync(AutoSyncAction),
    /// The lazily loaded screens' chunks (reduced in `chunks.rs`).
    Chunks(ChunksAction),
}

impl Reducible for WidgetState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match next.apply(action) {
            Changed::Yes => Rc::new(next),
            Changed::No => self,
        }
    }
}

/// Why "Sync" cannot run now, if it cannot (what the button says).
pub fn refusal(state: &WidgetState) -> Option<Refusal> {
    let editor = &state.editor;
    if state.accounts.active.is_none() {
        Some(Refusal::NoAccount)
    } else if state.sync.sending {
        Some(Refusal::Busy)
    } else if editor.problems.iter().any(|problem| !problem.warning)
        || !editor.json_errors.is_empty()
    {
        Some(Refusal::InvalidFilter)
    } else if state.folders.is_empty() {
        Some(Refusal::NoFolder)
    } else {
        None
    }
}

/// What "Sync" would send now, or why it cannot. `configured` is the config's `syncOptions`: its pass-through
/// options go out as given; the two switches come from the screen.
pub fn plan(state: &WidgetState, configured: &SyncOptions) -> Result<SyncPlan, Refusal> {
    let data_source_id = state.accounts.active.ok_or(Refusal::NoAccount)?;
    if let Some(refusal) = refusal(state) {
        return Err(refusal);
    }
    Ok(SyncPlan {
        data_source_id,
        folders: state.folders.clone(),
        filters: state.filters.clone(),
        options: SyncOptions {
            sync_attachments: state.sync.sync_attachments,
            incremental_sync: state.sync.incremental_sync,
            pass_through: configured.pass_through.clone(),
        },
    })
}
