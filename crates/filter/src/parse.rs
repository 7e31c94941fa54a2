//! JSON → validated [`Filter`]: structure, keys, values, nesting, ranges and duplicates,
//! reporting every problem found (not just the first) with a path starting at `filters`.
//!
//! Work is bounded by the input's length, whatever its shape: text nested deeper than any filter is cut to a
//! bounded depth before serde_json reads it ([`prune_deep`]), so any depth gets the answer its shallow part
//! deserves (`too_deep` for groups) rather than serde_json's recursion limit; a filter with more than
//! [`MAX_CONDITIONS`] conditions is answered by one counting pass; repeats are found with a hash map; and the
//! checker itself recurses only as deep as groups may nest.

use crate::case::folded;
use crate::date::{check_date, midnight_utc_of};
use crate::error::ErrorCode;
use crate::error::FilterError;
use crate::tree::{
    Condition, Filter, Key, HAS_ATTACHMENT, IS_FLAGGED, MAX_CONDITIONS, MAX_GROUP_DEPTH,
    MAX_VALUE_LEN,
};
use email_address::{EmailAddress, Options};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::HashMap;

/// A valid filter and the warnings (e.g. [`ErrorCode::DuplicateCondition`]) found on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub filter: Filter,
    pub warnings: Vec<FilterError>,
}

/// The path every error starts with: the `filters` parameter itself.
const ROOT: &str = "filters";

const NODE_SHAPES: &str =
    "a condition {\"key\": …, \"value\": …} or a group {\"AND\": […]} or {\"OR\": […]}";

/// Parses and validates the JSON text of a `filters` parameter.
/// Text that is not JSON gives one [`ErrorCode::BadJson`] error with its line and column. Nesting of any
/// depth is answered as if every list or object opening deeper than any filter reaches were empty: groups
/// nested too deeply give [`ErrorCode::TooDeep`] at the group that is too deep, never serde_json's
/// recursion limit, and a syntax error inside that deep part is not reported (the depth is).
pub fn parse_str(json: &str) -> Result<Parsed, Vec<FilterError>> {
    let pruned = prune_deep(json);
    match serde_json::from_str::<Value>(pruned.as_deref().unwrap_or(json)) {
        Ok(value) => parse_value(&value),
        Err(error) => {
            let (line, column) = (error.line(), error.column());
            let what = match error.classify() {
                serde_json::error::Category::Eof => "the text ends before the JSON is complete",
                _ => "this is not valid JSON",
            };
            let mut problem = FilterError::new(
                ROOT,
                ErrorCode::BadJson,
                format!("{what} (line {line}, column {column}): {error}"),
            );
            problem.line = Some(line);
            problem.column = Some(column);
            Err(vec![problem])
        }
    }
}

/// JSON nesting passed to serde_json as written; a list or object that opens deeper is emptied first.
///
/// A valid filter nests at most `2 * MAX_GROUP_DEPTH + 1` containers (each group level is an object and its
/// list, then the condition's object: `{"AND":[{"OR":[{"key":…}]}]}` is 5). The [`Checker`] looks no deeper
/// than the fields of a node inside [`MAX_GROUP_DEPTH`] groups — one level more, and of those fields only
/// whether they are a list, an object or text, never what they hold (a group there is `too_deep` before its
/// list is read). So emptying every container that opens below `2 * MAX_GROUP_DEPTH + 2` levels changes no
/// answer of the checker, and keeps serde_json (which recurses, and stops at 128 levels) far from its limit.
const KEPT_DEPTH: usize = 2 * MAX_GROUP_DEPTH + 2;

// serde_json must never reach its recursion limit on pruned text (it sees at most KEPT_DEPTH + 1 levels).
const _: () = assert!(KEPT_DEPTH + 1 < 128);

