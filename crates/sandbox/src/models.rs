//! The contract's request bodies (carbon-openapi.json `components/schemas`) as serde types, with the enum lists and
//! limits the schemas state checked in `Validate`. Fields the sandbox only accepts are still typed, so a wrong type is
//! a 422 like Carbon's.

pub use outlook_connect_contract::{EMBEDDING_GENERATORS, FILE_SYNC_STATUSES};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::error::FieldError;
use crate::validation::{
    body_loc, body_loc_index, check_enum, check_list_limit, check_max_items, check_minimum,
    check_tags, check_tenant, Validate, MAX_LIST_ITEMS,
};

pub const DATA_SOURCE_TYPES: &[&str] = &[
    "GOOGLE_CLOUD_STORAGE",
    "GOOGLE_DRIVE",
    "NOTION",
    "NOTION_DATABASE",
    "INTERCOM",
    "DROPBOX",
    "ONEDRIVE",
    "SHAREPOINT",
    "CONFLUENCE",
    "BOX",
    "ZENDESK",
    "ZOTERO",
    "S3",
    "AZURE_BLOB_STORAGE",
    "GMAIL",
    "OUTLOOK",
    "SERVICENOW",
    "TEXT",
    "CSV",
    "TSV",
    "PDF",
    "DOCX",
    "PPTX",
    "XLSX",
    "XLSM",
    "MD",
    "RTF",
    "JSON",
    "HTML",
    "RAW_TEXT",
    "WEB_SCRAPE",
    "RSS_FEED",
    "FRESHDESK",
    "GITBOOK",
    "SALESFORCE",
    "GITHUB",
    "SLACK",
    "GURU",
    "GONG",
    "DOCUMENT360",
    "JPG",
    "PNG",
    "JPEG",
    "MP3",
    "MP2",
    "AAC",
    "WAV",
    "FLAC",
    "PCM",
    "M4A",
    "OGG",
    "OPUS",
    "MPEG",
    "MPG",
    "MP4",
    "WMV",
    "AVI",
    "MOV",
    "MKV",
    "FLV",
    "WEBM",
    "EML",
    "MSG",
];
pub const OAUTH_CONNECTORS: &[&str] = &[
    "BOX",
    "CONFLUENCE",
    "DROPBOX",
    "GMAIL",
    "GOOGLE_DRIVE",
    "GOOGLE_CLOUD_STORAGE",
    "INTERCOM",
    "NOTION",
    "ONEDRIVE",
    "OUTLOOK",
    "SALESFORCE",
    "SHAREPOINT",
    "SLACK",
    "ZENDESK",
    "ZOTERO",
    "GONG",
    "SERVICENOW",
];
pub const SOURCE_FILE_TYPES: &[&str] = &[
    "TICKET",
    "ARTICLE",
    "CONVERSATION",
    "TABLE",
    "INCIDENT",
    "ATTACHMENT",
];
const ORDER_DIRS: &[&str] = &["desc", "asc"];
const DATA_SOURCE_ORDER_COLUMNS: &[&str] = &["created_at", "updated_at"];
const FILE_ORDER_COLUMNS: &[&str] = &[
    "created_at",
    "updated_at",
    "name",
    "last_sync",
    "file_size",
    "id",
];

fn default_true() -> bool {
    true
}
fn default_openai() -> String {
    "OPENAI".to_string()
}
fn default_limit() -> i64 {
    10
}
fn default_updated_at() -> String {
    "updated_at".to_string()
}
fn default_asc() -> String {
    "asc".to_string()
}
fn default_expiry() -> i64 {
    3600
}

fn check_optional_enum(
    errors: &mut Vec<FieldError>,
    path: &[&str],
    value: &Option<String>,
    allowed: &[&str],
) {
    if let Some(value) = value {
        check_enum(errors, body_loc(path), value, allowed);
    }
}

