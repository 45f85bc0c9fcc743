//! Escalation through the browser: a first-line agent refers a ticket to the next tier with a reason; the
//! second-line agent routing chose finds it among their tickets and is told why.

use ayuda_core::permission::TicketScope;
use ayuda_core::ticket::Status;
use ayuda_store::{MAX_PAGE, TicketQuery};

use crate::support::{Browser, Server};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agent_escalates_a_ticket_and_the_second_line_sees_it() {
    let server = Server::with_demo().await;
    let Some(browser) = Browser::start("en").await else {
        return;
    };
    let store = server.app.store();
    let (emma, _) = server.agent("emma@ayuda.demo").await;
    let technical = emma.group_ids[0];
    // Technical support routes in turn: the demo's waiting tickets were given out when it was seeded,
    // not in a burst of changes when the server starts.
    assert!(
        store
            .queued_tickets(technical, 10)
            .await
            .unwrap()
            .is_empty()
    );
    // An English ticket of technical support, still being worked on.
    let mut query = TicketQuery::new(TicketScope::All, MAX_PAGE);
    query.group_id = Some(technical);
    query.statuses = vec![Status::New, Status::Open];
    let ticket = store
        .list_tickets(&query)
        .await
        .unwrap()
        .items
        .into_iter()
        .find(|t| t.language.as_str() == "en")
        .expect("the demo has an English technical ticket");
    let number = ticket.number.0;

    browser
        .sign_in_as(
            &server,
            "emma@ayuda.demo",
            &format!("/agent/tickets/{number}"),
        )
        .await;
    let reason = "The customer wants a senior technician to call back";
    browser.fill("#escalate-reason", reason).await;
    browser
        .navigate_by(".escalation form button[type=submit]")
        .await;

    // It left technical support for the second line, with someone there to answer it.
    let escalated = store.get_ticket(ticket.id).await.unwrap().unwrap();
    assert_ne!(escalated.group_id, Some(technical));
    let receiver = escalated
        .assignee_id
        .expect("the second line's routing chose someone");
    let receiver = store.get_agent(receiver).await.unwrap().unwrap();
    assert!(
        escalated
            .group_id
            .is_some_and(|g| receiver.group_ids.contains(&g))
    );
    browser.close().await;

    // The receiver signs in: the ticket is among theirs, and they were told why.
    let Some(browser) = Browser::start("en").await else {
        return;
    };
    browser
        .sign_in_as(&server, receiver.email.as_str(), "/agent/views/mine")
        .await;
    let mine = browser.text("table.tickets").await;
    assert!(
        mine.contains(ticket.subject.as_str()),
        "{} not in {mine}",
        ticket.subject.as_str()
    );
    browser.go(&server.url("/agent/notifications")).await;
    let told = browser.text("ol.notifications").await;
    assert!(told.contains(reason), "{told}");
    browser.navigate_by("ol.notifications li a").await;
    assert_eq!(browser.path().await, format!("/agent/tickets/{number}"));
    browser.click(".history summary").await;
    let history = browser.text(".history ol").await;
    assert!(history.contains(reason), "{history}");
    browser.close().await;
}
