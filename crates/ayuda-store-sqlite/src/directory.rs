//! The help desk's set-up: agent groups, agents with their memberships, and custom field definitions.

use ayuda_core::agent::{Agent, Group, Role};
use ayuda_core::contact::EmailAddress;
use ayuda_core::field::{FieldDefinition, FieldEntity, FieldKey, FieldKind};
use ayuda_core::id::{AgentId, FieldId, GroupId};
use ayuda_core::text::Name;
use ayuda_store::codec;
use ayuda_store::{MAX_PAGE, Page, StoreError};
use rusqlite::{Connection, OptionalExtension, Row, params};
use uuid::Uuid;

use crate::error::{Error, is_foreign_key_violation, is_unique_violation};
use crate::rows::{after_key, key, micros, parse, timestamp};

/// Reports a unique violation as a duplicate `what`, and passes other errors on.
fn duplicate_as(what: &str) -> impl Fn(rusqlite::Error) -> Error + '_ {
    move |error| {
        let error = Error::from(error);
        if is_unique_violation(&error) {
            StoreError::Duplicate(what.to_owned()).into()
        } else {
            error
        }
    }
}

const GROUP_COLUMNS: &str = "id, name, description, created_at, updated_at";

type GroupRow = ([u8; 16], String, String, i64, i64);

fn read_group(row: &Row<'_>) -> rusqlite::Result<GroupRow> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
    ))
}

fn into_group((id, name, description, created_at, updated_at): GroupRow) -> Result<Group, Error> {
    Ok(Group {
        id: GroupId(Uuid::from_bytes(id)),
        name: parse("name", Name::parse(&name))?,
        description,
        created_at: timestamp("created_at", created_at)?,
        updated_at: timestamp("updated_at", updated_at)?,
    })
}

pub(crate) fn create_group(db: &Connection, group: Group) -> Result<Group, Error> {
    let mut statement = db.prepare_cached(
        "INSERT INTO agent_group (id, name, name_key, description, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    statement
        .execute(params![
            key(group.id.0),
            group.name.as_str(),
            codec::lookup_key(group.name.as_str()),
            group.description,
            micros(group.created_at),
            micros(group.updated_at)
        ])
        .map_err(|e| {
            if is_id_clash(&e, "agent_group") {
                Error::from(e)
            } else {
                duplicate_as("group name")(e)
            }
        })?;
    Ok(group)
}

/// Whether `error` is a clash of primary keys (the caller reused an id) rather than of a named value.
fn is_id_clash(error: &rusqlite::Error, table: &str) -> bool {
    matches!(error, rusqlite::Error::SqliteFailure(_, Some(message)) if message.ends_with(&format!(": {table}.id")))
}

pub(crate) fn get_group(db: &Connection, id: GroupId) -> Result<Option<Group>, Error> {
    let sql = format!("SELECT {GROUP_COLUMNS} FROM agent_group WHERE id = ?1");
    let row = db
        .prepare_cached(&sql)?
        .query_row([key(id.0)], read_group)
        .optional()?;
    row.map(into_group).transpose()
}

pub(crate) fn update_group(db: &Connection, group: Group) -> Result<Group, Error> {
    let mut statement = db.prepare_cached(
        "UPDATE agent_group SET name = ?2, name_key = ?3, description = ?4, updated_at = ?5 WHERE id = ?1",
    )?;
    let changed = statement
        .execute(params![
            key(group.id.0),
            group.name.as_str(),
            codec::lookup_key(group.name.as_str()),
            group.description,
            micros(group.updated_at)
        ])
        .map_err(duplicate_as("group name"))?;
    if changed == 0 {
        return Err(StoreError::NotFound.into());
    }
    Ok(group)
}

pub(crate) fn list_groups(
    db: &Connection,
    after: Option<GroupId>,
    limit: u32,
) -> Result<Page<Group, GroupId>, Error> {
    let limit = limit.min(MAX_PAGE);
    let sql = format!("SELECT {GROUP_COLUMNS} FROM agent_group WHERE id > ?1 ORDER BY id LIMIT ?2");
    let mut statement = db.prepare_cached(&sql)?;
    let rows = statement.query_map(
        params![after_key(after.map(|a| a.0)), limit + 1],
        read_group,
    )?;
    let groups = rows
        .map(|row| into_group(row?))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page::from_overfetch(groups, limit, |g| g.id))
}

const AGENT_COLUMNS: &str =
    "id, email, name, role, skills, languages, active, password_hash, created_at, updated_at";

struct AgentRow {
    id: [u8; 16],
    email: String,
    name: String,
    role: String,
    skills: String,
    languages: String,
    active: bool,
    password_hash: Option<String>,
    created_at: i64,
    updated_at: i64,
}

