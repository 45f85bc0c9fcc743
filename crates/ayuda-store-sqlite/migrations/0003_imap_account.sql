-- IMAP positions are scoped to the account and folder: a mailbox pointed at another account or folder counts
-- UIDs afresh, and equal UIDVALIDITY values (servers derive them from the creation time) must not make its
-- messages look already received. Same logical change as the PostgreSQL file of the same name.

-- `ImapAccount::position_key` of the server, user and folder; NULL for mail that did not come over IMAP.
ALTER TABLE inbound_email ADD COLUMN imap_account INTEGER;
DROP INDEX inbound_email_imap_key;
CREATE UNIQUE INDEX inbound_email_imap_key
    ON inbound_email (mailbox_id, imap_account, imap_uid_validity, imap_uid) WHERE imap_uid IS NOT NULL;
