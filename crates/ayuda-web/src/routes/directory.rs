//! `/api/v1/contacts`, `/organizations`, `/groups`, `/agents` and `/fields`: create, read, update, list.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ayuda_core::id::{AgentId, ContactId, FieldId, GroupId, OrganizationId};

use crate::WebState;
use crate::extract::{ApiJson, ApiQuery, Auth, IdPath};
use crate::problem::ApiError;
use crate::requests::{
    AgentRequest, ContactListParams, ContactRequest, FieldListParams, FieldRequest, GroupRequest,
    OrganizationRequest, PageParams,
};
use crate::views::{AgentView, ContactView, FieldView, GroupView, ListView, OrganizationView};

/// Create a contact.
#[utoipa::path(post, path = "/api/v1/contacts", tag = "contacts", request_body = ContactRequest,
    responses((status = 201, description = "Created", body = ContactView)))]
pub async fn create_contact(
    State(state): State<WebState>,
    Auth(session): Auth,
    ApiJson(request): ApiJson<ContactRequest>,
) -> Result<(StatusCode, Json<ContactView>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(
            state
                .app
                .create_contact(&session.principal, request.into())
                .await?
                .into(),
        ),
    ))
}

/// A contact.
#[utoipa::path(get, path = "/api/v1/contacts/{id}", tag = "contacts", params(("id" = uuid::Uuid, Path, description = "The contact's id")),
    responses((status = 200, description = "The contact", body = ContactView)))]
pub async fn get_contact(
    State(state): State<WebState>,
    Auth(session): Auth,
    IdPath(id): IdPath<ContactId>,
) -> Result<Json<ContactView>, ApiError> {
    let contact = state.app.contact(&session.principal, id).await?;
    let bounces = state.app.bounces_of(&contact).await?;
    let mut view = ContactView::from(contact);
    for identity in &mut view.identities {
        identity.bounced = bounces
            .iter()
            .find(|b| b.address.as_str().eq_ignore_ascii_case(&identity.value))
            .map(|b| crate::views::BounceView {
                reason: b.reason.clone(),
                at: b.at,
            });
    }
    Ok(Json(view))
}

/// Change a contact: fields left out stay as they are.
#[utoipa::path(patch, path = "/api/v1/contacts/{id}", tag = "contacts", request_body = ContactRequest, params(("id" = uuid::Uuid, Path, description = "The contact's id")),
    responses((status = 200, description = "The changed contact", body = ContactView)))]
pub async fn update_contact(
    State(state): State<WebState>,
    Auth(session): Auth,
    IdPath(id): IdPath<ContactId>,
    ApiJson(request): ApiJson<ContactRequest>,
) -> Result<Json<ContactView>, ApiError> {
    Ok(Json(
        state
            .app
            .update_contact(&session.principal, id, request.into())
            .await?
            .into(),
    ))
}

/// Contacts, in creation order, one page at a time.
#[utoipa::path(get, path = "/api/v1/contacts", tag = "contacts", params(ContactListParams),
    responses((status = 200, description = "A page of contacts", body = ListView<ContactView>)))]
pub async fn list_contacts(
    State(state): State<WebState>,
    Auth(session): Auth,
    ApiQuery(params): ApiQuery<ContactListParams>,
) -> Result<Json<ListView<ContactView>>, ApiError> {
    let page = state
        .app
        .list_contacts(
            &session.principal,
            params.organization.as_deref(),
            params.cursor.as_deref(),
            params.limit,
        )
        .await?;
    Ok(Json(ListView::from_page(page, ContactView::from)))
}

/// Create a organization.
#[utoipa::path(post, path = "/api/v1/organizations", tag = "organizations", request_body = OrganizationRequest,
    responses((status = 201, description = "Created", body = OrganizationView)))]
pub async fn create_organization(
    State(state): State<WebState>,
    Auth(session): Auth,
    ApiJson(request): ApiJson<OrganizationRequest>,
) -> Result<(StatusCode, Json<OrganizationView>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(
            state
                .app
                .create_organization(&session.principal, request.into())
                .await?
                .into(),
        ),
    ))
}

/// A organization.
#[utoipa::path(get, path = "/api/v1/organizations/{id}", tag = "organizations", params(("id" = uuid::Uuid, Path, description = "The organization's id")),
    responses((status = 200, description = "The organization", body = OrganizationView)))]
