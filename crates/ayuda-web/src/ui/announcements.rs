//! Announcements in the agent workspace: every agent reads them and acknowledges each; supervisors write
//! them and see who has not read one yet.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use ayuda_app::AppError;
use ayuda_app::announcements::AnnouncementInput;
use ayuda_core::id::AnnouncementId;
use serde::Deserialize;

use super::agent::{failure_in, frame, refused_in};
use super::session::AgentViewer;
use super::sign_in::CsrfForm;
use super::{Area, Frame, render};
use crate::WebState;

/// An announcement as the list shows it.
#[derive(Debug)]
struct Line {
    id: String,
    title: String,
    body_html: String,
    published: String,
    read: Option<String>,
}

#[derive(Template)]
#[template(path = "agent/announcements.html")]
struct AnnouncementsPage {
    frame: Frame,
    lines: Vec<Line>,
    supervisor: bool,
    problem: Option<String>,
}

fn failure(viewer: &AgentViewer, error: &AppError) -> Response {
    failure_in(viewer.words, Area::Agent, error)
}

async fn page(state: &WebState, viewer: &AgentViewer, problem: Option<String>) -> Response {
    let words = viewer.words;
    let views = match state.app.announcements(viewer.principal()).await {
        Ok(views) => views,
        Err(error) => return failure(viewer, &error),
    };
    let lines = views
        .into_iter()
        .map(|view| Line {
            id: view.announcement.id.to_string(),
            title: view.announcement.title.as_str().to_owned(),
            body_html: view.announcement.body_html,
            published: words.datetime(view.announcement.published_at, &viewer.zone),
            read: view.read_at.map(|at| words.datetime(at, &viewer.zone)),
        })
        .collect();
    let status = if problem.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    let page = AnnouncementsPage {
        frame: frame(viewer, words.t("announcements-title"), "announcements"),
        lines,
        supervisor: ayuda_core::permission::can_publish_article(viewer.principal()).is_ok(),
        problem,
    };
    (status, render(&page)).into_response()
}

/// `GET /agent/announcements`
pub async fn list(State(state): State<WebState>, viewer: AgentViewer) -> Response {
    page(&state, &viewer, None).await
}

#[derive(Debug, Deserialize)]
pub struct AnnouncementForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
}

/// `POST /agent/announcements`: a supervisor announces something.
pub async fn create(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Form(form): Form<AnnouncementForm>,
) -> Response {
    if !viewer.csrf_ok(&form.csrf) {
        return refused_in(viewer.words, Area::Agent);
    }
    let input = AnnouncementInput {
        title: form.title,
        body_html: ayuda_app::knowledge::editor_html(&form.body),
    };
    match state.app.announce(viewer.principal(), input).await {
        Ok(_) => Redirect::to("/agent/announcements").into_response(),
        Err(AppError::Invalid(invalid)) => page(&state, &viewer, Some(invalid.to_string())).await,
        Err(error) => failure(&viewer, &error),
    }
}

fn id_of(raw: &str) -> Result<AnnouncementId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound("announcement"))
}

/// `POST /agent/announcements/{id}/read`: the signed-in agent acknowledges it.
pub async fn acknowledge(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Path(id): Path<String>,
    Form(form): Form<CsrfForm>,
) -> Response {
    if !viewer.csrf_ok(&form.csrf) {
        return refused_in(viewer.words, Area::Agent);
    }
    let result = async {
        let id = id_of(&id)?;
        state
            .app
            .acknowledge_announcement(viewer.principal(), id)
            .await
    }
    .await;
    match result {
        Ok(()) => Redirect::to("/agent/announcements").into_response(),
        Err(error) => failure(&viewer, &error),
    }
}

#[derive(Template)]
#[template(path = "agent/readership.html")]
struct ReadershipPage {
    frame: Frame,
    /// Name and when read.
    read: Vec<(String, String)>,
    unread: Vec<String>,
}

/// `GET /agent/announcements/{id}`: who has read it and who has not (supervisors).
pub async fn readership(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Path(id): Path<String>,
) -> Response {
    let words = viewer.words;
    let result = async {
        let id = id_of(&id)?;
        state.app.readership(viewer.principal(), id).await
    }
    .await;
    match result {
        Ok(readership) => render(&ReadershipPage {
            frame: frame(
                &viewer,
                readership.announcement.title.as_str().to_owned(),
                "announcements",
            ),
            read: readership
                .read
                .into_iter()
                .map(|(agent, at)| {
                    (
                        agent.name.as_str().to_owned(),
                        words.datetime(at, &viewer.zone),
                    )
                })
                .collect(),
            unread: readership
                .unread
                .into_iter()
                .map(|agent| agent.name.as_str().to_owned())
                .collect(),
        }),
        Err(error) => failure(&viewer, &error),
    }
}
