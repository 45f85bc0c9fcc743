//! The store's behaviour through the `Store` trait, on the points where SQLite needs care of its own:
//! constraint errors named precisely, failed writes leaving nothing behind (not even a ticket number),
//! optimistic concurrency, the tag index kept in step, idempotency keys, and closing the database cleanly.

use ayuda_core::contact::{Identity, IdentityKind};
use ayuda_core::field::{FieldDefinition, FieldEntity, FieldKey, FieldKind};
use ayuda_core::id::{FieldId, GroupId, TicketId, TicketNumber, TokenId};
use ayuda_core::permission::TicketScope;
use ayuda_core::text::Tag;
use ayuda_store::{
    ApiToken, IdempotencyClaim, IdempotencyState, Requester, Store, StoreError, StoredResponse,
    TicketQuery, TicketWrite, TokenOwner,
};

use super::fixtures::{agent, contact, group, new_ticket, now, organization, store};

fn duplicate(result: Result<impl std::fmt::Debug, StoreError>) -> String {
    match result {
        Err(StoreError::Duplicate(kind)) => kind,
        other => panic!("expected a duplicate, got {other:?}"),
    }
}

fn missing(result: Result<impl std::fmt::Debug, StoreError>) -> String {
    match result {
        Err(StoreError::MissingReference(what)) => what,
        other => panic!("expected a missing reference, got {other:?}"),
    }
}

#[tokio::test]
async fn clashes_are_named_by_value_kind() {
    let (store, _dir) = store().await;
    store
        .create_contact(contact("ana@example.com"))
        .await
        .unwrap();
    assert_eq!(
        duplicate(store.create_contact(contact("ANA@example.com")).await),
        "email"
    );
    let mut phone = contact("bea@example.com");
    phone
        .identities
        .push(Identity::parse(IdentityKind::Phone, "+34 600 123 456").unwrap());
    store.create_contact(phone).await.unwrap();
    let mut same_phone = contact("carla@example.com");
    same_phone
        .identities
        .push(Identity::parse(IdentityKind::Phone, "+34600123456").unwrap());
    assert_eq!(duplicate(store.create_contact(same_phone).await), "phone");

    store
        .create_organization(organization(&["acme.example"]))
        .await
        .unwrap();
    assert_eq!(
        duplicate(
            store
                .create_organization(organization(&["ACME.example"]))
                .await
        ),
        "domain"
    );

    store.create_group(group("Billing")).await.unwrap();
    assert_eq!(
        duplicate(store.create_group(group("BILLING")).await),
        "group name"
    );

    store
        .create_agent(agent("Bea@example.com", vec![]), None)
        .await
        .unwrap();
    assert_eq!(
        duplicate(
            store
                .create_agent(agent("bea@EXAMPLE.com", vec![]), None)
                .await
        ),
        "agent email"
    );

    let field = || FieldDefinition {
        id: FieldId::generate(),
        entity: FieldEntity::Ticket,
        key: FieldKey::parse("order_number").unwrap(),
        label: "Order".to_owned(),
        kind: FieldKind::Text,
        options: Vec::new(),
        required: false,
        position: 1,
    };
    store.create_field(field()).await.unwrap();
    assert_eq!(duplicate(store.create_field(field()).await), "field key");
    store
        .create_field(FieldDefinition {
            entity: FieldEntity::Contact,
            ..field()
        })
        .await
        .unwrap();

    let token = |secret: u8| ApiToken {
        id: TokenId::generate(),
        owner: TokenOwner::Contact(ayuda_core::id::ContactId::generate()),
        name: "ci".to_owned(),
        secret_sha256: [secret; 32],
        created_at: now(),
        revoked_at: None,
    };
    store.create_token(token(1)).await.unwrap();
    assert_eq!(duplicate(store.create_token(token(1)).await), "token");
}

#[tokio::test]
async fn a_refused_ticket_writes_nothing_and_keeps_its_number_free() {
    let (store, _dir) = store().await;
    let mut unknown_group = new_ticket(Requester::New(contact("ana@example.com")), "Refused");
    unknown_group.ticket.group_id = Some(GroupId::generate());
    assert_eq!(missing(store.create_ticket(unknown_group).await), "group");
    let unknown_requester = new_ticket(
        Requester::Existing(ayuda_core::id::ContactId::generate()),
        "Refused",
    );
    assert_eq!(
        missing(store.create_ticket(unknown_requester).await),
        "requester"
    );
    let mut unknown_assignee = new_ticket(Requester::New(contact("ana@example.com")), "Refused");
    unknown_assignee.ticket.assignee_id = Some(ayuda_core::id::AgentId::generate());
    assert_eq!(
        missing(store.create_ticket(unknown_assignee).await),
        "assignee"
    );

    // The contact of the refused tickets was rolled back with them.
    let ana = Identity::parse(IdentityKind::Email, "ana@example.com").unwrap();
    assert_eq!(store.find_contact(&ana).await.unwrap(), None);
    let created = store
        .create_ticket(new_ticket(Requester::New(contact("ana@example.com")), "Ok"))
        .await
        .unwrap();
    assert_eq!(created.ticket.number, TicketNumber(1));
    assert!(created.requester_created);
}

