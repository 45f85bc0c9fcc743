//! Keeping agents current on SQLite: announcements and read receipts, training progress, and the records of
//! what the knowledge base lacks.

use ayuda_core::Timestamp;
use ayuda_core::id::{AgentId, AnnouncementId, ArticleId, TicketId};
use ayuda_core::knowledge::{Announcement, ArticleTitle, ReadReceipt};
use ayuda_core::text::Language;
use ayuda_store::knowledge::{SearchMiss, UnhelpedTicket};
use rusqlite::{Connection, OptionalExtension, Row, params};
use uuid::Uuid;

use crate::error::{Error, missing_reference};
use crate::rows::{key, micros, parse, timestamp};

pub(crate) fn complete_training(
    db: &Connection,
    agent: AgentId,
    article: ArticleId,
    at: Timestamp,
) -> Result<(), Error> {
    db.prepare_cached(
        "INSERT INTO kb_training (agent_id, article_id, completed_at) VALUES (?1, ?2, ?3) \
         ON CONFLICT (agent_id, article_id) DO NOTHING",
    )?
    .execute(params![key(agent.0), key(article.0), micros(at)])
    .map_err(Error::from)
    .map_err(missing_reference("agent or article"))?;
    Ok(())
}

pub(crate) fn training_progress(
    db: &Connection,
    agent: AgentId,
) -> Result<Vec<(ArticleId, Timestamp)>, Error> {
    let rows: Vec<([u8; 16], i64)> = db
        .prepare_cached(
            "SELECT article_id, completed_at FROM kb_training WHERE agent_id = ?1 ORDER BY completed_at LIMIT 10000",
        )?
        .query_map([key(agent.0)], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(id, at)| {
            Ok((
                ArticleId(Uuid::from_bytes(id)),
                timestamp("completed_at", at)?,
            ))
        })
        .collect()
}

const ANNOUNCEMENT_COLUMNS: &str = "a.id, a.title, a.body_html, a.author_id, a.published_at";

/// id, title, body, author, published at.
type AnnouncementRow = ([u8; 16], String, String, [u8; 16], i64);

fn read_announcement(row: &Row<'_>) -> rusqlite::Result<AnnouncementRow> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
    ))
}

fn into_announcement(
    row: ([u8; 16], String, String, [u8; 16], i64),
) -> Result<Announcement, Error> {
    let (id, title, body_html, author, published_at) = row;
    Ok(Announcement {
        id: AnnouncementId(Uuid::from_bytes(id)),
        title: parse("title", ArticleTitle::parse(&title))?,
        body_html,
        author: AgentId(Uuid::from_bytes(author)),
        published_at: timestamp("published_at", published_at)?,
    })
}

pub(crate) fn create_announcement(
    db: &Connection,
    announcement: &Announcement,
) -> Result<(), Error> {
    db.prepare_cached(
        "INSERT INTO announcement (id, title, body_html, author_id, published_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        key(announcement.id.0),
        announcement.title.as_str(),
        announcement.body_html,
        key(announcement.author.0),
        micros(announcement.published_at),
    ])
    .map_err(Error::from)
    .map_err(missing_reference("author"))?;
    Ok(())
}

pub(crate) fn get_announcement(
    db: &Connection,
    id: AnnouncementId,
) -> Result<Option<Announcement>, Error> {
    db.prepare_cached(&format!(
        "SELECT {ANNOUNCEMENT_COLUMNS} FROM announcement a WHERE a.id = ?1"
    ))?
    .query_row([key(id.0)], read_announcement)
    .optional()?
    .map(into_announcement)
    .transpose()
}

pub(crate) fn list_announcements(
    db: &Connection,
    before: Option<AnnouncementId>,
    limit: u32,
) -> Result<Vec<Announcement>, Error> {
    // Ids are time-ordered, so id order is publication order.
    let before = before.map_or(vec![0xff; 17], |b| key(b.0).to_vec());
    let rows: Vec<_> = db
        .prepare_cached(&format!(
            "SELECT {ANNOUNCEMENT_COLUMNS} FROM announcement a WHERE a.id < ?1 ORDER BY a.id DESC LIMIT ?2"
        ))?
        .query_map(params![before, limit.min(ayuda_store::MAX_PAGE)], read_announcement)?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter().map(into_announcement).collect()
}

