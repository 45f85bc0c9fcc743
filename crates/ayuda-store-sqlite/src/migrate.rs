//! The migration runner: the SQL files under `migrations/`, applied in order, each in its own
//! `BEGIN IMMEDIATE` transaction together with its row in `schema_migration`.
//!
//! Taking the write lock before looking at `schema_migration` makes the runner safe to start from several
//! processes at once: the second waits for the first (busy timeout), then finds the migration applied.

use std::path::Path;

use ayuda_store::StoreError;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use crate::connection;
use crate::error::Error;
use crate::rows::micros;

/// A migration: its version, its name (the file name without `.sql`) and its SQL.
struct Migration {
    version: i64,
    name: &'static str,
    sql: &'static str,
}

/// Every migration, in order. Released ones are never edited; a change is a new file.
const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "0001_initial",
        sql: include_str!("../migrations/0001_initial.sql"),
    },
    Migration {
        version: 2,
        name: "0002_email",
        sql: include_str!("../migrations/0002_email.sql"),
    },
    Migration {
        version: 3,
        name: "0003_imap_account",
        sql: include_str!("../migrations/0003_imap_account.sql"),
    },
    Migration {
        version: 4,
        name: "0004_presence",
        sql: include_str!("../migrations/0004_presence.sql"),
    },
    Migration {
        version: 5,
        name: "0005_customer_credential",
        sql: include_str!("../migrations/0005_customer_credential.sql"),
    },
    Migration {
        version: 6,
        name: "0006_agent_preference",
        sql: include_str!("../migrations/0006_agent_preference.sql"),
    },
    Migration {
        version: 7,
        name: "0007_canned_response",
        sql: include_str!("../migrations/0007_canned_response.sql"),
    },
    Migration {
        version: 8,
        name: "0008_sign_in_link",
        sql: include_str!("../migrations/0008_sign_in_link.sql"),
    },
    Migration {
        version: 9,
        name: "0009_saved_view",
        sql: include_str!("../migrations/0009_saved_view.sql"),
    },
    Migration {
        version: 10,
        name: "0010_knowledge",
        sql: include_str!("../migrations/0010_knowledge.sql"),
    },
    Migration {
        version: 11,
        name: "0011_search_index",
        sql: include_str!("../migrations/0011_search_index.sql"),
    },
    Migration {
        version: 12,
        name: "0012_search_small_kinds",
        sql: include_str!("../migrations/0012_search_small_kinds.sql"),
    },
    Migration {
        version: 13,
        name: "0013_service_level",
        sql: include_str!("../migrations/0013_service_level.sql"),
    },
    Migration {
        version: 14,
        name: "0014_routing",
        sql: include_str!("../migrations/0014_routing.sql"),
    },
    Migration {
        version: 15,
        name: "0015_automation",
        sql: include_str!("../migrations/0015_automation.sql"),
    },
    Migration {
        version: 16,
        name: "0016_timed_rule",
        sql: include_str!("../migrations/0016_timed_rule.sql"),
    },
    Migration {
        version: 17,
        name: "0017_rule_mail",
        sql: include_str!("../migrations/0017_rule_mail.sql"),
    },
    Migration {
        version: 18,
        name: "0018_webhook_call",
        sql: include_str!("../migrations/0018_webhook_call.sql"),
    },
    Migration {
        version: 19,
        name: "0019_macro",
        sql: include_str!("../migrations/0019_macro.sql"),
    },
    Migration {
        version: 20,
        name: "0020_notification_mail",
        sql: include_str!("../migrations/0020_notification_mail.sql"),
    },
    Migration {
        version: 21,
        name: "0021_insight",
        sql: include_str!("../migrations/0021_insight.sql"),
    },
    Migration {
        version: 22,
        name: "0022_report",
        sql: include_str!("../migrations/0022_report.sql"),
    },
];

/// The database was migrated by a newer Ayuda than this one.
#[derive(Debug, thiserror::Error)]
#[error(
    "the database has migration {found}, newer than this program knows (up to {known}); upgrade Ayuda"
)]
struct TooNew {
    found: i64,
    known: i64,
}

/// The newest migration this program knows.
pub(crate) fn known_version() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// Applies the pending migrations to the database at `path` through a connection of its own.
pub(crate) fn migrate(path: &Path) -> Result<(), StoreError> {
    let mut connection = connection::open_writer(path)?;
    apply(&mut connection).map_err(StoreError::from)
}

/// Applies the pending migrations through `connection`, each in its own write transaction.
pub(crate) fn apply(connection: &mut Connection) -> Result<(), Error> {
    for migration in MIGRATIONS {
        let tx = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(
            "CREATE TABLE IF NOT EXISTS schema_migration (
                -- The number in the migration's file name.
                version    INTEGER NOT NULL CONSTRAINT schema_migration_pk PRIMARY KEY,
                -- The file name without .sql.
                name       TEXT    NOT NULL,
                -- Unix microseconds.
                applied_at INTEGER NOT NULL
            )",
        )?;
        let newest: Option<i64> =
            tx.query_row("SELECT max(version) FROM schema_migration", [], |row| {
                row.get(0)
            })?;
        let known = known_version();
        if let Some(found) = newest.filter(|&found| found > known) {
            return Err(StoreError::backend(TooNew { found, known }).into());
        }
        let applied = tx
            .query_row(
                "SELECT 1 FROM schema_migration WHERE version = ?1",
                [migration.version],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        if !applied {
            tracing::info!(migration = migration.name, "applying migration");
            tx.execute_batch(migration.sql)?;
            tx.execute(
                "INSERT INTO schema_migration (version, name, applied_at) VALUES (?1, ?2, ?3)",
                params![
                    migration.version,
                    migration.name,
                    micros(jiff::Timestamp::now())
                ],
            )?;
        }
        tx.commit()?;
    }
    Ok(())
}
