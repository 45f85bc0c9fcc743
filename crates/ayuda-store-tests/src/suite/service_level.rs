//! Service levels in the store: calendars and SLA policies kept and refused like any set-up, SLA clocks
//! kept with their ticket and found by the sweep when an alert is due, and notifications written with
//! the ticket change that caused them and settled for mail once.

use std::sync::Arc;

use ayuda_core::calendar::{BusinessCalendar, BusinessHours, Holiday, WeekHours};
use ayuda_core::contact::ServiceTier;
use ayuda_core::id::{CalendarId, SlaPolicyId};
use ayuda_core::notification::{Notification, NotificationKind};
use ayuda_core::sla::{
    Schedule, SlaAlert, SlaConditions, SlaEvent, SlaMetric, SlaPolicy, SlaTargets, TicketSla,
};
use ayuda_core::text::Name;
use ayuda_core::ticket::{Priority, Status};
use ayuda_store::{Store, StoreError, TicketWrite};
use jiff::SignedDuration;

use crate::fixtures::{self, at};

fn calendar(name: &str) -> BusinessCalendar {
    let day = |text: &str| WeekHours::parse_day(text).unwrap();
    let week = WeekHours::new([
        day("09:00-13:00, 14:00-18:00"),
        day("09:00-13:00, 14:00-18:00"),
        day("09:00-13:00, 14:00-18:00"),
        day("09:00-13:00, 14:00-18:00"),
        day("09:00-15:00"),
        Vec::new(),
        Vec::new(),
    ])
    .unwrap();
    let holidays = vec![
        Holiday::parse("12-25").unwrap(),
        Holiday::parse("2026-12-08").unwrap(),
    ];
    BusinessCalendar {
        id: CalendarId::generate(),
        name: Name::parse(name).unwrap(),
        hours: BusinessHours::new("Europe/Madrid", week, holidays).unwrap(),
        created_at: at(0),
        updated_at: at(0),
    }
}

fn policy(name: &str, position: i32, calendar: Option<CalendarId>) -> SlaPolicy {
    SlaPolicy {
        id: SlaPolicyId::generate(),
        name: Name::parse(name).unwrap(),
        position,
        conditions: SlaConditions {
            priorities: vec![Priority::Urgent],
            service_tiers: vec![ServiceTier::Premium],
            ..SlaConditions::default()
        },
        targets: SlaTargets {
            first_response: Some(SignedDuration::from_hours(1)),
            next_response: None,
            resolution: Some(SignedDuration::from_hours(8)),
        },
        calendar_id: calendar,
        warn_before: SignedDuration::from_mins(15),
        active: true,
        created_at: at(0),
        updated_at: at(0),
    }
}

pub async fn calendars_and_sla_policies_are_kept_replaced_and_refused(store: Arc<dyn Store>) {
    let madrid = calendar("Madrid office");
    store.save_calendar(madrid.clone()).await.unwrap();
    assert_eq!(store.list_calendars().await.unwrap(), vec![madrid.clone()]);
    let mut renamed = madrid.clone();
    renamed.name = Name::parse("Madrid and Rome").unwrap();
    renamed.updated_at = at(5);
    store.save_calendar(renamed.clone()).await.unwrap();
    assert_eq!(store.list_calendars().await.unwrap(), vec![renamed.clone()]);
    let clash = calendar("MADRID AND ROME");
    assert!(matches!(
        store.save_calendar(clash).await,
        Err(StoreError::Duplicate(kind)) if kind == "calendar name"
    ));

    let late = policy("Premium urgent", 2, Some(madrid.id));
    let early = policy("Everything else", 1, None);
    store.save_sla_policy(late.clone()).await.unwrap();
    store.save_sla_policy(early.clone()).await.unwrap();
    assert_eq!(
        store.list_sla_policies().await.unwrap(),
        vec![early.clone(), late.clone()]
    );
    let orphan = policy("Nowhere", 3, Some(CalendarId::generate()));
    assert!(matches!(
        store.save_sla_policy(orphan).await,
        Err(StoreError::MissingReference(_))
    ));
    assert!(matches!(
        store.save_sla_policy(policy("premium URGENT", 4, None)).await,
        Err(StoreError::Duplicate(kind)) if kind == "SLA policy name"
    ));
    // A calendar a policy counts in stays; once the policy is gone it can go.
    assert!(matches!(
        store.delete_calendar(madrid.id).await,
        Err(StoreError::Conflict)
    ));
    store.delete_sla_policy(late.id).await.unwrap();
    assert!(matches!(
        store.delete_sla_policy(late.id).await,
        Err(StoreError::NotFound)
    ));
    store.delete_calendar(madrid.id).await.unwrap();
    assert!(store.list_calendars().await.unwrap().is_empty());
    assert_eq!(store.list_sla_policies().await.unwrap(), vec![early]);
}

