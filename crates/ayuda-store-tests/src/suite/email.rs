//! The email channel's storage: received emails recorded with the ticket they changed (all or nothing, each
//! email once), quarantine and retry, followers, bounces, mailboxes, settings and the outbox queue.

use std::sync::Arc;

use ayuda_core::contact::EmailAddress;
use ayuda_core::email::{
    ImapAccount, ImapPosition, InboundEmail, InboundSource, InboundState, MailContent, Mailbox,
    OutboxKind, OutboxMail, OutboxState, Password, TlsMode,
};
use ayuda_core::id::{InboundEmailId, MailboxId, OutboxId, TicketId};
use ayuda_core::message::Author;
use ayuda_store::{
    BouncedAddress, DUPLICATE_EMAIL, EmailEffects, InboundRecord, SendOutcome, Store, TicketWrite,
};
use jiff::SignedDuration;

use crate::fixtures::{self, micros};
use crate::suite::expect;

fn address(raw: &str) -> EmailAddress {
    EmailAddress::parse(raw).unwrap()
}

fn received(key: &str, state: InboundState) -> InboundRecord {
    InboundRecord {
        email: InboundEmail {
            id: InboundEmailId::generate(),
            mailbox_id: None,
            source: InboundSource::Pipe,
            imap: None,
            message_key: key.to_owned(),
            raw_sha256: "ab".repeat(32),
            raw_size: 5,
            state,
            reason: None,
            ticket_id: None,
            message_id: None,
            received_at: micros(10),
        },
        raw: Some(b"raw\r\n".to_vec()),
        bounced: None,
    }
}

fn mail(ticket: TicketId, kind: OutboxKind, to: &str, created_at: i64) -> OutboxMail {
    OutboxMail {
        id: OutboxId::generate(),
        ticket_id: Some(ticket),
        message_id: None,
        kind,
        mailbox_id: None,
        to: vec![address(to)],
        cc: vec![address("cc@example.com")],
        language: "es".to_owned(),
        state: OutboxState::Pending,
        attempts: 0,
        next_attempt_at: micros(created_at),
        last_error: None,
        created_at: micros(created_at),
        sent_at: None,
        content: None,
    }
}

fn mailbox(name: &str) -> Mailbox {
    Mailbox {
        id: MailboxId::generate(),
        name: name.to_owned(),
        address: address("support@acme.example"),
        group_id: None,
        imap: None,
        active: true,
        created_at: micros(1),
        updated_at: micros(1),
    }
}

pub async fn an_email_opening_a_ticket_is_recorded_with_it_once(store: Arc<dyn Store>) {
    let requester = store
        .create_contact(fixtures::contact("ana@example.com"))
        .await
        .unwrap();
    let cc = store
        .create_contact(fixtures::contact("luis@example.com"))
        .await
        .unwrap();
    let mut new = fixtures::ticket_for(requester.id).build();
    let mut record = received("first@mail.example", InboundState::Opened);
    record.email.ticket_id = Some(new.ticket.id);
    record.email.message_id = Some(new.message.id);
    let ack = mail(
        new.ticket.id,
        OutboxKind::Acknowledgement,
        "ana@example.com",
        20,
    );
    new.email = EmailEffects {
        followers: vec![cc.id, cc.id],
        outbox: vec![ack.clone()],
        inbound: Some(record.clone()),
        webhooks: Vec::new(),
    };
    let created = store.create_ticket(new.clone()).await.unwrap();

    let found = store.find_inbound("first@mail.example").await.unwrap();
    assert_eq!(found, Some(record.email.clone()));
    assert_eq!(
        store.get_inbound(record.email.id).await.unwrap(),
        Some((record.email.clone(), record.raw.clone()))
    );
    assert_eq!(
        store.inbound_of_message(created.message.id).await.unwrap(),
        Some(record.email.clone())
    );
    assert_eq!(
        store.list_followers(created.ticket.id).await.unwrap(),
        vec![cc.id]
    );
    assert_eq!(
        store.list_outbox(created.ticket.id).await.unwrap(),
        vec![ack]
    );

    // The same email again (another id, same Message-ID) is a duplicate and opens nothing.
    let mut again = fixtures::ticket_for(requester.id).build();
    let mut second = received("first@mail.example", InboundState::Opened);
    second.email.ticket_id = Some(again.ticket.id);
    again.email.inbound = Some(second);
    let ticket_id = again.ticket.id;
    expect::duplicate(store.create_ticket(again).await, DUPLICATE_EMAIL);
    assert_eq!(store.get_ticket(ticket_id).await.unwrap(), None);
}

