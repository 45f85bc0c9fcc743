//! One mailbox's IMAP task: connect, import in cycles, wait for new mail with IDLE or by polling, and
//! reconnect with backoff after any error. See the parent module for the rules it keeps.

use std::collections::HashSet;

use async_imap::types::UnsolicitedResponse;
use ayuda_app::App;
use ayuda_app::email::ingest::{Delivery, Ingested};
use ayuda_core::email::{ImapAccount, ImapPosition, InboundSource, Mailbox};
use futures_util::TryStreamExt;
use tokio::sync::watch;
use tokio_rustls::TlsConnector;

use super::connection::{self, ImapSession};
use super::{Error, ImapSettings, chain, is_stopped, until_stopped, within};

/// Runs until asked to stop. Never returns early on an error: it logs it and reconnects after a pause.
pub(super) async fn run(
    app: App,
    mailbox: Mailbox,
    settings: ImapSettings,
    tls: TlsConnector,
    mut stopped: watch::Receiver<bool>,
) {
    let Some(account) = mailbox.imap.clone() else {
        return;
    };
    let mut intake = Intake {
        app,
        mailbox,
        account,
        settings,
        tls,
        capabilities: Capabilities::default(),
    };
    let mut pause = intake.settings.backoff_first;
    loop {
        let mut worked = false;
        match intake.session(&mut stopped, &mut worked).await {
            Ok(()) => return,
            Err(error) => {
                // A session that got through a cycle was healthy: start the backoff afresh.
                if worked {
                    pause = intake.settings.backoff_first;
                }
                tracing::warn!(
                    mailbox = %intake.mailbox.name,
                    server = %format!("{}:{}", intake.account.host, intake.account.port),
                    user = %intake.account.user,
                    error = %chain(&error),
                    retry_in_secs = pause.as_secs_f64(),
                    "IMAP intake failed; reconnecting"
                );
            }
        }
        tokio::select! {
            () = tokio::time::sleep(pause) => {}
            () = until_stopped(&mut stopped) => return,
        }
        pause = (pause * 2).min(intake.settings.backoff_max);
    }
}

/// What the server can do, as far as the intake cares.
#[derive(Debug, Default, Clone, Copy)]
struct Capabilities {
    idle: bool,
    moves: bool,
    uidplus: bool,
}

struct Intake {
    app: App,
    mailbox: Mailbox,
    account: ImapAccount,
    settings: ImapSettings,
    tls: TlsConnector,
    capabilities: Capabilities,
}

/// How a wait between cycles ended.
enum Wake {
    /// Time for a cycle: new mail, a renewal, or a poll.
    Cycle,
    Stop,
}

impl Intake {
    /// One connection: cycles until an error (returned) or a stop (`Ok`). `worked` is set once a cycle
    /// completed.
    async fn session(
        &mut self,
        stopped: &mut watch::Receiver<bool>,
        worked: &mut bool,
    ) -> Result<(), Error> {
        if self.account.processed_folder.as_deref() == Some(self.account.folder.as_str()) {
            return Err(Error::SameFolder(self.account.folder.clone()));
        }
        let limit = self.settings.response_timeout;
        // Nothing is in hand while connecting: a stop need not wait for a slow or silent server.
        let mut session = tokio::select! {
            opened = connection::open(&self.account, &self.tls, limit) => opened?,
            () = until_stopped(stopped) => return Ok(()),
        };
        let capabilities = within(limit, "CAPABILITY", async {
            Ok(session.capabilities().await?)
        })
        .await?;
        self.capabilities = Capabilities {
            idle: capabilities.has_str("IDLE"),
            moves: capabilities.has_str("MOVE"),
            uidplus: capabilities.has_str("UIDPLUS"),
        };
        if let Some(processed) = &self.account.processed_folder {
            // Usually it exists already; the server's NO then is no failure.
            match within(limit, "CREATE", async {
                Ok(session.create(processed).await?)
            })
            .await
            {
                Ok(()) | Err(Error::Protocol(async_imap::error::Error::No(_))) => {}
                Err(error) => return Err(error),
            }
        }
        tracing::debug!(mailbox = %self.mailbox.name, capabilities = ?self.capabilities, "IMAP session open");
        loop {
            // Whatever the server said before this cycle is covered by its SEARCH.
            while session.unsolicited_responses.try_recv().is_ok() {}
            let imported = self.cycle(&mut session, stopped).await?;
            *worked = true;
            if imported > 0 {
                tracing::info!(mailbox = %self.mailbox.name, imported, "IMAP mail imported");
            }
            if is_stopped(stopped) {
                break;
            }
            // Mail that arrived during the cycle was announced in answers to its commands, not in IDLE.
            if new_mail_announced(&mut session) {
                continue;
            }
            let wake;
            (session, wake) = if self.capabilities.idle {
                self.idle(session, stopped).await?
            } else {
                tokio::select! {
                    () = tokio::time::sleep(self.settings.poll_interval) => (session, Wake::Cycle),
                    () = until_stopped(stopped) => (session, Wake::Stop),
                }
            };
            if let Wake::Stop = wake {
                break;
            }
        }
        let _ = within(limit, "LOGOUT", async { Ok(session.logout().await?) }).await;
        Ok(())
    }

