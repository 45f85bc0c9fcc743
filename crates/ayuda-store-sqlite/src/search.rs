//! The full-text index on SQLite: FTS5 entries written in the writer's transactions, and the searches.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use ayuda_core::id::{ContactId, OrganizationId};
use ayuda_core::permission::TicketScope;
use ayuda_search::query::{Alternative, Condition, Matcher};
use ayuda_search::typo::deletion_neighbours;
use ayuda_store::search::{
    EntryKind, IndexEntry, RANKED_WINDOW, ReindexStep, SearchHit, SearchRequest, contact_entry,
    kind_marker, message_entry, organization_entry, ticket_entry, weigh,
};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};
use uuid::Uuid;

use crate::error::Error;
use crate::rows::{
    ATTACHMENT_COLUMNS, MESSAGE_COLUMNS, MessageRow, TICKET_COLUMNS, TicketRow, after_key, key,
    micros, push_in, read_attachment, timestamp,
};
use crate::{contacts, knowledge};

/// Whether entries of `kind` are the millions (ticket subjects and messages) rather than the thousands.
fn is_large(kind: EntryKind) -> bool {
    matches!(kind, EntryKind::Ticket | EntryKind::Message)
}

/// The FTS5 table that holds entries of `kind`.
///
/// Articles, contacts and organizations have an index of their own so that ranking them with `bm25()`
/// stays cheap: bm25 counts the entries of every term searched for, and in the shared index a word like
/// "order" is in a million messages. Tickets and messages are ranked without bm25 (see [`relevance`]).
fn fts_table(kind: EntryKind) -> &'static str {
    if is_large(kind) {
        "search_fts"
    } else {
        "search_small_fts"
    }
}

/// Writes `entry` into the index in place of any earlier entry for the same text.
pub(crate) fn index(db: &Connection, entry: &IndexEntry) -> Result<(), Error> {
    unindex(db, entry.kind, entry.source, Some(&entry.language))?;
    if entry.terms.is_empty() {
        return Ok(());
    }
    let length = entry.terms.split(' ').count() as i64;
    db.prepare_cached(
        "INSERT INTO search_entry (kind, source_id, ticket_id, language, audience, updated_at, length) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        entry.kind.as_str(),
        key(entry.source),
        entry.ticket.map(key),
        entry.language,
        entry.audience.as_str(),
        micros(entry.updated_at),
        length,
    ])?;
    let id = db.last_insert_rowid();
    let table = fts_table(entry.kind);
    db.prepare_cached(&format!(
        "INSERT INTO {table} (rowid, tags, terms) VALUES (?1, ?2, ?3)"
    ))?
    .execute(params![id, entry.markers(), entry.terms])?;
    let mut add_term = db.prepare_cached("INSERT OR IGNORE INTO search_term (term) VALUES (?1)")?;
    let mut add_neighbour = db.prepare_cached(
        "INSERT OR IGNORE INTO search_term_neighbour (neighbour, term) VALUES (?1, ?2)",
    )?;
    for term in entry.vocabulary() {
        if add_term.execute([term])? == 1 {
            for neighbour in deletion_neighbours(term) {
                add_neighbour.execute([neighbour.as_str(), term])?;
            }
        }
    }
    Ok(())
}

