//! The knowledge base in the customer portal: public articles to browse and search (with the customer's
//! own requests), an article to read and rate, and the suggestions shown while a new request is typed.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use ayuda_app::AppError;
use ayuda_app::knowledge::ArticleFilters;
use ayuda_app::search::{SearchInput, Target};
use ayuda_core::id::ArticleId;
use ayuda_core::text::Language;
use serde::Deserialize;

use super::agent::{failure_in, refused_in};
use super::search::pieces;
use super::session::CustomerViewer;
use super::{Area, Frame, assets, render};
use crate::WebState;

fn frame(viewer: &CustomerViewer, title: String) -> Frame {
    Frame {
        words: viewer.words,
        title,
        assets: assets::prefix(),
        csrf: viewer.csrf.clone(),
        person: Some(viewer.contact.name.as_str().to_owned()),
        current: "kb",
        area: Area::Portal,
        unread: 0,
    }
}

fn failure(viewer: &CustomerViewer, error: &AppError) -> Response {
    failure_in(viewer.words, Area::Portal, error)
}

/// The customer's language: their contact's, else the portal's.
fn language(viewer: &CustomerViewer) -> Language {
    viewer.contact.language.clone().unwrap_or_else(|| {
        Language::parse(viewer.words.locale().code()).unwrap_or_else(|_| Language::english())
    })
}

/// A line of the portal's lists: where it leads, its marked title and excerpt.
#[derive(Debug)]
struct Line {
    href: String,
    /// The language it is written in, when known.
    language: String,
    title: Vec<(String, bool)>,
    excerpt: Vec<(String, bool)>,
}

#[derive(Template)]
#[template(path = "portal/kb.html")]
struct KbPage {
    frame: Frame,
    query: String,
    searched: bool,
    lines: Vec<Line>,
    problem: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
pub struct KbQuery {
    #[serde(default)]
    q: String,
}

/// `GET /portal/kb?q=…`: the public articles, or what a search found among them and the customer's requests.
pub async fn list(
    State(state): State<WebState>,
    viewer: CustomerViewer,
    Query(query): Query<KbQuery>,
) -> Response {
    let words = viewer.words;
    let reader = language(&viewer);
    let mut page = KbPage {
        frame: frame(&viewer, words.t("portal-kb-title")),
        query: query.q.clone(),
        searched: !query.q.trim().is_empty(),
        lines: Vec::new(),
        problem: None,
    };
    if page.searched {
        let input = SearchInput {
            q: query.q,
            language: Some(reader.to_string()),
            limit: Some(30),
        };
        match state.app.search(viewer.principal(), input).await {
            Ok(results) => {
                page.lines = results
                    .found
                    .into_iter()
                    .map(|found| Line {
                        language: String::new(),
                        href: match &found.target {
                            Target::Ticket { number, .. } => format!("/portal/tickets/{number}"),
                            Target::Article { id, language } => {
                                format!("/portal/kb/{id}?lang={language}")
                            }
                            Target::Contact(_) | Target::Organization(_) => String::new(),
                        },
                        title: pieces(found.title),
                        excerpt: pieces(found.excerpt),
                    })
                    .filter(|line| !line.href.is_empty())
                    .collect();
            }
            Err(AppError::Invalid(invalid)) => page.problem = Some(invalid.to_string()),
            Err(error) => return failure(&viewer, &error),
        }
        return render(&page);
    }
    let listed = state
        .app
        .list_articles(
            viewer.principal(),
            ArticleFilters {
                limit: Some(100),
                ..ArticleFilters::default()
            },
        )
        .await;
    match listed {
        Ok(articles) => {
            page.lines = articles
                .items
                .iter()
                .filter_map(|article| {
                    let translation = article.translation_for(viewer.principal(), &reader)?;
                    Some(Line {
                        language: translation.language.to_string(),
                        href: format!("/portal/kb/{}?lang={}", article.id, translation.language),
                        title: vec![(translation.title.as_str().to_owned(), false)],
                        excerpt: Vec::new(),
                    })
                })
                .collect();
            render(&page)
        }
        Err(error) => failure(&viewer, &error),
    }
}

#[derive(Template)]
#[template(path = "portal/article.html")]
struct ArticlePage {
    frame: Frame,
    id: String,
    language: String,
    body_html: String,
    /// Other languages it is published in.
    languages: Vec<String>,
    /// Opened from a suggestion while writing a request: offer to not send it.
    from_request: bool,
    thanks: bool,
    files: Vec<super::kb_files::FileRow>,
}

#[derive(Debug, Deserialize, Default)]
pub struct ArticleQuery {
    lang: Option<String>,
    from: Option<String>,
    thanks: Option<String>,
}

fn id_of(raw: &str) -> Result<ArticleId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound("article"))
}

