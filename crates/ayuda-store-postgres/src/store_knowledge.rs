//! [`KnowledgeStore`] and [`SearchStore`] for [`PgStore`]: each call one module function on the pool.

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

use crate::{PgStore, knowledge, news, search};

#[async_trait]
impl KnowledgeStore for PgStore {
    async fn create_category(&self, category: Category) -> Result<(), StoreError> {
        Ok(knowledge::create_category(&self.pool, &category).await?)
    }

    async fn update_category(&self, category: Category) -> Result<(), StoreError> {
        Ok(knowledge::update_category(&self.pool, &category).await?)
    }

    async fn list_categories(&self) -> Result<Vec<Category>, StoreError> {
        Ok(knowledge::list_categories(&self.pool).await?)
    }

    async fn create_article(&self, article: Article) -> Result<(), StoreError> {
        Ok(knowledge::create_article(&self.pool, &article).await?)
    }

    async fn save_translation(&self, write: TranslationWrite) -> Result<(), StoreError> {
        Ok(knowledge::save_translation(&self.pool, &write).await?)
    }

    async fn update_article(
        &self,
        article: ArticleId,
        settings: ArticleSettings,
    ) -> Result<(), StoreError> {
        Ok(knowledge::update_article(&self.pool, article, &settings).await?)
    }

    async fn get_article(&self, id: ArticleId) -> Result<Option<Article>, StoreError> {
        Ok(knowledge::get_article(&self.pool, id).await?)
    }

    async fn list_articles(
        &self,
        query: &ArticleQuery,
    ) -> Result<Page<Article, ArticleCursor>, StoreError> {
        Ok(knowledge::list_articles(&self.pool, query).await?)
    }

    async fn list_article_versions(
        &self,
        article: ArticleId,
        language: &Language,
    ) -> Result<Vec<ArticleVersion>, StoreError> {
        Ok(knowledge::list_versions(&self.pool, article, language).await?)
    }

    async fn add_article_attachment(
        &self,
        article: ArticleId,
        attachment: Attachment,
    ) -> Result<(), StoreError> {
        let mut conn = self.pool.acquire().await.map_err(StoreError::backend)?;
        Ok(knowledge::add_attachment(&mut conn, article, &attachment, Timestamp::now()).await?)
    }

    async fn count_article(
        &self,
        article: ArticleId,
        counter: ArticleCounter,
    ) -> Result<(), StoreError> {
        Ok(knowledge::count(&self.pool, article, counter).await?)
    }

    async fn record_article_use(
        &self,
        ticket: TicketId,
        article: ArticleId,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        Ok(knowledge::record_use(&self.pool, ticket, article, at).await?)
    }

    async fn articles_used(&self, ticket: TicketId) -> Result<Vec<ArticleId>, StoreError> {
        Ok(knowledge::articles_used(&self.pool, ticket).await?)
    }

    async fn complete_training(
        &self,
        agent: AgentId,
        article: ArticleId,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        Ok(news::complete_training(&self.pool, agent, article, at).await?)
    }

    async fn training_progress(
        &self,
        agent: AgentId,
    ) -> Result<Vec<(ArticleId, Timestamp)>, StoreError> {
        Ok(news::training_progress(&self.pool, agent).await?)
    }

    async fn create_announcement(&self, announcement: Announcement) -> Result<(), StoreError> {
        Ok(news::create_announcement(&self.pool, &announcement).await?)
    }

    async fn get_announcement(
        &self,
        id: AnnouncementId,
    ) -> Result<Option<Announcement>, StoreError> {
        Ok(news::get_announcement(&self.pool, id).await?)
    }

    async fn list_announcements(
        &self,
        before: Option<AnnouncementId>,
        limit: u32,
    ) -> Result<Vec<Announcement>, StoreError> {
        Ok(news::list_announcements(&self.pool, before, limit).await?)
    }

    async fn acknowledge_announcement(&self, receipt: ReadReceipt) -> Result<(), StoreError> {
        Ok(news::acknowledge(&self.pool, &receipt).await?)
    }

    async fn read_receipts(
        &self,
        announcement: AnnouncementId,
    ) -> Result<Vec<ReadReceipt>, StoreError> {
        Ok(news::read_receipts(&self.pool, announcement).await?)
    }

    async fn unread_announcements(
        &self,
        agent: AgentId,
        limit: u32,
    ) -> Result<Vec<Announcement>, StoreError> {
        Ok(news::unread(&self.pool, agent, limit).await?)
    }

    async fn record_search_miss(&self, miss: SearchMiss) -> Result<(), StoreError> {
        Ok(news::record_search_miss(&self.pool, &miss).await?)
    }

    async fn list_search_misses(
        &self,
        since: Timestamp,
        limit: u32,
    ) -> Result<Vec<SearchMiss>, StoreError> {
        Ok(news::list_search_misses(&self.pool, since, limit).await?)
    }

    async fn list_unhelped_tickets(
        &self,
        since: Timestamp,
        limit: u32,
    ) -> Result<Vec<UnhelpedTicket>, StoreError> {
        Ok(news::list_unhelped(&self.pool, since, limit).await?)
    }
}

#[async_trait]
impl SearchStore for PgStore {
    async fn search(&self, request: &SearchRequest) -> Result<Vec<SearchHit>, StoreError> {
        Ok(search::search(&self.pool, request).await?)
    }

    async fn known_terms(&self, terms: &[String]) -> Result<Vec<String>, StoreError> {
        Ok(search::known_terms(&self.pool, terms).await?)
    }

    async fn terms_near(&self, neighbours: &[String]) -> Result<Vec<String>, StoreError> {
        Ok(search::terms_near(&self.pool, neighbours).await?)
    }

    async fn reindex(
        &self,
        kind: EntryKind,
        after: Option<Uuid>,
        batch: u32,
    ) -> Result<ReindexStep, StoreError> {
        Ok(search::reindex(&self.pool, kind, after, batch).await?)
    }

    async fn finish_reindex(&self) -> Result<(), StoreError> {
        Ok(search::finish_reindex(&self.pool).await?)
    }

    async fn clear_index(&self) -> Result<(), StoreError> {
        Ok(search::clear_index(&self.pool).await?)
    }
}
