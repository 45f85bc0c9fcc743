//! The knowledge base: categories, articles and their translations, read by agents and (when public and
//! published) by customers; every agent writes drafts, supervisors and administrators publish.

use std::collections::BTreeMap;

use ayuda_core::id::{AgentId, ArticleId, AttachmentId, CategoryId};
use ayuda_core::knowledge::{
    Article, ArticleStatus, ArticleTitle, ArticleVersion, Category, MAX_ARTICLE_BODY, Translation,
    Visibility, can_read_translation,
};
use ayuda_core::permission::{self, Operation, Principal, Resource};
use ayuda_core::text::{Language, Name};
use ayuda_core::{FieldError, Invalid, Timestamp};
use ayuda_store::Page;
use ayuda_store::knowledge::{
    ArticleCounter, ArticleCursor, ArticleQuery, ArticleSettings, MAX_CATEGORIES, TranslationWrite,
};

use crate::blobs::Upload;
use crate::{App, AppError, page_limit, parse_id};

/// A category as a person enters it: its name in one or more languages.
#[derive(Debug, Clone, Default)]
pub struct CategoryInput {
    /// Language code and name; a blank name is left out.
    pub names: Vec<(String, String)>,
    pub parent: Option<String>,
    pub position: Option<i32>,
}

/// A new article with its first translation.
#[derive(Debug, Clone, Default)]
pub struct NewArticle {
    pub category: Option<String>,
    /// `public`, `internal` or `training`; `internal` when absent.
    pub visibility: Option<String>,
    pub translation: TranslationInput,
}

/// One translation as the editor sends it.
#[derive(Debug, Clone, Default)]
pub struct TranslationInput {
    pub language: String,
    pub title: String,
    pub body_html: String,
    /// `draft`, `published` or `archived`; `draft` when absent.
    pub status: Option<String>,
    /// The version the editor started from: 0 for a new language. A save over a newer one is refused.
    pub base_version: i32,
}

/// Which articles to list.
#[derive(Debug, Clone, Default)]
pub struct ArticleFilters {
    pub category: Option<String>,
    pub visibility: Option<String>,
    pub status: Option<String>,
    pub cursor: Option<String>,
    pub limit: Option<u32>,
}

/// A training article and whether the agent has worked through it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrainingItem {
    pub article: Article,
    pub completed_at: Option<Timestamp>,
}

fn check(principal: &Principal, operation: Operation) -> Result<(), AppError> {
    permission::can(principal, Resource::Knowledge, operation).map_err(|d| AppError::Forbidden(d.0))
}

fn agent_id(principal: &Principal) -> Result<AgentId, AppError> {
    match principal {
        Principal::Agent { id, .. } => Ok(*id),
        Principal::Customer { .. } => Err(AppError::Forbidden("only agents may do this")),
    }
}

/// Parses an editor's translation: a title, sanitised HTML with its plain text, a status.
fn parse_translation(
    input: &TranslationInput,
    author: AgentId,
    now: Timestamp,
) -> Result<Translation, AppError> {
    let mut invalid = Invalid::default();
    let language = invalid.check("language", Language::parse(&input.language));
    let title = invalid.check("title", ArticleTitle::parse(&input.title));
    let status = match input.status.as_deref().map(str::trim) {
        None | Some("") => Some(ArticleStatus::Draft),
        Some(raw) => invalid.check("status", ArticleStatus::parse(raw)),
    };
    let body_html = ammonia::clean(&editor_html(&input.body_html));
    if body_html.len() > MAX_ARTICLE_BODY {
        invalid.push(FieldError::new(
            "body",
            format!("must be at most {MAX_ARTICLE_BODY} bytes"),
        ));
    }
    let body_text = html2text::from_read(body_html.as_bytes(), 100)
        .unwrap_or_default()
        .trim()
        .to_owned();
    if body_text.is_empty() && !body_html.contains("<img") {
        invalid.push(FieldError::new("body", "must not be empty"));
    }
    invalid.into_result()?;
    match (language, title, status) {
        (Some(language), Some(title), Some(status)) => Ok(Translation {
            language,
            title,
            body_html,
            body_text,
            status,
            version: input.base_version.saturating_add(1),
            author,
            updated_at: now,
        }),
        _ => Err(Invalid::one("translation", "is incomplete").into()),
    }
}

