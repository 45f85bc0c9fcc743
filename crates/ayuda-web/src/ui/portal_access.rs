//! Getting into the portal without a password: signing up, asking for a one-time link by email, and using
//! it; and, once in, choosing a password for next time.
//!
//! Opening a link only shows a button: mail scanners fetch links to inspect them, and a link used up by a
//! scanner would leave the customer locked out. Pressing the button (a POST from the page) signs in.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use ayuda_app::AppError;
use ayuda_app::auth::MIN_PASSWORD_CHARS;
use ayuda_app::sign_in_link::LinkRequest;
use ayuda_core::sign_in_link::SIGN_IN_LINK_LIFETIME;
use ayuda_i18n::{Arg, Translator};
use serde::Deserialize;

use super::agent::{failure_in, refused_in};
use super::session::{self, CustomerViewer};
use super::sign_in::{self, PreSession, start_session};
use super::{Area, Frame, assets, render};
use crate::WebState;

fn frame(words: Translator, title: String, csrf: String, person: Option<String>) -> Frame {
    Frame {
        words,
        title,
        assets: assets::prefix(),
        csrf,
        person,
        current: "account",
        area: Area::Portal,
        unread: 0,
    }
}

#[derive(Template)]
#[template(path = "portal/sign_up.html")]
struct SignUpPage {
    frame: Frame,
    name: String,
    email: String,
    problem: Option<String>,
}

