//! Email as the domain sees it: the mailboxes Ayuda receives for, what became of each received email, the
//! outbox and its retry schedule, and the limits that keep automatic mail from looping.

use std::fmt;

use jiff::{SignedDuration, Timestamp};

use crate::contact::EmailAddress;
use crate::id::{GroupId, InboundEmailId, MailboxId, MessageId, OutboxId, TicketId};

string_enum!(
    /// How a raw email reached Ayuda.
    InboundSource {
        /// Fetched from an IMAP mailbox.
        Imap = "imap",
        /// Piped in by an MTA (`ayuda mail-in`).
        Pipe = "pipe",
        /// Posted to `POST /api/v1/inbound/email` by a relay.
        Http = "http",
        /// Delivered by an MTA over LMTP.
        Lmtp = "lmtp",
    }
);

string_enum!(
    /// What became of a received email.
    InboundState {
        /// It opened a new ticket.
        Opened = "opened",
        /// It was added to an existing ticket.
        Appended = "appended",
        /// It reported that a mail Ayuda sent could not be delivered; the address is marked as bouncing.
        Bounce = "bounce",
        /// It could not be processed; the raw bytes and the reason wait for an admin.
        Quarantined = "quarantined",
    }
);

string_enum!(
    /// What a reply from the customer does to a closed ticket.
    ClosedReplyPolicy {
        /// Open a new ticket linked to the closed one (the default: a closed ticket's record stays as it was).
        FollowUp = "follow_up",
        /// Reopen the closed ticket.
        Reopen = "reopen",
    }
);

string_enum!(
    /// Why Ayuda sends an email.
    OutboxKind {
        /// An agent's public reply.
        Reply = "reply",
        /// The automatic "we received your message" for a new ticket.
        Acknowledgement = "acknowledgement",
        /// A one-time link that signs a customer in to the portal (or finishes signing up); it belongs to no
        /// ticket.
        SignInLink = "sign_in_link",
        /// A message a trigger or automation sends the customer; its text is kept with it.
        Rule = "rule",
        /// What an agent was told in the workspace since their last such mail, for the kinds they chose;
        /// it belongs to no ticket and its text is kept with it.
        AgentNotice = "agent_notice",
        /// The satisfaction survey of a solved ticket: a link per rating, sent once per ticket.
        Survey = "survey",
    }
);

impl OutboxKind {
    /// Automatic mail is sent without a person deciding to, so it is marked `Auto-Submitted` and capped.
    pub fn is_automatic(self) -> bool {
        matches!(
            self,
            OutboxKind::Acknowledgement
                | OutboxKind::SignInLink
                | OutboxKind::Rule
                | OutboxKind::AgentNotice
                | OutboxKind::Survey
        )
    }
}

string_enum!(
    /// Where an outgoing email is.
    OutboxState {
        /// Waiting for its first or next attempt.
        Pending = "pending",
        /// Accepted by the SMTP server.
        Sent = "sent",
        /// Refused for good, or still failing after every retry; shown on the ticket.
        Failed = "failed",
    }
);

string_enum!(
    /// How the connection to a mail server is protected.
    TlsMode {
        /// TLS from the first byte (IMAPS on 993, SMTPS on 465).
        Tls = "tls",
        /// A plain connection upgraded with STARTTLS (IMAP on 143, submission on 587).
        StartTls = "starttls",
        /// No encryption: only for servers on the same machine or in tests.
        Plain = "plain",
    }
);

/// A password for a mail server. Its `Debug` output never shows it, so it cannot end up in a log.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(pub String);

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password([redacted])")
    }
}

/// An IMAP account Ayuda fetches a mailbox's mail from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImapAccount {
    pub host: String,
    pub port: u16,
    pub tls: TlsMode,
    pub user: String,
    pub password: Password,
    /// The folder to fetch from, usually `INBOX`.
    pub folder: String,
    /// Where fetched messages go once they are committed in Ayuda; `None` marks them `\Seen` in place.
    pub processed_folder: Option<String>,
}

/// A mailbox Ayuda receives email for: a support address, and where its mail comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailbox {
    pub id: MailboxId,
    /// Unique; what `ayuda mail-in --mailbox NAME` names.
    pub name: String,
    /// The address customers write to; replies are sent from it.
    pub address: EmailAddress,
    /// Where the tickets it opens go.
    pub group_id: Option<GroupId>,
    /// `None` for a mailbox fed by an MTA (pipe or LMTP) or a relay (HTTP).
    pub imap: Option<ImapAccount>,
    pub active: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// The IMAP position of a fetched message: recognises a message fetched again after a crash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImapPosition {
    /// Which account and folder the UIDs belong to ([`ImapAccount::position_key`]): a mailbox pointed at
    /// another account or folder starts counting afresh, and its UIDs, even with an equal UIDVALIDITY
    /// (servers derive it from the creation time), are other messages.
    pub account: i64,
    pub uid_validity: u32,
    pub uid: u32,
}

