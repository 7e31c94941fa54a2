//! Every request builder against the expected wire JSON and against the contract itself: each body must validate
//! against its schema in `contract/carbon-openapi.json`, carry no field the schema lacks, and no null.
#![cfg(not(target_arch = "wasm32"))]

use outlook_connect::api::request::{self, Method, MAX_IDS_PER_REQUEST};
use outlook_connect::api::{
    ApiErrorKind, ApiRequest, ConnectMode, DataSourceQuery, Endpoint, FileOrder, FileQuery,
    OutlookSync, Page,
};
use outlook_connect::config::SyncOptions;
use outlook_connect_filter::{parse_value, Filter};
use proptest::prelude::*;
use serde_json::{json, Map, Value};
use std::sync::OnceLock;

const API: &str = "http://127.0.0.1:8788";

fn contract() -> &'static Value {
    static CONTRACT: OnceLock<Value> = OnceLock::new();
    CONTRACT.get_or_init(|| {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("contract/carbon-openapi.json");
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        serde_json::from_str(&text).expect("the contract is JSON")
    })
}

/// The request-body schema name the contract gives `endpoint`'s path, and its method.
fn operation(endpoint: Endpoint) -> (&'static str, Option<String>) {
    let paths = &contract()["paths"][endpoint.path()];
    let (method, operation) = paths
        .as_object()
        .and_then(|methods| methods.iter().next())
        .unwrap_or_else(|| panic!("{} is not in the contract", endpoint.path()));
    let schema = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        .as_str()
        .map(|reference| {
            reference
                .trim_start_matches("#/components/schemas/")
                .to_owned()
        });
    let method = match method.as_str() {
        "get" => "GET",
        "post" => "POST",
        other => panic!("unexpected method {other}"),
    };
    (method, schema)
}

fn schema(name: &str) -> &'static Value {
    &contract()["components"]["schemas"][name]
}

/// Validates `body` against the named component schema with the components embedded for `$ref`s.
fn validate(name: &str, body: &Value) {
    let document = json!({
        "$ref": format!("#/components/schemas/{name}"),
        "components": contract()["components"],
    });
    let validator =
        jsonschema::draft202012::new(&document).expect("the contract's schemas compile");
    let errors: Vec<String> = validator
        .iter_errors(body)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{body} does not validate against {name}: {errors:#?}"
    );
}

/// Follows `$ref`s and picks the object branch of an `anyOf`.
fn resolve(schema: &'static Value) -> Option<&'static Value> {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference.trim_start_matches("#/components/schemas/");
        return resolve(&contract()["components"]["schemas"][name]);
    }
    if let Some(branches) = schema.get("anyOf").and_then(Value::as_array) {
        return branches
            .iter()
            .find_map(|branch| resolve(branch).filter(|s| s.get("properties").is_some()));
    }
    Some(schema)
}

/// Every key of `body` is a property the schema names (where the schema names properties), recursively.
fn assert_no_extra_fields(body: &Value, schema: &'static Value, path: &str) {
    let (Some(object), Some(schema)) = (body.as_object(), resolve(schema)) else {
        return;
    };
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        return;
    };
    for (key, value) in object {
        let property = properties
            .get(key)
            .unwrap_or_else(|| panic!("{path}.{key} is not a field of the contract's schema"));
        assert_no_extra_fields(value, property, &format!("{path}.{key}"));
    }
}

fn assert_no_nulls(value: &Value, path: &str) {
    match value {
        Value::Null => panic!("{path} is null; nulls must be omitted"),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, v)| assert_no_nulls(v, &format!("{path}[{i}]"))),
        Value::Object(map) => map
            .iter()
            .for_each(|(k, v)| assert_no_nulls(v, &format!("{path}.{k}"))),
        _ => {}
    }
}

/// The request matches the contract: method, path, body schema, no extra fields, no nulls.
fn check_against_contract(request: &ApiRequest) {
    let (method, body_schema) = operation(request.endpoint);
    assert_eq!(request.method().as_str(), method, "{:?}", request.endpoint);
    match (&body_schema, &request.body) {
        (Some(name), Some(body)) => {
            validate(name, body);
            assert_no_extra_fields(body, schema(name), "body");
            assert_no_nulls(body, "body");
        }
        (None, None) => {}
        (schema, body) => panic!(
            "{:?}: contract body {schema:?}, built {body:?}",
            request.endpoint
        ),
    }
}

