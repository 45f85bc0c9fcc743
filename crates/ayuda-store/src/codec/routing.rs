//! Routing values as both backends keep them: a group's set-up and an agent's status in plain columns,
//! decoded here once so the two backends read them alike.

use ayuda_core::Timestamp;
use ayuda_core::id::GroupId;
use ayuda_core::routing::{
    AgentStatus, Availability, GroupRouting, GroupSetup, MAX_TIER, RoutingMode,
};
use uuid::Uuid;

use super::{CorruptValue, corrupt, decode_strings};

/// A `group_setup` row's columns.
#[derive(Debug)]
pub struct GroupSetupColumns<'a> {
    pub routing_mode: &'a str,
    pub match_language: bool,
    pub routing_skills: &'a str,
    pub requeue_when_away: bool,
    pub tier: i64,
    pub escalates_to: Option<Uuid>,
}

pub fn decode_group_setup(columns: GroupSetupColumns<'_>) -> Result<GroupSetup, CorruptValue> {
    let tier = u8::try_from(columns.tier)
        .ok()
        .filter(|t| (1..=MAX_TIER).contains(t))
        .ok_or_else(|| corrupt("tier", columns.tier))?;
    Ok(GroupSetup {
        routing: GroupRouting {
            mode: RoutingMode::parse(columns.routing_mode)
                .map_err(|e| corrupt("routing_mode", e))?,
            match_language: columns.match_language,
            skills: decode_strings("routing_skills", columns.routing_skills)?,
            requeue_when_away: columns.requeue_when_away,
        },
        tier,
        escalates_to: columns.escalates_to.map(GroupId),
    })
}

/// An `agent_status` row's columns.
pub fn decode_agent_status(
    availability: &str,
    away_from: Option<Timestamp>,
    away_until: Option<Timestamp>,
    capacity: i64,
) -> Result<AgentStatus, CorruptValue> {
    Ok(AgentStatus {
        availability: Availability::parse(availability).map_err(|e| corrupt("availability", e))?,
        out_of_office: away_from.zip(away_until),
        capacity: u32::try_from(capacity).map_err(|e| corrupt("capacity", e))?,
    })
}
