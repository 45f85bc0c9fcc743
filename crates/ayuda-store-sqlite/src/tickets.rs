//! Ticket writes: creating a ticket with its requester, first message and history, and storing a changed
//! ticket under optimistic concurrency. Each runs inside one write job, so it commits whole or not at all.

use ayuda_core::event::TicketEvent;
use ayuda_core::id::{ContactId, TicketId, TicketNumber};
use ayuda_core::message::{Author, Message};
use ayuda_core::ticket::Ticket;
use ayuda_store::codec;
use ayuda_store::codec::service_level::{encode_sla, sla_alert_at};
use ayuda_store::{CreatedTicket, NewTicket, Requester, StoreError, TicketWrite};
use rusqlite::{Connection, OptionalExtension, params};

use crate::contacts;
use ayuda_store::search as search_index;

use crate::error::{Error, is_foreign_key_violation};
use crate::rows::{author_columns, key, micros};
use crate::search;

pub(crate) fn create_ticket(db: &Connection, new: NewTicket) -> Result<CreatedTicket, Error> {
    let NewTicket {
        mut ticket,
        requester,
        mut message,
        mut events,
        email,
        notifications,
    } = new;
    let (requester_id, organization_id, requester_created) = match requester {
        Requester::Existing(id) => {
            let organization =
                contacts::contact_organization(db, id)?.ok_or_else(|| missing("requester"))?;
            (id, organization, false)
        }
        Requester::New(mut contact) => {
            let provisional = contact.id;
            let mut existing = None;
            for identity in &contact.identities {
                existing = contacts::contact_id_by_identity(db, identity)?;
                if existing.is_some() {
                    break;
                }
            }
            let resolved = match existing {
                Some(id) => {
                    let organization = contacts::contact_organization(db, id)?
                        .ok_or_else(|| missing("requester"))?;
                    (id, organization, false)
                }
                None => {
                    contacts::insert_contact(db, &mut contact)?;
                    (contact.id, contact.organization_id, true)
                }
            };
            if resolved.0 != provisional {
                replace_author(&mut message, &mut events, provisional, resolved.0);
            }
            resolved
        }
    };
    ticket.requester_id = requester_id;
    ticket.organization_id = organization_id;
    ticket.tags.sort();
    ticket.tags.dedup();
    ticket.number = next_number(db)?;
    ticket.version = 1;
    ticket.insight.record(&events);
    insert_ticket(db, &ticket).map_err(|e| explain_missing(db, e, &ticket))?;
    insert_tags(db, &ticket)?;
    message.ticket_id = ticket.id;
    insert_message(db, &message)?;
    search::index(db, &search_index::ticket_entry(&ticket))?;
    search::index(db, &search_index::message_entry(&message, &ticket.language))?;
    for event in &mut events {
        event.ticket_id = ticket.id;
    }
    insert_events(db, &events)?;
    crate::email::write_effects(db, ticket.id, &email)?;
    crate::service_level::insert_notifications(db, &notifications)?;
    Ok(CreatedTicket {
        ticket,
        message,
        requester_created,
    })
}

fn missing(what: &str) -> Error {
    StoreError::MissingReference(what.to_owned()).into()
}

/// Puts the contact that a new requester resolved to in place of the contact id the caller made up.
fn replace_author(
    message: &mut Message,
    events: &mut [TicketEvent],
    provisional: ContactId,
    resolved: ContactId,
) {
    let swap = |author: &mut Author| {
        if *author == Author::Contact(provisional) {
            *author = Author::Contact(resolved);
        }
    };
    swap(&mut message.author);
    for event in events {
        swap(&mut event.actor);
    }
}

/// Takes the next ticket number. The counter row is written in the creating transaction, so a creation
/// that rolls back (to its savepoint or entirely) gives its number back: numbers stay gapless.
fn next_number(db: &Connection) -> Result<TicketNumber, Error> {
    // Two statements rather than UPDATE ... RETURNING, which SQLite runs through a temporary table.
    db.prepare_cached("UPDATE ticket_counter SET last_number = last_number + 1 WHERE id = 1")?
        .execute([])?;
    let mut statement = db.prepare_cached("SELECT last_number FROM ticket_counter WHERE id = 1")?;
    Ok(TicketNumber(statement.query_row([], |row| row.get(0))?))
}

