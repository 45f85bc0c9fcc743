-- The initial schema of Ayuda on SQLite.
--
-- Conventions, shared with the PostgreSQL migrations (same table and column names):
-- - ids are the 16 bytes of a UUID v7 (BLOB), so byte order is creation order and keyset pagination over
--   them follows creation time;
-- - timestamps are INTEGER microseconds since the Unix epoch (UTC);
-- - booleans are INTEGER 0 or 1;
-- - enum-like columns are TEXT holding the domain's stable lowercase names, checked against the full list.
--   The checks are chains of `=` rather than `IN (...)`: SQLite evaluates a constant IN list of more than
--   two values by building a temporary b-tree on every insert, which made ticket creation several times
--   slower;
-- - JSON columns are TEXT written and read only by `ayuda_store::codec`.
--
-- Released migrations are never edited: a change is a new file 0002_....

-- Gapless ticket numbers. The creating transaction bumps this one row; SQLite's single write lock
-- serialises creators, across processes too, and a rolled-back creation gives its number back.
CREATE TABLE ticket_counter (
    id          INTEGER NOT NULL CONSTRAINT ticket_counter_pk PRIMARY KEY
                CONSTRAINT ticket_counter_singleton CHECK (id = 1),
    -- The number of the latest ticket; 0 before the first.
    last_number INTEGER NOT NULL CONSTRAINT ticket_counter_last_number_check CHECK (last_number >= 0)
);
INSERT INTO ticket_counter (id, last_number) VALUES (1, 0);

CREATE TABLE organization (
    id             BLOB    NOT NULL CONSTRAINT organization_pk PRIMARY KEY,
    name           TEXT    NOT NULL,
    kind           TEXT    NOT NULL CONSTRAINT organization_kind_check
                   CHECK (kind = 'consumer' OR kind = 'retailer' OR kind = 'wholesaler' OR kind = 'other'),
    service_tier   TEXT    NOT NULL CONSTRAINT organization_service_tier_check
                   CHECK (service_tier = 'basic' OR service_tier = 'standard' OR service_tier = 'premium' OR
                          service_tier = 'enterprise'),
    -- Whether members see each other's tickets in the portal.
    shared_tickets INTEGER NOT NULL CONSTRAINT organization_shared_tickets_check CHECK (shared_tickets IN (0, 1)),
    notes          TEXT    NOT NULL,
    -- JSON object of custom field values, tagged with their kind.
    custom_fields  TEXT    NOT NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);