/// `text` with every list or object that opens deeper than [`KEPT_DEPTH`] emptied — its contents replaced by
/// spaces (line breaks kept, so serde_json's line and column for anything after it are unchanged) and its end
/// written as the bracket matching its start — or `None` when nothing is that deep. One pass over the bytes, no
/// recursion and no stack of containers: only the depth is counted, with strings and their escapes skipped.
/// A syntax error before the first emptied container is reported exactly as without pruning (those bytes are
/// untouched), and one after an emptied container at the same line and column. A container still open at the end is
/// emptied to the end (serde_json then reports that the text ends too early).
fn prune_deep(text: &str) -> Option<String> {
    fn blank(bytes: &mut [u8]) {
        for byte in bytes.iter_mut().filter(|byte| **byte != b'\n') {
            *byte = b' ';
        }
    }
    let bytes = text.as_bytes();
    let mut pruned: Option<Vec<u8>> = None;
    let mut depth = 0usize;
    let (mut in_string, mut escaped) = (false, false);
    // Where the container being emptied starts, and the bracket that closes it.
    let mut emptying: Option<(usize, u8)> = None;
    for (index, &byte) in bytes.iter().enumerate() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth == KEPT_DEPTH + 1 {
                    emptying = Some((index, if byte == b'[' { b']' } else { b'}' }));
                }
            }
            b']' | b'}' => {
                if depth == KEPT_DEPTH + 1 {
                    if let Some((start, closer)) = emptying.take() {
                        let out = pruned.get_or_insert_with(|| bytes.to_vec());
                        blank(&mut out[start + 1..index]);
                        out[index] = closer;
                    }
                }
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
    }
    if let Some((start, _)) = emptying {
        let out = pruned.get_or_insert_with(|| bytes.to_vec());
        blank(&mut out[start + 1..]);
    }
    // Only ASCII bytes between two ASCII brackets were replaced, whole characters each: still UTF-8.
    pruned.and_then(|bytes| String::from_utf8(bytes).ok())
}

/// How many conditions the checker would visit: every member of a group that is not itself a group holding
/// something (a condition, or a malformed member, each one unit of checking work), counted through groups as
/// deep as they may nest. Recurses only [`MAX_GROUP_DEPTH`] levels, like the checker.
fn count_conditions(value: &Value, depth: usize) -> usize {
    match group_members(value) {
        Some(members) if depth < MAX_GROUP_DEPTH && !members.is_empty() => members
            .iter()
            .map(|member| count_conditions(member, depth + 1))
            .sum(),
        _ => 1,
    }
}

/// The members of a well-formed group node: exactly one of `AND` / `OR`, holding a list, and no `key`/`value`.
fn group_members(value: &Value) -> Option<&Vec<Value>> {
    let object = value.as_object()?;
    if object.contains_key("key") || object.contains_key("value") {
        return None;
    }
    match (object.get("AND"), object.get("OR")) {
        (Some(list), None) | (None, Some(list)) => list.as_array(),
        _ => None,
    }
}

/// Validates a `filters` parameter already parsed as JSON.
///
/// More than [`MAX_CONDITIONS`] conditions give one [`ErrorCode::TooManyConditions`] at `filters` and nothing
/// else is checked. A deeply nested `value` is fine here (nothing recurses past [`MAX_GROUP_DEPTH`] groups),
/// but note that `serde_json::Value`'s own `Drop` recurses: whoever builds a value nested many thousands deep
/// has to take it apart without dropping it whole.
pub fn parse_value(value: &Value) -> Result<Parsed, Vec<FilterError>> {
    let conditions = count_conditions(value, 0);
    if conditions > MAX_CONDITIONS {
        return Err(vec![FilterError::new(
            ROOT,
            ErrorCode::TooManyConditions,
            format!(
                "this filter has {conditions} conditions; at most {MAX_CONDITIONS} are allowed in one filter (nothing else was checked)"
            ),
        )]);
    }
    let mut checker = Checker::default();
    let filter = checker.node(value, ROOT, 0);
    match filter {
        Some(filter) if checker.errors.is_empty() => Ok(Parsed {
            filter,
            warnings: checker.warnings,
        }),
        _ => Err(checker.errors),
    }
}

#[derive(Default)]
struct Checker {
    errors: Vec<FilterError>,
    warnings: Vec<FilterError>,
}

impl Checker {
    fn error(&mut self, path: impl Into<String>, code: ErrorCode, message: impl Into<String>) {
        self.errors.push(FilterError::new(path, code, message));
    }