fn insert_ticket(db: &Connection, ticket: &Ticket) -> Result<(), Error> {
    let mut statement = db.prepare_cached(
        "INSERT INTO ticket (id, number, subject, status, priority, ticket_type, channel, requester_id, \
         organization_id, group_id, assignee_id, tags, custom_fields, language, links, merged_into, created_at, \
         updated_at, first_response_at, solved_at, version, sla, sla_alert_at, category_id, suggested_category_id, \
         suggestion_confidence, frustration, satisfaction, agent_replies, reopens, escalations) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, \
         ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31)",
    )?;
    let insight = codec::insight::encode(&ticket.insight);
    statement.execute(params![
        key(ticket.id.0),
        ticket.number.0,
        ticket.subject.as_str(),
        ticket.status.as_str(),
        ticket.priority.as_str(),
        ticket.ticket_type.as_str(),
        ticket.channel.as_str(),
        key(ticket.requester_id.0),
        ticket.organization_id.map(|o| key(o.0)),
        ticket.group_id.map(|g| key(g.0)),
        ticket.assignee_id.map(|a| key(a.0)),
        codec::encode_strings(ticket.tags.iter().map(|t| t.as_str())),
        codec::encode_fields(&ticket.custom_fields),
        ticket.language.as_str(),
        codec::encode_links(&ticket.links),
        ticket.merged_into.map(|t| key(t.0)),
        micros(ticket.created_at),
        micros(ticket.updated_at),
        ticket.first_response_at.map(micros),
        ticket.solved_at.map(micros),
        ticket.version,
        ticket.sla.as_ref().map(encode_sla),
        sla_alert_at(ticket).map(micros),
        ticket.category_id.map(|c| key(c.0)),
        insight.suggested_category_id.map(key),
        insight.suggestion_confidence,
        insight.frustration,
        insight.satisfaction,
        insight.agent_replies,
        insight.reopens,
        insight.escalations,
    ])?;
    Ok(())
}

/// Turns a foreign key violation of a ticket write into the reference that is missing: SQLite does not
/// say which one failed, so this looks, only on that (rare) path.
fn explain_missing(db: &Connection, error: Error, ticket: &Ticket) -> Error {
    if !is_foreign_key_violation(&error) {
        return error;
    }
    let exists = |sql: &str, id: uuid::Uuid| -> Result<bool, Error> {
        Ok(db
            .prepare_cached(sql)?
            .query_row([key(id)], |_| Ok(()))
            .optional()?
            .is_some())
    };
    let checks = [
        (
            "group",
            "SELECT 1 FROM agent_group WHERE id = ?1",
            ticket.group_id.map(|g| g.0),
        ),
        (
            "assignee",
            "SELECT 1 FROM agent WHERE id = ?1",
            ticket.assignee_id.map(|a| a.0),
        ),
        (
            "requester",
            "SELECT 1 FROM contact WHERE id = ?1",
            Some(ticket.requester_id.0),
        ),
        (
            "organization",
            "SELECT 1 FROM organization WHERE id = ?1",
            ticket.organization_id.map(|o| o.0),
        ),
        (
            "category",
            "SELECT 1 FROM ticket_category WHERE id = ?1",
            ticket.category_id.map(|c| c.0),
        ),
        (
            "category",
            "SELECT 1 FROM ticket_category WHERE id = ?1",
            ticket.insight.suggested_category.map(|s| s.category_id.0),
        ),
    ];
    for (what, sql, id) in checks {
        let Some(id) = id else { continue };
        match exists(sql, id) {
            Ok(true) => {}
            Ok(false) => return missing(what),
            Err(lookup) => return lookup,
        }
    }
    error
}

fn insert_tags(db: &Connection, ticket: &Ticket) -> Result<(), Error> {
    let mut statement = db.prepare_cached(
        "INSERT INTO ticket_tag (tag, updated_at, ticket_id) VALUES (?1, ?2, ?3)",
    )?;
    for tag in &ticket.tags {
        statement.execute(params![
            tag.as_str(),
            micros(ticket.updated_at),
            key(ticket.id.0)
        ])?;
    }
    Ok(())
}

pub(crate) fn insert_message(db: &Connection, message: &Message) -> Result<(), Error> {
    let (author_kind, author_id) = author_columns(message.author);
    let mut statement = db.prepare_cached(
        "INSERT INTO message (id, ticket_id, kind, internal, direction, author_kind, author_id, channel, body_text, \
         body_html, external_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    statement.execute(params![
        key(message.id.0),
        key(message.ticket_id.0),
        message.kind.as_str(),
        message.internal,
        message.direction.as_str(),
        author_kind,
        author_id,
        message.channel.as_str(),
        message.body_text,
        message.body_html,
        message.external_id,
        micros(message.created_at),
    ])?;
    let mut statement = db.prepare_cached(
        "INSERT INTO attachment (id, message_id, filename, content_type, size, sha256, content_id, position) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for (position, attachment) in message.attachments.iter().enumerate() {
        statement.execute(params![
            key(attachment.id.0),
            key(message.id.0),
            attachment.filename,
            attachment.content_type,
            attachment.size,
            attachment.sha256,
            attachment.content_id,
            position as i64,
        ])?;
    }
    Ok(())
}

