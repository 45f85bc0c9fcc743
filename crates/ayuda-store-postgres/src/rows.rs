//! Crate-private row structs, one per table shape read back, and their conversion into core types.
//!
//! Everything read from the database is parsed again through ayuda-core's constructors: a value that does
//! not parse is a [`CorruptValue`] (the database holds something Ayuda did not write), never a panic.

use ayuda_core::agent::{Agent, Group, Role};
use ayuda_core::contact::{
    Contact, Domain, EmailAddress, Identity, IdentityKind, Organization, OrganizationKind,
    ServiceTier, TimeZoneName,
};
use ayuda_core::event::{TicketEvent, Via};
use ayuda_core::field::{FieldDefinition, FieldEntity, FieldKey, FieldKind};
use ayuda_core::id::TicketNumber;
use ayuda_core::message::{Attachment, Author, Direction, Message, MessageKind};
use ayuda_core::text::{Language, Name};
use ayuda_core::ticket::{Channel, Priority, Status, Ticket, TicketSubject, TicketType};
use ayuda_core::{FieldError, Timestamp};
use ayuda_store::codec::service_level::decode_sla;
use ayuda_store::codec::{self, CorruptValue};
use ayuda_store::{ApiToken, TokenOwner};
use jiff_sqlx::ToSqlx;
use uuid::Uuid;

/// The wire type of every timestamp column.
pub(crate) type SqlTimestamp = jiff_sqlx::Timestamp;

pub(crate) fn sql_ts(at: Timestamp) -> SqlTimestamp {
    at.to_sqlx()
}

pub(crate) fn sql_ts_opt(at: Option<Timestamp>) -> Option<SqlTimestamp> {
    at.map(ToSqlx::to_sqlx)
}

pub(crate) fn corrupt(column: &'static str, detail: impl ToString) -> CorruptValue {
    CorruptValue {
        column,
        detail: detail.to_string(),
    }
}

/// Parses a stored value with a core constructor, blaming `column` if it does not parse.
fn parsed<T>(column: &'static str, result: Result<T, FieldError>) -> Result<T, CorruptValue> {
    result.map_err(|error| corrupt(column, error.message))
}

/// The stored form of an [`Author`]: a kind name and, for agents and contacts, their id.
pub(crate) fn author_columns(author: Author) -> (&'static str, Option<Uuid>) {
    match author {
        Author::Agent(id) => ("agent", Some(id.0)),
        Author::Contact(id) => ("contact", Some(id.0)),
        Author::System => ("system", None),
    }
}

fn author_from(column: &'static str, kind: &str, id: Option<Uuid>) -> Result<Author, CorruptValue> {
    match (kind, id) {
        ("agent", Some(id)) => Ok(Author::Agent(id.into())),
        ("contact", Some(id)) => Ok(Author::Contact(id.into())),
        ("system", None) => Ok(Author::System),
        _ => Err(corrupt(
            column,
            format!("author kind {kind:?} with id {id:?}"),
        )),
    }
}

/// The ticket columns in [`TicketRow`] order, for a query where the ticket table is aliased `t`. A macro so
/// that it can be `concat!`ed into static query text.
macro_rules! ticket_columns {
    () => {
        "t.id, t.number, t.subject, t.status, t.priority, t.ticket_type, t.channel, t.requester_id, \
         t.organization_id, t.group_id, t.assignee_id, t.tags::text as tags, t.custom_fields::text as custom_fields, \
         t.language, t.links::text as links, t.merged_into, t.created_at, t.updated_at, t.first_response_at, \
         t.solved_at, t.version, t.sla, t.category_id, t.suggested_category_id, t.suggestion_confidence, \
         t.frustration, t.satisfaction, t.agent_replies, t.reopens, t.escalations"
    };
}
pub(crate) use ticket_columns;

#[derive(sqlx::FromRow)]
pub(crate) struct TicketRow {
    id: Uuid,
    number: i64,
    subject: String,
    status: String,
    priority: String,
    ticket_type: String,
    channel: String,
    requester_id: Uuid,
    organization_id: Option<Uuid>,
    group_id: Option<Uuid>,
    assignee_id: Option<Uuid>,
    tags: String,
    custom_fields: String,
    language: String,
    links: String,
    merged_into: Option<Uuid>,
    created_at: SqlTimestamp,
    updated_at: SqlTimestamp,
    first_response_at: Option<SqlTimestamp>,
    solved_at: Option<SqlTimestamp>,
    version: i64,
    sla: Option<String>,
    category_id: Option<Uuid>,
    suggested_category_id: Option<Uuid>,
    suggestion_confidence: Option<i16>,
    frustration: Option<i16>,
    satisfaction: Option<i16>,
    agent_replies: i32,
    reopens: i32,
    escalations: i32,
}

