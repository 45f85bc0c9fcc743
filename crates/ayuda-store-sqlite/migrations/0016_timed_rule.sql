-- Time-based automations: rules that act on tickets that waited in a status, unchanged, long enough. Same
-- logical change as the PostgreSQL file of the same name.

CREATE TABLE timed_rule (
    id           BLOB    NOT NULL CONSTRAINT timed_rule_pk PRIMARY KEY,
    name         TEXT    NOT NULL,
    -- The name lowercased by Ayuda (`ayuda_store::codec::lookup_key`): names are unique case-insensitively.
    name_key     TEXT    NOT NULL CONSTRAINT timed_rule_name_key_key UNIQUE,
    position     INTEGER NOT NULL,
    active       INTEGER NOT NULL CONSTRAINT timed_rule_active_check CHECK (active IN (0, 1)),
    -- The status the tickets wait in, and for how long nothing changed them.
    status       TEXT    NOT NULL,
    idle_minutes INTEGER NOT NULL CONSTRAINT timed_rule_idle_minutes_check CHECK (idle_minutes > 0),
    -- As in automation_trigger.
    conditions   TEXT    NOT NULL,
    actions      TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
