-- Reports. Each UTC day's tickets are kept packed in one row of report_segment (see ayuda-store's
-- codec/report.rs), so that a year of figures reads a few hundred rows, not every ticket. The database marks
-- a day stale in report_dirty whenever a ticket created that day is written, deleted, surveyed or its
-- organization changes kind, by triggers, so no write path can forget; the application rebuilds stale
-- days. Days are counted from 1970-01-01 UTC. Same logical change as the SQLite file of the same name.

create table report_segment (
    day integer not null constraint report_segment_pk primary key,
    tickets integer not null,
    data bytea not null
);

create table report_dirty (
    day integer not null constraint report_dirty_pk primary key
);

create function report_day(at timestamptz) returns integer
    language sql immutable parallel safe
    as $$ select floor(extract(epoch from at) / 86400)::integer $$;

-- Every day that has tickets starts stale, so the first refresh builds them all.
insert into report_dirty (day) select distinct report_day(created_at) from ticket;

create function report_dirty_ticket() returns trigger language plpgsql as $$
begin
    if tg_op <> 'INSERT' then
        insert into report_dirty (day) values (report_day(old.created_at)) on conflict do nothing;
    end if;
    if tg_op <> 'DELETE' then
        insert into report_dirty (day) values (report_day(new.created_at)) on conflict do nothing;
    end if;
    return null;
end
$$;

create trigger report_dirty_ticket after insert or update or delete on ticket
    for each row execute function report_dirty_ticket();

-- A survey comment is part of the day's figures but does not write the ticket row.
create function report_dirty_survey_comment() returns trigger language plpgsql as $$
begin
    insert into report_dirty (day)
        select report_day(created_at) from ticket where id = new.ticket_id
        on conflict do nothing;
    return null;
end
$$;

create trigger report_dirty_survey_comment after update of comment on satisfaction_survey
    for each row execute function report_dirty_survey_comment();

-- Reports filter by the kind of customer, read from the organization when a day is built.
create function report_dirty_organization_kind() returns trigger language plpgsql as $$
begin
    insert into report_dirty (day)
        select distinct report_day(created_at) from ticket where organization_id = new.id
        on conflict do nothing;
    return null;
end
$$;

create trigger report_dirty_organization_kind after update of kind on organization
    for each row when (new.kind is distinct from old.kind)
    execute function report_dirty_organization_kind();
