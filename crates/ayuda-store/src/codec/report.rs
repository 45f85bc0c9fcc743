//! A [`DaySegment`] as bytes in one column, identically in every backend: a version byte, the segment's
//! lists (languages, groups, agents, organizations, categories, tags, escalation destinations), then one
//! record per ticket. Numbers are LEB128 varints, so a typical ticket takes about twenty bytes and a year
//! of a million tickets reads in tens of megabytes.

use std::collections::HashMap;

use ayuda_core::Timestamp;
use ayuda_core::contact::OrganizationKind;
use ayuda_core::id::{AgentId, GroupId, OrganizationId, TicketCategoryId, TicketId};
use ayuda_core::insight::Rating;
use ayuda_core::report::{
    ABSENT, DaySegment, EscalationTarget, FactRow, ReportFact, SlaOutcome, UtcDay,
};
use ayuda_core::text::{Language, Tag};
use ayuda_core::ticket::{Channel, Status, TicketType};
use uuid::Uuid;

use super::service_level::decode_sla;
use super::{CorruptValue, corrupt, decode_tags};

/// A ticket row's columns that reports read, as every backend reads them (the organization's kind and
/// whether the survey has a comment joined in).
#[derive(Debug, Clone)]
pub struct FactColumns {
    pub id: Uuid,
    pub created_at: Timestamp,
    pub channel: String,
    pub ticket_type: String,
    pub status: String,
    pub language: String,
    pub group_id: Option<Uuid>,
    pub assignee_id: Option<Uuid>,
    pub organization_id: Option<Uuid>,
    pub organization_kind: Option<String>,
    pub category_id: Option<Uuid>,
    pub tags: String,
    pub first_response_at: Option<Timestamp>,
    pub solved_at: Option<Timestamp>,
    pub sla: Option<String>,
    pub agent_replies: i64,
    pub reopens: i64,
    pub satisfaction: Option<i64>,
    pub frustration: Option<i64>,
    pub commented: bool,
}

fn parsed<T>(
    column: &'static str,
    value: Result<T, ayuda_core::FieldError>,
) -> Result<T, CorruptValue> {
    value.map_err(|e| corrupt(column, e.message))
}

fn count(value: i64) -> u32 {
    value.clamp(0, i64::from(u32::MAX)) as u32
}

impl FactColumns {
    /// The fact, without escalations ([`attach_escalations`] adds them).
    pub fn into_fact(self) -> Result<ReportFact, CorruptValue> {
        Ok(ReportFact {
            ticket_id: TicketId(self.id),
            created_at: self.created_at,
            channel: parsed("channel", Channel::parse(&self.channel))?,
            ticket_type: parsed("ticket_type", TicketType::parse(&self.ticket_type))?,
            status: parsed("status", Status::parse(&self.status))?,
            language: parsed("language", Language::parse(&self.language))?,
            group: self.group_id.map(GroupId),
            assignee: self.assignee_id.map(AgentId),
            organization: self.organization_id.map(OrganizationId),
            customer_kind: match self.organization_kind {
                Some(kind) => parsed("organization.kind", OrganizationKind::parse(&kind))?,
                None => OrganizationKind::Consumer,
            },
            category: self.category_id.map(TicketCategoryId),
            tags: decode_tags(&self.tags)?,
            first_response_at: self.first_response_at,
            solved_at: self.solved_at,
            sla: SlaOutcome::of(self.sla.as_deref().map(decode_sla).transpose()?.as_ref()),
            agent_replies: count(self.agent_replies),
            reopens: count(self.reopens),
            escalated_to: Vec::new(),
            satisfaction: self
                .satisfaction
                .map(|r| {
                    u8::try_from(r)
                        .ok()
                        .and_then(Rating::new)
                        .ok_or_else(|| corrupt("satisfaction", r))
                })
                .transpose()?,
            frustration: self.frustration.map(|f| f.clamp(0, 100) as u8),
            commented: self.commented,
        })
    }
}

/// Adds to `facts` the destinations of their escalations: `(ticket, what moved, to)` from the history, in
/// history order.
pub fn attach_escalations(
    facts: &mut [ReportFact],
    escalations: impl IntoIterator<Item = (Uuid, String, Option<String>)>,
) {
    let index: HashMap<Uuid, usize> = facts
        .iter()
        .enumerate()
        .map(|(i, f)| (f.ticket_id.0, i))
        .collect();
    for (ticket, moved, to) in escalations {
        if let (Some(&i), Some(target)) = (
            index.get(&ticket),
            EscalationTarget::of(&moved, to.as_deref()),
        ) {
            facts[i].escalated_to.push(target);
        }
    }
}