pub async fn an_email_joining_a_ticket_is_written_with_the_ticket_or_not_at_all(
    store: Arc<dyn Store>,
) {
    let requester = store
        .create_contact(fixtures::contact("ana@example.com"))
        .await
        .unwrap();
    let created = store
        .create_ticket(fixtures::ticket_for(requester.id).build())
        .await
        .unwrap();
    let reply = fixtures::message(created.ticket.id, Author::Contact(requester.id), micros(50));
    let mut record = received("reply@mail.example", InboundState::Appended);
    record.email.ticket_id = Some(created.ticket.id);
    record.email.message_id = Some(reply.id);

    // A stale version: nothing of the email is written either.
    let stale = TicketWrite {
        notifications: Vec::new(),
        ticket: ayuda_core::ticket::Ticket {
            version: created.ticket.version + 7,
            ..created.ticket.clone()
        },
        message: Some(reply.clone()),
        events: Vec::new(),
        email: EmailEffects {
            inbound: Some(record.clone()),
            ..EmailEffects::default()
        },
        routing: None,
    };
    expect::conflict(store.write_ticket(stale).await);
    assert_eq!(
        store.find_inbound("reply@mail.example").await.unwrap(),
        None
    );

    let write = TicketWrite {
        notifications: Vec::new(),
        ticket: created.ticket.clone(),
        message: Some(reply.clone()),
        events: Vec::new(),
        email: EmailEffects {
            inbound: Some(record.clone()),
            ..EmailEffects::default()
        },
        routing: None,
    };
    store.write_ticket(write).await.unwrap();
    assert_eq!(
        store.find_inbound("reply@mail.example").await.unwrap(),
        Some(record.email.clone())
    );
    assert_eq!(
        store
            .find_message_by_external_id(reply.external_id.as_deref().unwrap_or("none"))
            .await
            .unwrap()
            .map(|(ticket, _)| ticket),
        reply.external_id.as_ref().map(|_| created.ticket.id)
    );
}

pub async fn quarantined_emails_are_listed_and_a_retry_replaces_the_record(store: Arc<dyn Store>) {
    let poison = received("sha256:feed", InboundState::Quarantined);
    let poison = InboundRecord {
        email: InboundEmail {
            reason: Some("no header block".to_owned()),
            ..poison.email
        },
        ..poison
    };
    store.record_inbound(poison.clone()).await.unwrap();
    let other = received("other@mail.example", InboundState::Quarantined);
    store.record_inbound(other.clone()).await.unwrap();
    expect::duplicate(
        store
            .record_inbound(received("other@mail.example", InboundState::Quarantined))
            .await,
        DUPLICATE_EMAIL,
    );

    let page = store
        .list_inbound(Some(InboundState::Quarantined), None, 1)
        .await
        .unwrap();
    assert_eq!(page.items, vec![poison.email.clone()]);
    let rest = store
        .list_inbound(Some(InboundState::Quarantined), page.next_cursor, 10)
        .await
        .unwrap();
    assert_eq!(rest.items, vec![other.email.clone()]);
    assert_eq!(rest.next_cursor, None);

    // A retry that succeeds: the same record, now attached to the ticket it opened.
    let requester = store
        .create_contact(fixtures::contact("ana@example.com"))
        .await
        .unwrap();
    let mut new = fixtures::ticket_for(requester.id).build();
    let mut retried = poison.clone();
    retried.email.state = InboundState::Opened;
    retried.email.reason = None;
    retried.email.ticket_id = Some(new.ticket.id);
    retried.email.message_id = Some(new.message.id);
    new.email.inbound = Some(retried.clone());
    store.create_ticket(new).await.unwrap();
    assert_eq!(
        store.get_inbound(poison.email.id).await.unwrap(),
        Some((retried.email.clone(), poison.raw.clone()))
    );
    let quarantined = store
        .list_inbound(Some(InboundState::Quarantined), None, 10)
        .await
        .unwrap();
    assert_eq!(quarantined.items, vec![other.email]);
    assert_eq!(
        store
            .list_inbound(None, None, 10)
            .await
            .unwrap()
            .items
            .len(),
        2
    );
}

