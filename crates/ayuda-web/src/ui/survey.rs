//! The satisfaction survey's public pages: the link of a rating in the survey mail, which records it in one
//! click and then offers a comment box, in the customer's language, without signing in.
//!
//! A browser following the link says so (`Sec-Fetch-Mode: navigate`), and its visit records the rating at
//! once. Anything else fetching the link (a mail scanner inspecting it, an old client) gets a button that
//! records it instead, so a scanner never uses up a customer's rating.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use ayuda_app::AppError;
use ayuda_app::surveys::SurveyAnswer;
use ayuda_core::insight::Survey;
use ayuda_i18n::{Arg, Locale, Translator};
use serde::Deserialize;

use super::agent::failure_in;
use super::session;
use super::sign_in::PreSession;
use super::{Area, Frame, assets, render};
use crate::WebState;

/// What a survey page shows beside its frame.
#[derive(Debug, Default)]
struct Shown {
    /// What the page says first: thanks, the rating given before, or why nothing was recorded.
    message: String,
    /// The rating a button would record, for a visit that was not a browser's navigation.
    confirm: Option<u8>,
    /// Whether the comment box is offered.
    comment: bool,
    problem: Option<String>,
}

impl Shown {
    fn says(message: String) -> Shown {
        Shown {
            message,
            ..Shown::default()
        }
    }
}

#[derive(Template)]
#[template(path = "portal/survey.html")]
struct SurveyPage {
    frame: Frame,
    token: String,
    shown: Shown,
}

fn words_for(survey: Option<&Survey>, headers: &HeaderMap) -> Translator {
    let locale = survey
        .and_then(|s| Locale::from_tag(s.language.as_str()))
        .unwrap_or_else(|| session::locale_of(headers));
    Translator::new(locale)
}

fn page(
    headers: &HeaderMap,
    words: Translator,
    status: StatusCode,
    token: String,
    shown: Shown,
) -> Response {
    let pre_session = PreSession::of(headers);
    let page = SurveyPage {
        frame: Frame {
            words,
            title: words.t("survey-title"),
            assets: assets::prefix(),
            csrf: pre_session.csrf(),
            person: None,
            current: "survey",
            area: Area::Portal,
            unread: 0,
        },
        token,
        shown,
    };
    pre_session.keep((status, render(&page)).into_response(), headers)
}

fn not_valid(headers: &HeaderMap) -> Response {
    let words = words_for(None, headers);
    let shown = Shown::says(words.t("survey-not-valid"));
    page(headers, words, StatusCode::NOT_FOUND, String::new(), shown)
}

/// The page after a rating: thanks (and the comment box while there is no comment), or the rating the
/// customer gave before.
fn answered(headers: &HeaderMap, token: String, answer: SurveyAnswer) -> Response {
    let (survey, first_time) = match answer {
        SurveyAnswer::Recorded(survey) => (survey, true),
        SurveyAnswer::AlreadyRated(survey) => (survey, false),
    };
    let words = words_for(Some(&survey), headers);
    let rating = survey.rating.map_or(0, |r| i64::from(r.value()));
    let key = if first_time {
        "survey-thanks"
    } else {
        "survey-already-rated"
    };
    let shown = Shown {
        comment: survey.comment.is_none(),
        ..Shown::says(words.t_with(key, &[Arg::number("rating", rating)]))
    };
    page(headers, words, StatusCode::OK, token, shown)
}

async fn rate(state: &WebState, headers: &HeaderMap, token: String, rating: &str) -> Response {
    match state.app.rate_by_link(&token, rating).await {
        Ok(answer) => answered(headers, token, answer),
        Err(AppError::NotFound(_) | AppError::Invalid(_)) => not_valid(headers),
        Err(error) => failure_in(words_for(None, headers), Area::Portal, &error),
    }
}

/// `GET /survey/{token}/{rating}`: a browser's click records the rating; other visits get a button.
pub async fn open(
    State(state): State<WebState>,
    headers: HeaderMap,
    Path((token, rating)): Path<(String, String)>,
) -> Response {
    let navigating = headers
        .get("sec-fetch-mode")
        .is_some_and(|mode| mode.as_bytes() == b"navigate");
    if navigating {
        return rate(&state, &headers, token, &rating).await;
    }
    let survey = match state.app.survey_by_link(&token).await {
        Ok(survey) => survey,
        Err(AppError::NotFound(_)) => return not_valid(&headers),
        Err(error) => return failure_in(words_for(None, &headers), Area::Portal, &error),
    };
    let Ok(value) = rating.parse::<u8>() else {
        return not_valid(&headers);
    };
    let words = words_for(Some(&survey), &headers);
    let shown = Shown {
        confirm: Some(value),
        ..Shown::says(words.t("survey-confirm"))
    };
    page(&headers, words, StatusCode::OK, token, shown)
}

/// `POST /survey/{token}/{rating}`: records the rating (the button of a visit that was not a click).
pub async fn confirm(
    State(state): State<WebState>,
    headers: HeaderMap,
    Path((token, rating)): Path<(String, String)>,
    Form(form): Form<super::sign_in::CsrfForm>,
) -> Response {
    if !PreSession::form_ok(&headers, &form.csrf) {
        let words = words_for(None, &headers);
        let shown = Shown {
            confirm: rating.parse().ok(),
            problem: Some(words.t("error-expired-form")),
            ..Shown::says(words.t("survey-confirm"))
        };
        return page(
            &headers,
            words,
            StatusCode::UNPROCESSABLE_ENTITY,
            token,
            shown,
        );
    }
    rate(&state, &headers, token, &rating).await
}

#[derive(Debug, Deserialize)]
pub struct CommentForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    comment: String,
}

/// `POST /survey/{token}/comment`: adds the customer's comment to their rating.
pub async fn comment(
    State(state): State<WebState>,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(form): Form<CommentForm>,
) -> Response {
    let survey = match state.app.survey_by_link(&token).await {
        Ok(survey) => survey,
        Err(AppError::NotFound(_)) => return not_valid(&headers),
        Err(error) => return failure_in(words_for(None, &headers), Area::Portal, &error),
    };
    let words = words_for(Some(&survey), &headers);
    let again = |problem: String| {
        let shown = Shown {
            comment: true,
            problem: Some(problem),
            ..Shown::says(words.t("survey-comment-again"))
        };
        page(
            &headers,
            words,
            StatusCode::UNPROCESSABLE_ENTITY,
            token.clone(),
            shown,
        )
    };
    if !PreSession::form_ok(&headers, &form.csrf) {
        return again(words.t("error-expired-form"));
    }
    let said = match state.app.comment_by_link(&token, &form.comment).await {
        Ok(true) => "survey-comment-thanks",
        Ok(false) => "survey-comment-had",
        Err(AppError::Invalid(_)) => return again(words.t("survey-comment-invalid")),
        Err(error) => return failure_in(words, Area::Portal, &error),
    };
    let shown = Shown::says(words.t(said));
    page(&headers, words, StatusCode::OK, token, shown)
}
