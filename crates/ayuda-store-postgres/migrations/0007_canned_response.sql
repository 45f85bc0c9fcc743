-- Canned responses: reply text agents insert with one click, one row per language version; versions of one
-- response share its name. Same logical change as the SQLite file of the same name.

create table canned_response (
    id uuid not null constraint canned_response_pk primary key,
    name text not null,
    -- The name folded for comparison, so "Refund" and "refund" are one response.
    name_key text not null,
    language text not null,
    body text not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    constraint canned_response_name_language_key unique (name_key, language)
);