/// Removes the entries for a record: for one language, or all of them.
pub(crate) fn unindex(
    db: &Connection,
    kind: EntryKind,
    source: Uuid,
    language: Option<&str>,
) -> Result<(), Error> {
    let ids: Vec<i64> = db
        .prepare_cached(
            "SELECT id FROM search_entry WHERE source_id = ?1 AND kind = ?2 AND (?3 IS NULL OR language = ?3)",
        )?
        .query_map(params![key(source), kind.as_str(), language], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let table = fts_table(kind);
    for id in ids {
        db.prepare_cached(&format!("DELETE FROM {table} WHERE rowid = ?1"))?
            .execute([id])?;
        db.prepare_cached("DELETE FROM search_entry WHERE id = ?1")?
            .execute([id])?;
    }
    Ok(())
}

/// The matcher as an FTS5 query on the `terms` column; for a search of some of the small kinds only
/// (articles but not contacts, say), restricted by their markers on the `tags` column too.
///
/// Audience markers stay out of the expression: [`entry_conditions`] filters by audience in SQL.
fn fts_query(matcher: &Matcher, kinds: &[EntryKind]) -> Option<String> {
    fn alternatives(condition: &Condition) -> Option<String> {
        let quoted: Vec<String> = condition
            .any_of
            .iter()
            .map(|alternative| match alternative {
                Alternative::Term(term) => term.clone(),
                Alternative::Phrase(terms) => terms.join(" "),
            })
            // Terms are letters and digits; anything else would be FTS5 syntax.
            .filter(|text| text.chars().all(|c| c.is_alphanumeric() || c == ' '))
            .map(|text| format!("\"{text}\""))
            .collect();
        (!quoted.is_empty()).then(|| format!("terms : ({})", quoted.join(" OR ")))
    }
    let positive: Vec<String> = matcher
        .all_of
        .iter()
        .filter(|c| !c.negated)
        .filter_map(alternatives)
        .collect();
    if positive.is_empty() {
        return None;
    }
    let mut query = positive.join(" AND ");
    let small_kinds = EntryKind::ALL.iter().filter(|k| !is_large(**k)).count();
    if !kinds.iter().any(|k| is_large(*k)) && kinds.len() < small_kinds {
        let markers: Vec<String> = kinds.iter().map(|k| kind_marker(*k)).collect();
        query = format!("tags : ({}) AND {query}", markers.join(" OR "));
    }
    for negated in matcher.all_of.iter().filter(|c| c.negated) {
        if let Some(text) = alternatives(negated) {
            let _ = write!(query, " NOT {text}");
        }
    }
    Some(query)
}

/// Conditions on the entry `e`'s kind and audience, when the search does not take every one.
fn entry_conditions(request: &SearchRequest, kinds: &[EntryKind], args: &mut Vec<Value>) -> String {
    let mut conditions = Vec::new();
    if kinds.len() < EntryKind::ALL.len() {
        push_in(
            &mut conditions,
            args,
            "e.kind",
            kinds.iter().map(|k| k.as_str()),
        );
    }
    if request.audiences.len() < 3 {
        push_in(
            &mut conditions,
            args,
            "e.audience",
            request.audiences.iter().map(|a| a.as_str()),
        );
    }
    if conditions.is_empty() {
        "1".to_owned()
    } else {
        conditions.join(" AND ")
    }
}

/// Conditions on the ticket `t` an entry belongs to (entries of no ticket pass).
fn ticket_conditions(request: &SearchRequest, args: &mut Vec<Value>) -> String {
    let blob = |id: Uuid| Value::Blob(key(id).to_vec());
    let filter = &request.tickets;
    let mut conditions = Vec::new();
    if let TicketScope::Agent {
        agent_id,
        group_ids,
    } = &filter.scope
    {
        let mut scope = "(t.group_id IS NULL OR t.assignee_id = ?".to_owned();
        args.push(blob(agent_id.0));
        for group in group_ids {
            scope.push_str(" OR t.group_id = ?");
            args.push(blob(group.0));
        }
        scope.push(')');
        conditions.push(scope);
    }
    push_in(
        &mut conditions,
        args,
        "t.status",
        filter.statuses.iter().map(|v| v.as_str()),
    );
    push_in(
        &mut conditions,
        args,
        "t.priority",
        filter.priorities.iter().map(|v| v.as_str()),
    );
    if let Some(group) = filter.group {
        conditions.push("t.group_id = ?".to_owned());
        args.push(blob(group.0));
    }
    if let Some(assignee) = filter.assignee {
        conditions.push("t.assignee_id = ?".to_owned());
        args.push(blob(assignee.0));
    }
    if let Some(language) = &filter.language {
        conditions.push("t.language = ?".to_owned());
        args.push(Value::Text(language.as_str().to_owned()));
    }
    if conditions.is_empty() {
        return "1".to_owned();
    }
    format!("(e.ticket_id IS NULL OR ({}))", conditions.join(" AND "))
}

/// kind, source, ticket, language, updated at, length in terms, bm25 (small kinds only).
type HitRow = (
    String,
    [u8; 16],
    Option<[u8; 16]>,
    String,
    i64,
    i64,
    Option<f64>,
);

fn read_hit(row: &rusqlite::Row<'_>) -> rusqlite::Result<HitRow> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
        row.get(6)?,
    ))
}

