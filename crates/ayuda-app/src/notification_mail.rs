//! Notifications by email: with every sweep of `ayuda serve`, each agent gets one mail listing what they
//! were told in the workspace since the last one, for the kinds of notification they chose (every kind
//! until they choose), in their language, with a link to each ticket. What they have read in the
//! workspace already, and tickets they may no longer see, are left out. One digest per sweep rather than
//! a mail per event, so that a burst (a thousand breaches at once) is one mail, not a thousand.
//!
//! Several nodes may sweep at once: a notification is marked as looked at in the transaction that queues
//! its digest, and that transaction fails when another node marked any of them first, so each
//! notification is mailed at most once.

use std::collections::BTreeMap;

use ayuda_core::email::{MailContent, OutboxKind, OutboxMail, OutboxState};
use ayuda_core::id::{AgentId, OutboxId, TicketId};
use ayuda_core::notification::{
    MAX_NOTICES_PER_MAIL, Notification, NotificationKind, emailed_by_default,
};
use ayuda_core::permission::{Principal, can_view_ticket};
use ayuda_core::ticket::Ticket;
use ayuda_i18n::{Arg, Locale, Translator};
use ayuda_store::StoreError;

use crate::email::outbound::ComposedMail;
use crate::{App, AppError};

/// The most notifications one sweep looks at; a longer queue is taken by the next sweeps.
const NOTIFICATIONS_PER_SWEEP: u32 = 1_000;

/// What a notification says, in `words`' language: the line shown in the workspace and in the mail.
pub fn notification_line(
    words: &Translator,
    notification: &Notification,
    ticket: &Ticket,
) -> String {
    let label = format!("#{} {}", ticket.number.0, ticket.subject.as_str());
    let key = format!("notification-{}", notification.kind);
    match notification.kind {
        NotificationKind::SlaWarning | NotificationKind::SlaBreach => words.t_with(
            &key,
            &[
                Arg::text("ticket", label),
                Arg::text(
                    "metric",
                    words.t(&format!("sla-metric-{}", notification.detail)),
                ),
            ],
        ),
        _ => words.t_with(
            &key,
            &[
                Arg::text("ticket", label),
                Arg::text("detail", notification.detail.as_str()),
            ],
        ),
    }
}

impl App {
    /// Queues each agent's digest of the notifications not yet looked at; how many mails were queued.
    pub async fn mail_notifications(&self) -> Result<usize, AppError> {
        let pending = self
            .store
            .notifications_to_mail(NOTIFICATIONS_PER_SWEEP)
            .await?;
        let mut by_agent: BTreeMap<AgentId, Vec<Notification>> = BTreeMap::new();
        for notification in pending {
            by_agent
                .entry(notification.agent_id)
                .or_default()
                .push(notification);
        }
        let mut queued = 0;
        for (agent, told) in by_agent {
            let ids: Vec<_> = told.iter().map(|n| n.id).collect();
            let digest = self.digest_for(agent, &told).await?;
            let mails = digest.is_some();
            // `false`: another node took them; its digest carries them.
            if self.store.settle_notification_mail(&ids, digest).await? && mails {
                queued += 1;
            }
        }
        Ok(queued)
    }

    /// The mail telling `agent` about `told`, or `None` when nothing in it is for their inbox.
    async fn digest_for(
        &self,
        agent: AgentId,
        told: &[Notification],
    ) -> Result<Option<OutboxMail>, StoreError> {
        let Some(agent) = self.store.get_agent(agent).await?.filter(|a| a.active) else {
            return Ok(None);
        };
        let preference = self.store.agent_preference(agent.id).await?;
        let wanted = preference.email_notices.unwrap_or_else(emailed_by_default);
        let told: Vec<&Notification> = told
            .iter()
            .filter(|n| n.read_at.is_none() && wanted.contains(&n.kind))
            .collect();
        if told.is_empty() {
            return Ok(None);
        }
        let mut ticket_ids: Vec<TicketId> = told.iter().map(|n| n.ticket_id).collect();
        ticket_ids.sort();
        ticket_ids.dedup();
        let tickets = self.store.get_tickets(&ticket_ids).await?;
        let principal = Principal::Agent {
            id: agent.id,
            role: agent.role,
            group_ids: agent.group_ids.clone(),
        };
        let locale = preference
            .language
            .as_deref()
            .and_then(Locale::from_tag)
            .unwrap_or(Locale::DEFAULT);
        let words = Translator::new(locale);
        let lines: Vec<(String, i64)> = told
            .iter()
            .filter_map(|n| {
                let ticket = tickets
                    .iter()
                    .find(|t| t.id == n.ticket_id)
                    .filter(|t| can_view_ticket(&principal, t))?;
                Some((notification_line(&words, n, ticket), ticket.number.0))
            })
            .collect();
        let Some((first, _)) = lines.first() else {
            return Ok(None);
        };
        let count = i64::try_from(lines.len()).unwrap_or(i64::MAX);
        let subject = words.t_with(
            "agent-notice-subject",
            &[
                Arg::number("count", count),
                Arg::text("first", first.as_str()),
            ],
        );
        let base = self.email.public_url.as_deref();
        let mut text = format!(
            "{}\n{}\n\n",
            words.t1("agent-notice-greeting", "name", agent.name.as_str()),
            words.t("agent-notice-intro")
        );
        for (line, number) in lines.iter().take(MAX_NOTICES_PER_MAIL) {
            text.push_str(&format!("- {line}\n"));
            if let Some(base) = base {
                text.push_str(&format!("  {base}/agent/tickets/{number}\n"));
            }
        }
        if lines.len() > MAX_NOTICES_PER_MAIL {
            let more = i64::try_from(lines.len() - MAX_NOTICES_PER_MAIL).unwrap_or(i64::MAX);
            text.push_str(&format!(
                "\n{}\n",
                words.tn("agent-notice-more", "count", more)
            ));
            if let Some(base) = base {
                text.push_str(&format!("{base}/agent/notifications\n"));
            }
        }
        text.push_str(&format!("\n-- \n{}\n", words.t("agent-notice-footer")));
        if let Some(base) = base {
            text.push_str(&format!("{base}/agent/preferences\n"));
        }
        let now = self.clock.now();
        Ok(Some(OutboxMail {
            id: OutboxId::generate(),
            ticket_id: None,
            message_id: None,
            kind: OutboxKind::AgentNotice,
            mailbox_id: None,
            to: vec![agent.email],
            cc: Vec::new(),
            language: locale.code().to_owned(),
            state: OutboxState::Pending,
            attempts: 0,
            next_attempt_at: now,
            last_error: None,
            created_at: now,
            sent_at: None,
            content: Some(MailContent { subject, text }),
        }))
    }

    /// Composes an agent's digest; `Ok(Err)` with the reason when it can never be sent.
    pub(crate) async fn compose_agent_notice(
        &self,
        mail: &OutboxMail,
    ) -> Result<Result<ComposedMail, String>, StoreError> {
        let Some(content) = &mail.content else {
            return Ok(Err("the notice has no text".into()));
        };
        self.compose_standalone(
            mail,
            "notice",
            content.subject.clone(),
            content.text.clone(),
        )
        .await
    }
}
