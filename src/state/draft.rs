//! The filter editor's *draft*: the tree a person is building, which may be incomplete or invalid while they
//! type, and the pure edit operations on it (add, remove, reorder, switch AND/OR, change key or value).
//!
//! The root of a draft is always a group. Every node has a [`NodeId`] that stays the same across edits, so the
//! view can key its rows and move focus. [`Draft::check`] turns the draft into a validated [`Filter`] through the
//! filter crate (the same rules as `parseFilters`), or into [`Problem`]s attached to the nodes they are about.
//! The editor cannot build what the contract forbids: [`Draft::can_add_group`] says where a group may go, and
//! [`Draft::apply`] refuses the rest.

use outlook_connect_filter::{
    parse_value, ErrorCode, Filter, FilterError, Key, HAS_ATTACHMENT, IS_FLAGGED, MAX_CONDITIONS,
    MAX_GROUP_DEPTH,
};
use serde_json::{Map, Value};

/// Identifies a node of a draft for as long as it exists. The root group is always [`ROOT`].
pub type NodeId = u32;

/// The id of the root group.
pub const ROOT: NodeId = 0;

/// How a group combines its members.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operator {
    And,
    Or,
}

impl Operator {
    /// The operator as written in Carbon's JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Operator::And => "AND",
            Operator::Or => "OR",
        }
    }
}

/// What a node is.
#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    /// A leaf; `value` is kept exactly as typed (the filter crate trims it when checking).
    Condition { key: Key, value: String },
    Group {
        operator: Operator,
        items: Vec<DraftNode>,
    },
}

/// One node of the draft.
#[derive(Clone, Debug, PartialEq)]
pub struct DraftNode {
    pub id: NodeId,
    pub kind: NodeKind,
}

/// One change a person makes in the editor.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Appends a condition (key `category`, empty value) to a group.
    AddCondition {
        group: NodeId,
    },
    /// Appends an OR group holding one empty condition; refused where nesting would be too deep.
    AddGroup {
        group: NodeId,
    },
    SetOperator {
        group: NodeId,
        operator: Operator,
    },
    /// Removes a condition or an inner group (the root cannot be removed).
    Remove {
        node: NodeId,
    },
    /// Swaps a node with its previous (`up`) or next sibling.
    Move {
        node: NodeId,
        up: bool,
    },
    /// Changes a condition's key; the value is reset to what the new key expects.
    SetKey {
        node: NodeId,
        key: Key,
    },
    SetValue {
        node: NodeId,
        value: String,
    },
}

/// Why an [`Edit`] was refused. The view never offers these, so they only guard against stale events.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    NoSuchNode(NodeId),
    NotAGroup(NodeId),
    NotACondition(NodeId),
    /// A group here would nest deeper than the contract allows.
    TooDeep(NodeId),
    RootCannotBeRemoved,
    /// The draft already holds `MAX_CONDITIONS` conditions, the most one filter may have.
    TooManyConditions,
    /// The node is already first (moving up) or last (moving down).
    AtEdge(NodeId),
}

/// Where keyboard focus should go after an edit, so it never falls back to the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    /// The node's first control (a condition's key, a group's AND/OR switch).
    Node(NodeId),
    /// The "Add condition" button of a group.
    AddButton(NodeId),
}

impl Focus {
    /// The `data-oc-focus` attribute value of the element this focus lands on.
    pub fn marker(self) -> String {
        match self {
            Focus::Node(id) => format!("node-{id}"),
            Focus::AddButton(id) => format!("add-{id}"),
        }
    }
}

/// Which part of a node a [`Problem`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Key,
    Value,
    /// The node as a whole (an empty group, a range that matches nothing, …).
    Node,
}

/// A filter-crate error or warning, attached to the draft node it is about.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub node: NodeId,
    pub field: Field,
    pub code: ErrorCode,
    pub message: String,
    pub warning: bool,
}

/// The result of checking a draft: the valid filter (with warnings), or every problem.
#[derive(Clone, Debug, PartialEq)]
pub struct Checked {
    pub filter: Option<Filter>,
    pub problems: Vec<Problem>,
}

