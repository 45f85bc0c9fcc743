//! [`AutomationStore`] on SQLite: the triggers, the time-based automations, and the queue of webhook
//! calls (written with ticket changes by `email.rs` through [`insert_webhook_calls`]).

use async_trait::async_trait;
use ayuda_core::Timestamp;
use ayuda_core::automation::{MAX_TIMED_RULES, MAX_TRIGGERS, TimedRule, Trigger, TriggerEvent};
use ayuda_core::email::OutboxState;
use ayuda_core::id::{MacroId, TicketId, WebhookCallId};
use ayuda_core::id::{TimedRuleId, TriggerId};
use ayuda_core::macros::{MAX_MACROS, Macro};
use ayuda_core::text::Name;
use ayuda_core::ticket::Status;
use ayuda_core::webhook::WebhookCall;
use ayuda_store::codec::automation::{
    decode_actions, decode_conditions, decode_macro_texts, encode_actions, encode_conditions,
    encode_macro_texts,
};
use ayuda_store::codec::{CorruptValue, lookup_key};
use ayuda_store::{AutomationStore, SendOutcome, StoreError};
use jiff::SignedDuration;
use rusqlite::{Connection, Row, params};
use uuid::Uuid;

use crate::SqliteStore;
use crate::error::Error;
use crate::rows::{corrupt, key, micros, optional_timestamp, timestamp};

fn read_trigger(row: &Row<'_>) -> rusqlite::Result<Result<Trigger, CorruptValue>> {
    let id: [u8; 16] = row.get(0)?;
    let name: String = row.get(1)?;
    let position: i32 = row.get(2)?;
    let active: bool = row.get(3)?;
    let event: String = row.get(4)?;
    let conditions: String = row.get(5)?;
    let actions: String = row.get(6)?;
    let created_at: i64 = row.get(7)?;
    let updated_at: i64 = row.get(8)?;
    Ok((|| {
        let (all, any) = decode_conditions(&conditions)?;
        Ok(Trigger {
            id: TriggerId(Uuid::from_bytes(id)),
            name: Name::parse(&name).map_err(|e| corrupt("name", e))?,
            position,
            active,
            event: TriggerEvent::parse(&event).map_err(|e| corrupt("event", e))?,
            all,
            any,
            actions: decode_actions(&actions)?,
            created_at: timestamp("created_at", created_at)?,
            updated_at: timestamp("updated_at", updated_at)?,
        })
    })())
}

fn save_trigger(db: &Connection, trigger: &Trigger) -> Result<(), Error> {
    db.prepare_cached(
        "INSERT INTO automation_trigger (id, name, name_key, position, active, event, conditions, actions, \
         created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) \
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_key = excluded.name_key, \
         position = excluded.position, active = excluded.active, event = excluded.event, \
         conditions = excluded.conditions, actions = excluded.actions, updated_at = excluded.updated_at",
    )?
    .execute(params![
        key(trigger.id.0),
        trigger.name.as_str(),
        lookup_key(trigger.name.as_str()),
        trigger.position,
        trigger.active,
        trigger.event.as_str(),
        encode_conditions(&trigger.all, &trigger.any),
        encode_actions(&trigger.actions),
        micros(trigger.created_at),
        micros(trigger.updated_at),
    ])?;
    Ok(())
}

fn delete_trigger(db: &Connection, id: TriggerId) -> Result<(), Error> {
    let deleted = db
        .prepare_cached("DELETE FROM automation_trigger WHERE id = ?1")?
        .execute([key(id.0)])?;
    if deleted == 0 {
        return Err(StoreError::NotFound.into());
    }
    Ok(())
}

fn list_triggers(db: &Connection) -> Result<Vec<Trigger>, Error> {
    let mut statement = db.prepare_cached(
        "SELECT id, name, position, active, event, conditions, actions, created_at, updated_at \
         FROM automation_trigger ORDER BY position, id LIMIT ?1",
    )?;
    let rows = statement.query_map([MAX_TRIGGERS], read_trigger)?;
    let mut triggers = Vec::new();
    for row in rows {
        triggers.push(row??);
    }
    Ok(triggers)
}

