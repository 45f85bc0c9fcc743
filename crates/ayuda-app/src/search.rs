//! The search box: one query over tickets, messages, contacts, organizations and articles, limited to what
//! the searcher may see, with words one slip away still found, matches highlighted, and searches that found
//! nothing kept as knowledge gaps.

use std::collections::BTreeSet;

use ayuda_core::Invalid;
use ayuda_core::id::{ArticleId, ContactId, MessageId, OrganizationId, TicketId};
use ayuda_core::knowledge::can_read_translation;
use ayuda_core::permission::{self, Principal};
use ayuda_core::text::Language;
use ayuda_core::ticket::{Priority, Status};
use ayuda_core::{FieldError, Timestamp};
pub use ayuda_search::highlight::Fragment;
use ayuda_search::highlight::excerpt;
use ayuda_search::query::{Alternative, MAX_CLAUSES, Matcher, Query};
use ayuda_search::typo;
use ayuda_store::knowledge::SearchMiss;
use ayuda_store::search::{
    Audience, EntryKind, RANKED_WINDOW, SearchHit, SearchRequest, TicketFilter,
};
use ayuda_store::{MAX_PAGE, StoreError};

use crate::{App, AppError, parse_id};

/// The filters the search box understands; any other `key:value` is searched as words.
pub const FILTER_KEYS: [&str; 6] = ["status", "priority", "group", "assignee", "lang", "in"];

/// Characters of a result's excerpt.
const EXCERPT_LEN: usize = 220;

/// Index terms one slip away that a mistyped word may stand for; the closest few are plenty.
const MAX_CORRECTIONS: usize = 8;

/// A search as a person enters it.
#[derive(Debug, Clone, Default)]
pub struct SearchInput {
    pub q: String,
    /// The reader's language: articles are shown in it when translated, and a miss is counted under it.
    pub language: Option<String>,
    pub limit: Option<u32>,
}

/// Where a result leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A ticket; `message` when a message (rather than the subject) matched.
    Ticket {
        id: TicketId,
        number: i64,
        message: Option<MessageId>,
    },
    Contact(ContactId),
    Organization(OrganizationId),
    /// An article, in the language of the translation that matched.
    Article {
        id: ArticleId,
        language: Language,
    },
}

/// One result, ready to show: a title and an excerpt, both with the matching words marked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub kind: EntryKind,
    pub target: Target,
    pub title: Vec<Fragment>,
    pub excerpt: Vec<Fragment>,
    /// An internal note or message, or an agents-only article: never shown to customers.
    pub internal: bool,
    pub updated_at: Timestamp,
}

/// The results of a search, best first.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchResults {
    pub found: Vec<Found>,
    /// Words the search also took for mistyped ones, e.g. `impresora` for `imrpesora`, as index terms.
    pub corrections: Vec<String>,
}

/// The tickets and messages of a page of hits, read at once.
struct Loaded {
    tickets: std::collections::HashMap<TicketId, ayuda_core::ticket::Ticket>,
    messages: std::collections::HashMap<MessageId, ayuda_core::message::Message>,
}

/// The parsed parts of a query that narrow a search.
struct Narrowing {
    kinds: Vec<EntryKind>,
    tickets: TicketFilter,
    language: Option<Language>,
}

