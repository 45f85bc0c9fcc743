//! `/api/v1/search` and `/api/v1/kb`: the search box over everything, and the knowledge base's articles,
//! translations, votes and suggestions.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use ayuda_app::AppError;
use ayuda_app::knowledge::{ArticleFilters, NewArticle, TranslationInput, article_cursor_text};
use ayuda_app::search::{Found, Fragment, SearchInput, Target};
use ayuda_app::suggestions::Suggestion;
use ayuda_core::Invalid;
use ayuda_core::id::{ArticleId, AttachmentId};
use ayuda_core::knowledge::{Article, Translation};
use ayuda_core::text::Language;
use ayuda_store::StoreError;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::WebState;
use crate::extract::{ApiJson, ApiQuery, Auth, IdPath};
use crate::problem::{ApiError, Problem};
use crate::ui::upload::{self, UploadRefused};
use crate::views::{AttachmentView, ListView};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Words, `"phrases"`, `-excluded` words and filters: `status:` `priority:` `group:` `assignee:`
    /// `lang:` `in:ticket|article|contact|organization`.
    pub q: String,
    /// The reader's language, for articles translated into it.
    pub lang: Option<String>,
    /// 1 to 200; 20 when absent.
    pub limit: Option<u32>,
}

/// A piece of a title or excerpt; `marked` when it matched the query.
#[derive(Debug, Serialize, ToSchema)]
pub struct FragmentView {
    pub text: String,
    pub marked: bool,
}

/// One search result.
#[derive(Debug, Serialize, ToSchema)]
pub struct FoundView {
    /// `ticket`, `message`, `contact`, `organization` or `article`.
    pub kind: &'static str,
    pub title: Vec<FragmentView>,
    pub excerpt: Vec<FragmentView>,
    /// An internal note, or something only agents see.
    pub internal: bool,
    pub ticket_id: Option<uuid::Uuid>,
    pub ticket_number: Option<i64>,
    pub message_id: Option<uuid::Uuid>,
    pub contact_id: Option<uuid::Uuid>,
    pub organization_id: Option<uuid::Uuid>,
    pub article_id: Option<uuid::Uuid>,
    /// The language of the article translation that matched.
    pub language: Option<String>,
    pub updated_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SearchView {
    pub items: Vec<FoundView>,
    /// Index terms also searched for words that looked mistyped.
    pub corrections: Vec<String>,
}

fn fragments(pieces: Vec<Fragment>) -> Vec<FragmentView> {
    pieces
        .into_iter()
        .map(|f| FragmentView {
            text: f.text,
            marked: f.marked,
        })
        .collect()
}

impl From<Found> for FoundView {
    fn from(found: Found) -> FoundView {
        let mut view = FoundView {
            kind: found.kind.as_str(),
            title: fragments(found.title),
            excerpt: fragments(found.excerpt),
            internal: found.internal,
            ticket_id: None,
            ticket_number: None,
            message_id: None,
            contact_id: None,
            organization_id: None,
            article_id: None,
            language: None,
            updated_at: found.updated_at.to_string(),
        };
        match found.target {
            Target::Ticket {
                id,
                number,
                message,
            } => {
                view.ticket_id = Some(id.0);
                view.ticket_number = Some(number);
                view.message_id = message.map(|m| m.0);
            }
            Target::Contact(id) => view.contact_id = Some(id.0),
            Target::Organization(id) => view.organization_id = Some(id.0),
            Target::Article { id, language } => {
                view.article_id = Some(id.0);
                view.language = Some(language.to_string());
            }
        }
        view
    }
}

/// Search tickets, messages, contacts, organizations and articles: customers find public articles and
/// their own tickets only.
#[utoipa::path(get, path = "/api/v1/search", tag = "search", params(SearchParams),
    responses((status = 200, description = "Results, best first", body = SearchView), (status = 422, description = "A bad filter", body = Problem)))]