fn sign_up_form(
    headers: &HeaderMap,
    name: String,
    email: String,
    problem: Option<String>,
) -> Response {
    let words = Translator::new(session::locale_of(headers));
    let pre_session = PreSession::of(headers);
    let page = SignUpPage {
        frame: frame(
            words,
            words.t("portal-sign-up-title"),
            pre_session.csrf(),
            None,
        ),
        name,
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

/// `GET /portal/sign-up`
pub async fn sign_up_page(headers: HeaderMap) -> Response {
    sign_up_form(&headers, String::new(), String::new(), None)
}

#[derive(Debug, Deserialize)]
pub struct LinkForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    email: String,
    /// Only on the sign-up form.
    name: Option<String>,
}

#[derive(Template)]
#[template(path = "portal/link_sent.html")]
struct LinkSentPage {
    frame: Frame,
    /// What was sent, and for how long the link works.
    message: String,
}

/// `POST /portal/sign-up` and `POST /portal/sign-in/link`: mails a link, and says so the same way whether
/// or not the address is a customer's.
pub async fn send_link(
    State(state): State<WebState>,
    headers: HeaderMap,
    Form(form): Form<LinkForm>,
) -> Response {
    let locale = session::locale_of(&headers);
    let words = Translator::new(locale);
    // A problem is shown on the form it came from: the sign-up form, or the sign-in page.
    let again = |name: Option<String>, email: String, problem: String| match name {
        Some(name) => sign_up_form(&headers, name, email, Some(problem)),
        None => sign_in::sign_in_form(
            Area::Portal,
            &headers,
            "/portal".to_owned(),
            email,
            Some(problem),
        ),
    };
    if !PreSession::form_ok(&headers, &form.csrf) {
        return again(form.name, form.email, words.t("error-expired-form"));
    }
    let request = match &form.name {
        Some(name) => LinkRequest::SignUp { name },
        None => LinkRequest::SignIn,
    };
    let email = form.email.trim().to_owned();
    match state
        .app
        .request_sign_in_link(&email, request, locale.code())
        .await
    {
        Ok(()) => {
            let message = words.t_with(
                "portal-link-sent",
                &[
                    Arg::text("email", email.as_str()),
                    Arg::number("minutes", SIGN_IN_LINK_LIFETIME.as_mins()),
                ],
            );
            let page = LinkSentPage {
                frame: frame(
                    words,
                    words.t("portal-link-sent-title"),
                    String::new(),
                    None,
                ),
                message,
            };
            render(&page)
        }
        Err(AppError::Invalid(invalid)) => {
            let problem = if invalid.0.iter().any(|e| e.field == "name") {
                words.t("portal-sign-up-bad-name")
            } else {
                words.t("portal-sign-up-bad-email")
            };
            again(form.name, email, problem)
        }
        Err(error) => failure_in(words, Area::Portal, &error),
    }
}

#[derive(Template)]
#[template(path = "portal/link.html")]
struct LinkPage {
    frame: Frame,
    token: String,
    problem: Option<String>,
}

fn link_page(headers: &HeaderMap, token: String, problem: Option<String>) -> Response {
    let words = Translator::new(session::locale_of(headers));
    let pre_session = PreSession::of(headers);
    let status = if problem.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = LinkPage {
        frame: frame(
            words,
            words.t("portal-link-title"),
            pre_session.csrf(),
            None,
        ),
        token,
        problem,
    };
    pre_session.keep((status, render(&page)).into_response(), headers)
}

/// `GET /portal/sign-in/link/{token}`: the button that uses the link.
pub async fn link(headers: HeaderMap, Path(token): Path<String>) -> Response {
    link_page(&headers, token, None)
}

/// `POST /portal/sign-in/link/{token}`: signs in with the link.
pub async fn use_link(
    State(state): State<WebState>,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(form): Form<super::sign_in::CsrfForm>,
) -> Response {
    let words = Translator::new(session::locale_of(&headers));
    if !PreSession::form_ok(&headers, &form.csrf) {
        return link_page(&headers, token, Some(words.t("error-expired-form")));
    }
    match state.app.sign_in_with_link(&token).await {
        Ok(secret) => start_session(&secret, "/portal/tickets", &headers),
        Err(AppError::Unauthenticated) => {
            link_page(&headers, token, Some(words.t("portal-link-failed")))
        }
        Err(error) => failure_in(words, Area::Portal, &error),
    }
}

#[derive(Template)]
#[template(path = "portal/account.html")]
struct AccountPage {
    frame: Frame,
    email: String,
    min_chars: usize,
    notice: Option<String>,
    problem: Option<String>,
}

impl AccountPage {
    fn min_chars_count(&self) -> i64 {
        i64::try_from(self.min_chars).unwrap_or(i64::MAX)
    }
}

fn account_page(
    viewer: &CustomerViewer,
    notice: Option<String>,
    problem: Option<String>,
) -> Response {
    let words = viewer.words;
    let status = if problem.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = AccountPage {
        frame: frame(
            words,
            words.t("portal-account-title"),
            viewer.csrf.clone(),
            Some(viewer.contact.name.as_str().to_owned()),
        ),
        email: viewer
            .contact
            .primary_email()
            .unwrap_or_default()
            .to_owned(),
        min_chars: MIN_PASSWORD_CHARS,
        notice,
        problem,
    };
    (status, render(&page)).into_response()
}

/// `GET /portal/account`
pub async fn account(viewer: CustomerViewer) -> Response {
    account_page(&viewer, None, None)
}

#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    password: String,
}

/// `POST /portal/account`: sets the customer's password.
pub async fn set_password(
    State(state): State<WebState>,
    viewer: CustomerViewer,
    Form(form): Form<PasswordForm>,
) -> Response {
    if !viewer.csrf_ok(&form.csrf) {
        return refused_in(viewer.words, Area::Portal);
    }
    match state
        .app
        .set_customer_password(viewer.principal(), &form.password)
        .await
    {
        Ok(()) => account_page(&viewer, Some(viewer.words.t("password-changed")), None),
        Err(AppError::Invalid(_)) => {
            let problem = viewer.words.tn(
                "portal-account-password-short",
                "count",
                i64::try_from(MIN_PASSWORD_CHARS).unwrap_or(i64::MAX),
            );
            account_page(&viewer, None, Some(problem))
        }
        Err(error) => failure_in(viewer.words, Area::Portal, &error),
    }
}
