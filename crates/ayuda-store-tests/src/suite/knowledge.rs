//! The knowledge base: articles and their versions, categories, counters, training, announcements with read
//! receipts, and the records of what the knowledge base lacks.

use std::collections::BTreeMap;
use std::sync::Arc;

use ayuda_core::id::{AgentId, AnnouncementId, ArticleId, CategoryId};
use ayuda_core::knowledge::{
    Announcement, Article, ArticleStatus, ArticleTitle, Category, ReadReceipt, Translation,
    Visibility,
};
use ayuda_core::ticket::Status;
use ayuda_store::knowledge::{
    ArticleCounter, ArticleQuery, ArticleSettings, SearchMiss, TranslationWrite,
};
use ayuda_store::{Store, StoreError, TicketWrite};

use crate::fixtures::{self, at};

fn translation(
    author: AgentId,
    language: &str,
    title: &str,
    status: ArticleStatus,
    version: i32,
) -> Translation {
    Translation {
        language: fixtures::language(language),
        title: ArticleTitle::parse(title).unwrap(),
        body_html: format!("<p>{title}</p>"),
        body_text: title.to_owned(),
        status,
        version,
        author,
        updated_at: at(i64::from(version) * 10),
    }
}

fn article(
    category: Option<CategoryId>,
    visibility: Visibility,
    translations: Vec<Translation>,
) -> Article {
    Article {
        id: ArticleId::generate(),
        category,
        visibility,
        translations,
        attachments: vec![fixtures::attachment(1)],
        created_at: at(1),
        updated_at: at(1),
        views: 0,
        helpful: 0,
        unhelpful: 0,
        deflections: 0,
    }
}

async fn author(store: &Arc<dyn Store>) -> AgentId {
    let agent = fixtures::agent(&format!("{}@desk.test", AgentId::generate()), &[]);
    store.create_agent(agent.clone(), None).await.unwrap();
    agent.id
}

pub async fn an_article_keeps_every_version_of_each_translation(store: Arc<dyn Store>) {
    let eva = author(&store).await;
    let doc = article(
        None,
        Visibility::Public,
        vec![
            translation(eva, "en", "Duplicate invoice", ArticleStatus::Published, 1),
            translation(eva, "es", "Factura duplicada", ArticleStatus::Draft, 1),
        ],
    );
    store.create_article(doc.clone()).await.unwrap();
    let stored = store.get_article(doc.id).await.unwrap().unwrap();
    assert_eq!(stored, doc, "round trip");

    let second = translation(
        eva,
        "es",
        "Factura duplicada: qué hacer",
        ArticleStatus::Published,
        2,
    );
    store
        .save_translation(TranslationWrite {
            article: doc.id,
            translation: second.clone(),
        })
        .await
        .unwrap();
    // Someone else saved version 2 already: a save based on version 1 is refused, nothing changes.
    let stale = translation(eva, "es", "Otra cosa", ArticleStatus::Draft, 2);
    assert!(matches!(
        store
            .save_translation(TranslationWrite {
                article: doc.id,
                translation: stale
            })
            .await,
        Err(StoreError::Conflict)
    ));
    let italian = translation(eva, "it", "Fattura doppia", ArticleStatus::Draft, 1);
    store
        .save_translation(TranslationWrite {
            article: doc.id,
            translation: italian,
        })
        .await
        .unwrap();
    let stored = store.get_article(doc.id).await.unwrap().unwrap();
    let spanish = stored.translation(&fixtures::language("es")).unwrap();
    assert_eq!(spanish, &second);
    assert_eq!(stored.translations.len(), 3);
    let versions = store
        .list_article_versions(doc.id, &fixtures::language("es"))
        .await
        .unwrap();
    let titles: Vec<(i32, &str)> = versions
        .iter()
        .map(|v| (v.version, v.title.as_str()))
        .collect();
    assert_eq!(
        titles,
        [
            (2, "Factura duplicada: qué hacer"),
            (1, "Factura duplicada")
        ]
    );
    assert!(versions.iter().all(|v| v.author == eva));

    let unknown = TranslationWrite {
        article: ArticleId::generate(),
        translation: translation(eva, "en", "x", ArticleStatus::Draft, 1),
    };
    assert!(matches!(
        store.save_translation(unknown).await,
        Err(StoreError::NotFound)
    ));
    let nobody = translation(AgentId::generate(), "en", "Who?", ArticleStatus::Draft, 2);
    assert!(matches!(
        store
            .save_translation(TranslationWrite {
                article: doc.id,
                translation: nobody
            })
            .await,
        Err(StoreError::MissingReference(_))
    ));
}

