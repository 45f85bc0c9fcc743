//! Contacts that did not arrive by email, through the browser: an agent opens a ticket for a phone call
//! (its language found from what the caller said) with a photo the caller sent, and logs a letter sent to
//! the customer on it, with the scanned letter attached.

use ayuda_app::demo::DEMO_ADMIN;
use ayuda_core::message::{Direction, MessageKind};
use ayuda_core::ticket::Channel;

use crate::support::{Browser, Server};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agent_opens_a_ticket_for_a_call_and_logs_a_letter_on_it() {
    let server = Server::with_demo().await;
    let Some(browser) = Browser::start("en").await else {
        return;
    };
    browser
        .sign_in_as(&server, DEMO_ADMIN, "/agent/views/mine")
        .await;
    browser.navigate_by("a[href='/agent/tickets/new']").await;
    browser
        .fill("#requester_email", "nuria.vidal@correo.example")
        .await;
    browser.fill("#requester_name", "Nuria Vidal").await;
    browser
        .client
        .find(fantoccini::Locator::Css("#channel"))
        .await
        .unwrap()
        .select_by_value("phone")
        .await
        .unwrap();
    browser
        .fill("#subject", "Llamada: la lavadora no centrifuga")
        .await;
    let summary = "La clienta llama porque la lavadora que compró el mes pasado no centrifuga y hace un ruido muy fuerte al final del programa.";
    browser.fill("#body", summary).await;
    let folder = tempfile::tempdir().unwrap();
    let photo = folder.path().join("etiqueta-lavadora.jpg");
    std::fs::write(&photo, b"\xff\xd8\xff\xe0 a photo of the label").unwrap();
    browser.attach("#files", &photo).await;
    browser
        .navigate_by("form.new-ticket button[type=submit]")
        .await;
    let path = browser.path().await;
    let number: i64 = path
        .strip_prefix("/agent/tickets/")
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no ticket page after opening: {path}"));
    assert_eq!(
        browser.text(".messages li:first-child .kind").await,
        "Phone call"
    );
    assert_eq!(
        browser.text(".messages li:first-child .body").await,
        summary
    );
    assert!(browser.text(".customer").await.contains("Español"));
    assert_eq!(
        browser.text(".messages li:first-child .attachments").await,
        "etiqueta-lavadora.jpg"
    );

    // A letter we sent, logged for colleagues.
    browser.click("details.log-contact summary").await;
    browser.click("input[name=kind][value=letter]").await;
    browser.click("input[name=direction][value=outbound]").await;
    let letter = "Enviada carta con la autorización de reparación en garantía.";
    browser.fill("#body", letter).await;
    let scan = folder.path().join("carta-garantia.pdf");
    std::fs::write(&scan, b"%PDF-1.4 the scanned letter").unwrap();
    browser.attach("#compose-files", &scan).await;
    browser
        .navigate_by("form.compose button[type=submit]")
        .await;
    assert_eq!(
        browser.text(".messages li:last-child .kind").await,
        "Letter"
    );
    assert_eq!(browser.text(".messages li:last-child .body").await, letter);
    assert_eq!(
        browser.text(".messages li:last-child .attachments").await,
        "carta-garantia.pdf"
    );

    // Its properties: a complaint, taken by the agent, tagged.
    browser
        .client
        .find(fantoccini::Locator::Css("#type"))
        .await
        .unwrap()
        .select_by_value("complaint")
        .await
        .unwrap();
    browser
        .client
        .find(fantoccini::Locator::Css("#assignee"))
        .await
        .unwrap()
        .select_by_label("Ada Admin")
        .await
        .unwrap();
    browser.fill("#tags", "lavadora, garantía").await;
    browser.navigate_by(".properties button[type=submit]").await;
    let tags = browser
        .client
        .find(fantoccini::Locator::Css("#tags"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(tags.as_deref(), Some("garantía, lavadora"));
    browser.close().await;

    let (admin, staff) = server.agent(DEMO_ADMIN).await;
    let ticket = server.app.ticket_by_number(&staff, number).await.unwrap();
    assert_eq!(ticket.channel, Channel::Phone);
    assert_eq!(
        ticket.ticket_type,
        ayuda_core::ticket::TicketType::Complaint
    );
    assert_eq!(ticket.assignee_id, Some(admin.id));
    let tags: Vec<&str> = ticket.tags.iter().map(|t| t.as_str()).collect();
    assert_eq!(tags, ["garantía", "lavadora"]);
    assert_eq!(ticket.language.to_string(), "es");
    let messages = server
        .app
        .messages(&staff, ticket.id, None, Some(10))
        .await
        .unwrap()
        .items;
    assert_eq!(messages[0].kind, MessageKind::PhoneCall);
    assert_eq!(messages[0].attachments[0].filename, "etiqueta-lavadora.jpg");
    let logged = messages.iter().find(|m| m.body_text == letter).unwrap();
    assert_eq!(logged.kind, MessageKind::Letter);
    assert_eq!(logged.direction, Direction::Outbound);
    assert!(
        logged.internal,
        "a logged letter is for colleagues unless shared"
    );
    let scan = &logged.attachments[0];
    assert_eq!(scan.filename, "carta-garantia.pdf");
    assert_eq!(
        server
            .app
            .blobs()
            .get(&scan.sha256)
            .await
            .unwrap()
            .as_deref(),
        Some(&b"%PDF-1.4 the scanned letter"[..])
    );
}
