-- Triggers: rules that act on a ticket when something happens to it. Same logical change as the SQLite file
-- of the same name.

create table automation_trigger (
    id uuid not null constraint automation_trigger_pk primary key,
    name text not null,
    -- The name lowercased by Ayuda (`ayuda_store::codec::lookup_key`): names are unique case-insensitively.
    name_key text not null constraint automation_trigger_name_key_key unique,
    -- Triggers run in this order.
    position integer not null,
    active boolean not null,
    event text not null,
    -- JSON: {"all": [conditions], "any": [conditions]}, each {"field", "operator", "value"}.
    conditions text not null,
    -- JSON array of actions, each {"type": ..., and its arguments}.
    actions text not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
);

-- A new kind of notification: 'rule' (a trigger asked for the agent to be told; detail: its note).
alter table notification drop constraint notification_kind_check;
alter table notification add constraint notification_kind_check
    check (kind in ('assigned', 'customer_replied', 'sla_warning', 'sla_breach', 'escalated', 'rule'));