const COLUMN: &str = "report_segment.data";
const VERSION: u8 = 1;
const SLA_OUTCOMES: [SlaOutcome; 4] = [
    SlaOutcome::None,
    SlaOutcome::Running,
    SlaOutcome::Met,
    SlaOutcome::Breached,
];

struct Writer(Vec<u8>);

impl Writer {
    fn number(&mut self, mut value: u64) {
        loop {
            let byte = (value & 0x7f) as u8;
            value >>= 7;
            if value == 0 {
                self.0.push(byte);
                return;
            }
            self.0.push(byte | 0x80);
        }
    }

    /// An index or count, or ABSENT, as a varint shifted by one (0 is "absent").
    fn optional(&mut self, value: Option<u32>) {
        self.number(value.map_or(0, |v| u64::from(v) + 1));
    }

    fn index(&mut self, value: u32) {
        self.optional((value != ABSENT).then_some(value));
    }

    fn text(&mut self, text: &str) {
        self.number(text.len() as u64);
        self.0.extend_from_slice(text.as_bytes());
    }

    fn uuid(&mut self, id: Uuid) {
        self.0.extend_from_slice(id.as_bytes());
    }

    fn list<T>(&mut self, items: &[T], mut each: impl FnMut(&mut Writer, &T)) {
        self.number(items.len() as u64);
        for item in items {
            each(self, item);
        }
    }
}

fn position<T: PartialEq>(all: &[T], value: &T) -> u64 {
    all.iter().position(|v| v == value).unwrap_or(0) as u64
}

pub fn encode_segment(segment: &DaySegment) -> Vec<u8> {
    let mut w = Writer(Vec::with_capacity(32 + segment.rows.len() * 24));
    w.0.push(VERSION);
    w.list(&segment.languages, |w, l| w.text(l.as_str()));
    w.list(&segment.groups, |w, g| w.uuid(g.0));
    w.list(&segment.agents, |w, a| w.uuid(a.0));
    w.list(&segment.organizations, |w, o| w.uuid(o.0));
    w.list(&segment.categories, |w, c| w.uuid(c.0));
    w.list(&segment.tags, |w, t| w.text(t.as_str()));
    w.list(&segment.escalation_targets, |w, t| match t {
        EscalationTarget::Group(g) => {
            w.0.push(0);
            w.uuid(g.0);
        }
        EscalationTarget::Agent(a) => {
            w.0.push(1);
            w.uuid(a.0);
        }
    });
    w.list(&segment.comments, |w, (row, ticket)| {
        w.number(u64::from(*row));
        w.uuid(ticket.0);
    });
    w.list(&segment.rows, |w, row| {
        w.number(u64::from(row.second));
        w.number(position(Channel::ALL, &row.channel));
        w.number(position(TicketType::ALL, &row.ticket_type));
        w.number(position(Status::ALL, &row.status));
        w.number(position(OrganizationKind::ALL, &row.customer_kind));
        w.number(position(&SLA_OUTCOMES, &row.sla));
        w.index(row.language);
        w.index(row.group);
        w.index(row.assignee);
        w.index(row.organization);
        w.index(row.category);
        w.optional(row.first_response);
        w.optional(row.resolution);
        w.number(u64::from(row.agent_replies));
        w.number(u64::from(row.reopens));
        w.optional(row.satisfaction.map(|r| u32::from(r.value())));
        w.optional(row.frustration.map(u32::from));
        w.number(u64::from(row.commented));
        let tags = &segment.tag_refs[row.tags.0 as usize..][..usize::from(row.tags.1)];
        w.list(tags, |w, t| w.number(u64::from(*t)));
        let escalations = &segment.escalation_refs[row.escalations.0 as usize..]
            [..usize::from(row.escalations.1)];
        w.list(escalations, |w, e| w.number(u64::from(*e)));
    });
    w.0
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl Reader<'_> {
    fn truncated() -> CorruptValue {
        corrupt(COLUMN, "truncated")
    }

    fn byte(&mut self) -> Result<u8, CorruptValue> {
        let (&first, rest) = self.bytes.split_first().ok_or_else(Self::truncated)?;
        self.bytes = rest;
        Ok(first)
    }

    fn number(&mut self) -> Result<u64, CorruptValue> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(corrupt(COLUMN, "number too long"))
    }

    fn small(&mut self) -> Result<u32, CorruptValue> {
        u32::try_from(self.number()?).map_err(|_| corrupt(COLUMN, "number out of range"))
    }

    fn optional(&mut self) -> Result<Option<u32>, CorruptValue> {
        Ok(self.number()?.checked_sub(1).map(|v| v as u32))
    }

    /// An index into a list of `len` entries.
    fn entry(&mut self, len: usize) -> Result<u32, CorruptValue> {
        let index = self.small()?;
        if (index as usize) < len {
            Ok(index)
        } else {
            Err(corrupt(COLUMN, "index out of range"))
        }
    }

    /// An index into a list of `len` entries, or ABSENT.
    fn index(&mut self, len: usize) -> Result<u32, CorruptValue> {
        match self.optional()? {
            None => Ok(ABSENT),
            Some(i) if (i as usize) < len => Ok(i),
            Some(_) => Err(corrupt(COLUMN, "index out of range")),
        }
    }

    fn take(&mut self, len: usize) -> Result<&[u8], CorruptValue> {
        if self.bytes.len() < len {
            return Err(Self::truncated());
        }
        let (taken, rest) = self.bytes.split_at(len);
        self.bytes = rest;
        Ok(taken)
    }

    fn text(&mut self) -> Result<&str, CorruptValue> {
        let len = self.number()? as usize;
        std::str::from_utf8(self.take(len)?).map_err(|e| corrupt(COLUMN, e))
    }

    fn uuid(&mut self) -> Result<Uuid, CorruptValue> {
        let bytes: [u8; 16] = self.take(16)?.try_into().map_err(|_| Self::truncated())?;
        Ok(Uuid::from_bytes(bytes))
    }

    /// A count of entries that each take at least one byte, so a corrupt count cannot reserve memory
    /// beyond what the bytes could hold.
    fn count(&mut self) -> Result<usize, CorruptValue> {
        let count = self.number()? as usize;
        if count > self.bytes.len() {
            return Err(Self::truncated());
        }
        Ok(count)
    }

    fn list<T>(
        &mut self,
        mut each: impl FnMut(&mut Self) -> Result<T, CorruptValue>,
    ) -> Result<Vec<T>, CorruptValue> {
        let count = self.count()?;
        let mut items = Vec::with_capacity(count);
        for _ in 0..count {
            items.push(each(self)?);
        }
        Ok(items)
    }

    fn pick<T: Copy>(&mut self, all: &[T]) -> Result<T, CorruptValue> {
        let index = self.number()? as usize;
        all.get(index)
            .copied()
            .ok_or_else(|| corrupt(COLUMN, "unknown value"))
    }
}

