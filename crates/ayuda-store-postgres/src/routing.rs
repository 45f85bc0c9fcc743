//! [`RoutingStore`] on PostgreSQL: group set-ups, agents' availability, routing rounds and queues, and the
//! turn check a routed ticket's write makes (see [`claim_turn`], called by `tickets.rs`).

use async_trait::async_trait;
use ayuda_core::Timestamp;
use ayuda_core::id::{AgentId, GroupId, TicketId};
use ayuda_core::routing::{AgentStatus, Candidate, GroupSetup};
use ayuda_store::codec::routing::{GroupSetupColumns, decode_agent_status, decode_group_setup};
use ayuda_store::codec::{self, CorruptValue};
use ayuda_store::{RoutingRound, RoutingStore, RoutingTurn, StoreError};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::PgStore;
use crate::errors::{Failure, Result};
use crate::rows::{SqlTimestamp, sql_ts, sql_ts_opt};

type SetupRow = (String, bool, String, bool, i16, Option<Uuid>);

fn into_setup(row: SetupRow) -> Result<GroupSetup, CorruptValue> {
    let (routing_mode, match_language, routing_skills, requeue_when_away, tier, escalates_to) = row;
    decode_group_setup(GroupSetupColumns {
        routing_mode: &routing_mode,
        match_language,
        routing_skills: &routing_skills,
        requeue_when_away,
        tier: i64::from(tier),
        escalates_to,
    })
}

type StatusColumns = (
    Option<String>,
    Option<SqlTimestamp>,
    Option<SqlTimestamp>,
    Option<i32>,
);

/// The default when the agent never set their status (the columns come from an outer join).
fn into_status(columns: StatusColumns) -> Result<AgentStatus, CorruptValue> {
    let (availability, away_from, away_until, capacity) = columns;
    let (Some(availability), Some(capacity)) = (availability, capacity) else {
        return Ok(AgentStatus::default());
    };
    decode_agent_status(
        &availability,
        away_from.map(|t| t.to_jiff()),
        away_until.map(|t| t.to_jiff()),
        i64::from(capacity),
    )
}

type CandidateRow = (
    Uuid,
    String,
    String,
    Option<String>,
    Option<SqlTimestamp>,
    Option<SqlTimestamp>,
    Option<i32>,
    Option<i64>,
    i64,
);

fn into_candidate(row: CandidateRow) -> Result<Candidate, CorruptValue> {
    let (id, languages, skills, availability, from, until, capacity, last_turn, open) = row;
    Ok(Candidate {
        agent: AgentId(id),
        status: into_status((availability, from, until, capacity))?,
        languages: codec::decode_languages(&languages)?,
        skills: codec::decode_strings("skills", &skills)?,
        open_tickets: u32::try_from(open).unwrap_or(u32::MAX),
        last_turn,
    })
}

