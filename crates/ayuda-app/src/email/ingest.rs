//! Taking in one raw email: parse it, decide where it belongs, and write it with the ticket it opens or joins
//! in one transaction, or quarantine it with its raw bytes and the reason.
//!
//! The outcome is durable when [`App::ingest_email`] returns `Ok`, so a caller may then acknowledge the
//! message to whoever handed it over (mark it on the IMAP server, exit 0 to the MTA, answer 2xx). `Err` is
//! always temporary (the database or the disk failed) and nothing was written: the caller keeps the message
//! and tries again. Processing the same message twice is harmless: the second time is a duplicate.

use std::collections::HashMap;

use ayuda_core::automation::TriggerEvent;
use ayuda_core::contact::{Contact, EmailAddress, Identity};
use ayuda_core::email::{
    AUTOMATIC_MAIL_PER_RECIPIENT_PER_HOUR, AUTOMATIC_MAIL_PER_TICKET_PER_DAY, ClosedReplyPolicy,
    ImapPosition, InboundEmail as InboundRecordEmail, InboundSource, InboundState, Mailbox,
    OutboxKind, OutboxMail, OutboxState,
};
use ayuda_core::event::{Change, TicketEvent, Via};
use ayuda_core::id::{
    AttachmentId, ContactId, InboundEmailId, MessageId, OutboxId, TicketId, TicketNumber,
};
use ayuda_core::message::{Attachment, Author, Direction, Message, MessageKind, message_effect};
use ayuda_core::text::{Language, Name};
use ayuda_core::ticket::{
    Channel, FieldChange, LinkKind, Priority, Status, Ticket, TicketLink, TicketSubject, TicketType,
};
use ayuda_core::{FieldError, Timestamp};
use ayuda_mail::{Automation, HtmlPolicy, InboundEmail};
use ayuda_store::{
    DUPLICATE_EMAIL, EmailEffects, InboundRecord, NewTicket, Requester, StoreError, TicketWrite,
};
use jiff::SignedDuration;

use crate::blobs::{clean_filename, digest};
use crate::notifications::change_notifications;
use crate::{App, AppError};

/// A raw email and where it came from.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub raw: Vec<u8>,
    pub source: InboundSource,
    /// The mailbox it was received for; `None` when Ayuda has no mailbox configured.
    pub mailbox: Option<Mailbox>,
    pub imap: Option<ImapPosition>,
}

/// What became of a delivered email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ingested {
    Opened {
        ticket: TicketId,
        number: TicketNumber,
    },
    Appended {
        ticket: TicketId,
        number: TicketNumber,
    },
    /// A delivery failure report, noted on the ticket whose mail bounced.
    Bounce {
        ticket: TicketId,
        number: TicketNumber,
    },
    Quarantined {
        id: InboundEmailId,
        reason: String,
    },
    /// The same email was received before (same Message-ID or the same IMAP message); nothing was written.
    Duplicate,
}

impl std::fmt::Display for Ingested {
    /// One line for a log or an MTA: what became of the email.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Ingested::Opened { number, .. } => write!(f, "opened ticket #{number}"),
            Ingested::Appended { number, .. } => write!(f, "added to ticket #{number}"),
            Ingested::Bounce { number, .. } => write!(f, "bounce noted on ticket #{number}"),
            Ingested::Quarantined { id, reason } => write!(f, "quarantined as {id}: {reason}"),
            Ingested::Duplicate => f.write_str("already received"),
        }
    }
}

/// Most people in To and Cc who become followers of a ticket from one email.
const MAX_FOLLOWERS_PER_EMAIL: usize = 20;
/// Most attachments kept from one email; the raw message keeps them all.
const MAX_ATTACHMENTS: usize = 100;

/// Why processing stopped: a reason to quarantine the email for, or a temporary failure.
pub(super) enum Stop {
    Quarantine(String),
    Temporary(AppError),
    Duplicate,
}

