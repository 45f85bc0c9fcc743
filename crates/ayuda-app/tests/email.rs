//! The email intake pipeline end to end over a real store (SQLite and PostgreSQL): a customer's email opens
//! a ticket and is acknowledged, replies and reply-alls join it with only their new text, duplicates are
//! ignored, bounces are noted, machine mail is never answered, and a message that cannot be read is
//! quarantined with its raw bytes.

use std::sync::Arc;

use ayuda_app::App;
use ayuda_app::email::ingest::{Delivery, Ingested};
use ayuda_core::clock::SystemClock;
use ayuda_core::contact::{EmailAddress, Identity};
use ayuda_core::email::{InboundSource, InboundState, OutboxKind};
use ayuda_core::ticket::Status;
use ayuda_store::Store;

use ayuda_store_tests::on_both_stores;

on_both_stores!(
    a_conversation_by_email_stays_in_one_ticket,
    the_same_email_twice_is_stored_once,
    unreadable_mail_is_quarantined_with_its_bytes_and_can_be_retried,
    a_bounce_of_our_acknowledgement_is_noted_on_the_ticket,
    machine_mail_opens_a_ticket_but_is_never_answered,
    an_autoresponder_loop_stops_by_itself,
    a_subject_token_only_counts_for_participants,
    a_reply_to_a_closed_ticket_follows_up_or_reopens,
    triggers_act_on_mail_from_people_and_never_on_machines,
    a_trigger_writes_to_the_customer_in_their_language,
);

fn app(store: Arc<dyn Store>) -> App {
    let dir = std::env::temp_dir().join(format!("ayuda-app-blobs-{}", uuid::Uuid::now_v7()));
    App::new(store, Arc::new(SystemClock)).with_blobs(ayuda_app::blobs::BlobStore::new(dir))
}

fn delivery(raw: String) -> Delivery {
    Delivery {
        raw: raw.into_bytes(),
        source: InboundSource::Http,
        mailbox: None,
        imap: None,
    }
}

fn email(headers: &[(&str, &str)], body: &str) -> String {
    let mut raw = String::new();
    for (name, value) in headers {
        raw.push_str(&format!("{name}: {value}\r\n"));
    }
    raw.push_str("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n");
    raw.push_str(&body.replace('\n', "\r\n"));
    raw
}

async fn texts(store: &Arc<dyn Store>, ticket: ayuda_core::id::TicketId) -> Vec<String> {
    store
        .list_messages(ticket, true, None, 100)
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|m| m.body_text)
        .collect()
}

