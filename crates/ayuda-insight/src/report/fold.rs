//! [`ReportBuilder`]: folds day segments into a [`Report`], one pass over each segment's rows. Everything a
//! row needs is looked up by index (its local day and hour from a table of quarter hours, its group's or
//! tag's place in the report from a per-segment translation), so a year of a million tickets folds in tens
//! of milliseconds.

use std::collections::HashMap;
use std::hash::Hash;

use ayuda_core::Timestamp;
use ayuda_core::contact::OrganizationKind;
use ayuda_core::id::{AgentId, GroupId, TicketCategoryId, TicketId};
use ayuda_core::insight::FRUSTRATED;
use ayuda_core::report::{ABSENT, DaySegment, EscalationTarget, FactRow, SlaOutcome};
use ayuda_core::text::{Language, Tag};
use ayuda_core::ticket::{Channel, TicketType};
use jiff::civil::Date;

use super::{
    BACKLOG_AGES, Breakdown, COMMENTS, Percentiles, Report, ReportFilter, ReportPeriod, Tally,
    TeamRow,
};

/// The length of a slot in the table of local days and hours: every time zone's offset is a whole number
/// of quarter hours, so a slot never straddles a local hour.
const SLOT_SECONDS: i64 = 900;

/// Values in first-seen order, found by key.
#[derive(Debug)]
struct Keyed<K, V> {
    index: HashMap<K, usize>,
    entries: Vec<(K, V)>,
}

impl<K: Hash + Eq + Clone, V> Keyed<K, V> {
    fn new() -> Keyed<K, V> {
        Keyed {
            index: HashMap::new(),
            entries: Vec::new(),
        }
    }

    fn place(&mut self, key: &K, new: impl FnOnce() -> V) -> usize {
        if let Some(&i) = self.index.get(key) {
            return i;
        }
        self.entries.push((key.clone(), new()));
        self.index.insert(key.clone(), self.entries.len() - 1);
        self.entries.len() - 1
    }
}

/// A breakdown's counts while folding.
#[derive(Debug, Clone)]
struct Counts {
    created: u32,
    complaints: u32,
    solved: u32,
    frustrated: u32,
    per_interval: Vec<u32>,
}

impl Counts {
    fn new(intervals: usize) -> Counts {
        Counts {
            created: 0,
            complaints: 0,
            solved: 0,
            frustrated: 0,
            per_interval: vec![0; intervals],
        }
    }

    fn add(&mut self, row: &FactRow, interval: usize) {
        self.created += 1;
        self.complaints += u32::from(row.ticket_type == TicketType::Complaint);
        self.solved += u32::from(!row.status.is_active());
        self.frustrated += u32::from(is_frustrated(row));
        self.per_interval[interval] += 1;
    }

    fn into_breakdown<K>(self, key: K) -> Breakdown<K> {
        Breakdown {
            key,
            created: self.created,
            complaints: self.complaints,
            solved: self.solved,
            frustrated: self.frustrated,
            per_interval: self.per_interval,
        }
    }
}

/// A group's or agent's counts and durations while folding.
#[derive(Debug, Default)]
struct Team {
    tally: Tally,
    first_response: Vec<u32>,
    resolution: Vec<u32>,
}

impl Team {
    fn add(&mut self, row: &FactRow, escalated: bool) {
        count(&mut self.tally, row, escalated);
        self.first_response.extend(row.first_response);
        self.resolution.extend(row.resolution);
    }

    fn into_row<K>(self, key: K) -> TeamRow<K> {
        TeamRow {
            key,
            tally: self.tally,
            first_response: Percentiles::of(self.first_response),
            resolution: Percentiles::of(self.resolution),
        }
    }
}

/// Where `value` is in `all` (a closed set's every value).
fn position<T: PartialEq>(all: &[T], value: T) -> usize {
    all.iter().position(|v| *v == value).unwrap_or(0)
}

fn is_frustrated(row: &FactRow) -> bool {
    row.frustration.is_some_and(|f| f >= FRUSTRATED)
}

