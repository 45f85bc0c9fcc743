//! Routing through the application on a real store: 1,000 tickets spread in turn or by load by two app
//! nodes routing at once, past agents who are away or out of the office; a new ticket routed as it is
//! opened; an agent who goes away giving their tickets back to the queue.

use std::collections::BTreeMap;
use std::sync::Arc;

use ayuda_app::App;
use ayuda_app::routing::{AgentStatusInput, GroupSetupInput};
use ayuda_app::tickets::{OpenTicket, RequesterInput};
use ayuda_core::Timestamp;
use ayuda_core::agent::Role;
use ayuda_core::clock::FixedClock;
use ayuda_core::event::{Change, Via};
use ayuda_core::id::{AgentId, GroupId};
use ayuda_core::message::Author;
use ayuda_core::notification::NotificationKind;
use ayuda_core::permission::{Principal, TicketScope};
use ayuda_core::routing::{AgentStatus, Availability};
use ayuda_core::ticket::Status;
use ayuda_store::{MAX_PAGE, Store, TicketQuery};
use ayuda_store_tests::fixtures;
use jiff::SignedDuration;

use ayuda_store_tests::on_both_stores;

on_both_stores!(
    round_robin_spreads_a_thousand_tickets_evenly_past_agents_who_are_away,
    least_loaded_fills_each_agent_up_to_their_capacity,
    a_new_ticket_is_routed_as_it_is_opened_and_an_absent_agents_tickets_go_back,
);

fn start() -> Timestamp {
    "2026-11-24T09:00Z".parse().unwrap()
}

fn admin() -> Principal {
    Principal::Agent {
        id: AgentId::generate(),
        role: Role::Admin,
        group_ids: Vec::new(),
    }
}

struct Team {
    store: Arc<dyn Store>,
    clock: Arc<FixedClock>,
    group: GroupId,
    agents: Vec<AgentId>,
}

/// A group routing by `mode` with `size` English-speaking members.
async fn team(store: Arc<dyn Store>, mode: &str, size: usize) -> (Team, App) {
    let clock = Arc::new(FixedClock::new(start()));
    let app = App::new(Arc::clone(&store), clock.clone());
    let group = store
        .create_group(fixtures::group("Support"))
        .await
        .unwrap()
        .id;
    let mut agents = Vec::new();
    for n in 0..size {
        let agent = fixtures::agent(&format!("agent{n}@desk.test"), &[group]);
        agents.push(store.create_agent(agent, None).await.unwrap().id);
    }
    agents.sort();
    app.set_group_setup(
        &admin(),
        group,
        GroupSetupInput {
            routing_mode: mode.into(),
            requeue_when_away: true,
            tier: 1,
            ..GroupSetupInput::default()
        },
    )
    .await
    .unwrap();
    let team = Team {
        store,
        clock,
        group,
        agents,
    };
    (team, app)
}

impl Team {
    async fn set_status(&self, agent: usize, status: AgentStatus) {
        self.store
            .set_agent_status(self.agents[agent], status, start())
            .await
            .unwrap();
    }

    /// `count` tickets waiting in the group's queue (created in batches, as an import would).
    async fn queue(&self, count: usize) {
        let requester = self
            .store
            .create_contact(fixtures::contact("ana@example.com"))
            .await
            .unwrap()
            .id;
        for chunk in (0..count).collect::<Vec<_>>().chunks(250) {
            let batch = chunk
                .iter()
                .map(|i| {
                    fixtures::ticket_for(requester)
                        .group(Some(self.group))
                        .at(start() - SignedDuration::from_secs(*i as i64 + 1))
                        .build()
                })
                .collect();
            self.store.create_tickets(batch).await.unwrap();
        }
    }

    /// Routes the queue with two app nodes at once until neither routes anything more.
    async fn route_with_two_nodes(&self, first: &App) -> usize {
        let second = App::new(Arc::clone(&self.store), self.clock.clone());
        let mut routed = 0;
        loop {
            let (a, b) = tokio::join!(first.route_queues(), second.route_queues());
            let more = a.unwrap().routed + b.unwrap().routed;
            if more == 0 {
                return routed;
            }
            routed += more;
        }
    }

    /// How many open tickets each member has, by their place in `agents`.
    async fn load(&self) -> BTreeMap<usize, u32> {
        let round = self.store.routing_round(self.group).await.unwrap();
        round
            .candidates
            .iter()
            .filter(|c| c.open_tickets > 0)
            .map(|c| {
                let place = self.agents.iter().position(|a| *a == c.agent).unwrap();
                (place, c.open_tickets)
            })
            .collect()
    }
}

