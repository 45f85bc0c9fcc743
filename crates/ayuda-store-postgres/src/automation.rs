//! [`AutomationStore`] on PostgreSQL: the triggers, the time-based automations, and the queue of webhook
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
use sqlx::PgConnection;
use uuid::Uuid;

use crate::PgStore;
use crate::errors::Failure;
use crate::rows::{SqlTimestamp, corrupt, sql_ts, sql_ts_opt};

type TriggerRow = (
    Uuid,
    String,
    i32,
    bool,
    String,
    String,
    String,
    SqlTimestamp,
    SqlTimestamp,
);

fn into_trigger(row: TriggerRow) -> Result<Trigger, CorruptValue> {
    let (id, name, position, active, event, conditions, actions, created_at, updated_at) = row;
    let (all, any) = decode_conditions(&conditions)?;
    Ok(Trigger {
        id: TriggerId(id),
        name: Name::parse(&name).map_err(|e| corrupt("name", e))?,
        position,
        active,
        event: TriggerEvent::parse(&event).map_err(|e| corrupt("event", e))?,
        all,
        any,
        actions: decode_actions(&actions)?,
        created_at: created_at.to_jiff(),
        updated_at: updated_at.to_jiff(),
    })
}

type TimedRuleRow = (
    Uuid,
    String,
    i32,
    bool,
    String,
    i64,
    String,
    String,
    SqlTimestamp,
    SqlTimestamp,
);

fn into_timed_rule(row: TimedRuleRow) -> Result<TimedRule, CorruptValue> {
    let (id, name, position, active, status, idle, conditions, actions, created_at, updated_at) =
        row;
    let (all, any) = decode_conditions(&conditions)?;
    Ok(TimedRule {
        id: TimedRuleId(id),
        name: Name::parse(&name).map_err(|e| corrupt("name", e))?,
        position,
        active,
        status: Status::parse(&status).map_err(|e| corrupt("status", e))?,
        idle_for: SignedDuration::try_from_mins(idle)
            .ok_or_else(|| corrupt("idle_minutes", idle))?,
        all,
        any,
        actions: decode_actions(&actions)?,
        created_at: created_at.to_jiff(),
        updated_at: updated_at.to_jiff(),
    })
}

macro_rules! webhook_columns {
    () => {
        "id, ticket_id, url, payload, state, attempts, next_attempt_at, last_error, created_at, sent_at"
    };
}

type WebhookRow = (
    Uuid,
    Uuid,
    String,
    String,
    String,
    i32,
    SqlTimestamp,
    Option<String>,
    SqlTimestamp,
    Option<SqlTimestamp>,
);

fn into_webhook_call(row: WebhookRow) -> Result<WebhookCall, CorruptValue> {
    let (
        id,
        ticket_id,
        url,
        payload,
        state,
        attempts,
        next_attempt_at,
        last_error,
        created_at,
        sent_at,
    ) = row;
    Ok(WebhookCall {
        id: WebhookCallId(id),
        ticket_id: TicketId(ticket_id),
        url,
        payload,
        state: OutboxState::parse(&state).map_err(|e| corrupt("state", e))?,
        attempts: u32::try_from(attempts).map_err(|e| corrupt("attempts", e))?,
        next_attempt_at: next_attempt_at.to_jiff(),
        last_error,
        created_at: created_at.to_jiff(),
        sent_at: sent_at.map(|t| t.to_jiff()),
    })
}

