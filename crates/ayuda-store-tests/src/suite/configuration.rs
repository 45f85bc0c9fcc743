//! The help desk's set-up: groups, agents (with memberships and password hashes) and custom field
//! definitions; uniqueness rules and updates of records that do not exist.

use std::sync::Arc;

use ayuda_core::agent::{Agent, Group, Role};
use ayuda_core::contact::EmailAddress;
use ayuda_core::field::{FieldDefinition, FieldEntity, FieldKind};
use ayuda_core::id::{AgentId, GroupId};
use ayuda_store::Store;

use crate::fixtures::{self, micros};
use crate::suite::expect;

/// An agent as compared: group ids sorted, since memberships keep no order.
fn by_group(mut agent: Agent) -> Agent {
    agent.group_ids.sort();
    agent
}

const HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";

/// Walks a list of `limit`-sized pages that ends when `next_cursor` is `None`, checking each page.
macro_rules! walk_pages {
    ($limit:expr, $total:expr, |$after:ident| $page:expr, |$item:ident| $id:expr) => {{
        let mut walked = Vec::new();
        let mut $after = None;
        for _ in 0..=$total {
            let page = $page;
            assert!(page.items.len() <= $limit as usize);
            walked.extend(page.items.iter().cloned());
            match page.next_cursor {
                None => break,
                Some(cursor) => {
                    assert_eq!(
                        page.items.len(),
                        $limit as usize,
                        "only the last page is short"
                    );
                    assert_eq!(Some(cursor), page.items.last().map(|$item| $id));
                    $after = Some(cursor);
                }
            }
        }
        walked
    }};
}

pub async fn group_names_are_unique_case_insensitively(store: Arc<dyn Store>) {
    let billing = Group {
        description: "Invoices & refunds".to_owned(),
        created_at: micros(1),
        updated_at: micros(2),
        ..fixtures::group("Billing")
    };
    assert_eq!(store.create_group(billing.clone()).await.unwrap(), billing);
    assert_eq!(
        store.get_group(billing.id).await.unwrap(),
        Some(billing.clone())
    );
    let sales = store.create_group(fixtures::group("Sales")).await.unwrap();

    let copy = fixtures::group("BILLING");
    expect::duplicate(store.create_group(copy.clone()).await, "group name");
    assert_eq!(store.get_group(copy.id).await.unwrap(), None);

    // Renaming: to another group's name is refused; a change of case of its own name is fine.
    expect::duplicate(
        store
            .update_group(Group {
                name: fixtures::name("sales"),
                ..billing.clone()
            })
            .await,
        "group name",
    );
    assert_eq!(
        store.get_group(billing.id).await.unwrap(),
        Some(billing.clone())
    );
    let renamed = Group {
        name: fixtures::name("BILLING"),
        description: "All money matters".to_owned(),
        updated_at: micros(3),
        ..billing
    };
    assert_eq!(store.update_group(renamed.clone()).await.unwrap(), renamed);
    assert_eq!(store.get_group(renamed.id).await.unwrap(), Some(renamed));
    assert_eq!(store.get_group(sales.id).await.unwrap(), Some(sales));
}

pub async fn list_groups_pages_in_id_order(store: Arc<dyn Store>) {
    let mut groups: Vec<Group> = (0..5)
        .map(|i| fixtures::group(&format!("Group {i}")))
        .collect();
    for i in [4, 1, 3, 0, 2] {
        store.create_group(groups[i].clone()).await.unwrap();
    }
    groups.sort_by_key(|g| g.id);
    for limit in [1u32, 2, 5, 6] {
        let walked = walk_pages!(
            limit,
            groups.len(),
            |after| store.list_groups(after, limit).await.unwrap(),
            |g| g.id
        );
        assert_eq!(walked, groups, "in pages of {limit}");
    }
}

