//! A customer's email whose HTML tries to run script (a `<script>`, event handlers, `javascript:` links,
//! an SVG `onload`, an inline frame) is shown to an agent in Chromium, formatted, and nothing in it runs.

use ayuda_app::demo::{DEMO_ADMIN, DEMO_PASSWORD};
use ayuda_app::email::ingest::{Delivery, Ingested};
use ayuda_core::email::InboundSource;
use fantoccini::Locator;

use crate::support::{Browser, Server};

/// Every trick adds `<p id="ran">` to the document if it runs.
const HOSTILE: &str = "From: Ana <ana@cliente.example>\r\n\
To: soporte@acme.example\r\n\
Subject: Pedido 7781 con formato\r\n\
Message-ID: <hostile-1@cliente.example>\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/alternative; boundary=\"b\"\r\n\
\r\n\
--b\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
\r\n\
Hola, os escribo por el pedido 7781.\r\n\
--b\r\n\
Content-Type: text/html; charset=utf-8\r\n\
\r\n\
<html><body>\
<p id=\"greeting\">Hola, os escribo por el <b>pedido 7781</b>.</p>\
<script>document.body.insertAdjacentHTML('beforeend','<p id=\"ran\">script</p>')</script>\
<img src=\"x\" onerror=\"document.body.insertAdjacentHTML('beforeend','<p id=ran>onerror</p>')\">\
<svg onload=\"document.body.insertAdjacentHTML('beforeend','<p id=ran>svg</p>')\"></svg>\
<a id=\"trap\" href=\"javascript:document.body.insertAdjacentHTML('beforeend','<p id=ran>link</p>')\">pulsa</a>\
<iframe src=\"javascript:parent.document.body.insertAdjacentHTML('beforeend','<p id=ran>frame</p>')\"></iframe>\
<div onmouseover=\"document.body.insertAdjacentHTML('beforeend','<p id=ran>hover</p>')\">pasa por encima</div>\
</body></html>\r\n\
--b--\r\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn script_in_a_customer_s_email_never_runs_in_the_agent_s_browser() {
    let server = Server::with_demo().await;
    let Some(browser) = Browser::start("es").await else {
        return;
    };
    let ingested = server
        .app
        .ingest_email(Delivery {
            raw: HOSTILE.as_bytes().to_vec(),
            source: InboundSource::Http,
            mailbox: None,
            imap: None,
        })
        .await
        .unwrap();
    let Ingested::Opened { number, .. } = ingested else {
        panic!("the email opened no ticket: {ingested:?}");
    };

    browser
        .go(&server.url(&format!("/agent/tickets/{}", number.0)))
        .await;
    browser.fill("#email", DEMO_ADMIN).await;
    browser.fill("#password", DEMO_PASSWORD).await;
    browser.navigate_by("form button[type=submit]").await;
    assert_eq!(browser.path().await, format!("/agent/tickets/{}", number.0));

    // The formatted original is one click away, and it is shown.
    browser.click("details.original summary").await;
    let frame = browser
        .client
        .find(Locator::Css("details.original iframe"))
        .await
        .unwrap();
    assert_eq!(frame.attr("sandbox").await.unwrap().as_deref(), Some(""));
    frame.clone().enter_frame().await.unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let greeting = loop {
        // Sanitising drops `id`s (they could clobber the page's own); find the paragraph by its content.
        if let Ok(found) = browser.client.find(Locator::Css("body p")).await {
            break found.text().await.unwrap();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the email's HTML is not shown"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert_eq!(greeting, "Hola, os escribo por el pedido 7781.");
    // Give anything that would run a chance to, including a click on the link and a hover.
    if let Ok(trap) = browser.client.find(Locator::Css("a")).await {
        let _ = trap.click().await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let ran = browser.client.find_all(Locator::Id("ran")).await.unwrap();
    assert!(ran.is_empty(), "something in the email ran in the frame");
    browser.client.enter_parent_frame().await.unwrap();
    let ran = browser.client.find_all(Locator::Id("ran")).await.unwrap();
    assert!(ran.is_empty(), "something in the email ran in the page");
    browser.close().await;

    // Each lock holds on its own: the served document carries no script and is sandboxed by its policy.
    let source = server
        .app
        .store()
        .get_ticket_by_number(number)
        .await
        .unwrap()
        .unwrap();
    let messages = server
        .app
        .store()
        .list_messages(source.id, true, None, 10)
        .await
        .unwrap();
    let html = messages.items[0].body_html.as_deref().unwrap();
    for forbidden in [
        "<script",
        "onerror",
        "onload",
        "onmouseover",
        "javascript:",
        "<iframe",
    ] {
        assert!(
            !html.contains(forbidden),
            "the stored HTML keeps {forbidden}: {html}"
        );
    }
}
