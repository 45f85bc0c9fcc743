//! What makes pages live: a signal whenever a ticket changes in this process (pages also poll the store, so
//! changes made on other app nodes arrive too), and who else is on a ticket (collision detection), kept in
//! the store so every node sees every agent.

use ayuda_core::agent::Agent;
use ayuda_core::id::TicketId;
use ayuda_core::permission::Principal;
use ayuda_core::presence::{Activity, PRESENCE_TTL_SECONDS, Presence};
use tokio::sync::broadcast;

use crate::{App, AppError};

/// Signals kept for slow listeners; one that falls further behind reloads from the store.
pub(crate) const SIGNAL_BACKLOG: usize = 1024;

/// How long a reply being written keeps an agent shown as replying when their page renews "viewing".
const REPLYING_OUTRANKS_SECONDS: i64 = 15;

impl App {
    /// Signals of tickets changed by this process, from now on.
    pub fn ticket_changes(&self) -> broadcast::Receiver<TicketId> {
        self.changes.subscribe()
    }

    /// Tells this process's listeners that `ticket` changed. Nobody listening is fine.
    pub(crate) fn changed(&self, ticket: TicketId) {
        let _ = self.changes.send(ticket);
    }

    /// Records that the signed-in agent is on `ticket`, viewing or replying, and tells this process's
    /// listeners. Viewing does not replace a reply being written: the compose box renews that itself, and
    /// the open page's renewal must not hide it.
    pub async fn be_present(
        &self,
        principal: &Principal,
        ticket: TicketId,
        activity: Activity,
    ) -> Result<(), AppError> {
        let Principal::Agent { id, .. } = principal else {
            return Err(AppError::Forbidden("only agents are shown on tickets"));
        };
        self.ticket(principal, ticket).await?;
        let now = self.clock.now();
        let since = now
            .checked_sub(jiff::SignedDuration::from_secs(PRESENCE_TTL_SECONDS))
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        let current = self
            .store
            .presence_on(ticket, since)
            .await?
            .into_iter()
            .find(|p| p.agent_id == *id);
        let writing = current.as_ref().is_some_and(|p| {
            p.activity == Activity::Replying
                && now.as_second() - p.seen_at.as_second() < REPLYING_OUTRANKS_SECONDS
        });
        if activity == Activity::Viewing && writing {
            return Ok(());
        }
        self.store
            .touch_presence(Presence {
                ticket_id: ticket,
                agent_id: *id,
                activity,
                seen_at: now,
            })
            .await?;
        // A renewal changes nothing others see; only an arrival or a change of activity wakes their pages.
        if current.is_none_or(|p| p.activity != activity) {
            self.changed(ticket);
        }
        Ok(())
    }

    /// The signed-in agent has left `ticket` (closed the page).
    pub async fn leave_ticket(
        &self,
        principal: &Principal,
        ticket: TicketId,
    ) -> Result<(), AppError> {
        if let Principal::Agent { id, .. } = principal {
            self.store.leave_presence(ticket, *id).await?;
            self.changed(ticket);
        }
        Ok(())
    }

    /// The other agents on `ticket` now, with what they are doing, longest there first.
    pub async fn others_on_ticket(
        &self,
        principal: &Principal,
        ticket: TicketId,
    ) -> Result<Vec<(Agent, Activity)>, AppError> {
        let Principal::Agent { id: me, .. } = principal else {
            return Err(AppError::Forbidden("only agents see who is on a ticket"));
        };
        self.ticket(principal, ticket).await?;
        let since = self
            .clock
            .now()
            .checked_sub(jiff::SignedDuration::from_secs(PRESENCE_TTL_SECONDS))
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        let mut others = Vec::new();
        for presence in self.store.presence_on(ticket, since).await? {
            if presence.agent_id == *me {
                continue;
            }
            if let Some(agent) = self.store.get_agent(presence.agent_id).await? {
                others.push((agent, presence.activity));
            }
        }
        Ok(others)
    }
}