async fn a_conversation_by_email_stays_in_one_ticket(store: Arc<dyn Store>) {
    let app = app(Arc::clone(&store));
    let first = email(
        &[
            ("From", "Ana García <ana@cliente.example>"),
            ("To", "soporte@acme.example"),
            ("Cc", "Luis Pérez <luis@cliente.example>"),
            ("Subject", "Pedido 4411 no ha llegado"),
            ("Message-ID", "<ana-1@cliente.example>"),
            ("Date", "Tue, 24 Nov 2026 09:00:00 +0100"),
        ],
        "Hola,\nmi pedido 4411 todavía no ha llegado. ¿Podéis mirarlo?\nGracias, Ana\n",
    );
    let Ingested::Opened { ticket, number } = app.ingest_email(delivery(first)).await.unwrap()
    else {
        panic!("a new email opens a ticket");
    };
    let opened = store.get_ticket(ticket).await.unwrap().unwrap();
    assert_eq!(opened.subject.as_str(), "Pedido 4411 no ha llegado");
    assert_eq!(
        opened.language.as_str(),
        "es",
        "the customer wrote in Spanish"
    );
    let ana = store
        .find_contact(&Identity::email(
            &EmailAddress::parse("ana@cliente.example").unwrap(),
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(opened.requester_id, ana.id);
    assert_eq!(ana.name.as_str(), "Ana García");
    let luis = store
        .find_contact(&Identity::email(
            &EmailAddress::parse("luis@cliente.example").unwrap(),
        ))
        .await
        .unwrap()
        .expect("the colleague in Cc becomes a contact");
    assert_eq!(store.list_followers(ticket).await.unwrap(), vec![luis.id]);
    let outbox = store.list_outbox(ticket).await.unwrap();
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].kind, OutboxKind::Acknowledgement);
    assert_eq!(outbox[0].to[0].as_str(), "ana@cliente.example");
    assert_eq!(outbox[0].language, "es");

    // Ana answers from Thunderbird, quoting the history, with only In-Reply-To pointing at her own mail.
    let reply = email(
        &[
            ("From", "Ana García <ana@cliente.example>"),
            ("To", "soporte@acme.example"),
            (
                "Subject",
                &format!("Re: [#{number}] Pedido 4411 no ha llegado"),
            ),
            ("Message-ID", "<ana-2@cliente.example>"),
            ("In-Reply-To", "<ana-1@cliente.example>"),
        ],
        "Os adjunto el número de seguimiento: ES-99.\n\nEl 24/11/26 a las 9:00, Ana García escribió:\n> Hola,\n> mi pedido 4411 todavía no ha llegado.\n",
    );
    assert_eq!(
        app.ingest_email(delivery(reply)).await.unwrap(),
        Ingested::Appended { ticket, number }
    );
    // Luis replies to all from Outlook: no In-Reply-To, only the subject token; he takes part, so it joins.
    let reply_all = email(
        &[
            ("From", "Luis Pérez <luis@cliente.example>"),
            ("To", "soporte@acme.example, ana@cliente.example"),
            (
                "Subject",
                &format!("RE: [#{number}] Pedido 4411 no ha llegado"),
            ),
            ("Message-ID", "<luis-1@cliente.example>"),
        ],
        "Confirmo, tampoco ha llegado a la tienda.\n\n-----Mensaje original-----\nDe: Ana García\nEnviado el: martes\nPara: soporte@acme.example\nAsunto: Pedido 4411\n\nOs adjunto el número\n",
    );
    assert_eq!(
        app.ingest_email(delivery(reply_all)).await.unwrap(),
        Ingested::Appended { ticket, number }
    );
    assert_eq!(
        texts(&store, ticket).await[1..],
        [
            "Os adjunto el número de seguimiento: ES-99.".to_owned(),
            "Confirmo, tampoco ha llegado a la tienda.".to_owned(),
        ]
    );
    // The original, quoted history included, is kept.
    let messages = store
        .list_messages(ticket, true, None, 10)
        .await
        .unwrap()
        .items;
    let original = store
        .inbound_of_message(messages[1].id)
        .await
        .unwrap()
        .unwrap();
    let (_, raw) = store.get_inbound(original.id).await.unwrap().unwrap();
    assert!(
        String::from_utf8(raw.unwrap())
            .unwrap()
            .contains("> mi pedido 4411")
    );
}

async fn the_same_email_twice_is_stored_once(store: Arc<dyn Store>) {
    let app = app(Arc::clone(&store));
    let raw = email(
        &[
            ("From", "marco@cliente.example"),
            ("To", "assistenza@acme.example"),
            ("Subject", "Fattura errata"),
            ("Message-ID", "<marco-1@cliente.example>"),
        ],
        "Buongiorno, la fattura 77 riporta un importo sbagliato. Potete correggerla?",
    );
    let first = app.ingest_email(delivery(raw.clone())).await.unwrap();
    assert!(matches!(first, Ingested::Opened { .. }));
    assert_eq!(
        app.ingest_email(delivery(raw.clone())).await.unwrap(),
        Ingested::Duplicate
    );
    // Concurrent deliveries of one message (the pipe and IMAP at once): one ticket.
    let mut other = raw.replace("marco-1", "marco-2");
    other.push('\n');
    let (a, b) = tokio::join!(
        app.ingest_email(delivery(other.clone())),
        app.ingest_email(delivery(other))
    );
    let outcomes = [a.unwrap(), b.unwrap()];
    assert_eq!(
        outcomes
            .iter()
            .filter(|o| matches!(o, Ingested::Opened { .. }))
            .count(),
        1,
        "{outcomes:?}"
    );
    assert!(outcomes.contains(&Ingested::Duplicate));

    // The same message by another route (its own transport headers) is still a copy.
    let rerouted = format!("Received: from mx2.acme.example by mx.acme.example\r\n{raw}");
    assert_eq!(
        app.ingest_email(delivery(rerouted)).await.unwrap(),
        Ingested::Duplicate
    );
    // A different message under a Message-ID seen before is no copy: it is kept, once.
    let impostor = raw.replace("la fattura 77", "la fattura 78");
    assert!(matches!(
        app.ingest_email(delivery(impostor.clone())).await.unwrap(),
        Ingested::Opened { .. } | Ingested::Appended { .. }
    ));
    assert_eq!(
        app.ingest_email(delivery(impostor)).await.unwrap(),
        Ingested::Duplicate
    );
}

