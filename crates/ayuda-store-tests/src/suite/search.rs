//! The full-text index: what each backend finds for words in three languages, who finds what, typo
//! neighbours, and a rebuild from the records.

use std::sync::Arc;

use ayuda_core::id::{AgentId, ArticleId, ContactId, TicketId};
use ayuda_core::knowledge::{Article, ArticleStatus, ArticleTitle, Translation, Visibility};
use ayuda_core::permission::TicketScope;
use ayuda_search::query::{Matcher, Query};
use ayuda_store::search::{Audience, EntryKind, SearchHit, SearchRequest, TicketFilter};
use ayuda_store::{Store, TicketWrite};
use uuid::Uuid;

use crate::fixtures::{self, at};

const LANGUAGES: [&str; 3] = ["en", "es", "it"];

fn request(text: &str, scope: TicketScope, audiences: Vec<Audience>) -> SearchRequest {
    SearchRequest {
        matcher: Matcher::new(&Query::parse(text, &[]), &LANGUAGES),
        kinds: EntryKind::ALL.to_vec(),
        audiences,
        tickets: TicketFilter {
            scope,
            statuses: Vec::new(),
            priorities: Vec::new(),
            group: None,
            assignee: None,
            language: None,
        },
        article_language: None,
        now: at(1_000_000),
        limit: 20,
    }
}

fn agents(text: &str) -> SearchRequest {
    request(
        text,
        TicketScope::All,
        vec![Audience::Everyone, Audience::Agents, Audience::Training],
    )
}

fn customer(text: &str, contact: ContactId) -> SearchRequest {
    request(
        text,
        TicketScope::Customer {
            contact_id: contact,
            organization_id: None,
        },
        vec![Audience::Everyone],
    )
}

fn sources(hits: &[SearchHit]) -> Vec<Uuid> {
    hits.iter().map(|h| h.ticket.unwrap_or(h.source)).collect()
}

async fn ticket(
    store: &Arc<dyn Store>,
    requester: ContactId,
    language: &str,
    subject: &str,
    body: &str,
) -> TicketId {
    let body = body.to_owned();
    store
        .create_ticket(
            fixtures::ticket_for(requester)
                .language(language)
                .subject(subject)
                .with_message(move |m| m.body_text = body)
                .build(),
        )
        .await
        .unwrap()
        .ticket
        .id
}

fn article(
    author: AgentId,
    visibility: Visibility,
    language: &str,
    title: &str,
    body: &str,
) -> Article {
    Article {
        id: ArticleId::generate(),
        category: None,
        visibility,
        translations: vec![Translation {
            language: fixtures::language(language),
            title: ArticleTitle::parse(title).unwrap(),
            body_html: format!("<p>{body}</p>"),
            body_text: body.to_owned(),
            status: ArticleStatus::Published,
            version: 1,
            author,
            updated_at: at(100),
        }],
        attachments: Vec::new(),
        created_at: at(100),
        updated_at: at(100),
        views: 0,
        helpful: 0,
        unhelpful: 0,
        deflections: 0,
    }
}

pub async fn words_are_found_by_stem_and_without_accents_in_three_languages(store: Arc<dyn Store>) {
    let ana = store
        .create_contact(fixtures::contact("ana@example.com"))
        .await
        .unwrap();
    let es = ticket(
        &store,
        ana.id,
        "es",
        "Problema con la impresora",
        "La impresora no imprime la facturación.",
    )
    .await;
    let it = ticket(
        &store,
        ana.id,
        "it",
        "Domanda",
        "Non ho ricevuto la fattura di marzo.",
    )
    .await;
    let en = ticket(
        &store,
        ana.id,
        "en",
        "Question",
        "Both printers stopped after the update.",
    )
    .await;
    for (query, expected) in [
        ("impresoras", vec![es]),
        ("IMPRESORA", vec![es]),
        ("facturacion", vec![es]),
        ("fatture", vec![it]),
        ("printer", vec![en]),
        ("\"printers stopped\"", vec![en]),
        ("\"stopped printers\"", vec![]),
        ("printer -update", vec![]),
    ] {
        let hits = store.search(&agents(query)).await.unwrap();
        let mut found = sources(&hits);
        found.dedup();
        let expected: Vec<Uuid> = expected.iter().map(|t| t.0).collect();
        assert_eq!(found, expected, "searching {query}");
    }
    let hits = store.search(&agents("impresora")).await.unwrap();
    assert!(hits.iter().all(|h| h.relevance > 0.0), "{hits:?}");
    assert!(
        hits.iter().any(|h| h.kind == EntryKind::Ticket),
        "the subject matched too"
    );
}