fn check_enum_list(
    errors: &mut Vec<FieldError>,
    path: &[&str],
    values: &Option<Vec<String>>,
    allowed: &[&str],
) {
    // Over the list limit, one `too_long` says it all (not one `enum` error per item).
    if values
        .as_ref()
        .is_some_and(|list| list.len() > MAX_LIST_ITEMS)
    {
        check_list_limit(errors, path, values);
        return;
    }
    for (index, value) in values.iter().flatten().enumerate() {
        check_enum(errors, body_loc_index(path, index), value, allowed);
    }
}

/// `OAuthURLRequest`.
#[derive(Debug, Deserialize)]
#[allow(dead_code)] // accepted for compatibility; only some fields change what the sandbox does
pub struct OAuthUrlRequest {
    pub service: String,
    pub scope: Option<String>,
    pub scopes: Option<Vec<String>>,
    #[serde(default)]
    pub tags: Option<Value>,
    pub chunk_size: Option<i64>,
    pub chunk_overlap: Option<i64>,
    pub skip_embedding_generation: Option<bool>,
    pub embedding_model: Option<String>,
    pub zendesk_subdomain: Option<String>,
    pub microsoft_tenant: Option<String>,
    pub sharepoint_site_name: Option<String>,
    pub confluence_subdomain: Option<String>,
    pub generate_sparse_vectors: Option<bool>,
    pub prepend_filename_to_chunks: Option<bool>,
    pub max_items_per_chunk: Option<i64>,
    pub salesforce_domain: Option<String>,
    pub sync_files_on_connection: Option<bool>,
    #[serde(default)]
    pub set_page_as_boundary: bool,
    pub data_source_id: Option<i64>,
    pub connecting_new_account: Option<bool>,
    pub request_id: Option<String>,
    pub use_ocr: Option<bool>,
    pub parse_pdf_tables_with_ocr: Option<bool>,
    #[serde(default = "default_true")]
    pub enable_file_picker: bool,
    #[serde(default = "default_true")]
    pub sync_source_items: bool,
    #[serde(default)]
    pub incremental_sync: bool,
    pub file_sync_config: Option<Map<String, Value>>,
    pub automatically_open_file_picker: Option<bool>,
    pub gong_account_email: Option<String>,
    pub servicenow_credentials: Option<Map<String, Value>>,
    #[serde(default)]
    pub data_source_tags: Map<String, Value>,
}

impl Validate for OAuthUrlRequest {
    fn validate(&self, errors: &mut Vec<FieldError>) {
        check_enum(
            errors,
            body_loc(&["service"]),
            &self.service,
            OAUTH_CONNECTORS,
        );
        check_optional_enum(
            errors,
            &["embedding_model"],
            &self.embedding_model,
            EMBEDDING_GENERATORS,
        );
        if let Some(max) = self.max_items_per_chunk {
            check_minimum(errors, body_loc(&["max_items_per_chunk"]), max, 1);
        }
        validate_file_sync_config(errors, &self.file_sync_config);
        if let Some(tenant) = self.microsoft_tenant.as_deref() {
            check_tenant(errors, tenant);
        }
    }
}

fn validate_file_sync_config(errors: &mut Vec<FieldError>, config: &Option<Map<String, Value>>) {
    let Some(config) = config else { return };
    for key in [
        "sync_attachments",
        "detect_audio_language",
        "include_speaker_labels",
        "split_rows",
    ] {
        if let Some(value) = config.get(key) {
            if !value.is_boolean() {
                errors.push(FieldError::body(
                    &["file_sync_config", key],
                    format!("Input should be a valid boolean (got {value})"),
                    "bool_type",
                ));
            }
        }
    }
}

/// `sync_attachments` from `file_sync_config`, when given.
pub fn file_sync_config_attachments(config: &Option<Map<String, Value>>) -> Option<bool> {
    config.as_ref()?.get("sync_attachments")?.as_bool()
}

