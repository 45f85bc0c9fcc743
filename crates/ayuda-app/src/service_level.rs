//! Service levels in the application: which SLA policy applies to a ticket and how its clocks move with
//! each change, and the sweep that raises each warning and breach once, in the ticket's history and as a
//! notification to its assignee.
//!
//! The clocks travel with the ticket: every write that creates or changes a ticket passes through
//! [`App::track_sla`] first, so they are committed with the change that moved them. The sweep writes
//! through the ticket's version like any edit; when two app nodes sweep the same ticket at once, one write
//! wins and the other finds the alert already raised.

use std::collections::HashMap;
use std::sync::Arc;

use ayuda_core::Timestamp;
use ayuda_core::automation::TriggerEvent;
use ayuda_core::calendar::BusinessCalendar;
use ayuda_core::event::{Change, TicketEvent, Via};
use ayuda_core::id::{CalendarId, TicketId};
use ayuda_core::message::{Author, Direction, Message};
use ayuda_core::notification::{Notification, NotificationKind};
use ayuda_core::sla::{Schedule, SlaAlert, SlaEvent, SlaPolicy, TicketSla, select_policy};
use ayuda_core::ticket::Ticket;
use ayuda_store::{StoreError, TicketWrite};

use crate::{App, AppError};

/// How often the scheduler runs the time-based automations.
pub const AUTOMATIONS_EVERY: std::time::Duration = std::time::Duration::from_secs(300);

/// Tickets one sweep looks at; a sweep that finds this many runs again at once.
pub const SWEEP_BATCH: u32 = 500;

/// The policies and the schedules they count in, as the sweep and every ticket write need them.
#[derive(Debug, Default)]
pub(crate) struct SlaSetup {
    policies: Vec<SlaPolicy>,
    calendars: HashMap<CalendarId, Schedule>,
    /// Whether any policy looks at the organization's service tier (only then is it read).
    by_tier: bool,
    /// The first calendar by name: the help desk's hours for tickets whose policy has none.
    first_calendar: Option<CalendarId>,
}

impl SlaSetup {
    fn new(policies: Vec<SlaPolicy>, calendars: Vec<BusinessCalendar>) -> SlaSetup {
        SlaSetup {
            by_tier: policies
                .iter()
                .any(|p| p.active && !p.conditions.service_tiers.is_empty()),
            policies,
            first_calendar: calendars.first().map(|c| c.id),
            calendars: calendars
                .into_iter()
                .map(|c| (c.id, Schedule::Business(Box::new(c.hours))))
                .collect(),
        }
    }

    /// A policy's schedule; a calendar deleted under it counts as every hour.
    fn schedule(&self, policy: &SlaPolicy) -> &Schedule {
        policy
            .calendar_id
            .and_then(|id| self.calendars.get(&id))
            .unwrap_or(&Schedule::AllHours)
    }

    /// Whether `at` is within the business hours that apply to `ticket`: its SLA policy's calendar, else
    /// the first calendar kept, else every hour (a help desk that keeps no calendar is always open).
    pub(crate) fn is_business_time(&self, ticket: &Ticket, at: Timestamp) -> bool {
        let calendar = ticket
            .sla
            .as_ref()
            .and_then(|sla| self.policy(sla.policy_id))
            .and_then(|policy| policy.calendar_id)
            .or(self.first_calendar);
        match calendar.and_then(|id| self.calendars.get(&id)) {
            Some(Schedule::Business(hours)) => hours.is_working(at),
            Some(Schedule::AllHours) | None => true,
        }
    }

    fn policy(&self, id: ayuda_core::id::SlaPolicyId) -> Option<&SlaPolicy> {
        self.policies.iter().find(|p| p.id == id)
    }
}

/// Whether `sla`'s clocks have exactly `policy`'s targets: an administrator's change of a target reaches a
/// ticket's clocks with the ticket's next change.
fn has_targets(sla: &TicketSla, policy: &SlaPolicy) -> bool {
    let set = |metric| policy.targets.get(metric);
    sla.clocks.len()
        == ayuda_core::sla::SlaMetric::ALL
            .iter()
            .filter(|m| set(**m).is_some())
            .count()
        && sla.clocks.iter().all(|c| set(c.metric) == Some(c.target))
}

