//! Conversions between SQLite values and domain values: ids as 16-byte blobs, timestamps as microseconds,
//! enums as their stable names, and the crate-private row structs of tickets, messages and events.
//!
//! A row is first read into plain values (which can only fail as SQL), then parsed into the domain type
//! (which fails as [`CorruptValue`] when the database holds something Ayuda did not write).

use ayuda_core::Timestamp;
use ayuda_core::event::{TicketEvent, Via};
use ayuda_core::id::{AgentId, ContactId, MessageId, TicketId, TicketNumber};
use ayuda_core::message::{Attachment, Author, Direction, Message, MessageKind};
use ayuda_core::text::Language;
use ayuda_core::ticket::{Channel, Priority, Status, Ticket, TicketSubject, TicketType};
use ayuda_core::{FieldError, id::AttachmentId};
use ayuda_store::codec::service_level::decode_sla;
use ayuda_store::codec::{self, CorruptValue};
use rusqlite::Row;
use uuid::Uuid;

/// An id as stored: the UUID's 16 bytes.
pub(crate) fn key(uuid: Uuid) -> [u8; 16] {
    uuid.into_bytes()
}

/// The lower bound of a keyset page over ids: the cursor's id, or the empty blob, which sorts before
/// every 16-byte id (blobs compare bytewise, then by length).
pub(crate) fn after_key(after: Option<Uuid>) -> Vec<u8> {
    after.map(|id| id.as_bytes().to_vec()).unwrap_or_default()
}

pub(crate) fn micros(at: Timestamp) -> i64 {
    at.as_microsecond()
}

pub(crate) fn timestamp(column: &'static str, micros: i64) -> Result<Timestamp, CorruptValue> {
    Timestamp::from_microsecond(micros).map_err(|e| corrupt(column, e))
}

pub(crate) fn optional_timestamp(
    column: &'static str,
    micros: Option<i64>,
) -> Result<Option<Timestamp>, CorruptValue> {
    micros.map(|m| timestamp(column, m)).transpose()
}

pub(crate) fn corrupt(column: &'static str, detail: impl ToString) -> CorruptValue {
    CorruptValue {
        column,
        detail: detail.to_string(),
    }
}

/// Parses a stored enum name or other checked text, naming the column if it does not parse.
pub(crate) fn parse<T>(
    column: &'static str,
    parsed: Result<T, FieldError>,
) -> Result<T, CorruptValue> {
    parsed.map_err(|e| corrupt(column, e.message))
}

/// An author or actor as its two columns: kind and optional id.
pub(crate) fn author_columns(author: Author) -> (&'static str, Option<[u8; 16]>) {
    match author {
        Author::Agent(id) => ("agent", Some(key(id.0))),
        Author::Contact(id) => ("contact", Some(key(id.0))),
        Author::System => ("system", None),
    }
}

fn author(column: &'static str, kind: &str, id: Option<[u8; 16]>) -> Result<Author, CorruptValue> {
    match (kind, id) {
        ("agent", Some(id)) => Ok(Author::Agent(AgentId(Uuid::from_bytes(id)))),
        ("contact", Some(id)) => Ok(Author::Contact(ContactId(Uuid::from_bytes(id)))),
        ("system", None) => Ok(Author::System),
        (other, _) => Err(corrupt(
            column,
            format!("author kind {other:?} with id {}", id.is_some()),
        )),
    }
}

/// The columns of [`TicketRow`], in its field order, for `SELECT ... FROM ticket t`.
pub(crate) const TICKET_COLUMNS: &str = "t.id, t.number, t.subject, t.status, t.priority, t.ticket_type, t.channel, \
     t.requester_id, t.organization_id, t.group_id, t.assignee_id, t.tags, t.custom_fields, t.language, t.links, \
     t.merged_into, t.created_at, t.updated_at, t.first_response_at, t.solved_at, t.version, t.sla, \
     t.category_id, t.suggested_category_id, t.suggestion_confidence, t.frustration, t.satisfaction, \
     t.agent_replies, t.reopens, t.escalations";

/// A `ticket` row as SQLite gives it.
pub(crate) struct TicketRow {
    id: [u8; 16],
    number: i64,
    subject: String,
    status: String,
    priority: String,
    ticket_type: String,
    channel: String,
    requester_id: [u8; 16],
    organization_id: Option<[u8; 16]>,
    group_id: Option<[u8; 16]>,
    assignee_id: Option<[u8; 16]>,
    tags: String,
    custom_fields: String,
    language: String,
    links: String,
    merged_into: Option<[u8; 16]>,
    created_at: i64,
    updated_at: i64,
    first_response_at: Option<i64>,
    solved_at: Option<i64>,
    version: i64,
    sla: Option<String>,
    category_id: Option<[u8; 16]>,
    suggested_category_id: Option<[u8; 16]>,
    suggestion_confidence: Option<i64>,
    frustration: Option<i64>,
    satisfaction: Option<i64>,
    agent_replies: i64,
    reopens: i64,
    escalations: i64,
}