-- Email domains owned by organizations: the primary key makes a domain belong to at most one.
CREATE TABLE organization_domain (
    -- Lowercase, without '@'.
    domain          TEXT NOT NULL CONSTRAINT organization_domain_pk PRIMARY KEY,
    organization_id BLOB NOT NULL CONSTRAINT organization_domain_organization_fk
                    REFERENCES organization (id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX organization_domain_organization_idx ON organization_domain (organization_id);

CREATE TABLE contact (
    id              BLOB    NOT NULL CONSTRAINT contact_pk PRIMARY KEY,
    name            TEXT    NOT NULL,
    -- ISO 639-1 code, optionally with region; NULL when unknown.
    language        TEXT,
    -- IANA time zone name; NULL when unknown.
    time_zone       TEXT,
    organization_id BLOB    CONSTRAINT contact_organization_fk REFERENCES organization (id),
    notes           TEXT    NOT NULL,
    -- JSON object of custom field values, tagged with their kind.
    custom_fields   TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
-- Lists an organization's contacts in creation order.
CREATE INDEX contact_organization_idx ON contact (organization_id, id);

-- The ways to reach a contact. The primary key makes each address or number belong to one contact.
CREATE TABLE contact_identity (
    kind       TEXT    NOT NULL CONSTRAINT contact_identity_kind_check CHECK (kind = 'email' OR kind = 'phone' OR
                                                                              kind = 'fax'),
    -- Normalized by the domain: lowercase email, or the digits (and leading '+') of a number.
    value      TEXT    NOT NULL,
    contact_id BLOB    NOT NULL CONSTRAINT contact_identity_contact_fk REFERENCES contact (id) ON DELETE CASCADE,
    -- The identity's place in the contact's list: the first email is where replies go.
    position   INTEGER NOT NULL,
    CONSTRAINT contact_identity_pk PRIMARY KEY (kind, value)
) WITHOUT ROWID;
CREATE INDEX contact_identity_contact_idx ON contact_identity (contact_id);

-- A group of agents. Named agent_group because GROUP is an SQL keyword.
CREATE TABLE agent_group (
    id          BLOB    NOT NULL CONSTRAINT agent_group_pk PRIMARY KEY,
    name        TEXT    NOT NULL,
    -- The name lowercased by Ayuda (`ayuda_store::codec::lookup_key`, Unicode-aware), which makes names unique
    -- case-insensitively: "Billing" and "billing" are the same group, and so are "Ñandú" and "ñandú". The
    -- key is computed in Rust rather than with COLLATE NOCASE, which folds ASCII letters only, so that SQLite
    -- and PostgreSQL accept and refuse exactly the same names.
    name_key    TEXT    NOT NULL CONSTRAINT agent_group_name_key_key UNIQUE,
    description TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);

CREATE TABLE agent (
    id            BLOB    NOT NULL CONSTRAINT agent_pk PRIMARY KEY,
    -- As entered (the local part keeps its case); unique and looked up case-insensitively through email_key.
    email         TEXT    NOT NULL,
    -- The address lowercased by Ayuda (`ayuda_store::codec::lookup_key`, Unicode-aware): emails are unique
    -- on it and find_agent_by_email compares it with the lowercased address it is given. Computed in Rust
    -- rather than with COLLATE NOCASE (ASCII letters only) so that SQLite and PostgreSQL agree on which
    -- addresses are the same ("ÉLISE@x.example" and "élise@x.example" are).
    email_key     TEXT    NOT NULL CONSTRAINT agent_email_key_key UNIQUE,
    name          TEXT    NOT NULL,
    role          TEXT    NOT NULL CONSTRAINT agent_role_check CHECK (role = 'admin' OR role = 'supervisor' OR
                                                                      role = 'agent'),
    -- JSON array of lowercase skill names.
    skills        TEXT    NOT NULL,
    -- JSON array of language codes.
    languages     TEXT    NOT NULL,
    -- A deactivated agent cannot sign in and keeps their history.
    active        INTEGER NOT NULL CONSTRAINT agent_active_check CHECK (active IN (0, 1)),
    -- Argon2id PHC string; NULL for agents who sign in only by other means.
    password_hash TEXT,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

CREATE TABLE agent_membership (
    agent_id BLOB NOT NULL CONSTRAINT agent_membership_agent_fk REFERENCES agent (id) ON DELETE CASCADE,
    group_id BLOB NOT NULL CONSTRAINT agent_membership_group_fk REFERENCES agent_group (id) ON DELETE CASCADE,
    CONSTRAINT agent_membership_pk PRIMARY KEY (agent_id, group_id)
) WITHOUT ROWID;
-- Finds a group's members, and lets the group foreign key be checked without a scan.
CREATE INDEX agent_membership_group_idx ON agent_membership (group_id);

CREATE TABLE field_definition (
    id       BLOB    NOT NULL CONSTRAINT field_definition_pk PRIMARY KEY,
    -- What the field is attached to.
    entity   TEXT    NOT NULL CONSTRAINT field_definition_entity_check
             CHECK (entity = 'ticket' OR entity = 'contact' OR entity = 'organization'),
    -- The stable key used in the API and in the custom_fields JSON of the entity.
    key      TEXT    NOT NULL,
    label    TEXT    NOT NULL,
    kind     TEXT    NOT NULL CONSTRAINT field_definition_kind_check
             CHECK (kind = 'text' OR kind = 'number' OR kind = 'date' OR kind = 'select' OR kind = 'checkbox'),
    -- JSON array of the allowed values of a select field; empty for other kinds.
    options  TEXT    NOT NULL,
    required INTEGER NOT NULL CONSTRAINT field_definition_required_check CHECK (required IN (0, 1)),
    -- Display order; ties are broken by key.
    position INTEGER NOT NULL,
    CONSTRAINT field_definition_entity_key_key UNIQUE (entity, key)
);

CREATE TABLE ticket (
    id                BLOB    NOT NULL CONSTRAINT ticket_pk PRIMARY KEY,
    -- The human number (#1042), from ticket_counter.
    number            INTEGER NOT NULL CONSTRAINT ticket_number_key UNIQUE,
    subject           TEXT    NOT NULL,
    status            TEXT    NOT NULL CONSTRAINT ticket_status_check
                      CHECK (status = 'new' OR status = 'open' OR status = 'pending' OR status = 'on_hold' OR
                             status = 'solved' OR status = 'closed'),
    priority          TEXT    NOT NULL CONSTRAINT ticket_priority_check
                      CHECK (priority = 'low' OR priority = 'normal' OR priority = 'high' OR
                             priority = 'urgent'),
    ticket_type       TEXT    NOT NULL CONSTRAINT ticket_ticket_type_check
                      CHECK (ticket_type = 'question' OR ticket_type = 'incident' OR ticket_type = 'problem' OR
                             ticket_type = 'task' OR ticket_type = 'complaint' OR
                             ticket_type = 'sales_inquiry'),
    -- The channel the ticket arrived through.
    channel           TEXT    NOT NULL CONSTRAINT ticket_channel_check
                      CHECK (channel = 'email' OR channel = 'web' OR channel = 'phone' OR channel = 'fax' OR
                             channel = 'postal' OR channel = 'in_person' OR channel = 'chat' OR
                             channel = 'api'),
    requester_id      BLOB    NOT NULL CONSTRAINT ticket_requester_fk REFERENCES contact (id),
    -- The requester's organization when the ticket was written, for organization-wide lists and scopes.
    organization_id   BLOB    CONSTRAINT ticket_organization_fk REFERENCES organization (id),
    group_id          BLOB    CONSTRAINT ticket_group_fk REFERENCES agent_group (id),
    assignee_id       BLOB    CONSTRAINT ticket_assignee_fk REFERENCES agent (id),
    -- JSON array of the sorted tags, for reading; ticket_tag is the copy for filtering.
    tags              TEXT    NOT NULL,
    -- JSON object of custom field values, tagged with their kind.
    custom_fields     TEXT    NOT NULL,
    language          TEXT    NOT NULL,
    -- JSON array of {ticket_id, kind} links to other tickets.
    links             TEXT    NOT NULL,
    -- The ticket this one was merged into, if any.
    merged_into       BLOB,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    -- When an agent first answered the customer publicly.
    first_response_at INTEGER,
    solved_at         INTEGER,
    -- Optimistic concurrency: every write bumps it and expects the value it read.
    version           INTEGER NOT NULL
);
-- One index per list filter, each ending in (updated_at, id) so that a filtered list is read in order,
-- in either direction, and a page costs the same wherever it starts.
CREATE INDEX ticket_updated_idx ON ticket (updated_at, id);
CREATE INDEX ticket_status_updated_idx ON ticket (status, updated_at, id);
CREATE INDEX ticket_priority_updated_idx ON ticket (priority, updated_at, id);
CREATE INDEX ticket_group_updated_idx ON ticket (group_id, updated_at, id);
CREATE INDEX ticket_assignee_updated_idx ON ticket (assignee_id, updated_at, id);
CREATE INDEX ticket_requester_updated_idx ON ticket (requester_id, updated_at, id);
CREATE INDEX ticket_organization_updated_idx ON ticket (organization_id, updated_at, id);
CREATE INDEX ticket_channel_updated_idx ON ticket (channel, updated_at, id);

-- The tag filter's index: one row per (tag, ticket), ordered like the ticket list. Rewritten (delete and
-- insert) on every ticket write, which keeps updated_at equal to the ticket's.
CREATE TABLE ticket_tag (
    tag        TEXT    NOT NULL,
    -- A copy of ticket.updated_at.
    updated_at INTEGER NOT NULL,
    ticket_id  BLOB    NOT NULL CONSTRAINT ticket_tag_ticket_fk REFERENCES ticket (id) ON DELETE CASCADE,
    CONSTRAINT ticket_tag_pk PRIMARY KEY (tag, updated_at, ticket_id)
) WITHOUT ROWID;
-- Finds a ticket's rows to rewrite them.
CREATE INDEX ticket_tag_ticket_idx ON ticket_tag (ticket_id);

CREATE TABLE message (
    id          BLOB    NOT NULL CONSTRAINT message_pk PRIMARY KEY,
    ticket_id   BLOB    NOT NULL CONSTRAINT message_ticket_fk REFERENCES ticket (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL CONSTRAINT message_kind_check
                CHECK (kind = 'reply' OR kind = 'note' OR kind = 'phone_call' OR kind = 'letter' OR
                       kind = 'visit' OR kind = 'fax'),
    -- Hidden from customers.
    internal    INTEGER NOT NULL CONSTRAINT message_internal_check CHECK (internal IN (0, 1)),
    direction   TEXT    NOT NULL CONSTRAINT message_direction_check CHECK (direction = 'inbound' OR
                                                                           direction = 'outbound'),
    author_kind TEXT    NOT NULL CONSTRAINT message_author_kind_check
                CHECK (author_kind = 'agent' OR author_kind = 'contact' OR author_kind = 'system'),
    -- The agent or contact id; NULL exactly when Ayuda itself wrote the message.
    author_id   BLOB,
    channel     TEXT    NOT NULL CONSTRAINT message_channel_check
                CHECK (channel = 'email' OR channel = 'web' OR channel = 'phone' OR channel = 'fax' OR
                       channel = 'postal' OR channel = 'in_person' OR channel = 'chat' OR channel = 'api'),
    body_text   TEXT    NOT NULL,
    -- Sanitised HTML; NULL for plain-text messages.
    body_html   TEXT,
    -- The channel's identifier, such as an email's Message-ID, for threading.
    external_id TEXT,
    created_at  INTEGER NOT NULL,
    CONSTRAINT message_author_check CHECK ((author_kind = 'system') = (author_id IS NULL))
);
-- A ticket's messages in order (ids are time-ordered).
CREATE INDEX message_ticket_idx ON message (ticket_id, id);
-- Threading: finds the message an email replies to.
CREATE INDEX message_external_idx ON message (external_id) WHERE external_id IS NOT NULL;

-- Metadata of attached files; the content lives in attachment storage, addressed by sha256.
CREATE TABLE attachment (
    id           BLOB    NOT NULL CONSTRAINT attachment_pk PRIMARY KEY,
    message_id   BLOB    NOT NULL CONSTRAINT attachment_message_fk REFERENCES message (id) ON DELETE CASCADE,
    filename     TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    -- Bytes.
    size         INTEGER NOT NULL,
    -- Hex SHA-256 of the content.
    sha256       TEXT    NOT NULL,
    -- Content-ID of an inline image, without angle brackets.
    content_id   TEXT,
    -- The attachment's place in the message's list.
    position     INTEGER NOT NULL
);
CREATE INDEX attachment_message_idx ON attachment (message_id, position);

-- A ticket's history: one row per change.
CREATE TABLE ticket_event (
    id           BLOB    NOT NULL CONSTRAINT ticket_event_pk PRIMARY KEY,
    ticket_id    BLOB    NOT NULL CONSTRAINT ticket_event_ticket_fk REFERENCES ticket (id) ON DELETE CASCADE,
    actor_kind   TEXT    NOT NULL CONSTRAINT ticket_event_actor_kind_check
                 CHECK (actor_kind = 'agent' OR actor_kind = 'contact' OR actor_kind = 'system'),
    -- The agent or contact id; NULL exactly when Ayuda itself acted.
    actor_id     BLOB,
    -- The way the change came in.
    via          TEXT    NOT NULL CONSTRAINT ticket_event_via_check
                 CHECK (via = 'ui' OR via = 'api' OR via = 'email' OR via = 'rule' OR via = 'system'),
    kind         TEXT    NOT NULL CONSTRAINT ticket_event_kind_check
                 CHECK (kind = 'created' OR kind = 'field' OR kind = 'message_added'),
    -- For 'field' events: the field's name and its old and new values as display text.
    field        TEXT,
    from_value   TEXT,
    to_value     TEXT,
    -- For 'message_added' events: the message and its kind.
    message_id   BLOB,
    message_kind TEXT,
    -- True only for 'message_added' events of internal messages, which customers do not see.
    internal     INTEGER NOT NULL CONSTRAINT ticket_event_internal_check CHECK (internal IN (0, 1)),
    at           INTEGER NOT NULL,
    CONSTRAINT ticket_event_actor_check CHECK ((actor_kind = 'system') = (actor_id IS NULL)),
    CONSTRAINT ticket_event_field_check CHECK ((kind = 'field') = (field IS NOT NULL)),
    CONSTRAINT ticket_event_message_check
        CHECK ((kind = 'message_added') = (message_id IS NOT NULL AND message_kind IS NOT NULL))
);
-- A ticket's history in order (ids are time-ordered).
CREATE INDEX ticket_event_ticket_idx ON ticket_event (ticket_id, id);

-- API tokens. Only the SHA-256 of the secret is kept: the secret is shown once, at creation.
CREATE TABLE api_token (
    id            BLOB    NOT NULL CONSTRAINT api_token_pk PRIMARY KEY,
    owner_kind    TEXT    NOT NULL CONSTRAINT api_token_owner_kind_check CHECK (owner_kind = 'agent' OR
                                                                                owner_kind = 'contact'),
    -- The agent or contact id (no foreign key: it points into one of two tables).
    owner_id      BLOB    NOT NULL,
    name          TEXT    NOT NULL,
    secret_sha256 BLOB    NOT NULL CONSTRAINT api_token_secret_sha256_key UNIQUE,
    created_at    INTEGER NOT NULL,
    -- When the token stopped working; NULL while it works.
    revoked_at    INTEGER
);

-- Idempotency keys of retried POST requests, with the response to replay.
CREATE TABLE idempotency_key (
    -- Whose key it is (the caller's token), so keys of different callers never collide.
    scope       TEXT    NOT NULL,
    key         TEXT    NOT NULL,
    -- A digest of the request, so the same key with a different request is caught.
    fingerprint TEXT    NOT NULL,
    -- The HTTP status and body of the finished request; both NULL while it runs.
    status      INTEGER,
    body        BLOB,
    -- When the key was claimed; a claim with no response older than the caller's limit may be taken over.
    created_at  INTEGER NOT NULL,
    CONSTRAINT idempotency_key_pk PRIMARY KEY (scope, key),
    CONSTRAINT idempotency_key_response_check CHECK ((status IS NULL) = (body IS NULL))
) WITHOUT ROWID;
