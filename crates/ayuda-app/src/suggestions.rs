//! Answers suggested before anyone asks: the articles most likely to answer a ticket or a request being
//! typed, an article put into a reply in the customer's language, and the gaps the knowledge base leaves.

use std::collections::BTreeSet;

use ayuda_core::id::{ArticleId, TicketId};
use ayuda_core::knowledge::{Article, ArticleStatus, Translation, Visibility};
use ayuda_core::permission::{self, Operation, Principal, Resource};
use ayuda_core::text::Language;
use ayuda_core::ticket::Ticket;
use ayuda_core::{Invalid, Timestamp};
use ayuda_search::highlight::{Fragment, excerpt};
use ayuda_search::query::{Alternative, Condition, Matcher};
use ayuda_store::knowledge::SearchMiss;
use ayuda_store::search::{Audience, EntryKind, SearchRequest, TicketFilter};

use crate::{App, AppError};

/// The most distinct words of a text that a suggestion looks for: a subject and a first paragraph.
const MAX_SUGGESTION_TERMS: usize = 24;

/// Bytes of a ticket's first message that suggestions read.
const SUGGESTION_TEXT: usize = 2_000;

/// An article suggested for a ticket or a request, in the reader's language when translated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub article: ArticleId,
    pub language: Language,
    pub title: String,
    pub excerpt: Vec<Fragment>,
    pub visibility: Visibility,
}

/// How an article goes into a reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InsertAs {
    /// Its title and a link to it in the portal (public articles only).
    Link,
    /// Its title and text.
    Text,
}

/// What the knowledge base lacks, for supervisors.
#[derive(Debug, Clone, PartialEq)]
pub struct KnowledgeGaps {
    pub misses: Vec<SearchMiss>,
    pub unhelped: Vec<(Ticket, Timestamp)>,
}

/// A matcher for any of the words of `text`: suggestions rank articles by how many of them they share.
fn any_word_of(text: &str, language: &Language) -> Matcher {
    let mut terms = BTreeSet::new();
    for token in ayuda_search::analyze(text, language.as_str()) {
        if terms.len() >= MAX_SUGGESTION_TERMS {
            break;
        }
        terms.insert(Alternative::Term(token.term));
    }
    if terms.is_empty() {
        return Matcher::default();
    }
    Matcher {
        all_of: vec![Condition {
            any_of: terms,
            negated: false,
            tolerates_typos: false,
        }],
    }
}

/// The translation to show a reader of `language`, among the published ones.
fn published_in<'a>(article: &'a Article, language: &Language) -> Option<&'a Translation> {
    let published = |t: &&Translation| t.status == ArticleStatus::Published;
    let primary = |l: &Language| l.primary().to_owned();
    article
        .translations
        .iter()
        .filter(published)
        .find(|t| t.language == *language)
        .or_else(|| {
            article
                .translations
                .iter()
                .filter(published)
                .find(|t| primary(&t.language) == primary(language))
        })
        .or_else(|| {
            article
                .translations
                .iter()
                .filter(published)
                .find(|t| t.language == Language::english())
        })
        .or_else(|| article.translations.iter().find(published))
}

impl App {
    /// The published articles most likely to answer `text`, written in `language`, that `principal` may read.
    pub async fn suggest_articles(
        &self,
        principal: &Principal,
        text: &str,
        language: &Language,
        limit: usize,
    ) -> Result<Vec<Suggestion>, AppError> {
        let matcher = any_word_of(text, language);
        if matcher.is_empty() {
            return Ok(Vec::new());
        }
        let terms = matcher.positive_terms();
        let audiences = if principal.is_customer() {
            vec![Audience::Everyone]
        } else {
            vec![Audience::Everyone, Audience::Agents]
        };
        let hits = self
            .store
            .search(&SearchRequest {
                matcher,
                kinds: vec![EntryKind::Article],
                audiences,
                tickets: TicketFilter {
                    scope: permission::ticket_scope(principal),
                    statuses: Vec::new(),
                    priorities: Vec::new(),
                    group: None,
                    assignee: None,
                    language: None,
                },
                now: self.clock.now(),
                article_language: None,
                limit: (limit as u32).saturating_mul(3).clamp(1, 60),
            })
            .await?;
        let mut seen = BTreeSet::new();
        let mut suggestions = Vec::new();
        for hit in hits {
            if suggestions.len() >= limit {
                break;
            }
            if !seen.insert(hit.source) {
                continue;
            }
            let Some(article) = self.store.get_article(ArticleId(hit.source)).await? else {
                continue;
            };
            if principal.is_customer() && article.visibility != Visibility::Public {
                continue;
            }
            let Some(translation) = published_in(&article, language) else {
                continue;
            };
            let lang = translation.language.as_str();
            suggestions.push(Suggestion {
                article: article.id,
                language: translation.language.clone(),
                title: translation.title.as_str().to_owned(),
                excerpt: excerpt(&translation.body_text, lang, &terms, 180),
                visibility: article.visibility,
            });
        }
        Ok(suggestions)
    }

