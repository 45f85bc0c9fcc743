//! `/api/v1/triggers` (rules that act on a ticket when something happens to it) and
//! `/api/v1/automations` (rules that act on tickets that waited long enough). Agents read them;
//! administrators change them.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ayuda_app::automation::{ActionInput, ConditionInput, MailVersionInput, TriggerInput};
use ayuda_app::timed_rules::TimedRuleInput;
use ayuda_core::automation::{Action, Condition, TimedRule, Trigger};
use ayuda_core::id::{TimedRuleId, TriggerId};
use ayuda_store::codec::automation::escalate_to_text;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::WebState;
use crate::extract::{ApiJson, Auth, IdPath};
use crate::problem::{ApiError, Problem};
use crate::views::ListView;

/// One condition: `field operator value`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ConditionBody {
    /// `status`, `priority`, `type`, `channel`, `group`, `assignee`, `language`, `tag`, `service_tier`,
    /// `subject`, `message`, `sla_metric` or `business_hours` (`within` or `outside` the hours of the
    /// ticket's SLA calendar, else of the first calendar).
    pub field: String,
    /// `is`, `is_not`, `contains` or `not_contains` (the last two for the subject, the message and tags).
    pub operator: String,
    /// The value compared with; empty for "none" (no group, nobody assigned).
    #[serde(default)]
    pub value: String,
}

/// One action; `type` says which of the other fields it reads.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ActionBody {
    /// `set_status`, `set_priority`, `set_type`, `set_group`, `assign` (with `value`); `add_tags`,
    /// `remove_tags` (with `tags`); `notify` (with `agents`, the assignee when empty, and `note`);
    /// `escalate` (with `to` and `reason`).
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agents: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// `next_tier`, `group:<id>` or `agent:<id>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// For `email_customer`: the mail in each language; the ticket's language is chosen, else English,
    /// else the first. Subject and text may use `{{customer.name}}`, `{{customer.first_name}}`,
    /// `{{ticket.number}}`, `{{ticket.subject}}`, `{{agent.name}}`, `{{agent.first_name}}`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<MailVersionBody>,
    /// For `webhook`: the `http://` or `https://` address the ticket is posted to, as JSON signed with
    /// the key at `GET /api/v1/webhooks/key` (header `Ayuda-Signature: t=<seconds>,v1=<hex HMAC-SHA256 of
    /// "<seconds>.<body>">`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// One language's version of a rule's mail.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MailVersionBody {
    /// A language code such as `es`.
    pub language: String,
    pub subject: String,
    pub text: String,
}

/// A trigger: on `event`, when every `all` condition and one of the `any` conditions (if any) hold,
/// take the `actions`. Changes made by triggers fire no triggers themselves.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TriggerBody {
    pub name: String,
    /// Triggers run lowest first.
    #[serde(default)]
    pub position: i32,
    #[serde(default = "active")]
    pub active: bool,
    /// `ticket_created`, `ticket_updated`, `customer_replied`, `sla_warning` or `sla_breach`.
    pub event: String,
    #[serde(default)]
    pub all: Vec<ConditionBody>,
    #[serde(default)]
    pub any: Vec<ConditionBody>,
    pub actions: Vec<ActionBody>,
}

