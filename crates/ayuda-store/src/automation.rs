//! Automation's part of the storage seam: the triggers, time-based automations and macros
//! administrators keep, and the queue of webhook calls. Rules act through [`crate::Store::write_ticket`]
//! like any other change: triggers in the write of the change that fired them, automations on tickets
//! found through [`crate::Store::list_tickets`] (by status, least recently changed first).

use async_trait::async_trait;
use ayuda_core::Timestamp;
use ayuda_core::automation::{TimedRule, Trigger};
use ayuda_core::id::{MacroId, TicketId, TimedRuleId, TriggerId, WebhookCallId};
use ayuda_core::macros::Macro;
use ayuda_core::webhook::WebhookCall;

use crate::{SendOutcome, StoreError};

#[async_trait]
pub trait AutomationStore {
    /// Creates or replaces a trigger (by id). A name another trigger has is [`StoreError::Duplicate`].
    async fn save_trigger(&self, trigger: Trigger) -> Result<(), StoreError>;

    /// Deletes a trigger; an unknown one is [`StoreError::NotFound`].
    async fn delete_trigger(&self, id: TriggerId) -> Result<(), StoreError>;

    /// Every trigger in the order they run, at most [`ayuda_core::automation::MAX_TRIGGERS`].
    async fn list_triggers(&self) -> Result<Vec<Trigger>, StoreError>;

    /// Creates or replaces an automation (by id). A name another has is [`StoreError::Duplicate`].
    async fn save_timed_rule(&self, rule: TimedRule) -> Result<(), StoreError>;

    /// Deletes an automation; an unknown one is [`StoreError::NotFound`].
    async fn delete_timed_rule(&self, id: TimedRuleId) -> Result<(), StoreError>;

    /// Every automation in the order they run, at most [`ayuda_core::automation::MAX_TIMED_RULES`].
    async fn list_timed_rules(&self) -> Result<Vec<TimedRule>, StoreError>;

    /// Takes up to `limit` webhook calls due at `now`, oldest first, and leases them until `lease_until`
    /// so no other caller takes them meanwhile (several nodes take disjoint calls).
    async fn claim_webhook_calls(
        &self,
        now: Timestamp,
        lease_until: Timestamp,
        limit: u32,
    ) -> Result<Vec<WebhookCall>, StoreError>;

    /// Records how a call went. An unknown call is [`StoreError::NotFound`].
    async fn finish_webhook_call(
        &self,
        id: WebhookCallId,
        outcome: SendOutcome,
    ) -> Result<(), StoreError>;

    /// A ticket's webhook calls, oldest first.
    async fn list_webhook_calls(&self, ticket: TicketId) -> Result<Vec<WebhookCall>, StoreError>;

    /// Creates or replaces a macro (by id). A name another has is [`StoreError::Duplicate`].
    async fn save_macro(&self, saved: Macro) -> Result<(), StoreError>;

    /// Deletes a macro; an unknown one is [`StoreError::NotFound`].
    async fn delete_macro(&self, id: MacroId) -> Result<(), StoreError>;

    /// Every macro by name, at most [`ayuda_core::macros::MAX_MACROS`].
    async fn list_macros(&self) -> Result<Vec<Macro>, StoreError>;
}
