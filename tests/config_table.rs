//! The config validator against a table of good and bad configs, each bad one with the exact field paths the
//! `config_invalid` error must name. In the table, the string "<fn>" stands for a JavaScript function.
#![cfg(not(target_arch = "wasm32"))]

use outlook_connect::config::{Config, Locale, Theme};
use outlook_connect::shape::Shape;
use serde_json::{json, Value};

/// Turns table JSON into a host value: "<fn>" becomes a function, "<undefined>" undefined, "<symbol>" a symbol,
/// "<unreadable>" a value whose getter threw, "<too deep>" what the browser edge leaves below its depth limit.
fn host(value: &Value) -> Shape<&'static str> {
    match value {
        Value::String(s) if s == "<unreadable>" => {
            Shape::Unreadable("could not be read (the getter threw: nope)".to_owned())
        }
        Value::String(s) if s == "<too deep>" => Shape::TooDeep,
        Value::String(s) if s == "<fn>" => Shape::Function("fn"),
        Value::String(s) if s == "<undefined>" => Shape::Undefined,
        Value::String(s) if s == "<symbol>" => Shape::Other("a symbol"),
        Value::Array(items) => Shape::Array(items.iter().map(host).collect()),
        Value::Object(map) => {
            Shape::Object(map.iter().map(|(k, v)| (k.clone(), host(v))).collect())
        }
        other => Shape::from(other),
    }
}

fn paths(config: Value) -> Result<Config<&'static str>, Vec<String>> {
    Config::from_shape(&host(&config))
        .map_err(|error| error.issues.into_iter().map(|i| i.path).collect())
}