impl TryFrom<TicketRow> for Ticket {
    type Error = CorruptValue;

    fn try_from(row: TicketRow) -> Result<Ticket, CorruptValue> {
        Ok(Ticket {
            id: row.id.into(),
            number: TicketNumber(row.number),
            subject: parsed("subject", TicketSubject::parse(&row.subject))?,
            status: parsed("status", Status::parse(&row.status))?,
            priority: parsed("priority", Priority::parse(&row.priority))?,
            ticket_type: parsed("ticket_type", TicketType::parse(&row.ticket_type))?,
            channel: parsed("channel", Channel::parse(&row.channel))?,
            requester_id: row.requester_id.into(),
            organization_id: row.organization_id.map(Into::into),
            group_id: row.group_id.map(Into::into),
            assignee_id: row.assignee_id.map(Into::into),
            tags: codec::decode_tags(&row.tags)?,
            custom_fields: codec::decode_fields(&row.custom_fields)?,
            language: parsed("language", Language::parse(&row.language))?,
            links: codec::decode_links(&row.links)?,
            merged_into: row.merged_into.map(Into::into),
            created_at: row.created_at.to_jiff(),
            updated_at: row.updated_at.to_jiff(),
            first_response_at: row.first_response_at.map(SqlTimestamp::to_jiff),
            solved_at: row.solved_at.map(SqlTimestamp::to_jiff),
            sla: row.sla.as_deref().map(decode_sla).transpose()?,
            category_id: row.category_id.map(Into::into),
            insight: codec::insight::decode(codec::insight::InsightColumns {
                suggested_category_id: row.suggested_category_id,
                suggestion_confidence: row.suggestion_confidence.map(i64::from),
                frustration: row.frustration.map(i64::from),
                satisfaction: row.satisfaction.map(i64::from),
                agent_replies: i64::from(row.agent_replies),
                reopens: i64::from(row.reopens),
                escalations: i64::from(row.escalations),
            })?,
            version: row.version,
        })
    }
}

/// The `message` columns in [`MessageRow`] order.
macro_rules! message_columns {
    () => {
        "id, ticket_id, kind, internal, direction, author_kind, author_id, channel, \
         body_text, body_html, external_id, created_at"
    };
}
pub(crate) use message_columns;

#[derive(sqlx::FromRow)]
pub(crate) struct MessageRow {
    pub(crate) id: Uuid,
    pub(crate) ticket_id: Uuid,
    kind: String,
    internal: bool,
    direction: String,
    author_kind: String,
    author_id: Option<Uuid>,
    channel: String,
    body_text: String,
    body_html: Option<String>,
    external_id: Option<String>,
    created_at: SqlTimestamp,
}