fn read_timed_rule(row: &Row<'_>) -> rusqlite::Result<Result<TimedRule, CorruptValue>> {
    let id: [u8; 16] = row.get(0)?;
    let name: String = row.get(1)?;
    let position: i32 = row.get(2)?;
    let active: bool = row.get(3)?;
    let status: String = row.get(4)?;
    let idle_minutes: i64 = row.get(5)?;
    let conditions: String = row.get(6)?;
    let actions: String = row.get(7)?;
    let created_at: i64 = row.get(8)?;
    let updated_at: i64 = row.get(9)?;
    Ok((|| {
        let (all, any) = decode_conditions(&conditions)?;
        Ok(TimedRule {
            id: TimedRuleId(Uuid::from_bytes(id)),
            name: Name::parse(&name).map_err(|e| corrupt("name", e))?,
            position,
            active,
            status: Status::parse(&status).map_err(|e| corrupt("status", e))?,
            idle_for: SignedDuration::try_from_mins(idle_minutes)
                .ok_or_else(|| corrupt("idle_minutes", idle_minutes))?,
            all,
            any,
            actions: decode_actions(&actions)?,
            created_at: timestamp("created_at", created_at)?,
            updated_at: timestamp("updated_at", updated_at)?,
        })
    })())
}

fn save_timed_rule(db: &Connection, rule: &TimedRule) -> Result<(), Error> {
    db.prepare_cached(
        "INSERT INTO timed_rule (id, name, name_key, position, active, status, idle_minutes, conditions, \
         actions, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) \
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_key = excluded.name_key, \
         position = excluded.position, active = excluded.active, status = excluded.status, \
         idle_minutes = excluded.idle_minutes, conditions = excluded.conditions, \
         actions = excluded.actions, updated_at = excluded.updated_at",
    )?
    .execute(params![
        key(rule.id.0),
        rule.name.as_str(),
        lookup_key(rule.name.as_str()),
        rule.position,
        rule.active,
        rule.status.as_str(),
        rule.idle_for.as_mins(),
        encode_conditions(&rule.all, &rule.any),
        encode_actions(&rule.actions),
        micros(rule.created_at),
        micros(rule.updated_at),
    ])?;
    Ok(())
}

fn delete_timed_rule(db: &Connection, id: TimedRuleId) -> Result<(), Error> {
    let deleted = db
        .prepare_cached("DELETE FROM timed_rule WHERE id = ?1")?
        .execute([key(id.0)])?;
    if deleted == 0 {
        return Err(StoreError::NotFound.into());
    }
    Ok(())
}

fn list_timed_rules(db: &Connection) -> Result<Vec<TimedRule>, Error> {
    let mut statement = db.prepare_cached(
        "SELECT id, name, position, active, status, idle_minutes, conditions, actions, created_at, \
         updated_at FROM timed_rule ORDER BY position, id LIMIT ?1",
    )?;
    let rows = statement.query_map([MAX_TIMED_RULES], read_timed_rule)?;
    let mut rules = Vec::new();
    for row in rows {
        rules.push(row??);
    }
    Ok(rules)
}

const WEBHOOK_COLUMNS: &str = "id, ticket_id, url, payload, state, attempts, next_attempt_at, last_error, created_at, sent_at";

fn read_webhook_call(row: &Row<'_>) -> rusqlite::Result<Result<WebhookCall, CorruptValue>> {
    let id: [u8; 16] = row.get(0)?;
    let ticket_id: [u8; 16] = row.get(1)?;
    let url: String = row.get(2)?;
    let payload: String = row.get(3)?;
    let state: String = row.get(4)?;
    let attempts: i64 = row.get(5)?;
    let next_attempt_at: i64 = row.get(6)?;
    let last_error: Option<String> = row.get(7)?;
    let created_at: i64 = row.get(8)?;
    let sent_at: Option<i64> = row.get(9)?;
    Ok((|| {
        Ok(WebhookCall {
            id: WebhookCallId(Uuid::from_bytes(id)),
            ticket_id: TicketId(Uuid::from_bytes(ticket_id)),
            url,
            payload,
            state: OutboxState::parse(&state).map_err(|e| corrupt("state", e))?,
            attempts: u32::try_from(attempts).map_err(|e| corrupt("attempts", e))?,
            next_attempt_at: timestamp("next_attempt_at", next_attempt_at)?,
            last_error,
            created_at: timestamp("created_at", created_at)?,
            sent_at: optional_timestamp("sent_at", sent_at)?,
        })
    })())
}