impl From<StoreError> for Stop {
    fn from(error: StoreError) -> Stop {
        match error {
            StoreError::Duplicate(what) if what == DUPLICATE_EMAIL => Stop::Duplicate,
            error @ StoreError::Backend(_) => Stop::Temporary(AppError::Internal(error)),
            other => Stop::Quarantine(format!("it could not be stored: {other}")),
        }
    }
}

fn io_failure(error: std::io::Error) -> Stop {
    Stop::Temporary(AppError::Internal(StoreError::backend(error)))
}

/// A received email's record, before its outcome is known.
pub(super) struct Receipt {
    pub(super) id: InboundEmailId,
    source: InboundSource,
    mailbox: Option<Mailbox>,
    imap: Option<ImapPosition>,
    raw_sha256: String,
    raw_size: i64,
    /// The raw bytes when they go into the database, `None` when they went to the blob store.
    raw: Option<Vec<u8>>,
    received_at: Timestamp,
}

impl Receipt {
    pub(super) fn record(
        &self,
        message_key: String,
        state: InboundState,
        reason: Option<String>,
        ticket: Option<TicketId>,
        message: Option<MessageId>,
    ) -> InboundRecord {
        InboundRecord {
            email: InboundRecordEmail {
                id: self.id,
                mailbox_id: self.mailbox.as_ref().map(|m| m.id),
                source: self.source,
                imap: self.imap,
                message_key,
                raw_sha256: self.raw_sha256.clone(),
                raw_size: self.raw_size,
                state,
                reason,
                ticket_id: ticket,
                message_id: message,
                received_at: self.received_at,
            },
            raw: self.raw.clone(),
            bounced: None,
        }
    }
}

impl App {
    /// Takes in one raw email: see the module documentation for what `Ok` and `Err` promise.
    pub async fn ingest_email(&self, delivery: Delivery) -> Result<Ingested, AppError> {
        self.ingest(delivery, None).await
    }

    /// Runs a quarantined email through the pipeline again (after a fix, or a change of configuration).
    /// On success its record is replaced by the outcome; otherwise it stays quarantined with the new reason.
    pub async fn retry_quarantined(&self, id: InboundEmailId) -> Result<Ingested, AppError> {
        let (record, raw) = self
            .store
            .get_inbound(id)
            .await?
            .ok_or(AppError::NotFound("quarantined email"))?;
        if record.state != InboundState::Quarantined {
            return Err(AppError::Conflict("the email is not quarantined".into()));
        }
        let raw = match raw {
            Some(raw) => raw,
            None => self
                .blobs
                .get(&record.raw_sha256)
                .await
                .map_err(|e| AppError::Internal(StoreError::backend(e)))?
                .ok_or(AppError::NotFound("raw email"))?,
        };
        let mailbox = match record.mailbox_id {
            Some(id) => self.store.get_mailbox(id).await?,
            None => None,
        };
        let delivery = Delivery {
            raw,
            source: record.source,
            mailbox,
            imap: record.imap,
        };
        self.ingest(delivery, Some(record)).await
    }