/// `OutlookSyncInput`.
#[derive(Debug, Deserialize)]
#[allow(dead_code)] // accepted for compatibility; only some fields change what the sandbox does
pub struct OutlookSyncInput {
    pub folder: Option<String>,
    pub filters: Map<String, Value>,
    pub tags: Option<Map<String, Value>>,
    pub chunk_size: Option<i64>,
    pub chunk_overlap: Option<i64>,
    pub skip_embedding_generation: Option<bool>,
    #[serde(default = "default_openai")]
    pub embedding_model: String,
    pub generate_sparse_vectors: Option<bool>,
    pub prepend_filename_to_chunks: Option<bool>,
    pub data_source_id: Option<i64>,
    pub request_id: Option<String>,
    pub sync_attachments: Option<bool>,
    pub file_sync_config: Option<Map<String, Value>>,
    #[serde(default)]
    pub incremental_sync: bool,
}

impl Validate for OutlookSyncInput {
    fn validate(&self, errors: &mut Vec<FieldError>) {
        check_enum(
            errors,
            body_loc(&["embedding_model"]),
            &self.embedding_model,
            EMBEDDING_GENERATORS,
        );
        validate_file_sync_config(errors, &self.file_sync_config);
    }
}

/// `Pagination`.
#[derive(Debug, Deserialize)]
pub struct Pagination {
    #[serde(default = "default_limit")]
    pub limit: i64,
    #[serde(default)]
    pub offset: i64,
    #[serde(default)]
    pub starting_id: i64,
}

impl Default for Pagination {
    fn default() -> Self {
        Pagination {
            limit: default_limit(),
            offset: 0,
            starting_id: 0,
        }
    }
}

impl Pagination {
    fn validate(&self, errors: &mut Vec<FieldError>) {
        check_minimum(errors, body_loc(&["pagination", "limit"]), self.limit, 0);
        check_minimum(errors, body_loc(&["pagination", "offset"]), self.offset, 0);
        check_minimum(
            errors,
            body_loc(&["pagination", "starting_id"]),
            self.starting_id,
            0,
        );
    }
}

/// `OrganizationUserDataSourceFilters`.
#[derive(Debug, Default, Deserialize)]
pub struct DataSourceFilters {
    pub source: Option<String>,
    pub ids: Option<Vec<i64>>,
    pub revoked_access: Option<bool>,
    pub tags: Option<Map<String, Value>>,
}

/// `OrganizationUserDataSourceQueryInput`.
#[derive(Debug, Deserialize)]
pub struct DataSourceQueryInput {
    #[serde(default)]
    pub pagination: Pagination,
    #[serde(default = "default_updated_at")]
    pub order_by: String,
    #[serde(default = "default_asc")]
    pub order_dir: String,
    #[serde(default)]
    pub filters: DataSourceFilters,
}

impl Validate for DataSourceQueryInput {
    fn validate(&self, errors: &mut Vec<FieldError>) {
        self.pagination.validate(errors);
        check_enum(
            errors,
            body_loc(&["order_by"]),
            &self.order_by,
            DATA_SOURCE_ORDER_COLUMNS,
        );
        check_enum(
            errors,
            body_loc(&["order_dir"]),
            &self.order_dir,
            ORDER_DIRS,
        );
        check_optional_enum(
            errors,
            &["filters", "source"],
            &self.filters.source,
            DATA_SOURCE_TYPES,
        );
        check_list_limit(errors, &["filters", "ids"], &self.filters.ids);
        check_tags(errors, &["filters", "tags"], &self.filters.tags);
    }
}

/// `source` in file filters: one type or a list of types.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum SourceFilter {
    One(String),
    Many(Vec<String>),
}

impl SourceFilter {
    pub fn values(&self) -> Vec<String> {
        match self {
            SourceFilter::One(one) => vec![one.clone()],
            SourceFilter::Many(many) => many.clone(),
        }
    }
}

