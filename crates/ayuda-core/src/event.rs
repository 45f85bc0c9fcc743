//! A ticket's history: every change is an event saying what changed from what to what, who did it, when,
//! and through which way in.

use jiff::Timestamp;

use crate::id::{EventId, MessageId, TicketId};
use crate::message::{Author, MessageKind};
use crate::sla::{SlaAlert, SlaMetric};
use crate::ticket::FieldChange;

string_enum!(
    /// The way a change came in.
    Via { Ui = "ui", Api = "api", Email = "email", Rule = "rule", System = "system" }
);

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Created,
    Field(FieldChange),
    MessageAdded {
        message_id: MessageId,
        kind: MessageKind,
        internal: bool,
    },
    /// An SLA target's deadline came near or passed.
    Sla {
        metric: SlaMetric,
        alert: SlaAlert,
        due_at: Timestamp,
    },
    /// The ticket went to a higher tier or a named colleague, for a reason.
    Escalated(Escalation),
}

/// Where an escalation sent a ticket: a group (the next tier) or an agent, with the ids as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Escalation {
    /// `group` or `assignee`: what moved.
    pub moved: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub reason: String,
}

/// One entry in a ticket's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketEvent {
    pub id: EventId,
    pub ticket_id: TicketId,
    pub actor: Author,
    pub via: Via,
    pub change: Change,
    pub at: Timestamp,
}

impl TicketEvent {
    pub fn new(
        ticket_id: TicketId,
        actor: Author,
        via: Via,
        change: Change,
        at: Timestamp,
    ) -> TicketEvent {
        TicketEvent {
            id: EventId::generate(),
            ticket_id,
            actor,
            via,
            change,
            at,
        }
    }

    /// Whether a customer may see this entry: changes to internal notes are for agents only.
    pub fn visible_to_customers(&self) -> bool {
        !matches!(self.change, Change::MessageAdded { internal: true, .. })
    }
}
