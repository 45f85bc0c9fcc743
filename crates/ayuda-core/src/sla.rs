//! Service level agreements: policies that say how soon a ticket must be answered and resolved, which
//! policy applies to a ticket, and the clock of each target (running, paused while the ticket waits on the
//! customer, met, warned, breached).
//!
//! A clock measures working time on its policy's schedule. Time spent paused is not lost: the clock keeps
//! what it had used and carries on from there when the ticket comes back, so the deadline moves later by
//! exactly the paused working time.

use jiff::{SignedDuration, Timestamp};

use crate::calendar::BusinessHours;
use crate::contact::ServiceTier;
use crate::error::{FieldError, Invalid};
use crate::id::{CalendarId, GroupId, SlaPolicyId};
use crate::text::Name;
use crate::ticket::{Channel, Priority, Status, Ticket, TicketType};

string_enum!(
    /// What a target measures.
    SlaMetric {
        /// From the ticket's arrival to the first public answer by an agent.
        FirstResponse = "first_response",
        /// From a customer's message that waits for an answer to the next public answer.
        NextResponse = "next_response",
        /// From the ticket's arrival to its solution.
        Resolution = "resolution",
    }
);

string_enum!(
    /// What an SLA sweep found due on a clock.
    SlaAlert {
        /// The deadline is near (the policy's warning time before it).
        Warning = "warning",
        /// The deadline has passed without the target being met.
        Breach = "breach",
    }
);

/// Which tickets a policy applies to. An empty list allows any value; all lists must allow the ticket.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SlaConditions {
    pub priorities: Vec<Priority>,
    /// The service tier of the requester's organization; a ticket without one counts as `basic`.
    pub service_tiers: Vec<ServiceTier>,
    pub channels: Vec<Channel>,
    pub types: Vec<TicketType>,
    pub groups: Vec<GroupId>,
}

impl SlaConditions {
    pub fn matches(&self, ticket: &Ticket, tier: Option<ServiceTier>) -> bool {
        fn allows<T: PartialEq>(list: &[T], value: &T) -> bool {
            list.is_empty() || list.contains(value)
        }
        allows(&self.priorities, &ticket.priority)
            && allows(&self.service_tiers, &tier.unwrap_or(ServiceTier::Basic))
            && allows(&self.channels, &ticket.channel)
            && allows(&self.types, &ticket.ticket_type)
            && (self.groups.is_empty() || ticket.group_id.is_some_and(|g| self.groups.contains(&g)))
    }
}

/// The targets of a policy, each in working time of its schedule; `None` sets no target.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SlaTargets {
    pub first_response: Option<SignedDuration>,
    pub next_response: Option<SignedDuration>,
    pub resolution: Option<SignedDuration>,
}

impl SlaTargets {
    pub fn get(&self, metric: SlaMetric) -> Option<SignedDuration> {
        match metric {
            SlaMetric::FirstResponse => self.first_response,
            SlaMetric::NextResponse => self.next_response,
            SlaMetric::Resolution => self.resolution,
        }
    }
}

/// A service level policy.
#[derive(Debug, Clone, PartialEq)]
pub struct SlaPolicy {
    pub id: SlaPolicyId,
    pub name: Name,
    /// Policies are tried in this order, lowest first; the first whose conditions match applies.
    pub position: i32,
    pub conditions: SlaConditions,
    pub targets: SlaTargets,
    /// The business calendar its targets count in; `None` counts every hour of every day.
    pub calendar_id: Option<CalendarId>,
    /// How long before a deadline the warning comes, in the same working time; zero sends none.
    pub warn_before: SignedDuration,
    pub active: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl SlaPolicy {
    /// Checks the parts that have limits: targets from a minute to a year, a warning shorter than them.
    pub fn check(&self) -> Result<(), Invalid> {
        let mut invalid = Invalid::default();
        let year = SignedDuration::from_hours(24 * 366);
        for metric in SlaMetric::ALL {
            if let Some(target) = self.targets.get(*metric)
                && (target < SignedDuration::from_mins(1) || target > year)
            {
                invalid.push(FieldError::new(
                    metric.as_str(),
                    "must be between one minute and a year",
                ));
            }
        }
        if self.warn_before < SignedDuration::ZERO {
            invalid.push(FieldError::new("warn_before", "must not be negative"));
        }
        invalid.into_result()
    }
}

/// The first active policy, by position, whose conditions match the ticket.
pub fn select_policy<'a>(
    policies: &'a [SlaPolicy],
    ticket: &Ticket,
    tier: Option<ServiceTier>,
) -> Option<&'a SlaPolicy> {
    let mut candidates: Vec<&SlaPolicy> = policies
        .iter()
        .filter(|p| p.active && p.conditions.matches(ticket, tier))
        .collect();
    candidates.sort_by_key(|p| (p.position, p.id));
    candidates.first().copied()
}

