//! [`ServiceLevelStore`] on PostgreSQL: business calendars, SLA policies, the SLA sweep's due tickets, and
//! agents' notifications (written with ticket changes by `tickets.rs` through [`insert_notifications`]).

use async_trait::async_trait;
use ayuda_core::Timestamp;
use ayuda_core::calendar::{BusinessCalendar, BusinessHours};
use ayuda_core::email::OutboxMail;
use ayuda_core::id::{AgentId, CalendarId, NotificationId, SlaPolicyId, TicketId};
use ayuda_core::notification::{Notification, NotificationKind};
use ayuda_core::sla::{SlaPolicy, SlaTargets};
use ayuda_core::text::Name;
use ayuda_store::StoreError;
use ayuda_store::codec::service_level::{
    decode_conditions, decode_holidays, decode_week, encode_conditions, encode_holidays,
    encode_week,
};
use ayuda_store::codec::{CorruptValue, lookup_key};
use ayuda_store::service_level::{
    MAX_CALENDARS, MAX_NOTIFICATIONS, MAX_SLA_POLICIES, ServiceLevelStore,
};
use jiff::SignedDuration;
use sqlx::{PgConnection, Postgres, QueryBuilder};
use uuid::Uuid;

use crate::PgStore;
use crate::conversation::ROWS_PER_INSERT;
use crate::errors::Result;
use crate::rows::{SqlTimestamp, corrupt, sql_ts, sql_ts_opt};

type CalendarRow = (
    Uuid,
    String,
    String,
    String,
    String,
    SqlTimestamp,
    SqlTimestamp,
);

fn into_calendar(row: CalendarRow) -> Result<BusinessCalendar, CorruptValue> {
    let (id, name, zone, hours, holidays, created_at, updated_at) = row;
    let hours = BusinessHours::new(&zone, decode_week(&hours)?, decode_holidays(&holidays)?)
        .map_err(|e| corrupt("time_zone", e))?;
    Ok(BusinessCalendar {
        id: CalendarId(id),
        name: Name::parse(&name).map_err(|e| corrupt("name", e))?,
        hours,
        created_at: created_at.to_jiff(),
        updated_at: updated_at.to_jiff(),
    })
}

#[derive(sqlx::FromRow)]
struct PolicyRow {
    id: Uuid,
    name: String,
    position: i32,
    conditions: String,
    first_response_minutes: Option<i64>,
    next_response_minutes: Option<i64>,
    resolution_minutes: Option<i64>,
    calendar_id: Option<Uuid>,
    warn_before_minutes: i64,
    active: bool,
    created_at: SqlTimestamp,
    updated_at: SqlTimestamp,
}

fn into_policy(row: PolicyRow) -> Result<SlaPolicy, CorruptValue> {
    let minutes = |m: Option<i64>| m.map(SignedDuration::from_mins);
    Ok(SlaPolicy {
        id: SlaPolicyId(row.id),
        name: Name::parse(&row.name).map_err(|e| corrupt("name", e))?,
        position: row.position,
        conditions: decode_conditions(&row.conditions)?,
        targets: SlaTargets {
            first_response: minutes(row.first_response_minutes),
            next_response: minutes(row.next_response_minutes),
            resolution: minutes(row.resolution_minutes),
        },
        calendar_id: row.calendar_id.map(CalendarId),
        warn_before: SignedDuration::from_mins(row.warn_before_minutes),
        active: row.active,
        created_at: row.created_at.to_jiff(),
        updated_at: row.updated_at.to_jiff(),
    })
}

fn minutes(duration: Option<SignedDuration>) -> Option<i64> {
    duration.map(|d| d.as_secs() / 60)
}

type NotificationRow = (
    Uuid,
    Uuid,
    Uuid,
    String,
    String,
    SqlTimestamp,
    Option<SqlTimestamp>,
);

fn into_notification(row: NotificationRow) -> Result<Notification, CorruptValue> {
    let (id, agent, ticket, kind, detail, created_at, read_at) = row;
    Ok(Notification {
        id: NotificationId(id),
        agent_id: AgentId(agent),
        ticket_id: TicketId(ticket),
        kind: NotificationKind::parse(&kind).map_err(|e| corrupt("kind", e))?,
        detail,
        created_at: created_at.to_jiff(),
        read_at: read_at.map(SqlTimestamp::to_jiff),
    })
}

