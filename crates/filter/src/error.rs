//! The one error type of the filter layer: where (a path from `filters`), what (a stable code),
//! and a sentence for a person.

use serde::{Deserialize, Serialize};

/// Stable, machine-readable kind of a [`FilterError`]; serialized in snake_case
/// (`bad_date`, `unknown_key`, …). Codes are never renamed; adding one is a visible API change
/// (the enum is exhaustive on purpose, so a `match` mapping codes to words must name each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The text is not JSON at all (message and `line`/`column` say where).
    BadJson,
    /// A node is not a JSON object.
    NotAnObject,
    /// `AND` / `OR` does not hold a JSON array.
    NotAnArray,
    /// `key` names no known key.
    UnknownKey,
    /// A node has a field other than `key`, `value`, `AND`, `OR`.
    UnknownField,
    /// A condition lacks `key` or `value`, or `{}` appears inside a group.
    MissingField,
    /// A value is not text, is empty, or is not what its key accepts.
    BadValue,
    /// An `after`/`before` value is not a real date written `YYYY/mm/dd`.
    BadDate,
    /// A `from` value is not an e-mail address.
    BadEmail,
    /// A group holds nothing.
    EmptyGroup,
    /// Groups nested deeper than the contract allows.
    TooDeep,
    /// A node mixes a condition with a group, or `AND` with `OR`.
    MixedNode,
    /// An AND group whose `after` is on or after its `before`: it matches nothing.
    EmptyRange,
    /// A text value longer than [`crate::tree::MAX_VALUE_LEN`].
    TooLong,
    /// More than [`crate::tree::MAX_CONDITIONS`] conditions in the whole filter; reported alone, at `filters`, and
    /// nothing else is checked.
    TooManyConditions,
    /// Warning: the same condition twice in one group.
    DuplicateCondition,
}

impl ErrorCode {
    /// Whether this code is only ever a warning (the filter is still valid).
    pub fn is_warning(self) -> bool {
        matches!(self, ErrorCode::DuplicateCondition)
    }

    /// The code as serialized, e.g. `"bad_date"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::BadJson => "bad_json",
            ErrorCode::NotAnObject => "not_an_object",
            ErrorCode::NotAnArray => "not_an_array",
            ErrorCode::UnknownKey => "unknown_key",
            ErrorCode::UnknownField => "unknown_field",
            ErrorCode::MissingField => "missing_field",
            ErrorCode::BadValue => "bad_value",
            ErrorCode::BadDate => "bad_date",
            ErrorCode::BadEmail => "bad_email",
            ErrorCode::EmptyGroup => "empty_group",
            ErrorCode::TooDeep => "too_deep",
            ErrorCode::MixedNode => "mixed_node",
            ErrorCode::EmptyRange => "empty_range",
            ErrorCode::TooLong => "too_long",
            ErrorCode::TooManyConditions => "too_many_conditions",
            ErrorCode::DuplicateCondition => "duplicate_condition",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem found in a filter (an error, or a warning in [`crate::parse::Parsed::warnings`]).
///
/// Serializes as `{"path", "code", "message"}`, plus `line` and `column` (1-based) for
/// [`ErrorCode::BadJson`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterError {
    /// Where, starting at `filters`: `filters.AND[1].OR[0].value`.
    pub path: String,
    pub code: ErrorCode,
    /// A sentence for a person, naming what was expected.
    pub message: String,
    /// For `bad_json`: the line of the problem, 1-based.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// For `bad_json`: the column of the problem, 1-based.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

impl FilterError {
    pub fn new(path: impl Into<String>, code: ErrorCode, message: impl Into<String>) -> Self {
        FilterError {
            path: path.into(),
            code,
            message: message.into(),
            line: None,
            column: None,
        }
    }
}

impl std::fmt::Display for FilterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {} ({})", self.path, self.message, self.code)
    }
}

impl std::error::Error for FilterError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_written_as_it_serializes() {
        let codes = [
            ErrorCode::BadJson,
            ErrorCode::NotAnObject,
            ErrorCode::NotAnArray,
            ErrorCode::UnknownKey,
            ErrorCode::UnknownField,
            ErrorCode::MissingField,
            ErrorCode::BadValue,
            ErrorCode::BadDate,
            ErrorCode::BadEmail,
            ErrorCode::EmptyGroup,
            ErrorCode::TooDeep,
            ErrorCode::MixedNode,
            ErrorCode::EmptyRange,
            ErrorCode::TooLong,
            ErrorCode::TooManyConditions,
            ErrorCode::DuplicateCondition,
        ];
        for code in codes {
            // Exhaustive: a new code fails to compile here until it is added to the list above.
            match code {
                ErrorCode::BadJson
                | ErrorCode::NotAnObject
                | ErrorCode::NotAnArray
                | ErrorCode::UnknownKey
                | ErrorCode::UnknownField
                | ErrorCode::MissingField
                | ErrorCode::BadValue
                | ErrorCode::BadDate
                | ErrorCode::BadEmail
                | ErrorCode::EmptyGroup
                | ErrorCode::TooDeep
                | ErrorCode::MixedNode
                | ErrorCode::EmptyRange
                | ErrorCode::TooLong
                | ErrorCode::TooManyConditions
                | ErrorCode::DuplicateCondition => {}
            }
            assert_eq!(
                serde_json::to_value(code).ok(),
                Some(serde_json::Value::from(code.as_str()))
            );
            assert_eq!(
                serde_json::from_value::<ErrorCode>(code.as_str().into()).ok(),
                Some(code)
            );
        }
        assert_eq!(ErrorCode::TooManyConditions.as_str(), "too_many_conditions");
        assert!(!ErrorCode::TooManyConditions.is_warning());
    }
}
