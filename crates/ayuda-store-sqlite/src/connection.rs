//! Opening connections with the settings every connection to an Ayuda database needs.
//!
//! - `journal_mode=WAL`: readers run beside the writer, and a commit appends to the log instead of
//!   rewriting pages. The mode is stored in the file, so it holds for other processes (the CLI) too.
//! - `synchronous=FULL`: a commit is on disk before it is reported; losing power loses nothing reported.
//! - `foreign_keys=ON`: SQLite checks references only when asked, per connection.
//! - `temp_store=MEMORY` (writer): savepoint sub-journals stay in memory; see `open_writer`.
//! - `busy_timeout=5000`: another process (the CLI while a server runs) may hold the write lock for a
//!   moment; wait for it rather than fail at once.

use std::path::Path;
use std::time::Duration;

use ayuda_store::StoreError;
use rusqlite::{Connection, OpenFlags};

use crate::error::Error;

const BUSY_TIMEOUT: Duration = Duration::from_millis(5000);

/// How much of the database file each connection may read through a memory map.
const MMAP_BYTES: i64 = 256 * 1024 * 1024;

/// Opens (creating if missing) a read-write connection, as the writer and the migration runner use.
pub(crate) fn open_writer(path: &Path) -> Result<Connection, Error> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let connection = Connection::open_with_flags(path, flags)?;
    connection.busy_timeout(BUSY_TIMEOUT)?;
    let mode: String =
        connection.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::backend(NotWal { mode }).into());
    }
    connection.pragma_update(None, "synchronous", "FULL")?;
    connection.pragma_update(None, "foreign_keys", "ON")?;
    // Each write of a batch runs in a savepoint, whose sub-journal (the pages as they were before the write)
    // would otherwise be a temporary file written with a syscall per page; it only matters until commit.
    connection.pragma_update(None, "temp_store", "MEMORY")?;
    // A larger page cache than the 2 MiB default: the writer touches every ticket index on each creation.
    connection.pragma_update(None, "cache_size", -32_768)?;
    // Checkpoints normally run on their own thread (checkpointer.rs); this automatic one, at ~128 MiB of WAL, is
    // only the backstop for when that thread falls behind. The WAL file is truncated back after a checkpoint.
    connection.pragma_update(None, "wal_autocheckpoint", 32_768)?;
    connection.pragma_update(None, "journal_size_limit", 64 * 1024 * 1024)?;
    // Reading pages through a memory map saves a system call per page the cache misses.
    connection.pragma_update(None, "mmap_size", MMAP_BYTES)?;
    connection.set_prepared_statement_cache_capacity(64);
    Ok(connection)
}

/// SQLite refused WAL mode, which the store's concurrency relies on.
#[derive(Debug, thiserror::Error)]
#[error(
    "SQLite kept journal_mode={mode} instead of wal (a file system without shared memory support?)"
)]
struct NotWal {
    mode: String,
}

/// Sets up a read-only connection. The file is in WAL mode already (the writer opened it first); asking for
/// it again changes nothing and confirms it.
/// A connection that only checkpoints the WAL, beside the writer.
pub(crate) fn open_checkpointer(path: &Path) -> Result<Connection, Error> {
    let connection = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    connection.busy_timeout(BUSY_TIMEOUT)?;
    connection.pragma_update(None, "synchronous", "FULL")?;
    Ok(connection)
}

pub(crate) fn configure_reader(connection: &Connection) -> Result<(), Error> {
    connection.busy_timeout(BUSY_TIMEOUT)?;
    let mode: String =
        connection.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::backend(NotWal { mode }).into());
    }
    connection.pragma_update(None, "synchronous", "FULL")?;
    connection.pragma_update(None, "foreign_keys", "ON")?;
    connection.pragma_update(None, "cache_size", -16_384)?;
    connection.pragma_update(None, "mmap_size", MMAP_BYTES)?;
    connection.set_prepared_statement_cache_capacity(64);
    Ok(())
}