pub(crate) fn insert_events(db: &Connection, events: &[TicketEvent]) -> Result<(), Error> {
    let mut statement = db.prepare_cached(
        "INSERT INTO ticket_event (id, ticket_id, actor_kind, actor_id, via, kind, field, from_value, to_value, \
         message_id, message_kind, internal, at, detail) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?;
    for event in events {
        let (actor_kind, actor_id) = author_columns(event.actor);
        let change = codec::ChangeColumns::of(&event.change);
        statement.execute(params![
            key(event.id.0),
            key(event.ticket_id.0),
            actor_kind,
            actor_id,
            event.via.as_str(),
            change.kind,
            change.field,
            change.from_value,
            change.to_value,
            change.message_id.map(|id| key(id.0)),
            change.message_kind,
            change.internal,
            micros(event.at),
            change.detail,
        ])?;
    }
    Ok(())
}

pub(crate) fn write_ticket(db: &Connection, write: TicketWrite) -> Result<Ticket, Error> {
    let TicketWrite {
        mut ticket,
        message,
        mut events,
        email,
        notifications,
        routing,
    } = write;
    ticket.tags.sort();
    ticket.tags.dedup();
    ticket.insight.record(&events);
    let stored_subject: Option<String> = db
        .prepare_cached("SELECT subject FROM ticket WHERE id = ?1")?
        .query_row([key(ticket.id.0)], |row| row.get(0))
        .optional()?;
    // A plain UPDATE and a lookup rather than UPDATE ... RETURNING, which SQLite runs through a temporary table.
    let mut statement = db.prepare_cached(
        "UPDATE ticket SET subject = ?2, status = ?3, priority = ?4, ticket_type = ?5, channel = ?6, \
         requester_id = ?7, organization_id = ?8, group_id = ?9, assignee_id = ?10, tags = ?11, \
         custom_fields = ?12, language = ?13, links = ?14, merged_into = ?15, updated_at = ?16, \
         first_response_at = ?17, solved_at = ?18, version = version + 1, sla = ?20, sla_alert_at = ?21, \
         category_id = ?22, suggested_category_id = ?23, suggestion_confidence = ?24, frustration = ?25, \
         satisfaction = ?26, agent_replies = ?27, reopens = ?28, escalations = ?29 \
         WHERE id = ?1 AND version = ?19",
    )?;
    let insight = codec::insight::encode(&ticket.insight);
    let changed = statement
        .execute(params![
            key(ticket.id.0),
            ticket.subject.as_str(),
            ticket.status.as_str(),
            ticket.priority.as_str(),
            ticket.ticket_type.as_str(),
            ticket.channel.as_str(),
            key(ticket.requester_id.0),
            ticket.organization_id.map(|o| key(o.0)),
            ticket.group_id.map(|g| key(g.0)),
            ticket.assignee_id.map(|a| key(a.0)),
            codec::encode_strings(ticket.tags.iter().map(|t| t.as_str())),
            codec::encode_fields(&ticket.custom_fields),
            ticket.language.as_str(),
            codec::encode_links(&ticket.links),
            ticket.merged_into.map(|t| key(t.0)),
            micros(ticket.updated_at),
            ticket.first_response_at.map(micros),
            ticket.solved_at.map(micros),
            ticket.version,
            ticket.sla.as_ref().map(encode_sla),
            sla_alert_at(&ticket).map(micros),
            ticket.category_id.map(|c| key(c.0)),
            insight.suggested_category_id.map(key),
            insight.suggestion_confidence,
            insight.frustration,
            insight.satisfaction,
            insight.agent_replies,
            insight.reopens,
            insight.escalations,
        ])
        .map_err(Error::from)
        .map_err(|e| explain_missing(db, e, &ticket))?;
    let number = stored_number(db, ticket.id)?;
    let (1, Some(number)) = (changed, number) else {
        return Err(if number.is_some() {
            StoreError::Conflict
        } else {
            StoreError::NotFound
        }
        .into());
    };
    ticket.number = number;
    ticket.version += 1;
    if let Some(turn) = &routing {
        crate::routing::claim_turn(db, turn)?;
    }
    db.prepare_cached("DELETE FROM ticket_tag WHERE ticket_id = ?1")?
        .execute([key(ticket.id.0)])?;
    insert_tags(db, &ticket)?;
    if stored_subject.as_deref() != Some(ticket.subject.as_str()) {
        search::index(db, &search_index::ticket_entry(&ticket))?;
    }
    if let Some(mut message) = message {
        message.ticket_id = ticket.id;
        insert_message(db, &message)?;
        search::index(db, &search_index::message_entry(&message, &ticket.language))?;
    }
    for event in &mut events {
        event.ticket_id = ticket.id;
    }
    insert_events(db, &events)?;
    crate::email::write_effects(db, ticket.id, &email)?;
    crate::service_level::insert_notifications(db, &notifications)?;
    Ok(ticket)
}

/// The number of ticket `id`, or `None` if there is no such ticket.
fn stored_number(db: &Connection, id: TicketId) -> Result<Option<TicketNumber>, Error> {
    let mut statement = db.prepare_cached("SELECT number FROM ticket WHERE id = ?1")?;
    Ok(statement
        .query_row([key(id.0)], |row| row.get(0).map(TicketNumber))
        .optional()?)
}
