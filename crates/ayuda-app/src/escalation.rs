//! Escalation: a ticket referred to the next tier (the group its group escalates to) or to a named
//! colleague, always with a reason. By an agent's hand here; automatically by rules in the SLA sweep.
//!
//! An escalation moves the ticket and tells the receivers in the same write: the agent named, or the
//! agent the receiving group's routing chooses (the group's turn is claimed in that write), or, when the
//! group routes by hand, each of its members who is available. The history keeps who escalated, where
//! to and why, and reports count it from there.

use ayuda_core::Invalid;
use ayuda_core::event::{Change, Escalation, TicketEvent, Via};
use ayuda_core::id::{AgentId, GroupId, TicketId};
use ayuda_core::message::Author;
use ayuda_core::notification::{Notification, NotificationKind};
use ayuda_core::permission::Principal;
use ayuda_core::routing::{Needs, RoutingMode, choose, next_tier};
use ayuda_core::ticket::{Status, Ticket, TicketChanges, apply_changes};
use ayuda_store::{RoutingTurn, StoreError, TicketWrite};
use jiff::Timestamp;

use crate::tickets::field_events;
use crate::{App, AppError, parse_id};

/// The longest reason, in characters.
pub const MAX_REASON: usize = 2_000;

/// Where an escalation sends a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EscalationTarget {
    /// The group the ticket's group escalates to.
    NextTier,
    /// A group named outright (by a rule).
    Group(GroupId),
    /// A named colleague.
    Agent(AgentId),
}

/// An escalation as an agent asks for it.
#[derive(Debug, Clone, Default)]
pub struct EscalateInput {
    /// `next_tier`, or the id of the colleague to refer the ticket to.
    pub to: String,
    pub reason: String,
}

/// What escalating a ticket changes, ready to be written with it.
pub(crate) struct Escalated {
    pub events: Vec<TicketEvent>,
    pub notifications: Vec<Notification>,
    pub routing: Option<RoutingTurn>,
}

fn parse_input(input: &EscalateInput) -> Result<(EscalationTarget, String), Invalid> {
    let mut invalid = Invalid::default();
    let target = match input.to.trim() {
        "next_tier" => Some(EscalationTarget::NextTier),
        "" => {
            invalid.push(ayuda_core::FieldError::new(
                "to",
                "must be next_tier or a colleague's id",
            ));
            None
        }
        raw => invalid
            .check("to", parse_id::<AgentId>("to", raw))
            .map(EscalationTarget::Agent),
    };
    let reason = input.reason.trim();
    if reason.is_empty() {
        invalid.push(ayuda_core::FieldError::new(
            "reason",
            "must say why the ticket is escalated",
        ));
    } else if reason.chars().count() > MAX_REASON {
        invalid.push(ayuda_core::FieldError::new(
            "reason",
            format!("must be at most {MAX_REASON} characters"),
        ));
    }
    invalid.clone().into_result()?;
    target.map(|t| (t, reason.to_owned())).ok_or(invalid)
}

impl App {
    /// Refers ticket `id` to the next tier or a named colleague, with a reason. Any agent who can see
    /// the ticket may.
    pub async fn escalate_ticket(
        &self,
        principal: &Principal,
        via: Via,
        id: TicketId,
        input: EscalateInput,
    ) -> Result<Ticket, AppError> {
        if !matches!(principal, Principal::Agent { .. }) {
            return Err(AppError::Forbidden("only agents escalate tickets"));
        }
        let (target, reason) = parse_input(&input)?;
        for _ in 0..5 {
            let mut ticket = self.ticket(principal, id).await?;
            if matches!(ticket.status, Status::Closed) || ticket.merged_into.is_some() {
                return Err(AppError::Conflict(
                    "a closed or merged ticket cannot be escalated".into(),
                ));
            }
            let now = self.clock.now();
            let before = ticket.clone();
            let escalated = self
                .escalate_in_place(&mut ticket, target, &reason, principal.author(), via, now)
                .await?;
            self.track_sla(Some(&before), &mut ticket, None, now)
                .await?;
            match self
                .store
                .write_ticket(TicketWrite {
                    ticket,
                    message: None,
                    events: escalated.events,
                    email: Default::default(),
                    notifications: escalated.notifications,
                    routing: escalated.routing,
                })
                .await
            {
                Err(StoreError::Conflict) => continue,
                Err(error) => return Err(error.into()),
                Ok(written) => {
                    self.changed(written.id);
                    return Ok(written);
                }
            }
        }
        Err(AppError::Conflict(
            "the ticket is changing too fast; try again".into(),
        ))
    }

