//! `/api/v1/sla`: business calendars and SLA policies. Agents read them; administrators change them.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ayuda_app::sla_setup::{CalendarInput, PolicyInput};
use ayuda_core::calendar::BusinessCalendar;
use ayuda_core::id::{CalendarId, SlaPolicyId};
use ayuda_core::sla::SlaPolicy;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::WebState;
use crate::extract::{ApiJson, Auth, IdPath};
use crate::problem::{ApiError, Problem};
use crate::views::ListView;

/// A business calendar: when its working time runs.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CalendarBody {
    pub name: String,
    /// An IANA time zone such as `Europe/Madrid`.
    pub time_zone: String,
    /// Seven days, Monday first, each like `09:00-13:00, 14:00-18:00`; an empty string is a day off.
    pub hours: Vec<String>,
    /// `2026-12-24` (that date) or `12-25` (every year).
    #[serde(default)]
    pub holidays: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CalendarView {
    pub id: uuid::Uuid,
    #[serde(flatten)]
    pub calendar: CalendarBody,
    pub created_at: String,
    pub updated_at: String,
}

impl From<BusinessCalendar> for CalendarView {
    fn from(c: BusinessCalendar) -> CalendarView {
        let day = |intervals: &Vec<ayuda_core::calendar::WorkInterval>| {
            intervals
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        CalendarView {
            id: c.id.0,
            calendar: CalendarBody {
                name: c.name.as_str().to_owned(),
                time_zone: c.hours.time_zone_name().to_owned(),
                hours: c.hours.week().days().iter().map(day).collect(),
                holidays: c.hours.holidays().iter().map(ToString::to_string).collect(),
            },
            created_at: c.created_at.to_string(),
            updated_at: c.updated_at.to_string(),
        }
    }
}

/// An SLA policy: which tickets it applies to, and how soon they must be answered and solved.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PolicyBody {
    pub name: String,
    /// Policies are tried lowest first; the first that matches a ticket applies.
    #[serde(default)]
    pub position: i32,
    /// Conditions: each empty list allows any value.
    #[serde(default)]
    pub priorities: Vec<String>,
    #[serde(default)]
    pub service_tiers: Vec<String>,
    #[serde(default)]
    pub channels: Vec<String>,
    #[serde(default)]
    pub types: Vec<String>,
    #[serde(default)]
    pub groups: Vec<uuid::Uuid>,
    /// Targets in working minutes of the calendar; null sets none.
    pub first_response_minutes: Option<i64>,
    pub next_response_minutes: Option<i64>,
    pub resolution_minutes: Option<i64>,
    /// Null counts every hour of every day.
    pub calendar_id: Option<uuid::Uuid>,
    /// How long before a deadline the warning comes; 0 sends none.
    #[serde(default)]
    pub warn_before_minutes: i64,
    #[serde(default = "active")]
    pub active: bool,
}

fn active() -> bool {
    true
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PolicyView {
    pub id: uuid::Uuid,
    #[serde(flatten)]
    pub policy: PolicyBody,
    pub created_at: String,
    pub updated_at: String,
}

impl From<SlaPolicy> for PolicyView {
    fn from(p: SlaPolicy) -> PolicyView {
        let names = |items: Vec<&str>| items.into_iter().map(str::to_owned).collect();
        let minutes = |d: Option<jiff::SignedDuration>| d.map(|d| d.as_secs() / 60);
        PolicyView {
            id: p.id.0,
            policy: PolicyBody {
                name: p.name.as_str().to_owned(),
                position: p.position,
                priorities: names(p.conditions.priorities.iter().map(|v| v.as_str()).collect()),
                service_tiers: names(
                    p.conditions
                        .service_tiers
                        .iter()
                        .map(|v| v.as_str())
                        .collect(),
                ),
                channels: names(p.conditions.channels.iter().map(|v| v.as_str()).collect()),
                types: names(p.conditions.types.iter().map(|v| v.as_str()).collect()),
                groups: p.conditions.groups.iter().map(|g| g.0).collect(),
                first_response_minutes: minutes(p.targets.first_response),
                next_response_minutes: minutes(p.targets.next_response),
                resolution_minutes: minutes(p.targets.resolution),
                calendar_id: p.calendar_id.map(|c| c.0),
                warn_before_minutes: p.warn_before.as_secs() / 60,
                active: p.active,
            },
            created_at: p.created_at.to_string(),
            updated_at: p.updated_at.to_string(),
        }
    }
}

fn calendar_input(body: CalendarBody) -> CalendarInput {
    CalendarInput {
        name: body.name,
        time_zone: body.time_zone,
        hours: body.hours,
        holidays: body.holidays,
    }
}

fn policy_input(body: PolicyBody) -> PolicyInput {
    PolicyInput {
        name: body.name,
        position: body.position,
        priorities: body.priorities,
        service_tiers: body.service_tiers,
        channels: body.channels,
        types: body.types,
        groups: body.groups.iter().map(ToString::to_string).collect(),
        first_response_minutes: body.first_response_minutes,
        next_response_minutes: body.next_response_minutes,
        resolution_minutes: body.resolution_minutes,
        calendar_id: body.calendar_id.map(|c| c.to_string()),
        warn_before_minutes: body.warn_before_minutes,
        active: body.active,
    }
}

/// List the business calendars.
#[utoipa::path(get, path = "/api/v1/sla/calendars", tag = "sla",
    responses((status = 200, description = "Every calendar, by name", body = ListView<CalendarView>)))]