/// The tree being edited.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub root: DraftNode,
    next_id: NodeId,
}

impl Default for Draft {
    fn default() -> Self {
        Draft {
            root: DraftNode {
                id: ROOT,
                kind: NodeKind::Group {
                    operator: Operator::And,
                    items: Vec::new(),
                },
            },
            next_id: ROOT + 1,
        }
    }
}

impl Draft {
    /// The draft showing `filter`: `{}` is an empty AND group, a lone condition sits in an AND group.
    pub fn from_filter(filter: &Filter) -> Draft {
        let mut draft = Draft::default();
        let (operator, members): (Operator, &[Filter]) = match filter {
            Filter::Empty => (Operator::And, &[]),
            Filter::Condition(_) => (Operator::And, std::slice::from_ref(filter)),
            Filter::And(items) => (Operator::And, items),
            Filter::Or(items) => (Operator::Or, items),
        };
        let items = members
            .iter()
            .map(|member| draft.node_from(member))
            .collect();
        draft.root.kind = NodeKind::Group { operator, items };
        draft
    }

    fn node_from(&mut self, filter: &Filter) -> DraftNode {
        let kind = match filter {
            // `{}` never appears inside a valid group; shown as an empty AND group if a caller passes one.
            Filter::Empty => NodeKind::Group {
                operator: Operator::And,
                items: Vec::new(),
            },
            Filter::Condition(condition) => NodeKind::Condition {
                key: condition.key,
                value: condition.value.clone(),
            },
            Filter::And(items) | Filter::Or(items) => NodeKind::Group {
                operator: if matches!(filter, Filter::And(_)) {
                    Operator::And
                } else {
                    Operator::Or
                },
                items: items.iter().map(|item| self.node_from(item)).collect(),
            },
        };
        DraftNode {
            id: self.fresh_id(),
            kind,
        }
    }