    /// Imports what the folder holds: returns how many messages were ingested. Stops early, with every
    /// ingested message marked, when asked to stop.
    async fn cycle(
        &self,
        session: &mut ImapSession,
        stopped: &watch::Receiver<bool>,
    ) -> Result<usize, Error> {
        let limit = self.settings.response_timeout;
        let folder = &self.account.folder;
        let selected = within(limit, "SELECT", async { Ok(session.select(folder).await?) }).await?;
        let uid_validity = selected
            .uid_validity
            .ok_or_else(|| Error::NoUidValidity(folder.clone()))?;
        let query = if self.account.processed_folder.is_some() {
            "ALL NOT DELETED"
        } else {
            "UNSEEN NOT DELETED"
        };
        let mut uids: Vec<u32> = within(limit, "UID SEARCH", async {
            Ok(session.uid_search(query).await?)
        })
        .await?
        .into_iter()
        .collect();
        uids.sort_unstable();
        let mut imported = 0;
        for chunk in uids.chunks(self.settings.fetch_chunk.max(1)) {
            if is_stopped(stopped) {
                break;
            }
            let mut done = Vec::with_capacity(chunk.len());
            let outcome = self
                .import(session, uid_validity, chunk, &mut done, stopped)
                .await;
            // Whatever was committed is marked, even when the chunk stopped on an error.
            self.mark(session, &done).await?;
            imported += outcome?;
        }
        Ok(imported)
    }

    /// Ingests the messages of `chunk`, pushing to `done` each one whose outcome is committed.
    async fn import(
        &self,
        session: &mut ImapSession,
        uid_validity: u32,
        chunk: &[u32],
        done: &mut Vec<u32>,
        stopped: &watch::Receiver<bool>,
    ) -> Result<usize, Error> {
        // A message already recorded at its position was committed before a crash or a lost connection:
        // it only needs marking.
        let mut wanted = Vec::with_capacity(chunk.len());
        for &uid in chunk {
            let position = ImapPosition {
                account: self.account.position_key(),
                uid_validity,
                uid,
            };
            match self
                .app
                .store()
                .find_inbound_at(self.mailbox.id, position)
                .await?
            {
                Some(_) => done.push(uid),
                None => wanted.push(uid),
            }
        }
        if !done.is_empty() {
            tracing::info!(
                mailbox = %self.mailbox.name,
                already = done.len(),
                "IMAP messages were taken in before a restart but not marked; marking them now"
            );
        }
        if wanted.is_empty() {
            return Ok(0);
        }
        let messages = self.fetch(session, &wanted).await?;
        let mut imported = 0;
        for (uid, raw) in messages {
            let delivery = Delivery {
                raw,
                source: InboundSource::Imap,
                mailbox: Some(self.mailbox.clone()),
                imap: Some(ImapPosition {
                    account: self.account.position_key(),
                    uid_validity,
                    uid,
                }),
            };
            match self.app.ingest_email(delivery).await {
                Ok(outcome) => {
                    tracing::debug!(mailbox = %self.mailbox.name, uid, outcome = outcome_name(&outcome), "IMAP message ingested");
                    done.push(uid);
                    imported += 1;
                }
                Err(source) => return Err(Error::Ingest { uid, source }),
            }
            if is_stopped(stopped) {
                break;
            }
        }
        Ok(imported)
    }

    /// Fetches the raw messages with these UIDs, in UID order, without setting `\Seen`. A message expunged
    /// meanwhile is simply missing.
    async fn fetch(
        &self,
        session: &mut ImapSession,
        uids: &[u32],
    ) -> Result<Vec<(u32, Vec<u8>)>, Error> {
        let wanted: HashSet<u32> = uids.iter().copied().collect();
        let set = uid_set(uids);
        let limit = self.settings.response_timeout;
        let mut fetches = within(limit, "UID FETCH", async {
            Ok(session.uid_fetch(&set, "(UID BODY.PEEK[])").await?)
        })
        .await?;
        // Each message must come within the limit, not the whole chunk: a chunk of large messages from a
        // slow server may take long, yet never be cut off at the same point again and again.
        let mut messages: Vec<(u32, Vec<u8>)> = Vec::with_capacity(uids.len());
        while let Some(fetch) =
            within(limit, "UID FETCH", async { Ok(fetches.try_next().await?) }).await?
        {
            if let (Some(uid), Some(body)) = (fetch.uid, fetch.body())
                && wanted.contains(&uid)
            {
                messages.push((uid, body.to_vec()));
            }
        }
        messages.sort_by_key(|(uid, _)| *uid);
        messages.dedup_by_key(|(uid, _)| *uid);
        Ok(messages)
    }

