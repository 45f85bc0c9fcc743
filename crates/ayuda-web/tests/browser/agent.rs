//! An agent's day in the workspace and the customer's side of it, through the browser: the agent signs in,
//! opens a ticket from a view, replies, adds an internal note and changes the status; the customer sees the
//! reply but not the note in the portal and answers; the agent sees the answer arrive without reloading.
//! The same flow in English, Spanish and Italian.

use ayuda_app::demo::{DEMO_ADMIN, DEMO_PASSWORD};
use ayuda_app::tickets::{EditTicket, TicketFilters};
use ayuda_core::event::Via;
use ayuda_core::message::MessageKind;
use ayuda_core::ticket::{Priority, Status};

use crate::support::{Browser, Server};

/// What the test expects to read in one language.
struct Words {
    language: &'static str,
    open_view: &'static str,
    pending: &'static str,
    note: &'static str,
    solved: &'static str,
    /// The start of the history line of the status change.
    status_changed: &'static str,
}

/// Brings an open ticket of a customer who speaks `language` to the top of the open view (a change is the
/// newest activity), so the flow runs in one language from the agent's page to the customer's portal.
async fn newest_open_ticket_in(server: &Server, language: &str) {
    let (_, staff) = server.agent(DEMO_ADMIN).await;
    let open = server
        .app
        .list_tickets(
            &staff,
            TicketFilters {
                status: Some("new,open".into()),
                limit: Some(200),
                ..TicketFilters::default()
            },
        )
        .await
        .unwrap()
        .items;
    for ticket in open {
        let requester = server
            .app
            .store()
            .get_contact(ticket.requester_id)
            .await
            .unwrap()
            .unwrap();
        let speaks = requester
            .language
            .as_ref()
            .is_some_and(|l| l.to_string().starts_with(language));
        if speaks {
            let priority = if ticket.priority == Priority::High {
                "urgent"
            } else {
                "high"
            };
            server
                .app
                .edit_ticket(
                    &staff,
                    Via::Api,
                    ticket.id,
                    EditTicket {
                        priority: Some(priority.into()),
                        ..EditTicket::default()
                    },
                )
                .await
                .unwrap();
            return;
        }
    }
    panic!("the demo data has no open ticket of a customer who speaks {language}");
}

