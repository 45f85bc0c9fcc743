//! Notifications: what an agent is told in the workspace and by email, so that nobody forgets a case.

use jiff::Timestamp;

use crate::id::{AgentId, NotificationId, TicketId};

string_enum!(
    /// Why an agent is told.
    NotificationKind {
        /// A ticket was assigned to them.
        Assigned = "assigned",
        /// A customer replied on a ticket assigned to them.
        CustomerReplied = "customer_replied",
        /// An SLA deadline of their ticket is near.
        SlaWarning = "sla_warning",
        /// An SLA deadline of their ticket has passed.
        SlaBreach = "sla_breach",
        /// A ticket was escalated to them or their group.
        Escalated = "escalated",
        /// A trigger asked for them to be told (its note is the detail).
        Rule = "rule",
    }
);

/// The kinds of notification an agent is also emailed about until they choose: every kind, since each
/// one asks something of them.
pub fn emailed_by_default() -> Vec<NotificationKind> {
    NotificationKind::ALL.to_vec()
}

/// At most this many notifications are listed in one email to an agent; the rest are counted.
pub const MAX_NOTICES_PER_MAIL: usize = 20;

/// One notification to one agent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub id: NotificationId,
    pub agent_id: AgentId,
    pub ticket_id: TicketId,
    pub kind: NotificationKind,
    /// What goes with it: the SLA metric, the escalation's reason.
    pub detail: String,
    pub created_at: Timestamp,
    pub read_at: Option<Timestamp>,
}

impl Notification {
    pub fn new(
        agent_id: AgentId,
        ticket_id: TicketId,
        kind: NotificationKind,
        detail: impl Into<String>,
        at: Timestamp,
    ) -> Notification {
        Notification {
            id: NotificationId::generate(),
            agent_id,
            ticket_id,
            kind,
            detail: detail.into(),
            created_at: at,
            read_at: None,
        }
    }
}
