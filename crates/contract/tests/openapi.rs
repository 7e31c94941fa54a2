//! Every list of this crate is exactly the enum of the same name in the repository's copy of Carbon's OpenAPI.

use outlook_connect_contract::{EMBEDDING_GENERATORS, FILE_SYNC_STATUSES};
use serde_json::Value;

fn schema_enum(name: &str) -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../contract/carbon-openapi.json"
    );
    let text = std::fs::read_to_string(path).expect("the contract is in the repository");
    let document: Value = serde_json::from_str(&text).expect("the contract is JSON");
    document["components"]["schemas"][name]["enum"]
        .as_array()
        .unwrap_or_else(|| panic!("{name} is an enum in the contract"))
        .iter()
        .map(|value| value.as_str().expect("a string value").to_owned())
        .collect()
}

#[test]
fn the_lists_are_the_contracts_enums() {
    for (name, list) in [
        ("EmbeddingGenerators", EMBEDDING_GENERATORS),
        ("ExternalFileSyncStatuses", FILE_SYNC_STATUSES),
    ] {
        assert_eq!(schema_enum(name), list, "{name}");
    }
}
