//! Contacts and organizations: round trips, finding a contact by any of its identities, uniqueness of
//! identities and domains, replacing on update, and listing in pages.

use std::collections::BTreeMap;
use std::sync::Arc;

use ayuda_core::contact::{
    Contact, Domain, Organization, OrganizationKind, ServiceTier, TimeZoneName,
};
use ayuda_core::field::FieldValue;
use ayuda_core::id::OrganizationId;
use ayuda_store::{ContactQuery, Page, Store};

use crate::fixtures::{self, micros};
use crate::suite::expect;

/// An organization as compared: its domains sorted, since the schema keeps no order for them.
fn by_domain(mut organization: Organization) -> Organization {
    organization.domains.sort();
    organization
}

async fn stored_organization(store: &dyn Store, id: OrganizationId) -> Option<Organization> {
    store.get_organization(id).await.unwrap().map(by_domain)
}

pub async fn contacts_round_trip_and_are_found_by_each_identity(store: Arc<dyn Store>) {
    let organization = store
        .create_organization(fixtures::organization("Acme", &[]))
        .await
        .unwrap();
    let contact = Contact {
        name: fixtures::name("Ana García-Núñez \"la jefa\""),
        // Deliberately not in kind or value order: the stored order is kept.
        identities: vec![
            fixtures::phone("+34 600 12 34 56"),
            fixtures::email("Ana.Garcia@Example.com"),
            fixtures::fax("+34 91 555 00 00"),
            fixtures::email("ana@personal.test"),
        ],
        language: Some(fixtures::language("es")),
        time_zone: Some(TimeZoneName::parse("Europe/Madrid").unwrap()),
        organization_id: Some(organization.id),
        notes: "Prefers calls.\nNever on Fridays.".to_owned(),
        custom_fields: BTreeMap::from([
            (
                "customer_number".to_owned(),
                FieldValue::Text("C-0042".to_owned()),
            ),
            (
                "birthday".to_owned(),
                FieldValue::Date(jiff::civil::date(1990, 12, 31)),
            ),
            ("newsletter".to_owned(), FieldValue::Checkbox(false)),
            ("score".to_owned(), FieldValue::Number(97.25)),
            ("segment".to_owned(), FieldValue::Select("gold".to_owned())),
        ]),
        created_at: micros(17),
        updated_at: micros(1_000_017),
        ..fixtures::contact_with(Vec::new())
    };

    assert_eq!(
        store.create_contact(contact.clone()).await.unwrap(),
        contact
    );

    assert_eq!(
        store.get_contact(contact.id).await.unwrap(),
        Some(contact.clone())
    );
    for identity in &contact.identities {
        assert_eq!(
            store.find_contact(identity).await.unwrap(),
            Some(contact.clone()),
            "by {identity:?}"
        );
    }
    // The same value under another kind is another identity.
    assert_eq!(
        store
            .find_contact(&fixtures::fax("+34 600 12 34 56"))
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store
            .find_contact(&fixtures::phone("+34 91 555 00 00"))
            .await
            .unwrap(),
        None
    );

    // A walk-in visitor has no identity at all.
    let visitor = fixtures::contact_with(Vec::new());
    assert_eq!(
        store.create_contact(visitor.clone()).await.unwrap(),
        visitor
    );
    assert_eq!(store.get_contact(visitor.id).await.unwrap(), Some(visitor));
}

