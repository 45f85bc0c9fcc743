//! Insight in the store: categories of inquiries kept and listed, a ticket's category and insight stored
//! with it, its counts following its history, the classifier's examples, and satisfaction surveys sent once
//! per ticket and rated once.

use std::collections::BTreeMap;
use std::sync::Arc;

use ayuda_core::email::{OutboxKind, OutboxMail, OutboxState};
use ayuda_core::event::{Change, Escalation, TicketEvent, Via};
use ayuda_core::id::{GroupId, OutboxId, SurveyId, TicketCategoryId};
use ayuda_core::insight::{CategorySuggestion, Rating, Survey, TicketCategory};
use ayuda_core::message::{Author, MessageKind};
use ayuda_core::ticket::{FieldChange, Status, Ticket};
use ayuda_store::{Rated, Store, TicketWrite};

use super::expect;
use crate::fixtures::{self, at};

fn category(position: i32, parent: Option<TicketCategoryId>, en: &str, es: &str) -> TicketCategory {
    TicketCategory {
        id: TicketCategoryId::generate(),
        parent,
        position,
        names: BTreeMap::from([
            (fixtures::language("en"), fixtures::name(en)),
            (fixtures::language("es"), fixtures::name(es)),
        ]),
        active: true,
        created_at: at(100),
    }
}

pub async fn categories_are_kept_replaced_listed_and_filed_under(store: Arc<dyn Store>) {
    let billing = category(2, None, "Billing", "Facturación");
    let refunds = category(1, Some(billing.id), "Refunds", "Reembolsos");
    let delivery = category(1, None, "Delivery", "Envíos");
    for saved in [&billing, &refunds, &delivery] {
        store.save_ticket_category(saved.clone()).await.unwrap();
    }
    let listed = store.list_ticket_categories().await.unwrap();
    let mut expected = vec![billing.clone(), refunds.clone(), delivery.clone()];
    expected.sort_by_key(|c| (c.position, c.id));
    assert_eq!(listed, expected);

    let mut retired = delivery.clone();
    retired.active = false;
    retired
        .names
        .insert(fixtures::language("it"), fixtures::name("Spedizioni"));
    store.save_ticket_category(retired.clone()).await.unwrap();
    let listed = store.list_ticket_categories().await.unwrap();
    assert!(listed.contains(&retired));
    assert_eq!(listed.len(), 3);

    let orphan = category(1, Some(TicketCategoryId::generate()), "Lost", "Perdido");
    expect::missing(store.save_ticket_category(orphan).await, "parent category");

    // A ticket keeps its category and the classifier's suggestion; an unknown category is refused.
    let contact = store
        .create_contact(fixtures::contact("filed@example.com"))
        .await
        .unwrap();
    let suggestion = CategorySuggestion {
        category_id: billing.id,
        confidence: 73,
    };
    let created = store
        .create_ticket(
            fixtures::ticket_for(contact.id)
                .with(|t| {
                    t.category_id = Some(refunds.id);
                    t.insight.suggested_category = Some(suggestion);
                    t.insight.frustration = Some(64);
                })
                .build(),
        )
        .await
        .unwrap();
    let stored = store.get_ticket(created.ticket.id).await.unwrap().unwrap();
    assert_eq!(stored.category_id, Some(refunds.id));
    assert_eq!(stored.insight.suggested_category, Some(suggestion));
    assert_eq!(stored.insight.frustration, Some(64));
    let unknown = fixtures::ticket_for(contact.id)
        .with(|t| t.category_id = Some(TicketCategoryId::generate()))
        .build();
    expect::missing(store.create_ticket(unknown).await, "category");

    let examples = store.category_examples(10).await.unwrap();
    assert_eq!(examples.len(), 1);
    assert_eq!(examples[0].ticket_id, created.ticket.id);
    assert_eq!(examples[0].category_id, refunds.id);
    assert_eq!(examples[0].subject, created.ticket.subject.as_str());
    assert_eq!(examples[0].body, created.message.body_text);
}

fn event(ticket: &Ticket, actor: Author, change: Change, seconds: i64) -> TicketEvent {
    TicketEvent::new(ticket.id, actor, Via::Ui, change, at(seconds))
}

