//! [`ReportStore`] on SQLite: stale days (marked by the triggers of migration 0022) rebuilt into packed
//! segments, and segments read back by day.

use async_trait::async_trait;
use ayuda_core::Timestamp;
use ayuda_core::report::{DaySegment, ReportFact, UtcDay};
use ayuda_store::codec::report::{FactColumns, attach_escalations, decode_segment, encode_segment};
use ayuda_store::{ReportStore, StoreError};
use rusqlite::{Connection, params};
use uuid::Uuid;

use crate::SqliteStore;
use crate::error::Error;
use crate::rows::{corrupt, key, optional_timestamp, timestamp};

const DAY_MICROS: i64 = 86_400_000_000;

fn day_bounds(from: Timestamp, to: Timestamp) -> (i64, i64) {
    let mut days = UtcDay::covering(from, to);
    let first = days.next().map_or(0, |d| i64::from(d.0));
    let last = days.last().map_or(first, |d| i64::from(d.0));
    (first, last)
}

fn stale_days(db: &Connection, from: Timestamp, to: Timestamp) -> Result<Vec<UtcDay>, Error> {
    if to <= from {
        return Ok(Vec::new());
    }
    let (first, last) = day_bounds(from, to);
    let mut statement =
        db.prepare_cached("SELECT day FROM report_dirty WHERE day BETWEEN ?1 AND ?2 ORDER BY day")?;
    let days = statement
        .query_map(params![first, last], |row| row.get::<_, i32>(0))?
        .map(|day| day.map(UtcDay))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(days)
}

fn uuid(bytes: Option<[u8; 16]>) -> Option<Uuid> {
    bytes.map(Uuid::from_bytes)
}

/// The facts of the tickets created on `day` (merged tickets left out: their contacts count in the ticket
/// they were merged into).
fn day_facts(db: &Connection, day: UtcDay) -> Result<Vec<ReportFact>, Error> {
    let start = i64::from(day.0) * DAY_MICROS;
    let mut statement = db.prepare_cached(
        "SELECT t.id, t.created_at, t.channel, t.ticket_type, t.status, t.language, t.group_id, \
                t.assignee_id, t.organization_id, o.kind, t.category_id, t.tags, t.first_response_at, \
                t.solved_at, t.sla, t.agent_replies, t.reopens, t.satisfaction, t.frustration, \
                s.comment IS NOT NULL, t.escalations \
         FROM ticket t \
         LEFT JOIN organization o ON o.id = t.organization_id \
         LEFT JOIN satisfaction_survey s ON s.ticket_id = t.id \
         WHERE t.created_at >= ?1 AND t.created_at < ?2 AND t.merged_into IS NULL \
         ORDER BY t.created_at, t.id",
    )?;
    let mut rows = statement.query(params![start, start + DAY_MICROS])?;
    let mut facts = Vec::new();
    let mut escalated = Vec::new();
    while let Some(row) = rows.next()? {
        let id = Uuid::from_bytes(row.get(0)?);
        let columns = FactColumns {
            id,
            created_at: timestamp("created_at", row.get(1)?)?,
            channel: row.get(2)?,
            ticket_type: row.get(3)?,
            status: row.get(4)?,
            language: row.get(5)?,
            group_id: uuid(row.get(6)?),
            assignee_id: uuid(row.get(7)?),
            organization_id: uuid(row.get(8)?),
            organization_kind: row.get(9)?,
            category_id: uuid(row.get(10)?),
            tags: row.get(11)?,
            first_response_at: optional_timestamp("first_response_at", row.get(12)?)?,
            solved_at: optional_timestamp("solved_at", row.get(13)?)?,
            sla: row.get(14)?,
            agent_replies: row.get(15)?,
            reopens: row.get(16)?,
            satisfaction: row.get(17)?,
            frustration: row.get(18)?,
            commented: row.get(19)?,
        };
        if row.get::<_, i64>(20)? > 0 {
            escalated.push(id);
        }
        facts.push(columns.into_fact()?);
    }
    let mut statement = db.prepare_cached(
        "SELECT field, to_value FROM ticket_event WHERE ticket_id = ?1 AND kind = 'escalated' ORDER BY at, id",
    )?;
    let mut escalations = Vec::new();
    for id in escalated {
        let mut rows = statement.query(params![key(id)])?;
        while let Some(row) = rows.next()? {
            escalations.push((id, row.get(0)?, row.get(1)?));
        }
    }
    attach_escalations(&mut facts, escalations);
    Ok(facts)
}

/// Rebuilds `day`'s segment if it is still stale; whether it was. Taking the mark and reading the tickets
/// happen in one transaction, so a write that lands afterwards marks the day again.
fn rebuild_day(db: &Connection, day: UtcDay) -> Result<bool, Error> {
    let taken = db
        .prepare_cached("DELETE FROM report_dirty WHERE day = ?1")?
        .execute(params![day.0])?;
    if taken == 0 {
        return Ok(false);
    }
    let facts = day_facts(db, day)?;
    if facts.is_empty() {
        db.prepare_cached("DELETE FROM report_segment WHERE day = ?1")?
            .execute(params![day.0])?;
        return Ok(true);
    }
    let segment = DaySegment::pack(day, &facts);
    db.prepare_cached(
        "INSERT INTO report_segment (day, tickets, data) VALUES (?1, ?2, ?3) \
         ON CONFLICT (day) DO UPDATE SET tickets = excluded.tickets, data = excluded.data",
    )?
    .execute(params![
        day.0,
        segment.rows.len() as i64,
        encode_segment(&segment)
    ])?;
    Ok(true)
}

fn segments(db: &Connection, from: Timestamp, to: Timestamp) -> Result<Vec<DaySegment>, Error> {
    if to <= from {
        return Ok(Vec::new());
    }
    let (first, last) = day_bounds(from, to);
    let mut statement = db.prepare_cached(
        "SELECT day, data FROM report_segment WHERE day BETWEEN ?1 AND ?2 ORDER BY day",
    )?;
    let mut rows = statement.query(params![first, last])?;
    let mut segments = Vec::new();
    while let Some(row) = rows.next()? {
        let day = UtcDay(row.get(0)?);
        let data = row
            .get_ref(1)?
            .as_blob()
            .map_err(|e| corrupt("report_segment.data", e))?;
        segments.push(decode_segment(day, data)?);
    }
    Ok(segments)
}

#[async_trait]
impl ReportStore for SqliteStore {
    async fn refresh_report_segments(
        &self,
        from: Timestamp,
        to: Timestamp,
        limit: u32,
    ) -> Result<u32, StoreError> {
        let days = self.read(move |tx| stale_days(tx, from, to)).await?;
        let mut rebuilt = 0;
        // One day per write job: the writer is shared, and a day's rebuild is a few milliseconds.
        for day in days.into_iter().take(limit as usize) {
            if self.write(move |tx| rebuild_day(tx, day)).await? {
                rebuilt += 1;
            }
        }
        Ok(rebuilt)
    }

    async fn stale_report_days(&self, from: Timestamp, to: Timestamp) -> Result<u32, StoreError> {
        let days = self.read(move |tx| stale_days(tx, from, to)).await?;
        Ok(days.len() as u32)
    }

    async fn report_segments(
        &self,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<DaySegment>, StoreError> {
        self.read(move |tx| segments(tx, from, to)).await
    }
}