pub async fn duplicate_contact_identities_are_refused(store: Arc<dyn Store>) {
    let first = fixtures::contact_with(vec![
        fixtures::email("ana@example.com"),
        fixtures::phone("+34 600 12 34 56"),
        fixtures::fax("+34 91 555 00 00"),
    ]);
    store.create_contact(first.clone()).await.unwrap();

    let fresh = fixtures::email("fresh@example.com");
    for (clash, what) in [
        (fixtures::email("ANA@example.com"), "email"),
        (fixtures::phone("+34-600-123-456"), "phone"),
        (fixtures::fax("+34915550000"), "fax"),
    ] {
        // The clash comes second: the contact's first identity must not be left behind either.
        let second = fixtures::contact_with(vec![fresh.clone(), clash]);
        expect::duplicate(store.create_contact(second.clone()).await, what);
        assert_eq!(store.get_contact(second.id).await.unwrap(), None);
        assert_eq!(store.find_contact(&fresh).await.unwrap(), None);
    }
    assert_eq!(
        store.get_contact(first.id).await.unwrap(),
        Some(first.clone())
    );

    // The same digits as another kind belong to nobody yet.
    let fax_of_phone = fixtures::contact_with(vec![fixtures::fax("+34 600 12 34 56")]);
    store.create_contact(fax_of_phone.clone()).await.unwrap();
    assert_eq!(
        store
            .find_contact(&fixtures::fax("+34600123456"))
            .await
            .unwrap()
            .map(|c| c.id),
        Some(fax_of_phone.id)
    );
    assert_eq!(
        store
            .find_contact(&fixtures::phone("+34600123456"))
            .await
            .unwrap()
            .map(|c| c.id),
        Some(first.id)
    );
}

pub async fn update_contact_replaces_fields_and_identities(store: Arc<dyn Store>) {
    let organization = store
        .create_organization(fixtures::organization("Acme", &[]))
        .await
        .unwrap();
    let contact = fixtures::contact_with(vec![
        fixtures::email("ana@example.com"),
        fixtures::phone("+34 600 12 34 56"),
    ]);
    store.create_contact(contact.clone()).await.unwrap();
    let other = store
        .create_contact(fixtures::contact("luis@example.com"))
        .await
        .unwrap();

    let updated = Contact {
        name: fixtures::name("Ana G."),
        identities: vec![
            fixtures::fax("+34 91 555 00 00"),
            fixtures::email("ana.g@example.com"),
            fixtures::phone("+34 600 12 34 56"),
        ],
        language: Some(fixtures::language("it")),
        time_zone: Some(TimeZoneName::parse("Europe/Rome").unwrap()),
        organization_id: Some(organization.id),
        notes: "Moved to Rome.".to_owned(),
        custom_fields: BTreeMap::from([("vip".to_owned(), FieldValue::Checkbox(true))]),
        updated_at: micros(5_000_001),
        ..contact.clone()
    };
    assert_eq!(
        store.update_contact(updated.clone()).await.unwrap(),
        updated
    );

    assert_eq!(
        store.get_contact(contact.id).await.unwrap(),
        Some(updated.clone())
    );
    assert_eq!(
        store
            .find_contact(&fixtures::email("ana@example.com"))
            .await
            .unwrap(),
        None,
        "the old address is gone"
    );
    for identity in &updated.identities {
        assert_eq!(
            store.find_contact(identity).await.unwrap(),
            Some(updated.clone()),
            "by {identity:?}"
        );
    }
    // The freed address can be taken by someone else.
    store
        .create_contact(fixtures::contact("ana@example.com"))
        .await
        .unwrap();

    // Taking another contact's identity is refused and changes nothing.
    let clash = Contact {
        identities: vec![
            fixtures::email("brand-new@example.com"),
            other.identities[0].clone(),
        ],
        notes: "should not be stored".to_owned(),
        ..updated.clone()
    };
    expect::duplicate(store.update_contact(clash).await, "email");
    assert_eq!(
        store.get_contact(contact.id).await.unwrap(),
        Some(updated.clone())
    );
    assert_eq!(
        store
            .find_contact(&fixtures::email("brand-new@example.com"))
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store.find_contact(&other.identities[0]).await.unwrap(),
        Some(other)
    );

    // Clearing the optional fields and every identity.
    let cleared = Contact {
        identities: Vec::new(),
        language: None,
        time_zone: None,
        organization_id: None,
        custom_fields: BTreeMap::new(),
        ..updated.clone()
    };
    assert_eq!(
        store.update_contact(cleared.clone()).await.unwrap(),
        cleared
    );
    assert_eq!(store.get_contact(contact.id).await.unwrap(), Some(cleared));
    assert_eq!(
        store.find_contact(&updated.identities[0]).await.unwrap(),
        None
    );
}

