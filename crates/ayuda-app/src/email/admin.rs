//! The email channel as people reach it: relays handing over raw mail, administrators looking after the
//! quarantine, and agents opening a message's original, its attachments and the delivery of their replies.

use ayuda_core::email::{InboundEmail, InboundSource, InboundState, OutboxMail};
use ayuda_core::id::{AttachmentId, InboundEmailId, MessageId, TicketId};
use ayuda_core::message::Attachment;
use ayuda_core::permission::{self, Operation, Principal, Resource};
use ayuda_core::{FieldError, Invalid};
use ayuda_store::{Page, StoreError};

use crate::email::ingest::{Delivery, Ingested};
use crate::{App, AppError, page_limit, parse_id};

fn allow(principal: &Principal, operation: Operation) -> Result<(), AppError> {
    permission::can(principal, Resource::Mail, operation)
        .map_err(|denied| AppError::Forbidden(denied.0))
}

impl App {
    /// Takes in a raw email handed over by a relay (`POST /api/v1/inbound/email`), for the named mailbox or
    /// for none. Administrators only: the token stands for the relay.
    pub async fn receive_email(
        &self,
        principal: &Principal,
        raw: Vec<u8>,
        mailbox: Option<&str>,
    ) -> Result<Ingested, AppError> {
        allow(principal, Operation::Create)?;
        if raw.is_empty() {
            return Err(Invalid::one("body", "must be a raw email message (RFC 5322)").into());
        }
        let mailbox = match mailbox {
            Some(name) => Some(self.store.find_mailbox(name).await?.ok_or_else(|| {
                AppError::Invalid(
                    FieldError::new("mailbox", "there is no mailbox by this name").into(),
                )
            })?),
            None => None,
        };
        self.ingest_email(Delivery {
            raw,
            source: InboundSource::Http,
            mailbox,
            imap: None,
        })
        .await
    }

    /// Received emails, oldest first, optionally in one state (`quarantined` for the quarantine).
    pub async fn inbound_emails(
        &self,
        principal: &Principal,
        state: Option<&str>,
        cursor: Option<&str>,
        limit: Option<u32>,
    ) -> Result<Page<InboundEmail, InboundEmailId>, AppError> {
        allow(principal, Operation::List)?;
        let mut invalid = Invalid::default();
        let state = state.and_then(|s| invalid.check("state", InboundState::parse(s)));
        let after = cursor.and_then(|c| invalid.check("cursor", parse_id("", c)));
        let limit = page_limit(limit)?;
        invalid.into_result()?;
        Ok(self.store.list_inbound(state, after, limit).await?)
    }

    pub async fn inbound_email(
        &self,
        principal: &Principal,
        id: InboundEmailId,
    ) -> Result<InboundEmail, AppError> {
        allow(principal, Operation::Read)?;
        Ok(self
            .store
            .get_inbound(id)
            .await?
            .ok_or(AppError::NotFound("email"))?
            .0)
    }

    /// The raw bytes of a received email, as they arrived.
    pub async fn inbound_raw(
        &self,
        principal: &Principal,
        id: InboundEmailId,
    ) -> Result<Vec<u8>, AppError> {
        allow(principal, Operation::Read)?;
        self.raw_email(id).await
    }

    async fn raw_email(&self, id: InboundEmailId) -> Result<Vec<u8>, AppError> {
        let (record, raw) = self
            .store
            .get_inbound(id)
            .await?
            .ok_or(AppError::NotFound("email"))?;
        match raw {
            Some(raw) => Ok(raw),
            None => self
                .blobs
                .get(&record.raw_sha256)
                .await
                .map_err(|e| AppError::Internal(StoreError::backend(e)))?
                .ok_or(AppError::NotFound("raw email")),
        }
    }

    /// Runs a quarantined email through the intake again.
    pub async fn retry_inbound(
        &self,
        principal: &Principal,
        id: InboundEmailId,
    ) -> Result<Ingested, AppError> {
        allow(principal, Operation::Update)?;
        self.retry_quarantined(id).await
    }

    /// The original email a message of a ticket arrived as (quoted history, headers and all), for anyone
    /// who may see the message.
    pub async fn message_original(
        &self,
        principal: &Principal,
        ticket: TicketId,
        message: MessageId,
    ) -> Result<Vec<u8>, AppError> {
        self.ticket(principal, ticket).await?;
        let record = self
            .store
            .inbound_of_message(message)
            .await?
            .filter(|r| r.ticket_id == Some(ticket))
            .ok_or(AppError::NotFound("original email"))?;
        if !permission::can_see_message(principal, record.state == InboundState::Bounce) {
            return Err(AppError::NotFound("original email"));
        }
        self.raw_email(record.id).await
    }

    /// An attachment and its content, for anyone who may see its message.
    pub async fn attachment(
        &self,
        principal: &Principal,
        id: AttachmentId,
    ) -> Result<(Attachment, Vec<u8>), AppError> {
        let (ticket, message, attachment) = self
            .store
            .get_attachment(id)
            .await?
            .ok_or(AppError::NotFound("attachment"))?;
        self.ticket(principal, ticket).await?;
        if !permission::can_see_message(principal, true) {
            // A customer sees attachments of public messages only.
            let visible = self
                .store
                .list_messages(ticket, false, Some(before(message)), 1)
                .await?
                .items
                .first()
                .is_some_and(|m| m.id == message);
            if !visible {
                return Err(AppError::NotFound("attachment"));
            }
        }
        let content = self
            .blobs
            .get(&attachment.sha256)
            .await
            .map_err(|e| AppError::Internal(StoreError::backend(e)))?
            .ok_or(AppError::NotFound("attachment content"))?;
        Ok((attachment, content))
    }

    /// The bounce reports of a contact's email addresses (the caller has read the contact, so may see them).
    pub async fn bounces_of(
        &self,
        contact: &ayuda_core::contact::Contact,
    ) -> Result<Vec<ayuda_store::BouncedAddress>, AppError> {
        let addresses: Vec<ayuda_core::contact::EmailAddress> = contact
            .identities
            .iter()
            .filter(|i| i.kind == ayuda_core::contact::IdentityKind::Email)
            .filter_map(|i| ayuda_core::contact::EmailAddress::parse(&i.value).ok())
            .collect();
        if addresses.is_empty() {
            return Ok(Vec::new());
        }
        Ok(self.store.bounces(&addresses).await?)
    }

    /// The mail sent for a ticket and where each one is (pending, sent, failed and why). Agents only.
    pub async fn deliveries(
        &self,
        principal: &Principal,
        ticket: TicketId,
    ) -> Result<Vec<OutboxMail>, AppError> {
        if principal.is_customer() {
            return Err(AppError::Forbidden("customers may not do this"));
        }
        self.ticket(principal, ticket).await?;
        Ok(self.store.list_outbox(ticket).await?)
    }
}

/// The id just before `id`: a page "after" it starts at `id` itself.
fn before(id: MessageId) -> MessageId {
    MessageId(uuid::Uuid::from_u128(id.0.as_u128().saturating_sub(1)))
}