pub async fn get_organization(
    State(state): State<WebState>,
    Auth(session): Auth,
    IdPath(id): IdPath<OrganizationId>,
) -> Result<Json<OrganizationView>, ApiError> {
    Ok(Json(
        state.app.organization(&session.principal, id).await?.into(),
    ))
}

/// Change a organization: fields left out stay as they are.
#[utoipa::path(patch, path = "/api/v1/organizations/{id}", tag = "organizations", request_body = OrganizationRequest, params(("id" = uuid::Uuid, Path, description = "The organization's id")),
    responses((status = 200, description = "The changed organization", body = OrganizationView)))]
pub async fn update_organization(
    State(state): State<WebState>,
    Auth(session): Auth,
    IdPath(id): IdPath<OrganizationId>,
    ApiJson(request): ApiJson<OrganizationRequest>,
) -> Result<Json<OrganizationView>, ApiError> {
    Ok(Json(
        state
            .app
            .update_organization(&session.principal, id, request.into())
            .await?
            .into(),
    ))
}

/// Organizations, in creation order, one page at a time.
#[utoipa::path(get, path = "/api/v1/organizations", tag = "organizations", params(PageParams),
    responses((status = 200, description = "A page of organizations", body = ListView<OrganizationView>)))]
pub async fn list_organizations(
    State(state): State<WebState>,
    Auth(session): Auth,
    ApiQuery(params): ApiQuery<PageParams>,
) -> Result<Json<ListView<OrganizationView>>, ApiError> {
    let page = state
        .app
        .list_organizations(&session.principal, params.cursor.as_deref(), params.limit)
        .await?;
    Ok(Json(ListView::from_page(page, OrganizationView::from)))
}

/// Create a group.
#[utoipa::path(post, path = "/api/v1/groups", tag = "groups", request_body = GroupRequest,
    responses((status = 201, description = "Created", body = GroupView)))]
pub async fn create_group(
    State(state): State<WebState>,
    Auth(session): Auth,
    ApiJson(request): ApiJson<GroupRequest>,
) -> Result<(StatusCode, Json<GroupView>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(
            state
                .app
                .create_group(&session.principal, request.into())
                .await?
                .into(),
        ),
    ))
}

/// A group.
#[utoipa::path(get, path = "/api/v1/groups/{id}", tag = "groups", params(("id" = uuid::Uuid, Path, description = "The group's id")),
    responses((status = 200, description = "The group", body = GroupView)))]
pub async fn get_group(
    State(state): State<WebState>,
    Auth(session): Auth,
    IdPath(id): IdPath<GroupId>,
) -> Result<Json<GroupView>, ApiError> {
    Ok(Json(state.app.group(&session.principal, id).await?.into()))
}

/// Change a group: fields left out stay as they are.
#[utoipa::path(patch, path = "/api/v1/groups/{id}", tag = "groups", request_body = GroupRequest, params(("id" = uuid::Uuid, Path, description = "The group's id")),
    responses((status = 200, description = "The changed group", body = GroupView)))]
pub async fn update_group(
    State(state): State<WebState>,
    Auth(session): Auth,
    IdPath(id): IdPath<GroupId>,
    ApiJson(request): ApiJson<GroupRequest>,
) -> Result<Json<GroupView>, ApiError> {
    Ok(Json(
        state
            .app
            .update_group(&session.principal, id, request.into())
            .await?
            .into(),
    ))
}

/// Groups, in creation order, one page at a time.
#[utoipa::path(get, path = "/api/v1/groups", tag = "groups", params(PageParams),
    responses((status = 200, description = "A page of groups", body = ListView<GroupView>)))]
pub async fn list_groups(
    State(state): State<WebState>,
    Auth(session): Auth,
    ApiQuery(params): ApiQuery<PageParams>,
) -> Result<Json<ListView<GroupView>>, ApiError> {
    let page = state
        .app
        .list_groups(&session.principal, params.cursor.as_deref(), params.limit)
        .await?;
    Ok(Json(ListView::from_page(page, GroupView::from)))
}

/// Create a agent.
#[utoipa::path(post, path = "/api/v1/agents", tag = "agents", request_body = AgentRequest,
    responses((status = 201, description = "Created", body = AgentView)))]
pub async fn create_agent(
    State(state): State<WebState>,
    Auth(session): Auth,
    ApiJson(request): ApiJson<AgentRequest>,
) -> Result<(StatusCode, Json<AgentView>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(
            state
                .app
                .create_agent(&session.principal, request.into())
                .await?
                .into(),
        ),
    ))
}

