-- Routing and tiers: how each group hands out its tickets and where it escalates them, agents' availability,
-- and who got a group's tickets when. Same logical change as the PostgreSQL file of the same name.

CREATE TABLE group_setup (
    group_id          BLOB    NOT NULL CONSTRAINT group_setup_pk PRIMARY KEY
                              CONSTRAINT group_setup_group_fk REFERENCES agent_group (id) ON DELETE CASCADE,
    routing_mode      TEXT    NOT NULL
                              CONSTRAINT group_setup_routing_mode_check
                              CHECK (routing_mode IN ('manual', 'round_robin', 'least_loaded')),
    match_language    INTEGER NOT NULL CONSTRAINT group_setup_match_language_check CHECK (match_language IN (0, 1)),
    -- JSON array of lowercase skills: a ticket tagged with one needs an agent who has it.
    routing_skills    TEXT    NOT NULL,
    requeue_when_away INTEGER NOT NULL
                              CONSTRAINT group_setup_requeue_when_away_check CHECK (requeue_when_away IN (0, 1)),
    tier              INTEGER NOT NULL CONSTRAINT group_setup_tier_check CHECK (tier BETWEEN 1 AND 9),
    escalates_to      BLOB    CONSTRAINT group_setup_escalates_to_fk REFERENCES agent_group (id) ON DELETE SET NULL,
    -- One more with every routed ticket: a choice read at an older turn is refused, so two app nodes never
    -- give out the same turn.
    turn              INTEGER NOT NULL DEFAULT 0,
    updated_at        INTEGER NOT NULL
) WITHOUT ROWID;
-- Lets a group's deletion clear escalates_to without a scan.
CREATE INDEX group_setup_escalates_to_idx ON group_setup (escalates_to);

CREATE TABLE agent_status (
    agent_id     BLOB    NOT NULL CONSTRAINT agent_status_pk PRIMARY KEY
                         CONSTRAINT agent_status_agent_fk REFERENCES agent (id) ON DELETE CASCADE,
    availability TEXT    NOT NULL
                         CONSTRAINT agent_status_availability_check CHECK (availability IN ('available', 'away', 'off')),
    -- An out-of-office period, both or neither.
    away_from    INTEGER,
    away_until   INTEGER,
    capacity     INTEGER NOT NULL CONSTRAINT agent_status_capacity_check CHECK (capacity >= 0),
    updated_at   INTEGER NOT NULL,
    CONSTRAINT agent_status_away_check CHECK ((away_from IS NULL) = (away_until IS NULL))
) WITHOUT ROWID;

-- The group's turn at which routing last gave an agent a ticket: round-robin's order.
CREATE TABLE routing_turn (
    group_id       BLOB    NOT NULL CONSTRAINT routing_turn_group_fk REFERENCES agent_group (id) ON DELETE CASCADE,
    agent_id       BLOB    NOT NULL CONSTRAINT routing_turn_agent_fk REFERENCES agent (id) ON DELETE CASCADE,
    last_turn      INTEGER NOT NULL,
    CONSTRAINT routing_turn_pk PRIMARY KEY (group_id, agent_id)
) WITHOUT ROWID;
CREATE INDEX routing_turn_agent_idx ON routing_turn (agent_id);

-- Least-loaded routing counts each candidate's open tickets.
CREATE INDEX ticket_assignee_status_idx ON ticket (assignee_id, status) WHERE assignee_id IS NOT NULL;
-- A group's queue: the tickets waiting for someone, oldest first.
CREATE INDEX ticket_queue_idx ON ticket (group_id, created_at, id)
    WHERE assignee_id IS NULL AND group_id IS NOT NULL AND status IN ('new', 'open');
