//! An agent's notifications: what they were told (assigned to them, a customer replied, an SLA warning or
//! breach, an escalation), newest first, and which they have read. Each agent sees only their own.

use ayuda_core::Timestamp;
use ayuda_core::id::{AgentId, NotificationId};
use ayuda_core::message::{Author, Message};
use ayuda_core::notification::{Notification, NotificationKind};
use ayuda_core::permission::Principal;
use ayuda_core::ticket::Ticket;
use ayuda_store::service_level::MAX_NOTIFICATIONS;

use crate::{App, AppError};

/// What a change tells the ticket's assignee: that it is theirs now (unless they took it themselves), and
/// that the customer wrote.
pub(crate) fn change_notifications(
    before: Option<&Ticket>,
    after: &Ticket,
    actor: Author,
    message: Option<&Message>,
    now: Timestamp,
) -> Vec<Notification> {
    let mut told = Vec::new();
    let Some(assignee) = after.assignee_id else {
        return told;
    };
    let newly_theirs = before.is_none_or(|b| b.assignee_id != Some(assignee));
    if newly_theirs && actor != Author::Agent(assignee) {
        told.push(Notification::new(
            assignee,
            after.id,
            NotificationKind::Assigned,
            "",
            now,
        ));
    }
    if let Some(message) = message
        && before.is_some()
        && !message.internal
        && matches!(message.author, Author::Contact(_))
    {
        told.push(Notification::new(
            assignee,
            after.id,
            NotificationKind::CustomerReplied,
            "",
            now,
        ));
    }
    told
}

fn own(principal: &Principal) -> Result<AgentId, AppError> {
    match principal {
        Principal::Agent { id, .. } => Ok(*id),
        Principal::Customer { .. } => Err(AppError::Forbidden("notifications are for agents")),
    }
}

impl App {
    /// The principal's notifications, newest first, older than `before` when given.
    pub async fn notifications(
        &self,
        principal: &Principal,
        before: Option<NotificationId>,
        limit: Option<u32>,
    ) -> Result<Vec<Notification>, AppError> {
        let agent = own(principal)?;
        let limit = limit.unwrap_or(50).clamp(1, MAX_NOTIFICATIONS);
        Ok(self.store.list_notifications(agent, before, limit).await?)
    }

    /// How many of the principal's notifications are unread, counting up to `cap`.
    pub async fn unread_notifications(
        &self,
        principal: &Principal,
        cap: u32,
    ) -> Result<u32, AppError> {
        let agent = own(principal)?;
        Ok(self.store.count_unread_notifications(agent, cap).await?)
    }

    /// Marks the principal's notifications read: those named (others' ids are ignored), or all.
    pub async fn read_notifications(
        &self,
        principal: &Principal,
        ids: &[NotificationId],
    ) -> Result<(), AppError> {
        let agent = own(principal)?;
        Ok(self
            .store
            .mark_notifications_read(agent, ids, self.clock.now())
            .await?)
    }
}
