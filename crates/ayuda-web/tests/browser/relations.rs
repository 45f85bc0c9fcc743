//! Linking and merging through the browser: an agent links two tickets, then merges a duplicate into the
//! ticket that carries on; the duplicate is closed and both say what happened.

use ayuda_app::demo::DEMO_ADMIN;
use ayuda_core::message::MessageKind;
use ayuda_core::ticket::{LinkKind, Status};

use crate::support::{Browser, Server};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agent_links_two_tickets_and_merges_a_duplicate() {
    let server = Server::with_demo().await;
    let Some(browser) = Browser::start("en").await else {
        return;
    };
    // Two tickets still being worked on.
    let mut active = Vec::new();
    for number in 1.. {
        let ticket = server
            .app
            .store()
            .get_ticket_by_number(ayuda_core::id::TicketNumber(number))
            .await
            .unwrap()
            .expect("the demo has enough active tickets");
        if ticket.status.is_active() {
            active.push(number);
        }
        if active.len() == 2 {
            break;
        }
    }
    let (a, b) = (active[0], active[1]);
    browser
        .sign_in_as(&server, DEMO_ADMIN, &format!("/agent/tickets/{a}"))
        .await;
    browser.fill("#link-other", &format!("#{b}")).await;
    browser
        .client
        .find(fantoccini::Locator::Css("#link-kind"))
        .await
        .unwrap()
        .select_by_value("related")
        .await
        .unwrap();
    browser
        .navigate_by(".relations form[action$='/links'] button")
        .await;
    let related = browser.text(".relations ul").await;
    assert!(
        related.contains(&format!("#{b}")) && related.contains("related"),
        "{related}"
    );

    browser.fill("#merge-into", &b.to_string()).await;
    browser.navigate_by(".relations form.merge button").await;
    assert_eq!(browser.path().await, format!("/agent/tickets/{b}"));
    assert_eq!(
        browser.text(".messages li:last-child .body").await,
        format!("Ticket {a} was merged into this one.")
    );
    browser
        .go(&server.url(&format!("/agent/tickets/{a}")))
        .await;
    assert!(
        browser
            .text(".notice")
            .await
            .starts_with(&format!("Merged into #{b}"))
    );
    browser.close().await;

    let store = server.app.store();
    let duplicate = store
        .get_ticket_by_number(ayuda_core::id::TicketNumber(a))
        .await
        .unwrap()
        .unwrap();
    let target = store
        .get_ticket_by_number(ayuda_core::id::TicketNumber(b))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(duplicate.merged_into, Some(target.id));
    assert_eq!(duplicate.links.len(), 1);
    assert_eq!(duplicate.links[0].ticket_id, target.id);
    assert_eq!(duplicate.links[0].kind, LinkKind::Related);
    assert_eq!(duplicate.status, Status::Closed);
    let notes = store
        .list_messages(duplicate.id, true, None, 200)
        .await
        .unwrap()
        .items;
    let note = notes.last().unwrap();
    assert_eq!(note.kind, MessageKind::Note);
    assert_eq!(
        note.body_text,
        format!("Merged into ticket {b}, which carries on.")
    );
}