impl TicketRow {
    pub(crate) fn read(row: &Row<'_>) -> rusqlite::Result<TicketRow> {
        Ok(TicketRow {
            id: row.get(0)?,
            number: row.get(1)?,
            subject: row.get(2)?,
            status: row.get(3)?,
            priority: row.get(4)?,
            ticket_type: row.get(5)?,
            channel: row.get(6)?,
            requester_id: row.get(7)?,
            organization_id: row.get(8)?,
            group_id: row.get(9)?,
            assignee_id: row.get(10)?,
            tags: row.get(11)?,
            custom_fields: row.get(12)?,
            language: row.get(13)?,
            links: row.get(14)?,
            merged_into: row.get(15)?,
            created_at: row.get(16)?,
            updated_at: row.get(17)?,
            first_response_at: row.get(18)?,
            solved_at: row.get(19)?,
            version: row.get(20)?,
            sla: row.get(21)?,
            category_id: row.get(22)?,
            suggested_category_id: row.get(23)?,
            suggestion_confidence: row.get(24)?,
            frustration: row.get(25)?,
            satisfaction: row.get(26)?,
            agent_replies: row.get(27)?,
            reopens: row.get(28)?,
            escalations: row.get(29)?,
        })
    }

    pub(crate) fn into_ticket(self) -> Result<Ticket, CorruptValue> {
        let id = |bytes: [u8; 16]| Uuid::from_bytes(bytes);
        Ok(Ticket {
            id: TicketId(id(self.id)),
            number: TicketNumber(self.number),
            subject: parse("subject", TicketSubject::parse(&self.subject))?,
            status: parse("status", Status::parse(&self.status))?,
            priority: parse("priority", Priority::parse(&self.priority))?,
            ticket_type: parse("ticket_type", TicketType::parse(&self.ticket_type))?,
            channel: parse("channel", Channel::parse(&self.channel))?,
            requester_id: ContactId(id(self.requester_id)),
            organization_id: self.organization_id.map(|o| id(o).into()),
            group_id: self.group_id.map(|g| id(g).into()),
            assignee_id: self.assignee_id.map(|a| id(a).into()),
            tags: codec::decode_tags(&self.tags)?,
            custom_fields: codec::decode_fields(&self.custom_fields)?,
            language: parse("language", Language::parse(&self.language))?,
            links: codec::decode_links(&self.links)?,
            merged_into: self.merged_into.map(|t| id(t).into()),
            created_at: timestamp("created_at", self.created_at)?,
            updated_at: timestamp("updated_at", self.updated_at)?,
            first_response_at: optional_timestamp("first_response_at", self.first_response_at)?,
            solved_at: optional_timestamp("solved_at", self.solved_at)?,
            sla: self.sla.as_deref().map(decode_sla).transpose()?,
            category_id: self.category_id.map(|c| id(c).into()),
            insight: codec::insight::decode(codec::insight::InsightColumns {
                suggested_category_id: self.suggested_category_id.map(id),
                suggestion_confidence: self.suggestion_confidence,
                frustration: self.frustration,
                satisfaction: self.satisfaction,
                agent_replies: self.agent_replies,
                reopens: self.reopens,
                escalations: self.escalations,
            })?,
            version: self.version,
        })
    }
}

/// The columns of [`MessageRow`], in its field order.
pub(crate) const MESSAGE_COLUMNS: &str = "id, ticket_id, kind, internal, direction, author_kind, author_id, channel, \
     body_text, body_html, external_id, created_at";

/// A `message` row as SQLite gives it; attachments are read separately.
pub(crate) struct MessageRow {
    id: [u8; 16],
    ticket_id: [u8; 16],
    kind: String,
    internal: bool,
    direction: String,
    author_kind: String,
    author_id: Option<[u8; 16]>,
    channel: String,
    body_text: String,
    body_html: Option<String>,
    external_id: Option<String>,
    created_at: i64,
}

