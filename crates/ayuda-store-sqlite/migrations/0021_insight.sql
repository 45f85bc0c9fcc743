-- Records and insight. Categories of inquiries (a tree kept by administrators, named per language) that
-- tickets are filed under, and the classifier's suggestion kept beside the agent's choice; each ticket's
-- frustration score, satisfaction rating and counts of public agent answers, reopenings and escalations
-- (kept by every ticket write from its history, and here counted once from the history so far);
-- satisfaction surveys, one per ticket at most, and the groups whose solved tickets get one; and a new
-- outbox kind, 'survey', for the survey's mail. SQLite cannot change a CHECK constraint in place, so the
-- outbox is rebuilt with the same rows. Same logical change as the PostgreSQL file of the same name.

CREATE TABLE ticket_category (
    id         BLOB    NOT NULL CONSTRAINT ticket_category_pk PRIMARY KEY,
    parent_id  BLOB    CONSTRAINT ticket_category_parent_fk REFERENCES ticket_category (id),
    -- Order among its siblings, smallest first.
    position   INTEGER NOT NULL,
    -- JSON object of names by language.
    names      TEXT    NOT NULL,
    -- A retired category stays on its tickets and in reports, and is offered no more.
    active     INTEGER NOT NULL CONSTRAINT ticket_category_active_check CHECK (active IN (0, 1)),
    created_at INTEGER NOT NULL
);

ALTER TABLE ticket ADD COLUMN category_id BLOB
    CONSTRAINT ticket_category_fk REFERENCES ticket_category (id);
ALTER TABLE ticket ADD COLUMN suggested_category_id BLOB
    CONSTRAINT ticket_suggested_category_fk REFERENCES ticket_category (id);
-- Percent.
ALTER TABLE ticket ADD COLUMN suggestion_confidence INTEGER;
-- 0 to 100, from the latest customer message; NULL before any was scored.
ALTER TABLE ticket ADD COLUMN frustration INTEGER;
-- 1 to 5, from the satisfaction survey.
ALTER TABLE ticket ADD COLUMN satisfaction INTEGER
    CONSTRAINT ticket_satisfaction_check CHECK (satisfaction BETWEEN 1 AND 5);
ALTER TABLE ticket ADD COLUMN agent_replies INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ticket ADD COLUMN reopens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ticket ADD COLUMN escalations INTEGER NOT NULL DEFAULT 0;

UPDATE ticket SET
    agent_replies = (SELECT count(*) FROM ticket_event e
                     WHERE e.ticket_id = ticket.id AND e.kind = 'message_added' AND e.message_kind = 'reply'
                       AND e.internal = 0 AND e.actor_kind = 'agent'),
    reopens = (SELECT count(*) FROM ticket_event e
               WHERE e.ticket_id = ticket.id AND e.kind = 'field' AND e.field = 'status'
                 AND e.from_value IN ('solved', 'closed') AND e.to_value NOT IN ('solved', 'closed')),
    escalations = (SELECT count(*) FROM ticket_event e
                   WHERE e.ticket_id = ticket.id AND e.kind = 'escalated');

-- The category filter of ticket lists, in list order.
CREATE INDEX ticket_category_updated_idx ON ticket (category_id, updated_at, id);
-- Frustrated customers' tickets, in list order.
CREATE INDEX ticket_frustrated_updated_idx ON ticket (updated_at, id) WHERE frustration >= 50;
-- Reports read a day's tickets by when they were created (and by solved_at, ticket_solved_idx).
CREATE INDEX ticket_created_idx ON ticket (created_at, id);

