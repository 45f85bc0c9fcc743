//! Routing: which agent of a group a new ticket goes to. Per group, by hand, in turn (round-robin), or to
//! the agent with the fewest open tickets under their capacity (least-loaded); optionally only agents who
//! speak the ticket's language and have the skills it needs. Agents who are away, off or out of the office
//! get nothing.

use jiff::Timestamp;

use crate::id::AgentId;
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

/// An agent of the group as routing sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub agent: AgentId,
    pub availability: Availability,
    /// Out of the office from the first instant until the second.
    pub out_of_office: Option<(Timestamp, Timestamp)>,
    pub languages: Vec<Language>,
    pub skills: Vec<String>,
    /// The most open tickets they are given by least-loaded routing.
    pub capacity: u32,
    /// Their open tickets now (new, open, pending, on hold).
    pub open_tickets: u32,
    /// When routing last gave them a ticket.
    pub last_routed_at: Option<Timestamp>,
}

impl Candidate {
    /// Whether they take new tickets at `now`.
    pub fn takes_tickets(&self, now: Timestamp) -> bool {
        self.availability == Availability::Available
            && !self
                .out_of_office
                .is_some_and(|(from, until)| from <= now && now < until)
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
            .min_by_key(|c| (c.last_routed_at, c.agent))
            .map(|c| c.agent),
        RoutingMode::LeastLoaded => eligible
            .filter(|c| c.open_tickets < c.capacity)
            .min_by_key(|c| (c.open_tickets, c.last_routed_at, c.agent))
            .map(|c| c.agent),
    }
}

#[cfg(test)]
mod tests;
