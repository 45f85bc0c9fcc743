//! The list's query plans on a table of realistic size: a filtered page must come from an index walked in
//! list order, never from sorting every matching ticket.

#[path = "../../tests/common/mod.rs"]
mod common;

use ayuda_core::id::{AgentId, GroupId, TicketId};
use ayuda_core::permission::TicketScope;
use ayuda_core::text::Tag;
use ayuda_core::ticket::Status;
use ayuda_store::{TicketCursor, TicketOrder, TicketQuery};
use sqlx::{PgPool, Postgres, QueryBuilder};

use super::push_list_query;
use crate::PgStore;
use common::TestDatabase;

/// 20,000 tickets of one requester, spread over the statuses, each with one of 20 topic tags and every tenth
/// also tagged `vip`; then fresh statistics. Update times are a permutation of the insertion order, as in real
/// use, where the physical order of the rows tells little about when they were last updated.
const SEED: &str = "
    insert into contact (id, name, notes, custom_fields, created_at, updated_at)
    values ('01900000-0000-7000-8000-000000000001', 'Ana', '', '{}', now(), now());
    insert into ticket (id, number, subject, status, priority, ticket_type, channel, requester_id, tags,
                        custom_fields, language, links, created_at, updated_at, version)
    select gen_random_uuid(), n, 'Ticket ' || n,
           (array['new', 'open', 'pending', 'on_hold', 'solved', 'closed'])[1 + n % 6],
           'normal', 'question', 'email', '01900000-0000-7000-8000-000000000001',
           case when n % 10 = 0 then '[\"topic-' || n % 20 || '\", \"vip\"]' else '[\"topic-' || n % 20 || '\"]' end::jsonb,
           '{}', 'en', '[]', now() - (n * 7919 % 20000) * interval '1 minute',
           now() - (n * 7919 % 20000) * interval '1 minute', 1
    from generate_series(1, 20000) as n;
    insert into ticket_tag (tag, updated_at, ticket_id)
    select tag, updated_at, id from ticket, jsonb_array_elements_text(tags) as tag;
    analyze;
";

/// The plan of the list query for `query`, one line per row.
async fn plan(pool: &PgPool, query: &TicketQuery) -> String {
    let mut explain = QueryBuilder::<Postgres>::new("explain (costs off) ");
    push_list_query(&mut explain, query, 50);
    let lines: Vec<String> = explain
        .build_query_scalar()
        .fetch_all(pool)
        .await
        .expect("explain the list query");
    lines.join("\n")
}

fn assert_walks(plan: &str, index: &str) {
    assert!(
        !plan.contains("Sort"),
        "the list sorts instead of walking an index:\n{plan}"
    );
    assert!(
        plan.contains(index),
        "the list does not use {index}:\n{plan}"
    );
}

#[tokio::test]
async fn status_and_tag_filtered_pages_walk_an_index_in_list_order() {
    let Some(database) = TestDatabase::create().await else {
        return;
    };
    let store = PgStore::connect(&database.url, 2).await.expect("connect");
    store.migrate().await.expect("migrate");
    sqlx::raw_sql(SEED)
        .execute(&store.pool)
        .await
        .expect("seed tickets");

    let agent = TicketScope::Agent {
        agent_id: AgentId::generate(),
        group_ids: vec![GroupId::generate()],
    };
    // A cursor in the middle of the seeded tickets, as on page 100 of 200.
    let middle = ayuda_core::Timestamp::now() - jiff::SignedDuration::from_mins(10_000);
    let cursor = TicketCursor {
        updated_at: middle,
        id: TicketId::generate(),
    };

    let mut open = TicketQuery::new(TicketScope::All, 50);
    open.statuses = vec![Status::Open];
    assert_walks(&plan(&store.pool, &open).await, "ticket_status_updated_idx");
    // Later pages and the other direction walk the same index.
    open.after = Some(cursor);
    assert_walks(&plan(&store.pool, &open).await, "ticket_status_updated_idx");
    open.order = TicketOrder::UpdatedAsc;
    assert_walks(&plan(&store.pool, &open).await, "ticket_status_updated_idx");

    let mut vip = TicketQuery::new(agent, 50);
    vip.tag = Some(Tag::parse("vip").expect("a valid tag"));
    assert_walks(&plan(&store.pool, &vip).await, "ticket_tag_pk");
    vip.after = Some(cursor);
    assert_walks(&plan(&store.pool, &vip).await, "ticket_tag_pk");
}
