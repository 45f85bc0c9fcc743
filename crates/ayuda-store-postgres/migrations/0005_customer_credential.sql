-- Customers sign in to the portal with a password of their own: kept apart from the contact row, which is
-- read everywhere, and only as an Argon2id hash. Same logical change as the SQLite file of the same name.

create table customer_credential (
    contact_id uuid not null constraint customer_credential_pk primary key
        constraint customer_credential_contact_fk references contact (id) on delete cascade,
    password_hash text not null,
    updated_at timestamptz not null
);
