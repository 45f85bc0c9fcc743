//! Chooses and opens the storage backend once, at start-up: PostgreSQL when a URL is given, else SQLite in
//! the data directory.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use ayuda_app::App;
use ayuda_app::blobs::BlobStore;
use ayuda_core::clock::SystemClock;
use ayuda_store::Store;
use ayuda_store_postgres::PgStore;
use ayuda_store_sqlite::SqliteStore;

use crate::cli::Global;
use crate::config::{FileConfig, redact_url};

/// The opened backend, kept concrete for the commands only one backend supports (backup, restore).
#[derive(Debug, Clone)]
pub enum Backend {
    Sqlite { store: SqliteStore, data: PathBuf },
    Postgres(PgStore),
}

impl Backend {
    pub fn store(&self) -> Arc<dyn Store> {
        match self {
            Backend::Sqlite { store, .. } => Arc::new(store.clone()),
            Backend::Postgres(store) => Arc::new(store.clone()),
        }
    }

    pub async fn migrate(&self) -> anyhow::Result<()> {
        match self {
            Backend::Sqlite { store, .. } => store.migrate().await,
            Backend::Postgres(store) => store.migrate().await,
        }
        .context("cannot apply the database migrations")
    }

    /// The application over this backend, with the email channel and blob store the configuration names.
    pub fn app(&self, file: &FileConfig) -> anyhow::Result<App> {
        let blobs = match (&file.storage.blobs, self) {
            (Some(dir), _) => dir.clone(),
            (None, Backend::Sqlite { data, .. }) => data.join("blobs"),
            (None, Backend::Postgres(_)) => PathBuf::from("ayuda-blobs"),
        };
        Ok(App::new(self.store(), Arc::new(SystemClock))
            .with_email(file.email.config()?)
            .with_blobs(BlobStore::new(blobs)))
    }

    /// Closes the database when this is its last handle (SQLite: see `SqliteStore::close`).
    pub fn close(self) {
        if let Backend::Sqlite { store, .. } = self {
            store.close();
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Backend::Sqlite { data, .. } => format!("SQLite at {}", database_file(data).display()),
            Backend::Postgres(_) => "PostgreSQL".to_owned(),
        }
    }
}

pub fn data_dir(global: &Global, file: &FileConfig) -> PathBuf {
    global
        .data
        .clone()
        .or_else(|| file.storage.data.clone())
        .unwrap_or_else(|| PathBuf::from("ayuda-data"))
}

pub fn database_file(data: &Path) -> PathBuf {
    data.join("ayuda.db")
}

/// [`open`] for one-shot commands that run once per message (`ayuda mail-in`): with SQLite, a brief store
/// (one read connection, no checkpoint thread), which opens in about half the time.
pub async fn open_brief(global: &Global, file: &FileConfig) -> anyhow::Result<Backend> {
    open_as(global, file, SqliteStore::open_brief).await
}

pub async fn open(global: &Global, file: &FileConfig) -> anyhow::Result<Backend> {
    open_as(global, file, SqliteStore::open).await
}

/// PostgreSQL when a URL is given, else SQLite in the data directory, opened with `open_sqlite`.
async fn open_as(
    global: &Global,
    file: &FileConfig,
    open_sqlite: fn(&Path) -> Result<SqliteStore, ayuda_store::StoreError>,
) -> anyhow::Result<Backend> {
    let url = global
        .database_url
        .clone()
        .or_else(|| file.storage.database_url.clone());
    match url {
        Some(url) => {
            let connections = file.storage.max_connections.unwrap_or(16);
            let store = PgStore::connect(&url, connections)
                .await
                .with_context(|| format!("cannot connect to PostgreSQL at {}", redact_url(&url)))?;
            Ok(Backend::Postgres(store))
        }
        None => {
            let data = data_dir(global, file);
            std::fs::create_dir_all(&data)
                .with_context(|| format!("cannot create the data directory {}", data.display()))?;
            let path = database_file(&data);
            let store = open_sqlite(&path)
                .with_context(|| format!("cannot open the database {}", path.display()))?;
            Ok(Backend::Sqlite { store, data })
        }
    }
}
