//! SQLite storage: one connection behind a mutex (WAL for files), migrations from `migrations/*.sql` applied in
//! order at start-up and recorded in `schema_version`; blocking work runs on tokio's blocking pool. Also the SQL
//! helpers every query builder shares ([`placeholders`], [`TAG_MATCHES`]).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rusqlite::Connection;

/// The migrations, in the order they are applied. Each one runs once, in a transaction.
const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_initial",
        include_str!("../migrations/0001_initial.sql"),
    ),
    (
        "0002_file_status_index",
        include_str!("../migrations/0002_file_status_index.sql"),
    ),
    (
        "0003_resumable_sync_requests",
        include_str!("../migrations/0003_resumable_sync_requests.sql"),
    ),
];

/// `?, ?, …` for an `IN` list of `count` values (at least one `?`, so an empty list matches nothing).
pub fn placeholders(count: usize) -> String {
    vec!["?"; count.max(1)].join(", ")
}

/// One tag condition on a `tags` JSON column (`{tags}`): the key and the JSON value are bound parameters, compared
/// through `json_each`, so any key (quotes, backslashes, dots) is just text — never part of a JSON path or SQL.
pub const TAG_MATCHES: &str =
    "EXISTS (SELECT 1 FROM json_each({tags}) AS tag WHERE tag.key = ? AND tag.value = json_extract(?, '$'))";

/// Where the database lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbLocation {
    Memory,
    File(PathBuf),
}

impl DbLocation {
    /// `:memory:` or a file path.
    pub fn parse(text: &str) -> Self {
        if text == ":memory:" {
            DbLocation::Memory
        } else {
            DbLocation::File(PathBuf::from(text))
        }
    }
}

/// Shared handle on the database.
#[derive(Clone)]
pub struct Db {
    connection: Arc<Mutex<Connection>>,
}

#[derive(Debug)]
pub struct DbOpenError(pub String);

impl Db {
    pub fn open(location: &DbLocation) -> Result<Db, DbOpenError> {
        let connection = match location {
            DbLocation::Memory => Connection::open_in_memory(),
            DbLocation::File(path) => {
                create_parent_dir(path)?;
                Connection::open(path)
            }
        }
        .map_err(|e| DbOpenError(format!("cannot open the database {location:?}: {e}")))?;
        configure(&connection, location)
            .map_err(|e| DbOpenError(format!("cannot configure the database: {e}")))?;
        migrate(&connection).map_err(|e| DbOpenError(format!("cannot apply migrations: {e}")))?;
        Ok(Db {
            connection: Arc::new(Mutex::new(connection)),
        })
    }

    /// Runs `work` with the connection on the blocking pool.
    pub async fn call<T, E, F>(&self, work: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<rusqlite::Error> + Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, E> + Send + 'static,
    {
        let connection = self.connection.clone();
        match tokio::task::spawn_blocking(move || {
            let mut guard = connection
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            work(&mut guard)
        })
        .await
        {
            Ok(result) => result,
            Err(join_error) => std::panic::resume_unwind(join_error.into_panic()),
        }
    }

    /// Runs `work` with the connection on the current thread (start-up and test-control resets only).
    pub fn call_blocking<T>(&self, work: impl FnOnce(&mut Connection) -> T) -> T {
        let mut guard = self
            .connection
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        work(&mut guard)
    }

    /// Deletes every row of every table except the schema bookkeeping (test-control reset).
    pub fn wipe(&self) -> rusqlite::Result<()> {
        self.call_blocking(|connection| {
            connection.execute_batch(
                "BEGIN;
                 DELETE FROM sync_requests; DELETE FROM folder_sync_state; DELETE FROM files;
                 DELETE FROM data_sources; DELETE FROM oauth_flows; DELETE FROM access_tokens; DELETE FROM customers;
                 COMMIT;",
            )
        })
    }
}

fn create_parent_dir(path: &Path) -> Result<(), DbOpenError> {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => {
            std::fs::create_dir_all(parent).map_err(|e| {
                DbOpenError(format!(
                    "cannot create the directory {}: {e}",
                    parent.display()
                ))
            })
        }
        _ => Ok(()),
    }
}

fn configure(connection: &Connection, location: &DbLocation) -> rusqlite::Result<()> {
    if matches!(location, DbLocation::File(_)) {
        connection.pragma_update(None, "journal_mode", "WAL")?;
        connection.pragma_update(None, "synchronous", "NORMAL")?;
    }
    connection.pragma_update(None, "foreign_keys", "ON")?;
    connection.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(())
}

fn migrate(connection: &Connection) -> rusqlite::Result<()> {
    connection.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_version (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)",
    )?;
    for (name, sql) in MIGRATIONS {
        let applied: bool = connection.query_row(
            "SELECT EXISTS (SELECT 1 FROM schema_version WHERE name = ?1)",
            [name],
            |row| row.get(0),
        )?;
        if applied {
            continue;
        }
        let transaction = connection.unchecked_transaction()?;
        transaction.execute_batch(sql)?;
        transaction.execute(
            "INSERT INTO schema_version (name, applied_at) VALUES (?1, ?2)",
            (name, crate::clock::now_text()),
        )?;
        transaction.commit()?;
    }
    Ok(())
}
