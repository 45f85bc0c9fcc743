//! `/api/v1/tickets`: create, read, change and list tickets; their messages and history.

use axum::Json;
use axum::http::StatusCode;
use ayuda_core::event::Via;
use ayuda_core::id::TicketId;

use crate::WebState;
use crate::extract::{ApiJson, ApiQuery, Auth, IdPath};
use crate::problem::{ApiError, Problem};
use crate::requests::{
    CreateMessageRequest, CreateTicketRequest, PageParams, TicketListParams, UpdateTicketRequest,
};
use crate::views::{EventView, ListView, MessageView, TicketView};
use axum::extract::State;

/// Open a ticket with its first message.
#[utoipa::path(post, path = "/api/v1/tickets", tag = "tickets", request_body = CreateTicketRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Retries with the same key create the ticket once")),
    responses((status = 201, description = "Created", body = TicketView), (status = 422, description = "Invalid fields", body = Problem)))]
pub async fn create_ticket(
    State(state): State<WebState>,
    Auth(session): Auth,
    ApiJson(request): ApiJson<CreateTicketRequest>,
) -> Result<(StatusCode, Json<TicketView>), ApiError> {
    let (ticket, _) = state
        .app
        .open_ticket(&session.principal, Via::Api, request.into())
        .await?;
    Ok((StatusCode::CREATED, Json(ticket.into())))
}

/// A ticket.
#[utoipa::path(get, path = "/api/v1/tickets/{id}", tag = "tickets",
    params(("id" = uuid::Uuid, Path, description = "Ticket id")),
    responses((status = 200, description = "The ticket", body = TicketView), (status = 404, description = "Unknown or not visible", body = Problem)))]
pub async fn get_ticket(
    State(state): State<WebState>,
    Auth(session): Auth,
    IdPath(id): IdPath<TicketId>,
) -> Result<Json<TicketView>, ApiError> {
    Ok(Json(state.app.ticket(&session.principal, id).await?.into()))
}

/// Change a ticket.
#[utoipa::path(patch, path = "/api/v1/tickets/{id}", tag = "tickets", request_body = UpdateTicketRequest,
    params(("id" = uuid::Uuid, Path, description = "Ticket id")),
    responses((status = 200, description = "The changed ticket", body = TicketView), (status = 422, description = "Invalid change", body = Problem)))]
pub async fn update_ticket(
    State(state): State<WebState>,
    Auth(session): Auth,
    IdPath(id): IdPath<TicketId>,
    ApiJson(request): ApiJson<UpdateTicketRequest>,
) -> Result<Json<TicketView>, ApiError> {
    Ok(Json(
        state
            .app
            .edit_ticket(&session.principal, Via::Api, id, request.into())
            .await?
            .into(),
    ))
}

/// Tickets the caller may see, filtered, newest update first, one page at a time.
#[utoipa::path(get, path = "/api/v1/tickets", tag = "tickets", params(TicketListParams),
    responses((status = 200, description = "A page of tickets", body = ListView<TicketView>)))]
pub async fn list_tickets(
    State(state): State<WebState>,
    Auth(session): Auth,
    ApiQuery(params): ApiQuery<TicketListParams>,
) -> Result<Json<ListView<TicketView>>, ApiError> {
    let page = state
        .app
        .list_tickets(&session.principal, params.into())
        .await?;
    Ok(Json(ListView::from_page(page, TicketView::from)))
}

/// Add a reply, an internal note or a logged interaction.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/messages", tag = "tickets", request_body = CreateMessageRequest,
    params(("id" = uuid::Uuid, Path, description = "Ticket id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Retries with the same key add the message once")),
    responses((status = 201, description = "Added", body = MessageView)))]
pub async fn create_message(
    State(state): State<WebState>,
    Auth(session): Auth,
    IdPath(id): IdPath<TicketId>,
    ApiJson(request): ApiJson<CreateMessageRequest>,
) -> Result<(StatusCode, Json<MessageView>), ApiError> {
    let message = state
        .app
        .post_message(&session.principal, Via::Api, id, request.into())
        .await?;
    Ok((StatusCode::CREATED, Json(message.into())))
}

/// A ticket's messages, oldest first. Customers never see internal notes.
#[utoipa::path(get, path = "/api/v1/tickets/{id}/messages", tag = "tickets",
    params(("id" = uuid::Uuid, Path, description = "Ticket id"), PageParams),
    responses((status = 200, description = "A page of messages", body = ListView<MessageView>)))]
pub async fn list_messages(
    State(state): State<WebState>,
    Auth(session): Auth,
    IdPath(id): IdPath<TicketId>,
    ApiQuery(page): ApiQuery<PageParams>,
) -> Result<Json<ListView<MessageView>>, ApiError> {
    let page = state
        .app
        .messages(&session.principal, id, page.cursor.as_deref(), page.limit)
        .await?;
    Ok(Json(ListView::from_page(page, MessageView::from)))
}

/// A ticket's history: every change, who made it, when and how.
#[utoipa::path(get, path = "/api/v1/tickets/{id}/history", tag = "tickets",
    params(("id" = uuid::Uuid, Path, description = "Ticket id"), PageParams),
    responses((status = 200, description = "A page of history entries", body = ListView<EventView>)))]
pub async fn history(
    State(state): State<WebState>,
    Auth(session): Auth,
    IdPath(id): IdPath<TicketId>,
    ApiQuery(page): ApiQuery<PageParams>,
) -> Result<Json<ListView<EventView>>, ApiError> {
    let page = state
        .app
        .history(&session.principal, id, page.cursor.as_deref(), page.limit)
        .await?;
    Ok(Json(ListView::from_page(page, EventView::from)))
}
