//! The outbox end to end over real SMTP (aiosmtpd) and a real store (SQLite): a customer's email opens a
//! ticket whose acknowledgement arrives threaded and signed, so the customer's answer to it lands on the
//! same ticket; an agent's reply goes to the requester with the followers in Cc; and the server's refusals
//! leave the outbox row failed (550) or waiting for its retry (451); and a customer's sign-up link arrives and
//! signs them in once.

#[path = "support/smtp_server.rs"]
mod smtp_server;

use std::sync::Arc;
use std::time::Duration;

use ayuda_app::App;
use ayuda_app::auth::NewAgent;
use ayuda_app::email::EmailConfig;
use ayuda_app::email::ingest::{Delivery, Ingested};
use ayuda_app::tickets::PostMessage;
use ayuda_channels::smtp::{SmtpSettings, SmtpTransport};
use ayuda_core::clock::SystemClock;
use ayuda_core::contact::EmailAddress;
use ayuda_core::email::{InboundSource, OutboxKind, OutboxMail, OutboxState, TlsMode};
use ayuda_core::event::Via;
use ayuda_core::id::TicketId;
use ayuda_core::permission::Principal;
use ayuda_store::Store;
use smtp_server::SmtpServer;

const SUPPORT: &str = "soporte@acme.example";

struct Desk {
    app: App,
    store: Arc<dyn Store>,
    transport: SmtpTransport,
    server: SmtpServer,
    _test: ayuda_store_tests::harness::TestStore,
    _blobs: tempfile::TempDir,
}

async fn desk() -> Option<Desk> {
    let server = SmtpServer::start()?;
    let test = ayuda_store_tests::harness::sqlite().await;
    let store = Arc::clone(&test.store);
    let blobs = tempfile::tempdir().unwrap();
    let app = App::new(Arc::clone(&store), Arc::new(SystemClock))
        .with_blobs(ayuda_app::blobs::BlobStore::new(blobs.path()))
        .with_email(EmailConfig {
            from: Some(EmailAddress::parse(SUPPORT).unwrap()),
            ..Default::default()
        });
    let mut settings = SmtpSettings::new("127.0.0.1", TlsMode::Plain);
    settings.port = server.port();
    settings.timeout = Duration::from_secs(10);
    let transport = SmtpTransport::new(settings).unwrap();
    Some(Desk {
        app,
        store,
        transport,
        server,
        _test: test,
        _blobs: blobs,
    })
}

fn delivery(headers: &[(&str, &str)], body: &str) -> Delivery {
    let mut raw = String::new();
    for (name, value) in headers {
        raw.push_str(&format!("{name}: {value}\r\n"));
    }
    raw.push_str("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n");
    raw.push_str(&body.replace('\n', "\r\n"));
    Delivery {
        raw: raw.into_bytes(),
        source: InboundSource::Http,
        mailbox: None,
        imap: None,
    }
}

/// A customer's first email: opens a ticket.
async fn opened(desk: &Desk, from: &str, message_id: &str) -> (TicketId, i64) {
    let first = delivery(
        &[
            ("From", from),
            ("To", SUPPORT),
            ("Subject", "Pedido 4411 no ha llegado"),
            ("Message-ID", message_id),
        ],
        "Hola,\nmi pedido 4411 todavía no ha llegado y ya han pasado dos semanas. ¿Podéis mirarlo?\nGracias\n",
    );
    match desk.app.ingest_email(first).await.unwrap() {
        Ingested::Opened { ticket, number } => (ticket, number.0),
        other => panic!("a new email opens a ticket, not {other:?}"),
    }
}

