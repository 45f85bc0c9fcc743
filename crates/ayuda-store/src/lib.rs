//! The storage seam of Ayuda: one [`Store`] trait that every backend implements, and the query, page and
//! error types it speaks.
//!
//! # Design
//!
//! The methods are coarse and shaped after use cases, not tables: [`Store::create_ticket`] writes the ticket,
//! its first message, its history and, when needed, a new contact, in one transaction. Nothing outside a
//! backend ever holds a transaction, so a half-written record cannot happen through this interface.
//!
//! Domain rules live in `ayuda-core` and are applied by the application layer before it calls the store.
//! The store enforces only what must hold under concurrency, where only the database can decide:
//!
//! - **Ticket numbers** are assigned by the store, gapless and unique per installation, even with several
//!   application nodes on one PostgreSQL database.
//! - **Optimistic concurrency.** [`Store::write_ticket`] succeeds only if the stored ticket still has the
//!   version the caller read; otherwise it fails with [`StoreError::Conflict`] and the caller re-reads.
//! - **Uniqueness** of contact identities, organization domains, agent emails, group names and field keys:
//!   a clash is [`StoreError::Duplicate`], never a silent overwrite.
//! - **Joining an organization by domain.** A contact created without an organization whose first email
//!   address is at a domain some organization owns joins that organization, in the same transaction.
//!
//! Lists use keyset pagination: a page ends with the cursor of its last item and the next page starts after
//! it, so page 10,000 costs what page 1 costs. No method counts a whole table.
//!
//! The interface crate has no database dependency on purpose: the domain and application layers compile
//! and test without sqlx or rusqlite in their dependency tree.

use async_trait::async_trait;

pub mod automation;
pub mod codec;
pub mod email;
pub mod error;
pub mod insight;
pub mod knowledge;
pub mod report;
pub mod routing;
pub mod search;
pub mod service_level;
pub mod types;

pub use automation::AutomationStore;
pub use email::*;
pub use error::StoreError;
pub use insight::{CategoryExample, InsightStore, Rated};
pub use knowledge::KnowledgeStore;
pub use report::ReportStore;
pub use routing::{RoutingRound, RoutingStore, RoutingTurn};
pub use search::SearchStore;
pub use service_level::ServiceLevelStore;
pub use types::*;

use ayuda_core::Timestamp;
use ayuda_core::agent::{Agent, Group};
use ayuda_core::canned::CannedResponse;
use ayuda_core::contact::{Contact, EmailAddress, Identity, Organization};
use ayuda_core::email::{ImapPosition, InboundEmail, InboundState, Mailbox, OutboxMail};
use ayuda_core::event::TicketEvent;
use ayuda_core::field::{FieldDefinition, FieldEntity};
use ayuda_core::id::{
    AgentId, CannedResponseId, ContactId, EventId, FieldId, GroupId, InboundEmailId, MailboxId,
    MessageId, OrganizationId, OutboxId, SavedViewId, TicketId, TicketNumber, TokenId,
};
use ayuda_core::message::Message;
use ayuda_core::notification::NotificationKind;
use ayuda_core::presence::Presence;
use ayuda_core::saved_view::SavedView;
use ayuda_core::sign_in_link::SignInLink;
use ayuda_core::ticket::Ticket;

/// The most canned responses a list returns: a team's library, not an archive.
pub const MAX_CANNED_RESPONSES: u32 = 2_000;

/// What an agent chose for themselves. `None` means "not chosen": the browser's language, UTC, no second
/// factor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgentPreference {
    /// A language code of the interface (`en`, `es`, `it`).
    pub language: Option<String>,
    /// An IANA time zone name.
    pub time_zone: Option<String>,
    /// The base32 secret of the agent's TOTP second factor.
    pub totp_secret: Option<String>,
    /// The kinds of notification they are also emailed about; `None` until they choose
    /// ([`ayuda_core::notification::emailed_by_default`]).
    pub email_notices: Option<Vec<NotificationKind>>,
}

