-- The full-text index: one entry per searchable text, written in the same transaction as the text, with the
-- terms ayuda-search produced. Same logical change as the PostgreSQL file of the same name.
--
-- Existing records are indexed by `ayuda reindex`, which `ayuda serve` runs by itself while
-- `search.reindex` (set here) is pending.

CREATE TABLE search_entry (
    -- Also the entry's rowid in search_fts; newer entries have larger ids, which is how a search takes the
    -- newest matches first.
    id         INTEGER NOT NULL CONSTRAINT search_entry_pk PRIMARY KEY,
    kind       TEXT    NOT NULL CONSTRAINT search_entry_kind_check
               CHECK (kind IN ('ticket', 'message', 'contact', 'organization', 'article')),
    source_id  BLOB    NOT NULL,
    ticket_id  BLOB,
    language   TEXT    NOT NULL,
    audience   TEXT    NOT NULL CONSTRAINT search_entry_audience_check
               CHECK (audience IN ('everyone', 'agents', 'training')),
    updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX search_entry_source_idx ON search_entry (source_id, kind, language);
-- A customer's search starts from their own tickets.
CREATE INDEX search_entry_ticket_idx ON search_entry (ticket_id, id) WHERE ticket_id IS NOT NULL;

-- The analysed terms, stored only in the index (contentless): the texts themselves are in their tables.
-- `tags` holds the entry's kind and audience as `_k_<kind> _a_<audience>` (words never hold `_`), so a
-- search for articles only, say, intersects with the few article entries instead of scanning every match.
CREATE VIRTUAL TABLE search_fts USING fts5 (
    tags,
    terms,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0 tokenchars ''_'''
);

-- The terms of the index that get typo neighbours, and their deletion neighbours (see ayuda_search::typo).
CREATE TABLE search_term (
    term TEXT NOT NULL CONSTRAINT search_term_pk PRIMARY KEY
) WITHOUT ROWID;
CREATE TABLE search_term_neighbour (
    neighbour TEXT NOT NULL,
    term      TEXT NOT NULL,
    CONSTRAINT search_term_neighbour_pk PRIMARY KEY (neighbour, term)
) WITHOUT ROWID;

INSERT INTO setting (key, value) VALUES ('search.reindex', 'pending')
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;
