//! What reports know of a ticket: a [`ReportFact`] (its kind, people, dates and outcome, without its text),
//! and the facts of all tickets created on one UTC day packed together ([`DaySegment`]), which is how the
//! store keeps them so that a year of reports reads a few hundred rows instead of every ticket.

use std::collections::HashMap;
use std::hash::Hash;

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp, ToSpan, tz::TimeZone};

use crate::contact::OrganizationKind;
use crate::id::{AgentId, GroupId, OrganizationId, TicketCategoryId, TicketId};
use crate::insight::Rating;
use crate::sla::TicketSla;
use crate::text::{Language, Tag};
use crate::ticket::{Channel, Status, TicketType};

/// How a ticket fared against its service level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SlaOutcome {
    /// No policy applied.
    None,
    /// Some clock still runs and none was breached.
    Running,
    /// Every clock met its target.
    Met,
    /// At least one clock passed its deadline.
    Breached,
}

impl SlaOutcome {
    pub fn of(sla: Option<&TicketSla>) -> SlaOutcome {
        let Some(sla) = sla else {
            return SlaOutcome::None;
        };
        if sla.clocks.iter().any(|c| c.breached_at.is_some()) {
            SlaOutcome::Breached
        } else if !sla.clocks.is_empty() && sla.clocks.iter().all(|c| c.met_at.is_some()) {
            SlaOutcome::Met
        } else if sla.clocks.is_empty() {
            SlaOutcome::None
        } else {
            SlaOutcome::Running
        }
    }
}

/// Where an escalation sent a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EscalationTarget {
    Group(GroupId),
    Agent(AgentId),
}

impl EscalationTarget {
    /// The destination an escalation in the history names: what moved (`group` or `assignee`) and the id
    /// it moved to; `None` when it moved to nobody or the id does not read.
    pub fn of(moved: &str, to: Option<&str>) -> Option<EscalationTarget> {
        let id = uuid::Uuid::parse_str(to?).ok()?;
        match moved {
            "group" => Some(EscalationTarget::Group(GroupId(id))),
            "assignee" => Some(EscalationTarget::Agent(AgentId(id))),
            _ => None,
        }
    }
}

/// One ticket as reports see it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportFact {
    pub ticket_id: TicketId,
    pub created_at: Timestamp,
    pub channel: Channel,
    pub ticket_type: TicketType,
    pub status: Status,
    pub language: Language,
    pub group: Option<GroupId>,
    pub assignee: Option<AgentId>,
    pub organization: Option<OrganizationId>,
    /// The organization's kind; a customer without an organization counts as a consumer.
    pub customer_kind: OrganizationKind,
    pub category: Option<TicketCategoryId>,
    pub tags: Vec<Tag>,
    pub first_response_at: Option<Timestamp>,
    pub solved_at: Option<Timestamp>,
    pub sla: SlaOutcome,
    pub agent_replies: u32,
    pub reopens: u32,
    /// Every escalation's destination, oldest first.
    pub escalated_to: Vec<EscalationTarget>,
    pub satisfaction: Option<Rating>,
    pub frustration: Option<u8>,
    /// Whether the customer left a comment in the satisfaction survey.
    pub commented: bool,
}

/// A UTC day, as days since 1970-01-01: the key segments are kept under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct UtcDay(pub i32);

impl UtcDay {
    const SECONDS: i64 = 86_400;

    pub fn of(at: Timestamp) -> UtcDay {
        UtcDay(at.as_second().div_euclid(Self::SECONDS) as i32)
    }

    pub fn start(self) -> Timestamp {
        Timestamp::from_second(i64::from(self.0) * Self::SECONDS).unwrap_or(Timestamp::MIN)
    }

    pub fn end(self) -> Timestamp {
        UtcDay(self.0 + 1).start()
    }

    pub fn date(self) -> Date {
        self.start().to_zoned(TimeZone::UTC).date()
    }

    /// The days that overlap `[from, to)`.
    pub fn covering(from: Timestamp, to: Timestamp) -> impl Iterator<Item = UtcDay> {
        let first = UtcDay::of(from).0;
        let last = if to > from {
            UtcDay::of(to - SignedDuration::from_nanos(1)).0
        } else {
            first - 1
        };
        (first..=last).map(UtcDay)
    }
}

/// "None" in a segment's index columns.
pub const ABSENT: u32 = u32::MAX;

/// One ticket in a [`DaySegment`]: its values, with people, places and words as indexes into the segment's
/// lists ([`ABSENT`] when it has none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FactRow {
    /// Seconds since the segment's day began.
    pub second: u32,
    pub channel: Channel,
    pub ticket_type: TicketType,
    pub status: Status,
    pub customer_kind: OrganizationKind,
    pub sla: SlaOutcome,
    pub language: u32,
    pub group: u32,
    pub assignee: u32,
    pub organization: u32,
    pub category: u32,
    /// Seconds from arrival to the first public answer.
    pub first_response: Option<u32>,
    /// Seconds from arrival to being solved.
    pub resolution: Option<u32>,
    pub agent_replies: u16,
    pub reopens: u16,
    pub satisfaction: Option<Rating>,
    pub frustration: Option<u8>,
    pub commented: bool,
    /// This row's tags are `tag_refs[tags.0 .. tags.0 + tags.1]`.
    pub tags: (u32, u16),
    /// This row's escalations are `escalation_refs[escalations.0 .. escalations.0 + escalations.1]`.
    pub escalations: (u32, u16),
}