    async fn ingest(
        &self,
        delivery: Delivery,
        retry_of: Option<InboundRecordEmail>,
    ) -> Result<Ingested, AppError> {
        let Delivery {
            raw,
            source,
            mailbox,
            imap,
        } = delivery;
        let raw_sha256 = digest(&raw);
        let raw_size = i64::try_from(raw.len()).unwrap_or(i64::MAX);
        // A retry keeps the bytes where they are; a new email goes to the database unless it is large.
        let kept_raw = match &retry_of {
            Some(_) => None,
            None if raw.len() <= self.email.inline_raw_limit => Some(raw.clone()),
            None => {
                self.blobs
                    .put(raw.clone())
                    .await
                    .map_err(|e| AppError::Internal(StoreError::backend(e)))?;
                None
            }
        };
        let receipt = Receipt {
            id: retry_of
                .as_ref()
                .map_or_else(InboundEmailId::generate, |r| r.id),
            source,
            mailbox,
            imap,
            raw_sha256,
            raw_size,
            raw: kept_raw,
            received_at: retry_of
                .as_ref()
                .map_or_else(|| self.clock.now(), |r| r.received_at),
        };
        // mail-parser is not expected to panic, but one message must never take the intake down with it.
        let parsed = std::panic::catch_unwind(|| ayuda_mail::parse(&raw));
        let fallback_key = retry_of.as_ref().map_or_else(
            || format!("sha256:{}", receipt.raw_sha256),
            |r| r.message_key.clone(),
        );
        let (outcome, message_key) = match parsed {
            Err(_) => (
                Err(Stop::Quarantine("the message could not be parsed".into())),
                fallback_key,
            ),
            Ok(Err(unreadable)) => (Err(Stop::Quarantine(unreadable.to_string())), fallback_key),
            Ok(Ok(email)) => {
                let key = message_key(&email, &receipt.raw_sha256);
                let key = retry_of.as_ref().map_or(key, |r| r.message_key.clone());
                match self.dedupe(&receipt, key, &email).await {
                    Ok(key) => (self.process(&receipt, &key, email).await, key),
                    Err(stop) => (Err(stop), String::new()),
                }
            }
        };
        match outcome {
            Ok(ingested) => Ok(ingested),
            Err(Stop::Duplicate) => Ok(Ingested::Duplicate),
            Err(Stop::Temporary(error)) => Err(error),
            Err(Stop::Quarantine(reason)) => {
                tracing::warn!(email = %receipt.id, %reason, "email quarantined");
                let record = receipt.record(
                    message_key,
                    InboundState::Quarantined,
                    Some(reason.clone()),
                    None,
                    None,
                );
                match self.store.record_inbound(record).await {
                    Ok(()) => Ok(Ingested::Quarantined {
                        id: receipt.id,
                        reason,
                    }),
                    Err(StoreError::Duplicate(what)) if what == DUPLICATE_EMAIL => {
                        Ok(Ingested::Duplicate)
                    }
                    Err(error) => Err(AppError::Internal(error)),
                }
            }
        }
    }

