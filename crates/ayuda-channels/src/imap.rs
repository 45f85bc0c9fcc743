//! IMAP intake: fetches the mail of every active mailbox that has an IMAP account and hands each message to
//! [`App::ingest_email`].
//!
//! # Design
//!
//! [`ImapIntake::spawn`] starts a supervisor that reads the mailboxes from the store now and every
//! [`ImapSettings::rescan_interval`], and runs **one task per mailbox**: a slow, unreachable or misconfigured
//! server only ever holds back its own mailbox. A mailbox that is added, changed or deactivated has its
//! task started, restarted or stopped at the next rescan.
//!
//! A mailbox's task connects, logs in and repeats a *cycle*: SELECT the folder and note its UIDVALIDITY,
//! `UID SEARCH` what is still to import (`UNSEEN NOT DELETED` when imported mail is marked `\Seen`,
//! `ALL NOT DELETED` when it is moved to the processed folder), fetch those messages in chunks with
//! `BODY.PEEK[]` (which never sets `\Seen` by itself) and ingest them one by one. Between cycles it waits
//! with IDLE when the server offers it (renewed before servers drop it), else it polls. Any error closes
//! the connection and the task reconnects after a pause that doubles from one second to five minutes.
//!
//! # No mail lost, none taken twice
//!
//! A message is marked `\Seen` or moved only after `ingest_email` returned `Ok`, which means its outcome
//! (a ticket, a quarantine, a duplicate) is committed. On `Err` the cycle stops with the message untouched
//! and it is fetched again on the next attempt. A crash between the commit and the mark leaves a message
//! that is already recorded at its IMAP position (mailbox, UIDVALIDITY, UID): the next cycle finds the
//! record and only marks it. Should UIDVALIDITY change, the message's key (its Message-ID) still makes the
//! second ingestion a harmless duplicate.
//!
//! With `\Seen` marking, mail that someone else reads (marks `\Seen`) in the folder before Ayuda fetches it
//! is not imported; a processed folder avoids that and keeps the inbox empty.
//!
//! Folder names are sent as given (quoted); names outside ASCII must be written in IMAP's modified UTF-7.

mod connection;
mod worker;

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::time::Duration;

use ayuda_app::{App, AppError};
use ayuda_core::email::Mailbox;
use ayuda_core::id::MailboxId;
use ayuda_store::StoreError;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio_rustls::TlsConnector;

/// How the IMAP intake paces itself. The defaults suit production; tests shorten the intervals.
#[derive(Debug, Clone)]
pub struct ImapSettings {
    /// How often a server without IDLE is asked for new mail.
    pub poll_interval: Duration,
    /// How often the list of mailboxes is read again, to follow mailboxes added, changed or deactivated.
    pub rescan_interval: Duration,
    /// Longest IDLE before it is renewed: servers may drop an IDLE after 30 minutes (RFC 2177).
    pub idle_renewal: Duration,
    /// Messages fetched per command.
    pub fetch_chunk: usize,
    /// Longest wait for one answer from a server before the connection is given up.
    pub response_timeout: Duration,
    /// The first pause before reconnecting after an error; it doubles up to `backoff_max`.
    pub backoff_first: Duration,
    pub backoff_max: Duration,
    /// How long [`ImapIntake::shutdown`] lets tasks finish the message in hand before dropping them.
    pub shutdown_grace: Duration,
    /// Certificates (PEM) to trust besides the public roots, for servers with a private certificate
    /// authority.
    pub extra_roots_pem: Option<Vec<u8>>,
}

impl Default for ImapSettings {
    fn default() -> ImapSettings {
        ImapSettings {
            poll_interval: Duration::from_secs(60),
            rescan_interval: Duration::from_secs(30),
            idle_renewal: Duration::from_secs(25 * 60),
            fetch_chunk: 50,
            response_timeout: Duration::from_secs(120),
            backoff_first: Duration::from_secs(1),
            backoff_max: Duration::from_secs(5 * 60),
            shutdown_grace: Duration::from_secs(10),
            extra_roots_pem: None,
        }
    }
}

/// The running IMAP intake: a supervisor and one task per IMAP mailbox. Stop it with
/// [`ImapIntake::shutdown`]; dropping it stops it too, without waiting.
#[derive(Debug)]
pub struct ImapIntake {
    stop: watch::Sender<bool>,
    supervisor: JoinHandle<()>,
}

impl ImapIntake {
    /// Starts the intake on the current tokio runtime. Fails only on settings that can never work.
    pub fn spawn(app: App, settings: ImapSettings) -> Result<ImapIntake, ImapConfigError> {
        let tls = connection::tls_connector(settings.extra_roots_pem.as_deref())?;
        let (stop, stopped) = watch::channel(false);
        let supervisor = tokio::spawn(supervise(app, settings, tls, stopped));
        Ok(ImapIntake { stop, supervisor })
    }

    /// Stops every mailbox's task: each finishes (ingests and marks) the message in hand and logs out, within
    /// [`ImapSettings::shutdown_grace`]; a task still busy then is dropped, leaving its message unmarked on
    /// the server for the next start.
    pub async fn shutdown(self) {
        self.stop.send_replace(true);
        if let Err(error) = self.supervisor.await {
            tracing::error!(%error, "the IMAP intake's supervisor failed");
        }
    }
}

/// Settings of the intake that can never work.
#[derive(Debug, thiserror::Error)]
pub enum ImapConfigError {
    #[error("the extra root certificates cannot be used: {0}")]
    Roots(String),
}

/// One mailbox's task, and the mailbox as it was when the task started.
struct Worker {
    mailbox: Mailbox,
    stop: watch::Sender<bool>,
    handle: JoinHandle<()>,
}

