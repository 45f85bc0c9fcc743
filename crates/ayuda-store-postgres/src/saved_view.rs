//! Views agents save: a name for a set of ticket filters.

use ayuda_core::id::{AgentId, SavedViewId};
use ayuda_core::saved_view::{MAX_SAVED_VIEWS, SavedView};
use ayuda_core::text::Name;
use ayuda_store::codec::CorruptValue;
use sqlx::PgPool;
use uuid::Uuid;

use crate::errors::Result;
use crate::rows::{SqlTimestamp, corrupt, sql_ts};

type ViewRow = (Uuid, Uuid, String, String, bool, SqlTimestamp);

fn into_view(row: ViewRow) -> Result<SavedView, CorruptValue> {
    let (id, owner, name, filters, shared, created_at) = row;
    Ok(SavedView {
        id: SavedViewId(id),
        owner: AgentId(owner),
        name: Name::parse(&name).map_err(|e| corrupt("name", e.message))?,
        filters,
        shared,
        created_at: created_at.to_jiff(),
    })
}

pub(crate) async fn create(pool: &PgPool, view: &SavedView) -> Result<()> {
    sqlx::query(
        "insert into saved_view (id, owner_id, name, filters, shared, created_at)
         values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(view.id.0)
    .bind(view.owner.0)
    .bind(view.name.as_str())
    .bind(&view.filters)
    .bind(view.shared)
    .bind(sql_ts(view.created_at))
    .execute(pool)
    .await?;
    Ok(())
}

pub(crate) async fn get(pool: &PgPool, id: SavedViewId) -> Result<Option<SavedView>> {
    let row: Option<ViewRow> = sqlx::query_as(
        "select id, owner_id, name, filters, shared, created_at from saved_view where id = $1",
    )
    .bind(id.0)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(into_view).transpose()?)
}

pub(crate) async fn list(pool: &PgPool, agent: AgentId) -> Result<Vec<SavedView>> {
    let rows: Vec<ViewRow> = sqlx::query_as(
        "select id, owner_id, name, filters, shared, created_at from saved_view
         where owner_id = $1 or shared order by name, id limit $2",
    )
    .bind(agent.0)
    .bind(i64::from(MAX_SAVED_VIEWS))
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(into_view)
        .collect::<Result<Vec<_>, _>>()?)
}

pub(crate) async fn delete(pool: &PgPool, id: SavedViewId) -> Result<()> {
    sqlx::query("delete from saved_view where id = $1")
        .bind(id.0)
        .execute(pool)
        .await?;
    Ok(())
}
