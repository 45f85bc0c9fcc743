//! The LMTP listener with a real LMTP client (Python's `smtplib.LMTP`): several messages over one
//! connection, each answered per recipient only once committed, dot-stuffing undone, the mailbox chosen by
//! the recipient's address, and a message delivered to two addresses of one mailbox taken in once.

use std::sync::Arc;

use ayuda_app::App;
use ayuda_channels::lmtp::LmtpListener;
use ayuda_core::clock::SystemClock;
use ayuda_core::contact::EmailAddress;
use ayuda_core::email::{InboundSource, InboundState, Mailbox};
use ayuda_core::id::MailboxId;

const PYTHON: &str = "/usr/bin/python3";

/// Delivers three messages over one LMTP session and prints the answers to each.
const CLIENT: &str = r#"
import smtplib, sys
port = int(sys.argv[1])
messages = [
    ("ana@cliente.example", ["soporte@acme.example", "soporte+es@acme.example"],
     "From: Ana <ana@cliente.example>\r\nTo: soporte@acme.example\r\nSubject: Factura 77\r\n"
     "Message-ID: <lmtp-1@cliente.example>\r\n\r\nLa factura 77 tiene un error.\r\n"
     ".Esta linea empieza con un punto.\r\n"),
    ("ana@cliente.example", ["soporte@acme.example"],
     "From: Ana <ana@cliente.example>\r\nTo: soporte@acme.example\r\nSubject: Re: Factura 77\r\n"
     "Message-ID: <lmtp-2@cliente.example>\r\nIn-Reply-To: <lmtp-1@cliente.example>\r\n\r\n"
     "Os mando la factura corregida.\r\n"),
    ("luis@cliente.example", ["otro@elsewhere.example"],
     "From: Luis <luis@cliente.example>\r\nTo: otro@elsewhere.example\r\nSubject: Hola\r\n"
     "Message-ID: <lmtp-3@cliente.example>\r\n\r\nSin buzon.\r\n"),
]
client = smtplib.LMTP("127.0.0.1", port)
client.ehlo_or_helo_if_needed = lambda: None
code, _ = client.docmd("LHLO", "mta.example")
assert code == 250, code
for sender, recipients, text in messages:
    assert client.mail(sender)[0] == 250
    for recipient in recipients:
        assert client.rcpt(recipient)[0] == 250
    # LMTP answers the data once per recipient; smtplib reads the first, the rest are read here.
    answers = [client.data(text.encode())]
    answers += [client.getreply() for _ in recipients[1:]]
    print("answers", [code for code, _ in answers], [text.decode() for _, text in answers])
client.quit()
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_mta_delivers_several_messages_over_one_lmtp_session() {
    if !std::path::Path::new(PYTHON).exists() {
        let message = "skipping: /usr/bin/python3 is missing (apt-get install python3)";
        if std::env::var("AYUDA_TEST_STRICT").is_ok_and(|strict| strict == "1") {
            panic!("{message}");
        }
        eprintln!("{message}");
        return;
    }
    let test = ayuda_store_tests::harness::sqlite().await;
    let store = Arc::clone(&test.store);
    let blobs = tempfile::tempdir().unwrap();
    let app = App::new(Arc::clone(&store), Arc::new(SystemClock))
        .with_blobs(ayuda_app::blobs::BlobStore::new(blobs.path()));
    let now = ayuda_core::Timestamp::now();
    let soporte = store
        .create_mailbox(Mailbox {
            id: MailboxId::generate(),
            name: "Soporte".into(),
            address: EmailAddress::parse("soporte@acme.example").unwrap(),
            group_id: None,
            imap: None,
            active: true,
            created_at: now,
            updated_at: now,
        })
        .await
        .unwrap();
    let listener = LmtpListener::bind(app, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let port = listener.address().port().to_string();
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new(PYTHON)
            .args(["-c", CLIENT, &port])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<&str> = said.lines().collect();
    assert_eq!(lines.len(), 3, "{said}");
    assert!(lines[0].starts_with("answers [250, 250]"), "{said}");
    assert!(lines[0].contains("opened ticket #1"), "{said}");
    assert!(
        lines[1].starts_with("answers [250]") && lines[1].contains("added to ticket #1"),
        "{said}"
    );
    assert!(lines[2].starts_with("answers [250]"), "{said}");

    let emails = store.list_inbound(None, None, 10).await.unwrap().items;
    assert_eq!(emails.len(), 3, "{emails:#?}");
    assert!(emails.iter().all(|e| e.source == InboundSource::Lmtp));
    assert_eq!(emails[0].state, InboundState::Opened);
    assert_eq!(emails[0].mailbox_id, Some(soporte.id));
    assert_eq!(emails[1].state, InboundState::Appended);
    assert_eq!(emails[1].ticket_id, emails[0].ticket_id);
    assert_eq!(emails[2].mailbox_id, None, "an address of no mailbox");
    let ticket = emails[0].ticket_id.unwrap();
    let first = &store
        .list_messages(ticket, false, None, 10)
        .await
        .unwrap()
        .items[0];
    assert!(
        first
            .body_text
            .contains("\n.Esta linea empieza con un punto."),
        "dot-stuffing undone: {:?}",
        first.body_text
    );
}