/// Writes notifications, in the transaction of the ticket change that caused them.
pub(crate) async fn insert_notifications(
    conn: &mut PgConnection,
    notifications: &[&Notification],
) -> Result<()> {
    for chunk in notifications.chunks(ROWS_PER_INSERT) {
        let mut insert = QueryBuilder::<Postgres>::new(
            "insert into notification (id, agent_id, ticket_id, kind, detail, created_at, read_at, \
             mail_pending) ",
        );
        insert.push_values(chunk, |mut row, notification| {
            row.push_bind(notification.id.0)
                .push_bind(notification.agent_id.0)
                .push_bind(notification.ticket_id.0)
                .push_bind(notification.kind.as_str())
                .push_bind(&notification.detail)
                .push_bind(sql_ts(notification.created_at))
                .push_bind(sql_ts_opt(notification.read_at))
                .push_bind(true);
        });
        insert.build().execute(&mut *conn).await?;
    }
    Ok(())
}

#[async_trait]
impl ServiceLevelStore for PgStore {
    async fn save_calendar(&self, calendar: BusinessCalendar) -> Result<(), StoreError> {
        sqlx::query(
            "insert into business_calendar (id, name, name_key, time_zone, hours, holidays, created_at, \
             updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8) \
             on conflict (id) do update set name = excluded.name, name_key = excluded.name_key, \
             time_zone = excluded.time_zone, hours = excluded.hours, holidays = excluded.holidays, \
             updated_at = excluded.updated_at",
        )
        .bind(calendar.id.0)
        .bind(calendar.name.as_str())
        .bind(lookup_key(calendar.name.as_str()))
        .bind(calendar.hours.time_zone_name())
        .bind(encode_week(calendar.hours.week()))
        .bind(encode_holidays(calendar.hours.holidays()))
        .bind(sql_ts(calendar.created_at))
        .bind(sql_ts(calendar.updated_at))
        .execute(&self.pool)
        .await
        .map_err(crate::errors::Failure::from)?;
        Ok(())
    }

    async fn delete_calendar(&self, id: CalendarId) -> Result<(), StoreError> {
        let run = async {
            let mut tx = self.pool.begin().await?;
            let in_use: bool = sqlx::query_scalar(
                "select exists (select 1 from sla_policy where calendar_id = $1)",
            )
            .bind(id.0)
            .fetch_one(&mut *tx)
            .await?;
            if in_use {
                return Err(StoreError::Conflict.into());
            }
            let deleted = sqlx::query("delete from business_calendar where id = $1")
                .bind(id.0)
                .execute(&mut *tx)
                .await?;
            if deleted.rows_affected() == 0 {
                return Err(StoreError::NotFound.into());
            }
            tx.commit().await?;
            Ok::<_, crate::errors::Failure>(())
        };
        Ok(run.await?)
    }

    async fn list_calendars(&self) -> Result<Vec<BusinessCalendar>, StoreError> {
        let run = async {
            let rows: Vec<CalendarRow> = sqlx::query_as(
                "select id, name, time_zone, hours, holidays, created_at, updated_at \
                 from business_calendar order by name_key limit $1",
            )
            .bind(i64::from(MAX_CALENDARS))
            .fetch_all(&self.pool)
            .await?;
            Ok::<_, crate::errors::Failure>(
                rows.into_iter()
                    .map(into_calendar)
                    .collect::<Result<Vec<_>, _>>()?,
            )
        };
        Ok(run.await?)
    }

    async fn save_sla_policy(&self, policy: SlaPolicy) -> Result<(), StoreError> {
        sqlx::query(
            "insert into sla_policy (id, name, name_key, position, conditions, first_response_minutes, \
             next_response_minutes, resolution_minutes, calendar_id, warn_before_minutes, active, \
             created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
             on conflict (id) do update set name = excluded.name, name_key = excluded.name_key, \
             position = excluded.position, conditions = excluded.conditions, \
             first_response_minutes = excluded.first_response_minutes, \
             next_response_minutes = excluded.next_response_minutes, \
             resolution_minutes = excluded.resolution_minutes, calendar_id = excluded.calendar_id, \
             warn_before_minutes = excluded.warn_before_minutes, active = excluded.active, \
             updated_at = excluded.updated_at",
        )
        .bind(policy.id.0)
        .bind(policy.name.as_str())
        .bind(lookup_key(policy.name.as_str()))
        .bind(policy.position)
        .bind(encode_conditions(&policy.conditions))
        .bind(minutes(policy.targets.first_response))
        .bind(minutes(policy.targets.next_response))
        .bind(minutes(policy.targets.resolution))
        .bind(policy.calendar_id.map(|c| c.0))
        .bind(policy.warn_before.as_secs() / 60)
        .bind(policy.active)
        .bind(sql_ts(policy.created_at))
        .bind(sql_ts(policy.updated_at))
        .execute(&self.pool)
        .await
        .map_err(crate::errors::Failure::from)?;
        Ok(())
    }

