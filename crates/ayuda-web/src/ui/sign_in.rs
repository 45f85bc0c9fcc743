//! Signing in and out of either interface: agents at `/agent/sign-in`, customers at `/portal/sign-in`.
//! Before there is a session, the form is protected by a random pre-session cookie it must repeat (double
//! submit); failed attempts are throttled per account; signing out revokes the token, so a copied cookie
//! stops working too.

use std::time::Instant;

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use ayuda_app::{AppError, Session};
use ayuda_i18n::Translator;
use serde::Deserialize;

use super::agent::{failure_in, refused_in};
use super::session::{self, AgentViewer, CustomerViewer, PRE_SESSION_COOKIE, SESSION_COOKIE};
use super::{Area, Frame, assets, render};
use crate::WebState;

/// How long a browser keeps the session cookie.
const SESSION_SECONDS: i64 = 12 * 3600;

#[derive(Debug, Deserialize, Default)]
pub struct SignInQuery {
    next: Option<String>,
}

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    frame: Frame,
    /// Where the form posts: the workspace's or the portal's sign-in.
    action: String,
    next: String,
    email: String,
    problem: Option<String>,
}

/// Where to go after signing in: only a path of the same interface, never another site.
fn safe_next(area: Area, next: Option<&str>) -> String {
    let home = format!("/{}", area.path());
    match next {
        Some(path) if path.starts_with(&home) && !path.starts_with("//") => path.to_owned(),
        _ => home,
    }
}

fn random_token() -> String {
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        // No randomness means no secret token; an empty one never matches, so sign-in fails safely.
        return String::new();
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(super) fn sign_in_form(
    area: Area,
    headers: &HeaderMap,
    next: String,
    email: String,
    problem: Option<String>,
) -> Response {
    let words = Translator::new(session::locale_of(headers));
    let pre_session = PreSession::of(headers);
    let title = match area {
        Area::Agent => words.t("sign-in-title"),
        Area::Portal => words.t("portal-sign-in-title"),
    };
    let page = SignInPage {
        frame: Frame {
            words,
            title,
            assets: assets::prefix(),
            csrf: pre_session.csrf(),
            person: None,
            current: "",
            area,
            unread: 0,
        },
        action: format!("/{}/sign-in", area.path()),
        next,
        email,
        problem,
    };
    let status = if page.problem.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    pre_session.keep((status, render(&page)).into_response(), headers)
}

/// The random token of a browser that has no session yet, in a cookie its forms must repeat (as the
/// CSRF token derived from it): a cross-site form cannot read the cookie, so it cannot forge the field.
pub(super) struct PreSession {
    token: String,
    fresh: bool,
}

impl PreSession {
    /// The browser's token, or a new one.
    pub(super) fn of(headers: &HeaderMap) -> PreSession {
        match session::cookie(headers, PRE_SESSION_COOKIE).filter(|token| token.len() == 32) {
            Some(token) => PreSession {
                token: token.to_owned(),
                fresh: false,
            },
            None => PreSession {
                token: random_token(),
                fresh: true,
            },
        }
    }

    /// The CSRF token its forms carry.
    pub(super) fn csrf(&self) -> String {
        session::csrf_token(&self.token)
    }

    /// Whether a form's CSRF field matches the browser's pre-session cookie.
    pub(super) fn form_ok(headers: &HeaderMap, csrf: &str) -> bool {
        let expected = session::cookie(headers, PRE_SESSION_COOKIE)
            .map(session::csrf_token)
            .unwrap_or_default();
        !expected.is_empty() && session::same_token(&expected, csrf)
    }

    /// Sets the cookie on `response` when the token is new.
    pub(super) fn keep(self, mut response: Response, headers: &HeaderMap) -> Response {
        if self.fresh {
            response.headers_mut().append(
                header::SET_COOKIE,
                session::set_cookie(
                    PRE_SESSION_COOKIE,
                    &self.token,
                    3600,
                    session::is_https(headers),
                ),
            );
        }
        response
    }
}

/// The answer that starts a session: to `next`, with the session cookie set and the pre-session one gone.
pub(super) fn start_session(secret: &str, next: &str, headers: &HeaderMap) -> Response {
    let mut response = Redirect::to(next).into_response();
    let secure = session::is_https(headers);
    let cookies = response.headers_mut();
    cookies.append(
        header::SET_COOKIE,
        session::set_cookie(SESSION_COOKIE, secret, SESSION_SECONDS, secure),
    );
    cookies.append(
        header::SET_COOKIE,
        session::set_cookie(PRE_SESSION_COOKIE, "", 0, secure),
    );
    response
}

/// `GET /agent/sign-in`
pub async fn agent_page(headers: HeaderMap, Query(query): Query<SignInQuery>) -> Response {
    let next = safe_next(Area::Agent, query.next.as_deref());
    sign_in_form(Area::Agent, &headers, next, String::new(), None)
}

/// `GET /portal/sign-in`
pub async fn portal_page(headers: HeaderMap, Query(query): Query<SignInQuery>) -> Response {
    let next = safe_next(Area::Portal, query.next.as_deref());
    sign_in_form(Area::Portal, &headers, next, String::new(), None)
}

#[derive(Debug, Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
    next: Option<String>,
    /// The second factor's current code, for agents who set one up.
    code: Option<String>,
}

