//! [`RoutingStore`] on SQLite: group set-ups, agents' availability, routing rounds and queues, and the
//! turn check a routed ticket's write makes (see [`claim_turn`], called by `tickets.rs`).

use async_trait::async_trait;
use ayuda_core::Timestamp;
use ayuda_core::id::{AgentId, GroupId, TicketId};
use ayuda_core::routing::{AgentStatus, Candidate, GroupSetup};
use ayuda_store::codec::routing::{GroupSetupColumns, decode_agent_status, decode_group_setup};
use ayuda_store::codec::{self, CorruptValue};
use ayuda_store::{RoutingRound, RoutingStore, RoutingTurn, StoreError};
use rusqlite::{Connection, OptionalExtension, Row, params};
use uuid::Uuid;

use crate::SqliteStore;
use crate::error::{Error, missing_reference};
use crate::rows::{key, micros, optional_timestamp};

const SETUP_COLUMNS: &str =
    "routing_mode, match_language, routing_skills, requeue_when_away, tier, escalates_to";

/// Decodes the set-up columns starting at `first`.
fn read_setup(row: &Row<'_>, first: usize) -> rusqlite::Result<Result<GroupSetup, CorruptValue>> {
    let mode: String = row.get(first)?;
    let match_language: bool = row.get(first + 1)?;
    let skills: String = row.get(first + 2)?;
    let requeue_when_away: bool = row.get(first + 3)?;
    let tier: i64 = row.get(first + 4)?;
    let escalates_to: Option<[u8; 16]> = row.get(first + 5)?;
    Ok(decode_group_setup(GroupSetupColumns {
        routing_mode: &mode,
        match_language,
        routing_skills: &skills,
        requeue_when_away,
        tier,
        escalates_to: escalates_to.map(Uuid::from_bytes),
    }))
}

/// Decodes availability, out-of-office and capacity starting at `first`; the default when they are NULL
/// (an agent who never set them).
fn read_status(row: &Row<'_>, first: usize) -> rusqlite::Result<Result<AgentStatus, CorruptValue>> {
    let availability: Option<String> = row.get(first)?;
    let away_from: Option<i64> = row.get(first + 1)?;
    let away_until: Option<i64> = row.get(first + 2)?;
    let capacity: Option<i64> = row.get(first + 3)?;
    let (Some(availability), Some(capacity)) = (availability, capacity) else {
        return Ok(Ok(AgentStatus::default()));
    };
    Ok((|| {
        decode_agent_status(
            &availability,
            optional_timestamp("away_from", away_from)?,
            optional_timestamp("away_until", away_until)?,
            capacity,
        )
    })())
}

fn group_setup(db: &Connection, group: GroupId) -> Result<GroupSetup, Error> {
    let setup = db
        .prepare_cached(&format!(
            "SELECT {SETUP_COLUMNS} FROM group_setup WHERE group_id = ?1"
        ))?
        .query_row([key(group.0)], |row| read_setup(row, 0))
        .optional()?;
    Ok(setup.transpose()?.unwrap_or_default())
}

fn list_group_setups(db: &Connection) -> Result<Vec<(GroupId, GroupSetup)>, Error> {
    let mut statement = db.prepare_cached(&format!(
        "SELECT group_id, {SETUP_COLUMNS} FROM group_setup ORDER BY group_id"
    ))?;
    let rows = statement.query_map([], |row| {
        let id: [u8; 16] = row.get(0)?;
        Ok(read_setup(row, 1)?.map(|setup| (GroupId(Uuid::from_bytes(id)), setup)))
    })?;
    let mut setups = Vec::new();
    for row in rows {
        setups.push(row??);
    }
    Ok(setups)
}

fn save_group_setup(
    db: &Connection,
    group: GroupId,
    setup: &GroupSetup,
    at: Timestamp,
) -> Result<(), Error> {
    db.prepare_cached(
        "INSERT INTO group_setup (group_id, routing_mode, match_language, routing_skills, requeue_when_away, \
         tier, escalates_to, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \
         ON CONFLICT (group_id) DO UPDATE SET routing_mode = excluded.routing_mode, \
         match_language = excluded.match_language, routing_skills = excluded.routing_skills, \
         requeue_when_away = excluded.requeue_when_away, tier = excluded.tier, \
         escalates_to = excluded.escalates_to, updated_at = excluded.updated_at",
    )?
    .execute(params![
        key(group.0),
        setup.routing.mode.as_str(),
        setup.routing.match_language,
        codec::encode_strings(setup.routing.skills.iter().map(String::as_str)),
        setup.routing.requeue_when_away,
        setup.tier,
        setup.escalates_to.map(|g| key(g.0)),
        micros(at),
    ])
    .map_err(Error::from)
    .map_err(missing_reference("group"))?;
    Ok(())
}

fn agent_status(db: &Connection, agent: AgentId) -> Result<AgentStatus, Error> {
    let status = db
        .prepare_cached(
            "SELECT availability, away_from, away_until, capacity FROM agent_status WHERE agent_id = ?1",
        )?
        .query_row([key(agent.0)], |row| read_status(row, 0))
        .optional()?;
    Ok(status.transpose()?.unwrap_or_default())
}

