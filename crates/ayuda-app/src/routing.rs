//! Routing tickets to the right specialist: each group's rules (manual, round-robin, least-loaded; by
//! language and skill) as administrators set them, agents' availability as they set it, and the routing
//! itself, when a ticket arrives in a group and from the queue every few seconds.
//!
//! The choice is the core's ([`ayuda_core::routing::choose`]); it is written with the group's turn, so
//! when two app nodes route in one group at once, one of them re-reads and chooses again.

use ayuda_core::Invalid;
use ayuda_core::agent::Role;
use ayuda_core::error::FieldError;
use ayuda_core::event::Via;
use ayuda_core::id::{AgentId, GroupId, TicketId};
use ayuda_core::message::Author;
use ayuda_core::permission::{Principal, TicketScope};
use ayuda_core::routing::{
    AgentStatus, Availability, GroupRouting, GroupSetup, MAX_TIER, Needs, RoutingMode, choose,
};
use ayuda_core::ticket::{Status, Ticket, TicketChanges, apply_changes};
use ayuda_store::{MAX_PAGE, RoutingTurn, StoreError, TicketQuery, TicketWrite};
use jiff::Timestamp;

use crate::notifications::change_notifications;
use crate::tickets::field_events;
use crate::{App, AppError, parse_id};

/// How many queued tickets of one group a routing pass looks at.
const QUEUE_BATCH: u32 = 200;
/// The most open tickets an agent's capacity may be set to.
pub const MAX_CAPACITY: i64 = 10_000;

/// A group's set-up as an administrator enters it.
#[derive(Debug, Clone, Default)]
pub struct GroupSetupInput {
    /// `manual`, `round_robin` or `least_loaded`.
    pub routing_mode: String,
    pub match_language: bool,
    pub skills: Vec<String>,
    pub requeue_when_away: bool,
    /// 1 (first line) to 9.
    pub tier: i64,
    pub escalates_to: Option<String>,
}

/// An agent's availability as they (or an administrator or supervisor) set it.
#[derive(Debug, Clone, Default)]
pub struct AgentStatusInput {
    /// `available`, `away` or `off`.
    pub availability: String,
    /// An out-of-office period: both or neither, as RFC 3339 times.
    pub away_from: Option<String>,
    pub away_until: Option<String>,
    /// The most open tickets least-loaded routing gives them; unchanged when absent.
    pub capacity: Option<i64>,
}

/// What one routing pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RoutingOutcome {
    /// Tickets given to an agent.
    pub routed: usize,
    /// Tickets taken back from agents who are away, into their group's queue.
    pub requeued: usize,
}

fn parse_setup(
    input: &GroupSetupInput,
    group: GroupId,
    invalid: &mut Invalid,
) -> Option<GroupSetup> {
    let mode = invalid.check("routing_mode", RoutingMode::parse(&input.routing_mode));
    let tier = u8::try_from(input.tier)
        .ok()
        .filter(|t| (1..=MAX_TIER).contains(t));
    if tier.is_none() {
        invalid.push(FieldError::new(
            "tier",
            format!("must be from 1 (first line) to {MAX_TIER}"),
        ));
    }
    let mut skills = Vec::new();
    for (i, raw) in input.skills.iter().enumerate() {
        let skill = raw.trim().to_lowercase();
        if skill.is_empty() || skill.len() > 64 {
            invalid.push(FieldError::new(
                format!("skills.{i}"),
                "must be 1 to 64 characters",
            ));
        } else if !skills.contains(&skill) {
            skills.push(skill);
        }
    }
    let escalates_to = input
        .escalates_to
        .as_deref()
        .filter(|raw| !raw.trim().is_empty())
        .and_then(
            |raw| match parse_id::<GroupId>("escalates_to", raw.trim()) {
                Ok(id) if id == group => {
                    invalid.push(FieldError::new("escalates_to", "must be another group"));
                    None
                }
                Ok(id) => Some(id),
                Err(e) => {
                    invalid.push(e);
                    None
                }
            },
        );
    Some(GroupSetup {
        routing: GroupRouting {
            mode: mode?,
            match_language: input.match_language,
            skills,
            requeue_when_away: input.requeue_when_away,
        },
        tier: tier?,
        escalates_to,
    })
}