/// How many of the newest matches a search with ticket filters or an agent's scope ranks.
const FILTERED_WINDOW: u32 = RANKED_WINDOW / 4;

const ENTRY_COLUMNS: &str = "e.kind, e.source_id, e.ticket_id, e.language, e.updated_at, e.length";

/// The typical length in terms of a ticket subject and of a message, against which an entry's own length
/// is weighed (an entry indexed before lengths were kept has length 0 and counts as typical).
const TYPICAL_SUBJECT_TERMS: f64 = 8.0;
const TYPICAL_MESSAGE_TERMS: f64 = 80.0;

/// How well an entry matched, from 0 to 1 times its kind's weight; comparable across kinds in one search.
///
/// Every match holds every condition of the query, so what tells matches apart is where the words are
/// (a subject or an article title says more than a message) and how much else the text holds. Small
/// kinds have bm25 for the latter; tickets and messages weigh their length the way bm25 does for a term
/// found once (k1 = 1.2, b = 0.75) without bm25's count of every entry holding each term.
fn relevance(kind: EntryKind, length: i64, bm25: Option<f64>) -> f64 {
    let strength = match bm25 {
        // FTS5's bm25 is negative, more negative for a better match.
        Some(score) => {
            let score = (-score).max(0.0);
            score / (score + 1.0)
        }
        None => {
            let typical = if kind == EntryKind::Ticket {
                TYPICAL_SUBJECT_TERMS
            } else {
                TYPICAL_MESSAGE_TERMS
            };
            let ratio = if length > 0 {
                length as f64 / typical
            } else {
                1.0
            };
            let (k1, b) = (1.2, 0.75);
            // bm25's factor for one occurrence, scaled to 1 for the shortest text: 0.59 for a typical one.
            (1.0 + k1 * (1.0 - b)) / (1.0 + k1 * (1.0 - b + b * ratio))
        }
    };
    let weight = match kind {
        EntryKind::Ticket => 3.0,
        EntryKind::Article => 2.5,
        EntryKind::Contact | EntryKind::Organization => 2.0,
        EntryKind::Message => 1.0,
    };
    weight * strength
}