/// The facts of every ticket created on one UTC day.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DaySegment {
    pub day: UtcDay,
    /// The rows whose customer commented in the survey, with their tickets, so that reports can list the
    /// comments under the same filters as the figures.
    pub comments: Vec<(u32, TicketId)>,
    pub rows: Vec<FactRow>,
    pub languages: Vec<Language>,
    pub groups: Vec<GroupId>,
    pub agents: Vec<AgentId>,
    pub organizations: Vec<OrganizationId>,
    pub categories: Vec<TicketCategoryId>,
    pub tags: Vec<Tag>,
    pub tag_refs: Vec<u32>,
    pub escalation_targets: Vec<EscalationTarget>,
    pub escalation_refs: Vec<u32>,
}

/// Numbers the distinct values of one of a segment's lists as they first appear.
struct Interner<T> {
    seen: HashMap<T, u32>,
}

impl<T: Hash + Eq + Clone> Interner<T> {
    fn new() -> Interner<T> {
        Interner {
            seen: HashMap::new(),
        }
    }

    fn index(&mut self, list: &mut Vec<T>, value: &T) -> u32 {
        *self.seen.entry(value.clone()).or_insert_with(|| {
            list.push(value.clone());
            (list.len() - 1) as u32
        })
    }
}

fn seconds_between(from: Timestamp, to: Option<Timestamp>) -> Option<u32> {
    to.map(|to| (to.as_second() - from.as_second()).clamp(0, i64::from(u32::MAX)) as u32)
}

impl DaySegment {
    /// Packs the facts of tickets created on `day` (facts of other days are left out).
    pub fn pack(day: UtcDay, facts: &[ReportFact]) -> DaySegment {
        let mut segment = DaySegment {
            day,
            ..DaySegment::default()
        };
        let start = day.start();
        let (mut languages, mut groups, mut agents) =
            (Interner::new(), Interner::new(), Interner::new());
        let (mut organizations, mut categories) = (Interner::new(), Interner::new());
        let (mut tags, mut targets) = (Interner::new(), Interner::new());
        for fact in facts.iter().filter(|f| UtcDay::of(f.created_at) == day) {
            let tag_start = segment.tag_refs.len() as u32;
            for tag in &fact.tags {
                let index = tags.index(&mut segment.tags, tag);
                segment.tag_refs.push(index);
            }
            let escalation_start = segment.escalation_refs.len() as u32;
            for target in &fact.escalated_to {
                let index = targets.index(&mut segment.escalation_targets, target);
                segment.escalation_refs.push(index);
            }
            let row = FactRow {
                second: seconds_between(start, Some(fact.created_at)).unwrap_or(0),
                channel: fact.channel,
                ticket_type: fact.ticket_type,
                status: fact.status,
                customer_kind: fact.customer_kind,
                sla: fact.sla,
                language: languages.index(&mut segment.languages, &fact.language),
                group: fact
                    .group
                    .map_or(ABSENT, |g| groups.index(&mut segment.groups, &g)),
                assignee: fact
                    .assignee
                    .map_or(ABSENT, |a| agents.index(&mut segment.agents, &a)),
                organization: fact.organization.map_or(ABSENT, |o| {
                    organizations.index(&mut segment.organizations, &o)
                }),
                category: fact
                    .category
                    .map_or(ABSENT, |c| categories.index(&mut segment.categories, &c)),
                first_response: seconds_between(fact.created_at, fact.first_response_at),
                resolution: if fact.status.is_active() {
                    None
                } else {
                    seconds_between(fact.created_at, fact.solved_at)
                },
                agent_replies: fact.agent_replies.min(u32::from(u16::MAX)) as u16,
                reopens: fact.reopens.min(u32::from(u16::MAX)) as u16,
                satisfaction: fact.satisfaction,
                frustration: fact.frustration,
                commented: fact.commented,
                tags: (tag_start, fact.tags.len().min(usize::from(u16::MAX)) as u16),
                escalations: (
                    escalation_start,
                    fact.escalated_to.len().min(usize::from(u16::MAX)) as u16,
                ),
            };
            if fact.commented {
                segment
                    .comments
                    .push((segment.rows.len() as u32, fact.ticket_id));
            }
            segment.rows.push(row);
        }
        segment
    }

    /// When a row's ticket was created.
    pub fn created_at(&self, row: &FactRow) -> Timestamp {
        let start = self.day.start();
        start
            .checked_add((i64::from(row.second)).seconds())
            .unwrap_or(start)
    }

    pub fn row_tags<'a>(&'a self, row: &FactRow) -> impl Iterator<Item = u32> + 'a {
        let (start, len) = (row.tags.0 as usize, usize::from(row.tags.1));
        self.tag_refs
            .get(start..start + len)
            .unwrap_or_default()
            .iter()
            .copied()
    }

    pub fn row_escalations<'a>(
        &'a self,
        row: &FactRow,
    ) -> impl Iterator<Item = EscalationTarget> + 'a {
        let (start, len) = (row.escalations.0 as usize, usize::from(row.escalations.1));
        self.escalation_refs
            .get(start..start + len)
            .unwrap_or_default()
            .iter()
            .filter_map(|i| self.escalation_targets.get(*i as usize).copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_starts_at_utc_midnight_and_covers_its_instants() {
        let at: Timestamp = "2026-03-29T23:59:59Z".parse().unwrap();
        let day = UtcDay::of(at);
        assert_eq!(day.start().to_string(), "2026-03-29T00:00:00Z");
        assert_eq!(day.end().to_string(), "2026-03-30T00:00:00Z");
        assert_eq!(day.date().to_string(), "2026-03-29");
        let from: Timestamp = "2026-03-28T22:00:00Z".parse().unwrap();
        let to: Timestamp = "2026-03-30T00:00:00Z".parse().unwrap();
        let days: Vec<_> = UtcDay::covering(from, to).collect();
        assert_eq!(days, vec![UtcDay(day.0 - 1), day]);
        assert_eq!(UtcDay::covering(to, to).count(), 0);
    }
}
