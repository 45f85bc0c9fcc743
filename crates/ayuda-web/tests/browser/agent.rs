//! An agent's day in the workspace, through the browser: sign in, open a ticket from a view, reply, add an
//! internal note and change the status, with the interface in each language.

use ayuda_app::demo::{DEMO_ADMIN, DEMO_PASSWORD};
use ayuda_core::message::MessageKind;
use ayuda_core::permission::Principal;
use ayuda_core::ticket::Status;

use crate::support::{Browser, Server};

/// What the test expects to read in one language.
struct Words {
    language: &'static str,
    open_view: &'static str,
    pending: &'static str,
    note: &'static str,
    /// The start of the history line of the status change.
    status_changed: &'static str,
}

async fn agent_replies_notes_and_sets_pending(words: Words) {
    let server = Server::with_demo().await;
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
    browser.close().await;

    // What the browser showed is what was stored: a public reply, an internal note, the new status.
    let admin = server
        .app
        .store()
        .find_agent_by_email(DEMO_ADMIN)
        .await
        .unwrap()
        .unwrap()
        .0;
    let principal = Principal::Agent {
        id: admin.id,
        role: admin.role,
        group_ids: admin.group_ids,
    };
    let ticket = server
        .app
        .ticket_by_number(&principal, number)
        .await
        .unwrap();
    assert_eq!(ticket.status, Status::Pending);
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
        status_changed: "ha cambiato Stato da",
    })
    .await;
}
