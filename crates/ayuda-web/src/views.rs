//! Response bodies of the JSON API, converted from domain values. The wire format is kept here, apart from
//! the domain, so either can change without dragging the other along.

use std::collections::BTreeMap;

use ayuda_core::Timestamp;
use ayuda_core::agent::{Agent, Group};
use ayuda_core::contact::{Contact, Organization};
use ayuda_core::event::{Change, TicketEvent};
use ayuda_core::field::{FieldDefinition, FieldValue};
use ayuda_core::message::{Author, Message};
use ayuda_core::sla::TicketSla;
use ayuda_core::ticket::Ticket;
use ayuda_store::Page;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::schema;

fn field_values(fields: &BTreeMap<String, FieldValue>) -> BTreeMap<String, serde_json::Value> {
    fields
        .iter()
        .map(|(key, value)| {
            let json = match value {
                FieldValue::Text(s) | FieldValue::Select(s) => serde_json::Value::from(s.clone()),
                FieldValue::Number(n) => serde_json::Value::from(*n),
                FieldValue::Date(d) => serde_json::Value::from(d.to_string()),
                FieldValue::Checkbox(b) => serde_json::Value::from(*b),
            };
            (key.clone(), json)
        })
        .collect()
}

/// A page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ListView<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; null on the last page.
    pub next_cursor: Option<String>,
}