async fn unreadable_mail_is_quarantined_with_its_bytes_and_can_be_retried(store: Arc<dyn Store>) {
    let app = app(Arc::clone(&store));
    let garbage = b"\x00\x01 this is not an email at all".to_vec();
    let Ingested::Quarantined { id, reason } = app
        .ingest_email(Delivery {
            raw: garbage.clone(),
            source: InboundSource::Pipe,
            mailbox: None,
            imap: None,
        })
        .await
        .unwrap()
    else {
        panic!("garbage is quarantined");
    };
    assert!(!reason.is_empty());
    let (record, raw) = store.get_inbound(id).await.unwrap().unwrap();
    assert_eq!(record.state, InboundState::Quarantined);
    assert_eq!(raw, Some(garbage));
    let listed = store
        .list_inbound(Some(InboundState::Quarantined), None, 10)
        .await
        .unwrap();
    assert_eq!(listed.items.len(), 1);
    // A retry of what still cannot be read keeps it quarantined.
    let retried = app.retry_quarantined(id).await.unwrap();
    assert!(
        matches!(retried, Ingested::Quarantined { .. }),
        "{retried:?}"
    );
    // Mail that is not a bounce and has no sender is quarantined too, never dropped.
    let anonymous = email(
        &[("Subject", "sin remitente"), ("Message-ID", "<x@y>")],
        "hola",
    );
    assert!(matches!(
        app.ingest_email(delivery(anonymous)).await.unwrap(),
        Ingested::Quarantined { .. }
    ));
}

async fn a_bounce_of_our_acknowledgement_is_noted_on_the_ticket(store: Arc<dyn Store>) {
    let app = app(Arc::clone(&store));
    let Ingested::Opened { ticket, number } = app
        .ingest_email(delivery(email(
            &[
                ("From", "gone@cliente.example"),
                ("To", "help@acme.example"),
                ("Subject", "Where is my refund?"),
                ("Message-ID", "<gone-1@cliente.example>"),
            ],
            "I returned the parcel two weeks ago and have not been refunded yet.",
        )))
        .await
        .unwrap()
    else {
        panic!("opens a ticket");
    };
    // The MTA reports that our mail to the customer bounced; it quotes the headers of the mail we sent
    // in reply to theirs.
    let bounce = format!(
        "From: Mail Delivery System <MAILER-DAEMON@mx.acme.example>\r\n\
         To: help@acme.example\r\n\
         Subject: Undelivered Mail Returned to Sender\r\n\
         Message-ID: <bounce-1@mx.acme.example>\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n\
         --b\r\nContent-Type: text/plain\r\n\r\nI'm sorry to have to inform you that your message could not be delivered.\r\n\
         --b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.acme.example\r\n\r\n\
         Final-Recipient: rfc822; gone@cliente.example\r\nAction: failed\r\nStatus: 5.1.1\r\n\
         Diagnostic-Code: smtp; 550 5.1.1 <gone@cliente.example>: Recipient address rejected\r\n\
         --b\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: help@acme.example\r\nTo: gone@cliente.example\r\n\
         Subject: [#{number}] Where is my refund?\r\nIn-Reply-To: <gone-1@cliente.example>\r\n\
         Message-ID: <gone-1@cliente.example>\r\n\r\n--b--\r\n"
    );
    assert_eq!(
        app.ingest_email(delivery(bounce)).await.unwrap(),
        Ingested::Bounce { ticket, number }
    );
    let bounces = store
        .bounces(&[EmailAddress::parse("gone@cliente.example").unwrap()])
        .await
        .unwrap();
    assert_eq!(bounces.len(), 1);
    assert!(bounces[0].reason.contains("550 5.1.1"));
    let messages = store
        .list_messages(ticket, true, None, 10)
        .await
        .unwrap()
        .items;
    assert_eq!(messages.len(), 2);
    assert!(messages[1].internal, "the agent sees the bounce as a note");
    assert!(messages[1].body_text.contains("gone@cliente.example"));
    assert_eq!(
        store.list_outbox(ticket).await.unwrap().len(),
        1,
        "no answer to a bounce"
    );
    assert_eq!(
        store.get_ticket(ticket).await.unwrap().unwrap().status,
        Status::New,
        "a bounce does not move the ticket"
    );
}

