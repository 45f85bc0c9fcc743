//! [`ServiceLevelStore`] on SQLite: business calendars, SLA policies, the SLA sweep's due tickets, and
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
use rusqlite::{Connection, Row, params};
use uuid::Uuid;

use crate::SqliteStore;
use crate::error::{Error, missing_reference};
use crate::rows::{corrupt, key, micros, optional_timestamp, timestamp};

fn read_calendar(row: &Row<'_>) -> rusqlite::Result<Result<BusinessCalendar, CorruptValue>> {
    let id: [u8; 16] = row.get(0)?;
    let name: String = row.get(1)?;
    let zone: String = row.get(2)?;
    let hours: String = row.get(3)?;
    let holidays: String = row.get(4)?;
    let created_at: i64 = row.get(5)?;
    let updated_at: i64 = row.get(6)?;
    Ok((|| {
        let hours = BusinessHours::new(&zone, decode_week(&hours)?, decode_holidays(&holidays)?)
            .map_err(|e| corrupt("time_zone", e))?;
        Ok(BusinessCalendar {
            id: CalendarId(Uuid::from_bytes(id)),
            name: Name::parse(&name).map_err(|e| corrupt("name", e))?,
            hours,
            created_at: timestamp("created_at", created_at)?,
            updated_at: timestamp("updated_at", updated_at)?,
        })
    })())
}

fn save_calendar(db: &Connection, calendar: &BusinessCalendar) -> Result<(), Error> {
    db.prepare_cached(
        "INSERT INTO business_calendar (id, name, name_key, time_zone, hours, holidays, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_key = excluded.name_key, \
         time_zone = excluded.time_zone, hours = excluded.hours, holidays = excluded.holidays, \
         updated_at = excluded.updated_at",
    )?
    .execute(params![
        key(calendar.id.0),
        calendar.name.as_str(),
        lookup_key(calendar.name.as_str()),
        calendar.hours.time_zone_name(),
        encode_week(calendar.hours.week()),
        encode_holidays(calendar.hours.holidays()),
        micros(calendar.created_at),
        micros(calendar.updated_at),
    ])?;
    Ok(())
}

fn delete_calendar(db: &Connection, id: CalendarId) -> Result<(), Error> {
    let in_use: bool = db
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM sla_policy WHERE calendar_id = ?1)")?
        .query_row([key(id.0)], |row| row.get(0))?;
    if in_use {
        return Err(StoreError::Conflict.into());
    }
    let deleted = db
        .prepare_cached("DELETE FROM business_calendar WHERE id = ?1")?
        .execute([key(id.0)])?;
    if deleted == 0 {
        return Err(StoreError::NotFound.into());
    }
    Ok(())
}

fn list_calendars(db: &Connection) -> Result<Vec<BusinessCalendar>, Error> {
    let mut statement = db.prepare_cached(
        "SELECT id, name, time_zone, hours, holidays, created_at, updated_at FROM business_calendar \
         ORDER BY name_key LIMIT ?1",
    )?;
    let rows = statement.query_map([MAX_CALENDARS], read_calendar)?;
    let mut calendars = Vec::new();
    for row in rows {
        calendars.push(row??);
    }
    Ok(calendars)
}

fn minutes(duration: Option<SignedDuration>) -> Option<i64> {
    duration.map(|d| d.as_secs() / 60)
}

fn from_minutes(minutes: Option<i64>) -> Option<SignedDuration> {
    minutes.map(SignedDuration::from_mins)
}

fn read_policy(row: &Row<'_>) -> rusqlite::Result<Result<SlaPolicy, CorruptValue>> {
    let id: [u8; 16] = row.get(0)?;
    let name: String = row.get(1)?;
    let position: i32 = row.get(2)?;
    let conditions: String = row.get(3)?;
    let targets = SlaTargets {
        first_response: from_minutes(row.get(4)?),
        next_response: from_minutes(row.get(5)?),
        resolution: from_minutes(row.get(6)?),
    };
    let calendar: Option<[u8; 16]> = row.get(7)?;
    let warn_before: i64 = row.get(8)?;
    let active: bool = row.get(9)?;
    let created_at: i64 = row.get(10)?;
    let updated_at: i64 = row.get(11)?;
    Ok((|| {
        Ok(SlaPolicy {
            id: SlaPolicyId(Uuid::from_bytes(id)),
            name: Name::parse(&name).map_err(|e| corrupt("name", e))?,
            position,
            conditions: decode_conditions(&conditions)?,
            targets,
            calendar_id: calendar.map(|c| CalendarId(Uuid::from_bytes(c))),
            warn_before: SignedDuration::from_mins(warn_before),
            active,
            created_at: timestamp("created_at", created_at)?,
            updated_at: timestamp("updated_at", updated_at)?,
        })
    })())
}

