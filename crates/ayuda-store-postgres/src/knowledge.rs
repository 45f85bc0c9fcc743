//! The knowledge base on PostgreSQL: categories, articles, translations and their versions, counters.

use std::collections::BTreeMap;

use ayuda_core::Timestamp;
use ayuda_core::id::{AgentId, ArticleId, AttachmentId, CategoryId, TicketId};
use ayuda_core::knowledge::{
    Article, ArticleStatus, ArticleTitle, ArticleVersion, Category, Translation, Visibility,
};
use ayuda_core::message::Attachment;
use ayuda_core::text::{Language, Name};
use ayuda_store::knowledge::{
    ArticleCounter, ArticleCursor, ArticleQuery, ArticleSettings, MAX_CATEGORIES, MAX_VERSIONS,
    TranslationWrite,
};
use ayuda_store::search::{EntryKind, IndexEntry, article_entries};
use ayuda_store::{MAX_PAGE, Page, StoreError};
use sqlx::{PgConnection, PgPool, Postgres, QueryBuilder};
use uuid::Uuid;

use crate::errors::Result;
use crate::rows::{SqlTimestamp, corrupt, sql_ts};
use crate::search;

fn parsed<T>(column: &'static str, value: Result<T, ayuda_core::FieldError>) -> Result<T> {
    Ok(value.map_err(|e| corrupt(column, e.message))?)
}

pub(crate) async fn create_category(pool: &PgPool, category: &Category) -> Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query(
        "insert into kb_category (id, parent_id, position, created_at) values ($1, $2, $3, $4)",
    )
    .bind(category.id.0)
    .bind(category.parent.map(|p| p.0))
    .bind(category.position)
    .bind(sql_ts(category.created_at))
    .execute(&mut *tx)
    .await?;
    write_category_names(&mut tx, category).await?;
    tx.commit().await?;
    Ok(())
}

async fn write_category_names(conn: &mut PgConnection, category: &Category) -> Result<()> {
    sqlx::query("delete from kb_category_name where category_id = $1")
        .bind(category.id.0)
        .execute(&mut *conn)
        .await?;
    for (language, name) in &category.names {
        sqlx::query(
            "insert into kb_category_name (category_id, language, name) values ($1, $2, $3)",
        )
        .bind(category.id.0)
        .bind(language.as_str())
        .bind(name.as_str())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

pub(crate) async fn update_category(pool: &PgPool, category: &Category) -> Result<()> {
    let mut tx = pool.begin().await?;
    let updated = sqlx::query("update kb_category set parent_id = $2, position = $3 where id = $1")
        .bind(category.id.0)
        .bind(category.parent.map(|p| p.0))
        .bind(category.position)
        .execute(&mut *tx)
        .await?;
    if updated.rows_affected() == 0 {
        return Err(StoreError::NotFound.into());
    }
    write_category_names(&mut tx, category).await?;
    tx.commit().await?;
    Ok(())
}

pub(crate) async fn list_categories(pool: &PgPool) -> Result<Vec<Category>> {
    let rows: Vec<(Uuid, Option<Uuid>, i32, SqlTimestamp)> = sqlx::query_as(
        "select id, parent_id, position, created_at from kb_category order by position, id limit $1",
    )
    .bind(i64::from(MAX_CATEGORIES))
    .fetch_all(pool)
    .await?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.0).collect();
    let names: Vec<(Uuid, String, String)> = sqlx::query_as(
        "select category_id, language, name from kb_category_name where category_id = any($1)",
    )
    .bind(&ids)
    .fetch_all(pool)
    .await?;
    let mut by_category: BTreeMap<Uuid, BTreeMap<Language, Name>> = BTreeMap::new();
    for (id, language, name) in names {
        by_category.entry(id).or_default().insert(
            parsed("language", Language::parse(&language))?,
            parsed("name", Name::parse(&name))?,
        );
    }
    Ok(rows
        .into_iter()
        .map(|(id, parent, position, created_at)| Category {
            id: CategoryId(id),
            parent: parent.map(CategoryId),
            position,
            names: by_category.remove(&id).unwrap_or_default(),
            created_at: created_at.to_jiff(),
        })
        .collect())
}

pub(crate) async fn create_article(pool: &PgPool, article: &Article) -> Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query(
        "insert into kb_article (id, category_id, visibility, created_at, updated_at) values ($1, $2, $3, $4, $5)",
    )
    .bind(article.id.0)
    .bind(article.category.map(|c| c.0))
    .bind(article.visibility.as_str())
    .bind(sql_ts(article.created_at))
    .bind(sql_ts(article.updated_at))
    .execute(&mut *tx)
    .await?;
    for translation in &article.translations {
        write_translation(&mut tx, article.id, translation, true).await?;
    }
    for attachment in &article.attachments {
        add_attachment(&mut tx, article.id, attachment, article.created_at).await?;
    }
    let entries = article_entries(article);
    search::index(&mut tx, &entries).await?;
    search::add_vocabulary(&mut tx, &entries).await?;
    tx.commit().await?;
    Ok(())
}

