//! Fresh, migrated stores for tests: a SQLite file in a temporary folder, or a throwaway PostgreSQL
//! database that is dropped again when the test ends, passing or failing.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use ayuda_store::Store;
use ayuda_store_postgres::PgStore;
use ayuda_store_sqlite::SqliteStore;
use sqlx::{AssertSqlSafe, Connection, PgConnection};
use tempfile::TempDir;
use uuid::Uuid;

/// The server the PostgreSQL tests create their databases on, unless `AYUDA_TEST_DATABASE_URL` names another.
pub const DEFAULT_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// How many connections each test's PostgreSQL pool may open: enough for the concurrency tests to contend
/// for real, few enough that two test threads stay far below the server's limit.
const PG_TEST_CONNECTIONS: u32 = 8;

/// A store that only this test uses. Keep it alive for the whole test: dropping it deletes the data.
pub struct TestStore {
    pub store: Arc<dyn Store>,
    /// Declared after `store` so it is dropped after it: the files or database outlive the store's handles.
    _storage: Storage,
}

impl fmt::Debug for TestStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TestStore")
            .field("store", &self.store)
            .field("storage", &self._storage)
            .finish()
    }
}

/// What has to be cleaned up after a test: held only to be dropped.
#[derive(Debug)]
enum Storage {
    /// Removed with its database file when dropped.
    Sqlite {
        _dir: TempDir,
    },
    Postgres {
        _database: ThrowawayDatabase,
    },
}

impl TestStore {
    /// The PostgreSQL URL of this test's database, for tests that start `ayuda` processes on it; `None` for SQLite.
    pub fn url(&self) -> Option<String> {
        match &self._storage {
            Storage::Sqlite { .. } => None,
            Storage::Postgres {
                _database: database,
            } => Some(database_url(&database.admin_url, &database.name)),
        }
    }
}

impl TestStore {
    /// A second handle on the same data, as another app node would open it: for PostgreSQL its own
    /// connection pool on the same database; for SQLite (one process per database file) the same store.
    pub async fn another_node(&self) -> Arc<dyn Store> {
        match self.url() {
            Some(url) => Arc::new(
                PgStore::connect(&url, PG_TEST_CONNECTIONS)
                    .await
                    .unwrap_or_else(|e| panic!("connect a second node to {url}: {e}")),
            ),
            None => Arc::clone(&self.store),
        }
    }
}

/// A fresh SQLite store, migrated, in its own temporary folder.
pub async fn sqlite() -> TestStore {
    let dir = tempfile::tempdir().expect("create a temporary folder for the SQLite test database");
    let store = open_sqlite(&dir.path().join("ayuda.db")).await;
    TestStore {
        store: Arc::new(store),
        _storage: Storage::Sqlite { _dir: dir },
    }
}

async fn open_sqlite(path: &Path) -> SqliteStore {
    let store = SqliteStore::open(path)
        .unwrap_or_else(|e| panic!("open SQLite at {}: {e}", path.display()));
    store
        .migrate()
        .await
        .unwrap_or_else(|e| panic!("migrate SQLite at {}: {e}", path.display()));
    store
}

/// A fresh PostgreSQL store in a new database `ayuda_t_<random hex>`, migrated, or `None` when no server answers.
///
/// The database is created through the admin URL in `AYUDA_TEST_DATABASE_URL` (default [`DEFAULT_ADMIN_URL`])
/// and dropped when the returned [`TestStore`] is. An unreachable server is reported on stderr and the test
/// is skipped, except under `AYUDA_TEST_STRICT=1` (CI), where it fails: CI must never pass by skipping.
pub async fn postgres() -> Option<TestStore> {
    let admin_url =
        std::env::var("AYUDA_TEST_DATABASE_URL").unwrap_or_else(|_| DEFAULT_ADMIN_URL.to_owned());
    let mut admin = match PgConnection::connect(&admin_url).await {
        Ok(connection) => connection,
        Err(error) => {
            let message = format!("skipping: PostgreSQL not reachable at {admin_url}: {error}");
            if std::env::var("AYUDA_TEST_STRICT").is_ok_and(|strict| strict == "1") {
                panic!("{message}");
            }
            eprintln!("{message}");
            return None;
        }
    };
    let name = format!("ayuda_t_{}", Uuid::new_v4().simple());
    sqlx::raw_sql(AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .unwrap_or_else(|e| panic!("create test database {name}: {e}"));
    // The guard exists before anything else can fail, so a failed connect or migration still drops it.
    let database = ThrowawayDatabase {
        admin_url: admin_url.clone(),
        name,
    };
    let _ = admin.close().await;

    let url = database_url(&admin_url, &database.name);
    let store = PgStore::connect(&url, PG_TEST_CONNECTIONS)
        .await
        .unwrap_or_else(|e| panic!("connect to test database {}: {e}", database.name));
    store
        .migrate()
        .await
        .unwrap_or_else(|e| panic!("migrate test database {}: {e}", database.name));
    Some(TestStore {
        store: Arc::new(store),
        _storage: Storage::Postgres {
            _database: database,
        },
    })
}

/// `admin_url` with its database name replaced by `name`, query parameters kept.
pub fn database_url(admin_url: &str, name: &str) -> String {
    let (base, query) = match admin_url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (admin_url, None),
    };
    // The path starts at the first `/` after the authority (`scheme://user@host:port`).
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let server = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{server}/{name}?{query}"),
        None => format!("{server}/{name}"),
    }
}

/// A database created for one test; dropping this drops the database.
#[derive(Debug)]
struct ThrowawayDatabase {
    admin_url: String,
    name: String,
}

impl Drop for ThrowawayDatabase {
    fn drop(&mut self) {
        // `Drop` cannot await and may run inside the test's runtime (even while a failed test unwinds), so the
        // database is dropped from a thread with a runtime of its own. `WITH (FORCE)` ends the connections the
        // store's pool may still hold.
        let admin_url = self.admin_url.clone();
        let name = self.name.clone();
        let dropped = std::thread::spawn(move || -> Result<(), String> {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| e.to_string())?;
            runtime.block_on(async {
                let mut admin = PgConnection::connect(&admin_url)
                    .await
                    .map_err(|e| e.to_string())?;
                sqlx::raw_sql(AssertSqlSafe(format!(
                    "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                )))
                .execute(&mut admin)
                .await
                .map_err(|e| e.to_string())?;
                let _ = admin.close().await;
                Ok(())
            })
        })
        .join();
        match dropped {
            Ok(Ok(())) => {}
            // Never panic here: a panic while a failed test unwinds would abort and hide the real failure.
            Ok(Err(error)) => eprintln!("could not drop test database {}: {error}", self.name),
            Err(_) => eprintln!(
                "could not drop test database {}: the dropping thread panicked",
                self.name
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::database_url;

    #[test]
    fn database_url_replaces_only_the_database_name() {
        assert_eq!(
            database_url("postgres://postgres@127.0.0.1:5432/test", "t1"),
            "postgres://postgres@127.0.0.1:5432/t1"
        );
        assert_eq!(
            database_url("postgres://u:p@db/x?sslmode=disable", "t1"),
            "postgres://u:p@db/t1?sslmode=disable"
        );
        assert_eq!(
            database_url("postgres://db:5432", "t1"),
            "postgres://db:5432/t1"
        );
    }
}
