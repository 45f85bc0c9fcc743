//! A ticket walked through an SLA policy on business hours with a clock the test moves: the warning and
//! the breach raised once each by the sweep, in the history and as notifications to the assignee; the
//! clocks paused while the ticket waits on the customer and resumed with the paused time credited.

use std::sync::Arc;

use ayuda_app::App;
use ayuda_app::sla_setup::PolicyInput;
use ayuda_app::tickets::{EditTicket, OpenTicket, PostMessage, RequesterInput};
use ayuda_core::Timestamp;
use ayuda_core::agent::Role;
use ayuda_core::calendar::{BusinessCalendar, BusinessHours, WeekHours, WorkInterval};
use ayuda_core::clock::FixedClock;
use ayuda_core::contact::{EmailAddress, Identity};
use ayuda_core::event::{Change, Via};
use ayuda_core::id::{CalendarId, SlaPolicyId};
use ayuda_core::notification::NotificationKind;
use ayuda_core::permission::Principal;
use ayuda_core::sla::{SlaAlert, SlaConditions, SlaMetric, SlaPolicy, SlaTargets};
use ayuda_core::text::Name;
use ayuda_core::ticket::Status;
use ayuda_store::Store;
use jiff::SignedDuration;

use ayuda_store_tests::on_both_stores;

on_both_stores!(
    a_ticket_is_warned_breached_paused_and_resumed_on_business_hours,
    a_changed_policy_reaches_a_ticket_with_its_next_change,
);

/// `2026-11-23T10:00` in Madrid (winter time, +01:00).
fn madrid(local: &str) -> Timestamp {
    format!("{local}+01:00").parse().unwrap()
}

async fn a_ticket_is_warned_breached_paused_and_resumed_on_business_hours(store: Arc<dyn Store>) {
    let clock = Arc::new(FixedClock::new(madrid("2026-11-23T09:00")));
    let app = App::new(Arc::clone(&store), clock.clone());

    // Madrid office, 09:00-17:00 on weekdays: answer within 4 working hours, solve within 16, answer a
    // customer's follow-up within 2; warn an hour before.
    let office = BusinessCalendar {
        id: CalendarId::generate(),
        name: Name::parse("Madrid office").unwrap(),
        hours: BusinessHours::new(
            "Europe/Madrid",
            WeekHours::weekdays(&[WorkInterval::parse("09:00-17:00").unwrap()]).unwrap(),
            Vec::new(),
        )
        .unwrap(),
        created_at: clock_now(&clock),
        updated_at: clock_now(&clock),
    };
    store.save_calendar(office.clone()).await.unwrap();
    store
        .save_sla_policy(SlaPolicy {
            id: SlaPolicyId::generate(),
            name: Name::parse("Standard").unwrap(),
            position: 0,
            conditions: SlaConditions::default(),
            targets: SlaTargets {
                first_response: Some(SignedDuration::from_hours(4)),
                next_response: Some(SignedDuration::from_hours(2)),
                resolution: Some(SignedDuration::from_hours(16)),
            },
            calendar_id: Some(office.id),
            warn_before: SignedDuration::from_hours(1),
            active: true,
            created_at: clock_now(&clock),
            updated_at: clock_now(&clock),
        })
        .await
        .unwrap();
    let agent = store
        .create_agent(
            ayuda_store_tests::fixtures::agent("eva@desk.test", &[]),
            None,
        )
        .await
        .unwrap();
    let eva = Principal::Agent {
        id: agent.id,
        role: Role::Agent,
        group_ids: Vec::new(),
    };

    // Monday 10:00: a ticket for Eva. First response due 14:00, warning at 13:00.
    clock.set(madrid("2026-11-23T10:00"));
    let (ticket, _) = app
        .open_ticket(
            &eva,
            Via::Ui,
            OpenTicket {
                subject: "The printer prints blank pages".into(),
                body: Some("Since yesterday.".into()),
                requester: Some(RequesterInput {
                    email: "ana@example.com".into(),
                    name: Some("Ana".into()),
                }),
                assignee_id: Some(agent.id.to_string()),
                ..OpenTicket::default()
            },
        )
        .await
        .unwrap();
    let first = |ticket: &ayuda_core::ticket::Ticket, metric| {
        ticket.sla.as_ref().unwrap().clock(metric).unwrap().clone()
    };
    assert_eq!(
        first(&ticket, SlaMetric::FirstResponse).due_at,
        Some(madrid("2026-11-23T14:00"))
    );
    assert_eq!(
        first(&ticket, SlaMetric::Resolution).due_at,
        Some(madrid("2026-11-25T10:00"))
    );

    // 12:55 nothing is due; 13:05 the warning, once however often the sweep runs.
    clock.set(madrid("2026-11-23T12:55"));
    assert_eq!(app.sweep_sla().await.unwrap().raised, 0);
    clock.set(madrid("2026-11-23T13:05"));
    assert_eq!(app.sweep_sla().await.unwrap().raised, 1);
    assert_eq!(app.sweep_sla().await.unwrap().raised, 0);
    // 14:10 the breach.
    clock.set(madrid("2026-11-23T14:10"));
    assert_eq!(app.sweep_sla().await.unwrap().raised, 1);
    assert_eq!(app.sweep_sla().await.unwrap().raised, 0);

    // 14:30 Eva answers (late) and waits on the customer: the resolution clock stops with 4.5 hours used.
    clock.set(madrid("2026-11-23T14:30"));
    app.post_message(
        &eva,
        Via::Ui,
        ticket.id,
        PostMessage {
            body: Some("Could you send us a photo of a page?".into()),
            ..PostMessage::default()
        },
    )
    .await
    .unwrap();
    let waiting = app
        .edit_ticket(
            &eva,
            Via::Ui,
            ticket.id,
            EditTicket {
                status: Some("pending".into()),
                ..EditTicket::default()
            },
        )
        .await
        .unwrap();
    let first_response = first(&waiting, SlaMetric::FirstResponse);
    assert_eq!(first_response.met_at, Some(madrid("2026-11-23T14:30")));
    assert_eq!(first_response.breached_at, Some(madrid("2026-11-23T14:00")));
    let resolution = first(&waiting, SlaMetric::Resolution);
    assert!(resolution.is_paused());
    assert_eq!(resolution.used, SignedDuration::from_mins(270));
    assert_eq!(resolution.due_at, None);
    // Waiting, nothing falls due, not even on Wednesday when the resolution would have.
    clock.set(madrid("2026-11-25T12:00"));
    assert_eq!(app.sweep_sla().await.unwrap().raised, 0);

    // Wednesday 12:00 Ana answers: the ticket opens again, 11.5 working hours of resolution are left
    // (Wednesday 12-17, Thursday 9-15:30) and her follow-up must be answered by 14:00.
    let contact = store
        .find_contact(&Identity::email(
            &EmailAddress::parse("ana@example.com").unwrap(),
        ))
        .await
        .unwrap()
        .unwrap();
    let ana = Principal::Customer {
        contact_id: contact.id,
        organization_id: None,
        sees_organization: false,
    };
    app.post_message(
        &ana,
        Via::Ui,
        ticket.id,
        PostMessage {
            body: Some("Here it is.".into()),
            ..PostMessage::default()
        },
    )
    .await
    .unwrap();
    let back = app.ticket(&eva, ticket.id).await.unwrap();
    assert_eq!(back.status, Status::Open);
    assert_eq!(
        first(&back, SlaMetric::Resolution).due_at,
        Some(madrid("2026-11-26T15:30"))
    );
    assert_eq!(
        first(&back, SlaMetric::NextResponse).due_at,
        Some(madrid("2026-11-25T14:00"))
    );

    // The history holds the warning and the breach, each once, with their deadline.
    let history = app
        .history(&eva, ticket.id, None, Some(100))
        .await
        .unwrap()
        .items;
    let alerts: Vec<(SlaMetric, SlaAlert, Timestamp)> = history
        .iter()
        .filter_map(|e| match e.change {
            Change::Sla {
                metric,
                alert,
                due_at,
            } => Some((metric, alert, due_at)),
            _ => None,
        })
        .collect();
    assert_eq!(
        alerts,
        vec![
            (
                SlaMetric::FirstResponse,
                SlaAlert::Warning,
                madrid("2026-11-23T14:00")
            ),
            (
                SlaMetric::FirstResponse,
                SlaAlert::Breach,
                madrid("2026-11-23T14:00")
            ),
        ]
    );
    // Eva was told of each, and of Ana's reply (newest first); she took the ticket herself, so no
    // assignment notice.
    let told: Vec<NotificationKind> = store
        .list_notifications(agent.id, None, 10)
        .await
        .unwrap()
        .iter()
        .map(|n| n.kind)
        .collect();
    assert_eq!(
        told,
        vec![
            NotificationKind::CustomerReplied,
            NotificationKind::SlaBreach,
            NotificationKind::SlaWarning
        ]
    );
}

