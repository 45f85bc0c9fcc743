//! Online backup and restore with SQLite's backup API, while the store keeps serving.
//!
//! A backup copies a consistent snapshot (one read transaction) from a pooled reader into a temporary file
//! beside the destination, switches the copy to a self-contained rollback journal, syncs it and renames it
//! into place: the destination holds either a complete backup or whatever it held before.
//!
//! A restore runs the backup API the other way, from the backup file into the live database, on the writer
//! connection between batches. The copy is one write transaction, so readers see the old content or the new,
//! never a mix, and other processes simply see a database that changed.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::thread;
use std::time::Duration;

use ayuda_store::StoreError;
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags, OptionalExtension};

use crate::error::Error;
use crate::migrate;

/// How often a backup step that found the database locked is retried before giving up.
const BUSY_RETRIES: u32 = 100;
const BUSY_PAUSE: Duration = Duration::from_millis(50);

/// The file to restore from is not an Ayuda database, or is damaged.
#[derive(Debug, thiserror::Error)]
#[error("{path} is not a usable Ayuda backup: {reason}")]
struct NotABackup {
    path: PathBuf,
    reason: String,
}

/// A backup step kept finding the database locked.
#[derive(Debug, thiserror::Error)]
#[error("the backup copy did not finish; the last step said {0}")]
struct Stalled(String);

/// Copies the whole database behind `source` to a new file at `dest`.
pub(crate) fn backup(source: &Connection, dest: &Path) -> Result<(), Error> {
    let partial = partial_path(dest);
    let result = backup_into(source, &partial).and_then(|()| {
        std::fs::rename(&partial, dest).map_err(StoreError::backend)?;
        sync_parent(dest)
    });
    if result.is_err() {
        // Leftovers of a failed attempt are of no use; failing to remove them changes nothing reported.
        let _ = std::fs::remove_file(&partial);
    }
    result
}

fn partial_path(dest: &Path) -> PathBuf {
    let mut name = dest
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(format!(".partial-{}", uuid::Uuid::now_v7().simple()));
    dest.with_file_name(name)
}

fn backup_into(source: &Connection, partial: &Path) -> Result<(), Error> {
    {
        let mut copy = Connection::open(partial)?;
        copy_all(source, &mut copy)?;
        // The copy carries the live database's WAL flag; a backup file is better self-contained, so that it
        // can be copied or mailed as one file.
        let mode: String =
            copy.pragma_update_and_check(None, "journal_mode", "DELETE", |row| row.get(0))?;
        tracing::debug!(mode, "backup copy journal mode");
        copy.close().map_err(|(_, error)| error)?;
    }
    File::open(partial)
        .and_then(|file| file.sync_all())
        .map_err(StoreError::backend)?;
    Ok(())
}

/// Makes a rename durable: the directory entry is on disk once its directory is synced.
fn sync_parent(path: &Path) -> Result<(), Error> {
    let parent = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    File::open(parent)
        .and_then(|dir| dir.sync_all())
        .map_err(StoreError::backend)?;
    Ok(())
}

/// Copies every page of `from` into `to` in one step (one consistent snapshot), retrying while locked.
fn copy_all(from: &Connection, to: &mut Connection) -> Result<(), Error> {
    let backup = Backup::new(from, to)?;
    let mut retries = 0;
    loop {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::More | StepResult::Busy | StepResult::Locked if retries < BUSY_RETRIES => {
                retries += 1;
                thread::sleep(BUSY_PAUSE);
            }
            other => return Err(StoreError::backend(Stalled(format!("{other:?}"))).into()),
        }
    }
}

/// Replaces the content of the database behind `live` (the writer connection) with the backup at `src`.
pub(crate) fn restore(live: &mut Connection, src: &Path) -> Result<(), Error> {
    let source = Connection::open_with_flags(src, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    check_backup(&source, src)?;
    copy_all(&source, live)?;
    // A backup taken by an older Ayuda comes back at its schema version; bring it up to date.
    migrate::apply(live)
}

/// Refuses to restore from a file that is not a sound Ayuda database: restoring replaces everything.
fn check_backup(source: &Connection, path: &Path) -> Result<(), Error> {
    let refuse = |reason: String| -> Error {
        StoreError::backend(NotABackup {
            path: path.to_owned(),
            reason,
        })
        .into()
    };
    let migrated: Option<i64> = source
        .query_row(
            "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migration'",
            [],
            |row| row.get(0),
        )
        .optional()
        .map_err(|e| refuse(e.to_string()))?;
    if migrated.is_none() {
        return Err(refuse("it has no schema_migration table".to_owned()));
    }
    let newest: Option<i64> =
        source.query_row("SELECT max(version) FROM schema_migration", [], |row| {
            row.get(0)
        })?;
    if newest.is_some_and(|newest| newest > migrate::known_version()) {
        return Err(refuse("it was made by a newer Ayuda".to_owned()));
    }
    let verdict: String = source.query_row("PRAGMA quick_check", [], |row| row.get(0))?;
    if verdict != "ok" {
        return Err(refuse(format!("quick_check says {verdict}")));
    }
    Ok(())
}
