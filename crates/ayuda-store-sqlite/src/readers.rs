//! A small pool of read-only connections. In WAL mode readers see the last committed state and run beside
//! the writer without blocking it, so reads never queue behind the write batches.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use ayuda_store::StoreError;
use rusqlite::{Connection, OpenFlags, Transaction};
use tokio::sync::Semaphore;

use crate::connection;

/// How many reads run at once; more would only contend for the two to four cores a server has.
pub(crate) const POOL_SIZE: usize = 4;

/// The pool; shared by every clone of the store.
#[derive(Debug)]
pub(crate) struct Readers {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
    permits: Arc<Semaphore>,
}

impl Readers {
    /// Opens the pool's `size` connections. The database file must exist and be in WAL mode already.
    pub(crate) fn open(path: &Path, size: usize) -> Result<Arc<Readers>, StoreError> {
        let idle = (0..size)
            .map(|_| open_reader(path))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Arc::new(Readers {
            path: path.to_owned(),
            idle: Mutex::new(idle),
            permits: Arc::new(Semaphore::new(size)),
        }))
    }

    /// Runs `work` in a read transaction, so that a read made of several statements sees one snapshot.
    pub(crate) async fn read<T, F>(self: &Arc<Self>, work: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction<'_>) -> Result<T, StoreError> + Send + 'static,
    {
        self.with_connection(move |connection| {
            let tx = connection.transaction().map_err(StoreError::backend)?;
            let value = work(&tx)?;
            tx.commit().map_err(StoreError::backend)?;
            Ok(value)
        })
        .await
    }

    /// Runs `work` on a pooled connection on a blocking thread, outside any transaction.
    pub(crate) async fn with_connection<T, F>(self: &Arc<Self>, work: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(StoreError::backend)?;
        let pool = Arc::clone(self);
        let task = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let mut connection = pool.take()?;
            let result = work(&mut connection);
            pool.put_back(connection);
            result
        });
        task.await.map_err(StoreError::backend)?
    }

    fn take(&self) -> Result<Connection, StoreError> {
        let pooled = self
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        match pooled {
            Some(connection) => Ok(connection),
            // A read that panicked took its connection with it; open a replacement.
            None => open_reader(&self.path),
        }
    }

    fn put_back(&self, connection: Connection) {
        self.idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(connection);
    }
}

fn open_reader(path: &Path) -> Result<Connection, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let connection = Connection::open_with_flags(path, flags).map_err(StoreError::backend)?;
    connection::configure_reader(&connection)?;
    Ok(connection)
}
