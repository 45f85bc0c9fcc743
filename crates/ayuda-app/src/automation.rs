//! Triggers in the application: administrators keep them; every write of a ticket event (created, updated,
//! customer replied, SLA warning or breach) runs them first, so what they change is committed with the
//! change that fired them, once, through the ticket's version (see `ayuda_core::automation` for why they
//! cannot loop).

use std::sync::Arc;

use ayuda_core::Invalid;
use ayuda_core::agent::Role;
use ayuda_core::automation::{
    Action, Condition, ConditionField, EscalateTo, Facts, MailTemplate, Operator, Trigger,
    TriggerEvent, run_triggers, template_for,
};
use ayuda_core::contact::{Contact, EmailAddress};
use ayuda_core::email::{MailContent, OutboxKind, OutboxMail, OutboxState};
use ayuda_core::error::FieldError;
use ayuda_core::event::{TicketEvent, Via};
use ayuda_core::id::OutboxId;
use ayuda_core::id::{AgentId, GroupId, TriggerId};
use ayuda_core::message::{Author, Message};
use ayuda_core::notification::{Notification, NotificationKind};
use ayuda_core::permission::Principal;
use ayuda_core::sla::SlaMetric;
use ayuda_core::text::{Language, Name, Tag};
use ayuda_core::ticket::{Priority, Status, Ticket, TicketChanges, TicketType, apply_changes};
use ayuda_store::codec::automation::parse_escalate_to;
use ayuda_store::{RoutingTurn, StoreError};
use jiff::Timestamp;

use crate::escalation::EscalationTarget;
use crate::tickets::field_events;
use crate::{App, AppError, parse_id};

/// A trigger as an administrator enters it.
#[derive(Debug, Clone, Default)]
pub struct TriggerInput {
    pub name: String,
    pub position: i32,
    pub active: bool,
    /// `ticket_created`, `ticket_updated`, `customer_replied`, `sla_warning` or `sla_breach`.
    pub event: String,
    pub all: Vec<ConditionInput>,
    pub any: Vec<ConditionInput>,
    pub actions: Vec<ActionInput>,
}

#[derive(Debug, Clone, Default)]
pub struct ConditionInput {
    pub field: String,
    pub operator: String,
    pub value: String,
}

/// An action: `kind` says which, and which of the other fields it reads.
#[derive(Debug, Clone, Default)]
pub struct ActionInput {
    /// `set_status`, `set_priority`, `set_type`, `set_group`, `assign` (read `value`); `add_tags`,
    /// `remove_tags` (`tags`); `notify` (`agents`, `note`); `escalate` (`to`, `reason`).
    pub kind: String,
    pub value: Option<String>,
    pub tags: Vec<String>,
    pub agents: Vec<String>,
    pub note: Option<String>,
    /// `next_tier`, `group:<id>` or `agent:<id>`.
    pub to: Option<String>,
    pub reason: Option<String>,
    /// For `email_customer`: the mail in each language.
    pub versions: Vec<MailVersionInput>,
    /// For `webhook`: the address to post to.
    pub url: Option<String>,
}

/// One language's version of a rule's mail.
#[derive(Debug, Clone, Default)]
pub struct MailVersionInput {
    pub language: String,
    pub subject: String,
    pub text: String,
}

/// What triggers add to the write of the change that fired them.
#[derive(Debug, Default)]
pub(crate) struct RuleEffects {
    pub events: Vec<TicketEvent>,
    pub notifications: Vec<Notification>,
    pub routing: Option<RoutingTurn>,
    /// Mail to the customer, sent from the outbox once the write is committed.
    pub outbox: Vec<OutboxMail>,
    /// Webhook calls, made once the write is committed.
    pub webhooks: Vec<ayuda_core::webhook::WebhookCall>,
}

pub(crate) fn admin(principal: &Principal) -> Result<(), AppError> {
    match principal {
        Principal::Agent {
            role: Role::Admin, ..
        } => Ok(()),
        _ => Err(AppError::Forbidden("only administrators change triggers")),
    }
}

