-- Webhook calls made by rules: queued with the ticket change that caused them, made once it is committed,
-- retried with a growing wait. Same logical change as the PostgreSQL file of the same name.

CREATE TABLE webhook_call (
    id              BLOB    NOT NULL CONSTRAINT webhook_call_pk PRIMARY KEY,
    ticket_id       BLOB    NOT NULL CONSTRAINT webhook_call_ticket_fk REFERENCES ticket (id) ON DELETE CASCADE,
    url             TEXT    NOT NULL,
    -- What the rule knew when it acted (JSON: its name and when); the ticket is added when the call is made.
    payload         TEXT    NOT NULL,
    state           TEXT    NOT NULL CONSTRAINT webhook_call_state_check
                    CHECK (state IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL,
    -- When a pending call is due; a caller that takes it pushes this forward as its lease.
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER
);
-- The callers' queue.
CREATE INDEX webhook_call_due_idx ON webhook_call (next_attempt_at) WHERE state = 'pending';
-- A ticket's calls.
CREATE INDEX webhook_call_ticket_idx ON webhook_call (ticket_id, created_at);