    fn fresh_id(&mut self) -> NodeId {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// The node with `id`, if it exists.
    pub fn find(&self, id: NodeId) -> Option<&DraftNode> {
        find_in(&self.root, id)
    }

    /// How many groups enclose node `id`, the node itself included when it is a group (the root group is 1).
    pub fn level(&self, id: NodeId) -> Option<usize> {
        level_in(&self.root, id, 0)
    }

    /// Whether a group may be added inside group `group` (nesting stays within [`MAX_GROUP_DEPTH`]).
    pub fn can_add_group(&self, group: NodeId) -> bool {
        matches!(
            self.find(group).map(|n| &n.kind),
            Some(NodeKind::Group { .. })
        ) && self
            .level(group)
            .is_some_and(|level| level < MAX_GROUP_DEPTH)
    }

    /// Number of conditions in the whole draft.
    pub fn condition_count(&self) -> usize {
        count_conditions(&self.root)
    }

    /// Refuses an edit that would add a condition past `MAX_CONDITIONS`: the filter would no longer be valid.
    fn room_for_a_condition(&self) -> Result<(), EditError> {
        if self.condition_count() >= MAX_CONDITIONS {
            return Err(EditError::TooManyConditions);
        }
        Ok(())
    }

    /// Applies one edit. For edits that add, remove or move a node it says where focus should go next
    /// (changing an operator, key or value leaves focus where the person is typing).
    pub fn apply(&mut self, edit: Edit) -> Result<Option<Focus>, EditError> {
        self.apply_edit(edit)
            .map(|(focus, structural)| structural.then_some(focus))
    }

    fn apply_edit(&mut self, edit: Edit) -> Result<(Focus, bool), EditError> {
        match edit {
            Edit::AddCondition { group } => {
                self.room_for_a_condition()?;
                let id = self.fresh_id();
                self.group_items(group)?
                    .push(new_condition(id, Key::Category));
                Ok((Focus::Node(id), true))
            }
            Edit::AddGroup { group } => {
                self.group_items(group)?;
                if !self.can_add_group(group) {
                    return Err(EditError::TooDeep(group));
                }
                self.room_for_a_condition()?;
                let (group_id, condition_id) = (self.fresh_id(), self.fresh_id());
                let node = DraftNode {
                    id: group_id,
                    kind: NodeKind::Group {
                        operator: Operator::Or,
                        items: vec![new_condition(condition_id, Key::Category)],
                    },
                };
                self.group_items(group)?.push(node);
                Ok((Focus::Node(condition_id), true))
            }
            Edit::SetOperator { group, operator } => {
                match self.node_mut(group).map(|node| &mut node.kind) {
                    Some(NodeKind::Group { operator: slot, .. }) => *slot = operator,
                    Some(_) => return Err(EditError::NotAGroup(group)),
                    None => return Err(EditError::NoSuchNode(group)),
                }
                Ok((Focus::Node(group), false))
            }
            Edit::Remove { node } => {
                if node == ROOT {
                    return Err(EditError::RootCannotBeRemoved);
                }
                let (parent, index) = self.position(node)?;
                let items = self.group_items(parent)?;
                items.remove(index);
                let next = items
                    .get(index)
                    .or_else(|| items.get(index.wrapping_sub(1)));
                Ok((
                    next.map_or(Focus::AddButton(parent), |n| Focus::Node(n.id)),
                    true,
                ))
            }
            Edit::Move { node, up } => {
                let (parent, index) = self.position(node)?;
                let items = self.group_items(parent)?;
                let other = if up {
                    index.checked_sub(1)
                } else {
                    Some(index + 1).filter(|&i| i < items.len())
                };
                let other = other.ok_or(EditError::AtEdge(node))?;
                items.swap(index, other);
                Ok((Focus::Node(node), true))
            }
            Edit::SetKey { node, key } => {
                let NodeKind::Condition {
                    key: slot, value, ..
                } = self.condition_mut(node)?
                else {
                    return Err(EditError::NotACondition(node));
                };
                if *slot != key {
                    *slot = key;
                    *value = default_value(key).to_owned();
                }
                Ok((Focus::Node(node), false))
            }
            Edit::SetValue { node, value } => {
                if let NodeKind::Condition { value: slot, .. } = self.condition_mut(node)? {
                    *slot = value;
                }
                Ok((Focus::Node(node), false))
            }
        }
    }

    /// The draft as Carbon's JSON (an empty root group is `{}`), values as typed.
    pub fn to_json(&self) -> Value {
        match &self.root.kind {
            NodeKind::Group { items, .. } if items.is_empty() => Value::Object(Map::new()),
            _ => node_json(&self.root),
        }
    }

    /// Validates the draft with the filter crate and attaches every error and warning to its node.
    pub fn check(&self) -> Checked {
        match parse_value(&self.to_json()) {
            Ok(parsed) => Checked {
                filter: Some(parsed.filter),
                problems: self.problems(&parsed.warnings, true),
            },
            Err(errors) => Checked {
                filter: None,
                problems: self.problems(&errors, false),
            },
        }
    }

    fn problems(&self, errors: &[FilterError], warning: bool) -> Vec<Problem> {
        errors
            .iter()
            .map(|error| {
                let (indices, field) = locate(&error.path);
                Problem {
                    node: self.id_at(&indices),
                    field,
                    code: error.code,
                    message: error.message.clone(),
                    warning,
                }
            })
            .collect()
    }

    /// The deepest node reached by following `indices` from the root.
    fn id_at(&self, indices: &[usize]) -> NodeId {
        let mut node = &self.root;
        for &index in indices {
            match &node.kind {
                NodeKind::Group { items, .. } if index < items.len() => node = &items[index],
                _ => break,
            }
        }
        node.id
    }

    fn node_mut(&mut self, id: NodeId) -> Option<&mut DraftNode> {
        find_in_mut(&mut self.root, id)
    }

    fn group_items(&mut self, group: NodeId) -> Result<&mut Vec<DraftNode>, EditError> {
        match self.node_mut(group).map(|node| &mut node.kind) {
            Some(NodeKind::Group { items, .. }) => Ok(items),
            Some(_) => Err(EditError::NotAGroup(group)),
            None => Err(EditError::NoSuchNode(group)),
        }
    }

    fn condition_mut(&mut self, id: NodeId) -> Result<&mut NodeKind, EditError> {
        match self.node_mut(id).map(|node| &mut node.kind) {
            Some(kind @ NodeKind::Condition { .. }) => Ok(kind),
            Some(_) => Err(EditError::NotACondition(id)),
            None => Err(EditError::NoSuchNode(id)),
        }
    }

    /// The parent group and index of node `id`.
    fn position(&self, id: NodeId) -> Result<(NodeId, usize), EditError> {
        position_in(&self.root, id).ok_or(EditError::NoSuchNode(id))
    }
}

/// The value a new condition of `key` starts with: the only value `is` / `has` accept, else empty.
pub fn default_value(key: Key) -> &'static str {
    match key {
        Key::Is => IS_FLAGGED,
        Key::Has => HAS_ATTACHMENT,
        _ => "",
    }
}