/// A rule's conditions and actions (a trigger's or an automation's), with every mistake in `invalid`.
pub(crate) fn parse_rule(
    all: &[ConditionInput],
    any: &[ConditionInput],
    actions: &[ActionInput],
    invalid: &mut Invalid,
) -> (Vec<Condition>, Vec<Condition>, Vec<Action>) {
    let all = (all.iter().enumerate())
        .filter_map(|(i, c)| parse_condition(c, invalid, &format!("all.{i}")))
        .collect();
    let any = (any.iter().enumerate())
        .filter_map(|(i, c)| parse_condition(c, invalid, &format!("any.{i}")))
        .collect();
    let actions = (actions.iter().enumerate())
        .filter_map(|(i, a)| parse_action(a, invalid, &format!("actions.{i}")))
        .collect();
    (all, any, actions)
}

fn parse_condition(input: &ConditionInput, invalid: &mut Invalid, at: &str) -> Option<Condition> {
    let field = invalid.check(&format!("{at}.field"), ConditionField::parse(&input.field));
    let operator = invalid.check(&format!("{at}.operator"), Operator::parse(&input.operator));
    Some(Condition {
        field: field?,
        operator: operator?,
        value: input.value.trim().to_owned(),
    })
}

fn parse_action(input: &ActionInput, invalid: &mut Invalid, at: &str) -> Option<Action> {
    let value = input.value.as_deref().unwrap_or("").trim();
    let field = format!("{at}.value");
    let tags = |invalid: &mut Invalid| -> Vec<Tag> {
        input
            .tags
            .iter()
            .filter_map(|t| invalid.check(&format!("{at}.tags"), Tag::parse(t)))
            .collect()
    };
    Some(match input.kind.trim() {
        "set_status" => Action::SetStatus(invalid.check(&field, Status::parse(value))?),
        "set_priority" => Action::SetPriority(invalid.check(&field, Priority::parse(value))?),
        "set_type" => Action::SetType(invalid.check(&field, TicketType::parse(value))?),
        "set_group" => Action::SetGroup(invalid.check(&field, parse_id::<GroupId>(&field, value))?),
        "assign" => Action::Assign(invalid.check(&field, parse_id::<AgentId>(&field, value))?),
        "add_tags" => Action::AddTags(tags(invalid)),
        "remove_tags" => Action::RemoveTags(tags(invalid)),
        "notify" => Action::Notify {
            agents: input
                .agents
                .iter()
                .filter_map(|a| {
                    invalid.check(
                        &format!("{at}.agents"),
                        parse_id::<AgentId>(&format!("{at}.agents"), a),
                    )
                })
                .collect(),
            note: input.note.as_deref().unwrap_or("").trim().to_owned(),
        },
        "escalate" => Action::Escalate {
            to: match parse_escalate_to(input.to.as_deref().unwrap_or("")) {
                Some(to) => to,
                None => {
                    invalid.push(FieldError::new(
                        format!("{at}.to"),
                        "must be next_tier, group:<id> or agent:<id>",
                    ));
                    return None;
                }
            },
            reason: input.reason.as_deref().unwrap_or("").trim().to_owned(),
        },
        "webhook" => Action::Webhook {
            url: input.url.as_deref().unwrap_or("").trim().to_owned(),
        },
        "email_customer" => Action::EmailCustomer(
            input
                .versions
                .iter()
                .enumerate()
                .filter_map(|(v, version)| {
                    let language = invalid.check(
                        &format!("{at}.versions.{v}.language"),
                        Language::parse(&version.language),
                    )?;
                    Some(MailTemplate {
                        language,
                        subject: version.subject.trim().to_owned(),
                        text: version.text.trim().to_owned(),
                    })
                })
                .collect(),
        ),
        _ => {
            invalid.push(FieldError::new(
                format!("{at}.type"),
                "is not an action: set_status, set_priority, set_type, set_group, assign, add_tags, \
                 remove_tags, notify, escalate, email_customer or webhook",
            ));
            return None;
        }
    })
}

