-- Notifications by email. Each agent chooses the kinds of notification they are also emailed about
-- (agent_preference.email_notices: a JSON array of kinds, NULL for the default); a new
-- notification waits for the mail sweep (notification.mail_pending), which sends each agent one digest of
-- what they were told since; and the outbox carries that digest as a new kind, 'agent_notice', which
-- belongs to no ticket and keeps its subject and text. Notifications made before this change are not
-- mailed. SQLite cannot change a CHECK constraint in place, so the outbox is rebuilt with the same rows.
-- Same logical change as the PostgreSQL file of the same name.

ALTER TABLE agent_preference ADD COLUMN email_notices TEXT;

ALTER TABLE notification ADD COLUMN mail_pending INTEGER NOT NULL DEFAULT 0
    CONSTRAINT notification_mail_pending_check CHECK (mail_pending IN (0, 1));
-- The mail sweep's queue, oldest first.
CREATE INDEX notification_mail_idx ON notification (id) WHERE mail_pending = 1;

CREATE TABLE outbox_rebuilt (
    id              BLOB    NOT NULL CONSTRAINT outbox_pk PRIMARY KEY,
    ticket_id       BLOB    CONSTRAINT outbox_ticket_fk REFERENCES ticket (id) ON DELETE CASCADE,
    message_id      BLOB    CONSTRAINT outbox_message_fk REFERENCES message (id) ON DELETE CASCADE,
    kind            TEXT    NOT NULL CONSTRAINT outbox_kind_check
                    CHECK (kind IN ('reply', 'acknowledgement', 'sign_in_link', 'rule', 'agent_notice')),
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
