//! The only crate of Ayuda that knows HTTP: the JSON API under `/api/v1`, problem+json errors, the
//! OpenAPI document, health checks and metrics.
//!
//! Handlers translate between HTTP and the application's use cases and nothing more: access decisions,
//! validation and storage belong to `ayuda-app` and below. The request path is
//! `request id → trace → metrics → rate limit → idempotency → handler`.

use std::sync::{Arc, OnceLock};
use std::time::Instant;

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use ayuda_app::App;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

pub mod extract;
mod idempotency;
pub mod openapi;
pub mod problem;
pub mod rate_limit;
mod requests;
mod routes;
mod schema;
pub mod ui;
mod views;

pub use rate_limit::RateLimitConfig;

/// What the handlers share.
#[derive(Debug, Clone)]
pub struct WebState {
    pub app: App,
    rate_limiter: Arc<rate_limit::RateLimiter>,
    metrics: PrometheusHandle,
    openapi: Arc<String>,
    sign_in_throttle: Arc<ui::throttle::Throttle>,
}

/// HTTP settings.
#[derive(Debug, Clone, Copy, Default)]
pub struct WebConfig {
    pub rate_limit: RateLimitConfig,
}

/// The process-wide metrics recorder: installed once, shared by every router (tests build many).
fn metrics_handle() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new().build_recorder();
            let handle = recorder.handle();
            // Another recorder may already be installed (a host program's); then ours only renders empty.
            let _ = metrics::set_global_recorder(recorder);
            handle
        })
        .clone()
}

