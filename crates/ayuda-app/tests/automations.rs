//! Time-based automations with a clock the test moves: a ticket pending for five days gets a reminder
//! (its assignee told, a tag set), two days later it is solved; two app nodes running the automations at
//! once act once; an automation that would act for ever is refused. A trigger tells business hours from
//! the rest.

use std::sync::Arc;

use ayuda_app::App;
use ayuda_app::automation::{ActionInput, ConditionInput};
use ayuda_app::timed_rules::TimedRuleInput;
use ayuda_core::Timestamp;
use ayuda_core::agent::Role;
use ayuda_core::clock::FixedClock;
use ayuda_core::event::{Change, Via};
use ayuda_core::id::AgentId;
use ayuda_core::notification::NotificationKind;
use ayuda_core::permission::Principal;
use ayuda_core::ticket::Status;
use ayuda_store::Store;
use ayuda_store_tests::fixtures;
use jiff::SignedDuration;

use ayuda_store_tests::on_both_stores;

on_both_stores!(
    a_pending_ticket_is_reminded_after_five_days_and_solved_two_days_later,
    a_trigger_tells_business_hours_from_the_rest
);

fn start() -> Timestamp {
    "2026-11-02T10:00Z".parse().unwrap()
}

fn days(n: i64) -> Timestamp {
    start() + SignedDuration::from_hours(24 * n)
}

fn condition(field: &str, operator: &str, value: &str) -> ConditionInput {
    ConditionInput {
        field: field.into(),
        operator: operator.into(),
        value: value.into(),
    }
}

async fn a_pending_ticket_is_reminded_after_five_days_and_solved_two_days_later(
    store: Arc<dyn Store>,
) {
    let clock = Arc::new(FixedClock::new(start()));
    let first_node = App::new(Arc::clone(&store), clock.clone());
    let second_node = App::new(Arc::clone(&store), clock.clone());
    let admin = Principal::Agent {
        id: AgentId::generate(),
        role: Role::Admin,
        group_ids: Vec::new(),
    };

    // Notifying alone would fire every five days for ever: refused, with the reason.
    let endless = first_node
        .save_timed_rule(
            &admin,
            None,
            TimedRuleInput {
                name: "Nag".into(),
                active: true,
                status: "pending".into(),
                idle_hours: 120,
                actions: vec![ActionInput {
                    kind: "notify".into(),
                    ..ActionInput::default()
                }],
                ..TimedRuleInput::default()
            },
        )
        .await
        .unwrap_err()
        .to_string();
    assert!(endless.contains("actions"), "{endless}");

    first_node
        .save_timed_rule(
            &admin,
            None,
            TimedRuleInput {
                name: "Remind after five days".into(),
                position: 1,
                active: true,
                status: "pending".into(),
                idle_hours: 5 * 24,
                all: vec![condition("tag", "not_contains", "reminded")],
                actions: vec![
                    ActionInput {
                        kind: "add_tags".into(),
                        tags: vec!["reminded".into()],
                        ..ActionInput::default()
                    },
                    ActionInput {
                        kind: "notify".into(),
                        note: Some("No answer for five days: reminded".into()),
                        ..ActionInput::default()
                    },
                ],
                ..TimedRuleInput::default()
            },
        )
        .await
        .unwrap();
    first_node
        .save_timed_rule(
            &admin,
            None,
            TimedRuleInput {
                name: "Solve two days after the reminder".into(),
                position: 2,
                active: true,
                status: "pending".into(),
                idle_hours: 2 * 24,
                all: vec![condition("tag", "contains", "reminded")],
                actions: vec![ActionInput {
                    kind: "set_status".into(),
                    value: Some("solved".into()),
                    ..ActionInput::default()
                }],
                ..TimedRuleInput::default()
            },
        )
        .await
        .unwrap();

    // A pending ticket of Eva's, and a pending one changed on day 3 that runs a day behind.
    let eva = store
        .create_agent(fixtures::agent("eva@desk.test", &[]), None)
        .await
        .unwrap()
        .id;
    let requester = store
        .create_contact(fixtures::contact("ana@example.com"))
        .await
        .unwrap()
        .id;
    let mut ids = Vec::new();
    for at in [start(), days(1)] {
        let created = store
            .create_ticket(
                fixtures::ticket_for(requester)
                    .status(Status::Pending)
                    .assignee(Some(eva))
                    .at(at)
                    .build(),
            )
            .await
            .unwrap();
        ids.push(created.ticket.id);
    }
    let run_both = || async {
        let (a, b) = tokio::join!(first_node.run_timed_rules(), second_node.run_timed_rules());
        a.unwrap() + b.unwrap()
    };
    let status_and_tags = |id| {
        let store = Arc::clone(&store);
        async move {
            let t = store.get_ticket(id).await.unwrap().unwrap();
            let tags: Vec<String> = t.tags.iter().map(|t| t.as_str().to_owned()).collect();
            (t.status, tags)
        }
    };

    clock.set(days(4));
    assert_eq!(run_both().await, 0, "nothing has waited five days");
    clock.set(days(5));
    assert_eq!(run_both().await, 1, "the first is reminded, once");
    assert_eq!(
        status_and_tags(ids[0]).await,
        (Status::Pending, vec!["reminded".to_owned()])
    );
    assert_eq!(status_and_tags(ids[1]).await, (Status::Pending, Vec::new()));
    assert_eq!(run_both().await, 0);
    clock.set(days(6));
    assert_eq!(run_both().await, 1, "the second is reminded a day later");
    assert_eq!(run_both().await, 0, "not solved before two more days");
    clock.set(days(7));
    assert_eq!(run_both().await, 1, "the first is solved");
    assert_eq!(status_and_tags(ids[0]).await.0, Status::Solved);
    clock.set(days(8));
    assert_eq!(run_both().await, 1, "and the second");
    clock.set(days(30));
    assert_eq!(run_both().await, 0, "solved tickets are left alone");

    // Eva was told twice (once per ticket); the history says a rule did it.
    let notes = store.list_notifications(eva, None, 50).await.unwrap();
    let reminders: Vec<_> = notes
        .iter()
        .filter(|n| n.kind == NotificationKind::Rule)
        .collect();
    assert_eq!(reminders.len(), 2, "{notes:?}");
    assert!(reminders[0].detail.contains("five days"));
    let history = store
        .list_events(ids[0], true, None, 50)
        .await
        .unwrap()
        .items;
    let by_rule: Vec<String> = history
        .iter()
        .filter(|e| e.via == Via::Rule)
        .filter_map(|e| match &e.change {
            Change::Field(f) => Some(format!("{}={}", f.field, f.to.clone().unwrap_or_default())),
            _ => None,
        })
        .collect();
    assert_eq!(by_rule, ["tags=reminded", "status=solved"]);
}

