//! axe-core (from npm; `.ci/run` installs it and sets `AYUDA_AXE_JS`) run in Chromium on the main screens:
//! no serious or critical accessibility violation on the sign-in page, a view, a ticket page and the
//! administration pages of the workspace, and on the portal's sign-up and sign-in pages, a customer's
//! requests and one request, in each language.

use std::path::PathBuf;

use ayuda_app::demo::DEMO_ADMIN;

use crate::support::{Browser, Server};

/// The axe-core script, or `None` (after printing why) when it is not installed outside CI.
fn axe_script() -> Option<String> {
    let path = std::env::var_os("AYUDA_AXE_JS")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|home| {
                PathBuf::from(home).join(".cache/ayuda-ci/axe/node_modules/axe-core/axe.min.js")
            })
        })?;
    match std::fs::read_to_string(&path) {
        Ok(script) => Some(script),
        Err(error) => {
            let reason = format!(
                "axe-core is not at {} ({error}); see .ci/run",
                path.display()
            );
            if std::env::var("AYUDA_TEST_STRICT").is_ok_and(|v| v == "1") {
                panic!("AYUDA_TEST_STRICT=1 and {reason}");
            }
            eprintln!("skipping the accessibility test: {reason}");
            None
        }
    }
}

/// The serious and critical violations axe finds on the current page, as "rule: target" lines.
async fn violations(browser: &Browser, axe: &str) -> Vec<String> {
    browser
        .client
        .execute(axe, vec![])
        .await
        .expect("load axe-core into the page");
    let result = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] })
                .then(r => done(r.violations), e => done([{ id: 'axe-failed', impact: 'critical', nodes: [{ target: [String(e)] }] }]));",
            vec![],
        )
        .await
        .expect("run axe-core");
    let mut found = Vec::new();
    for violation in result.as_array().cloned().unwrap_or_default() {
        let impact = violation["impact"].as_str().unwrap_or_default();
        if impact != "serious" && impact != "critical" {
            continue;
        }
        let targets: Vec<String> = violation["nodes"]
            .as_array()
            .map(|nodes| nodes.iter().map(|n| n["target"].to_string()).collect())
            .unwrap_or_default();
        found.push(format!(
            "{} ({impact}): {}",
            violation["id"].as_str().unwrap_or("?"),
            targets.join(", ")
        ));
    }
    found
}

async fn main_screens_have_no_serious_violations(language: &str) {
    let Some(axe) = axe_script() else {
        return;
    };
    let server = Server::with_demo().await;
    let Some(browser) = Browser::start(language).await else {
        return;
    };
    let mut report = Vec::new();
    browser.go(&server.url("/agent/sign-in")).await;
    report.extend(
        violations(&browser, &axe)
            .await
            .into_iter()
            .map(|v| format!("sign-in: {v}")),
    );
    browser
        .sign_in_as(&server, DEMO_ADMIN, "/agent/views/open")
        .await;
    report.extend(
        violations(&browser, &axe)
            .await
            .into_iter()
            .map(|v| format!("view: {v}")),
    );
    browser.navigate_by("table.tickets tbody tr td a").await;
    report.extend(
        violations(&browser, &axe)
            .await
            .into_iter()
            .map(|v| format!("ticket: {v}")),
    );
    // The administration: its index, a list with its form, a record's page, the roles, the rules.
    for path in [
        "/agent/admin",
        "/agent/admin/agents",
        "/agent/admin/mailboxes",
        "/agent/admin/roles",
        "/agent/admin/rules",
        "/agent/admin/rules/triggers/new",
        "/agent/admin/rules/macros/new",
        "/agent/preferences",
        "/agent/search?q=impresora",
        "/agent/kb",
        "/agent/kb/training",
        "/agent/kb/gaps",
        "/agent/announcements",
    ] {
        browser.go(&server.url(path)).await;
        report.extend(
            violations(&browser, &axe)
                .await
                .into_iter()
                .map(|v| format!("{path}: {v}")),
        );
    }
    // An article, and its editor with the source translation beside it.
    browser.go(&server.url("/agent/kb")).await;
    browser.navigate_by("table.articles tbody tr td a").await;
    report.extend(
        violations(&browser, &axe)
            .await
            .into_iter()
            .map(|v| format!("an article: {v}")),
    );
    browser
        .navigate_by(".translations li a[href*='/edit']")
        .await;
    report.extend(
        violations(&browser, &axe)
            .await
            .into_iter()
            .map(|v| format!("the article editor: {v}")),
    );
    browser.go(&server.url("/agent/admin/agents")).await;
    browser.navigate_by("table.admin-list tbody tr td a").await;
    report.extend(
        violations(&browser, &axe)
            .await
            .into_iter()
            .map(|v| format!("an agent: {v}")),
    );

    // The portal: its sign-up page, its sign-in page, a customer's requests and one of them.
    browser.go(&server.url("/portal/sign-up")).await;
    report.extend(
        violations(&browser, &axe)
            .await
            .into_iter()
            .map(|v| format!("portal sign-up: {v}")),
    );
    let (_, email) = server.customer_of(1).await;
    browser.go(&server.url("/portal/sign-in")).await;
    report.extend(
        violations(&browser, &axe)
            .await
            .into_iter()
            .map(|v| format!("portal sign-in: {v}")),
    );
    browser.fill("#email", &email).await;
    browser
        .fill("#password", ayuda_app::demo::DEMO_PASSWORD)
        .await;
    browser.navigate_by("form button[type=submit]").await;
    assert_eq!(browser.path().await, "/portal/tickets");
    report.extend(
        violations(&browser, &axe)
            .await
            .into_iter()
            .map(|v| format!("portal requests: {v}")),
    );
    for path in ["/portal/kb", "/portal/kb?q=invoice"] {
        browser.go(&server.url(path)).await;
        report.extend(
            violations(&browser, &axe)
                .await
                .into_iter()
                .map(|v| format!("{path}: {v}")),
        );
    }
    browser.navigate_by("ul.search-results li a").await;
    report.extend(
        violations(&browser, &axe)
            .await
            .into_iter()
            .map(|v| format!("a portal article: {v}")),
    );
    browser.go(&server.url("/portal/tickets")).await;
    if browser
        .client
        .find(fantoccini::Locator::Css("table.tickets tbody tr td a"))
        .await
        .is_ok()
    {
        browser.navigate_by("table.tickets tbody tr td a").await;
        report.extend(
            violations(&browser, &axe)
                .await
                .into_iter()
                .map(|v| format!("portal request: {v}")),
        );
    }
    browser.close().await;
    assert!(report.is_empty(), "{language}:\n{}", report.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_main_screens_are_accessible_in_english() {
    main_screens_have_no_serious_violations("en").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_main_screens_are_accessible_in_spanish() {
    main_screens_have_no_serious_violations("es").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_main_screens_are_accessible_in_italian() {
    main_screens_have_no_serious_violations("it").await;
}

/// The check can fail: on a page with an image without text and an unlabeled field, axe reports them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_check_finds_violations_where_there_are_some() {
    let Some(axe) = axe_script() else {
        return;
    };
    let Some(browser) = Browser::start("en").await else {
        return;
    };
    browser
        .go("data:text/html,<html lang=en><title>t</title><main><img src=x.png><input type=text></main></html>")
        .await;
    let found = violations(&browser, &axe).await;
    browser.close().await;
    assert!(
        found.iter().any(|v| v.starts_with("image-alt"))
            && found.iter().any(|v| v.starts_with("label")),
        "axe missed known violations: {found:?}"
    );
}