/// The whole HTTP application.
pub fn router(app: App, config: WebConfig) -> Router {
    let state = WebState {
        app,
        rate_limiter: Arc::new(rate_limit::RateLimiter::new(config.rate_limit)),
        metrics: metrics_handle(),
        openapi: Arc::new(openapi::document()),
        sign_in_throttle: Arc::default(),
    };
    use routes::{
        auth, automation as a, directory as d, email as e, knowledge as k, macros as mc,
        notifications as n, routing as r, service_level as s, system, tickets as t,
    };
    let api = Router::new()
        .route("/tickets", post(t::create_ticket).get(t::list_tickets))
        .route("/tickets/{id}", get(t::get_ticket).patch(t::update_ticket))
        .route(
            "/tickets/{id}/messages",
            post(t::create_message).get(t::list_messages),
        )
        .route("/tickets/{id}/history", get(t::history))
        .route(
            "/tickets/{id}/messages/{message_id}/original",
            get(e::message_original),
        )
        .route("/tickets/{id}/deliveries", get(e::list_deliveries))
        .route("/attachments/{id}", get(e::get_attachment))
        .route(
            "/inbound/email",
            post(e::receive_email).layer(DefaultBodyLimit::max(e::MAX_RAW_EMAIL_BYTES)),
        )
        .route("/inbound/emails", get(e::list_inbound))
        .route("/inbound/emails/{id}", get(e::get_inbound))
        .route("/inbound/emails/{id}/raw", get(e::get_inbound_raw))
        .route("/inbound/emails/{id}/retry", post(e::retry_inbound))
        .route("/contacts", post(d::create_contact).get(d::list_contacts))
        .route(
            "/contacts/{id}",
            get(d::get_contact).patch(d::update_contact),
        )
        .route(
            "/organizations",
            post(d::create_organization).get(d::list_organizations),
        )
        .route(
            "/organizations/{id}",
            get(d::get_organization).patch(d::update_organization),
        )
        .route("/groups", post(d::create_group).get(d::list_groups))
        .route("/groups/{id}", get(d::get_group).patch(d::update_group))
        .route(
            "/groups/{id}/routing",
            get(r::get_group_routing).put(r::set_group_routing),
        )
        .route("/agents", post(d::create_agent).get(d::list_agents))
        .route("/agents/{id}", get(d::get_agent).patch(d::update_agent))
        .route(
            "/agents/{id}/availability",
            get(r::get_availability).put(r::set_availability),
        )
        .route("/tickets/{id}/escalations", post(r::escalate))
        .route("/fields", post(d::create_field).get(d::list_fields))
        .route("/fields/{id}", get(d::get_field).patch(d::update_field))
        .route("/search", get(k::search))
        .route(
            "/kb/articles",
            post(k::create_article).get(k::list_articles),
        )
        .route("/kb/articles/{id}", get(k::get_article))
        .route(
            "/kb/articles/{id}/translations/{language}",
            axum::routing::put(k::save_translation),
        )
        .route(
            "/kb/articles/{id}/attachments",
            post(k::attach_files)
                .layer(DefaultBodyLimit::max(ui::upload::MAX_UPLOAD_REQUEST_BYTES)),
        )
        .route("/kb/articles/{id}/attachments/{file}", get(k::get_file))
        .route("/kb/articles/{id}/votes", post(k::vote))
        .route("/kb/suggestions", get(k::suggestions))
        .route(
            "/sla/calendars",
            post(s::create_calendar).get(s::list_calendars),
        )
        .route(
            "/sla/calendars/{id}",
            axum::routing::put(s::update_calendar).delete(s::delete_calendar),
        )
        .route("/triggers", post(a::create_trigger).get(a::list_triggers))
        .route(
            "/triggers/{id}",
            axum::routing::put(a::update_trigger).delete(a::delete_trigger),
        )
        .route(
            "/automations",
            post(a::create_automation).get(a::list_automations),
        )
        .route(
            "/automations/{id}",
            axum::routing::put(a::update_automation).delete(a::delete_automation),
        )
        .route("/webhooks/key", get(a::webhook_key))
        .route("/macros", post(mc::create_macro).get(mc::list_macros))
        .route(
            "/macros/{id}",
            axum::routing::put(mc::update_macro).delete(mc::delete_macro),
        )
        .route("/tickets/{id}/macros/{macro_id}", post(mc::apply_macro))
        .route("/notifications", get(n::list_notifications))
        .route("/notifications/read", post(n::read_notifications))
        .route(
            "/notifications/email",
            get(n::get_email_notices).put(n::set_email_notices),
        )
        .route(
            "/sla/policies",
            post(s::create_policy).get(s::list_policies),
        )
        .route(
            "/sla/policies/{id}",
            axum::routing::put(s::update_policy).delete(s::delete_policy),
        )
        .route("/auth/sign-in", post(auth::sign_in))
        .route("/auth/sign-out", post(auth::sign_out))
        .route("/openapi.json", get(system::openapi))
        .fallback(|| async { problem::ApiError::not_found("endpoint") })
        .layer(middleware::from_fn_with_state(
            state.clone(),
            idempotency::idempotency,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            rate_limit::limit,
        ));
    Router::new()
        .nest("/api/v1", api)
        .route("/healthz", get(system::healthz))
        .route("/readyz", get(system::readyz))
        .route("/metrics", get(system::metrics))
        .merge(ui::routes())
        .fallback(|| async { problem::ApiError::not_found("page") })
        .method_not_allowed_fallback(|| async {
            problem::ApiError::new(
                axum::http::StatusCode::METHOD_NOT_ALLOWED,
                "method-not-allowed",
                "this method is not allowed here",
            )
        })
        .layer(DefaultBodyLimit::max(extract::MAX_BODY_BYTES))
        .layer(middleware::from_fn(record_metrics))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(TraceLayer::new_for_http())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

/// Counts requests and times them, labelled by route pattern (not the raw path, which would explode the
/// number of series) and status.
async fn record_metrics(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".into());
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("ayuda_http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status).increment(1);
    metrics::histogram!("ayuda_http_request_duration_seconds", "method" => method, "route" => route).record(started.elapsed().as_secs_f64());
    response
}
