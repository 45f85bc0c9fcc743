//! Request bodies and query strings of the JSON API, and their translation into the application's inputs.
//! Unknown fields are refused, so a typo (`staus`) is an error instead of a silently ignored change.

use std::collections::BTreeMap;

use ayuda_app::directory::{
    AgentInput, ContactInput, FieldInputDefinition, GroupInput, OrganizationInput,
};
use ayuda_app::tickets::{EditTicket, OpenTicket, PostMessage, RequesterInput, TicketFilters};
use ayuda_core::field::FieldInput;
use serde::{Deserialize, Deserializer};
use utoipa::{IntoParams, ToSchema};

use crate::schema;

/// Distinguishes an absent field (`None`) from an explicit `null` (`Some(None)`) in PATCH bodies.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

fn field_inputs(values: BTreeMap<String, serde_json::Value>) -> BTreeMap<String, FieldInput> {
    values
        .into_iter()
        .map(|(key, value)| {
            let input = match value {
                serde_json::Value::Null => FieldInput::Null,
                serde_json::Value::Bool(b) => FieldInput::Bool(b),
                serde_json::Value::Number(n) => n
                    .as_f64()
                    .map(FieldInput::Number)
                    .unwrap_or(FieldInput::Other),
                serde_json::Value::String(s) => FieldInput::Text(s),
                serde_json::Value::Array(_) | serde_json::Value::Object(_) => FieldInput::Other,
            };
            (key, input)
        })
        .collect()
}

/// A new ticket with its first message.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTicketRequest {
    #[schema(example = "The printer prints blank pages")]
    pub subject: String,
    /// The first message as plain text. Give `body`, `body_html` or both.
    #[serde(default)]
    pub body: Option<String>,
    /// The first message as HTML; it is sanitised.
    #[serde(default)]
    pub body_html: Option<String>,
    /// Who the ticket is for: required from agents, not allowed from customers (it is always them).
    #[serde(default)]
    pub requester: Option<RequesterRequest>,
    #[serde(default)]
    #[schema(schema_with = schema::channel)]
    pub channel: Option<String>,
    #[serde(default)]
    #[schema(schema_with = schema::priority)]
    pub priority: Option<String>,
    #[serde(default, rename = "type")]
    #[schema(schema_with = schema::ticket_type)]
    pub ticket_type: Option<String>,
    /// A group id.
    #[serde(default)]
    #[schema(format = Uuid)]
    pub group: Option<String>,
    /// An agent id.
    #[serde(default)]
    #[schema(format = Uuid)]
    pub assignee: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    #[schema(schema_with = schema::custom_fields)]
    pub custom_fields: BTreeMap<String, serde_json::Value>,
    /// A language code such as en, es or it; the requester's language when absent.
    #[serde(default)]
    pub language: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RequesterRequest {
    #[schema(example = "ana@example.com")]
    pub email: String,
    #[serde(default)]
    pub name: Option<String>,
}

impl From<CreateTicketRequest> for OpenTicket {
    fn from(r: CreateTicketRequest) -> OpenTicket {
        OpenTicket {
            subject: r.subject,
            body: r.body,
            body_html: r.body_html,
            requester: r.requester.map(|q| RequesterInput {
                email: q.email,
                name: q.name,
            }),
            channel: r.channel,
            priority: r.priority,
            ticket_type: r.ticket_type,
            group_id: r.group,
            assignee_id: r.assignee,
            tags: r.tags,
            custom_fields: field_inputs(r.custom_fields),
            language: r.language,
            occurred_at: None,
            // The JSON API takes no files yet; the web interfaces upload them as forms.
            attachments: Vec::new(),
        }
    }
}

