//! A whole conversation by email through real servers: a customer writes to a Dovecot mailbox and the ticket
//! appears; the acknowledgement and the agent's reply leave through a real SMTP server (aiosmtpd) with the
//! threading headers right; the customer's answer from Thunderbird, quoting the history, lands on the same
//! ticket with only its new text; the colleague in Cc answers all from Outlook and joins the same ticket.

// Each test file uses a part of the shared harnesses.
#[allow(dead_code)]
#[path = "support/dovecot.rs"]
mod dovecot;
#[path = "support/smtp_server.rs"]
mod smtp_server;

use std::sync::Arc;
use std::time::{Duration, Instant};

use ayuda_app::App;
use ayuda_app::auth::NewAgent;
use ayuda_app::email::EmailConfig;
use ayuda_app::tickets::PostMessage;
use ayuda_channels::imap::{ImapIntake, ImapSettings};
use ayuda_channels::smtp::{SmtpSettings, SmtpTransport};
use ayuda_core::clock::SystemClock;
use ayuda_core::contact::EmailAddress;
use ayuda_core::email::{ImapAccount, InboundState, Mailbox, Password, TlsMode};
use ayuda_core::event::Via;
use ayuda_core::id::{MailboxId, TicketId};
use ayuda_core::permission::Principal;
use ayuda_store::Store;
use dovecot::Dovecot;
use smtp_server::SmtpServer;

const SUPPORT: &str = "soporte@acme.example";