    /// The articles most likely to answer a ticket, from its subject and first message, in its language.
    pub async fn suggest_for_ticket(
        &self,
        principal: &Principal,
        id: TicketId,
        limit: usize,
    ) -> Result<Vec<Suggestion>, AppError> {
        if principal.is_customer() {
            return Err(AppError::Forbidden("suggestions on tickets are for agents"));
        }
        let ticket = self.ticket(principal, id).await?;
        let first = self.messages(principal, id, None, Some(1)).await?;
        let mut text = ticket.subject.as_str().to_owned();
        if let Some(message) = first.items.first() {
            text.push('\n');
            let mut end = message.body_text.len().min(SUGGESTION_TEXT);
            while !message.body_text.is_char_boundary(end) {
                end -= 1;
            }
            text.push_str(&message.body_text[..end]);
        }
        self.suggest_articles(principal, &text, &ticket.language, limit)
            .await
    }

    /// The text to put into a reply on `ticket`: the article's title with a link to the portal, or its
    /// title and text, in the ticket's language when translated. Counts the article as used for the ticket.
    pub async fn insert_article(
        &self,
        principal: &Principal,
        ticket: TicketId,
        article: ArticleId,
        how: InsertAs,
    ) -> Result<String, AppError> {
        if principal.is_customer() {
            return Err(AppError::Forbidden(
                "only agents insert articles into replies",
            ));
        }
        let ticket = self.ticket(principal, ticket).await?;
        let article = self.article(principal, article).await?;
        let translation = published_in(&article, &ticket.language)
            .ok_or_else(|| Invalid::one("article", "has no published translation"))?;
        let text = match how {
            InsertAs::Text => format!(
                "{}\n\n{}",
                translation.title.as_str(),
                translation.body_text
            ),
            InsertAs::Link => {
                if article.visibility != Visibility::Public {
                    return Err(Invalid::one(
                        "article",
                        "is for agents only: insert its text rather than a link",
                    )
                    .into());
                }
                let base = self.email.public_url.as_deref().ok_or_else(|| {
                    AppError::Conflict(
                        "no public address for links: set [server] public_url".into(),
                    )
                })?;
                format!(
                    "{}: {base}/portal/kb/{}?lang={}",
                    translation.title.as_str(),
                    article.id,
                    translation.language
                )
            }
        };
        self.store
            .record_article_use(ticket.id, article.id, self.clock.now())
            .await?;
        Ok(text)
    }

    /// Searches that found nothing and solved tickets no article helped, over the last `days`.
    pub async fn knowledge_gaps(
        &self,
        principal: &Principal,
        days: u32,
    ) -> Result<KnowledgeGaps, AppError> {
        permission::can(principal, Resource::KnowledgeGap, Operation::List)
            .map_err(|_| AppError::Forbidden("knowledge gaps are for supervisors"))?;
        let days = days.clamp(1, 366);
        let since = self
            .clock
            .now()
            .checked_sub(jiff::SignedDuration::from_hours(24 * i64::from(days)))
            .unwrap_or(Timestamp::UNIX_EPOCH);
        let misses = self.store.list_search_misses(since, 100).await?;
        let mut unhelped = Vec::new();
        for entry in self.store.list_unhelped_tickets(since, 100).await? {
            if let Some(ticket) = self.store.get_ticket(entry.ticket).await? {
                unhelped.push((ticket, entry.solved_at));
            }
        }
        Ok(KnowledgeGaps { misses, unhelped })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_suggestion_looks_for_any_word_but_no_stop_word() {
        let spanish = Language::parse("es").unwrap();
        let matcher = any_word_of("La impresora no imprime las facturas", &spanish);
        assert_eq!(matcher.all_of.len(), 1);
        let terms = matcher.positive_terms();
        assert!(terms.contains("impresor"), "{terms:?}");
        assert!(terms.contains("factur"), "{terms:?}");
        assert!(!terms.contains("la") && !terms.contains("las"), "{terms:?}");
        assert!(any_word_of("y de la", &spanish).is_empty());
    }
}
