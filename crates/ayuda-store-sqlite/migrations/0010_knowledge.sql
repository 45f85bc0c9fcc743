-- The knowledge base: categories, articles and their translations with every version kept, training
-- progress, announcements with read receipts, and what the knowledge base lacks (searches that found
-- nothing, solved tickets no article helped). Same logical change as the PostgreSQL file of the same name.

CREATE TABLE kb_category (
    id         BLOB    NOT NULL CONSTRAINT kb_category_pk PRIMARY KEY,
    parent_id  BLOB    CONSTRAINT kb_category_parent_fk REFERENCES kb_category (id) ON DELETE SET NULL,
    position   INTEGER NOT NULL,
    created_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE kb_category_name (
    category_id BLOB NOT NULL CONSTRAINT kb_category_name_category_fk
                REFERENCES kb_category (id) ON DELETE CASCADE,
    language    TEXT NOT NULL,
    name        TEXT NOT NULL,
    CONSTRAINT kb_category_name_pk PRIMARY KEY (category_id, language)
) WITHOUT ROWID;

CREATE TABLE kb_article (
    id          BLOB    NOT NULL CONSTRAINT kb_article_pk PRIMARY KEY,
    category_id BLOB    CONSTRAINT kb_article_category_fk REFERENCES kb_category (id) ON DELETE SET NULL,
    visibility  TEXT    NOT NULL CONSTRAINT kb_article_visibility_check
                CHECK (visibility = 'public' OR visibility = 'internal' OR visibility = 'training'),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    views       INTEGER NOT NULL DEFAULT 0,
    helpful     INTEGER NOT NULL DEFAULT 0,
    unhelpful   INTEGER NOT NULL DEFAULT 0,
    deflections INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX kb_article_updated_idx ON kb_article (updated_at, id);
CREATE INDEX kb_article_category_idx ON kb_article (category_id, updated_at, id);
CREATE INDEX kb_article_visibility_idx ON kb_article (visibility, updated_at, id);

-- Each translation at its latest version.
CREATE TABLE kb_translation (
    article_id BLOB    NOT NULL CONSTRAINT kb_translation_article_fk
               REFERENCES kb_article (id) ON DELETE CASCADE,
    language   TEXT    NOT NULL,
    title      TEXT    NOT NULL,
    body_html  TEXT    NOT NULL,
    body_text  TEXT    NOT NULL,
    status     TEXT    NOT NULL CONSTRAINT kb_translation_status_check
               CHECK (status = 'draft' OR status = 'published' OR status = 'archived'),
    version    INTEGER NOT NULL,
    author_id  BLOB    NOT NULL CONSTRAINT kb_translation_author_fk REFERENCES agent (id),
    updated_at INTEGER NOT NULL,
    CONSTRAINT kb_translation_pk PRIMARY KEY (article_id, language)
) WITHOUT ROWID;

-- Every version ever saved, including the latest.
CREATE TABLE kb_version (
    article_id BLOB    NOT NULL CONSTRAINT kb_version_article_fk REFERENCES kb_article (id) ON DELETE CASCADE,
    language   TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    title      TEXT    NOT NULL,
    body_html  TEXT    NOT NULL,
    status     TEXT    NOT NULL,
    author_id  BLOB    NOT NULL CONSTRAINT kb_version_author_fk REFERENCES agent (id),
    created_at INTEGER NOT NULL,
    CONSTRAINT kb_version_pk PRIMARY KEY (article_id, language, version)
) WITHOUT ROWID;

-- Metadata of files attached to articles; the content lives in attachment storage, addressed by sha256.
CREATE TABLE kb_attachment (
    id           BLOB    NOT NULL CONSTRAINT kb_attachment_pk PRIMARY KEY,
    article_id   BLOB    NOT NULL CONSTRAINT kb_attachment_article_fk
                 REFERENCES kb_article (id) ON DELETE CASCADE,
    filename     TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT    NOT NULL,
    created_at   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX kb_attachment_article_idx ON kb_attachment (article_id, id);

-- Articles that helped answer a ticket (inserted into a reply).
CREATE TABLE kb_article_use (
    ticket_id  BLOB    NOT NULL CONSTRAINT kb_article_use_ticket_fk REFERENCES ticket (id) ON DELETE CASCADE,
    article_id BLOB    NOT NULL CONSTRAINT kb_article_use_article_fk
               REFERENCES kb_article (id) ON DELETE CASCADE,
    used_at    INTEGER NOT NULL,
    CONSTRAINT kb_article_use_pk PRIMARY KEY (ticket_id, article_id)
) WITHOUT ROWID;
CREATE INDEX kb_article_use_article_idx ON kb_article_use (article_id);

-- Training articles an agent has worked through.
CREATE TABLE kb_training (
    agent_id     BLOB    NOT NULL CONSTRAINT kb_training_agent_fk REFERENCES agent (id) ON DELETE CASCADE,
    article_id   BLOB    NOT NULL CONSTRAINT kb_training_article_fk
                 REFERENCES kb_article (id) ON DELETE CASCADE,
    completed_at INTEGER NOT NULL,
    CONSTRAINT kb_training_pk PRIMARY KEY (agent_id, article_id)
) WITHOUT ROWID;

CREATE TABLE announcement (
    id           BLOB    NOT NULL CONSTRAINT announcement_pk PRIMARY KEY,
    title        TEXT    NOT NULL,
    body_html    TEXT    NOT NULL,
    author_id    BLOB    NOT NULL CONSTRAINT announcement_author_fk REFERENCES agent (id),
    published_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE announcement_read (
    announcement_id BLOB    NOT NULL CONSTRAINT announcement_read_announcement_fk
                    REFERENCES announcement (id) ON DELETE CASCADE,
    agent_id        BLOB    NOT NULL CONSTRAINT announcement_read_agent_fk
                    REFERENCES agent (id) ON DELETE CASCADE,
    read_at         INTEGER NOT NULL,
    CONSTRAINT announcement_read_pk PRIMARY KEY (announcement_id, agent_id)
) WITHOUT ROWID;
CREATE INDEX announcement_read_agent_idx ON announcement_read (agent_id, announcement_id);

-- Searches that found nothing, counted.
CREATE TABLE search_miss (
    text         TEXT    NOT NULL,
    language     TEXT    NOT NULL,
    by_customers INTEGER NOT NULL CONSTRAINT search_miss_by_customers_check CHECK (by_customers IN (0, 1)),
    count        INTEGER NOT NULL,
    last_at      INTEGER NOT NULL,
    CONSTRAINT search_miss_pk PRIMARY KEY (text, language, by_customers)
) WITHOUT ROWID;
CREATE INDEX search_miss_last_idx ON search_miss (last_at);

-- Solved tickets, newest first, for the list of tickets no article helped.
CREATE INDEX ticket_solved_idx ON ticket (solved_at, id) WHERE solved_at IS NOT NULL;
