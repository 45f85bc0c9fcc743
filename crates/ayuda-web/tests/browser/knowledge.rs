//! The knowledge base through the browser: an agent finds an article from a Spanish ticket's page and puts
//! it into the reply in Spanish; a customer writing a request sees a suggestion, opens it and, answered,
//! does not send the request; an image attached to an article shows in the portal; an agent acknowledges an
//! announcement, and the supervisor sees it.

use std::time::{Duration, Instant};

use ayuda_app::tickets::TicketFilters;
use ayuda_core::ticket::Ticket;
use fantoccini::Locator;

use crate::support::{Browser, Server};

/// A demo ticket in Spanish about the printer.
async fn spanish_printer_ticket(server: &Server) -> Ticket {
    let (_, principal) = server.agent("sofia@ayuda.demo").await;
    server
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
        .items
        .into_iter()
        .find(|t| t.language.as_str() == "es" && t.subject.as_str().contains("impresora"))
        .expect("a Spanish printer ticket in the demo")
}

async fn field_value(browser: &Browser, css: &str) -> String {
    browser
        .client
        .find(Locator::Css(css))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agent_finds_an_article_on_the_ticket_page_and_inserts_it_in_spanish() {
    let server = Server::with_demo().await;
    let Some(browser) = Browser::start("en").await else {
        return;
    };
    let ticket = spanish_printer_ticket(&server).await;
    let page = format!("/agent/tickets/{}", ticket.number.0);
    browser.sign_in_as(&server, "sofia@ayuda.demo", &page).await;

    // The agent searches in English; the article comes in the customer's Spanish.
    browser.fill("#article-query", "blank pages").await;
    browser
        .navigate_by(".knowledge form[role=search] button")
        .await;
    let offers = browser.text(".article-offers").await;
    assert!(
        offers.contains("La impresora imprime páginas en blanco"),
        "{offers}"
    );

    browser.fill("#body", "Hola:").await;
    browser
        .click(".article-offers li:first-child button[value=text]")
        .await;
    let deadline = Instant::now() + Duration::from_secs(10);
    let draft = loop {
        let draft = field_value(&browser, "#body").await;
        if draft.contains("Ciclo de limpieza") {
            break draft;
        }
        assert!(Instant::now() < deadline, "the draft reads {draft:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(
        draft.starts_with("Hola:\n\nLa impresora imprime páginas en blanco"),
        "{draft}"
    );
    browser
        .navigate_by("form.compose button[type=submit]")
        .await;
    let conversation = browser.text("ol.messages").await;
    assert!(conversation.contains("Ciclo de limpieza"), "{conversation}");
    browser.close().await;

    let used = server.app.store().articles_used(ticket.id).await.unwrap();
    assert_eq!(
        used.len(),
        1,
        "the article is counted as used for the ticket"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customer_sees_a_suggestion_while_typing_and_opens_it() {
    let server = Server::with_demo().await;
    let Some(browser) = Browser::start("es").await else {
        return;
    };
    let ticket = spanish_printer_ticket(&server).await;
    let (_, email) = server.customer_of(ticket.number.0).await;

    browser.go(&server.url("/portal/sign-in")).await;
    browser.fill("#email", &email).await;
    browser
        .fill("#password", ayuda_app::demo::DEMO_PASSWORD)
        .await;
    browser.navigate_by("form button[type=submit]").await;
    browser.navigate_by("a[href='/portal/requests/new']").await;
    browser
        .fill("#subject", "Mi impresora saca las hojas en blanco")
        .await;
    browser
        .wait_for_text("#suggestions", "no suggestion while typing", |text| {
            text.contains("La impresora imprime páginas en blanco")
        })
        .await;

    // The suggestion opens beside the request being written, which stays as it was.
    let request_window = browser.client.window().await.unwrap();
    browser.click("#suggestions a").await;
    let deadline = Instant::now() + Duration::from_secs(10);
    let article_window = loop {
        let windows = browser.client.windows().await.unwrap();
        if let Some(other) = windows.into_iter().find(|w| *w != request_window) {
            break other;
        }
        assert!(Instant::now() < deadline, "the suggestion opened no page");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    browser
        .client
        .switch_to_window(article_window)
        .await
        .unwrap();
    browser
        .wait_for_text("h1", "the article did not open", |text| {
            text.contains("La impresora imprime páginas en blanco")
        })
        .await;
    assert!(
        browser
            .text(".article-body")
            .await
            .contains("Ciclo de limpieza")
    );

    // It answered the question: the request is not sent, and that is counted.
    browser
        .navigate_by("form[action$='/answered'] button")
        .await;
    assert_eq!(browser.text("h1").await, "Nos alegra haberle ayudado");
    browser.close().await;

    let (_, admin) = server.agent(ayuda_app::demo::DEMO_ADMIN).await;
    let gaps = server
        .app
        .list_articles(&admin, ayuda_app::knowledge::ArticleFilters::default())
        .await
        .unwrap();
    let printer = gaps
        .items
        .iter()
        .find(|a| {
            a.translations
                .iter()
                .any(|t| t.title.as_str() == "La impresora imprime páginas en blanco")
        })
        .unwrap();
    assert_eq!(printer.deflections, 1);
    assert!(printer.views >= 1);
}

/// A 1×1 PNG, small enough to write out and real enough for the browser to draw.
const PIXEL_PNG: [u8; 70] = [
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x64, 0x60, 0xf8, 0x5f,
    0x0f, 0x00, 0x02, 0x87, 0x01, 0x80, 0xeb, 0x47, 0xba, 0x92, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

/// Whether the first image in `css` is loaded and drawn within a few seconds.
async fn image_drawn(browser: &Browser, css: &str) -> bool {
    let script = format!(
        "const img = document.querySelector({css:?}); return img !== null && img.complete && img.naturalWidth > 0;"
    );
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        if browser.client.execute(&script, vec![]).await.unwrap() == serde_json::Value::Bool(true) {
            return true;
        }
        if Instant::now() > deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_image_attached_to_an_article_is_shown_to_the_customer() {
    let server = Server::with_demo().await;
    let Some(browser) = Browser::start("es").await else {
        return;
    };
    let (_, sofia) = server.agent("sofia@ayuda.demo").await;
    let printer = server
        .app
        .list_articles(&sofia, ayuda_app::knowledge::ArticleFilters::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .find(|a| {
            a.translations
                .iter()
                .any(|t| t.title.as_str() == "La impresora imprime páginas en blanco")
        })
        .expect("the demo's printer article");
    let folder = tempfile::tempdir().unwrap();
    let image = folder.path().join("cabezal.png");
    std::fs::write(&image, PIXEL_PNG).unwrap();

    // The supervisor attaches the picture on the article's page…
    let page = format!("/agent/kb/{}", printer.id);
    browser.sign_in_as(&server, "sofia@ayuda.demo", &page).await;
    browser.attach("#kb-files", &image).await;
    browser.navigate_by("#files form button[type=submit]").await;
    assert!(browser.text("#files .files").await.contains("cabezal.png"));

    // …puts it into the Spanish body from the editor, and saves.
    browser
        .go(&server.url(&format!("{page}/edit?lang=es")))
        .await;
    browser.click("button.insert-file").await;
    assert!(
        field_value(&browser, "#edit-body")
            .await
            .contains("<img src=\"/api/v1/kb/articles/"),
        "the image was not put into the body"
    );
    browser.navigate_by("form.panel button[type=submit]").await;
    assert!(
        image_drawn(&browser, ".article-body img").await,
        "the agent does not see the image"
    );
    browser.close().await;

    // The customer sees the picture in the portal.
    let Some(browser) = Browser::start("es").await else {
        return;
    };
    let ticket = spanish_printer_ticket(&server).await;
    let (_, email) = server.customer_of(ticket.number.0).await;
    browser.go(&server.url("/portal/sign-in")).await;
    browser.fill("#email", &email).await;
    browser
        .fill("#password", ayuda_app::demo::DEMO_PASSWORD)
        .await;
    browser.navigate_by("form button[type=submit]").await;
    browser
        .go(&server.url(&format!("/portal/kb/{}?lang=es", printer.id)))
        .await;
    assert!(
        image_drawn(&browser, ".article-body img").await,
        "the customer does not see the image"
    );
    assert!(
        browser
            .text(".kb-article .files")
            .await
            .contains("cabezal.png")
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agent_acknowledges_an_announcement() {
    let server = Server::with_demo().await;
    let Some(browser) = Browser::start("it").await else {
        return;
    };
    browser
        .sign_in_as(&server, "marco@ayuda.demo", "/agent/announcements")
        .await;
    let unread = browser.text(".announcements li.unread h2").await;
    assert!(unread.contains("X300"), "{unread}");
    browser
        .navigate_by(".announcements li.unread form button")
        .await;
    assert!(
        browser
            .client
            .find(Locator::Css(".announcements li.unread"))
            .await
            .is_err(),
        "the announcement is still unread"
    );
    assert!(
        browser
            .text(".announcements .notice")
            .await
            .starts_with("Letto il")
    );
    browser.close().await;

    // The supervisor sees Marco among those who read it, and not among those who have not.
    let (marco, _) = server.agent("marco@ayuda.demo").await;
    let (_, sofia) = server.agent("sofia@ayuda.demo").await;
    let announcement = server.app.announcements(&sofia).await.unwrap()[0]
        .announcement
        .id;
    let readership = server.app.readership(&sofia, announcement).await.unwrap();
    assert!(
        readership
            .read
            .iter()
            .any(|(agent, _)| agent.id == marco.id)
    );
    assert!(!readership.unread.iter().any(|agent| agent.id == marco.id));
    assert!(
        !readership.unread.is_empty(),
        "the others have not read it yet"
    );
}