/// The time a policy counts in: every hour, or the working hours of a business calendar.
#[derive(Debug, Clone, PartialEq)]
pub enum Schedule {
    AllHours,
    Business(Box<BusinessHours>),
}

impl Schedule {
    /// The instant when `work` has passed after `start`; `None` if the calendar never works again.
    pub fn add(&self, start: Timestamp, work: SignedDuration) -> Option<Timestamp> {
        match self {
            Schedule::AllHours => start.checked_add(work.max(SignedDuration::ZERO)).ok(),
            Schedule::Business(hours) => hours.add(start, work),
        }
    }

    /// The working time between two instants.
    pub fn between(&self, from: Timestamp, to: Timestamp) -> SignedDuration {
        match self {
            Schedule::AllHours if to > from => to.duration_since(from),
            Schedule::AllHours => SignedDuration::ZERO,
            Schedule::Business(hours) => hours.between(from, to),
        }
    }
}

/// The clock of one target on one ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlaClock {
    pub metric: SlaMetric,
    pub target: SignedDuration,
    /// Working time used in earlier runs (before a pause); the current run adds to it.
    pub used: SignedDuration,
    /// When it first started; `None` until then (a next-response clock waits for a customer's message).
    pub started_at: Option<Timestamp>,
    /// When the current run began; `None` while paused, met or not started.
    pub running_since: Option<Timestamp>,
    /// The deadline while running.
    pub due_at: Option<Timestamp>,
    /// When the warning is due while running (`None` if the policy sends none or it was sent).
    pub warn_at: Option<Timestamp>,
    pub met_at: Option<Timestamp>,
    pub warned_at: Option<Timestamp>,
    pub breached_at: Option<Timestamp>,
}

impl SlaClock {
    fn new(metric: SlaMetric, target: SignedDuration) -> SlaClock {
        SlaClock {
            metric,
            target,
            used: SignedDuration::ZERO,
            started_at: None,
            running_since: None,
            due_at: None,
            warn_at: None,
            met_at: None,
            warned_at: None,
            breached_at: None,
        }
    }

    pub fn is_running(&self) -> bool {
        self.running_since.is_some()
    }

    /// Whether it has started and is neither met nor running: it waits for the ticket to come back.
    pub fn is_paused(&self) -> bool {
        self.started_at.is_some() && self.running_since.is_none() && self.met_at.is_none()
    }

    /// Whether it has started and is not met yet, running or paused.
    pub fn is_open(&self) -> bool {
        self.started_at.is_some() && self.met_at.is_none()
    }

    /// The working time used by `at`.
    pub fn used_at(&self, at: Timestamp, schedule: &Schedule) -> SignedDuration {
        match self.running_since {
            Some(since) => self.used + schedule.between(since, at),
            None => self.used,
        }
    }

    /// The next alert this clock owes and when: the warning, then the breach.
    pub fn next_alert(&self) -> Option<(SlaAlert, Timestamp)> {
        if self.breached_at.is_some() {
            return None;
        }
        if self.warned_at.is_none()
            && let Some(at) = self.warn_at
        {
            return Some((SlaAlert::Warning, at));
        }
        self.due_at.map(|at| (SlaAlert::Breach, at))
    }

    /// Records that `alert` was raised at `at`. A breach also counts as the warning.
    pub fn record_alert(&mut self, alert: SlaAlert, at: Timestamp) {
        match alert {
            SlaAlert::Warning => self.warned_at = self.warned_at.or(Some(at)),
            SlaAlert::Breach => {
                self.warned_at = self.warned_at.or(Some(at));
                self.breached_at = self.breached_at.or(Some(at));
            }
        }
    }

    fn run(&mut self, at: Timestamp, schedule: &Schedule, warn_before: SignedDuration) {
        self.running_since = Some(at);
        let left = self.target - self.used;
        self.due_at = schedule.add(at, left);
        self.warn_at = if warn_before > SignedDuration::ZERO && self.warned_at.is_none() {
            schedule.add(at, (left - warn_before).max(SignedDuration::ZERO))
        } else {
            None
        };
    }

    fn stop(&mut self, at: Timestamp, schedule: &Schedule) {
        if let Some(since) = self.running_since.take() {
            self.used += schedule.between(since, at);
        }
        self.due_at = None;
        self.warn_at = None;
    }

    fn meet(&mut self, at: Timestamp, schedule: &Schedule) {
        if let Some(due) = self.due_at
            && due < at
        {
            // Met late: the breach happened even if no sweep saw it.
            self.breached_at = self.breached_at.or(Some(due));
        }
        self.stop(at, schedule);
        self.met_at = Some(at);
    }
}

/// Something that happened to a ticket that moves its clocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlaEvent {
    /// The ticket arrived in this status.
    Created(Status),
    /// An agent answered the customer publicly.
    AgentReplied,
    /// The customer wrote (a reply, or a new message by any channel); `answered_before` says whether an
    /// agent had answered publicly before, which is when a next response becomes due.
    CustomerWrote {
        answered_before: bool,
    },
    StatusChanged {
        from: Status,
        to: Status,
    },
}

