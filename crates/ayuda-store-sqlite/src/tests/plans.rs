//! The ticket list's query plans: each single filter must walk an index in list order, never sort.

use ayuda_core::id::{AgentId, ContactId, GroupId, OrganizationId, TicketId};
use ayuda_core::permission::TicketScope;
use ayuda_core::text::Tag;
use ayuda_core::ticket::{Channel, Priority, Status};
use ayuda_store::{StoreError, TicketCursor, TicketOrder, TicketQuery};
use rusqlite::params_from_iter;

use super::fixtures::{now, store};
use crate::SqliteStore;
use crate::ticket_reads::list_sql;

/// The `EXPLAIN QUERY PLAN` details of the list SQL for `query`, one step a line.
async fn plan(store: &SqliteStore, query: &TicketQuery) -> String {
    let (sql, args) = list_sql(query, 50);
    store
        .inner
        .readers
        .with_connection(move |connection| {
            let mut statement = connection
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .map_err(StoreError::backend)?;
            let steps = statement
                .query_map(params_from_iter(args), |row| row.get::<_, String>(3))
                .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
                .map_err(StoreError::backend)?;
            Ok(steps.join("\n"))
        })
        .await
        .unwrap()
}

fn all(limit: u32) -> TicketQuery {
    TicketQuery::new(TicketScope::All, limit)
}

/// One query per single filter, with the index it must use.
fn single_filters() -> Vec<(TicketQuery, &'static str)> {
    let mut cases = Vec::new();
    let mut add = |edit: &dyn Fn(&mut TicketQuery), index: &'static str| {
        let mut query = all(50);
        edit(&mut query);
        cases.push((query, index));
    };
    add(&|_| {}, "ticket_updated_idx");
    add(
        &|q| q.statuses = vec![Status::Open],
        "ticket_status_updated_idx",
    );
    add(
        &|q| q.priority = Some(Priority::High),
        "ticket_priority_updated_idx",
    );
    add(
        &|q| q.group_id = Some(GroupId::generate()),
        "ticket_group_updated_idx",
    );
    add(
        &|q| q.assignee_id = Some(AgentId::generate()),
        "ticket_assignee_updated_idx",
    );
    add(
        &|q| q.requester_id = Some(ContactId::generate()),
        "ticket_requester_updated_idx",
    );
    add(
        &|q| q.organization_id = Some(OrganizationId::generate()),
        "ticket_organization_updated_idx",
    );
    add(
        &|q| q.channel = Some(Channel::Phone),
        "ticket_channel_updated_idx",
    );
    add(
        &|q| q.tag = Some(Tag::parse("vip").unwrap()),
        "SEARCH g USING PRIMARY KEY (tag=?",
    );
    cases
}

#[tokio::test]
async fn single_filters_walk_their_index_without_sorting() {
    let (store, _dir) = store().await;
    let cursor = TicketCursor {
        updated_at: now(),
        id: TicketId::generate(),
    };
    for (query, index) in single_filters() {
        for order in [TicketOrder::UpdatedDesc, TicketOrder::UpdatedAsc] {
            for after in [None, Some(cursor)] {
                let query = TicketQuery {
                    order,
                    after,
                    ..query.clone()
                };
                let plan = plan(&store, &query).await;
                assert!(!plan.contains("TEMP B-TREE"), "{query:?} sorts:\n{plan}");
                assert!(
                    plan.contains(index),
                    "{query:?} does not use {index}:\n{plan}"
                );
            }
        }
    }
}

#[tokio::test]
async fn status_and_tag_filters_descending_do_not_sort() {
    let (store, _dir) = store().await;
    let mut by_status = all(50);
    by_status.statuses = vec![Status::New];
    let mut by_tag = all(50);
    by_tag.tag = Some(Tag::parse("refund").unwrap());
    for query in [by_status, by_tag] {
        assert_eq!(query.order, TicketOrder::UpdatedDesc);
        let plan = plan(&store, &query).await;
        assert!(!plan.contains("USE TEMP B-TREE"), "{plan}");
        assert!(
            plan.contains("USING INDEX") || plan.contains("USING PRIMARY KEY"),
            "{plan}"
        );
    }
}

#[tokio::test]
async fn an_agents_scope_keeps_the_list_order() {
    let (store, _dir) = store().await;
    let scope = TicketScope::Agent {
        agent_id: AgentId::generate(),
        group_ids: vec![GroupId::generate()],
    };
    let plan = plan(&store, &TicketQuery::new(scope, 50)).await;
    assert!(!plan.contains("TEMP B-TREE"), "{plan}");
    assert!(plan.contains("ticket_updated_idx"), "{plan}");
}
