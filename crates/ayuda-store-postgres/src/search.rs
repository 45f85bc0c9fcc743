//! The full-text index on PostgreSQL: `tsvector` entries built by Ayuda (no text search configuration), written
//! in the transactions of the records they describe, and the searches over them.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use ayuda_core::id::{ContactId, OrganizationId};
use ayuda_core::permission::TicketScope;
use ayuda_core::text::Language;
use ayuda_search::query::{Alternative, Condition, Matcher};
use ayuda_search::typo::deletion_neighbours;
use ayuda_store::search::{
    EntryKind, IndexEntry, RANKED_WINDOW, ReindexStep, SearchHit, SearchRequest, contact_entry,
    kind_marker, message_entry, organization_entry, ticket_entry, weigh,
};
use sqlx::{PgConnection, PgPool, Postgres, QueryBuilder};
use uuid::Uuid;

use crate::errors::Result;
use crate::rows::{MessageRow, SqlTimestamp, TicketRow, message_columns, sql_ts, ticket_columns};
use crate::{contacts, conversation, knowledge};

/// PostgreSQL keeps word positions up to this; later words share it.
const MAX_POSITION: usize = 16_383;

/// The entry's markers and terms as a `tsvector` literal: `'_k_message':1 '_a_agents':2 'printer':3,7`.
fn tsvector(entry: &IndexEntry) -> String {
    let mut positions: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let markers = entry.markers();
    let words = markers
        .split(' ')
        .chain(entry.terms.split(' '))
        .filter(|w| !w.is_empty());
    for (at, word) in words.enumerate() {
        // Terms are letters and digits, markers add `_`: nothing that needs quoting, checked all the same.
        if word.chars().all(|c| c.is_alphanumeric() || c == '_') {
            let list = positions.entry(word).or_default();
            if list.len() < 256 {
                list.push((at + 1).min(MAX_POSITION));
            }
        }
    }
    let mut literal = String::new();
    for (word, at) in positions {
        let at: Vec<String> = at.iter().map(usize::to_string).collect();
        let _ = write!(literal, "'{word}':{} ", at.join(","));
    }
    literal
}

