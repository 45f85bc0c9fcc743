//! Ticket numbers and batches: numbers stay gapless and unique under concurrent creators, and
//! create_tickets stores a whole batch or nothing.

use std::sync::Arc;

use ayuda_core::id::{GroupId, TicketId, TicketNumber};
use ayuda_store::{NewTicket, Store};

use crate::fixtures;
use crate::suite::{expect, stored};

pub async fn ticket_numbers_are_gapless_under_concurrency(store: Arc<dyn Store>) {
    const TASKS: usize = 30;
    const PER_TASK: usize = 10;
    let regular = store
        .create_contact(fixtures::contact("regular@example.com"))
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for task in 0..TASKS {
        let store = Arc::clone(&store);
        tasks.push(tokio::spawn(async move {
            let mut numbers = Vec::new();
            for i in 0..PER_TASK {
                // Some tickets also create their requester, so contact inserts contend too.
                let new = if i % 4 == 0 {
                    fixtures::ticket_from(fixtures::contact(&format!("t{task}-{i}@example.com")))
                        .build()
                } else {
                    fixtures::ticket_for(regular.id).build()
                };
                let created = store
                    .create_ticket(new)
                    .await
                    .unwrap_or_else(|e| panic!("task {task}, ticket {i}: {e:?}"));
                numbers.push(created.ticket.number.0);
            }
            numbers
        }));
    }
    let mut numbers = Vec::new();
    for task in tasks {
        numbers.extend(task.await.unwrap());
    }
    numbers.sort_unstable();
    let total = (TASKS * PER_TASK) as i64;
    assert_eq!(numbers, (1..=total).collect::<Vec<_>>());

    for number in [1, total / 2, total] {
        let found = store
            .get_ticket_by_number(TicketNumber(number))
            .await
            .unwrap();
        assert_eq!(found.map(|t| t.number), Some(TicketNumber(number)));
    }
    let next = store
        .create_ticket(fixtures::ticket_for(regular.id).build())
        .await
        .unwrap();
    assert_eq!(next.ticket.number, TicketNumber(total + 1));
}

pub async fn create_tickets_is_all_or_nothing(store: Arc<dyn Store>) {
    let requester = store
        .create_contact(fixtures::contact("ana@example.com"))
        .await
        .unwrap();
    let provisional = fixtures::contact("new@example.com");
    let batch = vec![
        fixtures::ticket_from(provisional.clone()).build(),
        fixtures::ticket_for(requester.id).build(),
        fixtures::ticket_for(requester.id).build(),
        fixtures::ticket_for(requester.id)
            .group(Some(GroupId::generate()))
            .build(),
        fixtures::ticket_for(requester.id).build(),
    ];
    let ids: Vec<TicketId> = batch.iter().map(|new| new.ticket.id).collect();

    expect::missing(store.create_tickets(batch).await, "group");

    for id in ids {
        assert_eq!(store.get_ticket(id).await.unwrap(), None);
        assert!(stored::messages(&*store, id).await.is_empty());
    }
    assert!(stored::tickets(&*store).await.is_empty());
    assert_eq!(store.get_contact(provisional.id).await.unwrap(), None);
    assert_eq!(
        store
            .find_contact(&provisional.identities[0])
            .await
            .unwrap(),
        None
    );

    // A batch failing late, on its last ticket's message (its id is the first one's).
    let first = fixtures::ticket_from(provisional.clone()).build();
    let mut late = fixtures::ticket_for(requester.id).build();
    late.message.id = first.message.id;
    let batch = vec![
        first.clone(),
        fixtures::ticket_for(requester.id).build(),
        late,
    ];
    expect::failed(store.create_tickets(batch).await);
    assert!(stored::tickets(&*store).await.is_empty());
    assert_eq!(store.get_contact(provisional.id).await.unwrap(), None);

    assert_eq!(store.create_tickets(Vec::new()).await.unwrap(), Vec::new());

    let batch: Vec<NewTicket> = (0..3)
        .map(|_| fixtures::ticket_for(requester.id).build())
        .collect();
    let created = store.create_tickets(batch.clone()).await.unwrap();
    assert_eq!(
        created.iter().map(|c| c.ticket.id).collect::<Vec<_>>(),
        batch.iter().map(|n| n.ticket.id).collect::<Vec<_>>()
    );
    let mut numbers: Vec<i64> = created.iter().map(|c| c.ticket.number.0).collect();
    numbers.sort_unstable();
    assert_eq!(numbers, [1, 2, 3], "the refused batch used no number");
    for (created, new) in created.iter().zip(&batch) {
        assert_eq!(
            created.ticket,
            stored::created(new, created.ticket.number.0, None)
        );
        assert_eq!(created.message, new.message);
        assert_eq!(
            store.get_ticket(new.ticket.id).await.unwrap().as_ref(),
            Some(&created.ticket)
        );
        assert_eq!(stored::events(&*store, new.ticket.id).await, new.events);
    }
    let next = store
        .create_ticket(fixtures::ticket_for(requester.id).build())
        .await
        .unwrap();
    assert_eq!(next.ticket.number, TicketNumber(4));
}
