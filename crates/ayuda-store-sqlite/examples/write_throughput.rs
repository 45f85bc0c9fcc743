//! Measures durable ticket creations per second through the batching writer, at a given concurrency.
//!
//! `cargo run -p ayuda-store-sqlite --example write_throughput -- [DIR] [TICKETS] [CONCURRENCY]` creates a
//! fresh database in DIR (default: a temporary folder), creates TICKETS tickets (default 20000), each for a
//! new contact with its first message and history, from CONCURRENCY tasks (default 64), and prints the rate
//! and the mean write batch size. Put DIR on the disk you care about: fsync costs differ.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use ayuda_core::clock::{Clock, SystemClock};
use ayuda_core::contact::{Contact, EmailAddress, Identity};
use ayuda_core::event::{Change, TicketEvent, Via};
use ayuda_core::id::{ContactId, MessageId, TicketId, TicketNumber};
use ayuda_core::message::{Author, Direction, Message, MessageKind};
use ayuda_core::text::{Language, Name, Tag};
use ayuda_core::ticket::{Channel, Priority, Status, Ticket, TicketSubject, TicketType};
use ayuda_store::{NewTicket, Requester, Store};
use ayuda_store_sqlite::SqliteStore;

fn new_ticket(i: u64) -> Result<NewTicket, Box<dyn std::error::Error>> {
    let now = SystemClock.now();
    let contact_id = ContactId::generate();
    let email = EmailAddress::parse(&format!("customer{i}@example.com"))?;
    let contact = Contact {
        id: contact_id,
        name: Name::parse("Customer")?,
        identities: vec![Identity::email(&email)],
        language: None,
        time_zone: None,
        organization_id: None,
        notes: String::new(),
        custom_fields: BTreeMap::new(),
        created_at: now,
        updated_at: now,
    };
    let id = TicketId::generate();
    let ticket = Ticket {
        id,
        number: TicketNumber(0),
        subject: TicketSubject::parse(&format!("Order {i} has not arrived"))?,
        status: Status::New,
        priority: Priority::Normal,
        ticket_type: TicketType::Question,
        channel: Channel::Web,
        requester_id: contact_id,
        organization_id: None,
        group_id: None,
        assignee_id: None,
        tags: vec![Tag::parse("shipping")?],
        custom_fields: BTreeMap::new(),
        language: Language::english(),
        links: Vec::new(),
        merged_into: None,
        created_at: now,
        updated_at: now,
        first_response_at: None,
        solved_at: None,
        sla: None,
        category_id: None,
        insight: Default::default(),
        version: 0,
    };
    let message = Message {
        id: MessageId::generate(),
        ticket_id: id,
        kind: MessageKind::Reply,
        internal: false,
        direction: Direction::Inbound,
        author: Author::Contact(contact_id),
        channel: Channel::Web,
        body_text: "Hello, my order has not arrived yet. Could you check, please?".to_owned(),
        body_html: None,
        external_id: None,
        attachments: Vec::new(),
        created_at: now,
    };
    let events = vec![TicketEvent::new(
        id,
        Author::Contact(contact_id),
        Via::Api,
        Change::Created,
        now,
    )];
    Ok(NewTicket {
        ticket,
        requester: Requester::New(contact),
        message,
        events,
        email: Default::default(),
        notifications: Vec::new(),
    })
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let temporary = tempfile::tempdir()?;
    let dir = args
        .next()
        .map_or_else(|| temporary.path().to_owned(), Into::into);
    let total: u64 = args.next().map_or(Ok(20_000), |n| n.parse())?;
    let concurrency: u64 = args.next().map_or(Ok(64), |n| n.parse())?;

    let path = dir.join(format!("throughput-{}.db", uuid::Uuid::now_v7().simple()));
    let store = SqliteStore::open(&path)?;
    store.migrate().await?;
    let next = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (store, next) = (store.clone(), Arc::clone(&next));
        tasks.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= total {
                    return Ok::<(), String>(());
                }
                let new = new_ticket(i).map_err(|e| e.to_string())?;
                store.create_ticket(new).await.map_err(|e| e.to_string())?;
            }
        }));
    }
    for task in tasks {
        task.await??;
    }
    let elapsed = started.elapsed();
    let stats = store.write_stats();
    println!(
        "{total} tickets at concurrency {concurrency} in {:.2} s: {:.0} tickets/s; {} batches, mean batch {:.1}",
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64(),
        stats.batches,
        stats.writes as f64 / stats.batches.max(1) as f64,
    );
    drop(store);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    Ok(())
}