    async fn delete_sla_policy(&self, id: SlaPolicyId) -> Result<(), StoreError> {
        let deleted = sqlx::query("delete from sla_policy where id = $1")
            .bind(id.0)
            .execute(&self.pool)
            .await
            .map_err(crate::errors::Failure::from)?;
        if deleted.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn list_sla_policies(&self) -> Result<Vec<SlaPolicy>, StoreError> {
        let run = async {
            let rows: Vec<PolicyRow> = sqlx::query_as(
                "select id, name, position, conditions, first_response_minutes, next_response_minutes, \
                 resolution_minutes, calendar_id, warn_before_minutes, active, created_at, updated_at \
                 from sla_policy order by position, id limit $1",
            )
            .bind(i64::from(MAX_SLA_POLICIES))
            .fetch_all(&self.pool)
            .await?;
            Ok::<_, crate::errors::Failure>(
                rows.into_iter()
                    .map(into_policy)
                    .collect::<Result<Vec<_>, _>>()?,
            )
        };
        Ok(run.await?)
    }

    async fn tickets_with_sla_alerts(
        &self,
        now: Timestamp,
        limit: u32,
    ) -> Result<Vec<TicketId>, StoreError> {
        let ids: Vec<Uuid> = sqlx::query_scalar(
            "select id from ticket where sla_alert_at is not null and sla_alert_at <= $1 \
             order by sla_alert_at limit $2",
        )
        .bind(sql_ts(now))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(crate::errors::Failure::from)?;
        Ok(ids.into_iter().map(TicketId).collect())
    }

    async fn list_notifications(
        &self,
        agent: AgentId,
        before: Option<NotificationId>,
        limit: u32,
    ) -> Result<Vec<Notification>, StoreError> {
        let run = async {
            let rows: Vec<NotificationRow> = sqlx::query_as(
                "select id, agent_id, ticket_id, kind, detail, created_at, read_at from notification \
                 where agent_id = $1 and ($2::uuid is null or id < $2) order by id desc limit $3",
            )
            .bind(agent.0)
            .bind(before.map(|b| b.0))
            .bind(i64::from(limit.min(MAX_NOTIFICATIONS)))
            .fetch_all(&self.pool)
            .await?;
            Ok::<_, crate::errors::Failure>(
                rows.into_iter()
                    .map(into_notification)
                    .collect::<Result<Vec<_>, _>>()?,
            )
        };
        Ok(run.await?)
    }

    async fn count_unread_notifications(
        &self,
        agent: AgentId,
        cap: u32,
    ) -> Result<u32, StoreError> {
        let count: i64 = sqlx::query_scalar(
            "select count(*) from (select 1 from notification where agent_id = $1 and read_at is null \
             limit $2) as unread",
        )
        .bind(agent.0)
        .bind(i64::from(cap))
        .fetch_one(&self.pool)
        .await
        .map_err(crate::errors::Failure::from)?;
        Ok(u32::try_from(count).unwrap_or(cap))
    }

    async fn mark_notifications_read(
        &self,
        agent: AgentId,
        ids: &[NotificationId],
        at: Timestamp,
    ) -> Result<(), StoreError> {
        let ids: Vec<Uuid> = ids.iter().map(|id| id.0).collect();
        sqlx::query(
            "update notification set read_at = $3 where agent_id = $1 and read_at is null \
             and (cardinality($2::uuid[]) = 0 or id = any($2))",
        )
        .bind(agent.0)
        .bind(&ids)
        .bind(sql_ts(at))
        .execute(&self.pool)
        .await
        .map_err(crate::errors::Failure::from)?;
        Ok(())
    }

    async fn notifications_to_mail(&self, limit: u32) -> Result<Vec<Notification>, StoreError> {
        let run = async {
            let rows: Vec<NotificationRow> = sqlx::query_as(
                "select id, agent_id, ticket_id, kind, detail, created_at, read_at from notification \
                 where mail_pending order by id limit $1",
            )
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?;
            Ok::<_, crate::errors::Failure>(
                rows.into_iter()
                    .map(into_notification)
                    .collect::<Result<Vec<_>, _>>()?,
            )
        };
        Ok(run.await?)
    }

    async fn settle_notification_mail(
        &self,
        ids: &[NotificationId],
        mail: Option<OutboxMail>,
    ) -> Result<bool, StoreError> {
        let ids: Vec<Uuid> = ids.iter().map(|id| id.0).collect();
        let run = async {
            let mut tx = self.pool.begin().await?;
            // A concurrent sweep's update of the same rows waits for this one, then finds them settled.
            let settled = sqlx::query(
                "update notification set mail_pending = false where id = any($1) and mail_pending",
            )
            .bind(&ids)
            .execute(&mut *tx)
            .await?;
            if usize::try_from(settled.rows_affected()).ok() != Some(ids.len()) {
                tx.rollback().await?;
                return Ok(false);
            }
            if let Some(mail) = &mail {
                crate::email::insert_outbox(&mut tx, mail).await?;
            }
            tx.commit().await?;
            Ok::<_, crate::errors::Failure>(true)
        };
        Ok(run.await?)
    }
}
