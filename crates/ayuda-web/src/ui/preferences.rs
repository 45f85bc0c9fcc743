//! The agent's own page: the workspace's language and time zone, whether they take new tickets now (and
//! when they are out of the office), which notifications they are also emailed about, their password,
//! and two-step sign-in.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ayuda_app::routing::AgentStatusInput;
use ayuda_app::{AppError, totp};
use ayuda_core::notification::NotificationKind;
use ayuda_core::routing::Availability;
use ayuda_i18n::Locale;
use serde::Deserialize;

use super::agent::{failure_in, refused_in};
use super::session::AgentViewer;
use super::{Area, Frame, assets, render};
use crate::WebState;

#[derive(Template)]
#[template(path = "agent/preferences.html")]
struct PreferencesPage {
    frame: Frame,
    languages: Vec<(&'static str, &'static str, bool)>,
    time_zone: String,
    /// Value, label, whether it is theirs now.
    availabilities: Vec<(&'static str, String, bool)>,
    /// An out-of-office period as the date inputs show it.
    away_from: String,
    away_until: String,
    /// Kind, label, whether they are emailed about it.
    email_notices: Vec<(&'static str, String, bool)>,
    totp_on: bool,
    /// A fresh key to set up two-step sign-in with, while it is off.
    new_secret: String,
    setup_uri: String,
    /// A confirmation or a problem to show at the top.
    notice: Option<String>,
    problem: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
pub struct Done {
    done: Option<String>,
}

async fn page(
    state: &WebState,
    viewer: &AgentViewer,
    notice: Option<String>,
    problem: Option<String>,
) -> Response {
    let words = viewer.words;
    let preference = match state.app.my_preferences(viewer.principal()).await {
        Ok(preference) => preference,
        Err(error) => return failure_in(words, Area::Agent, &error),
    };
    let status = match state
        .app
        .agent_status(viewer.principal(), viewer.agent.id)
        .await
    {
        Ok(status) => status,
        Err(error) => return failure_in(words, Area::Agent, &error),
    };
    let emailed = match state.app.my_email_notices(viewer.principal()).await {
        Ok(kinds) => kinds,
        Err(error) => return failure_in(words, Area::Agent, &error),
    };
    let (away_from, away_until) = status.out_of_office.unzip();
    let new_secret = match totp::new_secret() {
        Ok(secret) => secret,
        Err(error) => return failure_in(words, Area::Agent, &error),
    };
    let chosen = preference.language.as_deref().unwrap_or("");
    let page = PreferencesPage {
        frame: Frame {
            words,
            title: words.t("preferences-title"),
            assets: assets::prefix(),
            csrf: viewer.csrf.clone(),
            person: Some(viewer.agent.name.as_str().to_owned()),
            current: "preferences",
            area: Area::Agent,
            unread: viewer.unread,
        },
        languages: Locale::ALL
            .iter()
            .map(|l| (l.code(), l.native_name(), l.code() == chosen))
            .collect(),
        time_zone: preference.time_zone.unwrap_or_default(),
        availabilities: Availability::ALL
            .iter()
            .map(|a| {
                let label = words.t(&format!("availability-{}", a.as_str()));
                (a.as_str(), label, *a == status.availability)
            })
            .collect(),
        away_from: away_from.map(|t| t.to_string()).unwrap_or_default(),
        away_until: away_until.map(|t| t.to_string()).unwrap_or_default(),
        email_notices: NotificationKind::ALL
            .iter()
            .map(|k| {
                let label = words.t(&format!("email-notice-{k}"));
                (k.as_str(), label, emailed.contains(k))
            })
            .collect(),
        totp_on: preference.totp_secret.is_some(),
        setup_uri: totp::setup_uri(&new_secret, viewer.agent.email.as_str()),
        new_secret,
        notice,
        problem: problem.clone(),
    };
    let status = if problem.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    (status, render(&page)).into_response()
}

/// `GET /agent/preferences`
pub async fn show(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Query(done): Query<Done>,
) -> Response {
    let notice = match done.done.as_deref() {
        Some("saved") => Some(viewer.words.t("preferences-saved")),
        Some("password") => Some(viewer.words.t("password-changed")),
        Some("totp-on") => Some(viewer.words.t("totp-enabled")),
        Some("totp-off") => Some(viewer.words.t("totp-disabled")),
        Some("availability") => Some(viewer.words.t("preferences-saved")),
        _ => None,
    };
    page(&state, &viewer, notice, None).await
}

#[derive(Debug, Deserialize)]
pub struct PreferencesForm {
    #[serde(default)]
    csrf: String,
    /// Which form of the page: `language`, `password`, `totp-on`, `totp-off`.
    #[serde(default)]
    form: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    time_zone: String,
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    secret: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    availability: String,
    #[serde(default)]
    away_from: String,
    #[serde(default)]
    away_until: String,
}

/// `POST /agent/preferences`: one of the page's forms.
pub async fn save(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Form(form): Form<PreferencesForm>,
) -> Response {
    if !viewer.csrf_ok(&form.csrf) {
        return refused_in(viewer.words, Area::Agent);
    }
    let principal = viewer.principal();
    let app = &state.app;
    let (result, done) = match form.form.as_str() {
        "language" => (
            app.set_my_language_and_zone(principal, &form.language, &form.time_zone)
                .await
                .map(|_| ()),
            "saved",
        ),
        "password" => (
            app.change_agent_password(principal, &form.current_password, &form.new_password)
                .await,
            "password",
        ),
        "totp-on" => (
            app.enable_totp(principal, &form.secret, &form.code).await,
            "totp-on",
        ),
        "totp-off" => (app.disable_totp(principal, &form.code).await, "totp-off"),
        "availability" => {
            let input = AgentStatusInput {
                availability: form.availability.clone(),
                away_from: Some(form.away_from.clone()),
                away_until: Some(form.away_until.clone()),
                capacity: None,
            };
            (
                app.set_agent_status(principal, viewer.agent.id, input)
                    .await
                    .map(|_| ()),
                "availability",
            )
        }
        _ => return failure_in(viewer.words, Area::Agent, &AppError::NotFound("form")),
    };
    match result {
        Ok(()) => Redirect::to(&format!("/agent/preferences?done={done}")).into_response(),
        Err(AppError::Invalid(invalid)) => {
            page(&state, &viewer, None, Some(invalid.to_string())).await
        }
        Err(error) => failure_in(viewer.words, Area::Agent, &error),
    }
}

/// `POST /agent/preferences/email`: the notifications the agent is also emailed about (checkboxes, so
/// the same field comes once per kind ticked).
pub async fn save_email_notices(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    if !viewer.csrf_ok(super::fields::pair(&pairs, "csrf").unwrap_or_default()) {
        return refused_in(viewer.words, Area::Agent);
    }
    let kinds: Vec<String> = pairs
        .iter()
        .filter(|(name, _)| name == "kind")
        .map(|(_, value)| value.clone())
        .collect();
    match state
        .app
        .set_my_email_notices(viewer.principal(), &kinds)
        .await
    {
        Ok(_) => Redirect::to("/agent/preferences?done=saved").into_response(),
        Err(AppError::Invalid(invalid)) => {
            page(&state, &viewer, None, Some(invalid.to_string())).await
        }
        Err(error) => failure_in(viewer.words, Area::Agent, &error),
    }
}
