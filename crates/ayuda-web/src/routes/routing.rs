//! `/api/v1/groups/{id}/routing`, `/api/v1/agents/{id}/availability` and
//! `/api/v1/tickets/{id}/escalations`: how a group hands out and escalates its tickets, whether an agent
//! takes new ones, and referring a ticket to the next tier or a colleague.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ayuda_app::escalation::EscalateInput;
use ayuda_app::routing::{AgentStatusInput, GroupSetupInput};
use ayuda_core::event::Via;
use ayuda_core::id::{AgentId, GroupId, TicketId};
use ayuda_core::routing::{AgentStatus, GroupSetup};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::WebState;
use crate::extract::{ApiJson, Auth, IdPath};
use crate::problem::{ApiError, Problem};
use crate::views::TicketView;

/// A group's routing rules and tier.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct GroupRoutingBody {
    /// `manual` (agents take tickets from the queue), `round_robin` (in turn) or `least_loaded` (to the
    /// agent with the fewest open tickets under their capacity).
    pub routing_mode: String,
    /// Only agents who answer in the ticket's language.
    #[serde(default)]
    pub match_language: bool,
    /// Skills the group routes by: a ticket tagged with one goes to an agent who has it.
    #[serde(default)]
    pub skills: Vec<String>,
    /// Whether an agent's open tickets go back to the queue when they are away, off or out of the office.
    #[serde(default)]
    pub requeue_when_away: bool,
    /// 1 for the first line, 2 for the second, and so on up to 9.
    #[serde(default = "first_tier")]
    pub tier: i64,
    /// The group escalated tickets go to; when absent, the only group one tier up.
    #[serde(default)]
    pub escalates_to: Option<uuid::Uuid>,
}

fn first_tier() -> i64 {
    1
}

impl From<GroupSetup> for GroupRoutingBody {
    fn from(setup: GroupSetup) -> GroupRoutingBody {
        GroupRoutingBody {
            routing_mode: setup.routing.mode.as_str().to_owned(),
            match_language: setup.routing.match_language,
            skills: setup.routing.skills,
            requeue_when_away: setup.routing.requeue_when_away,
            tier: i64::from(setup.tier),
            escalates_to: setup.escalates_to.map(|g| g.0),
        }
    }
}

/// Whether an agent takes new tickets.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AvailabilityBody {
    /// `available`, `away` (briefly: keeps their tickets unless the group says otherwise) or `off`.
    pub availability: String,
    /// An out-of-office period (RFC 3339 times), during which they get no tickets: both or neither.
    #[serde(default)]
    pub away_from: Option<String>,
    #[serde(default)]
    pub away_until: Option<String>,
    /// The most open tickets least-loaded routing gives them; unchanged when absent.
    #[serde(default)]
    pub capacity: Option<i64>,
}

impl From<AgentStatus> for AvailabilityBody {
    fn from(status: AgentStatus) -> AvailabilityBody {
        let (from, until) = status.out_of_office.unzip();
        AvailabilityBody {
            availability: status.availability.as_str().to_owned(),
            away_from: from.map(|t| t.to_string()),
            away_until: until.map(|t| t.to_string()),
            capacity: Some(i64::from(status.capacity)),
        }
    }
}

/// A referral of a ticket to the next tier or a named colleague.
#[derive(Debug, Deserialize, ToSchema)]
pub struct EscalationBody {
    /// `next_tier`, or the id of the colleague to refer it to.
    pub to: String,
    /// Why: required, shown to the receivers and kept in the history.
    pub reason: String,
}

/// A group's routing rules and tier (manual and first line when never set).
#[utoipa::path(get, path = "/api/v1/groups/{id}/routing", tag = "groups",
    params(("id" = uuid::Uuid, Path, description = "The group")),
    responses((status = 200, description = "The group's routing", body = GroupRoutingBody), (status = 404, description = "No such group", body = Problem)))]