/// Statuses in which every clock stands still: waiting on the customer, or done.
pub fn pauses_clocks(status: Status) -> bool {
    matches!(status, Status::Pending | Status::Solved | Status::Closed)
}

/// A ticket's clocks under the policy that applies to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketSla {
    pub policy_id: SlaPolicyId,
    pub clocks: Vec<SlaClock>,
}

impl TicketSla {
    /// The clocks of a policy's targets, none started yet.
    pub fn new(policy: &SlaPolicy) -> TicketSla {
        TicketSla {
            policy_id: policy.id,
            clocks: SlaMetric::ALL
                .iter()
                .filter_map(|m| policy.targets.get(*m).map(|t| SlaClock::new(*m, t)))
                .collect(),
        }
    }

    pub fn clock(&self, metric: SlaMetric) -> Option<&SlaClock> {
        self.clocks.iter().find(|c| c.metric == metric)
    }

    pub fn clock_mut(&mut self, metric: SlaMetric) -> Option<&mut SlaClock> {
        self.clocks.iter_mut().find(|c| c.metric == metric)
    }

    /// The earliest alert any clock owes: what the SLA sweep looks for, and when.
    pub fn next_alert(&self) -> Option<(SlaMetric, SlaAlert, Timestamp)> {
        self.clocks
            .iter()
            .filter_map(|c| c.next_alert().map(|(alert, at)| (c.metric, alert, at)))
            .min_by_key(|(_, _, at)| *at)
    }

    /// The earliest deadline of a running clock, for showing and sorting by.
    pub fn next_due(&self) -> Option<Timestamp> {
        self.clocks.iter().filter_map(|c| c.due_at).min()
    }

    /// The clocks under another policy from `at` on: a target both policies set keeps its clock (the
    /// working time used, whether it was met, warned or breached) with the new target; a target only the
    /// new policy sets starts now, as for a new ticket in `status`.
    pub fn retarget(
        &self,
        policy: &SlaPolicy,
        status: Status,
        at: Timestamp,
        schedule: &Schedule,
    ) -> TicketSla {
        let mut next = TicketSla::new(policy);
        let paused = pauses_clocks(status);
        for clock in &mut next.clocks {
            match self.clock(clock.metric) {
                Some(old) => {
                    let target = clock.target;
                    *clock = old.clone();
                    clock.target = target;
                    if clock.is_running() {
                        clock.stop(at, schedule);
                        clock.run(at, schedule, policy.warn_before);
                    }
                }
                None if clock.metric != SlaMetric::NextResponse => {
                    clock.started_at = Some(at);
                    if !paused {
                        clock.run(at, schedule, policy.warn_before);
                    }
                }
                None => {}
            }
        }
        next
    }

    /// Moves the clocks for `event` at `at`, in the ticket's status `status` after the event.
    pub fn apply(
        &mut self,
        event: SlaEvent,
        status: Status,
        at: Timestamp,
        schedule: &Schedule,
        warn_before: SignedDuration,
    ) {
        let paused = pauses_clocks(status);
        for clock in &mut self.clocks {
            match (event, clock.metric) {
                (SlaEvent::Created(_), SlaMetric::FirstResponse | SlaMetric::Resolution) => {
                    clock.started_at = Some(at);
                    // Created already waiting or done, it runs when the ticket comes back.
                    if !paused {
                        clock.run(at, schedule, warn_before);
                    }
                }
                (SlaEvent::AgentReplied, SlaMetric::FirstResponse | SlaMetric::NextResponse)
                    if clock.is_open() =>
                {
                    clock.meet(at, schedule)
                }
                (SlaEvent::CustomerWrote { answered_before }, SlaMetric::NextResponse)
                    if answered_before && !clock.is_open() =>
                {
                    // A new wait begins; a customer who writes again while waiting does not restart it.
                    *clock = SlaClock::new(SlaMetric::NextResponse, clock.target);
                    clock.started_at = Some(at);
                    if !paused {
                        clock.run(at, schedule, warn_before);
                    }
                }
                (SlaEvent::StatusChanged { from, to }, metric) => {
                    let solved = matches!(to, Status::Solved | Status::Closed);
                    if metric == SlaMetric::Resolution && solved && clock.met_at.is_none() {
                        clock.meet(at, schedule);
                    } else if metric == SlaMetric::Resolution
                        && !solved
                        && matches!(from, Status::Solved | Status::Closed)
                    {
                        // Reopened: the time it stood solved is credited, like a pause.
                        clock.met_at = None;
                    }
                    if pauses_clocks(to) && clock.is_running() {
                        clock.stop(at, schedule);
                    } else if !pauses_clocks(to) && clock.is_paused() {
                        clock.run(at, schedule, warn_before);
                    }
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests;
