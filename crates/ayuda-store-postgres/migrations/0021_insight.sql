-- Records and insight. Categories of inquiries (a tree kept by administrators, named per language) that
-- tickets are filed under, and the classifier's suggestion kept beside the agent's choice; each ticket's
-- frustration score, satisfaction rating and counts of public agent answers, reopenings and escalations
-- (kept by every ticket write from its history, and here counted once from the history so far);
-- satisfaction surveys, one per ticket at most, and the groups whose solved tickets get one; and a new
-- outbox kind, 'survey', for the survey's mail. Same logical change as the SQLite file of the same name.

create table ticket_category (
    id uuid not null constraint ticket_category_pk primary key,
    parent_id uuid constraint ticket_category_parent_fk references ticket_category (id),
    -- Order among its siblings, smallest first.
    position integer not null,
    -- Names by language.
    names jsonb not null,
    -- A retired category stays on its tickets and in reports, and is offered no more.
    active boolean not null,
    created_at timestamptz not null
);

alter table ticket
    add column category_id uuid constraint ticket_category_fk references ticket_category (id),
    add column suggested_category_id uuid constraint ticket_suggested_category_fk references ticket_category (id),
    -- Percent.
    add column suggestion_confidence smallint,
    -- 0 to 100, from the latest customer message; null before any was scored.
    add column frustration smallint,
    -- 1 to 5, from the satisfaction survey.
    add column satisfaction smallint constraint ticket_satisfaction_check check (satisfaction between 1 and 5),
    add column agent_replies integer not null default 0,
    add column reopens integer not null default 0,
    add column escalations integer not null default 0;

update ticket set
    agent_replies = (select count(*) from ticket_event e
                     where e.ticket_id = ticket.id and e.kind = 'message_added' and e.message_kind = 'reply'
                       and not e.internal and e.actor_kind = 'agent'),
    reopens = (select count(*) from ticket_event e
               where e.ticket_id = ticket.id and e.kind = 'field' and e.field = 'status'
                 and e.from_value in ('solved', 'closed') and e.to_value not in ('solved', 'closed')),
    escalations = (select count(*) from ticket_event e
                   where e.ticket_id = ticket.id and e.kind = 'escalated');

-- The category filter of ticket lists, in list order.
create index ticket_category_updated_idx on ticket (category_id, updated_at, id);
-- Frustrated customers' tickets, in list order.
create index ticket_frustrated_updated_idx on ticket (updated_at, id) where frustration >= 50;
-- Reports read a day's tickets by when they were created (and by solved_at, ticket_solved_idx).
create index ticket_created_idx on ticket (created_at, id);

create table satisfaction_survey (
    id uuid not null constraint satisfaction_survey_pk primary key,
    -- One survey per ticket, ever: the database refuses a second.
    ticket_id uuid not null constraint satisfaction_survey_ticket_key unique
        constraint satisfaction_survey_ticket_fk references ticket (id) on delete cascade,
    contact_id uuid not null constraint satisfaction_survey_contact_fk references contact (id),
    -- Who handled the ticket when it was solved: the rating shows on them.
    agent_id uuid constraint satisfaction_survey_agent_fk references agent (id),
    group_id uuid constraint satisfaction_survey_group_fk references agent_group (id),
    language text not null,
    sent_at timestamptz not null,
    rating smallint constraint satisfaction_survey_rating_check check (rating between 1 and 5),
    comment text,
    rated_at timestamptz,
    constraint satisfaction_survey_rated_check check ((rating is null) = (rated_at is null))
);
-- Ratings and comments over a date range, newest first.
create index satisfaction_survey_rated_idx on satisfaction_survey (rated_at, id) where rated_at is not null;
-- A contact's satisfaction history.
create index satisfaction_survey_contact_idx on satisfaction_survey (contact_id, sent_at);
-- An agent's ratings.
create index satisfaction_survey_agent_idx on satisfaction_survey (agent_id, rated_at) where rated_at is not null;

-- Groups whose solved tickets get a survey.
create table survey_group (
    group_id uuid not null constraint survey_group_pk primary key
        constraint survey_group_group_fk references agent_group (id) on delete cascade
);

alter table outbox drop constraint outbox_kind_check;
alter table outbox add constraint outbox_kind_check
    check (kind in ('reply', 'acknowledgement', 'sign_in_link', 'rule', 'agent_notice', 'survey'));
