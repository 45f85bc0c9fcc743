//! Creating and reading tickets: what create_ticket stores, reading it back field by field, unknown references,
//! a create that fails late, and reading records that do not exist.

use std::sync::Arc;

use ayuda_core::event::{Change, TicketEvent, Via};
use ayuda_core::field::FieldValue;
use ayuda_core::id::{
    AgentId, ContactId, FieldId, GroupId, OrganizationId, TicketId, TicketNumber,
};
use ayuda_core::message::{Author, Direction, MessageKind};
use ayuda_core::permission::TicketScope;
use ayuda_core::ticket::{Channel, FieldChange, LinkKind, Priority, Status, TicketType};
use ayuda_store::{CreatedTicket, Store, TicketQuery};

use crate::fixtures::{self, at, micros};
use crate::suite::{expect, stored};

pub async fn create_ticket_stores_the_ticket_its_first_message_and_history(store: Arc<dyn Store>) {
    let requester = fixtures::contact("ana@example.com");
    let mut new = fixtures::ticket_from(requester.clone()).at(at(0)).build();
    let first = new.message.clone();
    new.events.push(fixtures::message_added(&first, Via::Email));

    let created = store.create_ticket(new.clone()).await.unwrap();

    let expected = stored::created(&new, 1, None);
    assert_eq!(
        created,
        CreatedTicket {
            ticket: expected.clone(),
            message: first.clone(),
            requester_created: true
        }
    );
    assert_eq!(
        store.get_ticket(expected.id).await.unwrap(),
        Some(expected.clone())
    );
    assert_eq!(stored::messages(&*store, expected.id).await, vec![first]);
    assert_eq!(stored::events(&*store, expected.id).await, new.events);
    assert_eq!(
        store.get_contact(requester.id).await.unwrap(),
        Some(requester.clone())
    );
    assert_eq!(
        store.find_contact(&requester.identities[0]).await.unwrap(),
        Some(requester)
    );
}

