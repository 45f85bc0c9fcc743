-- The email channel: mailboxes, received emails (with their raw bytes), ticket followers, bounced addresses,
-- the outbox and installation settings. Same logical schema as the PostgreSQL file of the same name.

-- Installation-wide settings shared by every app node, such as the key that signs threading references.
CREATE TABLE setting (
    key   TEXT NOT NULL CONSTRAINT setting_pk PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE mailbox (
    id               BLOB    NOT NULL CONSTRAINT mailbox_pk PRIMARY KEY,
    name             TEXT    NOT NULL,
    -- The name lowercased by `ayuda_store::codec::lookup_key`: names are unique case-insensitively.
    name_key         TEXT    NOT NULL CONSTRAINT mailbox_name_key_key UNIQUE,
    -- The support address customers write to and replies come from.
    address          TEXT    NOT NULL,
    group_id         BLOB    CONSTRAINT mailbox_group_fk REFERENCES agent_group (id),
    -- IMAP account; all NULL for a mailbox fed by an MTA or a relay.
    imap_host        TEXT,
    imap_port        INTEGER,
    imap_tls         TEXT    CONSTRAINT mailbox_imap_tls_check
                     CHECK (imap_tls IS NULL OR imap_tls = 'tls' OR imap_tls = 'starttls' OR imap_tls = 'plain'),
    imap_user        TEXT,
    imap_password    TEXT,
    imap_folder      TEXT,
    -- Where fetched messages are moved; NULL marks them \Seen in place.
    imap_processed   TEXT,
    active           INTEGER NOT NULL CONSTRAINT mailbox_active_check CHECK (active IN (0, 1)),
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    CONSTRAINT mailbox_imap_check CHECK ((imap_host IS NULL) = (imap_port IS NULL) AND
                                         (imap_host IS NULL) = (imap_tls IS NULL) AND
                                         (imap_host IS NULL) = (imap_user IS NULL) AND
                                         (imap_host IS NULL) = (imap_password IS NULL) AND
                                         (imap_host IS NULL) = (imap_folder IS NULL))
);

-- Every received email and what became of it. Written in the same transaction as the ticket it opened or
-- joined, so an email is either fully processed or not at all.
CREATE TABLE inbound_email (
    id                BLOB    NOT NULL CONSTRAINT inbound_email_pk PRIMARY KEY,
    mailbox_id        BLOB    CONSTRAINT inbound_email_mailbox_fk REFERENCES mailbox (id),
    source            TEXT    NOT NULL CONSTRAINT inbound_email_source_check
                      CHECK (source = 'imap' OR source = 'pipe' OR source = 'http' OR source = 'lmtp'),
    -- The IMAP position, so a message fetched again after a crash is recognised.
    imap_uid_validity INTEGER,
    imap_uid          INTEGER,
    -- The Message-ID, or 'sha256:<hex>' of the raw bytes: a second email with the same key is a duplicate.
    message_key       TEXT    NOT NULL CONSTRAINT inbound_email_message_key_key UNIQUE,
    raw_sha256        TEXT    NOT NULL,
    raw_size          INTEGER NOT NULL,
    -- The raw message; NULL when it is kept in the blob store instead (large messages).
    raw               BLOB,
    state             TEXT    NOT NULL CONSTRAINT inbound_email_state_check
                      CHECK (state = 'opened' OR state = 'appended' OR state = 'bounce' OR state = 'quarantined'),
    reason            TEXT,
    ticket_id         BLOB    CONSTRAINT inbound_email_ticket_fk REFERENCES ticket (id) ON DELETE SET NULL,
    message_id        BLOB    CONSTRAINT inbound_email_message_fk REFERENCES message (id) ON DELETE SET NULL,
    received_at       INTEGER NOT NULL,
    CONSTRAINT inbound_email_imap_check CHECK ((imap_uid IS NULL) = (imap_uid_validity IS NULL))
);
CREATE UNIQUE INDEX inbound_email_imap_key ON inbound_email (mailbox_id, imap_uid_validity, imap_uid)
    WHERE imap_uid IS NOT NULL;
-- The admins' quarantine list, and lists by state.
CREATE INDEX inbound_email_state_idx ON inbound_email (state, id);
-- A ticket's emails: its mailbox (for replies) and a message's original.
CREATE INDEX inbound_email_ticket_idx ON inbound_email (ticket_id, id);
CREATE INDEX inbound_email_message_idx ON inbound_email (message_id);

-- People who follow a ticket besides its requester (those in Cc): their replies join it and replies go to them.
CREATE TABLE ticket_follower (
    ticket_id  BLOB NOT NULL CONSTRAINT ticket_follower_ticket_fk REFERENCES ticket (id) ON DELETE CASCADE,
    contact_id BLOB NOT NULL CONSTRAINT ticket_follower_contact_fk REFERENCES contact (id) ON DELETE CASCADE,
    CONSTRAINT ticket_follower_pk PRIMARY KEY (ticket_id, contact_id)
) WITHOUT ROWID;
CREATE INDEX ticket_follower_contact_idx ON ticket_follower (contact_id);

-- Addresses that mail bounced from: the latest report per address.
CREATE TABLE email_bounce (
    -- Lowercase.
    address TEXT    NOT NULL CONSTRAINT email_bounce_pk PRIMARY KEY,
    reason  TEXT    NOT NULL,
    at      INTEGER NOT NULL
) WITHOUT ROWID;

-- Mail to send. A row names what to send; the MIME is composed at sending time.
CREATE TABLE outbox (
    id              BLOB    NOT NULL CONSTRAINT outbox_pk PRIMARY KEY,
    ticket_id       BLOB    NOT NULL CONSTRAINT outbox_ticket_fk REFERENCES ticket (id) ON DELETE CASCADE,
    message_id      BLOB    CONSTRAINT outbox_message_fk REFERENCES message (id) ON DELETE CASCADE,
    kind            TEXT    NOT NULL CONSTRAINT outbox_kind_check CHECK (kind = 'reply' OR kind = 'acknowledgement'),
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
    sent_at         INTEGER
);
-- The sender's queue.
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE state = 'pending';
-- A ticket's deliveries, and the per-ticket cap on automatic mail.
CREATE INDEX outbox_ticket_idx ON outbox (ticket_id, created_at);
-- The per-recipient cap on automatic mail.
CREATE INDEX outbox_recipient_idx ON outbox (recipient_key, created_at) WHERE automatic = 1;
