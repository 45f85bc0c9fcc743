//! Triggers: rules that act on a ticket when something happens to it. Each has an event (created,
//! updated, customer replied, SLA warning, SLA breach), conditions on the ticket, its newest message and
//! the requester's service tier, and actions (set fields, assign, tag, notify, escalate).
//!
//! Loops are impossible by construction: the changes triggers make are not events themselves, so no
//! trigger fires because of another trigger's (or its own) action; on one event each trigger fires at
//! most once, in order, each seeing what the earlier ones changed; and one event runs at most
//! [`MAX_ACTIONS_PER_EVENT`] actions. Time-based automations ([`TimedRule`]) share the conditions and
//! actions.

use crate::contact::ServiceTier;
use crate::error::{FieldError, Invalid};
use crate::id::{AgentId, GroupId, TriggerId};
use crate::message::Message;
use crate::sla::SlaMetric;
use crate::text::{Language, Name, Tag};
use crate::ticket::{Priority, Status, Ticket, TicketType};
use jiff::Timestamp;

/// The most actions one event runs, over all triggers.
pub const MAX_ACTIONS_PER_EVENT: usize = 25;
/// The most conditions and the most actions one trigger has.
pub const MAX_CONDITIONS: usize = 30;
pub const MAX_ACTIONS: usize = 20;
/// The most triggers an installation keeps.
pub const MAX_TRIGGERS: u32 = 500;

string_enum!(
    /// What happened to the ticket.
    TriggerEvent {
        TicketCreated = "ticket_created",
        TicketUpdated = "ticket_updated",
        CustomerReplied = "customer_replied",
        SlaWarning = "sla_warning",
        SlaBreach = "sla_breach",
    }
);

string_enum!(
    /// What a condition looks at.
    ConditionField {
        Status = "status",
        Priority = "priority",
        Type = "type",
        Channel = "channel",
        Group = "group",
        Assignee = "assignee",
        Language = "language",
        Tag = "tag",
        /// The requester's organization's tier (`basic` without one).
        ServiceTier = "service_tier",
        Subject = "subject",
        /// The text of the message that came with the event.
        Message = "message",
        /// The SLA target of an SLA warning or breach.
        SlaMetric = "sla_metric",
        /// `within` or `outside` the business hours that apply to the ticket (its SLA policy's calendar,
        /// else the first calendar kept; every hour without one).
        BusinessHours = "business_hours",
    }
);

string_enum!(
    /// How a condition compares. `is` and `is_not` compare whole values (case-insensitively); `contains`
    /// and `not_contains` look for the value in text, or among the tags.
    Operator { Is = "is", IsNot = "is_not", Contains = "contains", NotContains = "not_contains" }
);

/// One condition: `field operator value`. An empty value stands for "none" (no group, no assignee).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    pub field: ConditionField,
    pub operator: Operator,
    pub value: String,
}

/// Where an escalation action sends the ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EscalateTo {
    NextTier,
    Group(GroupId),
    Agent(AgentId),
}

/// What a trigger does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    SetStatus(Status),
    SetPriority(Priority),
    SetType(TicketType),
    SetGroup(GroupId),
    Assign(AgentId),
    AddTags(Vec<Tag>),
    RemoveTags(Vec<Tag>),
    /// Tells these agents, or the assignee when the list is empty, with a note.
    Notify {
        agents: Vec<AgentId>,
        note: String,
    },
    Escalate {
        to: EscalateTo,
        reason: String,
    },
    /// Emails the requester, in the ticket's language when a version is written in it.
    EmailCustomer(Vec<MailTemplate>),
    /// Posts the ticket as JSON to this `http(s)` address, signed with the installation's webhook key.
    Webhook {
        url: String,
    },
}

/// The longest webhook address.
pub const MAX_URL_CHARS: usize = 2_000;

/// Checks a webhook address: `http://` or `https://`, a host, no spaces, not too long.
pub fn check_webhook_url(url: &str) -> Result<(), FieldError> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or(""));
    if url.chars().count() > MAX_URL_CHARS
        || url.chars().any(char::is_whitespace)
        || host.is_none_or(|h| h.is_empty() || h.starts_with(':') || h.contains('@'))
    {
        return Err(FieldError::new(
            "url",
            "must be an http:// or https:// address with a host",
        ));
    }
    Ok(())
}

/// One language's version of a rule's mail. Subject and text may use the canned responses' placeholders
/// (`{{customer.first_name}}`, `{{ticket.number}}`, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailTemplate {
    pub language: Language,
    pub subject: String,
    pub text: String,
}

/// The version of `templates` to send on a ticket in `language`: the same language, else the same
/// primary language, else English, else the first.
pub fn template_for<'a>(
    templates: &'a [MailTemplate],
    language: &Language,
) -> Option<&'a MailTemplate> {
    crate::text::version_for(templates, language, |t| &t.language)
}

