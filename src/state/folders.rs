//! The mailbox's folder tree as the folder picker sees it: validated from the host's list (the shape of the
//! sandbox's `GET /integrations/outlook/user_folders`), the rows currently visible (collapsed below the top
//! level, or everything matching a type-to-filter query with its ancestors), and the APG tree-view keyboard
//! moves over those rows.
//!
//! Built once per `setFolderTree`; lower-case names are precomputed so one keystroke in the filter box is one
//! linear scan, even with thousands of folders. Nothing here touches the DOM.

use crate::errors::{ErrorCode, WidgetError};
use crate::shape::{describe_number, Shape};
use outlook_connect_filter::case::lowercase;
use std::collections::HashMap;

/// Most folders `setFolderTree` accepts.
pub const MAX_TREE_FOLDERS: usize = 20_000;

/// One folder.
#[derive(Clone, Debug, PartialEq)]
pub struct Folder {
    pub id: String,
    /// The display name, shown as text (never as markup).
    pub name: String,
    /// `name` in lower case, for type-to-filter and type-ahead.
    lower_name: String,
    /// Index of the parent folder in [`FolderTree::folders`]; `None` at the top level.
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    pub total_items: u64,
    pub unread_items: u64,
}

/// Every folder of a mailbox, parents before children.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FolderTree {
    pub folders: Vec<Folder>,
    pub roots: Vec<usize>,
}

/// One visible line of the tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row {
    /// Index in [`FolderTree::folders`].
    pub folder: usize,
    /// 1 at the top level (`aria-level`).
    pub level: u32,
    pub has_children: bool,
    pub expanded: bool,
    /// 1-based position among its visible siblings (`aria-posinset`) and their count (`aria-setsize`).
    pub position: u32,
    pub set_size: u32,
}

/// A key the tree view handles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TreeKey {
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    /// A printable character: type-ahead.
    Char(char),
}

/// What a key does to the tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TreeMove {
    /// Move the active row (the one with `tabindex=0`) to this folder.
    Activate(usize),
    Expand(usize),
    Collapse(usize),
    Stay,
}

