//! What the browser tests run against: an Ayuda server with the demo data on a fresh SQLite store, and a
//! real headless Chromium driven over WebDriver (Debian's `chromium` and `chromium-driver`). Without
//! chromedriver a test is skipped with a printed reason, except under `AYUDA_TEST_STRICT=1` (CI), where it
//! fails.

use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use ayuda_app::App;
use ayuda_core::clock::SystemClock;
use ayuda_core::permission::Principal;
use ayuda_store_tests::harness::{self, TestStore};
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use tempfile::TempDir;

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

/// An Ayuda server on a free local port.
pub struct Server {
    pub base: String,
    pub app: App,
    _store: TestStore,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Server {
    /// A server with the demo data: agents (password [`ayuda_app::demo::DEMO_PASSWORD`]), customers and
    /// tickets in three languages.
    pub async fn with_demo() -> Server {
        let store = harness::sqlite().await;
        let app = App::new(Arc::clone(&store.store), Arc::new(SystemClock));
        ayuda_app::demo::seed(&app)
            .await
            .expect("seed the demo data");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a local port");
        let base = format!("http://{}", listener.local_addr().unwrap());
        let router = ayuda_web::router(app.clone(), ayuda_web::WebConfig::default());
        let task = tokio::spawn(async move {
            axum::serve(listener, router).await.expect("serve");
        });
        Server {
            base,
            app,
            _store: store,
            task,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The agent with this email, as the application sees them when they act.
    pub async fn agent(&self, email: &str) -> (ayuda_core::agent::Agent, Principal) {
        let agent = self
            .app
            .store()
            .find_agent_by_email(email)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("no agent {email}"))
            .0;
        let principal = Principal::Agent {
            id: agent.id,
            role: agent.role,
            group_ids: agent.group_ids.clone(),
        };
        (agent, principal)
    }

    /// The customer who asked ticket `number`, and their email.
    pub async fn customer_of(&self, number: i64) -> (ayuda_core::contact::Contact, String) {
        let store = self.app.store();
        let ticket = store
            .get_ticket_by_number(ayuda_core::id::TicketNumber(number))
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("no ticket {number}"));
        let customer = store
            .get_contact(ticket.requester_id)
            .await
            .unwrap()
            .unwrap();
        let email = customer
            .primary_email()
            .expect("the customer has an email")
            .to_owned();
        (customer, email)
    }
}

/// A headless Chromium whose interface language (and `Accept-Language`) is `language`.
pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        // chromedriver leads its own process group: ending the group ends the browsers it started too.
        let group = format!("-{}", self.driver.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.driver.wait();
    }
}

fn skip(reason: &str) -> Option<Browser> {
    if std::env::var("AYUDA_TEST_STRICT").is_ok_and(|v| v == "1") {
        panic!("AYUDA_TEST_STRICT=1 and {reason}");
    }
    eprintln!("skipping a browser test: {reason}");
    None
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("find a free port")
}

impl Browser {
    /// Starts chromedriver and a browser session, or `None` (after printing why) when they are not installed.
    pub async fn start(language: &str) -> Option<Browser> {
        for program in [CHROMEDRIVER, CHROMIUM] {
            if !Path::new(program).exists() {
                return skip(&format!(
                    "{program} is missing (apt-get install chromium chromium-driver)"
                ));
            }
        }
        let profile = tempfile::tempdir().expect("a browser profile folder");
        let port = free_port();
        let driver = {
            use std::os::unix::process::CommandExt;
            Command::new(CHROMEDRIVER)
                .arg(format!("--port={port}"))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .process_group(0)
                .spawn()
                .expect("start chromedriver")
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".to_owned(),
            serde_json::json!({
                "binary": CHROMIUM,
                "args": [
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--window-size=1280,1000",
                    format!("--lang={language}"),
                    format!("--user-data-dir={}", profile.path().display()),
                ],
                "prefs": { "intl.accept_languages": language },
            }),
        );
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("open a browser session");
        Some(Browser {
            client,
            driver,
            _profile: profile,
        })
    }

    pub async fn go(&self, url: &str) {
        self.client.goto(url).await.expect("open the page");
    }

    /// The text of the first element matching `css`.
    pub async fn text(&self, css: &str) -> String {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no {css} on the page: {e}"))
            .text()
            .await
            .expect("read the text")
    }

    pub async fn fill(&self, css: &str, value: &str) {
        let field = self
            .client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no {css} on the page: {e}"));
        field.clear().await.expect("clear the field");
        field.send_keys(value).await.expect("type into the field");
    }

    /// Chooses `file` in the file input `css`.
    pub async fn attach(&self, css: &str, file: &std::path::Path) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no {css} on the page: {e}"))
            .send_keys(&file.display().to_string())
            .await
            .expect("choose the file");
    }

    pub async fn click(&self, css: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no {css} on the page: {e}"))
            .click()
            .await
            .expect("click");
    }

    /// Clicks what loads a new page (a link, a form's button) and waits until the new page has replaced
    /// the old one, so what is read next is read from the new page.
    pub async fn navigate_by(&self, css: &str) {
        let old = self
            .client
            .find(Locator::Css("html"))
            .await
            .expect("the page has a root");
        self.click(css).await;
        let deadline = Instant::now() + Duration::from_secs(10);
        // The old root goes stale once the browser has swapped documents.
        while old.tag_name().await.is_ok() {
            assert!(
                Instant::now() < deadline,
                "clicking {css} loaded no new page"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        while self
            .client
            .execute("return document.readyState", vec![])
            .await
            .ok()
            .and_then(|state| state.as_str().map(str::to_owned))
            .as_deref()
            != Some("complete")
        {
            assert!(
                Instant::now() < deadline,
                "the page after {css} never finished loading"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Signs in at the agent sign-in page as `email` (with the demo password), then opens `path`.
    pub async fn sign_in_as(&self, server: &Server, email: &str, path: &str) {
        self.go(&server.url(&format!("/agent/sign-in?next={path}")))
            .await;
        self.fill("#email", email).await;
        self.fill("#password", ayuda_app::demo::DEMO_PASSWORD).await;
        self.navigate_by("form button[type=submit]").await;
        assert_eq!(
            self.path().await,
            path,
            "signing in as {email} did not lead to {path}"
        );
    }

    /// Waits until the text of `css` (all matches, joined) satisfies `check`, without reloading: for
    /// what live updates bring. Returns that text.
    pub async fn wait_for_text(
        &self,
        css: &str,
        what: &str,
        check: impl Fn(&str) -> bool,
    ) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let mut text = String::new();
            if let Ok(found) = self.client.find_all(Locator::Css(css)).await {
                for element in found {
                    if let Ok(part) = element.text().await {
                        text.push_str(&part);
                        text.push('\n');
                    }
                }
            }
            if check(&text) {
                return text;
            }
            assert!(Instant::now() < deadline, "{what}; {css} reads {text:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn path(&self) -> String {
        self.client
            .current_url()
            .await
            .expect("read the address")
            .path()
            .to_owned()
    }

    /// The page's `<html lang>`.
    pub async fn lang(&self) -> String {
        self.client
            .find(Locator::Css("html"))
            .await
            .expect("the page has a root")
            .attr("lang")
            .await
            .expect("read lang")
            .unwrap_or_default()
    }

    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}
