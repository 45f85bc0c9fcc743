-- Triggers: rules that act on a ticket when something happens to it. Same logical change as the PostgreSQL
-- file of the same name.

CREATE TABLE automation_trigger (
    id         BLOB    NOT NULL CONSTRAINT automation_trigger_pk PRIMARY KEY,
    name       TEXT    NOT NULL,
    -- The name lowercased by Ayuda (`ayuda_store::codec::lookup_key`): names are unique case-insensitively.
    name_key   TEXT    NOT NULL CONSTRAINT automation_trigger_name_key_key UNIQUE,
    -- Triggers run in this order.
    position   INTEGER NOT NULL,
    active     INTEGER NOT NULL CONSTRAINT automation_trigger_active_check CHECK (active IN (0, 1)),
    event      TEXT    NOT NULL,
    -- JSON: {"all": [conditions], "any": [conditions]}, each {"field", "operator", "value"}.
    conditions TEXT    NOT NULL,
    -- JSON array of actions, each {"type": ..., and its arguments}.
    actions    TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- A new kind of notification, 'rule' (a trigger asked for the agent to be told; detail: its note), which the
-- CHECK constraint can only learn by rebuilding the table.
CREATE TABLE notification_new (
    id         BLOB    NOT NULL CONSTRAINT notification_pk PRIMARY KEY,
    agent_id   BLOB    NOT NULL CONSTRAINT notification_agent_fk REFERENCES agent (id) ON DELETE CASCADE,
    ticket_id  BLOB    NOT NULL CONSTRAINT notification_ticket_fk REFERENCES ticket (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL CONSTRAINT notification_kind_check
               CHECK (kind IN ('assigned', 'customer_replied', 'sla_warning', 'sla_breach', 'escalated', 'rule')),
    -- Display text that goes with it: the SLA metric, the escalation's reason, the trigger's note.
    detail     TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    read_at    INTEGER
);
INSERT INTO notification_new (id, agent_id, ticket_id, kind, detail, created_at, read_at)
    SELECT id, agent_id, ticket_id, kind, detail, created_at, read_at FROM notification;
DROP TABLE notification;
ALTER TABLE notification_new RENAME TO notification;
CREATE INDEX notification_agent_idx ON notification (agent_id, id);
CREATE INDEX notification_unread_idx ON notification (agent_id) WHERE read_at IS NULL;
CREATE INDEX notification_ticket_idx ON notification (ticket_id);
