//! Keeping agents current on PostgreSQL: announcements and read receipts, training progress, and the records
//! of what the knowledge base lacks.

use ayuda_core::Timestamp;
use ayuda_core::id::{AgentId, AnnouncementId, ArticleId, TicketId};
use ayuda_core::knowledge::{Announcement, ArticleTitle, ReadReceipt};
use ayuda_core::text::Language;
use ayuda_store::MAX_PAGE;
use ayuda_store::knowledge::{SearchMiss, UnhelpedTicket};
use sqlx::PgPool;
use uuid::Uuid;

use crate::errors::Result;
use crate::rows::{SqlTimestamp, corrupt, sql_ts};

pub(crate) async fn complete_training(
    pool: &PgPool,
    agent: AgentId,
    article: ArticleId,
    at: Timestamp,
) -> Result<()> {
    sqlx::query(
        "insert into kb_training (agent_id, article_id, completed_at) values ($1, $2, $3) \
         on conflict (agent_id, article_id) do nothing",
    )
    .bind(agent.0)
    .bind(article.0)
    .bind(sql_ts(at))
    .execute(pool)
    .await?;
    Ok(())
}

pub(crate) async fn training_progress(
    pool: &PgPool,
    agent: AgentId,
) -> Result<Vec<(ArticleId, Timestamp)>> {
    let rows: Vec<(Uuid, SqlTimestamp)> = sqlx::query_as(
        "select article_id, completed_at from kb_training where agent_id = $1 order by completed_at limit 10000",
    )
    .bind(agent.0)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, at)| (ArticleId(id), at.to_jiff()))
        .collect())
}

type AnnouncementRow = (Uuid, String, String, Uuid, SqlTimestamp);

fn into_announcement(row: AnnouncementRow) -> Result<Announcement> {
    let (id, title, body_html, author, published_at) = row;
    Ok(Announcement {
        id: AnnouncementId(id),
        title: ArticleTitle::parse(&title).map_err(|e| corrupt("title", e.message))?,
        body_html,
        author: AgentId(author),
        published_at: published_at.to_jiff(),
    })
}

pub(crate) async fn create_announcement(pool: &PgPool, announcement: &Announcement) -> Result<()> {
    sqlx::query(
        "insert into announcement (id, title, body_html, author_id, published_at) values ($1, $2, $3, $4, $5)",
    )
    .bind(announcement.id.0)
    .bind(announcement.title.as_str())
    .bind(&announcement.body_html)
    .bind(announcement.author.0)
    .bind(sql_ts(announcement.published_at))
    .execute(pool)
    .await?;
    Ok(())
}

pub(crate) async fn get_announcement(
    pool: &PgPool,
    id: AnnouncementId,
) -> Result<Option<Announcement>> {
    let row: Option<AnnouncementRow> = sqlx::query_as(
        "select id, title, body_html, author_id, published_at from announcement where id = $1",
    )
    .bind(id.0)
    .fetch_optional(pool)
    .await?;
    row.map(into_announcement).transpose()
}

pub(crate) async fn list_announcements(
    pool: &PgPool,
    before: Option<AnnouncementId>,
    limit: u32,
) -> Result<Vec<Announcement>> {
    // Ids are time-ordered, so id order is publication order.
    let before = before.map_or(Uuid::max(), |b| b.0);
    let rows: Vec<AnnouncementRow> = sqlx::query_as(
        "select id, title, body_html, author_id, published_at from announcement where id < $1 \
         order by id desc limit $2",
    )
    .bind(before)
    .bind(i64::from(limit.min(MAX_PAGE)))
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(into_announcement).collect()
}

pub(crate) async fn acknowledge(pool: &PgPool, receipt: &ReadReceipt) -> Result<()> {
    sqlx::query(
        "insert into announcement_read (announcement_id, agent_id, read_at) values ($1, $2, $3) \
         on conflict (announcement_id, agent_id) do nothing",
    )
    .bind(receipt.announcement.0)
    .bind(receipt.agent.0)
    .bind(sql_ts(receipt.read_at))
    .execute(pool)
    .await?;
    Ok(())
}

pub(crate) async fn read_receipts(
    pool: &PgPool,
    announcement: AnnouncementId,
) -> Result<Vec<ReadReceipt>> {
    let rows: Vec<(Uuid, SqlTimestamp)> = sqlx::query_as(
        "select agent_id, read_at from announcement_read where announcement_id = $1 order by read_at limit 10000",
    )
    .bind(announcement.0)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(agent, at)| ReadReceipt {
            announcement,
            agent: AgentId(agent),
            read_at: at.to_jiff(),
        })
        .collect())
}

pub(crate) async fn unread(pool: &PgPool, agent: AgentId, limit: u32) -> Result<Vec<Announcement>> {
    let rows: Vec<AnnouncementRow> = sqlx::query_as(
        "select a.id, a.title, a.body_html, a.author_id, a.published_at \
         from (select * from announcement order by id desc limit $2) a \
         where not exists (select 1 from announcement_read r where r.announcement_id = a.id and r.agent_id = $1) \
         order by a.id desc",
    )
    .bind(agent.0)
    .bind(i64::from(limit.min(MAX_PAGE)))
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(into_announcement).collect()
}

pub(crate) async fn record_search_miss(pool: &PgPool, miss: &SearchMiss) -> Result<()> {
    sqlx::query(
        "insert into search_miss (text, language, by_customers, count, last_at) values ($1, $2, $3, $4, $5) \
         on conflict (text, language, by_customers) do update set count = search_miss.count + excluded.count, \
         last_at = greatest(search_miss.last_at, excluded.last_at)",
    )
    .bind(&miss.text)
    .bind(miss.language.as_str())
    .bind(miss.by_customers)
    .bind(miss.count.max(1))
    .bind(sql_ts(miss.last_at))
    .execute(pool)
    .await?;
    Ok(())
}

pub(crate) async fn list_search_misses(
    pool: &PgPool,
    since: Timestamp,
    limit: u32,
) -> Result<Vec<SearchMiss>> {
    let rows: Vec<(String, String, bool, i64, SqlTimestamp)> = sqlx::query_as(
        "select text, language, by_customers, count, last_at from search_miss where last_at >= $1 \
         order by count desc, last_at desc limit $2",
    )
    .bind(sql_ts(since))
    .bind(i64::from(limit.min(MAX_PAGE)))
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(text, language, by_customers, count, last_at)| {
            Ok(SearchMiss {
                text,
                language: Language::parse(&language).map_err(|e| corrupt("language", e.message))?,
                count,
                last_at: last_at.to_jiff(),
                by_customers,
            })
        })
        .collect()
}

pub(crate) async fn list_unhelped(
    pool: &PgPool,
    since: Timestamp,
    limit: u32,
) -> Result<Vec<UnhelpedTicket>> {
    let rows: Vec<(Uuid, SqlTimestamp)> = sqlx::query_as(
        "select t.id, t.solved_at from ticket t where t.solved_at is not null and t.solved_at >= $1 \
         and not exists (select 1 from kb_article_use u where u.ticket_id = t.id) \
         order by t.solved_at desc, t.id desc limit $2",
    )
    .bind(sql_ts(since))
    .bind(i64::from(limit.min(MAX_PAGE)))
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, at)| UnhelpedTicket {
            ticket: TicketId(id),
            solved_at: at.to_jiff(),
        })
        .collect())
}