fn save_policy(db: &Connection, policy: &SlaPolicy) -> Result<(), Error> {
    db.prepare_cached(
        "INSERT INTO sla_policy (id, name, name_key, position, conditions, first_response_minutes, \
         next_response_minutes, resolution_minutes, calendar_id, warn_before_minutes, active, created_at, \
         updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) \
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_key = excluded.name_key, \
         position = excluded.position, conditions = excluded.conditions, \
         first_response_minutes = excluded.first_response_minutes, \
         next_response_minutes = excluded.next_response_minutes, \
         resolution_minutes = excluded.resolution_minutes, calendar_id = excluded.calendar_id, \
         warn_before_minutes = excluded.warn_before_minutes, active = excluded.active, \
         updated_at = excluded.updated_at",
    )?
    .execute(params![
        key(policy.id.0),
        policy.name.as_str(),
        lookup_key(policy.name.as_str()),
        policy.position,
        encode_conditions(&policy.conditions),
        minutes(policy.targets.first_response),
        minutes(policy.targets.next_response),
        minutes(policy.targets.resolution),
        policy.calendar_id.map(|c| key(c.0)),
        policy.warn_before.as_secs() / 60,
        policy.active,
        micros(policy.created_at),
        micros(policy.updated_at),
    ])
    .map_err(Error::from)
    .map_err(missing_reference("calendar"))?;
    Ok(())
}

fn delete_policy(db: &Connection, id: SlaPolicyId) -> Result<(), Error> {
    let deleted = db
        .prepare_cached("DELETE FROM sla_policy WHERE id = ?1")?
        .execute([key(id.0)])?;
    if deleted == 0 {
        return Err(StoreError::NotFound.into());
    }
    Ok(())
}

fn list_policies(db: &Connection) -> Result<Vec<SlaPolicy>, Error> {
    let mut statement = db.prepare_cached(
        "SELECT id, name, position, conditions, first_response_minutes, next_response_minutes, \
         resolution_minutes, calendar_id, warn_before_minutes, active, created_at, updated_at \
         FROM sla_policy ORDER BY position, id LIMIT ?1",
    )?;
    let rows = statement.query_map([MAX_SLA_POLICIES], read_policy)?;
    let mut policies = Vec::new();
    for row in rows {
        policies.push(row??);
    }
    Ok(policies)
}

