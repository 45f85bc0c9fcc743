-- The email channel: mailboxes, received emails (with their raw bytes), ticket followers, bounced addresses,
-- the outbox and installation settings. Same logical schema as the SQLite file of the same name.

-- Installation-wide settings shared by every app node, such as the key that signs threading references.
create table setting (
    key text not null constraint setting_pk primary key,
    value text not null
);

create table mailbox (
    id uuid not null constraint mailbox_pk primary key,
    name text not null,
    -- The name lowercased by `ayuda_store::codec::lookup_key`: names are unique case-insensitively.
    name_key text not null constraint mailbox_name_key_key unique,
    -- The support address customers write to and replies come from.
    address text not null,
    group_id uuid constraint mailbox_group_fk references agent_group (id),
    -- IMAP account; all null for a mailbox fed by an MTA or a relay.
    imap_host text,
    imap_port integer,
    imap_tls text constraint mailbox_imap_tls_check check (imap_tls in ('tls', 'starttls', 'plain')),
    imap_user text,
    imap_password text,
    imap_folder text,
    -- Where fetched messages are moved; null marks them \Seen in place.
    imap_processed text,
    active boolean not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    constraint mailbox_imap_check check ((imap_host is null) = (imap_port is null) and
                                         (imap_host is null) = (imap_tls is null) and
                                         (imap_host is null) = (imap_user is null) and
                                         (imap_host is null) = (imap_password is null) and
                                         (imap_host is null) = (imap_folder is null))
);

-- Every received email and what became of it. Written in the same transaction as the ticket it opened or
-- joined, so an email is either fully processed or not at all.
create table inbound_email (
    id uuid not null constraint inbound_email_pk primary key,
    mailbox_id uuid constraint inbound_email_mailbox_fk references mailbox (id),
    source text not null constraint inbound_email_source_check check (source in ('imap', 'pipe', 'http', 'lmtp')),
    -- The IMAP position, so a message fetched again after a crash is recognised.
    imap_uid_validity bigint,
    imap_uid bigint,
    -- The Message-ID, or 'sha256:<hex>' of the raw bytes: a second email with the same key is a duplicate.
    message_key text not null constraint inbound_email_message_key_key unique,
    raw_sha256 text not null,
    raw_size bigint not null,
    -- The raw message; null when it is kept in the blob store instead (large messages).
    raw bytea,
    state text not null
        constraint inbound_email_state_check check (state in ('opened', 'appended', 'bounce', 'quarantined')),
    reason text,
    ticket_id uuid constraint inbound_email_ticket_fk references ticket (id) on delete set null,
    message_id uuid constraint inbound_email_message_fk references message (id) on delete set null,
    received_at timestamptz not null,
    constraint inbound_email_imap_check check ((imap_uid is null) = (imap_uid_validity is null))
);
create unique index inbound_email_imap_key on inbound_email (mailbox_id, imap_uid_validity, imap_uid)
    where imap_uid is not null;
-- The admins' quarantine list, and lists by state.
create index inbound_email_state_idx on inbound_email (state, id);
-- A ticket's emails: its mailbox (for replies) and a message's original.
create index inbound_email_ticket_idx on inbound_email (ticket_id, id);
create index inbound_email_message_idx on inbound_email (message_id);

-- People who follow a ticket besides its requester (those in Cc): their replies join it and replies go to them.
create table ticket_follower (
    ticket_id uuid not null constraint ticket_follower_ticket_fk references ticket (id) on delete cascade,
    contact_id uuid not null constraint ticket_follower_contact_fk references contact (id) on delete cascade,
    constraint ticket_follower_pk primary key (ticket_id, contact_id)
);
create index ticket_follower_contact_idx on ticket_follower (contact_id);

-- Addresses that mail bounced from: the latest report per address.
create table email_bounce (
    -- Lowercase.
    address text not null constraint email_bounce_pk primary key,
    reason text not null,
    at timestamptz not null
);

-- Mail to send. A row names what to send; the MIME is composed at sending time.
create table outbox (
    id uuid not null constraint outbox_pk primary key,
    ticket_id uuid not null constraint outbox_ticket_fk references ticket (id) on delete cascade,
    message_id uuid constraint outbox_message_fk references message (id) on delete cascade,
    kind text not null constraint outbox_kind_check check (kind in ('reply', 'acknowledgement')),
    automatic boolean not null,
    mailbox_id uuid constraint outbox_mailbox_fk references mailbox (id) on delete set null,
    -- JSON arrays of addresses.
    recipients_to jsonb not null,
    recipients_cc jsonb not null,
    -- The lowercased first recipient, for the caps on automatic mail.
    recipient_key text not null,
    language text not null,
    state text not null constraint outbox_state_check check (state in ('pending', 'sent', 'failed')),
    attempts integer not null,
    -- When a pending mail is due; a sender that takes it pushes this forward as its lease.
    next_attempt_at timestamptz not null,
    last_error text,
    created_at timestamptz not null,
    sent_at timestamptz
);
-- The sender's queue.
create index outbox_due_idx on outbox (next_attempt_at) where state = 'pending';
-- A ticket's deliveries, and the per-ticket cap on automatic mail.
create index outbox_ticket_idx on outbox (ticket_id, created_at);
-- The per-recipient cap on automatic mail.
create index outbox_recipient_idx on outbox (recipient_key, created_at) where automatic;
