//! Routing: which agent of a group a new ticket goes to. Per group, by hand, in turn (round-robin), or to
//! the agent with the fewest open tickets under their capacity (least-loaded); optionally only agents who
//! speak the ticket's language and have the skills it needs. Agents who are away, off or out of the office
//! get nothing.

use jiff::Timestamp;

use crate::id::{AgentId, GroupId};
use crate::text::{Language, Tag};

string_enum!(
    /// How a group hands out its new tickets.
    RoutingMode {
        /// Agents take tickets from the group's queue themselves.
        Manual = "manual",
        /// Each new ticket to the available agent who was given one longest ago.
        RoundRobin = "round_robin",
        /// Each new ticket to the available agent with the fewest open tickets, below their capacity.
        LeastLoaded = "least_loaded",
    }
);

string_enum!(
    /// Whether an agent takes new tickets now.
    Availability {
        Available = "available",
        /// Briefly away (a meeting, a break): keeps their tickets, gets no new ones.
        Away = "away",
        /// Not working.
        Off = "off",
    }
);

/// A group's routing rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRouting {
    pub mode: RoutingMode,
    /// Only agents who answer in the ticket's language.
    pub match_language: bool,
    /// Skills the group routes by: a ticket tagged with one needs an agent who has it.
    pub skills: Vec<String>,
    /// Whether an agent's open tickets go back to the queue when they become away or off.
    pub requeue_when_away: bool,
}

impl Default for GroupRouting {
    fn default() -> GroupRouting {
        GroupRouting {
            mode: RoutingMode::Manual,
            match_language: false,
            skills: Vec::new(),
            requeue_when_away: false,
        }
    }
}

/// The tier a group works in: 1 is the first line, 2 the second line, 3 supervisors, and so on.
pub const MAX_TIER: u8 = 9;

/// How a group works: its routing rules and its place among the tiers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupSetup {
    pub routing: GroupRouting,
    /// 1 for the first line, up to [`MAX_TIER`].
    pub tier: u8,
    /// The group its tickets escalate to ("the next tier"); when unset, the one group of the next tier.
    pub escalates_to: Option<GroupId>,
}

impl Default for GroupSetup {
    fn default() -> GroupSetup {
        GroupSetup {
            routing: GroupRouting::default(),
            tier: 1,
            escalates_to: None,
        }
    }
}

/// Where a group's tickets go when escalated to the next tier: the group it names, or else the only group
/// one tier up. `None` when there is no such group or several and none is named.
pub fn next_tier(group: GroupId, setups: &[(GroupId, GroupSetup)]) -> Option<GroupId> {
    let setup = setups
        .iter()
        .find(|(id, _)| *id == group)
        .map(|(_, setup)| setup.clone())
        .unwrap_or_default();
    if let Some(target) = setup.escalates_to {
        return Some(target);
    }
    let mut above = setups
        .iter()
        .filter(|(id, s)| *id != group && s.tier == setup.tier + 1)
        .map(|(id, _)| *id);
    match (above.next(), above.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}

/// The default most open tickets least-loaded routing gives an agent.
pub const DEFAULT_CAPACITY: u32 = 20;

/// Whether an agent takes new tickets, as they set it, and how many least-loaded routing gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentStatus {
    pub availability: Availability,
    /// Out of the office from the first instant until the second, whatever their availability.
    pub out_of_office: Option<(Timestamp, Timestamp)>,
    pub capacity: u32,
}

impl Default for AgentStatus {
    fn default() -> AgentStatus {
        AgentStatus {
            availability: Availability::Available,
            out_of_office: None,
            capacity: DEFAULT_CAPACITY,
        }
    }
}

impl AgentStatus {
    /// Whether they take new tickets at `now`.
    pub fn takes_tickets(&self, now: Timestamp) -> bool {
        self.availability == Availability::Available
            && !self
                .out_of_office
                .is_some_and(|(from, until)| from <= now && now < until)
    }
}

/// An agent of the group as routing sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub agent: AgentId,
    pub status: AgentStatus,
    pub languages: Vec<Language>,
    pub skills: Vec<String>,
    /// Their open tickets now (new, open, pending, on hold).
    pub open_tickets: u32,
    /// The group's turn at which routing last gave them a ticket. A count rather than a time, so the
    /// order holds when two tickets are routed within the same instant.
    pub last_turn: Option<i64>,
}

impl Candidate {
    /// Whether they take new tickets at `now`.
    pub fn takes_tickets(&self, now: Timestamp) -> bool {
        self.status.takes_tickets(now)
    }
}

/// What routing knows of the ticket.
#[derive(Debug, Clone, Copy)]
pub struct Needs<'a> {
    pub language: &'a Language,
    pub tags: &'a [Tag],
}

/// The agent a new ticket goes to, or `None` (manual routing, or nobody can take it now: it waits in the
/// queue until someone can).
pub fn choose(
    routing: &GroupRouting,
    needs: Needs<'_>,
    candidates: &[Candidate],
    now: Timestamp,
) -> Option<AgentId> {
    let required: Vec<&str> = routing
        .skills
        .iter()
        .map(String::as_str)
        .filter(|skill| needs.tags.iter().any(|tag| tag.as_str() == *skill))
        .collect();
    let speaks = |c: &Candidate| {
        !routing.match_language
            || c.languages
                .iter()
                .any(|l| l == needs.language || l.primary() == needs.language.primary())
    };
    let skilled = |c: &Candidate| required.iter().all(|s| c.skills.iter().any(|k| k == s));
    let eligible = candidates
        .iter()
        .filter(|c| c.takes_tickets(now) && speaks(c) && skilled(c));
    match routing.mode {
        RoutingMode::Manual => None,
        // Never given one first, then the longest ago; ties by id, so every node chooses alike.
        RoutingMode::RoundRobin => eligible
            .min_by_key(|c| (c.last_turn, c.agent))
            .map(|c| c.agent),
        RoutingMode::LeastLoaded => eligible
            .filter(|c| c.open_tickets < c.status.capacity)
            .min_by_key(|c| (c.open_tickets, c.last_turn, c.agent))
            .map(|c| c.agent),
    }
}

#[cfg(test)]
mod tests;
