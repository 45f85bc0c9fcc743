//! Creating and writing tickets: requester resolution, gapless numbers, optimistic concurrency, each in one
//! transaction.

use std::collections::HashMap;

use ayuda_core::event::TicketEvent;
use ayuda_core::id::{ContactId, OrganizationId, TicketId, TicketNumber};
use ayuda_core::message::{Author, Message};
use ayuda_core::notification::Notification;
use ayuda_core::ticket::Ticket;
use ayuda_store::codec;
use ayuda_store::codec::service_level::{encode_sla, sla_alert_at};
use ayuda_store::{CreatedTicket, EmailEffects, NewTicket, Requester, StoreError, TicketWrite};
use sqlx::{PgConnection, PgPool, Postgres, QueryBuilder};
use uuid::Uuid;

use crate::contacts::{self, ResolvedContact};
use ayuda_store::search::{IndexEntry, message_entry, ticket_entry};

use crate::conversation::{ROWS_PER_INSERT, insert_events, insert_messages};
use crate::errors::Result;
use crate::rows::{SqlTimestamp, TicketRow, sql_ts, sql_ts_opt, ticket_columns};
use crate::search;

/// Creates `news` in one transaction: all of them or none.
///
/// Requesters are resolved first, then the counter is bumped once for the whole batch. The counter's row lock
/// is held from the bump until commit and serialises every ticket creator, so nothing that may wait on
/// another transaction (such as a contact identity another creator is inserting) happens after it: that
/// keeps the lock short and rules out a deadlock between a creator holding the counter and one holding an
/// identity.
pub(crate) async fn create_tickets(
    pool: &PgPool,
    news: Vec<NewTicket>,
) -> Result<Vec<CreatedTicket>> {
    if news.is_empty() {
        return Ok(Vec::new());
    }
    let mut tx = pool.begin().await?;
    let mut known = HashMap::new();
    let mut resolved = Vec::with_capacity(news.len());
    for new in news {
        resolved.push(resolve_requester(&mut tx, new, &mut known).await?);
    }
    insert_resolved(&mut tx, &mut resolved).await?;
    tx.commit().await?;
    Ok(resolved.into_iter().map(Resolved::created).collect())
}

/// Numbers `resolved` in order (one counter bump for all of them) and inserts their rows: one multi-row insert
/// per table and [`ROWS_PER_INSERT`] rows. Takes the counter's row lock, so every requester must be resolved
/// before (see [`create_tickets`]).
pub(crate) async fn insert_resolved(
    conn: &mut PgConnection,
    resolved: &mut [Resolved],
) -> Result<()> {
    let count = i64::try_from(resolved.len()).map_err(StoreError::backend)?;
    let last: i64 = sqlx::query_scalar(
        "update ticket_counter set last_number = last_number + $1 where id = 1 returning last_number",
    )
    .bind(count)
    .fetch_one(&mut *conn)
    .await?;
    for (number, new) in (last - count + 1..).zip(resolved.iter_mut()) {
        new.ticket.number = TicketNumber(number);
        new.ticket.version = 1;
        new.ticket.insight.record(&new.events);
    }

    let tickets: Vec<&Ticket> = resolved.iter().map(|new| &new.ticket).collect();
    insert_tickets(conn, &tickets).await?;
    insert_tags(conn, &tickets).await?;
    let messages: Vec<&Message> = resolved.iter().map(|new| &new.message).collect();
    insert_messages(conn, &messages).await?;
    let events: Vec<&TicketEvent> = resolved.iter().flat_map(|new| &new.events).collect();
    insert_events(conn, &events).await?;
    for new in resolved.iter() {
        crate::email::write_effects(conn, new.ticket.id, &new.email).await?;
    }
    let notifications: Vec<&Notification> =
        resolved.iter().flat_map(|new| &new.notifications).collect();
    crate::service_level::insert_notifications(conn, &notifications).await?;
    let entries: Vec<IndexEntry> = resolved
        .iter()
        .flat_map(|new| {
            [
                ticket_entry(&new.ticket),
                message_entry(&new.message, &new.ticket.language),
            ]
        })
        .collect();
    search::index(conn, &entries).await?;
    // Last, as add_vocabulary asks.
    search::add_vocabulary(conn, &entries).await?;
    Ok(())
}

