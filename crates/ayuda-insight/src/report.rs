//! The figures of a report: tickets created in a period (local days in a time zone), filtered, counted by
//! channel, type, category, tag, hour, weekday, group and agent, with resolution, first-contact resolution,
//! reopenings, backlog, response and resolution times, SLA, escalations, satisfaction and frustration.
//!
//! Every figure counts the tickets created in the period (a cohort), as they stand now: "resolved" means
//! solved or closed today, "first response" is the time to the first public answer whenever it came. Times
//! are calendar time (the SLA figures are the business-hours view). Percentiles are exact (nearest rank).
//! The caller feeds [`DaySegment`]s in any order to a [`ReportBuilder`] and takes the [`Report`].

mod fold;

use ayuda_core::Timestamp;
use ayuda_core::contact::OrganizationKind;
use ayuda_core::id::{AgentId, GroupId, OrganizationId, TicketCategoryId, TicketId};
use ayuda_core::report::{DaySegment, EscalationTarget};
use ayuda_core::text::{Language, Tag};
use ayuda_core::ticket::{Channel, TicketType};
use jiff::civil::Date;
use jiff::tz::TimeZone;

pub use fold::ReportBuilder;

/// Which tickets a report counts, besides their creation date.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportFilter {
    pub group: Option<GroupId>,
    pub agent: Option<AgentId>,
    pub channel: Option<Channel>,
    pub organization: Option<OrganizationId>,
    pub customer_kind: Option<OrganizationKind>,
    pub language: Option<Language>,
    pub ticket_type: Option<TicketType>,
    pub category: Option<TicketCategoryId>,
    pub tag: Option<Tag>,
}

/// How the period is divided in the charts over time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interval {
    Day,
    /// Weeks start on Monday.
    Week,
    Month,
}

impl Interval {
    pub const ALL: [Interval; 3] = [Interval::Day, Interval::Week, Interval::Month];

    pub fn as_str(self) -> &'static str {
        match self {
            Interval::Day => "day",
            Interval::Week => "week",
            Interval::Month => "month",
        }
    }

    pub fn parse(raw: &str) -> Option<Interval> {
        Interval::ALL.into_iter().find(|i| i.as_str() == raw)
    }

    /// The first day of the interval that holds `date`.
    pub fn start_of(self, date: Date) -> Date {
        match self {
            Interval::Day => date,
            Interval::Week => {
                let back = i64::from(date.weekday().to_monday_zero_offset());
                date.checked_sub(jiff::Span::new().days(back))
                    .unwrap_or(date)
            }
            Interval::Month => date.first_of_month(),
        }
    }

    /// A sensible division for a period of `days` days: days up to a month, weeks up to half a year,
    /// months beyond.
    pub fn for_days(days: i64) -> Interval {
        match days {
            ..=31 => Interval::Day,
            32..=183 => Interval::Week,
            _ => Interval::Month,
        }
    }
}

/// The local days a report covers, first to last inclusive, in a time zone.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportPeriod {
    pub first: Date,
    pub last: Date,
    pub zone: TimeZone,
    pub interval: Interval,
    /// Now, for the age of open tickets.
    pub now: Timestamp,
}

impl ReportPeriod {
    /// When the first day begins.
    pub fn start(&self) -> Timestamp {
        self.first
            .to_zoned(self.zone.clone())
            .map_or(Timestamp::MIN, |z| z.timestamp())
    }

    /// When the day after the last begins.
    pub fn end(&self) -> Timestamp {
        self.last
            .tomorrow()
            .ok()
            .and_then(|d| d.to_zoned(self.zone.clone()).ok())
            .map_or(Timestamp::MAX, |z| z.timestamp())
    }

    /// How many days it covers.
    pub fn days(&self) -> i64 {
        // Subtracting dates gives whole days.
        i64::from((self.last - self.first).get_days()) + 1
    }
}

/// Median and 90th percentile of some durations, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Percentiles {
    pub count: u32,
    pub median: Option<u32>,
    pub p90: Option<u32>,
}

impl Percentiles {
    /// Nearest-rank percentiles: the smallest value with at least half (nine tenths) of the values at or
    /// below it.
    pub fn of(mut values: Vec<u32>) -> Percentiles {
        let count = values.len();
        let mut rank = |share: f64| -> Option<u32> {
            if count == 0 {
                return None;
            }
            let index = ((share * count as f64).ceil() as usize).clamp(1, count) - 1;
            Some(*values.select_nth_unstable(index).1)
        };
        let median = rank(0.5);
        let p90 = rank(0.9);
        Percentiles {
            count: count as u32,
            median,
            p90,
        }
    }
}