/// Changes to a ticket: fields left out stay as they are; `null` clears an optional one.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateTicketRequest {
    #[serde(default)]
    pub subject: Option<String>,
    #[serde(default)]
    #[schema(schema_with = schema::status)]
    pub status: Option<String>,
    #[serde(default)]
    #[schema(schema_with = schema::priority)]
    pub priority: Option<String>,
    #[serde(default, rename = "type")]
    #[schema(schema_with = schema::ticket_type)]
    pub ticket_type: Option<String>,
    /// The category of the inquiry (a category id), or null for none.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, format = Uuid)]
    pub category: Option<Option<String>>,
    /// A group id, or null for none.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, format = Uuid)]
    pub group: Option<Option<String>>,
    /// An agent id, or null for unassigned.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, format = Uuid)]
    pub assignee: Option<Option<String>>,
    /// Replaces the tags.
    #[serde(default)]
    pub tags: Option<Vec<String>>,
    /// Sets the named fields; null clears one; fields not named keep their value.
    #[serde(default)]
    #[schema(schema_with = schema::custom_fields)]
    pub custom_fields: Option<BTreeMap<String, serde_json::Value>>,
    #[serde(default)]
    pub language: Option<String>,
    /// Replaces the links to other tickets.
    #[serde(default)]
    pub links: Option<Vec<LinkRequest>>,
    /// The ticket this one was merged into, or null.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, format = Uuid)]
    pub merged_into: Option<Option<String>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkRequest {
    #[schema(format = Uuid)]
    pub ticket_id: String,
    #[schema(schema_with = schema::link_kind)]
    pub kind: String,
}

impl From<UpdateTicketRequest> for EditTicket {
    fn from(r: UpdateTicketRequest) -> EditTicket {
        EditTicket {
            subject: r.subject,
            status: r.status,
            priority: r.priority,
            ticket_type: r.ticket_type,
            category_id: r.category,
            group_id: r.group,
            assignee_id: r.assignee,
            tags: r.tags,
            custom_fields: r.custom_fields.map(field_inputs),
            language: r.language,
            links: r
                .links
                .map(|links| links.into_iter().map(|l| (l.ticket_id, l.kind)).collect()),
            merged_into: r.merged_into,
        }
    }
}

/// A reply, an internal note or a logged interaction (phone call, letter, visit, fax).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateMessageRequest {
    /// `reply` when absent.
    #[serde(default)]
    #[schema(schema_with = schema::message_kind)]
    pub kind: Option<String>,
    /// Only for logged interactions; replies are always public and notes always internal.
    #[serde(default)]
    pub internal: Option<bool>,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub body_html: Option<String>,
    #[serde(default)]
    #[schema(schema_with = schema::direction)]
    pub direction: Option<String>,
    #[serde(default)]
    #[schema(schema_with = schema::channel)]
    pub channel: Option<String>,
}

impl From<CreateMessageRequest> for PostMessage {
    fn from(r: CreateMessageRequest) -> PostMessage {
        PostMessage {
            kind: r.kind,
            internal: r.internal,
            body: r.body,
            body_html: r.body_html,
            direction: r.direction,
            channel: r.channel,
            attachments: Vec::new(),
            // The API records a message when it is posted; the workspace's forms may say when it happened.
            occurred_at: None,
        }
    }
}

/// Filters of the ticket list. All given filters must match.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TicketListParams {
    /// One status, or several separated by commas (`new,open`).
    pub status: Option<String>,
    #[param(schema_with = schema::priority)]
    pub priority: Option<String>,
    /// A group id, or `mine`: the signed-in agent's groups and tickets in no group.
    pub group: Option<String>,
    /// An agent id, or `none` for tickets nobody is assigned to.
    pub assignee: Option<String>,
    /// A contact id.
    pub requester: Option<String>,
    /// An organization id.
    pub organization: Option<String>,
    pub tag: Option<String>,
    #[param(schema_with = schema::channel)]
    pub channel: Option<String>,
    /// Only tickets updated at or after this time (RFC 3339).
    pub updated_since: Option<String>,
    /// `-updated_at` (newest first, the default) or `updated_at`.
    pub sort: Option<String>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
}

impl From<TicketListParams> for TicketFilters {
    fn from(p: TicketListParams) -> TicketFilters {
        TicketFilters {
            status: p.status,
            priority: p.priority,
            group_id: p.group,
            assignee_id: p.assignee,
            requester_id: p.requester,
            organization_id: p.organization,
            tag: p.tag,
            channel: p.channel,
            updated_since: p.updated_since,
            sort: p.sort,
            cursor: p.cursor,
            limit: p.limit,
        }
    }
}

/// Paging of any other list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ContactListParams {
    /// Only contacts of this organization (an id).
    pub organization: Option<String>,
    pub cursor: Option<String>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FieldListParams {
    /// Only fields of this entity.
    #[param(schema_with = schema::field_entity)]
    pub entity: Option<String>,
}

