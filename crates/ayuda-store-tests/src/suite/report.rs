//! Reports in the store: a day whose tickets are written goes stale by itself, a refresh rebuilds it into a
//! segment holding each ticket's facts as the ticket now stands, and what the triggers must notice without a
//! ticket write (a survey comment, an organization changing kind) is noticed.

use std::sync::Arc;

use ayuda_core::Timestamp;
use ayuda_core::contact::OrganizationKind;
use ayuda_core::event::{Change, Escalation, TicketEvent, Via};
use ayuda_core::id::{SurveyId, TicketCategoryId};
use ayuda_core::insight::{Rating, Survey, TicketCategory};
use ayuda_core::message::Author;
use ayuda_core::report::{DaySegment, EscalationTarget, SlaOutcome, UtcDay};
use ayuda_core::ticket::{Channel, Status, TicketType};
use ayuda_store::Store;

use super::insight::write;

use crate::fixtures::{self, at};

/// The suite's base day is 2026-03-02; these are seconds into it and the next.
const DAY: i64 = 86_400;

fn range() -> (Timestamp, Timestamp) {
    (at(-2 * DAY), at(5 * DAY))
}

async fn segments(store: &dyn Store) -> Vec<DaySegment> {
    let (from, to) = range();
    store.report_segments(from, to).await.unwrap()
}

async fn refresh(store: &dyn Store) -> u32 {
    let (from, to) = range();
    store.refresh_report_segments(from, to, 100).await.unwrap()
}

async fn stale(store: &dyn Store) -> u32 {
    let (from, to) = range();
    store.stale_report_days(from, to).await.unwrap()
}

