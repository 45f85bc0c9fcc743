-- IMAP positions are scoped to the account and folder: a mailbox pointed at another account or folder counts
-- UIDs afresh, and equal UIDVALIDITY values (servers derive them from the creation time) must not make its
-- messages look already received. Same logical change as the SQLite file of the same name.

-- `ImapAccount::position_key` of the server, user and folder; null for mail that did not come over IMAP.
alter table inbound_email add column imap_account bigint;
drop index inbound_email_imap_key;
create unique index inbound_email_imap_key
    on inbound_email (mailbox_id, imap_account, imap_uid_validity, imap_uid) where imap_uid is not null;
