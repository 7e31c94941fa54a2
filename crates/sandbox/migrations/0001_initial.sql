-- Customers (Carbon's organization users), their access tokens, OAuth flows, data sources and files.
CREATE TABLE customers (
    id INTEGER PRIMARY KEY,
    customer_id TEXT NOT NULL UNIQUE,
    auto_sync_sources TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL
);

CREATE TABLE access_tokens (
    token TEXT PRIMARY KEY,
    refresh_token TEXT NOT NULL UNIQUE,
    customer_row INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    expires_at INTEGER NOT NULL
);

CREATE TABLE oauth_flows (
    state TEXT PRIMARY KEY,
    customer_row INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    code_verifier TEXT NOT NULL,
    origin TEXT,
    tenant TEXT NOT NULL,
    options TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    used_at INTEGER
);

CREATE TABLE data_sources (
    id INTEGER PRIMARY KEY,
    customer_row INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    source_type TEXT NOT NULL,
    external_id TEXT NOT NULL,
    sync_status TEXT NOT NULL,
    revoked_access INTEGER NOT NULL DEFAULT 0,
    last_sync_action TEXT NOT NULL,
    enable_auto_sync INTEGER,
    metadata TEXT NOT NULL DEFAULT '{}',
    tags TEXT NOT NULL DEFAULT '{}',
    access_token TEXT,
    refresh_token TEXT,
    token_expires_at INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    last_synced_at TEXT NOT NULL,
    files_synced_at TEXT,
    source_items_synced_at TEXT,
    UNIQUE (customer_row, source_type, external_id)
);

CREATE TABLE files (
    id INTEGER PRIMARY KEY,
    customer_row INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    data_source_id INTEGER NOT NULL REFERENCES data_sources(id) ON DELETE CASCADE,
    external_file_id TEXT NOT NULL,
    external_url TEXT,
    name TEXT,
    sync_status TEXT NOT NULL,
    sync_error_message TEXT,
    file_metadata TEXT NOT NULL DEFAULT '{}',
    parent_id INTEGER REFERENCES files(id) ON DELETE CASCADE,
    request_id TEXT,
    tags TEXT NOT NULL DEFAULT '{}',
    chunk_size INTEGER,
    chunk_overlap INTEGER,
    skip_embedding_generation INTEGER NOT NULL DEFAULT 0,
    generate_sparse_vectors INTEGER,
    source_created_at TEXT,
    last_sync TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (data_source_id, external_file_id)
);
CREATE INDEX files_by_customer ON files (customer_row, id);
CREATE INDEX files_by_request ON files (request_id);

-- One row per (data source, folder): the newest receivedDateTime synced, for incremental syncs.
CREATE TABLE folder_sync_state (
    data_source_id INTEGER NOT NULL REFERENCES data_sources(id) ON DELETE CASCADE,
    folder_id TEXT NOT NULL,
    folder_name TEXT NOT NULL,
    filters TEXT NOT NULL DEFAULT '{}',
    sync_attachments INTEGER NOT NULL DEFAULT 0,
    newest_received INTEGER,
    synced_at TEXT NOT NULL,
    PRIMARY KEY (data_source_id, folder_id)
);

-- Sync requests already accepted, so a client retrying the same request_id starts nothing twice.
CREATE TABLE sync_requests (
    data_source_id INTEGER NOT NULL REFERENCES data_sources(id) ON DELETE CASCADE,
    request_id TEXT NOT NULL,
    folder_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (data_source_id, request_id)
);
