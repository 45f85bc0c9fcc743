//! The email channel's use cases: taking in a raw email ([`ingest`]), and the settings every node shares.
//!
//! One pipeline serves every way mail arrives (IMAP, the MTA pipe, HTTP, LMTP): the raw bytes are parsed,
//! matched to a ticket, and written with the ticket they open or join in one transaction, raw bytes
//! included. A message that cannot be processed is quarantined with its raw bytes and the reason, never
//! dropped; only a failure of the database itself is reported as temporary, so the sender retries.

use ayuda_core::contact::EmailAddress;
use ayuda_core::email::ClosedReplyPolicy;
use ayuda_mail::ThreadKey;
use ayuda_store::StoreError;

use crate::App;

mod admin;
mod bounce;
pub mod ingest;
pub mod outbound;
pub(crate) mod templates;
mod threading;

/// How the email channel behaves; the same on every node.
#[derive(Debug, Clone)]
pub struct EmailConfig {
    /// What a customer's reply does to a closed ticket.
    pub closed_reply: ClosedReplyPolicy,
    /// Whether a new ticket from email is acknowledged automatically (never to machine-sent mail).
    pub acknowledge: bool,
    /// The address mail comes from when a ticket has no mailbox.
    pub from: Option<EmailAddress>,
    /// Raw messages up to this many bytes are kept in the database; larger ones in the blob store.
    pub inline_raw_limit: usize,
    /// Where people reach the web interfaces (`https://help.example.com`), for the links in mail.
    pub public_url: Option<String>,
}

impl Default for EmailConfig {
    fn default() -> EmailConfig {
        EmailConfig {
            closed_reply: ClosedReplyPolicy::FollowUp,
            acknowledge: true,
            from: None,
            inline_raw_limit: 1 << 20,
            public_url: None,
        }
    }
}

/// The setting that holds the key signing threading references, shared by every node.
const THREAD_KEY_SETTING: &str = "email.thread_key";

impl App {
    pub fn email_config(&self) -> &EmailConfig {
        &self.email
    }

    /// The key that signs outbound Message-IDs and reply addresses: created once per installation, in the
    /// database, so every node signs and verifies alike.
    pub(crate) async fn thread_key(&self) -> Result<ThreadKey, StoreError> {
        self.thread_key
            .get_or_try_init(|| async {
                Ok(ThreadKey::from_bytes(
                    self.installation_secret(THREAD_KEY_SETTING).await?,
                ))
            })
            .await
            .cloned()
    }

    /// The 32-byte secret kept in `setting`, created at random by whichever node needs it first.
    pub(crate) async fn installation_secret(&self, setting: &str) -> Result<[u8; 32], StoreError> {
        let mut fresh = [0u8; 32];
        getrandom::fill(&mut fresh)
            .map_err(|e| StoreError::backend(std::io::Error::other(e.to_string())))?;
        let hex: String = fresh.iter().map(|b| format!("{b:02x}")).collect();
        let stored = self.store.init_setting(setting, &hex).await?;
        decode_key(&stored).ok_or_else(|| {
            StoreError::backend(std::io::Error::other(format!(
                "the setting {setting} is not 32 hex bytes"
            )))
        })
    }
}

fn decode_key(hex: &str) -> Option<[u8; 32]> {
    if hex.len() != 64 {
        return None;
    }
    let mut bytes = [0u8; 32];
    for (i, byte) in bytes.iter_mut().enumerate() {
        *byte = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(bytes)
}
