//! Tickets: their fields, the statuses they move through and the rules for changing them.

use std::collections::BTreeMap;

use jiff::Timestamp;

use crate::error::{FieldError, Invalid};
use crate::field::FieldValue;
use crate::id::{
    AgentId, ContactId, GroupId, OrganizationId, TicketCategoryId, TicketId, TicketNumber,
};
use crate::insight::TicketInsight;
use crate::sla::TicketSla;
use crate::text::{Language, Tag, clean_line};

string_enum!(
    /// Where a ticket stands. `pending` waits on the customer, `on_hold` on a third party.
    Status {
        New = "new",
        Open = "open",
        Pending = "pending",
        OnHold = "on_hold",
        Solved = "solved",
        Closed = "closed",
    }
);

impl Status {
    /// Whether a ticket may go from `self` to `to`. Staying put is always allowed.
    ///
    /// Nothing returns to `new` (it means "nobody has looked yet"), and `closed` is final: a customer who
    /// writes about a closed case gets a follow-up ticket linked to it, so the closed record stays as it was.
    pub fn can_become(self, to: Status) -> bool {
        use Status::*;
        if self == to {
            return true;
        }
        match self {
            New | Open | Pending | OnHold => to != New,
            Solved => matches!(to, Open | Closed),
            Closed => false,
        }
    }

    /// Statuses that still need work from the help desk or the customer.
    pub fn is_active(self) -> bool {
        !matches!(self, Status::Solved | Status::Closed)
    }
}

string_enum!(
    /// How urgent a ticket is.
    Priority { Low = "low", Normal = "normal", High = "high", Urgent = "urgent" }
);

string_enum!(
    /// The nature of the inquiry, for routing and reporting.
    TicketType {
        Question = "question",
        Incident = "incident",
        Problem = "problem",
        Task = "task",
        Complaint = "complaint",
        SalesInquiry = "sales_inquiry",
    }
);

string_enum!(
    /// The channel a ticket or message arrived through.
    Channel {
        Email = "email",
        Web = "web",
        Phone = "phone",
        Fax = "fax",
        Postal = "postal",
        InPerson = "in_person",
        Chat = "chat",
        Api = "api",
    }
);

string_enum!(
    /// How two tickets relate.
    LinkKind {
        /// About the same matter.
        Related = "related",
        /// The other ticket is part of this one.
        Parent = "parent",
        /// This ticket is part of the other one.
        Child = "child",
        /// This ticket follows up the other (for example a new message about a closed ticket).
        FollowUp = "follow_up",
    }
);

/// A link from one ticket to another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketLink {
    pub ticket_id: TicketId,
    pub kind: LinkKind,
}

/// A ticket subject: one line of 1 to 255 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketSubject(String);

