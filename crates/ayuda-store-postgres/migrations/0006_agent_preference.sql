-- What an agent chooses for themselves: the interface's language and time zone, and the secret of their
-- second sign-in factor (TOTP, RFC 6238) once they set one up. Same logical change as the SQLite file of
-- the same name.

create table agent_preference (
    agent_id uuid not null constraint agent_preference_pk primary key
        constraint agent_preference_agent_fk references agent (id) on delete cascade,
    language text,
    time_zone text,
    -- Base32, as authenticator apps show it; null while no second factor is set up.
    totp_secret text,
    updated_at timestamptz not null
);
