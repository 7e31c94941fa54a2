//! Property tests: Carbon JSON round-trips on valid trees, normalization never changes
//! evaluation, the Graph `$filter` always parses and, with the residual, evaluates exactly like
//! the filter; and no input makes any parser panic.

use outlook_connect_filter::date::{days_in_month, midnight_utc};
use outlook_connect_filter::graph::{parse_odata, to_graph};
use outlook_connect_filter::summary::{summarize, ENGLISH};
use outlook_connect_filter::{parse_str, parse_value, Filter, Key, Message};
use proptest::prelude::*;

/// Category names chosen to stress case folding: ASCII, accented, the Kelvin sign (which
/// lower-cases to ASCII `k`), dotted capital I, quotes for OData escaping.
const CATEGORIES: &[&str] = &[
    "Personal",
    "personal",
    "Test",
    "TEST",
    "Café",
    "CAFÉ",
    "\u{212A}elvin",
    "kelvin",
    "İstanbul",
    "i\u{307}stanbul",
    "It's",
    "IT'S",
    "''",
    "a b",
];
const SENDERS: &[&str] = &[
    "a@b.co",
    "A@B.CO",
    "o'brien@example.ie",
    "O'Brien@Example.IE",
    "josé@example.com",
    "JOSÉ@example.com",
    "x@y.org",
];

/// Few distinct days (month ends, a leap day, a year end), so that filters and messages often
/// land on the same day and the day boundaries get exercised.
fn date() -> impl Strategy<Value = (i32, u32, u32)> {
    (
        proptest::sample::select(vec![2023, 2024]),
        proptest::sample::select(vec![1u32, 2, 12]),
        proptest::sample::select(vec![1u32, 7, 28, 29, 31]),
    )
        .prop_map(|(year, month, day)| (year, month, day.min(days_in_month(year, month))))
}

fn date_text() -> impl Strategy<Value = String> {
    date().prop_map(|(year, month, day)| format!("{year:04}/{month:02}/{day:02}"))
}

fn category() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(CATEGORIES).prop_map(str::to_owned),
        "[A-Za-zéÉß'K İ]{1,12}".prop_map(|text| text.trim().to_owned()),
    ]
    .prop_filter("non-empty", |text| !text.is_empty())
}

fn sender() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(SENDERS).prop_map(str::to_owned),
        "[A-Za-z0-9'+]{1,8}@[a-z]{1,8}\\.(com|org|ie)",
    ]
}

/// A condition whose value is valid for its key.
fn valid_condition() -> impl Strategy<Value = Filter> {
    prop_oneof![
        category().prop_map(|value| Filter::condition(Key::Category, value)),
        date_text().prop_map(|value| Filter::condition(Key::After, value)),
        date_text().prop_map(|value| Filter::condition(Key::Before, value)),
        sender().prop_map(|value| Filter::condition(Key::From, value)),
        Just(Filter::condition(Key::Is, "flagged")),
        Just(Filter::condition(Key::Has, "attachment")),
    ]
}

fn group_of(members: impl Strategy<Value = Vec<Filter>>) -> impl Strategy<Value = Filter> {
    (any::<bool>(), members).prop_map(|(is_and, members)| {
        if is_and {
            Filter::And(members)
        } else {
            Filter::Or(members)
        }
    })
}

/// A tree of the contract's shape (values valid; may still hold an empty range).
fn contract_tree() -> impl Strategy<Value = Filter> {
    let inner_group = group_of(prop::collection::vec(valid_condition(), 1..4));
    let member = prop_oneof![3 => valid_condition(), 1 => inner_group];
    prop_oneof![
        1 => Just(Filter::Empty),
        2 => valid_condition(),
        6 => group_of(prop::collection::vec(member, 1..5)),
    ]
}

/// A tree that passes validation.
fn valid_tree() -> impl Strategy<Value = Filter> {
    contract_tree().prop_filter("passes validation", |tree| tree.validate().is_ok())
}

/// Any hand-built tree: any depth, empty groups, `Empty` members, values a parser would reject.
fn any_tree() -> impl Strategy<Value = Filter> {
    let leaf = prop_oneof![
        4 => valid_condition(),
        1 => Just(Filter::Empty),
        1 => (proptest::sample::select(&Key::ALL[..]), ".{0,6}")
            .prop_map(|(key, value)| Filter::condition(key, value)),
    ];
    leaf.prop_recursive(4, 32, 4, |inner| {
        group_of(prop::collection::vec(inner, 0..4))
    })
}

fn message() -> impl Strategy<Value = Message> {
    let offset = proptest::sample::select(vec![-86_400i64, -1, 0, 1, 3_600, 86_399, 86_400]);
    (
        date(),
        offset,
        proptest::sample::select(SENDERS),
        prop::collection::vec(proptest::sample::select(CATEGORIES), 0..3),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |((year, month, day), offset, from, categories, has_attachments, flagged)| Message {
                received_unix: midnight_utc(year, month, day) + offset,
                from: from.to_owned(),
                categories: categories.into_iter().map(str::to_owned).collect(),
                has_attachments,
                flagged,
            },
        )
}

