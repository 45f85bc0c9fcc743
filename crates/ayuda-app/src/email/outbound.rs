//! Sending mail from the outbox: composing each mail when it is sent (so a retry sends the same Message-ID),
//! handing it to a [`MailTransport`], and recording the outcome with retries and exponential backoff.
//!
//! Rows get into the outbox in the same transaction as what they announce (a new ticket's acknowledgement,
//! an agent's reply), so a committed reply is never left unsent and an unsent one never claims to be sent.
//! A sender claims due rows with a lease; if it dies mid-send, the rows are due again when the lease ends,
//! so a mail may (rarely) be sent twice but never lost.

use ayuda_core::canned::fill;
use ayuda_core::contact::EmailAddress;
use ayuda_core::email::{OutboxKind, OutboxMail, retry_delay};
use ayuda_core::id::MessageId;
use ayuda_core::message::{Direction, Message};
use ayuda_core::ticket::Ticket;
use ayuda_mail::{AutoSubmitted, Mailbox, OutboundEmail, ThreadKey};
use ayuda_store::{SendOutcome, StoreError};
use jiff::SignedDuration;
use uuid::Uuid;

use crate::App;
use crate::email::templates;

/// Where a composed mail goes: the SMTP envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    pub from: String,
    pub to: Vec<String>,
}

/// Why a transport could not hand a mail over.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SendError {
    /// The server refused for good (a 5xx answer): retrying will not help.
    pub permanent: bool,
    pub message: String,
}

/// Something that delivers composed mail: SMTP in production.
#[async_trait::async_trait]
pub trait MailTransport: Send + Sync + std::fmt::Debug {
    async fn send(&self, envelope: &Envelope, message: &[u8]) -> Result<(), SendError>;
}

/// A composed mail, ready for a transport.
#[derive(Debug, Clone)]
pub struct ComposedMail {
    pub envelope: Envelope,
    pub message: Vec<u8>,
    pub message_id: String,
}

/// Addresses as a message's recipients, without display names.
pub(crate) fn unnamed(addresses: &[EmailAddress]) -> Vec<Mailbox> {
    addresses
        .iter()
        .map(|a| Mailbox {
            name: None,
            address: a.as_str().to_owned(),
        })
        .collect()
}

/// How long a claimed mail stays with its sender before another may take it.
const LEASE: SignedDuration = SignedDuration::from_mins(5);
/// Messages read to find the one a reply carries and the references before it.
const MAX_MESSAGES_SCANNED: usize = 2_000;
/// References listed in a reply: enough to thread it in any client, few enough for header limits.
const MAX_REFERENCES: usize = 20;

impl App {
    /// The Message-ID a mail of ticket `number` to `recipient` from outbox row `outbox` carries.
    pub(crate) fn outbound_id(
        key: &ThreadKey,
        number: i64,
        recipient: &str,
        outbox: Uuid,
        from: &EmailAddress,
    ) -> String {
        let domain = from.as_str().rsplit('@').next().unwrap_or("ayuda.invalid");
        ayuda_mail::outbound_message_id(
            key,
            u64::try_from(number).unwrap_or_default(),
            recipient,
            &outbox.simple().to_string(),
            domain,
        )
    }

    /// The address mail of a ticket comes from: its mailbox's, else the configured one.
    pub(crate) async fn sender_of(
        &self,
        mail: &OutboxMail,
    ) -> Result<Option<(EmailAddress, String)>, StoreError> {
        if let Some(id) = mail.mailbox_id
            && let Some(mailbox) = self.store.get_mailbox(id).await?
        {
            return Ok(Some((mailbox.address, mailbox.name)));
        }
        if let Some(from) = &self.email.from {
            return Ok(Some((from.clone(), String::new())));
        }
        // Mail of no mailbox (a sign-in link) comes from the first active one.
        if mail.ticket_id.is_none() {
            let mailboxes = self.store.list_mailboxes().await?;
            if let Some(first) = mailboxes.into_iter().find(|m| m.active) {
                return Ok(Some((first.address, first.name)));
            }
        }
        Ok(None)
    }

