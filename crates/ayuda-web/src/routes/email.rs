//! The email channel over HTTP: raw mail posted by relays (`/api/v1/inbound/email`), the received-mail log
//! and quarantine (`/api/v1/inbound/emails`), a message's original, attachments, and a ticket's deliveries.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use ayuda_app::email::ingest::Ingested;
use ayuda_core::Timestamp;
use ayuda_core::email::{InboundEmail, OutboxMail};
use ayuda_core::id::{AttachmentId, InboundEmailId, MessageId, TicketId};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::WebState;
use crate::extract::{ApiQuery, Auth, IdPath};
use crate::problem::{ApiError, Problem};
use crate::views::ListView;

/// The largest raw email accepted over HTTP.
pub const MAX_RAW_EMAIL_BYTES: usize = 50 << 20;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InboundParams {
    /// The mailbox the email was received for, by name; none when omitted.
    pub mailbox: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InboundListParams {
    /// Only emails in this state: `opened`, `appended`, `bounce` or `quarantined`.
    pub state: Option<String>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
}

/// What became of a posted email.
#[derive(Debug, Serialize, ToSchema)]
pub struct IngestedView {
    /// `opened`, `appended`, `bounce`, `quarantined` or `duplicate`.
    pub outcome: &'static str,
    pub ticket_id: Option<Uuid>,
    pub ticket_number: Option<i64>,
    /// The quarantined email's id.
    pub email_id: Option<Uuid>,
    /// Why it was quarantined.
    pub reason: Option<String>,
}

impl From<Ingested> for IngestedView {
    fn from(ingested: Ingested) -> IngestedView {
        let ticket =
            |outcome, ticket: TicketId, number: ayuda_core::id::TicketNumber| IngestedView {
                outcome,
                ticket_id: Some(ticket.0),
                ticket_number: Some(number.0),
                email_id: None,
                reason: None,
            };
        match ingested {
            Ingested::Opened { ticket: t, number } => ticket("opened", t, number),
            Ingested::Appended { ticket: t, number } => ticket("appended", t, number),
            Ingested::Bounce { ticket: t, number } => ticket("bounce", t, number),
            Ingested::Quarantined { id, reason } => IngestedView {
                outcome: "quarantined",
                ticket_id: None,
                ticket_number: None,
                email_id: Some(id.0),
                reason: Some(reason),
            },
            Ingested::Duplicate => IngestedView {
                outcome: "duplicate",
                ticket_id: None,
                ticket_number: None,
                email_id: None,
                reason: None,
            },
        }
    }
}

/// A received email and what became of it.
#[derive(Debug, Serialize, ToSchema)]
pub struct InboundEmailView {
    pub id: Uuid,
    pub mailbox_id: Option<Uuid>,
    /// `imap`, `pipe`, `http` or `lmtp`.
    pub source: &'static str,
    /// The Message-ID, or `sha256:<hex>` of the raw bytes when it had none.
    pub message_key: String,
    pub raw_size: i64,
    /// `opened`, `appended`, `bounce` or `quarantined`.
    pub state: &'static str,
    pub reason: Option<String>,
    pub ticket_id: Option<Uuid>,
    pub message_id: Option<Uuid>,
    pub received_at: Timestamp,
}

impl From<InboundEmail> for InboundEmailView {
    fn from(e: InboundEmail) -> InboundEmailView {
        InboundEmailView {
            id: e.id.0,
            mailbox_id: e.mailbox_id.map(|m| m.0),
            source: e.source.as_str(),
            message_key: e.message_key,
            raw_size: e.raw_size,
            state: e.state.as_str(),
            reason: e.reason,
            ticket_id: e.ticket_id.map(|t| t.0),
            message_id: e.message_id.map(|m| m.0),
            received_at: e.received_at,
        }
    }
}

/// An email sent, or to be sent, for a ticket.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryView {
    pub id: Uuid,
    /// The message it carries; null for an acknowledgement.
    pub message_id: Option<Uuid>,
    /// `reply` or `acknowledgement`.
    pub kind: &'static str,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    /// `pending`, `sent` or `failed`.
    pub state: &'static str,
    pub attempts: u32,
    /// The mail server's words on the last failed attempt.
    pub last_error: Option<String>,
    pub next_attempt_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub sent_at: Option<Timestamp>,
}

impl From<OutboxMail> for DeliveryView {
    fn from(m: OutboxMail) -> DeliveryView {
        let pending = m.state == ayuda_core::email::OutboxState::Pending;
        DeliveryView {
            id: m.id.0,
            message_id: m.message_id.map(|id| id.0),
            kind: m.kind.as_str(),
            to: m.to.iter().map(|a| a.as_str().to_owned()).collect(),
            cc: m.cc.iter().map(|a| a.as_str().to_owned()).collect(),
            state: m.state.as_str(),
            attempts: m.attempts,
            last_error: m.last_error,
            next_attempt_at: pending.then_some(m.next_attempt_at),
            created_at: m.created_at,
            sent_at: m.sent_at,
        }
    }
}

fn raw_email(bytes: Vec<u8>, name: &str) -> Response {
    let disposition = format!("attachment; filename=\"{name}.eml\"");
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("message/rfc822"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition)
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// Hand over a raw email (RFC 5322 bytes, as an MTA or relay has it). It opens or joins a ticket, or is
/// quarantined; a temporary failure answers 503 and the relay should retry. Administrators only.
#[utoipa::path(post, path = "/api/v1/inbound/email", tag = "email", params(InboundParams),
    request_body(content = Vec<u8>, content_type = "application/octet-stream",
        description = "The raw message. Any Content-Type is accepted; `message/rfc822` says what it is"),
    responses((status = 200, description = "What became of it", body = IngestedView),
        (status = 413, description = "Larger than 50 MiB", body = Problem)))]