pub(crate) fn search(db: &Connection, request: &SearchRequest) -> Result<Vec<SearchHit>, Error> {
    let mut rows = Vec::new();
    let (large, small): (Vec<EntryKind>, Vec<EntryKind>) =
        request.kinds.iter().partition(|k| is_large(**k));
    // A customer's tickets are few: start from them. An agent's search starts from the index.
    let customer = matches!(request.tickets.scope, TicketScope::Customer { .. });
    if !large.is_empty()
        && !customer
        && let Some(query) = fts_query(&request.matcher, &large)
    {
        let mut args = vec![Value::Text(query)];
        let entries = entry_conditions(request, &large, &mut args);
        let tickets = ticket_conditions(request, &mut args);
        // Each match a ticket filter or an agent's scope turns away costs a ticket lookup, so a filtered
        // search ranks a smaller window: the filters already say what is wanted.
        let (window, join) = if tickets == "1" {
            (RANKED_WINDOW, "")
        } else {
            (
                FILTERED_WINDOW.max(request.limit),
                "LEFT JOIN ticket t ON t.id = e.ticket_id",
            )
        };
        // No bm25 here: it would count every entry that holds each word, a million for a common one.
        let sql = format!(
            "SELECT {ENTRY_COLUMNS}, NULL FROM search_fts JOIN search_entry e ON e.id = search_fts.rowid \
             {join} WHERE search_fts MATCH ? AND {entries} AND {tickets} \
             ORDER BY search_fts.rowid DESC LIMIT {window}"
        );
        let mut statement = db.prepare_cached(&sql)?;
        for row in statement.query_map(params_from_iter(args), read_hit)? {
            rows.push(row?);
        }
    }
    if let TicketScope::Customer {
        contact_id,
        organization_id,
    } = request.tickets.scope
        && !large.is_empty()
        && let Some(query) = fts_query(&request.matcher, &large)
    {
        let mut args = vec![Value::Text(query), Value::Blob(key(contact_id.0).to_vec())];
        let owner = match organization_id {
            Some(organization) => {
                args.push(Value::Blob(key(organization.0).to_vec()));
                "(t.requester_id = ?2 OR t.organization_id = ?3)"
            }
            None => "t.requester_id = ?2",
        };
        let entries = entry_conditions(request, &large, &mut args);
        let tickets = ticket_conditions(request, &mut args);
        // CROSS JOIN keeps this order: the customer's tickets, their entries, then the index by rowid.
        let sql = format!(
            "SELECT {ENTRY_COLUMNS}, NULL FROM ticket t CROSS JOIN search_entry e ON e.ticket_id = t.id \
             CROSS JOIN search_fts ON search_fts.rowid = e.id \
             WHERE {owner} AND search_fts MATCH ?1 AND {entries} AND {tickets} \
             ORDER BY e.id DESC LIMIT {RANKED_WINDOW}"
        );
        let mut statement = db.prepare_cached(&sql)?;
        for row in statement.query_map(params_from_iter(args), read_hit)? {
            rows.push(row?);
        }
    }
    if !small.is_empty()
        && let Some(query) = fts_query(&request.matcher, &small)
    {
        let mut args = vec![Value::Text(query)];
        let entries = entry_conditions(request, &small, &mut args);
        let mut language = String::new();
        if let Some(wanted) = &request.article_language {
            language = "AND (e.kind <> 'article' OR e.language = ?)".to_owned();
            args.push(Value::Text(wanted.as_str().to_owned()));
        }
        let sql = format!(
            "SELECT {ENTRY_COLUMNS}, bm25(search_small_fts, 0.0, 1.0) FROM search_small_fts \
             JOIN search_entry e ON e.id = search_small_fts.rowid \
             WHERE search_small_fts MATCH ? AND {entries} {language} \
             ORDER BY search_small_fts.rowid DESC LIMIT {RANKED_WINDOW}"
        );
        let mut statement = db.prepare_cached(&sql)?;
        for row in statement.query_map(params_from_iter(args), read_hit)? {
            rows.push(row?);
        }
    }
    let mut hits = Vec::with_capacity(rows.len());
    for (kind, source, ticket, language, updated_at, length, bm25) in rows {
        let Some(kind) = EntryKind::parse(&kind) else {
            continue;
        };
        let updated_at = timestamp("updated_at", updated_at)?;
        let age_days = request.now.duration_since(updated_at).as_secs_f64() / 86_400.0;
        hits.push(SearchHit {
            kind,
            source: Uuid::from_bytes(source),
            ticket: ticket.map(Uuid::from_bytes),
            language,
            updated_at,
            relevance: weigh(relevance(kind, length, bm25), age_days),
        });
    }
    hits.sort_by(|a, b| b.relevance.total_cmp(&a.relevance));
    hits.truncate(request.limit as usize);
    Ok(hits)
}

pub(crate) fn known_terms(db: &Connection, terms: &[String]) -> Result<Vec<String>, Error> {
    let mut statement = db.prepare_cached("SELECT term FROM search_term WHERE term = ?1")?;
    let mut known = Vec::new();
    for term in terms {
        if let Some(found) = statement.query_row([term], |row| row.get(0)).optional()? {
            known.push(found);
        }
    }
    Ok(known)
}

pub(crate) fn terms_near(db: &Connection, neighbours: &[String]) -> Result<Vec<String>, Error> {
    let mut found = BTreeSet::new();
    let mut by_neighbour =
        db.prepare_cached("SELECT term FROM search_term_neighbour WHERE neighbour = ?1 LIMIT 100")?;
    let mut exact = db.prepare_cached("SELECT term FROM search_term WHERE term = ?1")?;
    for neighbour in neighbours {
        for term in by_neighbour.query_map([neighbour], |row| row.get::<_, String>(0))? {
            found.insert(term?);
        }
        if let Some(term) = exact
            .query_row([neighbour], |row| row.get::<_, String>(0))
            .optional()?
        {
            found.insert(term);
        }
    }
    Ok(found.into_iter().collect())
}

