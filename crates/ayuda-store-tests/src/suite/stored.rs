//! What the store holds, read whole (messages, history, tickets, tagged tickets), and what it should hold
//! after a successful create.

use ayuda_core::event::TicketEvent;
use ayuda_core::id::{OrganizationId, TicketId, TicketNumber};
use ayuda_core::message::Message;
use ayuda_core::permission::TicketScope;
use ayuda_core::ticket::Ticket;
use ayuda_store::{NewTicket, Store, TicketQuery};

use crate::fixtures;

/// What a successful create stores for `new`: its ticket with the store's number, version 1 and the
/// requester's organization.
pub(crate) fn created(
    new: &NewTicket,
    number: i64,
    organization: Option<OrganizationId>,
) -> Ticket {
    Ticket {
        number: TicketNumber(number),
        version: 1,
        organization_id: organization,
        ..new.ticket.clone()
    }
}

/// Every message of `ticket`, internal ones included (one page of at most 200).
pub(crate) async fn messages(store: &dyn Store, ticket: TicketId) -> Vec<Message> {
    let page = store.list_messages(ticket, true, None, 200).await.unwrap();
    assert_eq!(page.next_cursor, None);
    page.items
}

/// The whole history of `ticket`, internal entries included (one page of at most 200).
pub(crate) async fn events(store: &dyn Store, ticket: TicketId) -> Vec<TicketEvent> {
    let page = store.list_events(ticket, true, None, 200).await.unwrap();
    assert_eq!(page.next_cursor, None);
    page.items
}

/// Every ticket in the store, newest update first (one page of at most 200).
pub(crate) async fn tickets(store: &dyn Store) -> Vec<Ticket> {
    let page = store
        .list_tickets(&TicketQuery::new(TicketScope::All, 200))
        .await
        .unwrap();
    assert_eq!(page.next_cursor, None);
    page.items
}

/// The ids of the tickets carrying `tag`, through the tag filter.
pub(crate) async fn tagged(store: &dyn Store, tag: &str) -> Vec<TicketId> {
    let query = TicketQuery {
        tag: Some(fixtures::tag(tag)),
        ..TicketQuery::new(TicketScope::All, 200)
    };
    store
        .list_tickets(&query)
        .await
        .unwrap()
        .items
        .iter()
        .map(|t| t.id)
        .collect()
}