/// The body as HTML: HTML as written, or plain text (no tag at all) with each blank-line-separated
/// paragraph as a `<p>` and single line breaks kept.
pub fn editor_html(body: &str) -> String {
    let looks_like_html = body.contains('<') && body.contains('>');
    if looks_like_html {
        return body.to_owned();
    }
    let escape = |text: &str| {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    body.replace("\r\n", "\n")
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| format!("<p>{}</p>", escape(p).replace('\n', "<br>")))
        .collect()
}

fn parse_visibility(raw: Option<&str>) -> Result<Visibility, FieldError> {
    match raw.map(str::trim) {
        None | Some("") => Ok(Visibility::Internal),
        Some(raw) => Visibility::parse(raw),
    }
}

impl App {
    /// Every category, for agents and the portal alike: names are not secret.
    pub async fn categories(&self) -> Result<Vec<Category>, AppError> {
        Ok(self.store.list_categories().await?)
    }

    pub async fn create_category(
        &self,
        principal: &Principal,
        input: CategoryInput,
    ) -> Result<Category, AppError> {
        check(principal, Operation::Create)?;
        let existing = self.store.list_categories().await?;
        if existing.len() as u32 >= MAX_CATEGORIES {
            return Err(AppError::Conflict(format!(
                "the knowledge base holds at most {MAX_CATEGORIES} categories"
            )));
        }
        let (names, parent) = parse_category(&input, &existing, None)?;
        let category = Category {
            id: CategoryId::generate(),
            parent,
            position: input.position.unwrap_or(existing.len() as i32),
            names,
            created_at: self.clock.now(),
        };
        self.store.create_category(category.clone()).await?;
        Ok(category)
    }

    pub async fn update_category(
        &self,
        principal: &Principal,
        id: CategoryId,
        input: CategoryInput,
    ) -> Result<Category, AppError> {
        check(principal, Operation::Update)?;
        let existing = self.store.list_categories().await?;
        let mut category = existing
            .iter()
            .find(|c| c.id == id)
            .cloned()
            .ok_or(AppError::NotFound("category"))?;
        let (names, parent) = parse_category(&input, &existing, Some(id))?;
        category.names = names;
        category.parent = parent;
        if let Some(position) = input.position {
            category.position = position;
        }
        self.store.update_category(category.clone()).await?;
        Ok(category)
    }

    /// Writes a new article with its first translation. Agents write drafts; publishing takes a supervisor.
    pub async fn create_article(
        &self,
        principal: &Principal,
        input: NewArticle,
    ) -> Result<Article, AppError> {
        check(principal, Operation::Create)?;
        let author = agent_id(principal)?;
        let now = self.clock.now();
        let mut invalid = Invalid::default();
        let category = input
            .category
            .as_deref()
            .filter(|c| !c.trim().is_empty())
            .and_then(|raw| invalid.check("category", parse_id("", raw)));
        let visibility = invalid.check("visibility", parse_visibility(input.visibility.as_deref()));
        let translation = parse_translation(
            &TranslationInput {
                base_version: 0,
                ..input.translation
            },
            author,
            now,
        );
        invalid.into_result()?;
        let translation = translation?;
        if translation.status != ArticleStatus::Draft {
            permission::can_publish_article(principal).map_err(|d| AppError::Forbidden(d.0))?;
        }
        let article = Article {
            id: ArticleId::generate(),
            category,
            visibility: visibility.unwrap_or(Visibility::Internal),
            translations: vec![translation],
            attachments: Vec::new(),
            created_at: now,
            updated_at: now,
            views: 0,
            helpful: 0,
            unhelpful: 0,
            deflections: 0,
        };
        self.store.create_article(article.clone()).await?;
        Ok(article)
    }