    /// Moves `ticket` to `target` in memory and says what to write with it. A target that does not
    /// exist, or no next tier, is the caller's mistake ([`AppError::Invalid`] on `to`).
    pub(crate) async fn escalate_in_place(
        &self,
        ticket: &mut Ticket,
        target: EscalationTarget,
        reason: &str,
        actor: Author,
        via: Via,
        now: Timestamp,
    ) -> Result<Escalated, AppError> {
        let mut notifications = Vec::new();
        let mut routing = None;
        let (moved, from, to, changes) = match target {
            EscalationTarget::Agent(agent) => {
                let found = self.store.get_agent(agent).await?;
                if !found.is_some_and(|a| a.active) {
                    return Err(Invalid::one("to", "is not an active colleague").into());
                }
                if ticket.assignee_id == Some(agent) {
                    return Err(Invalid::one("to", "already has the ticket").into());
                }
                notifications.push(Notification::new(
                    agent,
                    ticket.id,
                    NotificationKind::Escalated,
                    reason,
                    now,
                ));
                let changes = TicketChanges {
                    assignee_id: Some(Some(agent)),
                    ..TicketChanges::default()
                };
                let from = ticket.assignee_id.map(|a| a.to_string());
                ("assignee", from, agent.to_string(), changes)
            }
            EscalationTarget::NextTier | EscalationTarget::Group(_) => {
                let group = match target {
                    EscalationTarget::Group(group) => group,
                    _ => {
                        let Some(current) = ticket.group_id else {
                            return Err(Invalid::one(
                                "to",
                                "the ticket is in no group, so it has no next tier; name a colleague",
                            )
                            .into());
                        };
                        let setups = self.store.list_group_setups().await?;
                        next_tier(current, &setups).ok_or_else(|| {
                            Invalid::one("to", "no group is above this ticket's group")
                        })?
                    }
                };
                if self.store.get_group(group).await?.is_none() {
                    return Err(Invalid::one("to", "is not a group").into());
                }
                let setup = self.store.group_setup(group).await?;
                let round = self.store.routing_round(group).await?;
                let needs = Needs {
                    language: &ticket.language,
                    tags: &ticket.tags,
                };
                let chosen = match setup.routing.mode {
                    RoutingMode::Manual => None,
                    _ => choose(&setup.routing, needs, &round.candidates, now),
                };
                match chosen {
                    Some(agent) => {
                        routing = Some(RoutingTurn {
                            group,
                            agent,
                            turn: round.turn,
                        });
                        notifications.push(Notification::new(
                            agent,
                            ticket.id,
                            NotificationKind::Escalated,
                            reason,
                            now,
                        ));
                    }
                    // Nobody chosen: the whole group hears of it, and the ticket waits in its queue.
                    None => notifications.extend(
                        round
                            .candidates
                            .iter()
                            .filter(|c| c.takes_tickets(now))
                            .map(|c| {
                                Notification::new(
                                    c.agent,
                                    ticket.id,
                                    NotificationKind::Escalated,
                                    reason,
                                    now,
                                )
                            }),
                    ),
                }
                let changes = TicketChanges {
                    group_id: Some(Some(group)),
                    assignee_id: Some(chosen),
                    ..TicketChanges::default()
                };
                let from = ticket.group_id.map(|g| g.to_string());
                ("group", from, group.to_string(), changes)
            }
        };
        let log = apply_changes(ticket, &changes, now)?;
        ticket.updated_at = now;
        let mut events = vec![TicketEvent::new(
            ticket.id,
            actor,
            via,
            Change::Escalated(Escalation {
                moved: moved.to_owned(),
                from,
                to: Some(to),
                reason: reason.to_owned(),
            }),
            now,
        )];
        // The escalation entry says what moved; other fields it changed get their own entries.
        let others = log.into_iter().filter(|c| c.field != moved).collect();
        events.extend(field_events(ticket.id, actor, via, others, now));
        Ok(Escalated {
            events,
            notifications,
            routing,
        })
    }
}
