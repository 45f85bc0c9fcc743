//! Resolving a new ticket's requester: reusing the contact that owns one of its identities, creating a new
//! one that joins the organization owning its email domain, and giving the ticket the requester's organization.

use std::sync::Arc;

use ayuda_core::contact::Contact;
use ayuda_core::event::{TicketEvent, Via};
use ayuda_core::message::Author;
use ayuda_store::Store;

use crate::fixtures;
use crate::suite::stored;

pub async fn new_requester_with_a_known_identity_reuses_that_contact(store: Arc<dyn Store>) {
    let organization = store
        .create_organization(fixtures::organization("Acme", &[]))
        .await
        .unwrap();
    let mut known = fixtures::contact_with(vec![
        fixtures::email("Ana.Garcia@example.com"),
        fixtures::phone("+34 600 12 34 56"),
    ]);
    known.organization_id = Some(organization.id);
    let known = store.create_contact(known).await.unwrap();

    // The same address, as a new message would bring it: another provisional contact with a new id.
    let by_email = fixtures::contact("ANA.GARCIA@Example.com");
    let by_phone = fixtures::contact_with(vec![
        fixtures::email("someone-new@example.net"),
        fixtures::phone("+34600123456"),
    ]);
    for provisional in [by_email, by_phone] {
        let mut new = fixtures::ticket_from(provisional.clone()).build();
        new.events
            .push(fixtures::message_added(&new.message, Via::Email));

        let created = store.create_ticket(new.clone()).await.unwrap();

        assert!(!created.requester_created);
        assert_eq!(created.ticket.requester_id, known.id);
        assert_eq!(created.ticket.organization_id, Some(organization.id));
        assert_eq!(created.message.author, Author::Contact(known.id));
        let stored = store.get_ticket(new.ticket.id).await.unwrap().unwrap();
        assert_eq!(stored, created.ticket);
        let messages = stored::messages(&*store, new.ticket.id).await;
        assert_eq!(
            messages.iter().map(|m| m.author).collect::<Vec<_>>(),
            [Author::Contact(known.id)]
        );
        let events = stored::events(&*store, new.ticket.id).await;
        assert_eq!(events.len(), 2);
        for (event, sent) in events.iter().zip(&new.events) {
            assert_eq!(event.actor, Author::Contact(known.id));
            assert_eq!(
                TicketEvent {
                    actor: sent.actor,
                    ..event.clone()
                },
                *sent
            );
        }
        assert_eq!(
            store.get_contact(provisional.id).await.unwrap(),
            None,
            "no second contact is created"
        );
    }
}

pub async fn new_requester_at_an_organization_domain_joins_it(store: Arc<dyn Store>) {
    let acme = store
        .create_organization(fixtures::organization(
            "Acme",
            &["acme.test", "acme-mail.test"],
        ))
        .await
        .unwrap();
    let globex = store
        .create_organization(fixtures::organization("Globex", &["globex.test"]))
        .await
        .unwrap();

    let at_domain = fixtures::contact("Luis@ACME-mail.test");
    let phone_first = fixtures::contact_with(vec![
        fixtures::phone("+39 06 1234 5678"),
        fixtures::email("eva@acme.test"),
    ]);
    let other_domain_first = fixtures::contact_with(vec![
        fixtures::email("eva@elsewhere.test"),
        fixtures::email("eva2@acme.test"),
    ]);
    let walk_in = fixtures::contact_with(Vec::new());
    let mut chosen = fixtures::contact("ken@acme.test");
    chosen.organization_id = Some(globex.id);
    let cases = [
        (at_domain, Some(acme.id)),
        (phone_first, Some(acme.id)),
        // Only the first email address decides.
        (other_domain_first, None),
        // An organization chosen explicitly is kept.
        (chosen, Some(globex.id)),
        // A visitor with no identity at all is always a new contact, in no organization.
        (walk_in, None),
    ];
    for (provisional, organization) in cases {
        let new = fixtures::ticket_from(provisional.clone())
            // The store sets the ticket's organization from the requester, whatever was passed in.
            .with(|ticket| ticket.organization_id = Some(globex.id))
            .build();
        let created = store.create_ticket(new).await.unwrap();
        let who = provisional.name.to_string();
        assert!(created.requester_created, "{who}");
        assert_eq!(created.ticket.requester_id, provisional.id, "{who}");
        assert_eq!(
            created.ticket.organization_id, organization,
            "{who}: the ticket's organization"
        );
        let contact = store.get_contact(provisional.id).await.unwrap().unwrap();
        assert_eq!(
            contact.organization_id, organization,
            "{who}: the contact's organization"
        );
        assert_eq!(
            contact,
            Contact {
                organization_id: organization,
                ..provisional
            }
        );
    }
}

