//! What only a real PostgreSQL server shows about this backend: gapless numbers under concurrency within one
//! pool and across two (as with two app nodes), violations named by constraint, optimistic concurrency and
//! repeatable migrations. Behaviour shared with SQLite is checked by the `ayuda-store-tests` suite.

mod common;
mod fixtures;

use std::collections::{BTreeMap, HashMap};

use ayuda_core::contact::{
    Domain, Identity, IdentityKind, Organization, OrganizationKind, ServiceTier,
};
use ayuda_core::field::{FieldDefinition, FieldEntity, FieldKey, FieldKind};
use ayuda_core::id::{
    AgentId, AttachmentId, ContactId, FieldId, GroupId, OrganizationId, TicketId, TokenId,
};
use ayuda_core::message::Attachment;
use ayuda_core::permission::TicketScope;
use ayuda_core::text::{Name, Tag};
use ayuda_core::ticket::{Status, TicketSubject};
use ayuda_store::{
    ApiToken, NewTicket, Requester, Store, StoreError, TicketQuery, TicketWrite, TokenOwner,
};
use ayuda_store_postgres::PgStore;

use common::TestDatabase;
use fixtures::{agent, contact, contact_with, email, group, new_ticket, now, store};

/// A fresh database for this test, or an early return when PostgreSQL is not reachable.
macro_rules! test_database {
    () => {
        match TestDatabase::create().await {
            Some(database) => database,
            None => return,
        }
    };
}

/// Creates `count` tickets from `tasks` concurrent tasks; requesters are new contacts at `addresses` shared
/// addresses. The i-th ticket of every task has the same address, so the tasks also race to create the same
/// new contact. Returns (number, requester, address, created) per ticket.
async fn create_concurrently(
    stores: &[PgStore],
    tasks: usize,
    count: usize,
    addresses: usize,
) -> Vec<(i64, ContactId, String, bool)> {
    let mut handles = Vec::new();
    for task in 0..tasks {
        let store = stores[task % stores.len()].clone();
        handles.push(tokio::spawn(async move {
            let mut created = Vec::new();
            for i in (task..count).step_by(tasks) {
                let address = format!("customer{}@example.com", (i / tasks) % addresses);
                let new = new_ticket(Requester::New(contact(&address)));
                let stored = store
                    .create_ticket(new)
                    .await
                    .expect("concurrent creation succeeds");
                assert_eq!(
                    stored.message.author,
                    ayuda_core::message::Author::Contact(stored.ticket.requester_id)
                );
                created.push((
                    stored.ticket.number.0,
                    stored.ticket.requester_id,
                    address,
                    stored.requester_created,
                ));
            }
            created
        }));
    }
    let mut all = Vec::new();
    for handle in handles {
        all.extend(handle.await.expect("no task panicked"));
    }
    all
}

