-- Who is on a ticket right now (collision detection), shared by every app node. One row per agent and
-- ticket, renewed while their page is open; rows older than a minute no longer count and are pruned as new
-- ones are written. Same logical change as the PostgreSQL file of the same name.

CREATE TABLE ticket_presence (
    ticket_id BLOB    NOT NULL CONSTRAINT ticket_presence_ticket_fk REFERENCES ticket (id) ON DELETE CASCADE,
    agent_id  BLOB    NOT NULL CONSTRAINT ticket_presence_agent_fk REFERENCES agent (id) ON DELETE CASCADE,
    activity  TEXT    NOT NULL CONSTRAINT ticket_presence_activity_check
              CHECK (activity = 'viewing' OR activity = 'replying'),
    seen_at   INTEGER NOT NULL,
    CONSTRAINT ticket_presence_pk PRIMARY KEY (ticket_id, agent_id)
) WITHOUT ROWID;
