//! The knowledge base's part of the storage seam: categories, articles and their versions, training progress,
//! announcements and read receipts, and the records of what the knowledge base lacks.

use async_trait::async_trait;
use ayuda_core::Timestamp;
use ayuda_core::id::{AgentId, AnnouncementId, ArticleId, CategoryId, TicketId};
use ayuda_core::knowledge::{
    Announcement, Article, ArticleStatus, ArticleVersion, Category, ReadReceipt, Translation,
    Visibility,
};
use ayuda_core::message::Attachment;
use ayuda_core::text::Language;

use crate::{Page, StoreError};

/// The most categories a knowledge base has: a tree a person can take in.
pub const MAX_CATEGORIES: u32 = 1_000;
/// The most versions of one translation a list returns, newest first.
pub const MAX_VERSIONS: u32 = 500;

/// A change to one translation of an article: see [`KnowledgeStore::save_translation`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranslationWrite {
    pub article: ArticleId,
    /// The translation as it is to be; its `version` is the one before this save plus one (1 for a new
    /// language), so two editors saving at once cannot overwrite each other.
    pub translation: Translation,
}

/// An article's category and visibility: see [`KnowledgeStore::update_article`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleSettings {
    pub category: Option<CategoryId>,
    pub visibility: Visibility,
    pub updated_at: Timestamp,
}

/// Which articles a list holds. Articles come newest-updated first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleQuery {
    pub category: Option<CategoryId>,
    /// Only these visibilities; all when empty.
    pub visibilities: Vec<Visibility>,
    /// Only articles with a translation in this status (in any language).
    pub status: Option<ArticleStatus>,
    pub after: Option<ArticleCursor>,
    pub limit: u32,
}

/// Where a page of articles ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArticleCursor {
    pub updated_at: Timestamp,
    pub id: ArticleId,
}

/// Something that happened to an article, counted on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleCounter {
    View,
    Helpful,
    Unhelpful,
    /// A customer did not send a request because the article answered it.
    Deflection,
}

/// A search that found nothing, as many times as it was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchMiss {
    /// The words searched, folded and in order (filters left out).
    pub text: String,
    pub language: Language,
    pub count: i64,
    pub last_at: Timestamp,
    /// Whether customers (in the portal) searched it, rather than agents.
    pub by_customers: bool,
}

/// A solved ticket no article was used for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnhelpedTicket {
    pub ticket: TicketId,
    pub solved_at: Timestamp,
}

/// Storage for the knowledge base. Part of [`crate::Store`].
#[async_trait]
pub trait KnowledgeStore {
    async fn create_category(&self, category: Category) -> Result<(), StoreError>;
    /// Replaces the category's parent, position and names (the caller keeps the tree free of loops).
    async fn update_category(&self, category: Category) -> Result<(), StoreError>;
    /// Every category, by position then creation.
    async fn list_categories(&self) -> Result<Vec<Category>, StoreError>;

    /// Stores a new article with its translations, each as its version 1, and indexes the published ones.
    async fn create_article(&self, article: Article) -> Result<(), StoreError>;
    /// Saves one translation as a new version, keeping the old one in the history, and updates the search
    /// index: published translations are found, drafts and archived ones are not. [`StoreError::Conflict`]
    /// when the translation changed since it was read; [`StoreError::NotFound`] for no such article.
    async fn save_translation(&self, write: TranslationWrite) -> Result<(), StoreError>;
    async fn update_article(
        &self,
        article: ArticleId,
        settings: ArticleSettings,
    ) -> Result<(), StoreError>;
    async fn get_article(&self, id: ArticleId) -> Result<Option<Article>, StoreError>;
    async fn list_articles(
        &self,
        query: &ArticleQuery,
    ) -> Result<Page<Article, ArticleCursor>, StoreError>;
    /// The saved versions of one translation, newest first.
    async fn list_article_versions(
        &self,
        article: ArticleId,
        language: &Language,
    ) -> Result<Vec<ArticleVersion>, StoreError>;
    async fn add_article_attachment(
        &self,
        article: ArticleId,
        attachment: Attachment,
    ) -> Result<(), StoreError>;
    async fn count_article(
        &self,
        article: ArticleId,
        counter: ArticleCounter,
    ) -> Result<(), StoreError>;
    /// Records that an article helped answer a ticket (inserted into a reply), once per pair.
    async fn record_article_use(
        &self,
        ticket: TicketId,
        article: ArticleId,
        at: Timestamp,
    ) -> Result<(), StoreError>;
    async fn articles_used(&self, ticket: TicketId) -> Result<Vec<ArticleId>, StoreError>;

    /// Marks a training article worked through by an agent (again: keeps the first time).
    async fn complete_training(
        &self,
        agent: AgentId,
        article: ArticleId,
        at: Timestamp,
    ) -> Result<(), StoreError>;
    /// The training articles an agent has worked through, and when.
    async fn training_progress(
        &self,
        agent: AgentId,
    ) -> Result<Vec<(ArticleId, Timestamp)>, StoreError>;

    async fn create_announcement(&self, announcement: Announcement) -> Result<(), StoreError>;
    async fn get_announcement(
        &self,
        id: AnnouncementId,
    ) -> Result<Option<Announcement>, StoreError>;
    /// Announcements newest first, `limit` at most, before `before` when given.
    async fn list_announcements(
        &self,
        before: Option<AnnouncementId>,
        limit: u32,
    ) -> Result<Vec<Announcement>, StoreError>;
    /// Records the agent's read receipt; reading again keeps the first time.
    async fn acknowledge_announcement(&self, receipt: ReadReceipt) -> Result<(), StoreError>;
    async fn read_receipts(
        &self,
        announcement: AnnouncementId,
    ) -> Result<Vec<ReadReceipt>, StoreError>;
    /// The announcements of the last `limit` that `agent` has not acknowledged, newest first.
    async fn unread_announcements(
        &self,
        agent: AgentId,
        limit: u32,
    ) -> Result<Vec<Announcement>, StoreError>;

    /// Counts a search that found nothing.
    async fn record_search_miss(&self, miss: SearchMiss) -> Result<(), StoreError>;
    /// The searches that found nothing since `since`, most frequent first.
    async fn list_search_misses(
        &self,
        since: Timestamp,
        limit: u32,
    ) -> Result<Vec<SearchMiss>, StoreError>;
    /// Tickets solved since `since` that no article was used for, most recently solved first.
    async fn list_unhelped_tickets(
        &self,
        since: Timestamp,
        limit: u32,
    ) -> Result<Vec<UnhelpedTicket>, StoreError>;
}