fn filter(json: Value) -> Filter {
    parse_value(&json).expect("a valid filter").filter
}

fn options(pass_through: Value) -> SyncOptions {
    SyncOptions {
        sync_attachments: true,
        incremental_sync: false,
        pass_through: pass_through.as_object().cloned().unwrap_or_default(),
    }
}

#[test]
fn oauth_url_for_a_new_account_and_a_reconnect() {
    let new = request::oauth_url(ConnectMode::NewAccount);
    assert_eq!(
        new.body,
        Some(json!({"service": "OUTLOOK", "connecting_new_account": true}))
    );
    assert_eq!(new.url(API), "http://127.0.0.1:8788/integrations/oauth_url");
    check_against_contract(&new);
    let again = request::oauth_url(ConnectMode::Reconnect { data_source_id: 7 });
    assert_eq!(
        again.body,
        Some(json!({"service": "OUTLOOK", "data_source_id": 7}))
    );
    check_against_contract(&again);
}

#[test]
fn folders_and_categories_are_gets_with_the_data_source_in_the_query() {
    let folders = request::user_folders(42);
    assert_eq!(folders.method(), Method::Get);
    assert_eq!(
        folders.url(API),
        "http://127.0.0.1:8788/integrations/outlook/user_folders?data_source_id=42"
    );
    assert_eq!(folders.body_text(), None);
    check_against_contract(&folders);
    let categories = request::user_categories(42);
    assert_eq!(
        categories.url(&format!("{API}/")),
        "http://127.0.0.1:8788/integrations/outlook/user_categories?data_source_id=42"
    );
    check_against_contract(&categories);
}

#[test]
fn outlook_sync_sends_the_folder_filter_request_id_and_options() {
    let tree = filter(
        json!({"AND": [{"key": "after", "value": "2024/01/07"}, {"OR": [
        {"key": "category", "value": "Personal"}, {"key": "category", "value": "Test"}]}]}),
    );
    let options = options(
        json!({"chunk_size": 1000, "tags": {"team": "sales"}, "embedding_model": "OPENAI"}),
    );
    let sync = request::outlook_sync(&OutlookSync {
        data_source_id: 3,
        folder: "Inbox",
        filters: &tree,
        request_id: "req-1",
        options: &options,
    });
    assert_eq!(
        sync.body,
        Some(json!({
            "data_source_id": 3,
            "folder": "Inbox",
            "filters": {"AND": [{"key": "after", "value": "2024/01/07"}, {"OR": [
                {"key": "category", "value": "Personal"}, {"key": "category", "value": "Test"}]}]},
            "request_id": "req-1",
            "sync_attachments": true,
            "incremental_sync": false,
            "chunk_size": 1000,
            "tags": {"team": "sales"},
            "embedding_model": "OPENAI",
        }))
    );
    check_against_contract(&sync);
}

#[test]
fn an_empty_filter_is_sent_as_an_empty_object() {
    let options = SyncOptions::default();
    let sync = request::outlook_sync(&OutlookSync {
        data_source_id: 1,
        folder: "Archive/2024 <b>",
        filters: &Filter::Empty,
        request_id: "r",
        options: &options,
    });
    let body = sync.body.clone().unwrap();
    assert_eq!(body["filters"], json!({}));
    assert_eq!(body["folder"], json!("Archive/2024 <b>"));
    check_against_contract(&sync);
}

#[test]
fn user_data_sources_lists_connected_outlook_mailboxes() {
    let request = request::user_data_sources(&DataSourceQuery::connected());
    assert_eq!(
        request.body,
        Some(json!({
            "pagination": {"limit": 100, "offset": 0},
            "order_by": "created_at",
            "order_dir": "desc",
            "filters": {"source": "OUTLOOK", "revoked_access": false},
        }))
    );
    check_against_contract(&request);
    let by_ids = request::user_data_sources(&DataSourceQuery {
        revoked_access: None,
        ids: Some(vec![1, 2]),
        page: Page {
            limit: 5,
            offset: 10,
        },
    });
    assert_eq!(
        by_ids.body.as_ref().unwrap()["filters"],
        json!({"source": "OUTLOOK", "ids": [1, 2]})
    );
    check_against_contract(&by_ids);
}