    /// Saves a translation (a new language, or a new version of one) and returns the article as it is now.
    /// Publishing, archiving, and changing what is published take a supervisor; every agent writes drafts.
    pub async fn save_translation(
        &self,
        principal: &Principal,
        id: ArticleId,
        input: TranslationInput,
    ) -> Result<Article, AppError> {
        check(principal, Operation::Update)?;
        let author = agent_id(principal)?;
        let translation = parse_translation(&input, author, self.clock.now())?;
        let article = self
            .store
            .get_article(id)
            .await?
            .ok_or(AppError::NotFound("article"))?;
        let current = article.translation(&translation.language);
        let touches_published = current.is_some_and(|t| t.status != ArticleStatus::Draft);
        if translation.status != ArticleStatus::Draft || touches_published {
            permission::can_publish_article(principal).map_err(|d| AppError::Forbidden(d.0))?;
        }
        match self
            .store
            .save_translation(TranslationWrite {
                article: id,
                translation,
            })
            .await
        {
            Err(ayuda_store::StoreError::Conflict) => Err(AppError::Conflict(
                "someone saved this translation since you opened it; reload to see their version"
                    .into(),
            )),
            other => other.map_err(AppError::from),
        }?;
        self.store
            .get_article(id)
            .await?
            .ok_or(AppError::NotFound("article"))
    }

    /// Moves an article to another category or changes who may read it; changing what customers may
    /// read of a published article takes a supervisor.
    pub async fn update_article_settings(
        &self,
        principal: &Principal,
        id: ArticleId,
        category: Option<String>,
        visibility: Option<String>,
    ) -> Result<Article, AppError> {
        check(principal, Operation::Update)?;
        let article = self.article(principal, id).await?;
        let mut invalid = Invalid::default();
        let category = category
            .as_deref()
            .filter(|c| !c.trim().is_empty())
            .and_then(|raw| invalid.check("category", parse_id("", raw)));
        let visibility = match visibility {
            None => Some(article.visibility),
            Some(raw) => invalid.check("visibility", parse_visibility(Some(&raw))),
        };
        invalid.into_result()?;
        let visibility = visibility.unwrap_or(article.visibility);
        let published = article
            .translations
            .iter()
            .any(|t| t.status == ArticleStatus::Published);
        if visibility != article.visibility && published {
            permission::can_publish_article(principal).map_err(|d| AppError::Forbidden(d.0))?;
        }
        self.store
            .update_article(
                id,
                ArticleSettings {
                    category,
                    visibility,
                    updated_at: self.clock.now(),
                },
            )
            .await?;
        self.article(principal, id).await
    }

    /// An article with the translations `principal` may read; not found when there are none.
    pub async fn article(&self, principal: &Principal, id: ArticleId) -> Result<Article, AppError> {
        let mut article = self
            .store
            .get_article(id)
            .await?
            .ok_or(AppError::NotFound("article"))?;
        let visibility = article.visibility;
        article
            .translations
            .retain(|t| can_read_translation(principal, visibility, t.status));
        if article.translations.is_empty() {
            return Err(AppError::NotFound("article"));
        }
        Ok(article)
    }

    /// Opens an article to read, in `language` when translated (else English, else any), and counts the view.
    pub async fn read_article(
        &self,
        principal: &Principal,
        id: ArticleId,
        language: &Language,
    ) -> Result<(Article, Translation), AppError> {
        let article = self.article(principal, id).await?;
        let translation = article
            .translation_for(principal, language)
            .cloned()
            .ok_or(AppError::NotFound("article"))?;
        if translation.status == ArticleStatus::Published {
            self.store.count_article(id, ArticleCounter::View).await?;
        }
        Ok((article, translation))
    }

