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

/// The JSON a rule posts about `ticket`.
pub(crate) fn payload(rule: &str, ticket: &Ticket, now: Timestamp) -> String {
    serde_json::json!({
        "rule": rule,
        "sent_at": now.to_string(),
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

/// A queued call of `url` about `ticket`.
pub(crate) fn queued_call(url: &str, rule: &str, ticket: &Ticket, now: Timestamp) -> WebhookCall {
    WebhookCall {
        id: WebhookCallId::generate(),
        ticket_id: ticket.id,
        url: url.to_owned(),
        payload: payload(rule, ticket, now),
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
            let at = self.clock.now().as_second();
            let headers = [
                ("Content-Type", "application/json".to_owned()),
                (SIGNATURE_HEADER, signature(&key, at, &call.payload)),
                ("Ayuda-Delivery", call.id.to_string()),
            ];
            let answer = transport.post(&call.url, &headers, &call.payload).await;
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