/// What Graph returns for the query and the residual then keeps.
fn graph_then_residual(filter: &Filter, message: &Message) -> Result<bool, String> {
    let query = to_graph(filter);
    let graph_keeps = match &query.filter {
        None => true,
        Some(text) => parse_odata(text)
            .map_err(|error| format!("{text:?}: {error}"))?
            .matches(message),
    };
    Ok(graph_keeps && query.residual.matches(message))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn serialize_then_parse_is_identity(tree in valid_tree()) {
        let parsed = parse_value(&tree.to_json()).map(|parsed| parsed.filter);
        prop_assert_eq!(parsed.as_ref(), Ok(&tree));
        let text = serde_json::to_string(&tree).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let reparsed = parse_str(&text).map(|parsed| parsed.filter);
        prop_assert_eq!(reparsed.as_ref(), Ok(&tree));
        prop_assert_eq!(serde_json::from_str::<serde_json::Value>(&text).ok(), Some(tree.to_json()));
    }

    #[test]
    fn normalization_never_changes_evaluation(tree in any_tree(), messages in prop::collection::vec(message(), 1..8)) {
        let normal = tree.normalized();
        prop_assert!(normal.depth() <= tree.depth());
        prop_assert_eq!(normal.normalized(), normal.clone(), "normalizing twice changes nothing");
        for message in &messages {
            prop_assert_eq!(normal.matches(message), tree.matches(message), "{:?} vs {:?}", normal, message);
        }
    }

    #[test]
    fn graph_query_and_residual_evaluate_like_the_filter(tree in valid_tree(), messages in prop::collection::vec(message(), 1..8)) {
        for message in &messages {
            let split = graph_then_residual(&tree, message).map_err(TestCaseError::fail)?;
            prop_assert_eq!(split, tree.matches(message), "{:?} on {:?}: {:?}", tree, message, to_graph(&tree));
        }
    }

    #[test]
    fn graph_split_is_exact_on_hand_built_trees_too(tree in any_tree(), messages in prop::collection::vec(message(), 1..8)) {
        for message in &messages {
            let split = graph_then_residual(&tree, message).map_err(TestCaseError::fail)?;
            prop_assert_eq!(split, tree.matches(message), "{:?} on {:?}: {:?}", tree, message, to_graph(&tree));
        }
    }

    #[test]
    fn graph_string_is_well_formed_and_round_trips(tree in any_tree()) {
        if let Some(text) = to_graph(&tree).filter {
            let parsed = parse_odata(&text).map_err(|error| TestCaseError::fail(format!("{text:?}: {error}")))?;
            prop_assert_eq!(parsed.to_string(), text);
        }
    }

    #[test]
    fn summary_is_never_empty(tree in any_tree()) {
        prop_assert!(!summarize(&tree, &ENGLISH).is_empty());
    }

    #[test]
    fn parsers_never_panic_on_text(text in ".{0,64}") {
        let _ = parse_str(&text);
        let _ = parse_odata(&text);
    }

    #[test]
    fn parsers_never_panic_on_near_valid_text(tree in valid_tree(), cut in 0usize..200, insert in ".{0,3}") {
        for text in [serde_json::to_string(&tree).unwrap_or_default(), to_graph(&tree).filter.unwrap_or_default()] {
            let mut cut_at = cut.min(text.len());
            while !text.is_char_boundary(cut_at) {
                cut_at -= 1;
            }
            let mangled = format!("{}{}{}", &text[..cut_at], insert, &text[cut_at..]);
            if let Ok(parsed) = parse_str(&mangled) {
                prop_assert_eq!(parse_value(&parsed.filter.to_json()).map(|p| p.filter), Ok(parsed.filter));
            }
            if let Ok(expression) = parse_odata(&mangled) {
                prop_assert_eq!(parse_odata(&expression.to_string()), Ok(expression));
            }
        }
    }
}

proptest! {
    // The fuzz substitute for machines without cargo-fuzz: `cargo test -- --ignored`.
    #![proptest_config(ProptestConfig::with_cases(200_000))]

    #[test]
    #[ignore = "long random-input run; the cargo-fuzz target covers the same ground faster"]
    fn long_random_bytes_run(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = parse_str(&text);
        let _ = parse_odata(&text);
    }
}

