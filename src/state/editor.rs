//! The filter editor's slice: the draft being built (the model is `super::draft`), its problems, the JSON tab's
//! text as typed, and where focus goes after an edit. It writes the last valid tree to the shell's `filters`
//! whenever the draft or the JSON text becomes a valid tree. Changed only through [`reduce`].

use super::draft::{Draft, Edit, Focus, Problem};
use super::shell::{Changed, Shell};
use outlook_connect_filter::{parse_str, Filter, FilterError};
use std::rc::Rc;

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
    /// The editor showing `filter` on the visual tab, with nothing typed.
    pub fn showing(filter: &Filter) -> Self {
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

/// A change to [`EditorState`] (`state/mod.rs` makes one from `Action::SetFilters`, `Edit`, `SetJsonText` and
/// `SelectTab`).
pub enum EditorAction {
    /// The host (or the editor) replaced the filter tree with an already validated one.
    Replace(Filter),
    /// A change in the visual editor; the valid tree follows when the draft becomes valid.
    Edit(Edit),
    /// The JSON tab's text, as typed; the valid tree follows when the text is a valid tree.
    SetJsonText(String),
    SelectTab(EditorTab),
}

pub fn reduce(editor: &mut EditorState, action: EditorAction, shell: &mut Shell) -> Changed {
    match action {
        EditorAction::Replace(filters) if filters == *shell.filters => return Changed::No,
        EditorAction::Replace(filters) => {
            *editor = EditorState {
                tab: editor.tab,
                ..EditorState::showing(&filters)
            };
            *shell.filters = filters;
        }
        EditorAction::Edit(edit) => {
            let Ok(focus) = editor.draft.apply(edit) else {
                return Changed::No;
            };
            let checked = editor.draft.check();
            editor.problems = Rc::new(checked.problems);
            if focus.is_some() {
                editor.focus = focus;
                editor.focus_serial = editor.focus_serial.wrapping_add(1);
            }
            if let Some(filter) = checked.filter {
                if filter != *shell.filters {
                    editor.json_text = json_text_of(&filter);
                    editor.json_errors.clear();
                    *shell.filters = filter;
                }
            }
        }
        EditorAction::SetJsonText(text) if text == editor.json_text => return Changed::No,
        EditorAction::SetJsonText(text) => {
            match parse_str(&text) {
                Ok(parsed) => {
                    // Keep the draft (and its row ids) when it already shows this tree.
                    if editor.draft.check().filter.as_ref() != Some(&parsed.filter) {
                        editor.draft = Draft::from_filter(&parsed.filter);
                    }
                    editor.problems = Rc::new(editor.draft.check().problems);
                    editor.json_errors.clear();
                    *shell.filters = parsed.filter;
                }
                Err(errors) => editor.json_errors = errors,
            }
            editor.json_text = text;
        }
        EditorAction::SelectTab(tab) if tab == editor.tab => return Changed::No,
        EditorAction::SelectTab(tab) => editor.tab = tab,
    }
    Changed::Yes
}

/// The tree as the JSON tab shows it: pretty-printed Carbon JSON. (`{:#}` is `Value`'s pretty `Display`, the
/// same output as `to_string_pretty`; error messages already format `Value`s, so this adds no serializer copy.)
pub fn json_text_of(filter: &Filter) -> String {
    format!("{:#}", filter.to_json())
}
