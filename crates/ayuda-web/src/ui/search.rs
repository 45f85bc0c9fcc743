//! Search in the agent workspace: the search box's results page, and the knowledge panel of the ticket
//! page, which suggests articles for the ticket, searches articles, and puts one into the reply.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use ayuda_app::AppError;
use ayuda_app::search::{Found, Fragment, SearchInput, Target};
use ayuda_app::suggestions::{InsertAs, Suggestion};
use ayuda_core::id::ArticleId;
use ayuda_core::knowledge::Visibility;
use serde::Deserialize;

use super::agent::{failure_in, frame, refused_in};
use super::session::AgentViewer;
use super::{Area, Frame, render};
use crate::WebState;

/// A result as a line of a list: where it leads, what it is, and its marked title and excerpt.
#[derive(Debug)]
pub(super) struct ResultLine {
    pub href: String,
    pub kind: String,
    pub title: Vec<(String, bool)>,
    pub excerpt: Vec<(String, bool)>,
    pub internal: bool,
}

pub(super) fn pieces(fragments: Vec<Fragment>) -> Vec<(String, bool)> {
    fragments.into_iter().map(|f| (f.text, f.marked)).collect()
}

fn line(viewer: &AgentViewer, found: Found) -> ResultLine {
    let words = viewer.words;
    let href = match &found.target {
        Target::Ticket {
            number, message, ..
        } => match message {
            Some(message) => format!("/agent/tickets/{number}#m-{message}"),
            None => format!("/agent/tickets/{number}"),
        },
        Target::Contact(id) => format!("/agent/admin/contacts/{id}"),
        Target::Organization(id) => format!("/agent/admin/organizations/{id}"),
        Target::Article { id, language } => format!("/agent/kb/{id}?lang={language}"),
    };
    let mut title = pieces(found.title);
    if let Target::Ticket { number, .. } = found.target {
        title.insert(0, (format!("#{number} "), false));
    }
    ResultLine {
        href,
        kind: words.t(&format!("search-kind-{}", found.kind.as_str())),
        title,
        excerpt: pieces(found.excerpt),
        internal: found.internal,
    }
}

#[derive(Template)]
#[template(path = "agent/search.html")]
struct SearchPage {
    frame: Frame,
    query: String,
    searched: bool,
    lines: Vec<ResultLine>,
    corrections: String,
    problem: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

/// `GET /agent/search?q=…`
pub async fn page(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Query(query): Query<SearchQuery>,
) -> Response {
    let words = viewer.words;
    let mut page = SearchPage {
        frame: frame(&viewer, words.t("search-title"), "search"),
        query: query.q.clone(),
        searched: !query.q.trim().is_empty(),
        lines: Vec::new(),
        corrections: String::new(),
        problem: None,
    };
    if page.searched {
        let input = SearchInput {
            q: query.q,
            language: Some(words.locale().code().to_owned()),
            limit: Some(50),
        };
        match state.app.search(viewer.principal(), input).await {
            Ok(results) => {
                page.corrections = results.corrections.join(", ");
                page.lines = results
                    .found
                    .into_iter()
                    .map(|f| line(&viewer, f))
                    .collect();
            }
            Err(AppError::Invalid(invalid)) => page.problem = Some(invalid.to_string()),
            Err(error) => return failure_in(words, Area::Agent, &error),
        }
    }
    render(&page)
}

/// An article offered on the ticket page, with whether it may go in as a link.
#[derive(Debug)]
pub(super) struct ArticleOffer {
    pub id: String,
    pub language: String,
    pub title: String,
    pub excerpt: Vec<(String, bool)>,
    pub linkable: bool,
}

impl From<Suggestion> for ArticleOffer {
    fn from(s: Suggestion) -> ArticleOffer {
        ArticleOffer {
            id: s.article.to_string(),
            language: s.language.to_string(),
            title: s.title,
            excerpt: pieces(s.excerpt),
            linkable: s.visibility == Visibility::Public,
        }
    }
}

/// The articles the ticket page offers: those matching `query` when the agent searched, else the
/// suggestions for the ticket.
pub(super) async fn offers(
    state: &WebState,
    viewer: &AgentViewer,
    ticket: &ayuda_core::ticket::Ticket,
    query: Option<&str>,
) -> Result<Vec<ArticleOffer>, AppError> {
    let query = query.map(str::trim).filter(|q| !q.is_empty());
    let Some(query) = query else {
        let suggested = state
            .app
            .suggest_for_ticket(viewer.principal(), ticket.id, 5)
            .await?;
        return Ok(suggested.into_iter().map(ArticleOffer::from).collect());
    };
    // The agent's words may be in any language; the article is shown in the customer's when translated.
    let text = format!("in:article {query}");
    let results = state
        .app
        .search(
            viewer.principal(),
            SearchInput {
                q: text,
                language: Some(ticket.language.to_string()),
                limit: Some(8),
            },
        )
        .await?;
    let mut offers = Vec::new();
    for found in results.found {
        let Target::Article { id, .. } = found.target else {
            continue;
        };
        let article = state.app.article(viewer.principal(), id).await?;
        let Some(translation) = article.translation_for(viewer.principal(), &ticket.language)
        else {
            continue;
        };
        offers.push(ArticleOffer {
            id: id.to_string(),
            language: translation.language.to_string(),
            title: translation.title.as_str().to_owned(),
            excerpt: pieces(found.excerpt),
            linkable: article.visibility == Visibility::Public,
        });
    }
    Ok(offers)
}

#[derive(Debug, Deserialize)]
pub struct InsertForm {
    #[serde(default)]
    csrf: String,
    /// `link` or `text`.
    #[serde(default, rename = "as")]
    how: String,
}

/// `POST /agent/tickets/{number}/articles/{id}`: the article as text for the reply. The compose box's
/// script puts it where the cursor is; without script the ticket page comes back with it as the draft.
pub async fn insert(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Path((number, id)): Path<(i64, String)>,
    headers: axum::http::HeaderMap,
    Form(form): Form<InsertForm>,
) -> Response {
    let words = viewer.words;
    if !viewer.csrf_ok(&form.csrf) {
        return refused_in(words, Area::Agent);
    }
    let how = if form.how == "link" {
        InsertAs::Link
    } else {
        InsertAs::Text
    };
    let result = async {
        let ticket = state
            .app
            .ticket_by_number(viewer.principal(), number)
            .await?;
        let id: ArticleId = id.parse().map_err(|_| AppError::NotFound("article"))?;
        let text = state
            .app
            .insert_article(viewer.principal(), ticket.id, id, how)
            .await?;
        Ok::<_, AppError>((ticket, text))
    }
    .await;
    let (ticket, text) = match result {
        Ok(done) => done,
        Err(error) => return failure_in(words, Area::Agent, &error),
    };
    let wants_text = headers
        .get("x-ayuda-insert")
        .is_some_and(|v| v.as_bytes() == b"text");
    if wants_text {
        return ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response();
    }
    super::agent::ticket_with_draft(&state, &viewer, &ticket, text, false).await
}
