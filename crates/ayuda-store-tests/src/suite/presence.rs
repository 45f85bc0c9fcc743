//! Who is on a ticket: presences replace each other per agent, are found by recency, leave, and are pruned.

use std::sync::Arc;

use ayuda_core::presence::{Activity, Presence};
use ayuda_store::Store;

use crate::fixtures::{self, at};

pub async fn presences_on_a_ticket_are_renewed_replaced_left_and_pruned(store: Arc<dyn Store>) {
    let requester = store
        .create_contact(fixtures::contact("ana@example.com"))
        .await
        .unwrap();
    let ticket = store
        .create_ticket(fixtures::ticket_for(requester.id).build())
        .await
        .unwrap()
        .ticket;
    let other = store
        .create_ticket(fixtures::ticket_for(requester.id).build())
        .await
        .unwrap()
        .ticket;
    let bea = store
        .create_agent(fixtures::agent("bea@acme.example", &[]), None)
        .await
        .unwrap();
    let carlos = store
        .create_agent(fixtures::agent("carlos@acme.example", &[]), None)
        .await
        .unwrap();
    let on = |agent: &ayuda_core::agent::Agent, activity, seconds| Presence {
        ticket_id: ticket.id,
        agent_id: agent.id,
        activity,
        seen_at: at(seconds),
    };

    store
        .touch_presence(on(&bea, Activity::Viewing, 1_000))
        .await
        .unwrap();
    store
        .touch_presence(on(&carlos, Activity::Viewing, 1_005))
        .await
        .unwrap();
    // Bea starts writing: her presence is replaced, not added.
    store
        .touch_presence(on(&bea, Activity::Replying, 1_010))
        .await
        .unwrap();
    let now = store.presence_on(ticket.id, at(990)).await.unwrap();
    assert_eq!(
        now,
        vec![
            on(&carlos, Activity::Viewing, 1_005),
            on(&bea, Activity::Replying, 1_010)
        ]
    );
    // Only recent presences are asked for; another ticket has none.
    let recent = store.presence_on(ticket.id, at(1_008)).await.unwrap();
    assert_eq!(recent, vec![on(&bea, Activity::Replying, 1_010)]);
    assert!(store.presence_on(other.id, at(0)).await.unwrap().is_empty());

    store.leave_presence(ticket.id, bea.id).await.unwrap();
    store.leave_presence(ticket.id, bea.id).await.unwrap();
    let left = store.presence_on(ticket.id, at(0)).await.unwrap();
    assert_eq!(left, vec![on(&carlos, Activity::Viewing, 1_005)]);

    // A presence written much later prunes Carlos's, long stale.
    store
        .touch_presence(on(&bea, Activity::Viewing, 2_000))
        .await
        .unwrap();
    let all = store.presence_on(ticket.id, at(0)).await.unwrap();
    assert_eq!(all, vec![on(&bea, Activity::Viewing, 2_000)]);
}