fn status(from: Status, to: Status) -> Change {
    Change::Field(FieldChange {
        field: "status".into(),
        from: Some(from.as_str().into()),
        to: Some(to.as_str().into()),
    })
}

/// Writes a ticket with its events and nothing else.
pub(super) async fn write(store: &dyn Store, ticket: Ticket, events: Vec<TicketEvent>) -> Ticket {
    store
        .write_ticket(TicketWrite {
            ticket,
            message: None,
            events,
            email: Default::default(),
            notifications: Vec::new(),
            routing: None,
        })
        .await
        .unwrap()
}

pub async fn a_tickets_counts_follow_its_history(store: Arc<dyn Store>) {
    let group = store.create_group(fixtures::group("Care")).await.unwrap();
    let agent = store
        .create_agent(fixtures::agent("care@example.com", &[group.id]), None)
        .await
        .unwrap();
    let contact = store
        .create_contact(fixtures::contact("counted@example.com"))
        .await
        .unwrap();
    let created = store
        .create_ticket(fixtures::ticket_for(contact.id).build())
        .await
        .unwrap();
    let agent_author = Author::Agent(agent.id);
    let reply = |seconds| {
        event(
            &created.ticket,
            agent_author,
            Change::MessageAdded {
                message_id: ayuda_core::id::MessageId::generate(),
                kind: MessageKind::Reply,
                internal: false,
            },
            seconds,
        )
    };
    let mut ticket = created.ticket.clone();
    ticket.status = Status::Solved;
    let ticket = write(
        &*store,
        ticket,
        vec![
            reply(10),
            event(
                &created.ticket,
                agent_author,
                status(Status::New, Status::Solved),
                11,
            ),
        ],
    )
    .await;
    assert_eq!(ticket.insight.agent_replies, 1);
    assert_eq!(ticket.insight.reopens, 0);

    let mut reopened = ticket.clone();
    reopened.status = Status::Open;
    let escalation = Change::Escalated(Escalation {
        moved: "group".into(),
        from: None,
        to: Some(group.id.to_string()),
        reason: "Needs tier 2".into(),
    });
    write(
        &*store,
        reopened,
        vec![
            event(
                &ticket,
                Author::Contact(contact.id),
                status(Status::Solved, Status::Open),
                20,
            ),
            event(&ticket, agent_author, escalation, 21),
            reply(22),
        ],
    )
    .await;
    let stored = store.get_ticket(ticket.id).await.unwrap().unwrap();
    assert_eq!(stored.insight.agent_replies, 2);
    assert_eq!(stored.insight.reopens, 1);
    assert_eq!(stored.insight.escalations, 1);
}

fn survey_mail(ticket: &Ticket) -> OutboxMail {
    OutboxMail {
        id: OutboxId::generate(),
        ticket_id: Some(ticket.id),
        message_id: None,
        kind: OutboxKind::Survey,
        mailbox_id: None,
        to: vec![ayuda_core::contact::EmailAddress::parse("counted@example.com").unwrap()],
        cc: Vec::new(),
        language: "es".into(),
        state: OutboxState::Pending,
        attempts: 0,
        next_attempt_at: at(200),
        last_error: None,
        created_at: at(200),
        sent_at: None,
        content: None,
    }
}

