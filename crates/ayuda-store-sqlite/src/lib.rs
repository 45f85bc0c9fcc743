//! Ayuda's [`Store`] on an embedded SQLite database file, with its migrations.
//!
//! # Design
//!
//! SQLite allows one writer at a time and, with `synchronous=FULL`, pays one fsync per commit. To serve
//! thousands of durable writes a second, all writes go through one thread that owns the only read-write
//! connection and commits them in batches: one transaction and one fsync for whatever writes are waiting,
//! each write in its own savepoint so that one failing write does not affect the others (see `writer`).
//! Reads use a small pool of read-only connections on tokio's blocking threads; WAL mode lets them run
//! beside the writer on the last committed state (see `readers`).
//!
//! Other processes (the `ayuda` CLI while a server runs) may open the same file: SQLite's file locks
//! serialise their writes with ours, and the ticket counter row keeps numbers gapless across processes.
//!
//! Module map: `migrate` (the runner and `migrations/*.sql`), `tickets` and `ticket_reads`,
//! `contacts` (contacts and organizations), `directory` (groups, agents, custom fields), `access` (API tokens
//! and idempotency keys), `rows` (row and value conversions), `backup` (online backup and restore).

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
use rusqlite::Transaction;

mod access;
mod automation;
mod backup;
mod canned;
mod checkpointer;
mod connection;
mod contacts;
mod directory;
mod email;
mod error;
mod insight;
mod knowledge;
mod migrate;
mod news;
mod presence;
mod readers;
mod report;
mod routing;
mod rows;
mod saved_view;
mod search;
mod service_level;
mod store_knowledge;
mod ticket_reads;
mod tickets;
mod writer;

#[cfg(test)]
mod tests;

use checkpointer::Checkpointer;
use error::{Error, WriterStopped};
use readers::Readers;
pub use writer::WriteStats;
use writer::Writer;

/// The SQLite store. Cheap to clone: clones share the writer thread and the reader pool, which stop when
/// the last clone is dropped.
#[derive(Clone)]
pub struct SqliteStore {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    writer: Writer,
    readers: Arc<Readers>,
    /// Stops the checkpoint thread when the last handle goes; `None` for a brief store.
    checkpointer: Option<Checkpointer>,
}

impl fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.inner.path)
            .finish_non_exhaustive()
    }
}

