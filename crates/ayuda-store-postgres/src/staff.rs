//! The help desk's own side: agent groups, agents with their memberships and password hashes, and custom
//! field definitions.

use std::collections::HashMap;

use ayuda_core::agent::{Agent, Group};
use ayuda_core::field::{FieldDefinition, FieldEntity};
use ayuda_core::id::{AgentId, FieldId, GroupId};
use ayuda_store::codec;
use ayuda_store::{MAX_PAGE, Page, StoreError};
use sqlx::{PgConnection, PgPool, Postgres, QueryBuilder};
use uuid::Uuid;

use crate::errors::Result;
use crate::rows::{
    AgentRow, FieldRow, GroupRow, agent_columns, field_columns, group_columns, sql_ts,
};

pub(crate) async fn create_group(pool: &PgPool, group: Group) -> Result<Group> {
    sqlx::query(
        "insert into agent_group (id, name, name_key, description, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(group.id.0)
    .bind(group.name.as_str())
    .bind(codec::lookup_key(group.name.as_str()))
    .bind(&group.description)
    .bind(sql_ts(group.created_at))
    .bind(sql_ts(group.updated_at))
    .execute(pool)
    .await?;
    Ok(group)
}

pub(crate) async fn update_group(pool: &PgPool, group: Group) -> Result<Group> {
    let updated = sqlx::query(
        "update agent_group set name = $2, name_key = $3, description = $4, updated_at = $5 where id = $1",
    )
    .bind(group.id.0)
    .bind(group.name.as_str())
    .bind(codec::lookup_key(group.name.as_str()))
    .bind(&group.description)
    .bind(sql_ts(group.updated_at))
    .execute(pool)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(StoreError::NotFound.into());
    }
    Ok(group)
}

pub(crate) async fn get_group(pool: &PgPool, id: GroupId) -> Result<Option<Group>> {
    let row: Option<GroupRow> = sqlx::query_as(concat!(
        "select ",
        group_columns!(),
        " from agent_group where id = $1"
    ))
    .bind(id.0)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(Group::try_from).transpose()?)
}

pub(crate) async fn list_groups(
    pool: &PgPool,
    after: Option<GroupId>,
    limit: u32,
) -> Result<Page<Group, GroupId>> {
    let limit = limit.min(MAX_PAGE);
    let mut select =
        QueryBuilder::<Postgres>::new(concat!("select ", group_columns!(), " from agent_group"));
    if let Some(after) = after {
        select.push(" where id > ").push_bind(after.0);
    }
    select
        .push(" order by id limit ")
        .push_bind(i64::from(limit) + 1);
    let rows: Vec<GroupRow> = select.build_query_as().fetch_all(pool).await?;
    let groups = rows
        .into_iter()
        .map(Group::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page::from_overfetch(groups, limit, |group| group.id))
}

/// Group ids sorted and without repeats: the order they are read back in.
fn normalized_groups(group_ids: &[GroupId]) -> Vec<GroupId> {
    let mut group_ids = group_ids.to_vec();
    group_ids.sort();
    group_ids.dedup();
    group_ids
}