pub async fn existing_requester_gives_the_ticket_its_organization(store: Arc<dyn Store>) {
    let acme = store
        .create_organization(fixtures::organization("Acme", &[]))
        .await
        .unwrap();
    let mut member = fixtures::contact("ana@example.com");
    member.organization_id = Some(acme.id);
    let member = store.create_contact(member).await.unwrap();
    let loner = store
        .create_contact(fixtures::contact("luis@example.com"))
        .await
        .unwrap();

    let for_member = store
        .create_ticket(fixtures::ticket_for(member.id).build())
        .await
        .unwrap();
    assert_eq!(for_member.ticket.organization_id, Some(acme.id));
    let for_loner = fixtures::ticket_for(loner.id)
        .with(|ticket| ticket.organization_id = Some(acme.id))
        .build();
    let for_loner = store.create_ticket(for_loner).await.unwrap();
    assert_eq!(for_loner.ticket.organization_id, None);
    assert!(!for_loner.requester_created);
    assert_eq!(
        store
            .get_ticket(for_loner.ticket.id)
            .await
            .unwrap()
            .unwrap()
            .organization_id,
        None
    );
}

pub async fn create_tickets_reuses_a_requester_created_earlier_in_the_batch(store: Arc<dyn Store>) {
    let first = fixtures::contact("new@example.com");
    let again = fixtures::contact("NEW@example.com");
    let batch = vec![
        fixtures::ticket_from(first.clone()).build(),
        fixtures::ticket_from(again.clone()).build(),
    ];

    let created = store.create_tickets(batch).await.unwrap();

    assert!(created[0].requester_created);
    assert!(!created[1].requester_created);
    assert_eq!(created[0].ticket.requester_id, first.id);
    assert_eq!(created[1].ticket.requester_id, first.id);
    assert_eq!(created[1].message.author, Author::Contact(first.id));
    assert_eq!(store.get_contact(again.id).await.unwrap(), None);
}

pub async fn concurrent_new_requesters_with_one_address_share_one_contact(store: Arc<dyn Store>) {
    // Several messages from one new sender arriving at once: each creates a ticket with its own provisional
    // contact, and exactly one of those contacts is stored.
    const TICKETS: usize = 10;
    let mut tasks = Vec::new();
    for _ in 0..TICKETS {
        let store = Arc::clone(&store);
        let new = fixtures::ticket_from(fixtures::contact("burst@example.com")).build();
        tasks.push(tokio::spawn(async move { store.create_ticket(new).await }));
    }
    let mut created = Vec::new();
    for task in tasks {
        created.push(
            task.await
                .unwrap()
                .expect("every ticket of the burst is created"),
        );
    }
    assert_eq!(
        created.iter().filter(|c| c.requester_created).count(),
        1,
        "one new contact"
    );
    let requester = created[0].ticket.requester_id;
    for ticket in &created {
        assert_eq!(ticket.ticket.requester_id, requester);
        assert_eq!(ticket.message.author, Author::Contact(requester));
    }
    let found = store
        .find_contact(&fixtures::email("burst@example.com"))
        .await
        .unwrap();
    assert_eq!(found.map(|c| c.id), Some(requester));
}
