//! The knowledge base: categories, articles in several languages with every version kept, training material,
//! and announcements to agents with a read receipt each.

use std::collections::BTreeMap;

use jiff::Timestamp;

use crate::FieldError;
use crate::id::{AgentId, AnnouncementId, ArticleId, CategoryId};
use crate::message::Attachment;
use crate::permission::Principal;
use crate::text::{Language, Name, clean_line};

/// The largest article body, in bytes of sanitised HTML: a long manual page, not a book.
pub const MAX_ARTICLE_BODY: usize = 200_000;

string_enum!(
    /// Who may read an article.
    Visibility {
        /// Customers in the portal and its search, and agents.
        Public = "public",
        /// Agents only.
        Internal = "internal",
        /// Agents only, as material a new specialist works through before the first customer contact.
        Training = "training",
    }
);

string_enum!(
    /// Where a translation of an article stands.
    ArticleStatus {
        /// Being written; seen only in the knowledge base editor.
        Draft = "draft",
        /// Read by whoever its visibility allows, found by search, suggested.
        Published = "published",
        /// Kept with its history, but no longer shown or suggested.
        Archived = "archived",
    }
);

/// An article's title in one language: one line, 1 to 200 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ArticleTitle(String);

impl ArticleTitle {
    pub fn parse(raw: &str) -> Result<ArticleTitle, FieldError> {
        clean_line(raw, 200).map(ArticleTitle)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A category of articles, named in each language it has been given a name in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub id: CategoryId,
    pub parent: Option<CategoryId>,
    /// Order among its siblings, smallest first.
    pub position: i32,
    pub names: BTreeMap<Language, Name>,
    pub created_at: Timestamp,
}

impl Category {
    /// The name in `language`, else in English, else any.
    pub fn name_in(&self, language: &Language) -> &str {
        self.names
            .get(language)
            .or_else(|| self.names.get(&Language::english()))
            .or_else(|| self.names.values().next())
            .map_or("", Name::as_str)
    }
}

/// An article in one language, at its latest version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translation {
    pub language: Language,
    pub title: ArticleTitle,
    /// Sanitised HTML.
    pub body_html: String,
    /// The body as plain text: what search indexes and what is inserted into a plain reply.
    pub body_text: String,
    pub status: ArticleStatus,
    /// 1 for the first version, one more for each save.
    pub version: i32,
    /// Who wrote this version.
    pub author: AgentId,
    pub updated_at: Timestamp,
}

/// A knowledge base article with all its translations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub id: ArticleId,
    pub category: Option<CategoryId>,
    pub visibility: Visibility,
    pub translations: Vec<Translation>,
    pub attachments: Vec<Attachment>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// How often a published translation was opened.
    pub views: i64,
    /// Customers' votes: the article answered them, or did not.
    pub helpful: i64,
    pub unhelpful: i64,
    /// Requests a customer did not send because this article answered them.
    pub deflections: i64,
}

impl Article {
    /// The translation in exactly `language`.
    pub fn translation(&self, language: &Language) -> Option<&Translation> {
        self.translations.iter().find(|t| t.language == *language)
    }

    /// The translation a reader of `language` should see among those `principal` may read: theirs, else
    /// English, else the first there is.
    pub fn translation_for(
        &self,
        principal: &Principal,
        language: &Language,
    ) -> Option<&Translation> {
        let readable =
            |t: &&Translation| can_read_translation(principal, self.visibility, t.status);
        self.translations
            .iter()
            .filter(readable)
            .find(|t| t.language == *language)
            .or_else(|| {
                let english = Language::english();
                self.translations
                    .iter()
                    .filter(readable)
                    .find(|t| t.language == english)
            })
            .or_else(|| self.translations.iter().find(readable))
    }
}

/// Whether `principal` may read a translation with this status of an article with this visibility.
///
/// Customers read published public articles only. Agents read every published article, and drafts and
/// archived versions too, because they write and review them.
pub fn can_read_translation(
    principal: &Principal,
    visibility: Visibility,
    status: ArticleStatus,
) -> bool {
    match principal {
        Principal::Agent { .. } => true,
        Principal::Customer { .. } => {
            visibility == Visibility::Public && status == ArticleStatus::Published
        }
    }
}

