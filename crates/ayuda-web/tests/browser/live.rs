//! Two agents on one ticket, live: each sees the other arrive and start writing, a customer's answer
//! appears without reloading, and a reply written across that answer is held back with a warning.

use ayuda_app::demo::DEMO_ADMIN;
use ayuda_app::tickets::{PostMessage, TicketFilters};
use ayuda_core::event::Via;
use ayuda_core::permission::Principal;

use crate::support::{Browser, Server};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn agents_see_each_other_and_the_customer_s_answer_live() {
    let server = Server::with_demo().await;
    let Some(ada) = Browser::start("en").await else {
        return;
    };
    let Some(sofia) = Browser::start("es").await else {
        return;
    };
    let admin = server
        .app
        .store()
        .find_agent_by_email(DEMO_ADMIN)
        .await
        .unwrap()
        .unwrap()
        .0;
    let staff = Principal::Agent {
        id: admin.id,
        role: admin.role,
        group_ids: admin.group_ids.clone(),
    };
    let ticket = server
        .app
        .list_tickets(
            &staff,
            TicketFilters {
                status: Some("new,open".into()),
                limit: Some(1),
                ..TicketFilters::default()
            },
        )
        .await
        .unwrap()
        .items
        .remove(0);
    let page = format!("/agent/tickets/{}", ticket.number.0);

    ada.sign_in_as(&server, DEMO_ADMIN, &page).await;
    sofia.sign_in_as(&server, "sofia@ayuda.demo", &page).await;

    // Sofía's arrival shows on Ada's open page, in Ada's language, without a reload.
    ada.wait_for_text("#presence", "Sofía's arrival is not shown to Ada", |t| {
        t.contains("Sofía Martínez is viewing this ticket")
    })
    .await;
    sofia
        .wait_for_text("#presence", "Ada's presence is not shown to Sofía", |t| {
            t.contains("Ada Admin está viendo este ticket")
        })
        .await;

    // Sofía starts a reply: Ada sees her writing.
    let draft = "Hola, ya lo hemos revisado.";
    sofia.fill("#body", draft).await;
    ada.wait_for_text("#presence", "Sofía's writing is not shown to Ada", |t| {
        t.contains("Sofía Martínez is writing a reply")
    })
    .await;

    // The customer answers meanwhile: the message appears on both pages, and Sofía is warned at once.
    let customer = Principal::Customer {
        contact_id: ticket.requester_id,
        organization_id: ticket.organization_id,
        sees_organization: false,
    };
    let answer = "Perdonad, os mando también la factura.";
    server
        .app
        .post_message(
            &customer,
            Via::Api,
            ticket.id,
            PostMessage {
                body: Some(answer.to_owned()),
                ..PostMessage::default()
            },
        )
        .await
        .unwrap();
    ada.wait_for_text(
        ".messages li:last-child .body",
        "the answer does not appear for Ada",
        |t| t.contains(answer),
    )
    .await;
    sofia
        .wait_for_text(
            ".messages li:last-child .body",
            "the answer does not appear for Sofía",
            |t| t.contains(answer),
        )
        .await;
    sofia
        .wait_for_text(
            "#crossing",
            "Sofía is not warned of the crossing message",
            |t| t.contains("Ha llegado un mensaje nuevo"),
        )
        .await;

    // Sending the draft as it was is held back once, the draft kept; sending again sends it.
    sofia.navigate_by("form.compose button[type=submit]").await;
    assert_eq!(
        sofia.text("#body").await,
        draft,
        "the draft was not kept after the warning"
    );
    assert!(
        sofia
            .text("#crossing")
            .await
            .contains("Ha llegado un mensaje nuevo")
    );
    sofia.navigate_by("form.compose button[type=submit]").await;
    sofia
        .wait_for_text(
            ".messages li:last-child .body",
            "the reply was not sent",
            |t| t.contains(draft),
        )
        .await;

    // Sofía leaves: Ada sees her go.
    sofia.close().await;
    ada.wait_for_text("#presence", "Sofía's leaving is not shown to Ada", |t| {
        !t.contains("Sofía")
    })
    .await;
    ada.close().await;
}
