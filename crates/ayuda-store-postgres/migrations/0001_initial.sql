-- Ayuda's initial PostgreSQL schema. The SQLite backend has the same logical schema under the same file name;
-- see docs/storage-schema.md. Released migrations are never edited: later changes go in 0002_... and on.
--
-- Conventions:
-- - Every constraint is named, because the store maps violations to user-facing errors by constraint name
--   (`*_pk`/`*_key` unique violations become "already taken", `*_fk` violations "does not exist").
-- - Ids are uuid v7, so ordering by id is creation order; timestamps are timestamptz with microseconds.
-- - Enum-like columns hold the stable lowercase names from ayuda-core, listed in CHECK constraints.
-- - JSON columns hold exactly what `ayuda_store::codec` writes; they are jsonb so that operators can query them.

-- Gapless ticket numbers. Creating a ticket runs `update ticket_counter set last_number = last_number + 1`
-- in its transaction: the row lock serialises concurrent creators, even on several app nodes, and a rollback
-- gives the number back. A sequence would be faster but leaves gaps on rollback, which is not allowed.
create table ticket_counter (
    id integer not null constraint ticket_counter_pk primary key
        -- A singleton: exactly one row, id 1.
        constraint ticket_counter_singleton check (id = 1),
    -- The number the most recent ticket got; 0 before the first one.
    last_number bigint not null constraint ticket_counter_last_number_check check (last_number >= 0)
);

insert into ticket_counter (id, last_number) values (1, 0);

create table organization (
    id uuid not null constraint organization_pk primary key,
    name text not null,
    kind text not null
        constraint organization_kind_check check (kind in ('consumer', 'retailer', 'wholesaler', 'other')),
    service_tier text not null
        constraint organization_service_tier_check check (service_tier in ('basic', 'standard', 'premium', 'enterprise')),
    -- Whether its members see each other's tickets in the portal.
    shared_tickets boolean not null,
    notes text not null,
    -- Values of admin-defined fields, tagged with their kind (codec::encode_fields).
    custom_fields jsonb not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
);

-- Email domains owned by an organization: a new contact at one of them joins it. The primary key makes a
-- domain belong to at most one organization.
create table organization_domain (
    -- Lowercase, without `@`.
    domain text not null constraint organization_domain_pk primary key,
    organization_id uuid not null
        constraint organization_domain_organization_fk references organization (id) on delete cascade
);

create index organization_domain_organization_idx on organization_domain (organization_id);

create table contact (
    id uuid not null constraint contact_pk primary key,
    name text not null,
    -- ISO 639-1 code with optional region (`pt-BR`); null when unknown.
    language text,
    -- IANA name such as `Europe/Madrid`; null when unknown.
    time_zone text,
    organization_id uuid constraint contact_organization_fk references organization (id),
    notes text not null,
    custom_fields jsonb not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
);

-- Contacts of one organization, in creation order (list_contacts with an organization filter).
create index contact_organization_idx on contact (organization_id, id);

-- The ways to reach a contact. The primary key makes each (kind, value) belong to at most one contact, which
-- is what lets concurrent ticket creations for the same new address agree on one contact.
create table contact_identity (
    kind text not null constraint contact_identity_kind_check check (kind in ('email', 'phone', 'fax')),
    -- Normalised by ayuda-core: a lowercase email, or the digits (and leading +) of a phone or fax number.
    value text not null,
    contact_id uuid not null constraint contact_identity_contact_fk references contact (id) on delete cascade,
    -- The identity's index in the contact's list: the first email is where replies go.
    position integer not null,
    constraint contact_identity_pk primary key (kind, value)
);

create index contact_identity_contact_idx on contact_identity (contact_id, position);

-- A group of agents. Named agent_group because `group` is a reserved word.
create table agent_group (
    id uuid not null constraint agent_group_pk primary key,
    name text not null,
    -- The name lowercased by Ayuda (`ayuda_store::codec::lookup_key`, Unicode-aware), which makes names unique
    -- case-insensitively: "Billing" and "billing" are the same group, and so are "Ñandú" and "ñandú". The key
    -- is computed in Rust rather than with lower(), whose folding depends on the database's collation and
    -- differs from SQLite's, so that both backends accept and refuse exactly the same names.
    name_key text not null constraint agent_group_name_key_key unique,
    description text not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
);

create table agent (
    id uuid not null constraint agent_pk primary key,
    -- As entered (the local part keeps its case); unique and looked up case-insensitively through email_key.
    email text not null,
    -- The address lowercased by Ayuda (`ayuda_store::codec::lookup_key`, Unicode-aware): emails are unique on
    -- it and find_agent_by_email compares it with the lowercased address it is given (the unique index serves
    -- that lookup). Computed in Rust rather than with lower() so that PostgreSQL and SQLite agree on which
    -- addresses are the same ("ÉLISE@x.example" and "élise@x.example" are).
    email_key text not null constraint agent_email_key_key unique,
    name text not null,
    role text not null constraint agent_role_check check (role in ('admin', 'supervisor', 'agent')),
    -- JSON array of lowercase skill names.
    skills jsonb not null,
    -- JSON array of language codes the agent answers in.
    languages jsonb not null,
    -- A deactivated agent cannot sign in and keeps their history.
    active boolean not null,
    -- Argon2id PHC string; null when the agent cannot sign in with a password.
    password_hash text,
    created_at timestamptz not null,
    updated_at timestamptz not null
);

