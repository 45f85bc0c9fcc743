//! The web interfaces, rendered on the server: the agent workspace under `/agent` (and the customer portal
//! under `/portal`). Pages are Askama templates (`templates/`), every word comes from the Fluent catalogs of
//! `ayuda-i18n`, and the little JavaScript there is (htmx, its SSE extension and `ayuda.js`) is compiled into
//! the binary and served from `/assets`. Every page works without JavaScript; scripts add live updates.

use askama::Template;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::middleware;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use ayuda_i18n::Translator;

use crate::WebState;

mod admin;
mod admin_sections;
mod agent;
mod announcements;
pub mod assets;
mod bulk;
mod canned;
mod chart;
mod escalation;
mod fields;
mod intake;
mod kb_files;
mod knowledge;
mod live;
mod notifications;
mod panel;
mod portal;
mod portal_access;
mod portal_kb;
mod preferences;
mod relations;
mod reports;
mod rule_form;
mod rules_admin;
mod saved_views;
mod search;
pub mod security;
pub mod session;
mod sign_in;
mod survey;
pub mod throttle;
pub(crate) mod upload;

/// What every page's frame needs: its words, title, the assets' path and, once signed in, who is there.
#[derive(Debug, Clone)]
pub struct Frame {
    pub words: Translator,
    pub title: String,
    pub assets: String,
    /// The CSRF token forms on the page carry.
    pub csrf: String,
    /// The signed-in person's name; `None` on the sign-in page.
    pub person: Option<String>,
    /// The navigation entry to mark as the current one.
    pub current: &'static str,
    /// Which interface the page belongs to, for its navigation.
    pub area: Area,
    /// The agent's unread notifications (at most [`UNREAD_SHOWN`]), shown beside their link.
    pub unread: u32,
}

/// The most unread notifications the workspace counts; more show as this number and a plus.
pub const UNREAD_SHOWN: u32 = 99;

/// The two interfaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    Agent,
    Portal,
}

impl Area {
    /// The first segment of its paths: `agent` or `portal`.
    pub fn path(self) -> &'static str {
        match self {
            Area::Agent => "agent",
            Area::Portal => "portal",
        }
    }
}

impl Frame {
    /// The unread count as the navigation shows it: `99+` beyond what is counted.
    pub fn unread_label(&self) -> String {
        if self.unread >= UNREAD_SHOWN {
            format!("{UNREAD_SHOWN}+")
        } else {
            self.unread.to_string()
        }
    }

    pub fn lang(&self) -> &'static str {
        self.words.locale().code()
    }

    pub fn is_portal(&self) -> bool {
        self.area == Area::Portal
    }
}

/// Renders a page; a template error (a bug) is logged and answered with a plain 500.
pub fn render(template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => Html(html).into_response(),
        Err(error) => {
            tracing::error!(%error, "a page failed to render");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "this page failed to render",
            )
                .into_response()
        }
    }
}

