//! Automation's part of the storage seam: the triggers administrators keep. Triggers act through
//! [`crate::Store::write_ticket`] like any other change, in the write of the change that fired them.

use async_trait::async_trait;
use ayuda_core::automation::Trigger;
use ayuda_core::id::TriggerId;

use crate::StoreError;

#[async_trait]
pub trait AutomationStore {
    /// Creates or replaces a trigger (by id). A name another trigger has is [`StoreError::Duplicate`].
    async fn save_trigger(&self, trigger: Trigger) -> Result<(), StoreError>;

    /// Deletes a trigger; an unknown one is [`StoreError::NotFound`].
    async fn delete_trigger(&self, id: TriggerId) -> Result<(), StoreError>;

    /// Every trigger in the order they run, at most [`ayuda_core::automation::MAX_TRIGGERS`].
    async fn list_triggers(&self) -> Result<Vec<Trigger>, StoreError>;
}