    /// One node at `path`; `depth` is the number of groups around it. `None` if it is invalid
    /// (its errors are recorded).
    fn node(&mut self, value: &Value, path: &str, depth: usize) -> Option<Filter> {
        let Some(object) = value.as_object() else {
            let empty_hint = if depth == 0 {
                ", or {} for no filter"
            } else {
                ""
            };
            self.error(
                path,
                ErrorCode::NotAnObject,
                format!(
                    "expected {NODE_SHAPES}{empty_hint}; found {}",
                    describe(value)
                ),
            );
            return None;
        };
        if object.is_empty() {
            if depth == 0 {
                return Some(Filter::Empty);
            }
            self.error(
                path,
                ErrorCode::MissingField,
                format!(
                    "{{}} (no filter) is only allowed as the whole filter; inside a group give {NODE_SHAPES}"
                ),
            );
            return None;
        }
        let mut fields_ok = true;
        for name in object.keys() {
            if !matches!(name.as_str(), "key" | "value" | "AND" | "OR") {
                fields_ok = false;
                let hint = did_you_mean(name, &["key", "value", "AND", "OR"]);
                self.error(
                    format!("{path}.{name}"),
                    ErrorCode::UnknownField,
                    format!("unknown field \"{name}\"{hint}; a node has only \"key\" and \"value\", or one of \"AND\" / \"OR\""),
                );
            }
        }
        let is_condition = object.contains_key("key") || object.contains_key("value");
        let group = match (object.get("AND"), object.get("OR")) {
            (Some(items), None) => Some((true, items)),
            (None, Some(items)) => Some((false, items)),
            (Some(_), Some(_)) => {
                self.error(
                    path,
                    ErrorCode::MixedNode,
                    "a group has exactly one of \"AND\" or \"OR\"; put the other one inside it as a nested group",
                );
                return None;
            }
            (None, None) => None,
        };
        match group {
            Some(_) if is_condition => {
                self.error(
                    path,
                    ErrorCode::MixedNode,
                    "a node is either a condition (\"key\" and \"value\") or a group (\"AND\" or \"OR\"), not both",
                );
                None
            }
            Some((is_and, items)) => {
                let filter = self.group(is_and, items, path, depth);
                filter.filter(|_| fields_ok)
            }
            None if is_condition => {
                let condition = self.condition(object, path);
                condition.filter(|_| fields_ok).map(Filter::Condition)
            }
            None => None,
        }
    }

    fn group(&mut self, is_and: bool, items: &Value, path: &str, depth: usize) -> Option<Filter> {
        let operator = if is_and { "AND" } else { "OR" };
        let list_path = format!("{path}.{operator}");
        if depth + 1 > MAX_GROUP_DEPTH {
            self.error(
                path,
                ErrorCode::TooDeep,
                "groups nest only one level: a group inside a group may hold conditions only (AND[condition, OR[condition, condition]] is the deepest)",
            );
            return None;
        }
        let Some(items) = items.as_array() else {
            self.error(
                list_path,
                ErrorCode::NotAnArray,
                format!(
                    "\"{operator}\" holds a list [ … ] of conditions and groups; found {}",
                    describe(items)
                ),
            );
            return None;
        };
        if items.is_empty() {
            self.error(
                list_path,
                ErrorCode::EmptyGroup,
                format!("this {operator} group is empty; add at least one condition or remove the group"),
            );
            return None;
        }
        let members: Vec<Option<Filter>> = items
            .iter()
            .enumerate()
            .map(|(index, item)| self.node(item, &format!("{list_path}[{index}]"), depth + 1))
            .collect();
        self.check_duplicates(&members, &list_path);
        if is_and {
            self.check_range(&members, &list_path);
        }
        let members: Option<Vec<Filter>> = members.into_iter().collect();
        members.map(|members| {
            if is_and {
                Filter::And(members)
            } else {
                Filter::Or(members)
            }
        })
    }

