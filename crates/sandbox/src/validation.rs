//! Request-body validation in FastAPI's manner: JSON decoding, serde for types and required fields (the failing
//! path becomes `loc`), then each body type's own checks for enums and limits the schema states.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{ApiError, FieldError, LocSegment};

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
                ApiError::BadRequest(format!("cannot read the request body: {rejection}"))
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