/// `OrganizationUserFilesToSyncFilters`.
#[derive(Debug, Default, Deserialize)]
#[allow(dead_code)] // accepted for compatibility; the sandbox has no tags_v2 queries or upload ids
pub struct FileFilters {
    pub source: Option<SourceFilter>,
    pub name: Option<String>,
    pub tags: Option<Map<String, Value>>,
    pub tags_v2: Option<Map<String, Value>>,
    pub ids: Option<Vec<i64>>,
    pub external_file_ids: Option<Vec<String>>,
    pub sync_statuses: Option<Vec<String>>,
    pub parent_file_ids: Option<Vec<i64>>,
    pub organization_user_data_source_id: Option<Vec<i64>>,
    pub embedding_generators: Option<Vec<String>>,
    pub root_files_only: Option<bool>,
    #[serde(default)]
    pub include_all_children: bool,
    #[serde(default)]
    pub non_synced_only: bool,
    pub request_ids: Option<Vec<String>>,
    pub upload_ids: Option<Vec<String>>,
    pub sync_error_message: Option<String>,
    pub include_containers: Option<bool>,
    pub external_urls: Option<Vec<String>>,
    pub file_types_at_source: Option<Vec<String>>,
}

impl FileFilters {
    fn validate(&self, errors: &mut Vec<FieldError>) {
        let source_path = ["filters", "source"];
        match &self.source {
            Some(SourceFilter::One(one)) => {
                check_enum(errors, body_loc(&source_path), one, DATA_SOURCE_TYPES)
            }
            Some(SourceFilter::Many(many)) => {
                check_enum_list(errors, &source_path, &Some(many.clone()), DATA_SOURCE_TYPES)
            }
            None => {}
        }
        check_enum_list(
            errors,
            &["filters", "sync_statuses"],
            &self.sync_statuses,
            FILE_SYNC_STATUSES,
        );
        check_enum_list(
            errors,
            &["filters", "embedding_generators"],
            &self.embedding_generators,
            EMBEDDING_GENERATORS,
        );
        check_enum_list(
            errors,
            &["filters", "file_types_at_source"],
            &self.file_types_at_source,
            SOURCE_FILE_TYPES,
        );
        if let Some(request_ids) = &self.request_ids {
            check_max_items(
                errors,
                body_loc(&["filters", "request_ids"]),
                request_ids,
                100,
            );
        }
        if let Some(upload_ids) = &self.upload_ids {
            check_max_items(
                errors,
                body_loc(&["filters", "upload_ids"]),
                upload_ids,
                100,
            );
        }
        check_list_limit(errors, &["filters", "ids"], &self.ids);
        check_list_limit(
            errors,
            &["filters", "external_file_ids"],
            &self.external_file_ids,
        );
        check_list_limit(
            errors,
            &["filters", "parent_file_ids"],
            &self.parent_file_ids,
        );
        check_list_limit(
            errors,
            &["filters", "organization_user_data_source_id"],
            &self.organization_user_data_source_id,
        );
        check_list_limit(errors, &["filters", "external_urls"], &self.external_urls);
        check_tags(errors, &["filters", "tags"], &self.tags);
        check_tags(errors, &["filters", "tags_v2"], &self.tags_v2);
    }
}

/// `OrganizationUserFilesToSyncQueryInput`.
#[derive(Debug, Deserialize)]
#[allow(dead_code)] // the include_* flags have no stored raw files to include in the sandbox
pub struct FilesQueryInput {
    #[serde(default)]
    pub pagination: Pagination,
    #[serde(default = "default_updated_at")]
    pub order_by: String,
    #[serde(default = "default_asc")]
    pub order_dir: String,
    #[serde(default)]
    pub filters: FileFilters,
    pub include_raw_file: Option<bool>,
    pub include_parsed_text_file: Option<bool>,
    pub include_additional_files: Option<bool>,
    #[serde(default = "default_expiry")]
    pub presigned_url_expiry_time_seconds: i64,
}

impl Validate for FilesQueryInput {
    fn validate(&self, errors: &mut Vec<FieldError>) {
        self.pagination.validate(errors);
        check_enum(
            errors,
            body_loc(&["order_by"]),
            &self.order_by,
            FILE_ORDER_COLUMNS,
        );
        check_enum(
            errors,
            body_loc(&["order_dir"]),
            &self.order_dir,
            ORDER_DIRS,
        );
        self.filters.validate(errors);
    }
}

