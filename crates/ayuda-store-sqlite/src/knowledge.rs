//! The knowledge base on SQLite: categories, articles, translations and their versions, counters.

use std::collections::BTreeMap;

use ayuda_core::Timestamp;
use ayuda_core::id::{AgentId, ArticleId, CategoryId, TicketId};
use ayuda_core::knowledge::{
    Article, ArticleStatus, ArticleTitle, ArticleVersion, Category, Translation, Visibility,
};
use ayuda_core::message::Attachment;
use ayuda_core::text::{Language, Name};
use ayuda_store::knowledge::{
    ArticleCounter, ArticleCursor, ArticleQuery, ArticleSettings, MAX_CATEGORIES, MAX_VERSIONS,
    TranslationWrite,
};
use ayuda_store::search::{EntryKind, article_entries};
use ayuda_store::{MAX_PAGE, Page, StoreError};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};
use uuid::Uuid;

use crate::error::{Error, missing_reference};
use crate::rows::{corrupt, key, micros, parse, push_in, read_attachment, timestamp};
use crate::search;

pub(crate) fn create_category(db: &Connection, category: &Category) -> Result<(), Error> {
    db.prepare_cached(
        "INSERT INTO kb_category (id, parent_id, position, created_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![
        key(category.id.0),
        category.parent.map(|p| key(p.0)),
        category.position,
        micros(category.created_at),
    ])
    .map_err(Error::from)
    .map_err(missing_reference("parent category"))?;
    write_category_names(db, category)
}

fn write_category_names(db: &Connection, category: &Category) -> Result<(), Error> {
    db.prepare_cached("DELETE FROM kb_category_name WHERE category_id = ?1")?
        .execute([key(category.id.0)])?;
    let mut insert = db.prepare_cached(
        "INSERT INTO kb_category_name (category_id, language, name) VALUES (?1, ?2, ?3)",
    )?;
    for (language, name) in &category.names {
        insert.execute(params![
            key(category.id.0),
            language.as_str(),
            name.as_str()
        ])?;
    }
    Ok(())
}

pub(crate) fn update_category(db: &Connection, category: &Category) -> Result<(), Error> {
    let changed = db
        .prepare_cached("UPDATE kb_category SET parent_id = ?2, position = ?3 WHERE id = ?1")?
        .execute(params![
            key(category.id.0),
            category.parent.map(|p| key(p.0)),
            category.position
        ])
        .map_err(Error::from)
        .map_err(missing_reference("parent category"))?;
    if changed == 0 {
        return Err(StoreError::NotFound.into());
    }
    write_category_names(db, category)
}

/// id, parent, position, created_at.
type CategoryRow = ([u8; 16], Option<[u8; 16]>, i32, i64);

pub(crate) fn list_categories(db: &Connection) -> Result<Vec<Category>, Error> {
    let rows: Vec<CategoryRow> = db
        .prepare_cached(
            "SELECT id, parent_id, position, created_at FROM kb_category ORDER BY position, id LIMIT ?1",
        )?
        .query_map([MAX_CATEGORIES], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut names = db.prepare_cached(
        "SELECT language, name FROM kb_category_name WHERE category_id = ?1 ORDER BY language",
    )?;
    let mut categories = Vec::with_capacity(rows.len());
    for (id, parent, position, created_at) in rows {
        let mut by_language = BTreeMap::new();
        for pair in names.query_map([id], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })? {
            let (language, name) = pair?;
            by_language.insert(
                parse("language", Language::parse(&language))?,
                parse("name", Name::parse(&name))?,
            );
        }
        categories.push(Category {
            id: CategoryId(Uuid::from_bytes(id)),
            parent: parent.map(|p| CategoryId(Uuid::from_bytes(p))),
            position,
            names: by_language,
            created_at: timestamp("created_at", created_at)?,
        });
    }
    Ok(categories)
}

