//! [`KnowledgeStore`] and [`SearchStore`] for [`SqliteStore`]: each call one read or one write job.

use async_trait::async_trait;
use ayuda_core::Timestamp;
use ayuda_core::id::{AgentId, AnnouncementId, ArticleId, TicketId};
use ayuda_core::knowledge::{Announcement, Article, ArticleVersion, Category, ReadReceipt};
use ayuda_core::message::Attachment;
use ayuda_core::text::Language;
use ayuda_store::knowledge::{
    ArticleCounter, ArticleCursor, ArticleQuery, ArticleSettings, SearchMiss, TranslationWrite,
    UnhelpedTicket,
};
use ayuda_store::search::{EntryKind, ReindexStep, SearchHit, SearchRequest};
use ayuda_store::{KnowledgeStore, Page, SearchStore, StoreError};
use uuid::Uuid;

use crate::{SqliteStore, knowledge, news, search};

#[async_trait]
impl KnowledgeStore for SqliteStore {
    async fn create_category(&self, category: Category) -> Result<(), StoreError> {
        self.write(move |tx| knowledge::create_category(tx, &category))
            .await
    }

    async fn update_category(&self, category: Category) -> Result<(), StoreError> {
        self.write(move |tx| knowledge::update_category(tx, &category))
            .await
    }

    async fn list_categories(&self) -> Result<Vec<Category>, StoreError> {
        self.read(|tx| knowledge::list_categories(tx)).await
    }

    async fn create_article(&self, article: Article) -> Result<(), StoreError> {
        self.write(move |tx| knowledge::create_article(tx, &article))
            .await
    }

    async fn save_translation(&self, write: TranslationWrite) -> Result<(), StoreError> {
        self.write(move |tx| knowledge::save_translation(tx, &write))
            .await
    }

    async fn update_article(
        &self,
        article: ArticleId,
        settings: ArticleSettings,
    ) -> Result<(), StoreError> {
        self.write(move |tx| knowledge::update_article(tx, article, &settings))
            .await
    }

    async fn get_article(&self, id: ArticleId) -> Result<Option<Article>, StoreError> {
        self.read(move |tx| knowledge::get_article(tx, id)).await
    }

    async fn list_articles(
        &self,
        query: &ArticleQuery,
    ) -> Result<Page<Article, ArticleCursor>, StoreError> {
        let query = query.clone();
        self.read(move |tx| knowledge::list_articles(tx, &query))
            .await
    }

    async fn list_article_versions(
        &self,
        article: ArticleId,
        language: &Language,
    ) -> Result<Vec<ArticleVersion>, StoreError> {
        let language = language.clone();
        self.read(move |tx| knowledge::list_versions(tx, article, &language))
            .await
    }

    async fn add_article_attachment(
        &self,
        article: ArticleId,
        attachment: Attachment,
    ) -> Result<(), StoreError> {
        self.write(move |tx| knowledge::add_attachment(tx, article, &attachment, Timestamp::now()))
            .await
    }

    async fn count_article(
        &self,
        article: ArticleId,
        counter: ArticleCounter,
    ) -> Result<(), StoreError> {
        self.write(move |tx| knowledge::count(tx, article, counter))
            .await
    }

    async fn record_article_use(
        &self,
        ticket: TicketId,
        article: ArticleId,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        self.write(move |tx| knowledge::record_use(tx, ticket, article, at))
            .await
    }

    async fn articles_used(&self, ticket: TicketId) -> Result<Vec<ArticleId>, StoreError> {
        self.read(move |tx| knowledge::articles_used(tx, ticket))
            .await
    }

    async fn complete_training(
        &self,
        agent: AgentId,
        article: ArticleId,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        self.write(move |tx| news::complete_training(tx, agent, article, at))
            .await
    }

    async fn training_progress(
        &self,
        agent: AgentId,
    ) -> Result<Vec<(ArticleId, Timestamp)>, StoreError> {
        self.read(move |tx| news::training_progress(tx, agent))
            .await
    }

    async fn create_announcement(&self, announcement: Announcement) -> Result<(), StoreError> {
        self.write(move |tx| news::create_announcement(tx, &announcement))
            .await
    }

    async fn get_announcement(
        &self,
        id: AnnouncementId,
    ) -> Result<Option<Announcement>, StoreError> {
        self.read(move |tx| news::get_announcement(tx, id)).await
    }

    async fn list_announcements(
        &self,
        before: Option<AnnouncementId>,
        limit: u32,
    ) -> Result<Vec<Announcement>, StoreError> {
        self.read(move |tx| news::list_announcements(tx, before, limit))
            .await
    }

    async fn acknowledge_announcement(&self, receipt: ReadReceipt) -> Result<(), StoreError> {
        self.write(move |tx| news::acknowledge(tx, &receipt)).await
    }

    async fn read_receipts(
        &self,
        announcement: AnnouncementId,
    ) -> Result<Vec<ReadReceipt>, StoreError> {
        self.read(move |tx| news::read_receipts(tx, announcement))
            .await
    }

    async fn unread_announcements(
        &self,
        agent: AgentId,
        limit: u32,
    ) -> Result<Vec<Announcement>, StoreError> {
        self.read(move |tx| news::unread(tx, agent, limit)).await
    }

    async fn record_search_miss(&self, miss: SearchMiss) -> Result<(), StoreError> {
        self.write(move |tx| news::record_search_miss(tx, &miss))
            .await
    }

    async fn list_search_misses(
        &self,
        since: Timestamp,
        limit: u32,
    ) -> Result<Vec<SearchMiss>, StoreError> {
        self.read(move |tx| news::list_search_misses(tx, since, limit))
            .await
    }

    async fn list_unhelped_tickets(
        &self,
        since: Timestamp,
        limit: u32,
    ) -> Result<Vec<UnhelpedTicket>, StoreError> {
        self.read(move |tx| news::list_unhelped(tx, since, limit))
            .await
    }
}

#[async_trait]
impl SearchStore for SqliteStore {
    async fn search(&self, request: &SearchRequest) -> Result<Vec<SearchHit>, StoreError> {
        let request = request.clone();
        self.read(move |tx| search::search(tx, &request)).await
    }

    async fn known_terms(&self, terms: &[String]) -> Result<Vec<String>, StoreError> {
        let terms = terms.to_vec();
        self.read(move |tx| search::known_terms(tx, &terms)).await
    }

    async fn terms_near(&self, neighbours: &[String]) -> Result<Vec<String>, StoreError> {
        let neighbours = neighbours.to_vec();
        self.read(move |tx| search::terms_near(tx, &neighbours))
            .await
    }

    async fn reindex(
        &self,
        kind: EntryKind,
        after: Option<Uuid>,
        batch: u32,
    ) -> Result<ReindexStep, StoreError> {
        self.write(move |tx| search::reindex(tx, kind, after, batch))
            .await
    }

    async fn finish_reindex(&self) -> Result<(), StoreError> {
        self.write(|tx| search::finish_reindex(tx)).await
    }

    async fn clear_index(&self) -> Result<(), StoreError> {
        self.write(|tx| search::clear_index(tx)).await
    }
}