impl Worker {
    fn start(app: &App, settings: &ImapSettings, tls: &TlsConnector, mailbox: Mailbox) -> Worker {
        let (stop, stopped) = watch::channel(false);
        let handle = tokio::spawn(worker::run(
            app.clone(),
            mailbox.clone(),
            settings.clone(),
            tls.clone(),
            stopped,
        ));
        Worker {
            mailbox,
            stop,
            handle,
        }
    }
}

async fn supervise(
    app: App,
    settings: ImapSettings,
    tls: TlsConnector,
    mut stopped: watch::Receiver<bool>,
) {
    let mut workers: HashMap<MailboxId, Worker> = HashMap::new();
    loop {
        match app.store().list_mailboxes().await {
            Ok(mailboxes) => reconcile(&app, &settings, &tls, &mut workers, mailboxes).await,
            Err(error) => tracing::warn!(
                error = %chain(&error),
                "cannot read the mailboxes; the IMAP intake keeps its current tasks"
            ),
        }
        tokio::select! {
            () = tokio::time::sleep(settings.rescan_interval) => {}
            () = until_stopped(&mut stopped) => break,
        }
    }
    stop_all(workers.into_values().collect(), settings.shutdown_grace).await;
    tracing::info!("the IMAP intake stopped");
}

/// Makes the running tasks match the mailboxes: one per active mailbox with an IMAP account, started
/// afresh when its mailbox changed or its task ended.
async fn reconcile(
    app: &App,
    settings: &ImapSettings,
    tls: &TlsConnector,
    workers: &mut HashMap<MailboxId, Worker>,
    mailboxes: Vec<Mailbox>,
) {
    let wanted: HashMap<MailboxId, Mailbox> = mailboxes
        .into_iter()
        .filter(|m| m.active && m.imap.is_some())
        .map(|m| (m.id, m))
        .collect();
    let stale: Vec<MailboxId> = workers
        .iter()
        .filter(|(id, worker)| {
            worker.handle.is_finished() || wanted.get(id) != Some(&worker.mailbox)
        })
        .map(|(id, _)| *id)
        .collect();
    let mut stopping = Vec::new();
    for id in stale {
        if let Some(worker) = workers.remove(&id) {
            if worker.handle.is_finished() {
                tracing::error!(mailbox = %worker.mailbox.name, "an IMAP task ended unexpectedly; restarting it");
            } else {
                tracing::info!(mailbox = %worker.mailbox.name, "the mailbox changed or was deactivated; stopping its IMAP task");
            }
            stopping.push(worker);
        }
    }
    // A changed mailbox's old task must be gone before its new one starts.
    stop_all(stopping, settings.shutdown_grace).await;
    for (id, mailbox) in wanted {
        if let Entry::Vacant(slot) = workers.entry(id) {
            tracing::info!(mailbox = %mailbox.name, "starting the IMAP intake of a mailbox");
            slot.insert(Worker::start(app, settings, tls, mailbox));
        }
    }
}

/// Asks every task to stop, waits up to `grace` for all of them, then drops those still running.
async fn stop_all(workers: Vec<Worker>, grace: Duration) {
    for worker in &workers {
        worker.stop.send_replace(true);
    }
    let deadline = tokio::time::Instant::now() + grace;
    for mut worker in workers {
        if tokio::time::timeout_at(deadline, &mut worker.handle)
            .await
            .is_err()
        {
            tracing::warn!(mailbox = %worker.mailbox.name, "an IMAP task did not stop in time; dropping it");
            worker.handle.abort();
        }
    }
}

/// Resolves once a stop is asked for (or nobody can ask any more).
async fn until_stopped(stopped: &mut watch::Receiver<bool>) {
    let _ = stopped.wait_for(|stop| *stop).await;
}

fn is_stopped(stopped: &watch::Receiver<bool>) -> bool {
    *stopped.borrow()
}

/// Why a session with a server ended. The messages name hosts, users and folders, never passwords.
#[derive(Debug, thiserror::Error)]
enum Error {
    #[error("cannot connect to {address}")]
    Connect {
        address: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{0:?} is not a valid TLS server name")]
    ServerName(String),
    #[error("the TLS handshake with {host} failed")]
    Tls {
        host: String,
        #[source]
        source: std::io::Error,
    },
    #[error("the server refused STARTTLS")]
    StartTls(#[source] async_imap::error::Error),
    #[error("the server refused the connection: {0}")]
    Refused(String),
    #[error("the server did not accept the login of {user:?}")]
    Login {
        user: String,
        #[source]
        source: async_imap::error::Error,
    },
    #[error("the server closed the connection")]
    Closed,
    #[error("no answer from the server within {0:?} ({1})")]
    Timeout(Duration, &'static str),
    #[error("IMAP")]
    Protocol(#[from] async_imap::error::Error),
    #[error("the folder {0:?} has no UIDVALIDITY")]
    NoUidValidity(String),
    #[error("the folder {0:?} is also the processed folder; imported mail would be imported again")]
    SameFolder(String),
    #[error("the message with UID {uid} could not be stored; it stays on the server")]
    Ingest {
        uid: u32,
        #[source]
        source: AppError,
    },
    #[error("the store failed")]
    Store(#[from] StoreError),
}

/// Runs `step`, failing with [`Error::Timeout`] when it takes longer than `limit`.
async fn within<T>(
    limit: Duration,
    what: &'static str,
    step: impl Future<Output = Result<T, Error>>,
) -> Result<T, Error> {
    tokio::time::timeout(limit, step)
        .await
        .map_err(|_| Error::Timeout(limit, what))?
}

/// An error and its causes on one line: "cannot connect to h:993: connection refused".
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