    /// Composes an outbox mail. `Ok(None)` when it cannot ever be sent (its ticket or message is gone, or no
    /// sender address is configured), with the reason.
    pub async fn compose_outbox_mail(
        &self,
        mail: &OutboxMail,
    ) -> Result<Result<ComposedMail, String>, StoreError> {
        match mail.kind {
            OutboxKind::SignInLink => return self.compose_sign_in_link(mail).await,
            OutboxKind::AgentNotice => return self.compose_agent_notice(mail).await,
            OutboxKind::Reply
            | OutboxKind::Acknowledgement
            | OutboxKind::Rule
            | OutboxKind::Survey => {}
        }
        let ticket = match mail.ticket_id {
            Some(id) => self.store.get_ticket(id).await?,
            None => None,
        };
        let Some(ticket) = ticket else {
            return Ok(Err("the ticket no longer exists".into()));
        };
        let Some((from, sender_name)) = self.sender_of(mail).await? else {
            return Ok(Err(
                "no sender address: configure a mailbox or [email] from".into(),
            ));
        };
        let Some(first) = mail.to.first() else {
            return Ok(Err("the mail has no recipient".into()));
        };
        let key = self.thread_key().await?;
        let message_id = App::outbound_id(&key, ticket.number.0, first.as_str(), mail.id.0, &from);
        let (history, carried) = self.thread_so_far(&ticket, mail.message_id).await?;
        let language = mail.language.as_str();
        let (subject, text, html, auto_submitted) = match mail.kind {
            OutboxKind::Acknowledgement => {
                let (subject, text) = templates::acknowledgement(language, &ticket);
                (subject, text, None, AutoSubmitted::AutoReplied)
            }
            OutboxKind::Reply => {
                let Some(message) = carried else {
                    return Ok(Err("the message it carries no longer exists".into()));
                };
                let subject = templates::reply_subject(&ticket);
                (
                    subject,
                    message.body_text,
                    message.body_html,
                    AutoSubmitted::No,
                )
            }
            OutboxKind::Rule => {
                let Some(content) = &mail.content else {
                    return Ok(Err("the rule's mail has no text".into()));
                };
                // Written in the assignee's name, as the team's.
                let values = self.placeholder_values(&ticket, ticket.assignee_id).await?;
                (
                    fill(&content.subject, &values),
                    fill(&content.text, &values),
                    None,
                    AutoSubmitted::AutoGenerated,
                )
            }
            OutboxKind::Survey => {
                let Some(survey) = self.store.survey_of_ticket(ticket.id).await? else {
                    return Ok(Err("the ticket's survey no longer exists".into()));
                };
                let Some(links) = self.survey_links(survey.id).await? else {
                    return Ok(Err(
                        "no public address for links: set [server] public_url".into()
                    ));
                };
                let (subject, text) = templates::survey(language, &ticket, &links);
                (subject, text, None, AutoSubmitted::AutoGenerated)
            }
            OutboxKind::SignInLink | OutboxKind::AgentNotice => {
                return Ok(Err("this mail has no ticket".into()));
            }
        };
        // The customer's latest mail is what this one answers; References lists the thread, oldest first.
        // An acknowledgement answers the mail that opened the ticket, sent however late; a reply answers
        // the customer's latest mail.
        let mut inbound = history
            .iter()
            .filter(|(direction, _)| *direction == Direction::Inbound);
        let in_reply_to = match mail.kind {
            OutboxKind::Acknowledgement => inbound.next(),
            OutboxKind::Reply
            | OutboxKind::Rule
            | OutboxKind::Survey
            | OutboxKind::SignInLink
            | OutboxKind::AgentNotice => inbound.next_back(),
        }
        .map(|(_, id)| id.clone());
        let mut references: Vec<String> = history.into_iter().map(|(_, id)| id).collect();
        if references.len() > MAX_REFERENCES {
            // Keep the first (the thread's root) and the latest.
            let tail = references.split_off(references.len() - (MAX_REFERENCES - 1));
            references.truncate(1);
            references.extend(tail);
        }
        references.retain(|id| *id != message_id);
        let display_name = (!sender_name.is_empty()).then_some(sender_name);
        let email = OutboundEmail {
            from: Mailbox {
                name: display_name.clone(),
                address: from.as_str().to_owned(),
            },
            reply_to: Some(Mailbox {
                name: display_name,
                address: ayuda_mail::reply_address(
                    &key,
                    from.as_str(),
                    u64::try_from(ticket.number.0).unwrap_or_default(),
                ),
            }),
            to: unnamed(&mail.to),
            cc: unnamed(&mail.cc),
            subject,
            text,
            html,
            message_id: message_id.clone(),
            in_reply_to,
            references,
            auto_submitted,
            date: self.clock.now().as_second(),
            language: Some(language.to_owned()),
        };
        Ok(Ok(ComposedMail {
            envelope: Envelope {
                from: from.as_str().to_owned(),
                to: mail
                    .to
                    .iter()
                    .chain(&mail.cc)
                    .map(|a| a.as_str().to_owned())
                    .collect(),
            },
            message: ayuda_mail::compose(&email),
            message_id,
        }))
    }

