//! The Carbon API's shared state, handed to every handler.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::db::Db;
use crate::microsoft_client::MicrosoftClient;
use crate::sync::SyncEngine;

#[derive(Clone)]
pub struct ApiState {
    pub db: Db,
    pub api_key: Arc<str>,
    pub microsoft: Arc<MicrosoftClient>,
    pub sync: SyncEngine,
    /// Serializes Microsoft token refreshes per data source.
    pub token_refresh_locks: Arc<KeyedLocks>,
}

/// One async lock per key, created on first use.
#[derive(Default)]
pub struct KeyedLocks {
    locks: Mutex<HashMap<i64, Arc<tokio::sync::Mutex<()>>>>,
}

impl KeyedLocks {
    pub fn for_key(&self, key: i64) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self
            .locks
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        locks.entry(key).or_default().clone()
    }
}