pub async fn search(
    State(state): State<WebState>,
    Auth(session): Auth,
    ApiQuery(params): ApiQuery<SearchParams>,
) -> Result<Json<SearchView>, ApiError> {
    let results = state
        .app
        .search(
            &session.principal,
            SearchInput {
                q: params.q,
                language: params.lang,
                limit: params.limit,
            },
        )
        .await?;
    Ok(Json(SearchView {
        items: results.found.into_iter().map(FoundView::from).collect(),
        corrections: results.corrections,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TranslationView {
    pub language: String,
    pub title: String,
    pub body_html: String,
    pub body_text: String,
    /// `draft`, `published` or `archived`.
    pub status: &'static str,
    pub version: i32,
    pub author_id: uuid::Uuid,
    pub updated_at: String,
}

impl From<Translation> for TranslationView {
    fn from(t: Translation) -> TranslationView {
        TranslationView {
            language: t.language.to_string(),
            title: t.title.as_str().to_owned(),
            body_html: t.body_html,
            body_text: t.body_text,
            status: t.status.as_str(),
            version: t.version,
            author_id: t.author.0,
            updated_at: t.updated_at.to_string(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ArticleView {
    pub id: uuid::Uuid,
    pub category_id: Option<uuid::Uuid>,
    /// `public`, `internal` or `training`.
    pub visibility: &'static str,
    pub translations: Vec<TranslationView>,
    /// Files and images, each served at `/api/v1/kb/articles/{id}/attachments/{file}`.
    pub attachments: Vec<AttachmentView>,
    pub views: i64,
    pub helpful: i64,
    pub unhelpful: i64,
    /// Requests not sent because this article answered them.
    pub deflections: i64,
    pub created_at: String,
    pub updated_at: String,
}

impl From<Article> for ArticleView {
    fn from(a: Article) -> ArticleView {
        ArticleView {
            id: a.id.0,
            category_id: a.category.map(|c| c.0),
            visibility: a.visibility.as_str(),
            translations: a.translations.into_iter().map(Into::into).collect(),
            attachments: a.attachments.into_iter().map(Into::into).collect(),
            views: a.views,
            helpful: a.helpful,
            unhelpful: a.unhelpful,
            deflections: a.deflections,
            created_at: a.created_at.to_string(),
            updated_at: a.updated_at.to_string(),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TranslationRequest {
    pub title: String,
    /// HTML; sanitised.
    pub body_html: String,
    /// `draft` (default), `published` or `archived`: publishing and archiving take a supervisor.
    pub status: Option<String>,
    /// The version this edit started from (0 for a new language); a save over a newer one is a 409.
    #[serde(default)]
    pub base_version: i32,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateArticleRequest {
    pub category_id: Option<String>,
    /// `public`, `internal` (default) or `training`.
    pub visibility: Option<String>,
    pub language: String,
    pub title: String,
    pub body_html: String,
    pub status: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ArticleListParams {
    pub category_id: Option<String>,
    pub visibility: Option<String>,
    pub status: Option<String>,
    pub cursor: Option<String>,
    pub limit: Option<u32>,
}

/// Write an article with its first translation.
#[utoipa::path(post, path = "/api/v1/kb/articles", tag = "knowledge", request_body = CreateArticleRequest,
    responses((status = 201, description = "Created", body = ArticleView), (status = 422, description = "Invalid fields", body = Problem)))]
pub async fn create_article(
    State(state): State<WebState>,
    Auth(session): Auth,
    ApiJson(request): ApiJson<CreateArticleRequest>,
) -> Result<(StatusCode, Json<ArticleView>), ApiError> {
    let article = state
        .app
        .create_article(
            &session.principal,
            NewArticle {
                category: request.category_id,
                visibility: request.visibility,
                translation: TranslationInput {
                    language: request.language,
                    title: request.title,
                    body_html: request.body_html,
                    status: request.status,
                    base_version: 0,
                },
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(article.into())))
}

/// Articles, newest change first: customers get public, published ones only.
#[utoipa::path(get, path = "/api/v1/kb/articles", tag = "knowledge", params(ArticleListParams),
    responses((status = 200, description = "A page of articles", body = ListView<ArticleView>)))]
pub async fn list_articles(
    State(state): State<WebState>,
    Auth(session): Auth,
    ApiQuery(params): ApiQuery<ArticleListParams>,
) -> Result<Json<ListView<ArticleView>>, ApiError> {
    let page = state
        .app
        .list_articles(
            &session.principal,
            ArticleFilters {
                category: params.category_id,
                visibility: params.visibility,
                status: params.status,
                cursor: params.cursor,
                limit: params.limit,
            },
        )
        .await?;
    Ok(Json(ListView {
        next_cursor: page.next_cursor.as_ref().map(article_cursor_text),
        items: page.items.into_iter().map(ArticleView::from).collect(),
    }))
}

/// An article with the translations the caller may read.
#[utoipa::path(get, path = "/api/v1/kb/articles/{id}", tag = "knowledge",
    params(("id" = uuid::Uuid, Path, description = "Article id")),
    responses((status = 200, description = "The article", body = ArticleView), (status = 404, description = "Unknown or not visible", body = Problem)))]
pub async fn get_article(
    State(state): State<WebState>,
    Auth(session): Auth,
    IdPath(id): IdPath<ArticleId>,
) -> Result<Json<ArticleView>, ApiError> {
    Ok(Json(
        state.app.article(&session.principal, id).await?.into(),
    ))
}

/// Attach files to an article (`multipart/form-data`, one part per file): an image is then shown in a
/// translation's body by an `<img>` whose `src` is the file's address,
/// `/api/v1/kb/articles/{id}/attachments/{file}`. Agents who may edit articles only.
#[utoipa::path(post, path = "/api/v1/kb/articles/{id}/attachments", tag = "knowledge",
    request_body(content = Vec<u8>, content_type = "multipart/form-data", description = "The files"),
    params(("id" = uuid::Uuid, Path, description = "Article id")),
    responses((status = 201, description = "The files as attached", body = Vec<AttachmentView>), (status = 422, description = "No file, or an unreadable request", body = Problem)))]
pub async fn attach_files(
    State(state): State<WebState>,
    Auth(session): Auth,
    IdPath(id): IdPath<ArticleId>,
    multipart: axum::extract::Multipart,
) -> Result<(StatusCode, Json<Vec<AttachmentView>>), ApiError> {
    // The article is checked first, so nothing is stored for one the caller may not change.
    state.app.article_to_change(&session.principal, id).await?;
    let form = upload::read_authorized(&state.app, multipart)
        .await
        .map_err(|refused| {
            let error = match refused {
                UploadRefused::Storage(error) => AppError::Internal(StoreError::backend(error)),
                UploadRefused::Unreadable(why) => AppError::Invalid(Invalid::one("files", why)),
                UploadRefused::Forged => AppError::Invalid(Invalid::one("files", "were refused")),
            };
            ApiError::from(error)
        })?;
    if form.files.is_empty() {
        return Err(AppError::Invalid(Invalid::one("files", "must hold at least one file")).into());
    }
    let mut attached = Vec::with_capacity(form.files.len());
    for upload in form.files {
        let attachment = state
            .app
            .attach_to_article(&session.principal, id, upload)
            .await?;
        attached.push(AttachmentView::from(attachment));
    }
    Ok((StatusCode::CREATED, Json(attached)))
}

/// A file attached to an article, for anyone who may read the article.
#[utoipa::path(get, path = "/api/v1/kb/articles/{id}/attachments/{file}", tag = "knowledge",
    params(("id" = uuid::Uuid, Path, description = "Article id"), ("file" = uuid::Uuid, Path, description = "Attachment id")),
    responses((status = 200, description = "The file", body = Vec<u8>), (status = 404, description = "Unknown or not visible", body = Problem)))]
pub async fn get_file(
    State(state): State<WebState>,
    Auth(session): Auth,
    Path((id, file)): Path<(String, String)>,
) -> Result<axum::response::Response, ApiError> {
    let (Ok(id), Ok(file)) = (id.parse::<ArticleId>(), file.parse::<AttachmentId>()) else {
        return Err(ApiError::not_found("attachment"));
    };
    let (attachment, content) = state.app.article_file(&session.principal, id, file).await?;
    Ok(super::file_response(&attachment, content))
}

/// Save a translation: a new language, or a new version of one (every version is kept).
#[utoipa::path(put, path = "/api/v1/kb/articles/{id}/translations/{language}", tag = "knowledge", request_body = TranslationRequest,
    params(("id" = uuid::Uuid, Path, description = "Article id"), ("language" = String, Path, description = "Language code")),
    responses((status = 200, description = "The article as saved", body = ArticleView), (status = 409, description = "Saved by someone else since", body = Problem)))]
pub async fn save_translation(
    State(state): State<WebState>,
    Auth(session): Auth,
    Path((id, language)): Path<(String, String)>,
    ApiJson(request): ApiJson<TranslationRequest>,
) -> Result<Json<ArticleView>, ApiError> {
    let id: ArticleId = id.parse().map_err(|_| ApiError::not_found("article"))?;
    let article = state
        .app
        .save_translation(
            &session.principal,
            id,
            TranslationInput {
                language,
                title: request.title,
                body_html: request.body_html,
                status: request.status,
                base_version: request.base_version,
            },
        )
        .await?;
    Ok(Json(article.into()))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VoteRequest {
    pub helpful: bool,
}

/// Rate an article as helpful or not.
#[utoipa::path(post, path = "/api/v1/kb/articles/{id}/votes", tag = "knowledge", request_body = VoteRequest,
    params(("id" = uuid::Uuid, Path, description = "Article id")),
    responses((status = 204, description = "Counted")))]
