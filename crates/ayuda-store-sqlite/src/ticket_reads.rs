//! Ticket reads: one ticket, the keyset-paginated ticket list with its filters and scope, and a ticket's
//! messages and history.
//!
//! The list is built so that each single filter walks its own index in list order (see the migration):
//! no page ever sorts, and the tag filter drives the query from `ticket_tag`. Scope conditions are written
//! with a unary `+` so the planner never picks an index for them (an agent's scope matches most tickets,
//! and using an index for it would mean sorting the whole scope).

use std::fmt::Write as _;

use ayuda_core::event::TicketEvent;
use ayuda_core::id::{EventId, MessageId, TicketId, TicketNumber};
use ayuda_core::message::Message;
use ayuda_core::permission::TicketScope;
use ayuda_core::ticket::Ticket;
use ayuda_store::{MAX_PAGE, Page, TicketCursor, TicketOrder, TicketQuery};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};

use crate::error::Error;
use crate::rows::{
    ATTACHMENT_COLUMNS, EVENT_COLUMNS, EventRow, MESSAGE_COLUMNS, MessageRow, TICKET_COLUMNS,
    TicketRow, after_key, key, micros, read_attachment,
};

pub(crate) fn get_ticket(db: &Connection, id: TicketId) -> Result<Option<Ticket>, Error> {
    let sql = format!("SELECT {TICKET_COLUMNS} FROM ticket t WHERE t.id = ?1");
    let row = db
        .prepare_cached(&sql)?
        .query_row([key(id.0)], TicketRow::read)
        .optional()?;
    Ok(row.map(TicketRow::into_ticket).transpose()?)
}

pub(crate) fn get_ticket_by_number(
    db: &Connection,
    number: TicketNumber,
) -> Result<Option<Ticket>, Error> {
    let sql = format!("SELECT {TICKET_COLUMNS} FROM ticket t WHERE t.number = ?1");
    let row = db
        .prepare_cached(&sql)?
        .query_row([number.0], TicketRow::read)
        .optional()?;
    Ok(row.map(TicketRow::into_ticket).transpose()?)
}

/// The SQL of a ticket list and its arguments.
pub(crate) fn list_sql(query: &TicketQuery, limit: u32) -> (String, Vec<Value>) {
    let mut sql = format!("SELECT {TICKET_COLUMNS} FROM ");
    let mut args: Vec<Value> = Vec::new();
    let mut conditions: Vec<String> = Vec::new();
    let blob = |id: uuid::Uuid| Value::Blob(key(id).to_vec());

    // The columns the list is ordered and paginated by: the tag filter reads them from ticket_tag, whose
    // primary key (tag, updated_at, ticket_id) is then the index that gives the order.
    let (updated_at, id) = match &query.tag {
        Some(tag) => {
            // CROSS JOIN keeps ticket_tag as the outer loop, so rows come out in its key order.
            sql.push_str("ticket_tag g CROSS JOIN ticket t ON t.id = g.ticket_id");
            conditions.push("g.tag = ?".to_owned());
            args.push(Value::Text(tag.as_str().to_owned()));
            ("g.updated_at", "g.ticket_id")
        }
        None => {
            sql.push_str("ticket t");
            ("t.updated_at", "t.id")
        }
    };

    match query.statuses.as_slice() {
        [] => {}
        [status] => {
            conditions.push("t.status = ?".to_owned());
            args.push(Value::Text(status.as_str().to_owned()));
        }
        statuses => {
            let marks = vec!["?"; statuses.len()].join(", ");
            conditions.push(format!("t.status IN ({marks})"));
            args.extend(statuses.iter().map(|s| Value::Text(s.as_str().to_owned())));
        }
    }
    let mut equal = |column: &str, value: Option<Value>| {
        if let Some(value) = value {
            conditions.push(format!("{column} = ?"));
            args.push(value);
        }
    };
    equal(
        "t.priority",
        query.priority.map(|p| Value::Text(p.as_str().to_owned())),
    );
    equal("t.group_id", query.group_id.map(|g| blob(g.0)));
    equal("t.assignee_id", query.assignee_id.map(|a| blob(a.0)));
    equal("t.requester_id", query.requester_id.map(|r| blob(r.0)));
    equal(
        "t.organization_id",
        query.organization_id.map(|o| blob(o.0)),
    );
    equal(
        "t.channel",
        query.channel.map(|c| Value::Text(c.as_str().to_owned())),
    );
    if query.unassigned {
        conditions.push("t.assignee_id IS NULL".to_owned());
    }
    if let Some(groups) = &query.groups_or_none {
        let mut condition = "(t.group_id IS NULL".to_owned();
        if !groups.is_empty() {
            let marks = vec!["?"; groups.len()].join(", ");
            let _ = write!(condition, " OR t.group_id IN ({marks})");
            args.extend(groups.iter().map(|g| blob(g.0)));
        }
        condition.push(')');
        conditions.push(condition);
    }

    match &query.scope {
        TicketScope::All => {}
        TicketScope::Agent {
            agent_id,
            group_ids,
        } => {
            let mut scope = "(+t.group_id IS NULL".to_owned();
            if !group_ids.is_empty() {
                let marks = vec!["?"; group_ids.len()].join(", ");
                let _ = write!(scope, " OR +t.group_id IN ({marks})");
                args.extend(group_ids.iter().map(|g| blob(g.0)));
            }
            scope.push_str(" OR +t.assignee_id = ?)");
            args.push(blob(agent_id.0));
            conditions.push(scope);
        }
        TicketScope::Customer {
            contact_id,
            organization_id,
        } => {
            // Customers have few tickets: here an index on requester (and organization) beats walking the
            // whole list in order, so the columns stay plain for the planner to use.
            match organization_id {
                Some(organization) => {
                    conditions.push("(t.requester_id = ? OR t.organization_id = ?)".to_owned());
                    args.push(blob(contact_id.0));
                    args.push(blob(organization.0));
                }
                None => {
                    conditions.push("t.requester_id = ?".to_owned());
                    args.push(blob(contact_id.0));
                }
            }
        }
    }

    if let Some(since) = query.updated_since {
        conditions.push(format!("{updated_at} >= ?"));
        args.push(Value::Integer(micros(since)));
    }
    let (direction, beyond) = match query.order {
        TicketOrder::UpdatedDesc => ("DESC", "<"),
        TicketOrder::UpdatedAsc => ("ASC", ">"),
    };
    if let Some(TicketCursor {
        updated_at: at,
        id: after,
    }) = query.after
    {
        conditions.push(format!("({updated_at}, {id}) {beyond} (?, ?)"));
        args.push(Value::Integer(micros(at)));
        args.push(blob(after.0));
    }

    if !conditions.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&conditions.join(" AND "));
    }
    let _ = write!(
        sql,
        " ORDER BY {updated_at} {direction}, {id} {direction} LIMIT ?"
    );
    args.push(Value::Integer(i64::from(limit) + 1));
    (sql, args)
}

