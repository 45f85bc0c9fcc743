-- Reports. Each UTC day's tickets are kept packed in one row of report_segment (see ayuda-store's
-- codec/report.rs), so that a year of figures reads a few hundred rows, not every ticket. The database marks
-- a day stale in report_dirty whenever a ticket created that day is written, deleted, surveyed or its
-- organization changes kind, by triggers, so no write path can forget; the application rebuilds stale
-- days. Days are counted from 1970-01-01 UTC (created_at is in microseconds). Same logical change as the
-- PostgreSQL file of the same name.

CREATE TABLE report_segment (
    day      INTEGER NOT NULL CONSTRAINT report_segment_pk PRIMARY KEY,
    tickets  INTEGER NOT NULL,
    data     BLOB    NOT NULL
);

CREATE TABLE report_dirty (
    day INTEGER NOT NULL CONSTRAINT report_dirty_pk PRIMARY KEY
) WITHOUT ROWID;

-- Every day that has tickets starts stale, so the first refresh builds them all.
INSERT INTO report_dirty (day) SELECT DISTINCT created_at / 86400000000 FROM ticket;

CREATE TRIGGER report_dirty_ticket_insert AFTER INSERT ON ticket
BEGIN
    INSERT OR IGNORE INTO report_dirty (day) VALUES (NEW.created_at / 86400000000);
END;

CREATE TRIGGER report_dirty_ticket_update AFTER UPDATE ON ticket
BEGIN
    INSERT OR IGNORE INTO report_dirty (day) VALUES (NEW.created_at / 86400000000);
    INSERT OR IGNORE INTO report_dirty (day) VALUES (OLD.created_at / 86400000000);
END;

CREATE TRIGGER report_dirty_ticket_delete AFTER DELETE ON ticket
BEGIN
    INSERT OR IGNORE INTO report_dirty (day) VALUES (OLD.created_at / 86400000000);
END;

-- A survey comment is part of the day's figures but does not write the ticket row.
CREATE TRIGGER report_dirty_survey_comment AFTER UPDATE OF comment ON satisfaction_survey
BEGIN
    INSERT OR IGNORE INTO report_dirty (day)
        SELECT created_at / 86400000000 FROM ticket WHERE id = NEW.ticket_id;
END;

-- Reports filter by the kind of customer, read from the organization when a day is built.
CREATE TRIGGER report_dirty_organization_kind AFTER UPDATE OF kind ON organization
WHEN NEW.kind <> OLD.kind
BEGIN
    INSERT OR IGNORE INTO report_dirty (day)
        SELECT DISTINCT created_at / 86400000000 FROM ticket WHERE organization_id = NEW.id;
END;
