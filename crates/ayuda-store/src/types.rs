//! The values that cross the storage seam besides the domain types: writes, queries, pages and cursors.

use std::fmt;

use ayuda_core::Timestamp;
use ayuda_core::contact::Contact;
use ayuda_core::event::TicketEvent;
use ayuda_core::id::{AgentId, ContactId, GroupId, OrganizationId, TicketId, TokenId};
use ayuda_core::message::Message;
use ayuda_core::notification::Notification;
use ayuda_core::permission::TicketScope;
use ayuda_core::text::Tag;
use ayuda_core::ticket::{Channel, Priority, Status, Ticket};

use crate::email::EmailEffects;

/// Who a new ticket is for.
#[derive(Debug, Clone, PartialEq)]
pub enum Requester {
    Existing(ContactId),
    /// Create this contact unless one of its identities already belongs to a contact.
    New(Contact),
}

/// A ticket to create: see [`crate::Store::create_ticket`].
#[derive(Debug, Clone, PartialEq)]
pub struct NewTicket {
    pub ticket: Ticket,
    pub requester: Requester,
    pub message: Message,
    pub events: Vec<TicketEvent>,
    pub email: EmailEffects,
    /// Agents told about the new ticket (assigned to them, say).
    pub notifications: Vec<Notification>,
}

/// What [`crate::Store::create_ticket`] stored.
#[derive(Debug, Clone, PartialEq)]
pub struct CreatedTicket {
    pub ticket: Ticket,
    pub message: Message,
    /// Whether a new contact was created for the requester.
    pub requester_created: bool,
}

/// A change to a ticket: see [`crate::Store::write_ticket`].
#[derive(Debug, Clone, PartialEq)]
pub struct TicketWrite {
    /// The ticket's new state; its `version` is the version it was read at.
    pub ticket: Ticket,
    pub message: Option<Message>,
    pub events: Vec<TicketEvent>,
    pub email: EmailEffects,
    /// Agents told about the change (an SLA warning, an escalation to them).
    pub notifications: Vec<Notification>,
    /// When routing chose the assignee: refused as a conflict if the group has routed since.
    pub routing: Option<crate::RoutingTurn>,
}

/// The order of a ticket list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TicketOrder {
    /// Most recently updated first: the agent's working view.
    #[default]
    UpdatedDesc,
    /// Least recently updated first: for synchronising with `updated_since`.
    UpdatedAsc,
}

/// Where a ticket page starts: after the ticket with this `updated_at` and id, in the list's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TicketCursor {
    pub updated_at: Timestamp,
    pub id: TicketId,
}

impl TicketCursor {
    pub fn of(ticket: &Ticket) -> TicketCursor {
        TicketCursor {
            updated_at: ticket.updated_at,
            id: ticket.id,
        }
    }
}

impl fmt::Display for TicketCursor {
    /// An opaque-looking token: microseconds and id.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}.{}",
            self.updated_at.as_microsecond(),
            self.id.as_uuid().simple()
        )
    }
}

impl std::str::FromStr for TicketCursor {
    type Err = InvalidCursor;
    fn from_str(raw: &str) -> Result<TicketCursor, InvalidCursor> {
        let (micros, id) = raw.split_once('.').ok_or(InvalidCursor)?;
        let micros: i64 = micros.parse().map_err(|_| InvalidCursor)?;
        Ok(TicketCursor {
            updated_at: Timestamp::from_microsecond(micros).map_err(|_| InvalidCursor)?,
            id: id.parse().map_err(|_| InvalidCursor)?,
        })
    }
}

/// A cursor that was not produced by a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the cursor is not one this server produced")]
pub struct InvalidCursor;

/// A ticket list: the principal's scope, optional filters (all must match), order and page.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketQuery {
    pub scope: TicketScope,
    /// Any of these statuses; empty means any status.
    pub statuses: Vec<Status>,
    pub priority: Option<Priority>,
    pub group_id: Option<GroupId>,
    /// Only tickets in one of these groups or in none (an agent's "my groups"); `None` for any group.
    pub groups_or_none: Option<Vec<GroupId>>,
    pub assignee_id: Option<AgentId>,
    /// Only tickets nobody is assigned to.
    pub unassigned: bool,
    pub requester_id: Option<ContactId>,
    pub organization_id: Option<OrganizationId>,
    pub tag: Option<Tag>,
    pub channel: Option<Channel>,
    /// Only tickets updated at or after this time.
    pub updated_since: Option<Timestamp>,
    pub order: TicketOrder,
    pub after: Option<TicketCursor>,
    /// 1 to [`MAX_PAGE`].
    pub limit: u32,
}

/// The largest page any list returns.
pub const MAX_PAGE: u32 = 200;

impl TicketQuery {
    /// Every ticket in `scope`, newest update first, one page of `limit`.
    pub fn new(scope: TicketScope, limit: u32) -> TicketQuery {
        TicketQuery {
            scope,
            statuses: Vec::new(),
            priority: None,
            group_id: None,
            groups_or_none: None,
            assignee_id: None,
            unassigned: false,
            requester_id: None,
            organization_id: None,
            tag: None,
            channel: None,
            updated_since: None,
            order: TicketOrder::default(),
            after: None,
            limit,
        }
    }
}

/// A contact list, in creation order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContactQuery {
    pub organization_id: Option<OrganizationId>,
    pub after: Option<ContactId>,
    pub limit: u32,
}

/// One page of a list and where the next one starts (`None` on the last page).
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T, C> {
    pub items: Vec<T>,
    pub next_cursor: Option<C>,
}

impl<T, C> Page<T, C> {
    /// Builds a page from up to `limit + 1` rows fetched: the extra row only tells that more exist.
    pub fn from_overfetch(mut rows: Vec<T>, limit: u32, cursor_of: impl Fn(&T) -> C) -> Page<T, C> {
        let limit = limit as usize;
        let more = rows.len() > limit;
        rows.truncate(limit);
        let next_cursor = if more {
            rows.last().map(cursor_of)
        } else {
            None
        };
        Page {
            items: rows,
            next_cursor,
        }
    }
}

/// Whose API token it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenOwner {
    Agent(AgentId),
    Contact(ContactId),
}

/// An API token. Only the SHA-256 of its secret is stored: the secret is shown once, at creation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    pub id: TokenId,
    pub owner: TokenOwner,
    pub name: String,
    pub secret_sha256: [u8; 32],
    pub created_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
}

/// An attempt to claim an idempotency key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyClaim {
    /// Whose key it is (keys of different tokens never collide).
    pub scope: String,
    pub key: String,
    /// A digest of the request, so the same key with a different request is caught.
    pub fingerprint: String,
    pub at: Timestamp,
    /// A claim older than this with no response is considered abandoned and may be taken over.
    pub stale_before: Timestamp,
}

/// What happened to an idempotency key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdempotencyState {
    /// The key is now held by the caller, who must complete or release it.
    Claimed,
    /// An earlier request with this key is still running.
    InProgress { fingerprint: String },
    /// An earlier request with this key finished with this response.
    Completed {
        fingerprint: String,
        response: StoredResponse,
    },
}

/// A response kept for replay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResponse {
    pub status: u16,
    pub body: Vec<u8>,
}
