//! The Carbon API's shared state, handed to every handler.

use std::sync::Arc;

use crate::db::Db;
use crate::microsoft_client::MicrosoftClient;
use crate::store::MicrosoftTokens;
use crate::sync::SyncEngine;

#[derive(Clone)]
pub struct ApiState {
    pub db: Db,
    pub api_key: Arc<str>,
    /// Sign-in (authorize URL, code exchange, `/me`); calls with a data source's token go through `tokens`.
    pub microsoft: Arc<MicrosoftClient>,
    /// The data sources' Microsoft tokens (the same client, refreshed per source under a lock).
    pub tokens: MicrosoftTokens,
    pub sync: SyncEngine,
}