impl App {
    /// The SLA set-up, read at most every [`crate::cache::TTL`].
    pub(crate) async fn sla_setup(&self) -> Result<Arc<SlaSetup>, StoreError> {
        if let Some(setup) = self.sla.get(&()) {
            return Ok(setup);
        }
        let setup = Arc::new(SlaSetup::new(
            self.store.list_sla_policies().await?,
            self.store.list_calendars().await?,
        ));
        self.sla.insert((), Arc::clone(&setup));
        Ok(setup)
    }

    /// Forgets the cached SLA set-up after a change to it.
    pub(crate) fn sla_changed(&self) {
        self.sla.clear();
    }

    /// Moves `ticket`'s SLA clocks for a change from `before` (`None` for a new ticket) with `message`
    /// added, choosing the policy again: a change of priority, say, may bring another.
    pub(crate) async fn track_sla(
        &self,
        before: Option<&Ticket>,
        ticket: &mut Ticket,
        message: Option<&Message>,
        now: Timestamp,
    ) -> Result<(), AppError> {
        let setup = self.sla_setup().await?;
        if setup.policies.is_empty() && ticket.sla.is_none() {
            return Ok(());
        }
        let tier = match ticket.organization_id {
            Some(id) if setup.by_tier => self
                .store
                .get_organization(id)
                .await?
                .map(|o| o.service_tier),
            _ => None,
        };
        let Some(policy) = select_policy(&setup.policies, ticket, tier) else {
            ticket.sla = None;
            return Ok(());
        };
        let schedule = setup.schedule(policy);
        let warn = policy.warn_before;
        let mut sla = match (ticket.sla.take(), before) {
            (Some(sla), Some(_)) if sla.policy_id == policy.id && has_targets(&sla, policy) => sla,
            (Some(old), Some(_)) => {
                // Clocks of the old policy count on in its own schedule up to now.
                let old_schedule = setup.policy(old.policy_id).map(|p| setup.schedule(p));
                old.retarget(policy, ticket.status, now, old_schedule.unwrap_or(schedule))
            }
            (_, before) => {
                // New, or newly under a policy: the clocks start now.
                let mut sla = TicketSla::new(policy);
                sla.apply(
                    SlaEvent::Created(ticket.status),
                    ticket.status,
                    now,
                    schedule,
                    warn,
                );
                if before.is_some() && ticket.first_response_at.is_some() {
                    sla.apply(SlaEvent::AgentReplied, ticket.status, now, schedule, warn);
                }
                sla
            }
        };
        if let Some(before) = before
            && before.status != ticket.status
        {
            let event = SlaEvent::StatusChanged {
                from: before.status,
                to: ticket.status,
            };
            sla.apply(event, ticket.status, now, schedule, warn);
        }
        if let Some(message) = message.filter(|m| !m.internal) {
            let event = match (message.author, message.direction) {
                (Author::Agent(_), Direction::Outbound) => Some(SlaEvent::AgentReplied),
                (Author::Contact(_), _) if before.is_some() => Some(SlaEvent::CustomerWrote {
                    answered_before: before.is_some_and(|b| b.first_response_at.is_some()),
                }),
                _ => None,
            };
            if let Some(event) = event {
                sla.apply(event, ticket.status, now, schedule, warn);
            }
        }
        ticket.sla = Some(sla);
        Ok(())
    }

    /// Raises the SLA warnings and breaches due by now, each once: in the ticket's history and as a
    /// notification to its assignee. Returns how many were raised; call again while it returns a full
    /// batch's worth of tickets.
    pub async fn sweep_sla(&self) -> Result<SweepOutcome, AppError> {
        let now = self.clock.now();
        let due = self.store.tickets_with_sla_alerts(now, SWEEP_BATCH).await?;
        let mut outcome = SweepOutcome {
            tickets: due.len(),
            raised: 0,
        };
        for id in due {
            outcome.raised += self.raise_sla_alerts(id, now).await?;
        }
        Ok(outcome)
    }

