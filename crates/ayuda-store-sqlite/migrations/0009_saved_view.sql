-- Views agents save: a name for a set of ticket filters, their own or shared with every agent.
-- Same logical change as the PostgreSQL file of the same name.

CREATE TABLE saved_view (
    id         BLOB    NOT NULL CONSTRAINT saved_view_pk PRIMARY KEY,
    owner_id   BLOB    NOT NULL CONSTRAINT saved_view_owner_fk REFERENCES agent (id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    -- The ticket list's filters, one name=value per line.
    filters    TEXT    NOT NULL,
    shared     INTEGER NOT NULL CONSTRAINT saved_view_shared_check CHECK (shared IN (0, 1)),
    created_at INTEGER NOT NULL
) WITHOUT ROWID;
-- An agent's own views, and the shared ones.
CREATE INDEX saved_view_owner_idx ON saved_view (owner_id, name);
CREATE INDEX saved_view_shared_idx ON saved_view (name) WHERE shared = 1;