impl App {
    /// Searches what `principal` may see. Customers find public articles and their own (or their
    /// organization's) tickets, never internal notes; agents find everything in their ticket scope.
    pub async fn search(
        &self,
        principal: &Principal,
        input: SearchInput,
    ) -> Result<SearchResults, AppError> {
        let limit = crate::page_limit(input.limit.or(Some(20)))?;
        let query = Query::parse(&input.q, &FILTER_KEYS);
        if query.clauses.len() > MAX_CLAUSES {
            return Err(Invalid::one(
                "q",
                format!("may hold at most {MAX_CLAUSES} words and phrases"),
            )
            .into());
        }
        let narrowing = self.narrowing(principal, &query).await?;
        let languages: Vec<&str> = match &narrowing.language {
            Some(language) => vec![language.primary()],
            None => ayuda_search::STEMMED_LANGUAGES.to_vec(),
        };
        let mut matcher = Matcher::new(&query, &languages);
        if matcher.is_empty() {
            return Ok(SearchResults::default());
        }
        let corrections = self.tolerate_typos(&mut matcher).await?;
        let request = SearchRequest {
            matcher,
            kinds: narrowing.kinds,
            audiences: audiences(principal),
            tickets: narrowing.tickets,
            now: self.clock.now(),
            article_language: narrowing.language.clone(),
            // Several hits may collapse into one ticket or article; ask for enough to fill the page.
            limit: (limit * 3).min(RANKED_WINDOW),
        };
        let hits = self.store.search(&request).await?;
        let reader = reader_language(input.language.as_deref());
        let terms = request.matcher.positive_terms();
        let found = self.present(principal, hits, &terms, limit).await?;
        if found.is_empty() {
            self.record_miss(principal, &query, narrowing.language.unwrap_or(reader))
                .await?;
        }
        Ok(SearchResults { found, corrections })
    }

    /// The kinds, ticket filter and language a query's filters ask for, within what `principal` may see.
    async fn narrowing(&self, principal: &Principal, query: &Query) -> Result<Narrowing, AppError> {
        let mut invalid = Invalid::default();
        let mut tickets = TicketFilter {
            scope: permission::ticket_scope(principal),
            statuses: Vec::new(),
            priorities: Vec::new(),
            group: None,
            assignee: None,
            language: None,
        };
        for filter in &query.filters {
            let key = filter.key.as_str();
            let value = filter.value.as_str();
            match key {
                "status" => {
                    for raw in value.split(',') {
                        if let Some(status) = invalid.check(key, Status::parse(raw.trim())) {
                            tickets.statuses.push(status);
                        }
                    }
                }
                "priority" => {
                    for raw in value.split(',') {
                        if let Some(priority) = invalid.check(key, Priority::parse(raw.trim())) {
                            tickets.priorities.push(priority);
                        }
                    }
                }
                "group" if !principal.is_customer() => {
                    tickets.group = invalid.check(key, self.group_named(value).await?);
                }
                "assignee" => match principal {
                    Principal::Agent { id, .. } if value.eq_ignore_ascii_case("me") => {
                        tickets.assignee = Some(*id)
                    }
                    Principal::Agent { .. } => {
                        tickets.assignee = invalid.check(key, self.agent_named(value).await?)
                    }
                    Principal::Customer { .. } => {}
                },
                _ => {}
            }
        }
        let language = query
            .filter("lang")
            .and_then(|raw| invalid.check("lang", Language::parse(raw)));
        tickets.language = language.clone();
        let allowed: &[EntryKind] = if principal.is_customer() {
            &[EntryKind::Ticket, EntryKind::Message, EntryKind::Article]
        } else {
            &EntryKind::ALL
        };
        let wanted: Vec<EntryKind> = match query.filter("in") {
            None => allowed.to_vec(),
            Some(raw) => {
                let mut wanted = Vec::new();
                for name in raw.split(',').map(str::trim) {
                    match name {
                        "ticket" | "tickets" => {
                            wanted.extend([EntryKind::Ticket, EntryKind::Message])
                        }
                        other => match EntryKind::parse(other.trim_end_matches('s')) {
                            Some(kind) => wanted.push(kind),
                            None => invalid.push(FieldError::new(
                                "in",
                                "must be ticket, article, contact or organization",
                            )),
                        },
                    }
                }
                wanted.retain(|kind| allowed.contains(kind));
                wanted
            }
        };
        invalid.into_result()?;
        // Ticket filters say nothing about articles, contacts or organizations: a query that filters
        // tickets searches tickets only.
        let filters_tickets = !tickets.statuses.is_empty()
            || !tickets.priorities.is_empty()
            || tickets.group.is_some()
            || tickets.assignee.is_some();
        let kinds = wanted
            .into_iter()
            .filter(|kind| {
                !filters_tickets || matches!(kind, EntryKind::Ticket | EntryKind::Message)
            })
            .collect();
        Ok(Narrowing {
            kinds,
            tickets,
            language,
        })
    }

