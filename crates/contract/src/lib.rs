//! The words of Carbon's API contract (`contract/carbon-openapi.json`) that both sides spell out: the enum value
//! lists the widget validates host input against and the sandbox validates requests against. One list each,
//! here; `tests/openapi.rs` checks every list against the OpenAPI document, so a contract update shows up as a
//! failing test rather than as two lists drifting apart.
//!
//! No dependencies: the widget's wasm links only the lists it uses.

/// `EmbeddingGenerators`: the `embedding_model` values a sync request accepts.
pub const EMBEDDING_GENERATORS: &[&str] = &[
    "OPENAI",
    "AZURE_OPENAI",
    "AZURE_ADA_LARGE_256",
    "AZURE_ADA_LARGE_1024",
    "AZURE_ADA_LARGE_3072",
    "AZURE_ADA_SMALL_512",
    "AZURE_ADA_SMALL_1536",
    "COHERE_MULTILINGUAL_V3",
    "VERTEX_MULTIMODAL",
    "OPENAI_ADA_LARGE_256",
    "OPENAI_ADA_LARGE_1024",
    "OPENAI_ADA_LARGE_3072",
    "OPENAI_ADA_SMALL_512",
    "OPENAI_ADA_SMALL_1536",
    "SOLAR_1_MINI",
];

/// `ExternalFileSyncStatuses`: the `sync_status` of a synced file.
pub const FILE_SYNC_STATUSES: &[&str] = &[
    "DELAYED",
    "QUEUED_FOR_SYNC",
    "SYNCING",
    "READY",
    "SYNC_ERROR",
    "EVALUATING_RESYNC",
    "RATE_LIMITED",
    "SYNC_ABORTED",
    "QUEUED_FOR_OCR",
    "READY_TO_SYNC",
];