async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(20);
    while !check().await {
        assert!(Instant::now() < deadline, "{what} within 20 s");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn texts(store: &Arc<dyn Store>, ticket: TicketId) -> Vec<String> {
    store
        .list_messages(ticket, false, None, 50)
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|m| m.body_text)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_conversation_by_email_through_real_servers_stays_on_one_ticket() {
    let Some(dovecot) = Dovecot::start(&["soporte"]) else {
        return;
    };
    let Some(smtp) = SmtpServer::start() else {
        return;
    };
    let test = ayuda_store_tests::harness::sqlite().await;
    let store = Arc::clone(&test.store);
    let blobs = tempfile::tempdir().unwrap();
    let app = App::new(Arc::clone(&store), Arc::new(SystemClock))
        .with_blobs(ayuda_app::blobs::BlobStore::new(blobs.path()))
        .with_email(EmailConfig::default());
    let now = ayuda_core::Timestamp::now();
    store
        .create_mailbox(Mailbox {
            id: MailboxId::generate(),
            name: "Soporte".into(),
            address: EmailAddress::parse(SUPPORT).unwrap(),
            group_id: None,
            imap: Some(ImapAccount {
                host: "127.0.0.1".into(),
                port: dovecot.port(),
                tls: TlsMode::Plain,
                user: "soporte".into(),
                password: Password(Dovecot::password("soporte")),
                folder: "INBOX".into(),
                processed_folder: None,
            }),
            active: true,
            created_at: now,
            updated_at: now,
        })
        .await
        .unwrap();
    let mut settings = SmtpSettings::new("127.0.0.1", TlsMode::Plain);
    settings.port = smtp.port();
    let transport = SmtpTransport::new(settings).unwrap();
    let intake = ImapIntake::spawn(
        app.clone(),
        ImapSettings {
            rescan_interval: Duration::from_millis(300),
            backoff_first: Duration::from_millis(200),
            shutdown_grace: Duration::from_secs(5),
            ..ImapSettings::default()
        },
    )
    .unwrap();
    let mut customer = dovecot.login("soporte").await;

    // 1. Ana writes, with her colleague Luis in Cc.
    customer
        .append(
            "INBOX",
            None,
            None,
            "From: Ana García <ana@cliente.example>\r\nTo: Soporte <soporte@acme.example>\r\n\
             Cc: Luis Pérez <luis@cliente.example>\r\nSubject: Pedido 4411 no ha llegado\r\n\
             Message-ID: <ana-1@cliente.example>\r\nDate: Tue, 24 Nov 2026 09:00:00 +0100\r\n\
             MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
             Hola,\r\nmi pedido 4411 todavía no ha llegado. ¿Podéis mirarlo?\r\nGracias, Ana\r\n"
                .as_bytes(),
        )
        .await
        .unwrap();
    let mut ticket = None;
    eventually("the ticket appears", || {
        let store = Arc::clone(&store);
        async move {
            let emails = store.list_inbound(None, None, 10).await.unwrap().items;
            emails.first().and_then(|e| e.ticket_id).is_some()
        }
    })
    .await;
    if let Some(email) = store
        .list_inbound(None, None, 10)
        .await
        .unwrap()
        .items
        .first()
    {
        ticket = email.ticket_id;
    }
    let ticket = ticket.unwrap();
    let number = store.get_ticket(ticket).await.unwrap().unwrap().number.0;

    // 2. The acknowledgement goes out, then an agent answers.
    assert_eq!(app.send_due_mail(&transport, 10).await.unwrap(), 1);
    let agent = app
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
    app.post_message(
        &principal,
        Via::Ui,
        ticket,
        PostMessage {
            body: Some("Hola Ana:\n\n¿Nos puedes dar el número de seguimiento?\n\nMarta".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(app.send_due_mail(&transport, 10).await.unwrap(), 1);
    let sent = smtp.received();
    assert_eq!(sent.len(), 2);
    let ack = ayuda_mail::parse(&sent[0].data).unwrap();
    assert_eq!(ack.automation, ayuda_mail::Automation::AutoReply);
    let reply = ayuda_mail::parse(&sent[1].data).unwrap();
    assert_eq!(
        sent[1].rcpt_tos,
        ["ana@cliente.example", "luis@cliente.example"]
    );
    assert_eq!(reply.from.as_ref().unwrap().address, SUPPORT);
    assert!(
        reply.subject.contains(&format!("[#{number}]")),
        "{}",
        reply.subject
    );
    assert_eq!(reply.in_reply_to, ["ana-1@cliente.example"]);
    assert_eq!(reply.references, ["ana-1@cliente.example"]);
    let reply_id = reply.message_id.clone().unwrap();
    let reply_to = reply.reply_to[0].address.clone();
    assert!(reply_to.starts_with("soporte+t"), "{reply_to}");

    // 3. Ana answers from Thunderbird, quoting the reply.
    customer
        .append(
            "INBOX",
            None,
            None,
            format!(
                "From: Ana García <ana@cliente.example>\r\nTo: {reply_to}\r\nCc: luis@cliente.example\r\n\
                 Subject: Re: {}\r\nMessage-ID: <ana-2@cliente.example>\r\n\
                 In-Reply-To: <{reply_id}>\r\nReferences: <ana-1@cliente.example> <{reply_id}>\r\n\
                 User-Agent: Mozilla Thunderbird\r\nMIME-Version: 1.0\r\n\
                 Content-Type: text/plain; charset=utf-8; format=flowed\r\n\r\n\
                 Claro, es el ES-99-1234.\r\n\r\n\
                 El 24/11/26 a las 10:05, Soporte escribió:\r\n> Hola Ana:\r\n>\r\n\
                 > ¿Nos puedes dar el número de seguimiento?\r\n>\r\n> Marta\r\n",
                reply.subject
            )
            .as_bytes(),
        )
        .await
        .unwrap();
    // 4. Luis answers all from Outlook, with its header block above the history.
    customer
        .append(
            "INBOX",
            None,
            None,
            format!(
                "From: Luis Pérez <luis@cliente.example>\r\nTo: {reply_to}\r\n\
                 Cc: Ana García <ana@cliente.example>\r\nSubject: RE: {}\r\n\
                 Message-ID: <luis-1@cliente.example>\r\nIn-Reply-To: <{reply_id}>\r\n\
                 Thread-Index: AQHZ1234567890\r\nX-Mailer: Microsoft Outlook 16.0\r\nMIME-Version: 1.0\r\n\
                 Content-Type: text/plain; charset=utf-8\r\n\r\n\
                 Os confirmo que en la tienda tampoco ha llegado.\r\n\r\n\
                 ________________________________\r\nDe: Soporte <soporte@acme.example>\r\n\
                 Enviado: martes, 24 de noviembre de 2026 10:05\r\nPara: Ana García\r\n\
                 CC: Luis Pérez\r\nAsunto: {}\r\n\r\nHola Ana:\r\n\r\n\
                 ¿Nos puedes dar el número de seguimiento?\r\n",
                reply.subject, reply.subject
            )
            .as_bytes(),
        )
        .await
        .unwrap();
    eventually("both answers are received", || {
        let store = Arc::clone(&store);
        async move {
            store
                .list_inbound(None, None, 10)
                .await
                .unwrap()
                .items
                .len()
                == 3
        }
    })
    .await;
    let emails = store.list_inbound(None, None, 10).await.unwrap().items;
    assert!(
        emails
            .iter()
            .all(|e| e.ticket_id == Some(ticket) && e.state != InboundState::Quarantined),
        "{emails:#?}"
    );
    assert_eq!(
        texts(&store, ticket).await,
        [
            "Hola,\nmi pedido 4411 todavía no ha llegado. ¿Podéis mirarlo?\nGracias, Ana",
            "Hola Ana:\n\n¿Nos puedes dar el número de seguimiento?\n\nMarta",
            "Claro, es el ES-99-1234.",
            "Os confirmo que en la tienda tampoco ha llegado.",
        ]
    );
    intake.shutdown().await;
}
