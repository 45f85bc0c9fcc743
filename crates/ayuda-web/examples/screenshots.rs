//! Takes the screenshots in `docs/screenshots/`: the main screens of the workspace and the portal, in
//! English, Spanish and Italian, on the demo data, in the same headless Chromium the browser tests use.
//!
//! `cargo run -p ayuda-web --example screenshots -- docs/screenshots`

#[allow(
    dead_code,
    reason = "the browser tests' helpers, of which this uses a part"
)]
#[path = "../tests/browser/support.rs"]
mod support;

use std::path::PathBuf;

use ayuda_app::demo::{DEMO_ADMIN, DEMO_PASSWORD};
use support::{Browser, Server};

#[tokio::main]
async fn main() {
    let out = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "docs/screenshots".to_owned()),
    );
    std::fs::create_dir_all(&out).expect("create the screenshots folder");
    let server = Server::with_demo().await;
    for language in ["en", "es", "it"] {
        let Some(browser) = Browser::start(language).await else {
            eprintln!("chromium and chromium-driver are needed");
            std::process::exit(1);
        };
        let shot = |name: &str| out.join(format!("{language}-{name}.png"));
        // A ticket of a customer who speaks this language, so the portal speaks it too.
        let (number, customer_email) = ticket_in(&server, language).await;
        browser.go(&server.url("/agent/sign-in")).await;
        save(&browser, shot("sign-in")).await;
        browser.fill("#email", DEMO_ADMIN).await;
        browser.fill("#password", DEMO_PASSWORD).await;
        browser.navigate_by("form button[type=submit]").await;
        browser.go(&server.url("/agent/views/open")).await;
        save(&browser, shot("view")).await;
        browser
            .go(&server.url(&format!("/agent/tickets/{number}")))
            .await;
        save(&browser, shot("ticket")).await;
        browser.go(&server.url("/portal/sign-in")).await;
        browser.fill("#email", &customer_email).await;
        browser.fill("#password", DEMO_PASSWORD).await;
        browser.navigate_by("form button[type=submit]").await;
        save(&browser, shot("portal")).await;
        browser
            .go(&server.url(&format!("/portal/tickets/{number}")))
            .await;
        save(&browser, shot("portal-request")).await;
        browser.close().await;
    }
    println!("screenshots written to {}", out.display());
}

/// The first demo ticket whose customer speaks `language`, and that customer's email.
async fn ticket_in(server: &Server, language: &str) -> (i64, String) {
    let store = server.app.store();
    for number in 1.. {
        let ticket = store
            .get_ticket_by_number(ayuda_core::id::TicketNumber(number))
            .await
            .unwrap()
            .expect("the demo has tickets in every language");
        let customer = store
            .get_contact(ticket.requester_id)
            .await
            .unwrap()
            .unwrap();
        let speaks = customer
            .language
            .as_ref()
            .is_some_and(|l| l.to_string() == language);
        let email = customer.primary_email().map(str::to_owned);
        if let (true, Some(email)) = (speaks, email) {
            return (number, email);
        }
    }
    unreachable!("the loop ends by returning")
}

async fn save(browser: &Browser, path: PathBuf) {
    let png = browser
        .client
        .screenshot()
        .await
        .expect("take a screenshot");
    std::fs::write(&path, png).expect("write the screenshot");
}
