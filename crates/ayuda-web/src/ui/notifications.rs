//! The agent's notifications in the workspace: what they were told, newest first, each linking to its
//! ticket, and a button that marks them all read. The count of unread ones shows in every page's navigation.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use ayuda_app::AppError;

use super::agent::{failure_in, frame, refused_in};
use super::session::AgentViewer;
use super::sign_in::CsrfForm;
use super::{Area, Frame, render};
use crate::WebState;

/// A notification as the list shows it.
#[derive(Debug)]
struct Line {
    text: String,
    /// The ticket's number, for its link.
    number: i64,
    when: String,
    unread: bool,
}

#[derive(Template)]
#[template(path = "agent/notifications.html")]
struct NotificationsPage {
    frame: Frame,
    lines: Vec<Line>,
}

fn failure(viewer: &AgentViewer, error: &AppError) -> Response {
    failure_in(viewer.words, Area::Agent, error)
}

/// `GET /agent/notifications`
pub async fn list(State(state): State<WebState>, viewer: AgentViewer) -> Response {
    let words = viewer.words;
    let notifications = match state
        .app
        .notifications(viewer.principal(), None, Some(100))
        .await
    {
        Ok(notifications) => notifications,
        Err(error) => return failure(&viewer, &error),
    };
    let ids: Vec<_> = notifications.iter().map(|n| n.ticket_id).collect();
    let tickets = match state.app.store().get_tickets(&ids).await {
        Ok(tickets) => tickets,
        Err(error) => return failure(&viewer, &error.into()),
    };
    let lines = notifications
        .into_iter()
        .filter_map(|n| {
            // A ticket the agent may no longer see (moved to a group of others) drops out of the list.
            let ticket = tickets
                .iter()
                .find(|t| t.id == n.ticket_id)
                .filter(|t| ayuda_core::permission::can_view_ticket(viewer.principal(), t))?;
            let text = ayuda_app::notification_mail::notification_line(&words, &n, ticket);
            Some(Line {
                text,
                number: ticket.number.0,
                when: words.datetime(n.created_at, &viewer.zone),
                unread: n.read_at.is_none(),
            })
        })
        .collect();
    let page = NotificationsPage {
        frame: frame(&viewer, words.t("notifications-title"), "notifications"),
        lines,
    };
    render(&page).into_response()
}

/// `POST /agent/notifications/read`: marks them all read.
pub async fn read_all(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Form(form): Form<CsrfForm>,
) -> Response {
    if !viewer.csrf_ok(&form.csrf) {
        return refused_in(viewer.words, Area::Agent);
    }
    match state.app.read_notifications(viewer.principal(), &[]).await {
        Ok(()) => Redirect::to("/agent/notifications").into_response(),
        Err(error) => failure(&viewer, &error),
    }
}