fn new_condition(id: NodeId, key: Key) -> DraftNode {
    DraftNode {
        id,
        kind: NodeKind::Condition {
            key,
            value: default_value(key).to_owned(),
        },
    }
}

fn node_json(node: &DraftNode) -> Value {
    let mut object = Map::new();
    match &node.kind {
        NodeKind::Condition { key, value } => {
            object.insert("key".into(), Value::from(key.as_str()));
            object.insert("value".into(), Value::from(value.as_str()));
        }
        NodeKind::Group { operator, items } => {
            object.insert(
                operator.as_str().into(),
                Value::Array(items.iter().map(node_json).collect()),
            );
        }
    }
    Value::Object(object)
}

fn find_in(node: &DraftNode, id: NodeId) -> Option<&DraftNode> {
    if node.id == id {
        return Some(node);
    }
    match &node.kind {
        NodeKind::Group { items, .. } => items.iter().find_map(|item| find_in(item, id)),
        NodeKind::Condition { .. } => None,
    }
}

fn find_in_mut(node: &mut DraftNode, id: NodeId) -> Option<&mut DraftNode> {
    if node.id == id {
        return Some(node);
    }
    match &mut node.kind {
        NodeKind::Group { items, .. } => items.iter_mut().find_map(|item| find_in_mut(item, id)),
        NodeKind::Condition { .. } => None,
    }
}

fn level_in(node: &DraftNode, id: NodeId, around: usize) -> Option<usize> {
    match &node.kind {
        NodeKind::Group { items, .. } => {
            if node.id == id {
                return Some(around + 1);
            }
            items.iter().find_map(|item| level_in(item, id, around + 1))
        }
        NodeKind::Condition { .. } => (node.id == id).then_some(around),
    }
}

fn position_in(node: &DraftNode, id: NodeId) -> Option<(NodeId, usize)> {
    let NodeKind::Group { items, .. } = &node.kind else {
        return None;
    };
    items
        .iter()
        .position(|item| item.id == id)
        .map(|index| (node.id, index))
        .or_else(|| items.iter().find_map(|item| position_in(item, id)))
}

fn count_conditions(node: &DraftNode) -> usize {
    match &node.kind {
        NodeKind::Condition { .. } => 1,
        NodeKind::Group { items, .. } => items.iter().map(count_conditions).sum(),
    }
}

