//! The writer's batching, ticket numbering under concurrency, several handles on one file, migrations
//! and backups.

use std::future::Future;
use std::sync::mpsc;
use std::task::{Context, Waker};

use ayuda_core::contact::{Identity, IdentityKind};
use ayuda_core::id::{GroupId, TicketNumber};
use ayuda_store::{Requester, Store, StoreError};

use super::fixtures::{contact, group, new_ticket, store};
use crate::SqliteStore;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_creations_get_gapless_unique_numbers() {
    let (store, _dir) = store().await;
    let existing = store
        .create_contact(contact("shared@example.com"))
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for i in 0..500 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            // Half the tickets come from new contacts, half from one existing contact.
            let requester = if i % 2 == 0 {
                Requester::New(contact(&format!("customer{i}@example.com")))
            } else {
                Requester::Existing(existing.id)
            };
            store
                .create_ticket(new_ticket(requester, &format!("Ticket {i}")))
                .await
                .unwrap()
                .ticket
                .number
        }));
    }
    let mut numbers = Vec::new();
    for task in tasks {
        numbers.push(task.await.unwrap().0);
    }
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=500).collect::<Vec<i64>>());
    let stats = store.write_stats();
    assert!(
        stats.batches < stats.writes,
        "500 concurrent writes were never batched: {stats:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_write_does_not_affect_the_rest_of_its_batch() {
    let (store, _dir) = store().await;
    store.create_group(group("Billing")).await.unwrap();

    // Hold the writer so that the next writes queue up and are drained into one batch. Polling each future
    // once sends its job (the send happens before the first await), so the queue order is known without
    // sleeping.
    let (release, held) = mpsc::channel::<()>();
    let mut hold = Box::pin(store.inner.writer.exclusive(move |_| {
        held.recv().map_err(StoreError::backend)?;
        Ok(())
    }));
    let mut first = store.create_group(group("Sales"));
    let mut clash = store.create_group(group("billing"));
    let mut ticket = store.create_ticket(new_ticket(
        Requester::New(contact("ana@example.com")),
        "Hello",
    ));
    // This one writes its new contact, then fails on the unknown group: only its savepoint is undone.
    let mut refused = new_ticket(Requester::New(contact("bea@example.com")), "Refused");
    refused.ticket.group_id = Some(GroupId::generate());
    let mut refused = store.create_ticket(refused);
    let batches_before = store.write_stats().batches;
    let mut cx = Context::from_waker(Waker::noop());
    assert!(hold.as_mut().poll(&mut cx).is_pending());
    assert!(first.as_mut().poll(&mut cx).is_pending());
    assert!(clash.as_mut().poll(&mut cx).is_pending());
    assert!(ticket.as_mut().poll(&mut cx).is_pending());
    assert!(refused.as_mut().poll(&mut cx).is_pending());
    release.send(()).unwrap();
    hold.await.unwrap();

    let sales = first.await.unwrap();
    assert!(matches!(clash.await, Err(StoreError::Duplicate(kind)) if kind == "group name"));
    let created = ticket.await.unwrap();
    assert!(matches!(refused.await, Err(StoreError::MissingReference(what)) if what == "group"));
    let batches_after = store.write_stats().batches;
    assert_eq!(
        batches_after - batches_before,
        1,
        "the four writes should have shared one batch"
    );

    assert_eq!(store.get_group(sales.id).await.unwrap(), Some(sales));
    assert_eq!(
        store.get_ticket(created.ticket.id).await.unwrap(),
        Some(created.ticket)
    );
    let bea = Identity::parse(IdentityKind::Email, "bea@example.com").unwrap();
    assert_eq!(store.find_contact(&bea).await.unwrap(), None);
    let next = new_ticket(Requester::New(contact("carla@example.com")), "Next");
    let next = store.create_ticket(next).await.unwrap();
    assert_eq!(
        next.ticket.number,
        TicketNumber(2),
        "the refused ticket took no number"
    );
    let groups = store.list_groups(None, 10).await.unwrap().items;
    assert_eq!(
        groups.iter().map(|g| g.name.as_str()).collect::<Vec<_>>(),
        ["Billing", "Sales"]
    );
}

