//! The knowledge base in the agent workspace: the list of articles and categories, an article in any of its
//! languages, the editor that shows the source translation beside the one being written with every saved
//! version, training material with each agent's progress, and the knowledge gaps for supervisors.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use ayuda_app::AppError;
use ayuda_app::knowledge::{
    ArticleFilters, CategoryInput, NewArticle, TranslationInput, article_cursor_text,
};
use ayuda_core::id::ArticleId;
use ayuda_core::knowledge::{Article, ArticleStatus, Category, Visibility};
use ayuda_core::text::Language;
use serde::Deserialize;

use super::agent::{failure_in, frame, refused_in};
use super::kb_files::{FileRow, file_rows};
use super::session::AgentViewer;
use super::{Area, Frame, render};
use crate::WebState;

fn failure(viewer: &AgentViewer, error: &AppError) -> Response {
    failure_in(viewer.words, Area::Agent, error)
}

fn reader_language(viewer: &AgentViewer) -> Language {
    Language::parse(viewer.words.locale().code()).unwrap_or_else(|_| Language::english())
}

/// An article as a row of the list.
#[derive(Debug)]
struct ArticleRow {
    id: String,
    title: String,
    visibility: String,
    /// Each translation's language and status label.
    translations: Vec<(String, String)>,
    views: i64,
    helpful: i64,
    unhelpful: i64,
}

fn row(viewer: &AgentViewer, article: &Article) -> ArticleRow {
    let words = viewer.words;
    ArticleRow {
        id: article.id.to_string(),
        title: article
            .translation_for(viewer.principal(), &reader_language(viewer))
            .map(|t| t.title.as_str().to_owned())
            .unwrap_or_default(),
        visibility: words.t(&format!("kb-visibility-{}", article.visibility)),
        translations: article
            .translations
            .iter()
            .map(|t| {
                (
                    t.language.to_string(),
                    words.t(&format!("kb-status-{}", t.status)),
                )
            })
            .collect(),
        views: article.views,
        helpful: article.helpful,
        unhelpful: article.unhelpful,
    }
}

fn category_names(categories: &[Category], language: &Language) -> Vec<(String, String)> {
    categories
        .iter()
        .map(|c| (c.id.to_string(), c.name_in(language).to_owned()))
        .collect()
}