/// Queues `calls` in the transaction of the ticket change that made them.
pub(crate) fn insert_webhook_calls(db: &Connection, calls: &[WebhookCall]) -> Result<(), Error> {
    let mut statement = db.prepare_cached(&format!(
        "INSERT INTO webhook_call ({WEBHOOK_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
    ))?;
    for call in calls {
        statement.execute(params![
            key(call.id.0),
            key(call.ticket_id.0),
            call.url,
            call.payload,
            call.state.as_str(),
            call.attempts,
            micros(call.next_attempt_at),
            call.last_error,
            micros(call.created_at),
            call.sent_at.map(micros),
        ])?;
    }
    Ok(())
}

fn claim_webhook_calls(
    db: &Connection,
    now: Timestamp,
    lease_until: Timestamp,
    limit: u32,
) -> Result<Vec<WebhookCall>, Error> {
    let mut statement = db.prepare_cached(&format!(
        "SELECT {WEBHOOK_COLUMNS} FROM webhook_call WHERE state = 'pending' AND next_attempt_at <= ?1 \
         ORDER BY next_attempt_at, id LIMIT ?2"
    ))?;
    let rows = statement.query_map(params![micros(now), limit], read_webhook_call)?;
    let mut claimed = Vec::new();
    for row in rows {
        claimed.push(row??);
    }
    let mut lease =
        db.prepare_cached("UPDATE webhook_call SET next_attempt_at = ?2 WHERE id = ?1")?;
    for call in &mut claimed {
        lease.execute(params![key(call.id.0), micros(lease_until)])?;
        call.next_attempt_at = lease_until;
    }
    Ok(claimed)
}

fn finish_webhook_call(
    db: &Connection,
    id: WebhookCallId,
    outcome: &SendOutcome,
) -> Result<(), Error> {
    let changed = match outcome {
        SendOutcome::Sent { at } => db
            .prepare_cached(
                "UPDATE webhook_call SET state = 'sent', attempts = attempts + 1, sent_at = ?2, \
                 last_error = NULL WHERE id = ?1",
            )?
            .execute(params![key(id.0), micros(*at)])?,
        SendOutcome::Retry { error, at } => db
            .prepare_cached(
                "UPDATE webhook_call SET attempts = attempts + 1, next_attempt_at = ?2, last_error = ?3 \
                 WHERE id = ?1",
            )?
            .execute(params![key(id.0), micros(*at), error])?,
        SendOutcome::Failed { error } => db
            .prepare_cached(
                "UPDATE webhook_call SET state = 'failed', attempts = attempts + 1, last_error = ?2 \
                 WHERE id = ?1",
            )?
            .execute(params![key(id.0), error])?,
    };
    if changed == 0 {
        return Err(StoreError::NotFound.into());
    }
    Ok(())
}

fn list_webhook_calls(db: &Connection, ticket: TicketId) -> Result<Vec<WebhookCall>, Error> {
    let mut statement = db.prepare_cached(&format!(
        "SELECT {WEBHOOK_COLUMNS} FROM webhook_call WHERE ticket_id = ?1 ORDER BY created_at, id"
    ))?;
    let rows = statement.query_map([key(ticket.0)], read_webhook_call)?;
    let mut calls = Vec::new();
    for row in rows {
        calls.push(row??);
    }
    Ok(calls)
}

fn read_macro(row: &Row<'_>) -> rusqlite::Result<Result<Macro, CorruptValue>> {
    let id: [u8; 16] = row.get(0)?;
    let name: String = row.get(1)?;
    let actions: String = row.get(2)?;
    let texts: String = row.get(3)?;
    let note: bool = row.get(4)?;
    let created_at: i64 = row.get(5)?;
    let updated_at: i64 = row.get(6)?;
    Ok((|| {
        Ok(Macro {
            id: MacroId(Uuid::from_bytes(id)),
            name: Name::parse(&name).map_err(|e| corrupt("name", e))?,
            actions: decode_actions(&actions)?,
            texts: decode_macro_texts(&texts)?,
            note,
            created_at: timestamp("created_at", created_at)?,
            updated_at: timestamp("updated_at", updated_at)?,
        })
    })())
}

