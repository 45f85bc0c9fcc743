//! Bulk actions on a view: the tickets ticked in the list get the same status, priority, assignee, group or
//! an added tag, each through the same use case (and history) as a change made on its own page.

use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use ayuda_app::AppError;
use ayuda_app::tickets::EditTicket;
use ayuda_core::event::Via;

use super::Area;
use super::agent::{failure_in, refused_in};
use super::session::AgentViewer;
use crate::WebState;

/// The most tickets one bulk action changes: a page of a view.
pub const MAX_BULK: usize = 200;

/// What a bulk form asks for; empty fields keep the tickets' values.
#[derive(Debug, Default)]
struct BulkChange {
    status: Option<String>,
    priority: Option<String>,
    /// `me`, `none`, or an agent id.
    assignee: Option<String>,
    /// `none`, or a group id.
    group: Option<String>,
    tag: Option<String>,
}

impl BulkChange {
    fn is_empty(&self) -> bool {
        self.status.is_none()
            && self.priority.is_none()
            && self.assignee.is_none()
            && self.group.is_none()
            && self.tag.is_none()
    }
}

/// `POST /agent/tickets/bulk`: the form repeats `ticket` once per ticked row, which `Form` cannot read, so
/// the body is read as pairs.
pub async fn apply(State(state): State<WebState>, viewer: AgentViewer, body: Bytes) -> Response {
    let Ok(pairs) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&body) else {
        return failure_in(
            viewer.words,
            Area::Agent,
            &AppError::Invalid(ayuda_core::Invalid::one("form", "is not a form")),
        );
    };
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.trim().to_owned())
            .filter(|value| !value.is_empty())
    };
    if !viewer.csrf_ok(&value("csrf").unwrap_or_default()) {
        return refused_in(viewer.words, Area::Agent);
    }
    let back = value("back")
        .filter(|path| path.starts_with("/agent/views/") && !path.contains("//"))
        .unwrap_or_else(|| "/agent/views/open".to_owned());
    let numbers: Vec<i64> = pairs
        .iter()
        .filter(|(key, _)| key == "ticket")
        .filter_map(|(_, value)| value.parse().ok())
        .take(MAX_BULK)
        .collect();
    let change = BulkChange {
        status: value("status"),
        priority: value("priority"),
        assignee: value("assignee"),
        group: value("group"),
        tag: value("tag"),
    };
    if numbers.is_empty() || change.is_empty() {
        return Redirect::to(&with_outcome(&back, 0, 0)).into_response();
    }
    let (mut changed, mut failed) = (0, 0);
    for number in numbers {
        match change_one(&state, &viewer, number, &change).await {
            Ok(()) => changed += 1,
            Err(AppError::Internal(error)) => {
                tracing::error!(%error, "a bulk change failed");
                failed += 1;
            }
            Err(_) => failed += 1,
        }
    }
    Redirect::to(&with_outcome(&back, changed, failed)).into_response()
}

fn with_outcome(back: &str, changed: usize, failed: usize) -> String {
    let separator = if back.contains('?') { '&' } else { '?' };
    format!("{back}{separator}changed={changed}&failed={failed}")
}

async fn change_one(
    state: &WebState,
    viewer: &AgentViewer,
    number: i64,
    change: &BulkChange,
) -> Result<(), AppError> {
    let ticket = state
        .app
        .ticket_by_number(viewer.principal(), number)
        .await?;
    let assignee = change.assignee.as_deref().map(|who| match who {
        "none" => None,
        "me" => Some(viewer.agent.id.to_string()),
        id => Some(id.to_owned()),
    });
    let group = change.group.as_deref().map(|group| match group {
        "none" => None,
        id => Some(id.to_owned()),
    });
    let tags = change.tag.as_ref().map(|tag| {
        let mut tags: Vec<String> = ticket.tags.iter().map(|t| t.as_str().to_owned()).collect();
        tags.push(tag.clone());
        tags
    });
    state
        .app
        .edit_ticket(
            viewer.principal(),
            Via::Ui,
            ticket.id,
            EditTicket {
                status: change.status.clone(),
                priority: change.priority.clone(),
                assignee_id: assignee,
                group_id: group,
                tags,
                ..EditTicket::default()
            },
        )
        .await?;
    Ok(())
}