/// Splits a filter-crate path (`filters.AND[1].OR[0].value`) into the item indices it walks through and the
/// field it ends on.
fn locate(path: &str) -> (Vec<usize>, Field) {
    let mut indices = Vec::new();
    let mut field = Field::Node;
    for segment in path.split('.').skip(1) {
        match segment.split_once('[') {
            Some((_, rest)) => {
                if let Some(index) = rest.strip_suffix(']').and_then(|n| n.parse().ok()) {
                    indices.push(index);
                }
                field = Field::Node;
            }
            None => {
                field = match segment {
                    "key" => Field::Key,
                    "value" => Field::Value,
                    _ => Field::Node,
                }
            }
        }
    }
    (indices, field)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed() -> Filter {
        Filter::And(vec![
            Filter::condition(Key::After, "2024/01/07"),
            Filter::Or(vec![
                Filter::condition(Key::Category, "Personal"),
                Filter::condition(Key::Category, "Test"),
            ]),
        ])
    }

    impl Draft {
        fn root_items(&self) -> &[DraftNode] {
            match &self.root.kind {
                NodeKind::Group { items, .. } => items,
                NodeKind::Condition { .. } => &[],
            }
        }
    }

    fn items(node: &DraftNode) -> &[DraftNode] {
        match &node.kind {
            NodeKind::Group { items, .. } => items,
            NodeKind::Condition { .. } => &[],
        }
    }

    #[test]
    fn a_filter_round_trips_through_the_draft() {
        for filter in [
            seed(),
            Filter::Empty,
            Filter::Or(vec![
                Filter::condition(Key::Is, "flagged"),
                Filter::condition(Key::Has, "attachment"),
            ]),
        ] {
            let draft = Draft::from_filter(&filter);
            assert_eq!(draft.check().filter, Some(filter));
        }
    }

    #[test]
    fn a_lone_condition_is_shown_inside_an_and_group() {
        let draft = Draft::from_filter(&Filter::condition(Key::From, "a@example.com"));
        assert_eq!(items(&draft.root).len(), 1);
        assert_eq!(
            draft.check().filter,
            Some(Filter::And(vec![Filter::condition(
                Key::From,
                "a@example.com"
            )]))
        );
    }

    #[test]
    fn building_the_seed_example_step_by_step() {
        let mut draft = Draft::default();
        let Some(Focus::Node(after)) = draft.apply(Edit::AddCondition { group: ROOT }).unwrap()
        else {
            panic!("focus goes to the new condition");
        };
        draft
            .apply(Edit::SetKey {
                node: after,
                key: Key::After,
            })
            .unwrap();
        draft
            .apply(Edit::SetValue {
                node: after,
                value: "2024/01/07".into(),
            })
            .unwrap();
        let Some(Focus::Node(first_category)) =
            draft.apply(Edit::AddGroup { group: ROOT }).unwrap()
        else {
            panic!("focus goes into the new group");
        };
        draft
            .apply(Edit::SetValue {
                node: first_category,
                value: "Personal".into(),
            })
            .unwrap();
        let group = draft.root_items()[1].id;
        let Some(Focus::Node(second)) = draft.apply(Edit::AddCondition { group }).unwrap() else {
            panic!("focus goes to the new condition");
        };
        draft
            .apply(Edit::SetValue {
                node: second,
                value: " Test ".into(),
            })
            .unwrap();
        assert_eq!(draft.check().filter, Some(seed()));
        assert_eq!(draft.condition_count(), 3);
    }

    #[test]
    fn groups_cannot_nest_deeper_than_the_contract() {
        let mut draft = Draft::from_filter(&seed());
        assert!(draft.can_add_group(ROOT));
        let inner = draft.root_items()[1].id;
        let leaf = draft.root_items()[0].id;
        assert!(!draft.can_add_group(inner));
        assert!(!draft.can_add_group(leaf), "a condition holds no group");
        let before = draft.clone();
        assert_eq!(
            draft.apply(Edit::AddGroup { group: inner }),
            Err(EditError::TooDeep(inner))
        );
        assert_eq!(draft, before, "a refused edit changes nothing");
        assert_eq!(
            draft.apply(Edit::AddCondition { group: leaf }),
            Err(EditError::NotAGroup(leaf))
        );
    }

    #[test]
    fn no_condition_is_added_past_the_limit_of_one_filter() {
        let mut draft = Draft::from_filter(&Filter::Empty);
        while draft.condition_count() < MAX_CONDITIONS {
            draft.apply(Edit::AddCondition { group: ROOT }).unwrap();
        }
        let before = draft.clone();
        assert_eq!(
            draft.apply(Edit::AddCondition { group: ROOT }),
            Err(EditError::TooManyConditions)
        );
        assert_eq!(
            draft.apply(Edit::AddGroup { group: ROOT }),
            Err(EditError::TooManyConditions)
        );
        assert_eq!(draft, before, "a refused edit changes nothing");
    }

    #[test]
    fn switching_and_or() {
        let mut draft = Draft::from_filter(&seed());
        draft
            .apply(Edit::SetOperator {
                group: ROOT,
                operator: Operator::Or,
            })
            .unwrap();
        let Some(Filter::Or(members)) = draft.check().filter else {
            panic!("the root became an OR");
        };
        assert_eq!(members.len(), 2);
    }

    #[test]
    fn removing_moves_focus_to_a_neighbour_or_the_add_button() {
        let mut draft = Draft::from_filter(&seed());
        let (first, second) = (draft.root_items()[0].id, draft.root_items()[1].id);
        assert_eq!(
            draft.apply(Edit::Remove { node: first }),
            Ok(Some(Focus::Node(second)))
        );
        assert_eq!(
            draft.apply(Edit::Remove { node: second }),
            Ok(Some(Focus::AddButton(ROOT)))
        );
        assert_eq!(draft.check().filter, Some(Filter::Empty));
        assert_eq!(
            draft.apply(Edit::Remove { node: ROOT }),
            Err(EditError::RootCannotBeRemoved)
        );
        assert_eq!(
            draft.apply(Edit::Remove { node: 99 }),
            Err(EditError::NoSuchNode(99))
        );
    }

    #[test]
    fn removing_the_last_item_focuses_the_previous_one() {
        let mut draft = Draft::from_filter(&seed());
        let (first, second) = (draft.root_items()[0].id, draft.root_items()[1].id);
        assert_eq!(
            draft.apply(Edit::Remove { node: second }),
            Ok(Some(Focus::Node(first)))
        );
    }

    #[test]
    fn reordering_swaps_neighbours_and_stops_at_the_edges() {
        let mut draft = Draft::from_filter(&seed());
        let (first, second) = (draft.root_items()[0].id, draft.root_items()[1].id);
        assert_eq!(
            draft.apply(Edit::Move {
                node: first,
                up: true
            }),
            Err(EditError::AtEdge(first))
        );
        assert_eq!(
            draft.apply(Edit::Move {
                node: first,
                up: false
            }),
            Ok(Some(Focus::Node(first)))
        );
        assert_eq!(draft.root_items()[0].id, second);
        assert_eq!(
            draft.apply(Edit::SetValue {
                node: second,
                value: "x".into()
            }),
            Err(EditError::NotACondition(second)),
        );
        assert_eq!(
            draft.apply(Edit::Move {
                node: first,
                up: false
            }),
            Err(EditError::AtEdge(first))
        );
        let inner_first = items(&draft.root_items()[0])[0].id;
        draft
            .apply(Edit::Move {
                node: inner_first,
                up: false,
            })
            .unwrap();
        assert_eq!(
            draft.check().filter,
            Some(Filter::And(vec![
                Filter::Or(vec![
                    Filter::condition(Key::Category, "Test"),
                    Filter::condition(Key::Category, "Personal"),
                ]),
                Filter::condition(Key::After, "2024/01/07"),
            ]))
        );
    }

    #[test]
    fn changing_the_key_resets_the_value_to_what_the_key_expects() {
        let mut draft = Draft::from_filter(&seed());
        let leaf = draft.root_items()[0].id;
        draft
            .apply(Edit::SetKey {
                node: leaf,
                key: Key::Is,
            })
            .unwrap();
        assert_eq!(
            draft.find(leaf).map(|n| &n.kind),
            Some(&NodeKind::Condition {
                key: Key::Is,
                value: "flagged".into()
            })
        );
        draft
            .apply(Edit::SetKey {
                node: leaf,
                key: Key::From,
            })
            .unwrap();
        assert_eq!(
            draft.find(leaf).map(|n| &n.kind),
            Some(&NodeKind::Condition {
                key: Key::From,
                value: String::new()
            })
        );
        let group = draft.root_items()[1].id;
        assert_eq!(
            draft.apply(Edit::SetKey {
                node: group,
                key: Key::From
            }),
            Err(EditError::NotACondition(group))
        );
    }

    #[test]
    fn errors_land_on_the_offending_node_and_field() {
        let mut draft = Draft::from_filter(&seed());
        let inner = draft.root_items()[1].id;
        let category = items(&draft.root_items()[1])[1].id;
        let date = draft.root_items()[0].id;
        draft
            .apply(Edit::SetValue {
                node: category,
                value: "   ".into(),
            })
            .unwrap();
        draft
            .apply(Edit::SetValue {
                node: date,
                value: "2024-01-07".into(),
            })
            .unwrap();
        let checked = draft.check();
        assert_eq!(checked.filter, None);
        let found: Vec<(NodeId, Field, ErrorCode)> = checked
            .problems
            .iter()
            .map(|p| (p.node, p.field, p.code))
            .collect();
        assert!(
            found.contains(&(category, Field::Value, ErrorCode::BadValue)),
            "{found:?}"
        );
        assert!(
            found.contains(&(date, Field::Value, ErrorCode::BadDate)),
            "{found:?}"
        );
        assert!(checked.problems.iter().all(|p| !p.warning));
        let _ = inner;
    }

    #[test]
    fn an_emptied_inner_group_is_reported_on_the_group() {
        let mut draft = Draft::from_filter(&seed());
        let inner = draft.root_items()[1].id;
        for _ in 0..2 {
            let first = items(draft.find(inner).unwrap())[0].id;
            draft.apply(Edit::Remove { node: first }).unwrap();
        }
        let checked = draft.check();
        assert_eq!(checked.filter, None);
        assert_eq!(checked.problems.len(), 1);
        assert_eq!(checked.problems[0].node, inner);
        assert_eq!(checked.problems[0].code, ErrorCode::EmptyGroup);
    }

    #[test]
    fn a_range_that_matches_nothing_is_reported_on_its_group() {
        let draft = Draft::from_filter(&Filter::And(vec![
            Filter::condition(Key::After, "2024/02/01"),
            Filter::condition(Key::Before, "2024/01/01"),
        ]));
        let problems = draft.check().problems;
        assert!(problems
            .iter()
            .any(|p| p.code == ErrorCode::EmptyRange && !p.warning));
    }

    #[test]
    fn duplicates_are_warnings_and_the_tree_stays_valid() {
        let draft = Draft::from_filter(&Filter::Or(vec![
            Filter::condition(Key::Category, "A"),
            Filter::condition(Key::Category, "A"),
        ]));
        let checked = draft.check();
        assert!(checked.filter.is_some());
        assert_eq!(checked.problems.len(), 1);
        assert!(checked.problems[0].warning);
        assert_eq!(checked.problems[0].node, draft.root_items()[1].id);
    }

    #[test]
    fn ids_stay_unique_and_stable_across_edits() {
        let mut draft = Draft::from_filter(&seed());
        let before: Vec<NodeId> = draft.root_items().iter().map(|n| n.id).collect();
        draft.apply(Edit::AddCondition { group: ROOT }).unwrap();
        let after: Vec<NodeId> = draft.root_items().iter().map(|n| n.id).collect();
        assert_eq!(&after[..2], &before[..]);
        assert!(!before.contains(&after[2]) && after[2] != ROOT);
    }

    #[test]
    fn locate_reads_filter_crate_paths() {
        assert_eq!(
            locate("filters.AND[1].OR[0].value"),
            (vec![1, 0], Field::Value)
        );
        assert_eq!(locate("filters.OR[2].key"), (vec![2], Field::Key));
        assert_eq!(locate("filters.AND[0].OR"), (vec![0], Field::Node));
        assert_eq!(locate("filters"), (vec![], Field::Node));
    }

    #[test]
    fn focus_markers_name_the_element() {
        assert_eq!(Focus::Node(3).marker(), "node-3");
        assert_eq!(Focus::AddButton(0).marker(), "add-0");
    }
}