fn parse_trigger(
    input: &TriggerInput,
    id: TriggerId,
    created_at: Timestamp,
    now: Timestamp,
) -> Result<Trigger, Invalid> {
    let mut invalid = Invalid::default();
    let name = invalid.check("name", Name::parse(&input.name));
    let event = invalid.check("event", TriggerEvent::parse(&input.event));
    let (all, any, actions) = parse_rule(&input.all, &input.any, &input.actions, &mut invalid);
    invalid.clone().into_result()?;
    let (Some(name), Some(event)) = (name, event) else {
        return Err(invalid);
    };
    let trigger = Trigger {
        id,
        name,
        position: input.position,
        active: input.active,
        event,
        all,
        any,
        actions,
        created_at,
        updated_at: now,
    };
    trigger.validate()?;
    Ok(trigger)
}

impl App {
    /// The triggers, read at most every [`crate::cache::TTL`].
    async fn trigger_setup(&self) -> Result<Arc<Vec<Trigger>>, StoreError> {
        if let Some(triggers) = self.triggers.get(&()) {
            return Ok(triggers);
        }
        let triggers = Arc::new(self.store.list_triggers().await?);
        self.triggers.insert((), Arc::clone(&triggers));
        Ok(triggers)
    }

    /// Every trigger, in the order they run. Agents may read them.
    pub async fn triggers(&self, principal: &Principal) -> Result<Vec<Trigger>, AppError> {
        if !matches!(principal, Principal::Agent { .. }) {
            return Err(AppError::Forbidden("triggers are for agents"));
        }
        Ok(self.store.list_triggers().await?)
    }

    /// Creates (`id` absent) or replaces a trigger. Administrators only.
    pub async fn save_trigger(
        &self,
        principal: &Principal,
        id: Option<TriggerId>,
        input: TriggerInput,
    ) -> Result<Trigger, AppError> {
        admin(principal)?;
        let now = self.clock.now();
        let created_at = match id {
            None => now,
            Some(id) => {
                let existing = self.store.list_triggers().await?;
                existing
                    .iter()
                    .find(|t| t.id == id)
                    .map(|t| t.created_at)
                    .ok_or(AppError::NotFound("trigger"))?
            }
        };
        let trigger = parse_trigger(
            &input,
            id.unwrap_or_else(TriggerId::generate),
            created_at,
            now,
        )?;
        match self.store.save_trigger(trigger.clone()).await {
            Err(StoreError::Duplicate(_)) => {
                return Err(Invalid::one("name", "another trigger has this name").into());
            }
            other => other?,
        }
        self.triggers.clear();
        Ok(trigger)
    }

    pub async fn delete_trigger(
        &self,
        principal: &Principal,
        id: TriggerId,
    ) -> Result<(), AppError> {
        admin(principal)?;
        match self.store.delete_trigger(id).await {
            Err(StoreError::NotFound) => Err(AppError::NotFound("trigger")),
            other => {
                other?;
                self.triggers.clear();
                Ok(())
            }
        }
    }

    /// Runs the triggers of `event` on `ticket` (as it is about to be written), changing it and saying
    /// what else to write with it. Actions that cannot apply (a status the ticket cannot take, an agent
    /// or group that is gone) are skipped; the others still run.
    pub(crate) async fn fire_triggers(
        &self,
        event: TriggerEvent,
        ticket: &mut Ticket,
        message: Option<&Message>,
        sla_metric: Option<SlaMetric>,
        now: Timestamp,
        new_requester: Option<&Contact>,
    ) -> Result<RuleEffects, AppError> {
        let triggers = self.trigger_setup().await?;
        if !triggers.iter().any(|t| t.active && t.event == event) {
            return Ok(RuleEffects::default());
        }
        let by_tier = triggers.iter().any(|t| {
            t.all
                .iter()
                .chain(&t.any)
                .any(|c| c.field == ConditionField::ServiceTier)
        });
        let service_tier = match ticket.organization_id {
            Some(id) if by_tier => self
                .store
                .get_organization(id)
                .await?
                .map(|o| o.service_tier),
            _ => None,
        };
        let before = ticket.clone();
        let in_business_hours = self.sla_setup().await?.is_business_time(&before, now);
        let facts = Facts {
            ticket: &before,
            message,
            service_tier,
            sla_metric,
            in_business_hours,
        };
        let mut log = Vec::new();
        let fired = run_triggers(&triggers, event, facts, ticket, |ticket, action| {
            apply_field_action(ticket, action, now, &mut log);
        });
        let actions: Vec<(&str, &Action)> = fired
            .iter()
            .flat_map(|(trigger, actions)| actions.iter().map(|a| (trigger.name.as_str(), *a)))
            .collect();
        self.finish_actions(&before, ticket, log, &actions, now, new_requester)
            .await
    }
}

