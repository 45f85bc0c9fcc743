-- Service levels: business calendars, SLA policies, each ticket's SLA clocks, history entries for SLA alerts
-- and escalations, and agents' notifications. Same logical change as the SQLite file of the same name.

create table business_calendar (
    id uuid not null constraint business_calendar_pk primary key,
    name text not null,
    -- The name lowercased by Ayuda (`ayuda_store::codec::lookup_key`): names are unique case-insensitively.
    name_key text not null constraint business_calendar_name_key_key unique,
    -- An IANA time zone name such as Europe/Madrid.
    time_zone text not null,
    -- JSON array of seven arrays (Monday first) of intervals like "09:00-17:00".
    hours text not null,
    -- JSON array of holidays: "2026-12-24" (that date) or "12-25" (every year).
    holidays text not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
);

create table sla_policy (
    id uuid not null constraint sla_policy_pk primary key,
    name text not null,
    name_key text not null constraint sla_policy_name_key_key unique,
    -- Policies are tried in this order; the first that matches a ticket applies.
    position integer not null,
    -- JSON object of lists (priorities, service_tiers, channels, types, groups); an empty list allows any.
    conditions text not null,
    -- Targets in working minutes; null sets none.
    first_response_minutes bigint,
    next_response_minutes bigint,
    resolution_minutes bigint,
    -- Null counts every hour of every day.
    calendar_id uuid constraint sla_policy_calendar_fk references business_calendar (id),
    warn_before_minutes bigint not null,
    active boolean not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
);
-- Lets a calendar's deletion be refused without a scan.
create index sla_policy_calendar_idx on sla_policy (calendar_id);

-- A ticket's SLA clocks as JSON (null when no policy applies), and the earliest alert they owe, which the
-- SLA sweep finds through the partial index.
alter table ticket add column sla text, add column sla_alert_at timestamptz;
create index ticket_sla_alert_idx on ticket (sla_alert_at) where sla_alert_at is not null;

-- Two new kinds of history entry: 'sla' (field: the metric; from_value: the deadline; to_value: warning or
-- breach) and 'escalated' (field: group or assignee; from_value and to_value: ids; detail: the reason).
alter table ticket_event
    add column detail text,
    drop constraint ticket_event_kind_check,
    add constraint ticket_event_kind_check
        check (kind in ('created', 'field', 'message_added', 'sla', 'escalated')),
    drop constraint ticket_event_field_check,
    add constraint ticket_event_field_check check ((kind in ('field', 'sla', 'escalated')) = (field is not null));
-- Escalations and SLA alerts by time, for reports.
create index ticket_event_kind_idx on ticket_event (kind, at) where kind in ('sla', 'escalated');

-- What an agent is told in the workspace (and by email): assigned to you, customer replied, SLA warning or
-- breach, escalated to you.
create table notification (
    id uuid not null constraint notification_pk primary key,
    agent_id uuid not null constraint notification_agent_fk references agent (id) on delete cascade,
    ticket_id uuid not null constraint notification_ticket_fk references ticket (id) on delete cascade,
    kind text not null constraint notification_kind_check
        check (kind in ('assigned', 'customer_replied', 'sla_warning', 'sla_breach', 'escalated')),
    -- Display text that goes with it: the SLA metric, the escalation's reason.
    detail text not null,
    created_at timestamptz not null,
    read_at timestamptz
);
-- An agent's notifications, newest first; their unread ones, counted for the badge.
create index notification_agent_idx on notification (agent_id, id);
create index notification_unread_idx on notification (agent_id) where read_at is null;
create index notification_ticket_idx on notification (ticket_id);