    /// Composes mail that is part of no ticket's thread (a sign-in link, an agent's digest) from its
    /// subject and text; its Message-ID is `<{kind}.{outbox id}@{domain}>`, the same on every retry.
    pub(crate) async fn compose_standalone(
        &self,
        mail: &OutboxMail,
        kind: &str,
        subject: String,
        text: String,
    ) -> Result<Result<ComposedMail, String>, StoreError> {
        let Some((from, sender_name)) = self.sender_of(mail).await? else {
            return Ok(Err(
                "no sender address: configure a mailbox or [email] from".into(),
            ));
        };
        if mail.to.is_empty() {
            return Ok(Err("the mail has no recipient".into()));
        }
        let domain = from.as_str().rsplit('@').next().unwrap_or("ayuda.invalid");
        let message_id = format!("<{kind}.{}@{domain}>", mail.id.0.simple());
        let email = OutboundEmail {
            from: Mailbox {
                name: (!sender_name.is_empty()).then_some(sender_name),
                address: from.as_str().to_owned(),
            },
            reply_to: None,
            to: unnamed(&mail.to),
            cc: Vec::new(),
            subject,
            text,
            html: None,
            message_id: message_id.clone(),
            in_reply_to: None,
            references: Vec::new(),
            auto_submitted: AutoSubmitted::AutoGenerated,
            date: self.clock.now().as_second(),
            language: Some(mail.language.clone()),
        };
        Ok(Ok(ComposedMail {
            envelope: Envelope {
                from: from.as_str().to_owned(),
                to: mail.to.iter().map(|a| a.as_str().to_owned()).collect(),
            },
            message: ayuda_mail::compose(&email),
            message_id,
        }))
    }

    /// The Message-IDs of the ticket's messages before `upto` (all of them without), oldest first, with
    /// the message `upto` itself.
    async fn thread_so_far(
        &self,
        ticket: &Ticket,
        upto: Option<MessageId>,
    ) -> Result<(Vec<(Direction, String)>, Option<Message>), StoreError> {
        let mut ids = Vec::new();
        let mut after = None;
        let mut scanned = 0;
        loop {
            let page = self
                .store
                .list_messages(ticket.id, false, after, ayuda_store::MAX_PAGE)
                .await?;
            for message in page.items {
                scanned += 1;
                if Some(message.id) == upto {
                    return Ok((ids, Some(message)));
                }
                if let Some(id) = &message.external_id {
                    ids.push((message.direction, id.clone()));
                }
            }
            match page.next_cursor {
                Some(cursor) if scanned < MAX_MESSAGES_SCANNED => after = Some(cursor),
                _ => return Ok((ids, None)),
            }
        }
    }

