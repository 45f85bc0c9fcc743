//! Routing in the store: group set-ups and agents' availability kept and refused like any set-up, a
//! group's routing round (members, their load and turn), its queue, and the turn a routed write claims.

use std::sync::Arc;

use ayuda_core::event::{Change, TicketEvent, Via};
use ayuda_core::id::{AgentId, GroupId};
use ayuda_core::message::Author;
use ayuda_core::routing::{AgentStatus, Availability, GroupRouting, GroupSetup, RoutingMode};
use ayuda_core::ticket::{FieldChange, Status};
use ayuda_store::{RoutingTurn, Store, TicketWrite};

use super::expect;
use crate::fixtures::{self, at};

fn round_robin(tier: u8, escalates_to: Option<GroupId>) -> GroupSetup {
    GroupSetup {
        routing: GroupRouting {
            mode: RoutingMode::RoundRobin,
            match_language: true,
            skills: vec!["refunds".into(), "printers".into()],
            requeue_when_away: true,
        },
        tier,
        escalates_to,
    }
}

pub async fn group_setups_and_agent_availability_are_kept_and_refused(store: Arc<dyn Store>) {
    let first = store
        .create_group(fixtures::group("First line"))
        .await
        .unwrap();
    let second = store
        .create_group(fixtures::group("Second line"))
        .await
        .unwrap();
    let agent = store
        .create_agent(fixtures::agent("eva@desk.test", &[first.id]), None)
        .await
        .unwrap();

    // Nothing saved: manual routing, first tier, available with the default capacity.
    assert_eq!(
        store.group_setup(first.id).await.unwrap(),
        GroupSetup::default()
    );
    assert!(store.list_group_setups().await.unwrap().is_empty());
    assert_eq!(
        store.agent_status(agent.id).await.unwrap(),
        AgentStatus::default()
    );

    let setup = round_robin(1, Some(second.id));
    store
        .save_group_setup(first.id, setup.clone(), at(1))
        .await
        .unwrap();
    assert_eq!(store.group_setup(first.id).await.unwrap(), setup);
    let replaced = GroupSetup {
        tier: 2,
        escalates_to: None,
        ..setup.clone()
    };
    store
        .save_group_setup(first.id, replaced.clone(), at(2))
        .await
        .unwrap();
    store
        .save_group_setup(second.id, round_robin(3, None), at(2))
        .await
        .unwrap();
    let mut expected = vec![(first.id, replaced), (second.id, round_robin(3, None))];
    expected.sort_by_key(|(id, _)| *id);
    assert_eq!(store.list_group_setups().await.unwrap(), expected);
    expect::missing_any(
        store
            .save_group_setup(GroupId::generate(), setup.clone(), at(3))
            .await,
    );
    expect::missing_any(
        store
            .save_group_setup(second.id, round_robin(3, Some(GroupId::generate())), at(3))
            .await,
    );
    assert_eq!(
        store.group_setup(second.id).await.unwrap(),
        round_robin(3, None)
    );

    let away = AgentStatus {
        availability: Availability::Away,
        out_of_office: Some((at(100), at(200))),
        capacity: 7,
    };
    store
        .set_agent_status(agent.id, away.clone(), at(3))
        .await
        .unwrap();
    assert_eq!(store.agent_status(agent.id).await.unwrap(), away);
    expect::not_found(
        store
            .set_agent_status(AgentId::generate(), away, at(3))
            .await,
    );
}

