//! Messages on a ticket (public replies, internal notes and logged interactions) and what a new message
//! does to its ticket.

use jiff::Timestamp;

use crate::id::{AgentId, AttachmentId, ContactId, MessageId, TicketId};
use crate::ticket::{Channel, Status, Ticket};

string_enum!(
    /// What a message is.
    MessageKind {
        /// Written to (or by) the customer.
        Reply = "reply",
        /// For agents only; never shown to customers.
        Note = "note",
        PhoneCall = "phone_call",
        Letter = "letter",
        Visit = "visit",
        Fax = "fax",
    }
);

impl MessageKind {
    /// The kind of a ticket's first message, which follows its channel: a phone ticket starts with a call,
    /// a postal one with a letter.
    pub fn first_for(channel: Channel) -> MessageKind {
        match channel {
            Channel::Phone => MessageKind::PhoneCall,
            Channel::Fax => MessageKind::Fax,
            Channel::Postal => MessageKind::Letter,
            Channel::InPerson => MessageKind::Visit,
            Channel::Email | Channel::Web | Channel::Chat | Channel::Api => MessageKind::Reply,
        }
    }

    /// Logged interactions record a contact that happened elsewhere (a call, a letter, a visit, a fax).
    pub fn is_interaction(self) -> bool {
        matches!(
            self,
            MessageKind::PhoneCall | MessageKind::Letter | MessageKind::Visit | MessageKind::Fax
        )
    }
}

string_enum!(
    /// Whether the customer reached us or we reached the customer.
    Direction { Inbound = "inbound", Outbound = "outbound" }
);

/// Who wrote a message or made a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Author {
    Agent(AgentId),
    Contact(ContactId),
    /// Ayuda itself: rules, imports, automatic replies.
    System,
}

/// Metadata of an attached file; the content lives in attachment storage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub id: AttachmentId,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    /// Hex SHA-256 of the content, so identical files are stored once.
    pub sha256: String,
    /// The Content-ID of an inline image in an email, without angle brackets.
    pub content_id: Option<String>,
}

/// A message on a ticket.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub id: MessageId,
    pub ticket_id: TicketId,
    pub kind: MessageKind,
    /// Hidden from customers. Always true for notes, always false for replies; chosen for interactions.
    pub internal: bool,
    pub direction: Direction,
    pub author: Author,
    pub channel: Channel,
    pub body_text: String,
    /// Sanitised HTML, safe to render as is; `None` for plain-text messages.
    pub body_html: Option<String>,
    /// The identifier the channel gave it, such as an email's Message-ID, for threading.
    pub external_id: Option<String>,
    pub attachments: Vec<Attachment>,
    pub created_at: Timestamp,
}

/// Whether a message of `kind` must, may or must not be internal: `Some(fixed)` or `None` for free choice.
pub fn fixed_visibility(kind: MessageKind) -> Option<bool> {
    match kind {
        MessageKind::Reply => Some(false),
        MessageKind::Note => Some(true),
        _ => None,
    }
}

/// What a new message does to its ticket: the status it moves the ticket to (if any) and whether it is
/// the ticket's first response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessageEffect {
    pub status: Option<Status>,
    pub first_response: bool,
}

/// The lifecycle rules for a new message on `ticket`.
///
/// - A customer writing on a pending, on-hold or solved ticket reopens it: the ball is back with us.
/// - An agent's first public answer on a new ticket opens it and counts as its first response.
/// - Internal notes change nothing the customer would notice.
/// - Closed tickets never change (the caller opens a follow-up instead).
pub fn message_effect(
    ticket: &Ticket,
    author: Author,
    internal: bool,
    direction: Direction,
) -> MessageEffect {
    let none = MessageEffect {
        status: None,
        first_response: false,
    };
    if ticket.status == Status::Closed || internal {
        return none;
    }
    match author {
        Author::Contact(_)
            if matches!(
                ticket.status,
                Status::Pending | Status::OnHold | Status::Solved
            ) =>
        {
            MessageEffect {
                status: Some(Status::Open),
                first_response: false,
            }
        }
        Author::Contact(_) => none,
        Author::Agent(_) if direction == Direction::Outbound => MessageEffect {
            status: (ticket.status == Status::New).then_some(Status::Open),
            first_response: ticket.first_response_at.is_none(),
        },
        Author::Agent(_) | Author::System => none,
    }
}
