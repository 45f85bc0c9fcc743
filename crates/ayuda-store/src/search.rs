//! Search's part of the storage seam: what goes into the full-text index for each record, and the queries.
//!
//! Each backend keeps one index entry per searchable text (a ticket's subject, each message, a contact, an
//! organization, each published translation of an article) and writes it **in the same transaction** as the
//! record it describes, so the index is never behind the data, not even after a crash. The entry's terms
//! come from [`ayuda_search`] through the builders here, so both backends index exactly the same terms.

use std::collections::BTreeSet;

use async_trait::async_trait;
use ayuda_core::Timestamp;
use ayuda_core::contact::{Contact, Organization};
use ayuda_core::id::{AgentId, GroupId};
use ayuda_core::knowledge::{Article, ArticleStatus, Translation, Visibility};
use ayuda_core::message::Message;
use ayuda_core::permission::TicketScope;
use ayuda_core::text::Language;
use ayuda_core::ticket::{Priority, Status, Ticket};
use ayuda_search::query::Matcher;
use uuid::Uuid;

use crate::StoreError;

/// How much of a message's text is indexed: enough for any real message, bounded for a pasted log.
pub const MAX_INDEXED_TEXT: usize = 32 * 1024;

/// The most recent matching entries a search ranks. Ranking every match of a common word among millions
/// would cost time in proportion to the matches; the newest few hundred are what people look for, and
/// keep a search's cost flat as the data grows.
pub const RANKED_WINDOW: u32 = 400;

/// What an index entry describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntryKind {
    /// A ticket's subject.
    Ticket,
    Message,
    Contact,
    Organization,
    /// One published translation of an article.
    Article,
}

impl EntryKind {
    pub const ALL: [EntryKind; 5] = [
        EntryKind::Ticket,
        EntryKind::Message,
        EntryKind::Contact,
        EntryKind::Organization,
        EntryKind::Article,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Ticket => "ticket",
            EntryKind::Message => "message",
            EntryKind::Contact => "contact",
            EntryKind::Organization => "organization",
            EntryKind::Article => "article",
        }
    }

    pub fn parse(raw: &str) -> Option<EntryKind> {
        EntryKind::ALL.into_iter().find(|k| k.as_str() == raw)
    }
}

/// Who may find an entry, besides the ticket scope for tickets' entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Audience {
    /// Customers too: a ticket's subject and public messages (within their ticket scope), public articles.
    Everyone,
    /// Agents only: internal notes and messages, internal articles, contacts and organizations.
    Agents,
    /// Agents only, and marked as training material.
    Training,
}

impl Audience {
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Everyone => "everyone",
            Audience::Agents => "agents",
            Audience::Training => "training",
        }
    }

    pub fn parse(raw: &str) -> Option<Audience> {
        [Audience::Everyone, Audience::Agents, Audience::Training]
            .into_iter()
            .find(|a| a.as_str() == raw)
    }
}

/// One searchable text, analysed: what a backend writes into its index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexEntry {
    pub kind: EntryKind,
    /// The record: ticket, message, contact, organization or article id.
    pub source: Uuid,
    /// The ticket a subject or message belongs to, so ticket filters and scopes apply.
    pub ticket: Option<Uuid>,
    /// The language the text was analysed in (an article translation's language).
    pub language: String,
    pub audience: Audience,
    pub updated_at: Timestamp,
    /// The analysed terms in order, separated by spaces.
    pub terms: String,
}

impl IndexEntry {
    /// The entry's kind and audience as marker terms, `_k_<kind> _a_<audience>`: words never hold `_`.
    pub fn markers(&self) -> String {
        format!(
            "{} {}",
            kind_marker(self.kind),
            audience_marker(self.audience)
        )
    }

    /// The distinct terms that get typo neighbours: alphabetic, and long enough.
    pub fn vocabulary(&self) -> BTreeSet<&str> {
        self.terms
            .split(' ')
            .filter(|t| {
                t.chars().count() >= ayuda_search::typo::MIN_TYPO_TERM
                    && t.chars().all(char::is_alphabetic)
            })
            .collect()
    }
}

