//! Changing tickets with write_ticket: the new state, message and history land together, the version guards
//! against lost updates, and a refused write leaves no trace.

use std::collections::BTreeMap;
use std::sync::Arc;

use ayuda_core::event::{Change, TicketEvent, Via};
use ayuda_core::field::FieldValue;
use ayuda_core::id::{AgentId, GroupId, TicketId};
use ayuda_core::message::{Author, Message};
use ayuda_core::ticket::{
    LinkKind, Priority, Status, Ticket, TicketChanges, TicketLink, TicketSubject, TicketType,
    apply_changes,
};
use ayuda_store::{Store, TicketWrite};

use crate::fixtures::{self, at};
use crate::suite::{expect, stored};

/// A write of `changes` to `ticket` by `agent` at `now`, with one history event per changed field and, when
/// given, the message and its event.
fn write(
    ticket: &Ticket,
    changes: &TicketChanges,
    agent: AgentId,
    now: jiff::Timestamp,
    message: Option<Message>,
) -> TicketWrite {
    let mut next = ticket.clone();
    let log = apply_changes(&mut next, changes, now).expect("the suite only makes allowed changes");
    let mut events: Vec<TicketEvent> = log
        .into_iter()
        .map(|change| {
            TicketEvent::new(
                ticket.id,
                Author::Agent(agent),
                Via::Ui,
                Change::Field(change),
                now,
            )
        })
        .collect();
    if let Some(message) = &message {
        next.updated_at = now;
        events.push(fixtures::message_added(message, Via::Ui));
    }
    TicketWrite {
        ticket: next,
        message,
        events,
        email: Default::default(),
        notifications: Vec::new(),
        routing: None,
    }
}

/// What a successful `write` stores: its ticket one version up.
/// The ticket a write stores: one version on, its counts moved by the write's history (core's rule).
fn bumped(write: &TicketWrite) -> Ticket {
    let mut ticket = Ticket {
        version: write.ticket.version + 1,
        ..write.ticket.clone()
    };
    ticket.insight.record(&write.events);
    ticket
}

pub async fn write_ticket_stores_changes_message_and_history_together(store: Arc<dyn Store>) {
    let group = store
        .create_group(fixtures::group("Billing"))
        .await
        .unwrap();
    let agent = store
        .create_agent(fixtures::agent("luis@desk.test", &[group.id]), None)
        .await
        .unwrap();
    let requester = store
        .create_contact(fixtures::contact("ana@example.com"))
        .await
        .unwrap();
    let other = store
        .create_ticket(fixtures::ticket_for(requester.id).build())
        .await
        .unwrap()
        .ticket;
    let new = fixtures::ticket_for(requester.id)
        .at(at(0))
        .tags(&["vip", "billing"])
        .custom_field("gone", FieldValue::Checkbox(true))
        .custom_field("kept", FieldValue::Number(1.5))
        .build();
    let created = store.create_ticket(new.clone()).await.unwrap();

    let changes = TicketChanges {
        subject: Some(TicketSubject::parse("Refund for order 42").unwrap()),
        status: Some(Status::Open),
        priority: Some(Priority::High),
        ticket_type: Some(TicketType::Incident),
        category_id: None,
        group_id: Some(Some(group.id)),
        assignee_id: Some(Some(agent.id)),
        tags: Some(fixtures::tags(&["billing", "escalated"])),
        custom_fields: Some(BTreeMap::from([
            ("gone".to_owned(), None),
            (
                "order".to_owned(),
                Some(FieldValue::Text("A-42".to_owned())),
            ),
        ])),
        language: Some(fixtures::language("es")),
        links: Some(vec![TicketLink {
            ticket_id: other.id,
            kind: LinkKind::Parent,
        }]),
        merged_into: None,
    };
    let mut reply = fixtures::message(created.ticket.id, Author::Agent(agent.id), at(60));
    reply.attachments = vec![fixtures::attachment(1)];
    let mut first = write(
        &created.ticket,
        &changes,
        agent.id,
        at(60),
        Some(reply.clone()),
    );
    first.ticket.first_response_at = Some(at(60));

    let written = store.write_ticket(first.clone()).await.unwrap();

    let expected = bumped(&first);
    assert_eq!(expected.version, 2);
    assert_eq!(written, expected);
    assert_eq!(
        store.get_ticket(expected.id).await.unwrap(),
        Some(expected.clone())
    );
    assert_eq!(
        stored::messages(&*store, expected.id).await,
        vec![new.message.clone(), reply]
    );
    let mut history = new.events.clone();
    history.extend(first.events.iter().cloned());
    assert_eq!(stored::events(&*store, expected.id).await, history);
    // The tag filter follows the new tags.
    assert_eq!(stored::tagged(&*store, "vip").await, Vec::<TicketId>::new());
    assert_eq!(
        stored::tagged(&*store, "escalated").await,
        vec![expected.id]
    );
    assert_eq!(stored::tagged(&*store, "billing").await, vec![expected.id]);

    // A write without a message, clearing optional fields and every tag.
    let changes = TicketChanges {
        status: Some(Status::Solved),
        assignee_id: Some(None),
        group_id: Some(None),
        tags: Some(Vec::new()),
        links: Some(Vec::new()),
        ..TicketChanges::default()
    };
    let second = write(&expected, &changes, agent.id, at(120), None);
    assert!(second.ticket.solved_at.is_some());
    let written = store.write_ticket(second.clone()).await.unwrap();
    assert_eq!(written, bumped(&second));
    assert_eq!(written.version, 3);
    assert_eq!(store.get_ticket(expected.id).await.unwrap(), Some(written));
    assert_eq!(stored::messages(&*store, expected.id).await.len(), 2);
    assert_eq!(
        stored::events(&*store, expected.id).await.len(),
        history.len() + second.events.len()
    );
    assert!(stored::tagged(&*store, "billing").await.is_empty());
}