pub async fn a_solved_ticket_is_surveyed_once_and_rated_once(store: Arc<dyn Store>) {
    let surveyed = store
        .create_group(fixtures::group("Surveyed"))
        .await
        .unwrap();
    let quiet = store.create_group(fixtures::group("Quiet")).await.unwrap();
    expect::missing(
        store.set_survey_groups(vec![GroupId::generate()]).await,
        "group",
    );
    store.set_survey_groups(vec![surveyed.id]).await.unwrap();
    assert_eq!(store.survey_groups().await.unwrap(), vec![surveyed.id]);
    let contact = store
        .create_contact(fixtures::contact("rated@example.com"))
        .await
        .unwrap();
    let mut solved = Vec::new();
    for (group, status, solved_at) in [
        (surveyed.id, Status::Solved, 150),
        (surveyed.id, Status::Solved, 120),
        (quiet.id, Status::Solved, 130),
        (surveyed.id, Status::Closed, 140),
        (surveyed.id, Status::Solved, 90),
        (surveyed.id, Status::Open, 0),
    ] {
        let created = store
            .create_ticket(
                fixtures::ticket_for(contact.id)
                    .with(|t| {
                        t.group_id = Some(group);
                        t.status = status;
                        t.solved_at = (solved_at > 0).then(|| at(solved_at));
                    })
                    .build(),
            )
            .await
            .unwrap();
        solved.push(created.ticket);
    }
    // Solved (not closed) in a survey group, within [100, 200): the second, then the first.
    let due = store
        .tickets_due_survey(at(100), at(200), 10)
        .await
        .unwrap();
    let ids: Vec<_> = due.iter().map(|t| t.id).collect();
    assert_eq!(ids, vec![solved[1].id, solved[0].id]);

    let ticket = &solved[0];
    let survey = Survey {
        id: SurveyId::generate(),
        ticket_id: ticket.id,
        contact_id: contact.id,
        agent_id: None,
        group_id: Some(surveyed.id),
        language: fixtures::language("es"),
        sent_at: at(200),
        rating: None,
        comment: None,
        rated_at: None,
    };
    let mail = survey_mail(ticket);
    store
        .create_survey(survey.clone(), Some(mail.clone()))
        .await
        .unwrap();
    assert_eq!(store.list_outbox(ticket.id).await.unwrap(), vec![mail]);
    let again = Survey {
        id: SurveyId::generate(),
        ..survey.clone()
    };
    expect::duplicate(
        store.create_survey(again, Some(survey_mail(ticket))).await,
        "survey of the ticket",
    );
    assert_eq!(store.list_outbox(ticket.id).await.unwrap().len(), 1);
    let due = store
        .tickets_due_survey(at(100), at(200), 10)
        .await
        .unwrap();
    assert_eq!(due.len(), 1, "the surveyed ticket is no longer due");

    // A comment before the rating is not taken; the rating is recorded once, on the ticket too.
    assert!(
        !store
            .comment_survey(survey.id, "Early".into())
            .await
            .unwrap()
    );
    let before = store.get_ticket(ticket.id).await.unwrap().unwrap();
    let four = Rating::new(4).unwrap();
    assert_eq!(
        store.rate_survey(survey.id, four, at(300)).await.unwrap(),
        Rated::Recorded
    );
    assert_eq!(
        store
            .rate_survey(survey.id, Rating::new(1).unwrap(), at(301))
            .await
            .unwrap(),
        Rated::AlreadyRated
    );
    let after = store.get_ticket(ticket.id).await.unwrap().unwrap();
    assert_eq!(after.insight.satisfaction, Some(four));
    assert_eq!(after.version, before.version + 1);
    assert_eq!(after.updated_at, before.updated_at);
    let history = store.list_events(ticket.id, true, None, 100).await.unwrap();
    assert!(
        history
            .items
            .iter()
            .any(|e| e.actor == Author::Contact(contact.id)
                && e.change
                    == Change::Field(FieldChange {
                        field: "satisfaction".into(),
                        from: None,
                        to: Some("4".into()),
                    }))
    );
    assert!(
        store
            .comment_survey(survey.id, "Muy amables".into())
            .await
            .unwrap()
    );
    assert!(
        !store
            .comment_survey(survey.id, "Otra vez".into())
            .await
            .unwrap()
    );
    let stored = store.get_survey(survey.id).await.unwrap().unwrap();
    assert_eq!(stored.rating, Some(four));
    assert_eq!(stored.rated_at, Some(at(300)));
    assert_eq!(stored.comment.as_deref(), Some("Muy amables"));
    assert_eq!(
        store.survey_of_ticket(ticket.id).await.unwrap(),
        Some(stored.clone())
    );
    assert_eq!(
        store.contact_surveys(contact.id, 10).await.unwrap(),
        vec![stored]
    );

    let unknown = SurveyId::generate();
    expect::not_found(store.rate_survey(unknown, four, at(400)).await);
    expect::not_found(store.comment_survey(unknown, "?".into()).await);
    assert_eq!(store.get_survey(unknown).await.unwrap(), None);
}