    async fn group_named(
        &self,
        name: &str,
    ) -> Result<Result<ayuda_core::id::GroupId, FieldError>, StoreError> {
        if let Ok(id) = parse_id("", name) {
            return Ok(Ok(id));
        }
        let mut after = None;
        loop {
            let page = self.store.list_groups(after, MAX_PAGE).await?;
            if let Some(group) = page
                .items
                .iter()
                .find(|g| g.name.as_str().eq_ignore_ascii_case(name))
            {
                return Ok(Ok(group.id));
            }
            match page.next_cursor {
                Some(next) => after = Some(next),
                None => return Ok(Err(FieldError::new("", "names no group"))),
            }
        }
    }

    async fn agent_named(
        &self,
        raw: &str,
    ) -> Result<Result<ayuda_core::id::AgentId, FieldError>, StoreError> {
        if let Ok(id) = parse_id("", raw) {
            return Ok(Ok(id));
        }
        Ok(match self.store.find_agent_by_email(raw).await? {
            Some((agent, _)) => Ok(agent.id),
            None => Err(FieldError::new(
                "",
                "must be me, an agent's email or an agent's id",
            )),
        })
    }

    /// Adds, to each long word the index does not know, the index terms one edit away. Returns them.
    pub(crate) async fn tolerate_typos(
        &self,
        matcher: &mut Matcher,
    ) -> Result<Vec<String>, StoreError> {
        let typed = |condition: &ayuda_search::query::Condition| -> Vec<String> {
            condition
                .any_of
                .iter()
                .filter_map(|alternative| match alternative {
                    Alternative::Term(term)
                        if term.chars().count() >= typo::MIN_TYPO_TERM
                            && term.chars().all(char::is_alphabetic) =>
                    {
                        Some(term.clone())
                    }
                    _ => None,
                })
                .collect()
        };
        let candidates: Vec<String> = matcher
            .all_of
            .iter()
            .filter(|c| c.tolerates_typos)
            .flat_map(typed)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if candidates.is_empty() {
            return Ok(Vec::new());
        }
        let known: BTreeSet<String> = self
            .store
            .known_terms(&candidates)
            .await?
            .into_iter()
            .collect();
        let mut corrections = BTreeSet::new();
        for condition in matcher.all_of.iter_mut().filter(|c| c.tolerates_typos) {
            let terms = typed(condition);
            if terms.is_empty() || terms.iter().any(|t| known.contains(t)) {
                continue;
            }
            let mut neighbours: BTreeSet<String> = terms.iter().cloned().collect();
            for term in &terms {
                neighbours.extend(typo::deletion_neighbours(term));
            }
            let neighbours: Vec<String> = neighbours.into_iter().collect();
            let near: Vec<String> = self
                .store
                .terms_near(&neighbours)
                .await?
                .into_iter()
                .filter(|candidate| terms.iter().any(|t| typo::within_one_edit(t, candidate)))
                .take(MAX_CORRECTIONS)
                .collect();
            for term in near {
                corrections.insert(term.clone());
                condition.any_of.insert(Alternative::Term(term));
            }
        }
        Ok(corrections.into_iter().collect())
    }