impl MessageRow {
    pub(crate) fn into_message(
        self,
        attachments: Vec<Attachment>,
    ) -> Result<Message, CorruptValue> {
        Ok(Message {
            id: self.id.into(),
            ticket_id: self.ticket_id.into(),
            kind: parsed("message.kind", MessageKind::parse(&self.kind))?,
            internal: self.internal,
            direction: parsed("direction", Direction::parse(&self.direction))?,
            author: author_from("author_kind", &self.author_kind, self.author_id)?,
            channel: parsed("message.channel", Channel::parse(&self.channel))?,
            body_text: self.body_text,
            body_html: self.body_html,
            external_id: self.external_id,
            attachments,
            created_at: self.created_at.to_jiff(),
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct AttachmentRow {
    pub(crate) message_id: Uuid,
    id: Uuid,
    filename: String,
    content_type: String,
    size: i64,
    sha256: String,
    content_id: Option<String>,
}

impl From<AttachmentRow> for Attachment {
    fn from(row: AttachmentRow) -> Attachment {
        Attachment {
            id: row.id.into(),
            filename: row.filename,
            content_type: row.content_type,
            size: row.size,
            sha256: row.sha256,
            content_id: row.content_id,
        }
    }
}

/// The `ticket_event` columns in [`EventRow`] order.
macro_rules! event_columns {
    () => {
        "id, ticket_id, actor_kind, actor_id, via, kind, field, from_value, to_value, \
         message_id, message_kind, internal, at, detail"
    };
}
pub(crate) use event_columns;

#[derive(sqlx::FromRow)]
pub(crate) struct EventRow {
    id: Uuid,
    ticket_id: Uuid,
    actor_kind: String,
    actor_id: Option<Uuid>,
    via: String,
    kind: String,
    field: Option<String>,
    from_value: Option<String>,
    to_value: Option<String>,
    message_id: Option<Uuid>,
    message_kind: Option<String>,
    internal: bool,
    at: SqlTimestamp,
    detail: Option<String>,
}

impl TryFrom<EventRow> for TicketEvent {
    type Error = CorruptValue;

    fn try_from(row: EventRow) -> Result<TicketEvent, CorruptValue> {
        let message = match (row.message_id, row.message_kind.as_deref()) {
            (Some(id), Some(kind)) => Some((id.into(), kind)),
            _ => None,
        };
        let change = codec::decode_change(
            &row.kind,
            row.field,
            row.from_value,
            row.to_value,
            message,
            row.internal,
            row.detail,
        )?;
        Ok(TicketEvent {
            id: row.id.into(),
            ticket_id: row.ticket_id.into(),
            actor: author_from("actor_kind", &row.actor_kind, row.actor_id)?,
            via: parsed("via", Via::parse(&row.via))?,
            change,
            at: row.at.to_jiff(),
        })
    }
}

/// The `contact` columns in [`ContactRow`] order.
macro_rules! contact_columns {
    () => {
        "id, name, language, time_zone, organization_id, notes, custom_fields::text as custom_fields, created_at, updated_at"
    };
}
pub(crate) use contact_columns;

#[derive(sqlx::FromRow)]
pub(crate) struct ContactRow {
    pub(crate) id: Uuid,
    name: String,
    language: Option<String>,
    time_zone: Option<String>,
    organization_id: Option<Uuid>,
    notes: String,
    custom_fields: String,
    created_at: SqlTimestamp,
    updated_at: SqlTimestamp,
}

impl ContactRow {
    pub(crate) fn into_contact(self, identities: Vec<Identity>) -> Result<Contact, CorruptValue> {
        Ok(Contact {
            id: self.id.into(),
            name: parsed("contact.name", Name::parse(&self.name))?,
            identities,
            language: self
                .language
                .map(|l| parsed("contact.language", Language::parse(&l)))
                .transpose()?,
            time_zone: self
                .time_zone
                .map(|z| parsed("time_zone", TimeZoneName::parse(&z)))
                .transpose()?,
            organization_id: self.organization_id.map(Into::into),
            notes: self.notes,
            custom_fields: codec::decode_fields(&self.custom_fields)?,
            created_at: self.created_at.to_jiff(),
            updated_at: self.updated_at.to_jiff(),
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct IdentityRow {
    pub(crate) contact_id: Uuid,
    kind: String,
    value: String,
}

impl TryFrom<IdentityRow> for Identity {
    type Error = CorruptValue;

    fn try_from(row: IdentityRow) -> Result<Identity, CorruptValue> {
        // The value was normalised by core before it was stored; it is kept as is.
        Ok(Identity {
            kind: parsed("contact_identity.kind", IdentityKind::parse(&row.kind))?,
            value: row.value,
        })
    }
}

/// The `organization` columns in [`OrganizationRow`] order.
macro_rules! organization_columns {
    () => {
        "id, name, kind, service_tier, shared_tickets, notes, \
         custom_fields::text as custom_fields, created_at, updated_at"
    };
}
pub(crate) use organization_columns;

#[derive(sqlx::FromRow)]
pub(crate) struct OrganizationRow {
    pub(crate) id: Uuid,
    name: String,
    kind: String,
    service_tier: String,
    shared_tickets: bool,
    notes: String,
    custom_fields: String,
    created_at: SqlTimestamp,
    updated_at: SqlTimestamp,
}

impl OrganizationRow {
    pub(crate) fn into_organization(
        self,
        domains: Vec<Domain>,
    ) -> Result<Organization, CorruptValue> {
        Ok(Organization {
            id: self.id.into(),
            name: parsed("organization.name", Name::parse(&self.name))?,
            kind: parsed("organization.kind", OrganizationKind::parse(&self.kind))?,
            service_tier: parsed("service_tier", ServiceTier::parse(&self.service_tier))?,
            domains,
            shared_tickets: self.shared_tickets,
            notes: self.notes,
            custom_fields: codec::decode_fields(&self.custom_fields)?,
            created_at: self.created_at.to_jiff(),
            updated_at: self.updated_at.to_jiff(),
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct DomainRow {
    pub(crate) organization_id: Uuid,
    domain: String,
}

impl TryFrom<DomainRow> for Domain {
    type Error = CorruptValue;

    fn try_from(row: DomainRow) -> Result<Domain, CorruptValue> {
        parsed("domain", Domain::parse(&row.domain))
    }
}

/// The `agent_group` columns in [`GroupRow`] order.
macro_rules! group_columns {
    () => {
        "id, name, description, created_at, updated_at"
    };
}
pub(crate) use group_columns;

#[derive(sqlx::FromRow)]
pub(crate) struct GroupRow {
    id: Uuid,
    name: String,
    description: String,
    created_at: SqlTimestamp,
    updated_at: SqlTimestamp,
}

impl TryFrom<GroupRow> for Group {
    type Error = CorruptValue;

    fn try_from(row: GroupRow) -> Result<Group, CorruptValue> {
        Ok(Group {
            id: row.id.into(),
            name: parsed("agent_group.name", Name::parse(&row.name))?,
            description: row.description,
            created_at: row.created_at.to_jiff(),
            updated_at: row.updated_at.to_jiff(),
        })
    }
}

/// The `agent` columns in [`AgentRow`] order.
macro_rules! agent_columns {
    () => {
        "id, email, name, role, skills::text as skills, languages::text as languages, \
         active, password_hash, created_at, updated_at"
    };
}
pub(crate) use agent_columns;

#[derive(sqlx::FromRow)]
pub(crate) struct AgentRow {
    pub(crate) id: Uuid,
    email: String,
    name: String,
    role: String,
    skills: String,
    languages: String,
    active: bool,
    pub(crate) password_hash: Option<String>,
    created_at: SqlTimestamp,
    updated_at: SqlTimestamp,
}

impl AgentRow {
    pub(crate) fn into_agent(self, group_ids: Vec<Uuid>) -> Result<Agent, CorruptValue> {
        Ok(Agent {
            id: self.id.into(),
            email: parsed("agent.email", EmailAddress::parse(&self.email))?,
            name: parsed("agent.name", Name::parse(&self.name))?,
            role: parsed("role", Role::parse(&self.role))?,
            group_ids: group_ids.into_iter().map(Into::into).collect(),
            skills: codec::decode_strings("skills", &self.skills)?,
            languages: codec::decode_languages(&self.languages)?,
            active: self.active,
            created_at: self.created_at.to_jiff(),
            updated_at: self.updated_at.to_jiff(),
        })
    }
}

/// The `field_definition` columns in [`FieldRow`] order.
macro_rules! field_columns {
    () => {
        "id, entity, key, label, kind, options::text as options, required, position"
    };
}
pub(crate) use field_columns;

#[derive(sqlx::FromRow)]
pub(crate) struct FieldRow {
    id: Uuid,
    entity: String,
    key: String,
    label: String,
    kind: String,
    options: String,
    required: bool,
    position: i32,
}

impl TryFrom<FieldRow> for FieldDefinition {
    type Error = CorruptValue;

    fn try_from(row: FieldRow) -> Result<FieldDefinition, CorruptValue> {
        Ok(FieldDefinition {
            id: row.id.into(),
            entity: parsed("entity", FieldEntity::parse(&row.entity))?,
            key: parsed("key", FieldKey::parse(&row.key))?,
            label: row.label,
            kind: parsed("field_definition.kind", FieldKind::parse(&row.kind))?,
            options: codec::decode_strings("options", &row.options)?,
            required: row.required,
            position: row.position,
        })
    }
}

pub(crate) fn token_owner_columns(owner: TokenOwner) -> (&'static str, Uuid) {
    match owner {
        TokenOwner::Agent(id) => ("agent", id.0),
        TokenOwner::Contact(id) => ("contact", id.0),
    }
}

/// The `api_token` columns in [`TokenRow`] order.
macro_rules! token_columns {
    () => {
        "id, owner_kind, owner_id, name, secret_sha256, created_at, revoked_at"
    };
}
pub(crate) use token_columns;

#[derive(sqlx::FromRow)]
pub(crate) struct TokenRow {
    id: Uuid,
    owner_kind: String,
    owner_id: Uuid,
    name: String,
    secret_sha256: Vec<u8>,
    created_at: SqlTimestamp,
    revoked_at: Option<SqlTimestamp>,
}

impl TryFrom<TokenRow> for ApiToken {
    type Error = CorruptValue;

    fn try_from(row: TokenRow) -> Result<ApiToken, CorruptValue> {
        let owner = match row.owner_kind.as_str() {
            "agent" => TokenOwner::Agent(row.owner_id.into()),
            "contact" => TokenOwner::Contact(row.owner_id.into()),
            other => {
                return Err(corrupt(
                    "owner_kind",
                    format!("unknown owner kind {other:?}"),
                ));
            }
        };
        let secret_sha256 = row
            .secret_sha256
            .try_into()
            .map_err(|_| corrupt("secret_sha256", "not 32 bytes long"))?;
        Ok(ApiToken {
            id: row.id.into(),
            owner,
            name: row.name,
            secret_sha256,
            created_at: row.created_at.to_jiff(),
            revoked_at: row.revoked_at.map(SqlTimestamp::to_jiff),
        })
    }
}
