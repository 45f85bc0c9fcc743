//! Views agents save: a name for a set of ticket filters.

use ayuda_core::id::{AgentId, SavedViewId};
use ayuda_core::saved_view::{MAX_SAVED_VIEWS, SavedView};
use ayuda_core::text::Name;
use ayuda_store::StoreError;
use ayuda_store::codec::CorruptValue;
use rusqlite::{Connection, OptionalExtension, Row, params};
use uuid::Uuid;

use crate::error::{Error, is_foreign_key_violation};
use crate::rows::{corrupt, key, micros, timestamp};

const COLUMNS: &str = "id, owner_id, name, filters, shared, created_at";

fn read(row: &Row<'_>) -> rusqlite::Result<Result<SavedView, CorruptValue>> {
    let id: [u8; 16] = row.get(0)?;
    let owner: [u8; 16] = row.get(1)?;
    let name: String = row.get(2)?;
    let filters: String = row.get(3)?;
    let shared: bool = row.get(4)?;
    let created_at: i64 = row.get(5)?;
    Ok((|| {
        Ok(SavedView {
            id: SavedViewId(Uuid::from_bytes(id)),
            owner: AgentId(Uuid::from_bytes(owner)),
            name: Name::parse(&name).map_err(|e| corrupt("name", e.message))?,
            filters,
            shared,
            created_at: timestamp("created_at", created_at)?,
        })
    })())
}

pub(crate) fn create(db: &Connection, view: &SavedView) -> Result<(), Error> {
    let inserted = db
        .prepare_cached(&format!(
            "INSERT INTO saved_view ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
        ))?
        .execute(params![
            key(view.id.0),
            key(view.owner.0),
            view.name.as_str(),
            view.filters,
            view.shared,
            micros(view.created_at),
        ]);
    match inserted.map_err(Error::from) {
        Ok(_) => Ok(()),
        Err(error) if is_foreign_key_violation(&error) => {
            Err(StoreError::MissingReference("agent".to_owned()).into())
        }
        Err(error) => Err(error),
    }
}

pub(crate) fn get(db: &Connection, id: SavedViewId) -> Result<Option<SavedView>, Error> {
    Ok(db
        .prepare_cached(&format!("SELECT {COLUMNS} FROM saved_view WHERE id = ?1"))?
        .query_row([key(id.0)], read)
        .optional()?
        .transpose()?)
}

pub(crate) fn list(db: &Connection, agent: AgentId) -> Result<Vec<SavedView>, Error> {
    let mut statement = db.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM saved_view WHERE owner_id = ?1 OR shared = 1 ORDER BY name, id LIMIT ?2"
    ))?;
    let rows = statement.query_map(params![key(agent.0), MAX_SAVED_VIEWS], read)?;
    let mut found = Vec::new();
    for row in rows {
        found.push(row??);
    }
    Ok(found)
}

pub(crate) fn delete(db: &Connection, id: SavedViewId) -> Result<(), Error> {
    db.prepare_cached("DELETE FROM saved_view WHERE id = ?1")?
        .execute([key(id.0)])?;
    Ok(())
}