/// (what the row checks, config, the field paths the error must list — empty means the config is valid)
fn table() -> Vec<(&'static str, Value, Vec<&'static str>)> {
    vec![
        ("minimal", json!({"tokenFetcher": "<fn>"}), vec![]),
        (
            "everything",
            json!({
                "tokenFetcher": "<fn>", "apiUrl": "https://api.carbon.ai", "orgName": "Acme", "brandIcon": "/logo.svg",
                "folders": ["Inbox", "Archive"], "filters": {"AND": [{"key": "after", "value": "2024/01/07"}]},
                "syncOptions": {"syncAttachments": false, "incrementalSync": true}, "theme": "dark", "locale": "en-GB",
                "autoSync": {"enabled": false, "onChange": "<fn>"}, "onEvent": "<fn>", "authTimeoutMs": 5000,
                "tokenFetcherTimeoutMs": 10000
            }),
            vec![],
        ),
        ("empty object", json!({}), vec!["tokenFetcher"]),
        (
            "not an object",
            json!("https://api.carbon.ai"),
            vec!["config"],
        ),
        ("an array", json!([]), vec!["config"]),
        ("null", json!(null), vec!["config"]),
        (
            "tokenFetcher a string",
            json!({"tokenFetcher": "/token"}),
            vec!["tokenFetcher"],
        ),
        (
            "tokenFetcher null",
            json!({"tokenFetcher": null}),
            vec!["tokenFetcher"],
        ),
        (
            "unknown key with hint",
            json!({"tokenFetcher": "<fn>", "apiURL": "https://x.test"}),
            vec!["apiURL"],
        ),
        (
            "unknown key far from any",
            json!({"tokenFetcher": "<fn>", "colour": "red"}),
            vec!["colour"],
        ),
        (
            "typo in tokenFetcher",
            json!({"tokenFetch": "<fn>"}),
            vec!["tokenFetch", "tokenFetcher"],
        ),
        (
            "apiUrl http on a public host",
            json!({"tokenFetcher": "<fn>", "apiUrl": "http://api.carbon.ai"}),
            vec!["apiUrl"],
        ),
        (
            "apiUrl http on loopback",
            json!({"tokenFetcher": "<fn>", "apiUrl": "http://127.0.0.1:8788"}),
            vec![],
        ),
        (
            "apiUrl http on localhost",
            json!({"tokenFetcher": "<fn>", "apiUrl": "http://localhost:8788/"}),
            vec![],
        ),
        (
            "apiUrl relative",
            json!({"tokenFetcher": "<fn>", "apiUrl": "/api"}),
            vec!["apiUrl"],
        ),
        (
            "apiUrl with query",
            json!({"tokenFetcher": "<fn>", "apiUrl": "https://x.test/?a=1"}),
            vec!["apiUrl"],
        ),
        (
            "apiUrl ftp",
            json!({"tokenFetcher": "<fn>", "apiUrl": "ftp://x.test"}),
            vec!["apiUrl"],
        ),
        (
            "apiUrl a number",
            json!({"tokenFetcher": "<fn>", "apiUrl": 8788}),
            vec!["apiUrl"],
        ),
        (
            "apiUrl with credentials",
            json!({"tokenFetcher": "<fn>", "apiUrl": "https://u:p@x.test"}),
            vec!["apiUrl"],
        ),
        (
            "apiUrl with a path prefix",
            json!({"tokenFetcher": "<fn>", "apiUrl": "https://x.test/carbon"}),
            vec![],
        ),
        (
            "apiUrl http on a host that only starts with 127.0.0.1",
            json!({"tokenFetcher": "<fn>", "apiUrl": "http://127.0.0.1.evil.example"}),
            vec!["apiUrl"],
        ),
        (
            "apiUrl http on a host that only starts with localhost",
            json!({"tokenFetcher": "<fn>", "apiUrl": "http://localhost.evil.example:8788"}),
            vec!["apiUrl"],
        ),
        (
            "apiUrl http on a subdomain of localhost",
            json!({"tokenFetcher": "<fn>", "apiUrl": "http://evil.localhost"}),
            vec!["apiUrl"],
        ),
        (
            "apiUrl http on another loopback address",
            json!({"tokenFetcher": "<fn>", "apiUrl": "http://127.1.2.3"}),
            vec!["apiUrl"],
        ),
        (
            "apiUrl localhost as userinfo",
            json!({"tokenFetcher": "<fn>", "apiUrl": "http://localhost@evil.example"}),
            vec!["apiUrl"],
        ),
        (
            "apiUrl a backslash after a local host",
            json!({"tokenFetcher": "<fn>", "apiUrl": "http://127.0.0.1\\.evil.example"}),
            vec!["apiUrl"],
        ),
        (
            "apiUrl a percent-encoded dot in the host",
            json!({"tokenFetcher": "<fn>", "apiUrl": "http://127.0.0.1%2eevil.example"}),
            vec!["apiUrl"],
        ),
        (
            "apiUrl a port with a sign",
            json!({"tokenFetcher": "<fn>", "apiUrl": "http://localhost:+8788"}),
            vec!["apiUrl"],
        ),
        (
            "apiUrl a colon in the host",
            json!({"tokenFetcher": "<fn>", "apiUrl": "https://a:b:c"}),
            vec!["apiUrl"],
        ),
        (
            "apiUrl http on IPv6 loopback",
            json!({"tokenFetcher": "<fn>", "apiUrl": "http://[::1]:8788/carbon"}),
            vec![],
        ),
        (
            "apiUrl http on LOCALHOST in capitals",
            json!({"tokenFetcher": "<fn>", "apiUrl": "HTTP://LOCALHOST:8788"}),
            vec![],
        ),
        (
            "apiUrl https on an IPv6 address",
            json!({"tokenFetcher": "<fn>", "apiUrl": "https://[2001:db8::1]:443"}),
            vec![],
        ),
        (
            "orgName empty",
            json!({"tokenFetcher": "<fn>", "orgName": "  "}),
            vec!["orgName"],
        ),
        (
            "orgName a number",
            json!({"tokenFetcher": "<fn>", "orgName": 7}),
            vec!["orgName"],
        ),
        (
            "orgName too long",
            json!({"tokenFetcher": "<fn>", "orgName": "x".repeat(201)}),
            vec!["orgName"],
        ),
        (
            "orgName null resets",
            json!({"tokenFetcher": "<fn>", "orgName": null}),
            vec![],
        ),
        (
            "brandIcon javascript:",
            json!({"tokenFetcher": "<fn>", "brandIcon": "javascript:alert(1)"}),
            vec!["brandIcon"],
        ),
        (
            "brandIcon data:image",
            json!({"tokenFetcher": "<fn>", "brandIcon": "data:image/png;base64,AA=="}),
            vec![],
        ),
        (
            "brandIcon data:text",
            json!({"tokenFetcher": "<fn>", "brandIcon": "data:text/html,<b>"}),
            vec!["brandIcon"],
        ),
        (
            "brandIcon plain http",
            json!({"tokenFetcher": "<fn>", "brandIcon": "http://cdn.test/logo.png"}),
            vec!["brandIcon"],
        ),
        (
            "brandIcon protocol-relative",
            json!({"tokenFetcher": "<fn>", "brandIcon": "//evil.example/logo.png"}),
            vec!["brandIcon"],
        ),
        (
            "brandIcon protocol-relative with a backslash",
            json!({"tokenFetcher": "<fn>", "brandIcon": "/\\evil.example/logo.png"}),
            vec!["brandIcon"],
        ),
        (
            "brandIcon https with credentials",
            json!({"tokenFetcher": "<fn>", "brandIcon": "https://cdn.test@evil.example/logo.png"}),
            vec!["brandIcon"],
        ),
        (
            "brandIcon https with a version query",
            json!({"tokenFetcher": "<fn>", "brandIcon": "https://cdn.test/logo.png?v=2"}),
            vec![],
        ),
        (
            "brandIcon a relative path",
            json!({"tokenFetcher": "<fn>", "brandIcon": "img/logo.svg"}),
            vec![],
        ),
        (
            "brandIcon https",
            json!({"tokenFetcher": "<fn>", "brandIcon": "https://cdn.test/logo.png"}),
            vec![],
        ),
        (
            "folders not an array",
            json!({"tokenFetcher": "<fn>", "folders": "Inbox"}),
            vec!["folders"],
        ),
        (
            "folders empty",
            json!({"tokenFetcher": "<fn>", "folders": []}),
            vec!["folders"],
        ),
        (
            "folders with a number",
            json!({"tokenFetcher": "<fn>", "folders": ["Inbox", 3]}),
            vec!["folders[1]"],
        ),
        (
            "folders duplicate",
            json!({"tokenFetcher": "<fn>", "folders": ["Inbox", "Inbox"]}),
            vec!["folders[1]"],
        ),
        (
            "folders blank name",
            json!({"tokenFetcher": "<fn>", "folders": [""]}),
            vec!["folders[0]"],
        ),
        (
            "filters empty tree",
            json!({"tokenFetcher": "<fn>", "filters": {}}),
            vec![],
        ),
        (
            "filters as JSON text",
            json!({"tokenFetcher": "<fn>", "filters": "{\"key\":\"has\",\"value\":\"attachment\"}"}),
            vec![],
        ),
        (
            "filters bad date",
            json!({"tokenFetcher": "<fn>", "filters": {"key": "after", "value": "2024-01-07"}}),
            vec!["filters.value"],
        ),
        (
            "filters nested bad date",
            json!({"tokenFetcher": "<fn>", "filters": {"AND": [{"key": "after", "value": "2024/02/30"}]}}),
            vec!["filters.AND[0].value"],
        ),
        (
            "filters a number",
            json!({"tokenFetcher": "<fn>", "filters": 3}),
            vec!["filters"],
        ),
        (
            "filters unknown key",
            json!({"tokenFetcher": "<fn>", "filters": {"key": "subject", "value": "x"}}),
            vec!["filters.key"],
        ),
        (
            "syncOptions not an object",
            json!({"tokenFetcher": "<fn>", "syncOptions": true}),
            vec!["syncOptions"],
        ),
        (
            "syncOptions wrong type",
            json!({"tokenFetcher": "<fn>", "syncOptions": {"syncAttachments": "yes"}}),
            vec!["syncOptions.syncAttachments"],
        ),
        (
            "syncOptions unknown key",
            json!({"tokenFetcher": "<fn>", "syncOptions": {"syncAttachment": true}}),
            vec!["syncOptions.syncAttachment"],
        ),
        (
            "syncOptions chunkSize zero",
            json!({"tokenFetcher": "<fn>", "syncOptions": {"chunkSize": 0}}),
            vec!["syncOptions.chunkSize"],
        ),
        (
            "syncOptions chunkSize fraction",
            json!({"tokenFetcher": "<fn>", "syncOptions": {"chunkSize": 10.5}}),
            vec!["syncOptions.chunkSize"],
        ),
        (
            "syncOptions embeddingModel",
            json!({"tokenFetcher": "<fn>", "syncOptions": {"embeddingModel": "OPENAI"}}),
            vec![],
        ),
        (
            "syncOptions bad embeddingModel",
            json!({"tokenFetcher": "<fn>", "syncOptions": {"embeddingModel": "GPT"}}),
            vec!["syncOptions.embeddingModel"],
        ),
        (
            "syncOptions tags",
            json!({"tokenFetcher": "<fn>", "syncOptions": {"tags": {"team": "sales"}}}),
            vec![],
        ),
        (
            "every mode (the loader reads it; the wasm only checks it)",
            json!({"tokenFetcher": "<fn>", "mode": "frame"}),
            vec![],
        ),
        (
            "mode inline",
            json!({"tokenFetcher": "<fn>", "mode": "inline"}),
            vec![],
        ),
        (
            "mode auto or null",
            json!({"tokenFetcher": "<fn>", "mode": null}),
            vec![],
        ),
        (
            "mode unknown",
            json!({"tokenFetcher": "<fn>", "mode": "iframe"}),
            vec!["mode"],
        ),
        (
            "mode not a string",
            json!({"tokenFetcher": "<fn>", "mode": 1}),
            vec!["mode"],
        ),
        (
            "theme unknown",
            json!({"tokenFetcher": "<fn>", "theme": "blue"}),
            vec!["theme"],
        ),
        (
            "theme uppercase",
            json!({"tokenFetcher": "<fn>", "theme": "Dark"}),
            vec!["theme"],
        ),
        (
            "locale auto",
            json!({"tokenFetcher": "<fn>", "locale": "auto"}),
            vec![],
        ),
        (
            "locale malformed",
            json!({"tokenFetcher": "<fn>", "locale": "english please"}),
            vec!["locale"],
        ),
        (
            "locale a number",
            json!({"tokenFetcher": "<fn>", "locale": 1}),
            vec!["locale"],
        ),
        (
            "messages good",
            json!({"tokenFetcher": "<fn>", "messages": {
                "connect_button": "Link Outlook", "connect_lead": "{org} reads what you pick.",
                "files_selected": "one:{count} e-mail picked|other:{count} e-mails picked"
            }}),
            vec![],
        ),
        (
            "messages empty",
            json!({"tokenFetcher": "<fn>", "messages": {}}),
            vec![],
        ),
        (
            "messages not an object",
            json!({"tokenFetcher": "<fn>", "messages": "Connect"}),
            vec!["messages"],
        ),
        (
            "messages unknown key, non-string, missing and added placeholders",
            json!({"tokenFetcher": "<fn>", "messages": {
                "connect_buton": "Link", "connect_title": 3, "connect_lead": "We read your mail.",
                "folder_counts": "{total} mails, {unread} unread, {flagged} flagged", "connect_button": "Ok"
            }}),
            vec![
                "messages.connect_buton",
                "messages.connect_title",
                "messages.connect_lead",
                "messages.folder_counts",
            ],
        ),
        (
            "autoSync without onChange",
            json!({"tokenFetcher": "<fn>", "autoSync": {"enabled": true}}),
            vec!["autoSync.onChange"],
        ),
        (
            "autoSync enabled not boolean",
            json!({"tokenFetcher": "<fn>", "autoSync": {"enabled": 1, "onChange": "<fn>"}}),
            vec!["autoSync.enabled"],
        ),
        (
            "autoSync unknown key",
            json!({"tokenFetcher": "<fn>", "autoSync": {"onchange": "<fn>"}}),
            vec!["autoSync.onchange", "autoSync.onChange"],
        ),
        (
            "autoSync a function",
            json!({"tokenFetcher": "<fn>", "autoSync": "<fn>"}),
            vec!["autoSync"],
        ),
        (
            "onEvent not a function",
            json!({"tokenFetcher": "<fn>", "onEvent": "console.log"}),
            vec!["onEvent"],
        ),
        (
            "authTimeoutMs too small",
            json!({"tokenFetcher": "<fn>", "authTimeoutMs": 10}),
            vec!["authTimeoutMs"],
        ),
        (
            "authTimeoutMs a string",
            json!({"tokenFetcher": "<fn>", "authTimeoutMs": "600000"}),
            vec!["authTimeoutMs"],
        ),
        (
            "tokenFetcherTimeoutMs too large",
            json!({"tokenFetcher": "<fn>", "tokenFetcherTimeoutMs": 3_600_000}),
            vec!["tokenFetcherTimeoutMs"],
        ),
        (
            "tokenFetcherTimeoutMs fractional",
            json!({"tokenFetcher": "<fn>", "tokenFetcherTimeoutMs": 1500.5}),
            vec!["tokenFetcherTimeoutMs"],
        ),
        (
            "a symbol value",
            json!({"tokenFetcher": "<fn>", "orgName": "<symbol>"}),
            vec!["orgName"],
        ),
        (
            "config that could not be read",
            json!("<unreadable>"),
            vec!["config"],
        ),
        (
            "orgName whose getter threw",
            json!({"tokenFetcher": "<fn>", "orgName": "<unreadable>"}),
            vec!["orgName"],
        ),
        (
            "tokenFetcher whose getter threw",
            json!({"tokenFetcher": "<unreadable>"}),
            vec!["tokenFetcher"],
        ),
        (
            "a folder whose getter threw",
            json!({"tokenFetcher": "<fn>", "folders": ["Inbox", "<unreadable>"]}),
            vec!["folders[1]"],
        ),
        (
            "syncOptions tags nested too deeply",
            json!({"tokenFetcher": "<fn>", "syncOptions": {"tags": {"a": "<too deep>"}}}),
            vec!["syncOptions.tags.a"],
        ),
        (
            "filters whose OR getter threw",
            json!({"tokenFetcher": "<fn>", "filters": {"OR": "<unreadable>"}}),
            vec!["filters.OR"],
        ),
        (
            "filters with an unreadable value and another error",
            json!({"tokenFetcher": "<fn>", "filters": {"AND": [
                {"key": "after", "value": "<unreadable>"}, {"key": "subject", "value": "x"}
            ]}}),
            vec!["filters.AND[0].value", "filters.AND[1].key"],
        ),
        (
            "filters nested far too deeply",
            json!({"tokenFetcher": "<fn>", "filters": {"AND": [{"AND": [{"AND": ["<too deep>"]}]}]}}),
            vec!["filters.AND[0].AND[0]"],
        ),
        (
            "undefined optional keys are fine",
            json!({"tokenFetcher": "<fn>", "onEvent": "<undefined>", "brandIcon": null}),
            vec![],
        ),
        (
            "every error at once",
            json!({
                "apiUrl": "http://evil.test", "theme": "neon", "folders": [], "locale": "??", "onEvent": 1, "extra": true
            }),
            vec![
                "apiUrl",
                "theme",
                "folders",
                "locale",
                "onEvent",
                "extra",
                "tokenFetcher",
            ],
        ),
    ]
}