#[test]
fn user_files_v2_by_request_ids_and_by_account() {
    let progress = request::user_files_v2(&FileQuery {
        request_ids: vec!["a".into(), "b".into()],
        page: Some(Page::first(100)),
        order: Some(FileOrder::ById),
        ..FileQuery::default()
    })
    .unwrap();
    assert_eq!(
        progress.body,
        Some(json!({
            "pagination": {"limit": 100, "offset": 0},
            "order_by": "id",
            "order_dir": "asc",
            "filters": {"source": "OUTLOOK", "request_ids": ["a", "b"]},
        }))
    );
    check_against_contract(&progress);
    let list = request::user_files_v2(&FileQuery {
        data_source_id: Some(9),
        name: Some("  invoice ".into()),
        page: Some(Page {
            limit: 20,
            offset: 40,
        }),
        ..FileQuery::default()
    })
    .unwrap();
    assert_eq!(
        list.body,
        Some(json!({
            "pagination": {"limit": 20, "offset": 40},
            "order_by": "created_at",
            "order_dir": "desc",
            "filters": {"source": "OUTLOOK", "organization_user_data_source_id": [9], "name": "invoice"},
        }))
    );
    check_against_contract(&list);
    let blank_search = request::user_files_v2(&FileQuery {
        name: Some("   ".into()),
        ..FileQuery::default()
    })
    .unwrap();
    assert_eq!(
        blank_search.body.unwrap()["filters"],
        json!({"source": "OUTLOOK"})
    );
}

#[test]
fn more_than_100_request_ids_are_refused_with_the_field_named() {
    let error = request::user_files_v2(&FileQuery {
        request_ids: (0..=MAX_IDS_PER_REQUEST).map(|i| i.to_string()).collect(),
        ..FileQuery::default()
    })
    .unwrap_err();
    assert_eq!(error.code(), "validation");
    assert!(
        error.message.starts_with("request_ids: at most 100"),
        "{}",
        error.message
    );
}

#[test]
fn resync_revoke_and_delete_bodies() {
    let resync = request::resync_file(12);
    assert_eq!(resync.body, Some(json!({"file_id": 12})));
    check_against_contract(&resync);
    let revoke = request::revoke_access_token(4);
    assert_eq!(revoke.body, Some(json!({"data_source_id": 4})));
    check_against_contract(&revoke);
    let delete = request::delete_files_v2(&[5, 6]).unwrap();
    assert_eq!(delete.body, Some(json!({"filters": {"ids": [5, 6]}})));
    assert_eq!(delete.url(API), "http://127.0.0.1:8788/delete_files_v2");
    check_against_contract(&delete);
}

#[test]
fn deleting_nothing_is_refused_because_an_empty_filter_matches_every_file() {
    let error = request::delete_files_v2(&[]).unwrap_err();
    assert!(
        matches!(&error.kind, ApiErrorKind::Validation(fields) if fields[0].field() == "filters.ids")
    );
    assert!(error.message.contains("file_ids is empty"));
    assert!(request::delete_files_v2(&vec![1; 101]).is_err());
}

#[test]
fn every_endpoint_is_built_and_checked() {
    let options = SyncOptions::default();
    let built: Vec<ApiRequest> = vec![
        request::oauth_url(ConnectMode::NewAccount),
        request::user_folders(1),
        request::user_categories(1),
        request::outlook_sync(&OutlookSync {
            data_source_id: 1,
            folder: "Inbox",
            filters: &Filter::Empty,
            request_id: "r",
            options: &options,
        }),
        request::user_data_sources(&DataSourceQuery::connected()),
        request::user_files_v2(&FileQuery::default()).unwrap(),
        request::resync_file(1),
        request::delete_files_v2(&[1]).unwrap(),
        request::revoke_access_token(1),
    ];
    for endpoint in Endpoint::ALL {
        let request = built
            .iter()
            .find(|r| r.endpoint == endpoint)
            .unwrap_or_else(|| panic!("{endpoint:?} not built"));
        check_against_contract(request);
    }
}

