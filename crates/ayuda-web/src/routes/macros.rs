//! `/api/v1/macros` (administrators keep them, agents read them) and
//! `POST /api/v1/tickets/{id}/macros/{macro_id}` (an agent applies one: its changes now, its text back).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use ayuda_app::macros::MacroInput;
use ayuda_core::event::Via;
use ayuda_core::id::{MacroId, TicketId};
use ayuda_core::macros::Macro;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::WebState;
use crate::extract::{ApiJson, Auth, IdPath};
use crate::problem::{ApiError, Problem};
use crate::routes::automation::{ActionBody, action_body, action_input};
use crate::views::{ListView, TicketView};

/// A macro's text in one language.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MacroTextBody {
    pub language: String,
    /// May use `{{customer.name}}`, `{{customer.first_name}}`, `{{ticket.number}}`,
    /// `{{ticket.subject}}`, `{{agent.name}}`, `{{agent.first_name}}`.
    pub text: String,
}

/// A macro: changes to a ticket's fields (`set_status`, `set_priority`, `set_type`, `set_group`,
/// `assign`, `add_tags`, `remove_tags`) and text for the agent's draft, applied in one click.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MacroBody {
    pub name: String,
    #[serde(default)]
    pub actions: Vec<ActionBody>,
    /// The text per language; the ticket's language is chosen, else English, else the first.
    #[serde(default)]
    pub texts: Vec<MacroTextBody>,
    /// Whether the text is an internal note rather than a reply.
    #[serde(default)]
    pub note: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MacroView {
    pub id: uuid::Uuid,
    #[serde(flatten)]
    pub macro_body: MacroBody,
    pub created_at: String,
    pub updated_at: String,
}

impl From<Macro> for MacroView {
    fn from(m: Macro) -> MacroView {
        MacroView {
            id: m.id.0,
            macro_body: MacroBody {
                name: m.name.as_str().to_owned(),
                actions: m.actions.into_iter().map(action_body).collect(),
                texts: m
                    .texts
                    .into_iter()
                    .map(|t| MacroTextBody {
                        language: t.language.as_str().to_owned(),
                        text: t.text,
                    })
                    .collect(),
                note: m.note,
            },
            created_at: m.created_at.to_string(),
            updated_at: m.updated_at.to_string(),
        }
    }
}

fn input(body: MacroBody) -> MacroInput {
    MacroInput {
        name: body.name,
        actions: body.actions.into_iter().map(action_input).collect(),
        texts: body
            .texts
            .into_iter()
            .map(|t| (t.language, t.text))
            .collect(),
        note: body.note,
    }
}

/// A macro applied: the ticket as changed, and the text for the draft (not sent).
#[derive(Debug, Serialize, ToSchema)]
pub struct AppliedView {
    pub ticket: TicketView,
    pub text: Option<String>,
    pub note: bool,
}

/// List the macros by name.
#[utoipa::path(get, path = "/api/v1/macros", tag = "triggers",
    responses((status = 200, description = "Every macro", body = ListView<MacroView>)))]
pub async fn list_macros(
    State(state): State<WebState>,
    Auth(session): Auth,
) -> Result<Json<ListView<MacroView>>, ApiError> {
    let macros = state.app.macros(&session.principal).await?;
    Ok(Json(ListView {
        items: macros.into_iter().map(MacroView::from).collect(),
        next_cursor: None,
    }))
}

/// Create a macro (administrators).
#[utoipa::path(post, path = "/api/v1/macros", tag = "triggers", request_body = MacroBody,
    responses((status = 201, description = "Created", body = MacroView), (status = 422, description = "Invalid actions or texts", body = Problem)))]
pub async fn create_macro(
    State(state): State<WebState>,
    Auth(session): Auth,
    ApiJson(body): ApiJson<MacroBody>,
) -> Result<(StatusCode, Json<MacroView>), ApiError> {
    let saved = state
        .app
        .save_macro(&session.principal, None, input(body))
        .await?;
    Ok((StatusCode::CREATED, Json(saved.into())))
}

/// Replace a macro (administrators).
#[utoipa::path(put, path = "/api/v1/macros/{id}", tag = "triggers", request_body = MacroBody,
    params(("id" = uuid::Uuid, Path, description = "The macro")),
    responses((status = 200, description = "Replaced", body = MacroView), (status = 404, description = "No such macro", body = Problem)))]
pub async fn update_macro(
    State(state): State<WebState>,
    Auth(session): Auth,
    IdPath(id): IdPath<MacroId>,
    ApiJson(body): ApiJson<MacroBody>,
) -> Result<Json<MacroView>, ApiError> {
    let saved = state
        .app
        .save_macro(&session.principal, Some(id), input(body))
        .await?;
    Ok(Json(saved.into()))
}

/// Delete a macro (administrators).
#[utoipa::path(delete, path = "/api/v1/macros/{id}", tag = "triggers",
    params(("id" = uuid::Uuid, Path, description = "The macro")),
    responses((status = 204, description = "Deleted"), (status = 404, description = "No such macro", body = Problem)))]
pub async fn delete_macro(
    State(state): State<WebState>,
    Auth(session): Auth,
    IdPath(id): IdPath<MacroId>,
) -> Result<StatusCode, ApiError> {
    state.app.delete_macro(&session.principal, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Apply a macro to a ticket: its changes are made now; its text comes back for the draft.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/macros/{macro_id}", tag = "tickets",
    params(("id" = uuid::Uuid, Path, description = "The ticket"), ("macro_id" = uuid::Uuid, Path, description = "The macro")),
    responses((status = 200, description = "Applied", body = AppliedView), (status = 404, description = "No such ticket or macro", body = Problem)))]
pub async fn apply_macro(
    State(state): State<WebState>,
    Auth(session): Auth,
    Path((ticket, chosen)): Path<(String, String)>,
) -> Result<Json<AppliedView>, ApiError> {
    let ticket: TicketId = ticket
        .parse()
        .map_err(|_| ApiError::from(ayuda_app::AppError::NotFound("ticket")))?;
    let chosen: MacroId = chosen
        .parse()
        .map_err(|_| ApiError::from(ayuda_app::AppError::NotFound("macro")))?;
    let applied = state
        .app
        .apply_macro(&session.principal, Via::Api, ticket, chosen)
        .await?;
    Ok(Json(AppliedView {
        ticket: applied.ticket.into(),
        text: applied.text,
        note: applied.note,
    }))
}