/// Makes a field-changing action's change to `ticket` (set a field, assign, tag), adding what changed to
/// `log`; a change the ticket cannot take (a status it cannot go to) is skipped. Other actions (notify,
/// escalate) are done by [`App::finish_actions`].
pub(crate) fn apply_field_action(
    ticket: &mut Ticket,
    action: &Action,
    now: Timestamp,
    log: &mut Vec<ayuda_core::ticket::FieldChange>,
) {
    let changes = match action {
        Action::SetStatus(s) => TicketChanges {
            status: Some(*s),
            ..TicketChanges::default()
        },
        Action::SetPriority(p) => TicketChanges {
            priority: Some(*p),
            ..TicketChanges::default()
        },
        Action::SetType(t) => TicketChanges {
            ticket_type: Some(*t),
            ..TicketChanges::default()
        },
        Action::SetGroup(g) => TicketChanges {
            group_id: Some(Some(*g)),
            ..TicketChanges::default()
        },
        Action::Assign(a) => TicketChanges {
            assignee_id: Some(Some(*a)),
            ..TicketChanges::default()
        },
        Action::AddTags(tags) | Action::RemoveTags(tags) => {
            let mut all = ticket.tags.clone();
            if matches!(action, Action::AddTags(_)) {
                all.extend(tags.iter().cloned());
            } else {
                all.retain(|t| !tags.contains(t));
            }
            TicketChanges {
                tags: Some(all),
                ..TicketChanges::default()
            }
        }
        Action::Notify { .. }
        | Action::Escalate { .. }
        | Action::EmailCustomer(_)
        | Action::Webhook { .. } => return,
    };
    if let Ok(changed) = apply_changes(ticket, &changes, now) {
        log.extend(changed);
    }
}

impl App {
    /// Finishes a rule's actions on `ticket` (already changed by [`apply_field_action`] from `before`):
    /// drops a group or agent that is gone, records the field changes, tells whom the rule names and
    /// escalates (once). Each action comes with the name of its rule, the note when it gives none.
    pub(crate) async fn finish_actions(
        &self,
        before: &Ticket,
        ticket: &mut Ticket,
        mut log: Vec<ayuda_core::ticket::FieldChange>,
        actions: &[(&str, &Action)],
        now: Timestamp,
        new_requester: Option<&Contact>,
    ) -> Result<RuleEffects, AppError> {
        let mut effects = RuleEffects::default();
        self.keep_existing_references(before, ticket, &mut log)
            .await?;
        effects
            .events
            .extend(field_events(ticket.id, Author::System, Via::Rule, log, now));
        let mut escalated = false;
        for (rule, action) in actions {
            match action {
                Action::Notify { agents, note } => {
                    let named: Vec<AgentId> = if agents.is_empty() {
                        ticket.assignee_id.into_iter().collect()
                    } else {
                        agents.clone()
                    };
                    // Agents deleted since the trigger was written are left out.
                    let mut told = Vec::with_capacity(named.len());
                    for agent in named {
                        if self.store.get_agent(agent).await?.is_some_and(|a| a.active) {
                            told.push(agent);
                        }
                    }
                    let note = if note.is_empty() { rule } else { note.as_str() };
                    for agent in told {
                        effects.notifications.push(Notification::new(
                            agent,
                            ticket.id,
                            NotificationKind::Rule,
                            note,
                            now,
                        ));
                    }
                }
                Action::Webhook { url } => {
                    effects
                        .webhooks
                        .push(crate::webhooks::queued_call(url, rule, ticket, now));
                }
                Action::EmailCustomer(templates) => {
                    if let Some(mail) = self
                        .rule_mail(ticket, templates, now, new_requester)
                        .await?
                    {
                        effects.outbox.push(mail);
                    }
                }
                // One escalation per event: a second would only move the ticket again at once.
                Action::Escalate { to, reason } if !escalated => {
                    let target = match to {
                        EscalateTo::NextTier => EscalationTarget::NextTier,
                        EscalateTo::Group(g) => EscalationTarget::Group(*g),
                        EscalateTo::Agent(a) => EscalationTarget::Agent(*a),
                    };
                    match self
                        .escalate_in_place(ticket, target, reason, Author::System, Via::Rule, now)
                        .await
                    {
                        Ok(done) => {
                            escalated = true;
                            effects.events.extend(done.events);
                            effects.notifications.extend(done.notifications);
                            effects.routing = done.routing;
                        }
                        // Nowhere to go (no next tier, a colleague who left): the rule cannot act.
                        Err(AppError::Invalid(_)) => {}
                        Err(error) => return Err(error),
                    }
                }
                _ => {}
            }
        }
        Ok(effects)
    }
}