fn tickets_with_alerts(
    db: &Connection,
    now: Timestamp,
    limit: u32,
) -> Result<Vec<TicketId>, Error> {
    let mut statement = db.prepare_cached(
        "SELECT id FROM ticket WHERE sla_alert_at IS NOT NULL AND sla_alert_at <= ?1 \
         ORDER BY sla_alert_at LIMIT ?2",
    )?;
    let ids = statement
        .query_map(params![micros(now), limit], |row| row.get::<_, [u8; 16]>(0))?
        .map(|id| id.map(|id| TicketId(Uuid::from_bytes(id))))
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// Writes notifications, in the transaction of the ticket change that caused them.
pub(crate) fn insert_notifications(
    db: &Connection,
    notifications: &[Notification],
) -> Result<(), Error> {
    let mut statement = db.prepare_cached(
        "INSERT INTO notification (id, agent_id, ticket_id, kind, detail, created_at, read_at, \
         mail_pending) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1)",
    )?;
    for notification in notifications {
        statement
            .execute(params![
                key(notification.id.0),
                key(notification.agent_id.0),
                key(notification.ticket_id.0),
                notification.kind.as_str(),
                notification.detail,
                micros(notification.created_at),
                notification.read_at.map(micros),
            ])
            .map_err(Error::from)
            .map_err(missing_reference("agent"))?;
    }
    Ok(())
}

fn read_notification(row: &Row<'_>) -> rusqlite::Result<Result<Notification, CorruptValue>> {
    let id: [u8; 16] = row.get(0)?;
    let agent: [u8; 16] = row.get(1)?;
    let ticket: [u8; 16] = row.get(2)?;
    let kind: String = row.get(3)?;
    let detail: String = row.get(4)?;
    let created_at: i64 = row.get(5)?;
    let read_at: Option<i64> = row.get(6)?;
    Ok((|| {
        Ok(Notification {
            id: NotificationId(Uuid::from_bytes(id)),
            agent_id: AgentId(Uuid::from_bytes(agent)),
            ticket_id: TicketId(Uuid::from_bytes(ticket)),
            kind: NotificationKind::parse(&kind).map_err(|e| corrupt("kind", e))?,
            detail,
            created_at: timestamp("created_at", created_at)?,
            read_at: optional_timestamp("read_at", read_at)?,
        })
    })())
}

fn list_notifications(
    db: &Connection,
    agent: AgentId,
    before: Option<NotificationId>,
    limit: u32,
) -> Result<Vec<Notification>, Error> {
    let mut statement = db.prepare_cached(
        "SELECT id, agent_id, ticket_id, kind, detail, created_at, read_at FROM notification \
         WHERE agent_id = ?1 AND (?2 IS NULL OR id < ?2) ORDER BY id DESC LIMIT ?3",
    )?;
    let rows = statement.query_map(
        params![
            key(agent.0),
            before.map(|b| key(b.0)),
            limit.min(MAX_NOTIFICATIONS)
        ],
        read_notification,
    )?;
    let mut notifications = Vec::new();
    for row in rows {
        notifications.push(row??);
    }
    Ok(notifications)
}

fn count_unread(db: &Connection, agent: AgentId, cap: u32) -> Result<u32, Error> {
    let count: u32 = db
        .prepare_cached(
            "SELECT count(*) FROM (SELECT 1 FROM notification WHERE agent_id = ?1 AND read_at IS NULL \
             LIMIT ?2)",
        )?
        .query_row(params![key(agent.0), cap], |row| row.get(0))?;
    Ok(count)
}

fn mark_read(
    db: &Connection,
    agent: AgentId,
    ids: &[NotificationId],
    at: Timestamp,
) -> Result<(), Error> {
    if ids.is_empty() {
        db.prepare_cached(
            "UPDATE notification SET read_at = ?2 WHERE agent_id = ?1 AND read_at IS NULL",
        )?
        .execute(params![key(agent.0), micros(at)])?;
        return Ok(());
    }
    let mut statement = db.prepare_cached(
        "UPDATE notification SET read_at = ?3 WHERE id = ?1 AND agent_id = ?2 AND read_at IS NULL",
    )?;
    for id in ids {
        statement.execute(params![key(id.0), key(agent.0), micros(at)])?;
    }
    Ok(())
}

fn notifications_to_mail(db: &Connection, limit: u32) -> Result<Vec<Notification>, Error> {
    let mut statement = db.prepare_cached(
        "SELECT id, agent_id, ticket_id, kind, detail, created_at, read_at FROM notification \
         WHERE mail_pending = 1 ORDER BY id LIMIT ?1",
    )?;
    let rows = statement.query_map([limit], read_notification)?;
    let mut notifications = Vec::new();
    for row in rows {
        notifications.push(row??);
    }
    Ok(notifications)
}

fn settle_mail(
    db: &Connection,
    ids: &[NotificationId],
    mail: Option<&OutboxMail>,
) -> Result<bool, Error> {
    let mut settle = db.prepare_cached(
        "UPDATE notification SET mail_pending = 0 WHERE id = ?1 AND mail_pending = 1",
    )?;
    let mut settled = 0;
    for id in ids {
        settled += settle.execute([key(id.0)])?;
    }
    if settled != ids.len() {
        // Another sweep took some of them: this write's transaction is rolled back by the error.
        return Err(StoreError::Conflict.into());
    }
    if let Some(mail) = mail {
        crate::email::insert_outbox(db, mail)?;
    }
    Ok(true)
}

#[async_trait]
impl ServiceLevelStore for SqliteStore {
    async fn save_calendar(&self, calendar: BusinessCalendar) -> Result<(), StoreError> {
        self.write(move |tx| save_calendar(tx, &calendar)).await
    }

    async fn delete_calendar(&self, id: CalendarId) -> Result<(), StoreError> {
        self.write(move |tx| delete_calendar(tx, id)).await
    }

    async fn list_calendars(&self) -> Result<Vec<BusinessCalendar>, StoreError> {
        self.read(|tx| list_calendars(tx)).await
    }

    async fn save_sla_policy(&self, policy: SlaPolicy) -> Result<(), StoreError> {
        self.write(move |tx| save_policy(tx, &policy)).await
    }

    async fn delete_sla_policy(&self, id: SlaPolicyId) -> Result<(), StoreError> {
        self.write(move |tx| delete_policy(tx, id)).await
    }

    async fn list_sla_policies(&self) -> Result<Vec<SlaPolicy>, StoreError> {
        self.read(|tx| list_policies(tx)).await
    }

    async fn tickets_with_sla_alerts(
        &self,
        now: Timestamp,
        limit: u32,
    ) -> Result<Vec<TicketId>, StoreError> {
        self.read(move |tx| tickets_with_alerts(tx, now, limit))
            .await
    }

    async fn list_notifications(
        &self,
        agent: AgentId,
        before: Option<NotificationId>,
        limit: u32,
    ) -> Result<Vec<Notification>, StoreError> {
        self.read(move |tx| list_notifications(tx, agent, before, limit))
            .await
    }

    async fn count_unread_notifications(
        &self,
        agent: AgentId,
        cap: u32,
    ) -> Result<u32, StoreError> {
        self.read(move |tx| count_unread(tx, agent, cap)).await
    }

    async fn mark_notifications_read(
        &self,
        agent: AgentId,
        ids: &[NotificationId],
        at: Timestamp,
    ) -> Result<(), StoreError> {
        let ids = ids.to_vec();
        self.write(move |tx| mark_read(tx, agent, &ids, at)).await
    }

    async fn notifications_to_mail(&self, limit: u32) -> Result<Vec<Notification>, StoreError> {
        self.read(move |tx| notifications_to_mail(tx, limit)).await
    }

    async fn settle_notification_mail(
        &self,
        ids: &[NotificationId],
        mail: Option<OutboxMail>,
    ) -> Result<bool, StoreError> {
        let ids = ids.to_vec();
        match self
            .write(move |tx| settle_mail(tx, &ids, mail.as_ref()))
            .await
        {
            Err(StoreError::Conflict) => Ok(false),
            settled => settled,
        }
    }
}