impl FolderTree {
    /// Validates the host's list: objects `{id, displayName, parentFolderId, totalItemCount, unreadItemCount,
    /// childFolderCount}` with parents before children. Errors name the index and field.
    pub fn from_shape<F>(method: &str, input: &Shape<F>) -> Result<FolderTree, WidgetError> {
        let bad = |message: String| {
            WidgetError::new(ErrorCode::BadArgument, format!("{method}: {message}"))
        };
        if let Some((path, why)) = input.unreadable("folders") {
            return Err(bad(format!("{path}: {why}")));
        }
        let Shape::Array(items) = input else {
            return Err(bad(format!(
                "expected an array of folders {{id, displayName, parentFolderId, …}}, got {}",
                input.kind()
            )));
        };
        if items.len() > MAX_TREE_FOLDERS {
            return Err(bad(format!(
                "expected at most {MAX_TREE_FOLDERS} folders, got {}",
                items.len()
            )));
        }
        // First every field, in order; then ids (a map from id to index: smaller in the bundle than a sort) and parents.
        let mut parsed: Vec<(Folder, Option<String>)> = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let Shape::Object(fields) = item else {
                return Err(bad(format!(
                    "folders[{index}]: expected an object {{id, displayName, parentFolderId, …}}, got {}",
                    item.kind()
                )));
            };
            let field = |name: &str| {
                fields
                    .iter()
                    .find(|(key, _)| key == name)
                    .map_or(&Shape::Undefined, |(_, value)| value)
            };
            let text = |name: &str| match field(name) {
                Shape::String(text) if !text.trim().is_empty() => Ok(text.clone()),
                other => Err(bad(format!(
                    "folders[{index}].{name}: expected a non-empty string, got {}",
                    other.kind()
                ))),
            };
            let count = |name: &str| match field(name) {
                Shape::Undefined => Ok(0),
                Shape::Number(n) if *n >= 0.0 && n.fract() == 0.0 && *n < 9.0e15 => Ok(*n as u64),
                other => Err(bad(format!(
                    "folders[{index}].{name}: expected a whole number ≥ 0, got {}",
                    describe(other)
                ))),
            };
            let id = text("id")?;
            let name = text("displayName")?;
            let parent_id = match field("parentFolderId") {
                Shape::Undefined | Shape::Null => None,
                Shape::String(parent_id) => Some(parent_id.clone()),
                other => {
                    return Err(bad(format!(
                        "folders[{index}].parentFolderId: expected a folder id or null, got {}",
                        other.kind()
                    )))
                }
            };
            count("childFolderCount")?;
            let (total_items, unread_items) = (count("totalItemCount")?, count("unreadItemCount")?);
            let folder = Folder {
                id,
                lower_name: lowercase(&name),
                name,
                parent: None,
                children: Vec::new(),
                total_items,
                unread_items,
            };
            parsed.push((folder, parent_id));
        }
        let mut by_id: HashMap<&str, usize> = HashMap::with_capacity(parsed.len());
        for (index, (folder, _)) in parsed.iter().enumerate() {
            if by_id.insert(folder.id.as_str(), index).is_some() {
                return Err(bad(format!(
                    "folders[{index}].id: \"{}\" is used by an earlier folder; ids must be unique",
                    folder.id
                )));
            }
        }
        let mut parents: Vec<Option<usize>> = Vec::with_capacity(parsed.len());
        for (index, (_, parent_id)) in parsed.iter().enumerate() {
            let parent = match parent_id {
                None => None,
                Some(parent_id) => match by_id.get(parent_id.as_str()) {
                    Some(&found) if found < index => Some(found),
                    // A parent that is not listed at all is the mailbox's root ("Top of Information Store",
                    // which Graph leaves out of the list but names as the top folders' parentFolderId).
                    None => None,
                    Some(_) => {
                        return Err(bad(format!(
                            "folders[{index}].parentFolderId: \"{parent_id}\" is not the id of an earlier folder (list parents before their children)"
                        )))
                    }
                },
            };
            parents.push(parent);
        }
        let mut tree = FolderTree::default();
        for (index, ((mut folder, _), parent)) in parsed.into_iter().zip(parents).enumerate() {
            folder.parent = parent;
            match parent {
                Some(parent) => tree.folders[parent].children.push(index),
                None => tree.roots.push(index),
            }
            tree.folders.push(folder);
        }
        Ok(tree)
    }

    /// The rows to show. Without a query: top-level folders, and the children of `expanded` ones (indices,
    /// sorted). With a query (matched case-insensitively anywhere in the name): every match and the folders
    /// that lead to it, all open.
    pub fn visible_rows(&self, query: &str, expanded: &[usize]) -> Vec<Row> {
        let query = lowercase(query.trim());
        let kept: Option<Vec<bool>> =
            (!query.is_empty()).then(|| self.matches_and_ancestors(&query));
        let shown = |index: &usize| kept.as_ref().is_none_or(|kept| kept[*index]);
        let mut rows = Vec::new();
        // Depth-first without recursion: a stack of (siblings still to visit, their level, set size, next position).
        let top: Vec<usize> = self.roots.iter().copied().filter(shown).collect();
        let mut stack: Vec<(std::vec::IntoIter<usize>, u32, u32, u32)> = Vec::new();
        let size = top.len() as u32;
        stack.push((top.into_iter(), 1, size, 1));
        while let Some((siblings, level, set_size, position)) = stack.last_mut() {
            let Some(folder) = siblings.next() else {
                stack.pop();
                continue;
            };
            let (level, set_size, here) = (*level, *set_size, *position);
            *position += 1;
            let children: Vec<usize> = self.folders[folder]
                .children
                .iter()
                .copied()
                .filter(shown)
                .collect();
            let is_open =
                !children.is_empty() && (kept.is_some() || expanded.binary_search(&folder).is_ok());
            rows.push(Row {
                folder,
                level,
                has_children: !children.is_empty(),
                expanded: is_open,
                position: here,
                set_size,
            });
            if is_open {
                let size = children.len() as u32;
                stack.push((children.into_iter(), level + 1, size, 1));
            }
        }
        rows
    }

    /// For each folder: whether its name contains `query` (lower case) or one of its descendants' does.
    fn matches_and_ancestors(&self, query: &str) -> Vec<bool> {
        let mut kept: Vec<bool> = self
            .folders
            .iter()
            .map(|f| f.lower_name.contains(query))
            .collect();
        // Parents come before children, so walking backwards marks every ancestor of a match.
        for index in (0..self.folders.len()).rev() {
            if kept[index] {
                if let Some(parent) = self.folders[index].parent {
                    kept[parent] = true;
                }
            }
        }
        kept
    }

    /// What `key` does when folder `active` has focus (WAI-ARIA APG tree view).
    pub fn navigate(&self, rows: &[Row], active: usize, key: TreeKey) -> TreeMove {
        let Some(here) = rows.iter().position(|row| row.folder == active) else {
            return rows
                .first()
                .map_or(TreeMove::Stay, |row| TreeMove::Activate(row.folder));
        };
        let row = rows[here];
        let activate = |position: usize| {
            rows.get(position)
                .map_or(TreeMove::Stay, |r| TreeMove::Activate(r.folder))
        };
        match key {
            TreeKey::Down => activate(here + 1),
            TreeKey::Up => here.checked_sub(1).map_or(TreeMove::Stay, activate),
            TreeKey::Home => activate(0),
            TreeKey::End => activate(rows.len() - 1),
            TreeKey::Right if row.has_children && !row.expanded => TreeMove::Expand(active),
            TreeKey::Right if row.expanded => activate(here + 1),
            TreeKey::Right => TreeMove::Stay,
            TreeKey::Left if row.expanded => TreeMove::Collapse(active),
            TreeKey::Left => self.folders[active]
                .parent
                .map_or(TreeMove::Stay, TreeMove::Activate),
            TreeKey::Char(typed) => {
                let typed = lowercase(typed.encode_utf8(&mut [0; 4]));
                (1..=rows.len())
                    .map(|step| rows[(here + step) % rows.len()].folder)
                    .find(|&folder| self.folders[folder].lower_name.starts_with(&typed))
                    .map_or(TreeMove::Stay, TreeMove::Activate)
            }
        }
    }

    /// The folders whose display name is `name` (names are what `folders` holds and what a sync sends).
    pub fn named(&self, name: &str) -> impl Iterator<Item = usize> + '_ {
        let name = name.to_owned();
        self.folders
            .iter()
            .enumerate()
            .filter(move |(_, f)| f.name == name)
            .map(|(i, _)| i)
    }
}