/// `POST /agent/sign-in`
pub async fn agent(
    State(state): State<WebState>,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Response {
    sign_in(Area::Agent, state, headers, form).await
}

/// `POST /portal/sign-in`
pub async fn portal(
    State(state): State<WebState>,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Response {
    sign_in(Area::Portal, state, headers, form).await
}

async fn sign_in(area: Area, state: WebState, headers: HeaderMap, form: SignInForm) -> Response {
    let words = Translator::new(session::locale_of(&headers));
    let next = safe_next(area, form.next.as_deref());
    if !PreSession::form_ok(&headers, &form.csrf) {
        let problem = Some(words.t("error-expired-form"));
        return sign_in_form(area, &headers, next, form.email, problem);
    }
    // Agents and customers are counted apart: one address may be both.
    let account = format!("{}:{}", area.path(), form.email);
    if let Some(wait) = state.sign_in_throttle.wait_for(&account, Instant::now()) {
        let minutes = i64::try_from(wait.as_secs().div_ceil(60)).unwrap_or(15);
        let problem = words.tn("sign-in-throttled", "minutes", minutes);
        return sign_in_form(area, &headers, next, form.email, Some(problem));
    }
    let signed_in = match area {
        Area::Agent => {
            let code = form.code.as_deref().filter(|c| !c.trim().is_empty());
            state.app.sign_in(&form.email, &form.password, code).await
        }
        Area::Portal => {
            state
                .app
                .customer_sign_in(&form.email, &form.password)
                .await
        }
    };
    match signed_in {
        Ok(secret) => {
            state.sign_in_throttle.succeeded(&account);
            start_session(&secret, &next, &headers)
        }
        Err(AppError::Unauthenticated) => {
            state.sign_in_throttle.failed(&account, Instant::now());
            let problem = Some(match area {
                Area::Agent => words.t("sign-in-failed-agent"),
                Area::Portal => words.t("sign-in-failed"),
            });
            sign_in_form(area, &headers, next, form.email, problem)
        }
        Err(error) => failure_in(words, area, &error),
    }
}

/// A form that carries nothing but its CSRF token (signing out, marking solved).
#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    pub csrf: String,
}

/// `POST /agent/sign-out`
pub async fn agent_out(
    State(state): State<WebState>,
    viewer: AgentViewer,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Response {
    if !viewer.csrf_ok(&form.csrf) {
        return refused_in(viewer.words, Area::Agent);
    }
    sign_out(Area::Agent, &state, &viewer.session, viewer.words, &headers).await
}

/// `POST /portal/sign-out`
pub async fn portal_out(
    State(state): State<WebState>,
    viewer: CustomerViewer,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Response {
    if !viewer.csrf_ok(&form.csrf) {
        return refused_in(viewer.words, Area::Portal);
    }
    sign_out(
        Area::Portal,
        &state,
        &viewer.session,
        viewer.words,
        &headers,
    )
    .await
}

async fn sign_out(
    area: Area,
    state: &WebState,
    session: &Session,
    words: Translator,
    headers: &HeaderMap,
) -> Response {
    if let Err(error) = state.app.sign_out(session).await {
        return failure_in(words, area, &error);
    }
    let mut response = Redirect::to(&format!("/{}/sign-in", area.path())).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        session::set_cookie(SESSION_COOKIE, "", 0, session::is_https(headers)),
    );
    response
}
