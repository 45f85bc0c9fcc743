//! Valid records with sensible defaults, for this suite and for other crates' tests: build one, change the
//! public fields a test cares about, store it.
//!
//! Everything here is already parsed and valid (as the application layer would pass it to a store), and every
//! timestamp is whole microseconds, the precision both databases keep.

use std::collections::BTreeMap;

use ayuda_core::Timestamp;
use ayuda_core::agent::{Agent, Group, Role};
use ayuda_core::clock::truncate_to_micros;
use ayuda_core::contact::{
    Contact, Domain, EmailAddress, Identity, IdentityKind, Organization, OrganizationKind,
    ServiceTier,
};
use ayuda_core::event::{Change, TicketEvent, Via};
use ayuda_core::field::{FieldDefinition, FieldEntity, FieldKey, FieldKind, FieldValue};
use ayuda_core::id::{
    AgentId, AttachmentId, ContactId, FieldId, GroupId, MessageId, OrganizationId, TicketId,
    TicketNumber, TokenId,
};
use ayuda_core::message::{Attachment, Author, Direction, Message, MessageKind};
use ayuda_core::text::{Language, Name, Tag, parse_tags};
use ayuda_core::ticket::{
    Channel, LinkKind, Priority, Status, Ticket, TicketLink, TicketSubject, TicketType,
};
use ayuda_store::{ApiToken, NewTicket, Requester, TokenOwner};

/// 2026-03-02T09:00:00.123456Z: a fixed instant with microseconds, so precision loss shows.
const BASE_MICROS: i64 = 1_772_442_000_123_456;

/// A fixed instant `seconds` after (or before) the suite's base time, which is whole microseconds.
pub fn at(seconds: i64) -> Timestamp {
    micros(seconds * 1_000_000)
}

/// A fixed instant `offset` microseconds after the suite's base time.
pub fn micros(offset: i64) -> Timestamp {
    Timestamp::from_microsecond(BASE_MICROS + offset).expect("test instants are near 2026")
}

/// The current time at the precision the stores keep.
pub fn now() -> Timestamp {
    truncate_to_micros(Timestamp::now())
}

pub fn name(raw: &str) -> Name {
    Name::parse(raw).expect("fixture names are valid")
}

pub fn email(raw: &str) -> Identity {
    Identity::parse(IdentityKind::Email, raw).expect("fixture email addresses are valid")
}

pub fn phone(raw: &str) -> Identity {
    Identity::parse(IdentityKind::Phone, raw).expect("fixture phone numbers are valid")
}

pub fn fax(raw: &str) -> Identity {
    Identity::parse(IdentityKind::Fax, raw).expect("fixture fax numbers are valid")
}

pub fn tags(raw: &[&str]) -> Vec<Tag> {
    let raw: Vec<String> = raw.iter().map(|tag| (*tag).to_owned()).collect();
    parse_tags(&raw).expect("fixture tags are valid")
}

pub fn tag(raw: &str) -> Tag {
    Tag::parse(raw).expect("fixture tags are valid")
}

pub fn language(raw: &str) -> Language {
    Language::parse(raw).expect("fixture languages are valid")
}

/// A contact reachable at `address`, in no organization, named after the address.
pub fn contact(address: &str) -> Contact {
    contact_with(vec![email(address)])
}

/// A contact with these identities (which may be empty, as for a walk-in visitor).
pub fn contact_with(identities: Vec<Identity>) -> Contact {
    let label = identities
        .first()
        .map_or("Walk-in visitor", |identity| identity.value.as_str())
        .to_owned();
    let now = now();
    Contact {
        id: ContactId::generate(),
        name: name(&label),
        identities,
        language: None,
        time_zone: None,
        organization_id: None,
        notes: String::new(),
        custom_fields: BTreeMap::new(),
        created_at: now,
        updated_at: now,
    }
}

/// A consumer organization on the standard tier owning `domains`, not sharing tickets.
pub fn organization(organization_name: &str, domains: &[&str]) -> Organization {
    let now = now();
    Organization {
        id: OrganizationId::generate(),
        name: name(organization_name),
        kind: OrganizationKind::Consumer,
        service_tier: ServiceTier::Standard,
        domains: domains
            .iter()
            .map(|d| Domain::parse(d).expect("fixture domains are valid"))
            .collect(),
        shared_tickets: false,
        notes: String::new(),
        custom_fields: BTreeMap::new(),
        created_at: now,
        updated_at: now,
    }
}

