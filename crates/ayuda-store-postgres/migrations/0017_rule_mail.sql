-- Mail that rules send customers: a new outbox kind, 'rule', whose subject and text are kept with it.
-- Same logical change as the SQLite file of the same name.

alter table outbox add column content_subject text;
alter table outbox add column content_text text;
alter table outbox drop constraint outbox_kind_check;
alter table outbox add constraint outbox_kind_check
    check (kind in ('reply', 'acknowledgement', 'sign_in_link', 'rule'));
alter table outbox add constraint outbox_content_check check ((kind = 'rule') = (content_text is not null));
