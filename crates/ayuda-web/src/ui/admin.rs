//! The administration screens under `/agent/admin`: agents, groups, organizations, contacts, custom fields
//! and mailboxes (each a list, a form to add one and a page to change one), the roles and what each may do,
//! and the settings in effect. Every change goes through the same use cases as the API, so the same
//! permissions apply: agents and supervisors see what they may read, only administrators change it.
//!
//! The screens share one list template and one form template; [`super::admin_sections`] says what each
//! section lists and asks.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ayuda_app::AppError;
use ayuda_core::agent::Role;
use ayuda_core::id::AgentId;
use ayuda_core::permission::{self, Operation, Principal, Resource};
use ayuda_i18n::Translator;
use serde::Deserialize;

use super::admin_sections::{self as sections, Section};
use super::agent::{failure_in, refused_in};
use super::session::AgentViewer;
use super::{Area, Frame, assets, render};
use crate::WebState;

/// How a form field is entered.
#[derive(Debug, Clone)]
pub enum Input {
    Text,
    Email,
    Number,
    Password,
    /// Several lines.
    Lines,
    /// One of these (value, label).
    Choice(Vec<(String, String)>),
    /// Any of these (value, label), as checkboxes.
    Several(Vec<(String, String)>),
    /// A checkbox.
    Tick,
}

/// One field of an administration form.
#[derive(Debug, Clone)]
pub struct FormField {
    pub name: &'static str,
    pub label: String,
    pub input: Input,
    pub value: String,
    /// For [`Input::Several`]: the values chosen.
    pub chosen: Vec<String>,
    pub required: bool,
    pub help: Option<String>,
}

impl FormField {
    pub fn new(name: &'static str, label: String, input: Input) -> FormField {
        FormField {
            name,
            label,
            input,
            value: String::new(),
            chosen: Vec::new(),
            required: false,
            help: None,
        }
    }

    pub fn value(mut self, value: impl Into<String>) -> FormField {
        self.value = value.into();
        self
    }

    pub fn required(mut self) -> FormField {
        self.required = true;
        self
    }

    pub fn help(mut self, help: String) -> FormField {
        self.help = Some(help);
        self
    }

    /// The kind the template switches on.
    pub fn kind(&self) -> &'static str {
        match self.input {
            Input::Text => "text",
            Input::Email => "email",
            Input::Number => "number",
            Input::Password => "password",
            Input::Lines => "lines",
            Input::Choice(_) => "choice",
            Input::Several(_) => "several",
            Input::Tick => "tick",
        }
    }

    /// The options of a choice or of several.
    pub fn options(&self) -> &[(String, String)] {
        match &self.input {
            Input::Choice(options) | Input::Several(options) => options,
            _ => &[],
        }
    }

    pub fn is_chosen(&self, value: &str) -> bool {
        match self.input {
            Input::Several(_) => self.chosen.iter().any(|c| c == value),
            _ => self.value == value,
        }
    }

    pub fn ticked(&self) -> bool {
        matches!(self.input, Input::Tick) && self.value == "1"
    }

    /// Shows `submitted` (a form sent back with a problem) instead of the stored values.
    pub fn refill(&mut self, submitted: &[(String, String)]) {
        let mut values = submitted
            .iter()
            .filter(|(name, _)| name == self.name)
            .map(|(_, value)| value.clone());
        match self.input {
            Input::Several(_) => self.chosen = values.collect(),
            Input::Password => {}
            Input::Tick => self.value = if values.count() > 0 { "1" } else { "" }.to_owned(),
            _ => self.value = values.next_back().unwrap_or_default(),
        }
    }
}

/// A row of a section's list: where its page is, and its cells.
#[derive(Debug)]
pub struct Row {
    pub href: String,
    pub cells: Vec<String>,
}

fn frame(viewer: &AgentViewer, title: String) -> Frame {
    Frame {
        words: viewer.words,
        title,
        assets: assets::prefix(),
        csrf: viewer.csrf.clone(),
        person: Some(viewer.agent.name.as_str().to_owned()),
        current: "admin",
        area: Area::Agent,
        unread: viewer.unread,
    }
}

fn failure(viewer: &AgentViewer, error: &AppError) -> Response {
    failure_in(viewer.words, Area::Agent, error)
}

