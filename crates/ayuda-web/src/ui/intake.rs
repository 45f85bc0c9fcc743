//! Opening a ticket from the workspace for a contact that did not arrive by email: a phone call, a letter,
//! a fax, a visit in person (or a chat or web form typed in by an agent). The first message's kind follows
//! the channel: a phone ticket starts with the call's summary.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ayuda_app::AppError;
use ayuda_app::tickets::{OpenTicket, RequesterInput};
use ayuda_core::event::Via;
use ayuda_core::ticket::Priority;
use serde::Deserialize;

use super::agent::{failure_in, refused_in};
use super::session::AgentViewer;
use super::upload;
use super::{Area, Frame, assets, render};
use crate::WebState;

/// The channels an agent logs by hand, in the order of the form.
const CHANNELS: [&str; 7] = [
    "phone",
    "postal",
    "fax",
    "in_person",
    "email",
    "web",
    "chat",
];

/// What the form holds, kept when it comes back with a problem.
#[derive(Debug, Deserialize, Default)]
pub struct NewTicketForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    requester_email: String,
    #[serde(default)]
    requester_name: String,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    channel: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    priority: String,
    #[serde(default)]
    language: String,
    /// When the call, letter, fax or visit took place, in the agent's local time; empty for now.
    #[serde(default)]
    occurred_at: String,
}

#[derive(Template)]
#[template(path = "agent/new_ticket.html")]
struct NewTicketPage {
    frame: Frame,
    form: NewTicketForm,
    channels: Vec<(&'static str, String)>,
    priorities: Vec<(&'static str, String)>,
    languages: Vec<(&'static str, &'static str)>,
    problem: Option<String>,
}

fn page(viewer: &AgentViewer, form: NewTicketForm, problem: Option<String>) -> Response {
    let words = viewer.words;
    let page = NewTicketPage {
        frame: Frame {
            words,
            title: words.t("new-ticket-title"),
            assets: assets::prefix(),
            csrf: viewer.csrf.clone(),
            person: Some(viewer.agent.name.as_str().to_owned()),
            current: "new",
            area: Area::Agent,
            unread: viewer.unread,
        },
        channels: CHANNELS
            .iter()
            .map(|c| (*c, words.t(&format!("channel-{c}"))))
            .collect(),
        priorities: Priority::ALL
            .iter()
            .map(|p| (p.as_str(), words.t(&format!("priority-{p}"))))
            .collect(),
        languages: ayuda_i18n::Locale::ALL
            .iter()
            .map(|l| (l.code(), l.native_name()))
            .collect(),
        form,
        problem,
    };
    let status = if page.problem.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    (status, render(&page)).into_response()
}

/// `GET /agent/tickets/new`
pub async fn form(viewer: AgentViewer) -> Response {
    let form = NewTicketForm {
        channel: "phone".into(),
        priority: "normal".into(),
        ..NewTicketForm::default()
    };
    page(&viewer, form, None)
}

/// `POST /agent/tickets`: opens the ticket and shows it; a mistake brings the form back, filled in.
pub async fn create(
    State(state): State<WebState>,
    viewer: AgentViewer,
    request: axum::extract::Request,
) -> Response {
    let (form, attachments) =
        match upload::read_either::<NewTicketForm>(&state, request, |t| viewer.csrf_ok(t)).await {
            Ok(read) => read,
            Err(refusal) => return upload::refusal_in(viewer.words, Area::Agent, refusal),
        };
    if !viewer.csrf_ok(&form.csrf) {
        return refused_in(viewer.words, Area::Agent);
    }
    let occurred_at = match super::agent::when(&viewer, true, &form.occurred_at) {
        Ok(at) => at,
        Err(AppError::Invalid(invalid)) => return page(&viewer, form, Some(invalid.to_string())),
        Err(error) => return failure_in(viewer.words, Area::Agent, &error),
    };
    let blank_to_none = |value: &str| (!value.trim().is_empty()).then(|| value.trim().to_owned());
    let input = OpenTicket {
        subject: form.subject.clone(),
        body: Some(form.body.clone()),
        requester: Some(RequesterInput {
            email: form.requester_email.trim().to_owned(),
            name: blank_to_none(&form.requester_name),
        }),
        channel: blank_to_none(&form.channel),
        priority: blank_to_none(&form.priority),
        language: blank_to_none(&form.language),
        attachments,
        occurred_at,
        ..OpenTicket::default()
    };
    match state
        .app
        .open_ticket(viewer.principal(), Via::Ui, input)
        .await
    {
        Ok((ticket, _)) => {
            Redirect::to(&format!("/agent/tickets/{}", ticket.number.0)).into_response()
        }
        Err(AppError::Invalid(invalid)) => page(&viewer, form, Some(invalid.to_string())),
        Err(error) => failure_in(viewer.words, Area::Agent, &error),
    }
}
