//! Ayuda's use cases: open a ticket, reply, change it, list it; manage contacts, organizations, groups, agents
//! and custom fields; sign in and issue tokens; seed the demo help desk.
//!
//! Every use case takes the [`Principal`] it runs for and decides access here, with the pure rules of
//! `ayuda_core::permission`, before touching the store. Handlers in `ayuda-web` and commands in `ayuda-cli`
//! only translate; they never decide who may do what. Inputs arrive as raw values (`String`s from a form, a
//! JSON body or a flag) and are parsed here, so every way in gets the same validation and the same messages.

use std::sync::Arc;

use ayuda_core::clock::Clock;
use ayuda_core::permission::Principal;
use ayuda_store::Store;
use tokio::sync::Semaphore;

pub mod announcements;
pub mod auth;
pub mod automation;
pub mod blobs;
mod body;
pub mod cache;
pub mod canned;
pub mod demo;
mod demo_knowledge;
mod demo_rules;
mod demo_service_level;
pub mod directory;
pub mod email;
mod error;
pub mod escalation;
pub mod knowledge;
pub mod live;
pub mod macros;
pub mod mailboxes;
pub mod notification_mail;
pub mod notifications;
pub mod preferences;
pub mod reports;
pub mod routing;
pub mod saved_views;
pub mod search;
pub mod service_level;
pub mod sign_in_link;
mod signed_token;
pub mod sla_setup;
pub mod suggestions;
pub mod surveys;
pub mod ticket_list;
pub mod tickets;
pub mod timed_rules;
pub mod totp;
pub mod webhooks;

pub use error::AppError;

/// The application: the store, the clock and the limits shared by every use case.
#[derive(Debug, Clone)]
pub struct App {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    /// Argon2id takes ~20 MiB and tens of milliseconds per hash; on a small machine a burst of sign-ins must
    /// queue rather than starve every other request of CPU and memory.
    password_hashing: Arc<Semaphore>,
    sessions: Arc<cache::TtlCache<[u8; 32], Session>>,
    fields: Arc<
        cache::TtlCache<
            Option<ayuda_core::field::FieldEntity>,
            Vec<ayuda_core::field::FieldDefinition>,
        >,
    >,
    email: Arc<email::EmailConfig>,
    blobs: blobs::BlobStore,
    thread_key: Arc<tokio::sync::OnceCell<ayuda_mail::ThreadKey>>,
    sign_in_key: Arc<tokio::sync::OnceCell<[u8; 32]>>,
    survey_key: Arc<tokio::sync::OnceCell<[u8; 32]>>,
    changes: tokio::sync::broadcast::Sender<ayuda_core::id::TicketId>,
    sla: Arc<cache::TtlCache<(), Arc<service_level::SlaSetup>>>,
    triggers: Arc<cache::TtlCache<(), Arc<Vec<ayuda_core::automation::Trigger>>>>,
}

impl App {
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> App {
        App {
            store,
            clock,
            password_hashing: Arc::new(Semaphore::new(2)),
            sessions: Arc::new(cache::TtlCache::new()),
            fields: Arc::new(cache::TtlCache::new()),
            email: Arc::new(email::EmailConfig::default()),
            // Callers that keep attachments (the server, the mail commands) choose a directory with
            // `with_blobs`; this default serves tests and tools.
            blobs: blobs::BlobStore::new(std::env::temp_dir().join("ayuda-blobs")),
            thread_key: Arc::new(tokio::sync::OnceCell::new()),
            sign_in_key: Arc::new(tokio::sync::OnceCell::new()),
            survey_key: Arc::new(tokio::sync::OnceCell::new()),
            changes: tokio::sync::broadcast::channel(live::SIGNAL_BACKLOG).0,
            sla: Arc::new(cache::TtlCache::new()),
            triggers: Arc::new(cache::TtlCache::new()),
        }
    }

    /// Keeps attachments and large raw emails in `blobs`.
    pub fn with_blobs(mut self, blobs: blobs::BlobStore) -> App {
        self.blobs = blobs;
        self
    }

    /// Puts `url` (where people reach the web interfaces) in the links of mail.
    pub fn with_public_url(mut self, url: String) -> App {
        let mut email = (*self.email).clone();
        email.public_url = Some(url.trim_end_matches('/').to_owned());
        self.email = Arc::new(email);
        self
    }

    /// Runs the email channel with `config`.
    pub fn with_email(mut self, config: email::EmailConfig) -> App {
        self.email = Arc::new(config);
        self
    }

    pub fn blobs(&self) -> &blobs::BlobStore {
        &self.blobs
    }

    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// The custom field definitions, of one entity or all, from the short-lived cache.
    pub(crate) async fn field_definitions(
        &self,
        entity: Option<ayuda_core::field::FieldEntity>,
    ) -> Result<Vec<ayuda_core::field::FieldDefinition>, ayuda_store::StoreError> {
        if let Some(definitions) = self.fields.get(&entity) {
            return Ok(definitions);
        }
        let definitions = self.store.list_fields(entity).await?;
        self.fields.insert(entity, definitions.clone());
        Ok(definitions)
    }

    /// Forgets cached sessions, after a change to who someone is or what they may see.
    pub(crate) fn forget_sessions(&self) {
        self.sessions.clear();
    }
}

/// The signed-in party and the token it used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub principal: Principal,
    pub token_id: ayuda_core::id::TokenId,
}

/// Parses an id given as text, reporting a bad one under `field`.
pub(crate) fn parse_id<T: std::str::FromStr>(
    field: &str,
    raw: &str,
) -> Result<T, ayuda_core::FieldError> {
    raw.trim().parse().map_err(|_| {
        ayuda_core::FieldError::new(
            field,
            "must be an id such as 01890a5d-ac96-774b-bcce-b302099a8057",
        )
    })
}

/// Clamps a requested page size into 1..=MAX_PAGE, defaulting to 50.
pub(crate) fn page_limit(requested: Option<u32>) -> Result<u32, ayuda_core::Invalid> {
    match requested {
        None => Ok(50),
        Some(n) if (1..=ayuda_store::MAX_PAGE).contains(&n) => Ok(n),
        Some(_) => Err(ayuda_core::Invalid::one(
            "limit",
            format!("must be between 1 and {}", ayuda_store::MAX_PAGE),
        )),
    }
}