    async fn process(
        &self,
        receipt: &Receipt,
        message_key: &str,
        email: InboundEmail,
    ) -> Result<Ingested, Stop> {
        let key = self.thread_key().await?;
        if email
            .message_id
            .as_deref()
            .is_some_and(|id| ayuda_mail::ticket_reference(&key, id).is_some())
        {
            return Err(Stop::Quarantine(
                "this is mail Ayuda sent, delivered back to it (a forwarding loop?)".into(),
            ));
        }
        if email.automation == Automation::Bounce {
            return self
                .process_bounce(receipt, message_key, &key, &email)
                .await;
        }
        let sender_mailbox = email
            .from
            .as_ref()
            .or(email.reply_to.first())
            .ok_or_else(|| Stop::Quarantine("the message has no sender address".into()))?;
        let sender_address = EmailAddress::parse(&sender_mailbox.address).map_err(|_| {
            Stop::Quarantine(format!(
                "the sender's address {:?} is not valid",
                sender_mailbox.address
            ))
        })?;
        let sender_contact = self
            .store
            .find_contact(&Identity::email(&sender_address))
            .await?;
        let thread = self
            .find_thread(&key, &email, sender_contact.as_ref().map(|c| c.id))
            .await?;
        let ours = self.our_addresses().await?;
        let now = self.clock.now();
        let mut followers = Vec::new();
        // Everyone in Cc follows; so does everyone in To but Ayuda itself, which can only be told apart
        // when Ayuda knows its own addresses (a mailbox or a configured sender).
        let to = if ours.is_empty() {
            &[][..]
        } else {
            &email.to[..]
        };
        for person in to.iter().chain(&email.cc) {
            if followers.len() >= MAX_FOLLOWERS_PER_EMAIL {
                break;
            }
            let Ok(address) = EmailAddress::parse(&person.address) else {
                continue;
            };
            let lower = address.as_str().to_lowercase();
            if lower == sender_address.as_str().to_lowercase()
                || ours.contains(&lower)
                || ayuda_mail::ticket_from_address(&key, &lower).is_some()
            {
                continue;
            }
            let contact = self
                .find_or_create_contact(&address, person.name.as_deref(), now)
                .await?;
            if !followers.contains(&contact) {
                followers.push(contact);
            }
        }
        let attachments = self.store_attachments(&email).await?;
        let body = Body::of(&email, &attachments);
        let detected =
            ayuda_mail::detect_language(&body.full_text, email.content_language.as_deref())
                .and_then(|l| Language::parse(l.code()).ok());

        match thread {
            Some((ticket, _))
                if ticket.status != Status::Closed
                    || self.email.closed_reply == ClosedReplyPolicy::Reopen =>
            {
                let author = match &sender_contact {
                    Some(contact) => contact.id,
                    None => {
                        self.find_or_create_contact(
                            &sender_address,
                            sender_mailbox.name.as_deref(),
                            now,
                        )
                        .await?
                    }
                };
                let visible =
                    ayuda_mail::extract_reply(&body.full_text, Some(sender_address.as_str()));
                let message = Message {
                    id: MessageId::generate(),
                    ticket_id: ticket.id,
                    kind: MessageKind::Reply,
                    internal: false,
                    direction: Direction::Inbound,
                    author: Author::Contact(author),
                    channel: Channel::Email,
                    body_text: visible.visible,
                    body_html: None,
                    external_id: email.message_id.clone(),
                    attachments,
                    created_at: now,
                };
                let followers: Vec<ContactId> = followers
                    .into_iter()
                    .filter(|f| *f != ticket.requester_id)
                    .collect();
                self.append(
                    receipt,
                    message_key,
                    ticket.id,
                    message,
                    followers,
                    email.automation,
                )
                .await
            }
            closed => {
                let follow_up_of = closed.map(|(ticket, _)| ticket);
                self.open_from_email(
                    receipt,
                    message_key,
                    OpenFromEmail {
                        email: &email,
                        sender: &sender_address,
                        sender_name: sender_mailbox.name.as_deref(),
                        sender_contact,
                        followers,
                        body,
                        detected_language: detected,
                        follow_up_of,
                    },
                )
                .await
            }
        }
    }

    /// The key to record `email` under, or [`Stop::Duplicate`] when it was received before.
    ///
    /// The same message arrives more than once (two mailboxes, a relay's retry, an IMAP fetch after a
    /// crash), each copy with its own transport headers, so a copy is recognised by its Message-ID and
    /// content. A different message reusing a Message-ID (a broken or hostile sender) is no copy: it is
    /// recorded under its Message-ID and the digest of its bytes, never lost.
    async fn dedupe(
        &self,
        receipt: &Receipt,
        message_key: String,
        email: &InboundEmail,
    ) -> Result<String, Stop> {
        // A retried email finds its own quarantined record, which is no duplicate.
        let Some(earlier) = self
            .store
            .find_inbound(&message_key)
            .await?
            .filter(|earlier| earlier.id != receipt.id)
        else {
            return Ok(message_key);
        };
        if earlier.raw_sha256 == receipt.raw_sha256 {
            return Err(Stop::Duplicate);
        }
        let earlier_raw = match self.store.get_inbound(earlier.id).await? {
            Some((_, Some(raw))) => Some(raw),
            Some((record, None)) => self
                .blobs
                .get(&record.raw_sha256)
                .await
                .map_err(io_failure)?,
            None => None,
        };
        let earlier_email = earlier_raw.and_then(|raw| ayuda_mail::parse(&raw).ok());
        if earlier_email.is_some_and(|earlier| same_content(&earlier, email)) {
            return Err(Stop::Duplicate);
        }
        let distinct = format!("{message_key}#sha256:{}", receipt.raw_sha256);
        // The same distinct message may itself arrive twice.
        if self.store.find_inbound(&distinct).await?.is_some() {
            return Err(Stop::Duplicate);
        }
        tracing::warn!(message_id = %message_key, "a different message reuses a Message-ID; kept apart");
        Ok(distinct)
    }