fn count(tally: &mut Tally, row: &FactRow, escalated: bool) {
    let active = row.status.is_active();
    tally.created += 1;
    if active {
        tally.open += 1;
    } else {
        tally.solved += 1;
        if row.reopens == 0 && row.agent_replies <= 1 {
            tally.first_contact += 1;
        }
    }
    if row.reopens > 0 {
        tally.reopened += 1;
    }
    if !active || row.reopens > 0 {
        tally.ever_solved += 1;
    }
    tally.escalated += u32::from(escalated);
    match row.sla {
        SlaOutcome::Met => tally.sla_met += 1,
        SlaOutcome::Breached => tally.sla_breached += 1,
        SlaOutcome::None | SlaOutcome::Running => {}
    }
    if let Some(rating) = row.satisfaction {
        tally.rated += 1;
        tally.satisfied += u32::from(rating.is_satisfied());
    }
    tally.frustrated += u32::from(is_frustrated(row));
    tally.agent_replies += u64::from(row.agent_replies);
}

/// The local index within a segment of the value a filter asks for: `Ok(None)` when the filter does not
/// ask, `Err(())` when the segment has no such value (so none of its rows match).
fn wanted<T: PartialEq>(wanted: Option<&T>, list: &[T]) -> Result<Option<u32>, ()> {
    match wanted {
        None => Ok(None),
        Some(value) => list
            .iter()
            .position(|v| v == value)
            .map(|i| Some(i as u32))
            .ok_or(()),
    }
}

/// A filter resolved against one segment's lists.
struct LocalFilter {
    group: Option<u32>,
    agent: Option<u32>,
    organization: Option<u32>,
    language: Option<u32>,
    category: Option<u32>,
    tag: Option<u32>,
}

impl LocalFilter {
    fn of(filter: &ReportFilter, segment: &DaySegment) -> Result<LocalFilter, ()> {
        Ok(LocalFilter {
            group: wanted(filter.group.as_ref(), &segment.groups)?,
            agent: wanted(filter.agent.as_ref(), &segment.agents)?,
            organization: wanted(filter.organization.as_ref(), &segment.organizations)?,
            language: wanted(filter.language.as_ref(), &segment.languages)?,
            category: wanted(filter.category.as_ref(), &segment.categories)?,
            tag: wanted(filter.tag.as_ref(), &segment.tags)?,
        })
    }

    fn admits(&self, filter: &ReportFilter, segment: &DaySegment, row: &FactRow) -> bool {
        let same = |wanted: Option<u32>, value: u32| wanted.is_none_or(|w| w == value);
        same(self.group, row.group)
            && same(self.agent, row.assignee)
            && same(self.organization, row.organization)
            && same(self.language, row.language)
            && same(self.category, row.category)
            && filter.channel.is_none_or(|c| c == row.channel)
            && filter.ticket_type.is_none_or(|t| t == row.ticket_type)
            && filter.customer_kind.is_none_or(|k| k == row.customer_kind)
            && self
                .tag
                .is_none_or(|t| segment.row_tags(row).any(|tag| tag == t))
    }
}

/// Where a local list's entries are in the report's.
fn translate<K: Hash + Eq + Clone, V>(
    list: &[K],
    keyed: &mut Keyed<K, V>,
    new: impl Fn() -> V,
) -> Vec<usize> {
    list.iter().map(|k| keyed.place(k, &new)).collect()
}

fn translate_optional<K: Hash + Eq + Clone + Copy, V>(
    list: &[K],
    keyed: &mut Keyed<Option<K>, V>,
    new: impl Fn() -> V,
) -> (Vec<usize>, usize) {
    let places = list.iter().map(|k| keyed.place(&Some(*k), &new)).collect();
    (places, keyed.place(&None, new))
}

fn local(places: &(Vec<usize>, usize), index: u32) -> usize {
    if index == ABSENT {
        places.1
    } else {
        places.0[index as usize]
    }
}

