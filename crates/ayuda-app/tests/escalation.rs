//! Automatic escalation with two app nodes on one database: 1,000 tickets breach their first-response
//! target at the same moment, both nodes sweep at once, and a trigger escalates each to the second line
//! exactly once, with exactly one notification to the agent the second line's routing chose, and one
//! email digest to each of them.

use std::collections::BTreeMap;
use std::sync::Arc;

use ayuda_app::App;
use ayuda_app::automation::{ActionInput, ConditionInput, TriggerInput};
use ayuda_core::Timestamp;
use ayuda_core::agent::Role;
use ayuda_core::clock::FixedClock;
use ayuda_core::email::OutboxKind;
use ayuda_core::event::{Change, Via};
use ayuda_core::id::{AgentId, SlaPolicyId};
use ayuda_core::notification::NotificationKind;
use ayuda_core::permission::Principal;
use ayuda_core::routing::{GroupRouting, GroupSetup, RoutingMode};
use ayuda_core::sla::{
    Schedule, SlaAlert, SlaConditions, SlaEvent, SlaPolicy, SlaTargets, TicketSla,
};
use ayuda_core::text::Name;
use ayuda_core::ticket::Status;
use ayuda_store::Store;
use ayuda_store_tests::fixtures;
use jiff::SignedDuration;

use ayuda_store_tests::harness;

mod sqlite {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_thousand_breaches_swept_by_two_nodes_escalate_once_each() {
        let test = super::harness::sqlite().await;
        let other = test.another_node().await;
        super::a_thousand_breaches_swept_by_two_nodes_escalate_once_each(test.store.clone(), other)
            .await;
    }
}

mod postgres {
    /// Two nodes, each with its own connection pool, on one PostgreSQL database.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_thousand_breaches_swept_by_two_nodes_escalate_once_each() {
        let Some(test) = super::harness::postgres().await else {
            return;
        };
        let other = test.another_node().await;
        super::a_thousand_breaches_swept_by_two_nodes_escalate_once_each(test.store.clone(), other)
            .await;
    }
}

const TICKETS: usize = 1_000;

fn start() -> Timestamp {
    "2026-11-24T09:00Z".parse().unwrap()
}