/// A contact: required `name` on create; on update, fields left out stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactRequest {
    #[serde(default)]
    pub name: Option<String>,
    /// Replaces the contact's emails, phone and fax numbers.
    #[serde(default)]
    pub identities: Option<Vec<IdentityRequest>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub language: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, example = "Europe/Madrid")]
    pub time_zone: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, format = Uuid)]
    pub organization: Option<Option<String>>,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    #[schema(schema_with = schema::custom_fields)]
    pub custom_fields: Option<BTreeMap<String, serde_json::Value>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IdentityRequest {
    #[schema(schema_with = schema::identity_kind)]
    pub kind: String,
    pub value: String,
}

impl From<ContactRequest> for ContactInput {
    fn from(r: ContactRequest) -> ContactInput {
        ContactInput {
            name: r.name,
            identities: r
                .identities
                .map(|ids| ids.into_iter().map(|i| (i.kind, i.value)).collect()),
            language: r.language,
            time_zone: r.time_zone,
            organization_id: r.organization,
            notes: r.notes,
            custom_fields: r.custom_fields.map(field_inputs),
        }
    }
}

/// An organization: required `name` on create; on update, fields left out stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganizationRequest {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    #[schema(schema_with = schema::organization_kind)]
    pub kind: Option<String>,
    #[serde(default)]
    #[schema(schema_with = schema::service_tier)]
    pub service_tier: Option<String>,
    /// New contacts with an email at one of these domains join the organization.
    #[serde(default)]
    pub domains: Option<Vec<String>>,
    /// Whether members see each other's tickets in the portal.
    #[serde(default)]
    pub shared_tickets: Option<bool>,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    #[schema(schema_with = schema::custom_fields)]
    pub custom_fields: Option<BTreeMap<String, serde_json::Value>>,
}

impl From<OrganizationRequest> for OrganizationInput {
    fn from(r: OrganizationRequest) -> OrganizationInput {
        OrganizationInput {
            name: r.name,
            kind: r.kind,
            service_tier: r.service_tier,
            domains: r.domains,
            shared_tickets: r.shared_tickets,
            notes: r.notes,
            custom_fields: r.custom_fields.map(field_inputs),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupRequest {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

impl From<GroupRequest> for GroupInput {
    fn from(r: GroupRequest) -> GroupInput {
        GroupInput {
            name: r.name,
            description: r.description,
        }
    }
}

/// An agent: `email`, `name` and `role` required on create.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgentRequest {
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    #[schema(schema_with = schema::role)]
    pub role: Option<String>,
    /// Group ids; replaces the agent's groups.
    #[serde(default)]
    pub groups: Option<Vec<String>>,
    #[serde(default)]
    pub skills: Option<Vec<String>>,
    #[serde(default)]
    pub languages: Option<Vec<String>>,
    #[serde(default)]
    pub active: Option<bool>,
    /// Sets the password (at least 10 characters); never returned.
    #[serde(default)]
    pub password: Option<String>,
}

impl From<AgentRequest> for AgentInput {
    fn from(r: AgentRequest) -> AgentInput {
        AgentInput {
            email: r.email,
            name: r.name,
            role: r.role,
            group_ids: r.groups,
            skills: r.skills,
            languages: r.languages,
            active: r.active,
            password: r.password,
        }
    }
}

/// A custom field: `entity`, `key`, `label` and `kind` required on create; only label, options, required
/// and position can change later.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldRequest {
    #[serde(default)]
    #[schema(schema_with = schema::field_entity)]
    pub entity: Option<String>,
    #[serde(default)]
    #[schema(example = "order_number")]
    pub key: Option<String>,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    #[schema(schema_with = schema::field_kind)]
    pub kind: Option<String>,
    #[serde(default)]
    pub options: Option<Vec<String>>,
    #[serde(default)]
    pub required: Option<bool>,
    #[serde(default)]
    pub position: Option<i32>,
}

impl From<FieldRequest> for FieldInputDefinition {
    fn from(r: FieldRequest) -> FieldInputDefinition {
        FieldInputDefinition {
            entity: r.entity,
            key: r.key,
            label: r.label,
            kind: r.kind,
            options: r.options,
            required: r.required,
            position: r.position,
        }
    }
}

/// Agent sign-in.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignInRequest {
    pub email: String,
    pub password: String,
    /// The current code of the agent's second factor (TOTP), once they have set one up.
    #[serde(default)]
    pub code: Option<String>,
}