impl App {
    /// Undoes a change to a group or an agent that no longer exists (or, for an agent, no longer
    /// works here): the foreign key would refuse the whole change, and the rest of it should stand.
    pub(crate) async fn keep_existing_references(
        &self,
        before: &Ticket,
        ticket: &mut Ticket,
        log: &mut Vec<ayuda_core::ticket::FieldChange>,
    ) -> Result<(), StoreError> {
        if let Some(group) = ticket.group_id
            && before.group_id != Some(group)
            && self.store.get_group(group).await?.is_none()
        {
            ticket.group_id = before.group_id;
            log.retain(|c| c.field != "group");
        }
        if let Some(agent) = ticket.assignee_id
            && before.assignee_id != Some(agent)
            && !self.store.get_agent(agent).await?.is_some_and(|a| a.active)
        {
            ticket.assignee_id = before.assignee_id;
            log.retain(|c| c.field != "assignee");
        }
        Ok(())
    }

    /// The mail a rule sends the requester (`new_requester` when they are created with the ticket): the version in the ticket's language, placeholders filled.
    /// `None` when there is nobody to write to, or the caps on automatic mail to them are reached (a
    /// rule must not feed a loop with an autoresponder).
    async fn rule_mail(
        &self,
        ticket: &Ticket,
        templates: &[MailTemplate],
        now: Timestamp,
        new_requester: Option<&Contact>,
    ) -> Result<Option<OutboxMail>, AppError> {
        let Some(template) = template_for(templates, &ticket.language) else {
            return Ok(None);
        };
        // A requester created with the ticket is not stored yet.
        let contact = match new_requester.filter(|c| c.id == ticket.requester_id) {
            Some(contact) => Some(contact.clone()),
            None => self.store.get_contact(ticket.requester_id).await?,
        };
        let Some(contact) = contact else {
            return Ok(None);
        };
        let Some(to) = contact
            .primary_email()
            .and_then(|a| EmailAddress::parse(a).ok())
        else {
            return Ok(None);
        };
        if !self.may_send_automatic(&to, Some(ticket.id), now).await?
            || !self
                .store
                .bounces(std::slice::from_ref(&to))
                .await?
                .is_empty()
        {
            return Ok(None);
        }
        Ok(Some(OutboxMail {
            id: OutboxId::generate(),
            ticket_id: Some(ticket.id),
            message_id: None,
            kind: OutboxKind::Rule,
            mailbox_id: self.store.ticket_mailbox(ticket.id).await?,
            to: vec![to],
            cc: Vec::new(),
            language: template.language.primary().to_owned(),
            state: OutboxState::Pending,
            attempts: 0,
            next_attempt_at: now,
            last_error: None,
            created_at: now,
            sent_at: None,
            // Placeholders are filled when the mail is composed: the ticket's number, for one, is not
            // known before a new ticket is written.
            content: Some(MailContent {
                subject: template.subject.clone(),
                text: template.text.clone(),
            }),
        }))
    }
}
