//! Builders for the values the tests store, and a fresh migrated store in a temporary directory.

use std::collections::BTreeMap;

use ayuda_core::Timestamp;
use ayuda_core::agent::{Agent, Group, Role};
use ayuda_core::clock::{Clock, SystemClock};
use ayuda_core::contact::{
    Contact, Domain, EmailAddress, Identity, Organization, OrganizationKind, ServiceTier,
};
use ayuda_core::event::{Change, TicketEvent, Via};
use ayuda_core::id::{
    AgentId, ContactId, GroupId, MessageId, OrganizationId, TicketId, TicketNumber,
};
use ayuda_core::message::{Author, Direction, Message, MessageKind};
use ayuda_core::text::{Language, Name};
use ayuda_core::ticket::{Channel, Priority, Status, Ticket, TicketSubject, TicketType};
use ayuda_store::{NewTicket, Requester};
use tempfile::TempDir;

use crate::SqliteStore;

/// A migrated store on a file in its own temporary directory (kept alive by the returned guard).
pub(crate) async fn store() -> (SqliteStore, TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("ayuda.db")).unwrap();
    store.migrate().await.unwrap();
    (store, dir)
}

pub(crate) fn now() -> Timestamp {
    SystemClock.now()
}

pub(crate) fn contact(email: &str) -> Contact {
    let email = EmailAddress::parse(email).unwrap();
    Contact {
        id: ContactId::generate(),
        name: Name::parse("Ana García").unwrap(),
        identities: vec![Identity::email(&email)],
        language: Some(Language::parse("es").unwrap()),
        time_zone: None,
        organization_id: None,
        notes: String::new(),
        custom_fields: BTreeMap::new(),
        created_at: now(),
        updated_at: now(),
    }
}

pub(crate) fn organization(domains: &[&str]) -> Organization {
    Organization {
        id: OrganizationId::generate(),
        name: Name::parse("Acme").unwrap(),
        kind: OrganizationKind::Retailer,
        service_tier: ServiceTier::Premium,
        domains: domains.iter().map(|d| Domain::parse(d).unwrap()).collect(),
        shared_tickets: true,
        notes: String::new(),
        custom_fields: BTreeMap::new(),
        created_at: now(),
        updated_at: now(),
    }
}

pub(crate) fn group(name: &str) -> Group {
    Group {
        id: GroupId::generate(),
        name: Name::parse(name).unwrap(),
        description: String::new(),
        created_at: now(),
        updated_at: now(),
    }
}

pub(crate) fn agent(email: &str, group_ids: Vec<GroupId>) -> Agent {
    Agent {
        id: AgentId::generate(),
        email: EmailAddress::parse(email).unwrap(),
        name: Name::parse("Bea").unwrap(),
        role: Role::Agent,
        group_ids,
        skills: vec!["refunds".to_owned()],
        languages: vec![Language::english()],
        active: true,
        created_at: now(),
        updated_at: now(),
    }
}

/// A new ticket from `requester` with its first message and a `created` event by the requester.
pub(crate) fn new_ticket(requester: Requester, subject: &str) -> NewTicket {
    let id = TicketId::generate();
    let requester_id = match &requester {
        Requester::Existing(id) => *id,
        Requester::New(contact) => contact.id,
    };
    let at = now();
    let ticket = Ticket {
        id,
        number: TicketNumber(0),
        subject: TicketSubject::parse(subject).unwrap(),
        status: Status::New,
        priority: Priority::Normal,
        ticket_type: TicketType::Question,
        channel: Channel::Email,
        requester_id,
        organization_id: None,
        group_id: None,
        assignee_id: None,
        tags: Vec::new(),
        custom_fields: BTreeMap::new(),
        language: Language::english(),
        links: Vec::new(),
        merged_into: None,
        created_at: at,
        updated_at: at,
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
        author: Author::Contact(requester_id),
        channel: Channel::Email,
        body_text: format!("About {subject}"),
        body_html: None,
        external_id: None,
        attachments: Vec::new(),
        created_at: at,
    };
    let events = vec![TicketEvent::new(
        id,
        Author::Contact(requester_id),
        Via::Email,
        Change::Created,
        at,
    )];
    NewTicket {
        ticket,
        requester,
        message,
        events,
        email: Default::default(),
        notifications: Vec::new(),
    }
}