pub async fn list_calendars(
    State(state): State<WebState>,
    Auth(session): Auth,
) -> Result<Json<ListView<CalendarView>>, ApiError> {
    let calendars = state.app.calendars(&session.principal).await?;
    Ok(Json(ListView {
        items: calendars.into_iter().map(CalendarView::from).collect(),
        next_cursor: None,
    }))
}

/// Create a business calendar (administrators).
#[utoipa::path(post, path = "/api/v1/sla/calendars", tag = "sla", request_body = CalendarBody,
    responses((status = 201, description = "Created", body = CalendarView), (status = 422, description = "Invalid hours, holidays or time zone", body = Problem)))]
pub async fn create_calendar(
    State(state): State<WebState>,
    Auth(session): Auth,
    ApiJson(body): ApiJson<CalendarBody>,
) -> Result<(StatusCode, Json<CalendarView>), ApiError> {
    let calendar = state
        .app
        .save_calendar(&session.principal, None, calendar_input(body))
        .await?;
    Ok((StatusCode::CREATED, Json(calendar.into())))
}

/// Replace a business calendar (administrators).
#[utoipa::path(put, path = "/api/v1/sla/calendars/{id}", tag = "sla", request_body = CalendarBody,
    params(("id" = uuid::Uuid, Path, description = "The calendar")),
    responses((status = 200, description = "Replaced", body = CalendarView), (status = 404, description = "No such calendar", body = Problem)))]
pub async fn update_calendar(
    State(state): State<WebState>,
    Auth(session): Auth,
    IdPath(id): IdPath<CalendarId>,
    ApiJson(body): ApiJson<CalendarBody>,
) -> Result<Json<CalendarView>, ApiError> {
    let calendar = state
        .app
        .save_calendar(&session.principal, Some(id), calendar_input(body))
        .await?;
    Ok(Json(calendar.into()))
}

/// Delete a business calendar that no policy counts in (administrators).
#[utoipa::path(delete, path = "/api/v1/sla/calendars/{id}", tag = "sla",
    params(("id" = uuid::Uuid, Path, description = "The calendar")),
    responses((status = 204, description = "Deleted"), (status = 409, description = "A policy counts in it", body = Problem)))]
pub async fn delete_calendar(
    State(state): State<WebState>,
    Auth(session): Auth,
    IdPath(id): IdPath<CalendarId>,
) -> Result<StatusCode, ApiError> {
    state.app.delete_calendar(&session.principal, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// List the SLA policies in the order they are tried.
#[utoipa::path(get, path = "/api/v1/sla/policies", tag = "sla",
    responses((status = 200, description = "Every policy", body = ListView<PolicyView>)))]
pub async fn list_policies(
    State(state): State<WebState>,
    Auth(session): Auth,
) -> Result<Json<ListView<PolicyView>>, ApiError> {
    let policies = state.app.sla_policies(&session.principal).await?;
    Ok(Json(ListView {
        items: policies.into_iter().map(PolicyView::from).collect(),
        next_cursor: None,
    }))
}

/// Create an SLA policy (administrators).
#[utoipa::path(post, path = "/api/v1/sla/policies", tag = "sla", request_body = PolicyBody,
    responses((status = 201, description = "Created", body = PolicyView), (status = 422, description = "Invalid conditions or targets", body = Problem)))]
pub async fn create_policy(
    State(state): State<WebState>,
    Auth(session): Auth,
    ApiJson(body): ApiJson<PolicyBody>,
) -> Result<(StatusCode, Json<PolicyView>), ApiError> {
    let policy = state
        .app
        .save_sla_policy(&session.principal, None, policy_input(body))
        .await?;
    Ok((StatusCode::CREATED, Json(policy.into())))
}

/// Replace an SLA policy (administrators). Tickets take it up with their next change.
#[utoipa::path(put, path = "/api/v1/sla/policies/{id}", tag = "sla", request_body = PolicyBody,
    params(("id" = uuid::Uuid, Path, description = "The policy")),
    responses((status = 200, description = "Replaced", body = PolicyView), (status = 404, description = "No such policy", body = Problem)))]
pub async fn update_policy(
    State(state): State<WebState>,
    Auth(session): Auth,
    IdPath(id): IdPath<SlaPolicyId>,
    ApiJson(body): ApiJson<PolicyBody>,
) -> Result<Json<PolicyView>, ApiError> {
    let policy = state
        .app
        .save_sla_policy(&session.principal, Some(id), policy_input(body))
        .await?;
    Ok(Json(policy.into()))
}

/// Delete an SLA policy (administrators).
#[utoipa::path(delete, path = "/api/v1/sla/policies/{id}", tag = "sla",
    params(("id" = uuid::Uuid, Path, description = "The policy")),
    responses((status = 204, description = "Deleted"), (status = 404, description = "No such policy", body = Problem)))]
pub async fn delete_policy(
    State(state): State<WebState>,
    Auth(session): Auth,
    IdPath(id): IdPath<SlaPolicyId>,
) -> Result<StatusCode, ApiError> {
    state.app.delete_sla_policy(&session.principal, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