pub async fn write_ticket_with_a_stale_version_conflicts_and_writes_nothing(store: Arc<dyn Store>) {
    let agent = store
        .create_agent(fixtures::agent("luis@desk.test", &[]), None)
        .await
        .unwrap();
    let requester = store
        .create_contact(fixtures::contact("ana@example.com"))
        .await
        .unwrap();
    let created = store
        .create_ticket(
            fixtures::ticket_for(requester.id)
                .at(at(0))
                .tags(&["first"])
                .build(),
        )
        .await
        .unwrap();
    let read = created.ticket;

    let winner = write(
        &read,
        &TicketChanges {
            tags: Some(fixtures::tags(&["winner"])),
            ..TicketChanges::default()
        },
        agent.id,
        at(10),
        None,
    );
    let after_winner = store.write_ticket(winner).await.unwrap();
    let before = (
        stored::messages(&*store, read.id).await,
        stored::events(&*store, read.id).await,
    );

    // Written from the version read before the winner's write.
    let loser = write(
        &read,
        &TicketChanges {
            status: Some(Status::Pending),
            tags: Some(fixtures::tags(&["loser"])),
            ..TicketChanges::default()
        },
        agent.id,
        at(20),
        Some(fixtures::note(read.id, agent.id, at(20))),
    );
    expect::conflict(store.write_ticket(loser.clone()).await);
    // A version ahead of the stored one is just as stale.
    let ahead = TicketWrite {
        ticket: Ticket {
            version: after_winner.version + 5,
            ..loser.ticket.clone()
        },
        ..loser
    };

    expect::conflict(store.write_ticket(ahead).await);

    assert_eq!(
        store.get_ticket(read.id).await.unwrap(),
        Some(after_winner.clone())
    );
    assert_eq!(
        (
            stored::messages(&*store, read.id).await,
            stored::events(&*store, read.id).await
        ),
        before,
        "no message or event"
    );
    assert!(
        stored::tagged(&*store, "loser").await.is_empty(),
        "the tags are not rewritten"
    );
    assert_eq!(stored::tagged(&*store, "winner").await, vec![read.id]);

    // Re-read and retried, the write succeeds.
    let retry = write(
        &after_winner,
        &TicketChanges {
            status: Some(Status::Pending),
            ..TicketChanges::default()
        },
        agent.id,
        at(30),
        None,
    );
    assert_eq!(store.write_ticket(retry).await.unwrap().version, 3);
}

pub async fn write_ticket_failing_late_writes_nothing(store: Arc<dyn Store>) {
    let agent = store
        .create_agent(fixtures::agent("luis@desk.test", &[]), None)
        .await
        .unwrap();
    let requester = store
        .create_contact(fixtures::contact("ana@example.com"))
        .await
        .unwrap();
    let created = store
        .create_ticket(fixtures::ticket_for(requester.id).tags(&["first"]).build())
        .await
        .unwrap();
    let read = created.ticket;
    let before = (
        stored::messages(&*store, read.id).await,
        stored::events(&*store, read.id).await,
    );

    // Valid until the message is inserted, after the ticket row and its tags: the message's id is taken.
    let mut reused = fixtures::note(read.id, agent.id, at(10));
    reused.id = created.message.id;
    let changes = TicketChanges {
        status: Some(Status::Open),
        tags: Some(fixtures::tags(&["late"])),
        ..TicketChanges::default()
    };
    expect::failed(
        store
            .write_ticket(write(&read, &changes, agent.id, at(10), Some(reused)))
            .await,
    );

    assert_eq!(store.get_ticket(read.id).await.unwrap(), Some(read.clone()));
    assert_eq!(
        (
            stored::messages(&*store, read.id).await,
            stored::events(&*store, read.id).await
        ),
        before
    );
    assert!(stored::tagged(&*store, "late").await.is_empty());
    assert_eq!(stored::tagged(&*store, "first").await, vec![read.id]);
    // The version did not move: a write from the same read still succeeds.
    let retry = write(&read, &changes, agent.id, at(20), None);
    assert_eq!(store.write_ticket(retry).await.unwrap().version, 2);
}