#[tokio::test]
async fn migrating_again_and_from_two_handles_at_once_is_fine() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ayuda.db");
    let one = SqliteStore::open(&path).unwrap();
    let two = SqliteStore::open(&path).unwrap();
    let (a, b) = tokio::join!(one.migrate(), two.migrate());
    a.unwrap();
    b.unwrap();
    one.migrate().await.unwrap();
    one.ping().await.unwrap();
    let created = one
        .create_ticket(new_ticket(
            Requester::New(contact("a@example.com")),
            "First",
        ))
        .await
        .unwrap();
    assert_eq!(created.ticket.number, TicketNumber(1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_handle_on_the_same_file_sees_and_makes_writes() {
    let (first, dir) = store().await;
    // Like a second process: its own writer thread, its own connections.
    let second = SqliteStore::open(&dir.path().join("ayuda.db")).unwrap();
    second.migrate().await.unwrap();

    let one = first
        .create_ticket(new_ticket(Requester::New(contact("a@example.com")), "One"))
        .await
        .unwrap();
    assert_eq!(
        second.get_ticket(one.ticket.id).await.unwrap(),
        Some(one.ticket.clone())
    );

    let two = second
        .create_ticket(new_ticket(Requester::New(contact("b@example.com")), "Two"))
        .await
        .unwrap();
    assert_eq!(two.ticket.number, TicketNumber(2));
    assert_eq!(
        first.get_ticket_by_number(TicketNumber(2)).await.unwrap(),
        Some(two.ticket)
    );

    // Both write at once: numbers stay unique and gapless across the two writers.
    let mut tasks = Vec::new();
    for i in 0..40 {
        let store = if i % 2 == 0 {
            first.clone()
        } else {
            second.clone()
        };
        tasks.push(tokio::spawn(async move {
            let requester = Requester::New(contact(&format!("c{i}@example.com")));
            store
                .create_ticket(new_ticket(requester, "Both"))
                .await
                .unwrap()
                .ticket
                .number
                .0
        }));
    }
    let mut numbers = Vec::new();
    for task in tasks {
        numbers.push(task.await.unwrap());
    }
    numbers.sort_unstable();
    assert_eq!(numbers, (3..=42).collect::<Vec<i64>>());
}

#[tokio::test]
async fn backup_then_restore_round_trips() {
    let (store, dir) = store().await;
    let kept = store
        .create_ticket(new_ticket(Requester::New(contact("a@example.com")), "Kept"))
        .await
        .unwrap();
    let backup = dir.path().join("backup.db");
    store.backup(&backup).await.unwrap();
    assert!(
        !dir.path().join("backup.db-wal").exists(),
        "the backup should be a single file"
    );

    // Changes after the backup are undone by the restore.
    let later = store
        .create_ticket(new_ticket(
            Requester::New(contact("b@example.com")),
            "Later",
        ))
        .await
        .unwrap();
    let billing = store.create_group(group("Billing")).await.unwrap();
    store.restore(&backup).await.unwrap();

    assert_eq!(
        store.get_ticket(kept.ticket.id).await.unwrap(),
        Some(kept.ticket.clone())
    );
    assert_eq!(store.get_ticket(later.ticket.id).await.unwrap(), None);
    assert_eq!(store.get_group(billing.id).await.unwrap(), None);
    // The counter came back too: the next ticket takes the number the undone one had.
    let next = store
        .create_ticket(new_ticket(Requester::New(contact("c@example.com")), "Next"))
        .await
        .unwrap();
    assert_eq!(next.ticket.number, TicketNumber(2));

    // The backup is a self-contained database that opens on its own.
    let copy = SqliteStore::open(&backup).unwrap();
    copy.migrate().await.unwrap();
    assert_eq!(
        copy.get_ticket(kept.ticket.id).await.unwrap(),
        Some(kept.ticket)
    );
}

#[tokio::test]
async fn restore_refuses_a_file_that_is_not_an_ayuda_database() {
    let (store, dir) = store().await;
    let kept = store.create_group(group("Billing")).await.unwrap();
    let other = dir.path().join("other.db");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x)")
        .unwrap();
    assert!(matches!(
        store.restore(&other).await,
        Err(StoreError::Backend(_))
    ));
    assert!(store.restore(&dir.path().join("missing.db")).await.is_err());
    assert_eq!(store.get_group(kept.id).await.unwrap(), Some(kept));
}

/// The background checkpointer copies committed WAL frames into the database file on its own, so the
/// writer never has to stall on a checkpoint (until the WAL reaches the backstop size).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_background_checkpointer_keeps_up_with_the_writer() {
    let (store, _dir) = store().await;
    let mut tasks = Vec::new();
    for i in 0..200 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let requester = Requester::New(contact(&format!("wal{i}@example.com")));
            store
                .create_ticket(new_ticket(requester, &format!("Ticket {i}")))
                .await
                .unwrap();
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    // Read what the background thread itself reported: checkpointing from here would prove nothing.
    let caught_up = (0..40).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(100));
        let (frames, copied) = store.checkpoint_progress();
        frames > 0 && frames == copied
    });
    assert!(
        caught_up,
        "the background checkpointer never copied the whole WAL: {:?}",
        store.checkpoint_progress()
    );
}
