//! The interfaces' accounts: customers' portal passwords and agents' own preferences, each set, replaced,
//! read back, and refused for an unknown person.

use std::sync::Arc;

use ayuda_core::id::{AgentId, ContactId};
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
    let unknown = store
        .set_agent_preference(AgentId::generate(), &without_totp, at(30))
        .await;
    assert!(matches!(unknown, Err(StoreError::NotFound)), "{unknown:?}");
}
