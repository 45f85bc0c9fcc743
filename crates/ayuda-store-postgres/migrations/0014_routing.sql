-- Routing and tiers: how each group hands out its tickets and where it escalates them, agents' availability,
-- and who got a group's tickets when. Same logical change as the SQLite file of the same name.

create table group_setup (
    group_id uuid not null constraint group_setup_pk primary key
        constraint group_setup_group_fk references agent_group (id) on delete cascade,
    routing_mode text not null
        constraint group_setup_routing_mode_check check (routing_mode in ('manual', 'round_robin', 'least_loaded')),
    match_language boolean not null,
    -- JSON array of lowercase skills: a ticket tagged with one needs an agent who has it.
    routing_skills text not null,
    requeue_when_away boolean not null,
    tier smallint not null constraint group_setup_tier_check check (tier between 1 and 9),
    escalates_to uuid constraint group_setup_escalates_to_fk references agent_group (id) on delete set null,
    -- One more with every routed ticket: a choice read at an older turn is refused, so two app nodes never
    -- give out the same turn.
    turn bigint not null default 0,
    updated_at timestamptz not null
);
-- Lets a group's deletion clear escalates_to without a scan.
create index group_setup_escalates_to_idx on group_setup (escalates_to);

create table agent_status (
    agent_id uuid not null constraint agent_status_pk primary key
        constraint agent_status_agent_fk references agent (id) on delete cascade,
    availability text not null
        constraint agent_status_availability_check check (availability in ('available', 'away', 'off')),
    -- An out-of-office period, both or neither.
    away_from timestamptz,
    away_until timestamptz,
    capacity integer not null constraint agent_status_capacity_check check (capacity >= 0),
    updated_at timestamptz not null,
    constraint agent_status_away_check check ((away_from is null) = (away_until is null))
);

-- The group's turn at which routing last gave an agent a ticket: round-robin's order.
create table routing_turn (
    group_id uuid not null constraint routing_turn_group_fk references agent_group (id) on delete cascade,
    agent_id uuid not null constraint routing_turn_agent_fk references agent (id) on delete cascade,
    last_turn bigint not null,
    constraint routing_turn_pk primary key (group_id, agent_id)
);
create index routing_turn_agent_idx on routing_turn (agent_id);

-- Least-loaded routing counts each candidate's open tickets.
create index ticket_assignee_status_idx on ticket (assignee_id, status) where assignee_id is not null;
-- A group's queue: the tickets waiting for someone, oldest first.
create index ticket_queue_idx on ticket (group_id, created_at, id)
    where assignee_id is null and group_id is not null and status in ('new', 'open');
