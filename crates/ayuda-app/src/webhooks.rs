//! Webhooks: the calls rules make to other systems. A call is queued with the ticket change that made it
//! (so it is made exactly when the change is committed, once), then posted by the webhook sender of
//! `ayuda serve`, signed with the installation's webhook key, and retried with a growing wait.
//!
//! The signature follows a common scheme: the header `Ayuda-Signature: t=<unix seconds>,v1=<hex>` where
//! the hex is HMAC-SHA256 over `<t>.<body>` with the key administrators read at
//! `GET /api/v1/webhooks/key`. The time lets the receiver refuse replays.

use async_trait::async_trait;
use ayuda_core::Timestamp;
use ayuda_core::email::OutboxState;
use ayuda_core::id::WebhookCallId;
use ayuda_core::permission::Principal;
use ayuda_core::ticket::Ticket;
use ayuda_core::webhook::{WebhookCall, retry_delay};
use ayuda_store::{SendOutcome, StoreError};
use hmac::{KeyInit, Mac};
use sha2::Sha256;

use crate::automation::admin;
use crate::{App, AppError};

/// The setting that keeps the installation's webhook key.
const WEBHOOK_KEY_SETTING: &str = "webhook_signing_key";
/// Calls one pass takes.
const BATCH: u32 = 50;
/// How long a taken call is leased to its caller.
const LEASE: jiff::SignedDuration = jiff::SignedDuration::from_secs(120);

/// The header that carries the signature.
pub const SIGNATURE_HEADER: &str = "Ayuda-Signature";

/// What the other side said: its HTTP status, or why no answer came (refused, timed out, bad address).
pub type Answer = Result<u16, String>;

/// Makes HTTP calls; implemented over a real HTTP client in `ayuda-channels`.
#[async_trait]
pub trait WebhookTransport: Send + Sync {
    /// POSTs `body` (JSON) to `url` with `headers`.
    async fn post(&self, url: &str, headers: &[(&str, String)], body: &str) -> Answer;
}