/// Folds segments into a report.
#[derive(Debug)]
pub struct ReportBuilder {
    period: ReportPeriod,
    filter: ReportFilter,
    start: Timestamp,
    end: Timestamp,
    /// For each quarter hour from `start`: the local day (index from the first) and hour.
    slots: Vec<(u32, u8)>,
    /// For each local day: its interval and weekday (Monday 0).
    days: Vec<(u32, u8)>,
    intervals: Vec<Date>,
    total: Team,
    created: Vec<u32>,
    channels: Vec<Counts>,
    types: Vec<Counts>,
    customer_kinds: Vec<Counts>,
    categories: Keyed<Option<TicketCategoryId>, Counts>,
    tags: Keyed<Tag, Counts>,
    languages: Keyed<Language, Counts>,
    hours: [u32; 24],
    weekdays: [u32; 7],
    backlog: [u32; 5],
    groups: Keyed<Option<GroupId>, Team>,
    agents: Keyed<Option<AgentId>, Team>,
    escalations: Keyed<EscalationTarget, u32>,
    ratings: [u32; 5],
    comments: Vec<(Timestamp, TicketId)>,
}

impl ReportBuilder {
    pub fn new(period: ReportPeriod, filter: ReportFilter) -> ReportBuilder {
        let (start, end) = (period.start(), period.end());
        let mut intervals: Vec<Date> = Vec::new();
        let mut days = Vec::new();
        let mut date = period.first;
        while date <= period.last {
            let interval = period.interval.start_of(date);
            if intervals.last() != Some(&interval) {
                intervals.push(interval);
            }
            let weekday = date.weekday().to_monday_zero_offset() as u8;
            days.push(((intervals.len() - 1) as u32, weekday));
            match date.tomorrow() {
                Ok(next) => date = next,
                Err(_) => break,
            }
        }
        let slot_count = ((end.as_second() - start.as_second()).max(0) / SLOT_SECONDS) as usize;
        let slots = (0..slot_count)
            .map(|i| {
                let at = Timestamp::from_second(start.as_second() + i as i64 * SLOT_SECONDS)
                    .unwrap_or(start)
                    .to_zoned(period.zone.clone());
                let day = (at.date() - period.first).get_days().max(0) as u32;
                (
                    day.min(days.len().saturating_sub(1) as u32),
                    at.hour() as u8,
                )
            })
            .collect();
        let n = intervals.len();
        ReportBuilder {
            filter,
            start,
            end,
            slots,
            days,
            total: Team::default(),
            created: vec![0; n],
            channels: vec![Counts::new(n); Channel::ALL.len()],
            types: vec![Counts::new(n); TicketType::ALL.len()],
            customer_kinds: vec![Counts::new(n); OrganizationKind::ALL.len()],
            categories: Keyed::new(),
            tags: Keyed::new(),
            languages: Keyed::new(),
            hours: [0; 24],
            weekdays: [0; 7],
            backlog: [0; 5],
            groups: Keyed::new(),
            agents: Keyed::new(),
            escalations: Keyed::new(),
            ratings: [0; 5],
            comments: Vec::new(),
            intervals,
            period,
        }
    }