#[test]
fn every_row_names_exactly_the_expected_fields() {
    let rows = table();
    assert!(
        rows.len() >= 40,
        "the table must keep at least 40 rows, has {}",
        rows.len()
    );
    for (what, config, expected) in rows {
        let got = paths(config);
        if expected.is_empty() {
            assert!(
                got.is_ok(),
                "{what}: expected a valid config, got errors at {:?}",
                got.err()
            );
        } else {
            let mut got = got.err().unwrap_or_else(|| {
                panic!("{what}: expected errors at {expected:?}, the config passed")
            });
            let mut expected: Vec<String> = expected.into_iter().map(String::from).collect();
            got.sort();
            expected.sort();
            assert_eq!(got, expected, "{what}");
        }
    }
}

#[test]
fn defaults_are_carbon_inbox_and_system_theme() {
    let config = paths(json!({"tokenFetcher": "<fn>"})).unwrap();
    assert_eq!(config.api_url, "https://api.carbon.ai");
    assert_eq!(config.folders, vec!["Inbox".to_owned()]);
    assert_eq!(config.theme, Theme::System);
    assert_eq!(config.locale, Locale::Auto);
    assert_eq!(config.auth_timeout_ms, 600_000);
    assert_eq!(config.filters.to_json(), json!({}));
}