    /// Loads what the hits point at (tickets and messages in one read each), checks again that `principal`
    /// may see each, collapses hits of one ticket or article into the best, and highlights.
    async fn present(
        &self,
        principal: &Principal,
        hits: Vec<SearchHit>,
        terms: &BTreeSet<String>,
        limit: u32,
    ) -> Result<Vec<Found>, AppError> {
        let mut seen = BTreeSet::new();
        let chosen: Vec<SearchHit> = hits
            .into_iter()
            .filter(|hit| seen.insert(hit.ticket.unwrap_or(hit.source)))
            .take(limit as usize)
            .collect();
        let ticket_ids: Vec<TicketId> = chosen
            .iter()
            .filter_map(|h| h.ticket)
            .map(TicketId)
            .collect();
        let message_ids: Vec<MessageId> = chosen
            .iter()
            .filter(|h| h.kind == EntryKind::Message)
            .map(|h| MessageId(h.source))
            .collect();
        let loaded = Loaded {
            tickets: self
                .store
                .get_tickets(&ticket_ids)
                .await?
                .into_iter()
                .map(|t| (t.id, t))
                .collect(),
            messages: self
                .store
                .get_messages(&message_ids)
                .await?
                .into_iter()
                .map(|m| (m.id, m))
                .collect(),
        };
        let mut found = Vec::with_capacity(chosen.len());
        for hit in &chosen {
            if let Some(result) = self.load_hit(principal, hit, terms, &loaded).await? {
                found.push(result);
            }
        }
        Ok(found)
    }

    async fn load_hit(
        &self,
        principal: &Principal,
        hit: &SearchHit,
        terms: &BTreeSet<String>,
        loaded: &Loaded,
    ) -> Result<Option<Found>, StoreError> {
        let marked = |text: &str, language: &str| excerpt(text, language, terms, EXCERPT_LEN);
        let titled = |text: &str, language: &str| excerpt(text, language, terms, usize::MAX / 2);
        Ok(match hit.kind {
            EntryKind::Ticket | EntryKind::Message => {
                let Some(ticket) = hit.ticket.and_then(|id| loaded.tickets.get(&TicketId(id)))
                else {
                    return Ok(None);
                };
                if !permission::can_view_ticket(principal, ticket) {
                    return Ok(None);
                }
                let language = ticket.language.as_str();
                let (message, body, internal) = if hit.kind == EntryKind::Message {
                    match loaded.messages.get(&MessageId(hit.source)) {
                        Some(message)
                            if permission::can_see_message(principal, message.internal) =>
                        {
                            (
                                Some(message.id),
                                marked(&message.body_text, language),
                                message.internal,
                            )
                        }
                        _ => return Ok(None),
                    }
                } else {
                    (None, Vec::new(), false)
                };
                Some(Found {
                    kind: hit.kind,
                    target: Target::Ticket {
                        id: ticket.id,
                        number: ticket.number.0,
                        message,
                    },
                    title: titled(ticket.subject.as_str(), language),
                    excerpt: body,
                    internal,
                    updated_at: hit.updated_at,
                })
            }
            EntryKind::Contact => {
                if principal.is_customer() {
                    return Ok(None);
                }
                let Some(contact) = self.store.get_contact(ContactId(hit.source)).await? else {
                    return Ok(None);
                };
                let identities: Vec<&str> = contact
                    .identities
                    .iter()
                    .map(|i| i.value.as_str())
                    .collect();
                Some(Found {
                    kind: hit.kind,
                    target: Target::Contact(contact.id),
                    title: titled(contact.name.as_str(), ""),
                    excerpt: marked(&identities.join(" · "), ""),
                    internal: true,
                    updated_at: hit.updated_at,
                })
            }
            EntryKind::Organization => {
                if principal.is_customer() {
                    return Ok(None);
                }
                let id = OrganizationId(hit.source);
                let Some(organization) = self.store.get_organization(id).await? else {
                    return Ok(None);
                };
                let domains: Vec<&str> = organization.domains.iter().map(|d| d.as_str()).collect();
                Some(Found {
                    kind: hit.kind,
                    target: Target::Organization(organization.id),
                    title: titled(organization.name.as_str(), ""),
                    excerpt: marked(&domains.join(" · "), ""),
                    internal: true,
                    updated_at: hit.updated_at,
                })
            }
            EntryKind::Article => {
                let Some(article) = self.store.get_article(ArticleId(hit.source)).await? else {
                    return Ok(None);
                };
                let Some(translation) = Language::parse(&hit.language)
                    .ok()
                    .and_then(|language| article.translation(&language).cloned())
                else {
                    return Ok(None);
                };
                if !can_read_translation(principal, article.visibility, translation.status) {
                    return Ok(None);
                }
                let language = translation.language.as_str();
                Some(Found {
                    kind: hit.kind,
                    target: Target::Article {
                        id: article.id,
                        language: translation.language.clone(),
                    },
                    title: titled(translation.title.as_str(), language),
                    excerpt: marked(&translation.body_text, language),
                    internal: article.visibility != ayuda_core::knowledge::Visibility::Public,
                    updated_at: hit.updated_at,
                })
            }
        })
    }

