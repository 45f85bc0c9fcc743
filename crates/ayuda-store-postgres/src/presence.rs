//! The small tables of the web interfaces: who is on a ticket right now (one row per agent and ticket,
//! renewed while their page is open), customers' portal passwords and one-time sign-in links, and agents' own
//! preferences.

use ayuda_core::Timestamp;
use ayuda_core::contact::EmailAddress;
use ayuda_core::email::OutboxMail;
use ayuda_core::id::{AgentId, ContactId, OutboxId, TicketId};
use ayuda_core::presence::{Activity, Presence};
use ayuda_core::sign_in_link::SignInLink;
use ayuda_core::text::Name;
use ayuda_store::codec::service_level::{decode_notice_kinds, encode_notice_kinds};
use ayuda_store::{AgentPreference, StoreError};
use sqlx::PgPool;
use uuid::Uuid;

use crate::errors::Result;
use crate::rows::{SqlTimestamp, corrupt, sql_ts};

pub(crate) async fn touch(pool: &PgPool, presence: &Presence) -> Result<()> {
    sqlx::query(
        "with upsert as (
             insert into ticket_presence (ticket_id, agent_id, activity, seen_at) values ($1, $2, $3, $4)
             on conflict (ticket_id, agent_id) do update set activity = excluded.activity, seen_at = excluded.seen_at
         )
         delete from ticket_presence where ticket_id = $1 and seen_at < $4 - interval '1 minute'",
    )
    .bind(presence.ticket_id.0)
    .bind(presence.agent_id.0)
    .bind(presence.activity.as_str())
    .bind(sql_ts(presence.seen_at))
    .execute(pool)
    .await?;
    Ok(())
}

pub(crate) async fn leave(pool: &PgPool, ticket: TicketId, agent: AgentId) -> Result<()> {
    sqlx::query("delete from ticket_presence where ticket_id = $1 and agent_id = $2")
        .bind(ticket.0)
        .bind(agent.0)
        .execute(pool)
        .await?;
    Ok(())
}

pub(crate) async fn on(pool: &PgPool, ticket: TicketId, since: Timestamp) -> Result<Vec<Presence>> {
    let rows: Vec<(Uuid, String, SqlTimestamp)> = sqlx::query_as(
        "select agent_id, activity, seen_at from ticket_presence
         where ticket_id = $1 and seen_at >= $2 order by seen_at, agent_id",
    )
    .bind(ticket.0)
    .bind(sql_ts(since))
    .fetch_all(pool)
    .await?;
    let mut found = Vec::with_capacity(rows.len());
    for (agent, activity, seen_at) in rows {
        found.push(Presence {
            ticket_id: ticket,
            agent_id: AgentId(agent),
            activity: Activity::parse(&activity).map_err(|e| corrupt("activity", e))?,
            seen_at: seen_at.to_jiff(),
        });
    }
    Ok(found)
}

pub(crate) async fn set_password(
    pool: &PgPool,
    contact: ContactId,
    hash: &str,
    at: Timestamp,
) -> Result<()> {
    let written = sqlx::query(
        "insert into customer_credential (contact_id, password_hash, updated_at)
         select id, $2, $3 from contact where id = $1
         on conflict (contact_id) do update set password_hash = excluded.password_hash, updated_at = excluded.updated_at",
    )
    .bind(contact.0)
    .bind(hash)
    .bind(sql_ts(at))
    .execute(pool)
    .await?;
    if written.rows_affected() == 0 {
        return Err(StoreError::NotFound.into());
    }
    Ok(())
}

pub(crate) async fn password(pool: &PgPool, contact: ContactId) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar("select password_hash from customer_credential where contact_id = $1")
            .bind(contact.0)
            .fetch_optional(pool)
            .await?,
    )
}

pub(crate) async fn preference(pool: &PgPool, agent: AgentId) -> Result<AgentPreference> {
    type PreferenceRow = (
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let row: Option<PreferenceRow> = sqlx::query_as(
        "select language, time_zone, totp_secret, email_notices from agent_preference
         where agent_id = $1",
    )
    .bind(agent.0)
    .fetch_optional(pool)
    .await?;
    let Some((language, time_zone, totp_secret, email_notices)) = row else {
        return Ok(AgentPreference::default());
    };
    Ok(AgentPreference {
        language,
        time_zone,
        totp_secret,
        email_notices: email_notices
            .map(|text| decode_notice_kinds(&text))
            .transpose()?,
    })
}

pub(crate) async fn set_preference(
    pool: &PgPool,
    agent: AgentId,
    preference: &AgentPreference,
    at: Timestamp,
) -> Result<()> {
    let written = sqlx::query(
        "insert into agent_preference (agent_id, language, time_zone, totp_secret, updated_at, email_notices)
         select id, $2, $3, $4, $5, $6 from agent where id = $1
         on conflict (agent_id) do update set language = excluded.language, time_zone = excluded.time_zone,
             totp_secret = excluded.totp_secret, updated_at = excluded.updated_at,
             email_notices = excluded.email_notices",
    )
    .bind(agent.0)
    .bind(&preference.language)
    .bind(&preference.time_zone)
    .bind(&preference.totp_secret)
    .bind(sql_ts(at))
    .bind(preference.email_notices.as_deref().map(encode_notice_kinds))
    .execute(pool)
    .await?;
    if written.rows_affected() == 0 {
        return Err(StoreError::NotFound.into());
    }
    Ok(())
}

pub(crate) async fn create_sign_in_link(
    pool: &PgPool,
    link: &SignInLink,
    mail: &OutboxMail,
) -> Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query(
        "insert into sign_in_link (id, email, name, language, created_at, expires_at, used_at)
         values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(link.id.0)
    .bind(link.email.as_str())
    .bind(link.name.as_ref().map(Name::as_str))
    .bind(&link.language)
    .bind(sql_ts(link.created_at))
    .bind(sql_ts(link.expires_at))
    .bind(link.used_at.map(sql_ts))
    .execute(&mut *tx)
    .await?;
    crate::email::insert_outbox(&mut tx, mail).await?;
    tx.commit().await?;
    Ok(())
}

pub(crate) async fn use_sign_in_link(
    pool: &PgPool,
    id: OutboxId,
    at: Timestamp,
) -> Result<Option<SignInLink>> {
    let row: Option<(String, Option<String>, String, SqlTimestamp, SqlTimestamp)> = sqlx::query_as(
        "update sign_in_link set used_at = $2 where id = $1 and used_at is null and expires_at > $2
         returning email, name, language, created_at, expires_at",
    )
    .bind(id.0)
    .bind(sql_ts(at))
    .fetch_optional(pool)
    .await?;
    let Some((email, name, language, created_at, expires_at)) = row else {
        return Ok(None);
    };
    Ok(Some(SignInLink {
        id,
        email: EmailAddress::parse(&email).map_err(|e| corrupt("email", e.message))?,
        name: name
            .map(|n| Name::parse(&n).map_err(|e| corrupt("name", e.message)))
            .transpose()?,
        language,
        created_at: created_at.to_jiff(),
        expires_at: expires_at.to_jiff(),
        used_at: Some(at),
    }))
}