    /// The addresses mail to Ayuda arrives at (its mailboxes and configured sender), lowercased: they never
    /// become contacts or followers.
    async fn our_addresses(&self) -> Result<Vec<String>, StoreError> {
        let mut ours: Vec<String> = self
            .store
            .list_mailboxes()
            .await?
            .into_iter()
            .map(|m| m.address.as_str().to_lowercase())
            .collect();
        if let Some(from) = &self.email.from {
            ours.push(from.as_str().to_lowercase());
        }
        Ok(ours)
    }

    /// The contact with this address, created (named as the email names them) if there is none.
    pub(crate) async fn find_or_create_contact(
        &self,
        address: &EmailAddress,
        name: Option<&str>,
        now: Timestamp,
    ) -> Result<ContactId, StoreError> {
        let identity = Identity::email(address);
        if let Some(contact) = self.store.find_contact(&identity).await? {
            return Ok(contact.id);
        }
        match self
            .store
            .create_contact(new_contact(address, name, now))
            .await
        {
            Ok(contact) => Ok(contact.id),
            // Another email created them meanwhile.
            Err(StoreError::Duplicate(_)) => self
                .store
                .find_contact(&identity)
                .await?
                .map(|c| c.id)
                .ok_or(StoreError::NotFound),
            Err(error) => Err(error),
        }
    }

    async fn store_attachments(&self, email: &InboundEmail) -> Result<Vec<Attachment>, Stop> {
        let mut stored = Vec::new();
        for part in email.attachments.iter().take(MAX_ATTACHMENTS) {
            let sha256 = self
                .blobs
                .put(part.content.clone())
                .await
                .map_err(io_failure)?;
            stored.push(Attachment {
                id: AttachmentId::generate(),
                filename: part
                    .filename
                    .as_deref()
                    .map(clean_filename)
                    .unwrap_or_else(|| "attachment".to_owned()),
                content_type: part.content_type.clone(),
                size: i64::try_from(part.size).unwrap_or(i64::MAX),
                sha256,
                content_id: part.content_id.clone(),
            });
        }
        Ok(stored)
    }