fn describe<F>(value: &Shape<F>) -> String {
    match value {
        Shape::Number(n) => describe_number(*n),
        other => other.kind().to_owned(),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    pub(crate) fn shape(value: serde_json::Value) -> Shape<()> {
        Shape::from(&value)
    }

    pub(crate) fn sample() -> FolderTree {
        FolderTree::from_shape(
            "setFolderTree",
            &shape(json!([
                {"id": "inbox", "displayName": "Inbox", "parentFolderId": null, "childFolderCount": 2, "totalItemCount": 10, "unreadItemCount": 3},
                {"id": "sent", "displayName": "Sent Items", "parentFolderId": null, "childFolderCount": 0, "totalItemCount": 5, "unreadItemCount": 0},
                {"id": "projects", "displayName": "Projects", "parentFolderId": "inbox", "childFolderCount": 1, "totalItemCount": 2, "unreadItemCount": 0},
                {"id": "receipts", "displayName": "Receipts", "parentFolderId": "inbox", "childFolderCount": 0, "totalItemCount": 1, "unreadItemCount": 1},
                {"id": "alpha", "displayName": "Alpha <b>", "parentFolderId": "projects", "childFolderCount": 0, "totalItemCount": 0, "unreadItemCount": 0}
            ])),
        )
        .unwrap()
    }

    fn names(tree: &FolderTree, rows: &[Row]) -> Vec<String> {
        rows.iter()
            .map(|r| tree.folders[r.folder].name.clone())
            .collect()
    }

    #[test]
    fn builds_the_tree_with_counts() {
        let tree = sample();
        assert_eq!(tree.roots, vec![0, 1]);
        assert_eq!(tree.folders[0].children, vec![2, 3]);
        assert_eq!(tree.folders[4].parent, Some(2));
        assert_eq!(
            (tree.folders[0].total_items, tree.folders[0].unread_items),
            (10, 3)
        );
    }

    #[test]
    fn a_parent_the_list_leaves_out_is_the_mailbox_root() {
        // Graph names the unlisted "Top of Information Store" as the top folders' parent.
        let input = json!([
            {"id": "inbox", "displayName": "Inbox", "parentFolderId": "msgfolderroot-id"},
            {"id": "sub", "displayName": "Sub", "parentFolderId": "inbox"},
            {"id": "sent", "displayName": "Sent Items", "parentFolderId": "msgfolderroot-id"}
        ]);
        let tree = FolderTree::from_shape("user_folders", &shape(input)).unwrap();
        assert_eq!(tree.roots, [0, 2]);
        assert_eq!(tree.folders[1].parent, Some(0));
    }

    #[test]
    fn bad_input_names_the_index_and_field() {
        let cases = [
            (json!({}), "expected an array of folders"),
            (json!([1]), "folders[0]: expected an object"),
            (
                json!([{"displayName": "A"}]),
                "folders[0].id: expected a non-empty string, got undefined",
            ),
            (
                json!([{"id": "a", "displayName": 3}]),
                "folders[0].displayName: expected a non-empty string, got a number",
            ),
            (
                json!([{"id": "b", "displayName": "B", "parentFolderId": "a"}, {"id": "a", "displayName": "A"}]),
                "folders[0].parentFolderId: \"a\" is not the id of an earlier folder",
            ),
            (
                json!([{"id": "a", "displayName": "A", "parentFolderId": 4}]),
                "folders[0].parentFolderId: expected a folder id or null",
            ),
            (
                json!([{"id": "a", "displayName": "A", "totalItemCount": -1}]),
                "folders[0].totalItemCount: expected a whole number ≥ 0, got -1",
            ),
            (
                json!([{"id": "a", "displayName": "A"}, {"id": "a", "displayName": "B"}]),
                "folders[1].id: \"a\" is used by an earlier folder",
            ),
        ];
        for (input, expected) in cases {
            let error = FolderTree::from_shape("setFolderTree", &shape(input.clone())).unwrap_err();
            assert_eq!(error.code, ErrorCode::BadArgument);
            assert!(
                error.message.starts_with("setFolderTree: "),
                "{}",
                error.message
            );
            assert!(
                error.message.contains(expected),
                "{input}: {}",
                error.message
            );
        }
    }

    #[test]
    fn collapsed_below_the_top_level_by_default() {
        let tree = sample();
        let rows = tree.visible_rows("", &[]);
        assert_eq!(names(&tree, &rows), ["Inbox", "Sent Items"]);
        assert!(rows[0].has_children && !rows[0].expanded);
        assert_eq!(
            (rows[1].position, rows[1].set_size, rows[1].level),
            (2, 2, 1)
        );
    }

    #[test]
    fn expanding_shows_children_in_order() {
        let tree = sample();
        let rows = tree.visible_rows("", &[0, 2]);
        assert_eq!(
            names(&tree, &rows),
            ["Inbox", "Projects", "Alpha <b>", "Receipts", "Sent Items"]
        );
        assert_eq!(
            rows.iter().map(|r| r.level).collect::<Vec<_>>(),
            [1, 2, 3, 2, 1]
        );
        assert_eq!((rows[3].position, rows[3].set_size), (2, 2));
    }

    #[test]
    fn a_query_keeps_matches_and_their_ancestors_open() {
        let tree = sample();
        let rows = tree.visible_rows("  ALP ", &[]);
        assert_eq!(names(&tree, &rows), ["Inbox", "Projects", "Alpha <b>"]);
        assert!(rows[0].expanded && rows[1].expanded && !rows[2].has_children);
        assert!(tree.visible_rows("nothing like it", &[]).is_empty());
        assert_eq!(
            names(&tree, &tree.visible_rows("items", &[])),
            ["Sent Items"]
        );
    }

    #[test]
    fn arrow_keys_home_end_follow_the_apg_tree_pattern() {
        let tree = sample();
        let collapsed = tree.visible_rows("", &[]);
        assert_eq!(
            tree.navigate(&collapsed, 0, TreeKey::Down),
            TreeMove::Activate(1)
        );
        assert_eq!(tree.navigate(&collapsed, 1, TreeKey::Down), TreeMove::Stay);
        assert_eq!(tree.navigate(&collapsed, 0, TreeKey::Up), TreeMove::Stay);
        assert_eq!(
            tree.navigate(&collapsed, 0, TreeKey::Right),
            TreeMove::Expand(0)
        );
        assert_eq!(tree.navigate(&collapsed, 1, TreeKey::Right), TreeMove::Stay);
        assert_eq!(
            tree.navigate(&collapsed, 0, TreeKey::End),
            TreeMove::Activate(1)
        );
        let open = tree.visible_rows("", &[0]);
        assert_eq!(
            tree.navigate(&open, 0, TreeKey::Right),
            TreeMove::Activate(2)
        );
        assert_eq!(
            tree.navigate(&open, 0, TreeKey::Left),
            TreeMove::Collapse(0)
        );
        assert_eq!(
            tree.navigate(&open, 3, TreeKey::Left),
            TreeMove::Activate(0)
        );
        assert_eq!(
            tree.navigate(&open, 3, TreeKey::Home),
            TreeMove::Activate(0)
        );
        assert_eq!(
            tree.navigate(&open, 99, TreeKey::Down),
            TreeMove::Activate(0),
            "a vanished row restarts at the top"
        );
    }

    #[test]
    fn type_ahead_finds_the_next_visible_name_and_wraps() {
        let tree = sample();
        let open = tree.visible_rows("", &[0]);
        assert_eq!(
            tree.navigate(&open, 0, TreeKey::Char('r')),
            TreeMove::Activate(3)
        );
        assert_eq!(
            tree.navigate(&open, 3, TreeKey::Char('I')),
            TreeMove::Activate(0)
        );
        assert_eq!(tree.navigate(&open, 0, TreeKey::Char('z')), TreeMove::Stay);
    }

    #[test]
    fn named_finds_every_folder_with_a_display_name() {
        let tree = sample();
        assert_eq!(tree.named("Receipts").collect::<Vec<_>>(), [3]);
        assert_eq!(tree.named("receipts").count(), 0);
    }

    #[test]
    fn five_thousand_folders_filter_quickly_enough_to_scan_per_keystroke() {
        let mut folders = Vec::new();
        for top in 0..50 {
            folders.push(json!({"id": format!("t{top}"), "displayName": format!("Team {top}"), "parentFolderId": null}));
            for child in 0..99 {
                folders.push(json!({"id": format!("t{top}c{child}"), "displayName": format!("Project {top}-{child}"), "parentFolderId": format!("t{top}")}));
            }
        }
        let tree = FolderTree::from_shape("setFolderTree", &shape(json!(folders))).unwrap();
        assert_eq!(tree.folders.len(), 5000);
        assert_eq!(tree.visible_rows("", &[]).len(), 50);
        let rows = tree.visible_rows("project 7-1", &[]);
        // Team 7 and its children 7-1, 7-10 … 7-19.
        assert_eq!(rows.len(), 12);
    }
}
