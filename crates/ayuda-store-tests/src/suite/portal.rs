//! Customers' portal passwords: set, replaced, read back, and refused for an unknown contact.

use std::sync::Arc;

use ayuda_core::id::ContactId;
use ayuda_store::{Store, StoreError};

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