/// A ticket whose requester is known: ids and organization filled in.
pub(crate) struct Resolved {
    ticket: Ticket,
    message: Message,
    events: Vec<TicketEvent>,
    email: EmailEffects,
    notifications: Vec<Notification>,
    /// Whether resolving inserted the requester (in the transaction still open).
    pub(crate) requester_created: bool,
}

impl Resolved {
    pub(crate) fn created(self) -> CreatedTicket {
        CreatedTicket {
            ticket: self.ticket,
            message: self.message,
            requester_created: self.requester_created,
        }
    }
}

/// Resolves the requester of `new`. `known` remembers the organizations of existing requesters already
/// looked up in this batch (imports name the same requester many times).
pub(crate) async fn resolve_requester(
    conn: &mut PgConnection,
    new: NewTicket,
    known: &mut HashMap<ContactId, Option<OrganizationId>>,
) -> Result<Resolved> {
    let NewTicket {
        mut ticket,
        requester,
        mut message,
        mut events,
        email,
        notifications,
    } = new;
    let (resolved, requester_created) = match &requester {
        Requester::Existing(id) => {
            let organization_id = match known.get(id) {
                Some(organization) => *organization,
                None => {
                    let organization: Option<Option<Uuid>> =
                        sqlx::query_scalar("select organization_id from contact where id = $1")
                            .bind(id.0)
                            .fetch_optional(&mut *conn)
                            .await?;
                    let organization = organization
                        .ok_or_else(|| StoreError::MissingReference("requester".into()))?
                        .map(OrganizationId::from);
                    known.insert(*id, organization);
                    organization
                }
            };
            (
                ResolvedContact {
                    id: *id,
                    organization_id,
                },
                false,
            )
        }
        Requester::New(contact) => {
            let (resolved, created) = contacts::find_or_create(conn, contact).await?;
            // The caller wrote the provisional contact id into the message and history; an existing contact
            // takes its place there too.
            let provisional = Author::Contact(contact.id);
            let replace = |author: &mut Author| {
                if *author == provisional {
                    *author = Author::Contact(resolved.id);
                }
            };
            replace(&mut message.author);
            events
                .iter_mut()
                .for_each(|event| replace(&mut event.actor));
            (resolved, created)
        }
    };
    ticket.requester_id = resolved.id;
    ticket.organization_id = resolved.organization_id;
    Ok(Resolved {
        ticket,
        message,
        events,
        email,
        notifications,
        requester_created,
    })
}