fn set_agent_status(
    db: &Connection,
    agent: AgentId,
    status: &AgentStatus,
    at: Timestamp,
) -> Result<(), Error> {
    let (away_from, away_until) = status.out_of_office.unzip();
    db.prepare_cached(
        "INSERT INTO agent_status (agent_id, availability, away_from, away_until, capacity, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (agent_id) DO UPDATE SET \
         availability = excluded.availability, away_from = excluded.away_from, \
         away_until = excluded.away_until, capacity = excluded.capacity, updated_at = excluded.updated_at",
    )?
    .execute(params![
        key(agent.0),
        status.availability.as_str(),
        away_from.map(micros),
        away_until.map(micros),
        status.capacity,
        micros(at),
    ])
    .map_err(Error::from)
    .map_err(|error| match missing_reference("agent")(error) {
        Error::Store(StoreError::MissingReference(_)) => StoreError::NotFound.into(),
        other => other,
    })?;
    Ok(())
}

fn routing_round(db: &Connection, group: GroupId) -> Result<RoutingRound, Error> {
    let turn: Option<i64> = db
        .prepare_cached("SELECT turn FROM group_setup WHERE group_id = ?1")?
        .query_row([key(group.0)], |row| row.get(0))
        .optional()?;
    let mut statement = db.prepare_cached(
        "SELECT a.id, a.languages, a.skills, s.availability, s.away_from, s.away_until, s.capacity, \
         r.last_turn, \
         (SELECT count(*) FROM ticket t WHERE t.assignee_id = a.id \
          AND t.status IN ('new', 'open', 'pending', 'on_hold')) \
         FROM agent_membership m JOIN agent a ON a.id = m.agent_id \
         LEFT JOIN agent_status s ON s.agent_id = a.id \
         LEFT JOIN routing_turn r ON r.group_id = m.group_id AND r.agent_id = a.id \
         WHERE m.group_id = ?1 AND a.active = 1 ORDER BY a.id",
    )?;
    let rows = statement.query_map([key(group.0)], |row| {
        let id: [u8; 16] = row.get(0)?;
        let languages: String = row.get(1)?;
        let skills: String = row.get(2)?;
        let status = read_status(row, 3)?;
        let last_turn: Option<i64> = row.get(7)?;
        let open_tickets: i64 = row.get(8)?;
        Ok((|| {
            Ok::<_, CorruptValue>(Candidate {
                agent: AgentId(Uuid::from_bytes(id)),
                status: status?,
                languages: codec::decode_languages(&languages)?,
                skills: codec::decode_strings("skills", &skills)?,
                open_tickets: u32::try_from(open_tickets).unwrap_or(u32::MAX),
                last_turn,
            })
        })())
    })?;
    let mut candidates = Vec::new();
    for row in rows {
        candidates.push(row??);
    }
    Ok(RoutingRound {
        turn: turn.unwrap_or(0),
        candidates,
    })
}

fn queued_tickets(db: &Connection, group: GroupId, limit: u32) -> Result<Vec<TicketId>, Error> {
    let mut statement = db.prepare_cached(
        "SELECT id FROM ticket WHERE group_id = ?1 AND assignee_id IS NULL AND status IN ('new', 'open') \
         ORDER BY created_at, id LIMIT ?2",
    )?;
    let rows = statement.query_map(params![key(group.0), limit], |row| {
        row.get::<_, [u8; 16]>(0)
            .map(|id| TicketId(Uuid::from_bytes(id)))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Takes the turn a routing decision was read at: moves the group's turn on, and records when the agent
/// got a ticket. A turn that has moved on already is [`StoreError::Conflict`].
pub(crate) fn claim_turn(db: &Connection, turn: &RoutingTurn) -> Result<(), Error> {
    let moved = db
        .prepare_cached("UPDATE group_setup SET turn = turn + 1 WHERE group_id = ?1 AND turn = ?2")?
        .execute(params![key(turn.group.0), turn.turn])?;
    if moved != 1 {
        return Err(StoreError::Conflict.into());
    }
    db.prepare_cached(
        "INSERT INTO routing_turn (group_id, agent_id, last_turn) VALUES (?1, ?2, ?3) \
         ON CONFLICT (group_id, agent_id) DO UPDATE SET last_turn = excluded.last_turn",
    )?
    .execute(params![key(turn.group.0), key(turn.agent.0), turn.turn])
    .map_err(Error::from)
    .map_err(missing_reference("assignee"))?;
    Ok(())
}

#[async_trait]
impl RoutingStore for SqliteStore {
    async fn group_setup(&self, group: GroupId) -> Result<GroupSetup, StoreError> {
        self.read(move |tx| group_setup(tx, group)).await
    }

    async fn list_group_setups(&self) -> Result<Vec<(GroupId, GroupSetup)>, StoreError> {
        self.read(|tx| list_group_setups(tx)).await
    }

    async fn save_group_setup(
        &self,
        group: GroupId,
        setup: GroupSetup,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        self.write(move |tx| save_group_setup(tx, group, &setup, at))
            .await
    }

    async fn agent_status(&self, agent: AgentId) -> Result<AgentStatus, StoreError> {
        self.read(move |tx| agent_status(tx, agent)).await
    }

    async fn set_agent_status(
        &self,
        agent: AgentId,
        status: AgentStatus,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        self.write(move |tx| set_agent_status(tx, agent, &status, at))
            .await
    }

    async fn routing_round(&self, group: GroupId) -> Result<RoutingRound, StoreError> {
        self.read(move |tx| routing_round(tx, group)).await
    }

    async fn queued_tickets(
        &self,
        group: GroupId,
        limit: u32,
    ) -> Result<Vec<TicketId>, StoreError> {
        self.read(move |tx| queued_tickets(tx, group, limit)).await
    }
}
