//! The IMAP intake of the `ayuda` binary as an operator runs it, against a real Dovecot: a mailbox added with
//! `ayuda mailbox add`, 1,000 messages fetched by `ayuda serve` while it is killed with SIGKILL again and
//! again, and in the end every message is a ticket exactly once and marked `\Seen` on the server.

#[allow(dead_code)]
#[path = "../../ayuda-channels/tests/support/dovecot.rs"]
mod dovecot;

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use ayuda_core::email::{InboundEmail, InboundState};
use ayuda_core::id::{InboundEmailId, TicketNumber};
use ayuda_store::Store;
use ayuda_store_sqlite::SqliteStore;
use dovecot::Dovecot;

const MESSAGES: usize = 1_000;
const PASSWORD_ENV: &str = "AYUDA_IMAP_PASSWORD";

fn ayuda() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ayuda"));
    command
        .env_remove("AYUDA_DATABASE_URL")
        .env_remove("AYUDA_DATA")
        .env_remove("AYUDA_CONFIG")
        .env_remove(PASSWORD_ENV);
    command
}

fn message(i: usize) -> String {
    format!(
        "From: Cliente {i} <cliente{i}@example.com>\r\n\
         To: soporte@acme.example\r\n\
         Subject: Consulta número {i}: pedido {}\r\n\
         Message-ID: <kill-test-{i}@example.com>\r\n\
         Date: Tue, 24 Nov 2026 10:00:00 +0100\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\
         Content-Transfer-Encoding: 8bit\r\n\
         \r\n\
         Hola, escribo por el pedido {}. Es el mensaje {i} de la prueba.\r\n",
        40_000 + i,
        40_000 + i
    )
}

/// Every received email in the store, oldest first.
async fn all_received(store: &SqliteStore) -> Vec<InboundEmail> {
    let mut all = Vec::new();
    let mut after: Option<InboundEmailId> = None;
    loop {
        let page = store.list_inbound(None, after, 500).await.unwrap();
        all.extend(page.items);
        match page.next_cursor {
            Some(cursor) => after = Some(cursor),
            None => return all,
        }
    }
}

async fn unseen(client: &mut dovecot::Client) -> usize {
    client.select("INBOX").await.expect("SELECT");
    client.uid_search("UNSEEN").await.expect("SEARCH").len()
}

fn serve(data: &Path, config: &Path, log: &Path) -> Child {
    let log = std::fs::File::create(log).expect("create the server log");
    ayuda()
        .args(["serve", "--listen", "127.0.0.1:0", "--data"])
        .arg(data)
        .arg("--config")
        .arg(config)
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("start ayuda serve")
}

