//! Canned responses: one row per language version.

use ayuda_core::canned::CannedResponse;
use ayuda_core::id::CannedResponseId;
use ayuda_core::text::{Language, Name};
use ayuda_store::codec::{self, CorruptValue};
use ayuda_store::{MAX_CANNED_RESPONSES, StoreError};
use sqlx::PgPool;
use uuid::Uuid;

use crate::errors::Result;
use crate::rows::{SqlTimestamp, corrupt, sql_ts};

type CannedRow = (Uuid, String, String, String, SqlTimestamp, SqlTimestamp);

fn into_canned(row: CannedRow) -> Result<CannedResponse, CorruptValue> {
    let (id, name, language, body, created_at, updated_at) = row;
    Ok(CannedResponse {
        id: CannedResponseId(id),
        name: Name::parse(&name).map_err(|e| corrupt("name", e))?,
        language: Language::parse(&language).map_err(|e| corrupt("language", e))?,
        body,
        created_at: created_at.to_jiff(),
        updated_at: updated_at.to_jiff(),
    })
}

pub(crate) async fn create(pool: &PgPool, canned: &CannedResponse) -> Result<()> {
    sqlx::query(
        "insert into canned_response (id, name, language, body, created_at, updated_at, name_key)
         values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(canned.id.0)
    .bind(canned.name.as_str())
    .bind(canned.language.to_string())
    .bind(&canned.body)
    .bind(sql_ts(canned.created_at))
    .bind(sql_ts(canned.updated_at))
    .bind(codec::lookup_key(canned.name.as_str()))
    .execute(pool)
    .await?;
    Ok(())
}

pub(crate) async fn update(pool: &PgPool, canned: &CannedResponse) -> Result<()> {
    let changed = sqlx::query(
        "update canned_response set name = $2, language = $3, body = $4, updated_at = $5, name_key = $6
         where id = $1",
    )
    .bind(canned.id.0)
    .bind(canned.name.as_str())
    .bind(canned.language.to_string())
    .bind(&canned.body)
    .bind(sql_ts(canned.updated_at))
    .bind(codec::lookup_key(canned.name.as_str()))
    .execute(pool)
    .await?;
    if changed.rows_affected() == 0 {
        return Err(StoreError::NotFound.into());
    }
    Ok(())
}

pub(crate) async fn delete(pool: &PgPool, id: CannedResponseId) -> Result<()> {
    let changed = sqlx::query("delete from canned_response where id = $1")
        .bind(id.0)
        .execute(pool)
        .await?;
    if changed.rows_affected() == 0 {
        return Err(StoreError::NotFound.into());
    }
    Ok(())
}

pub(crate) async fn get(pool: &PgPool, id: CannedResponseId) -> Result<Option<CannedResponse>> {
    let row: Option<CannedRow> = sqlx::query_as(
        "select id, name, language, body, created_at, updated_at from canned_response where id = $1",
    )
    .bind(id.0)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(into_canned).transpose()?)
}

pub(crate) async fn list(pool: &PgPool) -> Result<Vec<CannedResponse>> {
    let rows: Vec<CannedRow> = sqlx::query_as(
        "select id, name, language, body, created_at, updated_at from canned_response
         order by name_key, language, id limit $1",
    )
    .bind(i64::from(MAX_CANNED_RESPONSES))
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(into_canned)
        .collect::<Result<Vec<_>, _>>()?)
}
