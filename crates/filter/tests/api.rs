//! End-to-end checks of the public API as the widget and the sandbox use it.

use outlook_connect_filter::graph::{parse_odata, to_graph};
use outlook_connect_filter::summary::{summarize, ENGLISH};
use outlook_connect_filter::{parse_str, ErrorCode, Filter, Key, Message};
use serde_json::json;

const SEED_EXAMPLE: &str = r#"{"AND": [{"key": "after", "value": "2024/01/07"},
    {"OR": [{"key": "category", "value": "Personal"}, {"key": "category", "value": "Test"}]}]}"#;

#[test]
fn seed_example_parses_serializes_summarizes_and_translates() {
    let parsed = parse_str(SEED_EXAMPLE).expect("the seed's example is valid");
    assert!(parsed.warnings.is_empty());
    let json = json!({"AND": [{"key": "after", "value": "2024/01/07"},
        {"OR": [{"key": "category", "value": "Personal"}, {"key": "category", "value": "Test"}]}]});
    assert_eq!(parsed.filter.to_json(), json);
    assert_eq!(serde_json::to_value(&parsed.filter).ok(), Some(json));
    assert_eq!(
        summarize(&parsed.filter, &ENGLISH),
        "received on or after 7 Jan 2024 and in category Personal or Test"
    );
    let query = to_graph(&parsed.filter);
    assert_eq!(
        query.filter.as_deref(),
        Some("receivedDateTime ge 2024-01-07T00:00:00Z and (categories/any(c:c eq 'Personal') or categories/any(c:c eq 'Test'))")
    );
    assert_eq!(query.residual, Filter::Empty);

    let message = Message {
        received_unix: 1_704_585_600,
        categories: vec!["test".into()],
        ..Message::default()
    };
    assert!(parsed.filter.matches(&message));
    let odata = parse_odata(query.filter.as_deref().unwrap_or_default()).expect("parses");
    assert!(odata.matches(&message));
}

#[test]
fn every_error_is_reported_with_path_and_code() {
    let errors = parse_str(
        r#"{"AND": [{"key": "catgory", "value": "x"}, {"OR": [{"key": "after", "value": "2024/02/30"},
            {"key": "from", "value": "nobody"}]}, {"AND": []}]}"#,
    )
    .expect_err("invalid");
    let found: Vec<(&str, ErrorCode)> = errors.iter().map(|e| (e.path.as_str(), e.code)).collect();
    assert_eq!(
        found,
        vec![
            ("filters.AND[0].key", ErrorCode::UnknownKey),
            ("filters.AND[1].OR[0].value", ErrorCode::BadDate),
            ("filters.AND[1].OR[1].value", ErrorCode::BadEmail),
            ("filters.AND[2].AND", ErrorCode::EmptyGroup),
        ]
    );
    assert!(errors[0].message.contains("did you mean \"category\""));
    let serialized = serde_json::to_value(&errors[1]).expect("serializes");
    assert_eq!(serialized["code"], "bad_date");
    assert_eq!(serialized["path"], "filters.AND[1].OR[0].value");
}

#[test]
fn bad_json_carries_line_and_column() {
    let errors = parse_str("{\n  \"key\": \"after\",\n  \"value\": }").expect_err("not JSON");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, ErrorCode::BadJson);
    assert_eq!((errors[0].line, errors[0].column), (Some(3), Some(12)));
    assert!(
        errors[0].message.contains("line 3, column 12"),
        "{}",
        errors[0].message
    );
}

#[test]
fn values_are_trimmed_and_deserialize_validates() {
    let parsed = parse_str(r#"{"key": "category", "value": "  Personal  "}"#).expect("valid");
    assert_eq!(parsed.filter, Filter::condition(Key::Category, "Personal"));
    let from_serde: Result<Filter, _> =
        serde_json::from_str(r#"{"key": "is", "value": "Flagged"}"#);
    let message = from_serde.expect_err("Flagged is not flagged").to_string();
    assert!(message.contains("filters.value"), "{message}");
    let ok: Filter = serde_json::from_str("{}").expect("empty filter");
    assert_eq!(ok, Filter::Empty);
}

#[test]
fn one_value_can_be_checked_live_like_the_parser_does() {
    use outlook_connect_filter::check_value;
    assert_eq!(
        check_value(Key::From, " a@b.co ").ok().as_deref(),
        Some("a@b.co")
    );
    let error = check_value(Key::From, "a@b").expect_err("no top-level domain");
    assert_eq!(
        (error.path.as_str(), error.code),
        ("value", ErrorCode::BadEmail)
    );
    assert_eq!(
        check_value(Key::After, "2024/02/30").map_err(|e| e.code),
        Err(ErrorCode::BadDate)
    );
    assert_eq!(
        check_value(Key::Category, "  ").map_err(|e| e.code),
        Err(ErrorCode::BadValue)
    );
    assert_eq!(
        check_value(Key::Is, "flagged").ok().as_deref(),
        Some("flagged")
    );
    assert_eq!(
        check_value(Key::Has, "Attachment").map_err(|e| e.code),
        Err(ErrorCode::BadValue)
    );
}