impl AgentRow {
    fn read(row: &Row<'_>) -> rusqlite::Result<AgentRow> {
        Ok(AgentRow {
            id: row.get(0)?,
            email: row.get(1)?,
            name: row.get(2)?,
            role: row.get(3)?,
            skills: row.get(4)?,
            languages: row.get(5)?,
            active: row.get(6)?,
            password_hash: row.get(7)?,
            created_at: row.get(8)?,
            updated_at: row.get(9)?,
        })
    }

    /// Completes the row with its group ids (in id order, which is the groups' creation order).
    fn into_agent(self, db: &Connection) -> Result<(Agent, Option<String>), Error> {
        let mut statement = db.prepare_cached(
            "SELECT group_id FROM agent_membership WHERE agent_id = ?1 ORDER BY group_id",
        )?;
        let group_ids = statement
            .query_map([self.id], |row| row.get::<_, [u8; 16]>(0))?
            .map(|id| Ok(GroupId(Uuid::from_bytes(id?))))
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let agent = Agent {
            id: AgentId(Uuid::from_bytes(self.id)),
            email: parse("email", EmailAddress::parse(&self.email))?,
            name: parse("name", Name::parse(&self.name))?,
            role: parse("role", Role::parse(&self.role))?,
            group_ids,
            skills: codec::decode_strings("skills", &self.skills)?,
            languages: codec::decode_languages(&self.languages)?,
            active: self.active,
            created_at: timestamp("created_at", self.created_at)?,
            updated_at: timestamp("updated_at", self.updated_at)?,
        };
        Ok((agent, self.password_hash))
    }
}

/// Memberships as stored: sorted by id, each once.
fn normalize_groups(agent: &mut Agent) {
    agent.group_ids.sort();
    agent.group_ids.dedup();
}

fn insert_memberships(db: &Connection, agent: &Agent) -> Result<(), Error> {
    let mut statement =
        db.prepare_cached("INSERT INTO agent_membership (agent_id, group_id) VALUES (?1, ?2)")?;
    for group in &agent.group_ids {
        match statement
            .execute(params![key(agent.id.0), key(group.0)])
            .map_err(Error::from)
        {
            Ok(_) => {}
            // The agent row exists (just written), so the missing reference is the group.
            Err(error) if is_foreign_key_violation(&error) => {
                return Err(StoreError::MissingReference("group".to_owned()).into());
            }
            Err(error) => return Err(error),
        }
    }
    Ok(())
}

pub(crate) fn create_agent(
    db: &Connection,
    mut agent: Agent,
    password_hash: Option<String>,
) -> Result<Agent, Error> {
    normalize_groups(&mut agent);
    let mut statement = db.prepare_cached(
        "INSERT INTO agent (id, email, email_key, name, role, skills, languages, active, password_hash, created_at, \
         updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    statement
        .execute(params![
            key(agent.id.0),
            agent.email.as_str(),
            codec::lookup_key(agent.email.as_str()),
            agent.name.as_str(),
            agent.role.as_str(),
            codec::encode_strings(agent.skills.iter().map(String::as_str)),
            codec::encode_strings(agent.languages.iter().map(|l| l.as_str())),
            agent.active,
            password_hash,
            micros(agent.created_at),
            micros(agent.updated_at),
        ])
        .map_err(|e| {
            if is_id_clash(&e, "agent") {
                Error::from(e)
            } else {
                duplicate_as("agent email")(e)
            }
        })?;
    insert_memberships(db, &agent)?;
    Ok(agent)
}

pub(crate) fn get_agent(db: &Connection, id: AgentId) -> Result<Option<Agent>, Error> {
    let sql = format!("SELECT {AGENT_COLUMNS} FROM agent WHERE id = ?1");
    let row = db
        .prepare_cached(&sql)?
        .query_row([key(id.0)], AgentRow::read)
        .optional()?;
    Ok(row
        .map(|row| row.into_agent(db))
        .transpose()?
        .map(|(agent, _)| agent))
}

pub(crate) fn find_agent_by_email(
    db: &Connection,
    email: &str,
) -> Result<Option<(Agent, Option<String>)>, Error> {
    // The key the unique constraint holds, computed as it was on writing; the constraint's index serves it.
    let sql = format!("SELECT {AGENT_COLUMNS} FROM agent WHERE email_key = ?1");
    let row = db
        .prepare_cached(&sql)?
        .query_row([codec::lookup_key(email)], AgentRow::read)
        .optional()?;
    row.map(|row| row.into_agent(db)).transpose()
}

pub(crate) fn update_agent(db: &Connection, mut agent: Agent) -> Result<Agent, Error> {
    normalize_groups(&mut agent);
    let mut statement = db.prepare_cached(
        "UPDATE agent SET email = ?2, email_key = ?3, name = ?4, role = ?5, skills = ?6, languages = ?7, \
         active = ?8, updated_at = ?9 WHERE id = ?1",
    )?;
    let changed = statement
        .execute(params![
            key(agent.id.0),
            agent.email.as_str(),
            codec::lookup_key(agent.email.as_str()),
            agent.name.as_str(),
            agent.role.as_str(),
            codec::encode_strings(agent.skills.iter().map(String::as_str)),
            codec::encode_strings(agent.languages.iter().map(|l| l.as_str())),
            agent.active,
            micros(agent.updated_at),
        ])
        .map_err(duplicate_as("agent email"))?;
    if changed == 0 {
        return Err(StoreError::NotFound.into());
    }
    db.prepare_cached("DELETE FROM agent_membership WHERE agent_id = ?1")?
        .execute([key(agent.id.0)])?;
    insert_memberships(db, &agent)?;
    Ok(agent)
}

pub(crate) fn set_agent_password(
    db: &Connection,
    id: AgentId,
    password_hash: String,
) -> Result<(), Error> {
    let changed = db
        .prepare_cached("UPDATE agent SET password_hash = ?2 WHERE id = ?1")?
        .execute(params![key(id.0), password_hash])?;
    if changed == 0 {
        return Err(StoreError::NotFound.into());
    }
    Ok(())
}

pub(crate) fn list_agents(
    db: &Connection,
    after: Option<AgentId>,
    limit: u32,
) -> Result<Page<Agent, AgentId>, Error> {
    let limit = limit.min(MAX_PAGE);
    let sql = format!("SELECT {AGENT_COLUMNS} FROM agent WHERE id > ?1 ORDER BY id LIMIT ?2");
    let mut statement = db.prepare_cached(&sql)?;
    let rows = statement
        .query_map(
            params![after_key(after.map(|a| a.0)), limit + 1],
            AgentRow::read,
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let agents = rows
        .into_iter()
        .map(|row| Ok(row.into_agent(db)?.0))
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(Page::from_overfetch(agents, limit, |a| a.id))
}

const FIELD_COLUMNS: &str = "id, entity, key, label, kind, options, required, position";

fn read_field(row: &Row<'_>) -> rusqlite::Result<FieldRow> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
        row.get(6)?,
        row.get(7)?,
    ))
}