#[derive(Template)]
#[template(path = "agent/admin/index.html")]
struct IndexPage {
    frame: Frame,
    /// (path, title, description).
    sections: Vec<(&'static str, String, String)>,
}

/// `GET /agent/admin`
pub async fn index(viewer: AgentViewer) -> Response {
    let words = viewer.words;
    let mut entries: Vec<(&'static str, String, String)> = Section::ALL
        .iter()
        .map(|s| {
            (
                s.path(),
                words.t(&format!("admin-{}", s.path())),
                words.t(&format!("admin-{}-about", s.path())),
            )
        })
        .collect();
    for path in ["canned", "rules", "roles", "settings"] {
        entries.push((
            path,
            words.t(&format!("admin-{path}")),
            words.t(&format!("admin-{path}-about")),
        ));
    }
    render(&IndexPage {
        frame: frame(&viewer, words.t("admin-title")),
        sections: entries,
    })
}

#[derive(Template)]
#[template(path = "agent/admin/list.html")]
struct ListPage {
    frame: Frame,
    section: &'static str,
    /// The heading of the form that adds one.
    new_heading: String,
    columns: Vec<String>,
    rows: Vec<Row>,
    next: Option<String>,
    /// The form to add one, when the viewer may.
    new_fields: Option<Vec<FormField>>,
    problem: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
pub struct ListQuery {
    after: Option<String>,
}

async fn list_page(
    state: &WebState,
    viewer: &AgentViewer,
    section: Section,
    after: Option<&str>,
    submitted: Option<(&[(String, String)], String)>,
) -> Response {
    let words = viewer.words;
    let listed = sections::list(state, viewer, section, after).await;
    let (rows, next) = match listed {
        Ok(listed) => listed,
        Err(error) => return failure(viewer, &error),
    };
    let new_fields = if sections::may_change(viewer.principal(), section) {
        match sections::form(state, viewer, section, None).await {
            Ok(mut fields) => {
                if let Some((pairs, _)) = &submitted {
                    fields.iter_mut().for_each(|f| f.refill(pairs));
                }
                Some(fields)
            }
            Err(error) => return failure(viewer, &error),
        }
    } else {
        None
    };
    let problem = submitted.map(|(_, problem)| problem);
    let status = if problem.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = ListPage {
        frame: frame(viewer, words.t(&format!("admin-{}", section.path()))),
        section: section.path(),
        new_heading: words.t(&format!("admin-{}-new", section.path())),
        columns: sections::columns(words, section),
        rows,
        next: next.map(|cursor| format!("/agent/admin/{}?after={cursor}", section.path())),
        new_fields,
        problem,
    };
    (status, render(&page)).into_response()
}

fn section_of(viewer: &AgentViewer, path: &str) -> Result<Section, Box<Response>> {
    Section::from_path(path).ok_or_else(|| Box::new(failure(viewer, &AppError::NotFound("page"))))
}

/// `GET /agent/admin/{section}`
pub async fn list(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Path(path): Path<String>,
    Query(query): Query<ListQuery>,
) -> Response {
    match section_of(&viewer, &path) {
        Ok(section) => list_page(&state, &viewer, section, query.after.as_deref(), None).await,
        Err(response) => *response,
    }
}

/// What a problem with a form says: the fields' own messages.
fn problem_of(words: Translator, error: &AppError) -> Option<String> {
    match error {
        AppError::Invalid(invalid) => Some(format!("{}: {invalid}", words.t("error-invalid"))),
        AppError::Conflict(why) => Some(why.clone()),
        _ => None,
    }
}

/// `POST /agent/admin/{section}`: adds one.
pub async fn create(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Path(path): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    if !viewer.csrf_ok(super::fields::pair(&pairs, "csrf").unwrap_or_default()) {
        return refused_in(viewer.words, Area::Agent);
    }
    let section = match section_of(&viewer, &path) {
        Ok(section) => section,
        Err(response) => return *response,
    };
    match sections::create(&state, &viewer, section, &pairs).await {
        Ok(()) => Redirect::to(&format!("/agent/admin/{path}")).into_response(),
        Err(error) => match problem_of(viewer.words, &error) {
            Some(problem) => {
                list_page(&state, &viewer, section, None, Some((&pairs, problem))).await
            }
            None => failure(&viewer, &error),
        },
    }
}

#[derive(Template)]
#[template(path = "agent/admin/edit.html")]
struct EditPage {
    frame: Frame,
    section: &'static str,
    /// The section's name, for the way back to its list.
    section_title: String,
    action: String,
    fields: Vec<FormField>,
    may_change: bool,
    problem: Option<String>,
}

async fn edit_page(
    state: &WebState,
    viewer: &AgentViewer,
    section: Section,
    id: &str,
    submitted: Option<(&[(String, String)], String)>,
) -> Response {
    let words = viewer.words;
    let mut fields = match sections::form(state, viewer, section, Some(id)).await {
        Ok(fields) => fields,
        Err(error) => return failure(viewer, &error),
    };
    if let Some((pairs, _)) = &submitted {
        fields.iter_mut().for_each(|f| f.refill(pairs));
    }
    let problem = submitted.map(|(_, problem)| problem);
    let status = if problem.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = EditPage {
        frame: frame(viewer, words.t(&format!("admin-{}-edit", section.path()))),
        section: section.path(),
        section_title: words.t(&format!("admin-{}", section.path())),
        action: format!("/agent/admin/{}/{id}", section.path()),
        fields,
        may_change: sections::may_change(viewer.principal(), section),
        problem,
    };
    (status, render(&page)).into_response()
}

/// `GET /agent/admin/{section}/{id}`
pub async fn edit(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Path((path, id)): Path<(String, String)>,
) -> Response {
    match section_of(&viewer, &path) {
        Ok(section) => edit_page(&state, &viewer, section, &id, None).await,
        Err(response) => *response,
    }
}

/// `POST /agent/admin/{section}/{id}`: saves the changes.
pub async fn update(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Path((path, id)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    if !viewer.csrf_ok(super::fields::pair(&pairs, "csrf").unwrap_or_default()) {
        return refused_in(viewer.words, Area::Agent);
    }
    let section = match section_of(&viewer, &path) {
        Ok(section) => section,
        Err(response) => return *response,
    };
    match sections::update(&state, &viewer, section, &id, &pairs).await {
        Ok(()) => Redirect::to(&format!("/agent/admin/{path}")).into_response(),
        Err(error) => match problem_of(viewer.words, &error) {
            Some(problem) => {
                edit_page(&state, &viewer, section, &id, Some((&pairs, problem))).await
            }
            None => failure(&viewer, &error),
        },
    }
}

#[derive(Template)]
#[template(path = "agent/admin/roles.html")]
struct RolesPage {
    frame: Frame,
    roles: Vec<String>,
    /// A resource's name, and per role what it may do there.
    rows: Vec<(String, Vec<String>)>,
}

/// `GET /agent/admin/roles`: what each role may do, computed from the rules the application enforces.
pub async fn roles(viewer: AgentViewer) -> Response {
    let words = viewer.words;
    let resources = [
        (Resource::Contact, "contacts"),
        (Resource::Organization, "organizations"),
        (Resource::Group, "groups"),
        (Resource::Agent, "agents"),
        (Resource::FieldDefinition, "fields"),
        (Resource::Mail, "mailboxes"),
        (Resource::Token, "tokens"),
    ];
    let operations = [
        (Operation::List, "list"),
        (Operation::Read, "read"),
        (Operation::Create, "create"),
        (Operation::Update, "update"),
    ];
    let rows = resources
        .iter()
        .map(|(resource, name)| {
            let cells = Role::ALL
                .iter()
                .map(|role| {
                    let principal = Principal::Agent {
                        id: AgentId::generate(),
                        role: *role,
                        group_ids: Vec::new(),
                    };
                    let allowed: Vec<String> = operations
                        .iter()
                        .filter(|(op, _)| permission::can(&principal, *resource, *op).is_ok())
                        .map(|(_, op)| words.t(&format!("admin-may-{op}")))
                        .collect();
                    if allowed.is_empty() {
                        words.t("admin-may-nothing")
                    } else {
                        allowed.join(", ")
                    }
                })
                .collect();
            (words.t(&format!("admin-{name}")), cells)
        })
        .collect();
    render(&RolesPage {
        frame: frame(&viewer, words.t("admin-roles")),
        roles: Role::ALL
            .iter()
            .map(|r| words.t(&format!("role-{r}")))
            .collect(),
        rows,
    })
}

#[derive(Template)]
#[template(path = "agent/admin/settings.html")]
struct SettingsPage {
    frame: Frame,
    /// (what, value in effect).
    settings: Vec<(String, String)>,
}

/// `GET /agent/admin/settings`: the settings in effect on this server (they are set in its configuration).
pub async fn settings(State(state): State<WebState>, viewer: AgentViewer) -> Response {
    let words = viewer.words;
    if let Err(denied) = permission::can(viewer.principal(), Resource::Mail, Operation::Read) {
        return failure(&viewer, &AppError::Forbidden(denied.0));
    }
    let email = state.app.email_config();
    let unset = || words.t("admin-setting-unset");
    let yes_no = |on: bool| words.t(if on { "admin-yes" } else { "admin-no" });
    let settings = vec![
        (
            words.t("admin-setting-public-url"),
            email.public_url.clone().unwrap_or_else(unset),
        ),
        (
            words.t("admin-setting-from"),
            email
                .from
                .as_ref()
                .map(|a| a.as_str().to_owned())
                .unwrap_or_else(unset),
        ),
        (
            words.t("admin-setting-acknowledge"),
            yes_no(email.acknowledge),
        ),
        (
            words.t("admin-setting-closed-reply"),
            words.t(&format!("admin-closed-reply-{}", email.closed_reply)),
        ),
        (
            words.t("admin-setting-inline-raw"),
            format!("{} KiB", email.inline_raw_limit / 1024),
        ),
    ];
    render(&SettingsPage {
        frame: frame(&viewer, words.t("admin-settings")),
        settings,
    })
}
