//! Ayuda's [`Store`] on PostgreSQL, for installations with several application nodes on one database.
//!
//! Everything the trait asks to hold under concurrency is decided by PostgreSQL itself, so it holds across
//! nodes too:
//!
//! - Ticket numbers come from a one-row counter updated inside the creating transaction. The row lock
//!   serialises creators, and a rolled-back creation gives its number back, so numbers are gapless (a
//!   sequence would leave holes). Because that lock is held until the commit, `create_ticket` goes through a
//!   per-store queue that commits concurrent creations in one transaction (`creation_queue`).
//! - Uniqueness rules are unique constraints and indexes. Each constraint has a name, and violations map to
//!   [`StoreError::Duplicate`] / [`StoreError::MissingReference`] by that name (see `errors.rs`).
//! - A new requester is inserted with `on conflict do nothing` under a savepoint, so two nodes creating
//!   tickets for the same new address agree on one contact instead of failing.
//!
//! Queries are checked at run time (`sqlx::query`, `query_as` with the private row structs of `rows.rs`):
//! the compile-time macros would need a live database to build. The schema is in `migrations/`, the same
//! logical schema as the SQLite backend's.
//!
//! Module map: `tickets` (create and write), `creation_queue` (group commit of `create_ticket`), `ticket_list` (the filtered, paginated list), `conversation`
//! (messages, attachments, history), `contacts` (contacts and organizations), `staff` (groups, agents,
//! field definitions), `access` (API tokens, idempotency keys), `rows` and `errors` (the plumbing).

use async_trait::async_trait;
use ayuda_core::Timestamp;
use ayuda_core::agent::{Agent, Group};
use ayuda_core::canned::CannedResponse;
use ayuda_core::contact::{Contact, EmailAddress, Identity, Organization};
use ayuda_core::email::{ImapPosition, InboundEmail, InboundState, Mailbox, OutboxMail};
use ayuda_core::event::TicketEvent;
use ayuda_core::field::{FieldDefinition, FieldEntity};
use ayuda_core::id::CannedResponseId;
use ayuda_core::id::{
    AgentId, ContactId, EventId, FieldId, GroupId, InboundEmailId, MailboxId, MessageId,
    OrganizationId, OutboxId, SavedViewId, TicketId, TicketNumber, TokenId,
};
use ayuda_core::message::Message;
use ayuda_core::presence::Presence;
use ayuda_core::saved_view::SavedView;
use ayuda_core::sign_in_link::SignInLink;
use ayuda_core::ticket::Ticket;
use ayuda_store::{
    AgentPreference, ApiToken, BouncedAddress, ContactQuery, CreatedTicket, IdempotencyClaim,
    IdempotencyState, InboundRecord, NewTicket, Page, SendOutcome, Store, StoreError,
    StoredResponse, TicketCursor, TicketQuery, TicketWrite,
};
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;

use crate::creation_queue::CreationQueue;

mod access;
mod automation;
mod canned;
mod contacts;
mod conversation;
mod creation_queue;
mod email;
mod errors;
mod insight;
mod knowledge;
mod news;
mod presence;
mod report;
mod routing;
mod rows;
mod saved_view;
mod search;
mod service_level;
mod staff;
mod store_knowledge;
mod ticket_list;
mod tickets;

/// A [`Store`] backed by a PostgreSQL connection pool. Cloning is cheap and shares the pool.
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
    /// Where `create_ticket` sends its ticket; shared by the clones, so one queue (and task) per store.
    creations: CreationQueue,
}

impl PgStore {
    /// Connects a pool to `url` (postgres://...) and starts the store's ticket creation task, which ends when
    /// the last clone of the store is dropped. Must be called inside a tokio runtime. Does not migrate.
    pub async fn connect(url: &str, max_connections: u32) -> Result<PgStore, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(max_connections)
            .connect(url)
            .await
            .map_err(StoreError::backend)?;
        let creations = CreationQueue::start(pool.clone());
        Ok(PgStore { pool, creations })
    }

    /// Applies pending migrations (`migrations/`); safe from several nodes at once, because sqlx's migrator
    /// holds a PostgreSQL advisory lock while it runs.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        sqlx::migrate!("./migrations")
            .run(&self.pool)
            .await
            .map_err(StoreError::backend)
    }
}