pub(crate) fn create_article(db: &Connection, article: &Article) -> Result<(), Error> {
    db.prepare_cached(
        "INSERT INTO kb_article (id, category_id, visibility, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        key(article.id.0),
        article.category.map(|c| key(c.0)),
        article.visibility.as_str(),
        micros(article.created_at),
        micros(article.updated_at),
    ])
    .map_err(Error::from)
    .map_err(missing_reference("category"))?;
    for translation in &article.translations {
        write_translation(db, article.id, translation, true)?;
    }
    for attachment in &article.attachments {
        add_attachment(db, article.id, attachment, article.created_at)?;
    }
    index_article(db, article.id.0)
}

/// Writes the translation's latest version and appends it to the history.
fn write_translation(
    db: &Connection,
    article: ArticleId,
    translation: &Translation,
    new: bool,
) -> Result<(), Error> {
    let sql = if new {
        "INSERT INTO kb_translation (article_id, language, title, body_html, body_text, status, version, \
         author_id, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
    } else {
        "UPDATE kb_translation SET title = ?3, body_html = ?4, body_text = ?5, status = ?6, version = ?7, \
         author_id = ?8, updated_at = ?9 WHERE article_id = ?1 AND language = ?2"
    };
    db.prepare_cached(sql)?
        .execute(params![
            key(article.0),
            translation.language.as_str(),
            translation.title.as_str(),
            translation.body_html,
            translation.body_text,
            translation.status.as_str(),
            translation.version,
            key(translation.author.0),
            micros(translation.updated_at),
        ])
        .map_err(Error::from)
        .map_err(missing_reference("author"))?;
    db.prepare_cached(
        "INSERT INTO kb_version (article_id, language, version, title, body_html, status, author_id, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        key(article.0),
        translation.language.as_str(),
        translation.version,
        translation.title.as_str(),
        translation.body_html,
        translation.status.as_str(),
        key(translation.author.0),
        micros(translation.updated_at),
    ])?;
    Ok(())
}

pub(crate) fn save_translation(db: &Connection, write: &TranslationWrite) -> Result<(), Error> {
    let stored: Option<i32> = db
        .prepare_cached(
            "SELECT version FROM kb_translation WHERE article_id = ?1 AND language = ?2",
        )?
        .query_row(
            params![key(write.article.0), write.translation.language.as_str()],
            |row| row.get(0),
        )
        .optional()?;
    let exists: bool = db
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM kb_article WHERE id = ?1)")?
        .query_row([key(write.article.0)], |row| row.get(0))?;
    if !exists {
        return Err(StoreError::NotFound.into());
    }
    if stored.unwrap_or(0) + 1 != write.translation.version {
        return Err(StoreError::Conflict.into());
    }
    write_translation(db, write.article, &write.translation, stored.is_none())?;
    db.prepare_cached("UPDATE kb_article SET updated_at = max(updated_at, ?2) WHERE id = ?1")?
        .execute(params![
            key(write.article.0),
            micros(write.translation.updated_at)
        ])?;
    index_article(db, write.article.0)
}

pub(crate) fn update_article(
    db: &Connection,
    article: ArticleId,
    settings: &ArticleSettings,
) -> Result<(), Error> {
    let changed = db
        .prepare_cached("UPDATE kb_article SET category_id = ?2, visibility = ?3, updated_at = ?4 WHERE id = ?1")?
        .execute(params![
            key(article.0),
            settings.category.map(|c| key(c.0)),
            settings.visibility.as_str(),
            micros(settings.updated_at),
        ])
        .map_err(Error::from)
        .map_err(missing_reference("category"))?;
    if changed == 0 {
        return Err(StoreError::NotFound.into());
    }
    index_article(db, article.0)
}

/// Re-writes the index entries of every translation of an article: published ones found, others not.
pub(crate) fn index_article(db: &Connection, id: Uuid) -> Result<(), Error> {
    search::unindex(db, EntryKind::Article, id, None)?;
    if let Some(article) = read_article(db, ArticleId(id), false)? {
        for entry in article_entries(&article) {
            search::index(db, &entry)?;
        }
    }
    Ok(())
}

const ARTICLE_COLUMNS: &str =
    "id, category_id, visibility, created_at, updated_at, views, helpful, unhelpful, deflections";

type ArticleRow = (
    [u8; 16],
    Option<[u8; 16]>,
    String,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
);

