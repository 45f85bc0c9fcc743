-- What an agent chooses for themselves: the interface's language and time zone, and the secret of their
-- second sign-in factor (TOTP, RFC 6238) once they set one up. Same logical change as the PostgreSQL file
-- of the same name.

CREATE TABLE agent_preference (
    agent_id    BLOB    NOT NULL CONSTRAINT agent_preference_pk PRIMARY KEY
                CONSTRAINT agent_preference_agent_fk REFERENCES agent (id) ON DELETE CASCADE,
    language    TEXT,
    time_zone   TEXT,
    -- Base32, as authenticator apps show it; NULL while no second factor is set up.
    totp_secret TEXT,
    updated_at  INTEGER NOT NULL
) WITHOUT ROWID;