/// Checks what triggers and automations share: one to [`MAX_ACTIONS`] actions, at most
/// [`MAX_CONDITIONS`] conditions whose values mean something for their fields, and the actions' own
/// requirements ([`check_actions`]).
pub(crate) fn check_rule(
    all: &[Condition],
    any: &[Condition],
    actions: &[Action],
    invalid: &mut Invalid,
) {
    if actions.is_empty() {
        invalid.push(FieldError::new("actions", "must do at least one thing"));
    }
    if actions.len() > MAX_ACTIONS {
        invalid.push(FieldError::new(
            "actions",
            format!("must be at most {MAX_ACTIONS}"),
        ));
    }
    if all.len() + any.len() > MAX_CONDITIONS {
        invalid.push(FieldError::new(
            "conditions",
            format!("must be at most {MAX_CONDITIONS}"),
        ));
    }
    for (list, conditions) in [("all", all), ("any", any)] {
        for (i, condition) in conditions.iter().enumerate() {
            if let Err(e) = condition.check_value() {
                invalid.push(e.within(&format!("{list}.{i}")));
            }
        }
    }
    check_actions(actions, invalid);
}

/// Checks what every rule's actions must be: escalations say why; mail has a version, one per language,
/// each with a subject and a text whose placeholders exist.
pub(crate) fn check_actions(actions: &[Action], invalid: &mut Invalid) {
    for (i, action) in actions.iter().enumerate() {
        match action {
            Action::Escalate { reason, .. } if reason.trim().is_empty() => {
                invalid.push(FieldError::new(
                    format!("actions.{i}.reason"),
                    "must say why the ticket is escalated",
                ));
            }
            Action::Webhook { url } => {
                if let Err(e) = check_webhook_url(url) {
                    invalid.push(e.within(&format!("actions.{i}")));
                }
            }
            Action::EmailCustomer(templates) => {
                if templates.is_empty() {
                    invalid.push(FieldError::new(
                        format!("actions.{i}.versions"),
                        "must have a version in at least one language",
                    ));
                }
                for (v, template) in templates.iter().enumerate() {
                    let at = format!("actions.{i}.versions.{v}");
                    if templates[..v]
                        .iter()
                        .any(|t| t.language == template.language)
                    {
                        invalid.push(FieldError::new(
                            format!("{at}.language"),
                            "has a version already",
                        ));
                    }
                    if template.subject.trim().is_empty() || template.subject.chars().count() > 200
                    {
                        invalid.push(FieldError::new(
                            format!("{at}.subject"),
                            "must be 1 to 200 characters",
                        ));
                    } else if let Err(e) = crate::canned::parse_body(&template.subject) {
                        invalid.push(e.within(&format!("{at}.subject")));
                    }
                    if let Err(e) = crate::canned::parse_body(&template.text) {
                        invalid.push(e.within(&format!("{at}.text")));
                    }
                }
            }
            _ => {}
        }
    }
}

impl Action {
    /// The action's name in the API and in stored triggers.
    pub fn kind(&self) -> &'static str {
        match self {
            Action::SetStatus(_) => "set_status",
            Action::SetPriority(_) => "set_priority",
            Action::SetType(_) => "set_type",
            Action::SetGroup(_) => "set_group",
            Action::Assign(_) => "assign",
            Action::AddTags(_) => "add_tags",
            Action::RemoveTags(_) => "remove_tags",
            Action::Notify { .. } => "notify",
            Action::Escalate { .. } => "escalate",
            Action::EmailCustomer(_) => "email_customer",
            Action::Webhook { .. } => "webhook",
        }
    }
}

/// A trigger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trigger {
    pub id: TriggerId,
    pub name: Name,
    /// Triggers run lowest first.
    pub position: i32,
    pub active: bool,
    pub event: TriggerEvent,
    /// Every one of these must hold...
    pub all: Vec<Condition>,
    /// ...and at least one of these, when there are any.
    pub any: Vec<Condition>,
    pub actions: Vec<Action>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Trigger {
    /// Checks the sizes and that every condition's value means something for its field.
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut invalid = Invalid::default();
        check_rule(&self.all, &self.any, &self.actions, &mut invalid);
        invalid.into_result()
    }

    /// Whether the trigger fires for `event` on what `facts` describe.
    pub fn fires(&self, event: TriggerEvent, facts: &Facts<'_>) -> bool {
        self.active
            && self.event == event
            && self.all.iter().all(|c| c.holds(facts))
            && (self.any.is_empty() || self.any.iter().any(|c| c.holds(facts)))
    }
}

/// What conditions look at besides the ticket.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    pub ticket: &'a Ticket,
    pub message: Option<&'a Message>,
    pub service_tier: Option<ServiceTier>,
    pub sla_metric: Option<SlaMetric>,
    /// Whether the event (or the automation's run) falls within the ticket's business hours.
    pub in_business_hours: bool,
}