    /// A page of articles: customers see public, published ones only.
    pub async fn list_articles(
        &self,
        principal: &Principal,
        filters: ArticleFilters,
    ) -> Result<Page<Article, ArticleCursor>, AppError> {
        let mut invalid = Invalid::default();
        let limit = page_limit(filters.limit)
            .map_err(|e| invalid.0.extend(e.0))
            .unwrap_or(50);
        let category = filters
            .category
            .as_deref()
            .filter(|c| !c.is_empty())
            .and_then(|raw| invalid.check("category", parse_id("", raw)));
        let visibility = filters
            .visibility
            .as_deref()
            .filter(|v| !v.is_empty())
            .and_then(|raw| invalid.check("visibility", Visibility::parse(raw)));
        let status = filters
            .status
            .as_deref()
            .filter(|s| !s.is_empty())
            .and_then(|raw| invalid.check("status", ArticleStatus::parse(raw)));
        let after = filters
            .cursor
            .as_deref()
            .and_then(|raw| invalid.check("cursor", parse_article_cursor(raw)));
        invalid.into_result()?;
        let (visibilities, status) = if principal.is_customer() {
            (vec![Visibility::Public], Some(ArticleStatus::Published))
        } else {
            (visibility.into_iter().collect(), status)
        };
        let mut page = self
            .store
            .list_articles(&ArticleQuery {
                category,
                visibilities,
                status,
                after,
                limit,
            })
            .await?;
        for article in &mut page.items {
            let visibility = article.visibility;
            article
                .translations
                .retain(|t| can_read_translation(principal, visibility, t.status));
        }
        Ok(page)
    }

    /// The saved versions of one translation, newest first: for editors.
    pub async fn article_versions(
        &self,
        principal: &Principal,
        id: ArticleId,
        language: &str,
    ) -> Result<Vec<ArticleVersion>, AppError> {
        check(principal, Operation::Read)?;
        let language = Language::parse(language).map_err(|e| e.within("language"))?;
        Ok(self.store.list_article_versions(id, &language).await?)
    }

    /// A reader's verdict on an article: it answered the question or it did not.
    pub async fn rate_article(
        &self,
        principal: &Principal,
        id: ArticleId,
        helpful: bool,
    ) -> Result<(), AppError> {
        self.article(principal, id).await?;
        let counter = if helpful {
            ArticleCounter::Helpful
        } else {
            ArticleCounter::Unhelpful
        };
        Ok(self.store.count_article(id, counter).await?)
    }

    /// Counts a request a customer did not send because this article answered it.
    pub async fn record_deflection(
        &self,
        principal: &Principal,
        id: ArticleId,
    ) -> Result<(), AppError> {
        self.article(principal, id).await?;
        Ok(self
            .store
            .count_article(id, ArticleCounter::Deflection)
            .await?)
    }

    /// The article, for one who may change it: checked before files for it are stored.
    pub async fn article_to_change(
        &self,
        principal: &Principal,
        id: ArticleId,
    ) -> Result<Article, AppError> {
        check(principal, Operation::Update)?;
        self.article(principal, id).await
    }

    /// Attaches an uploaded file (an image for the body, a manual) to an article.
    pub async fn attach_to_article(
        &self,
        principal: &Principal,
        id: ArticleId,
        upload: Upload,
    ) -> Result<ayuda_core::message::Attachment, AppError> {
        self.article_to_change(principal, id).await?;
        let attachment = upload.attachment();
        self.store
            .add_article_attachment(id, attachment.clone())
            .await?;
        Ok(attachment)
    }

    /// A file attached to an article, and its content, for anyone who may read the article: a customer
    /// gets the files of public articles with a published translation only.
    pub async fn article_file(
        &self,
        principal: &Principal,
        id: ArticleId,
        file: AttachmentId,
    ) -> Result<(ayuda_core::message::Attachment, Vec<u8>), AppError> {
        let attachment = self
            .article(principal, id)
            .await?
            .attachments
            .into_iter()
            .find(|a| a.id == file)
            .ok_or(AppError::NotFound("attachment"))?;
        let content = self
            .blobs()
            .get(&attachment.sha256)
            .await
            .map_err(|e| AppError::Internal(ayuda_store::StoreError::backend(e)))?
            .ok_or(AppError::NotFound("attachment content"))?;
        Ok((attachment, content))
    }