async fn machine_mail_opens_a_ticket_but_is_never_answered(store: Arc<dyn Store>) {
    let app = app(Arc::clone(&store));
    for (i, header) in [
        ("Auto-Submitted", "auto-replied"),
        ("Precedence", "bulk"),
        ("X-Autoreply", "yes"),
        ("List-Id", "<news.shop.example>"),
    ]
    .into_iter()
    .enumerate()
    {
        let raw = email(
            &[
                ("From", "robot@shop.example"),
                ("To", "help@acme.example"),
                ("Subject", "Newsletter"),
                ("Message-ID", &format!("<robot-{i}@shop.example>")),
                header,
            ],
            "This week's offers.",
        );
        let Ingested::Opened { ticket, .. } = app.ingest_email(delivery(raw)).await.unwrap() else {
            panic!("machine mail is kept on a ticket");
        };
        assert!(
            store.list_outbox(ticket).await.unwrap().is_empty(),
            "{header:?} must not be answered"
        );
    }
}

async fn an_autoresponder_loop_stops_by_itself(store: Arc<dyn Store>) {
    // An autoresponder that says nothing about being one, answering every mail with a new subject.
    let app = app(Arc::clone(&store));
    let mut acknowledgements = 0;
    for round in 0..20 {
        let raw = email(
            &[
                ("From", "autoresponder@partner.example"),
                ("To", "help@acme.example"),
                ("Subject", &format!("Thank you for your message {round}")),
                ("Message-ID", &format!("<auto-{round}@partner.example>")),
            ],
            "Thank you for contacting us. We will answer within two days.",
        );
        let Ingested::Opened { ticket, .. } = app.ingest_email(delivery(raw)).await.unwrap() else {
            panic!("opens a ticket");
        };
        acknowledgements += store.list_outbox(ticket).await.unwrap().len();
    }
    assert_eq!(
        acknowledgements,
        ayuda_core::email::AUTOMATIC_MAIL_PER_RECIPIENT_PER_HOUR as usize,
        "the cap per recipient ends the loop"
    );
}

async fn a_subject_token_only_counts_for_participants(store: Arc<dyn Store>) {
    let app = app(Arc::clone(&store));
    let Ingested::Opened { ticket, number } = app
        .ingest_email(delivery(email(
            &[
                ("From", "giulia@cliente.example"),
                ("To", "help@acme.example"),
                ("Subject", "Reso"),
                ("Message-ID", "<giulia-1@cliente.example>"),
            ],
            "Vorrei restituire le scarpe.",
        )))
        .await
        .unwrap()
    else {
        panic!("opens a ticket");
    };
    // A stranger quoting the ticket number gets a ticket of their own.
    let stranger = email(
        &[
            ("From", "stranger@elsewhere.example"),
            ("To", "help@acme.example"),
            ("Subject", &format!("[#{number}] Reso")),
            ("Message-ID", "<stranger-1@elsewhere.example>"),
        ],
        "Anche io.",
    );
    let outcome = app.ingest_email(delivery(stranger)).await.unwrap();
    assert!(
        matches!(outcome, Ingested::Opened { ticket: other, .. } if other != ticket),
        "{outcome:?}"
    );
}

async fn close(store: &Arc<dyn Store>, ticket: ayuda_core::id::TicketId) {
    let mut closed = store.get_ticket(ticket).await.unwrap().unwrap();
    closed.status = Status::Closed;
    store
        .write_ticket(ayuda_store::TicketWrite {
            ticket: closed,
            message: None,
            events: Vec::new(),
            email: Default::default(),
            notifications: Vec::new(),
            routing: None,
        })
        .await
        .unwrap();
}