impl MessageRow {
    pub(crate) fn read(row: &Row<'_>) -> rusqlite::Result<MessageRow> {
        Ok(MessageRow {
            id: row.get(0)?,
            ticket_id: row.get(1)?,
            kind: row.get(2)?,
            internal: row.get(3)?,
            direction: row.get(4)?,
            author_kind: row.get(5)?,
            author_id: row.get(6)?,
            channel: row.get(7)?,
            body_text: row.get(8)?,
            body_html: row.get(9)?,
            external_id: row.get(10)?,
            created_at: row.get(11)?,
        })
    }

    pub(crate) fn id(&self) -> [u8; 16] {
        self.id
    }

    pub(crate) fn into_message(
        self,
        attachments: Vec<Attachment>,
    ) -> Result<Message, CorruptValue> {
        Ok(Message {
            id: MessageId(Uuid::from_bytes(self.id)),
            ticket_id: TicketId(Uuid::from_bytes(self.ticket_id)),
            kind: parse("kind", MessageKind::parse(&self.kind))?,
            internal: self.internal,
            direction: parse("direction", Direction::parse(&self.direction))?,
            author: author("author_kind", &self.author_kind, self.author_id)?,
            channel: parse("channel", Channel::parse(&self.channel))?,
            body_text: self.body_text,
            body_html: self.body_html,
            external_id: self.external_id,
            attachments,
            created_at: timestamp("created_at", self.created_at)?,
        })
    }
}

/// The columns read by [`read_attachment`], in order.
pub(crate) const ATTACHMENT_COLUMNS: &str = "id, filename, content_type, size, sha256, content_id";

pub(crate) fn read_attachment(row: &Row<'_>) -> rusqlite::Result<Attachment> {
    Ok(Attachment {
        id: AttachmentId(Uuid::from_bytes(row.get(0)?)),
        filename: row.get(1)?,
        content_type: row.get(2)?,
        size: row.get(3)?,
        sha256: row.get(4)?,
        content_id: row.get(5)?,
    })
}

/// The columns of [`EventRow`], in its field order.
pub(crate) const EVENT_COLUMNS: &str = "id, ticket_id, actor_kind, actor_id, via, kind, field, from_value, to_value, \
     message_id, message_kind, internal, at, detail";

/// A `ticket_event` row as SQLite gives it.
pub(crate) struct EventRow {
    id: [u8; 16],
    ticket_id: [u8; 16],
    actor_kind: String,
    actor_id: Option<[u8; 16]>,
    via: String,
    kind: String,
    field: Option<String>,
    from_value: Option<String>,
    to_value: Option<String>,
    message_id: Option<[u8; 16]>,
    message_kind: Option<String>,
    internal: bool,
    at: i64,
    detail: Option<String>,
}

impl EventRow {
    pub(crate) fn read(row: &Row<'_>) -> rusqlite::Result<EventRow> {
        Ok(EventRow {
            id: row.get(0)?,
            ticket_id: row.get(1)?,
            actor_kind: row.get(2)?,
            actor_id: row.get(3)?,
            via: row.get(4)?,
            kind: row.get(5)?,
            field: row.get(6)?,
            from_value: row.get(7)?,
            to_value: row.get(8)?,
            message_id: row.get(9)?,
            message_kind: row.get(10)?,
            internal: row.get(11)?,
            at: row.get(12)?,
            detail: row.get(13)?,
        })
    }

    pub(crate) fn into_event(self) -> Result<TicketEvent, CorruptValue> {
        let message = match (self.message_id, self.message_kind.as_deref()) {
            (Some(id), Some(kind)) => Some((MessageId(Uuid::from_bytes(id)), kind)),
            _ => None,
        };
        let change = codec::decode_change(
            &self.kind,
            self.field,
            self.from_value,
            self.to_value,
            message,
            self.internal,
            self.detail,
        )?;
        Ok(TicketEvent {
            id: Uuid::from_bytes(self.id).into(),
            ticket_id: TicketId(Uuid::from_bytes(self.ticket_id)),
            actor: author("actor_kind", &self.actor_kind, self.actor_id)?,
            via: parse("via", Via::parse(&self.via))?,
            change,
            at: timestamp("at", self.at)?,
        })
    }
}

/// Adds `column IN (?, ...)` for `values` to a query's conditions and arguments; nothing for no values.
pub(crate) fn push_in<'a>(
    conditions: &mut Vec<String>,
    args: &mut Vec<rusqlite::types::Value>,
    column: &str,
    values: impl ExactSizeIterator<Item = &'a str>,
) {
    if values.len() == 0 {
        return;
    }
    let marks = vec!["?"; values.len()].join(", ");
    conditions.push(format!("{column} IN ({marks})"));
    args.extend(values.map(|v| rusqlite::types::Value::Text(v.to_owned())));
}
