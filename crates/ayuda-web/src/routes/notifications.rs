//! `/api/v1/notifications`: what the signed-in agent was told, marking it read, and which kinds they are
//! also emailed about.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ayuda_core::id::NotificationId;
use ayuda_core::notification::Notification;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::WebState;
use crate::extract::{ApiJson, ApiQuery, Auth};
use crate::problem::{ApiError, Problem};
use crate::views::ListView;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NotificationParams {
    /// Only notifications older than this one (the `next_cursor` of the previous page).
    pub cursor: Option<String>,
    /// 1 to 100; 50 when absent.
    pub limit: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationView {
    pub id: uuid::Uuid,
    pub ticket_id: uuid::Uuid,
    /// `assigned`, `customer_replied`, `sla_warning`, `sla_breach`, `escalated` or `rule` (a trigger's).
    pub kind: &'static str,
    /// The SLA metric, for SLA alerts; the reason, for escalations; the trigger's note, for `rule`.
    pub detail: String,
    pub created_at: String,
    pub read_at: Option<String>,
}

impl From<Notification> for NotificationView {
    fn from(n: Notification) -> NotificationView {
        NotificationView {
            id: n.id.0,
            ticket_id: n.ticket_id.0,
            kind: n.kind.as_str(),
            detail: n.detail,
            created_at: n.created_at.to_string(),
            read_at: n.read_at.map(|at| at.to_string()),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReadBody {
    /// The notifications to mark read; all of them when empty or absent.
    #[serde(default)]
    pub ids: Vec<uuid::Uuid>,
}

/// List the signed-in agent's notifications, newest first.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "notifications", params(NotificationParams),
    responses((status = 200, description = "A page of notifications", body = ListView<NotificationView>), (status = 403, description = "Not an agent", body = Problem)))]
pub async fn list_notifications(
    State(state): State<WebState>,
    Auth(session): Auth,
    ApiQuery(params): ApiQuery<NotificationParams>,
) -> Result<Json<ListView<NotificationView>>, ApiError> {
    let before = match params.cursor.as_deref() {
        Some(raw) => Some(raw.parse::<NotificationId>().map_err(|_| {
            ApiError::from(ayuda_app::AppError::from(ayuda_core::Invalid::one(
                "cursor",
                "is not a notification id",
            )))
        })?),
        None => None,
    };
    let limit = params.limit.unwrap_or(50).clamp(1, 100);
    let items = state
        .app
        .notifications(&session.principal, before, Some(limit))
        .await?;
    let next_cursor = (items.len() == limit as usize)
        .then(|| items.last().map(|n| n.id.to_string()))
        .flatten();
    Ok(Json(ListView {
        items: items.into_iter().map(NotificationView::from).collect(),
        next_cursor,
    }))
}

/// Mark the signed-in agent's notifications read.
#[utoipa::path(post, path = "/api/v1/notifications/read", tag = "notifications", request_body = ReadBody,
    responses((status = 204, description = "Marked read"), (status = 403, description = "Not an agent", body = Problem)))]
pub async fn read_notifications(
    State(state): State<WebState>,
    Auth(session): Auth,
    ApiJson(body): ApiJson<ReadBody>,
) -> Result<StatusCode, ApiError> {
    let ids: Vec<NotificationId> = body.ids.into_iter().map(NotificationId).collect();
    state
        .app
        .read_notifications(&session.principal, &ids)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EmailNoticesView {
    /// The kinds of notification also sent by email (one digest per sweep); empty turns the mail off.
    pub kinds: Vec<String>,
}

/// The kinds of notification the signed-in agent is also emailed about.
#[utoipa::path(get, path = "/api/v1/notifications/email", tag = "notifications",
    responses((status = 200, description = "The kinds emailed", body = EmailNoticesView), (status = 403, description = "Not an agent", body = Problem)))]
pub async fn get_email_notices(
    State(state): State<WebState>,
    Auth(session): Auth,
) -> Result<Json<EmailNoticesView>, ApiError> {
    let kinds = state.app.my_email_notices(&session.principal).await?;
    Ok(Json(EmailNoticesView {
        kinds: kinds.iter().map(|k| k.as_str().to_owned()).collect(),
    }))
}

/// Choose the kinds of notification the signed-in agent is also emailed about.
#[utoipa::path(put, path = "/api/v1/notifications/email", tag = "notifications", request_body = EmailNoticesView,
    responses((status = 200, description = "The kinds emailed now", body = EmailNoticesView), (status = 403, description = "Not an agent", body = Problem), (status = 422, description = "An unknown kind", body = Problem)))]
pub async fn set_email_notices(
    State(state): State<WebState>,
    Auth(session): Auth,
    ApiJson(body): ApiJson<EmailNoticesView>,
) -> Result<Json<EmailNoticesView>, ApiError> {
    let kinds = state
        .app
        .set_my_email_notices(&session.principal, &body.kinds)
        .await?;
    Ok(Json(EmailNoticesView {
        kinds: kinds.iter().map(|k| k.as_str().to_owned()).collect(),
    }))
}
