//! A ticket's messages (with their attachments) and history: written inside a ticket's transaction, listed
//! page by page in id order (ids are time-ordered).

use std::collections::HashMap;

use ayuda_core::event::TicketEvent;
use ayuda_core::id::{EventId, MessageId, TicketId};
use ayuda_core::message::{Attachment, Message};
use ayuda_store::{MAX_PAGE, Page};
use sqlx::{PgConnection, PgPool, Postgres, QueryBuilder};
use uuid::Uuid;

use crate::errors::Result;
use crate::rows::{
    AttachmentRow, EventRow, MessageRow, author_columns, event_columns, message_columns, sql_ts,
};

/// A list index as stored in a `position` column. Lists are short (a message's attachments), so saturating
/// is only a guard.
pub(crate) fn position(index: usize) -> i32 {
    i32::try_from(index).unwrap_or(i32::MAX)
}

/// Rows per multi-row insert: a batch of tickets is written in a few statements, and the largest row (a
/// ticket, 21 values) times this stays far below PostgreSQL's 65,535 parameters per statement.
pub(crate) const ROWS_PER_INSERT: usize = 1000;

/// Inserts messages with their attachments, a few statements for any number of them.
pub(crate) async fn insert_messages(conn: &mut PgConnection, messages: &[&Message]) -> Result<()> {
    for chunk in messages.chunks(ROWS_PER_INSERT) {
        let mut insert = QueryBuilder::<Postgres>::new(
            "insert into message (id, ticket_id, kind, internal, direction, author_kind, author_id, channel, \
             body_text, body_html, external_id, created_at) ",
        );
        insert.push_values(chunk, |mut row, message| {
            let (author_kind, author_id) = author_columns(message.author);
            row.push_bind(message.id.0)
                .push_bind(message.ticket_id.0)
                .push_bind(message.kind.as_str())
                .push_bind(message.internal)
                .push_bind(message.direction.as_str())
                .push_bind(author_kind)
                .push_bind(author_id)
                .push_bind(message.channel.as_str())
                .push_bind(&message.body_text)
                .push_bind(&message.body_html)
                .push_bind(&message.external_id)
                .push_bind(sql_ts(message.created_at));
        });
        insert.build().execute(&mut *conn).await?;
    }

    let attachments: Vec<(&Message, usize, &Attachment)> = messages
        .iter()
        .flat_map(|message| {
            message
                .attachments
                .iter()
                .enumerate()
                .map(move |(index, a)| (*message, index, a))
        })
        .collect();
    for chunk in attachments.chunks(ROWS_PER_INSERT) {
        let mut insert = QueryBuilder::<Postgres>::new(
            "insert into attachment (id, message_id, filename, content_type, size, sha256, content_id, position) ",
        );
        insert.push_values(chunk, |mut row, (message, index, attachment)| {
            row.push_bind(attachment.id.0)
                .push_bind(message.id.0)
                .push_bind(&attachment.filename)
                .push_bind(&attachment.content_type)
                .push_bind(attachment.size)
                .push_bind(&attachment.sha256)
                .push_bind(&attachment.content_id)
                .push_bind(position(*index));
        });
        insert.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// Inserts history events, a statement per [`ROWS_PER_INSERT`] of them.
pub(crate) async fn insert_events(conn: &mut PgConnection, events: &[&TicketEvent]) -> Result<()> {
    for chunk in events.chunks(ROWS_PER_INSERT) {
        let mut insert = QueryBuilder::<Postgres>::new(
            "insert into ticket_event (id, ticket_id, actor_kind, actor_id, via, kind, field, from_value, \
             to_value, message_id, message_kind, internal, at, detail) ",
        );
        insert.push_values(chunk, |mut row, event| {
            let (actor_kind, actor_id) = author_columns(event.actor);
            let change = ayuda_store::codec::ChangeColumns::of(&event.change);
            row.push_bind(event.id.0)
                .push_bind(event.ticket_id.0)
                .push_bind(actor_kind)
                .push_bind(actor_id)
                .push_bind(event.via.as_str())
                .push_bind(change.kind)
                .push_bind(change.field)
                .push_bind(change.from_value)
                .push_bind(change.to_value)
                .push_bind(change.message_id.map(|id| id.0))
                .push_bind(change.message_kind)
                .push_bind(change.internal)
                .push_bind(sql_ts(event.at))
                .push_bind(change.detail);
        });
        insert.build().execute(&mut *conn).await?;
    }
    Ok(())
}

pub(crate) async fn list_messages(
    pool: &PgPool,
    ticket: TicketId,
    include_internal: bool,
    after: Option<MessageId>,
    limit: u32,
) -> Result<Page<Message, MessageId>> {
    let limit = limit.min(MAX_PAGE);
    let mut select = QueryBuilder::<Postgres>::new(concat!(
        "select ",
        message_columns!(),
        " from message where ticket_id = "
    ));
    select.push_bind(ticket.0);
    if !include_internal {
        select.push(" and not internal");
    }
    if let Some(after) = after {
        select.push(" and id > ").push_bind(after.0);
    }
    select
        .push(" order by id limit ")
        .push_bind(i64::from(limit) + 1);
    let rows: Vec<MessageRow> = select.build_query_as().fetch_all(pool).await?;

    let ids: Vec<Uuid> = rows.iter().map(|row| row.id).collect();
    let mut attachments = attachments_of(pool, &ids).await?;
    let messages = rows
        .into_iter()
        .map(|row| {
            let attached = attachments.remove(&row.id).unwrap_or_default();
            row.into_message(attached)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page::from_overfetch(messages, limit, |message| message.id))
}

pub(crate) async fn get_messages(pool: &PgPool, ids: &[MessageId]) -> Result<Vec<Message>> {
    let ids: Vec<Uuid> = ids.iter().map(|id| id.0).collect();
    let rows: Vec<MessageRow> = sqlx::query_as(concat!(
        "select ",
        message_columns!(),
        " from message where id = any($1)"
    ))
    .bind(&ids)
    .fetch_all(pool)
    .await?;
    let found: Vec<Uuid> = rows.iter().map(|row| row.id).collect();
    let mut attachments = attachments_of(pool, &found).await?;
    rows.into_iter()
        .map(|row| {
            let attached = attachments.remove(&row.id).unwrap_or_default();
            row.into_message(attached)
        })
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(Into::into)
}

/// The attachments of these messages, each message's in its original order.
pub(crate) async fn attachments_of(
    pool: &PgPool,
    message_ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<Attachment>>> {
    let mut by_message: HashMap<Uuid, Vec<Attachment>> = HashMap::new();
    if message_ids.is_empty() {
        return Ok(by_message);
    }
    let rows: Vec<AttachmentRow> = sqlx::query_as(
        "select message_id, id, filename, content_type, size, sha256, content_id from attachment \
         where message_id = any($1) order by message_id, position",
    )
    .bind(message_ids)
    .fetch_all(pool)
    .await?;
    for row in rows {
        by_message
            .entry(row.message_id)
            .or_default()
            .push(row.into());
    }
    Ok(by_message)
}

pub(crate) async fn list_events(
    pool: &PgPool,
    ticket: TicketId,
    include_internal: bool,
    after: Option<EventId>,
    limit: u32,
) -> Result<Page<TicketEvent, EventId>> {
    let limit = limit.min(MAX_PAGE);
    let mut select = QueryBuilder::<Postgres>::new(concat!(
        "select ",
        event_columns!(),
        " from ticket_event where ticket_id = "
    ));
    select.push_bind(ticket.0);
    if !include_internal {
        select.push(" and not internal");
    }
    if let Some(after) = after {
        select.push(" and id > ").push_bind(after.0);
    }
    select
        .push(" order by id limit ")
        .push_bind(i64::from(limit) + 1);
    let rows: Vec<EventRow> = select.build_query_as().fetch_all(pool).await?;
    let events = rows
        .into_iter()
        .map(TicketEvent::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page::from_overfetch(events, limit, |event| event.id))
}