pub async fn a_customer_finds_public_articles_and_their_own_public_messages_only(
    store: Arc<dyn Store>,
) {
    let ana = store
        .create_contact(fixtures::contact("ana@example.com"))
        .await
        .unwrap();
    let luis = store
        .create_contact(fixtures::contact("luis@example.com"))
        .await
        .unwrap();
    let agent = fixtures::agent("eva@desk.test", &[]);
    store.create_agent(agent.clone(), None).await.unwrap();
    let own = ticket(&store, ana.id, "en", "Router", "My router blinks red.").await;
    let theirs = ticket(
        &store,
        luis.id,
        "en",
        "Router too",
        "The router blinks orange.",
    )
    .await;
    let mut stored = store.get_ticket(own).await.unwrap().unwrap();
    stored.updated_at = at(50);
    let mut note = fixtures::note(own, agent.id, at(50));
    note.body_text = "Router firmware known bug, internal only.".to_owned();
    store
        .write_ticket(TicketWrite {
            ticket: stored,
            message: Some(note.clone()),
            events: Vec::new(),
            email: Default::default(),
            notifications: Vec::new(),
            routing: None,
        })
        .await
        .unwrap();
    let public = article(
        agent.id,
        Visibility::Public,
        "en",
        "Router lights",
        "What the router lights mean.",
    );
    let internal = article(
        agent.id,
        Visibility::Internal,
        "en",
        "Router escalation",
        "Router faults go to level two.",
    );
    let training = article(
        agent.id,
        Visibility::Training,
        "en",
        "Router basics",
        "How a router works.",
    );
    for a in [&public, &internal, &training] {
        store.create_article(a.clone()).await.unwrap();
    }

    let hits = store.search(&customer("router", ana.id)).await.unwrap();
    let found = sources(&hits);
    assert!(found.contains(&own.0));
    assert!(found.contains(&public.id.0));
    assert!(!found.contains(&theirs.0), "another customer's ticket");
    assert!(!found.contains(&internal.id.0), "an internal article");
    assert!(!found.contains(&training.id.0), "a training article");
    assert!(
        !hits.iter().any(|h| h.source == note.id.0),
        "an internal note"
    );
    assert!(
        store
            .search(&customer("firmware", ana.id))
            .await
            .unwrap()
            .is_empty()
    );

    let everything = sources(&store.search(&agents("router")).await.unwrap());
    for id in [own.0, theirs.0, public.id.0, internal.id.0, training.id.0] {
        assert!(everything.contains(&id), "agents find {id}");
    }
    assert_eq!(
        sources(&store.search(&agents("firmware")).await.unwrap()),
        [own.0]
    );
}

pub async fn terms_near_a_typo_are_found_through_their_neighbours(store: Arc<dyn Store>) {
    let ana = store
        .create_contact(fixtures::contact("ana@example.com"))
        .await
        .unwrap();
    ticket(
        &store,
        ana.id,
        "es",
        "Impresora",
        "La impresora no funciona.",
    )
    .await;
    let known = store
        .known_terms(&["impresor".to_owned(), "imprsor".to_owned()])
        .await
        .unwrap();
    assert_eq!(known, ["impresor"]);
    for typo in ["imprsor", "impresorr", "impersor", "imprezor"] {
        let mut neighbours = ayuda_search::typo::deletion_neighbours(typo);
        neighbours.push(typo.to_owned());
        let near = store.terms_near(&neighbours).await.unwrap();
        assert!(near.contains(&"impresor".to_owned()), "{typo}: {near:?}");
    }
}

pub async fn a_subject_about_the_words_outranks_a_long_message_that_mentions_them(
    store: Arc<dyn Store>,
) {
    let ana = store
        .create_contact(fixtures::contact("ana@example.com"))
        .await
        .unwrap();
    let filler =
        "the parcel came late and the box was open when it arrived at the house ".repeat(8);
    let mentioned = ticket(
        &store,
        ana.id,
        "en",
        "Delivery question",
        &format!("{filler} also the printer {filler}"),
    )
    .await;
    let about = ticket(&store, ana.id, "en", "Printer jammed", "It stopped.").await;
    // Created last, the long one is also the newest: where the words are weighs more than a few seconds.
    let newest = ticket(
        &store,
        ana.id,
        "en",
        "Another delivery",
        &format!("{filler} printer {filler}"),
    )
    .await;
    let hits = store.search(&agents("printer")).await.unwrap();
    let order = sources(&hits);
    assert_eq!(order.first(), Some(&about.0), "{hits:?}");
    assert!(order.contains(&mentioned.0) && order.contains(&newest.0));
}

pub async fn a_rebuilt_index_finds_what_the_live_one_found(store: Arc<dyn Store>) {
    let ana = store
        .create_contact(fixtures::contact("ana@example.com"))
        .await
        .unwrap();
    let agent = fixtures::agent("eva@desk.test", &[]);
    store.create_agent(agent.clone(), None).await.unwrap();
    let mut tickets = Vec::new();
    for n in 0..7 {
        tickets.push(
            ticket(
                &store,
                ana.id,
                "it",
                &format!("Fattura {n}"),
                "Manca la fattura.",
            )
            .await,
        );
    }
    let doc = article(
        agent.id,
        Visibility::Public,
        "it",
        "Fatture",
        "Dove trovare le fatture.",
    );
    store.create_article(doc.clone()).await.unwrap();
    let before = sources(&store.search(&agents("fattura")).await.unwrap());
    // Rebuilt in place, entry by entry, then from an emptied index: both find the same.
    rebuild(&store).await;
    assert_eq!(store.setting("search.reindex").await.unwrap(), None);
    let mut again = sources(&store.search(&agents("fattura")).await.unwrap());
    store.clear_index().await.unwrap();
    assert!(store.search(&agents("fattura")).await.unwrap().is_empty());
    assert_eq!(
        store.setting("search.reindex").await.unwrap().as_deref(),
        Some("pending")
    );
    rebuild(&store).await;
    assert_eq!(store.setting("search.reindex").await.unwrap(), None);
    let mut rebuilt = sources(&store.search(&agents("fattura")).await.unwrap());
    let mut before = before;
    rebuilt.sort();
    again.sort();
    before.sort();
    assert_eq!(again, before);
    assert_eq!(rebuilt, before);
    assert!(rebuilt.contains(&doc.id.0));
    assert_eq!(
        store.search(&agents("ana example")).await.unwrap()[0].kind,
        EntryKind::Contact
    );
}

async fn rebuild(store: &Arc<dyn Store>) {
    for kind in EntryKind::ALL {
        let mut after = None;
        loop {
            let step = store.reindex(kind, after, 3).await.unwrap();
            match step.next {
                Some(next) => after = Some(next),
                None => break,
            }
        }
    }
    store.finish_reindex().await.unwrap();
}