/// Checks a set-up before its group exists (a form that creates both): the errors
/// [`App::set_group_setup`] would report.
pub fn check_group_setup(input: &GroupSetupInput) -> Result<(), Invalid> {
    let mut invalid = Invalid::default();
    parse_setup(input, GroupId::generate(), &mut invalid);
    invalid.into_result()
}

fn parse_time(invalid: &mut Invalid, field: &str, raw: Option<&str>) -> Option<Timestamp> {
    let raw = raw.map(str::trim).filter(|r| !r.is_empty())?;
    match raw.parse::<Timestamp>() {
        Ok(at) => Some(at),
        Err(_) => {
            invalid.push(FieldError::new(
                field,
                "must be a time such as 2026-12-24T09:00:00Z",
            ));
            None
        }
    }
}

fn parse_status(input: &AgentStatusInput, current: &AgentStatus) -> Result<AgentStatus, Invalid> {
    let mut invalid = Invalid::default();
    let availability = invalid.check("availability", Availability::parse(&input.availability));
    let from = parse_time(&mut invalid, "away_from", input.away_from.as_deref());
    let until = parse_time(&mut invalid, "away_until", input.away_until.as_deref());
    let out_of_office = match (from, until) {
        (Some(from), Some(until)) if from < until => Some((from, until)),
        (Some(_), Some(_)) => {
            invalid.push(FieldError::new("away_until", "must be after away_from"));
            None
        }
        (None, None) => None,
        (Some(_), None) => {
            invalid.push(FieldError::new("away_until", "is needed with away_from"));
            None
        }
        (None, Some(_)) => {
            invalid.push(FieldError::new("away_from", "is needed with away_until"));
            None
        }
    };
    let capacity = match input.capacity {
        None => Some(current.capacity),
        Some(c) if (0..=MAX_CAPACITY).contains(&c) => u32::try_from(c).ok(),
        Some(_) => {
            invalid.push(FieldError::new(
                "capacity",
                format!("must be from 0 to {MAX_CAPACITY}"),
            ));
            None
        }
    };
    invalid.clone().into_result()?;
    match (availability, capacity) {
        (Some(availability), Some(capacity)) => Ok(AgentStatus {
            availability,
            out_of_office,
            capacity,
        }),
        _ => Err(invalid),
    }
}

/// Whether routing should look at `ticket`: in a group, nobody assigned, waiting for an answer.
fn waits_in_queue(ticket: &Ticket) -> Option<GroupId> {
    ticket
        .group_id
        .filter(|_| ticket.assignee_id.is_none())
        .filter(|_| matches!(ticket.status, Status::New | Status::Open))
        .filter(|_| ticket.merged_into.is_none())
}

impl App {
    /// Every group's set-up (groups never set up are manual and first line). Agents may read it.
    pub async fn group_setups(
        &self,
        principal: &Principal,
    ) -> Result<Vec<(GroupId, GroupSetup)>, AppError> {
        if !matches!(principal, Principal::Agent { .. }) {
            return Err(AppError::Forbidden("group set-ups are for agents"));
        }
        Ok(self.store.list_group_setups().await?)
    }

    /// One group's set-up. Agents may read it.
    pub async fn group_setup(
        &self,
        principal: &Principal,
        group: GroupId,
    ) -> Result<GroupSetup, AppError> {
        if !matches!(principal, Principal::Agent { .. }) {
            return Err(AppError::Forbidden("group set-ups are for agents"));
        }
        if self.store.get_group(group).await?.is_none() {
            return Err(AppError::NotFound("group"));
        }
        Ok(self.store.group_setup(group).await?)
    }