    /// Raises what `id`'s clocks owe at `now`, retrying when the ticket changed meanwhile.
    async fn raise_sla_alerts(&self, id: TicketId, now: Timestamp) -> Result<usize, AppError> {
        for _ in 0..5 {
            let Some(mut ticket) = self.store.get_ticket(id).await? else {
                return Ok(0);
            };
            let assignee = ticket.assignee_id;
            let Some(sla) = ticket.sla.as_mut() else {
                return Ok(0);
            };
            let mut events = Vec::new();
            let mut notifications = Vec::new();
            let mut raised_alerts = Vec::new();
            // A clock may owe both (the sweep was stopped past both moments): each is raised, in order.
            while let Some((metric, alert, at)) = sla.next_alert().filter(|(_, _, at)| *at <= now) {
                let Some(clock) = sla.clock_mut(metric) else {
                    break;
                };
                let due_at = clock.due_at.unwrap_or(at);
                // When it was due, not when this sweep came by: reports count breaches by the deadline.
                clock.record_alert(alert, at);
                raised_alerts.push((metric, alert));
                events.push(TicketEvent::new(
                    id,
                    Author::System,
                    Via::System,
                    Change::Sla {
                        metric,
                        alert,
                        due_at,
                    },
                    now,
                ));
                if let Some(agent) = assignee {
                    let kind = match alert {
                        SlaAlert::Warning => NotificationKind::SlaWarning,
                        SlaAlert::Breach => NotificationKind::SlaBreach,
                    };
                    notifications.push(Notification::new(agent, id, kind, metric.as_str(), now));
                }
            }
            if events.is_empty() {
                return Ok(0);
            }
            let raised = events.len();
            ticket.updated_at = now;
            // Rules on warnings and breaches (escalations, most often) act in the same write, so they
            // happen exactly when the alert is raised: once.
            let mut routing = None;
            let mut outbox = Vec::new();
            let mut webhooks = Vec::new();
            for (metric, alert) in raised_alerts {
                let event = match alert {
                    SlaAlert::Warning => TriggerEvent::SlaWarning,
                    SlaAlert::Breach => TriggerEvent::SlaBreach,
                };
                let effects = self
                    .fire_triggers(event, &mut ticket, None, Some(metric), now, None)
                    .await?;
                events.extend(effects.events);
                notifications.extend(effects.notifications);
                routing = routing.or(effects.routing);
                outbox.extend(effects.outbox);
                webhooks.extend(effects.webhooks);
            }
            match self
                .store
                .write_ticket(TicketWrite {
                    ticket,
                    message: None,
                    events,
                    email: ayuda_store::EmailEffects {
                        outbox,
                        webhooks,
                        ..Default::default()
                    },
                    notifications,
                    routing,
                })
                .await
            {
                Err(StoreError::Conflict) => continue,
                Err(error) => return Err(error.into()),
                Ok(_) => {
                    self.changed(id);
                    return Ok(raised);
                }
            }
        }
        Ok(0)
    }
}

impl App {
    /// Sweeps every `every` until `stop` resolves: the scheduled work of `ayuda serve`. Several processes
    /// may run it on one database; each alert is still raised once (see the module's notes).
    pub async fn run_sla_sweeper(
        &self,
        every: std::time::Duration,
        stop: impl std::future::Future<Output = ()>,
    ) {
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        tokio::pin!(stop);
        let mut last_automations: Option<std::time::Instant> = None;
        loop {
            tokio::select! {
                _ = &mut stop => return,
                _ = ticks.tick() => {}
            }
            if let Err(error) = self.route_queues().await {
                tracing::warn!(%error, "routing the queues failed; it runs again shortly");
            }
            // Automations count in hours and days: a run every few minutes is on time, and cheaper.
            if last_automations.is_none_or(|at| at.elapsed() >= AUTOMATIONS_EVERY) {
                last_automations = Some(std::time::Instant::now());
                if let Err(error) = self.run_timed_rules().await {
                    tracing::warn!(%error, "the automations failed; they run again shortly");
                }
            }
            loop {
                match self.sweep_sla().await {
                    // A full batch may mean more are due; but only go on while it gets somewhere.
                    Ok(outcome)
                        if outcome.tickets >= SWEEP_BATCH as usize && outcome.raised > 0 =>
                    {
                        continue;
                    }
                    Ok(_) => break,
                    Err(error) => {
                        tracing::warn!(%error, "the SLA sweep failed; it runs again shortly");
                        break;
                    }
                }
            }
            // After the SLA sweep, so that its warnings and breaches go out in this round.
            if let Err(error) = self.mail_notifications().await {
                tracing::warn!(%error, "mailing notifications failed; it runs again shortly");
            }
            if let Err(error) = self.send_surveys().await {
                tracing::warn!(%error, "sending satisfaction surveys failed; it runs again shortly");
            }
            if let Err(error) = self.refresh_reports().await {
                tracing::warn!(%error, "bringing reports up to date failed; it runs again shortly");
            }
        }
    }
}

/// What one SLA sweep did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SweepOutcome {
    /// Tickets found owing an alert.
    pub tickets: usize,
    /// Warnings and breaches raised by this process (another may have raised the rest).
    pub raised: usize,
}
