//! Ticket scopes: a list returns exactly the tickets `TicketScope::contains` (the core's rule) accepts, for
//! administrators, agents in some or no groups, and customers alone or seeing their organization's tickets.

use std::sync::Arc;

use ayuda_core::agent::Role;
use ayuda_core::permission::{Principal, TicketScope, ticket_scope};
use ayuda_store::{Store, TicketQuery};

use crate::suite::world::{TICKETS, World, scopes};

pub async fn list_tickets_returns_exactly_the_tickets_in_scope(store: Arc<dyn Store>) {
    let world = World::seed(&*store).await;
    for (who, scope) in scopes(&world) {
        let query = TicketQuery::new(scope.clone(), ayuda_store::MAX_PAGE);
        let count = world.check(&*store, &query, |t| scope.contains(t)).await;
        if scope == TicketScope::All {
            assert_eq!(count, TICKETS, "{who}");
        }
    }
}

pub async fn agent_scope_sees_its_groups_triage_and_its_own_assignments(store: Arc<dyn Store>) {
    let world = World::seed(&*store).await;
    let scope = TicketScope::Agent {
        agent_id: world.ana,
        group_ids: vec![world.sales, world.billing],
    };
    let query = TicketQuery::new(scope.clone(), ayuda_store::MAX_PAGE);
    world.check(&*store, &query, |t| scope.contains(t)).await;
    let seen = store.list_tickets(&query).await.unwrap().items;
    // The world holds each way in: the scope is only meaningful if all three occur.
    assert!(
        seen.iter().any(|t| t.group_id.is_none()),
        "tickets with no group (triage)"
    );
    assert!(
        seen.iter().any(|t| t.group_id == Some(world.billing)),
        "tickets in the agent's groups"
    );
    assert!(
        seen.iter()
            .any(|t| t.group_id == Some(world.tech) && t.assignee_id == Some(world.ana)),
        "tickets in another group assigned to the agent"
    );
    assert!(
        !seen
            .iter()
            .any(|t| t.group_id == Some(world.tech) && t.assignee_id != Some(world.ana))
    );

    // An agent in no group still sees triage and what is assigned to them.
    let scope = TicketScope::Agent {
        agent_id: world.eva,
        group_ids: Vec::new(),
    };
    let query = TicketQuery::new(scope.clone(), ayuda_store::MAX_PAGE);
    world.check(&*store, &query, |t| scope.contains(t)).await;
    let seen = store.list_tickets(&query).await.unwrap().items;
    assert!(
        seen.iter()
            .any(|t| t.group_id.is_some() && t.assignee_id == Some(world.eva))
    );
}

pub async fn customer_scope_sees_own_tickets_and_shared_organization_tickets(
    store: Arc<dyn Store>,
) {
    let world = World::seed(&*store).await;
    let [c0, c1, c2, _] = world.contacts;
    // As the application derives it from a signed-in customer, with and without shared tickets.
    for sees_organization in [false, true] {
        let principal = Principal::Customer {
            contact_id: c0,
            organization_id: Some(world.acme),
            sees_organization,
        };
        let scope = ticket_scope(&principal);
        let query = TicketQuery::new(scope.clone(), ayuda_store::MAX_PAGE);
        world.check(&*store, &query, |t| scope.contains(t)).await;
        let seen = store.list_tickets(&query).await.unwrap().items;
        assert!(seen.iter().any(|t| t.requester_id == c0));
        assert_eq!(
            seen.iter().any(|t| t.requester_id == c1),
            sees_organization,
            "a colleague's tickets"
        );
        // c2 joined Acme after creating their tickets, which stay Globex's: no colleague sees them.
        assert!(!seen.iter().any(|t| t.requester_id == c2));
    }
    // A customer who moved sees their own old tickets and their new organization's.
    let scope = TicketScope::Customer {
        contact_id: c2,
        organization_id: Some(world.acme),
    };
    let query = TicketQuery::new(scope.clone(), ayuda_store::MAX_PAGE);
    world.check(&*store, &query, |t| scope.contains(t)).await;
    let seen = store.list_tickets(&query).await.unwrap().items;
    assert!(
        seen.iter()
            .any(|t| t.requester_id == c2 && t.organization_id == Some(world.globex))
    );
    assert!(seen.iter().any(|t| t.requester_id == c1));
}

pub async fn administrators_and_supervisors_see_every_ticket(store: Arc<dyn Store>) {
    let world = World::seed(&*store).await;
    for role in [Role::Admin, Role::Supervisor] {
        let principal = Principal::Agent {
            id: world.eva,
            role,
            group_ids: Vec::new(),
        };
        let query = TicketQuery::new(ticket_scope(&principal), 200);
        assert_eq!(
            world.check(&*store, &query, |_| true).await,
            TICKETS,
            "{role}"
        );
    }
    // A plain agent with the same groups sees fewer.
    let principal = Principal::Agent {
        id: world.eva,
        role: Role::Agent,
        group_ids: Vec::new(),
    };
    let scope = ticket_scope(&principal);
    let count = world
        .check(&*store, &TicketQuery::new(scope.clone(), 200), |t| {
            scope.contains(t)
        })
        .await;
    assert!(count < TICKETS);
}
