-- Views agents save: a name for a set of ticket filters, their own or shared with every agent.
-- Same logical change as the SQLite file of the same name.

create table saved_view (
    id uuid not null constraint saved_view_pk primary key,
    owner_id uuid not null constraint saved_view_owner_fk references agent (id) on delete cascade,
    name text not null,
    -- The ticket list's filters, one name=value per line.
    filters text not null,
    shared boolean not null,
    created_at timestamptz not null
);
-- An agent's own views, and the shared ones.
create index saved_view_owner_idx on saved_view (owner_id, name);
create index saved_view_shared_idx on saved_view (name) where shared;
