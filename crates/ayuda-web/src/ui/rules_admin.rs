//! The administration pages of rules under `/agent/admin/rules`: triggers (act when something happens to a
//! ticket), time-based automations (act on tickets that waited long enough) and macros (changes and a
//! reply an agent applies in one click). Agents and supervisors read them; administrators add, change and
//! delete them, through the same use cases as the API. [`super::rule_form`] turns the form's rows into
//! the use cases' inputs.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ayuda_app::AppError;
use ayuda_app::automation::TriggerInput;
use ayuda_app::macros::MacroInput;
use ayuda_app::timed_rules::TimedRuleInput;
use ayuda_core::agent::Role;
use ayuda_core::automation::{ConditionField, Operator, TriggerEvent};
use ayuda_core::id::{MacroId, TimedRuleId, TriggerId};
use ayuda_core::permission::Principal;
use ayuda_core::ticket::{Priority, Status, TicketType};
use ayuda_i18n::Translator;

use super::agent::{failure_in, refused_in};
use super::rule_form::{Names, RuleForm, RuleKind};
use super::session::AgentViewer;
use super::{Area, Frame, render};
use crate::WebState;

/// The most groups and agents a rule's choices list.
const CHOICES: u32 = 200;

fn frame(viewer: &AgentViewer, title: String) -> Frame {
    super::agent::frame(viewer, title, "admin")
}

fn may_change(principal: &Principal) -> bool {
    matches!(
        principal,
        Principal::Agent {
            role: Role::Admin,
            ..
        }
    )
}

/// One rule in a list.
struct RuleLine {
    href: String,
    name: String,
    /// When it acts: the event, or the status and the wait; for a macro, what it does.
    when: String,
    on: bool,
}

#[derive(Template)]
#[template(path = "agent/admin/rules.html")]
struct RulesPage {
    frame: Frame,
    may_change: bool,
    /// Kind's path, heading, about, its rules.
    kinds: Vec<(&'static str, String, String, Vec<RuleLine>)>,
}

/// `GET /agent/admin/rules`
pub async fn index(State(state): State<WebState>, viewer: AgentViewer) -> Response {
    let words = viewer.words;
    let principal = viewer.principal();
    let app = &state.app;
    let (triggers, automations, macros) = match tokio::try_join!(
        app.triggers(principal),
        app.timed_rules(principal),
        app.macros(principal)
    ) {
        Ok(all) => all,
        Err(error) => return failure_in(words, Area::Agent, &error),
    };
    let href = |kind: RuleKind, id: String| format!("/agent/admin/rules/{}/{id}", kind.path());
    let triggers = triggers
        .into_iter()
        .map(|t| RuleLine {
            href: href(RuleKind::Trigger, t.id.to_string()),
            name: t.name.as_str().to_owned(),
            when: words.t(&format!("trigger-event-{}", t.event)),
            on: t.active,
        })
        .collect();
    let automations = automations
        .into_iter()
        .map(|r| RuleLine {
            href: href(RuleKind::Automation, r.id.to_string()),
            name: r.name.as_str().to_owned(),
            when: words.t_with(
                "rules-waited",
                &[
                    ayuda_i18n::Arg::text("status", words.t(&format!("status-{}", r.status))),
                    ayuda_i18n::Arg::number("hours", r.idle_for.as_hours()),
                ],
            ),
            on: r.active,
        })
        .collect();
    let macros = macros
        .into_iter()
        .map(|m| RuleLine {
            href: href(RuleKind::Macro, m.id.to_string()),
            name: m.name.as_str().to_owned(),
            when: m
                .actions
                .iter()
                .map(|a| words.t(&format!("action-{}", a.kind())))
                .chain((!m.texts.is_empty()).then(|| words.t("rules-macro-text")))
                .collect::<Vec<_>>()
                .join(", "),
            on: true,
        })
        .collect();
    let kinds = [
        (RuleKind::Trigger, triggers),
        (RuleKind::Automation, automations),
        (RuleKind::Macro, macros),
    ]
    .into_iter()
    .map(|(kind, lines)| {
        (
            kind.path(),
            words.t(&format!("rules-{}", kind.path())),
            words.t(&format!("rules-{}-about", kind.path())),
            lines,
        )
    })
    .collect();
    render(&RulesPage {
        frame: frame(&viewer, words.t("admin-rules")),
        may_change: may_change(principal),
        kinds,
    })
}

#[derive(Template)]
#[template(path = "agent/admin/rule_form.html")]
struct RulePage {
    frame: Frame,
    kind: &'static str,
    /// Where the form is sent, and where deleting it is (for a stored rule).
    action: String,
    delete: Option<String>,
    form: RuleForm,
    may_change: bool,
    problem: Option<String>,
    events: Vec<(String, String)>,
    statuses: Vec<(String, String)>,
    condition_fields: Vec<(String, String)>,
    operators: Vec<(String, String)>,
    action_kinds: Vec<(String, String)>,
    /// Targets of an action, in labelled groups of `(value, label)`.
    targets: Vec<(String, Vec<(String, String)>)>,
}

impl RulePage {
    fn is(&self, kind: &str) -> bool {
        self.kind == kind
    }