async fn insert_tickets(conn: &mut PgConnection, tickets: &[&Ticket]) -> Result<()> {
    for chunk in tickets.chunks(ROWS_PER_INSERT) {
        let mut insert = QueryBuilder::<Postgres>::new(
            "insert into ticket (id, number, subject, status, priority, ticket_type, channel, requester_id, \
             organization_id, group_id, assignee_id, tags, custom_fields, language, links, merged_into, \
             created_at, updated_at, first_response_at, solved_at, version, sla, sla_alert_at, category_id, \
             suggested_category_id, suggestion_confidence, frustration, satisfaction, agent_replies, reopens, \
             escalations) ",
        );
        insert.push_values(chunk, |mut row, ticket| {
            row.push_bind(ticket.id.0)
                .push_bind(ticket.number.0)
                .push_bind(ticket.subject.as_str())
                .push_bind(ticket.status.as_str())
                .push_bind(ticket.priority.as_str())
                .push_bind(ticket.ticket_type.as_str())
                .push_bind(ticket.channel.as_str())
                .push_bind(ticket.requester_id.0)
                .push_bind(ticket.organization_id.map(|id| id.0))
                .push_bind(ticket.group_id.map(|id| id.0))
                .push_bind(ticket.assignee_id.map(|id| id.0))
                .push_bind(encode_tags(ticket))
                .push_unseparated("::jsonb")
                .push_bind(codec::encode_fields(&ticket.custom_fields))
                .push_unseparated("::jsonb")
                .push_bind(ticket.language.as_str())
                .push_bind(codec::encode_links(&ticket.links))
                .push_unseparated("::jsonb")
                .push_bind(ticket.merged_into.map(|id| id.0))
                .push_bind(sql_ts(ticket.created_at))
                .push_bind(sql_ts(ticket.updated_at))
                .push_bind(sql_ts_opt(ticket.first_response_at))
                .push_bind(sql_ts_opt(ticket.solved_at))
                .push_bind(ticket.version)
                .push_bind(ticket.sla.as_ref().map(encode_sla))
                .push_bind(sql_ts_opt(sla_alert_at(ticket)));
            let insight = Insight::of(ticket);
            row.push_bind(ticket.category_id.map(|id| id.0))
                .push_bind(insight.suggested_category_id)
                .push_bind(insight.suggestion_confidence)
                .push_bind(insight.frustration)
                .push_bind(insight.satisfaction)
                .push_bind(insight.agent_replies)
                .push_bind(insight.reopens)
                .push_bind(insight.escalations);
        });
        insert.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// A ticket's insight columns in PostgreSQL's integer widths.
struct Insight {
    suggested_category_id: Option<Uuid>,
    suggestion_confidence: Option<i16>,
    frustration: Option<i16>,
    satisfaction: Option<i16>,
    agent_replies: i32,
    reopens: i32,
    escalations: i32,
}

impl Insight {
    fn of(ticket: &Ticket) -> Insight {
        let columns = codec::insight::encode(&ticket.insight);
        // Scores and ratings are at most 100, counts grow by one per event: both fit, saturating at worst.
        let small = |v: Option<i64>| v.map(|v| i16::try_from(v).unwrap_or(i16::MAX));
        let count = |v: i64| i32::try_from(v).unwrap_or(i32::MAX);
        Insight {
            suggested_category_id: columns.suggested_category_id,
            suggestion_confidence: small(columns.suggestion_confidence),
            frustration: small(columns.frustration),
            satisfaction: small(columns.satisfaction),
            agent_replies: count(columns.agent_replies),
            reopens: count(columns.reopens),
            escalations: count(columns.escalations),
        }
    }
}

fn encode_tags(ticket: &Ticket) -> String {
    codec::encode_strings(ticket.tags.iter().map(|tag| tag.as_str()))
}

/// Inserts the `ticket_tag` rows of these tickets, which must have none yet: their tags with their current
/// `updated_at`.
async fn insert_tags(conn: &mut PgConnection, tickets: &[&Ticket]) -> Result<()> {
    let rows = tickets
        .iter()
        .flat_map(|ticket| ticket.tags.iter().map(move |tag| (tag.as_str(), *ticket)));
    let (tags, (updated_ats, ticket_ids)): (Vec<&str>, (Vec<SqlTimestamp>, Vec<Uuid>)) = rows
        .map(|(tag, ticket)| (tag, (sql_ts(ticket.updated_at), ticket.id.0)))
        .unzip();
    if tags.is_empty() {
        return Ok(());
    }
    // Arrays rather than a VALUES list: one statement whatever the number of rows. `distinct` guards against
    // a tag listed twice, which would otherwise break the primary key.
    sqlx::query(
        "insert into ticket_tag (tag, updated_at, ticket_id) \
         select distinct tag, updated_at, ticket_id \
         from unnest($1::text[], $2::timestamptz[], $3::uuid[]) as row (tag, updated_at, ticket_id)",
    )
    .bind(tags)
    .bind(updated_ats)
    .bind(ticket_ids)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(crate) async fn write_ticket(pool: &PgPool, write: TicketWrite) -> Result<Ticket> {
    let TicketWrite {
        mut ticket,
        message,
        events,
        email,
        notifications,
        routing,
    } = write;
    let mut tx = pool.begin().await?;
    let stored_subject: Option<String> =
        sqlx::query_scalar("select subject from ticket where id = $1")
            .bind(ticket.id.0)
            .fetch_optional(&mut *tx)
            .await?;
    ticket.insight.record(&events);
    let insight = Insight::of(&ticket);
    // Number and creation time never change; everything else is the caller's new state.
    let row: Option<TicketRow> = sqlx::query_as(concat!(
        "update ticket as t set subject = $3, status = $4, priority = $5, ticket_type = $6, channel = $7, \
         requester_id = $8, organization_id = $9, group_id = $10, assignee_id = $11, tags = $12::jsonb, \
         custom_fields = $13::jsonb, language = $14, links = $15::jsonb, merged_into = $16, updated_at = $17, \
         first_response_at = $18, solved_at = $19, version = t.version + 1, sla = $20, sla_alert_at = $21, \
         category_id = $22, suggested_category_id = $23, suggestion_confidence = $24, frustration = $25, \
         satisfaction = $26, agent_replies = $27, reopens = $28, escalations = $29 \
         where t.id = $1 and t.version = $2 returning ",
        ticket_columns!()
    ))
    .bind(ticket.id.0)
    .bind(ticket.version)
    .bind(ticket.subject.as_str())
    .bind(ticket.status.as_str())
    .bind(ticket.priority.as_str())
    .bind(ticket.ticket_type.as_str())
    .bind(ticket.channel.as_str())
    .bind(ticket.requester_id.0)
    .bind(ticket.organization_id.map(|id| id.0))
    .bind(ticket.group_id.map(|id| id.0))
    .bind(ticket.assignee_id.map(|id| id.0))
    .bind(encode_tags(&ticket))
    .bind(codec::encode_fields(&ticket.custom_fields))
    .bind(ticket.language.as_str())
    .bind(codec::encode_links(&ticket.links))
    .bind(ticket.merged_into.map(|id| id.0))
    .bind(sql_ts(ticket.updated_at))
    .bind(sql_ts_opt(ticket.first_response_at))
    .bind(sql_ts_opt(ticket.solved_at))
    .bind(ticket.sla.as_ref().map(encode_sla))
    .bind(sql_ts_opt(sla_alert_at(&ticket)))
    .bind(ticket.category_id.map(|id| id.0))
    .bind(insight.suggested_category_id)
    .bind(insight.suggestion_confidence)
    .bind(insight.frustration)
    .bind(insight.satisfaction)
    .bind(insight.agent_replies)
    .bind(insight.reopens)
    .bind(insight.escalations)
    .fetch_optional(&mut *tx)
    .await?;

    let Some(row) = row else {
        let exists: bool = sqlx::query_scalar("select exists (select 1 from ticket where id = $1)")
            .bind(ticket.id.0)
            .fetch_one(&mut *tx)
            .await?;
        return Err(if exists {
            StoreError::Conflict
        } else {
            StoreError::NotFound
        }
        .into());
    };
    let stored = Ticket::try_from(row)?;
    if let Some(turn) = &routing {
        crate::routing::claim_turn(&mut tx, turn).await?;
    }
    // Rewriting the tag rows on every write keeps their updated_at in step with the ticket's.
    sqlx::query("delete from ticket_tag where ticket_id = $1")
        .bind(stored.id.0)
        .execute(&mut *tx)
        .await?;
    insert_tags(&mut tx, &[&stored]).await?;
    if let Some(message) = &message {
        insert_messages(&mut tx, &[message]).await?;
    }
    insert_events(&mut tx, &events.iter().collect::<Vec<_>>()).await?;
    crate::email::write_effects(&mut tx, stored.id, &email).await?;
    crate::service_level::insert_notifications(&mut tx, &notifications.iter().collect::<Vec<_>>())
        .await?;
    let mut entries = Vec::new();
    if stored_subject.as_deref() != Some(stored.subject.as_str()) {
        entries.push(ticket_entry(&stored));
    }
    if let Some(message) = &message {
        entries.push(message_entry(message, &stored.language));
    }
    search::index(&mut tx, &entries).await?;
    search::add_vocabulary(&mut tx, &entries).await?;
    tx.commit().await?;
    Ok(stored)
}

pub(crate) async fn get_ticket(pool: &PgPool, id: TicketId) -> Result<Option<Ticket>> {
    let row: Option<TicketRow> = sqlx::query_as(concat!(
        "select ",
        ticket_columns!(),
        " from ticket t where t.id = $1"
    ))
    .bind(id.0)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(Ticket::try_from).transpose()?)
}

pub(crate) async fn get_tickets(pool: &PgPool, ids: &[TicketId]) -> Result<Vec<Ticket>> {
    let ids: Vec<uuid::Uuid> = ids.iter().map(|id| id.0).collect();
    let rows: Vec<TicketRow> = sqlx::query_as(concat!(
        "select ",
        ticket_columns!(),
        " from ticket t where t.id = any($1)"
    ))
    .bind(ids)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(Ticket::try_from)
        .collect::<std::result::Result<_, _>>()?)
}

pub(crate) async fn get_ticket_by_number(
    pool: &PgPool,
    number: TicketNumber,
) -> Result<Option<Ticket>> {
    let row: Option<TicketRow> = sqlx::query_as(concat!(
        "select ",
        ticket_columns!(),
        " from ticket t where t.number = $1"
    ))
    .bind(number.0)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(Ticket::try_from).transpose()?)
}