pub async fn list_contacts_pages_by_organization_in_id_order(store: Arc<dyn Store>) {
    let acme = store
        .create_organization(fixtures::organization("Acme", &[]))
        .await
        .unwrap()
        .id;
    let globex = store
        .create_organization(fixtures::organization("Globex", &[]))
        .await
        .unwrap()
        .id;
    // Ids are made first and the contacts stored in another order: lists follow ids, not insertion.
    let mut contacts: Vec<Contact> = (0..18)
        .map(|i| {
            let mut contact = fixtures::contact(&format!("c{i}@example.com"));
            contact.organization_id = [Some(acme), Some(globex), None][i % 3];
            contact
        })
        .collect();
    for i in (0..contacts.len()).map(|k| (k * 7 + 3) % 18) {
        store.create_contact(contacts[i].clone()).await.unwrap();
    }
    contacts.sort_by_key(|c| c.id);

    for organization in [Some(acme), Some(globex), None] {
        let expected: Vec<Contact> = contacts
            .iter()
            .filter(|c| organization.is_none() || c.organization_id == organization)
            .cloned()
            .collect();
        for limit in [1, 3, 4, 18, 200] {
            let mut walked = Vec::new();
            let mut after = None;
            for _ in 0..=contacts.len() {
                let query = ContactQuery {
                    organization_id: organization,
                    after,
                    limit,
                };
                let page = store.list_contacts(&query).await.unwrap();
                assert!(page.items.len() <= limit as usize);
                walked.extend(page.items.iter().cloned());
                after = page.next_cursor;
                match after {
                    None => break,
                    Some(cursor) => {
                        assert_eq!(
                            page.items.len(),
                            limit as usize,
                            "only the last page is short"
                        );
                        assert_eq!(Some(cursor), page.items.last().map(|c| c.id));
                    }
                }
            }
            assert_eq!(after, None, "the walk ends");
            assert_eq!(
                walked, expected,
                "organization {organization:?} in pages of {limit}"
            );
        }
    }
    let none = ContactQuery {
        organization_id: Some(OrganizationId::generate()),
        after: None,
        limit: 10,
    };
    assert_eq!(
        store.list_contacts(&none).await.unwrap(),
        Page {
            items: Vec::new(),
            next_cursor: None
        }
    );
}

pub async fn created_contact_at_an_organization_domain_joins_it(store: Arc<dyn Store>) {
    // The crate documentation: "A contact created without an organization whose first email address is at
    // a domain some organization owns joins that organization".
    let acme = store
        .create_organization(fixtures::organization("Acme", &["acme.test"]))
        .await
        .unwrap();
    let globex = store
        .create_organization(fixtures::organization("Globex", &["globex.test"]))
        .await
        .unwrap();
    let mut chosen = fixtures::contact("ken@acme.test");
    chosen.organization_id = Some(globex.id);
    let cases = [
        (fixtures::contact("Ana@ACME.test"), Some(acme.id)),
        (
            fixtures::contact_with(vec![
                fixtures::phone("+34 600 12 34 56"),
                fixtures::email("luis@acme.test"),
            ]),
            Some(acme.id),
        ),
        (
            fixtures::contact_with(vec![
                fixtures::email("eva@else.test"),
                fixtures::email("eva@acme.test"),
            ]),
            None,
        ),
        (chosen, Some(globex.id)),
    ];
    for (contact, organization) in cases {
        let expected = Contact {
            organization_id: organization,
            ..contact.clone()
        };
        assert_eq!(store.create_contact(contact).await.unwrap(), expected);
        assert_eq!(
            store.get_contact(expected.id).await.unwrap(),
            Some(expected)
        );
    }
}