/// Re-writes the entries of a batch of records of `kind`, in id order after `after`.
pub(crate) fn reindex(
    db: &Connection,
    kind: EntryKind,
    after: Option<Uuid>,
    batch: u32,
) -> Result<ReindexStep, Error> {
    let after = after_key(after);
    let limit = i64::from(batch.max(1));
    let mut last = None;
    let mut indexed = 0u64;
    match kind {
        EntryKind::Ticket => {
            let sql = format!(
                "SELECT {TICKET_COLUMNS} FROM ticket t WHERE t.id > ?1 ORDER BY t.id LIMIT ?2"
            );
            let rows: Vec<TicketRow> = db
                .prepare_cached(&sql)?
                .query_map(params![after, limit], TicketRow::read)?
                .collect::<rusqlite::Result<_>>()?;
            for row in rows {
                let ticket = row.into_ticket()?;
                index(db, &ticket_entry(&ticket))?;
                last = Some(ticket.id.0);
                indexed += 1;
            }
        }
        EntryKind::Message => {
            let sql = format!(
                "SELECT {MESSAGE_COLUMNS}, (SELECT language FROM ticket WHERE ticket.id = message.ticket_id) \
                 FROM message WHERE id > ?1 ORDER BY id LIMIT ?2"
            );
            let rows: Vec<(MessageRow, String)> = db
                .prepare_cached(&sql)?
                .query_map(params![after, limit], |row| {
                    Ok((MessageRow::read(row)?, row.get(12)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            let mut attachments = db.prepare_cached(&format!(
                "SELECT {ATTACHMENT_COLUMNS} FROM attachment WHERE message_id = ?1 ORDER BY position"
            ))?;
            for (row, language) in rows {
                let files = attachments
                    .query_map([row.id()], read_attachment)?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                let message = row.into_message(files)?;
                let language = ayuda_core::text::Language::parse(&language)
                    .unwrap_or_else(|_| ayuda_core::text::Language::english());
                index(db, &message_entry(&message, &language))?;
                last = Some(message.id.0);
                indexed += 1;
            }
        }
        EntryKind::Contact | EntryKind::Organization | EntryKind::Article => {
            let table = match kind {
                EntryKind::Contact => "contact",
                EntryKind::Organization => "organization",
                _ => "kb_article",
            };
            let ids: Vec<[u8; 16]> = db
                .prepare_cached(&format!(
                    "SELECT id FROM {table} WHERE id > ?1 ORDER BY id LIMIT ?2"
                ))?
                .query_map(params![after, limit], |row| row.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for id in ids {
                let id = Uuid::from_bytes(id);
                match kind {
                    EntryKind::Contact => {
                        if let Some(contact) = contacts::get_contact(db, ContactId(id))? {
                            index(db, &contact_entry(&contact))?;
                        }
                    }
                    EntryKind::Organization => {
                        if let Some(organization) =
                            contacts::get_organization(db, OrganizationId(id))?
                        {
                            index(db, &organization_entry(&organization))?;
                        }
                    }
                    _ => knowledge::index_article(db, id)?,
                }
                last = Some(id);
                indexed += 1;
            }
        }
    }
    Ok(ReindexStep {
        indexed,
        next: if indexed == limit as u64 { last } else { None },
    })
}

/// Empties both FTS5 tables ('delete-all' drops their segments at once) and the entries, and marks the
/// index as waiting for a rebuild.
pub(crate) fn clear_index(db: &Connection) -> Result<(), Error> {
    db.execute_batch(
        "INSERT INTO search_fts (search_fts) VALUES ('delete-all'); \
         INSERT INTO search_small_fts (search_small_fts) VALUES ('delete-all'); \
         DELETE FROM search_entry; \
         INSERT INTO setting (key, value) VALUES ('search.reindex', 'pending') \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value;",
    )?;
    Ok(())
}

/// Marks the rebuild of the index after the search migration as done.
pub(crate) fn finish_reindex(db: &Connection) -> Result<(), Error> {
    db.prepare_cached("DELETE FROM setting WHERE key = 'search.reindex'")?
        .execute([])?;
    Ok(())
}