    fn condition(&mut self, object: &Map<String, Value>, path: &str) -> Option<Condition> {
        let key_path = format!("{path}.key");
        let value_path = format!("{path}.value");
        let key = match object.get("key") {
            None => {
                self.error(
                    &key_path,
                    ErrorCode::MissingField,
                    format!(
                        "this condition has no \"key\"; expected one of {}",
                        key_list()
                    ),
                );
                None
            }
            Some(Value::String(name)) => match Key::from_name(name) {
                Some(key) => Some(key),
                None => {
                    let hint = did_you_mean(name, &Key::ALL.map(Key::as_str));
                    self.error(
                        &key_path,
                        ErrorCode::UnknownKey,
                        format!(
                            "unknown key \"{name}\"{hint}; expected one of {}",
                            key_list()
                        ),
                    );
                    None
                }
            },
            Some(other) => {
                self.error(
                    &key_path,
                    ErrorCode::BadValue,
                    format!(
                        "expected the key as text, one of {}; found {}",
                        key_list(),
                        describe(other)
                    ),
                );
                None
            }
        };
        let text = match object.get("value") {
            None => {
                self.error(
                    &value_path,
                    ErrorCode::MissingField,
                    "this condition has no \"value\"",
                );
                return None;
            }
            Some(Value::String(text)) => text.trim(),
            Some(other) => {
                self.error(
                    &value_path,
                    ErrorCode::BadValue,
                    format!(
                        "expected the value as text (in quotes); found {}",
                        describe(other)
                    ),
                );
                return None;
            }
        };
        if let Some((code, message)) = value_problem(key, text) {
            self.error(&value_path, code, message);
            return None;
        }
        key.map(|key| Condition::new(key, text))
    }

    /// Warns about a condition repeated in the same group (the later copy is reported, with the position of
    /// the first). Two conditions are the same when their keys are and their values are — ignoring case for
    /// `category` and `from`, as matching does — found with one map entry per condition (each value
    /// lower-cased once), not by comparing pairs.
    fn check_duplicates(&mut self, members: &[Option<Filter>], list_path: &str) {
        // One pass with a map from "key, compared value" to the first position. The key text is joined into one
        // string so the map is a `HashMap<&str, usize>`: the widget already links that instance (its folder
        // tree), and a map over tuples would add another copy of the hash table code to the bundle.
        let compared: Vec<Option<String>> = members
            .iter()
            .map(|member| match member {
                Some(Filter::Condition(condition)) => {
                    let value = match condition.key {
                        Key::Category | Key::From => folded(&condition.value),
                        _ => Cow::Borrowed(condition.value.as_str()),
                    };
                    Some(format!("{}\u{0}{value}", condition.key))
                }
                _ => None,
            })
            .collect();
        let mut first_seen: HashMap<&str, usize> = HashMap::with_capacity(members.len());
        for (index, (member, compared)) in members.iter().zip(&compared).enumerate() {
            let (Some(Filter::Condition(condition)), Some(compared)) = (member, compared) else {
                continue;
            };
            let Some(&earlier) = first_seen.get(compared.as_str()) else {
                first_seen.insert(compared, index);
                continue;
            };
            self.warnings.push(FilterError::new(
                format!("{list_path}[{index}]"),
                ErrorCode::DuplicateCondition,
                format!(
                    "the condition {} {} is already in this group at position {}; the copy changes nothing",
                    condition.key,
                    condition.value,
                    earlier + 1
                ),
            ));
        }
    }

    /// In an AND group, the latest `after` must be earlier than the earliest `before`.
    fn check_range(&mut self, members: &[Option<Filter>], list_path: &str) {
        let boundaries = |wanted: Key| {
            members.iter().filter_map(move |member| match member {
                Some(Filter::Condition(condition)) if condition.key == wanted => {
                    midnight_utc_of(&condition.value).map(|unix| (unix, condition.value.as_str()))
                }
                _ => None,
            })
        };
        let latest_after = boundaries(Key::After).max_by_key(|(unix, _)| *unix);
        let earliest_before = boundaries(Key::Before).min_by_key(|(unix, _)| *unix);
        if let (Some((after, after_text)), Some((before, before_text))) =
            (latest_after, earliest_before)
        {
            if after >= before {
                self.error(
                    list_path,
                    ErrorCode::EmptyRange,
                    format!("this matches nothing: \"after {after_text}\" (from that day on) and \"before {before_text}\" (until the day before) leave no day in between; \"after\" must be earlier than \"before\""),
                );
            }
        }
    }
}

/// Checks one condition value exactly as the parser does — trimmed, not empty, at most
/// [`MAX_VALUE_LEN`] characters, acceptable for `key` — for live validation in an editor.
/// `Ok` holds the trimmed value; an error's `path` is just `value` (the caller knows where the
/// field is).
pub fn check_value(key: Key, value: &str) -> Result<String, FilterError> {
    let text = value.trim();
    match value_problem(Some(key), text) {
        Some((code, message)) => Err(FilterError::new("value", code, message)),
        None => Ok(text.to_owned()),
    }
}

