//! Canned responses through the browser: a supervisor adds one with placeholders; on a Spanish customer's
//! ticket an agent inserts it where the cursor is, filled in and in the customer's language, keeping what
//! was already written; without script the same menu reloads the page with it as the draft.

use ayuda_app::tickets::TicketFilters;

use crate::support::{Browser, Server};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_canned_response_is_added_and_inserted_filled_in_the_customer_s_language() {
    let server = Server::with_demo().await;
    let Some(browser) = Browser::start("es").await else {
        return;
    };
    browser
        .sign_in_as(&server, "sofia@ayuda.demo", "/agent/canned")
        .await;
    browser.fill("#new-name", "Seguimiento").await;
    browser
        .client
        .find(fantoccini::Locator::Css("#new-language"))
        .await
        .unwrap()
        .select_by_value("es")
        .await
        .unwrap();
    browser
        .fill(
            "#new-body",
            "Hola {{customer.first_name}}, seguimos con el ticket {{ticket.number}}.",
        )
        .await;
    browser
        .navigate_by("form.canned-new button[type=submit]")
        .await;
    assert!(
        browser
            .client
            .find(fantoccini::Locator::Css(
                ".canned-list input[name=name][value='Seguimiento']"
            ))
            .await
            .is_ok(),
        "the new response is not in the library"
    );

    // A ticket of a customer who speaks Spanish.
    let (_, principal) = server.agent("sofia@ayuda.demo").await;
    let tickets = server
        .app
        .list_tickets(
            &principal,
            TicketFilters {
                limit: Some(200),
                ..TicketFilters::default()
            },
        )
        .await
        .unwrap()
        .items;
    let ticket = tickets
        .iter()
        .find(|t| t.language.to_string() == "es")
        .expect("a Spanish ticket in the demo");
    let customer = server
        .app
        .store()
        .get_contact(ticket.requester_id)
        .await
        .unwrap()
        .unwrap();
    let first_name = customer
        .name
        .as_str()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();

    browser
        .go(&server.url(&format!("/agent/tickets/{}", ticket.number.0)))
        .await;
    browser.fill("#body", "Gracias. ").await;
    browser
        .client
        .find(fantoccini::Locator::Css("#canned"))
        .await
        .unwrap()
        .select_by_value("Seguimiento")
        .await
        .unwrap();
    browser
        .click("form.insert-canned button[type=submit]")
        .await;
    let expected = format!(
        "Gracias. Hola {first_name}, seguimos con el ticket {}.",
        ticket.number.0
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let draft = browser
            .client
            .find(fantoccini::Locator::Css("#body"))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap()
            .unwrap_or_default();
        if draft == expected {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the draft reads {draft:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    // Without script: the menu's address reloads the page with the response, in Spanish, as the draft.
    browser
        .go(&server.url(&format!(
            "/agent/tickets/{}?canned=Refund%20issued",
            ticket.number.0
        )))
        .await;
    let draft = browser.text("#body").await;
    assert!(draft.contains("Hemos emitido el reembolso"), "{draft}");
    assert!(draft.ends_with("Sofía"), "{draft}");
    browser.close().await;
}
