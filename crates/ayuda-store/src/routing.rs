//! Routing's part of the storage seam: each group's routing rules and tier, agents' availability, the
//! candidates for a group's next ticket, and the queue of tickets waiting to be routed.
//!
//! Choosing is the core's (`ayuda_core::routing::choose`); the store makes the choice safe with several
//! app nodes. Every group that routes has a turn counter: a routed ticket is written with the turn its
//! candidates were read at ([`RoutingTurn`] in [`crate::TicketWrite`]), and the write fails with
//! [`StoreError::Conflict`] if another node has routed in that group since. So two nodes never both hand
//! the same agent "their turn" from the same reading.

use async_trait::async_trait;
use ayuda_core::Timestamp;
use ayuda_core::id::{AgentId, GroupId, TicketId};
use ayuda_core::routing::{AgentStatus, Candidate, GroupSetup};

use crate::StoreError;

/// A group's candidates for its next ticket, read at one turn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutingRound {
    pub turn: i64,
    /// The group's active members.
    pub candidates: Vec<Candidate>,
}

/// A routing decision written with the ticket it routes: `agent` got the ticket in `group`, chosen from
/// the candidates read at `turn`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoutingTurn {
    pub group: GroupId,
    pub agent: AgentId,
    pub turn: i64,
}

#[async_trait]
pub trait RoutingStore {
    /// A group's set-up; the default (manual, first tier) when none was saved.
    async fn group_setup(&self, group: GroupId) -> Result<GroupSetup, StoreError>;

    /// Every saved group set-up, by group.
    async fn list_group_setups(&self) -> Result<Vec<(GroupId, GroupSetup)>, StoreError>;

    /// Saves a group's set-up. An unknown group (or group to escalate to) is
    /// [`StoreError::MissingReference`].
    async fn save_group_setup(
        &self,
        group: GroupId,
        setup: GroupSetup,
        at: Timestamp,
    ) -> Result<(), StoreError>;

    /// An agent's availability; the default (available) when they never set it.
    async fn agent_status(&self, agent: AgentId) -> Result<AgentStatus, StoreError>;

    /// Sets an agent's availability. An unknown agent is [`StoreError::NotFound`].
    async fn set_agent_status(
        &self,
        agent: AgentId,
        status: AgentStatus,
        at: Timestamp,
    ) -> Result<(), StoreError>;

    /// The active members of `group` with their availability, open tickets and last routed ticket in
    /// this group, and the group's routing turn.
    async fn routing_round(&self, group: GroupId) -> Result<RoutingRound, StoreError>;

    /// Tickets waiting in `group`'s queue (new or open, nobody assigned), the oldest first.
    async fn queued_tickets(&self, group: GroupId, limit: u32)
    -> Result<Vec<TicketId>, StoreError>;
}