pub async fn get_ticket_round_trips_every_field(store: Arc<dyn Store>) {
    let organization = store
        .create_organization(fixtures::organization("Acme", &[]))
        .await
        .unwrap();
    let mut requester = fixtures::contact("ana@example.com");
    requester.organization_id = Some(organization.id);
    let requester = store.create_contact(requester).await.unwrap();
    let group = store
        .create_group(fixtures::group("Billing"))
        .await
        .unwrap();
    let agent = store
        .create_agent(fixtures::agent("luis@desk.test", &[group.id]), None)
        .await
        .unwrap();
    let other = store
        .create_ticket(fixtures::ticket_for(requester.id).build())
        .await
        .unwrap()
        .ticket;

    let mut new = fixtures::ticket_for(requester.id)
        .subject("Pedido nº 42 — ¿dónde está? 🚚 \"quoted\" 'too'")
        .status(Status::OnHold)
        .priority(Priority::Urgent)
        .ticket_type(TicketType::Complaint)
        .channel(Channel::Phone)
        .group(Some(group.id))
        .assignee(Some(agent.id))
        .tags(&["vip", "billing", "refund:2026", "ñandú", "a.b-c_d"])
        .custom_field(
            "note",
            FieldValue::Text("línea 1\nlínea 2 \"entre comillas\" {json: [1]}".to_owned()),
        )
        .custom_field("amount", FieldValue::Number(-1234.5678))
        .custom_field("ratio", FieldValue::Number(0.1))
        .custom_field("count", FieldValue::Number(3.0))
        .custom_field("due", FieldValue::Date(jiff::civil::date(2026, 2, 28)))
        .custom_field("colour", FieldValue::Select("green".to_owned()))
        .custom_field("urgent", FieldValue::Checkbox(true))
        .custom_field("refunded", FieldValue::Checkbox(false))
        .language("pt-BR")
        .link(LinkKind::Related, other.id)
        .link(LinkKind::FollowUp, other.id)
        .with(|ticket| {
            // Ignored or overwritten by the store: the number, the version and the organization.
            ticket.number = TicketNumber(999);
            ticket.version = 7;
            ticket.organization_id = None;
            ticket.merged_into = Some(other.id);
            ticket.created_at = micros(1);
            ticket.updated_at = micros(2_500_001);
            ticket.first_response_at = Some(micros(3_000_999));
            ticket.solved_at = Some(micros(-1));
        })
        .with_message(|message| {
            message.kind = MessageKind::PhoneCall;
            message.internal = true;
            message.direction = Direction::Outbound;
            message.author = Author::Agent(agent.id);
            message.channel = Channel::Phone;
            message.body_text = "Llamada: el cliente \"espera\" 🚚\n\nSegunda línea".to_owned();
            message.body_html = Some("<p>Llamada: <b>espera</b></p>".to_owned());
            message.external_id = Some("<call-42@pbx.example.com>".to_owned());
            // Listed against the order of their ids and names: the given order is kept.
            let first = fixtures::attachment(1);
            message.attachments = vec![fixtures::attachment(2), first];
            message.attachments[1].content_id = Some("logo@example.com".to_owned());
            message.created_at = micros(1);
        })
        .build();
    new.events = vec![
        TicketEvent::new(
            new.ticket.id,
            Author::Agent(agent.id),
            Via::Ui,
            Change::Created,
            micros(1),
        ),
        TicketEvent::new(
            new.ticket.id,
            Author::System,
            Via::Rule,
            Change::Field(FieldChange {
                field: "priority".to_owned(),
                from: Some("normal".to_owned()),
                to: Some("urgent".to_owned()),
            }),
            micros(2),
        ),
        TicketEvent::new(
            new.ticket.id,
            Author::Agent(agent.id),
            Via::Api,
            Change::Field(FieldChange {
                field: "assignee".to_owned(),
                from: None,
                to: Some(agent.id.to_string()),
            }),
            micros(3),
        ),
        fixtures::message_added(&new.message, Via::Ui),
    ];

    let created = store.create_ticket(new.clone()).await.unwrap();

    let expected = stored::created(&new, 2, Some(organization.id));
    assert_eq!(created.ticket, expected);
    assert_eq!(created.message, new.message);
    assert!(!created.requester_created);
    assert_eq!(
        store.get_ticket(expected.id).await.unwrap(),
        Some(expected.clone())
    );
    assert_eq!(
        store.get_ticket_by_number(TicketNumber(2)).await.unwrap(),
        Some(expected.clone())
    );
    assert_eq!(
        stored::messages(&*store, expected.id).await,
        vec![new.message.clone()]
    );
    assert_eq!(stored::events(&*store, expected.id).await, new.events);
}

pub async fn get_ticket_by_number_finds_each_ticket(store: Arc<dyn Store>) {
    let requester = store
        .create_contact(fixtures::contact("ana@example.com"))
        .await
        .unwrap();
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(
            store
                .create_ticket(fixtures::ticket_for(requester.id).build())
                .await
                .unwrap()
                .ticket
                .id,
        );
    }
    for (number, id) in (1..).zip(&ids) {
        let found = store
            .get_ticket_by_number(TicketNumber(number))
            .await
            .unwrap();
        assert_eq!(found.map(|ticket| ticket.id), Some(*id), "ticket #{number}");
    }
    for number in [0, -1, 4, i64::MAX] {
        assert_eq!(
            store
                .get_ticket_by_number(TicketNumber(number))
                .await
                .unwrap(),
            None,
            "ticket #{number}"
        );
    }
}

pub async fn unknown_ids_read_as_none(store: Arc<dyn Store>) {
    let requester = store
        .create_contact(fixtures::contact("ana@example.com"))
        .await
        .unwrap();
    store
        .create_ticket(fixtures::ticket_for(requester.id).build())
        .await
        .unwrap();

    assert_eq!(store.get_ticket(TicketId::generate()).await.unwrap(), None);
    assert_eq!(
        store.get_ticket_by_number(TicketNumber(2)).await.unwrap(),
        None
    );
    assert_eq!(
        store.get_contact(ContactId::generate()).await.unwrap(),
        None
    );
    assert_eq!(
        store
            .find_contact(&fixtures::email("nobody@example.com"))
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store
            .get_organization(OrganizationId::generate())
            .await
            .unwrap(),
        None
    );
    assert_eq!(store.get_group(GroupId::generate()).await.unwrap(), None);
    assert_eq!(store.get_agent(AgentId::generate()).await.unwrap(), None);
    assert_eq!(
        store
            .find_agent_by_email("nobody@example.com")
            .await
            .unwrap(),
        None
    );
    assert_eq!(store.get_field(FieldId::generate()).await.unwrap(), None);
    assert_eq!(store.find_token(&[7; 32]).await.unwrap(), None);
    // An id of one kind is not found as another.
    assert_eq!(
        store.get_agent(AgentId(requester.id.0)).await.unwrap(),
        None
    );
}

