//! What the web interfaces keep: customers' portal passwords and sign-in links, agents' own preferences,
//! saved views and canned responses, each set, replaced, read back, and refused when unknown or duplicate.

use std::sync::Arc;

use ayuda_core::Timestamp;
use ayuda_core::contact::EmailAddress;
use ayuda_core::email::{OutboxKind, OutboxMail, OutboxState};
use ayuda_core::id::{AgentId, ContactId, OutboxId, SavedViewId};
use ayuda_core::saved_view::SavedView;
use ayuda_core::sign_in_link::SignInLink;
use ayuda_core::text::Name;
use ayuda_store::{AgentPreference, Store, StoreError};

use crate::fixtures::{self, at};

pub async fn a_customer_password_is_set_replaced_and_read_back(store: Arc<dyn Store>) {
    let ana = store
        .create_contact(fixtures::contact("ana@example.com"))
        .await
        .unwrap();
    let luis = store
        .create_contact(fixtures::contact("luis@example.com"))
        .await
        .unwrap();
    assert_eq!(store.customer_password(ana.id).await.unwrap(), None);
    store
        .set_customer_password(ana.id, "$argon2id$first", at(10))
        .await
        .unwrap();
    store
        .set_customer_password(ana.id, "$argon2id$second", at(20))
        .await
        .unwrap();
    assert_eq!(
        store.customer_password(ana.id).await.unwrap().as_deref(),
        Some("$argon2id$second")
    );
    assert_eq!(store.customer_password(luis.id).await.unwrap(), None);
    let unknown = store
        .set_customer_password(ContactId::generate(), "$argon2id$x", at(30))
        .await;
    assert!(matches!(unknown, Err(StoreError::NotFound)), "{unknown:?}");
}

pub async fn agent_preferences_default_to_nothing_and_are_replaced_whole(store: Arc<dyn Store>) {
    let bea = store
        .create_agent(fixtures::agent("bea@acme.example", &[]), None)
        .await
        .unwrap();
    assert_eq!(
        store.agent_preference(bea.id).await.unwrap(),
        AgentPreference::default()
    );
    let chosen = AgentPreference {
        language: Some("it".into()),
        time_zone: Some("Europe/Rome".into()),
        totp_secret: Some("JBSWY3DPEHPK3PXP".into()),
        email_notices: Some(vec![
            ayuda_core::notification::NotificationKind::Escalated,
            ayuda_core::notification::NotificationKind::SlaBreach,
        ]),
    };
    store
        .set_agent_preference(bea.id, &chosen, at(10))
        .await
        .unwrap();
    assert_eq!(store.agent_preference(bea.id).await.unwrap(), chosen);
    // Turning the second factor off keeps the rest.
    let without_totp = AgentPreference {
        totp_secret: None,
        ..chosen
    };
    store
        .set_agent_preference(bea.id, &without_totp, at(20))
        .await
        .unwrap();
    assert_eq!(store.agent_preference(bea.id).await.unwrap(), without_totp);
    // Choosing no mail at all is kept apart from never choosing.
    let no_mail = AgentPreference {
        email_notices: Some(Vec::new()),
        ..without_totp.clone()
    };
    store
        .set_agent_preference(bea.id, &no_mail, at(25))
        .await
        .unwrap();
    assert_eq!(store.agent_preference(bea.id).await.unwrap(), no_mail);
    let unknown = store
        .set_agent_preference(AgentId::generate(), &without_totp, at(30))
        .await;
    assert!(matches!(unknown, Err(StoreError::NotFound)), "{unknown:?}");
}