pub async fn write_ticket_of_an_unknown_ticket_is_not_found(store: Arc<dyn Store>) {
    let requester = store
        .create_contact(fixtures::contact("ana@example.com"))
        .await
        .unwrap();
    let unsaved = fixtures::ticket_for(requester.id).build();
    let write = TicketWrite {
        ticket: unsaved.ticket.clone(),
        message: Some(unsaved.message),
        events: unsaved.events,
        email: Default::default(),
        notifications: Vec::new(),
        routing: None,
    };

    expect::not_found(store.write_ticket(write).await);

    assert_eq!(store.get_ticket(unsaved.ticket.id).await.unwrap(), None);
}

pub async fn write_ticket_refuses_unknown_group_or_assignee_and_writes_nothing(
    store: Arc<dyn Store>,
) {
    let agent = store
        .create_agent(fixtures::agent("luis@desk.test", &[]), None)
        .await
        .unwrap();
    let requester = store
        .create_contact(fixtures::contact("ana@example.com"))
        .await
        .unwrap();
    let read = store
        .create_ticket(fixtures::ticket_for(requester.id).tags(&["first"]).build())
        .await
        .unwrap()
        .ticket;
    let before = (
        stored::messages(&*store, read.id).await,
        stored::events(&*store, read.id).await,
    );

    for changes in [
        TicketChanges {
            group_id: Some(Some(GroupId::generate())),
            tags: Some(fixtures::tags(&["x"])),
            ..TicketChanges::default()
        },
        TicketChanges {
            assignee_id: Some(Some(AgentId::generate())),
            tags: Some(fixtures::tags(&["x"])),
            ..TicketChanges::default()
        },
    ] {
        let refused = write(
            &read,
            &changes,
            agent.id,
            at(10),
            Some(fixtures::note(read.id, agent.id, at(10))),
        );
        expect::missing_any(store.write_ticket(refused).await);
        assert_eq!(store.get_ticket(read.id).await.unwrap(), Some(read.clone()));
        assert_eq!(
            (
                stored::messages(&*store, read.id).await,
                stored::events(&*store, read.id).await
            ),
            before
        );
        assert!(stored::tagged(&*store, "x").await.is_empty());
        assert_eq!(stored::tagged(&*store, "first").await, vec![read.id]);
    }
}

pub async fn concurrent_writes_of_one_version_let_exactly_one_win(store: Arc<dyn Store>) {
    const WRITERS: usize = 8;
    let agent = store
        .create_agent(fixtures::agent("luis@desk.test", &[]), None)
        .await
        .unwrap();
    let requester = store
        .create_contact(fixtures::contact("ana@example.com"))
        .await
        .unwrap();
    let new = fixtures::ticket_for(requester.id).at(at(0)).build();
    let read = store.create_ticket(new.clone()).await.unwrap().ticket;

    let mut tasks = Vec::new();
    for writer in 0..WRITERS {
        let store = Arc::clone(&store);
        let changes = TicketChanges {
            subject: Some(TicketSubject::parse(&format!("Edited by writer {writer}")).unwrap()),
            ..TicketChanges::default()
        };
        let write = write(
            &read,
            &changes,
            agent.id,
            at(10),
            Some(fixtures::note(read.id, agent.id, at(10))),
        );
        tasks.push(tokio::spawn(async move {
            (write.clone(), store.write_ticket(write).await)
        }));
    }
    let mut winners = Vec::new();
    for task in tasks {
        match task.await.unwrap() {
            (write, Ok(stored)) => winners.push((write, stored)),
            (_, result) => expect::conflict(result),
        }
    }
    assert_eq!(
        winners.len(),
        1,
        "exactly one of {WRITERS} writes of version 1 succeeds"
    );
    let (write, written) = &winners[0];
    assert_eq!(*written, bumped(write));
    assert_eq!(
        store.get_ticket(read.id).await.unwrap().as_ref(),
        Some(written)
    );
    let notes: Vec<Message> = stored::messages(&*store, read.id)
        .await
        .into_iter()
        .skip(1)
        .collect();
    assert_eq!(
        notes,
        write.message.iter().cloned().collect::<Vec<_>>(),
        "only the winner's note is stored"
    );
    assert_eq!(
        stored::events(&*store, read.id).await.len(),
        new.events.len() + write.events.len()
    );
}