async fn write_translation(
    conn: &mut PgConnection,
    article: ArticleId,
    translation: &Translation,
    new: bool,
) -> Result<()> {
    let sql = if new {
        "insert into kb_translation (article_id, language, title, body_html, body_text, status, version, \
         author_id, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
    } else {
        "update kb_translation set title = $3, body_html = $4, body_text = $5, status = $6, version = $7, \
         author_id = $8, updated_at = $9 where article_id = $1 and language = $2"
    };
    sqlx::query(sql)
        .bind(article.0)
        .bind(translation.language.as_str())
        .bind(translation.title.as_str())
        .bind(&translation.body_html)
        .bind(&translation.body_text)
        .bind(translation.status.as_str())
        .bind(translation.version)
        .bind(translation.author.0)
        .bind(sql_ts(translation.updated_at))
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "insert into kb_version (article_id, language, version, title, body_html, status, author_id, created_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(article.0)
    .bind(translation.language.as_str())
    .bind(translation.version)
    .bind(translation.title.as_str())
    .bind(&translation.body_html)
    .bind(translation.status.as_str())
    .bind(translation.author.0)
    .bind(sql_ts(translation.updated_at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(crate) async fn save_translation(pool: &PgPool, write: &TranslationWrite) -> Result<()> {
    let mut tx = pool.begin().await?;
    // Locking the article row serialises saves of its translations: the version check cannot race.
    let exists: Option<Uuid> =
        sqlx::query_scalar("select id from kb_article where id = $1 for update")
            .bind(write.article.0)
            .fetch_optional(&mut *tx)
            .await?;
    if exists.is_none() {
        return Err(StoreError::NotFound.into());
    }
    let stored: Option<i32> = sqlx::query_scalar(
        "select version from kb_translation where article_id = $1 and language = $2",
    )
    .bind(write.article.0)
    .bind(write.translation.language.as_str())
    .fetch_optional(&mut *tx)
    .await?;
    if stored.unwrap_or(0) + 1 != write.translation.version {
        return Err(StoreError::Conflict.into());
    }
    write_translation(&mut tx, write.article, &write.translation, stored.is_none()).await?;
    sqlx::query("update kb_article set updated_at = greatest(updated_at, $2) where id = $1")
        .bind(write.article.0)
        .bind(sql_ts(write.translation.updated_at))
        .execute(&mut *tx)
        .await?;
    reindex_article(&mut tx, write.article.0).await?;
    tx.commit().await?;
    Ok(())
}

pub(crate) async fn update_article(
    pool: &PgPool,
    article: ArticleId,
    settings: &ArticleSettings,
) -> Result<()> {
    let mut tx = pool.begin().await?;
    let updated = sqlx::query(
        "update kb_article set category_id = $2, visibility = $3, updated_at = $4 where id = $1",
    )
    .bind(article.0)
    .bind(settings.category.map(|c| c.0))
    .bind(settings.visibility.as_str())
    .bind(sql_ts(settings.updated_at))
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(StoreError::NotFound.into());
    }
    reindex_article(&mut tx, article.0).await?;
    tx.commit().await?;
    Ok(())
}

/// Replaces the index entries of an article, inside the caller's transaction.
async fn reindex_article(conn: &mut PgConnection, id: Uuid) -> Result<()> {
    search::unindex(conn, EntryKind::Article, id).await?;
    let entries = entries_of(conn, id).await?;
    search::index(conn, &entries).await?;
    search::add_vocabulary(conn, &entries).await?;
    Ok(())
}

/// The index entries of an article's published translations, for a rebuild of the index.
pub(crate) async fn index_entries(pool: &PgPool, id: Uuid) -> Result<Vec<IndexEntry>> {
    let mut conn = pool.acquire().await?;
    entries_of(&mut conn, id).await
}

async fn entries_of(conn: &mut PgConnection, id: Uuid) -> Result<Vec<IndexEntry>> {
    Ok(read_article(conn, ArticleId(id), false)
        .await?
        .map(|article| article_entries(&article))
        .unwrap_or_default())
}

type ArticleRow = (
    Uuid,
    Option<Uuid>,
    String,
    SqlTimestamp,
    SqlTimestamp,
    i64,
    i64,
    i64,
    i64,
);
type TranslationRow = (
    Uuid,
    String,
    String,
    String,
    String,
    String,
    i32,
    Uuid,
    SqlTimestamp,
);

const ARTICLE_COLUMNS: &str =
    "id, category_id, visibility, created_at, updated_at, views, helpful, unhelpful, deflections";

async fn read_article(
    conn: &mut PgConnection,
    id: ArticleId,
    attachments: bool,
) -> Result<Option<Article>> {
    let row: Option<ArticleRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {ARTICLE_COLUMNS} from kb_article where id = $1"
    )))
    .bind(id.0)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let mut articles = assemble(conn, vec![row]).await?;
    let mut article = articles.pop().ok_or(StoreError::NotFound)?;
    if attachments {
        let rows: Vec<(Uuid, String, String, i64, String)> = sqlx::query_as(
            "select id, filename, content_type, size, sha256 from kb_attachment where article_id = $1 order by id",
        )
        .bind(id.0)
        .fetch_all(&mut *conn)
        .await?;
        article.attachments = rows
            .into_iter()
            .map(|(id, filename, content_type, size, sha256)| Attachment {
                id: AttachmentId(id),
                filename,
                content_type,
                size,
                sha256,
                content_id: None,
            })
            .collect();
    }
    Ok(Some(article))
}