    /// Marks committed messages: `\Seen` in place, or moved to the processed folder.
    async fn mark(&self, session: &mut ImapSession, uids: &[u32]) -> Result<(), Error> {
        if uids.is_empty() {
            return Ok(());
        }
        let limit = self.settings.response_timeout;
        let set = uid_set(uids);
        let Some(processed) = &self.account.processed_folder else {
            return within(limit, "UID STORE", async {
                let _: Vec<_> = session
                    .uid_store(&set, "+FLAGS.SILENT (\\Seen)")
                    .await?
                    .try_collect()
                    .await?;
                Ok(())
            })
            .await;
        };
        if self.capabilities.moves {
            return within(limit, "UID MOVE", async {
                Ok(session.uid_mv(&set, processed).await?)
            })
            .await;
        }
        within(limit, "UID COPY, STORE and EXPUNGE", async {
            session.uid_copy(&set, processed).await?;
            let _: Vec<_> = session
                .uid_store(&set, "+FLAGS.SILENT (\\Deleted)")
                .await?
                .try_collect()
                .await?;
            if self.capabilities.uidplus {
                let _: Vec<_> = session.uid_expunge(&set).await?.try_collect().await?;
            } else {
                // Without UIDPLUS, EXPUNGE also removes what others flagged \Deleted in this folder.
                let _: Vec<_> = session.expunge().await?.try_collect().await?;
            }
            Ok(())
        })
        .await
    }

    /// Waits in IDLE until the server reports a change, the renewal time passes, or a stop is asked for.
    async fn idle(
        &self,
        session: ImapSession,
        stopped: &mut watch::Receiver<bool>,
    ) -> Result<(ImapSession, Wake), Error> {
        let limit = self.settings.response_timeout;
        let mut idle = session.idle();
        within(limit, "IDLE", async { Ok(idle.init().await?) }).await?;
        let wake = {
            let (wait, _interrupt) = idle.wait_with_timeout(self.settings.idle_renewal);
            tokio::select! {
                outcome = wait => {
                    outcome?;
                    Wake::Cycle
                }
                () = until_stopped(stopped) => Wake::Stop,
            }
        };
        let session = within(limit, "DONE", async { Ok(idle.done().await?) }).await?;
        Ok((session, wake))
    }
}

/// Whether the server announced new messages since the unsolicited answers were last drained.
fn new_mail_announced(session: &mut ImapSession) -> bool {
    let mut announced = false;
    while let Ok(response) = session.unsolicited_responses.try_recv() {
        if matches!(
            response,
            UnsolicitedResponse::Exists(_) | UnsolicitedResponse::Recent(_)
        ) {
            announced = true;
        }
    }
    announced
}

fn outcome_name(outcome: &Ingested) -> &'static str {
    match outcome {
        Ingested::Opened { .. } => "opened",
        Ingested::Appended { .. } => "appended",
        Ingested::Bounce { .. } => "bounce",
        Ingested::Quarantined { .. } => "quarantined",
        Ingested::Duplicate => "duplicate",
    }
}

/// An IMAP sequence set for sorted UIDs, with runs written as ranges: `1:3,7,9:10`.
fn uid_set(uids: &[u32]) -> String {
    let mut set = String::new();
    let mut i = 0;
    while i < uids.len() {
        let start = uids[i];
        let mut end = start;
        while i + 1 < uids.len() && uids[i + 1] == end.wrapping_add(1) {
            i += 1;
            end = uids[i];
        }
        if !set.is_empty() {
            set.push(',');
        }
        if start == end {
            set.push_str(&start.to_string());
        } else {
            set.push_str(&format!("{start}:{end}"));
        }
        i += 1;
    }
    set
}

#[cfg(test)]
mod tests {
    use super::uid_set;

    #[test]
    fn uid_sets_write_runs_as_ranges() {
        assert_eq!(uid_set(&[]), "");
        assert_eq!(uid_set(&[5]), "5");
        assert_eq!(uid_set(&[1, 2, 3, 7, 9, 10]), "1:3,7,9:10");
        assert_eq!(uid_set(&[4, 6, 8]), "4,6,8");
        assert_eq!(uid_set(&[u32::MAX - 1, u32::MAX]), "4294967294:4294967295");
    }
}
