-- One-time links that sign customers in to the portal (or finish signing up), and the mail that carries
-- them, which belongs to no ticket: the outbox's ticket becomes optional and it gains a kind.
-- Same logical change as the SQLite file of the same name.

alter table outbox alter column ticket_id drop not null;
alter table outbox drop constraint outbox_kind_check;
alter table outbox add constraint outbox_kind_check check (kind in ('reply', 'acknowledgement', 'sign_in_link'));
-- Mail of a ticket names it; mail about an account does not.
alter table outbox add constraint outbox_ticket_check check ((ticket_id is null) = (kind = 'sign_in_link'));

-- The link shares the id of the mail that carries it. Only its id and expiry matter for signing in; the
-- secret in the link is derived from the id with the installation's key and never stored.
create table sign_in_link (
    id uuid not null constraint sign_in_link_pk primary key,
    email text not null,
    -- The name given when signing up; null when an existing customer asked to sign in.
    name text,
    language text not null,
    created_at timestamptz not null,
    expires_at timestamptz not null,
    used_at timestamptz
);