    /// Sets a group's routing rules and tier. Administrators only.
    pub async fn set_group_setup(
        &self,
        principal: &Principal,
        group: GroupId,
        input: GroupSetupInput,
    ) -> Result<GroupSetup, AppError> {
        if !matches!(
            principal,
            Principal::Agent {
                role: Role::Admin,
                ..
            }
        ) {
            return Err(AppError::Forbidden(
                "only administrators change how groups route and escalate",
            ));
        }
        let mut invalid = Invalid::default();
        let setup = parse_setup(&input, group, &mut invalid);
        invalid.clone().into_result()?;
        let setup = setup.ok_or(invalid)?;
        if self.store.get_group(group).await?.is_none() {
            return Err(AppError::NotFound("group"));
        }
        match self
            .store
            .save_group_setup(group, setup.clone(), self.clock.now())
            .await
        {
            Err(StoreError::MissingReference(_)) => {
                Err(Invalid::one("escalates_to", "is not a group").into())
            }
            other => other.map(|()| setup).map_err(AppError::from),
        }
    }

    /// An agent's availability: their own, or anyone's for supervisors and administrators.
    pub async fn agent_status(
        &self,
        principal: &Principal,
        agent: AgentId,
    ) -> Result<AgentStatus, AppError> {
        may_set_status(principal, agent)?;
        if self.store.get_agent(agent).await?.is_none() {
            return Err(AppError::NotFound("agent"));
        }
        Ok(self.store.agent_status(agent).await?)
    }

    /// Sets an agent's availability. An agent who no longer takes tickets gives back their open tickets
    /// in groups that ask for it; routing then hands them to others.
    pub async fn set_agent_status(
        &self,
        principal: &Principal,
        agent: AgentId,
        input: AgentStatusInput,
    ) -> Result<AgentStatus, AppError> {
        let current = self.agent_status(principal, agent).await?;
        let status = parse_status(&input, &current)?;
        self.store
            .set_agent_status(agent, status.clone(), self.clock.now())
            .await?;
        if !status.takes_tickets(self.clock.now())
            && let Err(error) = self.route_queues().await
        {
            tracing::warn!(%error, "routing after an availability change failed; it runs again shortly");
        }
        Ok(status)
    }

    /// Routes `ticket` if it waits in a group that routes, and returns it as it is now.
    pub(crate) async fn routed(&self, ticket: Ticket) -> Ticket {
        if waits_in_queue(&ticket).is_none() {
            return ticket;
        }
        match self.route_ticket(ticket.id).await {
            Ok(Some(routed)) => routed,
            Ok(None) => ticket,
            Err(error) => {
                tracing::warn!(%error, ticket = %ticket.id, "routing failed; the queue is tried again shortly");
                ticket
            }
        }
    }

    /// Gives ticket `id` to the agent its group's rules choose, if it waits in a group that routes and
    /// someone can take it. Returns the routed ticket.
    pub async fn route_ticket(&self, id: TicketId) -> Result<Option<Ticket>, AppError> {
        for _ in 0..8 {
            let Some(mut ticket) = self.store.get_ticket(id).await? else {
                return Ok(None);
            };
            let Some(group) = waits_in_queue(&ticket) else {
                return Ok(None);
            };
            let setup = self.store.group_setup(group).await?;
            if setup.routing.mode == RoutingMode::Manual {
                return Ok(None);
            }
            let round = self.store.routing_round(group).await?;
            let now = self.clock.now();
            let needs = Needs {
                language: &ticket.language,
                tags: &ticket.tags,
            };
            let Some(agent) = choose(&setup.routing, needs, &round.candidates, now) else {
                return Ok(None);
            };
            let before = ticket.clone();
            let changes = TicketChanges {
                assignee_id: Some(Some(agent)),
                ..TicketChanges::default()
            };
            let log = apply_changes(&mut ticket, &changes, now)?;
            ticket.updated_at = now;
            self.track_sla(Some(&before), &mut ticket, None, now)
                .await?;
            let events = field_events(ticket.id, Author::System, Via::Rule, log, now);
            let notifications =
                change_notifications(Some(&before), &ticket, Author::System, None, now);
            let write = TicketWrite {
                ticket,
                message: None,
                events,
                email: Default::default(),
                notifications,
                routing: Some(RoutingTurn {
                    group,
                    agent,
                    turn: round.turn,
                }),
            };
            match self.store.write_ticket(write).await {
                Err(StoreError::Conflict) => continue,
                Err(error) => return Err(error.into()),
                Ok(written) => {
                    self.changed(written.id);
                    return Ok(Some(written));
                }
            }
        }
        Ok(None)
    }