pub async fn unknown_references_are_refused_and_nothing_is_written(store: Arc<dyn Store>) {
    let requester = store
        .create_contact(fixtures::contact("ana@example.com"))
        .await
        .unwrap();
    store
        .create_ticket(fixtures::ticket_for(requester.id).build())
        .await
        .unwrap();

    let provisional = fixtures::contact("new@example.com");
    let unknown_group = fixtures::ticket_from(provisional.clone())
        .group(Some(GroupId::generate()))
        .build();
    let unknown_assignee = fixtures::ticket_from(provisional.clone())
        .assignee(Some(AgentId::generate()))
        .build();
    let unknown_requester = fixtures::ticket_for(ContactId::generate()).build();
    for (new, what) in [
        (unknown_group, "group"),
        (unknown_assignee, "assignee"),
        (unknown_requester, "requester"),
    ] {
        let id = new.ticket.id;
        expect::missing(store.create_ticket(new).await, what);
        assert_eq!(
            store.get_ticket(id).await.unwrap(),
            None,
            "unknown {what}: no ticket"
        );
        assert_eq!(
            store.get_contact(provisional.id).await.unwrap(),
            None,
            "unknown {what}: no contact"
        );
        assert_eq!(
            store
                .find_contact(&provisional.identities[0])
                .await
                .unwrap(),
            None,
            "unknown {what}: no identity"
        );
        assert!(
            stored::messages(&*store, id).await.is_empty(),
            "unknown {what}: no message"
        );
        assert!(
            stored::events(&*store, id).await.is_empty(),
            "unknown {what}: no history"
        );
    }

    let next = store
        .create_ticket(fixtures::ticket_for(requester.id).build())
        .await
        .unwrap();
    assert_eq!(
        next.ticket.number,
        TicketNumber(2),
        "refused tickets use no number"
    );
    assert_eq!(stored::tickets(&*store).await.len(), 2);
}

pub async fn create_ticket_failing_late_writes_nothing(store: Arc<dyn Store>) {
    let requester = store
        .create_contact(fixtures::contact("ana@example.com"))
        .await
        .unwrap();
    let first = store
        .create_ticket(fixtures::ticket_for(requester.id).build())
        .await
        .unwrap();

    // Everything is valid until the message is inserted: its id is taken. By then the number is drawn and the
    // requester and the ticket are written, and all of it must be rolled back.
    let provisional = fixtures::contact("new@example.com");
    let clash = fixtures::ticket_from(provisional.clone())
        .tags(&["late"])
        .with_message(|m| m.id = first.message.id)
        .build();
    expect::failed(store.create_ticket(clash.clone()).await);

    assert_eq!(store.get_ticket(clash.ticket.id).await.unwrap(), None);
    assert_eq!(store.get_contact(provisional.id).await.unwrap(), None);
    assert_eq!(
        store
            .find_contact(&provisional.identities[0])
            .await
            .unwrap(),
        None
    );
    assert!(stored::events(&*store, clash.ticket.id).await.is_empty());
    assert_eq!(
        stored::messages(&*store, first.ticket.id).await,
        vec![first.message.clone()]
    );
    let tagged = TicketQuery {
        tag: Some(fixtures::tag("late")),
        ..TicketQuery::new(TicketScope::All, 10)
    };
    assert!(store.list_tickets(&tagged).await.unwrap().items.is_empty());
    let next = store
        .create_ticket(fixtures::ticket_for(requester.id).build())
        .await
        .unwrap();
    assert_eq!(
        next.ticket.number,
        TicketNumber(2),
        "the refused ticket used no number"
    );
}