pub async fn sla_clocks_are_kept_with_the_ticket_and_due_alerts_are_found(store: Arc<dyn Store>) {
    let agent = store
        .create_agent(fixtures::agent("eva@desk.test", &[]), None)
        .await
        .unwrap();
    let requester = store
        .create_contact(fixtures::contact("ana@example.com"))
        .await
        .unwrap()
        .id;
    let policy = policy("Standard", 0, None);
    let mut due_first = Vec::new();
    // Three tickets created an hour apart: their first-response warnings fall due an hour apart.
    for hour in [2, 0, 1] {
        let mut new = fixtures::ticket_for(requester).at(at(hour * 3600)).build();
        let mut sla = TicketSla::new(&policy);
        sla.apply(
            SlaEvent::Created(Status::New),
            Status::New,
            new.ticket.created_at,
            &Schedule::AllHours,
            policy.warn_before,
        );
        new.ticket.sla = Some(sla);
        let created = store.create_ticket(new).await.unwrap().ticket;
        due_first.push((hour, created));
    }
    due_first.sort_by_key(|(hour, _)| *hour);
    let [first, second, third] = [0, 1, 2].map(|i| due_first[i].1.clone());
    let stored = store.get_ticket(first.id).await.unwrap().unwrap();
    assert_eq!(stored.sla, first.sla, "the clocks read back as written");

    // Warnings are due 45 minutes after creation: at 1h50 the first two are due, oldest first.
    let due = store
        .tickets_with_sla_alerts(at(3600 + 50 * 60), 10)
        .await
        .unwrap();
    assert_eq!(due, vec![first.id, second.id]);
    assert!(!due.contains(&third.id));

    // The warning recorded, with a notification to the assignee, in one write: the next alert is the
    // breach at 1h, so at 50 minutes the ticket is no longer due.
    let mut warned = stored.clone();
    let sla = warned.sla.as_mut().unwrap();
    let clock = sla.clock_mut(SlaMetric::FirstResponse).unwrap();
    clock.record_alert(SlaAlert::Warning, at(45 * 60));
    warned.updated_at = at(45 * 60);
    let note = Notification::new(
        agent.id,
        warned.id,
        NotificationKind::SlaWarning,
        "first_response",
        at(45 * 60),
    );
    let written = store
        .write_ticket(TicketWrite {
            ticket: warned,
            message: None,
            events: Vec::new(),
            email: Default::default(),
            notifications: vec![note.clone()],
            routing: None,
        })
        .await
        .unwrap();
    assert_eq!(
        written
            .sla
            .as_ref()
            .unwrap()
            .next_alert()
            .map(|(_, a, _)| a),
        Some(SlaAlert::Breach)
    );
    let due = store
        .tickets_with_sla_alerts(at(50 * 60), 10)
        .await
        .unwrap();
    assert!(due.is_empty(), "{due:?}");
    let due = store.tickets_with_sla_alerts(at(3600), 10).await.unwrap();
    assert_eq!(due, vec![first.id]);

    assert_eq!(
        store.list_notifications(agent.id, None, 10).await.unwrap(),
        vec![note.clone()]
    );
    assert_eq!(
        store
            .count_unread_notifications(agent.id, 99)
            .await
            .unwrap(),
        1
    );
    store
        .mark_notifications_read(agent.id, &[], at(3600))
        .await
        .unwrap();
    assert_eq!(
        store
            .count_unread_notifications(agent.id, 99)
            .await
            .unwrap(),
        0
    );
    let read = store.list_notifications(agent.id, None, 10).await.unwrap();
    assert_eq!(read[0].read_at, Some(at(3600)));
}

