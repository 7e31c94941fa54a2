//! The widget's state and the one place it changes: a pure reducer over [`Action`]s.
//!
//! The handle (`handle.rs`) owns the current `Rc<WidgetState>`, applies actions with [`Reducible::reduce`] and
//! hands the result to the Yew view as props; components only render it and send actions. Nothing here touches
//! the DOM, so every transition is tested natively.

pub mod accounts;
pub mod categories;
pub mod draft;
pub mod files;
pub mod folders;
pub mod sync;

use crate::state::accounts::{AccountsAction, AccountsState};
use crate::state::categories::Category;
use crate::state::draft::{Draft, Edit, Focus, Problem};
use crate::state::files::{FilesAction, FilesState};
use crate::state::folders::{FolderTree, Row};
use crate::state::sync::{SyncAction, SyncState};
use outlook_connect_filter::{parse_str, Filter, FilterError};
use std::rc::Rc;
use yew::Reducible;

/// Most folders one sync covers (the `folders` config key has the same limit).
pub const MAX_SELECTED_FOLDERS: usize = 50;

/// Which screen the widget shows (design.md, "Screens").
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

/// The two views of the same filter tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditorTab {
    Visual,
    Json,
}

/// The filter editor: the draft being built, its problems, and the JSON text as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct EditorState {
    pub tab: EditorTab,
    /// What the visual tab shows; may be incomplete or invalid while the person types.
    pub draft: Draft,
    /// The draft's errors and warnings, each on its node.
    pub problems: Rc<Vec<Problem>>,
    /// What the JSON tab shows: exactly what was typed, or the last valid tree written out.
    pub json_text: String,
    /// Why `json_text` is not a valid tree (with line and column for text that is not JSON).
    pub json_errors: Vec<FilterError>,
    /// Where focus goes after the last edit; `focus_serial` changes with every request.
    pub focus: Option<Focus>,
    pub focus_serial: u32,
}

impl EditorState {
    fn showing(filter: &Filter) -> Self {
        let draft = Draft::from_filter(filter);
        let problems = Rc::new(draft.check().problems);
        Self {
            tab: EditorTab::Visual,
            draft,
            problems,
            json_text: json_text_of(filter),
            json_errors: Vec::new(),
            focus: None,
            focus_serial: 0,
        }
    }
}

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

/// Everything the view renders that is not plain configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct WidgetState {
    pub screen: Screen,
    /// The last valid filter tree: what the next sync sends and `getFilters()` returns; seeded from the
    /// `filters` config key.
    pub filters: Filter,
    /// The folders the next sync covers (one request each); seeded from the `folders` config key.
    pub folders: Vec<String>,
    /// Connected mailboxes, the active one, and the sign-in flow's phase (`accounts.rs`).
    pub accounts: AccountsState,
    /// Folder and category loading, sync options and the syncs in progress (`sync.rs`).
    pub sync: SyncState,
    /// The synced e-mails list (`files.rs`).
    pub files: FilesState,
    /// Shown above the screen until dismissed or replaced.
    pub notice: Option<Notice>,
    pub editor: EditorState,
    /// `None` until the mailbox's folders are loaded, or the host gives them.
    pub folder_picker: Option<FolderPickerState>,
    /// The folder tree came from the host's `setFolderTree`, not from an opened mailbox: its Choose screen stays
    /// when the connected-mailbox list arrives later.
    pub host_folder_tree: bool,
    /// The mailbox's categories, offered by the category combobox.
    pub categories: Rc<Vec<Category>>,
}

impl WidgetState {
    pub fn new(filters: Filter, folders: Vec<String>) -> Self {
        Self {
            // The connected mailboxes load here first; the answer leads to Accounts or Connect.
            screen: Screen::Accounts,
            editor: EditorState::showing(&filters),
            filters,
            folders,
            accounts: AccountsState::default(),
            sync: SyncState::default(),
            files: FilesState::default(),
            notice: None,
            folder_picker: None,
            host_folder_tree: false,
            categories: Rc::new(Vec::new()),
        }
    }

    /// Whether folder `name` is selected.
    pub fn is_selected(&self, name: &str) -> bool {
        self.folders.iter().any(|selected| selected == name)
    }
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
    /// Loading folders and categories, options, syncs and their progress (reduced in `sync.rs`).
    Sync(SyncAction),
    /// The synced e-mails list (reduced in `files.rs`).
    Files(FilesAction),
}