/// A trigger on the time of day: tickets opened outside the office's hours are tagged, those opened
/// within are not.
async fn a_trigger_tells_business_hours_from_the_rest(store: Arc<dyn Store>) {
    use ayuda_app::automation::TriggerInput;
    use ayuda_app::sla_setup::CalendarInput;
    use ayuda_app::tickets::{OpenTicket, RequesterInput};

    // Monday 2026-11-02: 10:00 UTC is 11:00 in Madrid (open); Saturday 2026-11-07 is closed.
    let clock = Arc::new(FixedClock::new(start()));
    let app = App::new(Arc::clone(&store), clock.clone());
    let admin = Principal::Agent {
        id: AgentId::generate(),
        role: Role::Admin,
        group_ids: Vec::new(),
    };
    let weekday = "09:00-18:00".to_owned();
    app.save_calendar(
        &admin,
        None,
        CalendarInput {
            name: "Madrid office".into(),
            time_zone: "Europe/Madrid".into(),
            hours: vec![
                weekday.clone(),
                weekday.clone(),
                weekday.clone(),
                weekday.clone(),
                weekday,
                String::new(),
                String::new(),
            ],
            holidays: Vec::new(),
        },
    )
    .await
    .unwrap();
    app.save_trigger(
        &admin,
        None,
        TriggerInput {
            name: "After hours".into(),
            position: 0,
            active: true,
            event: "ticket_created".into(),
            all: vec![condition("business_hours", "is", "outside")],
            any: Vec::new(),
            actions: vec![ActionInput {
                kind: "add_tags".into(),
                tags: vec!["after-hours".into()],
                ..ActionInput::default()
            }],
        },
    )
    .await
    .unwrap();
    let mut tagged = Vec::new();
    for (at, subject) in [
        (start(), "Monday morning"),
        (days(5), "Saturday morning"),
        (start() + SignedDuration::from_hours(10), "Monday night"),
    ] {
        clock.set(at);
        let (ticket, _) = app
            .open_ticket(
                &admin,
                Via::Api,
                OpenTicket {
                    subject: subject.into(),
                    body: Some("Hello".into()),
                    requester: Some(RequesterInput {
                        email: "ana@example.com".into(),
                        name: None,
                    }),
                    ..OpenTicket::default()
                },
            )
            .await
            .unwrap();
        tagged.push(ticket.tags.iter().any(|t| t.as_str() == "after-hours"));
    }
    assert_eq!(tagged, [false, true, true]);
}
