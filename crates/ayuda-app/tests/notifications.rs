//! Who is told what: an agent learns that a ticket was assigned to them (not when they took it themselves)
//! and that its customer replied; internal notes and other agents' tickets tell them nothing.

use std::sync::Arc;

use ayuda_app::App;
use ayuda_app::tickets::{EditTicket, OpenTicket, PostMessage, RequesterInput};
use ayuda_core::agent::Role;
use ayuda_core::clock::SystemClock;
use ayuda_core::contact::{EmailAddress, Identity};
use ayuda_core::event::Via;
use ayuda_core::notification::NotificationKind;
use ayuda_core::permission::Principal;
use ayuda_store::Store;
use ayuda_store_tests::on_both_stores;

on_both_stores!(agents_are_told_of_assignments_and_customer_replies);

fn agent_principal(id: ayuda_core::id::AgentId, role: Role) -> Principal {
    Principal::Agent {
        id,
        role,
        group_ids: Vec::new(),
    }
}

async fn agents_are_told_of_assignments_and_customer_replies(store: Arc<dyn Store>) {
    let app = App::new(Arc::clone(&store), Arc::new(SystemClock));
    let fixtures = |email| ayuda_store_tests::fixtures::agent(email, &[]);
    let sofia = store
        .create_agent(fixtures("sofia@desk.test"), None)
        .await
        .unwrap();
    let eva = store
        .create_agent(fixtures("eva@desk.test"), None)
        .await
        .unwrap();
    let supervisor = agent_principal(sofia.id, Role::Supervisor);
    let eva_acts = agent_principal(eva.id, Role::Agent);
    let told = |agent| {
        let store = Arc::clone(&store);
        async move {
            store
                .list_notifications(agent, None, 50)
                .await
                .unwrap()
                .into_iter()
                .map(|n| n.kind)
                .collect::<Vec<_>>()
        }
    };

    // Sofía opens a ticket for Eva: Eva is told; Sofía is not.
    let (ticket, _) = app
        .open_ticket(
            &supervisor,
            Via::Ui,
            OpenTicket {
                subject: "Damaged parcel".into(),
                body: Some("The box was crushed.".into()),
                requester: Some(RequesterInput {
                    email: "ana@example.com".into(),
                    name: None,
                }),
                assignee_id: Some(eva.id.to_string()),
                ..OpenTicket::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(told(eva.id).await, vec![NotificationKind::Assigned]);
    assert!(told(sofia.id).await.is_empty());

    // Eva's internal note and her own reply tell nobody; Ana's reply tells Eva.
    for (internal, body) in [
        (true, "Photos asked for."),
        (false, "Could you send photos?"),
    ] {
        app.post_message(
            &eva_acts,
            Via::Ui,
            ticket.id,
            PostMessage {
                body: Some(body.into()),
                kind: Some(if internal { "note" } else { "reply" }.into()),
                internal: Some(internal),
                ..PostMessage::default()
            },
        )
        .await
        .unwrap();
    }
    let ana = store
        .find_contact(&Identity::email(
            &EmailAddress::parse("ana@example.com").unwrap(),
        ))
        .await
        .unwrap()
        .unwrap();
    let customer = Principal::Customer {
        contact_id: ana.id,
        organization_id: None,
        sees_organization: false,
    };
    app.post_message(
        &customer,
        Via::Ui,
        ticket.id,
        PostMessage {
            body: Some("Here they are.".into()),
            ..PostMessage::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        told(eva.id).await,
        vec![
            NotificationKind::CustomerReplied,
            NotificationKind::Assigned
        ]
    );

    // Sofía takes it herself: nobody is told; she gives it back to Eva: Eva is told again.
    for (actor, assignee) in [(&supervisor, sofia.id), (&supervisor, eva.id)] {
        app.edit_ticket(
            actor,
            Via::Ui,
            ticket.id,
            EditTicket {
                assignee_id: Some(Some(assignee.to_string())),
                ..EditTicket::default()
            },
        )
        .await
        .unwrap();
    }
    assert!(told(sofia.id).await.is_empty());
    assert_eq!(told(eva.id).await.len(), 3);
    assert_eq!(told(eva.id).await[0], NotificationKind::Assigned);
}