/// What is wrong with a trimmed `text` as the value of `key` (`None`: an unknown key, so only
/// emptiness and length are checked), if anything.
fn value_problem(key: Option<Key>, text: &str) -> Option<(ErrorCode, String)> {
    if text.is_empty() {
        let expected = key.map_or("; every condition needs a value", expected_value);
        return Some((ErrorCode::BadValue, format!("the value is empty{expected}")));
    }
    let length = text.chars().count();
    if length > MAX_VALUE_LEN {
        return Some((
            ErrorCode::TooLong,
            format!("the value is {length} characters long; at most {MAX_VALUE_LEN} are allowed"),
        ));
    }
    match key? {
        Key::Category => None,
        Key::After | Key::Before => check_date(text)
            .err()
            .map(|message| (ErrorCode::BadDate, message)),
        Key::From => {
            let options = Options::default()
                .with_required_tld()
                .without_domain_literal()
                .without_display_text();
            EmailAddress::parse_with_options(text, options)
                .err()
                .map(|reason| {
                    let reason = email_problem(&reason);
                    (
                        ErrorCode::BadEmail,
                        format!(
                            "\"{text}\" is not an e-mail address ({reason}); expected an address like name@example.com"
                        ),
                    )
                })
        }
        Key::Is => fixed_value_problem(Key::Is, text, IS_FLAGGED),
        Key::Has => fixed_value_problem(Key::Has, text, HAS_ATTACHMENT),
    }
}

/// Why an address was rejected, in our words: `email_address`'s own `Display` formats a `char` with
/// `{:?}`, which would pull Rust's whole Debug-escaping machinery into the widget's bundle.
fn email_problem(error: &email_address::Error) -> &'static str {
    use email_address::Error;
    match error {
        Error::InvalidCharacter => "it holds a character an address cannot hold",
        Error::MissingSeparator => "the \"@\" is missing",
        Error::LocalPartEmpty => "nothing comes before the \"@\"",
        Error::LocalPartTooLong => "the part before the \"@\" is longer than 64 characters",
        Error::DomainEmpty => "nothing comes after the \"@\"",
        Error::DomainTooLong => "the domain is longer than 254 characters",
        Error::SubDomainEmpty => "the domain has an empty part between dots",
        Error::SubDomainTooLong => "a part of the domain is longer than 63 characters",
        Error::DomainTooFew => "the domain needs a dot, as in example.com",
        Error::DomainInvalidSeparator => "a dot in the domain is misplaced",
        Error::UnbalancedQuotes => "its quotes are unbalanced",
        Error::InvalidComment => "it holds a malformed comment",
        Error::InvalidIPAddress => "its IP address is malformed",
        Error::UnsupportedDomainLiteral => "a domain in [brackets] is not supported",
        Error::UnsupportedDisplayName => "write the address alone, without a name",
        Error::MissingDisplayName => "it starts with \"<\" but has no name before it",
        Error::MissingEndBracket => "the closing \">\" is missing",
    }
}

fn fixed_value_problem(key: Key, text: &str, only: &str) -> Option<(ErrorCode, String)> {
    if text == only {
        return None;
    }
    let hint = if text.eq_ignore_ascii_case(only) {
        format!(" (write it in lower case: \"{only}\")")
    } else {
        did_you_mean(text, &[only])
    };
    Some((
        ErrorCode::BadValue,
        format!("\"{text}\" is not a value of \"{key}\"{hint}; the only value is \"{only}\""),
    ))
}

/// A short description of what the value was, for "expected …; found …".
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(flag) => format!("{flag}"),
        Value::Number(number) => format!("the number {number}"),
        Value::String(text) => format!("the text \"{text}\""),
        Value::Array(_) => "a list [ … ]".into(),
        Value::Object(_) => "an object { … }".into(),
    }
}

fn key_list() -> String {
    let names: Vec<String> = Key::ALL.iter().map(|key| format!("\"{key}\"")).collect();
    names.join(", ")
}

fn expected_value(key: Key) -> &'static str {
    match key {
        Key::Category => "; expected an Outlook category name",
        Key::After | Key::Before => "; expected a date written YYYY/mm/dd, like 2024/01/07",
        Key::From => "; expected an e-mail address like name@example.com",
        Key::Is => "; the only value is \"flagged\"",
        Key::Has => "; the only value is \"attachment\"",
    }
}