/// `ResyncFileQueryInput`.
#[derive(Debug, Deserialize)]
#[allow(dead_code)] // chunking options have no effect in the sandbox
pub struct ResyncFileInput {
    pub file_id: i64,
    pub chunk_size: Option<i64>,
    pub chunk_overlap: Option<i64>,
    #[serde(default)]
    pub force_embedding_generation: bool,
    pub skip_file_processing: Option<bool>,
}

impl Validate for ResyncFileInput {
    fn validate(&self, _errors: &mut Vec<FieldError>) {}
}

/// `DeleteFilesQueryInput` (deprecated endpoint).
#[derive(Debug, Deserialize)]
#[allow(dead_code)] // no webhooks in the sandbox
pub struct DeleteFilesInput {
    pub file_ids: Option<Vec<i64>>,
    pub sync_statuses: Option<Vec<String>>,
    #[serde(default)]
    pub delete_non_synced_only: bool,
    #[serde(default)]
    pub send_webhook: bool,
    #[serde(default)]
    pub delete_child_files: bool,
}

impl Validate for DeleteFilesInput {
    fn validate(&self, errors: &mut Vec<FieldError>) {
        check_enum_list(
            errors,
            &["sync_statuses"],
            &self.sync_statuses,
            FILE_SYNC_STATUSES,
        );
        check_list_limit(errors, &["file_ids"], &self.file_ids);
    }
}

/// `DeleteFilesV2QueryInput`.
#[derive(Debug, Deserialize)]
#[allow(dead_code)] // no webhooks in the sandbox
pub struct DeleteFilesV2Input {
    #[serde(default)]
    pub filters: FileFilters,
    #[serde(default)]
    pub send_webhook: bool,
    #[serde(default)]
    pub preserve_file_record: bool,
}

impl Validate for DeleteFilesV2Input {
    fn validate(&self, errors: &mut Vec<FieldError>) {
        self.filters.validate(errors);
    }
}

/// `auto_sync_enabled_sources`: a list of data source types or `"ALL"`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum AutoSyncSources {
    List(Vec<String>),
    All(String),
}

/// `UpdateUsersInput`.
#[derive(Debug, Deserialize)]
#[allow(dead_code)] // quotas are accepted but not enforced by the sandbox
pub struct UpdateUsersInput {
    pub auto_sync_enabled_sources: Option<AutoSyncSources>,
    pub max_files: Option<i64>,
    pub max_files_per_upload: Option<i64>,
    pub max_characters: Option<i64>,
    pub max_characters_per_file: Option<i64>,
    pub max_characters_per_upload: Option<i64>,
    pub auto_sync_interval: Option<i64>,
    pub customer_ids: Vec<String>,
}

impl Validate for UpdateUsersInput {
    fn validate(&self, errors: &mut Vec<FieldError>) {
        check_max_items(errors, body_loc(&["customer_ids"]), &self.customer_ids, 100);
        match &self.auto_sync_enabled_sources {
            Some(AutoSyncSources::List(list)) => check_enum_list(
                errors,
                &["auto_sync_enabled_sources"],
                &Some(list.clone()),
                DATA_SOURCE_TYPES,
            ),
            Some(AutoSyncSources::All(all)) => check_enum(
                errors,
                body_loc(&["auto_sync_enabled_sources"]),
                all,
                &["ALL"],
            ),
            None => {}
        }
        let limits = [
            ("max_files", self.max_files),
            ("max_files_per_upload", self.max_files_per_upload),
            ("max_characters", self.max_characters),
            ("max_characters_per_file", self.max_characters_per_file),
            ("max_characters_per_upload", self.max_characters_per_upload),
            ("auto_sync_interval", self.auto_sync_interval),
        ];
        for (name, value) in limits {
            if let Some(value) = value {
                check_minimum(errors, body_loc(&[name]), value, -1);
            }
        }
    }
}

/// `RevokeAccessTokenInput`.
#[derive(Debug, Deserialize)]
pub struct RevokeAccessTokenInput {
    pub data_source_id: i64,
}

impl Validate for RevokeAccessTokenInput {
    fn validate(&self, _errors: &mut Vec<FieldError>) {}
}
