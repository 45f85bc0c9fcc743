//! Webhook calls end to end over real HTTP (a small server on a local port) and a real store: a trigger's
//! call arrives signed with the installation's key, is retried after the receiver fails (503), and is
//! given up at once when the receiver says the address is wrong (404).

use std::sync::{Arc, Mutex};

use ayuda_app::App;
use ayuda_app::automation::{ActionInput, TriggerInput};
use ayuda_app::tickets::{OpenTicket, RequesterInput};
use ayuda_channels::webhook::HttpWebhookTransport;
use ayuda_core::Timestamp;
use ayuda_core::agent::Role;
use ayuda_core::clock::FixedClock;
use ayuda_core::email::OutboxState;
use ayuda_core::event::Via;
use ayuda_core::id::AgentId;
use ayuda_core::permission::Principal;
use ayuda_store::Store;
use hmac::{KeyInit, Mac};
use jiff::SignedDuration;
use sha2::Sha256;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use ayuda_store_tests::on_both_stores;

on_both_stores!(a_rules_webhook_call_arrives_signed_and_is_retried_or_given_up);

/// A request as the receiver got it.
#[derive(Debug, Clone)]
struct Received {
    path: String,
    headers: Vec<(String, String)>,
    body: String,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// An HTTP/1.1 receiver that records each request and answers with the next status of `answers` (the
/// last one repeated); `/gone` always answers 404.
async fn receiver(answers: Vec<u16>) -> (String, Arc<Mutex<Vec<Received>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let received = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&received);
    tokio::spawn(async move {
        let mut next = 0;
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let mut raw = Vec::new();
            let mut buffer = [0u8; 4096];
            let (head, mut body) = loop {
                let n = socket.read(&mut buffer).await.unwrap();
                if n == 0 {
                    break (String::new(), Vec::new());
                }
                raw.extend_from_slice(&buffer[..n]);
                if let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
                    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
                    break (head, raw[end + 4..].to_vec());
                }
            };
            let mut lines = head.split("\r\n");
            let path = lines
                .next()
                .and_then(|l| l.split(' ').nth(1))
                .unwrap_or("")
                .to_owned();
            let headers: Vec<(String, String)> = lines
                .filter_map(|l| l.split_once(": "))
                .map(|(n, v)| (n.to_owned(), v.to_owned()))
                .collect();
            let length: usize = headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(0);
            while body.len() < length {
                let n = socket.read(&mut buffer).await.unwrap();
                if n == 0 {
                    break;
                }
                body.extend_from_slice(&buffer[..n]);
            }
            let status = if path == "/gone" {
                404
            } else {
                let status = answers[next.min(answers.len() - 1)];
                next += 1;
                status
            };
            log.lock().unwrap().push(Received {
                path,
                headers,
                body: String::from_utf8_lossy(&body).into_owned(),
            });
            let reply =
                format!("HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            let _ = socket.write_all(reply.as_bytes()).await;
        }
    });
    (base, received)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

async fn a_rules_webhook_call_arrives_signed_and_is_retried_or_given_up(store: Arc<dyn Store>) {
    let (base, received) = receiver(vec![503, 204]).await;
    let start: Timestamp = "2026-11-24T09:00Z".parse().unwrap();
    let clock = Arc::new(FixedClock::new(start));
    let app = App::new(Arc::clone(&store), clock.clone());
    let admin = Principal::Agent {
        id: AgentId::generate(),
        role: Role::Admin,
        group_ids: Vec::new(),
    };
    let webhook = |name: &str, url: String| TriggerInput {
        name: name.into(),
        active: true,
        event: "ticket_created".into(),
        actions: vec![ActionInput {
            kind: "webhook".into(),
            url: Some(url),
            ..ActionInput::default()
        }],
        ..TriggerInput::default()
    };
    app.save_trigger(
        &admin,
        None,
        webhook("Tell the CRM", format!("{base}/hooks/ayuda?source=desk")),
    )
    .await
    .unwrap();
    app.save_trigger(&admin, None, webhook("Old ERP", format!("{base}/gone")))
        .await
        .unwrap();
    let refused = app
        .save_trigger(&admin, None, webhook("Bad", "ftp://files.example/x".into()))
        .await
        .unwrap_err()
        .to_string();
    assert!(refused.contains("actions.0.url"), "{refused}");

    let (ticket, _) = app
        .open_ticket(
            &admin,
            Via::Api,
            OpenTicket {
                subject: "La lavadora pierde agua".into(),
                body: Some("Desde ayer.".into()),
                requester: Some(RequesterInput {
                    email: "ana@example.com".into(),
                    name: Some("Ana".into()),
                }),
                ..OpenTicket::default()
            },
        )
        .await
        .unwrap();
    let transport = HttpWebhookTransport::new();

    // The CRM fails the first time; the old ERP's address is gone for good.
    assert_eq!(app.call_due_webhooks(&transport).await.unwrap(), 0);
    let calls = store.list_webhook_calls(ticket.id).await.unwrap();
    let crm = calls.iter().find(|c| c.url.contains("/hooks/")).unwrap();
    let erp = calls.iter().find(|c| c.url.ends_with("/gone")).unwrap();
    assert_eq!(crm.state, OutboxState::Pending);
    assert_eq!(crm.last_error.as_deref(), Some("the receiver answered 503"));
    assert_eq!(erp.state, OutboxState::Failed);
    // Not again before its wait is over; then it goes through.
    assert_eq!(app.call_due_webhooks(&transport).await.unwrap(), 0);
    clock.set(start + SignedDuration::from_mins(3));
    assert_eq!(app.call_due_webhooks(&transport).await.unwrap(), 1);
    let calls = store.list_webhook_calls(ticket.id).await.unwrap();
    assert!(
        calls
            .iter()
            .any(|c| c.state == OutboxState::Sent && c.attempts == 2)
    );

    // What arrived: the ticket as JSON, signed over the time and the body with the installation's key.
    let received = received.lock().unwrap().clone();
    let to_crm: Vec<&Received> = received
        .iter()
        .filter(|r| r.path.starts_with("/hooks/"))
        .collect();
    assert_eq!(to_crm.len(), 2, "{received:?}");
    let last = to_crm[1];
    assert_eq!(last.path, "/hooks/ayuda?source=desk");
    assert_eq!(last.header("content-type"), Some("application/json"));
    let body: serde_json::Value = serde_json::from_str(&last.body).unwrap();
    assert_eq!(body["rule"], "Tell the CRM");
    assert_eq!(body["ticket"]["number"], ticket.number.0);
    assert_eq!(body["ticket"]["subject"], "La lavadora pierde agua");
    let key = app.webhook_signing_key(&admin).await.unwrap();
    let signature = last.header("ayuda-signature").expect("signed");
    let (t, v1) = signature
        .strip_prefix("t=")
        .and_then(|rest| rest.split_once(",v1="))
        .expect("t=...,v1=...");
    let key_bytes: Vec<u8> = (0..key.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&key[i..i + 2], 16).unwrap())
        .collect();
    let mut mac = <hmac::Hmac<Sha256> as KeyInit>::new_from_slice(&key_bytes).unwrap();
    mac.update(format!("{t}.{}", last.body).as_bytes());
    assert_eq!(v1, hex(&mac.finalize().into_bytes()));
    // Agents cannot read the key.
    let agent = Principal::Agent {
        id: AgentId::generate(),
        role: Role::Agent,
        group_ids: Vec::new(),
    };
    assert!(app.webhook_signing_key(&agent).await.is_err());
}