pub async fn vote(
    State(state): State<WebState>,
    Auth(session): Auth,
    IdPath(id): IdPath<ArticleId>,
    ApiJson(request): ApiJson<VoteRequest>,
) -> Result<StatusCode, ApiError> {
    state
        .app
        .rate_article(&session.principal, id, request.helpful)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SuggestionParams {
    /// What the customer wrote so far.
    pub text: String,
    /// The language it is written in; English when absent.
    pub lang: Option<String>,
    pub limit: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SuggestionView {
    pub article_id: uuid::Uuid,
    pub language: String,
    pub title: String,
    pub excerpt: Vec<FragmentView>,
}

impl From<Suggestion> for SuggestionView {
    fn from(s: Suggestion) -> SuggestionView {
        SuggestionView {
            article_id: s.article.0,
            language: s.language.to_string(),
            title: s.title,
            excerpt: fragments(s.excerpt),
        }
    }
}

/// The articles most likely to answer a text being written.
#[utoipa::path(get, path = "/api/v1/kb/suggestions", tag = "knowledge", params(SuggestionParams),
    responses((status = 200, description = "Articles, best first", body = [SuggestionView])))]
pub async fn suggestions(
    State(state): State<WebState>,
    Auth(session): Auth,
    ApiQuery(params): ApiQuery<SuggestionParams>,
) -> Result<Json<Vec<SuggestionView>>, ApiError> {
    let language = params
        .lang
        .as_deref()
        .and_then(|l| Language::parse(l).ok())
        .unwrap_or_else(Language::english);
    let limit = params.limit.unwrap_or(5).clamp(1, 20) as usize;
    let found = state
        .app
        .suggest_articles(&session.principal, &params.text, &language, limit)
        .await?;
    Ok(Json(found.into_iter().map(SuggestionView::from).collect()))
}
