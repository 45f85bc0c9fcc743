-- Who is on a ticket right now (collision detection), shared by every app node. One row per agent and
-- ticket, renewed while their page is open; rows older than a minute no longer count and are pruned as new
-- ones are written. Same logical change as the SQLite file of the same name.

create table ticket_presence (
    ticket_id uuid not null constraint ticket_presence_ticket_fk references ticket (id) on delete cascade,
    agent_id uuid not null constraint ticket_presence_agent_fk references agent (id) on delete cascade,
    activity text not null constraint ticket_presence_activity_check
        check (activity in ('viewing', 'replying')),
    seen_at timestamptz not null,
    constraint ticket_presence_pk primary key (ticket_id, agent_id)
);