/// Writes `entries` into the index in place of earlier entries for the same texts. Their terms' typo
/// neighbours are added by [`add_vocabulary`], which each transaction calls last.
pub(crate) async fn index(conn: &mut PgConnection, entries: &[IndexEntry]) -> Result<()> {
    for entry in entries {
        sqlx::query(
            "delete from search_entry where source_id = $1 and kind = $2 and language = $3",
        )
        .bind(entry.source)
        .bind(entry.kind.as_str())
        .bind(&entry.language)
        .execute(&mut *conn)
        .await?;
    }
    let entries: Vec<&IndexEntry> = entries.iter().filter(|e| !e.terms.is_empty()).collect();
    for chunk in entries.chunks(conversation::ROWS_PER_INSERT) {
        let mut insert = QueryBuilder::<Postgres>::new(
            "insert into search_entry (kind, source_id, ticket_id, language, audience, updated_at, terms) ",
        );
        insert.push_values(chunk, |mut row, entry| {
            row.push_bind(entry.kind.as_str())
                .push_bind(entry.source)
                .push_bind(entry.ticket)
                .push_bind(&entry.language)
                .push_bind(entry.audience.as_str())
                .push_bind(sql_ts(entry.updated_at))
                .push_bind(tsvector(entry))
                .push_unseparated("::tsvector");
        });
        insert.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// Adds the terms of `entries` and their deletion neighbours to the vocabulary that typo tolerance looks up.
///
/// Call it as the transaction's last statement: concurrent writers of the same new term wait for each other
/// here, and in sorted order, so no two can wait on each other.
pub(crate) async fn add_vocabulary(conn: &mut PgConnection, entries: &[IndexEntry]) -> Result<()> {
    let terms: BTreeSet<&str> = entries.iter().flat_map(IndexEntry::vocabulary).collect();
    if terms.is_empty() {
        return Ok(());
    }
    let terms: Vec<&str> = terms.into_iter().collect();
    let new: Vec<String> = sqlx::query_scalar(
        "insert into search_term (term) select unnest($1::text[]) order by 1 \
         on conflict do nothing returning term",
    )
    .bind(&terms)
    .fetch_all(&mut *conn)
    .await?;
    let mut pairs: BTreeSet<(String, String)> = BTreeSet::new();
    for term in &new {
        for neighbour in deletion_neighbours(term) {
            pairs.insert((neighbour, term.clone()));
        }
    }
    let (neighbours, owners): (Vec<String>, Vec<String>) = pairs.into_iter().unzip();
    sqlx::query(
        "insert into search_term_neighbour (neighbour, term) \
         select * from unnest($1::text[], $2::text[]) on conflict do nothing",
    )
    .bind(&neighbours)
    .bind(&owners)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Removes every entry of a record.
pub(crate) async fn unindex(conn: &mut PgConnection, kind: EntryKind, source: Uuid) -> Result<()> {
    sqlx::query("delete from search_entry where source_id = $1 and kind = $2")
        .bind(source)
        .bind(kind.as_str())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The matcher as a `tsquery` literal, restricted to the markers of `kinds` and `audiences`.
fn tsquery(request: &SearchRequest, kinds: &[EntryKind]) -> Option<String> {
    fn alternatives(condition: &Condition) -> Option<String> {
        let quoted: Vec<String> = condition
            .any_of
            .iter()
            .map(|alternative| match alternative {
                Alternative::Term(term) => vec![term.as_str()],
                Alternative::Phrase(terms) => terms.iter().map(String::as_str).collect(),
            })
            .filter(|words| words.iter().all(|w| w.chars().all(char::is_alphanumeric)))
            .map(|words| {
                let words: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
                format!("({})", words.join(" <-> "))
            })
            .collect();
        (!quoted.is_empty()).then(|| format!("({})", quoted.join(" | ")))
    }
    let matcher: &Matcher = &request.matcher;
    let positive: Vec<String> = matcher
        .all_of
        .iter()
        .filter(|c| !c.negated)
        .filter_map(alternatives)
        .collect();
    if positive.is_empty() || kinds.is_empty() || request.audiences.is_empty() {
        return None;
    }
    // Markers of the large kinds and of audiences tag millions of entries: intersecting their posting
    // lists costs more than filtering the matches by the `kind` and `audience` columns
    // (see `push_entry_conditions`), so only a search of the small kinds names its markers.
    let mut query = positive.join(" & ");
    let large = |k: &EntryKind| matches!(k, EntryKind::Ticket | EntryKind::Message);
    if !kinds.iter().any(large) {
        let quoted: Vec<String> = kinds
            .iter()
            .map(|k| format!("'{}'", kind_marker(*k)))
            .collect();
        query = format!("({}) & {query}", quoted.join(" | "));
    }
    for negated in matcher.all_of.iter().filter(|c| c.negated) {
        if let Some(text) = alternatives(negated) {
            let _ = write!(query, " & !{text}");
        }
    }
    Some(query)
}

/// Adds the conditions on the entry `e`'s kind and audience, when the search does not take every one.
fn push_entry_conditions(
    request: &SearchRequest,
    kinds: &[EntryKind],
    sql: &mut QueryBuilder<Postgres>,
) {
    if kinds.len() < EntryKind::ALL.len() {
        let kinds: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
        sql.push(" and e.kind = any(").push_bind(kinds).push(")");
    }
    if request.audiences.len() < 3 {
        let audiences: Vec<&str> = request.audiences.iter().map(|a| a.as_str()).collect();
        sql.push(" and e.audience = any(")
            .push_bind(audiences)
            .push(")");
    }
}

/// Adds the conditions on the ticket `t` an entry belongs to (entries of no ticket pass).
fn push_ticket_conditions(request: &SearchRequest, sql: &mut QueryBuilder<Postgres>) {
    let filter = &request.tickets;
    sql.push(" and (e.ticket_id is null or (true");
    if let TicketScope::Agent {
        agent_id,
        group_ids,
    } = &filter.scope
    {
        let groups: Vec<Uuid> = group_ids.iter().map(|g| g.0).collect();
        sql.push(" and (t.group_id is null or t.assignee_id = ")
            .push_bind(agent_id.0)
            .push(" or t.group_id = any(")
            .push_bind(groups)
            .push("))");
    }
    if !filter.statuses.is_empty() {
        let statuses: Vec<&str> = filter.statuses.iter().map(|s| s.as_str()).collect();
        sql.push(" and t.status = any(")
            .push_bind(statuses)
            .push(")");
    }
    if !filter.priorities.is_empty() {
        let priorities: Vec<&str> = filter.priorities.iter().map(|p| p.as_str()).collect();
        sql.push(" and t.priority = any(")
            .push_bind(priorities)
            .push(")");
    }
    if let Some(group) = filter.group {
        sql.push(" and t.group_id = ").push_bind(group.0);
    }
    if let Some(assignee) = filter.assignee {
        sql.push(" and t.assignee_id = ").push_bind(assignee.0);
    }
    if let Some(language) = &filter.language {
        sql.push(" and t.language = ")
            .push_bind(language.as_str().to_owned());
    }
    sql.push("))");
}

type HitRow = (String, Uuid, Option<Uuid>, String, SqlTimestamp, f32);

pub(crate) async fn search(pool: &PgPool, request: &SearchRequest) -> Result<Vec<SearchHit>> {
    let (own_tickets, from_index): (Vec<EntryKind>, Vec<EntryKind>) = match request.tickets.scope {
        TicketScope::Customer { .. } => request
            .kinds
            .iter()
            .partition(|k| matches!(k, EntryKind::Ticket | EntryKind::Message)),
        _ => (Vec::new(), request.kinds.clone()),
    };
    let mut rows: Vec<HitRow> = Vec::new();
    // Normalisation 1 divides the rank by the log of the entry's length, so that, as with SQLite's bm25,
    // a subject that is all about the words outranks a long message that mentions them once.
    if let Some(query) = tsquery(request, &from_index) {
        let mut sql = QueryBuilder::<Postgres>::new(
            "select kind, source_id, ticket_id, language, updated_at, ts_rank(terms, q, 1)::real from \
             (select e.*, ",
        );
        sql.push_bind(query.clone())
            .push(
                "::tsquery as q from search_entry e left join ticket t on t.id = e.ticket_id \
                 where e.terms @@ ",
            )
            .push_bind(query)
            .push("::tsquery");
        push_entry_conditions(request, &from_index, &mut sql);
        push_ticket_conditions(request, &mut sql);
        if let Some(language) = &request.article_language {
            sql.push(" and (e.kind <> 'article' or e.language = ")
                .push_bind(language.as_str().to_owned())
                .push(")");
        }
        sql.push(format!(" order by e.id desc limit {RANKED_WINDOW}) hits"));
        rows.extend(sql.build_query_as::<HitRow>().fetch_all(pool).await?);
    }
    if let TicketScope::Customer {
        contact_id,
        organization_id,
    } = request.tickets.scope
        && let Some(query) = tsquery(request, &own_tickets)
    {
        let mut sql = QueryBuilder::<Postgres>::new(
            "select kind, source_id, ticket_id, language, updated_at, ts_rank(terms, q, 1)::real from \
             (select e.*, ",
        );
        sql.push_bind(query.clone())
            .push("::tsquery as q from ticket t join search_entry e on e.ticket_id = t.id where (t.requester_id = ")
            .push_bind(contact_id.0);
        if let Some(organization) = organization_id {
            sql.push(" or t.organization_id = ")
                .push_bind(organization.0);
        }
        sql.push(") and e.terms @@ ")
            .push_bind(query)
            .push("::tsquery");
        push_entry_conditions(request, &own_tickets, &mut sql);
        push_ticket_conditions(request, &mut sql);
        sql.push(format!(" order by e.id desc limit {RANKED_WINDOW}) hits"));
        rows.extend(sql.build_query_as::<HitRow>().fetch_all(pool).await?);
    }
    let mut hits: Vec<SearchHit> = rows
        .into_iter()
        .filter_map(|(kind, source, ticket, language, updated_at, rank)| {
            let kind = EntryKind::parse(&kind)?;
            let updated_at = updated_at.to_jiff();
            let age_days = request.now.duration_since(updated_at).as_secs_f64() / 86_400.0;
            Some(SearchHit {
                kind,
                source,
                ticket,
                language,
                updated_at,
                relevance: weigh(f64::from(rank), age_days),
            })
        })
        .collect();
    hits.sort_by(|a, b| b.relevance.total_cmp(&a.relevance));
    hits.truncate(request.limit as usize);
    Ok(hits)
}

pub(crate) async fn known_terms(pool: &PgPool, terms: &[String]) -> Result<Vec<String>> {
    Ok(
        sqlx::query_scalar("select term from search_term where term = any($1)")
            .bind(terms)
            .fetch_all(pool)
            .await?,
    )
}

pub(crate) async fn terms_near(pool: &PgPool, neighbours: &[String]) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "select term from search_term_neighbour where neighbour = any($1) \
         union select term from search_term where term = any($1) limit 1000",
    )
    .bind(neighbours)
    .fetch_all(pool)
    .await?)
}

/// Re-writes the entries of a batch of records of `kind`, in id order after `after`.
pub(crate) async fn reindex(
    pool: &PgPool,
    kind: EntryKind,
    after: Option<Uuid>,
    batch: u32,
) -> Result<ReindexStep> {
    let after = after.unwrap_or(Uuid::nil());
    let limit = i64::from(batch.max(1));
    let mut entries = Vec::new();
    let mut ids = Vec::new();
    let mut removed = Vec::new();
    match kind {
        EntryKind::Ticket => {
            let rows: Vec<TicketRow> = sqlx::query_as(concat!(
                "select ",
                ticket_columns!(),
                " from ticket t where t.id > $1 order by t.id limit $2"
            ))
            .bind(after)
            .bind(limit)
            .fetch_all(pool)
            .await?;
            for row in rows {
                let ticket = ayuda_core::ticket::Ticket::try_from(row)?;
                ids.push(ticket.id.0);
                entries.push(ticket_entry(&ticket));
            }
        }
        EntryKind::Message => {
            let rows: Vec<MessageRow> = sqlx::query_as(concat!(
                "select ",
                message_columns!(),
                " from message m where m.id > $1 order by m.id limit $2"
            ))
            .bind(after)
            .bind(limit)
            .fetch_all(pool)
            .await?;
            let message_ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
            let mut attachments = conversation::attachments_of(pool, &message_ids).await?;
            let ticket_ids: Vec<Uuid> = rows.iter().map(|r| r.ticket_id).collect();
            let languages: BTreeMap<Uuid, String> = sqlx::query_as::<_, (Uuid, String)>(
                "select id, language from ticket where id = any($1)",
            )
            .bind(&ticket_ids)
            .fetch_all(pool)
            .await?
            .into_iter()
            .collect();
            for row in rows {
                let language = languages
                    .get(&row.ticket_id)
                    .and_then(|l| Language::parse(l).ok())
                    .unwrap_or_else(Language::english);
                let files = attachments.remove(&row.id).unwrap_or_default();
                let message = row.into_message(files)?;
                ids.push(message.id.0);
                entries.push(message_entry(&message, &language));
            }
        }
        EntryKind::Contact | EntryKind::Organization | EntryKind::Article => {
            let table = match kind {
                EntryKind::Contact => "contact",
                EntryKind::Organization => "organization",
                _ => "kb_article",
            };
            // `table` is one of three names above, never input.
            let found: Vec<Uuid> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "select id from {table} where id > $1 order by id limit $2"
            )))
            .bind(after)
            .bind(limit)
            .fetch_all(pool)
            .await?;
            for id in found {
                ids.push(id);
                match kind {
                    EntryKind::Contact => {
                        if let Some(contact) = contacts::get_contact(pool, ContactId(id)).await? {
                            entries.push(contact_entry(&contact));
                        }
                    }
                    EntryKind::Organization => {
                        if let Some(organization) =
                            contacts::get_organization(pool, OrganizationId(id)).await?
                        {
                            entries.push(organization_entry(&organization));
                        }
                    }
                    _ => {
                        // Archived and draft translations lose their entries: the article's are replaced whole.
                        removed.push(id);
                        entries.extend(knowledge::index_entries(pool, id).await?);
                    }
                }
            }
        }
    }
    let mut tx = pool.begin().await?;
    for id in removed {
        unindex(&mut tx, EntryKind::Article, id).await?;
    }
    index(&mut tx, &entries).await?;
    add_vocabulary(&mut tx, &entries).await?;
    tx.commit().await?;
    let indexed = ids.len() as u64;
    Ok(ReindexStep {
        indexed,
        next: if indexed == limit as u64 {
            ids.last().copied()
        } else {
            None
        },
    })
}

pub(crate) async fn clear_index(pool: &PgPool) -> Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query("delete from search_entry")
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "insert into setting (key, value) values ('search.reindex', 'pending') \
         on conflict (key) do update set value = excluded.value",
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

pub(crate) async fn finish_reindex(pool: &PgPool) -> Result<()> {
    sqlx::query("delete from setting where key = 'search.reindex'")
        .execute(pool)
        .await?;
    Ok(())
}