#[test]
fn the_schema_check_itself_catches_wrong_bodies() {
    let document = |name: &str| json!({"$ref": format!("#/components/schemas/{name}"), "components": contract()["components"]});
    let validator = jsonschema::draft202012::new(&document("RevokeAccessTokenInput")).unwrap();
    assert!(!validator.is_valid(&json!({"data_source_id": "4"})));
    assert!(!validator.is_valid(&json!({})));
    let result = std::panic::catch_unwind(|| {
        assert_no_extra_fields(
            &json!({"file_id": 1, "fileId": 1}),
            schema("ResyncFileQueryInput"),
            "body",
        )
    });
    assert!(result.is_err(), "an unknown field must be caught");
}

fn sync_option_strategy() -> impl Strategy<Value = Map<String, Value>> {
    (
        proptest::option::of(1i64..100_000),
        proptest::option::of(0i64..1_000),
        proptest::option::of(any::<bool>()),
        proptest::option::of(proptest::sample::select(
            outlook_connect_contract::EMBEDDING_GENERATORS,
        )),
        proptest::option::of("[a-z]{1,8}"),
    )
        .prop_map(|(size, overlap, sparse, model, tag)| {
            let mut map = Map::new();
            size.map(|v| map.insert("chunk_size".into(), v.into()));
            overlap.map(|v| map.insert("chunk_overlap".into(), v.into()));
            sparse.map(|v| map.insert("generate_sparse_vectors".into(), v.into()));
            model.map(|v| map.insert("embedding_model".into(), v.into()));
            tag.map(|v| map.insert("tags".into(), json!({ "k": v })));
            map
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_sync_request_validates(
        data_source_id in 1i64..1_000_000,
        folder in "\\PC{1,30}",
        request_id in "[a-f0-9-]{1,36}",
        attachments in any::<bool>(),
        incremental in any::<bool>(),
        pass_through in sync_option_strategy(),
    ) {
        let options = SyncOptions { sync_attachments: attachments, incremental_sync: incremental, pass_through };
        let tree = filter(json!({"OR": [{"key": "from", "value": "a@example.com"}, {"key": "has", "value": "attachment"}]}));
        let request = request::outlook_sync(&OutlookSync {
            data_source_id, folder: &folder, filters: &tree, request_id: &request_id, options: &options,
        });
        check_against_contract(&request);
        let body = request.body.unwrap();
        prop_assert_eq!(&body["request_id"], &json!(request_id));
        prop_assert_eq!(&body["folder"], &json!(folder));
    }

    #[test]
    fn any_file_query_validates(
        data_source_id in proptest::option::of(1i64..1_000),
        request_ids in proptest::collection::vec("[a-z0-9]{1,12}", 0..=100),
        name in proptest::option::of("\\PC{0,20}"),
        limit in 1u32..500, offset in 0u32..10_000,
        by_id in any::<bool>(),
        root_files_only in any::<bool>(),
    ) {
        let query = FileQuery {
            data_source_id, request_ids, name,
            page: Some(Page { limit, offset }),
            order: Some(if by_id { FileOrder::ById } else { FileOrder::NewestFirst }),
            root_files_only,
        };
        check_against_contract(&request::user_files_v2(&query).unwrap());
    }
}

/// The loader asks for the first mailbox list while the wasm downloads (`earlyList` in `www/outlook-connect.js`),
/// and the widget takes that answer only when its own first request is the same one: a loader whose copy drifted
/// from the builder would make every first list a second request.
#[test]
fn the_loaders_early_mailbox_list_is_the_request_the_widget_sends_first() {
    let loader = include_str!("../www/outlook-connect.js");
    let constant = |name: &str| {
        let start = loader
            .find(&format!("var {name} = '"))
            .unwrap_or_else(|| panic!("the loader defines {name}"))
            + name.len()
            + 8;
        &loader[start..start + loader[start..].find('\'').unwrap()]
    };
    let request = request::user_data_sources(&DataSourceQuery::connected());
    assert_eq!(request.method(), Method::Post);
    assert_eq!(Some(constant("LIST_BODY").to_owned()), request.body_text());
    assert_eq!(
        request.url(API),
        format!("{API}{}", constant("LIST_PATH")),
        "the loader appends this path to the apiUrl as the widget does"
    );
    assert_eq!(
        request::authorization("t"),
        format!("{}t", constant("TOKEN_SCHEME"))
    );
    assert_eq!(
        constant("DEFAULT_API_URL"),
        outlook_connect::config::DEFAULT_API_URL
    );
}