CREATE TABLE satisfaction_survey (
    id         BLOB    NOT NULL CONSTRAINT satisfaction_survey_pk PRIMARY KEY,
    -- One survey per ticket, ever: the database refuses a second.
    ticket_id  BLOB    NOT NULL CONSTRAINT satisfaction_survey_ticket_key UNIQUE
               CONSTRAINT satisfaction_survey_ticket_fk REFERENCES ticket (id) ON DELETE CASCADE,
    contact_id BLOB    NOT NULL CONSTRAINT satisfaction_survey_contact_fk REFERENCES contact (id),
    -- Who handled the ticket when it was solved: the rating shows on them.
    agent_id   BLOB    CONSTRAINT satisfaction_survey_agent_fk REFERENCES agent (id),
    group_id   BLOB    CONSTRAINT satisfaction_survey_group_fk REFERENCES agent_group (id),
    language   TEXT    NOT NULL,
    sent_at    INTEGER NOT NULL,
    rating     INTEGER CONSTRAINT satisfaction_survey_rating_check CHECK (rating BETWEEN 1 AND 5),
    comment    TEXT,
    rated_at   INTEGER,
    CONSTRAINT satisfaction_survey_rated_check CHECK ((rating IS NULL) = (rated_at IS NULL))
);
-- Ratings and comments over a date range, newest first.
CREATE INDEX satisfaction_survey_rated_idx ON satisfaction_survey (rated_at, id) WHERE rated_at IS NOT NULL;
-- A contact's satisfaction history.
CREATE INDEX satisfaction_survey_contact_idx ON satisfaction_survey (contact_id, sent_at);
-- An agent's ratings.
CREATE INDEX satisfaction_survey_agent_idx ON satisfaction_survey (agent_id, rated_at) WHERE rated_at IS NOT NULL;

-- Groups whose solved tickets get a survey.
CREATE TABLE survey_group (
    group_id BLOB NOT NULL CONSTRAINT survey_group_pk PRIMARY KEY
             CONSTRAINT survey_group_group_fk REFERENCES agent_group (id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE outbox_rebuilt (
    id              BLOB    NOT NULL CONSTRAINT outbox_pk PRIMARY KEY,
    ticket_id       BLOB    CONSTRAINT outbox_ticket_fk REFERENCES ticket (id) ON DELETE CASCADE,
    message_id      BLOB    CONSTRAINT outbox_message_fk REFERENCES message (id) ON DELETE CASCADE,
    kind            TEXT    NOT NULL CONSTRAINT outbox_kind_check
                    CHECK (kind IN ('reply', 'acknowledgement', 'sign_in_link', 'rule', 'agent_notice',
                                    'survey')),
    automatic       INTEGER NOT NULL CONSTRAINT outbox_automatic_check CHECK (automatic IN (0, 1)),
    mailbox_id      BLOB    CONSTRAINT outbox_mailbox_fk REFERENCES mailbox (id) ON DELETE SET NULL,
    -- JSON arrays of addresses.
    recipients_to   TEXT    NOT NULL,
    recipients_cc   TEXT    NOT NULL,
    -- The lowercased first recipient, for the caps on automatic mail.
    recipient_key   TEXT    NOT NULL,
    language        TEXT    NOT NULL,
    state           TEXT    NOT NULL CONSTRAINT outbox_state_check
                    CHECK (state = 'pending' OR state = 'sent' OR state = 'failed'),
    attempts        INTEGER NOT NULL,
    -- When a pending mail is due; a sender that takes it pushes this forward as its lease.
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER,
    -- The subject and text of a rule's mail or an agent's digest, filled in when queued.
    content_subject TEXT,
    content_text    TEXT,
    -- Mail of a ticket names it; mail about an account, and an agent's digest, do not.
    CONSTRAINT outbox_ticket_check
        CHECK ((ticket_id IS NULL) = (kind IN ('sign_in_link', 'agent_notice'))),
    CONSTRAINT outbox_content_check
        CHECK ((kind IN ('rule', 'agent_notice')) = (content_text IS NOT NULL))
);
INSERT INTO outbox_rebuilt
    SELECT id, ticket_id, message_id, kind, automatic, mailbox_id, recipients_to, recipients_cc, recipient_key,
           language, state, attempts, next_attempt_at, last_error, created_at, sent_at, content_subject,
           content_text
    FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_rebuilt RENAME TO outbox;
-- The sender's queue.
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE state = 'pending';
-- A ticket's deliveries, and the per-ticket cap on automatic mail.
CREATE INDEX outbox_ticket_idx ON outbox (ticket_id, created_at);
-- The per-recipient cap on automatic mail.
CREATE INDEX outbox_recipient_idx ON outbox (recipient_key, created_at) WHERE automatic = 1;