create table agent_membership (
    agent_id uuid not null constraint agent_membership_agent_fk references agent (id) on delete cascade,
    group_id uuid not null constraint agent_membership_group_fk references agent_group (id) on delete cascade,
    constraint agent_membership_pk primary key (agent_id, group_id)
);

-- Who is in a group (the primary key already answers "which groups is this agent in").
create index agent_membership_group_idx on agent_membership (group_id);

create table field_definition (
    id uuid not null constraint field_definition_pk primary key,
    entity text not null
        constraint field_definition_entity_check check (entity in ('ticket', 'contact', 'organization')),
    -- The stable API key (`order_number`); unique per entity.
    key text not null,
    label text not null,
    kind text not null
        constraint field_definition_kind_check check (kind in ('text', 'number', 'date', 'select', 'checkbox')),
    -- JSON array of the allowed values of a select field; empty for other kinds.
    options jsonb not null,
    required boolean not null,
    -- Display order; ties are broken by key.
    position integer not null,
    constraint field_definition_entity_key_key unique (entity, key)
);

create table ticket (
    id uuid not null constraint ticket_pk primary key,
    -- The human number (#1042), from ticket_counter: gapless and unique.
    number bigint not null constraint ticket_number_key unique,
    subject text not null,
    status text not null
        constraint ticket_status_check check (status in ('new', 'open', 'pending', 'on_hold', 'solved', 'closed')),
    priority text not null constraint ticket_priority_check check (priority in ('low', 'normal', 'high', 'urgent')),
    ticket_type text not null
        constraint ticket_ticket_type_check
        check (ticket_type in ('question', 'incident', 'problem', 'task', 'complaint', 'sales_inquiry')),
    -- The channel the ticket arrived through.
    channel text not null
        constraint ticket_channel_check
        check (channel in ('email', 'web', 'phone', 'fax', 'postal', 'in_person', 'chat', 'api')),
    requester_id uuid not null constraint ticket_requester_fk references contact (id),
    -- The requester's organization when the ticket was created (customers of a sharing organization see it).
    organization_id uuid constraint ticket_organization_fk references organization (id),
    group_id uuid constraint ticket_group_fk references agent_group (id),
    assignee_id uuid constraint ticket_assignee_fk references agent (id),
    -- Sorted JSON array of the tags, for reading the ticket; ticket_tag holds the same tags for filtering.
    tags jsonb not null,
    custom_fields jsonb not null,
    -- The language the conversation is in (ISO 639-1, optional region).
    language text not null,
    -- JSON array of {ticket_id, kind} links to other tickets (codec::encode_links). Not foreign keys, like
    -- merged_into below: the SQLite schema keeps them the same way, and the application checks them.
    links jsonb not null,
    -- The ticket this one was merged into, if any.
    merged_into uuid,
    created_at timestamptz not null,
    -- The key of every list order: (updated_at, id).
    updated_at timestamptz not null,
    -- When an agent first answered the customer publicly.
    first_response_at timestamptz,
    solved_at timestamptz,
    -- Optimistic concurrency: bumped by every write, which must name the version it read.
    version bigint not null
);

-- One index per list filter, each ending in the list order, so every filtered page is an index range walk
-- in either direction with no sort.
create index ticket_updated_idx on ticket (updated_at, id);
create index ticket_status_updated_idx on ticket (status, updated_at, id);
create index ticket_priority_updated_idx on ticket (priority, updated_at, id);
create index ticket_group_updated_idx on ticket (group_id, updated_at, id);
create index ticket_assignee_updated_idx on ticket (assignee_id, updated_at, id);
create index ticket_requester_updated_idx on ticket (requester_id, updated_at, id);
create index ticket_organization_updated_idx on ticket (organization_id, updated_at, id);
create index ticket_channel_updated_idx on ticket (channel, updated_at, id);

-- The tag filter's index: one row per (tag, ticket), carrying the ticket's updated_at so that "tickets
-- tagged x, most recently updated first" walks the primary key in list order. Every ticket write deletes
-- and re-inserts the ticket's rows, which keeps updated_at in step with the ticket.
create table ticket_tag (
    tag text not null,
    -- A copy of ticket.updated_at.
    updated_at timestamptz not null,
    ticket_id uuid not null constraint ticket_tag_ticket_fk references ticket (id) on delete cascade,
    constraint ticket_tag_pk primary key (tag, updated_at, ticket_id)
);

create index ticket_tag_ticket_idx on ticket_tag (ticket_id);

create table message (
    id uuid not null constraint message_pk primary key,
    ticket_id uuid not null constraint message_ticket_fk references ticket (id) on delete cascade,
    kind text not null
        constraint message_kind_check check (kind in ('reply', 'note', 'phone_call', 'letter', 'visit', 'fax')),
    -- Hidden from customers.
    internal boolean not null,
    direction text not null constraint message_direction_check check (direction in ('inbound', 'outbound')),
    author_kind text not null constraint message_author_kind_check check (author_kind in ('agent', 'contact', 'system')),
    -- The agent or contact id; null exactly when author_kind is 'system'. Not a foreign key: it points into
    -- one of two tables depending on author_kind.
    author_id uuid,
    channel text not null
        constraint message_channel_check
        check (channel in ('email', 'web', 'phone', 'fax', 'postal', 'in_person', 'chat', 'api')),
    body_text text not null,
    -- Sanitised HTML; null for plain-text messages.
    body_html text,
    -- The channel's identifier, such as an email's Message-ID, for threading replies.
    external_id text,
    created_at timestamptz not null,
    constraint message_author_check check ((author_kind = 'system') = (author_id is null))
);

-- A ticket's messages in order (ids are time-ordered).
create index message_ticket_idx on message (ticket_id, id);
-- Threading: find the message an incoming email replies to. Messages without an external id (notes, calls)
-- are never looked up this way.
create index message_external_idx on message (external_id) where external_id is not null;

create table attachment (
    id uuid not null constraint attachment_pk primary key,
    message_id uuid not null constraint attachment_message_fk references message (id) on delete cascade,
    filename text not null,
    content_type text not null,
    -- Bytes.
    size bigint not null,
    -- Hex SHA-256 of the content, which lives in attachment storage under this name.
    sha256 text not null,
    -- Content-ID of an inline image, without angle brackets.
    content_id text,
    -- The attachment's index in the message's list.
    position integer not null
);

create index attachment_message_idx on attachment (message_id, position);

-- A ticket's history: who changed what, from what to what, when and through which way in.
create table ticket_event (
    id uuid not null constraint ticket_event_pk primary key,
    ticket_id uuid not null constraint ticket_event_ticket_fk references ticket (id) on delete cascade,
    actor_kind text not null constraint ticket_event_actor_kind_check check (actor_kind in ('agent', 'contact', 'system')),
    -- Null exactly when actor_kind is 'system'; like message.author_id, not a foreign key.
    actor_id uuid,
    via text not null constraint ticket_event_via_check check (via in ('ui', 'api', 'email', 'rule', 'system')),
    kind text not null constraint ticket_event_kind_check check (kind in ('created', 'field', 'message_added')),
    -- For kind 'field': the field's name (`status`, `custom_fields.order_number`) and its display values.
    field text,
    from_value text,
    to_value text,
    -- For kind 'message_added': the message and its kind.
    message_id uuid,
    message_kind text
        constraint ticket_event_message_kind_check
        check (message_kind in ('reply', 'note', 'phone_call', 'letter', 'visit', 'fax')),
    -- True only for message_added events of internal messages, which customers must not see.
    internal boolean not null,
    at timestamptz not null,
    constraint ticket_event_actor_check check ((actor_kind = 'system') = (actor_id is null)),
    constraint ticket_event_field_check check ((kind = 'field') = (field is not null)),
    constraint ticket_event_message_check check ((kind = 'message_added') = (message_id is not null and message_kind is not null))
);

create index ticket_event_ticket_idx on ticket_event (ticket_id, id);

create table api_token (
    id uuid not null constraint api_token_pk primary key,
    owner_kind text not null constraint api_token_owner_kind_check check (owner_kind in ('agent', 'contact')),
    -- An agent or contact id, depending on owner_kind (so not a foreign key).
    owner_id uuid not null,
    name text not null,
    -- SHA-256 of the secret; the secret itself is shown once and never stored.
    secret_sha256 bytea not null
        constraint api_token_secret_sha256_key unique
        constraint api_token_secret_length_check check (length(secret_sha256) = 32),
    created_at timestamptz not null,
    -- Null while the token is valid.
    revoked_at timestamptz
);

-- Retried POST requests: the first claim of (scope, key) runs the request, later ones replay its response.
create table idempotency_key (
    -- Whose key it is: keys of different callers never collide.
    scope text not null,
    key text not null,
    -- A digest of the request, so the same key sent with a different request is caught.
    fingerprint text not null,
    -- The recorded HTTP status; null while the claiming request runs.
    status integer,
    -- The recorded response body; null while the claiming request runs.
    body bytea,
    -- When the key was (last) claimed: a claim with no response older than the caller's limit is abandoned.
    created_at timestamptz not null,
    constraint idempotency_key_pk primary key (scope, key),
    constraint idempotency_key_response_check check ((status is null) = (body is null))
);