    async fn append(
        &self,
        receipt: &Receipt,
        message_key: &str,
        ticket: TicketId,
        message: Message,
        followers: Vec<ContactId>,
        automation: Automation,
    ) -> Result<Ingested, Stop> {
        for _ in 0..5 {
            let Some(mut current) = self.store.get_ticket(ticket).await? else {
                return Err(Stop::Quarantine("its ticket was deleted meanwhile".into()));
            };
            let before = current.clone();
            let now = message.created_at;
            let mut events = vec![TicketEvent::new(
                current.id,
                message.author,
                Via::Email,
                Change::MessageAdded {
                    message_id: message.id,
                    kind: message.kind,
                    internal: message.internal,
                },
                now,
            )];
            // Machine mail (an out-of-office, a list) is kept on the ticket but moves nothing.
            if automation == Automation::Person {
                let status = if current.status == Status::Closed {
                    Some(Status::Open)
                } else {
                    message_effect(&current, message.author, false, Direction::Inbound).status
                };
                if let Some(status) = status.filter(|s| *s != current.status) {
                    events.push(TicketEvent::new(
                        current.id,
                        message.author,
                        Via::Email,
                        Change::Field(FieldChange {
                            field: "status".into(),
                            from: Some(current.status.as_str().into()),
                            to: Some(status.as_str().into()),
                        }),
                        now,
                    ));
                    if matches!(current.status, Status::Solved | Status::Closed) {
                        current.solved_at = None;
                    }
                    current.status = status;
                }
            }
            current.updated_at = now;
            // Machine mail moves no clock either: it is not the customer waiting for an answer.
            let counted = (automation == Automation::Person).then_some(&message);
            // Triggers answer people, never machines: an autoresponder cannot start a loop with them.
            let mut routing = None;
            let mut rule_notifications = Vec::new();
            let mut rule_mail = Vec::new();
            let mut rule_calls = Vec::new();
            if let Some(message) = counted {
                let event = match message.author {
                    Author::Contact(_) => TriggerEvent::CustomerReplied,
                    Author::Agent(_) | Author::System => TriggerEvent::TicketUpdated,
                };
                let effects = self
                    .fire_triggers(event, &mut current, Some(message), None, now, None)
                    .await
                    .map_err(Stop::Temporary)?;
                events.extend(effects.events);
                rule_notifications = effects.notifications;
                routing = effects.routing;
                rule_mail = effects.outbox;
                rule_calls = effects.webhooks;
            }
            self.track_sla(Some(&before), &mut current, counted, now)
                .await
                .map_err(Stop::Temporary)?;
            let record = receipt.record(
                message_key.to_owned(),
                InboundState::Appended,
                None,
                Some(current.id),
                Some(message.id),
            );
            let number = current.number;
            let mut notifications = match counted {
                Some(message) => change_notifications(
                    Some(&before),
                    &current,
                    message.author,
                    Some(message),
                    now,
                ),
                None => Vec::new(),
            };
            notifications.extend(rule_notifications);
            let write = TicketWrite {
                notifications,
                ticket: current,
                message: Some(message.clone()),
                events,
                email: EmailEffects {
                    followers: followers.clone(),
                    outbox: rule_mail,
                    inbound: Some(record),
                    webhooks: rule_calls,
                },
                routing,
            };
            match self.store.write_ticket(write).await {
                Err(StoreError::Conflict) => continue,
                Err(error) => return Err(error.into()),
                Ok(_) => {
                    self.changed(ticket);
                    return Ok(Ingested::Appended { ticket, number });
                }
            }
        }
        Err(Stop::Temporary(AppError::Conflict(
            "the ticket is changing too fast; try again".into(),
        )))
    }

