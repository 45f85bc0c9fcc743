//! Webhook calls: a rule's POST of a ticket to another system, queued with the change that caused it and
//! made after it is committed, retried until the other side takes it, signed so it can tell it is ours.

use jiff::Timestamp;

use crate::email::OutboxState;
use crate::id::{TicketId, WebhookCallId};

/// Attempts before a call that keeps failing is given up.
pub const MAX_WEBHOOK_ATTEMPTS: u32 = 8;

/// One call, waiting, made or given up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookCall {
    pub id: WebhookCallId,
    pub ticket_id: TicketId,
    pub url: String,
    /// What the rule knew when it acted, as JSON (its name and when); the ticket is added as it is when
    /// the call is made.
    pub payload: String,
    pub state: OutboxState,
    pub attempts: u32,
    pub next_attempt_at: Timestamp,
    pub last_error: Option<String>,
    pub created_at: Timestamp,
    pub sent_at: Option<Timestamp>,
}

/// How long to wait after the `attempts`-th failure: a minute doubling up to four hours, so an endpoint
/// that is down for a day still gets the call. `None` when it is time to give up.
pub fn retry_delay(attempts: u32) -> Option<jiff::SignedDuration> {
    if attempts >= MAX_WEBHOOK_ATTEMPTS {
        return None;
    }
    let minutes = 1_i64 << attempts.saturating_sub(1).min(8);
    Some(jiff::SignedDuration::from_mins(minutes.min(240)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_calls_wait_longer_each_time_then_give_up() {
        let waits: Vec<i64> = (1..MAX_WEBHOOK_ATTEMPTS)
            .map(|n| retry_delay(n).unwrap().as_mins())
            .collect();
        assert_eq!(waits, [1, 2, 4, 8, 16, 32, 64]);
        assert_eq!(retry_delay(MAX_WEBHOOK_ATTEMPTS), None);
    }
}
