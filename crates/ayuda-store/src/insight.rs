//! Insight's part of the storage seam: the categories of inquiries, the examples the category classifier
//! learns from, and satisfaction surveys (one per ticket, rated once).

use async_trait::async_trait;
use ayuda_core::Timestamp;
use ayuda_core::email::OutboxMail;
use ayuda_core::id::{ContactId, GroupId, SurveyId, TicketCategoryId, TicketId};
use ayuda_core::insight::{Rating, Survey, TicketCategory};
use ayuda_core::text::Language;
use ayuda_core::ticket::Ticket;

use crate::StoreError;

/// A ticket an agent filed under a category, with what the classifier reads of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryExample {
    pub ticket_id: TicketId,
    pub category_id: TicketCategoryId,
    pub language: Language,
    pub subject: String,
    /// The text of the ticket's first message.
    pub body: String,
}

/// What became of a rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rated {
    /// Recorded now, on the survey and its ticket.
    Recorded,
    /// The survey had been rated before; nothing changed.
    AlreadyRated,
}

#[async_trait]
pub trait InsightStore {
    /// Creates or replaces a category (by id). An unknown parent is
    /// [`StoreError::MissingReference`]`("parent category")`.
    async fn save_ticket_category(&self, category: TicketCategory) -> Result<(), StoreError>;

    /// Every category, retired ones too, by position then id; at most
    /// [`ayuda_core::insight::MAX_CATEGORIES`].
    async fn list_ticket_categories(&self) -> Result<Vec<TicketCategory>, StoreError>;

    /// The newest `limit` tickets filed under a category, newest first, each with its first message's text.
    async fn category_examples(&self, limit: u32) -> Result<Vec<CategoryExample>, StoreError>;

    /// The groups whose solved tickets get a satisfaction survey.
    async fn survey_groups(&self) -> Result<Vec<GroupId>, StoreError>;

    /// Replaces the groups whose solved tickets get a survey. An unknown group is
    /// [`StoreError::MissingReference`]`("group")`.
    async fn set_survey_groups(&self, groups: Vec<GroupId>) -> Result<(), StoreError>;

    /// Tickets of survey groups that are solved (not closed, not reopened), solved at or after `from` and
    /// before `to`, and have no survey yet; oldest solved first, at most `limit`.
    async fn tickets_due_survey(
        &self,
        from: Timestamp,
        to: Timestamp,
        limit: u32,
    ) -> Result<Vec<Ticket>, StoreError>;

    /// Records a survey and queues its mail (none for a customer without an address), in one transaction.
    /// A ticket that already has a survey is [`StoreError::Duplicate`] and nothing is written, so no ticket
    /// is ever surveyed twice.
    async fn create_survey(
        &self,
        survey: Survey,
        mail: Option<OutboxMail>,
    ) -> Result<(), StoreError>;

    async fn get_survey(&self, id: SurveyId) -> Result<Option<Survey>, StoreError>;

    async fn survey_of_ticket(&self, ticket: TicketId) -> Result<Option<Survey>, StoreError>;

    /// Records a survey's rating, once: on the survey, and on its ticket with a history entry by the
    /// customer (the ticket's version moves, so a concurrent edit re-reads it). An unknown survey is
    /// [`StoreError::NotFound`].
    async fn rate_survey(
        &self,
        id: SurveyId,
        rating: Rating,
        at: Timestamp,
    ) -> Result<Rated, StoreError>;

    /// Adds the customer's comment to a rated survey that has none yet; `false` if it was not rated or
    /// already has a comment. An unknown survey is [`StoreError::NotFound`].
    async fn comment_survey(&self, id: SurveyId, comment: String) -> Result<bool, StoreError>;

    /// A contact's surveys, newest first, at most `limit`.
    async fn contact_surveys(
        &self,
        contact: ContactId,
        limit: u32,
    ) -> Result<Vec<Survey>, StoreError>;
}
