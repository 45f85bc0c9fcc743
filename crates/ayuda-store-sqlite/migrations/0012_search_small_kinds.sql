-- Articles, contacts and organizations move to an FTS5 index of their own, and every entry keeps its length
-- in terms. Same logical change as the PostgreSQL file of the same name.
--
-- Why: bm25() counts, for each term searched, every entry that holds it. In one index shared with millions of
-- messages that count made a search for articles as slow as a search of everything (60 ms for "order" in a
-- million messages). Articles, contacts and organizations keep bm25 in their own small index; tickets and
-- messages are ranked by where the words are and by the text's length (`search_entry.length`) instead.

CREATE VIRTUAL TABLE search_small_fts USING fts5 (
    tags,
    terms,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0 tokenchars ''_'''
);

ALTER TABLE search_entry ADD COLUMN length INTEGER NOT NULL DEFAULT 0;

-- The small kinds' entries cannot be copied (the index keeps no text), so they are dropped here and written
-- again into the new index by the rebuild that `ayuda serve` starts while `search.reindex` names them.
DELETE FROM search_fts
WHERE rowid IN (SELECT id FROM search_entry WHERE kind IN ('contact', 'organization', 'article'));
DELETE FROM search_entry WHERE kind IN ('contact', 'organization', 'article');
INSERT INTO setting (key, value) VALUES ('search.reindex', 'contact,organization,article')
ON CONFLICT (key) DO UPDATE SET value = CASE
    WHEN setting.value = 'pending' THEN 'pending' ELSE 'contact,organization,article' END;