pub async fn canned_responses_keep_one_version_per_language_and_name(store: Arc<dyn Store>) {
    use ayuda_core::canned::CannedResponse;
    use ayuda_core::id::CannedResponseId;

    let version = |name: &str, language: &str, body: &str| CannedResponse {
        id: CannedResponseId::generate(),
        name: fixtures::name(name),
        language: fixtures::language(language),
        body: body.to_owned(),
        created_at: at(10),
        updated_at: at(10),
    };
    let refund_en = version(
        "Refund",
        "en",
        "Hello {{customer.first_name}}, we refunded you.",
    );
    let refund_es = version(
        "Refund",
        "es",
        "Hola {{customer.first_name}}, te hemos devuelto el dinero.",
    );
    let address = version("Address change", "en", "We updated your address.");
    for canned in [&refund_en, &refund_es, &address] {
        store.create_canned_response(canned.clone()).await.unwrap();
    }
    // The same name in the same language, whatever its case, is refused.
    let clash = store
        .create_canned_response(version("REFUND", "en", "again"))
        .await;
    assert!(matches!(clash, Err(StoreError::Duplicate(_))), "{clash:?}");

    let all = store.list_canned_responses().await.unwrap();
    assert_eq!(
        all,
        vec![address.clone(), refund_en.clone(), refund_es.clone()]
    );

    let mut edited = refund_en.clone();
    edited.body = "Hello, your refund is on its way.".to_owned();
    edited.updated_at = at(20);
    store.update_canned_response(edited.clone()).await.unwrap();
    assert_eq!(
        store.get_canned_response(refund_en.id).await.unwrap(),
        Some(edited)
    );
    store.delete_canned_response(address.id).await.unwrap();
    assert_eq!(store.get_canned_response(address.id).await.unwrap(), None);
    assert!(matches!(
        store.delete_canned_response(address.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.update_canned_response(address).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(store.list_canned_responses().await.unwrap().len(), 2);
}

fn sign_in_link(email: &str, name: Option<&str>, now: Timestamp) -> (SignInLink, OutboxMail) {
    let id = OutboxId::generate();
    let address = EmailAddress::parse(email).unwrap();
    let mail = OutboxMail {
        id,
        ticket_id: None,
        message_id: None,
        kind: OutboxKind::SignInLink,
        mailbox_id: None,
        to: vec![address.clone()],
        cc: Vec::new(),
        language: "it".to_owned(),
        state: OutboxState::Pending,
        attempts: 0,
        next_attempt_at: now,
        last_error: None,
        created_at: now,
        sent_at: None,
        content: None,
    };
    let name = name.map(|n| Name::parse(n).unwrap());
    (SignInLink::new(id, address, name, "it", now), mail)
}

pub async fn a_sign_in_link_is_queued_with_its_mail_and_works_once(store: Arc<dyn Store>) {
    let (link, mail) = sign_in_link("nuova@example.com", Some("Giulia Nuova"), at(10));
    store
        .create_sign_in_link(link.clone(), mail.clone())
        .await
        .unwrap();
    // The mail is due like any other, counted as automatic mail to its recipient, and of no ticket.
    let due = store.claim_outbox(at(11), at(20), 10).await.unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].id, link.id);
    assert_eq!(due[0].ticket_id, None);
    assert_eq!(due[0].kind, OutboxKind::SignInLink);
    assert_eq!(
        store
            .count_automatic_to("nuova@example.com", at(0), 10)
            .await
            .unwrap(),
        1
    );
    // The first use returns it; a second use, even a moment later, does not.
    let used = store.use_sign_in_link(link.id, at(12)).await.unwrap();
    assert_eq!(
        used,
        Some(SignInLink {
            used_at: Some(at(12)),
            ..link.clone()
        })
    );
    assert_eq!(store.use_sign_in_link(link.id, at(13)).await.unwrap(), None);
    assert_eq!(
        store
            .use_sign_in_link(OutboxId::generate(), at(13))
            .await
            .unwrap(),
        None
    );
}

pub async fn an_expired_sign_in_link_does_not_work(store: Arc<dyn Store>) {
    let (link, mail) = sign_in_link("ana@example.com", None, at(10));
    store.create_sign_in_link(link.clone(), mail).await.unwrap();
    let expired = link.expires_at;
    assert_eq!(
        store.use_sign_in_link(link.id, expired).await.unwrap(),
        None
    );
    // Nor does it work later: it was not marked used by the refused attempt, but time only moves on.
    assert_eq!(
        store
            .use_sign_in_link(link.id, expired + jiff::SignedDuration::from_secs(1))
            .await
            .unwrap(),
        None
    );
}

pub async fn two_uses_of_one_sign_in_link_at_once_let_one_in(store: Arc<dyn Store>) {
    let (link, mail) = sign_in_link("ana@example.com", None, at(10));
    store.create_sign_in_link(link.clone(), mail).await.unwrap();
    let uses = (0..8).map(|_| {
        let store = store.clone();
        tokio::spawn(async move { store.use_sign_in_link(link.id, at(11)).await.unwrap() })
    });
    let mut admitted = 0;
    for use_ in uses {
        if use_.await.unwrap().is_some() {
            admitted += 1;
        }
    }
    assert_eq!(admitted, 1);
}

fn saved_view(owner: AgentId, name: &str, shared: bool) -> SavedView {
    SavedView {
        id: SavedViewId::generate(),
        owner,
        name: Name::parse(name).unwrap(),
        filters: "status=open\ntag=vip".to_owned(),
        shared,
        created_at: at(10),
    }
}

pub async fn an_agent_sees_their_own_saved_views_and_the_shared_ones(store: Arc<dyn Store>) {
    let bea = store
        .create_agent(fixtures::agent("bea@acme.example", &[]), None)
        .await
        .unwrap();
    let luis = store
        .create_agent(fixtures::agent("luis@acme.example", &[]), None)
        .await
        .unwrap();
    let mine = saved_view(bea.id, "VIP abiertos", false);
    let team = saved_view(luis.id, "Garantías", true);
    let his = saved_view(luis.id, "Mis devoluciones", false);
    for view in [&mine, &team, &his] {
        store.create_saved_view(view.clone()).await.unwrap();
    }
    let names = |views: Vec<SavedView>| {
        views
            .into_iter()
            .map(|v| v.name.as_str().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names(store.list_saved_views(bea.id).await.unwrap()),
        ["Garantías", "VIP abiertos"]
    );
    assert_eq!(
        names(store.list_saved_views(luis.id).await.unwrap()),
        ["Garantías", "Mis devoluciones"]
    );
    assert_eq!(
        store.get_saved_view(mine.id).await.unwrap(),
        Some(mine.clone())
    );
    store.delete_saved_view(mine.id).await.unwrap();
    store.delete_saved_view(mine.id).await.unwrap();
    assert_eq!(store.get_saved_view(mine.id).await.unwrap(), None);
    let orphan = store
        .create_saved_view(saved_view(AgentId::generate(), "Nadie", false))
        .await;
    assert!(
        matches!(orphan, Err(StoreError::MissingReference(_))),
        "{orphan:?}"
    );
}