pub async fn articles_are_listed_by_category_visibility_and_status(store: Arc<dyn Store>) {
    let eva = author(&store).await;
    let billing = Category {
        id: CategoryId::generate(),
        parent: None,
        position: 1,
        names: BTreeMap::from([
            (fixtures::language("en"), fixtures::name("Billing")),
            (fixtures::language("es"), fixtures::name("Facturación")),
        ]),
        created_at: at(1),
    };
    store.create_category(billing.clone()).await.unwrap();
    let mut invoices = Category {
        id: CategoryId::generate(),
        parent: Some(billing.id),
        position: 0,
        names: BTreeMap::from([(fixtures::language("en"), fixtures::name("Invoices"))]),
        created_at: at(2),
    };
    store.create_category(invoices.clone()).await.unwrap();
    invoices
        .names
        .insert(fixtures::language("it"), fixtures::name("Fatture"));
    store.update_category(invoices.clone()).await.unwrap();
    assert_eq!(
        store.list_categories().await.unwrap(),
        [invoices.clone(), billing.clone()]
    );

    let public = article(
        Some(invoices.id),
        Visibility::Public,
        vec![translation(eva, "en", "A", ArticleStatus::Published, 1)],
    );
    let draft = article(
        Some(invoices.id),
        Visibility::Internal,
        vec![translation(eva, "en", "B", ArticleStatus::Draft, 1)],
    );
    let elsewhere = article(
        None,
        Visibility::Training,
        vec![translation(eva, "en", "C", ArticleStatus::Published, 1)],
    );
    for a in [&public, &draft, &elsewhere] {
        store.create_article(a.clone()).await.unwrap();
    }
    let ids =
        |page: ayuda_store::Page<Article, _>| page.items.iter().map(|a| a.id).collect::<Vec<_>>();
    let in_invoices = ArticleQuery {
        category: Some(invoices.id),
        limit: 10,
        ..Default::default()
    };
    let mut found = ids(store.list_articles(&in_invoices).await.unwrap());
    found.sort();
    let mut expected = vec![public.id, draft.id];
    expected.sort();
    assert_eq!(found, expected);
    let published_public = ArticleQuery {
        visibilities: vec![Visibility::Public],
        status: Some(ArticleStatus::Published),
        limit: 10,
        ..Default::default()
    };
    assert_eq!(
        ids(store.list_articles(&published_public).await.unwrap()),
        [public.id]
    );

    // Pages of one follow each other without repeats.
    let mut seen = Vec::new();
    let mut query = ArticleQuery {
        limit: 1,
        ..Default::default()
    };
    loop {
        let page = store.list_articles(&query).await.unwrap();
        seen.extend(page.items.iter().map(|a| a.id));
        match page.next_cursor {
            Some(cursor) => query.after = Some(cursor),
            None => break,
        }
    }
    seen.sort();
    let mut all = vec![public.id, draft.id, elsewhere.id];
    all.sort();
    assert_eq!(seen, all);

    store
        .update_article(
            public.id,
            ArticleSettings {
                category: None,
                visibility: Visibility::Internal,
                updated_at: at(500),
            },
        )
        .await
        .unwrap();
    let moved = store.get_article(public.id).await.unwrap().unwrap();
    assert_eq!(
        (moved.category, moved.visibility),
        (None, Visibility::Internal)
    );
}