fn bounded(text: &str) -> &str {
    if text.len() <= MAX_INDEXED_TEXT {
        return text;
    }
    let mut end = MAX_INDEXED_TEXT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The entry for a ticket's subject.
pub fn ticket_entry(ticket: &Ticket) -> IndexEntry {
    IndexEntry {
        kind: EntryKind::Ticket,
        source: ticket.id.0,
        ticket: Some(ticket.id.0),
        language: ticket.language.as_str().to_owned(),
        audience: Audience::Everyone,
        updated_at: ticket.created_at,
        terms: ayuda_search::index_terms(ticket.subject.as_str(), ticket.language.as_str()),
    }
}

/// The entry for a message, analysed in its ticket's language.
pub fn message_entry(message: &Message, language: &Language) -> IndexEntry {
    let mut text = String::from(bounded(&message.body_text));
    for attachment in &message.attachments {
        text.push('\n');
        text.push_str(&attachment.filename);
    }
    IndexEntry {
        kind: EntryKind::Message,
        source: message.id.0,
        ticket: Some(message.ticket_id.0),
        language: language.as_str().to_owned(),
        audience: if message.internal {
            Audience::Agents
        } else {
            Audience::Everyone
        },
        updated_at: message.created_at,
        terms: ayuda_search::index_terms(&text, language.as_str()),
    }
}

/// The entry for a contact: name, email addresses, phone numbers and other identities.
pub fn contact_entry(contact: &Contact) -> IndexEntry {
    let mut text = contact.name.as_str().to_owned();
    for identity in &contact.identities {
        text.push(' ');
        text.push_str(&identity.value);
    }
    IndexEntry {
        kind: EntryKind::Contact,
        source: contact.id.0,
        ticket: None,
        language: String::new(),
        audience: Audience::Agents,
        updated_at: contact.updated_at,
        terms: ayuda_search::index_terms(&text, ""),
    }
}

/// The entry for an organization: name and email domains.
pub fn organization_entry(organization: &Organization) -> IndexEntry {
    let mut text = organization.name.as_str().to_owned();
    for domain in &organization.domains {
        text.push(' ');
        text.push_str(domain.as_str());
    }
    IndexEntry {
        kind: EntryKind::Organization,
        source: organization.id.0,
        ticket: None,
        language: String::new(),
        audience: Audience::Agents,
        updated_at: organization.updated_at,
        terms: ayuda_search::index_terms(&text, ""),
    }
}

/// The entries of an article: one for each published translation; drafts and archived ones are not found.
pub fn article_entries(article: &Article) -> Vec<IndexEntry> {
    article
        .translations
        .iter()
        .filter_map(|translation| translation_entry(article, translation))
        .collect()
}

fn translation_entry(article: &Article, translation: &Translation) -> Option<IndexEntry> {
    if translation.status != ArticleStatus::Published {
        return None;
    }
    let language = translation.language.as_str();
    let text = format!(
        "{}\n{}",
        translation.title.as_str(),
        bounded(&translation.body_text)
    );
    Some(IndexEntry {
        kind: EntryKind::Article,
        source: article.id.0,
        ticket: None,
        language: language.to_owned(),
        audience: match article.visibility {
            Visibility::Public => Audience::Everyone,
            Visibility::Internal => Audience::Agents,
            Visibility::Training => Audience::Training,
        },
        updated_at: translation.updated_at,
        terms: ayuda_search::index_terms(&text, language),
    })
}

/// Filters on the tickets whose subjects and messages a search may return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketFilter {
    /// Which tickets the searcher may see at all.
    pub scope: TicketScope,
    pub statuses: Vec<Status>,
    pub priorities: Vec<Priority>,
    pub group: Option<GroupId>,
    pub assignee: Option<AgentId>,
    /// The ticket's language, when the query asked for one.
    pub language: Option<Language>,
}

/// A search: see [`SearchStore::search`].
#[derive(Debug, Clone, PartialEq)]
pub struct SearchRequest {
    pub matcher: Matcher,
    pub kinds: Vec<EntryKind>,
    /// Who may find what: customers only [`Audience::Everyone`].
    pub audiences: Vec<Audience>,
    pub tickets: TicketFilter,
    /// The time recency is measured from.
    pub now: Timestamp,
    /// Only articles in this language.
    pub article_language: Option<Language>,
    /// At most this many hits, after ranking.
    pub limit: u32,
}