#[test]
fn messages_say_what_was_expected_and_suggest_typos() {
    let error = Config::from_shape(&host(
        &json!({"tokenFetcher": "<fn>", "apiURL": "x", "theme": 3}),
    ))
    .unwrap_err();
    let message = error.message();
    assert!(
        message.contains("apiURL: unknown key — did you mean \"apiUrl\"?"),
        "{message}"
    );
    assert!(
        message.contains("theme: expected \"light\", \"dark\" or \"system\", got a number"),
        "{message}"
    );
    let missing = Config::<&str>::from_shape(&host(&json!({})))
        .unwrap_err()
        .message();
    assert!(missing.contains("tokenFetcher: required"), "{missing}");
}

#[test]
fn messages_are_kept_by_name_and_bad_ones_say_why() {
    let config =
        paths(json!({"tokenFetcher": "<fn>", "messages": {"connect_button": "Link Outlook"}}))
            .unwrap();
    assert_eq!(
        config.messages,
        vec![("connect_button".to_owned(), "Link Outlook".to_owned())]
    );
    let error = Config::from_shape(&host(&json!({"tokenFetcher": "<fn>", "messages": {
        "connect_buton": "x", "connect_lead": "We read your mail.", "sync_failed": "{message} {code}"
    }})))
    .unwrap_err();
    let message = error.message();
    assert!(
        message
            .contains("messages.connect_buton: unknown string — did you mean \"connect_button\"?"),
        "{message}"
    );
    assert!(
        message.contains(
            "messages.connect_lead: the text must have the placeholders {org} ({org} missing)"
        ),
        "{message}"
    );
    assert!(message.contains("{code} not known here"), "{message}");
    assert_eq!(error.issues.len(), 3);
    let kept = config.updated(&host(&json!({"theme": "dark"}))).unwrap();
    assert_eq!(
        kept.messages.len(),
        1,
        "update keeps the messages it does not name"
    );
    let reset = config.updated(&host(&json!({"messages": null}))).unwrap();
    assert!(reset.messages.is_empty());
}