/// JSON text nesting `depth` containers: groups (AND/OR by the bits of `pattern`), lists in lists, objects in a
/// condition's value, or any mix of lists and objects, at the root or as a group's member.
fn deep_text(shape: u8, depth: usize, pattern: u64) -> String {
    let bit = |level: usize| (pattern >> (level % 64)) & 1 == 1;
    let mut open = String::new();
    let mut closes = Vec::with_capacity(depth);
    for level in 0..depth {
        let (opener, closer) = match shape {
            0 if bit(level) => (r#"{"AND":["#, "]}"),
            0 => (r#"{"OR":["#, "]}"),
            1 | 2 => ("[", "]"),
            _ if bit(level) => ("[", "]"),
            _ => (r#"{"a":"#, "}"),
        };
        open.push_str(opener);
        closes.push(closer);
    }
    let inner = if shape == 0 {
        r#"{"key":"is","value":"flagged"}"#
    } else {
        "1"
    };
    closes.reverse();
    let nested = format!("{open}{inner}{}", closes.concat());
    match shape {
        2 => format!(r#"{{"OR":[{nested}]}}"#),
        3 => format!(r#"{{"key":"category","value":{nested}}}"#),
        _ => nested,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_depth_gets_a_typed_answer_never_bad_json(
        shape in 0u8..4,
        depth in prop_oneof![1usize..=10, 120usize..=140, 1usize..=100_000],
        pattern in any::<u64>(),
    ) {
        let text = deep_text(shape, depth, pattern);
        match parse_str(&text) {
            Ok(parsed) => prop_assert!(shape == 0 && depth <= 2, "{:?}", parsed.filter),
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                for error in &errors {
                    prop_assert_ne!(error.code, outlook_connect_filter::ErrorCode::BadJson, "{}", error);
                }
                if shape == 0 {
                    prop_assert!(depth > 2);
                    prop_assert_eq!(errors.len(), 1);
                    prop_assert_eq!(errors[0].code, outlook_connect_filter::ErrorCode::TooDeep);
                    let operator = |level: usize| if (pattern >> (level % 64)) & 1 == 1 { "AND" } else { "OR" };
                    prop_assert_eq!(&errors[0].path, &format!("filters.{}[0].{}[0]", operator(0), operator(1)));
                }
            }
        }
    }
}

/// Any JSON value, shaped like a filter often enough to reach every check: objects with the grammar's fields
/// (and a stray one), lists, the keys' names and values as text, nested up to 12 deep.
fn filter_like_json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let text = proptest::sample::select(vec![
        "category",
        "is",
        "flagged",
        "has",
        "attachment",
        "after",
        "2024/01/07",
        "from",
        "a@b.co",
        "Personal",
        "PERSONAL",
        "",
        "[{\"",
        "\\",
    ]);
    let leaf = prop_oneof![
        4 => text.prop_map(Value::from),
        1 => Just(Value::Null),
        1 => any::<i8>().prop_map(Value::from),
    ];
    leaf.prop_recursive(12, 96, 4, |inner| {
        let field = proptest::sample::select(vec!["key", "value", "AND", "OR", "x"])
            .prop_map(str::to_owned);
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(field, inner, 0..3)
                .prop_map(|fields| Value::Object(fields.into_iter().collect())),
        ]
    })
}

/// [`filter_like_json`] wrapped in up to 24 more levels — groups, lists, a condition's value, a stray field —
/// each with a sibling, so that the text nests deeper than any filter and has something on both sides.
fn deep_filter_like_json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::{Map, Value};
    fn object(fields: Vec<(&str, Value)>) -> Value {
        Value::Object(
            fields
                .into_iter()
                .map(|(name, value)| (name.to_owned(), value))
                .collect::<Map<_, _>>(),
        )
    }
    let sibling = proptest::sample::select(vec![
        serde_json::json!({"key": "is", "value": "flagged"}),
        serde_json::json!({"key": "category", "value": "PERSONAL"}),
        serde_json::json!({"OR": [{"key": "has", "value": "attachment"}]}),
        serde_json::json!({"key": "catgory"}),
        serde_json::json!([]),
        serde_json::json!("x"),
    ]);
    let level = (0u8..5, any::<bool>(), sibling);
    (filter_like_json(), prop::collection::vec(level, 0..24)).prop_map(|(inner, levels)| {
        levels
            .into_iter()
            .fold(inner, |inner, (kind, inner_first, sibling)| {
                let pair = |inner: Value, sibling: Value| {
                    Value::Array(if inner_first {
                        vec![inner, sibling]
                    } else {
                        vec![sibling, inner]
                    })
                };
                match kind {
                    0 => object(vec![("AND", pair(inner, sibling))]),
                    1 => object(vec![("OR", pair(inner, sibling))]),
                    2 => pair(inner, sibling),
                    3 => object(vec![("key", Value::from("category")), ("value", inner)]),
                    _ => object(vec![
                        ("key", Value::from("is")),
                        ("value", sibling),
                        ("x", inner),
                    ]),
                }
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Emptying what is nested deeper than any filter (before serde_json reads the text) never changes an
    /// answer: for any JSON, `parse_str` of its text says exactly what `parse_value` says of the value.
    #[test]
    fn text_of_any_json_is_answered_like_its_value(value in deep_filter_like_json(), pretty in any::<bool>()) {
        let text = if pretty { serde_json::to_string_pretty(&value) } else { serde_json::to_string(&value) }
            .map_err(|error| TestCaseError::fail(error.to_string()))?;
        prop_assert_eq!(parse_str(&text), parse_value(&value), "{}", text);
    }
}