    async fn record_miss(
        &self,
        principal: &Principal,
        query: &Query,
        language: Language,
    ) -> Result<(), StoreError> {
        let text: Vec<String> = query
            .clauses
            .iter()
            .filter(|c| !c.negated)
            .map(|c| ayuda_search::fold(&c.text.to_lowercase()))
            .collect();
        if text.is_empty() {
            return Ok(());
        }
        self.store
            .record_search_miss(SearchMiss {
                text: text.join(" "),
                language,
                count: 1,
                last_at: self.clock.now(),
                by_customers: principal.is_customer(),
            })
            .await
    }
}

/// Who `principal` may find entries for.
fn audiences(principal: &Principal) -> Vec<Audience> {
    if principal.is_customer() {
        vec![Audience::Everyone]
    } else {
        vec![Audience::Everyone, Audience::Agents, Audience::Training]
    }
}

/// The reader's language, English when unknown.
pub(crate) fn reader_language(raw: Option<&str>) -> Language {
    raw.and_then(|raw| Language::parse(raw).ok())
        .unwrap_or_else(Language::english)
}

/// Records of each kind rewritten per step of a rebuild: large enough to go fast, small enough that a step's
/// transaction never holds the database for long.
pub const REINDEX_BATCH: u32 = 500;

/// The setting that says the index must be rebuilt (a new index, or a change to how text is analysed).
pub const REINDEX_SETTING: &str = "search.reindex";

impl App {
    /// Rebuilds the whole search index from the records, kind by kind, calling `progress` after each
    /// step with the kind and how many of its records are done. Safe while the help desk runs: every
    /// write keeps indexing its own record as usual.
    ///
    /// The index is emptied first, so until the rebuild ends searches find only what it has written
    /// again (oldest first); if it stops half-way, `ayuda serve` rebuilds at its next start.
    pub async fn reindex(&self, progress: impl FnMut(EntryKind, u64)) -> Result<u64, AppError> {
        self.store.clear_index().await?;
        self.reindex_kinds(&EntryKind::ALL, progress).await
    }

    /// Rebuilds the index entries of `kinds` only, as [`App::reindex`] does for all.
    pub async fn reindex_kinds(
        &self,
        kinds: &[EntryKind],
        mut progress: impl FnMut(EntryKind, u64),
    ) -> Result<u64, AppError> {
        let mut total = 0;
        for kind in kinds {
            let mut done = 0;
            let mut after = None;
            loop {
                let step = self.store.reindex(*kind, after, REINDEX_BATCH).await?;
                done += step.indexed;
                progress(*kind, done);
                match step.next {
                    Some(next) => after = Some(next),
                    None => break,
                }
            }
            total += done;
        }
        self.store.finish_reindex().await?;
        Ok(total)
    }

    /// The kinds whose index entries wait for a rebuild (a new index, or a change to how they are kept):
    /// the setting names them, or says `pending` for all.
    pub async fn reindex_pending(&self) -> Result<Vec<EntryKind>, AppError> {
        Ok(match self.store.setting(REINDEX_SETTING).await? {
            None => Vec::new(),
            Some(value) => {
                let named: Vec<EntryKind> = value
                    .split(',')
                    .filter_map(|k| EntryKind::parse(k.trim()))
                    .collect();
                if named.is_empty() {
                    EntryKind::ALL.to_vec()
                } else {
                    named
                }
            }
        })
    }
}