    /// The training articles, each with when the agent worked through it.
    pub async fn training(&self, principal: &Principal) -> Result<Vec<TrainingItem>, AppError> {
        let agent = agent_id(principal)?;
        let done: BTreeMap<ArticleId, Timestamp> = self
            .store
            .training_progress(agent)
            .await?
            .into_iter()
            .collect();
        let mut items = Vec::new();
        let mut after = None;
        loop {
            let page = self
                .store
                .list_articles(&ArticleQuery {
                    category: None,
                    visibilities: vec![Visibility::Training],
                    status: Some(ArticleStatus::Published),
                    after,
                    limit: ayuda_store::MAX_PAGE,
                })
                .await?;
            items.extend(page.items.into_iter().map(|article| TrainingItem {
                completed_at: done.get(&article.id).copied(),
                article,
            }));
            match page.next_cursor {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        items.sort_by_key(|item| item.article.created_at);
        Ok(items)
    }

    /// Marks a training article worked through by the signed-in agent.
    pub async fn complete_training(
        &self,
        principal: &Principal,
        id: ArticleId,
    ) -> Result<(), AppError> {
        let agent = agent_id(principal)?;
        let article = self.article(principal, id).await?;
        if article.visibility != Visibility::Training {
            return Err(Invalid::one("article", "is not training material").into());
        }
        Ok(self
            .store
            .complete_training(agent, id, self.clock.now())
            .await?)
    }
}

fn parse_category(
    input: &CategoryInput,
    existing: &[Category],
    this: Option<CategoryId>,
) -> Result<(BTreeMap<Language, Name>, Option<CategoryId>), AppError> {
    let mut invalid = Invalid::default();
    let mut names = BTreeMap::new();
    for (language, name) in &input.names {
        if name.trim().is_empty() {
            continue;
        }
        let field = format!("name.{}", language.trim());
        if let (Some(language), Some(name)) = (
            invalid.check(&field, Language::parse(language)),
            invalid.check(&field, Name::parse(name)),
        ) {
            names.insert(language, name);
        }
    }
    if names.is_empty() && invalid.0.is_empty() {
        invalid.push(FieldError::new(
            "name",
            "is needed in at least one language",
        ));
    }
    let parent = input
        .parent
        .as_deref()
        .filter(|p| !p.trim().is_empty())
        .and_then(|raw| invalid.check("parent", parse_id::<CategoryId>("", raw)));
    if let Some(parent) = parent {
        // The new parent must exist, and must not be the category itself or one of its descendants.
        let mut at = Some(parent);
        let mut steps = 0;
        while let Some(id) = at {
            if Some(id) == this || steps > existing.len() {
                invalid.push(FieldError::new(
                    "parent",
                    "would put the category inside itself",
                ));
                break;
            }
            match existing.iter().find(|c| c.id == id) {
                Some(category) => at = category.parent,
                None => {
                    invalid.push(FieldError::new("parent", "does not exist"));
                    break;
                }
            }
            steps += 1;
        }
    }
    invalid.into_result()?;
    Ok((names, parent))
}

fn parse_article_cursor(raw: &str) -> Result<ArticleCursor, FieldError> {
    let bad = || FieldError::new("", "is not a cursor this list gave");
    let (at, id) = raw.split_once('_').ok_or_else(bad)?;
    Ok(ArticleCursor {
        updated_at: at.parse().map_err(|_| bad())?,
        id: id.parse().map_err(|_| bad())?,
    })
}

/// The text form of a cursor that [`App::list_articles`] reads back.
pub fn article_cursor_text(cursor: &ArticleCursor) -> String {
    format!("{}_{}", cursor.updated_at, cursor.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_becomes_paragraphs_and_html_stays() {
        assert_eq!(
            editor_html("Reinicie la impresora.\nEspere.\n\nLuego imprima."),
            "<p>Reinicie la impresora.<br>Espere.</p><p>Luego imprima.</p>"
        );
        assert_eq!(editor_html("<p>Ya</p>"), "<p>Ya</p>");
    }
}
