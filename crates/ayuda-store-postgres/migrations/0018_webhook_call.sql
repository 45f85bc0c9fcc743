-- Webhook calls made by rules: queued with the ticket change that caused them, made once it is committed,
-- retried with a growing wait. Same logical change as the SQLite file of the same name.

create table webhook_call (
    id uuid not null constraint webhook_call_pk primary key,
    ticket_id uuid not null constraint webhook_call_ticket_fk references ticket (id) on delete cascade,
    url text not null,
    -- What the rule knew when it acted (JSON: its name and when); the ticket is added when the call is made.
    payload text not null,
    state text not null constraint webhook_call_state_check check (state in ('pending', 'sent', 'failed')),
    attempts integer not null,
    -- When a pending call is due; a caller that takes it pushes this forward as its lease.
    next_attempt_at timestamptz not null,
    last_error text,
    created_at timestamptz not null,
    sent_at timestamptz
);
-- The callers' queue.
create index webhook_call_due_idx on webhook_call (next_attempt_at) where state = 'pending';
-- A ticket's calls.
create index webhook_call_ticket_idx on webhook_call (ticket_id, created_at);
