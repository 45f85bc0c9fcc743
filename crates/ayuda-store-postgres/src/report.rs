//! [`ReportStore`] on PostgreSQL: stale days (marked by the triggers of migration 0022) rebuilt into packed
//! segments, and segments read back by day.

use async_trait::async_trait;
use ayuda_core::Timestamp;
use ayuda_core::report::{DaySegment, ReportFact, UtcDay};
use ayuda_store::codec::report::{FactColumns, attach_escalations, decode_segment, encode_segment};
use ayuda_store::{ReportStore, StoreError};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::PgStore;
use crate::errors::{Failure, Result};
use crate::rows::{SqlTimestamp, sql_ts};

#[derive(sqlx::FromRow)]
struct FactRow {
    id: Uuid,
    created_at: SqlTimestamp,
    channel: String,
    ticket_type: String,
    status: String,
    language: String,
    group_id: Option<Uuid>,
    assignee_id: Option<Uuid>,
    organization_id: Option<Uuid>,
    organization_kind: Option<String>,
    category_id: Option<Uuid>,
    tags: String,
    first_response_at: Option<SqlTimestamp>,
    solved_at: Option<SqlTimestamp>,
    sla: Option<String>,
    agent_replies: i32,
    reopens: i32,
    satisfaction: Option<i16>,
    frustration: Option<i16>,
    commented: bool,
    escalations: i32,
}

impl From<FactRow> for FactColumns {
    fn from(row: FactRow) -> FactColumns {
        FactColumns {
            id: row.id,
            created_at: row.created_at.to_jiff(),
            channel: row.channel,
            ticket_type: row.ticket_type,
            status: row.status,
            language: row.language,
            group_id: row.group_id,
            assignee_id: row.assignee_id,
            organization_id: row.organization_id,
            organization_kind: row.organization_kind,
            category_id: row.category_id,
            tags: row.tags,
            first_response_at: row.first_response_at.map(|t| t.to_jiff()),
            solved_at: row.solved_at.map(|t| t.to_jiff()),
            sla: row.sla,
            agent_replies: i64::from(row.agent_replies),
            reopens: i64::from(row.reopens),
            satisfaction: row.satisfaction.map(i64::from),
            frustration: row.frustration.map(i64::from),
            commented: row.commented,
        }
    }
}

fn day_bounds(from: Timestamp, to: Timestamp) -> Option<(i32, i32)> {
    let mut days = UtcDay::covering(from, to);
    let first = days.next()?;
    Some((first.0, days.last().unwrap_or(first).0))
}

/// The facts of the tickets created on `day` (merged tickets left out: their contacts count in the ticket
/// they were merged into).
async fn day_facts(conn: &mut PgConnection, day: UtcDay) -> Result<Vec<ReportFact>> {
    let rows: Vec<FactRow> = sqlx::query_as(
        "select t.id, t.created_at, t.channel, t.ticket_type, t.status, t.language, t.group_id, \
                t.assignee_id, t.organization_id, o.kind as organization_kind, t.category_id, \
                t.tags::text as tags, t.first_response_at, t.solved_at, t.sla, t.agent_replies, t.reopens, \
                t.satisfaction, t.frustration, s.comment is not null as commented, t.escalations \
         from ticket t \
         left join organization o on o.id = t.organization_id \
         left join satisfaction_survey s on s.ticket_id = t.id \
         where t.created_at >= $1 and t.created_at < $2 and t.merged_into is null \
         order by t.created_at, t.id",
    )
    .bind(sql_ts(day.start()))
    .bind(sql_ts(day.end()))
    .fetch_all(&mut *conn)
    .await?;
    let escalated: Vec<Uuid> = rows
        .iter()
        .filter(|r| r.escalations > 0)
        .map(|r| r.id)
        .collect();
    let mut facts = Vec::with_capacity(rows.len());
    for row in rows {
        facts.push(FactColumns::from(row).into_fact().map_err(Failure::from)?);
    }
    if !escalated.is_empty() {
        let escalations: Vec<(Uuid, String, Option<String>)> = sqlx::query_as(
            "select ticket_id, field, to_value from ticket_event \
             where ticket_id = any($1) and kind = 'escalated' order by at, id",
        )
        .bind(&escalated)
        .fetch_all(&mut *conn)
        .await?;
        attach_escalations(&mut facts, escalations);
    }
    Ok(facts)
}

/// Rebuilds `day`'s segment if it is still stale; whether it was. Taking the mark and reading the tickets
/// happen in one transaction, and the taken mark stays locked until it commits, so a ticket write that
/// lands meanwhile marks the day again once this is done.
async fn rebuild_day(conn: &mut PgConnection, day: UtcDay) -> Result<bool> {
    let taken = sqlx::query("delete from report_dirty where day = $1")
        .bind(day.0)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    if taken == 0 {
        return Ok(false);
    }
    let facts = day_facts(conn, day).await?;
    if facts.is_empty() {
        sqlx::query("delete from report_segment where day = $1")
            .bind(day.0)
            .execute(&mut *conn)
            .await?;
        return Ok(true);
    }
    let segment = DaySegment::pack(day, &facts);
    sqlx::query(
        "insert into report_segment (day, tickets, data) values ($1, $2, $3) \
         on conflict (day) do update set tickets = excluded.tickets, data = excluded.data",
    )
    .bind(day.0)
    .bind(segment.rows.len() as i32)
    .bind(encode_segment(&segment))
    .execute(&mut *conn)
    .await?;
    Ok(true)
}

impl PgStore {
    async fn stale_days(&self, from: Timestamp, to: Timestamp) -> Result<Vec<UtcDay>> {
        let Some((first, last)) = day_bounds(from, to) else {
            return Ok(Vec::new());
        };
        let days: Vec<i32> = sqlx::query_scalar(
            "select day from report_dirty where day between $1 and $2 order by day",
        )
        .bind(first)
        .bind(last)
        .fetch_all(&self.pool)
        .await?;
        Ok(days.into_iter().map(UtcDay).collect())
    }
}

#[async_trait]
impl ReportStore for PgStore {
    async fn refresh_report_segments(
        &self,
        from: Timestamp,
        to: Timestamp,
        limit: u32,
    ) -> Result<u32, StoreError> {
        let run = async {
            let mut rebuilt = 0;
            for day in self
                .stale_days(from, to)
                .await?
                .into_iter()
                .take(limit as usize)
            {
                let mut tx = self.pool.begin().await?;
                if rebuild_day(&mut tx, day).await? {
                    rebuilt += 1;
                }
                tx.commit().await?;
            }
            Ok::<_, Failure>(rebuilt)
        };
        Ok(run.await?)
    }

    async fn stale_report_days(&self, from: Timestamp, to: Timestamp) -> Result<u32, StoreError> {
        Ok(self.stale_days(from, to).await?.len() as u32)
    }

    async fn report_segments(
        &self,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<DaySegment>, StoreError> {
        let run = async {
            let Some((first, last)) = day_bounds(from, to) else {
                return Ok(Vec::new());
            };
            let rows: Vec<(i32, Vec<u8>)> = sqlx::query_as(
                "select day, data from report_segment where day between $1 and $2 order by day",
            )
            .bind(first)
            .bind(last)
            .fetch_all(&self.pool)
            .await?;
            let mut segments = Vec::with_capacity(rows.len());
            for (day, data) in rows {
                segments.push(decode_segment(UtcDay(day), &data).map_err(Failure::from)?);
            }
            Ok::<_, Failure>(segments)
        };
        Ok(run.await?)
    }
}