    /// Sends the mail that is due through `transport`; returns how many attempts were made. Run it in a
    /// loop (see [`App::run_outbox`]); several nodes may run it at once.
    pub async fn send_due_mail(
        &self,
        transport: &dyn MailTransport,
        limit: u32,
    ) -> Result<usize, StoreError> {
        let now = self.clock.now();
        let due = self.store.claim_outbox(now, now + LEASE, limit).await?;
        let attempts = due.len();
        for mail in due {
            let mut refused = Vec::new();
            let outcome = match self.compose_outbox_mail(&mail).await? {
                Err(reason) => SendOutcome::Failed { error: reason },
                Ok(composed) => {
                    let (outcome, lost) = self.deliver(transport, &mail, &composed).await;
                    refused = lost;
                    outcome
                }
            };
            let failure = match &outcome {
                SendOutcome::Failed { error } => Some(error.clone()),
                _ => None,
            };
            self.store.finish_outbox(mail.id, outcome).await?;
            if let Some(error) = failure {
                tracing::warn!(mail = %mail.id, ticket = ?mail.ticket_id, %error, "mail not delivered");
                self.note_failed_delivery(&mail, &mail.to, &error).await?;
            }
            for (address, error) in refused {
                tracing::warn!(mail = %mail.id, ticket = ?mail.ticket_id, %error, "a copy was not delivered");
                self.note_failed_delivery(&mail, std::slice::from_ref(&address), &error)
                    .await?;
            }
        }
        Ok(attempts)
    }

    /// Hands a composed mail to `transport`. One transaction for all recipients first; if the server refuses
    /// it for good and there are several recipients, each gets a transaction of their own, so one bad Cc
    /// address does not keep the reply from the customer. Returns the outcome for the outbox row (decided by
    /// the To recipients) and the Cc addresses that were refused.
    async fn deliver(
        &self,
        transport: &dyn MailTransport,
        mail: &OutboxMail,
        composed: &ComposedMail,
    ) -> (SendOutcome, Vec<(EmailAddress, String)>) {
        let error = match transport.send(&composed.envelope, &composed.message).await {
            Ok(()) => {
                return (
                    SendOutcome::Sent {
                        at: self.clock.now(),
                    },
                    Vec::new(),
                );
            }
            Err(error) => error,
        };
        let failed = |error: SendError| match retry_delay(mail.attempts + 1) {
            Some(delay) if !error.permanent => SendOutcome::Retry {
                error: error.message,
                at: self.clock.now() + delay,
            },
            _ => SendOutcome::Failed {
                error: error.message,
            },
        };
        if !error.permanent || mail.cc.is_empty() {
            return (failed(error), Vec::new());
        }
        let to = Envelope {
            from: composed.envelope.from.clone(),
            to: mail.to.iter().map(|a| a.as_str().to_owned()).collect(),
        };
        if let Err(error) = transport.send(&to, &composed.message).await {
            return (failed(error), Vec::new());
        }
        let mut refused = Vec::new();
        for copy in &mail.cc {
            let envelope = Envelope {
                from: composed.envelope.from.clone(),
                to: vec![copy.as_str().to_owned()],
            };
            if let Err(error) = transport.send(&envelope, &composed.message).await {
                refused.push((copy.clone(), error.message));
            }
        }
        (
            SendOutcome::Sent {
                at: self.clock.now(),
            },
            refused,
        )
    }

    /// Puts a permanent delivery failure on the ticket, as an internal note the agents see in the
    /// conversation (the delivery list has the details too).
    async fn note_failed_delivery(
        &self,
        mail: &OutboxMail,
        recipients: &[EmailAddress],
        error: &str,
    ) -> Result<(), StoreError> {
        let recipients: Vec<&str> = recipients.iter().map(|a| a.as_str()).collect();
        let what = match mail.kind {
            OutboxKind::Reply => "The reply",
            OutboxKind::Acknowledgement => "The acknowledgement",
            OutboxKind::Rule => "A rule's email",
            OutboxKind::Survey => "The satisfaction survey",
            // Mail about an account, or to an agent, has no ticket to note it on; the outbox row keeps
            // the error.
            OutboxKind::SignInLink | OutboxKind::AgentNotice => return Ok(()),
        };
        let Some(ticket_id) = mail.ticket_id else {
            return Ok(());
        };
        for _ in 0..5 {
            let Some(mut ticket) = self.store.get_ticket(ticket_id).await? else {
                return Ok(());
            };
            let now = self.clock.now();
            let note = Message {
                id: MessageId::generate(),
                ticket_id: ticket.id,
                kind: ayuda_core::message::MessageKind::Note,
                internal: true,
                direction: Direction::Outbound,
                author: ayuda_core::message::Author::System,
                channel: ayuda_core::ticket::Channel::Email,
                body_text: format!(
                    "{what} to {} could not be delivered: {error}",
                    recipients.join(", ")
                ),
                body_html: None,
                external_id: None,
                attachments: Vec::new(),
                created_at: now,
            };
            ticket.updated_at = now;
            let event = ayuda_core::event::TicketEvent::new(
                ticket.id,
                ayuda_core::message::Author::System,
                ayuda_core::event::Via::System,
                ayuda_core::event::Change::MessageAdded {
                    message_id: note.id,
                    kind: note.kind,
                    internal: true,
                },
                now,
            );
            match self
                .store
                .write_ticket(ayuda_store::TicketWrite {
                    ticket,
                    message: Some(note),
                    events: vec![event],
                    email: Default::default(),
                    notifications: Vec::new(),
                    routing: None,
                })
                .await
            {
                Err(StoreError::Conflict) => continue,
                result => return result.map(|_| ()),
            }
        }
        Ok(())
    }