async fn round_robin_spreads_a_thousand_tickets_evenly_past_agents_who_are_away(
    store: Arc<dyn Store>,
) {
    let (team, app) = team(store, "round_robin", 5).await;
    team.set_status(
        1,
        AgentStatus {
            availability: Availability::Away,
            ..AgentStatus::default()
        },
    )
    .await;
    // Out of the office all day: available, but not today.
    team.set_status(
        3,
        AgentStatus {
            out_of_office: Some((start(), start() + SignedDuration::from_hours(24))),
            ..AgentStatus::default()
        },
    )
    .await;
    team.queue(1_000).await;

    assert_eq!(team.route_with_two_nodes(&app).await, 1_000);
    // In turn: the first in the order gets the one left over; nobody who is away gets any.
    assert_eq!(
        team.load().await,
        BTreeMap::from([(0, 334), (2, 333), (4, 333)])
    );
    assert!(
        team.store
            .queued_tickets(team.group, 10)
            .await
            .unwrap()
            .is_empty()
    );
    // Each was written once, by routing, and told its agent.
    let mut told = 0;
    for agent in &team.agents {
        let notes = team
            .store
            .list_notifications(*agent, None, 100)
            .await
            .unwrap();
        assert!(notes.iter().all(|n| n.kind == NotificationKind::Assigned));
        told += team
            .store
            .count_unread_notifications(*agent, 10_000)
            .await
            .unwrap();
    }
    assert_eq!(told, 1_000);
}

async fn least_loaded_fills_each_agent_up_to_their_capacity(store: Arc<dyn Store>) {
    let (team, app) = team(store, "least_loaded", 4).await;
    let capacity = |capacity| AgentStatus {
        capacity,
        ..AgentStatus::default()
    };
    team.set_status(0, capacity(300)).await;
    team.set_status(1, capacity(300)).await;
    team.set_status(2, capacity(250)).await;
    team.set_status(
        3,
        AgentStatus {
            availability: Availability::Off,
            ..capacity(500)
        },
    )
    .await;
    team.queue(1_000).await;

    // 850 places: the rest waits in the queue until someone has room.
    assert_eq!(team.route_with_two_nodes(&app).await, 850);
    assert_eq!(
        team.load().await,
        BTreeMap::from([(0, 300), (1, 300), (2, 250)])
    );
    assert_eq!(
        team.store
            .queued_tickets(team.group, 1_000)
            .await
            .unwrap()
            .len(),
        150
    );
    // The fourth agent starts work: the queue goes to them.
    team.set_status(3, capacity(500)).await;
    assert_eq!(team.route_with_two_nodes(&app).await, 150);
    assert_eq!(team.load().await[&3], 150);
}

async fn a_new_ticket_is_routed_as_it_is_opened_and_an_absent_agents_tickets_go_back(
    store: Arc<dyn Store>,
) {
    let (team, app) = team(store, "round_robin", 2).await;
    let [eva, leo] = [team.agents[0], team.agents[1]];
    let eva_principal = Principal::Agent {
        id: eva,
        role: Role::Agent,
        group_ids: vec![team.group],
    };
    let open = |subject: &str| OpenTicket {
        subject: subject.into(),
        body: Some("My order has not arrived.".into()),
        requester: Some(RequesterInput {
            email: "ana@example.com".into(),
            name: Some("Ana".into()),
        }),
        group_id: Some(team.group.to_string()),
        ..OpenTicket::default()
    };
    let (first, _) = app
        .open_ticket(&eva_principal, Via::Ui, open("First"))
        .await
        .unwrap();
    let (second, _) = app
        .open_ticket(&eva_principal, Via::Ui, open("Second"))
        .await
        .unwrap();
    // Routed in the same call, in turn, with routing named in the history.
    assert_eq!(first.assignee_id, Some(eva));
    assert_eq!(second.assignee_id, Some(leo));
    let history = team
        .store
        .list_events(first.id, true, None, 50)
        .await
        .unwrap()
        .items;
    assert!(
        history.iter().any(|e| e.actor == Author::System
            && e.via == Via::Rule
            && matches!(&e.change, Change::Field(f) if f.field == "assignee")),
        "{history:?}"
    );

    // Eva goes off: her open ticket goes back to the queue and on to Leo, the only one available.
    team.clock.set(start() + SignedDuration::from_mins(5));
    let status = app
        .set_agent_status(
            &eva_principal,
            eva,
            AgentStatusInput {
                availability: "off".into(),
                ..AgentStatusInput::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(status.availability, Availability::Off);
    let mut query = TicketQuery::new(TicketScope::All, MAX_PAGE);
    query.assignee_id = Some(leo);
    query.statuses = vec![Status::New, Status::Open];
    let leos = team.store.list_tickets(&query).await.unwrap().items;
    assert_eq!(leos.len(), 2, "{leos:?}");
    query.assignee_id = Some(eva);
    assert!(
        team.store
            .list_tickets(&query)
            .await
            .unwrap()
            .items
            .is_empty()
    );

    // An agent cannot set a colleague's availability; a bad period is refused with the field named.
    let leo_principal = Principal::Agent {
        id: leo,
        role: Role::Agent,
        group_ids: vec![team.group],
    };
    assert!(
        app.set_agent_status(&leo_principal, eva, AgentStatusInput::default())
            .await
            .is_err()
    );
    let error = app
        .set_agent_status(
            &leo_principal,
            leo,
            AgentStatusInput {
                availability: "away".into(),
                away_from: Some("2026-12-01T00:00:00Z".into()),
                away_until: Some("2026-11-30T00:00:00Z".into()),
                capacity: Some(-1),
            },
        )
        .await
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("away_until") && error.contains("capacity"),
        "{error}"
    );
}
