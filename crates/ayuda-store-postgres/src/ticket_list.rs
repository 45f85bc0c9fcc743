//! The ticket list: scope, optional filters and a keyset cursor turned into one query whose order an index
//! provides, so a page costs the same however deep it is.
//!
//! Without a tag filter the query reads `ticket` and orders by `(updated_at, id)`, which every list index of
//! the ticket table ends in. With a tag filter it walks `ticket_tag`'s primary key `(tag, updated_at,
//! ticket_id)` in list order and joins each hit to its ticket; the tag table's `updated_at` is the ticket's.

use ayuda_core::permission::TicketScope;
use ayuda_core::ticket::Ticket;
use ayuda_store::{MAX_PAGE, Page, TicketCursor, TicketOrder, TicketQuery};
use sqlx::{PgPool, Postgres, QueryBuilder};
use uuid::Uuid;

use crate::errors::Result;
use crate::rows::{TicketRow, sql_ts, ticket_columns};

pub(crate) async fn list_tickets(
    pool: &PgPool,
    query: &TicketQuery,
) -> Result<Page<Ticket, TicketCursor>> {
    let limit = query.limit.min(MAX_PAGE);
    let mut select = QueryBuilder::new("");
    push_list_query(&mut select, query, limit);
    let rows: Vec<TicketRow> = select.build_query_as().fetch_all(pool).await?;
    let tickets = rows
        .into_iter()
        .map(Ticket::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page::from_overfetch(tickets, limit, TicketCursor::of))
}

/// Appends the list query for `query` (fetching `limit + 1` rows) to `select`. Tests prefix it with
/// `explain` to check the plan.
pub(crate) fn push_list_query(
    select: &mut QueryBuilder<Postgres>,
    query: &TicketQuery,
    limit: u32,
) {
    select.push(concat!("select ", ticket_columns!()));
    // The columns the order and the cursor use: the tag table's when walking it.
    let (updated_at, id) = match &query.tag {
        Some(tag) => {
            select.push(" from ticket_tag tt join ticket t on t.id = tt.ticket_id where tt.tag = ");
            select.push_bind(tag.as_str().to_owned());
            ("tt.updated_at", "tt.ticket_id")
        }
        None => {
            select.push(" from ticket t where true");
            ("t.updated_at", "t.id")
        }
    };

    match query.statuses.as_slice() {
        [] => {}
        // Equality rather than `= any(...)` when there is one status: that is what lets the planner walk
        // (status, updated_at, id) in order instead of sorting.
        [status] => {
            select.push(" and t.status = ").push_bind(status.as_str());
        }
        statuses => {
            let names: Vec<&str> = statuses.iter().map(|status| status.as_str()).collect();
            select
                .push(" and t.status = any(")
                .push_bind(names)
                .push(")");
        }
    }
    if let Some(priority) = query.priority {
        select
            .push(" and t.priority = ")
            .push_bind(priority.as_str());
    }
    if let Some(group) = query.group_id {
        select.push(" and t.group_id = ").push_bind(group.0);
    }
    if query.unassigned {
        select.push(" and t.assignee_id is null");
    }
    if let Some(groups) = &query.groups_or_none {
        let groups: Vec<Uuid> = groups.iter().map(|g| g.0).collect();
        select
            .push(" and (t.group_id is null or t.group_id = any(")
            .push_bind(groups)
            .push("))");
    }
    if let Some(assignee) = query.assignee_id {
        select.push(" and t.assignee_id = ").push_bind(assignee.0);
    }
    if let Some(requester) = query.requester_id {
        select.push(" and t.requester_id = ").push_bind(requester.0);
    }
    if let Some(organization) = query.organization_id {
        select
            .push(" and t.organization_id = ")
            .push_bind(organization.0);
    }
    if let Some(channel) = query.channel {
        select.push(" and t.channel = ").push_bind(channel.as_str());
    }
    if let Some(since) = query.updated_since {
        select
            .push(format_args!(" and {updated_at} >= "))
            .push_bind(sql_ts(since));
    }
    push_scope(select, &query.scope);

    let (comparison, direction) = match query.order {
        TicketOrder::UpdatedDesc => ("<", "desc"),
        TicketOrder::UpdatedAsc => (">", "asc"),
    };
    if let Some(after) = query.after {
        select.push(format_args!(" and ({updated_at}, {id}) {comparison} ("));
        select
            .push_bind(sql_ts(after.updated_at))
            .push(", ")
            .push_bind(after.id.0)
            .push(")");
    }
    select.push(format_args!(
        " order by {updated_at} {direction}, {id} {direction} limit "
    ));
    select.push_bind(i64::from(limit) + 1);
}

/// The principal's scope, the same rule as `TicketScope::contains`.
fn push_scope(select: &mut QueryBuilder<Postgres>, scope: &TicketScope) {
    match scope {
        TicketScope::All => {}
        TicketScope::Agent {
            agent_id,
            group_ids,
        } => {
            let group_ids: Vec<Uuid> = group_ids.iter().map(|id| id.0).collect();
            select
                .push(" and (t.group_id is null or t.group_id = any(")
                .push_bind(group_ids);
            select
                .push(") or t.assignee_id = ")
                .push_bind(agent_id.0)
                .push(")");
        }
        TicketScope::Customer {
            contact_id,
            organization_id: Some(organization),
        } => {
            select
                .push(" and (t.requester_id = ")
                .push_bind(contact_id.0);
            select
                .push(" or t.organization_id = ")
                .push_bind(organization.0)
                .push(")");
        }
        TicketScope::Customer {
            contact_id,
            organization_id: None,
        } => {
            select
                .push(" and t.requester_id = ")
                .push_bind(contact_id.0);
        }
    }
}

#[cfg(test)]
mod tests;
