//! Who is on a ticket right now, for collision detection: agents see each other viewing or writing a reply,
//! and a presence older than [`PRESENCE_TTL_SECONDS`] no longer counts (a closed laptop, a crashed node).

use jiff::Timestamp;

use crate::id::{AgentId, TicketId};

string_enum!(
    /// What an agent is doing on a ticket.
    Activity {
        /// The ticket page is open.
        Viewing = "viewing",
        /// They are typing a reply or a note.
        Replying = "replying",
    }
);

/// How long a presence counts without being renewed. Pages renew theirs well within it.
pub const PRESENCE_TTL_SECONDS: i64 = 30;

/// An agent's presence on a ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Presence {
    pub ticket_id: TicketId,
    pub agent_id: AgentId,
    pub activity: Activity,
    pub seen_at: Timestamp,
}

impl Presence {
    /// Whether it still counts at `now`.
    pub fn is_current(&self, now: Timestamp) -> bool {
        now.as_second() - self.seen_at.as_second() < PRESENCE_TTL_SECONDS
    }
}