async fn a_reply_to_a_closed_ticket_follows_up_or_reopens(store: Arc<dyn Store>) {
    let first = |n: u32| {
        email(
            &[
                ("From", "carla@cliente.example"),
                ("To", "help@acme.example"),
                ("Subject", "Garanzia"),
                ("Message-ID", &format!("<carla-{n}@cliente.example>")),
            ],
            "La lavatrice è ancora in garanzia?",
        )
    };
    let reply = |n: u32| {
        email(
            &[
                ("From", "carla@cliente.example"),
                ("To", "help@acme.example"),
                ("Subject", "Re: Garanzia"),
                ("Message-ID", &format!("<carla-{n}-reply@cliente.example>")),
                ("In-Reply-To", &format!("<carla-{n}@cliente.example>")),
            ],
            "Si è rotta di nuovo.",
        )
    };
    // The default: a linked follow-up, the closed ticket's record untouched.
    let app = app(Arc::clone(&store));
    let Ingested::Opened { ticket, .. } = app.ingest_email(delivery(first(1))).await.unwrap()
    else {
        panic!("opens a ticket");
    };
    close(&store, ticket).await;
    let Ingested::Opened {
        ticket: follow_up, ..
    } = app.ingest_email(delivery(reply(1))).await.unwrap()
    else {
        panic!("a reply to a closed ticket opens a follow-up");
    };
    let follow_up = store.get_ticket(follow_up).await.unwrap().unwrap();
    assert_eq!(follow_up.links.len(), 1);
    assert_eq!(follow_up.links[0].ticket_id, ticket);
    assert_eq!(
        follow_up.links[0].kind,
        ayuda_core::ticket::LinkKind::FollowUp
    );
    assert_eq!(
        store.get_ticket(ticket).await.unwrap().unwrap().status,
        Status::Closed
    );

    // Configured to reopen: the same ticket, open again.
    let reopening = app.with_email(ayuda_app::email::EmailConfig {
        closed_reply: ayuda_core::email::ClosedReplyPolicy::Reopen,
        ..Default::default()
    });
    let Ingested::Opened { ticket, .. } = reopening.ingest_email(delivery(first(2))).await.unwrap()
    else {
        panic!("opens a ticket");
    };
    close(&store, ticket).await;
    let reopened = reopening.ingest_email(delivery(reply(2))).await.unwrap();
    assert!(
        matches!(reopened, Ingested::Appended { ticket: t, .. } if t == ticket),
        "{reopened:?}"
    );
    let ticket = store.get_ticket(ticket).await.unwrap().unwrap();
    assert_eq!(ticket.status, Status::Open);
    assert_eq!(ticket.solved_at, None);
}

async fn triggers_act_on_mail_from_people_and_never_on_machines(store: Arc<dyn Store>) {
    use ayuda_app::automation::{ActionInput, ConditionInput, TriggerInput};
    let app = app(Arc::clone(&store));
    let admin = ayuda_core::permission::Principal::Agent {
        id: ayuda_core::id::AgentId::generate(),
        role: ayuda_core::agent::Role::Admin,
        group_ids: Vec::new(),
    };
    app.save_trigger(
        &admin,
        None,
        TriggerInput {
            name: "Refunds".into(),
            active: true,
            event: "ticket_created".into(),
            all: vec![ConditionInput {
                field: "subject".into(),
                operator: "contains".into(),
                value: "refund".into(),
            }],
            actions: vec![ActionInput {
                kind: "add_tags".into(),
                tags: vec!["refund".into()],
                ..ActionInput::default()
            }],
            ..TriggerInput::default()
        },
    )
    .await
    .unwrap();
    let opened = |from: &str, id: &str, machine: bool| {
        let mut headers = vec![
            ("From", from.to_owned()),
            ("To", "help@acme.example".to_owned()),
            ("Subject", "Refund for order 1182".to_owned()),
            ("Message-ID", format!("<{id}@mail.example>")),
        ];
        if machine {
            headers.push(("Auto-Submitted", "auto-generated".to_owned()));
        }
        let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
        email(&headers, "Please refund me.")
    };
    for (raw, tagged) in [
        (opened("ana@example.com", "person", false), true),
        (opened("robot@shop.example", "robot", true), false),
    ] {
        let Ingested::Opened { ticket, .. } = app.ingest_email(delivery(raw)).await.unwrap() else {
            panic!("a new conversation opens a ticket");
        };
        let ticket = store.get_ticket(ticket).await.unwrap().unwrap();
        let tags: Vec<&str> = ticket.tags.iter().map(|t| t.as_str()).collect();
        assert_eq!(tags == ["refund"], tagged, "{tags:?}");
    }
}

