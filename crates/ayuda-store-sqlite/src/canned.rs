//! Canned responses: one row per language version.

use ayuda_core::canned::CannedResponse;
use ayuda_core::id::CannedResponseId;
use ayuda_core::text::{Language, Name};
use ayuda_store::codec::{self, CorruptValue};
use ayuda_store::{MAX_CANNED_RESPONSES, StoreError};
use rusqlite::{Connection, OptionalExtension, Row, params};
use uuid::Uuid;

use crate::error::Error;
use crate::rows::{corrupt, key, micros, timestamp};

const COLUMNS: &str = "id, name, language, body, created_at, updated_at";

fn read(row: &Row<'_>) -> rusqlite::Result<Result<CannedResponse, CorruptValue>> {
    let id: [u8; 16] = row.get(0)?;
    let name: String = row.get(1)?;
    let language: String = row.get(2)?;
    let body: String = row.get(3)?;
    let created_at: i64 = row.get(4)?;
    let updated_at: i64 = row.get(5)?;
    Ok((|| {
        Ok(CannedResponse {
            id: CannedResponseId(Uuid::from_bytes(id)),
            name: Name::parse(&name).map_err(|e| corrupt("name", e))?,
            language: Language::parse(&language).map_err(|e| corrupt("language", e))?,
            body,
            created_at: timestamp("created_at", created_at)?,
            updated_at: timestamp("updated_at", updated_at)?,
        })
    })())
}

pub(crate) fn create(db: &Connection, canned: &CannedResponse) -> Result<(), Error> {
    db.prepare_cached(&format!(
        "INSERT INTO canned_response ({COLUMNS}, name_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
    ))?
    .execute(params![
        key(canned.id.0),
        canned.name.as_str(),
        canned.language.to_string(),
        canned.body,
        micros(canned.created_at),
        micros(canned.updated_at),
        codec::lookup_key(canned.name.as_str()),
    ])?;
    Ok(())
}

pub(crate) fn update(db: &Connection, canned: &CannedResponse) -> Result<(), Error> {
    let changed = db
        .prepare_cached(
            "UPDATE canned_response SET name = ?2, language = ?3, body = ?4, updated_at = ?5, name_key = ?6 \
             WHERE id = ?1",
        )?
        .execute(params![
            key(canned.id.0),
            canned.name.as_str(),
            canned.language.to_string(),
            canned.body,
            micros(canned.updated_at),
            codec::lookup_key(canned.name.as_str()),
        ])?;
    if changed == 0 {
        return Err(StoreError::NotFound.into());
    }
    Ok(())
}

pub(crate) fn delete(db: &Connection, id: CannedResponseId) -> Result<(), Error> {
    let changed = db
        .prepare_cached("DELETE FROM canned_response WHERE id = ?1")?
        .execute([key(id.0)])?;
    if changed == 0 {
        return Err(StoreError::NotFound.into());
    }
    Ok(())
}

pub(crate) fn get(db: &Connection, id: CannedResponseId) -> Result<Option<CannedResponse>, Error> {
    Ok(db
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM canned_response WHERE id = ?1"
        ))?
        .query_row([key(id.0)], read)
        .optional()?
        .transpose()?)
}

pub(crate) fn list(db: &Connection) -> Result<Vec<CannedResponse>, Error> {
    let mut statement = db.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM canned_response ORDER BY name_key, language, id LIMIT ?1"
    ))?;
    let rows = statement.query_map([MAX_CANNED_RESPONSES], read)?;
    let mut found = Vec::new();
    for row in rows {
        found.push(row??);
    }
    Ok(found)
}