    async fn open_from_email(
        &self,
        receipt: &Receipt,
        message_key: &str,
        open: OpenFromEmail<'_>,
    ) -> Result<Ingested, Stop> {
        let now = self.clock.now();
        let email = open.email;
        let (requester, requester_id, known_language) = match open.sender_contact {
            Some(contact) => (
                Requester::Existing(contact.id),
                contact.id,
                contact.language,
            ),
            None => {
                let contact = new_contact(open.sender, open.sender_name, now);
                let id = contact.id;
                (Requester::New(contact), id, None)
            }
        };
        let language = open
            .detected_language
            .or(known_language)
            .unwrap_or_else(Language::english);
        let subject = ticket_subject(&email.subject);
        let ticket = Ticket {
            id: TicketId::generate(),
            number: TicketNumber(0),
            subject,
            status: Status::New,
            priority: Priority::Normal,
            ticket_type: TicketType::Question,
            channel: Channel::Email,
            requester_id,
            organization_id: None,
            group_id: receipt.mailbox.as_ref().and_then(|m| m.group_id),
            assignee_id: None,
            tags: Vec::new(),
            custom_fields: Default::default(),
            language: language.clone(),
            links: open
                .follow_up_of
                .iter()
                .map(|previous| TicketLink {
                    ticket_id: previous.id,
                    kind: LinkKind::FollowUp,
                })
                .collect(),
            merged_into: None,
            created_at: now,
            updated_at: now,
            first_response_at: None,
            solved_at: None,
            sla: None,
            category_id: None,
            insight: Default::default(),
            version: 1,
        };
        let message = Message {
            id: MessageId::generate(),
            ticket_id: ticket.id,
            kind: MessageKind::Reply,
            internal: false,
            direction: Direction::Inbound,
            author: Author::Contact(requester_id),
            channel: Channel::Email,
            body_text: open.body.full_text,
            body_html: open.body.html,
            external_id: email.message_id.clone(),
            attachments: open.body.attachments,
            created_at: now,
        };
        let events = vec![TicketEvent::new(
            ticket.id,
            Author::Contact(requester_id),
            Via::Email,
            Change::Created,
            now,
        )];
        let mut outbox = Vec::new();
        if self.email.acknowledge && email.automation.may_auto_answer() {
            let to = email
                .reply_to
                .iter()
                .find_map(|r| EmailAddress::parse(&r.address).ok())
                .unwrap_or_else(|| open.sender.clone());
            if self.may_send_automatic(&to, None, now).await? {
                outbox.push(OutboxMail {
                    id: OutboxId::generate(),
                    ticket_id: Some(ticket.id),
                    message_id: None,
                    kind: OutboxKind::Acknowledgement,
                    mailbox_id: receipt.mailbox.as_ref().map(|m| m.id),
                    to: vec![to],
                    cc: Vec::new(),
                    language: language.primary().to_owned(),
                    state: OutboxState::Pending,
                    attempts: 0,
                    next_attempt_at: now,
                    last_error: None,
                    created_at: now,
                    sent_at: None,
                    content: None,
                });
            }
        }
        let record = receipt.record(
            message_key.to_owned(),
            InboundState::Opened,
            None,
            Some(ticket.id),
            Some(message.id),
        );
        let followers = open
            .followers
            .into_iter()
            .filter(|f| *f != requester_id)
            .collect();
        let mut ticket = ticket;
        let mut events = events;
        let mut notifications = Vec::new();
        let mut webhooks = Vec::new();
        if email.automation == Automation::Person {
            let effects = self
                .fire_triggers(
                    TriggerEvent::TicketCreated,
                    &mut ticket,
                    Some(&message),
                    None,
                    now,
                    match &requester {
                        Requester::New(contact) => Some(contact),
                        Requester::Existing(_) => None,
                    },
                )
                .await
                .map_err(Stop::Temporary)?;
            events.extend(effects.events);
            notifications = effects.notifications;
            outbox.extend(effects.outbox);
            webhooks = effects.webhooks;
        }
        self.track_sla(None, &mut ticket, Some(&message), now)
            .await
            .map_err(Stop::Temporary)?;
        let created = self
            .store
            .create_ticket(NewTicket {
                notifications,
                ticket,
                requester,
                message,
                events,
                email: EmailEffects {
                    followers,
                    outbox,
                    inbound: Some(record),
                    webhooks,
                },
            })
            .await?;
        self.routed(created.ticket.clone()).await;
        Ok(Ingested::Opened {
            ticket: created.ticket.id,
            number: created.ticket.number,
        })
    }