pub async fn a_days_tickets_are_packed_into_its_segment_as_they_stand(store: Arc<dyn Store>) {
    let group = store.create_group(fixtures::group("Sales")).await.unwrap();
    let agent = store
        .create_agent(fixtures::agent("sales@example.com", &[group.id]), None)
        .await
        .unwrap();
    let mut organization = fixtures::organization("Grossisti Srl", &["grossisti.example"]);
    organization.kind = OrganizationKind::Wholesaler;
    let organization = store.create_organization(organization).await.unwrap();
    let mut buyer = fixtures::contact("buyer@grossisti.example");
    buyer.organization_id = Some(organization.id);
    let buyer = store.create_contact(buyer).await.unwrap();
    let consumer = store
        .create_contact(fixtures::contact("someone@example.com"))
        .await
        .unwrap();
    let category = TicketCategory {
        id: TicketCategoryId::generate(),
        parent: None,
        position: 1,
        names: [(fixtures::language("en"), fixtures::name("Offers"))].into(),
        active: true,
        created_at: at(0),
    };
    store.save_ticket_category(category.clone()).await.unwrap();
    assert_eq!(
        stale(&*store).await,
        0,
        "an empty store has nothing to build"
    );

    let sale = store
        .create_ticket(
            fixtures::ticket_for(buyer.id)
                .at(at(3_600))
                .channel(Channel::Phone)
                .ticket_type(TicketType::SalesInquiry)
                .group(Some(group.id))
                .assignee(Some(agent.id))
                .tags(&["pallets", "quote"])
                .language("it")
                .with(|t| {
                    t.category_id = Some(category.id);
                    t.insight.frustration = Some(12);
                })
                .build(),
        )
        .await
        .unwrap()
        .ticket;
    let complaint = store
        .create_ticket(
            fixtures::ticket_for(consumer.id)
                .at(at(DAY + 60))
                .ticket_type(TicketType::Complaint)
                .with(|t| t.insight.frustration = Some(80))
                .build(),
        )
        .await
        .unwrap()
        .ticket;
    let duplicate = store
        .create_ticket(
            fixtures::ticket_for(consumer.id)
                .at(at(DAY + 120))
                .with(|t| t.merged_into = Some(complaint.id))
                .build(),
        )
        .await
        .unwrap()
        .ticket;
    assert_eq!(stale(&*store).await, 2, "two days have tickets");
    assert_eq!(
        store
            .refresh_report_segments(range().0, range().1, 1)
            .await
            .unwrap(),
        1,
        "the limit holds"
    );
    assert_eq!(stale(&*store).await, 1);
    assert_eq!(refresh(&*store).await, 1);
    assert_eq!(stale(&*store).await, 0);
    assert_eq!(refresh(&*store).await, 0, "nothing stale, nothing rebuilt");

    let built = segments(&*store).await;
    assert_eq!(built.len(), 2);
    let (first, second) = (&built[0], &built[1]);
    assert_eq!(first.day, UtcDay::of(at(0)));
    assert_eq!(second.day, UtcDay::of(at(DAY)));
    assert_eq!(first.rows.len(), 1);
    assert_eq!(second.rows.len(), 1, "a merged ticket is not counted again");
    let row = first.rows[0];
    assert_eq!(
        first.created_at(&row).as_second(),
        sale.created_at.as_second(),
        "kept to the second"
    );
    assert_eq!(row.channel, Channel::Phone);
    assert_eq!(row.ticket_type, TicketType::SalesInquiry);
    assert_eq!(row.status, Status::New);
    assert_eq!(row.customer_kind, OrganizationKind::Wholesaler);
    assert_eq!(first.organizations, vec![organization.id]);
    assert_eq!(first.groups, vec![group.id]);
    assert_eq!(first.agents, vec![agent.id]);
    assert_eq!(first.categories, vec![category.id]);
    assert_eq!(first.languages, vec![fixtures::language("it")]);
    let tags: Vec<_> = first
        .row_tags(&row)
        .map(|t| first.tags[t as usize].clone())
        .collect();
    assert_eq!(tags, fixtures::tags(&["pallets", "quote"]));
    assert_eq!(row.frustration, Some(12));
    assert_eq!(row.first_response, None);
    assert_eq!(row.sla, SlaOutcome::None);
    let row = second.rows[0];
    assert_eq!(row.customer_kind, OrganizationKind::Consumer);
    assert_eq!(row.ticket_type, TicketType::Complaint);
    assert_eq!(row.frustration, Some(80));
    let _ = duplicate;

    // Answered, escalated and solved: the day goes stale by itself and the rebuild shows the outcome.
    let mut solved = complaint.clone();
    solved.status = Status::Solved;
    solved.first_response_at = Some(at(DAY + 60 + 1_800));
    solved.solved_at = Some(at(DAY + 60 + 7_200));
    let escalation = Change::Escalated(Escalation {
        moved: "group".into(),
        from: None,
        to: Some(group.id.to_string()),
        reason: "Angry customer".into(),
    });
    let solved = write(
        &*store,
        solved,
        vec![TicketEvent::new(
            complaint.id,
            Author::Agent(agent.id),
            Via::Ui,
            escalation,
            at(DAY + 600),
        )],
    )
    .await;
    assert_eq!(stale(&*store).await, 1);
    assert_eq!(refresh(&*store).await, 1);
    let second = segments(&*store).await.remove(1);
    let row = second.rows[0];
    assert_eq!(row.status, Status::Solved);
    assert_eq!(row.first_response, Some(1_800));
    assert_eq!(row.resolution, Some(7_200));
    assert_eq!(
        second.row_escalations(&row).collect::<Vec<_>>(),
        vec![EscalationTarget::Group(group.id)]
    );

    // A survey's rating writes the ticket; its comment does not, and still marks the day.
    let survey = Survey {
        id: SurveyId::generate(),
        ticket_id: solved.id,
        contact_id: consumer.id,
        agent_id: None,
        group_id: None,
        language: fixtures::language("en"),
        sent_at: at(DAY + 8_000),
        rating: None,
        comment: None,
        rated_at: None,
    };
    store.create_survey(survey.clone(), None).await.unwrap();
    let two = Rating::new(2).unwrap();
    store
        .rate_survey(survey.id, two, at(DAY + 9_000))
        .await
        .unwrap();
    assert_eq!(refresh(&*store).await, 1);
    let row = segments(&*store).await.remove(1).rows[0];
    assert_eq!(row.satisfaction, Some(two));
    assert!(!row.commented);
    assert!(
        store
            .comment_survey(survey.id, "Too slow".into())
            .await
            .unwrap()
    );
    assert_eq!(stale(&*store).await, 1, "a comment marks its ticket's day");
    assert_eq!(refresh(&*store).await, 1);
    let second = segments(&*store).await.remove(1);
    assert!(second.rows[0].commented);
    assert_eq!(second.comments, vec![(0, solved.id)]);

    // An organization that changes kind changes its tickets' days.
    let mut retailer = organization.clone();
    retailer.kind = OrganizationKind::Retailer;
    store.update_organization(retailer).await.unwrap();
    assert_eq!(stale(&*store).await, 1);
    assert_eq!(refresh(&*store).await, 1);
    assert_eq!(
        segments(&*store).await[0].rows[0].customer_kind,
        OrganizationKind::Retailer
    );
    let mut renamed = store
        .get_organization(organization.id)
        .await
        .unwrap()
        .unwrap();
    renamed.notes = "Pays on time".into();
    store.update_organization(renamed).await.unwrap();
    assert_eq!(
        stale(&*store).await,
        0,
        "other changes leave the days alone"
    );

    // Outside the range asked for, nothing is read or rebuilt.
    assert!(
        store
            .report_segments(at(10 * DAY), at(12 * DAY))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store
            .report_segments(at(DAY), at(DAY + 1))
            .await
            .unwrap()
            .len(),
        1
    );
}
