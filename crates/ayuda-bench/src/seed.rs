//! Generates a large, plausible data set straight through the store: groups, agents, organizations, contacts
//! and tickets spread over a year, all statuses, priorities, channels and a few tags.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use ayuda_app::App;
use ayuda_app::auth::NewAgent;
use ayuda_core::agent::Group;
use ayuda_core::clock::SystemClock;
use ayuda_core::contact::{
    Contact, Domain, EmailAddress, Identity, Organization, OrganizationKind, ServiceTier,
};
use ayuda_core::event::{Change, TicketEvent, Via};
use ayuda_core::id::{ContactId, GroupId, MessageId, OrganizationId, TicketId, TicketNumber};
use ayuda_core::message::{Author, Direction, Message, MessageKind};
use ayuda_core::text::{Language, Name, Tag};
use ayuda_core::ticket::{Channel, Priority, Status, Ticket, TicketSubject, TicketType};
use ayuda_store::{NewTicket, Requester, Store};
use clap::Args;
use jiff::SignedDuration;

use crate::words::{self, Dice, LANGUAGES};

#[derive(Debug, Args)]
pub struct SeedArgs {
    /// SQLite data directory (the server's --data).
    #[arg(long, default_value = "ayuda-bench-data")]
    data: PathBuf,
    /// PostgreSQL URL instead of SQLite.
    #[arg(long, env = "AYUDA_DATABASE_URL")]
    database_url: Option<String>,
    /// How many tickets to generate.
    #[arg(long, default_value_t = 100_000)]
    tickets: usize,
    /// Tickets per transaction.
    #[arg(long, default_value_t = 2_000)]
    batch: usize,
    /// Replies appended to each ticket after its first message, each in its own write as in real use.
    #[arg(long, default_value_t = 0)]
    replies: usize,
    /// Published knowledge base articles to generate, each in English, Spanish and Italian.
    #[arg(long, default_value_t = 0)]
    articles: usize,
}

async fn open(args: &SeedArgs) -> anyhow::Result<Arc<dyn Store>> {
    Ok(match &args.database_url {
        Some(url) => {
            let store = ayuda_store_postgres::PgStore::connect(url, 8)
                .await
                .context("cannot connect to PostgreSQL")?;
            store.migrate().await?;
            Arc::new(store)
        }
        None => {
            std::fs::create_dir_all(&args.data)?;
            let store = ayuda_store_sqlite::SqliteStore::open(&args.data.join("ayuda.db"))?;
            store.migrate().await?;
            Arc::new(store)
        }
    })
}