/// A agent.
#[utoipa::path(get, path = "/api/v1/agents/{id}", tag = "agents", params(("id" = uuid::Uuid, Path, description = "The agent's id")),
    responses((status = 200, description = "The agent", body = AgentView)))]
pub async fn get_agent(
    State(state): State<WebState>,
    Auth(session): Auth,
    IdPath(id): IdPath<AgentId>,
) -> Result<Json<AgentView>, ApiError> {
    Ok(Json(state.app.agent(&session.principal, id).await?.into()))
}

/// Change a agent: fields left out stay as they are.
#[utoipa::path(patch, path = "/api/v1/agents/{id}", tag = "agents", request_body = AgentRequest, params(("id" = uuid::Uuid, Path, description = "The agent's id")),
    responses((status = 200, description = "The changed agent", body = AgentView)))]
pub async fn update_agent(
    State(state): State<WebState>,
    Auth(session): Auth,
    IdPath(id): IdPath<AgentId>,
    ApiJson(request): ApiJson<AgentRequest>,
) -> Result<Json<AgentView>, ApiError> {
    Ok(Json(
        state
            .app
            .update_agent(&session.principal, id, request.into())
            .await?
            .into(),
    ))
}

/// Agents, in creation order, one page at a time.
#[utoipa::path(get, path = "/api/v1/agents", tag = "agents", params(PageParams),
    responses((status = 200, description = "A page of agents", body = ListView<AgentView>)))]
pub async fn list_agents(
    State(state): State<WebState>,
    Auth(session): Auth,
    ApiQuery(params): ApiQuery<PageParams>,
) -> Result<Json<ListView<AgentView>>, ApiError> {
    let page = state
        .app
        .list_agents(&session.principal, params.cursor.as_deref(), params.limit)
        .await?;
    Ok(Json(ListView::from_page(page, AgentView::from)))
}

/// Define a custom field.
#[utoipa::path(post, path = "/api/v1/fields", tag = "fields", request_body = FieldRequest,
    responses((status = 201, description = "Created", body = FieldView)))]
pub async fn create_field(
    State(state): State<WebState>,
    Auth(session): Auth,
    ApiJson(request): ApiJson<FieldRequest>,
) -> Result<(StatusCode, Json<FieldView>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(
            state
                .app
                .create_field(&session.principal, request.into())
                .await?
                .into(),
        ),
    ))
}

/// A custom field definition.
#[utoipa::path(get, path = "/api/v1/fields/{id}", tag = "fields", params(("id" = uuid::Uuid, Path, description = "The field's id")),
    responses((status = 200, description = "The field", body = FieldView)))]
pub async fn get_field(
    State(state): State<WebState>,
    Auth(session): Auth,
    IdPath(id): IdPath<FieldId>,
) -> Result<Json<FieldView>, ApiError> {
    Ok(Json(state.app.field(&session.principal, id).await?.into()))
}

/// Change a custom field's label, options, required flag or position.
#[utoipa::path(patch, path = "/api/v1/fields/{id}", tag = "fields", request_body = FieldRequest, params(("id" = uuid::Uuid, Path, description = "The field's id")),
    responses((status = 200, description = "The changed field", body = FieldView)))]
pub async fn update_field(
    State(state): State<WebState>,
    Auth(session): Auth,
    IdPath(id): IdPath<FieldId>,
    ApiJson(request): ApiJson<FieldRequest>,
) -> Result<Json<FieldView>, ApiError> {
    Ok(Json(
        state
            .app
            .update_field(&session.principal, id, request.into())
            .await?
            .into(),
    ))
}

/// All custom field definitions, by position, optionally of one entity (a short list: not paged).
#[utoipa::path(get, path = "/api/v1/fields", tag = "fields", params(FieldListParams),
    responses((status = 200, description = "The fields", body = ListView<FieldView>)))]
pub async fn list_fields(
    State(state): State<WebState>,
    Auth(session): Auth,
    ApiQuery(params): ApiQuery<FieldListParams>,
) -> Result<Json<ListView<FieldView>>, ApiError> {
    let fields = state
        .app
        .list_fields(&session.principal, params.entity.as_deref())
        .await?;
    Ok(Json(ListView {
        items: fields.into_iter().map(FieldView::from).collect(),
        next_cursor: None,
    }))
}