impl Condition {
    /// Checks that the value means something for the field (a known status, an id, ...).
    pub fn check_value(&self) -> Result<(), FieldError> {
        let value = self.value.trim();
        let text_only = matches!(
            self.field,
            ConditionField::Subject | ConditionField::Message | ConditionField::Tag
        );
        if matches!(self.operator, Operator::Contains | Operator::NotContains) && !text_only {
            return Err(FieldError::new(
                "operator",
                "contains is for the subject, the message and tags",
            ));
        }
        let known = |ok: bool| {
            if ok || value.is_empty() {
                Ok(())
            } else {
                Err(FieldError::new("value", "is not a value of this field"))
            }
        };
        match self.field {
            ConditionField::Status => known(Status::parse(value).is_ok()),
            ConditionField::Priority => known(Priority::parse(value).is_ok()),
            ConditionField::Type => known(TicketType::parse(value).is_ok()),
            ConditionField::Channel => known(crate::ticket::Channel::parse(value).is_ok()),
            ConditionField::ServiceTier => known(ServiceTier::parse(value).is_ok()),
            ConditionField::SlaMetric => known(SlaMetric::parse(value).is_ok()),
            ConditionField::Group => known(value.parse::<GroupId>().is_ok()),
            ConditionField::Assignee => known(value.parse::<AgentId>().is_ok()),
            ConditionField::Language => known(crate::text::Language::parse(value).is_ok()),
            ConditionField::BusinessHours => known(value == "within" || value == "outside"),
            ConditionField::Tag | ConditionField::Subject | ConditionField::Message => Ok(()),
        }
    }

    pub fn holds(&self, facts: &Facts<'_>) -> bool {
        let ticket = facts.ticket;
        let wanted = self.value.trim().to_lowercase();
        let single = |actual: Option<String>| {
            let actual = actual.unwrap_or_default().to_lowercase();
            match self.operator {
                Operator::Is => actual == wanted,
                Operator::IsNot => actual != wanted,
                // Refused by `check_value`; a stored one that slipped through never matches.
                Operator::Contains | Operator::NotContains => false,
            }
        };
        let text = |actual: &str| {
            let actual = actual.to_lowercase();
            match self.operator {
                Operator::Is => actual.trim() == wanted,
                Operator::IsNot => actual.trim() != wanted,
                Operator::Contains => actual.contains(&wanted),
                Operator::NotContains => !actual.contains(&wanted),
            }
        };
        match self.field {
            ConditionField::Status => single(Some(ticket.status.as_str().into())),
            ConditionField::Priority => single(Some(ticket.priority.as_str().into())),
            ConditionField::Type => single(Some(ticket.ticket_type.as_str().into())),
            ConditionField::Channel => single(Some(ticket.channel.as_str().into())),
            ConditionField::Group => single(ticket.group_id.map(|g| g.to_string())),
            ConditionField::Assignee => single(ticket.assignee_id.map(|a| a.to_string())),
            ConditionField::Language => {
                let language = ticket.language.as_str().to_lowercase();
                let primary = ticket.language.primary().to_lowercase();
                match self.operator {
                    Operator::Is => language == wanted || primary == wanted,
                    Operator::IsNot => language != wanted && primary != wanted,
                    Operator::Contains | Operator::NotContains => false,
                }
            }
            ConditionField::ServiceTier => single(Some(
                facts
                    .service_tier
                    .unwrap_or(ServiceTier::Basic)
                    .as_str()
                    .into(),
            )),
            ConditionField::SlaMetric => single(facts.sla_metric.map(|m| m.as_str().into())),
            ConditionField::BusinessHours => single(Some(
                if facts.in_business_hours {
                    "within"
                } else {
                    "outside"
                }
                .into(),
            )),
            ConditionField::Subject => text(ticket.subject.as_str()),
            ConditionField::Message => text(facts.message.map_or("", |m| m.body_text.as_str())),
            ConditionField::Tag => {
                let has = ticket.tags.iter().any(|t| t.as_str() == wanted);
                match self.operator {
                    Operator::Is | Operator::Contains => has,
                    Operator::IsNot | Operator::NotContains => !has,
                }
            }
        }
    }
}

/// The actions `triggers` take for `event`, in order, each trigger firing at most once and seeing the
/// ticket as the earlier ones left it (`apply` makes an action's change to the ticket and says whether
/// it could). Stops at [`MAX_ACTIONS_PER_EVENT`]. Returns the triggers that fired with their actions.
pub fn run_triggers<'t>(
    triggers: &'t [Trigger],
    event: TriggerEvent,
    facts: Facts<'_>,
    ticket: &mut Ticket,
    mut apply: impl FnMut(&mut Ticket, &Action),
) -> Vec<(&'t Trigger, Vec<&'t Action>)> {
    let mut fired = Vec::new();
    let mut budget = MAX_ACTIONS_PER_EVENT;
    let mut ordered: Vec<&Trigger> = triggers.iter().collect();
    ordered.sort_by_key(|t| (t.position, t.id));
    for trigger in ordered {
        if budget == 0 {
            break;
        }
        let current = ticket.clone();
        let facts = Facts {
            ticket: &current,
            ..facts
        };
        if !trigger.fires(event, &facts) {
            continue;
        }
        let mut taken = Vec::new();
        for action in trigger.actions.iter().take(budget) {
            apply(ticket, action);
            taken.push(action);
        }
        budget -= taken.len();
        fired.push((trigger, taken));
    }
    fired
}

mod timed;

pub use timed::{MAX_IDLE, MAX_TIMED_RULES, MIN_IDLE, TimedRule};

#[cfg(test)]
mod tests;