fn active() -> bool {
    true
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TriggerView {
    pub id: uuid::Uuid,
    #[serde(flatten)]
    pub trigger: TriggerBody,
    pub created_at: String,
    pub updated_at: String,
}

fn condition_body(c: Condition) -> ConditionBody {
    ConditionBody {
        field: c.field.as_str().to_owned(),
        operator: c.operator.as_str().to_owned(),
        value: c.value,
    }
}

pub(crate) fn action_body(action: Action) -> ActionBody {
    let mut body = ActionBody {
        kind: action.kind().to_owned(),
        value: None,
        tags: Vec::new(),
        agents: Vec::new(),
        note: None,
        to: None,
        reason: None,
        versions: Vec::new(),
        url: None,
    };
    match action {
        Action::SetStatus(s) => body.value = Some(s.as_str().to_owned()),
        Action::SetPriority(p) => body.value = Some(p.as_str().to_owned()),
        Action::SetType(t) => body.value = Some(t.as_str().to_owned()),
        Action::SetGroup(g) => body.value = Some(g.to_string()),
        Action::Assign(a) => body.value = Some(a.to_string()),
        Action::AddTags(tags) | Action::RemoveTags(tags) => {
            body.tags = tags.iter().map(|t| t.as_str().to_owned()).collect();
        }
        Action::Notify { agents, note } => {
            body.agents = agents.iter().map(ToString::to_string).collect();
            body.note = Some(note);
        }
        Action::Escalate { to, reason } => {
            body.to = Some(escalate_to_text(&to));
            body.reason = Some(reason);
        }
        Action::Webhook { url } => body.url = Some(url),
        Action::EmailCustomer(templates) => {
            body.versions = templates
                .into_iter()
                .map(|t| MailVersionBody {
                    language: t.language.as_str().to_owned(),
                    subject: t.subject,
                    text: t.text,
                })
                .collect();
        }
    }
    body
}

impl From<Trigger> for TriggerView {
    fn from(t: Trigger) -> TriggerView {
        TriggerView {
            id: t.id.0,
            trigger: TriggerBody {
                name: t.name.as_str().to_owned(),
                position: t.position,
                active: t.active,
                event: t.event.as_str().to_owned(),
                all: t.all.into_iter().map(condition_body).collect(),
                any: t.any.into_iter().map(condition_body).collect(),
                actions: t.actions.into_iter().map(action_body).collect(),
            },
            created_at: t.created_at.to_string(),
            updated_at: t.updated_at.to_string(),
        }
    }
}

fn condition_input(c: ConditionBody) -> ConditionInput {
    ConditionInput {
        field: c.field,
        operator: c.operator,
        value: c.value,
    }
}

pub(crate) fn action_input(a: ActionBody) -> ActionInput {
    ActionInput {
        kind: a.kind,
        value: a.value,
        tags: a.tags,
        agents: a.agents,
        note: a.note,
        to: a.to,
        reason: a.reason,
        versions: a
            .versions
            .into_iter()
            .map(|v| MailVersionInput {
                language: v.language,
                subject: v.subject,
                text: v.text,
            })
            .collect(),
        url: a.url,
    }
}

fn input(body: TriggerBody) -> TriggerInput {
    TriggerInput {
        name: body.name,
        position: body.position,
        active: body.active,
        event: body.event,
        all: body.all.into_iter().map(condition_input).collect(),
        any: body.any.into_iter().map(condition_input).collect(),
        actions: body.actions.into_iter().map(action_input).collect(),
    }
}

/// A time-based automation: on tickets in `status` that nothing changed for `idle_hours`, when the
/// conditions hold, take the `actions`. The actions must stop it from matching again (another status, or a
/// tag its conditions rule out).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AutomationBody {
    pub name: String,
    #[serde(default)]
    pub position: i32,
    #[serde(default = "active")]
    pub active: bool,
    /// `new`, `open`, `pending`, `on_hold`, `solved` or `closed`.
    pub status: String,
    /// 1 to 8784 (366 days).
    pub idle_hours: i64,
    #[serde(default)]
    pub all: Vec<ConditionBody>,
    #[serde(default)]
    pub any: Vec<ConditionBody>,
    pub actions: Vec<ActionBody>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AutomationView {
    pub id: uuid::Uuid,
    #[serde(flatten)]
    pub automation: AutomationBody,
    pub created_at: String,
    pub updated_at: String,
}

impl From<TimedRule> for AutomationView {
    fn from(r: TimedRule) -> AutomationView {
        AutomationView {
            id: r.id.0,
            automation: AutomationBody {
                name: r.name.as_str().to_owned(),
                position: r.position,
                active: r.active,
                status: r.status.as_str().to_owned(),
                idle_hours: r.idle_for.as_hours(),
                all: r.all.into_iter().map(condition_body).collect(),
                any: r.any.into_iter().map(condition_body).collect(),
                actions: r.actions.into_iter().map(action_body).collect(),
            },
            created_at: r.created_at.to_string(),
            updated_at: r.updated_at.to_string(),
        }
    }
}

fn automation_input(body: AutomationBody) -> TimedRuleInput {
    TimedRuleInput {
        name: body.name,
        position: body.position,
        active: body.active,
        status: body.status,
        idle_hours: body.idle_hours,
        all: body.all.into_iter().map(condition_input).collect(),
        any: body.any.into_iter().map(condition_input).collect(),
        actions: body.actions.into_iter().map(action_input).collect(),
    }
}

/// List the triggers in the order they run.
#[utoipa::path(get, path = "/api/v1/triggers", tag = "triggers",
    responses((status = 200, description = "Every trigger", body = ListView<TriggerView>)))]
pub async fn list_triggers(
    State(state): State<WebState>,
    Auth(session): Auth,
) -> Result<Json<ListView<TriggerView>>, ApiError> {
    let triggers = state.app.triggers(&session.principal).await?;
    Ok(Json(ListView {
        items: triggers.into_iter().map(TriggerView::from).collect(),
        next_cursor: None,
    }))
}

/// Create a trigger (administrators).
#[utoipa::path(post, path = "/api/v1/triggers", tag = "triggers", request_body = TriggerBody,
    responses((status = 201, description = "Created", body = TriggerView), (status = 422, description = "Invalid event, conditions or actions", body = Problem)))]
pub async fn create_trigger(
    State(state): State<WebState>,
    Auth(session): Auth,
    ApiJson(body): ApiJson<TriggerBody>,
) -> Result<(StatusCode, Json<TriggerView>), ApiError> {
    let trigger = state
        .app
        .save_trigger(&session.principal, None, input(body))
        .await?;
    Ok((StatusCode::CREATED, Json(trigger.into())))
}