/// Articles from their rows, with their translations (two queries for any number).
async fn assemble(conn: &mut PgConnection, rows: Vec<ArticleRow>) -> Result<Vec<Article>> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.0).collect();
    let translations: Vec<TranslationRow> = sqlx::query_as(
        "select article_id, language, title, body_html, body_text, status, version, author_id, updated_at \
         from kb_translation where article_id = any($1) order by language",
    )
    .bind(&ids)
    .fetch_all(&mut *conn)
    .await?;
    let mut by_article: BTreeMap<Uuid, Vec<Translation>> = BTreeMap::new();
    for (article, language, title, body_html, body_text, status, version, author, at) in
        translations
    {
        by_article.entry(article).or_default().push(Translation {
            language: parsed("language", Language::parse(&language))?,
            title: parsed("title", ArticleTitle::parse(&title))?,
            body_html,
            body_text,
            status: parsed("status", ArticleStatus::parse(&status))?,
            version,
            author: AgentId(author),
            updated_at: at.to_jiff(),
        });
    }
    rows.into_iter()
        .map(|row| {
            let (
                id,
                category,
                visibility,
                created,
                updated,
                views,
                helpful,
                unhelpful,
                deflections,
            ) = row;
            Ok(Article {
                id: ArticleId(id),
                category: category.map(CategoryId),
                visibility: parsed("visibility", Visibility::parse(&visibility))?,
                translations: by_article.remove(&id).unwrap_or_default(),
                attachments: Vec::new(),
                created_at: created.to_jiff(),
                updated_at: updated.to_jiff(),
                views,
                helpful,
                unhelpful,
                deflections,
            })
        })
        .collect()
}

pub(crate) async fn get_article(pool: &PgPool, id: ArticleId) -> Result<Option<Article>> {
    let mut conn = pool.acquire().await?;
    read_article(&mut conn, id, true).await
}