pub async fn agents_round_trip_with_groups_and_password_hash(store: Arc<dyn Store>) {
    let sales = store
        .create_group(fixtures::group("Sales"))
        .await
        .unwrap()
        .id;
    let billing = store
        .create_group(fixtures::group("Billing"))
        .await
        .unwrap()
        .id;
    let agent = Agent {
        name: fixtures::name("Ana López"),
        role: Role::Supervisor,
        skills: vec!["refunds".to_owned(), "printers".to_owned()],
        languages: vec![
            fixtures::language("es"),
            fixtures::language("pt-BR"),
            fixtures::language("en"),
        ],
        created_at: micros(11),
        updated_at: micros(12),
        ..fixtures::agent("Ana.Lopez@Desk.test", &[billing, sales])
    };
    assert_eq!(agent.email.as_str(), "Ana.Lopez@desk.test");
    assert_eq!(
        by_group(
            store
                .create_agent(agent.clone(), Some(HASH.to_owned()))
                .await
                .unwrap()
        ),
        by_group(agent.clone())
    );
    assert_eq!(
        store.get_agent(agent.id).await.unwrap().map(by_group),
        Some(by_group(agent.clone()))
    );

    // Found by email whatever its case, with the address as stored and the password hash.
    for email in [
        "Ana.Lopez@desk.test",
        "ana.lopez@DESK.TEST",
        "ANA.LOPEZ@desk.test",
    ] {
        let (found, hash) = store
            .find_agent_by_email(email)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("{email}"));
        assert_eq!(by_group(found), by_group(agent.clone()), "{email}");
        assert_eq!(hash.as_deref(), Some(HASH), "{email}");
    }

    let inactive = Agent {
        active: false,
        role: Role::Admin,
        skills: Vec::new(),
        ..fixtures::agent("luis@desk.test", &[])
    };
    store.create_agent(inactive.clone(), None).await.unwrap();
    assert_eq!(
        store.find_agent_by_email("luis@desk.test").await.unwrap(),
        Some((inactive.clone(), None))
    );

    let other_hash = "$argon2id$v=19$m=19456,t=2,p=1$b3RoZXJzYWx0$b3RoZXJoYXNo".to_owned();
    store
        .set_agent_password(inactive.id, other_hash.clone())
        .await
        .unwrap();
    assert_eq!(
        store.find_agent_by_email("luis@desk.test").await.unwrap(),
        Some((inactive, Some(other_hash.clone())))
    );
    store
        .set_agent_password(agent.id, other_hash.clone())
        .await
        .unwrap();
    let (_, hash) = store
        .find_agent_by_email("ana.lopez@desk.test")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(hash, Some(other_hash));

    // An exact match, not a pattern: `_` and `%` are ordinary characters of an address.
    let underscored = store
        .create_agent(fixtures::agent("eva_m@desk.test", &[]), None)
        .await
        .unwrap();
    assert_eq!(
        store.find_agent_by_email("evaxm@desk.test").await.unwrap(),
        None
    );
    assert_eq!(
        store.find_agent_by_email("eva%@desk.test").await.unwrap(),
        None
    );
    assert_eq!(
        store.find_agent_by_email("EVA_M@desk.test").await.unwrap(),
        Some((underscored, None))
    );

    // A membership of a group that does not exist is refused.
    let lost = fixtures::agent("ken@desk.test", &[sales, GroupId::generate()]);
    expect::missing_any(store.create_agent(lost.clone(), None).await);
    assert_eq!(store.get_agent(lost.id).await.unwrap(), None);
    assert_eq!(
        store.find_agent_by_email("ken@desk.test").await.unwrap(),
        None
    );
}

pub async fn agent_emails_are_unique_case_insensitively(store: Arc<dyn Store>) {
    let ana = store
        .create_agent(fixtures::agent("Ana@desk.test", &[]), Some(HASH.to_owned()))
        .await
        .unwrap();
    let copy = fixtures::agent("ana@DESK.test", &[]);
    expect::duplicate(store.create_agent(copy.clone(), None).await, "agent email");
    assert_eq!(store.get_agent(copy.id).await.unwrap(), None);

    let luis = store
        .create_agent(fixtures::agent("luis@desk.test", &[]), None)
        .await
        .unwrap();
    let taking = Agent {
        email: EmailAddress::parse("ANA@desk.test").unwrap(),
        ..luis.clone()
    };
    expect::duplicate(store.update_agent(taking).await, "agent email");
    assert_eq!(store.get_agent(luis.id).await.unwrap(), Some(luis));
    assert_eq!(
        store.find_agent_by_email("ana@desk.test").await.unwrap(),
        Some((ana, Some(HASH.to_owned())))
    );
}