    /// One routing pass: takes back the open tickets of agents who are away from groups that ask for it,
    /// then routes what waits in every routing group's queue, the oldest first.
    pub async fn route_queues(&self) -> Result<RoutingOutcome, AppError> {
        let mut outcome = RoutingOutcome::default();
        for (group, setup) in self.store.list_group_setups().await? {
            if setup.routing.requeue_when_away {
                outcome.requeued += self.requeue_from_absent(group).await?;
            }
            if setup.routing.mode == RoutingMode::Manual {
                continue;
            }
            for id in self.store.queued_tickets(group, QUEUE_BATCH).await? {
                if self.route_ticket(id).await?.is_some() {
                    outcome.routed += 1;
                }
            }
        }
        Ok(outcome)
    }

    /// Unassigns the unsolved tickets of `group` held by members who do not take tickets now.
    async fn requeue_from_absent(&self, group: GroupId) -> Result<usize, AppError> {
        let now = self.clock.now();
        let round = self.store.routing_round(group).await?;
        let mut requeued = 0;
        for absent in round.candidates.iter().filter(|c| !c.takes_tickets(now)) {
            if absent.open_tickets == 0 {
                continue;
            }
            loop {
                let mut query = TicketQuery::new(TicketScope::All, MAX_PAGE);
                query.group_id = Some(group);
                query.assignee_id = Some(absent.agent);
                query.statuses = vec![Status::New, Status::Open, Status::Pending, Status::OnHold];
                let page = self.store.list_tickets(&query).await?;
                if page.items.is_empty() {
                    break;
                }
                let mut progress = false;
                for ticket in page.items {
                    if self.unassign(ticket.id, absent.agent).await? {
                        requeued += 1;
                        progress = true;
                    }
                }
                // Tickets changing too fast to take back now are tried on the next pass.
                if !progress {
                    break;
                }
            }
        }
        Ok(requeued)
    }

    /// Takes ticket `id` back from `agent` into its group's queue. False if it is no longer theirs.
    async fn unassign(&self, id: TicketId, agent: AgentId) -> Result<bool, AppError> {
        for _ in 0..5 {
            let Some(mut ticket) = self.store.get_ticket(id).await? else {
                return Ok(false);
            };
            if ticket.assignee_id != Some(agent) {
                return Ok(false);
            }
            let now = self.clock.now();
            let before = ticket.clone();
            let changes = TicketChanges {
                assignee_id: Some(None),
                ..TicketChanges::default()
            };
            let log = apply_changes(&mut ticket, &changes, now)?;
            ticket.updated_at = now;
            self.track_sla(Some(&before), &mut ticket, None, now)
                .await?;
            let events = field_events(ticket.id, Author::System, Via::Rule, log, now);
            match self
                .store
                .write_ticket(TicketWrite {
                    ticket,
                    message: None,
                    events,
                    email: Default::default(),
                    notifications: Vec::new(),
                    routing: None,
                })
                .await
            {
                Err(StoreError::Conflict) => continue,
                Err(error) => return Err(error.into()),
                Ok(written) => {
                    self.changed(written.id);
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }
}

fn may_set_status(principal: &Principal, agent: AgentId) -> Result<(), AppError> {
    match principal {
        Principal::Agent { id, .. } if *id == agent => Ok(()),
        Principal::Agent {
            role: Role::Admin | Role::Supervisor,
            ..
        } => Ok(()),
        Principal::Agent { .. } => Err(AppError::NotFound("agent")),
        Principal::Customer { .. } => Err(AppError::Forbidden("availability is for agents")),
    }
}
