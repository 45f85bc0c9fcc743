//! An agent's notifications: what they were told (assigned to them, a customer replied, an SLA warning or
//! breach, an escalation), newest first, and which they have read. Each agent sees only their own.

use ayuda_core::id::{AgentId, NotificationId};
use ayuda_core::notification::Notification;
use ayuda_core::permission::Principal;
use ayuda_store::service_level::MAX_NOTIFICATIONS;

use crate::{App, AppError};

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