impl SqliteStore {
    /// Opens (creating if missing) the database file; starts the writer thread and reader pool. Does not
    /// migrate: call [`SqliteStore::migrate`] before use.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        SqliteStore::open_with(path, readers::POOL_SIZE, true)
    }

    /// Opens the database for a one-shot command that makes a few reads and a write and exits (`ayuda
    /// mail-in`, run by an MTA once per message): one read connection and no checkpoint thread, which
    /// roughly halve the cost of opening. The WAL is checkpointed by a running server's store, or by SQLite
    /// itself at its limit.
    pub fn open_brief(path: &Path) -> Result<SqliteStore, StoreError> {
        SqliteStore::open_with(path, 1, false)
    }

    fn open_with(
        path: &Path,
        readers: usize,
        checkpoints: bool,
    ) -> Result<SqliteStore, StoreError> {
        // The writer connection comes first: it creates the file and switches it to WAL, which the
        // read-only connections need.
        let write_connection = connection::open_writer(path)?;
        let readers = Readers::open(path, readers)?;
        let writer = Writer::start(write_connection)?;
        let checkpointer = checkpoints.then(|| Checkpointer::start(path)).transpose()?;
        Ok(SqliteStore {
            inner: Arc::new(Inner {
                path: path.to_owned(),
                writer,
                readers,
                checkpointer,
            }),
        })
    }

    /// Closes the database if this is the store's last handle (otherwise only drops this one): the read
    /// connections first, then the writer once its queue is done. The last connection to close checkpoints
    /// the WAL and removes it, so the next process that opens the database has no WAL to recover; one-shot
    /// commands call this before they exit, as a process that just exits leaves the WAL for the next one
    /// to read through.
    pub fn close(self) {
        if let Ok(inner) = Arc::try_unwrap(self.inner) {
            let Inner {
                writer,
                readers,
                checkpointer,
                ..
            } = inner;
            drop(readers);
            drop(checkpointer);
            writer.close();
        }
    }

    /// Frames in the WAL and frames copied into the database file by the background checkpointer's last run,
    /// for monitoring: a copied count that keeps trailing the frames means checkpoints cannot keep up.
    pub fn checkpoint_progress(&self) -> (i64, i64) {
        self.inner
            .checkpointer
            .as_ref()
            .map_or((0, 0), Checkpointer::progress)
    }

    /// Applies pending migrations. Safe to call from several processes at once, and again when up to date.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        let path = self.inner.path.clone();
        tokio::task::spawn_blocking(move || migrate::migrate(&path))
            .await
            .map_err(StoreError::backend)?
    }

    /// Online backup to a new file at `dest` while the store is in use (SQLite backup API). A file already
    /// at `dest` is replaced only once the backup is complete.
    pub async fn backup(&self, dest: &Path) -> Result<(), StoreError> {
        let dest = dest.to_owned();
        self.inner
            .readers
            .with_connection(move |connection| {
                backup::backup(connection, &dest).map_err(StoreError::from)
            })
            .await
    }

    /// Replaces the live database's content with the backup at `src` (backup API in reverse), online, then
    /// applies any migrations the backup predates. Refuses a file that is not a sound Ayuda database.
    pub async fn restore(&self, src: &Path) -> Result<(), StoreError> {
        let src = src.to_owned();
        self.inner
            .writer
            .exclusive(move |connection| {
                backup::restore(connection, &src).map_err(StoreError::from)
            })
            .await
    }

    /// How well writes have been batched since [`SqliteStore::open`], for benchmarks and metrics.
    pub fn write_stats(&self) -> WriteStats {
        self.inner.writer.stats()
    }

    /// Runs `work` in the next write batch and returns once it is committed.
    async fn write<T, F>(&self, work: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction<'_>) -> Result<T, Error> + Send + 'static,
    {
        self.inner
            .writer
            .write(move |tx| work(tx).map_err(StoreError::from))
            .await
    }

    /// Runs `work` in a read transaction on a pooled read-only connection.
    async fn read<T, F>(&self, work: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction<'_>) -> Result<T, Error> + Send + 'static,
    {
        self.inner
            .readers
            .read(move |tx| work(tx).map_err(StoreError::from))
            .await
    }
}

#[async_trait]
impl Store for SqliteStore {
    async fn ping(&self) -> Result<(), StoreError> {
        if !self.inner.writer.is_running() {
            return Err(StoreError::backend(WriterStopped));
        }
        self.read(|tx| {
            Ok(tx.query_row("SELECT 1 FROM ticket_counter WHERE id = 1", [], |_| Ok(()))?)
        })
        .await
    }

    async fn create_ticket(&self, new: NewTicket) -> Result<CreatedTicket, StoreError> {
        self.write(move |tx| tickets::create_ticket(tx, new)).await
    }

    async fn create_tickets(&self, new: Vec<NewTicket>) -> Result<Vec<CreatedTicket>, StoreError> {
        self.write(move |tx| {
            new.into_iter()
                .map(|new| tickets::create_ticket(tx, new))
                .collect()
        })
        .await
    }

    async fn get_ticket(&self, id: TicketId) -> Result<Option<Ticket>, StoreError> {
        self.read(move |tx| ticket_reads::get_ticket(tx, id)).await
    }

    async fn get_tickets(&self, ids: &[TicketId]) -> Result<Vec<Ticket>, StoreError> {
        let ids = ids.to_vec();
        self.read(move |tx| {
            let mut found = Vec::with_capacity(ids.len());
            for id in &ids {
                found.extend(ticket_reads::get_ticket(tx, *id)?);
            }
            Ok(found)
        })
        .await
    }

    async fn get_ticket_by_number(
        &self,
        number: TicketNumber,
    ) -> Result<Option<Ticket>, StoreError> {
        self.read(move |tx| ticket_reads::get_ticket_by_number(tx, number))
            .await
    }

    async fn write_ticket(&self, write: TicketWrite) -> Result<Ticket, StoreError> {
        self.write(move |tx| tickets::write_ticket(tx, write)).await
    }

    async fn list_tickets(
        &self,
        query: &TicketQuery,
    ) -> Result<Page<Ticket, TicketCursor>, StoreError> {
        let query = query.clone();
        self.read(move |tx| ticket_reads::list_tickets(tx, &query))
            .await
    }

    async fn list_messages(
        &self,
        ticket: TicketId,
        include_internal: bool,
        after: Option<MessageId>,
        limit: u32,
    ) -> Result<Page<Message, MessageId>, StoreError> {
        self.read(move |tx| ticket_reads::list_messages(tx, ticket, include_internal, after, limit))
            .await
    }

    async fn get_messages(&self, ids: &[MessageId]) -> Result<Vec<Message>, StoreError> {
        let ids = ids.to_vec();
        self.read(move |tx| {
            let mut found = Vec::with_capacity(ids.len());
            for id in &ids {
                found.extend(ticket_reads::get_message(tx, *id)?);
            }
            Ok(found)
        })
        .await
    }

    async fn list_events(
        &self,
        ticket: TicketId,
        include_internal: bool,
        after: Option<EventId>,
        limit: u32,
    ) -> Result<Page<TicketEvent, EventId>, StoreError> {
        self.read(move |tx| ticket_reads::list_events(tx, ticket, include_internal, after, limit))
            .await
    }

    async fn create_contact(&self, contact: Contact) -> Result<Contact, StoreError> {
        self.write(move |tx| contacts::create_contact(tx, contact))
            .await
    }

    async fn get_contact(&self, id: ContactId) -> Result<Option<Contact>, StoreError> {
        self.read(move |tx| contacts::get_contact(tx, id)).await
    }

    async fn find_contact(&self, identity: &Identity) -> Result<Option<Contact>, StoreError> {
        let identity = identity.clone();
        self.read(move |tx| contacts::find_contact(tx, &identity))
            .await
    }

    async fn update_contact(&self, contact: Contact) -> Result<Contact, StoreError> {
        self.write(move |tx| contacts::update_contact(tx, contact))
            .await
    }

    async fn list_contacts(
        &self,
        query: &ContactQuery,
    ) -> Result<Page<Contact, ContactId>, StoreError> {
        let query = query.clone();
        self.read(move |tx| contacts::list_contacts(tx, &query))
            .await
    }

    async fn create_organization(
        &self,
        organization: Organization,
    ) -> Result<Organization, StoreError> {
        self.write(move |tx| contacts::create_organization(tx, organization))
            .await
    }

    async fn get_organization(
        &self,
        id: OrganizationId,
    ) -> Result<Option<Organization>, StoreError> {
        self.read(move |tx| contacts::get_organization(tx, id))
            .await
    }

    async fn update_organization(
        &self,
        organization: Organization,
    ) -> Result<Organization, StoreError> {
        self.write(move |tx| contacts::update_organization(tx, organization))
            .await
    }

    async fn list_organizations(
        &self,
        after: Option<OrganizationId>,
        limit: u32,
    ) -> Result<Page<Organization, OrganizationId>, StoreError> {
        self.read(move |tx| contacts::list_organizations(tx, after, limit))
            .await
    }

    async fn create_group(&self, group: Group) -> Result<Group, StoreError> {
        self.write(move |tx| directory::create_group(tx, group))
            .await
    }

    async fn get_group(&self, id: GroupId) -> Result<Option<Group>, StoreError> {
        self.read(move |tx| directory::get_group(tx, id)).await
    }

    async fn update_group(&self, group: Group) -> Result<Group, StoreError> {
        self.write(move |tx| directory::update_group(tx, group))
            .await
    }

    async fn list_groups(
        &self,
        after: Option<GroupId>,
        limit: u32,
    ) -> Result<Page<Group, GroupId>, StoreError> {
        self.read(move |tx| directory::list_groups(tx, after, limit))
            .await
    }

    async fn create_agent(
        &self,
        agent: Agent,
        password_hash: Option<String>,
    ) -> Result<Agent, StoreError> {
        self.write(move |tx| directory::create_agent(tx, agent, password_hash))
            .await
    }

    async fn get_agent(&self, id: AgentId) -> Result<Option<Agent>, StoreError> {
        self.read(move |tx| directory::get_agent(tx, id)).await
    }

    async fn find_agent_by_email(
        &self,
        email: &str,
    ) -> Result<Option<(Agent, Option<String>)>, StoreError> {
        let email = email.to_owned();
        self.read(move |tx| directory::find_agent_by_email(tx, &email))
            .await
    }

    async fn update_agent(&self, agent: Agent) -> Result<Agent, StoreError> {
        self.write(move |tx| directory::update_agent(tx, agent))
            .await
    }

    async fn set_agent_password(
        &self,
        id: AgentId,
        password_hash: String,
    ) -> Result<(), StoreError> {
        self.write(move |tx| directory::set_agent_password(tx, id, password_hash))
            .await
    }

    async fn list_agents(
        &self,
        after: Option<AgentId>,
        limit: u32,
    ) -> Result<Page<Agent, AgentId>, StoreError> {
        self.read(move |tx| directory::list_agents(tx, after, limit))
            .await
    }

    async fn create_field(&self, field: FieldDefinition) -> Result<FieldDefinition, StoreError> {
        self.write(move |tx| directory::create_field(tx, field))
            .await
    }

    async fn get_field(&self, id: FieldId) -> Result<Option<FieldDefinition>, StoreError> {
        self.read(move |tx| directory::get_field(tx, id)).await
    }

    async fn update_field(&self, field: FieldDefinition) -> Result<FieldDefinition, StoreError> {
        self.write(move |tx| directory::update_field(tx, field))
            .await
    }

    async fn list_fields(
        &self,
        entity: Option<FieldEntity>,
    ) -> Result<Vec<FieldDefinition>, StoreError> {
        self.read(move |tx| directory::list_fields(tx, entity))
            .await
    }

    async fn create_token(&self, token: ApiToken) -> Result<ApiToken, StoreError> {
        self.write(move |tx| access::create_token(tx, token)).await
    }

    async fn find_token(&self, secret_sha256: &[u8; 32]) -> Result<Option<ApiToken>, StoreError> {
        let secret_sha256 = *secret_sha256;
        self.read(move |tx| access::find_token(tx, &secret_sha256))
            .await
    }

    async fn revoke_token(&self, id: TokenId, at: Timestamp) -> Result<(), StoreError> {
        self.write(move |tx| access::revoke_token(tx, id, at)).await
    }

    async fn claim_idempotency_key(
        &self,
        claim: &IdempotencyClaim,
    ) -> Result<IdempotencyState, StoreError> {
        let claim = claim.clone();
        self.write(move |tx| access::claim_idempotency_key(tx, &claim))
            .await
    }

    async fn complete_idempotency_key(
        &self,
        scope: &str,
        key: &str,
        response: &StoredResponse,
    ) -> Result<(), StoreError> {
        let (scope, key, response) = (scope.to_owned(), key.to_owned(), response.clone());
        self.write(move |tx| access::complete_idempotency_key(tx, &scope, &key, &response))
            .await
    }

    async fn release_idempotency_key(&self, scope: &str, key: &str) -> Result<(), StoreError> {
        let (scope, key) = (scope.to_owned(), key.to_owned());
        self.write(move |tx| access::release_idempotency_key(tx, &scope, &key))
            .await
    }

    async fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        let key = key.to_owned();
        self.read(move |tx| email::setting(tx, &key)).await
    }

    async fn init_setting(&self, key: &str, value: &str) -> Result<String, StoreError> {
        let (key, value) = (key.to_owned(), value.to_owned());
        self.write(move |tx| email::init_setting(tx, &key, &value))
            .await
    }

    async fn set_customer_password(
        &self,
        contact: ContactId,
        password_hash: &str,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        let hash = password_hash.to_owned();
        self.write(move |tx| presence::set_password(tx, contact, &hash, at))
            .await
    }

    async fn customer_password(&self, contact: ContactId) -> Result<Option<String>, StoreError> {
        self.read(move |tx| presence::password(tx, contact)).await
    }

    async fn create_sign_in_link(
        &self,
        link: SignInLink,
        mail: OutboxMail,
    ) -> Result<(), StoreError> {
        self.write(move |tx| presence::create_sign_in_link(tx, &link, &mail))
            .await
    }

    async fn use_sign_in_link(
        &self,
        id: OutboxId,
        at: Timestamp,
    ) -> Result<Option<SignInLink>, StoreError> {
        self.write(move |tx| presence::use_sign_in_link(tx, id, at))
            .await
    }

    async fn create_saved_view(&self, view: SavedView) -> Result<(), StoreError> {
        self.write(move |tx| saved_view::create(tx, &view)).await
    }

    async fn get_saved_view(&self, id: SavedViewId) -> Result<Option<SavedView>, StoreError> {
        self.read(move |tx| saved_view::get(tx, id)).await
    }

    async fn list_saved_views(&self, agent: AgentId) -> Result<Vec<SavedView>, StoreError> {
        self.read(move |tx| saved_view::list(tx, agent)).await
    }

    async fn delete_saved_view(&self, id: SavedViewId) -> Result<(), StoreError> {
        self.write(move |tx| saved_view::delete(tx, id)).await
    }

    async fn create_canned_response(&self, canned: CannedResponse) -> Result<(), StoreError> {
        self.write(move |tx| canned::create(tx, &canned)).await
    }

    async fn update_canned_response(&self, canned: CannedResponse) -> Result<(), StoreError> {
        self.write(move |tx| canned::update(tx, &canned)).await
    }

    async fn delete_canned_response(&self, id: CannedResponseId) -> Result<(), StoreError> {
        self.write(move |tx| canned::delete(tx, id)).await
    }

    async fn get_canned_response(
        &self,
        id: CannedResponseId,
    ) -> Result<Option<CannedResponse>, StoreError> {
        self.read(move |tx| canned::get(tx, id)).await
    }

    async fn list_canned_responses(&self) -> Result<Vec<CannedResponse>, StoreError> {
        self.read(|tx| canned::list(tx)).await
    }

    async fn agent_preference(&self, agent: AgentId) -> Result<AgentPreference, StoreError> {
        self.read(move |tx| presence::preference(tx, agent)).await
    }

    async fn set_agent_preference(
        &self,
        agent: AgentId,
        preference: &AgentPreference,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        let preference = preference.clone();
        self.write(move |tx| presence::set_preference(tx, agent, &preference, at))
            .await
    }

    async fn touch_presence(&self, presence: Presence) -> Result<(), StoreError> {
        self.write(move |tx| presence::touch(tx, &presence)).await
    }

    async fn leave_presence(&self, ticket: TicketId, agent: AgentId) -> Result<(), StoreError> {
        self.write(move |tx| presence::leave(tx, ticket, agent))
            .await
    }

    async fn presence_on(
        &self,
        ticket: TicketId,
        since: Timestamp,
    ) -> Result<Vec<Presence>, StoreError> {
        self.read(move |tx| presence::on(tx, ticket, since)).await
    }

    async fn create_mailbox(&self, mailbox: Mailbox) -> Result<Mailbox, StoreError> {
        self.write(move |tx| email::create_mailbox(tx, mailbox))
            .await
    }

    async fn update_mailbox(&self, mailbox: Mailbox) -> Result<Mailbox, StoreError> {
        self.write(move |tx| email::update_mailbox(tx, mailbox))
            .await
    }

    async fn get_mailbox(&self, id: MailboxId) -> Result<Option<Mailbox>, StoreError> {
        self.read(move |tx| email::get_mailbox(tx, id)).await
    }

    async fn find_mailbox(&self, name: &str) -> Result<Option<Mailbox>, StoreError> {
        let name = name.to_owned();
        self.read(move |tx| email::find_mailbox(tx, &name)).await
    }

    async fn list_mailboxes(&self) -> Result<Vec<Mailbox>, StoreError> {
        self.read(|tx| email::list_mailboxes(tx)).await
    }

    async fn record_inbound(&self, record: InboundRecord) -> Result<(), StoreError> {
        self.write(move |tx| email::record_inbound(tx, &record))
            .await
    }

    async fn find_inbound(&self, message_key: &str) -> Result<Option<InboundEmail>, StoreError> {
        let message_key = message_key.to_owned();
        self.read(move |tx| email::find_inbound(tx, &message_key))
            .await
    }

    async fn find_inbound_at(
        &self,
        mailbox: MailboxId,
        position: ImapPosition,
    ) -> Result<Option<InboundEmail>, StoreError> {
        self.read(move |tx| email::find_inbound_at(tx, mailbox, position))
            .await
    }

    async fn get_inbound(
        &self,
        id: InboundEmailId,
    ) -> Result<Option<ayuda_store::InboundWithRaw>, StoreError> {
        self.read(move |tx| email::get_inbound(tx, id)).await
    }

    async fn inbound_of_message(
        &self,
        message: MessageId,
    ) -> Result<Option<InboundEmail>, StoreError> {
        self.read(move |tx| email::inbound_of_message(tx, message))
            .await
    }

    async fn list_inbound(
        &self,
        state: Option<InboundState>,
        after: Option<InboundEmailId>,
        limit: u32,
    ) -> Result<Page<InboundEmail, InboundEmailId>, StoreError> {
        self.read(move |tx| email::list_inbound(tx, state, after, limit))
            .await
    }

    async fn find_message_by_external_id(
        &self,
        external_id: &str,
    ) -> Result<Option<(TicketId, MessageId)>, StoreError> {
        let external_id = external_id.to_owned();
        self.read(move |tx| email::find_message_by_external_id(tx, &external_id))
            .await
    }

    async fn ticket_mailbox(&self, ticket: TicketId) -> Result<Option<MailboxId>, StoreError> {
        self.read(move |tx| email::ticket_mailbox(tx, ticket)).await
    }

    async fn get_attachment(
        &self,
        id: ayuda_core::id::AttachmentId,
    ) -> Result<Option<(TicketId, MessageId, ayuda_core::message::Attachment)>, StoreError> {
        self.read(move |tx| email::get_attachment(tx, id)).await
    }

    async fn list_followers(&self, ticket: TicketId) -> Result<Vec<ContactId>, StoreError> {
        self.read(move |tx| email::list_followers(tx, ticket)).await
    }

    async fn bounces(&self, addresses: &[EmailAddress]) -> Result<Vec<BouncedAddress>, StoreError> {
        let addresses = addresses.to_vec();
        self.read(move |tx| email::bounces(tx, &addresses)).await
    }

    async fn claim_outbox(
        &self,
        now: Timestamp,
        lease_until: Timestamp,
        limit: u32,
    ) -> Result<Vec<OutboxMail>, StoreError> {
        self.write(move |tx| email::claim_outbox(tx, now, lease_until, limit))
            .await
    }

    async fn finish_outbox(&self, id: OutboxId, outcome: SendOutcome) -> Result<(), StoreError> {
        self.write(move |tx| email::finish_outbox(tx, id, &outcome))
            .await
    }

    async fn list_outbox(&self, ticket: TicketId) -> Result<Vec<OutboxMail>, StoreError> {
        self.read(move |tx| email::list_outbox(tx, ticket)).await
    }

    async fn count_automatic_to(
        &self,
        recipient_key: &str,
        since: Timestamp,
        cap: u32,
    ) -> Result<u32, StoreError> {
        let recipient_key = recipient_key.to_owned();
        self.read(move |tx| email::count_automatic_to(tx, &recipient_key, since, cap))
            .await
    }

    async fn count_automatic_for(
        &self,
        ticket: TicketId,
        since: Timestamp,
        cap: u32,
    ) -> Result<u32, StoreError> {
        self.read(move |tx| email::count_automatic_for(tx, ticket, since, cap))
            .await
    }
}