pub async fn article_counters_training_and_uses_are_recorded(store: Arc<dyn Store>) {
    let eva = author(&store).await;
    let doc = article(
        None,
        Visibility::Training,
        vec![translation(
            eva,
            "en",
            "Welcome",
            ArticleStatus::Published,
            1,
        )],
    );
    store.create_article(doc.clone()).await.unwrap();
    for counter in [
        ArticleCounter::View,
        ArticleCounter::View,
        ArticleCounter::Helpful,
        ArticleCounter::Unhelpful,
        ArticleCounter::Deflection,
    ] {
        store.count_article(doc.id, counter).await.unwrap();
    }
    let counted = store.get_article(doc.id).await.unwrap().unwrap();
    assert_eq!(
        (
            counted.views,
            counted.helpful,
            counted.unhelpful,
            counted.deflections
        ),
        (2, 1, 1, 1)
    );
    assert!(matches!(
        store
            .count_article(ArticleId::generate(), ArticleCounter::View)
            .await,
        Err(StoreError::NotFound)
    ));

    store.complete_training(eva, doc.id, at(10)).await.unwrap();
    store.complete_training(eva, doc.id, at(20)).await.unwrap();
    assert_eq!(
        store.training_progress(eva).await.unwrap(),
        [(doc.id, at(10))],
        "the first time holds"
    );

    let ana = store
        .create_contact(fixtures::contact("ana@example.com"))
        .await
        .unwrap();
    let helped = store
        .create_ticket(fixtures::ticket_for(ana.id).build())
        .await
        .unwrap()
        .ticket;
    let unhelped = store
        .create_ticket(fixtures::ticket_for(ana.id).build())
        .await
        .unwrap()
        .ticket;
    let open = store
        .create_ticket(fixtures::ticket_for(ana.id).build())
        .await
        .unwrap()
        .ticket;
    store
        .record_article_use(helped.id, doc.id, at(30))
        .await
        .unwrap();
    store
        .record_article_use(helped.id, doc.id, at(31))
        .await
        .unwrap();
    assert_eq!(store.articles_used(helped.id).await.unwrap(), [doc.id]);
    for (n, ticket) in [&helped, &unhelped].into_iter().enumerate() {
        let mut solved = ticket.clone();
        solved.status = Status::Solved;
        solved.solved_at = Some(at(1_000 + n as i64));
        solved.updated_at = at(1_000 + n as i64);
        store
            .write_ticket(TicketWrite {
                ticket: solved,
                message: None,
                events: Vec::new(),
                email: Default::default(),
                notifications: Vec::new(),
                routing: None,
            })
            .await
            .unwrap();
    }
    let gaps = store.list_unhelped_tickets(at(0), 10).await.unwrap();
    assert_eq!(
        gaps.iter().map(|g| g.ticket).collect::<Vec<_>>(),
        [unhelped.id]
    );
    assert!(!gaps.iter().any(|g| g.ticket == open.id));
    assert!(
        store
            .list_unhelped_tickets(at(5_000), 10)
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn announcements_are_acknowledged_once_per_agent(store: Arc<dyn Store>) {
    let eva = author(&store).await;
    let leo = author(&store).await;
    let mut published = Vec::new();
    for n in 0..3 {
        let announcement = Announcement {
            id: AnnouncementId::generate(),
            title: ArticleTitle::parse(&format!("New product {n}")).unwrap(),
            body_html: "<p>Out now.</p>".to_owned(),
            author: eva,
            published_at: at(100 + n),
        };
        store
            .create_announcement(announcement.clone())
            .await
            .unwrap();
        published.push(announcement);
    }
    let newest_first: Vec<_> = published.iter().rev().cloned().collect();
    assert_eq!(
        store.list_announcements(None, 10).await.unwrap(),
        newest_first
    );
    assert_eq!(
        store
            .list_announcements(Some(published[2].id), 10)
            .await
            .unwrap(),
        newest_first[1..]
    );
    assert_eq!(
        store
            .get_announcement(published[0].id)
            .await
            .unwrap()
            .as_ref(),
        Some(&published[0])
    );

    let receipt = ReadReceipt {
        announcement: published[1].id,
        agent: leo,
        read_at: at(200),
    };
    store
        .acknowledge_announcement(receipt.clone())
        .await
        .unwrap();
    store
        .acknowledge_announcement(ReadReceipt {
            read_at: at(300),
            ..receipt.clone()
        })
        .await
        .unwrap();
    assert_eq!(
        store.read_receipts(published[1].id).await.unwrap(),
        [receipt]
    );
    let unread: Vec<_> = store
        .unread_announcements(leo, 10)
        .await
        .unwrap()
        .iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(unread, [published[2].id, published[0].id]);
    assert_eq!(store.unread_announcements(eva, 10).await.unwrap().len(), 3);
    let unknown = ReadReceipt {
        announcement: AnnouncementId::generate(),
        agent: leo,
        read_at: at(1),
    };
    assert!(matches!(
        store.acknowledge_announcement(unknown).await,
        Err(StoreError::MissingReference(_))
    ));
}

pub async fn searches_that_found_nothing_are_counted(store: Arc<dyn Store>) {
    let miss = |text: &str, at_seconds: i64, by_customers: bool| SearchMiss {
        text: text.to_owned(),
        language: fixtures::language("es"),
        count: 1,
        last_at: at(at_seconds),
        by_customers,
    };
    store
        .record_search_miss(miss("garantia extendida", 10, true))
        .await
        .unwrap();
    store
        .record_search_miss(miss("garantia extendida", 20, true))
        .await
        .unwrap();
    store
        .record_search_miss(miss("garantia extendida", 15, false))
        .await
        .unwrap();
    store
        .record_search_miss(miss("devolucion", 5, true))
        .await
        .unwrap();
    let listed = store.list_search_misses(at(0), 10).await.unwrap();
    let summary: Vec<(&str, i64, bool)> = listed
        .iter()
        .map(|m| (m.text.as_str(), m.count, m.by_customers))
        .collect();
    assert_eq!(
        summary,
        [
            ("garantia extendida", 2, true),
            ("garantia extendida", 1, false),
            ("devolucion", 1, true)
        ]
    );
    assert_eq!(listed[0].last_at, at(20));
    assert_eq!(store.list_search_misses(at(12), 10).await.unwrap().len(), 2);
}
