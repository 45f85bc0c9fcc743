//! One-click actions of the ticket page: escalating (to the next tier or a named colleague, with a reason)
//! and applying a macro (its changes made, its text put in the reply box).

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use ayuda_app::escalation::EscalateInput;
use ayuda_core::event::Via;
use serde::Deserialize;

use super::Area;
use super::agent::{failure_in, refused_in};
use super::session::AgentViewer;
use crate::WebState;

#[derive(Debug, Deserialize)]
pub struct EscalateForm {
    #[serde(default)]
    csrf: String,
    /// `next_tier` or a colleague's id.
    #[serde(default)]
    to: String,
    #[serde(default)]
    reason: String,
}

/// `POST /agent/tickets/{number}/escalate`. The escalating agent may no longer see the ticket afterwards
/// (it left their groups), so they go back to their queue rather than to the ticket.
pub async fn escalate(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Path(number): Path<i64>,
    Form(form): Form<EscalateForm>,
) -> Response {
    if !viewer.csrf_ok(&form.csrf) {
        return refused_in(viewer.words, Area::Agent);
    }
    let result = async {
        let principal = viewer.principal();
        let ticket = state.app.ticket_by_number(principal, number).await?;
        let input = EscalateInput {
            to: form.to.clone(),
            reason: form.reason.clone(),
        };
        state
            .app
            .escalate_ticket(principal, Via::Ui, ticket.id, input)
            .await
    }
    .await;
    match result {
        Ok(ticket) => match state.app.ticket(viewer.principal(), ticket.id).await {
            Ok(_) => Redirect::to(&format!("/agent/tickets/{number}")).into_response(),
            Err(_) => Redirect::to("/agent").into_response(),
        },
        Err(error) => failure_in(viewer.words, Area::Agent, &error),
    }
}

#[derive(Debug, Deserialize)]
pub struct MacroForm {
    #[serde(default)]
    csrf: String,
    /// The macro's id.
    #[serde(default, rename = "macro")]
    chosen: String,
}

/// `POST /agent/tickets/{number}/macro`: applies the macro and shows the ticket with its text in the
/// reply box, ready to read and send.
pub async fn apply_macro(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Path(number): Path<i64>,
    Form(form): Form<MacroForm>,
) -> Response {
    if !viewer.csrf_ok(&form.csrf) {
        return refused_in(viewer.words, Area::Agent);
    }
    let result = async {
        let principal = viewer.principal();
        let ticket = state.app.ticket_by_number(principal, number).await?;
        let id = form
            .chosen
            .trim()
            .parse()
            .map_err(|_| ayuda_app::AppError::NotFound("macro"))?;
        state
            .app
            .apply_macro(principal, Via::Ui, ticket.id, id)
            .await
    }
    .await;
    match result {
        Ok(applied) => {
            let text = applied.text.unwrap_or_default();
            super::agent::ticket_with_draft(&state, &viewer, &applied.ticket, text, applied.note)
                .await
        }
        Err(error) => failure_in(viewer.words, Area::Agent, &error),
    }
}