/// Replaces the agent's memberships with `agent.group_ids`.
async fn write_memberships(conn: &mut PgConnection, agent: &Agent) -> Result<()> {
    sqlx::query("delete from agent_membership where agent_id = $1")
        .bind(agent.id.0)
        .execute(&mut *conn)
        .await?;
    if agent.group_ids.is_empty() {
        return Ok(());
    }
    let group_ids: Vec<Uuid> = agent.group_ids.iter().map(|id| id.0).collect();
    sqlx::query(
        "insert into agent_membership (agent_id, group_id) select distinct $1::uuid, group_id \
         from unnest($2::uuid[]) as group_id",
    )
    .bind(agent.id.0)
    .bind(group_ids)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(crate) async fn create_agent(
    pool: &PgPool,
    agent: Agent,
    password_hash: Option<String>,
) -> Result<Agent> {
    let mut tx = pool.begin().await?;
    sqlx::query(
        "insert into agent (id, email, email_key, name, role, skills, languages, active, password_hash, created_at, \
         updated_at) values ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, $10, $11)",
    )
    .bind(agent.id.0)
    .bind(agent.email.as_str())
    .bind(codec::lookup_key(agent.email.as_str()))
    .bind(agent.name.as_str())
    .bind(agent.role.as_str())
    .bind(codec::encode_strings(agent.skills.iter().map(String::as_str)))
    .bind(codec::encode_strings(agent.languages.iter().map(|language| language.as_str())))
    .bind(agent.active)
    .bind(password_hash)
    .bind(sql_ts(agent.created_at))
    .bind(sql_ts(agent.updated_at))
    .execute(&mut *tx)
    .await?;
    write_memberships(&mut tx, &agent).await?;
    tx.commit().await?;
    Ok(Agent {
        group_ids: normalized_groups(&agent.group_ids),
        ..agent
    })
}

/// Replaces the stored agent, memberships included; the password hash stays as it is.
pub(crate) async fn update_agent(pool: &PgPool, agent: Agent) -> Result<Agent> {
    let mut tx = pool.begin().await?;
    let updated = sqlx::query(
        "update agent set email = $2, email_key = $3, name = $4, role = $5, skills = $6::jsonb, \
         languages = $7::jsonb, active = $8, updated_at = $9 where id = $1",
    )
    .bind(agent.id.0)
    .bind(agent.email.as_str())
    .bind(codec::lookup_key(agent.email.as_str()))
    .bind(agent.name.as_str())
    .bind(agent.role.as_str())
    .bind(codec::encode_strings(
        agent.skills.iter().map(String::as_str),
    ))
    .bind(codec::encode_strings(
        agent.languages.iter().map(|language| language.as_str()),
    ))
    .bind(agent.active)
    .bind(sql_ts(agent.updated_at))
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(StoreError::NotFound.into());
    }
    write_memberships(&mut tx, &agent).await?;
    tx.commit().await?;
    Ok(Agent {
        group_ids: normalized_groups(&agent.group_ids),
        ..agent
    })
}

pub(crate) async fn set_agent_password(
    pool: &PgPool,
    id: AgentId,
    password_hash: String,
) -> Result<()> {
    let updated = sqlx::query("update agent set password_hash = $2 where id = $1")
        .bind(id.0)
        .bind(password_hash)
        .execute(pool)
        .await?;
    if updated.rows_affected() == 0 {
        return Err(StoreError::NotFound.into());
    }
    Ok(())
}

pub(crate) async fn get_agent(pool: &PgPool, id: AgentId) -> Result<Option<Agent>> {
    let row: Option<AgentRow> = sqlx::query_as(concat!(
        "select ",
        agent_columns!(),
        " from agent where id = $1"
    ))
    .bind(id.0)
    .fetch_optional(pool)
    .await?;
    Ok(with_memberships(pool, row).await?.map(|(agent, _)| agent))
}

pub(crate) async fn find_agent_by_email(
    pool: &PgPool,
    email: &str,
) -> Result<Option<(Agent, Option<String>)>> {
    // The key agent_email_key_key enforces (and indexes), computed as it was on writing.
    let row: Option<AgentRow> = sqlx::query_as(concat!(
        "select ",
        agent_columns!(),
        " from agent where email_key = $1"
    ))
    .bind(codec::lookup_key(email))
    .fetch_optional(pool)
    .await?;
    with_memberships(pool, row).await
}

/// The agent of `row` with its groups, and its password hash.
async fn with_memberships(
    pool: &PgPool,
    row: Option<AgentRow>,
) -> Result<Option<(Agent, Option<String>)>> {
    let Some(mut row) = row else {
        return Ok(None);
    };
    let mut memberships = memberships_of(pool, &[row.id]).await?;
    let group_ids = memberships.remove(&row.id).unwrap_or_default();
    let password_hash = row.password_hash.take();
    Ok(Some((row.into_agent(group_ids)?, password_hash)))
}