/// Queues `calls` in the transaction of the ticket change that made them.
pub(crate) async fn insert_webhook_calls(
    conn: &mut PgConnection,
    calls: &[WebhookCall],
) -> Result<(), Failure> {
    for call in calls {
        sqlx::query(concat!(
            "insert into webhook_call (",
            webhook_columns!(),
            ") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
        ))
        .bind(call.id.0)
        .bind(call.ticket_id.0)
        .bind(&call.url)
        .bind(&call.payload)
        .bind(call.state.as_str())
        .bind(i32::try_from(call.attempts).unwrap_or(i32::MAX))
        .bind(sql_ts(call.next_attempt_at))
        .bind(&call.last_error)
        .bind(sql_ts(call.created_at))
        .bind(sql_ts_opt(call.sent_at))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

type MacroRow = (
    Uuid,
    String,
    String,
    String,
    bool,
    SqlTimestamp,
    SqlTimestamp,
);

fn into_macro(row: MacroRow) -> Result<Macro, CorruptValue> {
    let (id, name, actions, texts, note, created_at, updated_at) = row;
    Ok(Macro {
        id: MacroId(id),
        name: Name::parse(&name).map_err(|e| corrupt("name", e))?,
        actions: decode_actions(&actions)?,
        texts: decode_macro_texts(&texts)?,
        note,
        created_at: created_at.to_jiff(),
        updated_at: updated_at.to_jiff(),
    })
}

#[async_trait]
impl AutomationStore for PgStore {
    async fn save_trigger(&self, trigger: Trigger) -> Result<(), StoreError> {
        sqlx::query(
            "insert into automation_trigger (id, name, name_key, position, active, event, conditions, \
             actions, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
             on conflict (id) do update set name = excluded.name, name_key = excluded.name_key, \
             position = excluded.position, active = excluded.active, event = excluded.event, \
             conditions = excluded.conditions, actions = excluded.actions, \
             updated_at = excluded.updated_at",
        )
        .bind(trigger.id.0)
        .bind(trigger.name.as_str())
        .bind(lookup_key(trigger.name.as_str()))
        .bind(trigger.position)
        .bind(trigger.active)
        .bind(trigger.event.as_str())
        .bind(encode_conditions(&trigger.all, &trigger.any))
        .bind(encode_actions(&trigger.actions))
        .bind(sql_ts(trigger.created_at))
        .bind(sql_ts(trigger.updated_at))
        .execute(&self.pool)
        .await
        .map_err(Failure::from)?;
        Ok(())
    }

    async fn delete_trigger(&self, id: TriggerId) -> Result<(), StoreError> {
        let deleted = sqlx::query("delete from automation_trigger where id = $1")
            .bind(id.0)
            .execute(&self.pool)
            .await
            .map_err(Failure::from)?
            .rows_affected();
        if deleted == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn list_triggers(&self) -> Result<Vec<Trigger>, StoreError> {
        let run = async {
            let rows: Vec<TriggerRow> = sqlx::query_as(
                "select id, name, position, active, event, conditions, actions, created_at, \
                 updated_at from automation_trigger order by position, id limit $1",
            )
            .bind(i64::from(MAX_TRIGGERS))
            .fetch_all(&self.pool)
            .await?;
            Ok::<_, Failure>(
                rows.into_iter()
                    .map(into_trigger)
                    .collect::<Result<Vec<_>, _>>()?,
            )
        };
        Ok(run.await?)
    }

    async fn save_timed_rule(&self, rule: TimedRule) -> Result<(), StoreError> {
        sqlx::query(
            "insert into timed_rule (id, name, name_key, position, active, status, idle_minutes, \
             conditions, actions, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
             on conflict (id) do update set name = excluded.name, name_key = excluded.name_key, \
             position = excluded.position, active = excluded.active, status = excluded.status, \
             idle_minutes = excluded.idle_minutes, conditions = excluded.conditions, \
             actions = excluded.actions, updated_at = excluded.updated_at",
        )
        .bind(rule.id.0)
        .bind(rule.name.as_str())
        .bind(lookup_key(rule.name.as_str()))
        .bind(rule.position)
        .bind(rule.active)
        .bind(rule.status.as_str())
        .bind(rule.idle_for.as_mins())
        .bind(encode_conditions(&rule.all, &rule.any))
        .bind(encode_actions(&rule.actions))
        .bind(sql_ts(rule.created_at))
        .bind(sql_ts(rule.updated_at))
        .execute(&self.pool)
        .await
        .map_err(Failure::from)?;
        Ok(())
    }

    async fn delete_timed_rule(&self, id: TimedRuleId) -> Result<(), StoreError> {
        let deleted = sqlx::query("delete from timed_rule where id = $1")
            .bind(id.0)
            .execute(&self.pool)
            .await
            .map_err(Failure::from)?
            .rows_affected();
        if deleted == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn list_timed_rules(&self) -> Result<Vec<TimedRule>, StoreError> {
        let run = async {
            let rows: Vec<TimedRuleRow> = sqlx::query_as(
                "select id, name, position, active, status, idle_minutes, conditions, actions, \
                 created_at, updated_at from timed_rule order by position, id limit $1",
            )
            .bind(i64::from(MAX_TIMED_RULES))
            .fetch_all(&self.pool)
            .await?;
            Ok::<_, Failure>(
                rows.into_iter()
                    .map(into_timed_rule)
                    .collect::<Result<Vec<_>, _>>()?,
            )
        };
        Ok(run.await?)
    }

    async fn claim_webhook_calls(
        &self,
        now: Timestamp,
        lease_until: Timestamp,
        limit: u32,
    ) -> Result<Vec<WebhookCall>, StoreError> {
        let run = async {
            // SKIP LOCKED: callers on several nodes take disjoint calls.
            let rows: Vec<WebhookRow> = sqlx::query_as(concat!(
                "update webhook_call set next_attempt_at = $2 where id in (\
                     select id from webhook_call where state = 'pending' and next_attempt_at <= $1 \
                     order by next_attempt_at, id limit $3 for update skip locked) \
                 returning ",
                webhook_columns!()
            ))
            .bind(sql_ts(now))
            .bind(sql_ts(lease_until))
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?;
            let mut calls = rows
                .into_iter()
                .map(into_webhook_call)
                .collect::<Result<Vec<_>, _>>()?;
            calls.sort_by_key(|c| (c.created_at, c.id));
            Ok::<_, Failure>(calls)
        };
        Ok(run.await?)
    }

    async fn finish_webhook_call(
        &self,
        id: WebhookCallId,
        outcome: SendOutcome,
    ) -> Result<(), StoreError> {
        let query = match &outcome {
            SendOutcome::Sent { at } => sqlx::query(
                "update webhook_call set state = 'sent', attempts = attempts + 1, sent_at = $2, \
                 last_error = null where id = $1",
            )
            .bind(id.0)
            .bind(sql_ts(*at)),
            SendOutcome::Retry { error, at } => sqlx::query(
                "update webhook_call set attempts = attempts + 1, next_attempt_at = $2, last_error = $3 \
                 where id = $1",
            )
            .bind(id.0)
            .bind(sql_ts(*at))
            .bind(error.clone()),
            SendOutcome::Failed { error } => sqlx::query(
                "update webhook_call set state = 'failed', attempts = attempts + 1, last_error = $2 \
                 where id = $1",
            )
            .bind(id.0)
            .bind(error.clone()),
        };
        let changed = query
            .execute(&self.pool)
            .await
            .map_err(Failure::from)?
            .rows_affected();
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn list_webhook_calls(&self, ticket: TicketId) -> Result<Vec<WebhookCall>, StoreError> {
        let run = async {
            let rows: Vec<WebhookRow> = sqlx::query_as(concat!(
                "select ",
                webhook_columns!(),
                " from webhook_call where ticket_id = $1 order by created_at, id"
            ))
            .bind(ticket.0)
            .fetch_all(&self.pool)
            .await?;
            Ok::<_, Failure>(
                rows.into_iter()
                    .map(into_webhook_call)
                    .collect::<Result<Vec<_>, _>>()?,
            )
        };
        Ok(run.await?)
    }

    async fn save_macro(&self, saved: Macro) -> Result<(), StoreError> {
        sqlx::query(
            "insert into ticket_macro (id, name, name_key, actions, texts, note, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8) \
             on conflict (id) do update set name = excluded.name, name_key = excluded.name_key, \
             actions = excluded.actions, texts = excluded.texts, note = excluded.note, \
             updated_at = excluded.updated_at",
        )
        .bind(saved.id.0)
        .bind(saved.name.as_str())
        .bind(lookup_key(saved.name.as_str()))
        .bind(encode_actions(&saved.actions))
        .bind(encode_macro_texts(&saved.texts))
        .bind(saved.note)
        .bind(sql_ts(saved.created_at))
        .bind(sql_ts(saved.updated_at))
        .execute(&self.pool)
        .await
        .map_err(Failure::from)?;
        Ok(())
    }

    async fn delete_macro(&self, id: MacroId) -> Result<(), StoreError> {
        let deleted = sqlx::query("delete from ticket_macro where id = $1")
            .bind(id.0)
            .execute(&self.pool)
            .await
            .map_err(Failure::from)?
            .rows_affected();
        if deleted == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn list_macros(&self) -> Result<Vec<Macro>, StoreError> {
        let run = async {
            let rows: Vec<MacroRow> = sqlx::query_as(
                "select id, name, actions, texts, note, created_at, updated_at from ticket_macro \
                 order by name_key limit $1",
            )
            .bind(i64::from(MAX_MACROS))
            .fetch_all(&self.pool)
            .await?;
            Ok::<_, Failure>(
                rows.into_iter()
                    .map(into_macro)
                    .collect::<Result<Vec<_>, _>>()?,
            )
        };
        Ok(run.await?)
    }
}