/// `, did you mean "x"?` for a near miss among `candidates`, else empty.
/// One copy for every caller (a slice, not a generic iterator: each caller's own copy cost ~1 KB of wasm).
fn did_you_mean(typed: &str, candidates: &[&str]) -> String {
    let limit = if typed.chars().count() <= 3 { 1 } else { 2 };
    candidates
        .iter()
        .map(|candidate| {
            let typed_lower = typed.to_ascii_lowercase();
            let distance = if typed_lower == candidate.to_ascii_lowercase() {
                0
            } else if typed.len() >= 2 && candidate.to_ascii_lowercase().starts_with(&typed_lower) {
                1
            } else {
                edit_distance(typed, candidate)
            };
            (distance, candidate)
        })
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| format!(" (did you mean \"{candidate}\"?)"))
        .unwrap_or_default()
}

/// Levenshtein distance in characters. Public so the widget's config checker suggests near misses with this one
/// copy instead of a second implementation in the bundle.
pub fn edit_distance(left: &str, right: &str) -> usize {
    let right: Vec<char> = right.chars().collect();
    let mut previous: Vec<usize> = (0..=right.len()).collect();
    for (row, left_char) in left.chars().enumerate() {
        let mut current = Vec::with_capacity(right.len() + 1);
        current.push(row + 1);
        for (column, right_char) in right.iter().enumerate() {
            let substitution = previous[column] + usize::from(left_char != *right_char);
            current.push(
                substitution
                    .min(previous[column + 1] + 1)
                    .min(current[column] + 1),
            );
        }
        previous = current;
    }
    previous[right.len()]
}

impl Filter {
    /// Runs the validation of [`parse_value`] on a tree built by hand (e.g. by the editor):
    /// `Ok(warnings)` or `Err(errors)`, with the same paths as for parsed JSON.
    pub fn validate(&self) -> Result<Vec<FilterError>, Vec<FilterError>> {
        parse_value(&self.to_json()).map(|parsed| parsed.warnings)
    }
}

impl<'de> Deserialize<'de> for Filter {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        parse_value(&value)
            .map(|parsed| parsed.filter)
            .map_err(|errors| {
                let joined: Vec<String> = errors.iter().map(ToString::to_string).collect();
                serde::de::Error::custom(joined.join("; "))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MAX_CONDITIONS;
    use serde_json::json;

    #[test]
    fn the_duplicate_check_lower_cases_each_value_once() {
        // In the browser every lower-casing of non-ASCII text is a call into JavaScript: comparing pairs cost
        // two per pair (249,500 here), which made 16,000 categories take 2 s and 100,000 take minutes.
        let members: Vec<Value> = (0..MAX_CONDITIONS)
            .map(|index| json!({"key": "category", "value": format!("Catégorie {index}")}))
            .chain([json!({"key": "category", "value": "CATÉGORIE 7"})])
            .collect();
        let group = json!({"OR": members});
        crate::case::LOWERCASE_CALLS.with(|calls| calls.set(0));
        let mut checker = Checker::default();
        checker.node(&group, ROOT, 0);
        let calls = crate::case::LOWERCASE_CALLS.with(std::cell::Cell::get);
        assert!(
            calls <= MAX_CONDITIONS + 1,
            "{calls} lower-casings for {} values",
            MAX_CONDITIONS + 1
        );
        let found: Vec<String> = checker
            .warnings
            .iter()
            .map(|warning| format!("{}@{}", warning.code, warning.path))
            .collect();
        assert_eq!(
            found,
            [format!("duplicate_condition@filters.OR[{MAX_CONDITIONS}]")]
        );
        assert!(checker.warnings[0].message.contains("at position 8"));
    }

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("catgory", "category"), 1);
        assert_eq!(edit_distance("", "is"), 2);
        assert_eq!(edit_distance("form", "from"), 2);
        assert_eq!(
            did_you_mean("catgory", &["category", "from"]),
            " (did you mean \"category\"?)"
        );
        assert_eq!(did_you_mean("x", &["is", "has"]), "");
        assert_eq!(
            did_you_mean("and", &["AND", "OR"]),
            " (did you mean \"AND\"?)"
        );
    }
}