pub async fn get_group_routing(
    State(state): State<WebState>,
    Auth(session): Auth,
    IdPath(id): IdPath<GroupId>,
) -> Result<Json<GroupRoutingBody>, ApiError> {
    let setup = state.app.group_setup(&session.principal, id).await?;
    Ok(Json(setup.into()))
}

/// Set a group's routing rules and tier (administrators).
#[utoipa::path(put, path = "/api/v1/groups/{id}/routing", tag = "groups", request_body = GroupRoutingBody,
    params(("id" = uuid::Uuid, Path, description = "The group")),
    responses((status = 200, description = "The group's routing", body = GroupRoutingBody), (status = 404, description = "No such group", body = Problem)))]
pub async fn set_group_routing(
    State(state): State<WebState>,
    Auth(session): Auth,
    IdPath(id): IdPath<GroupId>,
    ApiJson(body): ApiJson<GroupRoutingBody>,
) -> Result<Json<GroupRoutingBody>, ApiError> {
    let input = GroupSetupInput {
        routing_mode: body.routing_mode,
        match_language: body.match_language,
        skills: body.skills,
        requeue_when_away: body.requeue_when_away,
        tier: body.tier,
        escalates_to: body.escalates_to.map(|g| g.to_string()),
    };
    let setup = state
        .app
        .set_group_setup(&session.principal, id, input)
        .await?;
    Ok(Json(setup.into()))
}

/// An agent's availability: one's own, or anyone's for supervisors and administrators.
#[utoipa::path(get, path = "/api/v1/agents/{id}/availability", tag = "agents",
    params(("id" = uuid::Uuid, Path, description = "The agent")),
    responses((status = 200, description = "Their availability", body = AvailabilityBody), (status = 404, description = "No such agent", body = Problem)))]
pub async fn get_availability(
    State(state): State<WebState>,
    Auth(session): Auth,
    IdPath(id): IdPath<AgentId>,
) -> Result<Json<AvailabilityBody>, ApiError> {
    let status = state.app.agent_status(&session.principal, id).await?;
    Ok(Json(status.into()))
}

/// Set an agent's availability. An agent who stops taking tickets gives back their open ones in groups
/// that ask for it.
#[utoipa::path(put, path = "/api/v1/agents/{id}/availability", tag = "agents", request_body = AvailabilityBody,
    params(("id" = uuid::Uuid, Path, description = "The agent")),
    responses((status = 200, description = "Their availability", body = AvailabilityBody), (status = 404, description = "No such agent", body = Problem)))]
pub async fn set_availability(
    State(state): State<WebState>,
    Auth(session): Auth,
    IdPath(id): IdPath<AgentId>,
    ApiJson(body): ApiJson<AvailabilityBody>,
) -> Result<Json<AvailabilityBody>, ApiError> {
    let input = AgentStatusInput {
        availability: body.availability,
        away_from: body.away_from,
        away_until: body.away_until,
        capacity: body.capacity,
    };
    let status = state
        .app
        .set_agent_status(&session.principal, id, input)
        .await?;
    Ok(Json(status.into()))
}

/// Escalate a ticket to the next tier or a named colleague, with a reason.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/escalations", tag = "tickets", request_body = EscalationBody,
    params(("id" = uuid::Uuid, Path, description = "The ticket")),
    responses((status = 201, description = "The escalated ticket", body = TicketView), (status = 404, description = "No such ticket", body = Problem), (status = 409, description = "The ticket is closed or merged", body = Problem)))]
pub async fn escalate(
    State(state): State<WebState>,
    Auth(session): Auth,
    IdPath(id): IdPath<TicketId>,
    ApiJson(body): ApiJson<EscalationBody>,
) -> Result<(StatusCode, Json<TicketView>), ApiError> {
    let input = EscalateInput {
        to: body.to,
        reason: body.reason,
    };
    let ticket = state
        .app
        .escalate_ticket(&session.principal, Via::Api, id, input)
        .await?;
    Ok((StatusCode::CREATED, Json(ticket.into())))
}