#[async_trait]
impl Store for PgStore {
    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("select 1")
            .execute(&self.pool)
            .await
            .map_err(StoreError::backend)?;
        Ok(())
    }

    async fn create_ticket(&self, new: NewTicket) -> Result<CreatedTicket, StoreError> {
        self.creations.create(new).await
    }

    async fn create_tickets(&self, new: Vec<NewTicket>) -> Result<Vec<CreatedTicket>, StoreError> {
        Ok(tickets::create_tickets(&self.pool, new).await?)
    }

    async fn get_ticket(&self, id: TicketId) -> Result<Option<Ticket>, StoreError> {
        Ok(tickets::get_ticket(&self.pool, id).await?)
    }

    async fn get_tickets(&self, ids: &[TicketId]) -> Result<Vec<Ticket>, StoreError> {
        Ok(tickets::get_tickets(&self.pool, ids).await?)
    }

    async fn get_ticket_by_number(
        &self,
        number: TicketNumber,
    ) -> Result<Option<Ticket>, StoreError> {
        Ok(tickets::get_ticket_by_number(&self.pool, number).await?)
    }

    async fn write_ticket(&self, write: TicketWrite) -> Result<Ticket, StoreError> {
        Ok(tickets::write_ticket(&self.pool, write).await?)
    }

    async fn list_tickets(
        &self,
        query: &TicketQuery,
    ) -> Result<Page<Ticket, TicketCursor>, StoreError> {
        Ok(ticket_list::list_tickets(&self.pool, query).await?)
    }

    async fn list_messages(
        &self,
        ticket: TicketId,
        include_internal: bool,
        after: Option<MessageId>,
        limit: u32,
    ) -> Result<Page<Message, MessageId>, StoreError> {
        Ok(conversation::list_messages(&self.pool, ticket, include_internal, after, limit).await?)
    }

    async fn get_messages(&self, ids: &[MessageId]) -> Result<Vec<Message>, StoreError> {
        Ok(conversation::get_messages(&self.pool, ids).await?)
    }

    async fn list_events(
        &self,
        ticket: TicketId,
        include_internal: bool,
        after: Option<EventId>,
        limit: u32,
    ) -> Result<Page<TicketEvent, EventId>, StoreError> {
        Ok(conversation::list_events(&self.pool, ticket, include_internal, after, limit).await?)
    }

    async fn create_contact(&self, contact: Contact) -> Result<Contact, StoreError> {
        Ok(contacts::create_contact(&self.pool, contact).await?)
    }

    async fn get_contact(&self, id: ContactId) -> Result<Option<Contact>, StoreError> {
        Ok(contacts::get_contact(&self.pool, id).await?)
    }

    async fn find_contact(&self, identity: &Identity) -> Result<Option<Contact>, StoreError> {
        Ok(contacts::find_contact(&self.pool, identity).await?)
    }

    async fn update_contact(&self, contact: Contact) -> Result<Contact, StoreError> {
        Ok(contacts::update_contact(&self.pool, contact).await?)
    }

    async fn list_contacts(
        &self,
        query: &ContactQuery,
    ) -> Result<Page<Contact, ContactId>, StoreError> {
        Ok(contacts::list_contacts(&self.pool, query).await?)
    }

    async fn create_organization(
        &self,
        organization: Organization,
    ) -> Result<Organization, StoreError> {
        Ok(contacts::create_organization(&self.pool, organization).await?)
    }

    async fn get_organization(
        &self,
        id: OrganizationId,
    ) -> Result<Option<Organization>, StoreError> {
        Ok(contacts::get_organization(&self.pool, id).await?)
    }

    async fn update_organization(
        &self,
        organization: Organization,
    ) -> Result<Organization, StoreError> {
        Ok(contacts::update_organization(&self.pool, organization).await?)
    }

    async fn list_organizations(
        &self,
        after: Option<OrganizationId>,
        limit: u32,
    ) -> Result<Page<Organization, OrganizationId>, StoreError> {
        Ok(contacts::list_organizations(&self.pool, after, limit).await?)
    }

    async fn create_group(&self, group: Group) -> Result<Group, StoreError> {
        Ok(staff::create_group(&self.pool, group).await?)
    }

    async fn get_group(&self, id: GroupId) -> Result<Option<Group>, StoreError> {
        Ok(staff::get_group(&self.pool, id).await?)
    }

    async fn update_group(&self, group: Group) -> Result<Group, StoreError> {
        Ok(staff::update_group(&self.pool, group).await?)
    }

    async fn list_groups(
        &self,
        after: Option<GroupId>,
        limit: u32,
    ) -> Result<Page<Group, GroupId>, StoreError> {
        Ok(staff::list_groups(&self.pool, after, limit).await?)
    }

    async fn create_agent(
        &self,
        agent: Agent,
        password_hash: Option<String>,
    ) -> Result<Agent, StoreError> {
        Ok(staff::create_agent(&self.pool, agent, password_hash).await?)
    }

    async fn get_agent(&self, id: AgentId) -> Result<Option<Agent>, StoreError> {
        Ok(staff::get_agent(&self.pool, id).await?)
    }

    async fn find_agent_by_email(
        &self,
        email: &str,
    ) -> Result<Option<(Agent, Option<String>)>, StoreError> {
        Ok(staff::find_agent_by_email(&self.pool, email).await?)
    }

    async fn update_agent(&self, agent: Agent) -> Result<Agent, StoreError> {
        Ok(staff::update_agent(&self.pool, agent).await?)
    }

    async fn set_agent_password(
        &self,
        id: AgentId,
        password_hash: String,
    ) -> Result<(), StoreError> {
        Ok(staff::set_agent_password(&self.pool, id, password_hash).await?)
    }

    async fn list_agents(
        &self,
        after: Option<AgentId>,
        limit: u32,
    ) -> Result<Page<Agent, AgentId>, StoreError> {
        Ok(staff::list_agents(&self.pool, after, limit).await?)
    }

    async fn create_field(&self, field: FieldDefinition) -> Result<FieldDefinition, StoreError> {
        Ok(staff::create_field(&self.pool, field).await?)
    }

    async fn get_field(&self, id: FieldId) -> Result<Option<FieldDefinition>, StoreError> {
        Ok(staff::get_field(&self.pool, id).await?)
    }

    async fn update_field(&self, field: FieldDefinition) -> Result<FieldDefinition, StoreError> {
        Ok(staff::update_field(&self.pool, field).await?)
    }

    async fn list_fields(
        &self,
        entity: Option<FieldEntity>,
    ) -> Result<Vec<FieldDefinition>, StoreError> {
        Ok(staff::list_fields(&self.pool, entity).await?)
    }

    async fn create_token(&self, token: ApiToken) -> Result<ApiToken, StoreError> {
        Ok(access::create_token(&self.pool, token).await?)
    }

    async fn find_token(&self, secret_sha256: &[u8; 32]) -> Result<Option<ApiToken>, StoreError> {
        Ok(access::find_token(&self.pool, secret_sha256).await?)
    }

    async fn revoke_token(&self, id: TokenId, at: Timestamp) -> Result<(), StoreError> {
        Ok(access::revoke_token(&self.pool, id, at).await?)
    }

    async fn claim_idempotency_key(
        &self,
        claim: &IdempotencyClaim,
    ) -> Result<IdempotencyState, StoreError> {
        Ok(access::claim_idempotency_key(&self.pool, claim).await?)
    }

    async fn complete_idempotency_key(
        &self,
        scope: &str,
        key: &str,
        response: &StoredResponse,
    ) -> Result<(), StoreError> {
        Ok(access::complete_idempotency_key(&self.pool, scope, key, response).await?)
    }

    async fn release_idempotency_key(&self, scope: &str, key: &str) -> Result<(), StoreError> {
        Ok(access::release_idempotency_key(&self.pool, scope, key).await?)
    }

    async fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(email::setting(&self.pool, key).await?)
    }

    async fn init_setting(&self, key: &str, value: &str) -> Result<String, StoreError> {
        Ok(email::init_setting(&self.pool, key, value).await?)
    }

    async fn set_customer_password(
        &self,
        contact: ContactId,
        password_hash: &str,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        Ok(presence::set_password(&self.pool, contact, password_hash, at).await?)
    }

    async fn customer_password(&self, contact: ContactId) -> Result<Option<String>, StoreError> {
        Ok(presence::password(&self.pool, contact).await?)
    }

    async fn create_sign_in_link(
        &self,
        link: SignInLink,
        mail: OutboxMail,
    ) -> Result<(), StoreError> {
        Ok(presence::create_sign_in_link(&self.pool, &link, &mail).await?)
    }

    async fn use_sign_in_link(
        &self,
        id: OutboxId,
        at: Timestamp,
    ) -> Result<Option<SignInLink>, StoreError> {
        Ok(presence::use_sign_in_link(&self.pool, id, at).await?)
    }

    async fn create_saved_view(&self, view: SavedView) -> Result<(), StoreError> {
        Ok(saved_view::create(&self.pool, &view).await?)
    }

    async fn get_saved_view(&self, id: SavedViewId) -> Result<Option<SavedView>, StoreError> {
        Ok(saved_view::get(&self.pool, id).await?)
    }

    async fn list_saved_views(&self, agent: AgentId) -> Result<Vec<SavedView>, StoreError> {
        Ok(saved_view::list(&self.pool, agent).await?)
    }

    async fn delete_saved_view(&self, id: SavedViewId) -> Result<(), StoreError> {
        Ok(saved_view::delete(&self.pool, id).await?)
    }

    async fn create_canned_response(&self, canned: CannedResponse) -> Result<(), StoreError> {
        Ok(canned::create(&self.pool, &canned).await?)
    }

    async fn update_canned_response(&self, canned: CannedResponse) -> Result<(), StoreError> {
        Ok(canned::update(&self.pool, &canned).await?)
    }

    async fn delete_canned_response(&self, id: CannedResponseId) -> Result<(), StoreError> {
        Ok(canned::delete(&self.pool, id).await?)
    }

    async fn get_canned_response(
        &self,
        id: CannedResponseId,
    ) -> Result<Option<CannedResponse>, StoreError> {
        Ok(canned::get(&self.pool, id).await?)
    }

    async fn list_canned_responses(&self) -> Result<Vec<CannedResponse>, StoreError> {
        Ok(canned::list(&self.pool).await?)
    }

    async fn agent_preference(&self, agent: AgentId) -> Result<AgentPreference, StoreError> {
        Ok(presence::preference(&self.pool, agent).await?)
    }

    async fn set_agent_preference(
        &self,
        agent: AgentId,
        preference: &AgentPreference,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        Ok(presence::set_preference(&self.pool, agent, preference, at).await?)
    }

    async fn touch_presence(&self, presence: Presence) -> Result<(), StoreError> {
        Ok(presence::touch(&self.pool, &presence).await?)
    }

    async fn leave_presence(&self, ticket: TicketId, agent: AgentId) -> Result<(), StoreError> {
        Ok(presence::leave(&self.pool, ticket, agent).await?)
    }

    async fn presence_on(
        &self,
        ticket: TicketId,
        since: Timestamp,
    ) -> Result<Vec<Presence>, StoreError> {
        Ok(presence::on(&self.pool, ticket, since).await?)
    }

    async fn create_mailbox(&self, mailbox: Mailbox) -> Result<Mailbox, StoreError> {
        Ok(email::create_mailbox(&self.pool, mailbox).await?)
    }

    async fn update_mailbox(&self, mailbox: Mailbox) -> Result<Mailbox, StoreError> {
        Ok(email::update_mailbox(&self.pool, mailbox).await?)
    }

    async fn get_mailbox(&self, id: MailboxId) -> Result<Option<Mailbox>, StoreError> {
        Ok(email::get_mailbox(&self.pool, id).await?)
    }

    async fn find_mailbox(&self, name: &str) -> Result<Option<Mailbox>, StoreError> {
        Ok(email::find_mailbox(&self.pool, name).await?)
    }

    async fn list_mailboxes(&self) -> Result<Vec<Mailbox>, StoreError> {
        Ok(email::list_mailboxes(&self.pool).await?)
    }

    async fn record_inbound(&self, record: InboundRecord) -> Result<(), StoreError> {
        Ok(email::record_inbound(&self.pool, &record).await?)
    }

    async fn find_inbound(&self, message_key: &str) -> Result<Option<InboundEmail>, StoreError> {
        Ok(email::find_inbound(&self.pool, message_key).await?)
    }

    async fn find_inbound_at(
        &self,
        mailbox: MailboxId,
        position: ImapPosition,
    ) -> Result<Option<InboundEmail>, StoreError> {
        Ok(email::find_inbound_at(&self.pool, mailbox, position).await?)
    }

    async fn get_inbound(
        &self,
        id: InboundEmailId,
    ) -> Result<Option<ayuda_store::InboundWithRaw>, StoreError> {
        Ok(email::get_inbound(&self.pool, id).await?)
    }

    async fn inbound_of_message(
        &self,
        message: MessageId,
    ) -> Result<Option<InboundEmail>, StoreError> {
        Ok(email::inbound_of_message(&self.pool, message).await?)
    }

    async fn list_inbound(
        &self,
        state: Option<InboundState>,
        after: Option<InboundEmailId>,
        limit: u32,
    ) -> Result<Page<InboundEmail, InboundEmailId>, StoreError> {
        Ok(email::list_inbound(&self.pool, state, after, limit).await?)
    }

    async fn find_message_by_external_id(
        &self,
        external_id: &str,
    ) -> Result<Option<(TicketId, MessageId)>, StoreError> {
        Ok(email::find_message_by_external_id(&self.pool, external_id).await?)
    }

    async fn ticket_mailbox(&self, ticket: TicketId) -> Result<Option<MailboxId>, StoreError> {
        Ok(email::ticket_mailbox(&self.pool, ticket).await?)
    }

    async fn get_attachment(
        &self,
        id: ayuda_core::id::AttachmentId,
    ) -> Result<Option<(TicketId, MessageId, ayuda_core::message::Attachment)>, StoreError> {
        Ok(email::get_attachment(&self.pool, id).await?)
    }

    async fn list_followers(&self, ticket: TicketId) -> Result<Vec<ContactId>, StoreError> {
        Ok(email::list_followers(&self.pool, ticket).await?)
    }

    async fn bounces(&self, addresses: &[EmailAddress]) -> Result<Vec<BouncedAddress>, StoreError> {
        Ok(email::bounces(&self.pool, addresses).await?)
    }

    async fn claim_outbox(
        &self,
        now: Timestamp,
        lease_until: Timestamp,
        limit: u32,
    ) -> Result<Vec<OutboxMail>, StoreError> {
        Ok(email::claim_outbox(&self.pool, now, lease_until, limit).await?)
    }

    async fn finish_outbox(&self, id: OutboxId, outcome: SendOutcome) -> Result<(), StoreError> {
        Ok(email::finish_outbox(&self.pool, id, &outcome).await?)
    }

    async fn list_outbox(&self, ticket: TicketId) -> Result<Vec<OutboxMail>, StoreError> {
        Ok(email::list_outbox(&self.pool, ticket).await?)
    }

    async fn count_automatic_to(
        &self,
        recipient_key: &str,
        since: Timestamp,
        cap: u32,
    ) -> Result<u32, StoreError> {
        Ok(email::count_automatic_to(&self.pool, recipient_key, since, cap).await?)
    }

    async fn count_automatic_for(
        &self,
        ticket: TicketId,
        since: Timestamp,
        cap: u32,
    ) -> Result<u32, StoreError> {
        Ok(email::count_automatic_for(&self.pool, ticket, since, cap).await?)
    }
}