fn save_macro(db: &Connection, saved: &Macro) -> Result<(), Error> {
    db.prepare_cached(
        "INSERT INTO ticket_macro (id, name, name_key, actions, texts, note, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_key = excluded.name_key, \
         actions = excluded.actions, texts = excluded.texts, note = excluded.note, \
         updated_at = excluded.updated_at",
    )?
    .execute(params![
        key(saved.id.0),
        saved.name.as_str(),
        lookup_key(saved.name.as_str()),
        encode_actions(&saved.actions),
        encode_macro_texts(&saved.texts),
        saved.note,
        micros(saved.created_at),
        micros(saved.updated_at),
    ])?;
    Ok(())
}

fn delete_macro(db: &Connection, id: MacroId) -> Result<(), Error> {
    let deleted = db
        .prepare_cached("DELETE FROM ticket_macro WHERE id = ?1")?
        .execute([key(id.0)])?;
    if deleted == 0 {
        return Err(StoreError::NotFound.into());
    }
    Ok(())
}

fn list_macros(db: &Connection) -> Result<Vec<Macro>, Error> {
    let mut statement = db.prepare_cached(
        "SELECT id, name, actions, texts, note, created_at, updated_at FROM ticket_macro \
         ORDER BY name_key LIMIT ?1",
    )?;
    let rows = statement.query_map([MAX_MACROS], read_macro)?;
    let mut macros = Vec::new();
    for row in rows {
        macros.push(row??);
    }
    Ok(macros)
}

#[async_trait]
impl AutomationStore for SqliteStore {
    async fn save_trigger(&self, trigger: Trigger) -> Result<(), StoreError> {
        self.write(move |tx| save_trigger(tx, &trigger)).await
    }

    async fn delete_trigger(&self, id: TriggerId) -> Result<(), StoreError> {
        self.write(move |tx| delete_trigger(tx, id)).await
    }

    async fn list_triggers(&self) -> Result<Vec<Trigger>, StoreError> {
        self.read(|tx| list_triggers(tx)).await
    }

    async fn save_timed_rule(&self, rule: TimedRule) -> Result<(), StoreError> {
        self.write(move |tx| save_timed_rule(tx, &rule)).await
    }

    async fn delete_timed_rule(&self, id: TimedRuleId) -> Result<(), StoreError> {
        self.write(move |tx| delete_timed_rule(tx, id)).await
    }

    async fn list_timed_rules(&self) -> Result<Vec<TimedRule>, StoreError> {
        self.read(|tx| list_timed_rules(tx)).await
    }

    async fn claim_webhook_calls(
        &self,
        now: Timestamp,
        lease_until: Timestamp,
        limit: u32,
    ) -> Result<Vec<WebhookCall>, StoreError> {
        self.write(move |tx| claim_webhook_calls(tx, now, lease_until, limit))
            .await
    }

    async fn finish_webhook_call(
        &self,
        id: WebhookCallId,
        outcome: SendOutcome,
    ) -> Result<(), StoreError> {
        self.write(move |tx| finish_webhook_call(tx, id, &outcome))
            .await
    }

    async fn list_webhook_calls(&self, ticket: TicketId) -> Result<Vec<WebhookCall>, StoreError> {
        self.read(move |tx| list_webhook_calls(tx, ticket)).await
    }

    async fn save_macro(&self, saved: Macro) -> Result<(), StoreError> {
        self.write(move |tx| save_macro(tx, &saved)).await
    }

    async fn delete_macro(&self, id: MacroId) -> Result<(), StoreError> {
        self.write(move |tx| delete_macro(tx, id)).await
    }

    async fn list_macros(&self) -> Result<Vec<Macro>, StoreError> {
        self.read(|tx| list_macros(tx)).await
    }
}