pub async fn an_imap_message_fetched_twice_is_a_duplicate(store: Arc<dyn Store>) {
    let inbox = store.create_mailbox(mailbox("Support")).await.unwrap();
    let position = ImapPosition {
        account: 11,
        uid_validity: 7,
        uid: 42,
    };
    let mut first = received("sha256:one", InboundState::Quarantined);
    first.email.mailbox_id = Some(inbox.id);
    first.email.source = InboundSource::Imap;
    first.email.imap = Some(position);
    store.record_inbound(first.clone()).await.unwrap();
    let mut again = received("sha256:other-bytes", InboundState::Quarantined);
    again.email.mailbox_id = Some(inbox.id);
    again.email.imap = Some(position);
    expect::duplicate(store.record_inbound(again).await, DUPLICATE_EMAIL);
    assert_eq!(
        store.find_inbound_at(inbox.id, position).await.unwrap(),
        Some(first.email)
    );
    let elsewhere = ImapPosition {
        uid_validity: 8,
        ..position
    };
    assert_eq!(
        store.find_inbound_at(inbox.id, elsewhere).await.unwrap(),
        None
    );
    // Another account or folder of the same mailbox counts its UIDs afresh, even with an equal UIDVALIDITY.
    let other_account = ImapPosition {
        account: 12,
        ..position
    };
    assert_eq!(
        store
            .find_inbound_at(inbox.id, other_account)
            .await
            .unwrap(),
        None
    );
    let mut moved = received("sha256:moved", InboundState::Quarantined);
    moved.email.mailbox_id = Some(inbox.id);
    moved.email.source = InboundSource::Imap;
    moved.email.imap = Some(other_account);
    store.record_inbound(moved.clone()).await.unwrap();
    assert_eq!(
        store
            .find_inbound_at(inbox.id, other_account)
            .await
            .unwrap(),
        Some(moved.email)
    );
}

pub async fn bounces_are_remembered_per_address(store: Arc<dyn Store>) {
    let mut report = received("bounce@mailer.example", InboundState::Bounce);
    report.bounced = Some(BouncedAddress {
        address: address("Gone@Example.com"),
        reason: "550 5.1.1 user unknown".to_owned(),
        at: micros(100),
    });
    store.record_inbound(report).await.unwrap();
    let found = store
        .bounces(&[address("gone@example.com"), address("fine@example.com")])
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].address.as_str(), "gone@example.com");
    assert_eq!(found[0].reason, "550 5.1.1 user unknown");
    assert_eq!(found[0].at, micros(100));
}

pub async fn mailboxes_round_trip_with_unique_names(store: Arc<dyn Store>) {
    let mut support = mailbox("Support");
    support.imap = Some(ImapAccount {
        host: "imap.acme.example".to_owned(),
        port: 993,
        tls: TlsMode::Tls,
        user: "support".to_owned(),
        password: Password("s3cret".to_owned()),
        folder: "INBOX".to_owned(),
        processed_folder: Some("Done".to_owned()),
    });
    store.create_mailbox(support.clone()).await.unwrap();
    store.create_mailbox(mailbox("Ventas")).await.unwrap();
    expect::duplicate(
        store.create_mailbox(mailbox("SUPPORT")).await,
        "mailbox name",
    );
    assert_eq!(
        store.find_mailbox("support").await.unwrap(),
        Some(support.clone())
    );
    let changed = Mailbox {
        imap: None,
        updated_at: micros(5),
        ..support.clone()
    };
    store.update_mailbox(changed.clone()).await.unwrap();
    assert_eq!(store.get_mailbox(support.id).await.unwrap(), Some(changed));
    assert_eq!(store.list_mailboxes().await.unwrap().len(), 2);
    expect::not_found(store.update_mailbox(mailbox("Nobody")).await);
}

pub async fn the_first_value_of_a_setting_holds(store: Arc<dyn Store>) {
    assert_eq!(store.setting("thread_key").await.unwrap(), None);
    let (a, b) = tokio::join!(
        store.init_setting("thread_key", "first"),
        store.init_setting("thread_key", "second")
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a, b, "both callers see the value that holds");
    assert_eq!(store.setting("thread_key").await.unwrap(), Some(a));
}

