-- The knowledge base: categories, articles and their translations with every version kept, training
-- progress, announcements with read receipts, and what the knowledge base lacks (searches that found
-- nothing, solved tickets no article helped). Same logical change as the SQLite file of the same name.

create table kb_category (
    id uuid not null constraint kb_category_pk primary key,
    parent_id uuid constraint kb_category_parent_fk references kb_category (id) on delete set null,
    position integer not null,
    created_at timestamptz not null
);

create table kb_category_name (
    category_id uuid not null constraint kb_category_name_category_fk
        references kb_category (id) on delete cascade,
    language text not null,
    name text not null,
    constraint kb_category_name_pk primary key (category_id, language)
);

create table kb_article (
    id uuid not null constraint kb_article_pk primary key,
    category_id uuid constraint kb_article_category_fk references kb_category (id) on delete set null,
    visibility text not null constraint kb_article_visibility_check
        check (visibility in ('public', 'internal', 'training')),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    views bigint not null default 0,
    helpful bigint not null default 0,
    unhelpful bigint not null default 0,
    deflections bigint not null default 0
);
create index kb_article_updated_idx on kb_article (updated_at, id);
create index kb_article_category_idx on kb_article (category_id, updated_at, id);
create index kb_article_visibility_idx on kb_article (visibility, updated_at, id);

-- Each translation at its latest version.
create table kb_translation (
    article_id uuid not null constraint kb_translation_article_fk references kb_article (id) on delete cascade,
    language text not null,
    title text not null,
    body_html text not null,
    body_text text not null,
    status text not null constraint kb_translation_status_check
        check (status in ('draft', 'published', 'archived')),
    version integer not null,
    author_id uuid not null constraint kb_translation_author_fk references agent (id),
    updated_at timestamptz not null,
    constraint kb_translation_pk primary key (article_id, language)
);

-- Every version ever saved, including the latest.
create table kb_version (
    article_id uuid not null constraint kb_version_article_fk references kb_article (id) on delete cascade,
    language text not null,
    version integer not null,
    title text not null,
    body_html text not null,
    status text not null,
    author_id uuid not null constraint kb_version_author_fk references agent (id),
    created_at timestamptz not null,
    constraint kb_version_pk primary key (article_id, language, version)
);

-- Metadata of files attached to articles; the content lives in attachment storage, addressed by sha256.
create table kb_attachment (
    id uuid not null constraint kb_attachment_pk primary key,
    article_id uuid not null constraint kb_attachment_article_fk references kb_article (id) on delete cascade,
    filename text not null,
    content_type text not null,
    size bigint not null,
    sha256 text not null,
    created_at timestamptz not null
);
create index kb_attachment_article_idx on kb_attachment (article_id, id);

-- Articles that helped answer a ticket (inserted into a reply).
create table kb_article_use (
    ticket_id uuid not null constraint kb_article_use_ticket_fk references ticket (id) on delete cascade,
    article_id uuid not null constraint kb_article_use_article_fk references kb_article (id) on delete cascade,
    used_at timestamptz not null,
    constraint kb_article_use_pk primary key (ticket_id, article_id)
);
create index kb_article_use_article_idx on kb_article_use (article_id);

-- Training articles an agent has worked through.
create table kb_training (
    agent_id uuid not null constraint kb_training_agent_fk references agent (id) on delete cascade,
    article_id uuid not null constraint kb_training_article_fk references kb_article (id) on delete cascade,
    completed_at timestamptz not null,
    constraint kb_training_pk primary key (agent_id, article_id)
);

create table announcement (
    id uuid not null constraint announcement_pk primary key,
    title text not null,
    body_html text not null,
    author_id uuid not null constraint announcement_author_fk references agent (id),
    published_at timestamptz not null
);

create table announcement_read (
    announcement_id uuid not null constraint announcement_read_announcement_fk
        references announcement (id) on delete cascade,
    agent_id uuid not null constraint announcement_read_agent_fk references agent (id) on delete cascade,
    read_at timestamptz not null,
    constraint announcement_read_pk primary key (announcement_id, agent_id)
);
create index announcement_read_agent_idx on announcement_read (agent_id, announcement_id);

-- Searches that found nothing, counted.
create table search_miss (
    text text not null,
    language text not null,
    by_customers boolean not null,
    count bigint not null,
    last_at timestamptz not null,
    constraint search_miss_pk primary key (text, language, by_customers)
);
create index search_miss_last_idx on search_miss (last_at);

-- Solved tickets, newest first, for the list of tickets no article helped.
create index ticket_solved_idx on ticket (solved_at, id) where solved_at is not null;
