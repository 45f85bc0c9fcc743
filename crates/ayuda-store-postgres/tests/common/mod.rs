//! Throwaway PostgreSQL databases: every test gets a new, empty database of its own, dropped again when the
//! guard goes out of scope, whether the test passed or failed.
//!
//! The server is the one in `AYUDA_TEST_DATABASE_URL`, by default the `test` database on 127.0.0.1:5432. When
//! it does not answer, the test prints why and passes, unless `AYUDA_TEST_STRICT=1` (CI), where it fails.

use sqlx::{AssertSqlSafe, Connection, PgConnection};
use uuid::Uuid;

const DEFAULT_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// A database that exists for one test.
#[derive(Debug)]
pub struct TestDatabase {
    /// Where the test connects to it.
    pub url: String,
    admin_url: String,
    name: String,
}

impl TestDatabase {
    /// A new empty database `ayuda_pg_<random>`, or `None` (after saying so) when PostgreSQL is unreachable.
    pub async fn create() -> Option<TestDatabase> {
        let admin_url = std::env::var("AYUDA_TEST_DATABASE_URL")
            .unwrap_or_else(|_| DEFAULT_ADMIN_URL.to_owned());
        let mut admin = match PgConnection::connect(&admin_url).await {
            Ok(connection) => connection,
            Err(error) => {
                let reason = format!("PostgreSQL not reachable ({admin_url}: {error})");
                if std::env::var("AYUDA_TEST_STRICT").is_ok_and(|strict| strict == "1") {
                    panic!("{reason}, and AYUDA_TEST_STRICT=1 forbids skipping");
                }
                eprintln!("skipping: {reason}");
                return None;
            }
        };
        let name = format!("ayuda_pg_{}", Uuid::new_v4().simple());
        sqlx::raw_sql(AssertSqlSafe(format!("create database {name}")))
            .execute(&mut admin)
            .await
            .unwrap_or_else(|error| panic!("create database {name}: {error}"));
        admin.close().await.expect("close the admin connection");
        let (server, _) = admin_url
            .rsplit_once('/')
            .expect("the admin URL names a database");
        Some(TestDatabase {
            url: format!("{server}/{name}"),
            admin_url,
            name,
        })
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        // Drop cannot await and runs inside the test's runtime, so a thread with a runtime of its own drops the
        // database; `with (force)` ends the connections a pool may still hold.
        let admin_url = self.admin_url.clone();
        let drop_database = format!("drop database if exists {} with (force)", self.name);
        let outcome = std::thread::spawn(move || -> Result<(), String> {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| e.to_string())?;
            runtime.block_on(async {
                let mut admin = PgConnection::connect(&admin_url)
                    .await
                    .map_err(|e| e.to_string())?;
                sqlx::raw_sql(AssertSqlSafe(drop_database))
                    .execute(&mut admin)
                    .await
                    .map_err(|e| e.to_string())?;
                admin.close().await.map_err(|e| e.to_string())
            })
        })
        .join();
        // Never panic in drop: during a failing test's unwinding that would abort and hide the real failure.
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(error)) => eprintln!("could not drop test database {}: {error}", self.name),
            Err(_) => eprintln!(
                "could not drop test database {}: the dropping thread panicked",
                self.name
            ),
        }
    }
}
