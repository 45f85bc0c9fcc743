//! An agent's own settings, through the browser: the workspace switches to the language they choose, and
//! once they turn on two-step sign-in, signing in needs the code of their authenticator app as well as
//! their password; a changed password is the one that works afterwards.

use ayuda_app::totp;

use crate::support::{Browser, Server};

const EMAIL: &str = "marco@ayuda.demo";

fn code_for(secret: &str) -> String {
    let bytes = totp::from_base32(secret).expect("the page shows a base32 key");
    format!("{:06}", totp::code_at(&bytes, jiff::Timestamp::now()))
}

async fn sign_in(browser: &Browser, server: &Server, password: &str, code: &str) {
    browser.go(&server.url("/agent/sign-in")).await;
    browser.fill("#email", EMAIL).await;
    browser.fill("#password", password).await;
    browser.fill("#code", code).await;
    browser.navigate_by("form button[type=submit]").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agent_chooses_italian_turns_on_two_step_sign_in_and_changes_the_password() {
    let server = Server::with_demo().await;
    let Some(browser) = Browser::start("en").await else {
        return;
    };
    browser
        .sign_in_as(&server, EMAIL, "/agent/preferences")
        .await;
    browser
        .client
        .find(fantoccini::Locator::Css("#language"))
        .await
        .unwrap()
        .select_by_value("it")
        .await
        .unwrap();
    browser.fill("#time_zone", "Europe/Rome").await;
    browser.navigate_by("form.panel button[type=submit]").await;
    assert_eq!(
        browser.lang().await,
        "it",
        "the browser asks for English, the agent chose Italian"
    );
    assert_eq!(browser.text("h1").await, "Le tue preferenze");
    assert_eq!(browser.text(".notice").await, "Salvato.");

    // Two-step sign-in: the key on the page, the code an app would show.
    let secret = browser.text("code.secret").await;
    browser.fill("#code-on", &code_for(&secret)).await;
    browser.navigate_by("form.totp button[type=submit]").await;
    assert_eq!(
        browser.text(".notice").await,
        "L'accesso in due passaggi è attivo."
    );

    // The password changes (the two-step setting stays).
    browser
        .fill("#current_password", ayuda_app::demo::DEMO_PASSWORD)
        .await;
    browser
        .fill("#new_password", "una password nuova e lunga")
        .await;
    browser
        .navigate_by("input[name=form][value=password] ~ button[type=submit]")
        .await;
    assert_eq!(browser.text(".notice").await, "La tua password è cambiata.");
    browser
        .navigate_by("form[action='/agent/sign-out'] button")
        .await;

    // The old password fails; the new one fails without the code; with it, the agent is in.
    sign_in(
        &browser,
        &server,
        ayuda_app::demo::DEMO_PASSWORD,
        &code_for(&secret),
    )
    .await;
    assert_eq!(browser.path().await, "/agent/sign-in");
    sign_in(&browser, &server, "una password nuova e lunga", "").await;
    assert_eq!(browser.path().await, "/agent/sign-in");
    assert!(browser.text(".problem").await.contains("code"));
    let wrong = (code_for(&secret).parse::<u32>().unwrap() + 500_000) % 1_000_000;
    sign_in(
        &browser,
        &server,
        "una password nuova e lunga",
        &format!("{wrong:06}"),
    )
    .await;
    assert_eq!(browser.path().await, "/agent/sign-in");
    sign_in(
        &browser,
        &server,
        "una password nuova e lunga",
        &code_for(&secret),
    )
    .await;
    assert_eq!(browser.path().await, "/agent/views/mine");
    assert_eq!(browser.lang().await, "it");
    browser.close().await;
}
