//! A ticket's messages and history events: oldest first, paged by id, with internal notes (and the events
//! about them) hidden unless asked for.

use std::sync::Arc;

use ayuda_core::event::{Change, TicketEvent, Via};
use ayuda_core::id::{AgentId, TicketId};
use ayuda_core::message::{Author, Message, MessageKind};
use ayuda_core::ticket::{Status, Ticket, TicketChanges, apply_changes};
use ayuda_store::{Page, Store, TicketWrite};

use crate::fixtures::{self, at};

/// A ticket with five messages (public, internal note, internal call, public letter, public reply) and the
/// history of them; returns the ticket's id, its messages and its events, oldest first.
async fn conversation(store: &dyn Store) -> (TicketId, Vec<Message>, Vec<TicketEvent>) {
    let agent = store
        .create_agent(fixtures::agent("luis@desk.test", &[]), None)
        .await
        .unwrap()
        .id;
    let requester = store
        .create_contact(fixtures::contact("ana@example.com"))
        .await
        .unwrap()
        .id;
    let mut new = fixtures::ticket_for(requester).at(at(0)).build();
    new.events
        .push(fixtures::message_added(&new.message, Via::Email));
    let mut ticket = store.create_ticket(new.clone()).await.unwrap().ticket;
    let mut messages = vec![new.message.clone()];
    let mut events = new.events.clone();

    // Made in the order they are added, so ids, creation times and insertion order agree on "oldest".
    let note = fixtures::note(ticket.id, agent, at(10));
    let call = Message {
        kind: MessageKind::PhoneCall,
        internal: true,
        ..fixtures::message(ticket.id, Author::Agent(agent), at(20))
    };
    let letter = Message {
        kind: MessageKind::Letter,
        internal: false,
        ..fixtures::message(ticket.id, Author::Agent(agent), at(30))
    };
    let reply = fixtures::message(ticket.id, Author::Agent(agent), at(40));
    for (step, message) in [note, call, letter, reply].into_iter().enumerate() {
        let added;
        (ticket, added) = add(store, &ticket, agent, message.clone(), step == 3).await;
        events.extend(added);
        messages.push(message);
    }
    (ticket.id, messages, events)
}

/// Adds `message` by `agent` to `ticket`, also opening it when `open` (so a field event sits among the others);
/// returns the ticket as stored and the events written.
async fn add(
    store: &dyn Store,
    ticket: &Ticket,
    agent: AgentId,
    message: Message,
    open: bool,
) -> (Ticket, Vec<TicketEvent>) {
    let mut next = ticket.clone();
    let changes = TicketChanges {
        status: open.then_some(Status::Open),
        ..TicketChanges::default()
    };
    let log = apply_changes(&mut next, &changes, message.created_at)
        .expect("opening a new ticket is allowed");
    next.updated_at = message.created_at;
    let mut events: Vec<TicketEvent> = log
        .into_iter()
        .map(|change| {
            TicketEvent::new(
                ticket.id,
                Author::Agent(agent),
                Via::Ui,
                Change::Field(change),
                message.created_at,
            )
        })
        .collect();
    events.push(fixtures::message_added(&message, Via::Ui));
    let write = TicketWrite {
        ticket: next,
        message: Some(message),
        events: events.clone(),
        email: Default::default(),
        notifications: Vec::new(),
        routing: None,
    };
    (store.write_ticket(write).await.unwrap(), events)
}

/// Walks `list` from the start in pages of `limit`, checking each page's cursor, and returns every item.
async fn walk_by_id<T: Clone + std::fmt::Debug, C: Copy + PartialEq + std::fmt::Debug, F, Fut>(
    limit: u32,
    id_of: impl Fn(&T) -> C,
    list: F,
) -> Vec<T>
where
    F: Fn(Option<C>) -> Fut,
    Fut: std::future::Future<Output = Page<T, C>>,
{
    let mut all = Vec::new();
    let mut after = None;
    for _ in 0..100 {
        let page = list(after).await;
        assert!(page.items.len() <= limit as usize);
        all.extend(page.items.iter().cloned());
        match page.next_cursor {
            None => return all,
            Some(cursor) => {
                assert_eq!(
                    page.items.len(),
                    limit as usize,
                    "only the last page is short"
                );
                assert_eq!(
                    Some(cursor),
                    page.items.last().map(&id_of),
                    "the cursor is the last item's id"
                );
                after = Some(cursor);
            }
        }
    }
    panic!("the walk did not end: the cursor does not advance");
}

