//! The customer portal's web channel, through the browser: a customer sends a new request with a file; it
//! becomes a web ticket whose first message carries the file, stored once in the blob store and listed on
//! the request's page.

use ayuda_core::ticket::Channel;

use crate::support::{Browser, Server};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customer_sends_a_request_with_a_file() {
    let server = Server::with_demo().await;
    let Some(browser) = Browser::start("it").await else {
        return;
    };
    let (customer, email) = server.customer_of(1).await;
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("fattura-7781.pdf");
    let content = b"%PDF-1.4 fattura 7781, importo addebitato due volte".to_vec();
    std::fs::write(&file, &content).unwrap();

    browser.go(&server.url("/portal/sign-in")).await;
    browser.fill("#email", &email).await;
    browser
        .fill("#password", ayuda_app::demo::DEMO_PASSWORD)
        .await;
    browser.navigate_by("form button[type=submit]").await;
    browser.navigate_by("a[href='/portal/requests/new']").await;
    browser
        .fill("#subject", "Addebito doppio sulla fattura 7781")
        .await;
    browser
        .fill(
            "#body",
            "Buongiorno, mi avete addebitato due volte la fattura 7781. Allego la fattura.",
        )
        .await;
    browser.attach("#files", &file).await;
    browser
        .navigate_by("form.new-ticket button[type=submit]")
        .await;
    let path = browser.path().await;
    let number: i64 = path
        .strip_prefix("/portal/tickets/")
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no request page after sending: {path}"));
    assert_eq!(
        browser.text(".messages .attachments a").await,
        "fattura-7781.pdf"
    );
    browser.close().await;

    let ticket = server
        .app
        .store()
        .get_ticket_by_number(ayuda_core::id::TicketNumber(number))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(ticket.channel, Channel::Web);
    assert_eq!(ticket.requester_id, customer.id);
    let messages = server
        .app
        .store()
        .list_messages(ticket.id, false, None, 10)
        .await
        .unwrap()
        .items;
    let attachment = &messages[0].attachments[0];
    assert_eq!(attachment.filename, "fattura-7781.pdf");
    assert_eq!(attachment.content_type, "application/pdf");
    assert_eq!(attachment.size, content.len() as i64);
    assert_eq!(
        server.app.blobs().get(&attachment.sha256).await.unwrap(),
        Some(content)
    );
}