fn read_article_row(row: &Row<'_>) -> rusqlite::Result<ArticleRow> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
        row.get(6)?,
        row.get(7)?,
        row.get(8)?,
    ))
}

fn into_article(db: &Connection, row: ArticleRow, attachments: bool) -> Result<Article, Error> {
    let (id, category, visibility, created_at, updated_at, views, helpful, unhelpful, deflections) =
        row;
    let mut statement = db.prepare_cached(
        "SELECT language, title, body_html, body_text, status, version, author_id, updated_at \
         FROM kb_translation WHERE article_id = ?1 ORDER BY language",
    )?;
    let rows = statement.query_map([id], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
            row.get::<_, String>(3)?,
            row.get::<_, String>(4)?,
            row.get::<_, i32>(5)?,
            row.get::<_, [u8; 16]>(6)?,
            row.get::<_, i64>(7)?,
        ))
    })?;
    let mut translations = Vec::new();
    for row in rows {
        let (language, title, body_html, body_text, status, version, author, at) = row?;
        translations.push(Translation {
            language: parse("language", Language::parse(&language))?,
            title: parse("title", ArticleTitle::parse(&title))?,
            body_html,
            body_text,
            status: parse("status", ArticleStatus::parse(&status))?,
            version,
            author: AgentId(Uuid::from_bytes(author)),
            updated_at: timestamp("updated_at", at)?,
        });
    }
    let attachments = if attachments {
        db.prepare_cached(
            "SELECT id, filename, content_type, size, sha256, NULL FROM kb_attachment \
             WHERE article_id = ?1 ORDER BY id",
        )?
        .query_map([id], read_attachment)?
        .collect::<rusqlite::Result<Vec<_>>>()?
    } else {
        Vec::new()
    };
    Ok(Article {
        id: ArticleId(Uuid::from_bytes(id)),
        category: category.map(|c| CategoryId(Uuid::from_bytes(c))),
        visibility: Visibility::parse(&visibility).map_err(|e| corrupt("visibility", e.message))?,
        translations,
        attachments,
        created_at: timestamp("created_at", created_at)?,
        updated_at: timestamp("updated_at", updated_at)?,
        views,
        helpful,
        unhelpful,
        deflections,
    })
}

pub(crate) fn get_article(db: &Connection, id: ArticleId) -> Result<Option<Article>, Error> {
    read_article(db, id, true)
}

/// The article, with its attachments' metadata only when `attachments`.
fn read_article(
    db: &Connection,
    id: ArticleId,
    attachments: bool,
) -> Result<Option<Article>, Error> {
    let row = db
        .prepare_cached(&format!(
            "SELECT {ARTICLE_COLUMNS} FROM kb_article WHERE id = ?1"
        ))?
        .query_row([key(id.0)], read_article_row)
        .optional()?;
    row.map(|row| into_article(db, row, attachments))
        .transpose()
}

pub(crate) fn list_articles(
    db: &Connection,
    query: &ArticleQuery,
) -> Result<Page<Article, ArticleCursor>, Error> {
    let limit = query.limit.clamp(1, MAX_PAGE);
    let mut conditions = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    if let Some(category) = query.category {
        conditions.push("category_id = ?".to_owned());
        args.push(Value::Blob(key(category.0).to_vec()));
    }
    push_in(
        &mut conditions,
        &mut args,
        "visibility",
        query.visibilities.iter().map(|v| v.as_str()),
    );
    if let Some(status) = query.status {
        conditions.push(
            "EXISTS (SELECT 1 FROM kb_translation tr WHERE tr.article_id = kb_article.id AND tr.status = ?)"
                .to_owned(),
        );
        args.push(Value::Text(status.as_str().to_owned()));
    }
    if let Some(cursor) = query.after {
        conditions.push("(updated_at, id) < (?, ?)".to_owned());
        args.push(Value::Integer(micros(cursor.updated_at)));
        args.push(Value::Blob(key(cursor.id.0).to_vec()));
    }
    let filter = if conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conditions.join(" AND "))
    };
    let sql = format!(
        "SELECT {ARTICLE_COLUMNS} FROM kb_article {filter} ORDER BY updated_at DESC, id DESC LIMIT {}",
        limit + 1
    );
    let rows: Vec<ArticleRow> = db
        .prepare_cached(&sql)?
        .query_map(params_from_iter(args), read_article_row)?
        .collect::<rusqlite::Result<_>>()?;
    let articles = rows
        .into_iter()
        .map(|row| into_article(db, row, false))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page::from_overfetch(articles, limit, |a| ArticleCursor {
        updated_at: a.updated_at,
        id: a.id,
    }))
}