pub async fn list_messages_pages_oldest_first_and_hides_internal_ones(store: Arc<dyn Store>) {
    let (ticket, messages, _) = conversation(&*store).await;
    // Another ticket's messages never show.
    let requester = store
        .create_contact(fixtures::contact("eva@example.com"))
        .await
        .unwrap()
        .id;
    store
        .create_ticket(fixtures::ticket_for(requester).at(at(5)).build())
        .await
        .unwrap();
    let public: Vec<Message> = messages.iter().filter(|m| !m.internal).cloned().collect();
    assert_eq!(public.len(), 3);

    for (include_internal, expected) in [(true, &messages), (false, &public)] {
        let whole = store
            .list_messages(ticket, include_internal, None, 200)
            .await
            .unwrap();
        assert_eq!(
            whole,
            Page {
                items: expected.clone(),
                next_cursor: None
            },
            "include_internal={include_internal}"
        );
        for limit in [1, 2, 3, 5] {
            let walked = walk_by_id(
                limit,
                |m: &Message| m.id,
                |after| {
                    let store = Arc::clone(&store);
                    async move {
                        store
                            .list_messages(ticket, include_internal, after, limit)
                            .await
                            .unwrap()
                    }
                },
            )
            .await;
            assert_eq!(
                walked, *expected,
                "include_internal={include_internal} in pages of {limit}"
            );
        }
    }
    // A page may start after a message the caller may not see.
    let after_note = store
        .list_messages(ticket, false, Some(messages[1].id), 1)
        .await
        .unwrap();
    assert_eq!(
        after_note,
        Page {
            items: vec![messages[3].clone()],
            next_cursor: Some(messages[3].id)
        }
    );
    let after_last = store
        .list_messages(ticket, true, Some(messages[4].id), 10)
        .await
        .unwrap();
    assert_eq!(
        after_last,
        Page {
            items: Vec::new(),
            next_cursor: None
        }
    );
    let unknown = store
        .list_messages(TicketId::generate(), true, None, 10)
        .await
        .unwrap();
    assert!(unknown.items.is_empty());
}

pub async fn list_events_pages_oldest_first_and_hides_internal_message_events(
    store: Arc<dyn Store>,
) {
    let (ticket, _, events) = conversation(&*store).await;
    let requester = store
        .create_contact(fixtures::contact("eva@example.com"))
        .await
        .unwrap()
        .id;
    store
        .create_ticket(fixtures::ticket_for(requester).at(at(5)).build())
        .await
        .unwrap();
    // Created, then one message_added per message, plus a status change with the last reply.
    assert_eq!(events.len(), 7);
    let visible: Vec<TicketEvent> = events
        .iter()
        .filter(|e| e.visible_to_customers())
        .cloned()
        .collect();
    assert_eq!(
        visible.len(),
        5,
        "the note's and the internal call's events are hidden"
    );

    for (include_internal, expected) in [(true, &events), (false, &visible)] {
        let whole = store
            .list_events(ticket, include_internal, None, 200)
            .await
            .unwrap();
        assert_eq!(
            whole,
            Page {
                items: expected.clone(),
                next_cursor: None
            },
            "include_internal={include_internal}"
        );
        for limit in [1, 2, 3, 7] {
            let walked = walk_by_id(
                limit,
                |e: &TicketEvent| e.id,
                |after| {
                    let store = Arc::clone(&store);
                    async move {
                        store
                            .list_events(ticket, include_internal, after, limit)
                            .await
                            .unwrap()
                    }
                },
            )
            .await;
            assert_eq!(
                walked, *expected,
                "include_internal={include_internal} in pages of {limit}"
            );
        }
    }
    let unknown = store
        .list_events(TicketId::generate(), true, None, 10)
        .await
        .unwrap();
    assert!(unknown.items.is_empty());
}