#[tokio::test]
async fn write_ticket_checks_the_version_and_keeps_the_tag_index_in_step() {
    let (store, _dir) = store().await;
    let mut new = new_ticket(Requester::New(contact("ana@example.com")), "Tags");
    new.ticket.tags = vec![Tag::parse("vip").unwrap()];
    let created = store.create_ticket(new).await.unwrap().ticket;
    let by_tag = |tag: &str| {
        let mut query = TicketQuery::new(TicketScope::All, 10);
        query.tag = Some(Tag::parse(tag).unwrap());
        query
    };
    assert_eq!(
        store.list_tickets(&by_tag("vip")).await.unwrap().items,
        vec![created.clone()]
    );

    let mut changed = created.clone();
    changed.tags = vec![Tag::parse("refund").unwrap()];
    changed.updated_at = now();
    let stored = store
        .write_ticket(TicketWrite {
            ticket: changed.clone(),
            message: None,
            events: vec![],
            email: Default::default(),
            notifications: Vec::new(),
            routing: None,
        })
        .await;
    let stored = stored.unwrap();
    assert_eq!(stored.version, 2);
    assert_eq!(
        store.get_ticket(created.id).await.unwrap(),
        Some(stored.clone())
    );
    assert!(
        store
            .list_tickets(&by_tag("vip"))
            .await
            .unwrap()
            .items
            .is_empty()
    );
    assert_eq!(
        store.list_tickets(&by_tag("refund")).await.unwrap().items,
        vec![stored]
    );

    // The same version again is stale now.
    let stale = store
        .write_ticket(TicketWrite {
            ticket: changed.clone(),
            message: None,
            events: vec![],
            email: Default::default(),
            notifications: Vec::new(),
            routing: None,
        })
        .await;
    assert!(matches!(stale, Err(StoreError::Conflict)), "{stale:?}");
    let unknown = TicketWrite {
        ticket: ayuda_core::ticket::Ticket {
            id: TicketId::generate(),
            ..changed
        },
        message: None,
        events: vec![],
        email: Default::default(),
        notifications: Vec::new(),
        routing: None,
    };
    assert!(matches!(
        store.write_ticket(unknown).await,
        Err(StoreError::NotFound)
    ));
}

#[tokio::test]
async fn new_contacts_join_the_organization_of_their_email_domain() {
    let (store, _dir) = store().await;
    let acme = store
        .create_organization(organization(&["acme.example", "acme.test"]))
        .await
        .unwrap();
    let joined = store
        .create_contact(contact("ana@acme.test"))
        .await
        .unwrap();
    assert_eq!(joined.organization_id, Some(acme.id));
    let created = store
        .create_ticket(new_ticket(
            Requester::New(contact("bea@acme.example")),
            "Hi",
        ))
        .await
        .unwrap();
    assert_eq!(created.ticket.organization_id, Some(acme.id));
    let requester = store
        .get_contact(created.ticket.requester_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(requester.organization_id, Some(acme.id));
    assert_eq!(store.get_organization(acme.id).await.unwrap(), Some(acme));
}

#[tokio::test]
async fn agents_keep_their_groups_and_password() {
    let (store, _dir) = store().await;
    let billing = store.create_group(group("Billing")).await.unwrap();
    let sales = store.create_group(group("Sales")).await.unwrap();
    let bea = store
        .create_agent(
            agent("bea@example.com", vec![sales.id, billing.id]),
            Some("hash".into()),
        )
        .await;
    let bea = bea.unwrap();
    assert_eq!(bea.group_ids, vec![billing.id, sales.id]);
    let (found, hash) = store
        .find_agent_by_email("BEA@example.com")
        .await
        .unwrap()
        .unwrap();
    assert_eq!((found, hash.as_deref()), (bea.clone(), Some("hash")));
    let orphan = agent("carla@example.com", vec![GroupId::generate()]);
    assert_eq!(missing(store.create_agent(orphan, None).await), "group");
}

#[tokio::test]
async fn idempotency_keys_are_claimed_completed_and_released() {
    let (store, _dir) = store().await;
    let at = now();
    let claim = IdempotencyClaim {
        scope: "token-1".to_owned(),
        key: "k".to_owned(),
        fingerprint: "f".to_owned(),
        at,
        stale_before: at.checked_sub(jiff::SignedDuration::from_secs(60)).unwrap(),
    };
    assert_eq!(
        store.claim_idempotency_key(&claim).await.unwrap(),
        IdempotencyState::Claimed
    );
    let again = store.claim_idempotency_key(&claim).await.unwrap();
    assert_eq!(
        again,
        IdempotencyState::InProgress {
            fingerprint: "f".to_owned()
        }
    );
    let response = StoredResponse {
        status: 201,
        body: b"{}".to_vec(),
    };
    store
        .complete_idempotency_key("token-1", "k", &response)
        .await
        .unwrap();
    let done = store.claim_idempotency_key(&claim).await.unwrap();
    assert_eq!(
        done,
        IdempotencyState::Completed {
            fingerprint: "f".to_owned(),
            response
        }
    );
    store.release_idempotency_key("token-1", "k").await.unwrap();
    assert_eq!(
        store.claim_idempotency_key(&claim).await.unwrap(),
        IdempotencyState::Claimed
    );
}

#[tokio::test]
async fn closing_the_last_handle_checkpoints_and_removes_the_wal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ayuda.db");
    let wal = dir.path().join("ayuda.db-wal");
    let store = crate::SqliteStore::open_brief(&path).unwrap();
    store.migrate().await.unwrap();
    let contact = store
        .create_contact(contact("ana@example.com"))
        .await
        .unwrap();
    assert!(wal.exists(), "a write goes to the WAL first");
    // Another handle keeps the database open: closing one handle closes nothing.
    let other = store.clone();
    store.close();
    assert!(wal.exists());
    other.close();
    assert!(!wal.exists(), "the next process finds no WAL to recover");
    // Nothing was lost in the checkpoint.
    let reopened = crate::SqliteStore::open(&path).unwrap();
    assert_eq!(
        reopened.get_contact(contact.id).await.unwrap(),
        Some(contact)
    );
}
