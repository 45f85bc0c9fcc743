//! Tickets that belong together: linking one to another (related, parent, child, follow-up) and merging a
//! duplicate into the ticket that carries on, which closes the duplicate and notes the merge on both.

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use ayuda_app::AppError;
use ayuda_app::tickets::{EditTicket, PostMessage};
use ayuda_core::event::Via;
use ayuda_core::ticket::Ticket;
use serde::Deserialize;

use super::Area;
use super::agent::{failure_in, refused_in};
use super::session::AgentViewer;
use crate::WebState;

/// A linked ticket as the page lists it: number, subject, and the kind of link in the reader's words.
pub type LinkLine = (i64, String, String);

/// The ticket's links and what it was merged into, for its page.
pub async fn of(
    state: &WebState,
    viewer: &AgentViewer,
    ticket: &Ticket,
) -> Result<(Vec<LinkLine>, Option<(i64, String)>), AppError> {
    let words = viewer.words;
    let mut links = Vec::with_capacity(ticket.links.len());
    for link in &ticket.links {
        // A linked ticket the agent may not see is left out rather than named.
        if let Ok(other) = state.app.ticket(viewer.principal(), link.ticket_id).await {
            links.push((
                other.number.0,
                other.subject.as_str().to_owned(),
                words.t(&format!("link-{}", link.kind)),
            ));
        }
    }
    let merged_into = match ticket.merged_into {
        Some(target) => state
            .app
            .ticket(viewer.principal(), target)
            .await
            .ok()
            .map(|t| (t.number.0, t.subject.as_str().to_owned())),
        None => None,
    };
    Ok((links, merged_into))
}

#[derive(Debug, Deserialize)]
pub struct LinkForm {
    #[serde(default)]
    csrf: String,
    /// The other ticket's number.
    #[serde(default)]
    other: String,
    #[serde(default)]
    kind: String,
}

fn number(raw: &str) -> Result<i64, AppError> {
    raw.trim()
        .trim_start_matches('#')
        .parse()
        .map_err(|_| ayuda_core::Invalid::one("other", "must be a ticket number").into())
}

/// `POST /agent/tickets/{number}/links`: links another ticket (kept with the links it had).
pub async fn link(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Path(this): Path<i64>,
    Form(form): Form<LinkForm>,
) -> Response {
    if !viewer.csrf_ok(&form.csrf) {
        return refused_in(viewer.words, Area::Agent);
    }
    let result = async {
        let principal = viewer.principal();
        let ticket = state.app.ticket_by_number(principal, this).await?;
        let other = state
            .app
            .ticket_by_number(principal, number(&form.other)?)
            .await?;
        let mut links: Vec<(String, String)> = ticket
            .links
            .iter()
            .filter(|l| l.ticket_id != other.id)
            .map(|l| (l.ticket_id.to_string(), l.kind.as_str().to_owned()))
            .collect();
        links.push((other.id.to_string(), form.kind.clone()));
        state
            .app
            .edit_ticket(
                principal,
                Via::Ui,
                ticket.id,
                EditTicket {
                    links: Some(links),
                    ..EditTicket::default()
                },
            )
            .await
    }
    .await;
    match result {
        Ok(_) => Redirect::to(&format!("/agent/tickets/{this}")).into_response(),
        Err(error) => failure_in(viewer.words, Area::Agent, &error),
    }
}

#[derive(Debug, Deserialize)]
pub struct MergeForm {
    #[serde(default)]
    csrf: String,
    /// The number of the ticket that carries on.
    #[serde(default)]
    into: String,
}

/// `POST /agent/tickets/{number}/merge`: this ticket is a duplicate of another; it is marked merged and
/// closed, and an internal note on each says so. Then the page of the ticket that carries on opens.
pub async fn merge(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Path(this): Path<i64>,
    Form(form): Form<MergeForm>,
) -> Response {
    if !viewer.csrf_ok(&form.csrf) {
        return refused_in(viewer.words, Area::Agent);
    }
    let words = viewer.words;
    let result = async {
        let principal = viewer.principal();
        let duplicate = state.app.ticket_by_number(principal, this).await?;
        let target = state
            .app
            .ticket_by_number(principal, number(&form.into)?)
            .await?;
        // The notes first: a closed ticket takes no more messages.
        for (ticket, key, other) in [
            (duplicate.id, "merge-note-from", target.number.0),
            (target.id, "merge-note-into", duplicate.number.0),
        ] {
            let note = PostMessage {
                kind: Some("note".to_owned()),
                body: Some(words.t1(key, "number", &other.to_string())),
                ..PostMessage::default()
            };
            state
                .app
                .post_message(principal, Via::Ui, ticket, note)
                .await?;
        }
        let merged = EditTicket {
            merged_into: Some(Some(target.id.to_string())),
            status: Some("closed".to_owned()),
            ..EditTicket::default()
        };
        let edited = state
            .app
            .edit_ticket(principal, Via::Ui, duplicate.id, merged)
            .await;
        if let Err(AppError::Invalid(_)) = edited {
            // Its status cannot go straight to closed: record the merge alone.
            let merged = EditTicket {
                merged_into: Some(Some(target.id.to_string())),
                ..EditTicket::default()
            };
            state
                .app
                .edit_ticket(principal, Via::Ui, duplicate.id, merged)
                .await?;
        } else {
            edited?;
        }
        Ok::<_, AppError>(target.number.0)
    }
    .await;
    match result {
        Ok(target) => Redirect::to(&format!("/agent/tickets/{target}")).into_response(),
        Err(error) => failure_in(words, Area::Agent, &error),
    }
}
