//! Time-based automations in the application: administrators keep them; the scheduler of `ayuda serve`
//! runs them every few minutes over the tickets that have waited long enough, least recently changed
//! first, each change through the ticket's version (so two nodes running them at once act once).

use ayuda_core::Invalid;
use ayuda_core::automation::{Action, ConditionField, Facts, TimedRule};
use ayuda_core::error::FieldError;
use ayuda_core::id::{TicketId, TimedRuleId};
use ayuda_core::message::Author;
use ayuda_core::permission::{Principal, TicketScope};
use ayuda_core::text::Name;
use ayuda_core::ticket::Status;
use ayuda_store::{MAX_PAGE, StoreError, TicketOrder, TicketQuery, TicketWrite};
use jiff::{SignedDuration, Timestamp};

use crate::automation::{ActionInput, ConditionInput, admin, apply_field_action, parse_rule};
use crate::notifications::change_notifications;
use crate::{App, AppError};

/// The most waiting tickets one run looks at per automation; the rest wait for the next run.
pub const MAX_SCAN_PER_RUN: usize = 20_000;

/// An automation as an administrator enters it.
#[derive(Debug, Clone, Default)]
pub struct TimedRuleInput {
    pub name: String,
    pub position: i32,
    pub active: bool,
    /// The status the tickets wait in.
    pub status: String,
    /// How long nothing changed them, in hours.
    pub idle_hours: i64,
    pub all: Vec<ConditionInput>,
    pub any: Vec<ConditionInput>,
    pub actions: Vec<ActionInput>,
}

fn parse_timed_rule(
    input: &TimedRuleInput,
    id: TimedRuleId,
    created_at: Timestamp,
    now: Timestamp,
) -> Result<TimedRule, Invalid> {
    let mut invalid = Invalid::default();
    let name = invalid.check("name", Name::parse(&input.name));
    let status = invalid.check("status", Status::parse(&input.status));
    let idle_for = SignedDuration::try_from_hours(input.idle_hours);
    if idle_for.is_none() {
        invalid.push(FieldError::new(
            "idle_hours",
            "must be from 1 hour to 366 days",
        ));
    }
    let (all, any, actions) = parse_rule(&input.all, &input.any, &input.actions, &mut invalid);
    invalid.clone().into_result()?;
    let (Some(name), Some(status), Some(idle_for)) = (name, status, idle_for) else {
        return Err(invalid);
    };
    let rule = TimedRule {
        id,
        name,
        position: input.position,
        active: input.active,
        status,
        idle_for,
        all,
        any,
        actions,
        created_at,
        updated_at: now,
    };
    rule.validate()?;
    Ok(rule)
}

impl App {
    /// Every automation, in the order they run. Agents may read them.
    pub async fn timed_rules(&self, principal: &Principal) -> Result<Vec<TimedRule>, AppError> {
        if !matches!(principal, Principal::Agent { .. }) {
            return Err(AppError::Forbidden("automations are for agents"));
        }
        Ok(self.store.list_timed_rules().await?)
    }

    /// Creates (`id` absent) or replaces an automation. Administrators only.
    pub async fn save_timed_rule(
        &self,
        principal: &Principal,
        id: Option<TimedRuleId>,
        input: TimedRuleInput,
    ) -> Result<TimedRule, AppError> {
        admin(principal)?;
        let now = self.clock.now();
        let created_at = match id {
            None => now,
            Some(id) => self
                .store
                .list_timed_rules()
                .await?
                .iter()
                .find(|r| r.id == id)
                .map(|r| r.created_at)
                .ok_or(AppError::NotFound("automation"))?,
        };
        let rule = parse_timed_rule(
            &input,
            id.unwrap_or_else(TimedRuleId::generate),
            created_at,
            now,
        )?;
        match self.store.save_timed_rule(rule.clone()).await {
            Err(StoreError::Duplicate(_)) => {
                Err(Invalid::one("name", "another automation has this name").into())
            }
            other => other.map(|()| rule).map_err(AppError::from),
        }
    }

    pub async fn delete_timed_rule(
        &self,
        principal: &Principal,
        id: TimedRuleId,
    ) -> Result<(), AppError> {
        admin(principal)?;
        match self.store.delete_timed_rule(id).await {
            Err(StoreError::NotFound) => Err(AppError::NotFound("automation")),
            other => Ok(other?),
        }
    }

    /// One run of every active automation over the tickets that waited long enough. Returns how many
    /// tickets they acted on.
    pub async fn run_timed_rules(&self) -> Result<usize, AppError> {
        let now = self.clock.now();
        let mut acted = 0;
        for rule in self.store.list_timed_rules().await? {
            if !rule.active {
                continue;
            }
            let waited_since = rule.waited_since(now);
            let mut query = TicketQuery::new(TicketScope::All, MAX_PAGE);
            query.statuses = vec![rule.status];
            query.order = TicketOrder::UpdatedAsc;
            let mut scanned = 0;
            'pages: loop {
                let page = self.store.list_tickets(&query).await?;
                for ticket in &page.items {
                    if ticket.updated_at > waited_since || scanned >= MAX_SCAN_PER_RUN {
                        break 'pages;
                    }
                    scanned += 1;
                    if self.run_timed_rule(&rule, ticket.id, now).await? {
                        acted += 1;
                    }
                }
                match page.next_cursor {
                    Some(cursor) => query.after = Some(cursor),
                    None => break,
                }
            }
        }
        Ok(acted)
    }

    /// Applies `rule` to ticket `id` if it still matches at `now`. False when it no longer does (changed
    /// meanwhile, or another node got there first).
    async fn run_timed_rule(
        &self,
        rule: &TimedRule,
        id: TicketId,
        now: Timestamp,
    ) -> Result<bool, AppError> {
        let by_tier = rule
            .all
            .iter()
            .chain(&rule.any)
            .any(|c| c.field == ConditionField::ServiceTier);
        for _ in 0..5 {
            let Some(mut ticket) = self.store.get_ticket(id).await? else {
                return Ok(false);
            };
            let service_tier = match ticket.organization_id {
                Some(org) if by_tier => self
                    .store
                    .get_organization(org)
                    .await?
                    .map(|o| o.service_tier),
                _ => None,
            };
            let before = ticket.clone();
            let in_business_hours = self.sla_setup().await?.is_business_time(&before, now);
            let facts = Facts {
                ticket: &before,
                message: None,
                service_tier,
                sla_metric: None,
                in_business_hours,
            };
            if !rule.matches(&facts, now) {
                return Ok(false);
            }
            let mut log = Vec::new();
            for action in &rule.actions {
                apply_field_action(&mut ticket, action, now, &mut log);
            }
            let actions: Vec<(&str, &Action)> = rule
                .actions
                .iter()
                .map(|a| (rule.name.as_str(), a))
                .collect();
            let effects = self
                .finish_actions(&before, &mut ticket, log, &actions, now, None)
                .await?;
            ticket.updated_at = now;
            self.track_sla(Some(&before), &mut ticket, None, now)
                .await?;
            let mut notifications =
                change_notifications(Some(&before), &ticket, Author::System, None, now);
            notifications.extend(effects.notifications);
            match self
                .store
                .write_ticket(TicketWrite {
                    ticket,
                    message: None,
                    events: effects.events,
                    email: ayuda_store::EmailEffects {
                        outbox: effects.outbox,
                        webhooks: effects.webhooks,
                        ..Default::default()
                    },
                    notifications,
                    routing: effects.routing,
                })
                .await
            {
                Err(StoreError::Conflict) => continue,
                Err(error) => return Err(error.into()),
                Ok(written) => {
                    self.changed(written.id);
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }
}
