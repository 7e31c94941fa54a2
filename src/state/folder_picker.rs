//! The folder picker's slice: the mailbox's tree (the model is `super::folders`), the filter query and what is
//! open and focused; it writes the selection (the shell's `folders`) and, for a tree the host gave, shows the
//! Choose screen. Changed only through [`reduce`].

use super::folders::{FolderTree, Row};
use super::shell::{Changed, Screen, Shell};
use std::rc::Rc;

/// Most folders one sync covers (the `folders` config key has the same limit).
pub const MAX_SELECTED_FOLDERS: usize = 50;

/// The folder picker: the mailbox's tree, the filter query and what is open and focused.
#[derive(Clone, Debug, PartialEq)]
pub struct FolderPickerState {
    pub tree: Rc<FolderTree>,
    pub query: String,
    /// Indices of the open folders, sorted.
    pub expanded: Vec<usize>,
    /// The rows on screen for `query` and `expanded` (computed here once, not at every render).
    pub rows: Rc<Vec<Row>>,
    /// The folder whose row holds `tabindex=0` (roving tabindex).
    pub active: Option<usize>,
}

impl FolderPickerState {
    /// The picker for a freshly loaded tree, opened down to the `selected` folders.
    pub(crate) fn new(tree: Rc<FolderTree>, selected: &[String]) -> Self {
        // Open the folders leading to a selected one, so the selection is visible.
        let mut expanded = Vec::new();
        for name in selected {
            for folder in tree.named(name) {
                let mut parent = tree.folders[folder].parent;
                while let Some(index) = parent {
                    // Kept sorted and unique by insertion, as `SetExpanded` does (no sort routine in the bundle).
                    if let Err(at) = expanded.binary_search(&index) {
                        expanded.insert(at, index);
                    }
                    parent = tree.folders[index].parent;
                }
            }
        }
        let rows = Rc::new(tree.visible_rows("", &expanded));
        let active = selected
            .iter()
            .find_map(|name| tree.named(name).next())
            .or_else(|| rows.first().map(|row| row.folder));
        Self {
            tree,
            query: String::new(),
            expanded,
            rows,
            active,
        }
    }

    fn refreshed(mut self) -> Self {
        self.rows = Rc::new(self.tree.visible_rows(&self.query, &self.expanded));
        self
    }
}

/// A change to the picker or the selection (`state/mod.rs` makes one from `Action::SetFolders`,
/// `SetFolderTree`, `SetFolderQuery`, `SetExpanded`, `ActivateFolder`, `ToggleFolder` and `MailboxLoaded`).
pub enum FolderPickerAction {
    /// The host (or the picker) replaced the selected folders with already validated names.
    Select(Vec<String>),
    /// A mailbox's folders arrived; `from_host` (`setFolderTree`) also shows the Choose screen, and keeps it when
    /// the connected-mailbox list arrives later.
    ShowTree {
        tree: Rc<FolderTree>,
        from_host: bool,
    },
    /// Typed in the folder filter box.
    Query(String),
    /// Opened or closed a folder's children (by index in the tree).
    SetExpanded { folder: usize, expanded: bool },
    /// Moved the folder tree's focus.
    Activate(usize),
    /// Checked or unchecked a folder (by index in the tree); the selection holds display names.
    Toggle(usize),
}

pub fn reduce(
    picker: &mut Option<FolderPickerState>,
    action: FolderPickerAction,
    shell: &mut Shell,
) -> Changed {
    match action {
        FolderPickerAction::Select(folders) if folders == *shell.folders => return Changed::No,
        FolderPickerAction::Select(folders) => *shell.folders = folders,
        FolderPickerAction::ShowTree { tree, from_host } => {
            *picker = Some(FolderPickerState::new(tree, shell.folders));
            *shell.host_folder_tree = from_host;
            if from_host {
                *shell.screen = Screen::Choose;
            }
        }
        FolderPickerAction::Query(query) => {
            let Some(shown) = picker.take_if(|shown| shown.query != query) else {
                return Changed::No;
            };
            let shown = FolderPickerState { query, ..shown }.refreshed();
            *picker = Some(FolderPickerState {
                active: shown.rows.first().map(|row| row.folder),
                ..shown
            });
        }
        FolderPickerAction::SetExpanded { folder, expanded } => {
            let Some(shown) = picker.as_mut() else {
                return Changed::No;
            };
            match (shown.expanded.binary_search(&folder), expanded) {
                (Err(at), true) if folder < shown.tree.folders.len() => {
                    shown.expanded.insert(at, folder)
                }
                (Ok(at), false) => {
                    shown.expanded.remove(at);
                }
                _ => return Changed::No,
            }
            shown.active = Some(folder);
            shown.rows = Rc::new(shown.tree.visible_rows(&shown.query, &shown.expanded));
        }
        FolderPickerAction::Activate(folder) => {
            let Some(shown) = picker.as_mut() else {
                return Changed::No;
            };
            if shown.active == Some(folder) || folder >= shown.tree.folders.len() {
                return Changed::No;
            }
            shown.active = Some(folder);
        }
        FolderPickerAction::Toggle(folder) => {
            let Some(shown) = picker.as_mut() else {
                return Changed::No;
            };
            let Some(name) = shown.tree.folders.get(folder).map(|f| f.name.clone()) else {
                return Changed::No;
            };
            let selected = shell.folders.contains(&name);
            if selected {
                shell.folders.retain(|chosen| *chosen != name);
            } else if shell.folders.len() < MAX_SELECTED_FOLDERS {
                shell.folders.push(name);
            } else {
                return Changed::No;
            }
            shown.active = Some(folder);
        }
    }
    Changed::Yes
}