pub async fn organizations_round_trip_and_refuse_taken_domains(store: Arc<dyn Store>) {
    let acme = Organization {
        kind: OrganizationKind::Wholesaler,
        service_tier: ServiceTier::Enterprise,
        shared_tickets: true,
        notes: "Key account.".to_owned(),
        custom_fields: BTreeMap::from([("account".to_owned(), FieldValue::Number(42.0))]),
        created_at: micros(3),
        updated_at: micros(4),
        ..fixtures::organization("Acme S.L.", &["acme.test", "acme-mail.test"])
    };
    assert_eq!(
        by_domain(store.create_organization(acme.clone()).await.unwrap()),
        by_domain(acme.clone())
    );
    assert_eq!(
        stored_organization(&*store, acme.id).await,
        Some(by_domain(acme.clone()))
    );

    let clash = fixtures::organization("Acme Copy", &["other.test", "ACME-mail.test"]);
    expect::duplicate(store.create_organization(clash.clone()).await, "domain");
    assert_eq!(store.get_organization(clash.id).await.unwrap(), None);
    // The other domain of the refused organization was not kept either.
    store
        .create_organization(fixtures::organization("Other", &["other.test"]))
        .await
        .unwrap();

    let none = fixtures::organization("No domains", &[]);
    assert_eq!(store.create_organization(none.clone()).await.unwrap(), none);
}

pub async fn update_organization_replaces_fields_and_domains(store: Arc<dyn Store>) {
    let acme = store
        .create_organization(fixtures::organization("Acme", &["acme.test", "old.test"]))
        .await
        .unwrap();
    let globex = store
        .create_organization(fixtures::organization("Globex", &["globex.test"]))
        .await
        .unwrap();

    let updated = Organization {
        name: fixtures::name("Acme Group"),
        kind: OrganizationKind::Retailer,
        service_tier: ServiceTier::Premium,
        domains: vec![
            Domain::parse("acme.test").unwrap(),
            Domain::parse("new.test").unwrap(),
        ],
        shared_tickets: true,
        notes: "Merged with Acme Retail.".to_owned(),
        custom_fields: BTreeMap::from([(
            "region".to_owned(),
            FieldValue::Select("south".to_owned()),
        )]),
        updated_at: micros(9_000_000),
        ..acme.clone()
    };
    assert_eq!(
        by_domain(store.update_organization(updated.clone()).await.unwrap()),
        by_domain(updated.clone())
    );
    assert_eq!(
        stored_organization(&*store, acme.id).await,
        Some(by_domain(updated.clone()))
    );

    // The dropped domain is free again; a domain of another organization is not.
    store
        .create_organization(fixtures::organization("Old", &["old.test"]))
        .await
        .unwrap();
    let clash = Organization {
        domains: vec![Domain::parse("globex.test").unwrap()],
        ..updated.clone()
    };
    expect::duplicate(store.update_organization(clash).await, "domain");
    assert_eq!(
        stored_organization(&*store, acme.id).await,
        Some(by_domain(updated))
    );
    assert_eq!(
        stored_organization(&*store, globex.id).await,
        Some(by_domain(globex))
    );
}

pub async fn list_organizations_pages_in_id_order(store: Arc<dyn Store>) {
    let mut organizations: Vec<Organization> = (0..7)
        .map(|i| fixtures::organization(&format!("Org {i}"), &[&format!("org{i}.test")]))
        .collect();
    for i in [3, 0, 6, 1, 5, 2, 4] {
        store
            .create_organization(organizations[i].clone())
            .await
            .unwrap();
    }
    organizations.sort_by_key(|o| o.id);
    for limit in [1, 2, 7, 8] {
        let mut walked = Vec::new();
        let mut after = None;
        loop {
            let page = store.list_organizations(after, limit).await.unwrap();
            assert!(page.items.len() <= limit as usize);
            walked.extend(page.items.iter().cloned().map(by_domain));
            match page.next_cursor {
                None => break,
                Some(cursor) => {
                    assert_eq!(
                        page.items.len(),
                        limit as usize,
                        "only the last page is short"
                    );
                    assert_eq!(Some(cursor), page.items.last().map(|o| o.id));
                    after = Some(cursor);
                }
            }
            assert!(walked.len() <= organizations.len(), "the walk ends");
        }
        let expected: Vec<Organization> = organizations.iter().cloned().map(by_domain).collect();
        assert_eq!(walked, expected, "in pages of {limit}");
    }
}