pub async fn receive_email(
    State(state): State<WebState>,
    Auth(session): Auth,
    ApiQuery(params): ApiQuery<InboundParams>,
    body: Bytes,
) -> Result<Json<IngestedView>, ApiError> {
    let ingested = state
        .app
        .receive_email(&session.principal, body.to_vec(), params.mailbox.as_deref())
        .await?;
    Ok(Json(ingested.into()))
}

/// Received emails, oldest first; `state=quarantined` lists the quarantine. Administrators only.
#[utoipa::path(get, path = "/api/v1/inbound/emails", tag = "email", params(InboundListParams),
    responses((status = 200, description = "A page of received emails", body = ListView<InboundEmailView>)))]
pub async fn list_inbound(
    State(state): State<WebState>,
    Auth(session): Auth,
    ApiQuery(params): ApiQuery<InboundListParams>,
) -> Result<Json<ListView<InboundEmailView>>, ApiError> {
    let page = state
        .app
        .inbound_emails(
            &session.principal,
            params.state.as_deref(),
            params.cursor.as_deref(),
            params.limit,
        )
        .await?;
    Ok(Json(ListView::from_page(page, InboundEmailView::from)))
}

/// A received email's record. Administrators only.
#[utoipa::path(get, path = "/api/v1/inbound/emails/{id}", tag = "email",
    params(("id" = uuid::Uuid, Path, description = "The email's id")),
    responses((status = 200, description = "The record", body = InboundEmailView)))]
pub async fn get_inbound(
    State(state): State<WebState>,
    Auth(session): Auth,
    IdPath(id): IdPath<InboundEmailId>,
) -> Result<Json<InboundEmailView>, ApiError> {
    Ok(Json(
        state
            .app
            .inbound_email(&session.principal, id)
            .await?
            .into(),
    ))
}

/// A received email's raw bytes, as they arrived. Administrators only.
#[utoipa::path(get, path = "/api/v1/inbound/emails/{id}/raw", tag = "email",
    params(("id" = uuid::Uuid, Path, description = "The email's id")),
    responses((status = 200, description = "The raw message", content_type = "message/rfc822", body = Vec<u8>)))]
pub async fn get_inbound_raw(
    State(state): State<WebState>,
    Auth(session): Auth,
    IdPath(id): IdPath<InboundEmailId>,
) -> Result<Response, ApiError> {
    let raw = state.app.inbound_raw(&session.principal, id).await?;
    Ok(raw_email(raw, &id.to_string()))
}

/// Run a quarantined email through the intake again. Administrators only.
#[utoipa::path(post, path = "/api/v1/inbound/emails/{id}/retry", tag = "email",
    params(("id" = uuid::Uuid, Path, description = "The email's id")),
    responses((status = 200, description = "What became of it", body = IngestedView),
        (status = 409, description = "Not quarantined", body = Problem)))]
pub async fn retry_inbound(
    State(state): State<WebState>,
    Auth(session): Auth,
    IdPath(id): IdPath<InboundEmailId>,
) -> Result<Json<IngestedView>, ApiError> {
    Ok(Json(
        state
            .app
            .retry_inbound(&session.principal, id)
            .await?
            .into(),
    ))
}

/// The original email a message arrived as, quoted history and headers included.
#[utoipa::path(get, path = "/api/v1/tickets/{id}/messages/{message_id}/original", tag = "tickets",
    params(("id" = uuid::Uuid, Path, description = "Ticket id"), ("message_id" = uuid::Uuid, Path, description = "Message id")),
    responses((status = 200, description = "The raw message", content_type = "message/rfc822", body = Vec<u8>)))]
pub async fn message_original(
    State(state): State<WebState>,
    Auth(session): Auth,
    Path((ticket, message)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let (Ok(ticket), Ok(message)) = (ticket.parse::<TicketId>(), message.parse::<MessageId>())
    else {
        return Err(ApiError::not_found("record"));
    };
    let raw = state
        .app
        .message_original(&session.principal, ticket, message)
        .await?;
    Ok(raw_email(raw, &message.to_string()))
}

/// An attachment's content (inline images of emails point here).
#[utoipa::path(get, path = "/api/v1/attachments/{id}", tag = "tickets",
    params(("id" = uuid::Uuid, Path, description = "Attachment id")),
    responses((status = 200, description = "The file", body = Vec<u8>)))]
pub async fn get_attachment(
    State(state): State<WebState>,
    Auth(session): Auth,
    IdPath(id): IdPath<AttachmentId>,
) -> Result<Response, ApiError> {
    let (attachment, content) = state.app.attachment(&session.principal, id).await?;
    Ok(super::file_response(&attachment, content))
}

/// The emails sent for a ticket and where each one is. Agents only.
#[utoipa::path(get, path = "/api/v1/tickets/{id}/deliveries", tag = "tickets",
    params(("id" = uuid::Uuid, Path, description = "Ticket id")),
    responses((status = 200, description = "The ticket's mail", body = Vec<DeliveryView>)))]
pub async fn list_deliveries(
    State(state): State<WebState>,
    Auth(session): Auth,
    IdPath(id): IdPath<TicketId>,
) -> Result<Json<Vec<DeliveryView>>, ApiError> {
    let mails = state.app.deliveries(&session.principal, id).await?;
    Ok(Json(mails.into_iter().map(DeliveryView::from).collect()))
}