pub fn decode_segment(day: UtcDay, bytes: &[u8]) -> Result<DaySegment, CorruptValue> {
    let mut r = Reader { bytes };
    if r.byte()? != VERSION {
        return Err(corrupt(COLUMN, "unknown version"));
    }
    let languages = r.list(|r| {
        let code = r.text()?;
        Language::parse(code).map_err(|_| corrupt(COLUMN, "language"))
    })?;
    let groups = r.list(|r| r.uuid().map(GroupId))?;
    let agents = r.list(|r| r.uuid().map(AgentId))?;
    let organizations = r.list(|r| r.uuid().map(OrganizationId))?;
    let categories = r.list(|r| r.uuid().map(TicketCategoryId))?;
    let tags = r.list(|r| {
        let text = r.text()?;
        Tag::parse(text).map_err(|_| corrupt(COLUMN, "tag"))
    })?;
    let escalation_targets = r.list(|r| match r.byte()? {
        0 => r.uuid().map(|id| EscalationTarget::Group(GroupId(id))),
        1 => r.uuid().map(|id| EscalationTarget::Agent(AgentId(id))),
        _ => Err(corrupt(COLUMN, "escalation destination")),
    })?;
    let comments = r.list(|r| Ok((r.small()?, TicketId(r.uuid()?))))?;

    let mut segment = DaySegment {
        day,
        comments,
        ..DaySegment::default()
    };
    let count = r.count()?;
    segment.rows.reserve(count);
    for _ in 0..count {
        let second = r.small()?;
        let channel = r.pick(Channel::ALL)?;
        let ticket_type = r.pick(TicketType::ALL)?;
        let status = r.pick(Status::ALL)?;
        let customer_kind = r.pick(OrganizationKind::ALL)?;
        let sla = r.pick(&SLA_OUTCOMES)?;
        let language = r.index(languages.len())?;
        let group = r.index(groups.len())?;
        let assignee = r.index(agents.len())?;
        let organization = r.index(organizations.len())?;
        let category = r.index(categories.len())?;
        let first_response = r.optional()?;
        let resolution = r.optional()?;
        let agent_replies = r.small()?.min(u32::from(u16::MAX)) as u16;
        let reopens = r.small()?.min(u32::from(u16::MAX)) as u16;
        let satisfaction = match r.optional()? {
            None => None,
            Some(v) => Some(
                u8::try_from(v)
                    .ok()
                    .and_then(Rating::new)
                    .ok_or_else(|| corrupt(COLUMN, "rating"))?,
            ),
        };
        let frustration = r.optional()?.map(|v| v.min(100) as u8);
        let commented = r.number()? != 0;
        let tag_start = segment.tag_refs.len() as u32;
        let tag_count = r.count()?;
        for _ in 0..tag_count {
            segment.tag_refs.push(r.entry(tags.len())?);
        }
        let escalation_start = segment.escalation_refs.len() as u32;
        let escalation_count = r.count()?;
        for _ in 0..escalation_count {
            segment
                .escalation_refs
                .push(r.entry(escalation_targets.len())?);
        }
        segment.rows.push(FactRow {
            second,
            channel,
            ticket_type,
            status,
            customer_kind,
            sla,
            language,
            group,
            assignee,
            organization,
            category,
            first_response,
            resolution,
            agent_replies,
            reopens,
            satisfaction,
            frustration,
            commented,
            tags: (tag_start, tag_count.min(usize::from(u16::MAX)) as u16),
            escalations: (
                escalation_start,
                escalation_count.min(usize::from(u16::MAX)) as u16,
            ),
        });
    }
    if !r.bytes.is_empty() {
        return Err(corrupt(COLUMN, "trailing bytes"));
    }
    if segment
        .comments
        .iter()
        .any(|(row, _)| *row as usize >= segment.rows.len())
    {
        return Err(corrupt(COLUMN, "comment of no ticket"));
    }
    segment.languages = languages;
    segment.groups = groups;
    segment.agents = agents;
    segment.organizations = organizations;
    segment.categories = categories;
    segment.tags = tags;
    segment.escalation_targets = escalation_targets;
    Ok(segment)
}