/// Checks numbers are exactly 1..=n and that each address got one contact, created exactly once.
fn assert_gapless_with_one_contact_per_address(
    created: &[(i64, ContactId, String, bool)],
    addresses: usize,
) {
    let mut numbers: Vec<i64> = created.iter().map(|(number, ..)| *number).collect();
    numbers.sort_unstable();
    let expected: Vec<i64> = (1..=i64::try_from(created.len()).unwrap()).collect();
    assert_eq!(
        numbers, expected,
        "ticket numbers have a gap or a duplicate"
    );

    let mut contact_of: HashMap<&str, ContactId> = HashMap::new();
    for (_, requester, address, _) in created {
        let first = *contact_of.entry(address).or_insert(*requester);
        assert_eq!(first, *requester, "two contacts for {address}");
    }
    assert_eq!(contact_of.len(), addresses);
    assert_eq!(
        created
            .iter()
            .filter(|(.., was_created)| *was_created)
            .count(),
        addresses
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_creations_get_numbers_one_to_n_without_gaps() {
    let database = test_database!();
    let store = store(&database, 8).await;
    let created = create_concurrently(std::slice::from_ref(&store), 16, 500, 25).await;
    assert_gapless_with_one_contact_per_address(&created, 25);
    let last = store
        .get_ticket_by_number(ayuda_core::id::TicketNumber(500))
        .await
        .unwrap();
    assert!(last.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_app_nodes_share_one_gapless_counter() {
    let database = test_database!();
    let node_a = store(&database, 4).await;
    let node_b = PgStore::connect(&database.url, 4).await.unwrap();
    let created = create_concurrently(&[node_a, node_b], 16, 300, 10).await;
    assert_gapless_with_one_contact_per_address(&created, 10);
}

#[tokio::test]
async fn a_refused_creation_gives_its_number_back() {
    let database = test_database!();
    let store = store(&database, 2).await;

    let mut unknown_group = new_ticket(Requester::New(contact("ana@example.com")));
    unknown_group.ticket.group_id = Some(GroupId::generate());
    let refused = store.create_ticket(unknown_group).await.unwrap_err();
    assert!(
        matches!(&refused, StoreError::MissingReference(what) if what == "group"),
        "{refused:?}"
    );
    // Nothing of it was kept, not even the new contact.
    assert!(
        store
            .find_contact(&email("ana@example.com"))
            .await
            .unwrap()
            .is_none()
    );

    let first = store
        .create_ticket(new_ticket(Requester::New(contact("ana@example.com"))))
        .await
        .unwrap();
    assert_eq!(first.ticket.number.0, 1);

    let mut unknown_assignee = new_ticket(Requester::Existing(first.ticket.requester_id));
    unknown_assignee.ticket.assignee_id = Some(AgentId::generate());
    let batch = vec![
        new_ticket(Requester::Existing(first.ticket.requester_id)),
        unknown_assignee,
    ];
    let refused = store.create_tickets(batch).await.unwrap_err();
    assert!(
        matches!(&refused, StoreError::MissingReference(what) if what == "assignee"),
        "{refused:?}"
    );

    let unknown_requester = new_ticket(Requester::Existing(ContactId::generate()));
    let refused = store.create_ticket(unknown_requester).await.unwrap_err();
    assert!(
        matches!(&refused, StoreError::MissingReference(what) if what == "requester"),
        "{refused:?}"
    );

    let second = store
        .create_ticket(new_ticket(Requester::Existing(first.ticket.requester_id)))
        .await
        .unwrap();
    assert_eq!(second.ticket.number.0, 2);
}

#[tokio::test]
async fn write_ticket_checks_the_version_it_was_read_at() {
    let database = test_database!();
    let store = store(&database, 2).await;
    let created = store
        .create_ticket(new_ticket(Requester::New(contact("ana@example.com"))))
        .await
        .unwrap();
    assert_eq!(created.ticket.version, 1);

    let mut first = created.ticket.clone();
    first.status = Status::Open;
    first.updated_at = now();
    let written = store
        .write_ticket(TicketWrite {
            ticket: first,
            message: None,
            events: Vec::new(),
            email: Default::default(),
            notifications: Vec::new(),
            routing: None,
        })
        .await
        .unwrap();
    assert_eq!(written.version, 2);
    assert_eq!(written.status, Status::Open);
    assert_eq!(
        store.get_ticket(created.ticket.id).await.unwrap(),
        Some(written.clone())
    );

    // A second writer still holding version 1 is refused, and its change is not stored.
    let mut stale = created.ticket.clone();
    stale.subject = TicketSubject::parse("Overwritten").unwrap();
    let refused = store
        .write_ticket(TicketWrite {
            ticket: stale,
            message: None,
            events: Vec::new(),
            email: Default::default(),
            notifications: Vec::new(),
            routing: None,
        })
        .await;
    assert!(matches!(refused, Err(StoreError::Conflict)), "{refused:?}");
    assert_eq!(
        store.get_ticket(created.ticket.id).await.unwrap(),
        Some(written)
    );

    let mut unknown = created.ticket.clone();
    unknown.id = TicketId::generate();
    let refused = store
        .write_ticket(TicketWrite {
            ticket: unknown,
            message: None,
            events: Vec::new(),
            email: Default::default(),
            notifications: Vec::new(),
            routing: None,
        })
        .await;
    assert!(matches!(refused, Err(StoreError::NotFound)), "{refused:?}");
}

fn assert_duplicate<T: std::fmt::Debug>(result: Result<T, StoreError>, what: &str) {
    match result {
        Err(StoreError::Duplicate(kind)) if kind == what => {}
        other => panic!("expected Duplicate({what:?}), got {other:?}"),
    }
}

fn assert_missing<T: std::fmt::Debug>(result: Result<T, StoreError>, what: &str) {
    match result {
        Err(StoreError::MissingReference(kind)) if kind == what => {}
        other => panic!("expected MissingReference({what:?}), got {other:?}"),
    }
}

#[tokio::test]
async fn violations_are_reported_by_what_they_protect() {
    let database = test_database!();
    let store = store(&database, 2).await;

    // Identities, named by kind.
    let phone = Identity::parse(IdentityKind::Phone, "+34 600 123 456").unwrap();
    let fax = Identity::parse(IdentityKind::Fax, "+34 910 000 000").unwrap();
    store
        .create_contact(contact_with(vec![
            email("ana@example.com"),
            phone.clone(),
            fax.clone(),
        ]))
        .await
        .unwrap();
    assert_duplicate(
        store.create_contact(contact("ANA@example.com")).await,
        "email",
    );
    assert_duplicate(
        store
            .create_contact(contact_with(vec![email("b@example.com"), phone]))
            .await,
        "phone",
    );
    assert_duplicate(store.create_contact(contact_with(vec![fax])).await, "fax");
    // The refused contacts left nothing behind.
    assert!(
        store
            .find_contact(&email("b@example.com"))
            .await
            .unwrap()
            .is_none()
    );

    let mut stranger = contact("c@example.com");
    stranger.organization_id = Some(OrganizationId::generate());
    assert_missing(store.create_contact(stranger).await, "organization");

    let organization = |domains: &[&str]| Organization {
        id: OrganizationId::generate(),
        name: Name::parse("Acme").unwrap(),
        kind: OrganizationKind::Retailer,
        service_tier: ServiceTier::Premium,
        domains: domains
            .iter()
            .map(|domain| Domain::parse(domain).unwrap())
            .collect(),
        shared_tickets: true,
        notes: String::new(),
        custom_fields: BTreeMap::new(),
        created_at: now(),
        updated_at: now(),
    };
    store
        .create_organization(organization(&["acme.example"]))
        .await
        .unwrap();
    assert_duplicate(
        store
            .create_organization(organization(&["other.example", "acme.example"]))
            .await,
        "domain",
    );

    let billing = store.create_group(group("Billing")).await.unwrap();
    assert_duplicate(store.create_group(group("BILLING")).await, "group name");

    let mut berta = agent("Berta@example.com");
    berta.group_ids = vec![billing.id];
    store.create_agent(berta, None).await.unwrap();
    assert_duplicate(
        store.create_agent(agent("berta@EXAMPLE.com"), None).await,
        "agent email",
    );
    let mut outsider = agent("carla@example.com");
    outsider.group_ids = vec![GroupId::generate()];
    assert_missing(store.create_agent(outsider, None).await, "group");

    let field = |entity| FieldDefinition {
        id: FieldId::generate(),
        entity,
        key: FieldKey::parse("order_number").unwrap(),
        label: "Order number".to_owned(),
        kind: FieldKind::Text,
        options: Vec::new(),
        required: false,
        position: 0,
    };
    store
        .create_field(field(FieldEntity::Ticket))
        .await
        .unwrap();
    store
        .create_field(field(FieldEntity::Contact))
        .await
        .unwrap();
    assert_duplicate(
        store.create_field(field(FieldEntity::Ticket)).await,
        "field key",
    );

    let token = || ApiToken {
        id: TokenId::generate(),
        owner: TokenOwner::Contact(ContactId::generate()),
        name: "script".to_owned(),
        secret_sha256: [7; 32],
        created_at: now(),
        revoked_at: None,
    };
    store.create_token(token()).await.unwrap();
    assert_duplicate(store.create_token(token()).await, "token");
}

#[tokio::test]
async fn migrate_twice_and_from_two_nodes_at_once() {
    let database = test_database!();
    let node_a = PgStore::connect(&database.url, 2).await.unwrap();
    let node_b = PgStore::connect(&database.url, 2).await.unwrap();
    let (a, b) = tokio::join!(node_a.migrate(), node_b.migrate());
    a.unwrap();
    b.unwrap();
    node_a.migrate().await.unwrap();
    node_a.ping().await.unwrap();
    let created = node_b
        .create_ticket(new_ticket(Requester::New(contact("ana@example.com"))))
        .await
        .unwrap();
    assert_eq!(created.ticket.number.0, 1);
}

#[tokio::test]
async fn a_large_batch_is_numbered_in_order_and_stored_whole() {
    let database = test_database!();
    let store = store(&database, 2).await;
    let existing = store
        .create_contact(contact("regular@example.com"))
        .await
        .unwrap();

    // More rows than one multi-row insert takes, with tags, attachments, existing requesters and new ones
    // that repeat within the batch.
    let batch: Vec<NewTicket> = (0..2_500)
        .map(|i| {
            let requester = match i % 2 {
                0 => Requester::Existing(existing.id),
                _ => Requester::New(contact(&format!("new{}@example.com", i % 7))),
            };
            let mut new = new_ticket(requester);
            new.ticket.tags = vec![
                Tag::parse("batch").unwrap(),
                Tag::parse(&format!("t{}", i % 3)).unwrap(),
            ];
            new.message.attachments = vec![Attachment {
                id: AttachmentId::generate(),
                filename: format!("scan-{i}.pdf"),
                content_type: "application/pdf".to_owned(),
                size: 1024,
                sha256: "ab".repeat(32),
                content_id: None,
            }];
            new
        })
        .collect();
    let created = store.create_tickets(batch).await.unwrap();

    let numbers: Vec<i64> = created.iter().map(|c| c.ticket.number.0).collect();
    assert_eq!(
        numbers,
        (1..=2_500).collect::<Vec<_>>(),
        "numbers follow the batch order"
    );
    assert_eq!(created.iter().filter(|c| c.requester_created).count(), 7);
    for created in [&created[0], &created[1_249], &created[2_499]] {
        let stored = store.get_ticket(created.ticket.id).await.unwrap();
        assert_eq!(stored.as_ref(), Some(&created.ticket));
        let messages = store
            .list_messages(created.ticket.id, true, None, 10)
            .await
            .unwrap();
        assert_eq!(messages.items, vec![created.message.clone()]);
    }

    let mut query = TicketQuery::new(TicketScope::All, 200);
    query.tag = Some(Tag::parse("t1").unwrap());
    let mut seen = 0;
    loop {
        let page = store.list_tickets(&query).await.unwrap();
        seen += page.items.len();
        match page.next_cursor {
            Some(cursor) => query.after = Some(cursor),
            None => break,
        }
    }
    assert_eq!(seen, (0..2_500).filter(|i| i % 3 == 1).count());
}

/// Ticket `i` of the group commit tests: every 10th names a group that does not exist. Of those, half have a
/// new requester of their own (which must not be left behind) and half share the address of the valid ticket
/// before them (whose contact must survive).
fn mixed_ticket(i: usize) -> (NewTicket, String, bool) {
    let refused = i % 10 == 9;
    let address = if refused && i % 20 == 19 {
        format!("customer{}@example.com", i - 1)
    } else {
        format!("customer{i}@example.com")
    };
    let mut new = new_ticket(Requester::New(contact(&address)));
    if refused {
        new.ticket.group_id = Some(GroupId::generate());
    }
    (new, address, refused)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn group_commit_refuses_only_the_bad_tickets_and_leaves_no_gap() {
    let database = test_database!();
    let store = store(&database, 8).await;
    // All 200 at once, so that they queue up and are committed in batches that mix good and bad tickets.
    let handles: Vec<_> = (0..200)
        .map(|i| {
            let store = store.clone();
            let (new, address, refused) = mixed_ticket(i);
            let ticket_id = new.ticket.id;
            tokio::spawn(async move {
                let outcome = store.create_ticket(new).await;
                (i, ticket_id, address, refused, outcome)
            })
        })
        .collect();

    let mut numbers = Vec::new();
    let mut created_for: HashMap<String, usize> = HashMap::new();
    let mut refused_ids = Vec::new();
    for handle in handles {
        let (i, ticket_id, address, refused, outcome) = handle.await.expect("no task panicked");
        if refused {
            match outcome {
                Err(StoreError::MissingReference(what)) => assert_eq!(what, "group", "ticket {i}"),
                other => panic!("ticket {i} with an unknown group: {other:?}"),
            }
            refused_ids.push((ticket_id, address));
        } else {
            let created = outcome.unwrap_or_else(|error| panic!("ticket {i}: {error}"));
            assert_eq!(created.ticket.id, ticket_id);
            numbers.push(created.ticket.number.0);
            if created.requester_created {
                *created_for.entry(address).or_default() += 1;
            }
        }
    }
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=180).collect::<Vec<i64>>());
    // Every valid ticket's requester was created exactly once, by that ticket.
    assert_eq!(created_for.len(), 180);
    assert!(created_for.values().all(|count| *count == 1));

    for (ticket_id, address) in refused_ids {
        assert_eq!(store.get_ticket(ticket_id).await.unwrap(), None);
        let owner = store.find_contact(&email(&address)).await.unwrap();
        let shares_with_valid = address.ends_with("8@example.com");
        assert_eq!(
            owner.is_some(),
            shares_with_valid,
            "{address}: a refused ticket's own contact stays behind, or a valid ticket's went"
        );
    }
    assert!(
        store
            .get_ticket_by_number(ayuda_core::id::TicketNumber(181))
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_nodes_and_bulk_imports_racing_for_the_same_new_requesters() {
    let database = test_database!();
    let node_a = store(&database, 4).await;
    let node_b = PgStore::connect(&database.url, 4).await.unwrap();
    // Bulk imports resolve their requesters and then wait for the counter, like another node's batch: with
    // both queues' batches inserting the same new addresses, a batch that held the counter while resolving
    // would deadlock with them.
    let importer = node_b.clone();
    let import = tokio::spawn(async move {
        let mut numbers = Vec::new();
        for round in 0..10 {
            let news = (0..10)
                .map(|i| {
                    let address = format!("customer{}@example.com", (round + i) % 10);
                    new_ticket(Requester::New(contact(&address)))
                })
                .collect();
            let created = importer
                .create_tickets(news)
                .await
                .expect("import succeeds");
            numbers.extend(created.iter().map(|created| created.ticket.number.0));
        }
        numbers
    });
    let created = create_concurrently(&[node_a, node_b], 32, 600, 10).await;
    let mut numbers: Vec<i64> = created.iter().map(|(number, ..)| *number).collect();
    numbers.extend(import.await.expect("the import did not panic"));
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=700).collect::<Vec<i64>>());
}
