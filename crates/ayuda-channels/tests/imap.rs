//! The IMAP intake against a real Dovecot: mail put in a folder becomes tickets (a reply joins its ticket,
//! garbage is quarantined), every imported message is then marked `\Seen` or moved to the processed folder,
//! new mail is noticed through IDLE (or by polling a server without it), and a mailbox whose server never answers holds back no other.

#[path = "support/dovecot.rs"]
mod dovecot;

use std::sync::Arc;
use std::time::{Duration, Instant};

use ayuda_app::App;
use ayuda_channels::imap::{ImapIntake, ImapSettings};
use ayuda_core::clock::SystemClock;
use ayuda_core::contact::EmailAddress;
use ayuda_core::email::{ImapAccount, InboundEmail, InboundState, Mailbox, Password, TlsMode};
use ayuda_core::id::MailboxId;
use ayuda_store::Store;
use dovecot::{Client, Dovecot};
use futures_util::TryStreamExt;

const QUESTION: &str = "From: Ana García <ana@cliente.example>\r\n\
To: soporte@acme.example\r\n\
Subject: Pedido 4411 no ha llegado\r\n\
Message-ID: <ana-1@cliente.example>\r\n\
Date: Tue, 24 Nov 2026 09:00:00 +0100\r\n\
MIME-Version: 1.0\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
Content-Transfer-Encoding: 8bit\r\n\
\r\n\
Hola,\r\n\
mi pedido 4411 todavía no ha llegado. ¿Podéis mirarlo, por favor?\r\n\
Gracias, Ana\r\n";

const REPLY: &str = "From: Ana García <ana@cliente.example>\r\n\
To: soporte@acme.example\r\n\
Subject: Re: Pedido 4411 no ha llegado\r\n\
Message-ID: <ana-2@cliente.example>\r\n\
In-Reply-To: <ana-1@cliente.example>\r\n\
References: <ana-1@cliente.example>\r\n\
Date: Tue, 24 Nov 2026 09:30:00 +0100\r\n\
MIME-Version: 1.0\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
Content-Transfer-Encoding: 8bit\r\n\
\r\n\
Os mando también el número de seguimiento: 99-1234.\r\n";

/// No headers, no sender: nothing the pipeline can file, so it is quarantined.
const GARBAGE: &str = "this is not an email at all ~~ \x01\x02 ~~\r\n";

fn settings() -> ImapSettings {
    ImapSettings {
        // Long enough that only IDLE can explain new mail being noticed quickly.
        poll_interval: Duration::from_secs(60),
        rescan_interval: Duration::from_millis(500),
        response_timeout: Duration::from_secs(30),
        backoff_first: Duration::from_millis(200),
        shutdown_grace: Duration::from_secs(5),
        ..ImapSettings::default()
    }
}

fn app(store: Arc<dyn Store>) -> App {
    let blobs = std::env::temp_dir().join(format!("ayuda-imap-blobs-{}", std::process::id()));
    App::new(store, Arc::new(SystemClock)).with_blobs(ayuda_app::blobs::BlobStore::new(blobs))
}

fn mailbox(name: &str, account: ImapAccount) -> Mailbox {
    let now = ayuda_core::Timestamp::now();
    Mailbox {
        id: MailboxId::generate(),
        name: name.to_owned(),
        address: EmailAddress::parse(&format!("{}@acme.example", name.to_lowercase())).unwrap(),
        group_id: None,
        imap: Some(account),
        active: true,
        created_at: now,
        updated_at: now,
    }
}

fn account(port: u16, user: &str, processed: Option<&str>) -> ImapAccount {
    ImapAccount {
        host: "127.0.0.1".to_owned(),
        port,
        tls: TlsMode::Plain,
        user: user.to_owned(),
        password: Password(Dovecot::password(user)),
        folder: "INBOX".to_owned(),
        processed_folder: processed.map(str::to_owned),
    }
}

async fn append(client: &mut Client, folder: &str, raw: &str) {
    client
        .append(folder, None, None, raw.as_bytes())
        .await
        .expect("APPEND");
}

async fn search(client: &mut Client, folder: &str, query: &str) -> usize {
    client.select(folder).await.expect("SELECT");
    client.uid_search(query).await.expect("UID SEARCH").len()
}

async fn received(store: &Arc<dyn Store>) -> Vec<InboundEmail> {
    store.list_inbound(None, None, 100).await.unwrap().items
}