async fn a_trigger_writes_to_the_customer_in_their_language(store: Arc<dyn Store>) {
    use ayuda_app::automation::{ActionInput, ConditionInput, MailVersionInput, TriggerInput};
    let dir = std::env::temp_dir().join(format!("ayuda-app-blobs-{}", uuid::Uuid::now_v7()));
    let app = App::new(Arc::clone(&store), Arc::new(SystemClock))
        .with_blobs(ayuda_app::blobs::BlobStore::new(dir))
        .with_email(ayuda_app::email::EmailConfig {
            from: Some(EmailAddress::parse("soporte@acme.example").unwrap()),
            ..ayuda_app::email::EmailConfig::default()
        });
    let admin = ayuda_core::permission::Principal::Agent {
        id: ayuda_core::id::AgentId::generate(),
        role: ayuda_core::agent::Role::Admin,
        group_ids: Vec::new(),
    };
    let version = |language: &str, subject: &str, text: &str| MailVersionInput {
        language: language.into(),
        subject: subject.into(),
        text: text.into(),
    };
    let mut trigger = TriggerInput {
        name: "Refund instructions".into(),
        active: true,
        event: "ticket_created".into(),
        all: vec![ConditionInput {
            field: "message".into(),
            operator: "contains".into(),
            value: "reembolso".into(),
        }],
        actions: vec![ActionInput {
            kind: "email_customer".into(),
            versions: vec![
                version(
                    "en",
                    "About {{ticket.subject}}",
                    "Hello {{customer.first_name}}, refunds take five days.",
                ),
                version(
                    "es",
                    "Sobre {{ticket.subject}}",
                    "Hola {{customer.first_name}}: los reembolsos tardan cinco días (ticket {{ticket.number}}).",
                ),
                version("es", "Otra", "Duplicada con {{customer.nmae}}"),
            ],
            ..ActionInput::default()
        }],
        ..TriggerInput::default()
    };
    // A second Spanish version and an unknown placeholder are named.
    let refused = app
        .save_trigger(&admin, None, trigger.clone())
        .await
        .unwrap_err()
        .to_string();
    assert!(
        refused.contains("actions.0.versions.2.language")
            && refused.contains("actions.0.versions.2.text"),
        "{refused}"
    );
    trigger.actions[0].versions.pop();
    app.save_trigger(&admin, None, trigger).await.unwrap();

    let raw = email(
        &[
            ("From", "Ana García <ana@cliente.example>"),
            ("To", "soporte@acme.example"),
            ("Subject", "Pedido 4411 devuelto"),
            ("Message-ID", "<ana-refund@cliente.example>"),
        ],
        "Hola, devolví el pedido 4411 y quiero el reembolso. ¿Cuándo llega?\nAna\n",
    );
    let Ingested::Opened { ticket, number } = app.ingest_email(delivery(raw)).await.unwrap() else {
        panic!("a new conversation opens a ticket");
    };
    let outbox = store.list_outbox(ticket).await.unwrap();
    let rule_mail: Vec<_> = outbox
        .iter()
        .filter(|m| m.kind == OutboxKind::Rule)
        .collect();
    assert_eq!(rule_mail.len(), 1, "{outbox:?}");
    let mail = rule_mail[0];
    assert_eq!(mail.to[0].as_str(), "ana@cliente.example");
    assert_eq!(mail.language, "es");
    // Kept as written; filled in when sent (a new ticket's number is only known once it is stored).
    let content = mail.content.as_ref().unwrap();
    assert_eq!(content.subject, "Sobre {{ticket.subject}}");
    // As sent: the Spanish version with the placeholders filled, marked as automatic, in the thread of
    // Ana's mail.
    let composed = app.compose_outbox_mail(mail).await.unwrap().unwrap();
    let sent = String::from_utf8_lossy(&composed.message).into_owned();
    assert!(
        sent.contains("Subject: Sobre Pedido 4411 devuelto"),
        "{sent}"
    );
    assert!(
        sent.contains("Hola Ana: los reembolsos tardan cinco d"),
        "{sent}"
    );
    assert!(sent.contains(&format!("(ticket {number})")), "{sent}");
    assert!(sent.contains("Auto-Submitted: auto-generated"), "{sent}");
    assert!(
        sent.contains("In-Reply-To: <ana-refund@cliente.example>"),
        "{sent}"
    );
}