#[cfg(test)]
mod tests {
    use ayuda_core::report::ReportFact;

    use super::*;

    fn fact(minute: i64, tags: &[&str], escalated_to: Vec<EscalationTarget>) -> ReportFact {
        let created_at = jiff::Timestamp::from_second(20_000 * 86_400 + minute * 60).unwrap();
        ReportFact {
            ticket_id: TicketId::generate(),
            created_at,
            channel: Channel::Phone,
            ticket_type: TicketType::Complaint,
            status: Status::Solved,
            language: Language::parse("es").unwrap(),
            group: Some(GroupId::generate()),
            assignee: (minute % 2 == 0).then(AgentId::generate),
            organization: None,
            customer_kind: OrganizationKind::Consumer,
            category: Some(TicketCategoryId::generate()),
            tags: tags.iter().map(|t| Tag::parse(t).unwrap()).collect(),
            first_response_at: Some(created_at + jiff::SignedDuration::from_mins(90)),
            solved_at: Some(created_at + jiff::SignedDuration::from_hours(30)),
            sla: SlaOutcome::Breached,
            agent_replies: 3,
            reopens: 1,
            escalated_to,
            satisfaction: Rating::new(2),
            frustration: Some(71),
            commented: minute == 5,
        }
    }

    fn segment() -> DaySegment {
        let group = EscalationTarget::Group(GroupId::generate());
        let facts = vec![
            fact(5, &["refund", "billing"], vec![group]),
            fact(6, &["refund"], vec![]),
            fact(
                600,
                &[],
                vec![group, EscalationTarget::Agent(AgentId::generate())],
            ),
        ];
        DaySegment::pack(UtcDay(20_000), &facts)
    }

    #[test]
    fn a_segment_reads_back_as_written() {
        let segment = segment();
        assert_eq!(segment.rows.len(), 3);
        assert_eq!(segment.tags.len(), 2, "tags are listed once per segment");
        assert_eq!(segment.comments.len(), 1);
        let bytes = encode_segment(&segment);
        assert_eq!(decode_segment(UtcDay(20_000), &bytes).unwrap(), segment);
        let row = segment.rows[2];
        assert_eq!(row.first_response, Some(90 * 60));
        assert_eq!(row.resolution, Some(30 * 3600));
        assert_eq!(segment.row_escalations(&row).count(), 2);
        assert_eq!(segment.created_at(&row).to_string(), "2024-10-04T10:00:00Z");
    }

    #[test]
    fn damaged_bytes_are_an_error_not_a_panic() {
        let bytes = encode_segment(&segment());
        for len in 0..bytes.len() {
            assert!(
                decode_segment(UtcDay(20_000), &bytes[..len]).is_err(),
                "{len}"
            );
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode_segment(UtcDay(20_000), &longer).is_err());
        for i in 0..bytes.len() {
            let mut flipped = bytes.clone();
            flipped[i] ^= 0xff;
            let _ = decode_segment(UtcDay(20_000), &flipped);
        }
    }
}