impl ImapAccount {
    /// A stable 64-bit key of the server, user and folder a UID is counted in (FNV-1a, the same on every
    /// node and version; collisions between one mailbox's accounts are negligible).
    pub fn position_key(&self) -> i64 {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        let host = self.host.to_ascii_lowercase();
        let port = self.port.to_string();
        for part in [
            host.as_str(),
            port.as_str(),
            self.user.as_str(),
            self.folder.as_str(),
        ] {
            for byte in part.bytes().chain([0]) {
                hash ^= u64::from(byte);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        }
        i64::from_ne_bytes(hash.to_ne_bytes())
    }
}

/// The record of one received email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboundEmail {
    pub id: InboundEmailId,
    pub mailbox_id: Option<MailboxId>,
    pub source: InboundSource,
    pub imap: Option<ImapPosition>,
    /// The Message-ID, or `sha256:<hex>` of the raw bytes when it has none: a second email with the same key
    /// is a duplicate and is ignored.
    pub message_key: String,
    /// Hex SHA-256 of the raw message.
    pub raw_sha256: String,
    pub raw_size: i64,
    pub state: InboundState,
    /// Why it was quarantined, or what the bounce said.
    pub reason: Option<String>,
    pub ticket_id: Option<TicketId>,
    pub message_id: Option<MessageId>,
    pub received_at: Timestamp,
}

/// An email waiting in, or sent from, the outbox. It names what to send (the ticket, the message, the
/// recipients); the MIME is composed at sending time, so a retry sends the same Message-ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxMail {
    pub id: OutboxId,
    /// The ticket it is about; `None` for mail about the customer's account (a sign-in link).
    pub ticket_id: Option<TicketId>,
    /// The message it carries; `None` for mail that carries no message of the ticket (an acknowledgement).
    pub message_id: Option<MessageId>,
    pub kind: OutboxKind,
    pub mailbox_id: Option<MailboxId>,
    pub to: Vec<EmailAddress>,
    pub cc: Vec<EmailAddress>,
    /// The language to write in (templates), an ISO 639-1 code.
    pub language: String,
    pub state: OutboxState,
    pub attempts: u32,
    pub next_attempt_at: Timestamp,
    pub last_error: Option<String>,
    pub created_at: Timestamp,
    pub sent_at: Option<Timestamp>,
    /// The subject and text of mail that carries no message of the ticket and has no template (a rule's).
    pub content: Option<MailContent>,
}

/// A subject and plain text, filled in already.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailContent {
    pub subject: String,
    pub text: String,
}

impl OutboxMail {
    /// The lowercased first recipient, which caps of automatic mail count by.
    pub fn recipient_key(&self) -> String {
        self.to
            .first()
            .map(|address| address.as_str().to_lowercase())
            .unwrap_or_default()
    }
}

/// Attempts before an email that keeps failing with temporary errors is given up as failed.
pub const MAX_SEND_ATTEMPTS: u32 = 12;

/// How long to wait after the `attempts`-th failed attempt before the next: 30 seconds doubling up to an
/// hour, so a server that is down for a few hours still gets the mail. `None` when it is time to give up.
pub fn retry_delay(attempts: u32) -> Option<SignedDuration> {
    if attempts >= MAX_SEND_ATTEMPTS {
        return None;
    }
    let doubling = 30_i64.saturating_mul(1_i64 << attempts.saturating_sub(1).min(20));
    Some(SignedDuration::from_secs(doubling.min(3600)))
}

/// At most this many automatic mails go to one address in an hour: a loop with an autoresponder that does
/// not mark its mail as automatic still stops.
pub const AUTOMATIC_MAIL_PER_RECIPIENT_PER_HOUR: u32 = 5;

/// At most this many automatic mails go out for one ticket in a day.
pub const AUTOMATIC_MAIL_PER_TICKET_PER_DAY: u32 = 5;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_to_an_hour_then_give_up() {
        let delays: Vec<i64> = (1..=MAX_SEND_ATTEMPTS)
            .map(|attempt| retry_delay(attempt).map_or(-1, |d| d.as_secs()))
            .collect();
        assert_eq!(
            delays,
            [30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600, 3600, -1]
        );
    }

    #[test]
    fn imap_positions_are_scoped_to_the_account_and_folder() {
        let account = ImapAccount {
            host: "imap.acme.example".into(),
            port: 993,
            tls: TlsMode::Tls,
            user: "support".into(),
            password: Password("x".into()),
            folder: "INBOX".into(),
            processed_folder: None,
        };
        let same = ImapAccount {
            host: "IMAP.acme.example".into(),
            password: Password("changed".into()),
            processed_folder: Some("Done".into()),
            ..account.clone()
        };
        assert_eq!(account.position_key(), same.position_key());
        for other in [
            ImapAccount {
                user: "sales".into(),
                ..account.clone()
            },
            ImapAccount {
                folder: "Archive".into(),
                ..account.clone()
            },
            ImapAccount {
                port: 143,
                ..account.clone()
            },
            ImapAccount {
                host: "imap2.acme.example".into(),
                ..account.clone()
            },
        ] {
            assert_ne!(account.position_key(), other.position_key(), "{other:?}");
        }
    }

    #[test]
    fn passwords_stay_out_of_debug_output() {
        let password = Password("hunter2".into());
        assert!(!format!("{password:?}").contains("hunter2"));
    }
}