/// Case is folded for every letter, not only ASCII ones, and the same way on every backend: "Ñandú" and
/// "ñandú" are one group name, "ÉLISE@x.example" and "élise@x.example" one agent address.
pub async fn non_ascii_letters_are_folded_for_uniqueness_and_lookup(store: Arc<dyn Store>) {
    let nandu = store.create_group(fixtures::group("Ñandú")).await.unwrap();
    let copy = fixtures::group("ñandú");
    expect::duplicate(store.create_group(copy.clone()).await, "group name");
    assert_eq!(store.get_group(copy.id).await.unwrap(), None);
    // Other letters are still other names.
    let nandu_plain = store.create_group(fixtures::group("Nandu")).await.unwrap();
    expect::duplicate(
        store
            .update_group(Group {
                name: fixtures::name("ÑANDÚ"),
                ..nandu_plain.clone()
            })
            .await,
        "group name",
    );
    assert_eq!(
        store.get_group(nandu_plain.id).await.unwrap(),
        Some(nandu_plain)
    );
    // A group may change the case of its own name.
    let renamed = Group {
        name: fixtures::name("ÑANDÚ"),
        ..nandu
    };
    assert_eq!(store.update_group(renamed.clone()).await.unwrap(), renamed);
    assert_eq!(store.get_group(renamed.id).await.unwrap(), Some(renamed));

    let elise = store
        .create_agent(
            fixtures::agent("ÉLISE@x.example", &[]),
            Some(HASH.to_owned()),
        )
        .await
        .unwrap();
    assert_eq!(elise.email.as_str(), "ÉLISE@x.example", "stored as entered");
    let copy = fixtures::agent("élise@x.example", &[]);
    expect::duplicate(store.create_agent(copy.clone(), None).await, "agent email");
    assert_eq!(store.get_agent(copy.id).await.unwrap(), None);
    let other = store
        .create_agent(fixtures::agent("elise@x.example", &[]), None)
        .await
        .unwrap();
    let taking = Agent {
        email: EmailAddress::parse("Élise@x.example").unwrap(),
        ..other.clone()
    };
    expect::duplicate(store.update_agent(taking).await, "agent email");
    assert_eq!(store.get_agent(other.id).await.unwrap(), Some(other));

    for email in ["ÉLISE@X.EXAMPLE", "élise@x.example", "Élise@X.example"] {
        assert_eq!(
            store.find_agent_by_email(email).await.unwrap(),
            Some((elise.clone(), Some(HASH.to_owned()))),
            "{email}"
        );
    }
}

pub async fn update_agent_replaces_groups_and_keeps_the_password(store: Arc<dyn Store>) {
    let mut groups = Vec::new();
    for name in ["Sales", "Billing", "Tech"] {
        groups.push(store.create_group(fixtures::group(name)).await.unwrap().id);
    }
    let agent = store
        .create_agent(
            fixtures::agent("ana@desk.test", &groups[..2]),
            Some(HASH.to_owned()),
        )
        .await
        .unwrap();

    let updated = Agent {
        email: EmailAddress::parse("ana.lopez@desk.test").unwrap(),
        name: fixtures::name("Ana López"),
        role: Role::Admin,
        group_ids: vec![groups[2], groups[1]],
        skills: vec!["networks".to_owned()],
        languages: vec![fixtures::language("it")],
        active: false,
        updated_at: micros(99),
        ..agent.clone()
    };
    assert_eq!(
        by_group(store.update_agent(updated.clone()).await.unwrap()),
        by_group(updated.clone())
    );
    assert_eq!(
        store.get_agent(agent.id).await.unwrap().map(by_group),
        Some(by_group(updated.clone()))
    );
    assert_eq!(
        store.find_agent_by_email("ana@desk.test").await.unwrap(),
        None,
        "the old address is gone"
    );
    let (found, hash) = store
        .find_agent_by_email("ana.lopez@desk.test")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(by_group(found), by_group(updated.clone()));
    assert_eq!(
        hash.as_deref(),
        Some(HASH),
        "updating an agent keeps its password"
    );

    let no_groups = Agent {
        group_ids: Vec::new(),
        ..updated.clone()
    };
    assert_eq!(
        store.update_agent(no_groups.clone()).await.unwrap(),
        no_groups
    );
    assert_eq!(
        store.get_agent(agent.id).await.unwrap(),
        Some(no_groups.clone())
    );

    let lost = Agent {
        group_ids: vec![GroupId::generate()],
        name: fixtures::name("Not stored"),
        ..no_groups.clone()
    };
    expect::missing_any(store.update_agent(lost).await);
    assert_eq!(store.get_agent(agent.id).await.unwrap(), Some(no_groups));
}