/// One matching index entry.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    pub kind: EntryKind,
    pub source: Uuid,
    pub ticket: Option<Uuid>,
    pub language: String,
    pub updated_at: Timestamp,
    /// How well the text matched, larger is better; comparable within one search only.
    pub relevance: f64,
}

/// How far a rebuild of the index has come: see [`SearchStore::reindex`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReindexStep {
    /// Entries written by this step.
    pub indexed: u64,
    /// Where the next step starts, `None` when this kind of record is done.
    pub next: Option<Uuid>,
}

/// The full-text index. Part of [`crate::Store`].
#[async_trait]
pub trait SearchStore {
    /// The entries matching the request, best first: relevance weighed with recency among the newest
    /// [`RANKED_WINDOW`] matches.
    async fn search(&self, request: &SearchRequest) -> Result<Vec<SearchHit>, StoreError>;
    /// Which of `terms` the index holds (among terms that get typo neighbours).
    async fn known_terms(&self, terms: &[String]) -> Result<Vec<String>, StoreError>;
    /// The index's terms that have any of `neighbours` as a deletion neighbour, or are one of them.
    async fn terms_near(&self, neighbours: &[String]) -> Result<Vec<String>, StoreError>;
    /// Re-writes the index entries of up to `batch` records of `kind` whose ids follow `after`, from the
    /// records themselves: `ayuda reindex` calls it until [`ReindexStep::next`] is `None`.
    async fn reindex(
        &self,
        kind: EntryKind,
        after: Option<Uuid>,
        batch: u32,
    ) -> Result<ReindexStep, StoreError>;
    /// Records that the whole index was rebuilt, so `ayuda serve` no longer rebuilds it at start-up.
    async fn finish_reindex(&self) -> Result<(), StoreError>;
    /// Empties the index of every kind, in one transaction with the setting that makes `ayuda serve`
    /// rebuild it if this rebuild does not finish. A full rebuild starts with it: writing every entry
    /// afresh is much faster than replacing each one (FTS5 rewrites segments that collect deletions).
    async fn clear_index(&self) -> Result<(), StoreError>;
}

/// The marker term of entries of `kind`.
pub fn kind_marker(kind: EntryKind) -> String {
    format!("_k_{}", kind.as_str())
}

/// The marker term of entries for `audience`.
pub fn audience_marker(audience: Audience) -> String {
    format!("_a_{}", audience.as_str())
}

/// Combines a backend's text relevance with the entry's age into one score: a match from last week ranks
/// above an equally good one from three years ago, but a far better old match still wins.
pub fn weigh(relevance: f64, age_days: f64) -> f64 {
    relevance / (1.0 + age_days.max(0.0) / 365.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recency_weighs_but_does_not_overrule_relevance() {
        assert!(weigh(1.0, 7.0) > weigh(1.0, 3.0 * 365.0));
        assert!(weigh(5.0, 3.0 * 365.0) > weigh(1.0, 0.0));
        assert_eq!(weigh(2.0, -5.0), 2.0, "a clock skew does not boost");
    }

    #[test]
    fn kinds_and_audiences_round_trip_their_names() {
        for kind in EntryKind::ALL {
            assert_eq!(EntryKind::parse(kind.as_str()), Some(kind));
        }
        for audience in [Audience::Everyone, Audience::Agents, Audience::Training] {
            assert_eq!(Audience::parse(audience.as_str()), Some(audience));
        }
    }

    #[test]
    fn only_long_alphabetic_terms_get_neighbours() {
        let entry = IndexEntry {
            kind: EntryKind::Message,
            source: Uuid::nil(),
            ticket: None,
            language: "en".into(),
            audience: Audience::Everyone,
            updated_at: Timestamp::UNIX_EPOCH,
            terms: "printer jam 1234 printer a4x4 toner".into(),
        };
        assert_eq!(entry.vocabulary(), BTreeSet::from(["printer", "toner"]));
    }
}