/// `GET /portal/kb/{id}?lang=…`
pub async fn article(
    State(state): State<WebState>,
    viewer: CustomerViewer,
    Path(id): Path<String>,
    Query(query): Query<ArticleQuery>,
) -> Response {
    let result = async {
        let id = id_of(&id)?;
        let wanted = query
            .lang
            .as_deref()
            .and_then(|l| Language::parse(l).ok())
            .unwrap_or_else(|| language(&viewer));
        state
            .app
            .read_article(viewer.principal(), id, &wanted)
            .await
    }
    .await;
    match result {
        Ok((article, translation)) => render(&ArticlePage {
            frame: frame(&viewer, translation.title.as_str().to_owned()),
            id: article.id.to_string(),
            language: translation.language.to_string(),
            body_html: translation.body_html.clone(),
            languages: article
                .translations
                .iter()
                .filter(|t| t.language != translation.language)
                .map(|t| t.language.to_string())
                .collect(),
            from_request: query.from.as_deref() == Some("request"),
            thanks: query.thanks.is_some(),
            files: super::kb_files::file_rows(&article),
        }),
        Err(error) => failure(&viewer, &error),
    }
}

#[derive(Debug, Deserialize)]
pub struct VoteForm {
    #[serde(default)]
    csrf: String,
    /// `yes` or `no`.
    #[serde(default)]
    helpful: String,
}

/// `POST /portal/kb/{id}/vote`
pub async fn vote(
    State(state): State<WebState>,
    viewer: CustomerViewer,
    Path(id): Path<String>,
    Form(form): Form<VoteForm>,
) -> Response {
    if !viewer.csrf_ok(&form.csrf) {
        return refused_in(viewer.words, Area::Portal);
    }
    let result = async {
        let id = id_of(&id)?;
        state
            .app
            .rate_article(viewer.principal(), id, form.helpful == "yes")
            .await?;
        Ok::<_, AppError>(id)
    }
    .await;
    match result {
        Ok(id) => Redirect::to(&format!("/portal/kb/{id}?thanks=1")).into_response(),
        Err(error) => failure(&viewer, &error),
    }
}

#[derive(Template)]
#[template(path = "portal/answered.html")]
struct AnsweredPage {
    frame: Frame,
}

/// `POST /portal/kb/{id}/answered`: the article answered the request the customer was writing, which is
/// not sent.
pub async fn answered(
    State(state): State<WebState>,
    viewer: CustomerViewer,
    Path(id): Path<String>,
    Form(form): Form<super::sign_in::CsrfForm>,
) -> Response {
    if !viewer.csrf_ok(&form.csrf) {
        return refused_in(viewer.words, Area::Portal);
    }
    let result = async {
        let id = id_of(&id)?;
        state.app.record_deflection(viewer.principal(), id).await
    }
    .await;
    match result {
        Ok(()) => render(&AnsweredPage {
            frame: frame(&viewer, viewer.words.t("portal-kb-answered")),
        }),
        Err(error) => failure(&viewer, &error),
    }
}

#[derive(Template)]
#[template(path = "portal/suggestions.html")]
struct SuggestionsFragment {
    words: ayuda_i18n::Translator,
    suggestions: Vec<Line>,
}

#[derive(Debug, Deserialize, Default)]
pub struct SuggestionQuery {
    #[serde(default)]
    subject: String,
    #[serde(default)]
    body: String,
}

/// `GET /portal/suggestions?subject=…&body=…`: the articles that may answer the request being typed, as a
/// fragment of the new request page.
pub async fn suggestions(
    State(state): State<WebState>,
    viewer: CustomerViewer,
    Query(query): Query<SuggestionQuery>,
) -> Response {
    let text = format!("{}\n{}", query.subject, query.body);
    let found = state
        .app
        .suggest_articles(viewer.principal(), &text, &language(&viewer), 5)
        .await;
    match found {
        Ok(found) => render(&SuggestionsFragment {
            words: viewer.words,
            suggestions: found
                .into_iter()
                .map(|s| Line {
                    href: format!("/portal/kb/{}?lang={}&from=request", s.article, s.language),
                    title: vec![(s.title, false)],
                    language: s.language.to_string(),
                    excerpt: pieces(s.excerpt),
                })
                .collect(),
        }),
        Err(error) => failure(&viewer, &error),
    }
}
