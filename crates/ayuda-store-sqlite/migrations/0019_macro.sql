-- Macros: named bundles of field changes and reply text an agent applies to a ticket in one click. Same
-- logical change as the PostgreSQL file of the same name.

CREATE TABLE ticket_macro (
    id         BLOB    NOT NULL CONSTRAINT ticket_macro_pk PRIMARY KEY,
    name       TEXT    NOT NULL,
    -- The name lowercased by Ayuda (`ayuda_store::codec::lookup_key`): names are unique case-insensitively.
    name_key   TEXT    NOT NULL CONSTRAINT ticket_macro_name_key_key UNIQUE,
    -- JSON array of actions, as in automation_trigger.
    actions    TEXT    NOT NULL,
    -- JSON array of {"language", "text"}.
    texts      TEXT    NOT NULL,
    -- Whether the text is an internal note rather than a reply.
    note       INTEGER NOT NULL CONSTRAINT ticket_macro_note_check CHECK (note IN (0, 1)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