/// Waits until `check` holds, failing with `what` (and Dovecot's log) after `limit`.
async fn eventually<F, Fut>(dovecot: &Dovecot, limit: Duration, what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = Instant::now() + limit;
    while !check().await {
        assert!(
            Instant::now() < deadline,
            "{what} within {limit:?}; Dovecot's log:\n{}",
            dovecot.log()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn assert_conversation_and_quarantine(emails: &[InboundEmail]) {
    assert_eq!(emails.len(), 3, "{emails:#?}");
    let key = |key: &str| {
        emails
            .iter()
            .find(|e| e.message_key == key)
            .unwrap_or_else(|| panic!("{key} received: {emails:#?}"))
    };
    let question = key("ana-1@cliente.example");
    let reply = key("ana-2@cliente.example");
    assert_eq!(question.state, InboundState::Opened);
    assert_eq!(reply.state, InboundState::Appended);
    assert!(question.ticket_id.is_some());
    assert_eq!(
        reply.ticket_id, question.ticket_id,
        "the reply joins its ticket"
    );
    let quarantined: Vec<_> = emails
        .iter()
        .filter(|e| e.state == InboundState::Quarantined)
        .collect();
    assert_eq!(quarantined.len(), 1, "the garbage is quarantined");
    assert!(emails.iter().all(|e| e.imap.is_some()), "{emails:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mail_becomes_tickets_and_is_marked_seen_while_a_dead_server_waits_alone() {
    let Some(dovecot) = Dovecot::start(&["support"]) else {
        return;
    };
    let test = ayuda_store_tests::harness::sqlite().await;
    let store = Arc::clone(&test.store);
    let mut client = dovecot.login("support").await;
    for raw in [QUESTION, REPLY, GARBAGE] {
        append(&mut client, "INBOX", raw).await;
    }
    // A server that accepts connections and never says a word: its mailbox is created first.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let silent_port = silent.local_addr().unwrap().port();
    store
        .create_mailbox(mailbox("Silent", account(silent_port, "nobody", None)))
        .await
        .unwrap();
    let support = store
        .create_mailbox(mailbox("Soporte", account(dovecot.port(), "support", None)))
        .await
        .unwrap();

    let started = Instant::now();
    let intake = ImapIntake::spawn(app(Arc::clone(&store)), settings()).unwrap();
    eventually(
        &dovecot,
        Duration::from_secs(20),
        "three emails received",
        || {
            let store = Arc::clone(&store);
            async move { received(&store).await.len() >= 3 }
        },
    )
    .await;
    let emails = received(&store).await;
    assert_conversation_and_quarantine(&emails);
    assert!(
        emails.iter().all(|e| e.mailbox_id == Some(support.id)),
        "{emails:#?}"
    );
    let ticket = emails[0].ticket_id.or(emails[1].ticket_id).unwrap();
    assert_eq!(
        store
            .list_messages(ticket, true, None, 10)
            .await
            .unwrap()
            .items
            .len(),
        2
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    while search(&mut client, "INBOX", "UNSEEN").await > 0 {
        assert!(Instant::now() < deadline, "imported mail is marked \\Seen");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(search(&mut client, "INBOX", "SEEN NOT DELETED").await, 3);
    let first_batch = started.elapsed();
    assert!(
        first_batch < Duration::from_secs(15),
        "the silent server held the other mailbox back: {first_batch:?}"
    );

    // New mail is noticed through IDLE, long before the next poll would have found it.
    let later = QUESTION
        .replace("<ana-1@", "<ana-3@")
        .replace("Pedido 4411", "Factura 77");
    let appended = Instant::now();
    append(&mut client, "INBOX", &later).await;
    let deadline = Instant::now() + Duration::from_secs(15);
    while received(&store).await.len() < 4 {
        assert!(
            Instant::now() < deadline,
            "new mail noticed through IDLE; Dovecot's log:\n{}",
            dovecot.log()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    eprintln!("new mail ingested {:?} after APPEND", appended.elapsed());

    let stopping = Instant::now();
    intake.shutdown().await;
    assert!(
        stopping.elapsed() < Duration::from_secs(7),
        "shutdown took {:?}",
        stopping.elapsed()
    );
    drop(silent);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mail_moved_to_the_processed_folder_once_imported() {
    let Some(dovecot) = Dovecot::start(&["ventas"]) else {
        return;
    };
    let test = ayuda_store_tests::harness::sqlite().await;
    let store = Arc::clone(&test.store);
    let mut client = dovecot.login("ventas").await;
    for raw in [QUESTION, REPLY, GARBAGE] {
        append(&mut client, "INBOX", raw).await;
    }
    store
        .create_mailbox(mailbox(
            "Ventas",
            account(dovecot.port(), "ventas", Some("Procesado")),
        ))
        .await
        .unwrap();
    let intake = ImapIntake::spawn(app(Arc::clone(&store)), settings()).unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let emails = received(&store).await.len();
        let left = search(&mut client, "INBOX", "ALL").await;
        if emails >= 3 && left == 0 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{emails} received, {left} left in INBOX; Dovecot's log:\n{}",
            dovecot.log()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_conversation_and_quarantine(&received(&store).await);
    assert_eq!(search(&mut client, "Procesado", "ALL").await, 3);
    // Moved mail keeps its unread state: Ayuda fetched it without setting \Seen.
    assert_eq!(search(&mut client, "Procesado", "UNSEEN").await, 3);
    let fetched: Vec<_> = client
        .uid_fetch("1:*", "FLAGS")
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(fetched.len(), 3);
    intake.shutdown().await;
}

/// A server without IDLE is polled, and without MOVE or UIDPLUS processed mail is copied, flagged `\Deleted`
/// and expunged: nothing left behind in the inbox, nothing imported twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_without_idle_move_or_uidplus_is_polled_and_mail_copied_then_expunged() {
    let Some(dovecot) = Dovecot::start_basic(&["pocas"]) else {
        return;
    };
    let mut client = dovecot.login("pocas").await;
    let announced = client.capabilities().await.unwrap();
    for missing in ["IDLE", "MOVE", "UIDPLUS"] {
        assert!(
            !announced.has_str(missing),
            "the test server announces {missing}"
        );
    }
    let test = ayuda_store_tests::harness::sqlite().await;
    let store = Arc::clone(&test.store);
    append(&mut client, "INBOX", QUESTION).await;
    store
        .create_mailbox(mailbox(
            "Pocas",
            account(dovecot.port(), "pocas", Some("Procesado")),
        ))
        .await
        .unwrap();
    let settings = ImapSettings {
        poll_interval: Duration::from_secs(1),
        ..settings()
    };
    let intake = ImapIntake::spawn(app(Arc::clone(&store)), settings).unwrap();
    let mut watcher = dovecot.login("pocas").await;
    moved_out_of_the_inbox(&dovecot, &store, &mut watcher, 1).await;
    // Arriving while the intake waits: only a poll can notice them.
    append(&mut client, "INBOX", REPLY).await;
    append(&mut client, "INBOX", GARBAGE).await;
    moved_out_of_the_inbox(&dovecot, &store, &mut watcher, 3).await;
    assert_conversation_and_quarantine(&received(&store).await);
    assert_eq!(search(&mut watcher, "Procesado", "ALL").await, 3);
    assert_eq!(search(&mut watcher, "Procesado", "UNSEEN").await, 3);
    // The copies carry no \Deleted flag over from the inbox.
    assert_eq!(search(&mut watcher, "Procesado", "DELETED").await, 0);
    intake.shutdown().await;
    assert_eq!(received(&store).await.len(), 3);
}

/// Waits until `count` emails were received and the inbox is empty.
async fn moved_out_of_the_inbox(
    dovecot: &Dovecot,
    store: &Arc<dyn Store>,
    client: &mut Client,
    count: usize,
) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let emails = received(store).await.len();
        let left = search(client, "INBOX", "ALL").await;
        if emails >= count && left == 0 {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{emails} of {count} received, {left} left in INBOX; Dovecot's log:\n{}",
            dovecot.log()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until every mailbox's INBOX has nothing unseen and `count` emails were received.
async fn all_imported(dovecot: &Dovecot, store: &Arc<dyn Store>, users: &[&str], count: usize) {
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut clients = Vec::new();
    for user in users {
        clients.push(dovecot.login(user).await);
    }
    loop {
        let mut unseen = 0;
        for client in &mut clients {
            unseen += search(client, "INBOX", "UNSEEN").await;
        }
        let received = received(store).await.len();
        if unseen == 0 && received >= count {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{received} received, {unseen} unseen; Dovecot's log:\n{}",
            dovecot.log()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mail_arrives_over_tls_and_starttls_from_a_server_with_a_private_authority() {
    let Some(dovecot) = Dovecot::start_with_tls(&["tls", "starttls"]) else {
        return;
    };
    let test = ayuda_store_tests::harness::sqlite().await;
    let store = Arc::clone(&test.store);
    append(&mut dovecot.login("tls").await, "INBOX", QUESTION).await;
    append(&mut dovecot.login("starttls").await, "INBOX", REPLY).await;
    let mut tls = account(dovecot.tls_port(), "tls", None);
    tls.host = "localhost".to_owned();
    tls.tls = TlsMode::Tls;
    let mut starttls = account(dovecot.port(), "starttls", None);
    starttls.host = "localhost".to_owned();
    starttls.tls = TlsMode::StartTls;
    store.create_mailbox(mailbox("Tls", tls)).await.unwrap();
    store
        .create_mailbox(mailbox("StartTls", starttls))
        .await
        .unwrap();
    let settings = ImapSettings {
        extra_roots_pem: Some(dovecot.ca_pem()),
        ..settings()
    };
    let intake = ImapIntake::spawn(app(Arc::clone(&store)), settings).unwrap();
    all_imported(&dovecot, &store, &["tls", "starttls"], 2).await;
    let log = dovecot.log();
    for user in ["tls", "starttls"] {
        let login = format!("Login: user=<{user}>");
        assert!(
            log.lines()
                .any(|line| line.contains(&login) && line.contains(", TLS,")),
            "Ayuda logged in as {user} over TLS: {log}"
        );
    }
    intake.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_password_never_goes_to_an_untrusted_server_or_without_starttls() {
    // A certificate from an authority nobody trusts.
    let Some(untrusted) = Dovecot::start_with_tls(&["support"]) else {
        return;
    };
    // A server that offers no STARTTLS at all: no falling back to plain text.
    let Some(plain) = Dovecot::start(&["support"]) else {
        return;
    };
    let test = ayuda_store_tests::harness::sqlite().await;
    let store = Arc::clone(&test.store);
    append(&mut untrusted.login("support").await, "INBOX", QUESTION).await;
    append(&mut plain.login("support").await, "INBOX", REPLY).await;
    // The test's own logins above are in the logs; only what comes after counts.
    let (untrusted_before, plain_before) = (untrusted.log().len(), plain.log().len());
    let mut tls = account(untrusted.tls_port(), "support", None);
    tls.host = "localhost".to_owned();
    tls.tls = TlsMode::Tls;
    let mut starttls = account(plain.port(), "support", None);
    starttls.tls = TlsMode::StartTls;
    starttls.host = "localhost".to_owned();
    store.create_mailbox(mailbox("Tls", tls)).await.unwrap();
    store
        .create_mailbox(mailbox("StartTls", starttls))
        .await
        .unwrap();
    let intake = ImapIntake::spawn(app(Arc::clone(&store)), settings()).unwrap();
    // Several attempts each, with the backoff starting at 200 ms.
    tokio::time::sleep(Duration::from_secs(2)).await;
    intake.shutdown().await;
    assert!(received(&store).await.is_empty());
    for (dovecot, before) in [(&untrusted, untrusted_before), (&plain, plain_before)] {
        let log = dovecot.log();
        let attempts = &log[before..];
        assert!(!attempts.contains("Login: user=<support>"), "{attempts}");
        assert!(!attempts.contains("auth failed"), "{attempts}");
        assert_eq!(
            search(&mut dovecot.login("support").await, "INBOX", "UNSEEN").await,
            1
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_intake_follows_mailboxes_as_they_are_added_changed_and_deactivated() {
    let Some(dovecot) = Dovecot::start(&["first", "second"]) else {
        return;
    };
    let test = ayuda_store_tests::harness::sqlite().await;
    let store = Arc::clone(&test.store);
    let intake = ImapIntake::spawn(app(Arc::clone(&store)), settings()).unwrap();
    let mut first = dovecot.login("first").await;
    let mut second = dovecot.login("second").await;

    // Added while the intake runs: picked up at the next rescan.
    let added = store
        .create_mailbox(mailbox("Soporte", account(dovecot.port(), "first", None)))
        .await
        .unwrap();
    append(&mut first, "INBOX", QUESTION).await;
    all_imported(&dovecot, &store, &["first"], 1).await;

    // Pointed at another account: the old task stops, a new one fetches from the new account.
    let changed = store
        .update_mailbox(Mailbox {
            imap: Some(account(dovecot.port(), "second", None)),
            updated_at: ayuda_core::Timestamp::now(),
            ..added
        })
        .await
        .unwrap();
    append(&mut second, "INBOX", REPLY).await;
    all_imported(&dovecot, &store, &["second"], 2).await;
    let emails = received(&store).await;
    assert_eq!(emails[1].state, InboundState::Appended, "{emails:#?}");
    let later = QUESTION
        .replace("<ana-1@", "<ana-5@")
        .replace("Pedido 4411", "Pedido 5000");
    append(&mut first, "INBOX", &later).await;

    // Deactivated: its mail stays on the server.
    store
        .update_mailbox(Mailbox {
            active: false,
            updated_at: ayuda_core::Timestamp::now(),
            ..changed
        })
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let garbage_later = GARBAGE.replace("at all", "at all, again");
    append(&mut second, "INBOX", &garbage_later).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(received(&store).await.len(), 2);
    assert_eq!(search(&mut first, "INBOX", "UNSEEN").await, 1);
    assert_eq!(search(&mut second, "INBOX", "UNSEEN").await, 1);
    intake.shutdown().await;
}
