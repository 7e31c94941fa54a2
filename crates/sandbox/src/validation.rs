//! Request-body validation in FastAPI's manner: JSON decoding, serde for types and required fields (the failing
//! path becomes `loc`), then each body type's own checks for enums and limits the schema states — plus the sandbox's
//! own limits ([`MAX_BODY_BYTES`], [`MAX_LIST_ITEMS`], [`MAX_TAG_KEYS`]), checked before any query is built so no
//! request can reach a database limit.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{ApiError, FieldError, LocSegment};

/// The largest request body the API accepts: 1 MiB (a larger one is answered 413 before it is parsed).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// The most items any list of ids or values in a request may hold (the contract sets no `maxItems` for most).
pub const MAX_LIST_ITEMS: usize = 1000;
/// The most keys a `tags` filter may hold.
pub const MAX_TAG_KEYS: usize = 100;

/// The 413 answer for a body over [`MAX_BODY_BYTES`].
pub fn body_too_large() -> ApiError {
    ApiError::PayloadTooLarge(format!(
        "Request body is larger than {MAX_BODY_BYTES} bytes (1 MiB), the most the API accepts"
    ))
}

/// The checks serde cannot express (enums kept as strings, list limits, numeric bounds).
pub trait Validate {
    fn validate(&self, errors: &mut Vec<FieldError>);
}

/// A JSON body parsed and validated; rejections are FastAPI-shaped 422s.
pub struct ValidJson<T>(pub T);

impl<S, T> FromRequest<S> for ValidJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned + Validate,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                    body_too_large()
                } else {
                    ApiError::BadRequest(format!("cannot read the request body: {rejection}"))
                }
            })?;
        parse_body(&bytes).map(ValidJson)
    }
}

