-- Service levels: business calendars, SLA policies, each ticket's SLA clocks, history entries for SLA alerts
-- and escalations, and agents' notifications. Same logical change as the PostgreSQL file of the same name.

CREATE TABLE business_calendar (
    id         BLOB    NOT NULL CONSTRAINT business_calendar_pk PRIMARY KEY,
    name       TEXT    NOT NULL,
    -- The name lowercased by Ayuda (`ayuda_store::codec::lookup_key`): names are unique case-insensitively.
    name_key   TEXT    NOT NULL CONSTRAINT business_calendar_name_key_key UNIQUE,
    -- An IANA time zone name such as Europe/Madrid.
    time_zone  TEXT    NOT NULL,
    -- JSON array of seven arrays (Monday first) of intervals like "09:00-17:00".
    hours      TEXT    NOT NULL,
    -- JSON array of holidays: "2026-12-24" (that date) or "12-25" (every year).
    holidays   TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE sla_policy (
    id                     BLOB    NOT NULL CONSTRAINT sla_policy_pk PRIMARY KEY,
    name                   TEXT    NOT NULL,
    name_key               TEXT    NOT NULL CONSTRAINT sla_policy_name_key_key UNIQUE,
    -- Policies are tried in this order; the first that matches a ticket applies.
    position               INTEGER NOT NULL,
    -- JSON object of lists (priorities, service_tiers, channels, types, groups); an empty list allows any.
    conditions             TEXT    NOT NULL,
    -- Targets in working minutes; NULL sets none.
    first_response_minutes INTEGER,
    next_response_minutes  INTEGER,
    resolution_minutes     INTEGER,
    -- NULL counts every hour of every day.
    calendar_id            BLOB    CONSTRAINT sla_policy_calendar_fk REFERENCES business_calendar (id),
    warn_before_minutes    INTEGER NOT NULL,
    active                 INTEGER NOT NULL CONSTRAINT sla_policy_active_check CHECK (active IN (0, 1)),
    created_at             INTEGER NOT NULL,
    updated_at             INTEGER NOT NULL
);
-- Lets a calendar's deletion be refused without a scan.
CREATE INDEX sla_policy_calendar_idx ON sla_policy (calendar_id);

-- A ticket's SLA clocks as JSON (NULL when no policy applies), and the earliest alert they owe, which the
-- SLA sweep finds through the partial index.
ALTER TABLE ticket ADD COLUMN sla TEXT;
ALTER TABLE ticket ADD COLUMN sla_alert_at INTEGER;
CREATE INDEX ticket_sla_alert_idx ON ticket (sla_alert_at) WHERE sla_alert_at IS NOT NULL;

-- Two new kinds of history entry, which a CHECK constraint in SQLite can only learn by rebuilding the table:
-- 'sla' (field: the metric; from_value: the deadline; to_value: warning or breach) and 'escalated' (field:
-- group or assignee; from_value and to_value: ids; detail: the reason).
CREATE TABLE ticket_event_new (
    id           BLOB    NOT NULL CONSTRAINT ticket_event_pk PRIMARY KEY,
    ticket_id    BLOB    NOT NULL CONSTRAINT ticket_event_ticket_fk REFERENCES ticket (id) ON DELETE CASCADE,
    actor_kind   TEXT    NOT NULL CONSTRAINT ticket_event_actor_kind_check
                 CHECK (actor_kind = 'agent' OR actor_kind = 'contact' OR actor_kind = 'system'),
    actor_id     BLOB,
    via          TEXT    NOT NULL CONSTRAINT ticket_event_via_check
                 CHECK (via = 'ui' OR via = 'api' OR via = 'email' OR via = 'rule' OR via = 'system'),
    kind         TEXT    NOT NULL CONSTRAINT ticket_event_kind_check
                 CHECK (kind IN ('created', 'field', 'message_added', 'sla', 'escalated')),
    field        TEXT,
    from_value   TEXT,
    to_value     TEXT,
    message_id   BLOB,
    message_kind TEXT,
    internal     INTEGER NOT NULL CONSTRAINT ticket_event_internal_check CHECK (internal IN (0, 1)),
    at           INTEGER NOT NULL,
    -- Free text that goes with the entry: an escalation's reason.
    detail       TEXT,
    CONSTRAINT ticket_event_actor_check CHECK ((actor_kind = 'system') = (actor_id IS NULL)),
    CONSTRAINT ticket_event_field_check CHECK ((kind IN ('field', 'sla', 'escalated')) = (field IS NOT NULL)),
    CONSTRAINT ticket_event_message_check
        CHECK ((kind = 'message_added') = (message_id IS NOT NULL AND message_kind IS NOT NULL))
);
INSERT INTO ticket_event_new (id, ticket_id, actor_kind, actor_id, via, kind, field, from_value, to_value,
                              message_id, message_kind, internal, at)
    SELECT id, ticket_id, actor_kind, actor_id, via, kind, field, from_value, to_value, message_id,
           message_kind, internal, at
    FROM ticket_event;
DROP TABLE ticket_event;
ALTER TABLE ticket_event_new RENAME TO ticket_event;
CREATE INDEX ticket_event_ticket_idx ON ticket_event (ticket_id, id);
-- Escalations and SLA alerts by time, for reports.
CREATE INDEX ticket_event_kind_idx ON ticket_event (kind, at) WHERE kind IN ('sla', 'escalated');

-- What an agent is told in the workspace (and by email): assigned to you, customer replied, SLA warning or
-- breach, escalated to you.
CREATE TABLE notification (
    id         BLOB    NOT NULL CONSTRAINT notification_pk PRIMARY KEY,
    agent_id   BLOB    NOT NULL CONSTRAINT notification_agent_fk REFERENCES agent (id) ON DELETE CASCADE,
    ticket_id  BLOB    NOT NULL CONSTRAINT notification_ticket_fk REFERENCES ticket (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL CONSTRAINT notification_kind_check
               CHECK (kind IN ('assigned', 'customer_replied', 'sla_warning', 'sla_breach', 'escalated')),
    -- Display text that goes with it: the SLA metric, the escalation's reason.
    detail     TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    read_at    INTEGER
);
-- An agent's notifications, newest first; their unread ones, counted for the badge.
CREATE INDEX notification_agent_idx ON notification (agent_id, id);
CREATE INDEX notification_unread_idx ON notification (agent_id) WHERE read_at IS NULL;
CREATE INDEX notification_ticket_idx ON notification (ticket_id);
