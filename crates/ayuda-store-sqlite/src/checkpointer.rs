//! The background checkpointer: copies committed WAL frames into the database file from its own connection,
//! so the writer thread never stalls on a checkpoint while requests wait for their commit.
//!
//! SQLite normally checkpoints inside the commit that pushes the WAL over its limit, on the writer's thread.
//! With a large database those checkpoints write pages all over the file and every queued write waits for
//! them (measured: throughput fell and p99 rose as the database grew). A PASSIVE checkpoint here runs beside
//! the writer without blocking it. The writer keeps a much higher automatic checkpoint as a backstop, in case
//! this thread falls behind.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::Duration;

use rusqlite::Connection;

use crate::connection;
use crate::error::Error;

/// How often the WAL is checkpointed.
const INTERVAL: Duration = Duration::from_millis(250);

/// Keeps the checkpointer thread alive; dropping it (with the last store handle) stops the thread.
#[derive(Debug)]
pub(crate) struct Checkpointer {
    _stop: mpsc::Sender<()>,
    progress: Arc<Progress>,
}

/// What the last background checkpoint reported: frames in the WAL, and frames copied into the database.
#[derive(Debug, Default)]
struct Progress {
    frames: AtomicI64,
    copied: AtomicI64,
}

impl Checkpointer {
    pub(crate) fn start(path: &Path) -> Result<Checkpointer, Error> {
        let connection = connection::open_checkpointer(path)?;
        let (stop, stopped) = mpsc::channel::<()>();
        let progress = Arc::new(Progress::default());
        let reported = Arc::clone(&progress);
        thread::Builder::new()
            .name("ayuda-sqlite-checkpoint".into())
            .spawn(move || run(&connection, &stopped, &reported))
            .map_err(|e| Error::from(ayuda_store::StoreError::backend(e)))?;
        Ok(Checkpointer {
            _stop: stop,
            progress,
        })
    }

    /// Frames in the WAL and frames copied, as of this thread's last checkpoint.
    pub(crate) fn progress(&self) -> (i64, i64) {
        (
            self.progress.frames.load(Ordering::Relaxed),
            self.progress.copied.load(Ordering::Relaxed),
        )
    }
}

fn run(connection: &Connection, stopped: &mpsc::Receiver<()>, progress: &Progress) {
    loop {
        match stopped.recv_timeout(INTERVAL) {
            Err(RecvTimeoutError::Timeout) => {
                // PASSIVE never waits for readers or the writer; what it cannot copy now it copies next time.
                let result = connection.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |row| {
                    Ok((row.get::<_, i64>(1)?, row.get::<_, i64>(2)?))
                });
                match result {
                    Ok((frames, copied)) => {
                        progress.frames.store(frames, Ordering::Relaxed);
                        progress.copied.store(copied, Ordering::Relaxed);
                    }
                    Err(error) => {
                        tracing::warn!(%error, "background WAL checkpoint failed; the writer's own checkpoint remains")
                    }
                }
            }
            Ok(()) | Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}
