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

/// Writes `entry` into the index in place of any earlier entry for the same text.
pub(crate) fn index(db: &Connection, entry: &IndexEntry) -> Result<(), Error> {
    unindex(db, entry.kind, entry.source, Some(&entry.language))?;
    if entry.terms.is_empty() {
        return Ok(());
    }
    db.prepare_cached(
        "INSERT INTO search_entry (kind, source_id, ticket_id, language, audience, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        entry.kind.as_str(),
        key(entry.source),
        entry.ticket.map(key),
        entry.language,
        entry.audience.as_str(),
        micros(entry.updated_at),
    ])?;
    let id = db.last_insert_rowid();
    db.prepare_cached("INSERT INTO search_fts (rowid, tags, terms) VALUES (?1, ?2, ?3)")?
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
    for id in ids {
        db.prepare_cached("DELETE FROM search_fts WHERE rowid = ?1")?
            .execute([id])?;
        db.prepare_cached("DELETE FROM search_entry WHERE id = ?1")?
            .execute([id])?;
    }
    Ok(())
}

/// The matcher as an FTS5 query on the `terms` column; for a search of the small kinds only (articles,
/// contacts, organizations), restricted by their markers on the `tags` column too.
///
/// Markers of the large kinds and of audiences stay out of the expression: FTS5's `bm25()` counts the
/// documents of every phrase in it, and a marker that tags millions of entries would cost a scan of
/// millions per search. [`entry_conditions`] filters by those in SQL instead.
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
    let large = |k: &EntryKind| matches!(k, EntryKind::Ticket | EntryKind::Message);
    if !kinds.iter().any(large) {
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

/// kind, source, ticket, language, updated at, bm25.
type HitRow = (String, [u8; 16], Option<[u8; 16]>, String, i64, f64);

const HIT_COLUMNS: &str =
    "e.kind, e.source_id, e.ticket_id, e.language, e.updated_at, bm25(search_fts, 0.0, 1.0)";

fn read_hit(row: &rusqlite::Row<'_>) -> rusqlite::Result<HitRow> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
    ))
}

pub(crate) fn search(db: &Connection, request: &SearchRequest) -> Result<Vec<SearchHit>, Error> {
    let mut rows = Vec::new();
    // A customer's tickets are few: start from them. Everything else starts from the index.
    let (own_tickets, from_index): (Vec<EntryKind>, Vec<EntryKind>) = match request.tickets.scope {
        TicketScope::Customer { .. } => request
            .kinds
            .iter()
            .partition(|k| matches!(k, EntryKind::Ticket | EntryKind::Message)),
        _ => (Vec::new(), request.kinds.clone()),
    };
    if !from_index.is_empty()
        && let Some(query) = fts_query(&request.matcher, &from_index)
    {
        let mut args = vec![Value::Text(query)];
        let entries = entry_conditions(request, &from_index, &mut args);
        let tickets = ticket_conditions(request, &mut args);
        let mut language = String::new();
        if let Some(wanted) = &request.article_language {
            language = "AND (e.kind <> 'article' OR e.language = ?)".to_owned();
            args.push(Value::Text(wanted.as_str().to_owned()));
        }
        let sql = format!(
            "SELECT {HIT_COLUMNS} FROM search_fts JOIN search_entry e ON e.id = search_fts.rowid \
             LEFT JOIN ticket t ON t.id = e.ticket_id \
             WHERE search_fts MATCH ? AND {entries} AND {tickets} {language} \
             ORDER BY search_fts.rowid DESC LIMIT {RANKED_WINDOW}"
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
        && !own_tickets.is_empty()
        && let Some(query) = fts_query(&request.matcher, &own_tickets)
    {
        let mut args = vec![Value::Text(query), Value::Blob(key(contact_id.0).to_vec())];
        let owner = match organization_id {
            Some(organization) => {
                args.push(Value::Blob(key(organization.0).to_vec()));
                "(t.requester_id = ?2 OR t.organization_id = ?3)"
            }
            None => "t.requester_id = ?2",
        };
        let entries = entry_conditions(request, &own_tickets, &mut args);
        let tickets = ticket_conditions(request, &mut args);
        // CROSS JOIN keeps this order: the customer's tickets, their entries, then the index by rowid.
        let sql = format!(
            "SELECT {HIT_COLUMNS} FROM ticket t CROSS JOIN search_entry e ON e.ticket_id = t.id \
             CROSS JOIN search_fts ON search_fts.rowid = e.id \
             WHERE {owner} AND search_fts MATCH ?1 AND {entries} AND {tickets} \
             ORDER BY e.id DESC LIMIT {RANKED_WINDOW}"
        );
        let mut statement = db.prepare_cached(&sql)?;
        for row in statement.query_map(params_from_iter(args), read_hit)? {
            rows.push(row?);
        }
    }
    let mut hits = Vec::with_capacity(rows.len());
    for (kind, source, ticket, language, updated_at, bm25) in rows {
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
            // FTS5's bm25 is negative, more negative for a better match.
            relevance: weigh(-bm25, age_days),
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

/// Marks the rebuild of the index after the search migration as done.
pub(crate) fn finish_reindex(db: &Connection) -> Result<(), Error> {
    db.prepare_cached("DELETE FROM setting WHERE key = 'search.reindex'")?
        .execute([])?;
    Ok(())
}
