//! The search index survives a crash: `ayuda serve` is killed with SIGKILL while many clients write tickets
//! and articles, then started again; every ticket and article the database holds (acknowledged or caught in
//! flight) is found by searching its own code word, on SQLite and on PostgreSQL.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Value, json};

mod support;
use support::{Server, run};

/// Writes acknowledged before the server is killed: enough that many are in flight at that moment.
const ACKNOWLEDGED_BEFORE_KILL: usize = 300;
const WRITERS: usize = 12;

/// The code word of write `n`: one index term, unique to it.
fn code(n: usize) -> String {
    format!("crashcode{n:06}")
}

async fn search(client: &reqwest::Client, server: &Server, token: &str, q: &str) -> Value {
    let url = server.url(&format!("/api/v1/search?limit=5&q={q}"));
    let response = client.get(url).bearer_auth(token).send().await.unwrap();
    assert_eq!(response.status(), 200, "searching {q}");
    response.json().await.unwrap()
}

/// Every page of a list endpoint, as one list.
async fn all(client: &reqwest::Client, server: &Server, token: &str, path: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut url = server.url(&format!("{path}?limit=200"));
        if let Some(cursor) = &cursor {
            url.push_str(&format!("&cursor={cursor}"));
        }
        let page: Value = client
            .get(url)
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        items.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return items,
        }
    }
}

async fn killed_while_writing_then_everything_is_found(storage: &[&str]) {
    run(&[&["migrate"], storage].concat());
    run(&[
        &[
            "agent",
            "add",
            "--email",
            "ops@example.com",
            "--name",
            "Ops",
            "--role",
            "admin",
        ],
        storage,
    ]
    .concat());
    let token = run(&[&["token", "create", "--email", "ops@example.com"], storage].concat());
    let mut server = Server::start(storage);
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        .build()
        .unwrap();

    let acknowledged = Arc::new(AtomicUsize::new(0));
    let next = Arc::new(AtomicUsize::new(0));
    let mut writers = tokio::task::JoinSet::new();
    for _ in 0..WRITERS {
        let (client, token) = (client.clone(), token.clone());
        let (acknowledged, next) = (acknowledged.clone(), next.clone());
        let (tickets, articles) = (
            server.url("/api/v1/tickets"),
            server.url("/api/v1/kb/articles"),
        );
        writers.spawn(async move {
            loop {
                let n = next.fetch_add(1, Ordering::SeqCst);
                // One article for every four tickets, as a knowledge base grows beside the tickets.
                let request = if n % 5 == 4 {
                    client.post(&articles).json(&json!({
                        "visibility": "public", "language": "en", "status": "published",
                        "title": format!("Article {}", code(n)), "body_html": "<p>How to fix it.</p>"
                    }))
                } else {
                    client.post(&tickets).json(&json!({
                        "subject": format!("Ticket {}", code(n)), "body": "It broke.",
                        "requester": {"email": format!("c{}@example.com", n % 50)}
                    }))
                };
                match request.bearer_auth(&token).send().await {
                    Ok(response) if response.status() == 201 => {
                        acknowledged.fetch_add(1, Ordering::SeqCst);
                    }
                    // The server is gone: this writer is done.
                    _ => return,
                }
            }
        });
    }
    while acknowledged.load(Ordering::SeqCst) < ACKNOWLEDGED_BEFORE_KILL {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    server.child.kill().expect("SIGKILL the server");
    server.child.wait().expect("reap the server");
    while writers.join_next().await.is_some() {}
    let acknowledged = acknowledged.load(Ordering::SeqCst);

    let server = Server::start(storage);
    let tickets = all(&client, &server, &token, "/api/v1/tickets").await;
    let articles = all(&client, &server, &token, "/api/v1/kb/articles").await;
    assert!(
        tickets.len() + articles.len() >= acknowledged,
        "{} tickets and {} articles survived, {acknowledged} were acknowledged",
        tickets.len(),
        articles.len()
    );
    // Every record the database holds, by its code word.
    let mut expected: BTreeMap<String, (&str, String)> = BTreeMap::new();
    for ticket in &tickets {
        let subject = ticket["subject"].as_str().unwrap();
        let word = subject.rsplit(' ').next().unwrap().to_owned();
        expected.insert(
            word,
            ("ticket_id", ticket["id"].as_str().unwrap().to_owned()),
        );
    }
    for article in &articles {
        let title = article["translations"][0]["title"].as_str().unwrap();
        let word = title.rsplit(' ').next().unwrap().to_owned();
        expected.insert(
            word,
            ("article_id", article["id"].as_str().unwrap().to_owned()),
        );
    }
    let mut missing = Vec::new();
    for (word, (field, id)) in &expected {
        let found = search(&client, &server, &token, word).await;
        let hit = found["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|item| item[*field].as_str() == Some(id.as_str()));
        if !hit {
            missing.push(word.clone());
        }
    }
    assert!(
        missing.is_empty(),
        "{} of {} records are not found after the crash: {missing:?}",
        missing.len(),
        expected.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_search_finds_every_committed_record_after_a_crash() {
    let data = tempfile::tempdir().unwrap();
    let data = data.path().to_str().unwrap().to_owned();
    killed_while_writing_then_everything_is_found(&["--data", &data]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_search_finds_every_committed_record_after_a_crash() {
    let Some(database) = ayuda_store_tests::harness::postgres().await else {
        return;
    };
    let url = database.url().expect("a PostgreSQL test store has a URL");
    killed_while_writing_then_everything_is_found(&["--database-url", &url]).await;
}