fn tail(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_messages_survive_repeated_kill_9_exactly_once() {
    let Some(dovecot) = Dovecot::start(&["support"]) else {
        return;
    };
    let started = Instant::now();
    let mut client = dovecot.login("support").await;
    for i in 0..MESSAGES {
        client
            .append("INBOX", None, None, message(i).as_bytes())
            .await
            .expect("APPEND");
    }
    eprintln!("{MESSAGES} messages appended in {:?}", started.elapsed());

    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let config = dir.path().join("ayuda.toml");
    // No [smtp]: acknowledgements wait in the outbox. Poll fast in case IDLE is not used.
    std::fs::write(&config, "[email]\nimap = true\nimap_poll_seconds = 1\n").unwrap();
    let added = ayuda()
        .args(["mailbox", "add", "--name", "Soporte"])
        .args(["--address", "soporte@acme.example"])
        .args(["--imap-host", "127.0.0.1", "--imap-tls", "plain"])
        .args(["--imap-port", &dovecot.port().to_string()])
        .args(["--imap-user", "support"])
        .arg("--data")
        .arg(&data)
        .env(PASSWORD_ENV, Dovecot::password("support"))
        .output()
        .unwrap();
    assert!(
        added.status.success(),
        "mailbox add: {}",
        String::from_utf8_lossy(&added.stderr)
    );

    let store = SqliteStore::open(&data.join("ayuda.db")).expect("open the server's database");
    // Kill when this many more messages were taken in since the run started (0: as soon as it runs, maybe
    // before it even connected), plus a pause so the kill lands at different points of a message's path.
    let schedule: [(usize, u64); 7] = [
        (0, 300),
        (1, 0),
        (40, 7),
        (113, 0),
        (7, 23),
        (160, 3),
        (64, 11),
    ];
    let mut kills = 0;
    let mut per_run: Vec<usize> = Vec::new();
    let mut count = 0;
    for (run, (more, pause_ms)) in schedule.iter().enumerate() {
        let log = dir.path().join(format!("serve-{run}.log"));
        let mut server = serve(&data, &config, &log);
        let before = count;
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            count = all_received(&store).await.len();
            if count >= before + more || count >= MESSAGES {
                break;
            }
            assert!(
                server.try_wait().unwrap().is_none(),
                "the server exited: {}",
                tail(&log)
            );
            assert!(
                Instant::now() < deadline,
                "run {run}: no progress ({count} received); log:\n{}",
                tail(&log)
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        tokio::time::sleep(Duration::from_millis(*pause_ms)).await;
        server.kill().expect("SIGKILL"); // std's kill is SIGKILL on Unix.
        server.wait().unwrap();
        kills += 1;
        count = all_received(&store).await.len();
        per_run.push(count - before);
        if count >= MESSAGES {
            break;
        }
    }

    // The last run is left alone until the server has nothing unseen left, then stopped gracefully.
    let log = dir.path().join("serve-last.log");
    let mut server = serve(&data, &config, &log);
    let before = count;
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        count = all_received(&store).await.len();
        if count >= MESSAGES && unseen(&mut client).await == 0 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{count} received, {} unseen; log:\n{}",
            unseen(&mut client).await,
            tail(&log)
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    per_run.push(count - before);
    let _ = Command::new("kill").arg(server.id().to_string()).status();
    let status = server.wait().unwrap();
    assert!(status.success(), "graceful stop: {status}; {}", tail(&log));
    // Messages committed by a killed run but not yet marked, found and only marked by the next one.
    let mut unmarked = 0;
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default();
        for field in text.split_whitespace() {
            if let Some(n) = field.strip_prefix("already=") {
                unmarked += n.parse::<usize>().unwrap_or(0);
            }
        }
    }
    eprintln!(
        "{kills} kills; messages ingested per run: {per_run:?}; {unmarked} found committed but unmarked after a \
         kill; total {:?}",
        started.elapsed()
    );
    assert!(kills >= 5, "only {kills} kills happened before the end");

    let received = all_received(&store).await;
    assert_eq!(received.len(), MESSAGES, "every message recorded once");
    let keys: HashSet<&str> = received.iter().map(|e| e.message_key.as_str()).collect();
    let expected: HashSet<String> = (0..MESSAGES)
        .map(|i| format!("kill-test-{i}@example.com"))
        .collect();
    assert_eq!(keys.len(), MESSAGES, "no message key twice");
    assert!(
        expected.iter().all(|key| keys.contains(key.as_str())),
        "every message present"
    );
    assert!(
        received.iter().all(|e| e.state == InboundState::Opened),
        "each message opened a ticket: {:?}",
        received.iter().find(|e| e.state != InboundState::Opened)
    );
    let tickets: HashSet<_> = received.iter().filter_map(|e| e.ticket_id).collect();
    assert_eq!(tickets.len(), MESSAGES, "one ticket per message");
    // Ticket numbers are gapless: exactly 1..=1000 exist, so no ticket was written without its email.
    for number in [1, 500, MESSAGES as i64] {
        assert!(
            store
                .get_ticket_by_number(TicketNumber(number))
                .await
                .unwrap()
                .is_some()
        );
    }
    assert!(
        store
            .get_ticket_by_number(TicketNumber(MESSAGES as i64 + 1))
            .await
            .unwrap()
            .is_none(),
        "no ticket beyond the thousandth"
    );
    assert_eq!(unseen(&mut client).await, 0);
    client.select("INBOX").await.unwrap();
    assert_eq!(
        client.uid_search("SEEN").await.unwrap().len(),
        MESSAGES,
        "all marked \\Seen, none deleted"
    );
}

#[test]
fn mailbox_commands_keep_the_password_out_of_sight() {
    let dir = tempfile::tempdir().unwrap();
    let data: PathBuf = dir.path().join("data");
    let mut add = ayuda()
        .args(["mailbox", "add", "--name", "Ventas"])
        .args(["--address", "ventas@acme.example"])
        .args(["--imap-host", "imap.acme.example", "--imap-user", "ventas"])
        .args(["--imap-processed-folder", "Procesado"])
        .arg("--data")
        .arg(&data)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    add.stdin
        .take()
        .unwrap()
        .write_all(b"hunter2-from-stdin\n")
        .unwrap();
    let added = add.wait_with_output().unwrap();
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let plain = ayuda()
        .args([
            "mailbox",
            "add",
            "--name",
            "Pipe",
            "--address",
            "pipe@acme.example",
        ])
        .arg("--data")
        .arg(&data)
        .output()
        .unwrap();
    assert!(plain.status.success());
    let again = ayuda()
        .args([
            "mailbox",
            "add",
            "--name",
            "ventas",
            "--address",
            "otra@acme.example",
        ])
        .arg("--data")
        .arg(&data)
        .output()
        .unwrap();
    assert!(!again.status.success(), "names are unique");

    let listed = ayuda()
        .args(["mailbox", "list", "--data"])
        .arg(&data)
        .output()
        .unwrap();
    let listed = String::from_utf8(listed.stdout).unwrap();
    assert!(listed.contains("Ventas"), "{listed}");
    assert!(
        listed.contains("imap ventas@imap.acme.example:993 (tls) INBOX, moved to Procesado"),
        "{listed}"
    );
    assert!(listed.contains("Pipe"), "{listed}");
    assert!(!listed.contains("hunter2"), "{listed}");

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let store = SqliteStore::open(&data.join("ayuda.db")).unwrap();
    let ventas = runtime
        .block_on(store.find_mailbox("ventas"))
        .unwrap()
        .unwrap();
    let imap = ventas.imap.unwrap();
    assert_eq!(imap.password.0, "hunter2-from-stdin");
    assert_eq!(imap.port, 993);
}