pub async fn each_notification_is_settled_for_mail_once_with_its_digest(store: Arc<dyn Store>) {
    use ayuda_core::email::{MailContent, OutboxKind, OutboxMail, OutboxState};
    use ayuda_core::id::OutboxId;

    let agent = store
        .create_agent(fixtures::agent("eva@desk.test", &[]), None)
        .await
        .unwrap();
    let requester = store
        .create_contact(fixtures::contact("ana@example.com"))
        .await
        .unwrap()
        .id;
    let ticket = store
        .create_ticket(fixtures::ticket_for(requester).at(at(0)).build())
        .await
        .unwrap()
        .ticket;
    let told = |kind, second| Notification::new(agent.id, ticket.id, kind, "", at(second));
    let (assigned, replied) = (
        told(NotificationKind::Assigned, 10),
        told(NotificationKind::CustomerReplied, 20),
    );
    let mut changed = ticket.clone();
    changed.updated_at = at(20);
    store
        .write_ticket(TicketWrite {
            ticket: changed,
            message: None,
            events: Vec::new(),
            email: Default::default(),
            notifications: vec![assigned.clone(), replied.clone()],
            routing: None,
        })
        .await
        .unwrap();
    assert_eq!(
        store.notifications_to_mail(10).await.unwrap(),
        vec![assigned.clone(), replied.clone()],
        "new notifications wait for the mail sweep, oldest first"
    );
    let digest = OutboxMail {
        id: OutboxId::generate(),
        ticket_id: None,
        message_id: None,
        kind: OutboxKind::AgentNotice,
        mailbox_id: None,
        to: vec![agent.email.clone()],
        cc: Vec::new(),
        language: "es".to_owned(),
        state: OutboxState::Pending,
        attempts: 0,
        next_attempt_at: at(30),
        last_error: None,
        created_at: at(30),
        sent_at: None,
        content: Some(MailContent {
            subject: "#1 asignado".into(),
            text: "- #1 asignado".into(),
        }),
    };
    assert!(
        store
            .settle_notification_mail(&[assigned.id], Some(digest.clone()))
            .await
            .unwrap()
    );
    // A second sweep that read both before the first settled one of them: nothing is written, so the
    // first is not mailed twice and the second stays for the next sweep.
    let other = OutboxMail {
        id: OutboxId::generate(),
        ..digest.clone()
    };
    assert!(
        !store
            .settle_notification_mail(&[assigned.id, replied.id], Some(other))
            .await
            .unwrap()
    );
    assert_eq!(
        store.notifications_to_mail(10).await.unwrap(),
        vec![replied.clone()]
    );
    assert!(
        store
            .settle_notification_mail(&[replied.id], None)
            .await
            .unwrap()
    );
    assert!(store.notifications_to_mail(10).await.unwrap().is_empty());
    let queued = store.claim_outbox(at(40), at(100), 10).await.unwrap();
    assert_eq!(queued.len(), 1, "only the first digest was queued");
    assert_eq!(queued[0].id, digest.id);
    assert_eq!(queued[0].content, digest.content);
    assert_eq!(queued[0].kind, OutboxKind::AgentNotice);
    assert_eq!(queued[0].ticket_id, None);
    // Reading them in the workspace is another matter: both are still unread there.
    assert_eq!(
        store
            .count_unread_notifications(agent.id, 99)
            .await
            .unwrap(),
        2
    );
}
