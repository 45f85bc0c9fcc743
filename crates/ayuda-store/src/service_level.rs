//! Service levels' part of the storage seam: business calendars, SLA policies, the sweep's view of
//! tickets whose SLA clocks owe an alert, and agents' notifications.
//!
//! A ticket's clocks are part of the ticket ([`ayuda_core::ticket::Ticket::sla`]) and are written with it;
//! each backend also keeps the earliest alert they owe in an indexed column, so the sweep finds due
//! tickets without reading the others. Warnings, breaches and escalations change the ticket through
//! [`crate::Store::write_ticket`] like any other change: its version check is what makes each of them
//! happen once, even when several app nodes sweep at the same moment.

use async_trait::async_trait;
use ayuda_core::Timestamp;
use ayuda_core::calendar::BusinessCalendar;
use ayuda_core::email::OutboxMail;
use ayuda_core::id::{AgentId, CalendarId, NotificationId, SlaPolicyId, TicketId};
use ayuda_core::notification::Notification;
use ayuda_core::sla::SlaPolicy;

use crate::StoreError;

/// The most calendars and the most SLA policies an installation keeps: a set-up a person can take in.
pub const MAX_CALENDARS: u32 = 200;
pub const MAX_SLA_POLICIES: u32 = 200;
/// The most notifications one page returns.
pub const MAX_NOTIFICATIONS: u32 = 100;

#[async_trait]
pub trait ServiceLevelStore {
    /// Creates or replaces a calendar (by id). A name another calendar has is
    /// [`StoreError::Duplicate`].
    async fn save_calendar(&self, calendar: BusinessCalendar) -> Result<(), StoreError>;

    /// Deletes a calendar; one that a policy still counts in is [`StoreError::Conflict`].
    async fn delete_calendar(&self, id: CalendarId) -> Result<(), StoreError>;

    /// Every calendar, by name, at most [`MAX_CALENDARS`].
    async fn list_calendars(&self) -> Result<Vec<BusinessCalendar>, StoreError>;

    /// Creates or replaces a policy (by id). A name another policy has is [`StoreError::Duplicate`]; an
    /// unknown calendar is [`StoreError::MissingReference`].
    async fn save_sla_policy(&self, policy: SlaPolicy) -> Result<(), StoreError>;

    async fn delete_sla_policy(&self, id: SlaPolicyId) -> Result<(), StoreError>;

    /// Every policy, in the order they are tried, at most [`MAX_SLA_POLICIES`].
    async fn list_sla_policies(&self) -> Result<Vec<SlaPolicy>, StoreError>;

    /// Tickets whose SLA clocks owe an alert at `now`, the longest overdue first.
    async fn tickets_with_sla_alerts(
        &self,
        now: Timestamp,
        limit: u32,
    ) -> Result<Vec<TicketId>, StoreError>;

    /// An agent's notifications, newest first, older than `before` when given.
    async fn list_notifications(
        &self,
        agent: AgentId,
        before: Option<NotificationId>,
        limit: u32,
    ) -> Result<Vec<Notification>, StoreError>;

    /// How many of an agent's notifications are unread, counting at most `cap`.
    async fn count_unread_notifications(&self, agent: AgentId, cap: u32)
    -> Result<u32, StoreError>;

    /// Marks an agent's notifications read: those named, or all when `ids` is empty.
    async fn mark_notifications_read(
        &self,
        agent: AgentId,
        ids: &[NotificationId],
        at: Timestamp,
    ) -> Result<(), StoreError>;

    /// Notifications the mail sweep has not looked at yet, oldest first.
    async fn notifications_to_mail(&self, limit: u32) -> Result<Vec<Notification>, StoreError>;

    /// Marks notifications as looked at by the mail sweep and queues `mail` (the digest of them an agent
    /// chose to get, if any) in one transaction. `false`, with nothing written, when any of them was looked
    /// at already (another node's sweep took it): each notification is mailed at most once.
    async fn settle_notification_mail(
        &self,
        ids: &[NotificationId],
        mail: Option<OutboxMail>,
    ) -> Result<bool, StoreError>;
}
