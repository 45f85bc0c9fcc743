-- Time-based automations: rules that act on tickets that waited in a status, unchanged, long enough. Same
-- logical change as the SQLite file of the same name.

create table timed_rule (
    id uuid not null constraint timed_rule_pk primary key,
    name text not null,
    -- The name lowercased by Ayuda (`ayuda_store::codec::lookup_key`): names are unique case-insensitively.
    name_key text not null constraint timed_rule_name_key_key unique,
    position integer not null,
    active boolean not null,
    -- The status the tickets wait in, and for how long nothing changed them.
    status text not null,
    idle_minutes bigint not null constraint timed_rule_idle_minutes_check check (idle_minutes > 0),
    -- As in automation_trigger.
    conditions text not null,
    actions text not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
);
