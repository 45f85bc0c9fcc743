-- The full-text index: one entry per searchable text, written in the same transaction as the text, with the
-- terms ayuda-search produced. Same logical change as the SQLite file of the same name.
--
-- Existing records are indexed by `ayuda reindex`, which `ayuda serve` runs by itself while
-- `search.reindex` (set here) is pending.

create table search_entry (
    -- Newer entries have larger ids, which is how a search takes the newest matches first.
    id bigint generated always as identity constraint search_entry_pk primary key,
    kind text not null constraint search_entry_kind_check
        check (kind in ('ticket', 'message', 'contact', 'organization', 'article')),
    source_id uuid not null,
    ticket_id uuid,
    language text not null,
    audience text not null constraint search_entry_audience_check
        check (audience in ('everyone', 'agents', 'training')),
    updated_at timestamptz not null,
    -- The analysed terms with their positions, built by Ayuda (no text search configuration involved),
    -- and the entry's kind and audience as the lexemes `_k_<kind>` and `_a_<audience>` (words never hold
    -- `_`), so a search for articles only, say, intersects with the few article entries in the index.
    terms tsvector not null
);
create unique index search_entry_source_idx on search_entry (source_id, kind, language);
-- A customer's search starts from their own tickets.
create index search_entry_ticket_idx on search_entry (ticket_id, id) where ticket_id is not null;
create index search_entry_terms_idx on search_entry using gin (terms);

-- The terms of the index that get typo neighbours, and their deletion neighbours (see ayuda_search::typo).
create table search_term (
    term text not null constraint search_term_pk primary key
);
create table search_term_neighbour (
    neighbour text not null,
    term text not null,
    constraint search_term_neighbour_pk primary key (neighbour, term)
);

insert into setting (key, value) values ('search.reindex', 'pending')
    on conflict (key) do update set value = excluded.value;