/// Durable storage for everything Ayuda keeps. Implemented by `ayuda-store-sqlite` and `ayuda-store-postgres`;
/// the same conformance suite (`ayuda-store-tests`) runs against both.
#[async_trait]
pub trait Store:
    AutomationStore
    + InsightStore
    + ReportStore
    + KnowledgeStore
    + RoutingStore
    + SearchStore
    + ServiceLevelStore
    + Send
    + Sync
    + std::fmt::Debug
    + 'static
{
    /// Checks that the database answers, for `/readyz`.
    async fn ping(&self) -> Result<(), StoreError>;

    // Tickets.

    /// Creates a ticket with its first message and history, resolving the requester, in one transaction.
    ///
    /// The store assigns `ticket.number` (the value passed in is ignored) and stores `version` 1.
    /// For [`Requester::New`], an existing contact with one of its identities is used instead when there is
    /// one; its id then replaces the new contact's id in the ticket, the message author and the events.
    /// `ticket.organization_id` is set to the requester's organization.
    async fn create_ticket(&self, new: NewTicket) -> Result<CreatedTicket, StoreError>;

    /// Creates many tickets in one transaction (imports, demo and benchmark data); all or nothing.
    async fn create_tickets(&self, new: Vec<NewTicket>) -> Result<Vec<CreatedTicket>, StoreError>;

    async fn get_ticket(&self, id: TicketId) -> Result<Option<Ticket>, StoreError>;
    /// These tickets, in no particular order; unknown ids are left out.
    async fn get_tickets(&self, ids: &[TicketId]) -> Result<Vec<Ticket>, StoreError>;

    async fn get_ticket_by_number(
        &self,
        number: TicketNumber,
    ) -> Result<Option<Ticket>, StoreError>;

    /// Stores `write.ticket` as the ticket's new state, with an optional new message and history events, in
    /// one transaction. `write.ticket.version` is the version the caller read: the write fails with
    /// [`StoreError::Conflict`] if the stored version differs, and stores `version + 1` otherwise.
    /// Returns the ticket as stored. [`StoreError::NotFound`] if the ticket does not exist.
    async fn write_ticket(&self, write: TicketWrite) -> Result<Ticket, StoreError>;

    /// A page of tickets matching `query`, in the order it asks for.
    async fn list_tickets(
        &self,
        query: &TicketQuery,
    ) -> Result<Page<Ticket, TicketCursor>, StoreError>;

    /// A page of a ticket's messages, oldest first. Internal ones only when `include_internal`.
    async fn list_messages(
        &self,
        ticket: TicketId,
        include_internal: bool,
        after: Option<MessageId>,
        limit: u32,
    ) -> Result<Page<Message, MessageId>, StoreError>;

    /// These messages, wherever they are, in no particular order; unknown ids are left out. The caller
    /// decides whether its reader may see each.
    async fn get_messages(&self, ids: &[MessageId]) -> Result<Vec<Message>, StoreError>;

    /// A page of a ticket's history, oldest first. Events about internal messages only when `include_internal`.
    async fn list_events(
        &self,
        ticket: TicketId,
        include_internal: bool,
        after: Option<EventId>,
        limit: u32,
    ) -> Result<Page<TicketEvent, EventId>, StoreError>;

    // Contacts and organizations.

    /// Creates a contact; without an organization, it joins the one owning its first email's domain, if any.
    async fn create_contact(&self, contact: Contact) -> Result<Contact, StoreError>;
    async fn get_contact(&self, id: ContactId) -> Result<Option<Contact>, StoreError>;
    async fn find_contact(&self, identity: &Identity) -> Result<Option<Contact>, StoreError>;
    /// Replaces the stored contact (identities included) with `contact`.
    async fn update_contact(&self, contact: Contact) -> Result<Contact, StoreError>;
    async fn list_contacts(
        &self,
        query: &ContactQuery,
    ) -> Result<Page<Contact, ContactId>, StoreError>;

    /// Creates an organization. Its domains come back sorted and without duplicates, as every read returns them.
    async fn create_organization(
        &self,
        organization: Organization,
    ) -> Result<Organization, StoreError>;
    async fn get_organization(
        &self,
        id: OrganizationId,
    ) -> Result<Option<Organization>, StoreError>;
    async fn update_organization(
        &self,
        organization: Organization,
    ) -> Result<Organization, StoreError>;
    async fn list_organizations(
        &self,
        after: Option<OrganizationId>,
        limit: u32,
    ) -> Result<Page<Organization, OrganizationId>, StoreError>;

    // Groups and agents.

    async fn create_group(&self, group: Group) -> Result<Group, StoreError>;
    async fn get_group(&self, id: GroupId) -> Result<Option<Group>, StoreError>;
    async fn update_group(&self, group: Group) -> Result<Group, StoreError>;
    async fn list_groups(
        &self,
        after: Option<GroupId>,
        limit: u32,
    ) -> Result<Page<Group, GroupId>, StoreError>;

    /// Creates an agent, with an Argon2id PHC string when it may sign in with a password. Its group ids come
    /// back sorted and without duplicates, as every read returns them.
    async fn create_agent(
        &self,
        agent: Agent,
        password_hash: Option<String>,
    ) -> Result<Agent, StoreError>;
    async fn get_agent(&self, id: AgentId) -> Result<Option<Agent>, StoreError>;
    /// Finds an agent by email, case-insensitively, with its password hash.
    async fn find_agent_by_email(
        &self,
        email: &str,
    ) -> Result<Option<(Agent, Option<String>)>, StoreError>;
    async fn update_agent(&self, agent: Agent) -> Result<Agent, StoreError>;
    /// Replaces an agent's password hash. NotFound for an unknown agent.
    async fn set_agent_password(
        &self,
        id: AgentId,
        password_hash: String,
    ) -> Result<(), StoreError>;
    async fn list_agents(
        &self,
        after: Option<AgentId>,
        limit: u32,
    ) -> Result<Page<Agent, AgentId>, StoreError>;

    // Custom field definitions (a few dozen per installation: listed whole, by position then key).

    async fn create_field(&self, field: FieldDefinition) -> Result<FieldDefinition, StoreError>;
    async fn get_field(&self, id: FieldId) -> Result<Option<FieldDefinition>, StoreError>;
    async fn update_field(&self, field: FieldDefinition) -> Result<FieldDefinition, StoreError>;
    async fn list_fields(
        &self,
        entity: Option<FieldEntity>,
    ) -> Result<Vec<FieldDefinition>, StoreError>;

    // API tokens.

    async fn create_token(&self, token: ApiToken) -> Result<ApiToken, StoreError>;
    /// Finds a token by the SHA-256 of its secret, revoked or not.
    async fn find_token(&self, secret_sha256: &[u8; 32]) -> Result<Option<ApiToken>, StoreError>;
    /// Marks a token revoked at `at`; revoking twice keeps the first time. NotFound for an unknown id.
    async fn revoke_token(&self, id: TokenId, at: Timestamp) -> Result<(), StoreError>;

    // Idempotency keys for retried POST requests.

    /// Claims `key` for `scope` (the caller's token) or reports what an earlier request with it did.
    async fn claim_idempotency_key(
        &self,
        claim: &IdempotencyClaim,
    ) -> Result<IdempotencyState, StoreError>;
    /// Records the response of the request that claimed the key. NotFound if the key was never claimed.
    async fn complete_idempotency_key(
        &self,
        scope: &str,
        key: &str,
        response: &StoredResponse,
    ) -> Result<(), StoreError>;
    /// Gives up a claim whose request failed without a response worth replaying, so a retry can run.
    async fn release_idempotency_key(&self, scope: &str, key: &str) -> Result<(), StoreError>;

    // Settings shared by every app node.

    async fn setting(&self, key: &str) -> Result<Option<String>, StoreError>;
    /// Stores `value` under `key` unless the key has a value already; returns the value that holds (so the
    /// first of several nodes starting at once wins, and all of them agree).
    async fn init_setting(&self, key: &str, value: &str) -> Result<String, StoreError>;

    // Customers' portal passwords.

    /// Sets (or replaces) the contact's password hash. [`StoreError::NotFound`] for an unknown contact.
    async fn set_customer_password(
        &self,
        contact: ContactId,
        password_hash: &str,
        at: Timestamp,
    ) -> Result<(), StoreError>;
    /// The contact's password hash, if they have set one.
    async fn customer_password(&self, contact: ContactId) -> Result<Option<String>, StoreError>;
    /// Records a one-time sign-in link and queues the mail that carries it (same id), in one transaction.
    async fn create_sign_in_link(
        &self,
        link: SignInLink,
        mail: OutboxMail,
    ) -> Result<(), StoreError>;
    /// Uses the link: marks it used at `at` and returns it, if it exists, was never used and has not
    /// expired; `None` otherwise. Of two uses at once, one wins.
    async fn use_sign_in_link(
        &self,
        id: OutboxId,
        at: Timestamp,
    ) -> Result<Option<SignInLink>, StoreError>;

    // Agents' own choices.

    /// The agent's preferences; the default (nothing chosen) when they never set any.
    async fn agent_preference(&self, agent: AgentId) -> Result<AgentPreference, StoreError>;
    /// Replaces the agent's preferences. [`StoreError::NotFound`] for an unknown agent.
    async fn set_agent_preference(
        &self,
        agent: AgentId,
        preference: &AgentPreference,
        at: Timestamp,
    ) -> Result<(), StoreError>;

    // Saved views.

    /// Saves a view. [`StoreError::NotFound`] when its owner is not an agent.
    async fn create_saved_view(&self, view: SavedView) -> Result<(), StoreError>;
    async fn get_saved_view(&self, id: SavedViewId) -> Result<Option<SavedView>, StoreError>;
    /// The views `agent` sees: their own and the shared ones, by name, at most
    /// [`ayuda_core::saved_view::MAX_SAVED_VIEWS`].
    async fn list_saved_views(&self, agent: AgentId) -> Result<Vec<SavedView>, StoreError>;
    /// Deletes a view; deleting one that is gone is not an error.
    async fn delete_saved_view(&self, id: SavedViewId) -> Result<(), StoreError>;

    // Canned responses.

    /// [`StoreError::Duplicate`] when a response of that name (case-insensitively) has that language.
    async fn create_canned_response(&self, canned: CannedResponse) -> Result<(), StoreError>;
    /// Replaces name, language and body; [`StoreError::NotFound`] for an unknown id.
    async fn update_canned_response(&self, canned: CannedResponse) -> Result<(), StoreError>;
    /// [`StoreError::NotFound`] for an unknown id.
    async fn delete_canned_response(&self, id: CannedResponseId) -> Result<(), StoreError>;
    async fn get_canned_response(
        &self,
        id: CannedResponseId,
    ) -> Result<Option<CannedResponse>, StoreError>;
    /// Every canned response, by name then language, at most [`MAX_CANNED_RESPONSES`].
    async fn list_canned_responses(&self) -> Result<Vec<CannedResponse>, StoreError>;

    // Who is on a ticket right now (collision detection), shared by every app node.

    /// Records `presence` (replacing that agent's earlier one on the ticket) and prunes the ticket's
    /// presences older than a minute.
    async fn touch_presence(&self, presence: Presence) -> Result<(), StoreError>;
    /// Removes `agent`'s presence on `ticket`, if any.
    async fn leave_presence(&self, ticket: TicketId, agent: AgentId) -> Result<(), StoreError>;
    /// The presences on `ticket` seen at or after `since`, oldest first.
    async fn presence_on(
        &self,
        ticket: TicketId,
        since: Timestamp,
    ) -> Result<Vec<Presence>, StoreError>;

    // Email: mailboxes.

    /// [`StoreError::Duplicate`] for a name taken case-insensitively.
    async fn create_mailbox(&self, mailbox: Mailbox) -> Result<Mailbox, StoreError>;
    async fn update_mailbox(&self, mailbox: Mailbox) -> Result<Mailbox, StoreError>;
    async fn get_mailbox(&self, id: MailboxId) -> Result<Option<Mailbox>, StoreError>;
    /// Case-insensitive.
    async fn find_mailbox(&self, name: &str) -> Result<Option<Mailbox>, StoreError>;
    /// Every mailbox, oldest first (an installation has a handful).
    async fn list_mailboxes(&self) -> Result<Vec<Mailbox>, StoreError>;

    // Email: received mail.

    /// Records a received email that changes no ticket (quarantined, or a bounce for no known ticket), and
    /// the bouncing address if any. Duplicates as for [`EmailEffects::inbound`].
    async fn record_inbound(&self, record: InboundRecord) -> Result<(), StoreError>;
    async fn find_inbound(&self, message_key: &str) -> Result<Option<InboundEmail>, StoreError>;
    async fn find_inbound_at(
        &self,
        mailbox: MailboxId,
        position: ImapPosition,
    ) -> Result<Option<InboundEmail>, StoreError>;
    /// A received email and its raw bytes when the database keeps them.
    async fn get_inbound(&self, id: InboundEmailId) -> Result<Option<InboundWithRaw>, StoreError>;
    /// The email a message was received as.
    async fn inbound_of_message(
        &self,
        message: MessageId,
    ) -> Result<Option<InboundEmail>, StoreError>;
    /// Received emails, oldest first, optionally in one state (the quarantine list).
    async fn list_inbound(
        &self,
        state: Option<InboundState>,
        after: Option<InboundEmailId>,
        limit: u32,
    ) -> Result<Page<InboundEmail, InboundEmailId>, StoreError>;
    /// The ticket and message whose `external_id` (an email's Message-ID) is `external_id`.
    async fn find_message_by_external_id(
        &self,
        external_id: &str,
    ) -> Result<Option<(TicketId, MessageId)>, StoreError>;
    /// The mailbox of the latest email received on the ticket: where replies come from.
    async fn ticket_mailbox(&self, ticket: TicketId) -> Result<Option<MailboxId>, StoreError>;
    /// An attachment's metadata and the ticket and message it belongs to.
    async fn get_attachment(
        &self,
        id: ayuda_core::id::AttachmentId,
    ) -> Result<Option<(TicketId, MessageId, ayuda_core::message::Attachment)>, StoreError>;
    /// The ticket's followers, oldest first.
    async fn list_followers(&self, ticket: TicketId) -> Result<Vec<ContactId>, StoreError>;
    /// The latest bounce report of each of `addresses` (compared lowercased) that has one.
    async fn bounces(&self, addresses: &[EmailAddress]) -> Result<Vec<BouncedAddress>, StoreError>;

    // Email: the outbox.

    /// Takes up to `limit` pending mails due at `now`, oldest due first, and pushes their next attempt to
    /// `lease_until`: another sender (another node) does not take them meanwhile, and if this one dies they
    /// are due again when the lease ends.
    async fn claim_outbox(
        &self,
        now: Timestamp,
        lease_until: Timestamp,
        limit: u32,
    ) -> Result<Vec<OutboxMail>, StoreError>;
    /// Records how an attempt ended (counting it). NotFound for an unknown id.
    async fn finish_outbox(&self, id: OutboxId, outcome: SendOutcome) -> Result<(), StoreError>;
    /// A ticket's mail, oldest first (a ticket has few).
    async fn list_outbox(&self, ticket: TicketId) -> Result<Vec<OutboxMail>, StoreError>;
    /// Automatic mails to `recipient_key` created at or after `since`, counted up to `cap`.
    async fn count_automatic_to(
        &self,
        recipient_key: &str,
        since: Timestamp,
        cap: u32,
    ) -> Result<u32, StoreError>;
    /// Automatic mails of `ticket` created at or after `since`, counted up to `cap`.
    async fn count_automatic_for(
        &self,
        ticket: TicketId,
        since: Timestamp,
        cap: u32,
    ) -> Result<u32, StoreError>;
}