    /// Whether one more automatic mail may go to `to` (and for `ticket`): the caps that stop loops with
    /// autoresponders that do not say they are one.
    pub(crate) async fn may_send_automatic(
        &self,
        to: &EmailAddress,
        ticket: Option<TicketId>,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        let hour_ago = now - SignedDuration::from_hours(1);
        let cap = AUTOMATIC_MAIL_PER_RECIPIENT_PER_HOUR;
        if self
            .store
            .count_automatic_to(&to.as_str().to_lowercase(), hour_ago, cap)
            .await?
            >= cap
        {
            tracing::info!("automatic mail to this recipient capped for the hour");
            return Ok(false);
        }
        if let Some(ticket) = ticket {
            let day_ago = now - SignedDuration::from_hours(24);
            let cap = AUTOMATIC_MAIL_PER_TICKET_PER_DAY;
            if self.store.count_automatic_for(ticket, day_ago, cap).await? >= cap {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

/// What a new ticket from email needs besides the receipt.
struct OpenFromEmail<'a> {
    email: &'a InboundEmail,
    sender: &'a EmailAddress,
    sender_name: Option<&'a str>,
    sender_contact: Option<Contact>,
    followers: Vec<ContactId>,
    body: Body,
    /// The language the email is written in, when it could be told.
    detected_language: Option<Language>,
    follow_up_of: Option<Ticket>,
}

/// A message's text, safe HTML and attachments.
struct Body {
    /// The whole text (quoted history included); HTML-only mail converted.
    full_text: String,
    html: Option<String>,
    attachments: Vec<Attachment>,
}

impl Body {
    fn of(email: &InboundEmail, attachments: &[Attachment]) -> Body {
        let full_text = match (&email.text, &email.html) {
            (Some(text), _) if !text.trim().is_empty() => text.clone(),
            (_, Some(html)) => ayuda_mail::html_to_text(html),
            _ => String::new(),
        };
        // Stored with the line endings every other message has.
        let full_text = full_text
            .replace("\r\n", "\n")
            .replace('\r', "\n")
            .trim_end()
            .to_owned();
        // Inline images are shown from Ayuda's own attachment URL; remote ones stay blocked.
        let cid_urls: HashMap<String, String> = attachments
            .iter()
            .filter_map(|a| {
                let cid = a.content_id.as_ref()?;
                Some((cid.clone(), format!("/api/v1/attachments/{}", a.id)))
            })
            .collect();
        let html = email.html.as_deref().map(|html| {
            let policy = HtmlPolicy {
                cid_urls,
                ..HtmlPolicy::default()
            };
            ayuda_mail::sanitize_html(html, &policy).html
        });
        Body {
            full_text,
            html,
            attachments: attachments.to_vec(),
        }
    }
}

/// Whether two parsed messages say the same thing from the same sender: copies of one message that took
/// different routes (their transport headers differ, their content does not).
fn same_content(a: &InboundEmail, b: &InboundEmail) -> bool {
    let sender = |e: &InboundEmail| e.from.as_ref().map(|f| f.address.to_lowercase());
    let files = |e: &InboundEmail| {
        e.attachments
            .iter()
            .map(|f| (f.filename.clone(), f.size))
            .collect::<Vec<_>>()
    };
    // Routes rewrite line endings (CRLF, LF, CR), so bodies are compared word by word.
    fn words(body: Option<&String>) -> Vec<&str> {
        body.map(|b| b.split_whitespace().collect())
            .unwrap_or_default()
    }
    sender(a) == sender(b)
        && a.subject == b.subject
        && words(a.text.as_ref()) == words(b.text.as_ref())
        && words(a.html.as_ref()) == words(b.html.as_ref())
        && files(a) == files(b)
}

/// The key a duplicate is recognised by: the Message-ID, or the digest of the bytes when there is none.
fn message_key(email: &InboundEmail, raw_sha256: &str) -> String {
    match &email.message_id {
        Some(id) if id.len() <= 900 => id.clone(),
        Some(id) => format!("sha256:{}", digest(id.as_bytes())),
        None => format!("sha256:{raw_sha256}"),
    }
}

/// A subject for a ticket from an email subject: reply prefixes and our own token removed, one clean line.
fn ticket_subject(raw: &str) -> TicketSubject {
    let stripped = ayuda_mail::strip_reply_prefixes(raw);
    let line: String = stripped
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let line: String = line.chars().take(255).collect();
    TicketSubject::parse(&line)
        .or_else(|_: FieldError| TicketSubject::parse("(no subject)"))
        .expect("a fixed subject is valid")
}

fn new_contact(address: &EmailAddress, name: Option<&str>, now: Timestamp) -> Contact {
    let local = address.as_str().split('@').next().unwrap_or("customer");
    let name = name
        .and_then(|n| Name::parse(n).ok())
        .or_else(|| Name::parse(local).ok())
        .unwrap_or_else(|| Name::parse("customer").expect("a fixed name is valid"));
    Contact {
        id: ContactId::generate(),
        name,
        identities: vec![Identity::email(address)],
        language: None,
        time_zone: None,
        organization_id: None,
        notes: String::new(),
        custom_fields: Default::default(),
        created_at: now,
        updated_at: now,
    }
}