pub(crate) async fn list_agents(
    pool: &PgPool,
    after: Option<AgentId>,
    limit: u32,
) -> Result<Page<Agent, AgentId>> {
    let limit = limit.min(MAX_PAGE);
    let mut select =
        QueryBuilder::<Postgres>::new(concat!("select ", agent_columns!(), " from agent"));
    if let Some(after) = after {
        select.push(" where id > ").push_bind(after.0);
    }
    select
        .push(" order by id limit ")
        .push_bind(i64::from(limit) + 1);
    let rows: Vec<AgentRow> = select.build_query_as().fetch_all(pool).await?;
    let ids: Vec<Uuid> = rows.iter().map(|row| row.id).collect();
    let mut memberships = memberships_of(pool, &ids).await?;
    let agents = rows
        .into_iter()
        .map(|row| {
            let group_ids = memberships.remove(&row.id).unwrap_or_default();
            row.into_agent(group_ids)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page::from_overfetch(agents, limit, |agent| agent.id))
}

/// The group ids of these agents, each agent's sorted.
async fn memberships_of(pool: &PgPool, agent_ids: &[Uuid]) -> Result<HashMap<Uuid, Vec<Uuid>>> {
    let rows: Vec<(Uuid, Uuid)> = sqlx::query_as(
        "select agent_id, group_id from agent_membership where agent_id = any($1) order by agent_id, group_id",
    )
    .bind(agent_ids)
    .fetch_all(pool)
    .await?;
    let mut by_agent: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for (agent_id, group_id) in rows {
        by_agent.entry(agent_id).or_default().push(group_id);
    }
    Ok(by_agent)
}

pub(crate) async fn create_field(pool: &PgPool, field: FieldDefinition) -> Result<FieldDefinition> {
    sqlx::query(
        "insert into field_definition (id, entity, key, label, kind, options, required, position) \
         values ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)",
    )
    .bind(field.id.0)
    .bind(field.entity.as_str())
    .bind(field.key.as_str())
    .bind(&field.label)
    .bind(field.kind.as_str())
    .bind(codec::encode_strings(
        field.options.iter().map(String::as_str),
    ))
    .bind(field.required)
    .bind(field.position)
    .execute(pool)
    .await?;
    Ok(field)
}

/// Replaces the stored definition. Entity and key are part of its identity for API clients and stored
/// values, so they are written as given too: the application decides whether they may change.
pub(crate) async fn update_field(pool: &PgPool, field: FieldDefinition) -> Result<FieldDefinition> {
    let updated = sqlx::query(
        "update field_definition set entity = $2, key = $3, label = $4, kind = $5, options = $6::jsonb, \
         required = $7, position = $8 where id = $1",
    )
    .bind(field.id.0)
    .bind(field.entity.as_str())
    .bind(field.key.as_str())
    .bind(&field.label)
    .bind(field.kind.as_str())
    .bind(codec::encode_strings(field.options.iter().map(String::as_str)))
    .bind(field.required)
    .bind(field.position)
    .execute(pool)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(StoreError::NotFound.into());
    }
    Ok(field)
}

pub(crate) async fn get_field(pool: &PgPool, id: FieldId) -> Result<Option<FieldDefinition>> {
    let row: Option<FieldRow> = sqlx::query_as(concat!(
        "select ",
        field_columns!(),
        " from field_definition where id = $1"
    ))
    .bind(id.0)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(FieldDefinition::try_from).transpose()?)
}

/// Every definition (of one entity, if given), by position, then key bytewise (as SQLite's default collation
/// and `FieldKey`'s `Ord` do), then entity.
pub(crate) async fn list_fields(
    pool: &PgPool,
    entity: Option<FieldEntity>,
) -> Result<Vec<FieldDefinition>> {
    let mut select = QueryBuilder::<Postgres>::new(concat!(
        "select ",
        field_columns!(),
        " from field_definition"
    ));
    if let Some(entity) = entity {
        select.push(" where entity = ").push_bind(entity.as_str());
    }
    select.push(r#" order by position, key collate "C", entity collate "C""#);
    let rows: Vec<FieldRow> = select.build_query_as().fetch_all(pool).await?;
    Ok(rows
        .into_iter()
        .map(FieldDefinition::try_from)
        .collect::<Result<Vec<_>, _>>()?)
}
