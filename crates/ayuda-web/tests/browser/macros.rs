//! Applying a macro through the browser: an agent picks one of the demo's macros on a Spanish ticket; the
//! ticket's fields change as the macro says, and the reply box holds its text in the ticket's language
//! with the customer's name and the ticket's number filled in, ready to send.

use ayuda_core::permission::TicketScope;
use ayuda_core::ticket::Status;
use ayuda_store::{MAX_PAGE, TicketQuery};

use crate::support::{Browser, Server};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agent_applies_a_macro_and_sends_its_text_in_the_tickets_language() {
    let server = Server::with_demo().await;
    let Some(browser) = Browser::start("en").await else {
        return;
    };
    let store = server.app.store();
    let (emma, _) = server.agent("emma@ayuda.demo").await;
    let technical = emma.group_ids[0];
    let mut query = TicketQuery::new(TicketScope::All, MAX_PAGE);
    query.group_id = Some(technical);
    query.statuses = vec![Status::New, Status::Open];
    let ticket = store
        .list_tickets(&query)
        .await
        .unwrap()
        .items
        .into_iter()
        .find(|t| t.language.as_str() == "es")
        .expect("the demo has a Spanish technical ticket");
    let number = ticket.number.0;
    let (customer, _) = server.customer_of(number).await;
    let first_name = customer
        .name
        .as_str()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();

    browser
        .sign_in_as(
            &server,
            "emma@ayuda.demo",
            &format!("/agent/tickets/{number}"),
        )
        .await;
    let ask_for_photos = store
        .list_macros()
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.name.as_str() == "Ask for photos")
        .expect("the demo has the macro");
    browser
        .client
        .find(fantoccini::Locator::Css("#macro"))
        .await
        .unwrap()
        .select_by_value(&ask_for_photos.id.to_string())
        .await
        .unwrap();
    browser
        .navigate_by("form.apply-macro button[type=submit]")
        .await;

    // The fields changed at once, as Emma's change.
    let changed = store.get_ticket(ticket.id).await.unwrap().unwrap();
    assert_eq!(changed.status, Status::Pending);
    assert!(
        changed
            .tags
            .iter()
            .any(|t| t.as_str() == "photos-requested"),
        "{:?}",
        changed.tags
    );
    // The text waits in the reply box, in Spanish though Emma reads the workspace in English.
    let draft = browser
        .client
        .find(fantoccini::Locator::Css("#body"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(
        draft.starts_with(&format!("Hola, {first_name}:")),
        "{draft}"
    );
    assert!(
        draft.contains(&format!("el ticket {number} enseguida")),
        "{draft}"
    );
    assert!(draft.ends_with("Emma"), "{draft}");

    // Sent as it is: the customer's conversation has it.
    browser
        .navigate_by("form.compose button[type=submit]")
        .await;
    let messages = store
        .list_messages(ticket.id, false, None, 200)
        .await
        .unwrap()
        .items;
    let sent = messages.last().expect("the reply is stored");
    assert!(
        sent.body_text.contains("¿Podría enviarnos unas fotos"),
        "{}",
        sent.body_text
    );
    assert!(!sent.internal);
    browser.close().await;
}
