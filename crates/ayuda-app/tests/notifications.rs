//! Who is told what: an agent learns that a ticket was assigned to them (not when they took it themselves)
//! and that its customer replied; internal notes and other agents' tickets tell them nothing. By email,
//! each is sent one digest of what they chose to be emailed about, in their language.

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

on_both_stores!(
    agents_are_told_of_assignments_and_customer_replies,
    agents_are_emailed_what_they_chose_in_their_language
);

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

async fn agents_are_emailed_what_they_chose_in_their_language(store: Arc<dyn Store>) {
    use ayuda_app::email::EmailConfig;
    use ayuda_core::email::OutboxKind;

    let app = App::new(Arc::clone(&store), Arc::new(SystemClock))
        .with_email(EmailConfig {
            from: Some(EmailAddress::parse("support@acme.example").unwrap()),
            ..EmailConfig::default()
        })
        .with_public_url("https://help.acme.example/".into());
    let agent = |email| ayuda_store_tests::fixtures::agent(email, &[]);
    let sofia = store
        .create_agent(agent("sofia@desk.test"), None)
        .await
        .unwrap();
    let supervisor = agent_principal(sofia.id, Role::Supervisor);
    let mut staff = Vec::new();
    for email in ["eva@desk.test", "bruno@desk.test", "carla@desk.test"] {
        let created = store.create_agent(agent(email), None).await.unwrap();
        staff.push((created.id, agent_principal(created.id, Role::Agent)));
    }
    let [(eva, eva_acts), (bruno, bruno_acts), (carla, carla_acts)] =
        <[_; 3]>::try_from(staff).unwrap();
    // Eva reads the workspace in Spanish and keeps the default (every kind); Bruno wants escalations
    // only; Carla no mail at all.
    app.set_my_language_and_zone(&eva_acts, "es", "Europe/Madrid")
        .await
        .unwrap();
    app.set_my_email_notices(&bruno_acts, &["escalated".into()])
        .await
        .unwrap();
    app.set_my_email_notices(&carla_acts, &[]).await.unwrap();
    assert_eq!(
        app.my_email_notices(&eva_acts).await.unwrap(),
        NotificationKind::ALL.to_vec()
    );
    let unknown = app
        .set_my_email_notices(&carla_acts, &["everything".into()])
        .await;
    assert!(
        matches!(unknown, Err(ayuda_app::AppError::Invalid(_))),
        "{unknown:?}"
    );

    // Sofía gives each of them two tickets.
    let mut numbers = Vec::new();
    for (assignee, subject) in [
        (eva, "Paquete dañado"),
        (eva, "Factura duplicada"),
        (bruno, "Late parcel"),
        (bruno, "Wrong size"),
        (carla, "Pacco in ritardo"),
        (carla, "Reso"),
    ] {
        let (ticket, _) = app
            .open_ticket(
                &supervisor,
                Via::Ui,
                OpenTicket {
                    subject: subject.into(),
                    body: Some("Details inside.".into()),
                    requester: Some(RequesterInput {
                        email: "ana@example.com".into(),
                        name: None,
                    }),
                    assignee_id: Some(assignee.to_string()),
                    ..OpenTicket::default()
                },
            )
            .await
            .unwrap();
        numbers.push(ticket.number.0);
    }
    // Eva has read the second one in the workspace already: the mail leaves it out.
    let eva_told = store.list_notifications(eva, None, 10).await.unwrap();
    app.read_notifications(&eva_acts, &[eva_told[0].id])
        .await
        .unwrap();

    assert_eq!(
        app.mail_notifications().await.unwrap(),
        1,
        "only Eva is mailed"
    );
    assert_eq!(app.mail_notifications().await.unwrap(), 0, "nothing twice");
    let queued = store
        .claim_outbox(jiff::Timestamp::now(), later(), 20)
        .await
        .unwrap();
    let notices: Vec<_> = queued
        .iter()
        .filter(|m| m.kind == OutboxKind::AgentNotice)
        .collect();
    assert_eq!(notices.len(), 1);
    let notice = notices[0];
    assert_eq!(notice.to[0].as_str(), "eva@desk.test");
    assert_eq!(notice.language, "es");
    let content = notice.content.as_ref().unwrap();
    let line = format!("Se le ha asignado #{} Paquete dañado", numbers[0]);
    assert_eq!(content.subject, line);
    assert!(
        content.text.contains(&format!("- {line}\n")),
        "{}",
        content.text
    );
    assert!(
        content.text.contains(&format!(
            "https://help.acme.example/agent/tickets/{}",
            numbers[0]
        )),
        "{}",
        content.text
    );
    assert!(
        !content.text.contains("Factura duplicada"),
        "what Eva read is not mailed again"
    );
    assert!(
        content
            .text
            .contains("https://help.acme.example/agent/preferences")
    );

    // Sent as automatic mail from the help desk's address, with a Message-ID of its own.
    let composed = app.compose_outbox_mail(notice).await.unwrap().unwrap();
    let raw = String::from_utf8_lossy(&composed.message);
    assert_eq!(composed.envelope.from, "support@acme.example");
    assert_eq!(composed.envelope.to, vec!["eva@desk.test".to_owned()]);
    assert!(raw.contains("Auto-Submitted: auto-generated"), "{raw}");
    assert!(composed.message_id.starts_with("<notice."));

    // Escalating one of Carla's tickets to Bruno: he is mailed about that, and about nothing else.
    app.escalate_ticket(
        &carla_acts,
        Via::Ui,
        store.list_notifications(carla, None, 10).await.unwrap()[0].ticket_id,
        ayuda_app::escalation::EscalateInput {
            to: bruno.to_string(),
            reason: "He knows the courier".into(),
        },
    )
    .await
    .unwrap();
    assert_eq!(app.mail_notifications().await.unwrap(), 1);
    let queued = store
        .claim_outbox(jiff::Timestamp::now(), later(), 20)
        .await
        .unwrap();
    let notice = queued
        .iter()
        .find(|m| m.kind == OutboxKind::AgentNotice)
        .unwrap();
    assert_eq!(notice.to[0].as_str(), "bruno@desk.test");
    let content = notice.content.as_ref().unwrap();
    assert!(
        content
            .subject
            .ends_with("was escalated to you: He knows the courier"),
        "{}",
        content.subject
    );
    assert!(!content.text.contains("Late parcel"), "{}", content.text);
}

/// A lease long enough that mail claimed once is not claimed again within the test.
fn later() -> jiff::Timestamp {
    jiff::Timestamp::now() + jiff::SignedDuration::from_hours(1)
}