async fn a_thousand_breaches_swept_by_two_nodes_escalate_once_each(
    store: Arc<dyn Store>,
    other_node_store: Arc<dyn Store>,
) {
    let clock = Arc::new(FixedClock::new(start()));
    let first_node = App::new(Arc::clone(&store), clock.clone());
    let second_node = App::new(other_node_store, clock.clone());

    // The first line routes by hand; the second line, in turn among four agents.
    let first = store
        .create_group(fixtures::group("First line"))
        .await
        .unwrap()
        .id;
    let second = store
        .create_group(fixtures::group("Second line"))
        .await
        .unwrap()
        .id;
    let mut seniors = Vec::new();
    for n in 0..4 {
        let agent = fixtures::agent(&format!("senior{n}@desk.test"), &[second]);
        seniors.push(store.create_agent(agent, None).await.unwrap().id);
    }
    store
        .save_group_setup(
            second,
            GroupSetup {
                routing: GroupRouting {
                    mode: RoutingMode::RoundRobin,
                    ..GroupRouting::default()
                },
                tier: 2,
                escalates_to: None,
            },
            start(),
        )
        .await
        .unwrap();

    // An answer within the hour; a breach of it goes to the next tier.
    let policy = SlaPolicy {
        id: SlaPolicyId::generate(),
        name: Name::parse("Everyone").unwrap(),
        position: 0,
        conditions: SlaConditions::default(),
        targets: SlaTargets {
            first_response: Some(SignedDuration::from_hours(1)),
            next_response: None,
            resolution: None,
        },
        calendar_id: None,
        warn_before: SignedDuration::ZERO,
        active: true,
        created_at: start(),
        updated_at: start(),
    };
    store.save_sla_policy(policy.clone()).await.unwrap();
    let admin = Principal::Agent {
        id: AgentId::generate(),
        role: Role::Admin,
        group_ids: Vec::new(),
    };
    first_node
        .save_trigger(
            &admin,
            None,
            TriggerInput {
                name: "Escalate late first answers".into(),
                position: 0,
                active: true,
                event: "sla_breach".into(),
                all: vec![ConditionInput {
                    field: "sla_metric".into(),
                    operator: "is".into(),
                    value: "first_response".into(),
                }],
                any: Vec::new(),
                actions: vec![ActionInput {
                    kind: "escalate".into(),
                    to: Some("next_tier".into()),
                    reason: Some("No first answer within the hour".into()),
                    ..ActionInput::default()
                }],
            },
        )
        .await
        .unwrap();

    // A thousand unassigned first-line tickets, all opened at nine.
    let requester = store
        .create_contact(fixtures::contact("ana@example.com"))
        .await
        .unwrap()
        .id;
    let mut ids = Vec::new();
    for _ in 0..TICKETS / 250 {
        let batch = (0..250)
            .map(|_| {
                let mut new = fixtures::ticket_for(requester)
                    .group(Some(first))
                    .status(Status::Open)
                    .at(start())
                    .build();
                let mut sla = TicketSla::new(&policy);
                sla.apply(
                    SlaEvent::Created(Status::Open),
                    Status::Open,
                    start(),
                    &Schedule::AllHours,
                    policy.warn_before,
                );
                new.ticket.sla = Some(sla);
                new
            })
            .collect();
        for created in store.create_tickets(batch).await.unwrap() {
            ids.push(created.ticket.id);
        }
    }

    // At ten past ten every one of them is overdue; both nodes sweep at once until nothing is due.
    clock.set(start() + SignedDuration::from_mins(70));
    for round in 0.. {
        let (a, b) = tokio::join!(first_node.sweep_sla(), second_node.sweep_sla());
        a.unwrap();
        b.unwrap();
        let due = store
            .tickets_with_sla_alerts(clock_now(&clock), 1)
            .await
            .unwrap();
        if due.is_empty() {
            break;
        }
        assert!(round < 50, "the sweeps stopped getting anywhere");
    }

    // Each ticket: one breach, one escalation, now in the second line with one of the seniors.
    let mut given: BTreeMap<AgentId, usize> = BTreeMap::new();
    for id in &ids {
        let ticket = store.get_ticket(*id).await.unwrap().unwrap();
        assert_eq!(ticket.group_id, Some(second));
        let assignee = ticket.assignee_id.expect("routed in the second line");
        *given.entry(assignee).or_default() += 1;
        let history = store.list_events(*id, true, None, 50).await.unwrap().items;
        let breaches = history
            .iter()
            .filter(|e| {
                matches!(
                    e.change,
                    Change::Sla {
                        alert: SlaAlert::Breach,
                        ..
                    }
                )
            })
            .count();
        let escalations: Vec<_> = history
            .iter()
            .filter_map(|e| match &e.change {
                Change::Escalated(escalation) => Some((e.via, escalation.reason.as_str())),
                _ => None,
            })
            .collect();
        assert_eq!(breaches, 1, "{history:?}");
        assert_eq!(
            escalations,
            vec![(Via::Rule, "No first answer within the hour")]
        );
    }
    // In turn: 250 each.
    assert_eq!(given.values().copied().collect::<Vec<_>>(), vec![250; 4]);

    // One notification per ticket, to its new assignee, saying why.
    let mut told: BTreeMap<_, usize> = BTreeMap::new();
    for senior in &seniors {
        let mut before = None;
        loop {
            let page = store
                .list_notifications(*senior, before, 100)
                .await
                .unwrap();
            let Some(last) = page.last() else {
                break;
            };
            before = Some(last.id);
            for note in page {
                assert_eq!(note.kind, NotificationKind::Escalated);
                assert_eq!(note.detail, "No first answer within the hour");
                *told.entry(note.ticket_id).or_default() += 1;
            }
        }
    }
    assert_eq!(told.len(), TICKETS);
    assert!(told.values().all(|n| *n == 1), "a ticket told twice");

    // By email too: both nodes mail notifications at once; each senior gets one digest of their 250.
    let (a, b) = tokio::join!(
        first_node.mail_notifications(),
        second_node.mail_notifications()
    );
    assert_eq!(a.unwrap() + b.unwrap(), seniors.len());
    assert!(store.notifications_to_mail(10).await.unwrap().is_empty());
    let mail = store
        .claim_outbox(clock_now(&clock), clock_now(&clock), 100)
        .await
        .unwrap();
    let mut mailed: Vec<String> = mail
        .iter()
        .filter(|m| m.kind == OutboxKind::AgentNotice)
        .map(|m| {
            let content = m.content.as_ref().unwrap();
            assert_eq!(content.subject, "250 new notifications");
            assert!(content.text.contains("and 230 more"), "{}", content.text);
            m.to[0].as_str().to_owned()
        })
        .collect();
    mailed.sort();
    assert_eq!(
        mailed,
        (0..4)
            .map(|n| format!("senior{n}@desk.test"))
            .collect::<Vec<_>>()
    );
}

fn clock_now(clock: &FixedClock) -> Timestamp {
    use ayuda_core::clock::Clock;
    clock.now()
}
