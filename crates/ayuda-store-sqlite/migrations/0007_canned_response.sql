-- Canned responses: reply text agents insert with one click, one row per language version; versions of one
-- response share its name. Same logical change as the PostgreSQL file of the same name.

CREATE TABLE canned_response (
    id         BLOB    NOT NULL CONSTRAINT canned_response_pk PRIMARY KEY,
    name       TEXT    NOT NULL,
    -- The name folded for comparison, so "Refund" and "refund" are one response.
    name_key   TEXT    NOT NULL,
    language   TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CONSTRAINT canned_response_name_language_key UNIQUE (name_key, language)
);