pub async fn a_routing_round_counts_open_tickets_and_a_routed_write_claims_its_turn(
    store: Arc<dyn Store>,
) {
    let group = store
        .create_group(fixtures::group("Support"))
        .await
        .unwrap();
    let eva = store
        .create_agent(fixtures::agent("eva@desk.test", &[group.id]), None)
        .await
        .unwrap();
    let leo = store
        .create_agent(fixtures::agent("leo@desk.test", &[group.id]), None)
        .await
        .unwrap();
    let mut gone = fixtures::agent("gone@desk.test", &[group.id]);
    gone.active = false;
    store.create_agent(gone, None).await.unwrap();
    store
        .save_group_setup(group.id, round_robin(1, None), at(0))
        .await
        .unwrap();
    let busy = AgentStatus {
        capacity: 3,
        ..AgentStatus::default()
    };
    store
        .set_agent_status(leo.id, busy.clone(), at(0))
        .await
        .unwrap();
    let requester = store
        .create_contact(fixtures::contact("ana@example.com"))
        .await
        .unwrap()
        .id;
    // Leo has two open tickets and a solved one; three more wait in the queue, one of them pending.
    for status in [Status::Open, Status::Pending, Status::Solved] {
        store
            .create_ticket(
                fixtures::ticket_for(requester)
                    .group(Some(group.id))
                    .assignee(Some(leo.id))
                    .status(status)
                    .build(),
            )
            .await
            .unwrap();
    }
    let mut queued = Vec::new();
    for (second, status) in [(30, Status::Open), (10, Status::New), (20, Status::Pending)] {
        let created = store
            .create_ticket(
                fixtures::ticket_for(requester)
                    .group(Some(group.id))
                    .status(status)
                    .at(at(second))
                    .build(),
            )
            .await
            .unwrap()
            .ticket;
        queued.push((second, status, created));
    }
    let waiting: Vec<_> = {
        let mut waiting: Vec<_> = queued
            .iter()
            .filter(|(_, status, _)| *status != Status::Pending)
            .collect();
        waiting.sort_by_key(|(second, _, _)| *second);
        waiting.iter().map(|(_, _, t)| t.id).collect()
    };
    assert_eq!(store.queued_tickets(group.id, 10).await.unwrap(), waiting);
    assert_eq!(
        store.queued_tickets(group.id, 1).await.unwrap(),
        waiting[..1]
    );

    let round = store.routing_round(group.id).await.unwrap();
    assert_eq!(round.turn, 0);
    let mut members: Vec<_> = round
        .candidates
        .iter()
        .map(|c| (c.agent, c.open_tickets, c.status.clone(), c.last_turn))
        .collect();
    members.sort_by_key(|m| m.0);
    let mut expected = vec![
        (eva.id, 0, AgentStatus::default(), None),
        (leo.id, 2, busy, None),
    ];
    expected.sort_by_key(|m| m.0);
    assert_eq!(
        members, expected,
        "active members only, with their open tickets"
    );

    // Routing the oldest queued ticket to Eva claims turn 0 ...
    let oldest = store.get_ticket(waiting[0]).await.unwrap().unwrap();
    let routed = |ticket: &ayuda_core::ticket::Ticket, agent: AgentId, turn: i64, second: i64| {
        let mut ticket = ticket.clone();
        ticket.assignee_id = Some(agent);
        ticket.updated_at = at(second);
        TicketWrite {
            events: vec![TicketEvent::new(
                ticket.id,
                Author::System,
                Via::Rule,
                Change::Field(FieldChange {
                    field: "assignee".into(),
                    from: None,
                    to: Some(agent.to_string()),
                }),
                at(second),
            )],
            ticket,
            message: None,
            email: Default::default(),
            notifications: Vec::new(),
            routing: Some(RoutingTurn {
                group: group.id,
                agent,
                turn,
            }),
        }
    };
    store
        .write_ticket(routed(&oldest, eva.id, 0, 40))
        .await
        .unwrap();
    let round = store.routing_round(group.id).await.unwrap();
    assert_eq!(round.turn, 1);
    let eva_now = round.candidates.iter().find(|c| c.agent == eva.id).unwrap();
    assert_eq!((eva_now.open_tickets, eva_now.last_turn), (1, Some(0)));
    assert_eq!(
        store.queued_tickets(group.id, 10).await.unwrap(),
        waiting[1..]
    );

    // ... so a second node's decision read at turn 0 is refused, and writes nothing.
    let next = store.get_ticket(waiting[1]).await.unwrap().unwrap();
    expect::conflict(store.write_ticket(routed(&next, leo.id, 0, 41)).await);
    assert_eq!(store.get_ticket(next.id).await.unwrap().unwrap(), next);
    assert_eq!(store.routing_round(group.id).await.unwrap().turn, 1);
    store
        .write_ticket(routed(&next, leo.id, 1, 42))
        .await
        .unwrap();
    assert!(store.queued_tickets(group.id, 10).await.unwrap().is_empty());
}