#[test]
fn sync_options_become_the_contract_fields() {
    let config = paths(json!({"tokenFetcher": "<fn>", "syncOptions": {
        "syncAttachments": true, "chunkSize": 1200, "prependFilenameToChunks": true, "tags": {"a": 1}
    }}))
    .unwrap();
    let wire = serde_json::to_value(&config.sync_options).unwrap();
    assert_eq!(
        wire,
        json!({
            "sync_attachments": true, "incremental_sync": false, "chunk_size": 1200,
            "prepend_filename_to_chunks": true, "tags": {"a": 1}
        })
    );
}

#[test]
fn update_changes_only_what_it_names_and_nothing_on_error() {
    let config =
        paths(json!({"tokenFetcher": "<fn>", "orgName": "Acme", "theme": "dark"})).unwrap();
    let updated = config.updated(&host(&json!({"theme": "light"}))).unwrap();
    assert_eq!(updated.theme, Theme::Light);
    assert_eq!(updated.org_name.as_deref(), Some("Acme"));
    let reset = config.updated(&host(&json!({"orgName": null}))).unwrap();
    assert_eq!(reset.org_name, None);
    let error = config
        .updated(&host(&json!({"theme": "light", "apiUrl": "nope"})))
        .unwrap_err();
    assert_eq!(error.issues.len(), 1);
    assert_eq!(error.issues[0].path, "apiUrl");
    assert!(config.updated(&host(&json!("theme"))).is_err());
}