impl TicketSubject {
    pub fn parse(raw: &str) -> Result<TicketSubject, FieldError> {
        clean_line(raw, 255).map(TicketSubject)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A ticket as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Ticket {
    pub id: TicketId,
    pub number: TicketNumber,
    pub subject: TicketSubject,
    pub status: Status,
    pub priority: Priority,
    pub ticket_type: TicketType,
    pub channel: Channel,
    pub requester_id: ContactId,
    pub organization_id: Option<OrganizationId>,
    pub group_id: Option<GroupId>,
    pub assignee_id: Option<AgentId>,
    /// Sorted, without duplicates.
    pub tags: Vec<Tag>,
    /// Values of admin-defined fields, by field key.
    pub custom_fields: BTreeMap<String, FieldValue>,
    pub language: Language,
    pub links: Vec<TicketLink>,
    pub merged_into: Option<TicketId>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// When an agent first answered the customer publicly.
    pub first_response_at: Option<Timestamp>,
    pub solved_at: Option<Timestamp>,
    /// The clocks of the SLA policy that applies, if any.
    pub sla: Option<TicketSla>,
    /// The category of the inquiry, as an agent (or a rule) filed it.
    pub category_id: Option<TicketCategoryId>,
    pub insight: TicketInsight,
    /// Bumped by every write; a write that expected another version is refused, so concurrent edits never
    /// silently overwrite each other.
    pub version: i64,
}

/// The changes asked for in one update. `None` leaves a field as it is; `Some(None)` clears an optional one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TicketChanges {
    pub subject: Option<TicketSubject>,
    pub status: Option<Status>,
    pub priority: Option<Priority>,
    pub ticket_type: Option<TicketType>,
    pub category_id: Option<Option<TicketCategoryId>>,
    pub group_id: Option<Option<GroupId>>,
    pub assignee_id: Option<Option<AgentId>>,
    pub tags: Option<Vec<Tag>>,
    /// Keys to set (`Some`) or clear (`None`); keys not named keep their value.
    pub custom_fields: Option<BTreeMap<String, Option<FieldValue>>>,
    pub language: Option<Language>,
    pub links: Option<Vec<TicketLink>>,
    pub merged_into: Option<Option<TicketId>>,
}

impl TicketChanges {
    pub fn is_empty(&self) -> bool {
        *self == TicketChanges::default()
    }
}

/// One field that an update changed, with its old and new values as display text (for the history).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// Applies `changes` to `ticket` at `now`, enforcing the status rules, and lists what actually changed.
///
/// The ticket is left untouched on error. Solving stamps `solved_at`; reopening clears it.
pub fn apply_changes(
    ticket: &mut Ticket,
    changes: &TicketChanges,
    now: Timestamp,
) -> Result<Vec<FieldChange>, Invalid> {
    if let Some(to) = changes.status
        && !ticket.status.can_become(to)
    {
        return Err(Invalid::one(
            "status",
            format!("a {} ticket cannot become {}", ticket.status, to),
        ));
    }
    if let Some(Some(target)) = changes.merged_into
        && target == ticket.id
    {
        return Err(Invalid::one(
            "merged_into",
            "a ticket cannot be merged into itself",
        ));
    }
    if let Some(links) = &changes.links
        && links.iter().any(|link| link.ticket_id == ticket.id)
    {
        return Err(Invalid::one("links", "a ticket cannot link to itself"));
    }

    let mut log = Vec::new();
    let mut note = |field: &str, from: Option<String>, to: Option<String>| {
        if from != to {
            log.push(FieldChange {
                field: field.to_owned(),
                from,
                to,
            });
        }
    };
    let text = |s: &str| Some(s.to_owned());
    let id = |id: Option<String>| id;

    if let Some(subject) = &changes.subject {
        note(
            "subject",
            text(ticket.subject.as_str()),
            text(subject.as_str()),
        );
        ticket.subject = subject.clone();
    }
    if let Some(status) = changes.status {
        note(
            "status",
            text(ticket.status.as_str()),
            text(status.as_str()),
        );
        if status != ticket.status {
            ticket.solved_at = match status {
                Status::Solved | Status::Closed => ticket.solved_at.or(Some(now)),
                _ => None,
            };
        }
        ticket.status = status;
    }
    if let Some(priority) = changes.priority {
        note(
            "priority",
            text(ticket.priority.as_str()),
            text(priority.as_str()),
        );
        ticket.priority = priority;
    }
    if let Some(ticket_type) = changes.ticket_type {
        note(
            "type",
            text(ticket.ticket_type.as_str()),
            text(ticket_type.as_str()),
        );
        ticket.ticket_type = ticket_type;
    }
    if let Some(category_id) = changes.category_id {
        note(
            "category",
            id(ticket.category_id.map(|c| c.to_string())),
            id(category_id.map(|c| c.to_string())),
        );
        ticket.category_id = category_id;
    }
    if let Some(group_id) = changes.group_id {
        note(
            "group",
            id(ticket.group_id.map(|g| g.to_string())),
            id(group_id.map(|g| g.to_string())),
        );
        ticket.group_id = group_id;
    }
    if let Some(assignee_id) = changes.assignee_id {
        note(
            "assignee",
            id(ticket.assignee_id.map(|a| a.to_string())),
            id(assignee_id.map(|a| a.to_string())),
        );
        ticket.assignee_id = assignee_id;
    }
    if let Some(tags) = &changes.tags {
        let mut tags = tags.clone();
        tags.sort();
        tags.dedup();
        let join = |tags: &[Tag]| tags.iter().map(Tag::as_str).collect::<Vec<_>>().join(", ");
        note("tags", Some(join(&ticket.tags)), Some(join(&tags)));
        ticket.tags = tags;
    }
    if let Some(fields) = &changes.custom_fields {
        for (key, value) in fields {
            let before = ticket.custom_fields.get(key).map(FieldValue::to_string);
            let after = value.as_ref().map(FieldValue::to_string);
            note(&format!("custom_fields.{key}"), before, after);
            match value {
                Some(value) => ticket.custom_fields.insert(key.clone(), value.clone()),
                None => ticket.custom_fields.remove(key),
            };
        }
    }
    if let Some(language) = &changes.language {
        note(
            "language",
            text(ticket.language.as_str()),
            text(language.as_str()),
        );
        ticket.language = language.clone();
    }
    if let Some(links) = &changes.links {
        let show = |links: &[TicketLink]| {
            links
                .iter()
                .map(|l| format!("{}:{}", l.kind, l.ticket_id))
                .collect::<Vec<_>>()
                .join(", ")
        };
        note("links", Some(show(&ticket.links)), Some(show(links)));
        ticket.links = links.clone();
    }
    if let Some(merged_into) = changes.merged_into {
        note(
            "merged_into",
            id(ticket.merged_into.map(|t| t.to_string())),
            id(merged_into.map(|t| t.to_string())),
        );
        ticket.merged_into = merged_into;
    }
    if !log.is_empty() {
        ticket.updated_at = now;
    }
    Ok(log)
}

#[cfg(test)]
pub(crate) mod tests;