pub fn group(group_name: &str) -> Group {
    let now = now();
    Group {
        id: GroupId::generate(),
        name: name(group_name),
        description: String::new(),
        created_at: now,
        updated_at: now,
    }
}

/// An active agent (role `agent`) answering in English, member of `group_ids`.
pub fn agent(address: &str, group_ids: &[GroupId]) -> Agent {
    let now = now();
    Agent {
        id: AgentId::generate(),
        email: EmailAddress::parse(address).expect("fixture email addresses are valid"),
        name: name(address),
        role: Role::Agent,
        group_ids: group_ids.to_vec(),
        skills: Vec::new(),
        languages: vec![Language::english()],
        active: true,
        created_at: now,
        updated_at: now,
    }
}

/// An optional custom field; a `select` one offers `red`, `green` and `blue`.
pub fn field(entity: FieldEntity, key: &str, kind: FieldKind) -> FieldDefinition {
    let options = match kind {
        FieldKind::Select => vec!["red".to_owned(), "green".to_owned(), "blue".to_owned()],
        _ => Vec::new(),
    };
    FieldDefinition {
        id: FieldId::generate(),
        entity,
        key: FieldKey::parse(key).expect("fixture field keys are valid"),
        label: key.replace('_', " "),
        kind,
        options,
        required: false,
        position: 0,
    }
}

/// An unrevoked token whose secret hashes to `secret_sha256`.
pub fn token(owner: TokenOwner, secret_sha256: [u8; 32]) -> ApiToken {
    ApiToken {
        id: TokenId::generate(),
        owner,
        name: "integration".to_owned(),
        secret_sha256,
        created_at: now(),
        revoked_at: None,
    }
}

/// A message on `ticket_id` at `created_at`: a public inbound reply by a contact, an outbound one by an agent or
/// the system; change `kind` and `internal` for notes and logged interactions.
pub fn message(ticket_id: TicketId, author: Author, created_at: Timestamp) -> Message {
    let direction = match author {
        Author::Contact(_) => Direction::Inbound,
        Author::Agent(_) | Author::System => Direction::Outbound,
    };
    Message {
        id: MessageId::generate(),
        ticket_id,
        kind: MessageKind::Reply,
        internal: false,
        direction,
        author,
        channel: Channel::Email,
        body_text: "Hello, my order has not arrived.".to_owned(),
        body_html: None,
        external_id: None,
        attachments: Vec::new(),
        created_at,
    }
}

/// An internal note by `agent`.
pub fn note(ticket_id: TicketId, agent: AgentId, created_at: Timestamp) -> Message {
    Message {
        kind: MessageKind::Note,
        internal: true,
        channel: Channel::Web,
        body_text: "Checked with the warehouse.".to_owned(),
        ..message(ticket_id, Author::Agent(agent), created_at)
    }
}

/// An attachment's metadata; `seed` varies the name and digest.
pub fn attachment(seed: u8) -> Attachment {
    Attachment {
        id: AttachmentId::generate(),
        filename: format!("invoice-{seed}.pdf"),
        content_type: "application/pdf".to_owned(),
        size: 1000 + i64::from(seed),
        sha256: format!("{seed:02x}").repeat(32),
        content_id: None,
    }
}

/// The history entry for `message` being added, by its author.
pub fn message_added(message: &Message, via: Via) -> TicketEvent {
    TicketEvent::new(
        message.ticket_id,
        message.author,
        via,
        Change::MessageAdded {
            message_id: message.id,
            kind: message.kind,
            internal: message.internal,
        },
        message.created_at,
    )
}

/// A [`NewTicket`] being built: see [`ticket`].
#[derive(Debug, Clone)]
pub struct TicketBuilder {
    ticket: Ticket,
    requester: Requester,
    message: Message,
    via: Via,
}