pub(crate) fn list_versions(
    db: &Connection,
    article: ArticleId,
    language: &Language,
) -> Result<Vec<ArticleVersion>, Error> {
    let mut statement = db.prepare_cached(
        "SELECT version, title, body_html, status, author_id, created_at FROM kb_version \
         WHERE article_id = ?1 AND language = ?2 ORDER BY version DESC LIMIT ?3",
    )?;
    let rows = statement.query_map(
        params![key(article.0), language.as_str(), MAX_VERSIONS],
        |row| {
            Ok((
                row.get::<_, i32>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, [u8; 16]>(4)?,
                row.get::<_, i64>(5)?,
            ))
        },
    )?;
    let mut versions = Vec::new();
    for row in rows {
        let (version, title, body_html, status, author, created_at) = row?;
        versions.push(ArticleVersion {
            article,
            language: language.clone(),
            version,
            title: parse("title", ArticleTitle::parse(&title))?,
            body_html,
            status: parse("status", ArticleStatus::parse(&status))?,
            author: AgentId(Uuid::from_bytes(author)),
            created_at: timestamp("created_at", created_at)?,
        });
    }
    Ok(versions)
}

pub(crate) fn add_attachment(
    db: &Connection,
    article: ArticleId,
    attachment: &Attachment,
    at: Timestamp,
) -> Result<(), Error> {
    db.prepare_cached(
        "INSERT INTO kb_attachment (id, article_id, filename, content_type, size, sha256, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        key(attachment.id.0),
        key(article.0),
        attachment.filename,
        attachment.content_type,
        attachment.size,
        attachment.sha256,
        micros(at),
    ])
    .map_err(Error::from)
    .map_err(missing_reference("article"))?;
    Ok(())
}

pub(crate) fn count(
    db: &Connection,
    article: ArticleId,
    counter: ArticleCounter,
) -> Result<(), Error> {
    let column = match counter {
        ArticleCounter::View => "views",
        ArticleCounter::Helpful => "helpful",
        ArticleCounter::Unhelpful => "unhelpful",
        ArticleCounter::Deflection => "deflections",
    };
    let changed = db
        .prepare_cached(&format!(
            "UPDATE kb_article SET {column} = {column} + 1 WHERE id = ?1"
        ))?
        .execute([key(article.0)])?;
    if changed == 0 {
        return Err(StoreError::NotFound.into());
    }
    Ok(())
}

pub(crate) fn record_use(
    db: &Connection,
    ticket: TicketId,
    article: ArticleId,
    at: Timestamp,
) -> Result<(), Error> {
    db.prepare_cached(
        "INSERT INTO kb_article_use (ticket_id, article_id, used_at) VALUES (?1, ?2, ?3) \
         ON CONFLICT (ticket_id, article_id) DO NOTHING",
    )?
    .execute(params![key(ticket.0), key(article.0), micros(at)])
    .map_err(Error::from)
    .map_err(missing_reference("ticket or article"))?;
    Ok(())
}

pub(crate) fn articles_used(db: &Connection, ticket: TicketId) -> Result<Vec<ArticleId>, Error> {
    Ok(db
        .prepare_cached(
            "SELECT article_id FROM kb_article_use WHERE ticket_id = ?1 ORDER BY used_at LIMIT 100",
        )?
        .query_map([key(ticket.0)], |row| {
            row.get::<_, [u8; 16]>(0)
                .map(|id| ArticleId(Uuid::from_bytes(id)))
        })?
        .collect::<rusqlite::Result<_>>()?)
}