impl Reducible for WidgetState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        // The flow's parts keep their reducers beside their state.
        let action = match action {
            Action::Accounts(action) => return crate::state::accounts::reduce(self, action),
            Action::Sync(action) => return crate::state::sync::reduce(self, action),
            Action::Files(action) => return crate::state::files::reduce(self, action),
            other => other,
        };
        let mut next = (*self).clone();
        match action {
            Action::Accounts(_) | Action::Sync(_) | Action::Files(_) => return self,
            Action::Navigate(screen) if screen == self.screen => return self,
            Action::Navigate(screen) => next.screen = screen,
            Action::SetNotice(notice) if notice == self.notice => return self,
            Action::SetNotice(notice) => next.notice = notice,
            Action::SetFilters(filters) if filters == self.filters => return self,
            Action::SetFilters(filters) => {
                next.editor = EditorState {
                    tab: self.editor.tab,
                    ..EditorState::showing(&filters)
                };
                next.filters = filters;
            }
            Action::SetFolders(folders) if folders == self.folders => return self,
            Action::SetFolders(folders) => next.folders = folders,
            Action::Edit(edit) => {
                let Ok(focus) = next.editor.draft.apply(edit) else {
                    return self;
                };
                let checked = next.editor.draft.check();
                next.editor.problems = Rc::new(checked.problems);
                if focus.is_some() {
                    next.editor.focus = focus;
                    next.editor.focus_serial = self.editor.focus_serial.wrapping_add(1);
                }
                if let Some(filter) = checked.filter {
                    if filter != next.filters {
                        next.editor.json_text = json_text_of(&filter);
                        next.editor.json_errors.clear();
                        next.filters = filter;
                    }
                }
            }
            Action::SetJsonText(text) if text == self.editor.json_text => return self,
            Action::SetJsonText(text) => {
                match parse_str(&text) {
                    Ok(parsed) => {
                        // Keep the draft (and its row ids) when it already shows this tree.
                        if next.editor.draft.check().filter.as_ref() != Some(&parsed.filter) {
                            next.editor.draft = Draft::from_filter(&parsed.filter);
                        }
                        next.editor.problems = Rc::new(next.editor.draft.check().problems);
                        next.editor.json_errors.clear();
                        next.filters = parsed.filter;
                    }
                    Err(errors) => next.editor.json_errors = errors,
                }
                next.editor.json_text = text;
            }
            Action::SelectTab(tab) if tab == self.editor.tab => return self,
            Action::SelectTab(tab) => next.editor.tab = tab,
            Action::SetFolderTree(tree) => {
                next.folder_picker = Some(FolderPickerState::new(tree, &self.folders));
                next.host_folder_tree = true;
                next.screen = Screen::Choose;
            }
            Action::SetCategories(categories) if categories == self.categories => return self,
            Action::SetCategories(categories) => next.categories = categories,
            Action::SetFolderQuery(query) => {
                let Some(picker) = next.folder_picker.take() else {
                    return self;
                };
                if picker.query == query {
                    return self;
                }
                let picker = FolderPickerState { query, ..picker }.refreshed();
                next.folder_picker = Some(FolderPickerState {
                    active: picker.rows.first().map(|row| row.folder),
                    ..picker
                });
            }
            Action::SetExpanded { folder, expanded } => {
                let Some(mut picker) = next.folder_picker.take() else {
                    return self;
                };
                match (picker.expanded.binary_search(&folder), expanded) {
                    (Err(at), true) if folder < picker.tree.folders.len() => {
                        picker.expanded.insert(at, folder)
                    }
                    (Ok(at), false) => {
                        picker.expanded.remove(at);
                    }
                    _ => return self,
                }
                picker.active = Some(folder);
                next.folder_picker = Some(picker.refreshed());
            }
            Action::ActivateFolder(folder) => {
                let Some(picker) = next.folder_picker.as_mut() else {
                    return self;
                };
                if picker.active == Some(folder) || folder >= picker.tree.folders.len() {
                    return self;
                }
                picker.active = Some(folder);
            }
            Action::ToggleFolder(folder) => {
                let Some(picker) = next.folder_picker.as_mut() else {
                    return self;
                };
                let Some(name) = picker.tree.folders.get(folder).map(|f| f.name.clone()) else {
                    return self;
                };
                picker.active = Some(folder);
                if self.is_selected(&name) {
                    next.folders.retain(|selected| *selected != name);
                } else if self.folders.len() < MAX_SELECTED_FOLDERS {
                    next.folders.push(name);
                } else {
                    return self;
                }
            }
        }
        Rc::new(next)
    }
}

