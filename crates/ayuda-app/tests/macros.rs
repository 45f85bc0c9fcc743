//! Macros: an administrator keeps one; an agent applies it to a ticket in one click: the ticket is solved
//! and tagged as the agent's change, and the reply comes back in the ticket's language with the customer's
//! name filled in, for the agent to send. A macro that would mail or escalate is refused.

use std::sync::Arc;

use ayuda_app::App;
use ayuda_app::automation::ActionInput;
use ayuda_app::macros::MacroInput;
use ayuda_app::tickets::{OpenTicket, RequesterInput};
use ayuda_core::agent::Role;
use ayuda_core::clock::SystemClock;
use ayuda_core::event::{Change, Via};
use ayuda_core::id::AgentId;
use ayuda_core::message::Author;
use ayuda_core::permission::Principal;
use ayuda_core::ticket::Status;
use ayuda_store::Store;
use ayuda_store_tests::fixtures;

use ayuda_store_tests::on_both_stores;

on_both_stores!(an_agent_applies_a_macro_in_one_click);

async fn an_agent_applies_a_macro_in_one_click(store: Arc<dyn Store>) {
    let app = App::new(Arc::clone(&store), Arc::new(SystemClock));
    let admin = Principal::Agent {
        id: AgentId::generate(),
        role: Role::Admin,
        group_ids: Vec::new(),
    };
    let eva = store
        .create_agent(fixtures::agent("eva@desk.test", &[]), None)
        .await
        .unwrap();
    let eva = Principal::Agent {
        id: eva.id,
        role: Role::Agent,
        group_ids: Vec::new(),
    };
    let action = |kind: &str, value: Option<&str>, tags: &[&str]| ActionInput {
        kind: kind.into(),
        value: value.map(Into::into),
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        ..ActionInput::default()
    };
    let refused = app
        .save_macro(
            &admin,
            None,
            MacroInput {
                name: "Escalate".into(),
                actions: vec![ActionInput {
                    kind: "escalate".into(),
                    to: Some("next_tier".into()),
                    reason: Some("x".into()),
                    ..ActionInput::default()
                }],
                ..MacroInput::default()
            },
        )
        .await
        .unwrap_err()
        .to_string();
    assert!(refused.contains("actions.0.type"), "{refused}");
    let refund = MacroInput {
        name: "Refund approved".into(),
        actions: vec![
            action("set_status", Some("solved"), &[]),
            action("add_tags", None, &["refund"]),
        ],
        texts: vec![
            (
                "en".into(),
                "Hello {{customer.first_name}}, your refund is on its way.\n{{agent.name}}".into(),
            ),
            (
                "es".into(),
                "Hola {{customer.first_name}}, el reembolso está en camino.\n{{agent.name}}".into(),
            ),
        ],
        note: false,
    };
    assert!(
        app.save_macro(&eva, None, refund.clone()).await.is_err(),
        "admins keep macros"
    );
    let refund = app.save_macro(&admin, None, refund).await.unwrap();
    assert_eq!(app.macros(&eva).await.unwrap(), vec![refund.clone()]);

    let (ticket, _) = app
        .open_ticket(
            &eva,
            Via::Ui,
            OpenTicket {
                subject: "Devolución del pedido 4411".into(),
                body: Some("Quiero devolverlo.".into()),
                requester: Some(RequesterInput {
                    email: "ana@example.com".into(),
                    name: Some("Ana García".into()),
                }),
                language: Some("es".into()),
                ..OpenTicket::default()
            },
        )
        .await
        .unwrap();
    let applied = app
        .apply_macro(&eva, Via::Ui, ticket.id, refund.id)
        .await
        .unwrap();
    assert_eq!(applied.ticket.status, Status::Solved);
    assert_eq!(applied.ticket.tags[0].as_str(), "refund");
    assert_eq!(
        applied.text.as_deref(),
        Some("Hola Ana, el reembolso está en camino.\neva@desk.test")
    );
    assert!(!applied.note);
    // The changes are Eva's, in the history.
    let history = store
        .list_events(ticket.id, true, None, 50)
        .await
        .unwrap()
        .items;
    let eva_id = match eva {
        Principal::Agent { id, .. } => id,
        Principal::Customer { .. } => unreachable!(),
    };
    let by_eva: Vec<&str> = history
        .iter()
        .filter(|e| e.actor == Author::Agent(eva_id))
        .filter_map(|e| match &e.change {
            Change::Field(f) => Some(f.field.as_str()),
            _ => None,
        })
        .collect();
    assert!(
        by_eva.contains(&"status") && by_eva.contains(&"tags"),
        "{history:?}"
    );
    // Applied again, nothing changes, and the text is offered again.
    let again = app
        .apply_macro(&eva, Via::Ui, ticket.id, refund.id)
        .await
        .unwrap();
    assert_eq!(again.ticket.version, applied.ticket.version);
    assert!(again.text.is_some());
}