fn clock_now(clock: &FixedClock) -> Timestamp {
    use ayuda_core::clock::Clock;
    clock.now()
}

async fn a_changed_policy_reaches_a_ticket_with_its_next_change(store: Arc<dyn Store>) {
    let clock = Arc::new(FixedClock::new("2026-11-23T10:00Z".parse().unwrap()));
    let app = App::new(Arc::clone(&store), clock.clone());
    let agent = store
        .create_agent(
            ayuda_store_tests::fixtures::agent("root@desk.test", &[]),
            None,
        )
        .await
        .unwrap();
    let admin = Principal::Agent {
        id: agent.id,
        role: Role::Admin,
        group_ids: Vec::new(),
    };
    let mut input = PolicyInput {
        name: "Round the clock".into(),
        first_response_minutes: Some(240),
        warn_before_minutes: 0,
        active: true,
        ..PolicyInput::default()
    };
    let policy = app
        .save_sla_policy(&admin, None, input.clone())
        .await
        .unwrap();
    let (ticket, _) = app
        .open_ticket(
            &admin,
            Via::Ui,
            OpenTicket {
                subject: "Where is my parcel?".into(),
                body: Some("It was due yesterday.".into()),
                requester: Some(RequesterInput {
                    email: "ana@example.com".into(),
                    name: None,
                }),
                ..OpenTicket::default()
            },
        )
        .await
        .unwrap();
    let due = |ticket: &ayuda_core::ticket::Ticket| {
        ticket
            .sla
            .as_ref()
            .unwrap()
            .clock(SlaMetric::FirstResponse)
            .unwrap()
            .due_at
    };
    assert_eq!(due(&ticket), Some("2026-11-23T14:00Z".parse().unwrap()));

    // The target halves at 11:00; at 11:30 the ticket changes and takes it up, keeping the 1.5 hours used.
    clock.set("2026-11-23T11:00Z".parse().unwrap());
    input.first_response_minutes = Some(120);
    app.save_sla_policy(&admin, Some(policy.id), input)
        .await
        .unwrap();
    clock.set("2026-11-23T11:30Z".parse().unwrap());
    let changed = app
        .edit_ticket(
            &admin,
            Via::Ui,
            ticket.id,
            EditTicket {
                tags: Some(vec!["parcel".into()]),
                ..EditTicket::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(due(&changed), Some("2026-11-23T12:00Z".parse().unwrap()));
}