#[derive(Template)]
#[template(path = "agent/kb.html")]
struct KbPage {
    frame: Frame,
    rows: Vec<ArticleRow>,
    next_page: Option<String>,
    categories: Vec<(String, String)>,
    filters: KbQuery,
    languages: Vec<(&'static str, &'static str)>,
    visibilities: Vec<(&'static str, String)>,
    statuses: Vec<(&'static str, String)>,
    problem: Option<String>,
    supervisor: bool,
}

#[derive(Debug, Deserialize, Default, Clone)]
pub struct KbQuery {
    #[serde(default)]
    category: String,
    #[serde(default)]
    visibility: String,
    #[serde(default)]
    status: String,
    cursor: Option<String>,
}

fn choices(
    words: ayuda_i18n::Translator,
    prefix: &str,
    values: &[&'static str],
) -> Vec<(&'static str, String)> {
    values
        .iter()
        .map(|v| (*v, words.t(&format!("{prefix}-{v}"))))
        .collect()
}

fn is_supervisor(viewer: &AgentViewer) -> bool {
    ayuda_core::permission::can_publish_article(viewer.principal()).is_ok()
}

async fn kb_page(
    state: &WebState,
    viewer: &AgentViewer,
    filters: KbQuery,
    problem: Option<String>,
) -> Response {
    let words = viewer.words;
    let listed = state
        .app
        .list_articles(
            viewer.principal(),
            ArticleFilters {
                category: Some(filters.category.clone()),
                visibility: Some(filters.visibility.clone()),
                status: Some(filters.status.clone()),
                cursor: filters.cursor.clone(),
                limit: Some(50),
            },
        )
        .await;
    let page = match listed {
        Ok(page) => page,
        Err(error) => return failure(viewer, &error),
    };
    let categories = match state.app.categories().await {
        Ok(categories) => categories,
        Err(error) => return failure(viewer, &error),
    };
    let next_page = page.next_cursor.as_ref().map(|cursor| {
        let query = serde_urlencoded::to_string([
            ("category", filters.category.as_str()),
            ("visibility", filters.visibility.as_str()),
            ("status", filters.status.as_str()),
            ("cursor", article_cursor_text(cursor).as_str()),
        ])
        .unwrap_or_default();
        format!("/agent/kb?{query}")
    });
    let status = if problem.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    let page = KbPage {
        frame: frame(viewer, words.t("kb-title"), "kb"),
        rows: page.items.iter().map(|a| row(viewer, a)).collect(),
        next_page,
        categories: category_names(&categories, &reader_language(viewer)),
        filters,
        languages: ayuda_i18n::Locale::ALL
            .iter()
            .map(|l| (l.code(), l.native_name()))
            .collect(),
        visibilities: choices(words, "kb-visibility", &["public", "internal", "training"]),
        statuses: choices(words, "kb-status", &["draft", "published", "archived"]),
        problem,
        supervisor: is_supervisor(viewer),
    };
    (status, render(&page)).into_response()
}

/// `GET /agent/kb`
pub async fn list(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Query(filters): Query<KbQuery>,
) -> Response {
    kb_page(&state, &viewer, filters, None).await
}

#[derive(Debug, Deserialize, Default)]
pub struct ArticleForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    visibility: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    base_version: i32,
}

fn problem_of(error: AppError) -> Result<String, AppError> {
    match error {
        AppError::Invalid(invalid) => Ok(invalid.to_string()),
        AppError::Conflict(why) => Ok(why),
        AppError::Forbidden(why) => Ok(why.to_owned()),
        other => Err(other),
    }
}

/// `POST /agent/kb`: a new article with its first translation.
pub async fn create(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Form(form): Form<ArticleForm>,
) -> Response {
    if !viewer.csrf_ok(&form.csrf) {
        return refused_in(viewer.words, Area::Agent);
    }
    let language = form.language.clone();
    let input = NewArticle {
        category: Some(form.category),
        visibility: Some(form.visibility),
        translation: TranslationInput {
            language: form.language,
            title: form.title,
            body_html: form.body,
            status: Some(form.status),
            base_version: 0,
        },
    };
    match state.app.create_article(viewer.principal(), input).await {
        Ok(article) => {
            Redirect::to(&format!("/agent/kb/{}?lang={language}", article.id)).into_response()
        }
        Err(error) => match problem_of(error) {
            Ok(problem) => kb_page(&state, &viewer, KbQuery::default(), Some(problem)).await,
            Err(error) => failure(&viewer, &error),
        },
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct CategoryForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name_en: String,
    #[serde(default)]
    name_es: String,
    #[serde(default)]
    name_it: String,
    #[serde(default)]
    parent: String,
}

/// `POST /agent/kb/categories`
pub async fn create_category(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Form(form): Form<CategoryForm>,
) -> Response {
    if !viewer.csrf_ok(&form.csrf) {
        return refused_in(viewer.words, Area::Agent);
    }
    let input = CategoryInput {
        names: vec![
            ("en".into(), form.name_en),
            ("es".into(), form.name_es),
            ("it".into(), form.name_it),
        ],
        parent: Some(form.parent),
        position: None,
    };
    match state.app.create_category(viewer.principal(), input).await {
        Ok(_) => Redirect::to("/agent/kb").into_response(),
        Err(error) => match problem_of(error) {
            Ok(problem) => kb_page(&state, &viewer, KbQuery::default(), Some(problem)).await,
            Err(error) => failure(&viewer, &error),
        },
    }
}

#[derive(Template)]
#[template(path = "agent/article.html")]
struct ArticlePage {
    frame: Frame,
    id: String,
    language: String,
    status: String,
    body_html: String,
    visibility: &'static str,
    visibility_label: String,
    category: String,
    categories: Vec<(String, String)>,
    visibilities: Vec<(&'static str, String)>,
    /// Language, status label, whether it is the one shown.
    translations: Vec<(String, String, bool)>,
    /// Supported languages without a translation yet.
    missing: Vec<&'static str>,
    views: i64,
    helpful: i64,
    unhelpful: i64,
    deflections: i64,
    training: bool,
    completed: Option<String>,
    files: Vec<FileRow>,
    /// The files' list offers no insert buttons on the article page.
    inserting: bool,
}

#[derive(Debug, Deserialize, Default)]
pub struct LanguageQuery {
    lang: Option<String>,
    from: Option<String>,
}

fn id_of(raw: &str) -> Result<ArticleId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound("article"))
}

/// `GET /agent/kb/{id}?lang=…`
pub async fn article(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Path(id): Path<String>,
    Query(query): Query<LanguageQuery>,
) -> Response {
    let words = viewer.words;
    let result = async {
        let id = id_of(&id)?;
        let language = query
            .lang
            .as_deref()
            .and_then(|l| Language::parse(l).ok())
            .unwrap_or_else(|| reader_language(&viewer));
        let (article, translation) = state
            .app
            .read_article(viewer.principal(), id, &language)
            .await?;
        let categories = state.app.categories().await?;
        let completed = if article.visibility == Visibility::Training {
            state
                .app
                .training(viewer.principal())
                .await?
                .into_iter()
                .find(|item| item.article.id == id)
                .and_then(|item| item.completed_at)
                .map(|at| words.datetime(at, &viewer.zone))
        } else {
            None
        };
        Ok::<_, AppError>(ArticlePage {
            frame: frame(&viewer, translation.title.as_str().to_owned(), "kb"),
            id: article.id.to_string(),
            language: translation.language.to_string(),
            status: words.t(&format!("kb-status-{}", translation.status)),
            body_html: translation.body_html.clone(),
            visibility: article.visibility.as_str(),
            visibility_label: words.t(&format!("kb-visibility-{}", article.visibility)),
            category: article.category.map(|c| c.to_string()).unwrap_or_default(),
            categories: category_names(&categories, &reader_language(&viewer)),
            visibilities: choices(words, "kb-visibility", &["public", "internal", "training"]),
            translations: article
                .translations
                .iter()
                .map(|t| {
                    (
                        t.language.to_string(),
                        words.t(&format!("kb-status-{}", t.status)),
                        t.language == translation.language,
                    )
                })
                .collect(),
            missing: Language::SUPPORTED
                .iter()
                .copied()
                .filter(|code| {
                    !article
                        .translations
                        .iter()
                        .any(|t| t.language.as_str() == *code)
                })
                .collect(),
            views: article.views,
            helpful: article.helpful,
            unhelpful: article.unhelpful,
            deflections: article.deflections,
            training: article.visibility == Visibility::Training,
            completed,
            files: file_rows(&article),
            inserting: false,
        })
    }
    .await;
    match result {
        Ok(page) => render(&page),
        Err(error) => failure(&viewer, &error),
    }
}

#[derive(Template)]
#[template(path = "agent/article_edit.html")]
struct EditPage {
    frame: Frame,
    id: String,
    language: String,
    /// The translation shown beside the editor: language, title, sanitised HTML.
    source: Option<(String, String, String)>,
    /// Other languages to show beside it.
    sources: Vec<String>,
    title: String,
    body: String,
    status: &'static str,
    statuses: Vec<(&'static str, String)>,
    base_version: i32,
    /// Version, status label, author, when.
    versions: Vec<(i32, String, String, String)>,
    problem: Option<String>,
    files: Vec<FileRow>,
    /// Each image has a button that puts it into the body.
    inserting: bool,
}

async fn edit_page(
    state: &WebState,
    viewer: &AgentViewer,
    id: ArticleId,
    language: Language,
    from: Option<Language>,
    draft: Option<(ArticleForm, String)>,
) -> Result<Response, AppError> {
    let words = viewer.words;
    let article = state.app.article(viewer.principal(), id).await?;
    let current = article.translation(&language);
    let source = from
        .as_ref()
        .and_then(|l| article.translation(l))
        .or_else(|| article.translations.iter().find(|t| t.language != language));
    let versions = state
        .app
        .article_versions(viewer.principal(), id, language.as_str())
        .await?;
    let mut version_lines = Vec::with_capacity(versions.len());
    for version in versions {
        let author = match state.app.store().get_agent(version.author).await {
            Ok(Some(agent)) => agent.name.as_str().to_owned(),
            _ => String::new(),
        };
        version_lines.push((
            version.version,
            words.t(&format!("kb-status-{}", version.status)),
            author,
            words.datetime(version.created_at, &viewer.zone),
        ));
    }
    let (title, body, status, base_version, problem) = match draft {
        Some((form, problem)) => (
            form.title,
            form.body,
            ArticleStatus::parse(&form.status).map_or("draft", |s| s.as_str()),
            form.base_version,
            Some(problem),
        ),
        None => (
            current
                .map(|t| t.title.as_str().to_owned())
                .unwrap_or_default(),
            current.map(|t| t.body_html.clone()).unwrap_or_default(),
            current.map_or("draft", |t| t.status.as_str()),
            current.map_or(0, |t| t.version),
            None,
        ),
    };
    let status_code = if problem.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    let page = EditPage {
        frame: frame(
            viewer,
            words.t1("kb-edit-title", "language", language.as_str()),
            "kb",
        ),
        id: id.to_string(),
        language: language.to_string(),
        source: source.map(|t| {
            (
                t.language.to_string(),
                t.title.as_str().to_owned(),
                t.body_html.clone(),
            )
        }),
        sources: article
            .translations
            .iter()
            .filter(|t| t.language != language)
            .map(|t| t.language.to_string())
            .collect(),
        title,
        body,
        status,
        statuses: choices(words, "kb-status", &["draft", "published", "archived"]),
        base_version,
        versions: version_lines,
        problem,
        files: file_rows(&article),
        inserting: true,
    };
    Ok((status_code, render(&page)).into_response())
}

fn language_of(raw: Option<&str>) -> Result<Language, AppError> {
    Language::parse(raw.unwrap_or("en")).map_err(|e| AppError::Invalid(e.within("lang").into()))
}

/// `GET /agent/kb/{id}/edit?lang=es&from=en`: the editor, the `from` translation beside it.
pub async fn edit(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Path(id): Path<String>,
    Query(query): Query<LanguageQuery>,
) -> Response {
    let result = async {
        let id = id_of(&id)?;
        let language = language_of(query.lang.as_deref())?;
        let from = query.from.as_deref().and_then(|l| Language::parse(l).ok());
        edit_page(&state, &viewer, id, language, from, None).await
    }
    .await;
    result.unwrap_or_else(|error| failure(&viewer, &error))
}

/// `POST /agent/kb/{id}/edit?lang=es`: saves the translation as a new version.
pub async fn save(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Path(id): Path<String>,
    Query(query): Query<LanguageQuery>,
    Form(form): Form<ArticleForm>,
) -> Response {
    if !viewer.csrf_ok(&form.csrf) {
        return refused_in(viewer.words, Area::Agent);
    }
    let result = async {
        let id = id_of(&id)?;
        let language = language_of(query.lang.as_deref())?;
        let input = TranslationInput {
            language: language.to_string(),
            title: form.title.clone(),
            body_html: form.body.clone(),
            status: Some(form.status.clone()),
            base_version: form.base_version,
        };
        match state
            .app
            .save_translation(viewer.principal(), id, input)
            .await
        {
            Ok(_) => Ok(Redirect::to(&format!("/agent/kb/{id}?lang={language}")).into_response()),
            Err(error) => {
                let problem = problem_of(error)?;
                let from = query.from.as_deref().and_then(|l| Language::parse(l).ok());
                edit_page(&state, &viewer, id, language, from, Some((form, problem))).await
            }
        }
    }
    .await;
    result.unwrap_or_else(|error| failure(&viewer, &error))
}

#[derive(Debug, Deserialize, Default)]
pub struct SettingsForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    visibility: String,
}

/// `POST /agent/kb/{id}/settings`: category and visibility.
pub async fn settings(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Path(id): Path<String>,
    Form(form): Form<SettingsForm>,
) -> Response {
    if !viewer.csrf_ok(&form.csrf) {
        return refused_in(viewer.words, Area::Agent);
    }
    let result = async {
        let id = id_of(&id)?;
        state
            .app
            .update_article_settings(
                viewer.principal(),
                id,
                Some(form.category),
                Some(form.visibility),
            )
            .await?;
        Ok::<_, AppError>(Redirect::to(&format!("/agent/kb/{id}")).into_response())
    }
    .await;
    result.unwrap_or_else(|error| failure(&viewer, &error))
}

/// `POST /agent/kb/{id}/training`: the signed-in agent worked through this training article.
pub async fn complete_training(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Path(id): Path<String>,
    Form(form): Form<super::sign_in::CsrfForm>,
) -> Response {
    if !viewer.csrf_ok(&form.csrf) {
        return refused_in(viewer.words, Area::Agent);
    }
    let result = async {
        let id = id_of(&id)?;
        state.app.complete_training(viewer.principal(), id).await?;
        Ok::<_, AppError>(Redirect::to("/agent/kb/training").into_response())
    }
    .await;
    result.unwrap_or_else(|error| failure(&viewer, &error))
}

#[derive(Template)]
#[template(path = "agent/training.html")]
struct TrainingPage {
    frame: Frame,
    /// Id, title, when completed.
    items: Vec<(String, String, Option<String>)>,
    /// Worked through out of all, `3/5`.
    progress: String,
}

/// `GET /agent/kb/training`: the training material and the signed-in agent's progress through it.
pub async fn training(State(state): State<WebState>, viewer: AgentViewer) -> Response {
    let words = viewer.words;
    match state.app.training(viewer.principal()).await {
        Ok(items) => {
            let language = reader_language(&viewer);
            let items: Vec<(String, String, Option<String>)> = items
                .into_iter()
                .map(|item| {
                    (
                        item.article.id.to_string(),
                        item.article
                            .translation_for(viewer.principal(), &language)
                            .map(|t| t.title.as_str().to_owned())
                            .unwrap_or_default(),
                        item.completed_at.map(|at| words.datetime(at, &viewer.zone)),
                    )
                })
                .collect();
            let done = items.iter().filter(|i| i.2.is_some()).count();
            render(&TrainingPage {
                frame: frame(&viewer, words.t("kb-training-title"), "kb"),
                progress: format!("{done}/{}", items.len()),
                items,
            })
        }
        Err(error) => failure(&viewer, &error),
    }
}

#[derive(Template)]
#[template(path = "agent/gaps.html")]
struct GapsPage {
    frame: Frame,
    /// Words, language, count, by customers, last searched.
    misses: Vec<(String, String, i64, bool, String)>,
    /// Number, subject, solved.
    unhelped: Vec<(i64, String, String)>,
}

/// `GET /agent/kb/gaps`: searches that found nothing and solved tickets no article helped, last 30 days.
pub async fn gaps(State(state): State<WebState>, viewer: AgentViewer) -> Response {
    let words = viewer.words;
    match state.app.knowledge_gaps(viewer.principal(), 30).await {
        Ok(gaps) => render(&GapsPage {
            frame: frame(&viewer, words.t("kb-gaps-title"), "kb"),
            misses: gaps
                .misses
                .into_iter()
                .map(|m| {
                    (
                        m.text,
                        m.language.to_string(),
                        m.count,
                        m.by_customers,
                        words.datetime(m.last_at, &viewer.zone),
                    )
                })
                .collect(),
            unhelped: gaps
                .unhelped
                .into_iter()
                .map(|(t, at)| {
                    (
                        t.number.0,
                        t.subject.as_str().to_owned(),
                        words.datetime(at, &viewer.zone),
                    )
                })
                .collect(),
        }),
        Err(error) => failure(&viewer, &error),
    }
}