pub(crate) async fn list_articles(
    pool: &PgPool,
    query: &ArticleQuery,
) -> Result<Page<Article, ArticleCursor>> {
    let limit = query.limit.clamp(1, MAX_PAGE);
    let mut sql = QueryBuilder::<Postgres>::new(format!(
        "select {ARTICLE_COLUMNS} from kb_article where true"
    ));
    if let Some(category) = query.category {
        sql.push(" and category_id = ").push_bind(category.0);
    }
    if !query.visibilities.is_empty() {
        let visibilities: Vec<&str> = query.visibilities.iter().map(|v| v.as_str()).collect();
        sql.push(" and visibility = any(")
            .push_bind(visibilities)
            .push(")");
    }
    if let Some(status) = query.status {
        sql.push(
            " and exists (select 1 from kb_translation tr where tr.article_id = kb_article.id and tr.status = ",
        )
        .push_bind(status.as_str())
        .push(")");
    }
    if let Some(cursor) = query.after {
        sql.push(" and (updated_at, id) < (")
            .push_bind(sql_ts(cursor.updated_at))
            .push(", ")
            .push_bind(cursor.id.0)
            .push(")");
    }
    sql.push(" order by updated_at desc, id desc limit ")
        .push_bind(i64::from(limit) + 1);
    let rows: Vec<ArticleRow> = sql.build_query_as().fetch_all(pool).await?;
    let mut conn = pool.acquire().await?;
    let articles = assemble(&mut conn, rows).await?;
    Ok(Page::from_overfetch(articles, limit, |a| ArticleCursor {
        updated_at: a.updated_at,
        id: a.id,
    }))
}

pub(crate) async fn list_versions(
    pool: &PgPool,
    article: ArticleId,
    language: &Language,
) -> Result<Vec<ArticleVersion>> {
    let rows: Vec<(i32, String, String, String, Uuid, SqlTimestamp)> = sqlx::query_as(
        "select version, title, body_html, status, author_id, created_at from kb_version \
         where article_id = $1 and language = $2 order by version desc limit $3",
    )
    .bind(article.0)
    .bind(language.as_str())
    .bind(i64::from(MAX_VERSIONS))
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(version, title, body_html, status, author, created_at)| {
            Ok(ArticleVersion {
                article,
                language: language.clone(),
                version,
                title: parsed("title", ArticleTitle::parse(&title))?,
                body_html,
                status: parsed("status", ArticleStatus::parse(&status))?,
                author: AgentId(author),
                created_at: created_at.to_jiff(),
            })
        })
        .collect()
}

pub(crate) async fn add_attachment(
    conn: &mut PgConnection,
    article: ArticleId,
    attachment: &Attachment,
    at: Timestamp,
) -> Result<()> {
    sqlx::query(
        "insert into kb_attachment (id, article_id, filename, content_type, size, sha256, created_at) \
         values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(attachment.id.0)
    .bind(article.0)
    .bind(&attachment.filename)
    .bind(&attachment.content_type)
    .bind(attachment.size)
    .bind(&attachment.sha256)
    .bind(sql_ts(at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(crate) async fn count(
    pool: &PgPool,
    article: ArticleId,
    counter: ArticleCounter,
) -> Result<()> {
    let column = match counter {
        ArticleCounter::View => "views",
        ArticleCounter::Helpful => "helpful",
        ArticleCounter::Unhelpful => "unhelpful",
        ArticleCounter::Deflection => "deflections",
    };
    // `column` is one of four names above, never input.
    let updated = sqlx::query(sqlx::AssertSqlSafe(format!(
        "update kb_article set {column} = {column} + 1 where id = $1"
    )))
    .bind(article.0)
    .execute(pool)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(StoreError::NotFound.into());
    }
    Ok(())
}

pub(crate) async fn record_use(
    pool: &PgPool,
    ticket: TicketId,
    article: ArticleId,
    at: Timestamp,
) -> Result<()> {
    sqlx::query(
        "insert into kb_article_use (ticket_id, article_id, used_at) values ($1, $2, $3) \
         on conflict (ticket_id, article_id) do nothing",
    )
    .bind(ticket.0)
    .bind(article.0)
    .bind(sql_ts(at))
    .execute(pool)
    .await?;
    Ok(())
}

pub(crate) async fn articles_used(pool: &PgPool, ticket: TicketId) -> Result<Vec<ArticleId>> {
    let ids: Vec<Uuid> = sqlx::query_scalar(
        "select article_id from kb_article_use where ticket_id = $1 order by used_at limit 100",
    )
    .bind(ticket.0)
    .fetch_all(pool)
    .await?;
    Ok(ids.into_iter().map(ArticleId).collect())
}
