-- Customers sign in to the portal with a password of their own: kept apart from the contact row, which is
-- read everywhere, and only as an Argon2id hash. Same logical change as the PostgreSQL file of the same name.

CREATE TABLE customer_credential (
    contact_id    BLOB    NOT NULL CONSTRAINT customer_credential_pk PRIMARY KEY
                  CONSTRAINT customer_credential_contact_fk REFERENCES contact (id) ON DELETE CASCADE,
    password_hash TEXT    NOT NULL,
    updated_at    INTEGER NOT NULL
) WITHOUT ROWID;
