//! End-to-end tests of the `ayuda` binary as an operator uses it: real processes, real sockets, real
//! databases. They follow the README: serve the demo, create a token, use the API.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

mod support;
use support::{Server, ayuda, run};

/// GETs `path` on `server` with `token` and decodes the JSON answer.
async fn get_json(client: &reqwest::Client, server: &Server, token: &str, path: &str) -> Value {
    client
        .get(server.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn all_numbers(client: &reqwest::Client, server: &Server, token: &str) -> Vec<i64> {
    let mut numbers = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut url = server.url("/api/v1/tickets?limit=200");
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
        numbers.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["number"].as_i64().unwrap()),
        );
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    numbers.sort_unstable();
    numbers
}

#[tokio::test]
async fn the_demo_serves_and_a_cli_token_creates_and_lists_tickets() {
    let data = tempfile::tempdir().unwrap();
    let data_arg = data.path().to_str().unwrap();
    let server = Server::start(&["--demo", "--data", data_arg]);
    let client = reqwest::Client::new();
    let health = client.get(server.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);

    // Created by another process while the server runs on the same data.
    let token = run(&[
        "token",
        "create",
        "--email",
        "admin@ayuda.demo",
        "--data",
        data_arg,
    ]);
    assert!(
        token.starts_with("ayu_") && token.len() == 68 && !token.contains('\n'),
        "only the token is printed: {token:?}"
    );

    let before = all_numbers(&client, &server, &token).await;
    assert!(
        before.len() >= 300,
        "the demo has a few hundred tickets, found {}",
        before.len()
    );
    let created: Value = client
        .post(server.url("/api/v1/tickets"))
        .bearer_auth(&token)
        .json(&json!({"subject": "Il rubinetto perde", "body": "Da ieri.", "requester": {"email": "luca@example.com"}, "language": "it"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(created["status"], "new");
    let number = created["number"].as_i64().unwrap();
    assert_eq!(number, before.last().unwrap() + 1);
    let listed: Value = get_json(&client, &server, &token, "/api/v1/tickets?limit=1").await;
    assert_eq!(
        listed["items"][0]["number"], number,
        "the newest ticket comes first"
    );

    // The demo is multilingual and uses every channel and status.
    let languages: Value = get_json(&client, &server, &token, "/api/v1/tickets?limit=200").await;
    let items = languages["items"].as_array().unwrap();
    for language in ["en", "es", "it"] {
        assert!(
            items.iter().any(|t| t["language"] == language),
            "no {language} ticket on the first page"
        );
    }
    for status in ["new", "open", "pending", "on_hold", "solved", "closed"] {
        let page: Value = get_json(
            &client,
            &server,
            &token,
            &format!("/api/v1/tickets?status={status}&limit=1"),
        )
        .await;
        assert_eq!(
            page["items"].as_array().unwrap().len(),
            1,
            "no {status} ticket in the demo"
        );
    }
    for channel in [
        "email",
        "web",
        "phone",
        "fax",
        "postal",
        "in_person",
        "chat",
        "api",
    ] {
        let page: Value = get_json(
            &client,
            &server,
            &token,
            &format!("/api/v1/tickets?channel={channel}&limit=1"),
        )
        .await;
        assert_eq!(
            page["items"].as_array().unwrap().len(),
            1,
            "no {channel} ticket in the demo"
        );
    }
}

#[tokio::test]
async fn backup_and_restore_work_while_the_server_runs() {
    let data = tempfile::tempdir().unwrap();
    let data_arg = data.path().to_str().unwrap();
    run(&[
        "agent",
        "add",
        "--email",
        "ops@example.com",
        "--name",
        "Ops",
        "--role",
        "admin",
        "--data",
        data_arg,
    ]);
    let token = run(&[
        "token",
        "create",
        "--email",
        "ops@example.com",
        "--data",
        data_arg,
    ]);
    let server = Server::start(&["--data", data_arg]);
    let client = reqwest::Client::new();
    let create = |subject: &'static str| {
        client
            .post(server.url("/api/v1/tickets"))
            .bearer_auth(&token)
            .json(
                &json!({"subject": subject, "body": "x", "requester": {"email": "a@example.com"}}),
            )
            .send()
    };
    assert_eq!(create("Before the backup").await.unwrap().status(), 201);
    let backup = data.path().join("copy.db");
    let printed = run(&[
        "backup",
        "--to",
        backup.to_str().unwrap(),
        "--data",
        data_arg,
    ]);
    assert_eq!(Path::new(&printed), backup);
    assert_eq!(create("After the backup").await.unwrap().status(), 201);
    assert_eq!(all_numbers(&client, &server, &token).await, [1, 2]);

    run(&[
        "restore",
        "--from",
        backup.to_str().unwrap(),
        "--data",
        data_arg,
    ]);
    assert_eq!(
        all_numbers(&client, &server, &token).await,
        [1],
        "the server sees the restored data"
    );
    let again = create("After the restore").await.unwrap();
    assert_eq!(again.status(), 201);
    assert_eq!(
        again.json::<Value>().await.unwrap()["number"],
        2,
        "numbering continues from the backup"
    );

    let mut revoke = ayuda()
        .args(["token", "revoke", "--data", data_arg])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(
        &mut revoke.stdin.take().unwrap(),
        format!("{token}\n").as_bytes(),
    )
    .unwrap();
    assert!(revoke.wait_with_output().unwrap().status.success());
    // The server caches sessions for at most two seconds (see ayuda_app::cache), so the revocation made by
    // another process takes effect within that bound.
    let deadline = Instant::now() + Duration::from_secs(3);
    let refused = loop {
        let status = client
            .get(server.url("/api/v1/tickets"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .status();
        if status == 401 || Instant::now() > deadline {
            break status;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(
        refused, 401,
        "a token revoked from another process stops working within the cache's two seconds"
    );
}

#[test]
fn config_example_is_documented_and_bad_input_is_reported() {
    let example = run(&["config", "example"]);
    assert!(
        example.contains("[server]")
            && example.contains("listen")
            && example.contains("database_url")
    );
    let output = ayuda()
        .args([
            "agent",
            "add",
            "--email",
            "not-an-email",
            "--name",
            "X",
            "--data",
        ])
        .arg(tempfile::tempdir().unwrap().path())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("email"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// Two `ayuda serve` processes on one PostgreSQL database, as in a multi-node deployment.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_on_one_postgres_database_number_10000_tickets_without_gaps() {
    let Some(database) = ayuda_test_postgres::ThrowawayDatabase::create().await else {
        return;
    };
    let url = database.url.as_str();
    run(&["migrate", "--database-url", url]);
    run(&[
        "agent",
        "add",
        "--email",
        "ops@example.com",
        "--name",
        "Ops",
        "--role",
        "admin",
        "--database-url",
        url,
    ]);
    let token = run(&[
        "token",
        "create",
        "--email",
        "ops@example.com",
        "--database-url",
        url,
    ]);
    let servers = [
        Server::start(&["--database-url", url]),
        Server::start(&["--database-url", url]),
    ];
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        .build()
        .unwrap();

    const TICKETS: usize = 10_000;
    const WORKERS: usize = 32;
    let mut tasks = tokio::task::JoinSet::new();
    for worker in 0..WORKERS {
        let client = client.clone();
        let token = token.clone();
        let base = servers[worker % 2].url("/api/v1/tickets");
        tasks.spawn(async move {
            for i in (worker..TICKETS).step_by(WORKERS) {
                let body = json!({"subject": format!("Load {i}"), "body": "x", "requester": {"email": format!("c{}@example.com", i % 500)}});
                let response = client.post(&base).bearer_auth(&token).json(&body).send().await.expect("request");
                assert_eq!(response.status(), 201, "{}", response.text().await.unwrap_or_default());
            }
        });
    }
    while let Some(result) = tasks.join_next().await {
        result.expect("worker");
    }
    let numbers = all_numbers(&client, &servers[0], &token).await;
    assert_eq!(numbers.len(), TICKETS);
    assert!(
        numbers.iter().copied().eq(1..=TICKETS as i64),
        "numbers are exactly 1..=10000: no duplicate, no gap"
    );
}

/// A throwaway PostgreSQL database for the binary's tests, with the same skip rule as the storage suite.
mod ayuda_test_postgres {
    pub struct ThrowawayDatabase {
        pub url: String,
        _store: ayuda_store_tests::harness::TestStore,
    }

    impl ThrowawayDatabase {
        pub async fn create() -> Option<ThrowawayDatabase> {
            let store = ayuda_store_tests::harness::postgres().await?;
            let url = store.url().expect("a PostgreSQL test store has a URL");
            Some(ThrowawayDatabase { url, _store: store })
        }
    }
}

#[path = "../../ayuda-channels/tests/support/smtp_server.rs"]
mod smtp_server;

/// `ayuda serve` with an `[smtp]` server: an email taken in over HTTP is acknowledged through SMTP, and its
/// delivery shows as sent; the agents' notification digests go out through it too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_sends_the_outbox_through_the_configured_smtp_server() {
    let Some(smtp) = smtp_server::SmtpServer::start() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("ayuda.toml");
    std::fs::write(
        &config,
        format!(
            "[email]\nfrom = \"soporte@acme.example\"\n\n[smtp]\nhost = \"127.0.0.1\"\nport = {}\ntls = \"plain\"\n",
            smtp.port()
        ),
    )
    .unwrap();
    let data = dir.path().join("data");
    let data = data.to_str().unwrap();
    let server = Server::start(&[
        "--demo",
        "--data",
        data,
        "--config",
        config.to_str().unwrap(),
    ]);
    let token = run(&[
        "token",
        "create",
        "--email",
        "admin@ayuda.demo",
        "--data",
        data,
    ]);
    let client = reqwest::Client::new();
    let raw = "From: Ana García <ana@cliente.example>\r\nTo: soporte@acme.example\r\n\
               Subject: Pedido 4411 no ha llegado\r\nMessage-ID: <ana-1@cliente.example>\r\n\
               MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
               Hola, mi pedido 4411 todavía no ha llegado. ¿Podéis mirarlo?\r\n";
    let ingested: Value = client
        .post(server.url("/api/v1/inbound/email"))
        .bearer_auth(&token)
        .header("content-type", "message/rfc822")
        .body(raw)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ingested["outcome"], "opened", "{ingested}");
    let ticket = ingested["ticket_id"].as_str().unwrap();

    // Ana's acknowledgement, and the digest of what the demo's agents were told (their tickets routed to
    // them) reach the SMTP server.
    let deadline = Instant::now() + Duration::from_secs(30);
    let (to_ana, to_agent) = loop {
        let received = smtp.received();
        let to_ana = received
            .iter()
            .find(|m| m.rcpt_tos == ["ana@cliente.example"])
            .cloned();
        let to_agent = received
            .iter()
            .find(|m| m.rcpt_tos.iter().all(|r| r.ends_with("@ayuda.demo")))
            .cloned();
        if let (Some(to_ana), Some(to_agent)) = (to_ana, to_agent) {
            break (to_ana, to_agent);
        }
        assert!(
            Instant::now() < deadline,
            "the mail did not reach the SMTP server: {received:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(to_ana.mail_from, "soporte@acme.example");
    assert!(to_ana.text().contains("ana-1@cliente.example"));
    assert_eq!(to_agent.mail_from, "soporte@acme.example");
    assert!(
        to_agent.text().contains("Auto-Submitted: auto-generated"),
        "{}",
        to_agent.text()
    );
    let deliveries = get_json(
        &client,
        &server,
        &token,
        &format!("/api/v1/tickets/{ticket}/deliveries"),
    )
    .await;
    assert_eq!(deliveries[0]["kind"], "acknowledgement", "{deliveries}");
    assert_eq!(deliveries[0]["state"], "sent", "{deliveries}");
}

/// Runs `ayuda mail-in` with `raw` on standard input; returns its exit code and what it printed.
fn pipe(data: &str, extra: &[&str], raw: &[u8]) -> (Option<i32>, String) {
    use std::io::Write;
    let mut child = ayuda()
        .args(["--data", data, "mail-in"])
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run ayuda mail-in");
    child.stdin.take().unwrap().write_all(raw).unwrap();
    let output = child.wait_with_output().unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.code(), said.trim().to_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mail_in_hands_its_message_to_a_running_server() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap().to_owned();
    run(&[
        "--data",
        &data,
        "agent",
        "add",
        "--email",
        "admin@example.com",
        "--name",
        "Admin",
        "--role",
        "admin",
    ]);
    let token = run(&[
        "--data",
        &data,
        "token",
        "create",
        "--email",
        "admin@example.com",
    ]);
    let socket = dir.path().join("mail-in.sock");
    let email = |n: u32| {
        format!(
            "From: cliente{n}@example.com\r\nTo: soporte@acme.example\r\nSubject: Pedido {n}\r\n\
             Message-ID: <hand-off-{n}@example.com>\r\n\r\nMi pedido {n} no ha llegado todavía.\r\n"
        )
    };
    {
        let server = Server::start(&["--data", &data]);
        assert!(socket.exists(), "the server listens for mail-in");
        let (code, said) = pipe(&data, &[], email(1).as_bytes());
        assert_eq!((code, said.as_str()), (Some(0), "opened ticket #1"));
        let (code, said) = pipe(&data, &[], email(1).as_bytes());
        assert_eq!((code, said.as_str()), (Some(0), "already received"));
        let (code, said) = pipe(&data, &["--mailbox", "ventas"], email(2).as_bytes());
        assert_eq!(code, Some(75), "{said}");
        assert!(said.contains("ventas"), "{said}");
        let client = reqwest::Client::new();
        let tickets = get_json(&client, &server, &token, "/api/v1/tickets").await;
        assert_eq!(tickets["items"][0]["subject"], "Pedido 1");
    }
    assert!(!socket.exists(), "a stopped server removes its socket");
    // Without a server, mail-in takes the message in itself.
    let (code, said) = pipe(&data, &[], email(3).as_bytes());
    assert_eq!((code, said.as_str()), (Some(0), "opened ticket #2"));
}

const PAOLA: &[u8] = b"From: Paola <paola@cliente.example>\r\nTo: assistenza@acme.example\r\n\
    Subject: Ordine 5512\r\nMessage-ID: <paola-1@cliente.example>\r\n\r\n\
    Buongiorno, il mio ordine 5512 risulta consegnato ma non l'ho ricevuto.\r\n";

#[test]
fn mail_in_stores_once_and_tells_the_mta_when_to_retry() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data = data.to_str().unwrap();
    assert_eq!(pipe(data, &[], PAOLA), (Some(0), "opened ticket #1".into()));
    assert_eq!(pipe(data, &[], PAOLA), (Some(0), "already received".into()));
    // Unreadable mail is accepted (0) and quarantined for review, never bounced or lost.
    let (code, said) = pipe(data, &[], b"\x00\x01\x02");
    assert_eq!(code, Some(0), "{said}");
    assert!(said.starts_with("quarantined as "), "{said}");
    // A mailbox that does not exist is a configuration mistake: the MTA keeps the mail and retries.
    let (code, said) = pipe(data, &["--mailbox", "ventas"], PAOLA);
    assert_eq!(code, Some(75), "{said}");
    assert!(said.contains("ventas"), "{said}");
    // So is a data directory that cannot be opened.
    let blocked = dir.path().join("not-a-directory");
    std::fs::write(&blocked, b"a file").unwrap();
    let (code, said) = pipe(blocked.to_str().unwrap(), &[], PAOLA);
    assert_eq!(code, Some(75), "{said}");
}