/// Parses and validates a body (the extractor's work, usable without a request).
pub fn parse_body<T: DeserializeOwned + Validate>(bytes: &[u8]) -> Result<T, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::Validation(vec![FieldError::body(
            &[],
            "Field required",
            "missing",
        )]));
    }
    let value: Value = serde_json::from_slice(bytes).map_err(|error| {
        ApiError::Validation(vec![FieldError::new(
            vec![LocSegment::from("body"), LocSegment::Index(error.column())],
            format!("JSON decode error: {error}"),
            "json_invalid",
        )])
    })?;
    if !value.is_object() {
        return Err(ApiError::Validation(vec![FieldError::body(
            &[],
            "Input should be a valid dictionary or object to extract fields from",
            "model_attributes_type",
        )]));
    }
    let parsed: T = serde_path_to_error::deserialize(value).map_err(|error| {
        let mut loc = vec![LocSegment::from("body")];
        for segment in error.path().iter() {
            match segment {
                serde_path_to_error::Segment::Map { key } => {
                    loc.push(LocSegment::Field(key.clone()))
                }
                serde_path_to_error::Segment::Seq { index } => loc.push(LocSegment::Index(*index)),
                serde_path_to_error::Segment::Enum { variant } => {
                    loc.push(LocSegment::Field(variant.clone()))
                }
                serde_path_to_error::Segment::Unknown => {}
            }
        }
        ApiError::Validation(vec![serde_message_to_field_error(
            loc,
            &error.into_inner().to_string(),
        )])
    })?;
    let mut errors = Vec::new();
    parsed.validate(&mut errors);
    if errors.is_empty() {
        Ok(parsed)
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// Turns serde's message into pydantic's `type` and a message that names what was expected.
fn serde_message_to_field_error(mut loc: Vec<LocSegment>, message: &str) -> FieldError {
    if let Some(field) = between(message, "missing field `", "`") {
        loc.push(LocSegment::Field(field.to_string()));
        return FieldError::new(loc, "Field required", "missing");
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let expected = rest.rsplit(", expected ").next().unwrap_or_default();
        let (kind, wanted) =
            if expected.contains("i64") || expected.contains("u64") || expected.contains("integer")
            {
                ("int_type", "a valid integer")
            } else if expected.contains("bool") {
                ("bool_type", "a valid boolean")
            } else if expected.contains("string") {
                ("string_type", "a valid string")
            } else if expected.contains("sequence") {
                ("list_type", "a valid list")
            } else {
                ("dict_type", "a valid dictionary")
            };
        let got = rest.split(", expected ").next().unwrap_or_default();
        return FieldError::new(loc, format!("Input should be {wanted} (got {got})"), kind);
    }
    FieldError::new(loc, message.to_string(), "value_error")
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let after = &text[text.find(start)? + start.len()..];
    Some(&after[..after.find(end)?])
}

/// Checks that `value` is one of `allowed` (a schema enum kept as a string).
pub fn check_enum(
    errors: &mut Vec<FieldError>,
    loc: Vec<LocSegment>,
    value: &str,
    allowed: &[&str],
) {
    if !allowed.contains(&value) {
        let choices: Vec<String> = allowed.iter().map(|choice| format!("'{choice}'")).collect();
        errors.push(FieldError::new(
            loc,
            format!(
                "Input should be one of {} (got '{value}')",
                choices.join(", ")
            ),
            "enum",
        ));
    }
}

/// Checks a list's `maxItems`.
pub fn check_max_items<T>(
    errors: &mut Vec<FieldError>,
    loc: Vec<LocSegment>,
    items: &[T],
    max: usize,
) {
    if items.len() > max {
        errors.push(FieldError::new(
            loc,
            format!(
                "List should have at most {max} items after validation, not {}",
                items.len()
            ),
            "too_long",
        ));
    }
}

/// Checks an optional list against [`MAX_LIST_ITEMS`].
pub fn check_list_limit<T>(errors: &mut Vec<FieldError>, path: &[&str], items: &Option<Vec<T>>) {
    if let Some(items) = items {
        check_max_items(errors, body_loc(path), items, MAX_LIST_ITEMS);
    }
}

/// Checks a `tags` filter: at most [`MAX_TAG_KEYS`] keys (the keys themselves may be any text: they are bound as
/// query parameters, never spliced into SQL or a JSON path).
pub fn check_tags(
    errors: &mut Vec<FieldError>,
    path: &[&str],
    tags: &Option<serde_json::Map<String, Value>>,
) {
    if let Some(tags) = tags {
        if tags.len() > MAX_TAG_KEYS {
            errors.push(FieldError::new(
                body_loc(path),
                format!(
                    "Dictionary should have at most {MAX_TAG_KEYS} items after validation, not {}",
                    tags.len()
                ),
                "too_long",
            ));
        }
    }
}

/// Checks `microsoft_tenant`: blank means `common`; otherwise a GUID, a domain name, `common`, `organizations` or
/// `consumers` (it becomes a path segment of the authorize and token URLs).
pub fn check_tenant(errors: &mut Vec<FieldError>, tenant: &str) {
    if !tenant.trim().is_empty() && !crate::microsoft::tenant::is_valid_tenant(tenant) {
        errors.push(FieldError::new(
            body_loc(&["microsoft_tenant"]),
            format!(
                "Value error, microsoft_tenant must be a tenant id (GUID), a domain name, 'common', 'organizations' or 'consumers' (got '{tenant}')"
            ),
            "value_error",
        ));
    }
}

/// Checks an integer's lower bound (`minimum`).
pub fn check_minimum(errors: &mut Vec<FieldError>, loc: Vec<LocSegment>, value: i64, minimum: i64) {
    if value < minimum {
        errors.push(FieldError::new(
            loc,
            format!("Input should be greater than or equal to {minimum} (got {value})"),
            "greater_than_equal",
        ));
    }
}

/// `["body", …path]` as a location.
pub fn body_loc(path: &[&str]) -> Vec<LocSegment> {
    let mut loc = vec![LocSegment::from("body")];
    loc.extend(path.iter().map(|segment| LocSegment::from(*segment)));
    loc
}

/// `["body", …path, index]` as a location.
pub fn body_loc_index(path: &[&str], index: usize) -> Vec<LocSegment> {
    let mut loc = body_loc(path);
    loc.push(LocSegment::Index(index));
    loc
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, Deserialize)]
    struct Inner {
        limit: i64,
    }

    #[derive(Debug, Deserialize)]
    struct Outer {
        name: String,
        #[serde(default)]
        items: Vec<Inner>,
        choice: Option<String>,
    }

    impl Validate for Outer {
        fn validate(&self, errors: &mut Vec<FieldError>) {
            if let Some(choice) = &self.choice {
                check_enum(errors, body_loc(&["choice"]), choice, &["asc", "desc"]);
            }
            check_max_items(errors, body_loc(&["items"]), &self.items, 2);
        }
    }

    fn entries(body: &str) -> serde_json::Value {
        match parse_body::<Outer>(body.as_bytes()) {
            Ok(parsed) => panic!("expected a 422, parsed {parsed:?}"),
            Err(ApiError::Validation(errors)) => serde_json::to_value(errors).expect("json"),
            Err(other) => panic!("expected a 422, got {other:?}"),
        }
    }

    #[test]
    fn valid_bodies_parse() {
        let parsed =
            parse_body::<Outer>(br#"{"name": "n", "items": [{"limit": 1}], "extra": true}"#)
                .expect("valid");
        assert_eq!((parsed.name.as_str(), parsed.items[0].limit), ("n", 1));
    }

    #[test]
    fn missing_fields_are_located_under_their_parent() {
        assert_eq!(
            entries("{}"),
            json!([{"loc": ["body", "name"], "msg": "Field required", "type": "missing"}])
        );
        assert_eq!(
            entries(r#"{"name": "n", "items": [{}]}"#)[0]["loc"],
            json!(["body", "items", 0, "limit"])
        );
    }

    #[test]
    fn wrong_types_name_the_expected_type_and_the_path() {
        let answer = entries(r#"{"name": "n", "items": [{"limit": 1}, {"limit": "x"}]}"#);
        assert_eq!(answer[0]["loc"], json!(["body", "items", 1, "limit"]));
        assert_eq!(answer[0]["type"], "int_type");
        assert!(answer[0]["msg"]
            .as_str()
            .expect("msg")
            .contains("valid integer"));
        assert_eq!(entries(r#"{"name": 5}"#)[0]["type"], "string_type");
        assert_eq!(
            entries(r#"{"name": "n", "items": {}}"#)[0]["type"],
            "list_type"
        );
    }

    #[test]
    fn schema_checks_run_after_types_and_report_every_problem() {
        let answer = entries(
            r#"{"name": "n", "choice": "up", "items": [{"limit": 1}, {"limit": 2}, {"limit": 3}]}"#,
        );
        let kinds: Vec<&str> = answer
            .as_array()
            .expect("list")
            .iter()
            .filter_map(|e| e["type"].as_str())
            .collect();
        assert_eq!(kinds, vec!["enum", "too_long"]);
        assert!(answer[0]["msg"]
            .as_str()
            .expect("msg")
            .contains("'asc', 'desc'"));
    }

    #[test]
    fn bodies_that_are_not_objects_are_refused() {
        assert_eq!(entries("")[0]["type"], "missing");
        assert_eq!(entries("[1]")[0]["type"], "model_attributes_type");
        assert_eq!(entries("{oops")[0]["type"], "json_invalid");
    }
}
