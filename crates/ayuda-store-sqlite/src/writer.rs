//! The single writer thread: it owns the one read-write connection and commits writes in batches.
//!
//! SQLite allows one writer at a time, and with `synchronous=FULL` every commit costs an fsync, which caps a
//! one-commit-per-request design at a few thousand writes a second. So write jobs queue on a channel; the
//! thread takes the first, drains whatever else is already waiting (up to [`MAX_BATCH`]), runs them all in
//! one `BEGIN IMMEDIATE` transaction, each inside its own savepoint, and commits once. Under load a batch
//! grows to about the number of waiting callers, so one fsync serves many writes; with no load a batch is
//! one job and costs what a plain transaction costs.
//!
//! A job that fails rolls back to its savepoint: only its own changes are undone and only it gets the
//! error. Callers are answered after the commit, so a success is durable when reported; if the commit
//! fails, every job of the batch is told so.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Instant;

use ayuda_store::StoreError;
use rusqlite::{Connection, Transaction, TransactionBehavior};
use tokio::sync::oneshot;

use crate::error::{BatchFailed, WriterStopped};

/// The most jobs committed together; bounds the latency a batch adds to its first job.
pub(crate) const MAX_BATCH: usize = 512;

/// A handle to the writer thread; cheap to clone. The thread stops when the last handle is dropped.
#[derive(Debug, Clone)]
pub(crate) struct Writer {
    sender: mpsc::Sender<Command>,
    thread: Arc<JoinHandle<()>>,
    stats: Arc<Stats>,
}

/// Counters of the batches run, to see how well writes are batched.
#[derive(Debug, Default)]
struct Stats {
    batches: AtomicU64,
    jobs: AtomicU64,
}

/// How many write batches the writer has run since the store was opened, and how many writes they held:
/// `writes / batches` is the mean batch size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    pub batches: u64,
    pub writes: u64,
}

enum Command {
    /// A write to run in the next batch.
    Job(Box<dyn Job>),
    /// Work that needs the connection itself, outside any transaction (restoring a backup).
    Exclusive(Box<dyn FnOnce(&mut Connection) + Send>),
}

