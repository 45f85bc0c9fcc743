-- Nothing changes on PostgreSQL. The SQLite file of the same name gives articles, contacts and organizations
-- an FTS5 index of their own because FTS5's bm25() counts every entry holding each searched term;
-- PostgreSQL ranks with ts_rank, which reads only the matching row, so one index serves every kind here.
-- The file exists so that both backends' migrations keep the same names and numbers.
select 1;
