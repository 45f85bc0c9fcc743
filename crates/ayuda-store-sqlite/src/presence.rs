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
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use crate::error::Error;
use crate::rows::{corrupt, key, micros, timestamp};

/// Presences older than this are pruned when the ticket's presences are written.
const PRUNE_AFTER_MICROS: i64 = 60_000_000;

pub(crate) fn touch(db: &Connection, presence: &Presence) -> Result<(), Error> {
    let ticket = key(presence.ticket_id.0);
    db.prepare_cached(
        "INSERT INTO ticket_presence (ticket_id, agent_id, activity, seen_at) VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT (ticket_id, agent_id) DO UPDATE SET activity = excluded.activity, seen_at = excluded.seen_at",
    )?
    .execute(params![
        ticket,
        key(presence.agent_id.0),
        presence.activity.as_str(),
        micros(presence.seen_at),
    ])?;
    db.prepare_cached("DELETE FROM ticket_presence WHERE ticket_id = ?1 AND seen_at < ?2")?
        .execute(params![
            ticket,
            micros(presence.seen_at) - PRUNE_AFTER_MICROS
        ])?;
    Ok(())
}

pub(crate) fn leave(db: &Connection, ticket: TicketId, agent: AgentId) -> Result<(), Error> {
    db.prepare_cached("DELETE FROM ticket_presence WHERE ticket_id = ?1 AND agent_id = ?2")?
        .execute(params![key(ticket.0), key(agent.0)])?;
    Ok(())
}

pub(crate) fn on(
    db: &Connection,
    ticket: TicketId,
    since: Timestamp,
) -> Result<Vec<Presence>, Error> {
    let mut statement = db.prepare_cached(
        "SELECT agent_id, activity, seen_at FROM ticket_presence \
         WHERE ticket_id = ?1 AND seen_at >= ?2 ORDER BY seen_at, agent_id",
    )?;
    let rows = statement.query_map(params![key(ticket.0), micros(since)], |row| {
        let agent: [u8; 16] = row.get(0)?;
        let activity: String = row.get(1)?;
        let seen_at: i64 = row.get(2)?;
        Ok((agent, activity, seen_at))
    })?;
    let mut found = Vec::new();
    for row in rows {
        let (agent, activity, seen_at) = row?;
        found.push(Presence {
            ticket_id: ticket,
            agent_id: AgentId(Uuid::from_bytes(agent)),
            activity: Activity::parse(&activity).map_err(|e| corrupt("activity", e))?,
            seen_at: timestamp("seen_at", seen_at)?,
        });
    }
    Ok(found)
}

pub(crate) fn set_password(
    db: &Connection,
    contact: ContactId,
    hash: &str,
    at: Timestamp,
) -> Result<(), Error> {
    let exists: Option<i64> = db
        .prepare_cached("SELECT 1 FROM contact WHERE id = ?1")?
        .query_row([key(contact.0)], |row| row.get(0))
        .optional()?;
    if exists.is_none() {
        return Err(StoreError::NotFound.into());
    }
    db.prepare_cached(
        "INSERT INTO customer_credential (contact_id, password_hash, updated_at) VALUES (?1, ?2, ?3) \
         ON CONFLICT (contact_id) DO UPDATE SET password_hash = excluded.password_hash, updated_at = excluded.updated_at",
    )?
    .execute(params![key(contact.0), hash, micros(at)])?;
    Ok(())
}

pub(crate) fn password(db: &Connection, contact: ContactId) -> Result<Option<String>, Error> {
    Ok(db
        .prepare_cached("SELECT password_hash FROM customer_credential WHERE contact_id = ?1")?
        .query_row([key(contact.0)], |row| row.get(0))
        .optional()?)
}

pub(crate) fn preference(db: &Connection, agent: AgentId) -> Result<AgentPreference, Error> {
    Ok(db
        .prepare_cached(
            "SELECT language, time_zone, totp_secret, email_notices FROM agent_preference \
             WHERE agent_id = ?1",
        )?
        .query_row([key(agent.0)], |row| {
            let email_notices: Option<String> = row.get(3)?;
            Ok((
                AgentPreference {
                    language: row.get(0)?,
                    time_zone: row.get(1)?,
                    totp_secret: row.get(2)?,
                    email_notices: None,
                },
                email_notices,
            ))
        })
        .optional()?
        .map(|(preference, email_notices)| {
            Ok::<_, Error>(AgentPreference {
                email_notices: email_notices
                    .map(|text| decode_notice_kinds(&text))
                    .transpose()?,
                ..preference
            })
        })
        .transpose()?
        .unwrap_or_default())
}

pub(crate) fn set_preference(
    db: &Connection,
    agent: AgentId,
    preference: &AgentPreference,
    at: Timestamp,
) -> Result<(), Error> {
    let exists: Option<i64> = db
        .prepare_cached("SELECT 1 FROM agent WHERE id = ?1")?
        .query_row([key(agent.0)], |row| row.get(0))
        .optional()?;
    if exists.is_none() {
        return Err(StoreError::NotFound.into());
    }
    db.prepare_cached(
        "INSERT INTO agent_preference (agent_id, language, time_zone, totp_secret, updated_at, \
         email_notices) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (agent_id) DO UPDATE SET \
         language = excluded.language, time_zone = excluded.time_zone, totp_secret = excluded.totp_secret, \
         updated_at = excluded.updated_at, email_notices = excluded.email_notices",
    )?
    .execute(params![
        key(agent.0),
        preference.language,
        preference.time_zone,
        preference.totp_secret,
        micros(at),
        preference.email_notices.as_deref().map(encode_notice_kinds),
    ])?;
    Ok(())
}

pub(crate) fn create_sign_in_link(
    db: &Connection,
    link: &SignInLink,
    mail: &OutboxMail,
) -> Result<(), Error> {
    db.prepare_cached(
        "INSERT INTO sign_in_link (id, email, name, language, created_at, expires_at, used_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        key(link.id.0),
        link.email.as_str(),
        link.name.as_ref().map(Name::as_str),
        link.language,
        micros(link.created_at),
        micros(link.expires_at),
        link.used_at.map(micros),
    ])?;
    crate::email::insert_outbox(db, mail)
}

pub(crate) fn use_sign_in_link(
    db: &Connection,
    id: OutboxId,
    at: Timestamp,
) -> Result<Option<SignInLink>, Error> {
    let row = db
        .prepare_cached(
            "UPDATE sign_in_link SET used_at = ?2 WHERE id = ?1 AND used_at IS NULL AND expires_at > ?2 \
             RETURNING email, name, language, created_at, expires_at",
        )?
        .query_row(params![key(id.0), micros(at)], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, Option<String>>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, i64>(3)?,
                row.get::<_, i64>(4)?,
            ))
        })
        .optional()?;
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
        created_at: timestamp("created_at", created_at)?,
        expires_at: timestamp("expires_at", expires_at)?,
        used_at: Some(at),
    }))
}