/// The signature header's value for `body` sent at `at` (seconds since 1970).
pub fn signature(key: &[u8; 32], at: i64, body: &str) -> String {
    let mut mac = <hmac::Hmac<Sha256> as KeyInit>::new_from_slice(key)
        .expect("HMAC takes keys of any length");
    mac.update(at.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("t={at},v1={hex}")
}

/// The JSON posted: the rule, when it acted, and the ticket as it is now (a new ticket's number, for one,
/// is only known once it is stored, after the rule acted).
fn body(queued: &str, ticket: &Ticket) -> String {
    let queued: serde_json::Value = serde_json::from_str(queued).unwrap_or_default();
    serde_json::json!({
        "rule": queued["rule"],
        "acted_at": queued["acted_at"],
        "ticket": {
            "id": ticket.id.to_string(),
            "number": ticket.number.0,
            "subject": ticket.subject.as_str(),
            "status": ticket.status.as_str(),
            "priority": ticket.priority.as_str(),
            "type": ticket.ticket_type.as_str(),
            "channel": ticket.channel.as_str(),
            "language": ticket.language.as_str(),
            "group_id": ticket.group_id.map(|g| g.to_string()),
            "assignee_id": ticket.assignee_id.map(|a| a.to_string()),
            "requester_id": ticket.requester_id.to_string(),
            "tags": ticket.tags.iter().map(|t| t.as_str()).collect::<Vec<_>>(),
            "updated_at": ticket.updated_at.to_string(),
        },
    })
    .to_string()
}

/// A queued call of `url` by `rule` about `ticket`.
pub(crate) fn queued_call(url: &str, rule: &str, ticket: &Ticket, now: Timestamp) -> WebhookCall {
    WebhookCall {
        id: WebhookCallId::generate(),
        ticket_id: ticket.id,
        url: url.to_owned(),
        payload: serde_json::json!({"rule": rule, "acted_at": now.to_string()}).to_string(),
        state: OutboxState::Pending,
        attempts: 0,
        next_attempt_at: now,
        last_error: None,
        created_at: now,
        sent_at: None,
    }
}

/// What an answer means for the call.
fn outcome(call: &WebhookCall, answer: Answer, now: Timestamp) -> SendOutcome {
    let error = match answer {
        Ok(status) if (200..300).contains(&status) => return SendOutcome::Sent { at: now },
        // The address is wrong or the receiver refuses the call as such: trying again changes nothing.
        Ok(status @ (400 | 401 | 403 | 404 | 405 | 410 | 413 | 422)) => {
            return SendOutcome::Failed {
                error: format!("the receiver answered {status}"),
            };
        }
        Ok(status) => format!("the receiver answered {status}"),
        Err(error) => error,
    };
    match retry_delay(call.attempts + 1) {
        Some(wait) => SendOutcome::Retry {
            error,
            at: now + wait,
        },
        None => SendOutcome::Failed { error },
    }
}

impl App {
    async fn webhook_key(&self) -> Result<[u8; 32], StoreError> {
        self.installation_secret(WEBHOOK_KEY_SETTING).await
    }

    /// The key webhook calls are signed with, in hex, for administrators to give the receivers.
    pub async fn webhook_signing_key(&self, principal: &Principal) -> Result<String, AppError> {
        admin(principal)?;
        let key = self.webhook_key().await?;
        Ok(key.iter().map(|b| format!("{b:02x}")).collect())
    }

    /// Makes the calls that are due. Returns how many got an answer of success.
    pub async fn call_due_webhooks(
        &self,
        transport: &dyn WebhookTransport,
    ) -> Result<usize, AppError> {
        let now = self.clock.now();
        let calls = self
            .store
            .claim_webhook_calls(now, now + LEASE, BATCH)
            .await?;
        if calls.is_empty() {
            return Ok(0);
        }
        let key = self.webhook_key().await?;
        let mut delivered = 0;
        for call in calls {
            let Some(ticket) = self.store.get_ticket(call.ticket_id).await? else {
                let gone = SendOutcome::Failed {
                    error: "the ticket no longer exists".into(),
                };
                self.store.finish_webhook_call(call.id, gone).await?;
                continue;
            };
            let body = body(&call.payload, &ticket);
            let at = self.clock.now().as_second();
            let headers = [
                ("Content-Type", "application/json".to_owned()),
                (SIGNATURE_HEADER, signature(&key, at, &body)),
                ("Ayuda-Delivery", call.id.to_string()),
            ];
            let answer = transport.post(&call.url, &headers, &body).await;
            let outcome = outcome(&call, answer, self.clock.now());
            if let SendOutcome::Sent { .. } = outcome {
                delivered += 1;
            } else {
                // The address may hold a token: only the host goes to the log.
                let host = call.url.split('/').nth(2).unwrap_or("");
                tracing::warn!(%host, ticket = %call.ticket_id, ?outcome, "a webhook call failed");
            }
            self.store.finish_webhook_call(call.id, outcome).await?;
        }
        Ok(delivered)
    }
}

impl App {
    /// Makes due webhook calls every `every` until `stop` resolves: `ayuda serve`'s webhook sender.
    /// Several nodes may run it on one database; each call is taken by one of them.
    pub async fn run_webhooks(
        &self,
        transport: std::sync::Arc<dyn WebhookTransport>,
        every: std::time::Duration,
        stop: impl std::future::Future<Output = ()>,
    ) {
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        tokio::pin!(stop);
        loop {
            tokio::select! {
                _ = &mut stop => return,
                _ = ticks.tick() => {}
            }
            if let Err(error) = self.call_due_webhooks(transport.as_ref()).await {
                tracing::warn!(%error, "the webhook sender failed; it runs again shortly");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_covers_the_time_and_the_body() {
        let key = [7u8; 32];
        let signed = signature(&key, 1_800_000_000, r#"{"a":1}"#);
        assert!(signed.starts_with("t=1800000000,v1="));
        assert_eq!(signed.len(), "t=1800000000,v1=".len() + 64);
        assert_ne!(signed, signature(&key, 1_800_000_001, r#"{"a":1}"#));
        assert_ne!(signed, signature(&key, 1_800_000_000, r#"{"a":2}"#));
        assert_ne!(signed, signature(&[8u8; 32], 1_800_000_000, r#"{"a":1}"#));
    }
}
