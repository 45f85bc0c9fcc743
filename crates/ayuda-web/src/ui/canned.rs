//! The canned responses page (supervisors and administrators keep the library) and inserting one into a
//! reply: as plain text for the compose box's script, or, without script, by reloading the ticket page with
//! it as the draft.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use ayuda_app::AppError;
use ayuda_app::canned::CannedInput;
use ayuda_core::canned::PLACEHOLDERS;
use ayuda_core::id::CannedResponseId;
use serde::Deserialize;

use super::agent::{failure_in, refused_in};
use super::session::AgentViewer;
use super::{Area, Frame, assets, render};
use crate::WebState;

/// A version as the library lists it.
#[derive(Debug)]
struct Version {
    id: String,
    name: String,
    language: String,
    body: String,
}

#[derive(Template)]
#[template(path = "agent/canned.html")]
struct CannedPage {
    frame: Frame,
    versions: Vec<Version>,
    placeholders: String,
    languages: Vec<(&'static str, &'static str)>,
    problem: Option<String>,
}

async fn page(state: &WebState, viewer: &AgentViewer, problem: Option<String>) -> Response {
    let words = viewer.words;
    let versions = match state.app.canned_responses(viewer.principal()).await {
        Ok(all) => all
            .into_iter()
            .map(|c| Version {
                id: c.id.to_string(),
                name: c.name.as_str().to_owned(),
                language: c.language.to_string(),
                body: c.body,
            })
            .collect(),
        Err(error) => return failure_in(words, Area::Agent, &error),
    };
    let status = if problem.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = CannedPage {
        frame: Frame {
            words,
            title: words.t("canned-title"),
            assets: assets::prefix(),
            csrf: viewer.csrf.clone(),
            person: Some(viewer.agent.name.as_str().to_owned()),
            current: "canned",
            area: Area::Agent,
            unread: viewer.unread,
        },
        versions,
        placeholders: PLACEHOLDERS
            .iter()
            .map(|p| format!("{{{{{p}}}}}"))
            .collect::<Vec<_>>()
            .join(" "),
        languages: ayuda_i18n::Locale::ALL
            .iter()
            .map(|l| (l.code(), l.native_name()))
            .collect(),
        problem,
    };
    (status, render(&page)).into_response()
}

/// `GET /agent/canned`
pub async fn library(State(state): State<WebState>, viewer: AgentViewer) -> Response {
    page(&state, &viewer, None).await
}

#[derive(Debug, Deserialize)]
pub struct CannedForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    body: String,
    /// `delete` to remove the version.
    #[serde(default)]
    action: String,
}

fn outcome(
    result: Result<(), AppError>,
    words: ayuda_i18n::Translator,
) -> Result<Response, String> {
    match result {
        Ok(()) => Ok(Redirect::to("/agent/canned").into_response()),
        Err(AppError::Invalid(invalid)) => Err(invalid.to_string()),
        Err(AppError::Conflict(why)) => Err(why),
        Err(error) => Ok(failure_in(words, Area::Agent, &error)),
    }
}

/// `POST /agent/canned`: a new version.
pub async fn create(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Form(form): Form<CannedForm>,
) -> Response {
    if !viewer.csrf_ok(&form.csrf) {
        return refused_in(viewer.words, Area::Agent);
    }
    let input = CannedInput {
        name: form.name,
        language: form.language,
        body: form.body,
    };
    let result = state
        .app
        .create_canned_response(viewer.principal(), input)
        .await
        .map(|_| ());
    match outcome(result, viewer.words) {
        Ok(response) => response,
        Err(problem) => page(&state, &viewer, Some(problem)).await,
    }
}

/// `POST /agent/canned/{id}`: a version changed, or deleted.
pub async fn change(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Path(id): Path<String>,
    Form(form): Form<CannedForm>,
) -> Response {
    if !viewer.csrf_ok(&form.csrf) {
        return refused_in(viewer.words, Area::Agent);
    }
    let Ok(id) = id.parse::<uuid::Uuid>().map(CannedResponseId) else {
        return failure_in(
            viewer.words,
            Area::Agent,
            &AppError::NotFound("canned response"),
        );
    };
    let result = if form.action == "delete" {
        state
            .app
            .delete_canned_response(viewer.principal(), id)
            .await
    } else {
        let input = CannedInput {
            name: form.name,
            language: form.language,
            body: form.body,
        };
        state
            .app
            .update_canned_response(viewer.principal(), id, input)
            .await
            .map(|_| ())
    };
    match outcome(result, viewer.words) {
        Ok(response) => response,
        Err(problem) => page(&state, &viewer, Some(problem)).await,
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct Pick {
    pub canned: Option<String>,
}

/// `GET /agent/tickets/{number}/canned?canned=NAME`: the response for this ticket, as plain text.
pub async fn for_ticket(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Path(number): Path<i64>,
    Query(pick): Query<Pick>,
) -> Response {
    let result = async {
        let ticket = state
            .app
            .ticket_by_number(viewer.principal(), number)
            .await?;
        let name = pick.canned.unwrap_or_default();
        state
            .app
            .canned_for_ticket(viewer.principal(), ticket.id, &name)
            .await
    }
    .await;
    match result {
        Ok(text) => ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response(),
        Err(AppError::NotFound(_)) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => failure_in(viewer.words, Area::Agent, &error),
    }
}