/// (filter tree as a host value, the errors as `(path, code)`) — `filters_from_shape` reads an object as the JSON
/// `JSON.stringify` makes of it, and names every value it could not read.
#[test]
fn filter_objects_mean_their_json_and_unreadable_parts_are_named() {
    use outlook_connect::config::filters_from_shape;
    let rows = [
        (
            json!({"AND": "<unreadable>", "extra": 1}),
            vec![
                ("filters.extra", "unknown_field"),
                ("filters.AND", "bad_value"),
            ],
        ),
        (
            json!({"OR": "<unreadable>"}),
            vec![("filters.OR", "bad_value")],
        ),
        (json!("<unreadable>"), vec![("filters", "bad_value")]),
        (
            json!({"AND": [{"AND": [{"AND": [{"AND": ["<too deep>"]}]}]}]}),
            vec![("filters.AND[0].AND[0]", "too_deep")],
        ),
        (
            json!({"key": "after", "value": {"x": "<unreadable>"}}),
            vec![("filters.value", "bad_value")],
        ),
        (
            json!({"key": "after", "value": "<symbol>"}),
            vec![("filters.value", "bad_value")],
        ),
        (
            json!({"key": "has", "value": "attachment", "note": "<fn>", "also": "<undefined>"}),
            vec![],
        ),
        (
            json!({"OR": [{"key": "has", "value": "attachment"}, "<fn>"]}),
            vec![("filters.OR[1]", "not_an_object")],
        ),
        (json!("<undefined>"), vec![("filters", "not_an_object")]),
    ];
    for (input, expected) in rows {
        let got = filters_from_shape(&host(&input));
        let got: Vec<(String, String)> = got
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.path, e.code.as_str().to_owned()))
            .collect();
        let expected: Vec<(String, String)> = expected
            .into_iter()
            .map(|(p, c)| (p.to_owned(), c.to_owned()))
            .collect();
        assert_eq!(got, expected, "{input}");
    }
    let message = filters_from_shape(&host(&json!({"OR": "<unreadable>"}))).unwrap_err()[0]
        .message
        .clone();
    assert_eq!(message, "could not be read (the getter threw: nope)");
}