/// Replace a trigger (administrators).
#[utoipa::path(put, path = "/api/v1/triggers/{id}", tag = "triggers", request_body = TriggerBody,
    params(("id" = uuid::Uuid, Path, description = "The trigger")),
    responses((status = 200, description = "Replaced", body = TriggerView), (status = 404, description = "No such trigger", body = Problem)))]
pub async fn update_trigger(
    State(state): State<WebState>,
    Auth(session): Auth,
    IdPath(id): IdPath<TriggerId>,
    ApiJson(body): ApiJson<TriggerBody>,
) -> Result<Json<TriggerView>, ApiError> {
    let trigger = state
        .app
        .save_trigger(&session.principal, Some(id), input(body))
        .await?;
    Ok(Json(trigger.into()))
}

/// Delete a trigger (administrators).
#[utoipa::path(delete, path = "/api/v1/triggers/{id}", tag = "triggers",
    params(("id" = uuid::Uuid, Path, description = "The trigger")),
    responses((status = 204, description = "Deleted"), (status = 404, description = "No such trigger", body = Problem)))]
pub async fn delete_trigger(
    State(state): State<WebState>,
    Auth(session): Auth,
    IdPath(id): IdPath<TriggerId>,
) -> Result<StatusCode, ApiError> {
    state.app.delete_trigger(&session.principal, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// List the time-based automations in the order they run.
#[utoipa::path(get, path = "/api/v1/automations", tag = "triggers",
    responses((status = 200, description = "Every automation", body = ListView<AutomationView>)))]
pub async fn list_automations(
    State(state): State<WebState>,
    Auth(session): Auth,
) -> Result<Json<ListView<AutomationView>>, ApiError> {
    let rules = state.app.timed_rules(&session.principal).await?;
    Ok(Json(ListView {
        items: rules.into_iter().map(AutomationView::from).collect(),
        next_cursor: None,
    }))
}

/// Create a time-based automation (administrators).
#[utoipa::path(post, path = "/api/v1/automations", tag = "triggers", request_body = AutomationBody,
    responses((status = 201, description = "Created", body = AutomationView), (status = 422, description = "Invalid status, wait, conditions or actions", body = Problem)))]
pub async fn create_automation(
    State(state): State<WebState>,
    Auth(session): Auth,
    ApiJson(body): ApiJson<AutomationBody>,
) -> Result<(StatusCode, Json<AutomationView>), ApiError> {
    let rule = state
        .app
        .save_timed_rule(&session.principal, None, automation_input(body))
        .await?;
    Ok((StatusCode::CREATED, Json(rule.into())))
}

/// Replace a time-based automation (administrators).
#[utoipa::path(put, path = "/api/v1/automations/{id}", tag = "triggers", request_body = AutomationBody,
    params(("id" = uuid::Uuid, Path, description = "The automation")),
    responses((status = 200, description = "Replaced", body = AutomationView), (status = 404, description = "No such automation", body = Problem)))]
pub async fn update_automation(
    State(state): State<WebState>,
    Auth(session): Auth,
    IdPath(id): IdPath<TimedRuleId>,
    ApiJson(body): ApiJson<AutomationBody>,
) -> Result<Json<AutomationView>, ApiError> {
    let rule = state
        .app
        .save_timed_rule(&session.principal, Some(id), automation_input(body))
        .await?;
    Ok(Json(rule.into()))
}

/// Delete a time-based automation (administrators).
#[utoipa::path(delete, path = "/api/v1/automations/{id}", tag = "triggers",
    params(("id" = uuid::Uuid, Path, description = "The automation")),
    responses((status = 204, description = "Deleted"), (status = 404, description = "No such automation", body = Problem)))]
pub async fn delete_automation(
    State(state): State<WebState>,
    Auth(session): Auth,
    IdPath(id): IdPath<TimedRuleId>,
) -> Result<StatusCode, ApiError> {
    state.app.delete_timed_rule(&session.principal, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The key webhook calls are signed with.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookKeyView {
    /// 32 bytes in hex. A call carries `Ayuda-Signature: t=<unix seconds>,v1=<hex>`, the hex being
    /// HMAC-SHA256 with this key over `<t>.<body>`.
    pub key: String,
}

/// The key webhook calls are signed with (administrators), for the receivers to check them.
#[utoipa::path(get, path = "/api/v1/webhooks/key", tag = "triggers",
    responses((status = 200, description = "The signing key", body = WebhookKeyView), (status = 403, description = "Not an administrator", body = Problem)))]
pub async fn webhook_key(
    State(state): State<WebState>,
    Auth(session): Auth,
) -> Result<Json<WebhookKeyView>, ApiError> {
    let key = state.app.webhook_signing_key(&session.principal).await?;
    Ok(Json(WebhookKeyView { key }))
}