/// The tree as the JSON tab shows it: pretty-printed Carbon JSON. (`{:#}` is `Value`'s pretty `Display`, the
/// same output as `to_string_pretty`; error messages already format `Value`s, so this adds no serializer copy.)
pub fn json_text_of(filter: &Filter) -> String {
    format!("{:#}", filter.to_json())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::draft::{NodeKind, ROOT};
    use crate::state::folders::tests::sample;
    use outlook_connect_filter::{ErrorCode, Filter, Key};

    fn start() -> Rc<WidgetState> {
        Rc::new(WidgetState::new(Filter::Empty, vec!["Inbox".to_owned()]))
    }

    #[test]
    fn starts_on_accounts_where_the_mailboxes_load() {
        let state = start();
        assert_eq!(state.screen, Screen::Accounts);
        assert_eq!(state.folders, vec!["Inbox".to_owned()]);
    }

    #[test]
    fn set_filters_replaces_the_tree_and_keeps_the_rest() {
        let tree = Filter::condition(Key::Has, "attachment");
        let next = start().reduce(Action::SetFilters(tree.clone()));
        assert_eq!(next.filters, tree);
        assert_eq!(next.folders, vec!["Inbox".to_owned()]);
    }

    #[test]
    fn an_action_that_changes_nothing_keeps_the_same_state() {
        let state = start();
        let same = state.clone().reduce(Action::SetFilters(Filter::Empty));
        assert!(
            Rc::ptr_eq(&state, &same),
            "no re-render when nothing changed"
        );
        let same = state
            .clone()
            .reduce(Action::SetFolders(vec!["Inbox".to_owned()]));
        assert!(Rc::ptr_eq(&state, &same));
    }

    #[test]
    fn set_folders_replaces_the_selection() {
        let next = start().reduce(Action::SetFolders(vec![
            "Archive".to_owned(),
            "Sent Items".to_owned(),
        ]));
        assert_eq!(
            next.folders,
            vec!["Archive".to_owned(), "Sent Items".to_owned()]
        );
        assert_eq!(next.filters, Filter::Empty);
    }

    fn seed() -> Filter {
        parse_str(r#"{"AND":[{"key":"after","value":"2024/01/07"},{"OR":[{"key":"category","value":"Personal"},{"key":"category","value":"Test"}]}]}"#)
            .unwrap()
            .filter
    }

    fn first_item(state: &WidgetState) -> u32 {
        match &state.editor.draft.root.kind {
            NodeKind::Group { items, .. } => items[0].id,
            NodeKind::Condition { .. } => panic!("the root is a group"),
        }
    }

    #[test]
    fn an_incomplete_draft_keeps_the_last_valid_filter() {
        let state = start();
        let next = state.reduce(Action::Edit(Edit::AddCondition { group: ROOT }));
        assert_eq!(
            next.filters,
            Filter::Empty,
            "an empty category is not valid yet"
        );
        assert_eq!(next.editor.problems.len(), 1);
        assert_eq!(next.editor.problems[0].code, ErrorCode::BadValue);
        let node = first_item(&next);
        assert_eq!(next.editor.focus, Some(Focus::Node(node)));
        let next = next.reduce(Action::Edit(Edit::SetValue {
            node,
            value: "Personal".into(),
        }));
        assert_eq!(
            next.filters,
            Filter::And(vec![Filter::condition(Key::Category, "Personal")])
        );
        assert!(next.editor.problems.is_empty());
        assert!(
            next.editor.json_text.contains("\"Personal\""),
            "the JSON tab follows"
        );
    }

    #[test]
    fn a_refused_edit_changes_nothing() {
        let state = Rc::new(WidgetState::new(seed(), vec!["Inbox".into()]));
        let same = state
            .clone()
            .reduce(Action::Edit(Edit::Remove { node: ROOT }));
        assert!(Rc::ptr_eq(&state, &same));
    }

    #[test]
    fn json_text_that_does_not_parse_is_kept_with_its_line_and_column() {
        let state = Rc::new(WidgetState::new(seed(), vec!["Inbox".into()]));
        let typed = "{\n  \"AND\": [\n    {\"key\": }\n  ]\n}";
        let next = state.clone().reduce(Action::SetJsonText(typed.into()));
        assert_eq!(next.editor.json_text, typed);
        assert_eq!(next.filters, seed(), "the last valid tree stays");
        assert_eq!(
            next.editor.draft, state.editor.draft,
            "the visual tab keeps it too"
        );
        let error = &next.editor.json_errors[0];
        assert_eq!(
            (error.code, error.line, error.column),
            (ErrorCode::BadJson, Some(3), Some(13))
        );
        let visual = next.reduce(Action::SelectTab(EditorTab::Visual));
        let back = visual.reduce(Action::SelectTab(EditorTab::Json));
        assert_eq!(
            back.editor.json_text, typed,
            "nothing typed is lost when switching tabs"
        );
    }

    #[test]
    fn valid_json_text_replaces_the_tree_and_the_draft() {
        let state = start();
        let next = state.reduce(Action::SetJsonText(
            r#"{"OR":[{"key":"is","value":"flagged"}]}"#.into(),
        ));
        assert_eq!(
            next.filters,
            Filter::Or(vec![Filter::condition(Key::Is, "flagged")])
        );
        assert!(next.editor.json_errors.is_empty());
        assert_eq!(next.editor.draft.check().filter, Some(next.filters.clone()));
        let invalid_tree = next.reduce(Action::SetJsonText(r#"{"OR":[]}"#.into()));
        assert_eq!(
            invalid_tree.editor.json_errors[0].code,
            ErrorCode::EmptyGroup
        );
        assert_eq!(invalid_tree.editor.json_errors[0].path, "filters.OR");
    }

    #[test]
    fn the_host_replacing_the_filters_resets_the_editor() {
        let state = start().reduce(Action::SetJsonText("{oops".into()));
        let next = state.reduce(Action::SetFilters(seed()));
        assert!(next.editor.json_errors.is_empty());
        assert_eq!(next.editor.json_text, json_text_of(&seed()));
        assert_eq!(next.editor.draft.condition_count(), 3);
    }

    #[test]
    fn a_folder_tree_opens_the_choose_screen_with_inbox_selected() {
        let next = start().reduce(Action::SetFolderTree(Rc::new(sample())));
        assert_eq!(next.screen, Screen::Choose);
        let picker = next.folder_picker.as_ref().unwrap();
        assert_eq!(picker.active, Some(0), "focus starts on the selected Inbox");
        assert_eq!(picker.rows.len(), 2);
        assert!(next.is_selected("Inbox"));
    }

    #[test]
    fn a_selected_nested_folder_is_revealed() {
        let state = Rc::new(WidgetState::new(Filter::Empty, vec!["Alpha <b>".into()]));
        let next = state.reduce(Action::SetFolderTree(Rc::new(sample())));
        let picker = next.folder_picker.as_ref().unwrap();
        assert_eq!(picker.expanded, [0, 2]);
        assert_eq!(picker.active, Some(4));
    }

    #[test]
    fn toggling_folders_keeps_the_selection_as_names() {
        let state = start().reduce(Action::SetFolderTree(Rc::new(sample())));
        let next = state.reduce(Action::ToggleFolder(1));
        assert_eq!(next.folders, ["Inbox", "Sent Items"]);
        let next = next.reduce(Action::ToggleFolder(0));
        assert_eq!(next.folders, ["Sent Items"]);
        assert_eq!(next.folder_picker.as_ref().unwrap().active, Some(0));
        let same = next.clone().reduce(Action::ToggleFolder(99));
        assert!(Rc::ptr_eq(&next, &same));
    }

    #[test]
    fn the_folder_query_and_expansion_recompute_the_rows() {
        let state = start().reduce(Action::SetFolderTree(Rc::new(sample())));
        let next = state.reduce(Action::SetExpanded {
            folder: 0,
            expanded: true,
        });
        assert_eq!(next.folder_picker.as_ref().unwrap().rows.len(), 4);
        let next = next.reduce(Action::SetFolderQuery("alpha".into()));
        let picker = next.folder_picker.as_ref().unwrap();
        assert_eq!(picker.rows.len(), 3);
        assert_eq!(picker.active, Some(0));
        let next = next.reduce(Action::SetFolderQuery(String::new()));
        assert_eq!(
            next.folder_picker.as_ref().unwrap().rows.len(),
            4,
            "expansion survives a query"
        );
        let next = next.reduce(Action::SetExpanded {
            folder: 0,
            expanded: false,
        });
        assert_eq!(next.folder_picker.as_ref().unwrap().rows.len(), 2);
    }

    #[test]
    fn picker_actions_before_a_tree_change_nothing() {
        let state = start();
        for action in [
            Action::SetFolderQuery("x".into()),
            Action::ToggleFolder(0),
            Action::ActivateFolder(0),
            Action::SetExpanded {
                folder: 0,
                expanded: true,
            },
        ] {
            let same = state.clone().reduce(action);
            assert!(Rc::ptr_eq(&state, &same));
        }
    }

    #[test]
    fn at_most_fifty_folders_can_be_selected() {
        let names: Vec<String> = (0..MAX_SELECTED_FOLDERS).map(|i| format!("F{i}")).collect();
        let state = Rc::new(WidgetState::new(Filter::Empty, names))
            .reduce(Action::SetFolderTree(Rc::new(sample())));
        let same = state.clone().reduce(Action::ToggleFolder(0));
        assert!(Rc::ptr_eq(&state, &same));
    }
}