pub async fn run(args: SeedArgs) -> anyhow::Result<()> {
    let store = open(&args).await?;
    let app = App::new(store.clone(), Arc::new(SystemClock));
    let now = app.clock().now();
    let email = format!("bench-{}@bench.example", now.as_second());
    let mut groups = Vec::new();
    for i in 0..8 {
        let group = Group {
            id: GroupId::generate(),
            name: Name::parse(&format!("Bench group {i} {}", now.as_second()))?,
            description: String::new(),
            created_at: now,
            updated_at: now,
        };
        groups.push(store.create_group(group).await?.id);
    }
    let mut agents = Vec::new();
    for i in 0..40 {
        let agent = app
            .add_agent(NewAgent {
                email: format!("agent{i}-{email}"),
                name: format!("Agent {i}"),
                role: "agent".into(),
                password: None,
                languages: vec!["en".into()],
                group_ids: vec![groups[i % groups.len()]],
            })
            .await?;
        agents.push(agent.id);
    }
    app.add_agent(NewAgent {
        email: email.clone(),
        name: "Bench admin".into(),
        role: "admin".into(),
        ..NewAgent::default()
    })
    .await?;
    let token = app.issue_token(&email, "bench").await?;
    let mut organizations = Vec::new();
    for i in 0..200 {
        let organization = Organization {
            id: OrganizationId::generate(),
            name: Name::parse(&format!("Org {i}"))?,
            kind: [
                OrganizationKind::Consumer,
                OrganizationKind::Retailer,
                OrganizationKind::Wholesaler,
                OrganizationKind::Other,
            ][i % 4],
            service_tier: ServiceTier::Standard,
            domains: vec![Domain::parse(&format!(
                "org{i}-{}.bench.example",
                now.as_second()
            ))?],
            shared_tickets: false,
            notes: String::new(),
            custom_fields: BTreeMap::new(),
            created_at: now,
            updated_at: now,
        };
        organizations.push(store.create_organization(organization).await?);
    }

    let mut dice = Dice(0x0123_4567_89ab_cdef);
    let statuses = [
        Status::New,
        Status::Open,
        Status::Open,
        Status::Pending,
        Status::OnHold,
        Status::Solved,
        Status::Closed,
        Status::Closed,
        Status::Closed,
    ];
    let tags: Vec<Tag> = ["refund", "vip", "printer", "shipping", "invoice"]
        .iter()
        .map(|t| Tag::parse(t))
        .collect::<Result<_, _>>()?;
    let started = Instant::now();
    let mut made = 0;
    let mut first_customer: Option<String> = None;
    while made < args.tickets {
        let size = args.batch.min(args.tickets - made);
        let mut batch = Vec::with_capacity(size);
        for _ in 0..size {
            let organization = &organizations[dice.below(organizations.len())];
            let customer = dice.below(50_000);
            let address =
                EmailAddress::parse(&format!("c{customer}@{}", organization.domains[0].as_str()))?;
            if first_customer.is_none() {
                first_customer = Some(address.as_str().to_owned());
            }
            let created_at =
                now - SignedDuration::from_secs(dice.below(365 * 24 * 3600) as i64 + 60);
            let status = statuses[dice.below(statuses.len())];
            let contact = Contact {
                id: ContactId::generate(),
                name: Name::parse(&format!("Customer {customer}"))?,
                identities: vec![Identity::email(&address)],
                language: None,
                time_zone: None,
                organization_id: None,
                notes: String::new(),
                custom_fields: BTreeMap::new(),
                created_at,
                updated_at: created_at,
            };
            let channel = Channel::ALL[dice.below(Channel::ALL.len())];
            let language = (made + batch.len()) % LANGUAGES.len();
            let ticket = Ticket {
                id: TicketId::generate(),
                number: TicketNumber(0),
                subject: TicketSubject::parse(&words::subject(&mut dice, language))?,
                status,
                priority: Priority::ALL[dice.below(Priority::ALL.len())],
                ticket_type: TicketType::ALL[dice.below(TicketType::ALL.len())],
                channel,
                requester_id: contact.id,
                organization_id: None,
                group_id: Some(groups[dice.below(groups.len())]),
                assignee_id: (status != Status::New).then(|| agents[dice.below(agents.len())]),
                tags: if dice.below(5) == 0 {
                    vec![tags[dice.below(tags.len())].clone()]
                } else {
                    Vec::new()
                },
                custom_fields: BTreeMap::new(),
                language: Language::parse(LANGUAGES[language])?,
                links: Vec::new(),
                merged_into: None,
                created_at,
                updated_at: created_at
                    + SignedDuration::from_secs(dice.below(3 * 24 * 3600) as i64),
                first_response_at: None,
                solved_at: None,
                sla: None,
                category_id: None,
                insight: Default::default(),
                version: 1,
            };
            let message = Message {
                id: MessageId::generate(),
                ticket_id: ticket.id,
                kind: MessageKind::Reply,
                internal: false,
                direction: Direction::Inbound,
                author: Author::Contact(contact.id),
                channel,
                body_text: {
                    let length = 15 + dice.skewed(120);
                    words::text(&mut dice, language, length)
                },
                body_html: None,
                external_id: None,
                attachments: Vec::new(),
                created_at,
            };
            let events = vec![TicketEvent::new(
                ticket.id,
                Author::System,
                Via::System,
                Change::Created,
                created_at,
            )];
            batch.push(NewTicket {
                ticket,
                requester: Requester::New(contact),
                message,
                events,
                email: Default::default(),
                notifications: Vec::new(),
            });
        }
        let created = store.create_tickets(batch).await?;
        if args.replies > 0 {
            append_replies(&store, created, args.replies, &agents, &mut dice).await?;
        }
        made += size;
        if made % 100_000 < size {
            eprintln!(
                "{made} tickets, {:.0}/s",
                made as f64 / started.elapsed().as_secs_f64()
            );
        }
    }
    eprintln!(
        "seeded {made} tickets with {} messages each in {:.1} s",
        1 + args.replies,
        started.elapsed().as_secs_f64()
    );
    if args.articles > 0 {
        let started = Instant::now();
        crate::search::seed_articles(&store, args.articles, agents[0], &mut dice).await?;
        eprintln!(
            "seeded {} articles in {:.1} s",
            args.articles,
            started.elapsed().as_secs_f64()
        );
    }
    if let Some(customer) = first_customer {
        let customer_token = app.issue_token(&customer, "bench").await?;
        eprintln!("a customer's token (for `search --customer-token`): {customer_token}");
    }
    println!("{token}");
    Ok(())
}

/// Appends `replies` agent replies to each ticket, every one in its own write as an agent's reply is; many
/// tickets at once, so the store's writer commits them in batches as it does under real load.
async fn append_replies(
    store: &Arc<dyn Store>,
    created: Vec<ayuda_store::CreatedTicket>,
    replies: usize,
    agents: &[ayuda_core::id::AgentId],
    dice: &mut Dice,
) -> anyhow::Result<()> {
    let mut writes = tokio::task::JoinSet::new();
    for created in created {
        let mut ticket = created.ticket;
        let language = LANGUAGES
            .iter()
            .position(|l| *l == ticket.language.as_str())
            .unwrap_or(0);
        let agent = agents[dice.below(agents.len())];
        let texts: Vec<String> = (0..replies)
            .map(|_| {
                let length = 10 + dice.skewed(100);
                words::text(dice, language, length)
            })
            .collect();
        let store = store.clone();
        writes.spawn(async move {
            for (i, text) in texts.into_iter().enumerate() {
                let at = ticket.created_at + SignedDuration::from_secs(3600 * (i as i64 + 1));
                let message = Message {
                    id: MessageId::generate(),
                    ticket_id: ticket.id,
                    kind: MessageKind::Reply,
                    internal: i % 4 == 3,
                    direction: Direction::Outbound,
                    author: Author::Agent(agent),
                    channel: ticket.channel,
                    body_text: text,
                    body_html: None,
                    external_id: None,
                    attachments: Vec::new(),
                    created_at: at,
                };
                ticket = store
                    .write_ticket(ayuda_store::TicketWrite {
                        ticket: ticket.clone(),
                        message: Some(message),
                        events: Vec::new(),
                        email: Default::default(),
                        notifications: Vec::new(),
                        routing: None,
                    })
                    .await?;
            }
            Ok::<_, ayuda_store::StoreError>(())
        });
    }
    while let Some(result) = writes.join_next().await {
        result??;
    }
    Ok(())
}