    /// Adds a segment's tickets that fall in the period and pass the filter.
    pub fn add(&mut self, segment: &DaySegment) {
        let day = segment.day;
        if day.end() <= self.start || day.start() >= self.end || self.days.is_empty() {
            return;
        }
        let Ok(filter) = LocalFilter::of(&self.filter, segment) else {
            return;
        };
        let n = self.intervals.len();
        let categories =
            translate_optional(&segment.categories, &mut self.categories, || Counts::new(n));
        let tags = translate(&segment.tags, &mut self.tags, || Counts::new(n));
        let languages = translate(&segment.languages, &mut self.languages, || Counts::new(n));
        let groups = translate_optional(&segment.groups, &mut self.groups, Team::default);
        let agents = translate_optional(&segment.agents, &mut self.agents, Team::default);
        let targets = translate(&segment.escalation_targets, &mut self.escalations, || 0);
        let comments: HashMap<u32, TicketId> = segment.comments.iter().copied().collect();
        let (start, end, day_start) = (
            self.start.as_second(),
            self.end.as_second(),
            day.start().as_second(),
        );
        let now = self.period.now.as_second();
        for (i, row) in segment.rows.iter().enumerate() {
            let at = day_start + i64::from(row.second);
            if at < start || at >= end || !filter.admits(&self.filter, segment, row) {
                continue;
            }
            let Some(&(local_day, hour)) = self.slots.get(((at - start) / SLOT_SECONDS) as usize)
            else {
                continue;
            };
            let (interval, weekday) = self.days[local_day as usize];
            let interval = interval as usize;
            let escalated = row.escalations.1 > 0;
            self.total.add(row, escalated);
            self.created[interval] += 1;
            self.hours[usize::from(hour)] += 1;
            self.weekdays[usize::from(weekday)] += 1;
            self.channels[position(Channel::ALL, row.channel)].add(row, interval);
            self.types[position(TicketType::ALL, row.ticket_type)].add(row, interval);
            self.customer_kinds[position(OrganizationKind::ALL, row.customer_kind)]
                .add(row, interval);
            self.categories.entries[local(&categories, row.category)]
                .1
                .add(row, interval);
            if let Some(&language) = languages.get(row.language as usize) {
                self.languages.entries[language].1.add(row, interval);
            }
            for tag in segment.row_tags(row) {
                self.tags.entries[tags[tag as usize]].1.add(row, interval);
            }
            self.groups.entries[local(&groups, row.group)]
                .1
                .add(row, escalated);
            self.agents.entries[local(&agents, row.assignee)]
                .1
                .add(row, escalated);
            let (first, len) = (row.escalations.0 as usize, usize::from(row.escalations.1));
            for target in &segment.escalation_refs[first..first + len] {
                self.escalations.entries[targets[*target as usize]].1 += 1;
            }
            if row.status.is_active() {
                let age_days = ((now - at).max(0) / 86_400) as u32;
                let bucket = BACKLOG_AGES
                    .iter()
                    .position(|(_, below)| below.is_none_or(|b| age_days < b))
                    .unwrap_or(BACKLOG_AGES.len() - 1);
                self.backlog[bucket] += 1;
            }
            if let Some(rating) = row.satisfaction {
                self.ratings[usize::from(rating.value() - 1)] += 1;
            }
            if let Some(ticket) = comments.get(&(i as u32)) {
                self.comments.push((segment.created_at(row), *ticket));
            }
        }
    }

    pub fn finish(self) -> Report {
        fn breakdowns<K: Copy>(counts: Vec<Counts>, keys: &[K]) -> Vec<Breakdown<K>> {
            counts
                .into_iter()
                .zip(keys.iter().copied())
                .map(|(c, k)| c.into_breakdown(k))
                .collect()
        }
        fn sorted<K: Ord + Clone, V>(keyed: Keyed<K, V>, size: impl Fn(&V) -> u32) -> Vec<(K, V)> {
            let mut entries: Vec<(K, V)> = keyed
                .entries
                .into_iter()
                .filter(|(_, v)| size(v) > 0)
                .collect();
            entries.sort_by(|a, b| size(&b.1).cmp(&size(&a.1)).then(a.0.cmp(&b.0)));
            entries
        }
        let mut comments = self.comments;
        comments.sort_by(|a, b| b.cmp(a));
        comments.truncate(COMMENTS);
        Report {
            intervals: self.intervals,
            total: self.total.tally,
            first_response: Percentiles::of(self.total.first_response),
            resolution: Percentiles::of(self.total.resolution),
            created: self.created,
            channels: breakdowns(self.channels, Channel::ALL),
            types: breakdowns(self.types, TicketType::ALL),
            customer_kinds: breakdowns(self.customer_kinds, OrganizationKind::ALL),
            categories: sorted(self.categories, |c| c.created)
                .into_iter()
                .map(|(k, c)| c.into_breakdown(k))
                .collect(),
            tags: sorted(self.tags, |c| c.created)
                .into_iter()
                .map(|(k, c)| c.into_breakdown(k))
                .collect(),
            languages: sorted(self.languages, |c| c.created)
                .into_iter()
                .map(|(k, c)| c.into_breakdown(k))
                .collect(),
            hours: self.hours,
            weekdays: self.weekdays,
            backlog: self.backlog,
            groups: sorted(self.groups, |t| t.tally.created)
                .into_iter()
                .map(|(k, t)| t.into_row(k))
                .collect(),
            agents: sorted(self.agents, |t| t.tally.created)
                .into_iter()
                .map(|(k, t)| t.into_row(k))
                .collect(),
            escalations: sorted(self.escalations, |n| *n),
            ratings: self.ratings,
            comments: comments.into_iter().map(|(_, t)| t).collect(),
            period: self.period,
        }
    }
}