    /// Sends due mail until `shutdown` resolves: every second, and at once again after a full batch.
    pub async fn run_outbox(
        &self,
        transport: std::sync::Arc<dyn MailTransport>,
        shutdown: impl std::future::Future<Output = ()>,
    ) {
        const BATCH: u32 = 50;
        tokio::pin!(shutdown);
        loop {
            let pause = match self.send_due_mail(transport.as_ref(), BATCH).await {
                Ok(n) if n as u32 >= BATCH => std::time::Duration::ZERO,
                Ok(_) => std::time::Duration::from_secs(1),
                Err(error) => {
                    tracing::error!(%error, "the outbox could not be read");
                    std::time::Duration::from_secs(5)
                }
            };
            tokio::select! {
                () = &mut shutdown => return,
                () = tokio::time::sleep(pause) => {}
            }
        }
    }

    /// The recipients of an agent's public reply on `ticket`: the requester, and its followers in Cc.
    pub(crate) async fn reply_recipients(
        &self,
        ticket: &Ticket,
    ) -> Result<Option<(EmailAddress, Vec<EmailAddress>)>, StoreError> {
        let email_of = |contact: Option<ayuda_core::contact::Contact>| {
            contact
                .as_ref()
                .and_then(|c| c.primary_email())
                .and_then(|a| EmailAddress::parse(a).ok())
        };
        let Some(to) = email_of(self.store.get_contact(ticket.requester_id).await?) else {
            return Ok(None);
        };
        let mut cc = Vec::new();
        for follower in self.store.list_followers(ticket.id).await? {
            if let Some(address) = email_of(self.store.get_contact(follower).await?)
                && address != to
                && !cc.contains(&address)
            {
                cc.push(address);
            }
        }
        Ok(Some((to, cc)))
    }

    /// The outbox row for an agent's public reply on `ticket` and the Message-ID it will carry, or `None`
    /// when the requester has no email address. The caller sets the message id and times.
    pub(crate) async fn reply_mail(
        &self,
        ticket: &Ticket,
    ) -> Result<Option<(OutboxMail, Option<String>)>, StoreError> {
        let Some((to, cc)) = self.reply_recipients(ticket).await? else {
            return Ok(None);
        };
        let now = self.clock.now();
        let mail = OutboxMail {
            id: ayuda_core::id::OutboxId::generate(),
            ticket_id: Some(ticket.id),
            message_id: None,
            kind: OutboxKind::Reply,
            mailbox_id: self.store.ticket_mailbox(ticket.id).await?,
            to: vec![to],
            cc,
            language: ticket.language.primary().to_owned(),
            state: ayuda_core::email::OutboxState::Pending,
            attempts: 0,
            next_attempt_at: now,
            last_error: None,
            created_at: now,
            sent_at: None,
            content: None,
        };
        let message_id = match self.sender_of(&mail).await? {
            Some((from, _)) => {
                let key = self.thread_key().await?;
                Some(App::outbound_id(
                    &key,
                    ticket.number.0,
                    mail.to[0].as_str(),
                    mail.id.0,
                    &from,
                ))
            }
            None => None,
        };
        Ok(Some((mail, message_id)))
    }
}