async fn agent_replies_notes_and_sets_pending(words: Words) {
    let server = Server::with_demo().await;
    newest_open_ticket_in(&server, words.language).await;
    let Some(browser) = Browser::start(words.language).await else {
        return;
    };
    // A signed-out agent is sent to sign in, and comes back where they were going.
    browser.go(&server.url("/agent/views/open")).await;
    assert_eq!(browser.path().await, "/agent/sign-in");
    assert_eq!(browser.lang().await, words.language);
    browser.fill("#email", DEMO_ADMIN).await;
    browser.fill("#password", DEMO_PASSWORD).await;
    browser.navigate_by("form button[type=submit]").await;
    assert_eq!(browser.path().await, "/agent/views/open");
    assert_eq!(browser.text("h1").await, words.open_view);

    // Open the newest ticket of the view.
    let link = browser.text("table.tickets tbody tr td a").await;
    browser.navigate_by("table.tickets tbody tr td a").await;
    let path = browser.path().await;
    let number: i64 = path
        .strip_prefix("/agent/tickets/")
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("not a ticket page: {path}"));
    assert!(browser.text("h1").await.contains(&link));

    let reply = format!("Reply from the browser test ({})", words.language);
    browser.fill("#body", &reply).await;
    browser
        .navigate_by("form.compose button[type=submit]")
        .await;
    assert!(
        browser.text(".messages li:last-child .body").await == reply,
        "the reply is not the newest message on the page"
    );

    let note = format!("Internal note from the browser test ({})", words.language);
    browser.click("input[name=kind][value=note]").await;
    browser.fill("#body", &note).await;
    browser
        .navigate_by("form.compose button[type=submit]")
        .await;
    assert_eq!(
        browser.text(".messages li.internal:last-child .body").await,
        note
    );
    assert_eq!(
        browser.text(".messages li.internal:last-child .kind").await,
        words.note
    );

    browser
        .client
        .find(fantoccini::Locator::Css("#status"))
        .await
        .unwrap()
        .select_by_value("pending")
        .await
        .unwrap();
    browser.navigate_by(".properties button[type=submit]").await;
    assert_eq!(browser.text(".state .status").await, words.pending);
    // The customer panel names the requester; the history tells the change in the agent's language.
    assert!(!browser.text(".customer .customer-name").await.is_empty());
    browser.click(".history summary").await;
    let history = browser.text(".history ol").await;
    assert!(
        history.contains(words.status_changed) && history.contains(words.pending),
        "the history does not tell the status change: {history}"
    );

    // The customer signs in to the portal in the same language: the reply is there, the note is not.
    let (_, customer_email) = server.customer_of(number).await;
    let Some(customer) = Browser::start(words.language).await else {
        return;
    };
    let portal_page = format!("/portal/tickets/{number}");
    customer.go(&server.url(&portal_page)).await;
    assert_eq!(customer.path().await, "/portal/sign-in");
    customer.fill("#email", &customer_email).await;
    customer.fill("#password", DEMO_PASSWORD).await;
    customer.navigate_by("form button[type=submit]").await;
    assert_eq!(customer.path().await, portal_page);
    let conversation = customer.text(".messages").await;
    assert!(
        conversation.contains(&reply),
        "the customer does not see the reply"
    );
    assert!(
        !conversation.contains(&note),
        "the customer sees the internal note"
    );
    assert!(!customer.client.source().await.unwrap().contains(&note));
    assert_eq!(customer.text(".state .status").await, words.pending);

    // The customer answers; the agent's open page shows it without a reload.
    let answer = format!("Customer's answer from the portal ({})", words.language);
    customer.fill("#body", &answer).await;
    customer
        .navigate_by("form.compose button[type=submit]")
        .await;
    assert_eq!(customer.text(".messages li:last-child .body").await, answer);
    browser
        .wait_for_text(
            ".messages li:last-child .body",
            "the customer's answer does not appear on the agent's page",
            |text| text.contains(&answer),
        )
        .await;

    // The customer marks the request solved.
    customer.navigate_by("form.solve button[type=submit]").await;
    assert_eq!(customer.text(".state .status").await, words.solved);
    customer.close().await;
    browser.close().await;

    // What the browser showed is what was stored: a public reply, an internal note, the new status.
    let (_, principal) = server.agent(DEMO_ADMIN).await;
    let ticket = server
        .app
        .ticket_by_number(&principal, number)
        .await
        .unwrap();
    assert_eq!(ticket.status, Status::Solved);
    let messages = server
        .app
        .messages(&principal, ticket.id, None, Some(200))
        .await
        .unwrap()
        .items;
    let stored_reply = messages.iter().find(|m| m.body_text == reply).unwrap();
    assert_eq!(stored_reply.kind, MessageKind::Reply);
    assert!(!stored_reply.internal);
    let stored_note = messages.iter().find(|m| m.body_text == note).unwrap();
    assert!(stored_note.internal);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_english_an_agent_replies_adds_a_note_and_sets_pending() {
    agent_replies_notes_and_sets_pending(Words {
        language: "en",
        open_view: "All open",
        pending: "Pending",
        note: "Internal note",
        solved: "Solved",
        status_changed: "changed Status from",
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_spanish_an_agent_replies_adds_a_note_and_sets_pending() {
    agent_replies_notes_and_sets_pending(Words {
        language: "es",
        open_view: "Todos los abiertos",
        pending: "Pendiente",
        note: "Nota interna",
        solved: "Resuelto",
        status_changed: "cambió Estado de",
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_italian_an_agent_replies_adds_a_note_and_sets_pending() {
    agent_replies_notes_and_sets_pending(Words {
        language: "it",
        open_view: "Tutti gli aperti",
        pending: "In attesa",
        note: "Nota interna",
        solved: "Risolto",
        status_changed: "ha cambiato Stato da",
    })
    .await;
}