/// One saved version of a translation, as it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleVersion {
    pub article: ArticleId,
    pub language: Language,
    pub version: i32,
    pub title: ArticleTitle,
    pub body_html: String,
    pub status: ArticleStatus,
    pub author: AgentId,
    pub created_at: Timestamp,
}

/// An announcement to every agent: a new product, an offering, a change of policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announcement {
    pub id: AnnouncementId,
    pub title: ArticleTitle,
    /// Sanitised HTML.
    pub body_html: String,
    pub author: AgentId,
    pub published_at: Timestamp,
}

/// An agent's acknowledgement that they read an announcement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadReceipt {
    pub announcement: AnnouncementId,
    pub agent: AgentId,
    pub read_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agent::Role;
    use crate::id::ContactId;

    fn translation(language: &str, status: ArticleStatus) -> Translation {
        Translation {
            language: Language::parse(language).unwrap(),
            title: ArticleTitle::parse(&format!("title {language}")).unwrap(),
            body_html: String::new(),
            body_text: String::new(),
            status,
            version: 1,
            author: AgentId::generate(),
            updated_at: Timestamp::UNIX_EPOCH,
        }
    }

    fn article(visibility: Visibility, translations: Vec<Translation>) -> Article {
        Article {
            id: ArticleId::generate(),
            category: None,
            visibility,
            translations,
            attachments: Vec::new(),
            created_at: Timestamp::UNIX_EPOCH,
            updated_at: Timestamp::UNIX_EPOCH,
            views: 0,
            helpful: 0,
            unhelpful: 0,
            deflections: 0,
        }
    }

    fn customer() -> Principal {
        Principal::Customer {
            contact_id: ContactId::generate(),
            organization_id: None,
            sees_organization: false,
        }
    }

    fn agent() -> Principal {
        Principal::Agent {
            id: AgentId::generate(),
            role: Role::Agent,
            group_ids: Vec::new(),
        }
    }

    #[test]
    fn customers_read_published_public_articles_only() {
        use ArticleStatus::*;
        let customer = customer();
        assert!(can_read_translation(
            &customer,
            Visibility::Public,
            Published
        ));
        assert!(!can_read_translation(&customer, Visibility::Public, Draft));
        assert!(!can_read_translation(
            &customer,
            Visibility::Public,
            Archived
        ));
        assert!(!can_read_translation(
            &customer,
            Visibility::Internal,
            Published
        ));
        assert!(!can_read_translation(
            &customer,
            Visibility::Training,
            Published
        ));
        assert!(can_read_translation(&agent(), Visibility::Internal, Draft));
    }

    #[test]
    fn the_readers_language_comes_first_then_english() {
        let es = Language::parse("es").unwrap();
        let it = Language::parse("it").unwrap();
        let doc = article(
            Visibility::Public,
            vec![
                translation("it", ArticleStatus::Published),
                translation("en", ArticleStatus::Published),
                translation("es", ArticleStatus::Draft),
            ],
        );
        let shown =
            |p: &Principal, l: &Language| doc.translation_for(p, l).map(|t| t.language.clone());
        assert_eq!(shown(&customer(), &it), Some(it.clone()));
        assert_eq!(
            shown(&customer(), &es),
            Some(Language::english()),
            "the Spanish draft is not shown"
        );
        assert_eq!(shown(&agent(), &es), Some(es.clone()));
        let internal = article(
            Visibility::Internal,
            vec![translation("en", ArticleStatus::Published)],
        );
        assert_eq!(internal.translation_for(&customer(), &es), None);
    }

    #[test]
    fn a_category_falls_back_to_english_then_any_name() {
        let mut category = Category {
            id: CategoryId::generate(),
            parent: None,
            position: 0,
            names: BTreeMap::new(),
            created_at: Timestamp::UNIX_EPOCH,
        };
        assert_eq!(category.name_in(&Language::english()), "");
        let it = Language::parse("it").unwrap();
        category
            .names
            .insert(it.clone(), Name::parse("Fatture").unwrap());
        assert_eq!(category.name_in(&Language::parse("es").unwrap()), "Fatture");
        category
            .names
            .insert(Language::english(), Name::parse("Invoices").unwrap());
        assert_eq!(
            category.name_in(&Language::parse("es").unwrap()),
            "Invoices"
        );
        assert_eq!(category.name_in(&it), "Fatture");
    }
}