async fn outbox(desk: &Desk, ticket: TicketId) -> Vec<OutboxMail> {
    desk.store.list_outbox(ticket).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_acknowledgement_arrives_threaded_and_the_answer_to_it_joins_the_ticket() {
    let Some(desk) = desk().await else {
        return;
    };
    let (ticket, number) = opened(
        &desk,
        "Ana García <ana@cliente.example>",
        "<ana-1@cliente.example>",
    )
    .await;
    assert_eq!(
        desk.app.send_due_mail(&desk.transport, 10).await.unwrap(),
        1
    );

    let received = desk.server.received();
    assert_eq!(received.len(), 1, "one acknowledgement");
    let ack = &received[0];
    assert_eq!(ack.mail_from, SUPPORT);
    assert_eq!(ack.rcpt_tos, ["ana@cliente.example"]);
    let raw = ack.text();
    assert!(
        raw.lines()
            .any(|l| l.eq_ignore_ascii_case("Auto-Submitted: auto-replied")),
        "{raw}"
    );
    let parsed = ayuda_mail::parse(&ack.data).unwrap();
    assert!(
        parsed.subject.contains(&format!("[#{number}]")),
        "{}",
        parsed.subject
    );
    assert!(parsed.subject.contains("Pedido 4411 no ha llegado"));
    assert_eq!(parsed.in_reply_to, ["ana-1@cliente.example"]);
    let text = parsed.text.unwrap_or_default();
    assert!(text.contains("Hemos recibido tu mensaje"), "{text}");
    assert!(text.contains(&format!("número {number}")), "{text}");
    let ack_id = parsed
        .message_id
        .expect("the acknowledgement has a Message-ID");
    assert!(ack_id.ends_with("@acme.example"), "{ack_id}");

    let rows = outbox(&desk, ticket).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].kind, OutboxKind::Acknowledgement);
    assert_eq!(rows[0].state, OutboxState::Sent);
    assert!(rows[0].sent_at.is_some());
    assert_eq!(rows[0].last_error, None);
    // Nothing is due any more.
    assert_eq!(
        desk.app.send_due_mail(&desk.transport, 10).await.unwrap(),
        0
    );

    // Ana answers the acknowledgement from a client that drops the subject's token: its In-Reply-To, our
    // signed Message-ID, is enough to find the ticket.
    let answer = delivery(
        &[
            ("From", "Ana García <ana@cliente.example>"),
            ("To", SUPPORT),
            ("Subject", "Re: Pedido 4411 no ha llegado"),
            ("Message-ID", "<ana-2@cliente.example>"),
            ("In-Reply-To", &format!("<{ack_id}>")),
        ],
        "El número de seguimiento es ES-99.\n",
    );
    assert_eq!(
        desk.app.ingest_email(answer).await.unwrap(),
        Ingested::Appended {
            ticket,
            number: ayuda_core::id::TicketNumber(number)
        }
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agent_reply_goes_to_the_requester_with_followers_in_cc() {
    let Some(desk) = desk().await else {
        return;
    };
    let first = delivery(
        &[
            ("From", "Ana García <ana@cliente.example>"),
            ("To", SUPPORT),
            ("Cc", "Luis Pérez <luis@cliente.example>"),
            ("Subject", "Factura duplicada"),
            ("Message-ID", "<ana-1@cliente.example>"),
        ],
        "Hola,\nnos habéis cobrado dos veces la factura de octubre. ¿Podéis devolver el importe?\n",
    );
    let Ingested::Opened { ticket, number } = desk.app.ingest_email(first).await.unwrap() else {
        panic!("a new email opens a ticket");
    };
    let follow_up = delivery(
        &[
            ("From", "Ana García <ana@cliente.example>"),
            ("To", SUPPORT),
            ("Subject", &format!("Re: [#{}] Factura duplicada", number.0)),
            ("Message-ID", "<ana-2@cliente.example>"),
            ("In-Reply-To", "<ana-1@cliente.example>"),
        ],
        "Adjunto el extracto del banco.\n",
    );
    assert!(matches!(
        desk.app.ingest_email(follow_up).await.unwrap(),
        Ingested::Appended { .. }
    ));
    // The acknowledgement goes first, out of the way.
    assert_eq!(
        desk.app.send_due_mail(&desk.transport, 10).await.unwrap(),
        1
    );

    let agent = desk
        .app
        .add_agent(NewAgent {
            email: "marta@acme.example".into(),
            name: "Marta Ruiz".into(),
            role: "agent".into(),
            languages: vec!["es".into()],
            ..Default::default()
        })
        .await
        .unwrap();
    let principal = Principal::Agent {
        id: agent.id,
        role: agent.role,
        group_ids: agent.group_ids.clone(),
    };
    let reply = desk
        .app
        .post_message(
            &principal,
            Via::Ui,
            ticket,
            PostMessage {
                body: Some("Hola Ana:\n\nYa hemos devuelto el importe duplicado.\n\nMarta".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let queued: Vec<_> = outbox(&desk, ticket)
        .await
        .into_iter()
        .filter(|m| m.kind == OutboxKind::Reply)
        .collect();
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].state, OutboxState::Pending);
    assert_eq!(queued[0].message_id, Some(reply.id));

    assert_eq!(
        desk.app.send_due_mail(&desk.transport, 10).await.unwrap(),
        1
    );
    let received = desk.server.received();
    assert_eq!(received.len(), 2);
    let sent = &received[1];
    assert_eq!(sent.mail_from, SUPPORT);
    assert_eq!(
        sent.rcpt_tos,
        ["ana@cliente.example", "luis@cliente.example"]
    );
    let parsed = ayuda_mail::parse(&sent.data).unwrap();
    let addresses =
        |list: &[ayuda_mail::Mailbox]| list.iter().map(|m| m.address.clone()).collect::<Vec<_>>();
    assert_eq!(addresses(&parsed.to), ["ana@cliente.example"]);
    assert_eq!(addresses(&parsed.cc), ["luis@cliente.example"]);
    assert_eq!(parsed.in_reply_to, ["ana-2@cliente.example"]);
    assert!(
        parsed
            .references
            .contains(&"ana-1@cliente.example".to_owned())
            && parsed
                .references
                .contains(&"ana-2@cliente.example".to_owned()),
        "{:?}",
        parsed.references
    );
    assert!(
        parsed.subject.contains(&format!("[#{}]", number.0)),
        "{}",
        parsed.subject
    );
    let text = parsed.text.unwrap_or_default();
    assert!(
        text.contains("Ya hemos devuelto el importe duplicado."),
        "{text}"
    );
    let raw = sent.text();
    assert!(
        !raw.lines()
            .any(|l| l.to_ascii_lowercase().starts_with("auto-submitted: auto")),
        "a person's reply is not automatic"
    );
    // The Message-ID it went out with is the one kept on the reply, so answers to it thread.
    let stored = desk
        .store
        .list_messages(ticket, true, None, 10)
        .await
        .unwrap()
        .items
        .into_iter()
        .find(|m| m.id == reply.id)
        .unwrap();
    assert_eq!(
        stored
            .external_id
            .as_deref()
            .map(|id| id.trim_matches(['<', '>'])),
        parsed.message_id.as_deref()
    );
    let row = outbox(&desk, ticket)
        .await
        .into_iter()
        .find(|m| m.kind == OutboxKind::Reply)
        .unwrap();
    assert_eq!(row.state, OutboxState::Sent);

    // Luis's mailbox is gone: the next reply still reaches Ana, and the agents see that Luis's copy failed.
    desk.server.answer(
        "luis@cliente.example",
        Some("550 5.1.1 <luis@cliente.example>: Recipient address rejected: User unknown"),
    );
    let second = desk
        .app
        .post_message(
            &principal,
            Via::Ui,
            ticket,
            PostMessage {
                body: Some("Os confirmo también el abono en la próxima factura.".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        desk.app.send_due_mail(&desk.transport, 10).await.unwrap(),
        1
    );
    let received = desk.server.received();
    let last = received.last().unwrap();
    assert_eq!(last.rcpt_tos, ["ana@cliente.example"], "Ana got her copy");
    let row = outbox(&desk, ticket)
        .await
        .into_iter()
        .find(|m| m.message_id == Some(second.id))
        .unwrap();
    assert_eq!(row.state, OutboxState::Sent);
    let notes: Vec<String> = desk
        .store
        .list_messages(ticket, true, None, 20)
        .await
        .unwrap()
        .items
        .into_iter()
        .filter(|m| m.internal)
        .map(|m| m.body_text)
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("luis@cliente.example") && n.contains("550")),
        "{notes:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_permanent_refusal_fails_the_mail_and_a_temporary_one_retries_later() {
    let Some(desk) = desk().await else {
        return;
    };
    desk.server.answer(
        "gone@cliente.example",
        Some("550 5.1.1 <gone@cliente.example>: Recipient address rejected: User unknown"),
    );
    desk.server.answer(
        "busy@cliente.example",
        Some("451 4.7.1 Greylisted, please try again later"),
    );
    let (gone, _) = opened(&desk, "gone@cliente.example", "<gone-1@cliente.example>").await;
    let (busy, _) = opened(&desk, "busy@cliente.example", "<busy-1@cliente.example>").await;
    let before = desk.app.clock().now();
    assert_eq!(
        desk.app.send_due_mail(&desk.transport, 10).await.unwrap(),
        2
    );
    assert!(desk.server.received().is_empty());

    let failed = &outbox(&desk, gone).await[0];
    assert_eq!(failed.state, OutboxState::Failed);
    let error = failed.last_error.as_deref().unwrap_or_default();
    assert!(error.contains("550"), "{error}");
    assert!(
        error.contains("Recipient address rejected: User unknown"),
        "{error}"
    );
    // The agents see it on the ticket.
    let notes: Vec<String> = desk
        .store
        .list_messages(gone, true, None, 10)
        .await
        .unwrap()
        .items
        .into_iter()
        .filter(|m| m.internal)
        .map(|m| m.body_text)
        .collect();
    assert!(
        notes.iter().any(|n| n.contains("User unknown")),
        "{notes:?}"
    );

    let waiting = &outbox(&desk, busy).await[0];
    assert_eq!(waiting.state, OutboxState::Pending);
    assert_eq!(waiting.attempts, 1);
    assert!(waiting.next_attempt_at > before, "{waiting:?}");
    let error = waiting.last_error.as_deref().unwrap_or_default();
    assert!(error.contains("Greylisted"), "{error}");
    let noted = desk
        .store
        .list_messages(busy, true, None, 10)
        .await
        .unwrap()
        .items
        .iter()
        .any(|m| m.internal);
    assert!(!noted, "a mail still being retried is not a failure yet");
    // Not due again yet: the retry waits for its time.
    assert_eq!(
        desk.app.send_due_mail(&desk.transport, 10).await.unwrap(),
        0
    );
}

/// The link in a sign-in mail's text.
fn link_in(text: &str) -> String {
    text.split_whitespace()
        .find(|w| w.starts_with("https://help.acme.example/portal/sign-in/link/"))
        .unwrap_or_else(|| panic!("no link in {text}"))
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sign_up_link_arrives_by_smtp_in_the_customers_language_and_signs_in_once() {
    let Some(desk) = desk().await else {
        return;
    };
    let app = desk
        .app
        .clone()
        .with_public_url("https://help.acme.example/".into());
    app.request_sign_in_link(
        "giulia@cliente.example",
        ayuda_app::sign_in_link::LinkRequest::SignUp {
            name: "Giulia Bianchi",
        },
        "it",
    )
    .await
    .unwrap();
    // Asking to sign in with an address nobody has sends nothing.
    app.request_sign_in_link(
        "nessuno@cliente.example",
        ayuda_app::sign_in_link::LinkRequest::SignIn,
        "it",
    )
    .await
    .unwrap();
    assert_eq!(app.send_due_mail(&desk.transport, 10).await.unwrap(), 1);

    let received = desk.server.received();
    assert_eq!(received.len(), 1, "one mail, to the newcomer");
    assert_eq!(received[0].mail_from, SUPPORT);
    assert_eq!(received[0].rcpt_tos, ["giulia@cliente.example"]);
    let raw = received[0].text();
    assert!(
        raw.lines()
            .any(|l| l.eq_ignore_ascii_case("Auto-Submitted: auto-generated")),
        "{raw}"
    );
    let parsed = ayuda_mail::parse(&received[0].data).unwrap();
    assert_eq!(parsed.subject, "Il tuo link per accedere");
    let text = parsed.text.unwrap_or_default();
    assert!(text.contains("30 minuti"), "{text}");
    let link = link_in(&text);
    let token = link.rsplit('/').next().unwrap();

    // Nobody has the address until the link is used; using it creates the customer, named as they said.
    let identity = ayuda_core::contact::Identity::email(
        &EmailAddress::parse("giulia@cliente.example").unwrap(),
    );
    assert!(desk.store.find_contact(&identity).await.unwrap().is_none());
    let secret = app.sign_in_with_link(token).await.unwrap();
    let session = app.authenticate(&secret).await.unwrap();
    let contact = desk.store.find_contact(&identity).await.unwrap().unwrap();
    assert_eq!(contact.name.as_str(), "Giulia Bianchi");
    assert!(matches!(
        session.principal,
        Principal::Customer { contact_id, .. } if contact_id == contact.id
    ));
    // The link works once; a link with one character changed never works.
    assert!(matches!(
        app.sign_in_with_link(token).await,
        Err(ayuda_app::AppError::Unauthenticated)
    ));
    let mut forged = token.to_owned();
    let last = if forged.ends_with('0') { "1" } else { "0" };
    forged.replace_range(forged.len() - 1.., last);
    assert!(matches!(
        app.sign_in_with_link(&forged).await,
        Err(ayuda_app::AppError::Unauthenticated)
    ));
}