pub(crate) fn acknowledge(db: &Connection, receipt: &ReadReceipt) -> Result<(), Error> {
    db.prepare_cached(
        "INSERT INTO announcement_read (announcement_id, agent_id, read_at) VALUES (?1, ?2, ?3) \
         ON CONFLICT (announcement_id, agent_id) DO NOTHING",
    )?
    .execute(params![
        key(receipt.announcement.0),
        key(receipt.agent.0),
        micros(receipt.read_at)
    ])
    .map_err(Error::from)
    .map_err(missing_reference("announcement or agent"))?;
    Ok(())
}

pub(crate) fn read_receipts(
    db: &Connection,
    announcement: AnnouncementId,
) -> Result<Vec<ReadReceipt>, Error> {
    let rows: Vec<([u8; 16], i64)> = db
        .prepare_cached(
            "SELECT agent_id, read_at FROM announcement_read WHERE announcement_id = ?1 ORDER BY read_at LIMIT 10000",
        )?
        .query_map([key(announcement.0)], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(agent, at)| {
            Ok(ReadReceipt {
                announcement,
                agent: AgentId(Uuid::from_bytes(agent)),
                read_at: timestamp("read_at", at)?,
            })
        })
        .collect()
}

pub(crate) fn unread(
    db: &Connection,
    agent: AgentId,
    limit: u32,
) -> Result<Vec<Announcement>, Error> {
    let rows: Vec<_> = db
        .prepare_cached(&format!(
            "SELECT {ANNOUNCEMENT_COLUMNS} FROM (SELECT * FROM announcement ORDER BY id DESC LIMIT ?2) a \
             WHERE NOT EXISTS (SELECT 1 FROM announcement_read r WHERE r.announcement_id = a.id AND r.agent_id = ?1) \
             ORDER BY a.id DESC"
        ))?
        .query_map(params![key(agent.0), limit.min(ayuda_store::MAX_PAGE)], read_announcement)?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter().map(into_announcement).collect()
}

pub(crate) fn record_search_miss(db: &Connection, miss: &SearchMiss) -> Result<(), Error> {
    db.prepare_cached(
        "INSERT INTO search_miss (text, language, by_customers, count, last_at) VALUES (?1, ?2, ?3, ?4, ?5) \
         ON CONFLICT (text, language, by_customers) DO UPDATE SET count = count + excluded.count, \
         last_at = max(last_at, excluded.last_at)",
    )?
    .execute(params![
        miss.text,
        miss.language.as_str(),
        miss.by_customers,
        miss.count.max(1),
        micros(miss.last_at),
    ])?;
    Ok(())
}

pub(crate) fn list_search_misses(
    db: &Connection,
    since: Timestamp,
    limit: u32,
) -> Result<Vec<SearchMiss>, Error> {
    let rows: Vec<(String, String, bool, i64, i64)> = db
        .prepare_cached(
            "SELECT text, language, by_customers, count, last_at FROM search_miss WHERE last_at >= ?1 \
             ORDER BY count DESC, last_at DESC LIMIT ?2",
        )?
        .query_map(params![micros(since), limit.min(ayuda_store::MAX_PAGE)], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(text, language, by_customers, count, last_at)| {
            Ok(SearchMiss {
                text,
                language: parse("language", Language::parse(&language))?,
                count,
                last_at: timestamp("last_at", last_at)?,
                by_customers,
            })
        })
        .collect()
}

pub(crate) fn list_unhelped(
    db: &Connection,
    since: Timestamp,
    limit: u32,
) -> Result<Vec<UnhelpedTicket>, Error> {
    let rows: Vec<([u8; 16], i64)> = db
        .prepare_cached(
            "SELECT t.id, t.solved_at FROM ticket t WHERE t.solved_at IS NOT NULL AND t.solved_at >= ?1 \
             AND NOT EXISTS (SELECT 1 FROM kb_article_use u WHERE u.ticket_id = t.id) \
             ORDER BY t.solved_at DESC, t.id DESC LIMIT ?2",
        )?
        .query_map(params![micros(since), limit.min(ayuda_store::MAX_PAGE)], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(id, at)| {
            Ok(UnhelpedTicket {
                ticket: TicketId(Uuid::from_bytes(id)),
                solved_at: timestamp("solved_at", at)?,
            })
        })
        .collect()
}