/// The interfaces' routes.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/", get(|| async { Redirect::to("/agent") }))
        .route("/assets/{version}/{name}", get(assets::serve))
        .route(
            "/agent",
            get(|| async { Redirect::to("/agent/views/mine") }),
        )
        .route(
            "/agent/sign-in",
            get(sign_in::agent_page).post(sign_in::agent),
        )
        .route("/agent/sign-out", post(sign_in::agent_out))
        .route("/agent/views/{view}", get(agent::view))
        .route("/agent/views/saved", post(saved_views::save))
        .route("/agent/views/saved/{id}", get(saved_views::show))
        .route("/agent/views/saved/{id}/delete", post(saved_views::delete))
        .route(
            "/agent/tickets",
            post(intake::create).layer(DefaultBodyLimit::max(upload::MAX_UPLOAD_REQUEST_BYTES)),
        )
        .route("/agent/tickets/bulk", post(bulk::apply))
        .route("/agent/admin", get(admin::index))
        .route("/agent/admin/roles", get(admin::roles))
        .route("/agent/admin/rules", get(rules_admin::index))
        .route("/agent/admin/rules/{kind}", post(rules_admin::create))
        .route("/agent/admin/rules/{kind}/new", get(rules_admin::new))
        .route(
            "/agent/admin/rules/{kind}/{id}",
            get(rules_admin::show).post(rules_admin::update),
        )
        .route(
            "/agent/admin/rules/{kind}/{id}/delete",
            post(rules_admin::delete),
        )
        .route("/agent/admin/settings", get(admin::settings))
        .route(
            "/agent/admin/{section}",
            get(admin::list).post(admin::create),
        )
        .route(
            "/agent/admin/{section}/{id}",
            get(admin::edit).post(admin::update),
        )
        .route("/agent/reports", get(reports::page))
        .route("/agent/reports.csv", get(reports::download))
        .route("/agent/search", get(search::page))
        .route("/agent/kb", get(knowledge::list).post(knowledge::create))
        .route("/agent/kb/categories", post(knowledge::create_category))
        .route("/agent/kb/training", get(knowledge::training))
        .route("/agent/kb/gaps", get(knowledge::gaps))
        .route("/agent/kb/{id}", get(knowledge::article))
        .route(
            "/agent/kb/{id}/edit",
            get(knowledge::edit).post(knowledge::save),
        )
        .route("/agent/kb/{id}/settings", post(knowledge::settings))
        .route(
            "/agent/kb/{id}/files",
            post(kb_files::upload).layer(DefaultBodyLimit::max(upload::MAX_UPLOAD_REQUEST_BYTES)),
        )
        .route(
            "/agent/kb/{id}/training",
            post(knowledge::complete_training),
        )
        .route(
            "/agent/tickets/{number}/articles/{id}",
            post(search::insert),
        )
        .route(
            "/agent/announcements",
            get(announcements::list).post(announcements::create),
        )
        .route("/agent/notifications", get(notifications::list))
        .route("/agent/notifications/read", post(notifications::read_all))
        .route("/agent/announcements/{id}", get(announcements::readership))
        .route(
            "/agent/announcements/{id}/read",
            post(announcements::acknowledge),
        )
        .route("/agent/canned", get(canned::library).post(canned::create))
        .route("/agent/canned/{id}", post(canned::change))
        .route("/agent/tickets/{number}/canned", get(canned::for_ticket))
        .route("/agent/tickets/{number}/links", post(relations::link))
        .route("/agent/tickets/{number}/merge", post(relations::merge))
        .route(
            "/agent/tickets/{number}/escalate",
            post(escalation::escalate),
        )
        .route(
            "/agent/tickets/{number}/macro",
            post(escalation::apply_macro),
        )
        .route(
            "/agent/preferences",
            get(preferences::show).post(preferences::save),
        )
        .route(
            "/agent/preferences/email",
            post(preferences::save_email_notices),
        )
        .route("/agent/tickets/new", get(intake::form))
        .route(
            "/agent/tickets/{number}",
            get(agent::ticket).post(agent::update_ticket),
        )
        .route(
            "/agent/tickets/{number}/messages",
            post(agent::post_message)
                .layer(DefaultBodyLimit::max(upload::MAX_UPLOAD_REQUEST_BYTES)),
        )
        .route(
            "/agent/tickets/{number}/messages/{id}/html",
            get(agent::message_html),
        )
        .route("/agent/tickets/{number}/live", get(live::live))
        .route("/agent/tickets/{number}/presence", post(live::presence))
        .route("/portal", get(|| async { Redirect::to("/portal/tickets") }))
        .route(
            "/portal/sign-in",
            get(sign_in::portal_page).post(sign_in::portal),
        )
        .route("/portal/sign-out", post(sign_in::portal_out))
        .route(
            "/portal/sign-up",
            get(portal_access::sign_up_page).post(portal_access::send_link),
        )
        .route("/portal/sign-in/link", post(portal_access::send_link))
        .route(
            "/portal/sign-in/link/{token}",
            get(portal_access::link).post(portal_access::use_link),
        )
        .route(
            "/portal/account",
            get(portal_access::account).post(portal_access::set_password),
        )
        .route(
            "/survey/{token}/comment",
            axum::routing::post(survey::comment),
        )
        .route(
            "/survey/{token}/{rating}",
            get(survey::open).post(survey::confirm),
        )
        .route("/portal/kb", get(portal_kb::list))
        .route("/portal/kb/{id}", get(portal_kb::article))
        .route("/portal/kb/{id}/vote", post(portal_kb::vote))
        .route("/portal/kb/{id}/answered", post(portal_kb::answered))
        .route("/portal/suggestions", get(portal_kb::suggestions))
        .route("/portal/tickets", get(portal::tickets))
        .route("/portal/requests/new", get(portal::new_request))
        .route(
            "/portal/requests",
            post(portal::create_request)
                .layer(DefaultBodyLimit::max(upload::MAX_UPLOAD_REQUEST_BYTES)),
        )
        .route("/portal/tickets/{number}", get(portal::ticket))
        .route(
            "/portal/tickets/{number}/messages",
            post(portal::reply).layer(DefaultBodyLimit::max(upload::MAX_UPLOAD_REQUEST_BYTES)),
        )
        .route("/portal/tickets/{number}/solve", post(portal::solve))
        .layer(middleware::from_fn(security::protect))
}