impl<T> ListView<T> {
    pub fn from_page<D, C: ToString>(page: Page<D, C>, view: impl Fn(D) -> T) -> ListView<T> {
        ListView {
            items: page.items.into_iter().map(view).collect(),
            next_cursor: page.next_cursor.map(|c| c.to_string()),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TicketView {
    pub id: Uuid,
    /// The human ticket number, unique and gapless.
    pub number: i64,
    pub subject: String,
    #[schema(schema_with = schema::status)]
    pub status: &'static str,
    #[schema(schema_with = schema::priority)]
    pub priority: &'static str,
    #[serde(rename = "type")]
    #[schema(schema_with = schema::ticket_type)]
    pub ticket_type: &'static str,
    #[schema(schema_with = schema::channel)]
    pub channel: &'static str,
    pub requester_id: Uuid,
    pub organization_id: Option<Uuid>,
    pub group_id: Option<Uuid>,
    pub assignee_id: Option<Uuid>,
    pub tags: Vec<String>,
    #[schema(schema_with = schema::custom_fields)]
    pub custom_fields: BTreeMap<String, serde_json::Value>,
    pub language: String,
    pub links: Vec<LinkView>,
    pub merged_into: Option<Uuid>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub first_response_at: Option<Timestamp>,
    pub solved_at: Option<Timestamp>,
    /// The SLA policy that applies and where each of its targets stands; null when none applies.
    pub sla: Option<SlaView>,
    /// Increases with every change.
    pub version: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SlaView {
    pub policy_id: Uuid,
    pub targets: Vec<SlaTargetView>,
}

/// One SLA target of a ticket: its deadline while it runs, and whether it was warned about, breached, met.
#[derive(Debug, Serialize, ToSchema)]
pub struct SlaTargetView {
    /// `first_response`, `next_response` or `resolution`.
    pub metric: &'static str,
    /// `running`, `paused` (the ticket waits on the customer or is solved), `met`, or `not_started` (a
    /// next response is owed only once the customer writes again).
    pub state: &'static str,
    /// The target, in working minutes of the policy's schedule.
    pub target_minutes: i64,
    /// Working minutes used so far, counted up to the last change (a running target uses more each minute).
    pub used_minutes: i64,
    /// The deadline, while running.
    pub due_at: Option<Timestamp>,
    /// When the warning comes, while running and not yet given.
    pub warn_at: Option<Timestamp>,
    pub warned_at: Option<Timestamp>,
    pub breached_at: Option<Timestamp>,
    pub met_at: Option<Timestamp>,
}

impl From<&TicketSla> for SlaView {
    fn from(sla: &TicketSla) -> SlaView {
        SlaView {
            policy_id: sla.policy_id.0,
            targets: sla
                .clocks
                .iter()
                .map(|c| SlaTargetView {
                    metric: c.metric.as_str(),
                    state: if c.met_at.is_some() {
                        "met"
                    } else if c.is_running() {
                        "running"
                    } else if c.started_at.is_some() {
                        "paused"
                    } else {
                        "not_started"
                    },
                    target_minutes: c.target.as_secs() / 60,
                    used_minutes: c.used.as_secs() / 60,
                    due_at: c.due_at,
                    warn_at: c.warn_at,
                    warned_at: c.warned_at,
                    breached_at: c.breached_at,
                    met_at: c.met_at,
                })
                .collect(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LinkView {
    pub ticket_id: Uuid,
    #[schema(schema_with = schema::link_kind)]
    pub kind: &'static str,
}

impl From<Ticket> for TicketView {
    fn from(t: Ticket) -> TicketView {
        TicketView {
            id: t.id.0,
            number: t.number.0,
            subject: t.subject.as_str().to_owned(),
            status: t.status.as_str(),
            priority: t.priority.as_str(),
            ticket_type: t.ticket_type.as_str(),
            channel: t.channel.as_str(),
            requester_id: t.requester_id.0,
            organization_id: t.organization_id.map(|o| o.0),
            group_id: t.group_id.map(|g| g.0),
            assignee_id: t.assignee_id.map(|a| a.0),
            tags: t.tags.iter().map(|tag| tag.as_str().to_owned()).collect(),
            custom_fields: field_values(&t.custom_fields),
            language: t.language.as_str().to_owned(),
            links: t
                .links
                .iter()
                .map(|l| LinkView {
                    ticket_id: l.ticket_id.0,
                    kind: l.kind.as_str(),
                })
                .collect(),
            merged_into: t.merged_into.map(|m| m.0),
            created_at: t.created_at,
            updated_at: t.updated_at,
            first_response_at: t.first_response_at,
            solved_at: t.solved_at,
            sla: t.sla.as_ref().map(SlaView::from),
            version: t.version,
        }
    }
}

/// Who wrote or did something.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuthorView {
    /// `agent`, `contact` or `system`.
    #[serde(rename = "type")]
    pub author_type: &'static str,
    /// The agent's or contact's id; null for the system.
    pub id: Option<Uuid>,
}

impl From<Author> for AuthorView {
    fn from(author: Author) -> AuthorView {
        match author {
            Author::Agent(id) => AuthorView {
                author_type: "agent",
                id: Some(id.0),
            },
            Author::Contact(id) => AuthorView {
                author_type: "contact",
                id: Some(id.0),
            },
            Author::System => AuthorView {
                author_type: "system",
                id: None,
            },
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MessageView {
    pub id: Uuid,
    pub ticket_id: Uuid,
    #[schema(schema_with = schema::message_kind)]
    pub kind: &'static str,
    /// Internal messages are never shown to customers.
    pub internal: bool,
    #[schema(schema_with = schema::direction)]
    pub direction: &'static str,
    pub author: AuthorView,
    #[schema(schema_with = schema::channel)]
    pub channel: &'static str,
    pub body: String,
    /// Sanitised HTML, or null for plain-text messages.
    pub body_html: Option<String>,
    pub external_id: Option<String>,
    pub attachments: Vec<AttachmentView>,
    pub created_at: Timestamp,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AttachmentView {
    pub id: Uuid,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
}

impl From<ayuda_core::message::Attachment> for AttachmentView {
    fn from(a: ayuda_core::message::Attachment) -> AttachmentView {
        AttachmentView {
            id: a.id.0,
            filename: a.filename,
            content_type: a.content_type,
            size: a.size,
            sha256: a.sha256,
        }
    }
}

impl From<Message> for MessageView {
    fn from(m: Message) -> MessageView {
        MessageView {
            id: m.id.0,
            ticket_id: m.ticket_id.0,
            kind: m.kind.as_str(),
            internal: m.internal,
            direction: m.direction.as_str(),
            author: m.author.into(),
            channel: m.channel.as_str(),
            body: m.body_text,
            body_html: m.body_html,
            external_id: m.external_id,
            attachments: m
                .attachments
                .into_iter()
                .map(AttachmentView::from)
                .collect(),
            created_at: m.created_at,
        }
    }
}

/// One entry of a ticket's history.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventView {
    pub id: Uuid,
    pub ticket_id: Uuid,
    pub actor: AuthorView,
    #[schema(schema_with = schema::via)]
    pub via: &'static str,
    /// `created`, `field_changed`, `message_added`, `sla` (an SLA warning or breach) or `escalated`.
    #[serde(rename = "type")]
    pub event_type: &'static str,
    /// The changed field, for `field_changed`; the metric (`first_response`, `next_response`,
    /// `resolution`), for `sla`; what moved (`group` or `assignee`), for `escalated`.
    pub field: Option<String>,
    /// The old value; the deadline, for `sla`.
    pub from: Option<String>,
    /// The new value; `warning` or `breach`, for `sla`.
    pub to: Option<String>,
    /// Why, for `escalated`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The added message, for `message_added`.
    pub message_id: Option<Uuid>,
    pub at: Timestamp,
}

impl From<TicketEvent> for EventView {
    fn from(e: TicketEvent) -> EventView {
        let mut reason = None;
        let (event_type, field, from, to, message_id) = match e.change {
            Change::Created => ("created", None, None, None, None),
            Change::Field(change) => (
                "field_changed",
                Some(change.field),
                change.from,
                change.to,
                None,
            ),
            Change::MessageAdded { message_id, .. } => {
                ("message_added", None, None, None, Some(message_id.0))
            }
            Change::Sla {
                metric,
                alert,
                due_at,
            } => (
                "sla",
                Some(metric.as_str().to_owned()),
                Some(due_at.to_string()),
                Some(alert.as_str().to_owned()),
                None,
            ),
            Change::Escalated(escalation) => {
                reason = Some(escalation.reason);
                (
                    "escalated",
                    Some(escalation.moved),
                    escalation.from,
                    escalation.to,
                    None,
                )
            }
        };
        EventView {
            id: e.id.0,
            ticket_id: e.ticket_id.0,
            actor: e.actor.into(),
            via: e.via.as_str(),
            event_type,
            field,
            from,
            to,
            message_id,
            reason,
            at: e.at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IdentityView {
    #[schema(schema_with = schema::identity_kind)]
    pub kind: &'static str,
    pub value: String,
    /// Set when mail to this address bounced: the latest report. Shown on a single contact, not in lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bounced: Option<BounceView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BounceView {
    /// What the receiving server said.
    pub reason: String,
    pub at: Timestamp,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ContactView {
    pub id: Uuid,
    pub name: String,
    pub identities: Vec<IdentityView>,
    pub language: Option<String>,
    pub time_zone: Option<String>,
    pub organization_id: Option<Uuid>,
    pub notes: String,
    #[schema(schema_with = schema::custom_fields)]
    pub custom_fields: BTreeMap<String, serde_json::Value>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl From<Contact> for ContactView {
    fn from(c: Contact) -> ContactView {
        ContactView {
            id: c.id.0,
            name: c.name.as_str().to_owned(),
            identities: c
                .identities
                .into_iter()
                .map(|i| IdentityView {
                    kind: i.kind.as_str(),
                    value: i.value,
                    bounced: None,
                })
                .collect(),
            language: c.language.map(|l| l.as_str().to_owned()),
            time_zone: c.time_zone.map(|t| t.as_str().to_owned()),
            organization_id: c.organization_id.map(|o| o.0),
            notes: c.notes,
            custom_fields: field_values(&c.custom_fields),
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrganizationView {
    pub id: Uuid,
    pub name: String,
    #[schema(schema_with = schema::organization_kind)]
    pub kind: &'static str,
    #[schema(schema_with = schema::service_tier)]
    pub service_tier: &'static str,
    pub domains: Vec<String>,
    pub shared_tickets: bool,
    pub notes: String,
    #[schema(schema_with = schema::custom_fields)]
    pub custom_fields: BTreeMap<String, serde_json::Value>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl From<Organization> for OrganizationView {
    fn from(o: Organization) -> OrganizationView {
        OrganizationView {
            id: o.id.0,
            name: o.name.as_str().to_owned(),
            kind: o.kind.as_str(),
            service_tier: o.service_tier.as_str(),
            domains: o.domains.iter().map(|d| d.as_str().to_owned()).collect(),
            shared_tickets: o.shared_tickets,
            notes: o.notes,
            custom_fields: field_values(&o.custom_fields),
            created_at: o.created_at,
            updated_at: o.updated_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GroupView {
    pub id: Uuid,
    pub name: String,
    pub description: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl From<Group> for GroupView {
    fn from(g: Group) -> GroupView {
        GroupView {
            id: g.id.0,
            name: g.name.as_str().to_owned(),
            description: g.description,
            created_at: g.created_at,
            updated_at: g.updated_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AgentView {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    #[schema(schema_with = schema::role)]
    pub role: &'static str,
    pub group_ids: Vec<Uuid>,
    pub skills: Vec<String>,
    pub languages: Vec<String>,
    pub active: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl From<Agent> for AgentView {
    fn from(a: Agent) -> AgentView {
        AgentView {
            id: a.id.0,
            email: a.email.as_str().to_owned(),
            name: a.name.as_str().to_owned(),
            role: a.role.as_str(),
            group_ids: a.group_ids.iter().map(|g| g.0).collect(),
            skills: a.skills,
            languages: a.languages.iter().map(|l| l.as_str().to_owned()).collect(),
            active: a.active,
            created_at: a.created_at,
            updated_at: a.updated_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FieldView {
    pub id: Uuid,
    #[schema(schema_with = schema::field_entity)]
    pub entity: &'static str,
    pub key: String,
    pub label: String,
    #[schema(schema_with = schema::field_kind)]
    pub kind: &'static str,
    pub options: Vec<String>,
    pub required: bool,
    pub position: i32,
}

impl From<FieldDefinition> for FieldView {
    fn from(f: FieldDefinition) -> FieldView {
        FieldView {
            id: f.id.0,
            entity: f.entity.as_str(),
            key: f.key.as_str().to_owned(),
            label: f.label,
            kind: f.kind.as_str(),
            options: f.options,
            required: f.required,
            position: f.position,
        }
    }
}

/// A new API token; the secret is shown only here.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenView {
    pub token: String,
}

/// The answer of the health checks.
#[derive(Debug, Serialize, ToSchema)]
pub struct HealthView {
    pub status: &'static str,
}
