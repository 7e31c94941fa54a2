//! The Carbon API's shared state, handed to every handler.

use std::sync::Arc;

use crate::db::Db;
use crate::microsoft_client::MicrosoftClient;
use crate::sync::SyncEngine;

#[derive(Clone)]
pub struct ApiState {
    pub db: Db,
    pub api_key: Arc<str>,
    pub microsoft: Arc<MicrosoftClient>,
    pub sync: SyncEngine,
}
