-- Notifications by email. Each agent chooses the kinds of notification they are also emailed about
-- (agent_preference.email_notices: a JSON array of kinds, null for the default); a new
-- notification waits for the mail sweep (notification.mail_pending), which sends each agent one digest of
-- what they were told since; and the outbox carries that digest as a new kind, 'agent_notice', which
-- belongs to no ticket and keeps its subject and text. Notifications made before this change are not
-- mailed. Same logical change as the SQLite file of the same name.

alter table agent_preference add column email_notices text;

alter table notification add column mail_pending boolean not null default false;
-- The mail sweep's queue, oldest first.
create index notification_mail_idx on notification (id) where mail_pending;

alter table outbox drop constraint outbox_kind_check;
alter table outbox add constraint outbox_kind_check
    check (kind in ('reply', 'acknowledgement', 'sign_in_link', 'rule', 'agent_notice'));
alter table outbox drop constraint outbox_ticket_check;
alter table outbox add constraint outbox_ticket_check
    check ((ticket_id is null) = (kind in ('sign_in_link', 'agent_notice')));
alter table outbox drop constraint outbox_content_check;
alter table outbox add constraint outbox_content_check
    check ((kind in ('rule', 'agent_notice')) = (content_text is not null));