pub async fn list_agents_pages_in_id_order(store: Arc<dyn Store>) {
    let group = store
        .create_group(fixtures::group("Sales"))
        .await
        .unwrap()
        .id;
    let mut agents: Vec<Agent> = (0..5)
        .map(|i| fixtures::agent(&format!("agent{i}@desk.test"), &[group]))
        .collect();
    for i in [2, 4, 0, 3, 1] {
        store.create_agent(agents[i].clone(), None).await.unwrap();
    }
    agents.sort_by_key(|a| a.id);
    for limit in [1u32, 2, 5, 6] {
        let walked = walk_pages!(
            limit,
            agents.len(),
            |after| store.list_agents(after, limit).await.unwrap(),
            |a| a.id
        );
        assert_eq!(walked, agents, "in pages of {limit}");
    }
}

pub async fn field_keys_are_unique_per_entity(store: Arc<dyn Store>) {
    let order = FieldDefinition {
        position: 2,
        required: true,
        ..fixtures::field(FieldEntity::Ticket, "order_number", FieldKind::Text)
    };
    let colour = FieldDefinition {
        position: 1,
        ..fixtures::field(FieldEntity::Ticket, "colour", FieldKind::Select)
    };
    let due = FieldDefinition {
        position: 1,
        ..fixtures::field(FieldEntity::Ticket, "due", FieldKind::Date)
    };
    let contact_order = FieldDefinition {
        position: 0,
        ..fixtures::field(FieldEntity::Contact, "order_number", FieldKind::Number)
    };
    let vip = FieldDefinition {
        position: 5,
        ..fixtures::field(FieldEntity::Organization, "vip", FieldKind::Checkbox)
    };
    for field in [&order, &colour, &due, &contact_order, &vip] {
        assert_eq!(store.create_field(field.clone()).await.unwrap(), *field);
        assert_eq!(
            store.get_field(field.id).await.unwrap().as_ref(),
            Some(field)
        );
    }

    let copy = fixtures::field(FieldEntity::Ticket, "order_number", FieldKind::Number);
    expect::duplicate(store.create_field(copy.clone()).await, "field key");
    assert_eq!(store.get_field(copy.id).await.unwrap(), None);

    // By position, then key.
    let tickets = vec![colour.clone(), due.clone(), order.clone()];
    assert_eq!(
        store.list_fields(Some(FieldEntity::Ticket)).await.unwrap(),
        tickets
    );
    assert_eq!(
        store.list_fields(Some(FieldEntity::Contact)).await.unwrap(),
        vec![contact_order.clone()]
    );
    assert_eq!(
        store
            .list_fields(Some(FieldEntity::Organization))
            .await
            .unwrap(),
        vec![vip.clone()]
    );
    let every = vec![
        contact_order.clone(),
        colour.clone(),
        due.clone(),
        order.clone(),
        vip.clone(),
    ];
    assert_eq!(store.list_fields(None).await.unwrap(), every);

    let updated = FieldDefinition {
        label: "Colour of the item".to_owned(),
        options: vec!["cyan".to_owned(), "magenta".to_owned()],
        required: true,
        position: 3,
        ..colour.clone()
    };
    assert_eq!(store.update_field(updated.clone()).await.unwrap(), updated);
    assert_eq!(
        store.get_field(colour.id).await.unwrap(),
        Some(updated.clone())
    );
    assert_eq!(
        store.list_fields(Some(FieldEntity::Ticket)).await.unwrap(),
        vec![due, order, updated]
    );
}

pub async fn updating_unknown_records_is_not_found(store: Arc<dyn Store>) {
    expect::not_found(
        store
            .update_contact(fixtures::contact("ana@example.com"))
            .await,
    );
    assert_eq!(
        store
            .find_contact(&fixtures::email("ana@example.com"))
            .await
            .unwrap(),
        None,
        "no upsert"
    );
    let organization = fixtures::organization("Acme", &["acme.test"]);
    expect::not_found(store.update_organization(organization.clone()).await);
    assert_eq!(
        store.get_organization(organization.id).await.unwrap(),
        None,
        "no upsert"
    );
    let group = fixtures::group("Sales");
    expect::not_found(store.update_group(group.clone()).await);
    assert_eq!(store.get_group(group.id).await.unwrap(), None, "no upsert");
    let agent = fixtures::agent("ana@desk.test", &[]);
    expect::not_found(store.update_agent(agent.clone()).await);
    assert_eq!(store.get_agent(agent.id).await.unwrap(), None, "no upsert");
    expect::not_found(
        store
            .set_agent_password(AgentId::generate(), HASH.to_owned())
            .await,
    );
    let field = fixtures::field(FieldEntity::Ticket, "order_number", FieldKind::Text);
    expect::not_found(store.update_field(field.clone()).await);
    assert_eq!(store.get_field(field.id).await.unwrap(), None, "no upsert");
}