/// A queued write, type-erased so jobs with different results share the channel.
trait Job: Send {
    /// Runs the work inside the batch transaction and keeps its result; tells whether it succeeded.
    fn run(&mut self, tx: &Transaction<'_>) -> bool;
    /// Answers the caller once the batch is over: its own result if the batch committed, or if the job
    /// itself failed; the batch's failure otherwise.
    fn answer(self: Box<Self>, batch: Result<(), &str>);
}

struct Pending<T, F> {
    work: Option<F>,
    result: Option<Result<T, StoreError>>,
    reply: oneshot::Sender<Result<T, StoreError>>,
}

impl<T, F> Job for Pending<T, F>
where
    T: Send,
    F: FnOnce(&Transaction<'_>) -> Result<T, StoreError> + Send,
{
    fn run(&mut self, tx: &Transaction<'_>) -> bool {
        let Some(work) = self.work.take() else {
            return false;
        };
        let result = work(tx);
        let ok = result.is_ok();
        self.result = Some(result);
        ok
    }

    fn answer(self: Box<Self>, batch: Result<(), &str>) {
        let result = match (self.result, batch) {
            (Some(Err(error)), _) => Err(error),
            (Some(Ok(value)), Ok(())) => Ok(value),
            (Some(Ok(_)), Err(failure)) => {
                Err(StoreError::backend(BatchFailed(failure.to_owned())))
            }
            (None, Err(failure)) => Err(StoreError::backend(BatchFailed(failure.to_owned()))),
            (None, Ok(())) => Err(StoreError::backend(BatchFailed(
                "the write panicked".to_owned(),
            ))),
        };
        // The caller may have gone away (its request was cancelled); the write stands regardless.
        let _ = self.reply.send(result);
    }
}

impl Writer {
    /// Starts the writer thread on `connection`, which must be read-write with the store's pragmas set.
    pub(crate) fn start(connection: Connection) -> Result<Writer, StoreError> {
        let (sender, receiver) = mpsc::channel();
        let stats = Arc::new(Stats::default());
        let thread_stats = Arc::clone(&stats);
        let thread = std::thread::Builder::new()
            .name("ayuda-sqlite-writer".to_owned())
            .spawn(move || run(connection, receiver, &thread_stats))
            .map_err(StoreError::backend)?;
        Ok(Writer {
            sender,
            thread: Arc::new(thread),
            stats,
        })
    }

    /// Stops the writer thread once its queue is done and waits for it, closing its connection.
    pub(crate) fn close(self) {
        drop(self.sender);
        if let Ok(thread) = Arc::try_unwrap(self.thread) {
            let _ = thread.join();
        }
    }

    /// Runs `work` in the next batch and waits until the batch is committed.
    pub(crate) async fn write<T, F>(&self, work: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction<'_>) -> Result<T, StoreError> + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let job = Pending {
            work: Some(work),
            result: None,
            reply,
        };
        self.sender
            .send(Command::Job(Box::new(job)))
            .map_err(|_| StoreError::backend(WriterStopped))?;
        answer
            .await
            .map_err(|_| StoreError::backend(WriterStopped))?
    }

    /// Runs `work` on the write connection between batches, with no transaction open.
    pub(crate) async fn exclusive<T, F>(&self, work: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let command = Command::Exclusive(Box::new(move |connection: &mut Connection| {
            let _ = reply.send(work(connection));
        }));
        self.sender
            .send(command)
            .map_err(|_| StoreError::backend(WriterStopped))?;
        answer
            .await
            .map_err(|_| StoreError::backend(WriterStopped))?
    }

    pub(crate) fn stats(&self) -> WriteStats {
        WriteStats {
            batches: self.stats.batches.load(Ordering::Relaxed),
            writes: self.stats.jobs.load(Ordering::Relaxed),
        }
    }

    /// Whether the thread still runs (it stops only when every handle is gone, or on a bug).
    pub(crate) fn is_running(&self) -> bool {
        !self.thread.is_finished()
    }
}

fn run(mut connection: Connection, receiver: mpsc::Receiver<Command>, stats: &Stats) {
    // An exclusive command met while draining waits here until the batch before it is committed.
    let mut held_back: Option<Command> = None;
    loop {
        let first = match held_back.take() {
            Some(command) => command,
            None => match receiver.recv() {
                Ok(command) => command,
                Err(mpsc::RecvError) => return,
            },
        };
        match first {
            Command::Exclusive(work) => {
                if catch_unwind(AssertUnwindSafe(|| work(&mut connection))).is_err() {
                    tracing::error!("exclusive work on the SQLite writer panicked");
                }
            }
            Command::Job(job) => {
                let mut jobs = vec![job];
                while jobs.len() < MAX_BATCH {
                    match receiver.try_recv() {
                        Ok(Command::Job(job)) => jobs.push(job),
                        Ok(exclusive) => {
                            held_back = Some(exclusive);
                            break;
                        }
                        Err(_) => break,
                    }
                }
                stats.batches.fetch_add(1, Ordering::Relaxed);
                stats.jobs.fetch_add(jobs.len() as u64, Ordering::Relaxed);
                run_batch(&mut connection, jobs);
            }
        }
    }
}

fn run_batch(connection: &mut Connection, mut jobs: Vec<Box<dyn Job>>) {
    let started = Instant::now();
    let size = jobs.len();
    let outcome = commit_batch(connection, &mut jobs);
    if let Err(error) = &outcome {
        tracing::error!(%error, size, "SQLite write batch failed");
    }
    tracing::trace!(
        size,
        elapsed_us = started.elapsed().as_micros() as u64,
        "SQLite write batch"
    );
    let failure = outcome.as_ref().map_err(ToString::to_string);
    for job in jobs {
        job.answer(failure.as_ref().map(|_| ()).map_err(String::as_str));
    }
}

fn commit_batch(connection: &mut Connection, jobs: &mut [Box<dyn Job>]) -> rusqlite::Result<()> {
    let tx = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Cached like any hot statement: these run twice per write.
    let run = |sql: &str| tx.prepare_cached(sql)?.execute([]).map(drop);
    for job in jobs.iter_mut() {
        run("SAVEPOINT job")?;
        // A panicking job is treated as a failed one, so that a bug cannot stop the writer thread.
        let ok = catch_unwind(AssertUnwindSafe(|| job.run(&tx))).unwrap_or(false);
        if !ok {
            run("ROLLBACK TO job")?;
        }
        run("RELEASE job")?;
    }
    tx.commit()
}