type FieldRow = ([u8; 16], String, String, String, String, String, bool, i32);

fn into_field(
    (id, entity, key, label, kind, options, required, position): FieldRow,
) -> Result<FieldDefinition, Error> {
    Ok(FieldDefinition {
        id: FieldId(Uuid::from_bytes(id)),
        entity: parse("entity", FieldEntity::parse(&entity))?,
        key: parse("key", FieldKey::parse(&key))?,
        label,
        kind: parse("kind", FieldKind::parse(&kind))?,
        options: codec::decode_strings("options", &options)?,
        required,
        position,
    })
}

pub(crate) fn create_field(
    db: &Connection,
    field: FieldDefinition,
) -> Result<FieldDefinition, Error> {
    let mut statement = db.prepare_cached(
        "INSERT INTO field_definition (id, entity, key, label, kind, options, required, position) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    statement
        .execute(params![
            key(field.id.0),
            field.entity.as_str(),
            field.key.as_str(),
            field.label,
            field.kind.as_str(),
            codec::encode_strings(field.options.iter().map(String::as_str)),
            field.required,
            field.position,
        ])
        .map_err(|e| {
            if is_id_clash(&e, "field_definition") {
                Error::from(e)
            } else {
                duplicate_as("field key")(e)
            }
        })?;
    Ok(field)
}

pub(crate) fn get_field(db: &Connection, id: FieldId) -> Result<Option<FieldDefinition>, Error> {
    let sql = format!("SELECT {FIELD_COLUMNS} FROM field_definition WHERE id = ?1");
    let row = db
        .prepare_cached(&sql)?
        .query_row([key(id.0)], read_field)
        .optional()?;
    row.map(into_field).transpose()
}

pub(crate) fn update_field(
    db: &Connection,
    field: FieldDefinition,
) -> Result<FieldDefinition, Error> {
    let mut statement = db.prepare_cached(
        "UPDATE field_definition SET entity = ?2, key = ?3, label = ?4, kind = ?5, options = ?6, required = ?7, \
         position = ?8 WHERE id = ?1",
    )?;
    let changed = statement
        .execute(params![
            key(field.id.0),
            field.entity.as_str(),
            field.key.as_str(),
            field.label,
            field.kind.as_str(),
            codec::encode_strings(field.options.iter().map(String::as_str)),
            field.required,
            field.position,
        ])
        .map_err(duplicate_as("field key"))?;
    if changed == 0 {
        return Err(StoreError::NotFound.into());
    }
    Ok(field)
}

pub(crate) fn list_fields(
    db: &Connection,
    entity: Option<FieldEntity>,
) -> Result<Vec<FieldDefinition>, Error> {
    let sql = format!(
        "SELECT {FIELD_COLUMNS} FROM field_definition WHERE ?1 IS NULL OR entity = ?1 ORDER BY position, key, entity"
    );
    let mut statement = db.prepare_cached(&sql)?;
    let rows = statement.query_map([entity.map(FieldEntity::as_str)], read_field)?;
    rows.map(|row| into_field(row?)).collect()
}