/// A new, normal-priority question by `requester` with one public email message by them and a `Created`
/// event, at [`now`]. The ticket's `organization_id` is left `None`: the store sets it from the requester.
pub fn ticket(requester: Requester) -> TicketBuilder {
    let requester_id = match &requester {
        Requester::Existing(id) => *id,
        Requester::New(contact) => contact.id,
    };
    let now = now();
    let id = TicketId::generate();
    let ticket = Ticket {
        id,
        number: TicketNumber(0),
        subject: TicketSubject::parse("My order has not arrived")
            .expect("fixture subjects are valid"),
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
        created_at: now,
        updated_at: now,
        first_response_at: None,
        solved_at: None,
        sla: None,
        category_id: None,
        insight: Default::default(),
        version: 1,
    };
    let message = message(id, Author::Contact(requester_id), now);
    TicketBuilder {
        ticket,
        requester,
        message,
        via: Via::Email,
    }
}

/// A new ticket for a stored contact.
pub fn ticket_for(requester: ContactId) -> TicketBuilder {
    ticket(Requester::Existing(requester))
}

/// A new ticket whose requester the store resolves or creates.
pub fn ticket_from(requester: Contact) -> TicketBuilder {
    ticket(Requester::New(requester))
}

impl TicketBuilder {
    pub fn id(mut self, id: TicketId) -> TicketBuilder {
        self.ticket.id = id;
        self.message.ticket_id = id;
        self
    }

    pub fn subject(mut self, subject: &str) -> TicketBuilder {
        self.ticket.subject = TicketSubject::parse(subject).expect("fixture subjects are valid");
        self
    }

    /// Also stamps `solved_at` (at the creation time) for solved and closed tickets.
    pub fn status(mut self, status: Status) -> TicketBuilder {
        self.ticket.status = status;
        self.ticket.solved_at =
            matches!(status, Status::Solved | Status::Closed).then_some(self.ticket.created_at);
        self
    }

    pub fn priority(mut self, priority: Priority) -> TicketBuilder {
        self.ticket.priority = priority;
        self
    }

    pub fn ticket_type(mut self, ticket_type: TicketType) -> TicketBuilder {
        self.ticket.ticket_type = ticket_type;
        self
    }

    /// The channel of the ticket and of its first message; the history says it came in by email, the API
    /// or the UI accordingly.
    pub fn channel(mut self, channel: Channel) -> TicketBuilder {
        self.ticket.channel = channel;
        self.message.channel = channel;
        self.via = match channel {
            Channel::Email => Via::Email,
            Channel::Api => Via::Api,
            _ => Via::Ui,
        };
        self
    }

    pub fn group(mut self, group: Option<GroupId>) -> TicketBuilder {
        self.ticket.group_id = group;
        self
    }

    pub fn assignee(mut self, assignee: Option<AgentId>) -> TicketBuilder {
        self.ticket.assignee_id = assignee;
        self
    }

    /// Parsed as the API would: lowercased, sorted, without duplicates.
    pub fn tags(mut self, raw: &[&str]) -> TicketBuilder {
        self.ticket.tags = tags(raw);
        self
    }

    pub fn custom_field(mut self, key: &str, value: FieldValue) -> TicketBuilder {
        self.ticket.custom_fields.insert(key.to_owned(), value);
        self
    }

    pub fn language(mut self, code: &str) -> TicketBuilder {
        self.ticket.language = language(code);
        self
    }

    pub fn link(mut self, kind: LinkKind, to: TicketId) -> TicketBuilder {
        self.ticket.links.push(TicketLink {
            ticket_id: to,
            kind,
        });
        self
    }

    /// When the ticket was created and last updated, and when its first message was written.
    pub fn at(mut self, at: Timestamp) -> TicketBuilder {
        self.ticket.created_at = at;
        self.ticket.updated_at = at;
        self.message.created_at = at;
        if self.ticket.solved_at.is_some() {
            self.ticket.solved_at = Some(at);
        }
        self
    }

    /// Any other change to the ticket itself.
    pub fn with(mut self, change: impl FnOnce(&mut Ticket)) -> TicketBuilder {
        change(&mut self.ticket);
        self
    }

    /// Any change to the first message.
    pub fn with_message(mut self, change: impl FnOnce(&mut Message)) -> TicketBuilder {
        change(&mut self.message);
        self
    }

    pub fn build(self) -> NewTicket {
        let created = TicketEvent::new(
            self.ticket.id,
            self.message.author,
            self.via,
            Change::Created,
            self.ticket.created_at,
        );
        NewTicket {
            ticket: self.ticket,
            requester: self.requester,
            message: self.message,
            events: vec![created],
            email: Default::default(),
            notifications: Vec::new(),
        }
    }
}
