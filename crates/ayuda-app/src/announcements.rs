//! Announcements to agents (new products, offerings, changes of policy), each acknowledged once per agent;
//! supervisors see who has not read one yet.

use ayuda_core::agent::Agent;
use ayuda_core::id::{AgentId, AnnouncementId};
use ayuda_core::knowledge::{Announcement, ArticleTitle, MAX_ARTICLE_BODY, ReadReceipt};
use ayuda_core::permission::{self, Operation, Principal, Resource};
use ayuda_core::{FieldError, Invalid};

use crate::{App, AppError};

/// The most announcements one list shows.
pub const MAX_ANNOUNCEMENTS: u32 = 100;

/// An announcement as a supervisor writes it.
#[derive(Debug, Clone, Default)]
pub struct AnnouncementInput {
    pub title: String,
    pub body_html: String,
}

/// An announcement as one agent sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnouncementView {
    pub announcement: Announcement,
    pub read_at: Option<ayuda_core::Timestamp>,
}

/// Who has read an announcement and who has not.
#[derive(Debug, Clone, PartialEq)]
pub struct Readership {
    pub announcement: Announcement,
    pub read: Vec<(Agent, ayuda_core::Timestamp)>,
    pub unread: Vec<Agent>,
}

fn check(principal: &Principal, operation: Operation) -> Result<(), AppError> {
    permission::can(principal, Resource::Announcement, operation)
        .map_err(|_| AppError::Forbidden("only supervisors and administrators may do this"))
}

fn agent_id(principal: &Principal) -> Result<AgentId, AppError> {
    match principal {
        Principal::Agent { id, .. } => Ok(*id),
        Principal::Customer { .. } => Err(AppError::Forbidden("announcements are for agents")),
    }
}

impl App {
    pub async fn announce(
        &self,
        principal: &Principal,
        input: AnnouncementInput,
    ) -> Result<Announcement, AppError> {
        check(principal, Operation::Create)?;
        let author = agent_id(principal)?;
        let mut invalid = Invalid::default();
        let title = invalid.check("title", ArticleTitle::parse(&input.title));
        let body_html = ammonia::clean(&input.body_html);
        let text = html2text::from_read(body_html.as_bytes(), 100).unwrap_or_default();
        if text.trim().is_empty() {
            invalid.push(FieldError::new("body", "must not be empty"));
        }
        if body_html.len() > MAX_ARTICLE_BODY {
            invalid.push(FieldError::new(
                "body",
                format!("must be at most {MAX_ARTICLE_BODY} bytes"),
            ));
        }
        invalid.into_result()?;
        let Some(title) = title else {
            return Err(Invalid::one("title", "is missing").into());
        };
        let announcement = Announcement {
            id: AnnouncementId::generate(),
            title,
            body_html,
            author,
            published_at: self.clock.now(),
        };
        self.store.create_announcement(announcement.clone()).await?;
        Ok(announcement)
    }

    /// The latest announcements, newest first, each with when the signed-in agent read it.
    pub async fn announcements(
        &self,
        principal: &Principal,
    ) -> Result<Vec<AnnouncementView>, AppError> {
        check(principal, Operation::List)?;
        let agent = agent_id(principal)?;
        let all = self
            .store
            .list_announcements(None, MAX_ANNOUNCEMENTS)
            .await?;
        let mut views = Vec::with_capacity(all.len());
        for announcement in all {
            let read_at = self
                .store
                .read_receipts(announcement.id)
                .await?
                .into_iter()
                .find(|r| r.agent == agent)
                .map(|r| r.read_at);
            views.push(AnnouncementView {
                announcement,
                read_at,
            });
        }
        Ok(views)
    }

    /// The announcements the signed-in agent has not acknowledged yet, newest first.
    pub async fn unread_announcements(
        &self,
        principal: &Principal,
    ) -> Result<Vec<Announcement>, AppError> {
        let agent = agent_id(principal)?;
        Ok(self
            .store
            .unread_announcements(agent, MAX_ANNOUNCEMENTS)
            .await?)
    }

    /// Records that the signed-in agent has read the announcement.
    pub async fn acknowledge_announcement(
        &self,
        principal: &Principal,
        id: AnnouncementId,
    ) -> Result<(), AppError> {
        check(principal, Operation::Read)?;
        let agent = agent_id(principal)?;
        self.store
            .get_announcement(id)
            .await?
            .ok_or(AppError::NotFound("announcement"))?;
        Ok(self
            .store
            .acknowledge_announcement(ReadReceipt {
                announcement: id,
                agent,
                read_at: self.clock.now(),
            })
            .await?)
    }

    /// Who has read the announcement, and the active agents who have not: for supervisors.
    pub async fn readership(
        &self,
        principal: &Principal,
        id: AnnouncementId,
    ) -> Result<Readership, AppError> {
        check(principal, Operation::Update)?;
        let announcement = self
            .store
            .get_announcement(id)
            .await?
            .ok_or(AppError::NotFound("announcement"))?;
        let receipts = self.store.read_receipts(id).await?;
        let mut read = Vec::new();
        let mut unread = Vec::new();
        let mut after = None;
        loop {
            let page = self.store.list_agents(after, ayuda_store::MAX_PAGE).await?;
            for agent in page.items {
                match receipts.iter().find(|r| r.agent == agent.id) {
                    Some(receipt) => read.push((agent, receipt.read_at)),
                    None if agent.active => unread.push(agent),
                    None => {}
                }
            }
            match page.next_cursor {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        read.sort_by_key(|(_, at)| *at);
        Ok(Readership {
            announcement,
            read,
            unread,
        })
    }
}
