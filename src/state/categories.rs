//! The mailbox's Outlook categories, as the category combobox offers them: validated from the host's list
//! (`[{id, displayName, color}]`, the shape of Graph's `masterCategories`) and matched against what is typed.
//! The model and its slice (the list the Choose screen offers, changed only through [`reduce`]) are one module:
//! the slice is only the list.

use super::shell::{Changed, Shell};
use crate::errors::{ErrorCode, WidgetError};
use crate::shape::Shape;
use outlook_connect_filter::case::lowercase;
use std::rc::Rc;

/// Most categories `setCategories` accepts.
pub const MAX_CATEGORIES: usize = 1_000;

/// One category.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Category {
    pub id: String,
    pub name: String,
    /// Outlook's colour name (`preset0` … `preset24`, or `none`); shown as a swatch.
    pub color: String,
}

/// Validates the host's list; errors name the index and field.
pub fn categories_from_shape<F>(
    method: &str,
    input: &Shape<F>,
) -> Result<Vec<Category>, WidgetError> {
    let bad =
        |message: String| WidgetError::new(ErrorCode::BadArgument, format!("{method}: {message}"));
    if let Some((path, why)) = input.unreadable("categories") {
        return Err(bad(format!("{path}: {why}")));
    }
    let Shape::Array(items) = input else {
        return Err(bad(format!(
            "expected an array of categories {{id, displayName, color}}, got {}",
            input.kind()
        )));
    };
    if items.len() > MAX_CATEGORIES {
        return Err(bad(format!(
            "expected at most {MAX_CATEGORIES} categories, got {}",
            items.len()
        )));
    }
    let mut categories: Vec<Category> = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let Shape::Object(fields) = item else {
            return Err(bad(format!(
                "categories[{index}]: expected an object {{id, displayName, color}}, got {}",
                item.kind()
            )));
        };
        let text = |name: &str, required: bool| match fields
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value)
        {
            Some(Shape::String(text)) if !text.trim().is_empty() => Ok(text.trim().to_owned()),
            None | Some(Shape::Undefined | Shape::Null) if !required => Ok("none".to_owned()),
            Some(other) => Err(bad(format!(
                "categories[{index}].{name}: expected a non-empty string, got {}",
                other.kind()
            ))),
            None => Err(bad(format!(
                "categories[{index}].{name}: expected a non-empty string, got undefined"
            ))),
        };
        let category = Category {
            id: text("id", true)?,
            name: text("displayName", true)?,
            color: text("color", false)?,
        };
        if categories.iter().any(|c| c.name == category.name) {
            return Err(bad(format!(
                "categories[{index}].displayName: \"{}\" is listed twice",
                category.name
            )));
        }
        categories.push(category);
    }
    Ok(categories)
}

/// Indices of the categories whose name contains `typed` (case-insensitive); all of them when `typed` is
/// empty or already names one exactly (so the list still offers the others).
pub fn suggestions(categories: &[Category], typed: &str) -> Vec<usize> {
    let typed = lowercase(typed.trim());
    let exact = categories.iter().any(|c| lowercase(&c.name) == typed);
    categories
        .iter()
        .enumerate()
        .filter(|(_, c)| typed.is_empty() || exact || lowercase(&c.name).contains(&typed))
        .map(|(index, _)| index)
        .collect()
}

/// A change to the category list (`state/mod.rs` makes one from `Action::SetCategories`, or when a mailbox's
/// categories arrive or another mailbox is opened).
pub enum CategoriesAction {
    Replace(Rc<Vec<Category>>),
}

pub fn reduce(
    categories: &mut Rc<Vec<Category>>,
    action: CategoriesAction,
    _shell: &mut Shell,
) -> Changed {
    match action {
        CategoriesAction::Replace(list) if list == *categories => Changed::No,
        CategoriesAction::Replace(list) => {
            *categories = list;
            Changed::Yes
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(value: serde_json::Value) -> Result<Vec<Category>, WidgetError> {
        categories_from_shape::<()>("setCategories", &Shape::from(&value))
    }

    #[test]
    fn reads_the_graph_shape() {
        let list = parse(json!([
            {"id": "1", "displayName": "Personal", "color": "preset0"},
            {"id": "2", "displayName": "Test"}
        ]))
        .unwrap();
        assert_eq!(list[0].name, "Personal");
        assert_eq!(list[1].color, "none");
    }

    #[test]
    fn bad_input_names_the_index_and_field() {
        for (input, expected) in [
            (
                json!("Personal"),
                "setCategories: expected an array of categories",
            ),
            (json!([null]), "categories[0]: expected an object"),
            (
                json!([{"id": "1"}]),
                "categories[0].displayName: expected a non-empty string, got undefined",
            ),
            (
                json!([{"id": "1", "displayName": "A", "color": 5}]),
                "categories[0].color: expected a non-empty string, got a number",
            ),
            (
                json!([{"id": "1", "displayName": "A"}, {"id": "2", "displayName": "A"}]),
                "categories[1].displayName: \"A\" is listed twice",
            ),
        ] {
            let error = parse(input).unwrap_err();
            assert_eq!(error.code, ErrorCode::BadArgument);
            assert!(error.message.contains(expected), "{}", error.message);
        }
    }

    #[test]
    fn suggestions_match_anywhere_ignoring_case() {
        let list = parse(json!([
            {"id": "1", "displayName": "Personal"},
            {"id": "2", "displayName": "Test"},
            {"id": "3", "displayName": "Testing"}
        ]))
        .unwrap();
        assert_eq!(suggestions(&list, ""), [0, 1, 2]);
        assert_eq!(suggestions(&list, "ES"), [1, 2]);
        assert_eq!(
            suggestions(&list, "test"),
            [0, 1, 2],
            "an exact name offers every category"
        );
        assert!(suggestions(&list, "zzz").is_empty());
    }
}