pub async fn the_outbox_hands_each_due_mail_to_one_sender(store: Arc<dyn Store>) {
    let requester = store
        .create_contact(fixtures::contact("ana@example.com"))
        .await
        .unwrap();
    let mut new = fixtures::ticket_for(requester.id).build();
    let ticket = new.ticket.id;
    let due = mail(ticket, OutboxKind::Reply, "ana@example.com", 10);
    let later = mail(ticket, OutboxKind::Reply, "ana@example.com", 1_000_000_000);
    new.email.outbox = vec![due.clone(), later.clone()];
    store.create_ticket(new).await.unwrap();

    let now = micros(20);
    let lease = micros(20) + SignedDuration::from_secs(60);
    let (a, b) = tokio::join!(
        store.claim_outbox(now, lease, 10),
        store.claim_outbox(now, lease, 10)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    let claimed: Vec<OutboxId> = a.iter().chain(&b).map(|m| m.id).collect();
    assert_eq!(claimed, vec![due.id], "one due mail, claimed once");
    // Within the lease nobody else takes it.
    assert!(store.claim_outbox(now, lease, 10).await.unwrap().is_empty());

    let retry_at = lease + SignedDuration::from_secs(30);
    store
        .finish_outbox(
            due.id,
            SendOutcome::Retry {
                error: "421 try later".to_owned(),
                at: retry_at,
            },
        )
        .await
        .unwrap();
    let again = store
        .claim_outbox(retry_at, retry_at + SignedDuration::from_secs(60), 10)
        .await
        .unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].attempts, 1);
    assert_eq!(again[0].last_error.as_deref(), Some("421 try later"));

    store
        .finish_outbox(
            due.id,
            SendOutcome::Failed {
                error: "550 no such user".to_owned(),
            },
        )
        .await
        .unwrap();
    store
        .finish_outbox(later.id, SendOutcome::Sent { at: micros(30) })
        .await
        .unwrap();
    let states: Vec<(OutboxState, u32, Option<String>)> = store
        .list_outbox(ticket)
        .await
        .unwrap()
        .into_iter()
        .map(|m| (m.state, m.attempts, m.last_error))
        .collect();
    assert_eq!(
        states,
        vec![
            (OutboxState::Failed, 2, Some("550 no such user".to_owned())),
            (OutboxState::Sent, 1, None),
        ]
    );
    expect::not_found(
        store
            .finish_outbox(OutboxId::generate(), SendOutcome::Sent { at: micros(1) })
            .await,
    );
}

pub async fn automatic_mail_is_counted_per_recipient_and_ticket_up_to_a_cap(store: Arc<dyn Store>) {
    let requester = store
        .create_contact(fixtures::contact("ana@example.com"))
        .await
        .unwrap();
    let mut new = fixtures::ticket_for(requester.id).build();
    let ticket = new.ticket.id;
    new.email.outbox = (0..4)
        .map(|i| {
            mail(
                ticket,
                OutboxKind::Acknowledgement,
                "Ana@Example.com",
                100 + i,
            )
        })
        .chain([mail(ticket, OutboxKind::Reply, "ana@example.com", 200)])
        .collect();
    store.create_ticket(new).await.unwrap();
    assert_eq!(
        store
            .count_automatic_to("ana@example.com", micros(0), 10)
            .await
            .unwrap(),
        4,
        "replies by agents are not automatic"
    );
    assert_eq!(
        store
            .count_automatic_to("ana@example.com", micros(0), 2)
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        store
            .count_automatic_to("ana@example.com", micros(102), 10)
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        store
            .count_automatic_for(ticket, micros(0), 10)
            .await
            .unwrap(),
        4
    );
    assert_eq!(
        store
            .count_automatic_for(TicketId::generate(), micros(0), 10)
            .await
            .unwrap(),
        0
    );
}

pub async fn an_attachment_is_found_with_its_ticket_and_message(store: Arc<dyn Store>) {
    let requester = store
        .create_contact(fixtures::contact("ana@example.com"))
        .await
        .unwrap();
    let mut new = fixtures::ticket_for(requester.id).build();
    let attachment = fixtures::attachment(3);
    new.message.attachments = vec![attachment.clone()];
    let created = store.create_ticket(new).await.unwrap();
    assert_eq!(
        store.get_attachment(attachment.id).await.unwrap(),
        Some((created.ticket.id, created.message.id, attachment))
    );
    assert_eq!(
        store
            .get_attachment(ayuda_core::id::AttachmentId::generate())
            .await
            .unwrap(),
        None
    );
}

pub async fn a_rules_mail_keeps_its_text_and_is_counted_as_automatic(store: Arc<dyn Store>) {
    let requester = store
        .create_contact(fixtures::contact("ana@example.com"))
        .await
        .unwrap();
    let mut new = fixtures::ticket_for(requester.id).build();
    let ticket = new.ticket.id;
    let rule = OutboxMail {
        content: Some(MailContent {
            subject: "Sobre {{ticket.subject}}".into(),
            text: "Hola {{customer.first_name}}".into(),
        }),
        ..mail(ticket, OutboxKind::Rule, "ana@example.com", 10)
    };
    new.email.outbox = vec![rule.clone()];
    store.create_ticket(new).await.unwrap();
    assert_eq!(store.list_outbox(ticket).await.unwrap(), vec![rule.clone()]);
    let claimed = store
        .claim_outbox(micros(20), micros(80), 10)
        .await
        .unwrap();
    assert_eq!(claimed[0].content, rule.content);
    // Rules' mail counts against the caps on automatic mail, like an acknowledgement.
    assert_eq!(
        store
            .count_automatic_to("ana@example.com", micros(0), 10)
            .await
            .unwrap(),
        1
    );
}