pub(crate) fn list_tickets(
    db: &Connection,
    query: &TicketQuery,
) -> Result<Page<Ticket, TicketCursor>, Error> {
    let limit = query.limit.min(MAX_PAGE);
    let (sql, args) = list_sql(query, limit);
    let mut statement = db.prepare_cached(&sql)?;
    let rows = statement
        .query_map(params_from_iter(args), TicketRow::read)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let tickets = rows
        .into_iter()
        .map(TicketRow::into_ticket)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page::from_overfetch(tickets, limit, TicketCursor::of))
}

pub(crate) fn list_messages(
    db: &Connection,
    ticket: TicketId,
    include_internal: bool,
    after: Option<MessageId>,
    limit: u32,
) -> Result<Page<Message, MessageId>, Error> {
    let limit = limit.min(MAX_PAGE);
    let sql = format!(
        "SELECT {MESSAGE_COLUMNS} FROM message WHERE ticket_id = ?1 AND id > ?2 AND (?3 OR internal = 0) \
         ORDER BY id LIMIT ?4"
    );
    let mut statement = db.prepare_cached(&sql)?;
    let rows = statement
        .query_map(
            params![
                key(ticket.0),
                after_key(after.map(|a| a.0)),
                include_internal,
                limit + 1
            ],
            MessageRow::read,
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut attachments = db.prepare_cached(&format!(
        "SELECT {ATTACHMENT_COLUMNS} FROM attachment WHERE message_id = ?1 ORDER BY position"
    ))?;
    let messages = rows
        .into_iter()
        .map(|row| {
            let files = attachments
                .query_map([row.id()], read_attachment)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(row.into_message(files)?)
        })
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(Page::from_overfetch(messages, limit, |m| m.id))
}

pub(crate) fn get_message(db: &Connection, id: MessageId) -> Result<Option<Message>, Error> {
    let sql = format!("SELECT {MESSAGE_COLUMNS} FROM message WHERE id = ?1");
    let mut statement = db.prepare_cached(&sql)?;
    let Some(row) = statement
        .query_map([key(id.0)], MessageRow::read)?
        .next()
        .transpose()?
    else {
        return Ok(None);
    };
    let files = db
        .prepare_cached(&format!(
            "SELECT {ATTACHMENT_COLUMNS} FROM attachment WHERE message_id = ?1 ORDER BY position"
        ))?
        .query_map([row.id()], read_attachment)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some(row.into_message(files)?))
}

pub(crate) fn list_events(
    db: &Connection,
    ticket: TicketId,
    include_internal: bool,
    after: Option<EventId>,
    limit: u32,
) -> Result<Page<TicketEvent, EventId>, Error> {
    let limit = limit.min(MAX_PAGE);
    let sql = format!(
        "SELECT {EVENT_COLUMNS} FROM ticket_event WHERE ticket_id = ?1 AND id > ?2 AND (?3 OR internal = 0) \
         ORDER BY id LIMIT ?4"
    );
    let mut statement = db.prepare_cached(&sql)?;
    let rows = statement
        .query_map(
            params![
                key(ticket.0),
                after_key(after.map(|a| a.0)),
                include_internal,
                limit + 1
            ],
            EventRow::read,
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let events = rows
        .into_iter()
        .map(EventRow::into_event)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page::from_overfetch(events, limit, |e| e.id))
}