/// Takes the turn a routing decision was read at: moves the group's turn on, and records when the agent
/// got a ticket. A turn that has moved on already is [`StoreError::Conflict`]. The update locks the
/// group's row until the transaction ends, so a second node's claim of the same turn waits and then
/// finds it taken.
pub(crate) async fn claim_turn(conn: &mut PgConnection, turn: &RoutingTurn) -> Result<()> {
    let moved =
        sqlx::query("update group_setup set turn = turn + 1 where group_id = $1 and turn = $2")
            .bind(turn.group.0)
            .bind(turn.turn)
            .execute(&mut *conn)
            .await?
            .rows_affected();
    if moved != 1 {
        return Err(StoreError::Conflict.into());
    }
    sqlx::query(
        "insert into routing_turn (group_id, agent_id, last_turn) values ($1, $2, $3) \
         on conflict (group_id, agent_id) do update set last_turn = excluded.last_turn",
    )
    .bind(turn.group.0)
    .bind(turn.agent.0)
    .bind(turn.turn)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[async_trait]
impl RoutingStore for PgStore {
    async fn group_setup(&self, group: GroupId) -> Result<GroupSetup, StoreError> {
        let run = async {
            let row: Option<SetupRow> = sqlx::query_as(
                "select routing_mode, match_language, routing_skills, requeue_when_away, tier, \
                 escalates_to from group_setup where group_id = $1",
            )
            .bind(group.0)
            .fetch_optional(&self.pool)
            .await?;
            Ok::<_, Failure>(row.map(into_setup).transpose()?.unwrap_or_default())
        };
        Ok(run.await?)
    }

    async fn list_group_setups(&self) -> Result<Vec<(GroupId, GroupSetup)>, StoreError> {
        let run = async {
            let rows: Vec<(Uuid, String, bool, String, bool, i16, Option<Uuid>)> = sqlx::query_as(
                "select group_id, routing_mode, match_language, routing_skills, requeue_when_away, \
                 tier, escalates_to from group_setup order by group_id",
            )
            .fetch_all(&self.pool)
            .await?;
            let mut setups = Vec::with_capacity(rows.len());
            for (id, mode, language, skills, requeue, tier, escalates_to) in rows {
                let setup = into_setup((mode, language, skills, requeue, tier, escalates_to))?;
                setups.push((GroupId(id), setup));
            }
            Ok::<_, Failure>(setups)
        };
        Ok(run.await?)
    }

    async fn save_group_setup(
        &self,
        group: GroupId,
        setup: GroupSetup,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "insert into group_setup (group_id, routing_mode, match_language, routing_skills, \
             requeue_when_away, tier, escalates_to, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8) \
             on conflict (group_id) do update set routing_mode = excluded.routing_mode, \
             match_language = excluded.match_language, routing_skills = excluded.routing_skills, \
             requeue_when_away = excluded.requeue_when_away, tier = excluded.tier, \
             escalates_to = excluded.escalates_to, updated_at = excluded.updated_at",
        )
        .bind(group.0)
        .bind(setup.routing.mode.as_str())
        .bind(setup.routing.match_language)
        .bind(codec::encode_strings(
            setup.routing.skills.iter().map(String::as_str),
        ))
        .bind(setup.routing.requeue_when_away)
        .bind(i16::from(setup.tier))
        .bind(setup.escalates_to.map(|g| g.0))
        .bind(sql_ts(at))
        .execute(&self.pool)
        .await
        .map_err(Failure::from)?;
        Ok(())
    }

    async fn agent_status(&self, agent: AgentId) -> Result<AgentStatus, StoreError> {
        let run = async {
            let row: Option<StatusColumns> = sqlx::query_as(
                "select availability, away_from, away_until, capacity from agent_status \
                 where agent_id = $1",
            )
            .bind(agent.0)
            .fetch_optional(&self.pool)
            .await?;
            Ok::<_, Failure>(row.map(into_status).transpose()?.unwrap_or_default())
        };
        Ok(run.await?)
    }

    async fn set_agent_status(
        &self,
        agent: AgentId,
        status: AgentStatus,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        let (away_from, away_until) = status.out_of_office.unzip();
        let capacity = i32::try_from(status.capacity).unwrap_or(i32::MAX);
        let result = sqlx::query(
            "insert into agent_status (agent_id, availability, away_from, away_until, capacity, \
             updated_at) values ($1, $2, $3, $4, $5, $6) on conflict (agent_id) do update set \
             availability = excluded.availability, away_from = excluded.away_from, \
             away_until = excluded.away_until, capacity = excluded.capacity, \
             updated_at = excluded.updated_at",
        )
        .bind(agent.0)
        .bind(status.availability.as_str())
        .bind(sql_ts_opt(away_from))
        .bind(sql_ts_opt(away_until))
        .bind(capacity)
        .bind(sql_ts(at))
        .execute(&self.pool)
        .await;
        match result.map_err(Failure::from) {
            Err(Failure(StoreError::MissingReference(_))) => Err(StoreError::NotFound),
            other => other.map(|_| ()).map_err(StoreError::from),
        }
    }

    async fn routing_round(&self, group: GroupId) -> Result<RoutingRound, StoreError> {
        let run = async {
            let turn: Option<i64> =
                sqlx::query_scalar("select turn from group_setup where group_id = $1")
                    .bind(group.0)
                    .fetch_optional(&self.pool)
                    .await?;
            let rows: Vec<CandidateRow> = sqlx::query_as(
                "select a.id, a.languages::text, a.skills::text, s.availability, s.away_from, \
                 s.away_until, s.capacity, r.last_turn, \
                 (select count(*) from ticket t where t.assignee_id = a.id \
                  and t.status in ('new', 'open', 'pending', 'on_hold')) \
                 from agent_membership m join agent a on a.id = m.agent_id \
                 left join agent_status s on s.agent_id = a.id \
                 left join routing_turn r on r.group_id = m.group_id and r.agent_id = a.id \
                 where m.group_id = $1 and a.active order by a.id",
            )
            .bind(group.0)
            .fetch_all(&self.pool)
            .await?;
            let candidates = rows
                .into_iter()
                .map(into_candidate)
                .collect::<Result<Vec<_>, _>>()?;
            Ok::<_, Failure>(RoutingRound {
                turn: turn.unwrap_or(0),
                candidates,
            })
        };
        Ok(run.await?)
    }

    async fn queued_tickets(
        &self,
        group: GroupId,
        limit: u32,
    ) -> Result<Vec<TicketId>, StoreError> {
        let ids: Vec<Uuid> = sqlx::query_scalar(
            "select id from ticket where group_id = $1 and assignee_id is null \
             and status in ('new', 'open') order by created_at, id limit $2",
        )
        .bind(group.0)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(Failure::from)?;
        Ok(ids.into_iter().map(TicketId).collect())
    }
}
