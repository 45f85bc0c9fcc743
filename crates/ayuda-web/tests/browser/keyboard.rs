//! The workspace with the keyboard alone: sign in, skip to the content, reach a ticket of the view, write a
//! reply and send it, with nothing but typing, Tab and Enter.

use ayuda_app::demo::{DEMO_ADMIN, DEMO_PASSWORD};
use fantoccini::key::Key;

use crate::support::{Browser, Server};

/// Presses Tab until the focused element matches `css`; fails if it takes more than `most` presses.
async fn tab_to(browser: &Browser, css: &str, most: usize) {
    for _ in 0..most {
        let there = browser
            .client
            .execute(
                "return document.activeElement !== null && document.activeElement.matches(arguments[0]);",
                vec![serde_json::json!(css)],
            )
            .await
            .unwrap();
        if there == serde_json::json!(true) {
            return;
        }
        press(browser, Key::Tab).await;
    }
    panic!("{css} was not reached with {most} presses of Tab");
}

/// Presses `key` on the keyboard, wherever the focus is. (Sent to the focused element instead, a key on a
/// file input would be taken as a file's name.)
async fn press(browser: &Browser, key: Key) {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    let value = char::from(key);
    let keys = KeyActions::new("keyboard".to_owned())
        .then(KeyAction::Down { value })
        .then(KeyAction::Up { value });
    browser.client.perform_actions(keys).await.unwrap();
}

async fn type_here(browser: &Browser, text: &str) {
    browser
        .client
        .active_element()
        .await
        .unwrap()
        .send_keys(text)
        .await
        .unwrap();
}

async fn focused_is(browser: &Browser, css: &str) -> bool {
    browser
        .client
        .execute(
            "return document.activeElement.matches(arguments[0]);",
            vec![serde_json::json!(css)],
        )
        .await
        .unwrap()
        == serde_json::json!(true)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agent_signs_in_opens_a_ticket_and_replies_with_the_keyboard_alone() {
    let server = Server::with_demo().await;
    let Some(browser) = Browser::start("en").await else {
        return;
    };
    browser.go(&server.url("/agent/views/open")).await;
    // The email field has the focus from the start.
    assert!(focused_is(&browser, "#email").await);
    type_here(&browser, DEMO_ADMIN).await;
    press(&browser, Key::Tab).await;
    type_here(&browser, DEMO_PASSWORD).await;
    let old = browser
        .client
        .find(fantoccini::Locator::Css("html"))
        .await
        .unwrap();
    press(&browser, Key::Enter).await;
    wait_for_new_page(&old).await;
    assert_eq!(browser.path().await, "/agent/views/open");

    // The first Tab reaches the link that skips the navigation.
    press(&browser, Key::Tab).await;
    assert!(focused_is(&browser, "a.skip").await);
    // The first ticket of the view, then its page.
    tab_to(&browser, "table.tickets tbody tr:first-child td a", 60).await;
    let old = browser
        .client
        .find(fantoccini::Locator::Css("html"))
        .await
        .unwrap();
    press(&browser, Key::Enter).await;
    wait_for_new_page(&old).await;
    assert!(browser.path().await.starts_with("/agent/tickets/"));

    // The reply box, then the send button.
    tab_to(&browser, "#body", 60).await;
    let reply = "Written and sent with the keyboard alone.";
    type_here(&browser, reply).await;
    tab_to(&browser, "form.compose button[type=submit]", 5).await;
    let old = browser
        .client
        .find(fantoccini::Locator::Css("html"))
        .await
        .unwrap();
    press(&browser, Key::Enter).await;
    wait_for_new_page(&old).await;
    assert_eq!(browser.text(".messages li:last-child .body").await, reply);
    browser.close().await;
}

async fn wait_for_new_page(old: &fantoccini::elements::Element) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while old.tag_name().await.is_ok() {
        assert!(std::time::Instant::now() < deadline, "no new page loaded");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
}