    /// The placeholders texts may use, as typed.
    fn placeholders(&self) -> String {
        ayuda_core::canned::PLACEHOLDERS
            .iter()
            .map(|p| format!("{{{{{p}}}}}"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// A language's own name for the interface's languages, its code for others.
    fn language_name(&self, code: &str) -> String {
        ayuda_i18n::Locale::from_tag(code)
            .filter(|l| l.code() == code)
            .map_or_else(|| code.to_owned(), |l| l.native_name().to_owned())
    }
}

fn choices(words: Translator, prefix: &str, values: &[&'static str]) -> Vec<(String, String)> {
    values
        .iter()
        .map(|v| ((*v).to_owned(), words.t(&format!("{prefix}-{v}"))))
        .collect()
}

fn names_of<T: Copy>(all: &[T], name: impl Fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|v| name(*v)).collect()
}

/// The groups and agents, by name.
async fn names(state: &WebState, viewer: &AgentViewer) -> Result<Names, AppError> {
    let principal = viewer.principal();
    let groups = state
        .app
        .list_groups(principal, None, Some(CHOICES))
        .await?;
    let agents = state
        .app
        .list_agents(principal, None, Some(CHOICES))
        .await?;
    Ok(Names {
        groups: groups
            .items
            .into_iter()
            .map(|g| (g.id, g.name.as_str().to_owned()))
            .collect(),
        agents: agents
            .items
            .into_iter()
            .filter(|a| a.active)
            .map(|a| (a.id, a.name.as_str().to_owned()))
            .collect(),
    })
}

fn page(
    viewer: &AgentViewer,
    kind: RuleKind,
    id: Option<&str>,
    form: RuleForm,
    names: &Names,
    problem: Option<String>,
) -> RulePage {
    let words = viewer.words;
    let base = format!("/agent/admin/rules/{}", kind.path());
    let title = match id {
        Some(_) if !form.name.is_empty() => form.name.clone(),
        _ => words.t(&format!("rules-new-{}", kind.path())),
    };
    let mut targets = vec![
        (
            words.t("field-status"),
            choices(
                words,
                "status",
                names_of(Status::ALL, Status::as_str).as_slice(),
            )
            .into_iter()
            .map(|(v, l)| (format!("status:{v}"), l))
            .collect(),
        ),
        (
            words.t("field-priority"),
            choices(
                words,
                "priority",
                &names_of(Priority::ALL, Priority::as_str),
            )
            .into_iter()
            .map(|(v, l)| (format!("priority:{v}"), l))
            .collect(),
        ),
        (
            words.t("field-type"),
            choices(
                words,
                "type",
                &names_of(TicketType::ALL, TicketType::as_str),
            )
            .into_iter()
            .map(|(v, l)| (format!("type:{v}"), l))
            .collect(),
        ),
        (
            words.t("field-group"),
            names
                .groups
                .iter()
                .map(|(id, name)| (format!("group:{id}"), name.clone()))
                .collect(),
        ),
        (
            words.t("field-assignee"),
            names
                .agents
                .iter()
                .map(|(id, name)| (format!("agent:{id}"), name.clone()))
                .collect(),
        ),
    ];
    if kind != RuleKind::Macro {
        targets.push((
            words.t("escalate-title"),
            vec![("next_tier".to_owned(), words.t("escalate-next-tier"))],
        ));
    }
    RulePage {
        frame: frame(viewer, title),
        kind: kind.path(),
        action: id.map_or_else(|| base.clone(), |id| format!("{base}/{id}")),
        delete: id.map(|id| format!("{base}/{id}/delete")),
        form,
        may_change: may_change(viewer.principal()),
        problem,
        events: choices(
            words,
            "trigger-event",
            &names_of(TriggerEvent::ALL, TriggerEvent::as_str),
        ),
        statuses: choices(words, "status", &names_of(Status::ALL, Status::as_str)),
        condition_fields: choices(
            words,
            "condition",
            &names_of(ConditionField::ALL, ConditionField::as_str),
        ),
        operators: choices(
            words,
            "operator",
            &names_of(Operator::ALL, Operator::as_str),
        ),
        action_kinds: choices(words, "action", kind.action_kinds()),
        targets,
    }
}

fn kind_of(viewer: &AgentViewer, path: &str) -> Result<RuleKind, Box<Response>> {
    RuleKind::from_path(path).ok_or_else(|| {
        Box::new(failure_in(
            viewer.words,
            Area::Agent,
            &AppError::NotFound("rule"),
        ))
    })
}

/// `GET /agent/admin/rules/{kind}/new`
pub async fn new(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Path(kind): Path<String>,
) -> Response {
    let kind = match kind_of(&viewer, &kind) {
        Ok(kind) => kind,
        Err(response) => return *response,
    };
    let names = match names(&state, &viewer).await {
        Ok(names) => names,
        Err(error) => return failure_in(viewer.words, Area::Agent, &error),
    };
    render(&page(&viewer, kind, None, RuleForm::blank(), &names, None))
}

/// `GET /agent/admin/rules/{kind}/{id}`
pub async fn show(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Path((kind, id)): Path<(String, String)>,
) -> Response {
    let kind = match kind_of(&viewer, &kind) {
        Ok(kind) => kind,
        Err(response) => return *response,
    };
    let words = viewer.words;
    let names = match names(&state, &viewer).await {
        Ok(names) => names,
        Err(error) => return failure_in(words, Area::Agent, &error),
    };
    match stored_form(&state, &viewer, kind, &id, &names).await {
        Ok(form) => render(&page(&viewer, kind, Some(&id), form, &names, None)),
        Err(error) => failure_in(words, Area::Agent, &error),
    }
}

/// A stored rule as its form shows it.
async fn stored_form(
    state: &WebState,
    viewer: &AgentViewer,
    kind: RuleKind,
    id: &str,
    names: &Names,
) -> Result<RuleForm, AppError> {
    let principal = viewer.principal();
    let app = &state.app;
    let missing = AppError::NotFound("rule");
    let blank = RuleForm::default();
    Ok(match kind {
        RuleKind::Trigger => {
            let id: TriggerId = id.parse().map_err(|_| AppError::NotFound("rule"))?;
            let trigger = app
                .triggers(principal)
                .await?
                .into_iter()
                .find(|t| t.id == id)
                .ok_or(missing)?;
            RuleForm {
                name: trigger.name.as_str().to_owned(),
                position: trigger.position.to_string(),
                active: trigger.active,
                event: trigger.event.as_str().to_owned(),
                ..blank
            }
            .with_rule(&trigger.all, &trigger.any, &trigger.actions, names)
        }
        RuleKind::Automation => {
            let id: TimedRuleId = id.parse().map_err(|_| AppError::NotFound("rule"))?;
            let rule = app
                .timed_rules(principal)
                .await?
                .into_iter()
                .find(|r| r.id == id)
                .ok_or(missing)?;
            RuleForm {
                name: rule.name.as_str().to_owned(),
                position: rule.position.to_string(),
                active: rule.active,
                status: rule.status.as_str().to_owned(),
                idle_hours: rule.idle_for.as_hours().to_string(),
                ..blank
            }
            .with_rule(&rule.all, &rule.any, &rule.actions, names)
        }
        RuleKind::Macro => {
            let id: MacroId = id.parse().map_err(|_| AppError::NotFound("rule"))?;
            let found = app
                .macros(principal)
                .await?
                .into_iter()
                .find(|m| m.id == id)
                .ok_or(missing)?;
            let mut form = RuleForm {
                name: found.name.as_str().to_owned(),
                note: found.note,
                ..blank
            };
            form.texts = found
                .texts
                .iter()
                .map(|t| super::rule_form::LanguageText {
                    language: t.language.as_str().to_owned(),
                    subject: String::new(),
                    text: t.text.clone(),
                })
                .collect();
            form.with_rule(&[], &[], &found.actions, names)
        }
    })
}

/// Saves the submitted form as a new rule (`id` none) or over a stored one.
async fn save(
    state: &WebState,
    viewer: &AgentViewer,
    kind: RuleKind,
    id: Option<&str>,
    form: &RuleForm,
    names: &Names,
) -> Result<(), AppError> {
    let principal = viewer.principal();
    let app = &state.app;
    let bad_id = || AppError::NotFound("rule");
    let position = form.position.trim().parse::<i32>().unwrap_or(0);
    let (all, any) = form.conditions(names);
    match kind {
        RuleKind::Trigger => {
            let id = id
                .map(|id| id.parse::<TriggerId>().map_err(|_| bad_id()))
                .transpose()?;
            let input = TriggerInput {
                name: form.name.clone(),
                position,
                active: form.active,
                event: form.event.clone(),
                all,
                any,
                actions: form.actions(),
            };
            app.save_trigger(principal, id, input).await.map(|_| ())
        }
        RuleKind::Automation => {
            let id = id
                .map(|id| id.parse::<TimedRuleId>().map_err(|_| bad_id()))
                .transpose()?;
            let idle_hours = form.idle_hours.trim().parse::<i64>().map_err(|_| {
                AppError::from(ayuda_core::Invalid::one(
                    "idle_hours",
                    "must be a whole number of hours",
                ))
            })?;
            let input = TimedRuleInput {
                name: form.name.clone(),
                position,
                active: form.active,
                status: form.status.clone(),
                idle_hours,
                all,
                any,
                actions: form.actions(),
            };
            app.save_timed_rule(principal, id, input).await.map(|_| ())
        }
        RuleKind::Macro => {
            let id = id
                .map(|id| id.parse::<MacroId>().map_err(|_| bad_id()))
                .transpose()?;
            let input = MacroInput {
                name: form.name.clone(),
                actions: form.row_actions(),
                texts: form.macro_texts(),
                note: form.note,
            };
            app.save_macro(principal, id, input).await.map(|_| ())
        }
    }
}

async fn submit(
    state: WebState,
    viewer: AgentViewer,
    kind: &str,
    id: Option<String>,
    pairs: Vec<(String, String)>,
) -> Response {
    if !viewer.csrf_ok(super::fields::pair(&pairs, "csrf").unwrap_or_default()) {
        return refused_in(viewer.words, Area::Agent);
    }
    let kind = match kind_of(&viewer, kind) {
        Ok(kind) => kind,
        Err(response) => return *response,
    };
    let words = viewer.words;
    let names = match names(&state, &viewer).await {
        Ok(names) => names,
        Err(error) => return failure_in(words, Area::Agent, &error),
    };
    let form = RuleForm::from_pairs(&pairs);
    match save(&state, &viewer, kind, id.as_deref(), &form, &names).await {
        Ok(()) => Redirect::to("/agent/admin/rules").into_response(),
        Err(AppError::Invalid(invalid)) => {
            let shown = page(
                &viewer,
                kind,
                id.as_deref(),
                form.padded(),
                &names,
                Some(invalid.to_string()),
            );
            (StatusCode::UNPROCESSABLE_ENTITY, render(&shown)).into_response()
        }
        Err(error) => failure_in(words, Area::Agent, &error),
    }
}

/// `POST /agent/admin/rules/{kind}`: adds one.
pub async fn create(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Path(kind): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    submit(state, viewer, &kind, None, pairs).await
}

/// `POST /agent/admin/rules/{kind}/{id}`: changes one.
pub async fn update(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Path((kind, id)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    submit(state, viewer, &kind, Some(id), pairs).await
}

/// `POST /agent/admin/rules/{kind}/{id}/delete`
pub async fn delete(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Path((kind, id)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    if !viewer.csrf_ok(super::fields::pair(&pairs, "csrf").unwrap_or_default()) {
        return refused_in(viewer.words, Area::Agent);
    }
    let kind = match kind_of(&viewer, &kind) {
        Ok(kind) => kind,
        Err(response) => return *response,
    };
    let principal = viewer.principal();
    let app = &state.app;
    let missing = || AppError::NotFound("rule");
    let deleted = match kind {
        RuleKind::Trigger => match id.parse::<TriggerId>() {
            Ok(id) => app.delete_trigger(principal, id).await,
            Err(_) => Err(missing()),
        },
        RuleKind::Automation => match id.parse::<TimedRuleId>() {
            Ok(id) => app.delete_timed_rule(principal, id).await,
            Err(_) => Err(missing()),
        },
        RuleKind::Macro => match id.parse::<MacroId>() {
            Ok(id) => app.delete_macro(principal, id).await,
            Err(_) => Err(missing()),
        },
    };
    match deleted {
        Ok(()) => Redirect::to("/agent/admin/rules").into_response(),
        Err(error) => failure_in(viewer.words, Area::Agent, &error),
    }
}
