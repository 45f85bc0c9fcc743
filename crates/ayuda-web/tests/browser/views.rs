//! Working a view in the browser: sorting by the oldest update, ticking tickets and changing them all at
//! once, each change going through the same rules and history as on a ticket's own page.

use ayuda_app::demo::DEMO_ADMIN;
use ayuda_core::ticket::{Priority, Status};

use crate::support::{Browser, Server};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agent_sorts_a_view_and_changes_two_tickets_at_once() {
    let server = Server::with_demo().await;
    let Some(browser) = Browser::start("es").await else {
        return;
    };
    browser
        .sign_in_as(&server, DEMO_ADMIN, "/agent/views/open")
        .await;
    let newest = browser
        .text("table.tickets tbody tr:first-child td:nth-child(2)")
        .await;
    browser.navigate_by("th[aria-sort] a").await;
    assert!(
        browser
            .client
            .current_url()
            .await
            .unwrap()
            .query()
            .unwrap_or_default()
            .contains("sort=oldest")
    );
    let oldest = browser
        .text("table.tickets tbody tr:first-child td:nth-child(2)")
        .await;
    assert_ne!(newest, oldest, "the order did not change");

    let first: i64 = browser
        .text("table.tickets tbody tr:nth-child(1) td:nth-child(2)")
        .await
        .parse()
        .unwrap();
    let second: i64 = browser
        .text("table.tickets tbody tr:nth-child(2) td:nth-child(2)")
        .await
        .parse()
        .unwrap();
    browser
        .click("table.tickets tbody tr:nth-child(1) input[type=checkbox]")
        .await;
    browser
        .click("table.tickets tbody tr:nth-child(2) input[type=checkbox]")
        .await;
    for (select, value) in [("#bulk-status", "pending"), ("#bulk-priority", "urgent")] {
        browser
            .client
            .find(fantoccini::Locator::Css(select))
            .await
            .unwrap()
            .select_by_value(value)
            .await
            .unwrap();
    }
    browser.fill("#bulk-tag", "revisado").await;
    browser
        .navigate_by(".bulk-actions button[type=submit]")
        .await;
    assert_eq!(browser.text(".notice").await, "2 tickets cambiados.");
    browser.close().await;

    for number in [first, second] {
        let ticket = server
            .app
            .store()
            .get_ticket_by_number(ayuda_core::id::TicketNumber(number))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(ticket.status, Status::Pending, "#{number}");
        assert_eq!(ticket.priority, Priority::Urgent, "#{number}");
        assert!(
            ticket.tags.iter().any(|t| t.as_str() == "revisado"),
            "#{number}"
        );
    }
}
