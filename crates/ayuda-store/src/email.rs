//! The values of the email channel that cross the storage seam: a received email's record with its raw
//! bytes, what a write adds for email (followers, outbox), and how a send attempt ended.

use ayuda_core::Timestamp;
use ayuda_core::contact::EmailAddress;
use ayuda_core::email::{InboundEmail, OutboxMail};
use ayuda_core::id::ContactId;

/// A received email to record: see [`crate::Store::record_inbound`] and [`EmailEffects::inbound`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboundRecord {
    pub email: InboundEmail,
    /// The raw message, kept in the database; `None` when the caller keeps it in the blob store.
    pub raw: Option<Vec<u8>>,
    /// A bounce: the address that could not be reached and what the report said.
    pub bounced: Option<BouncedAddress>,
}

/// A received email's record and its raw bytes when the database keeps them.
pub type InboundWithRaw = (InboundEmail, Option<Vec<u8>>);

/// An address mail could not be delivered to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BouncedAddress {
    pub address: EmailAddress,
    pub reason: String,
    pub at: Timestamp,
}

/// What a ticket write adds for email, in the same transaction as the ticket's own rows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EmailEffects {
    /// Contacts who follow the ticket from now on (people in Cc); those already following are skipped.
    pub followers: Vec<ContactId>,
    /// Mail to send once the write commits.
    pub outbox: Vec<OutboxMail>,
    /// The received email that caused the write. A quarantined record with the same id is replaced (an
    /// admin's retry); a record with the same message key or IMAP position is [`crate::StoreError::Duplicate`]
    /// and nothing is written.
    pub inbound: Option<InboundRecord>,
    /// Webhook calls rules make, once the write commits (queued like mail, so kept here with it).
    pub webhooks: Vec<ayuda_core::webhook::WebhookCall>,
}

impl EmailEffects {
    pub fn is_empty(&self) -> bool {
        self.followers.is_empty()
            && self.outbox.is_empty()
            && self.inbound.is_none()
            && self.webhooks.is_empty()
    }
}

/// How a send attempt ended: see [`crate::Store::finish_outbox`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendOutcome {
    Sent {
        at: Timestamp,
    },
    /// A temporary failure: try again at `at`.
    Retry {
        error: String,
        at: Timestamp,
    },
    /// A permanent failure, or the last attempt failed.
    Failed {
        error: String,
    },
}

/// The name of the duplicate a second record of the same email is reported as ([`crate::StoreError::Duplicate`]).
pub const DUPLICATE_EMAIL: &str = "inbound email";
