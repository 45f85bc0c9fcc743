-- Macros: named bundles of field changes and reply text an agent applies to a ticket in one click. Same
-- logical change as the SQLite file of the same name.

create table ticket_macro (
    id uuid not null constraint ticket_macro_pk primary key,
    name text not null,
    -- The name lowercased by Ayuda (`ayuda_store::codec::lookup_key`): names are unique case-insensitively.
    name_key text not null constraint ticket_macro_name_key_key unique,
    -- JSON array of actions, as in automation_trigger.
    actions text not null,
    -- JSON array of {"language", "text"}.
    texts text not null,
    -- Whether the text is an internal note rather than a reply.
    note boolean not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
);