/// Counts over a set of tickets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    pub created: u32,
    /// Solved or closed now.
    pub solved: u32,
    /// Still open (new, open, pending, on hold) now.
    pub open: u32,
    /// Solved, never reopened, with at most one public answer.
    pub first_contact: u32,
    /// Reopened at least once.
    pub reopened: u32,
    /// Solved at least once (solved now, or reopened).
    pub ever_solved: u32,
    /// Escalated at least once.
    pub escalated: u32,
    pub sla_met: u32,
    pub sla_breached: u32,
    pub rated: u32,
    /// Rated 4 or 5.
    pub satisfied: u32,
    pub frustrated: u32,
    pub agent_replies: u64,
}

/// Percent, rounded to one decimal, of a part in a whole; `None` when the whole is empty.
pub fn percent(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| (f64::from(part) * 1000.0 / f64::from(whole)).round() / 10.0)
}

impl Tally {
    pub fn resolution_rate(&self) -> Option<f64> {
        percent(self.solved, self.created)
    }

    pub fn first_contact_rate(&self) -> Option<f64> {
        percent(self.first_contact, self.solved)
    }

    pub fn reopen_rate(&self) -> Option<f64> {
        percent(self.reopened, self.ever_solved)
    }

    pub fn escalation_rate(&self) -> Option<f64> {
        percent(self.escalated, self.created)
    }

    pub fn sla_met_rate(&self) -> Option<f64> {
        percent(self.sla_met, self.sla_met + self.sla_breached)
    }

    /// CSAT: the share of ratings that are 4 or 5.
    pub fn satisfaction_score(&self) -> Option<f64> {
        percent(self.satisfied, self.rated)
    }

    pub fn frustration_rate(&self) -> Option<f64> {
        percent(self.frustrated, self.created)
    }
}

/// Tickets of one kind (a channel, a type, a category, a tag) over the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breakdown<K> {
    pub key: K,
    pub created: u32,
    /// Of those, complaints.
    pub complaints: u32,
    pub solved: u32,
    pub frustrated: u32,
    /// Created per interval of [`Report::intervals`].
    pub per_interval: Vec<u32>,
}

/// A group's or an agent's figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamRow<K> {
    pub key: K,
    pub tally: Tally,
    pub first_response: Percentiles,
    pub resolution: Percentiles,
}

/// How long the tickets still open have waited, in these bounds (days): under 1, 1 to 3, 3 to 7, 7 to 30,
/// 30 and more.
pub const BACKLOG_AGES: [(u32, Option<u32>); 5] = [
    (0, Some(1)),
    (1, Some(3)),
    (3, Some(7)),
    (7, Some(30)),
    (30, None),
];

/// How many comments a report lists.
pub const COMMENTS: usize = 20;

/// The figures of one report.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub period: ReportPeriod,
    /// The first day of each interval, in order.
    pub intervals: Vec<Date>,
    pub total: Tally,
    pub first_response: Percentiles,
    pub resolution: Percentiles,
    /// Created per interval.
    pub created: Vec<u32>,
    /// Every channel, type and kind of customer, in their declaration order (zeros included).
    pub channels: Vec<Breakdown<Channel>>,
    pub types: Vec<Breakdown<TicketType>>,
    pub customer_kinds: Vec<Breakdown<OrganizationKind>>,
    /// Categories by tickets created, most first (`None`: not categorised).
    pub categories: Vec<Breakdown<Option<TicketCategoryId>>>,
    /// Tags by tickets created, most first.
    pub tags: Vec<Breakdown<Tag>>,
    pub languages: Vec<Breakdown<Language>>,
    /// Created per local hour of day, 0 to 23.
    pub hours: [u32; 24],
    /// Created per weekday, Monday first.
    pub weekdays: [u32; 7],
    /// Open tickets by age, per [`BACKLOG_AGES`].
    pub backlog: [u32; 5],
    /// By group, most tickets first (`None`: no group).
    pub groups: Vec<TeamRow<Option<GroupId>>>,
    /// By assignee, most tickets first (`None`: unassigned).
    pub agents: Vec<TeamRow<Option<AgentId>>>,
    /// Where escalations went, most first.
    pub escalations: Vec<(EscalationTarget, u32)>,
    /// Ratings 1 to 5.
    pub ratings: [u32; 5],
    /// Tickets whose customer commented in the survey, newest first, at most [`COMMENTS`].
    pub comments: Vec<TicketId>,
}

impl Report {
    /// The figures of `segments` (any order) for `period` under `filter`.
    pub fn of<'a>(
        period: ReportPeriod,
        filter: &ReportFilter,
        segments: impl IntoIterator<Item = &'a DaySegment>,
    ) -> Report {
        let mut builder = ReportBuilder::new(period, filter.clone());
        for segment in segments {
            builder.add(segment);
        }
        builder.finish()
    }
}
