//! Ticket lists: each filter alone and in combination, both orders, ties broken by id, and keyset
//! pagination that visits every matching ticket exactly once.

use std::sync::Arc;

use ayuda_core::id::{AgentId, TicketId};
use ayuda_core::permission::TicketScope;
use ayuda_core::ticket::{Channel, Priority, Status};
use ayuda_store::{Store, TicketCursor, TicketOrder, TicketQuery};
use uuid::Uuid;

use crate::fixtures::{self, at};
use crate::suite::world::{TICKETS, World, ids, walk};

fn all() -> TicketQuery {
    TicketQuery::new(TicketScope::All, ayuda_store::MAX_PAGE)
}

/// A filter that matched nothing or everything would prove little.
fn assert_selective(count: usize, what: &str) {
    assert!(
        0 < count && count < TICKETS,
        "{what} should match some tickets but not all, matched {count}"
    );
}

pub async fn list_tickets_filters_by_statuses(store: Arc<dyn Store>) {
    let world = World::seed(&*store).await;
    for status in Status::ALL {
        let count = world
            .check(
                &*store,
                &TicketQuery {
                    statuses: vec![*status],
                    ..all()
                },
                |t| t.status == *status,
            )
            .await;
        assert_selective(count, status.as_str());
    }
    let several = vec![Status::Pending, Status::OnHold, Status::Solved];
    let count = world
        .check(
            &*store,
            &TicketQuery {
                statuses: several.clone(),
                ..all()
            },
            |t| several.contains(&t.status),
        )
        .await;
    assert_selective(count, "several statuses");
    let every = world
        .check(
            &*store,
            &TicketQuery {
                statuses: Status::ALL.to_vec(),
                ..all()
            },
            |_| true,
        )
        .await;
    assert_eq!(every, TICKETS);
    assert_eq!(
        world.check(&*store, &all(), |_| true).await,
        TICKETS,
        "no status means any status"
    );
}

pub async fn list_tickets_filters_by_priority(store: Arc<dyn Store>) {
    let world = World::seed(&*store).await;
    for priority in Priority::ALL {
        let query = TicketQuery {
            priority: Some(*priority),
            ..all()
        };
        assert_selective(
            world
                .check(&*store, &query, |t| t.priority == *priority)
                .await,
            priority.as_str(),
        );
    }
}

pub async fn list_tickets_filters_by_group_and_assignee(store: Arc<dyn Store>) {
    let world = World::seed(&*store).await;
    for group in [world.sales, world.billing, world.tech] {
        let query = TicketQuery {
            group_id: Some(group),
            ..all()
        };
        assert_selective(
            world
                .check(&*store, &query, |t| t.group_id == Some(group))
                .await,
            "a group",
        );
    }
    for agent in [world.ana, world.luis, world.eva] {
        let query = TicketQuery {
            assignee_id: Some(agent),
            ..all()
        };
        assert_selective(
            world
                .check(&*store, &query, |t| t.assignee_id == Some(agent))
                .await,
            "an assignee",
        );
    }
    let nobody = TicketQuery {
        assignee_id: Some(AgentId::generate()),
        ..all()
    };
    assert_eq!(world.check(&*store, &nobody, |_| false).await, 0);
}

pub async fn list_tickets_filters_unassigned_and_by_groups_or_none(store: Arc<dyn Store>) {
    let world = World::seed(&*store).await;
    let unassigned = TicketQuery {
        unassigned: true,
        ..all()
    };
    assert_selective(
        world
            .check(&*store, &unassigned, |t| t.assignee_id.is_none())
            .await,
        "unassigned",
    );
    let mine = vec![world.sales, world.tech];
    let in_mine = TicketQuery {
        groups_or_none: Some(mine.clone()),
        ..all()
    };
    assert_selective(
        world
            .check(&*store, &in_mine, |t| {
                t.group_id.is_none_or(|g| mine.contains(&g))
            })
            .await,
        "in some groups or none",
    );
    // An agent in no group sees the unassigned tickets of no group.
    let no_groups = TicketQuery {
        groups_or_none: Some(Vec::new()),
        unassigned: true,
        ..all()
    };
    world
        .check(&*store, &no_groups, |t| {
            t.group_id.is_none() && t.assignee_id.is_none()
        })
        .await;
}

pub async fn list_tickets_filters_by_requester_and_organization(store: Arc<dyn Store>) {
    let world = World::seed(&*store).await;
    for contact in world.contacts {
        let query = TicketQuery {
            requester_id: Some(contact),
            ..all()
        };
        assert_selective(
            world
                .check(&*store, &query, |t| t.requester_id == contact)
                .await,
            "a requester",
        );
    }
    // The organization a ticket was created with counts, not the requester's current one.
    for organization in [world.acme, world.globex] {
        let query = TicketQuery {
            organization_id: Some(organization),
            ..all()
        };
        assert_selective(
            world
                .check(&*store, &query, |t| t.organization_id == Some(organization))
                .await,
            "an organization",
        );
    }
}

pub async fn list_tickets_filters_by_tag(store: Arc<dyn Store>) {
    let world = World::seed(&*store).await;
    // `rewritten` exists only through write_ticket; `vip` and `billing` were both removed from and added to
    // some tickets by a write.
    for raw in ["vip", "refund", "billing", "rewritten"] {
        let tag = fixtures::tag(raw);
        let query = TicketQuery {
            tag: Some(tag.clone()),
            ..all()
        };
        assert_selective(
            world
                .check(&*store, &query, |t| t.tags.contains(&tag))
                .await,
            raw,
        );
    }
    let unused = TicketQuery {
        tag: Some(fixtures::tag("unused")),
        ..all()
    };
    assert_eq!(world.check(&*store, &unused, |_| false).await, 0);
}

pub async fn list_tickets_filters_by_channel(store: Arc<dyn Store>) {
    let world = World::seed(&*store).await;
    for channel in [
        Channel::Email,
        Channel::Web,
        Channel::Phone,
        Channel::Api,
        Channel::Chat,
        Channel::Fax,
    ] {
        let query = TicketQuery {
            channel: Some(channel),
            ..all()
        };
        assert_selective(
            world.check(&*store, &query, |t| t.channel == channel).await,
            channel.as_str(),
        );
    }
    let query = TicketQuery {
        channel: Some(Channel::Postal),
        ..all()
    };
    assert_eq!(world.check(&*store, &query, |_| false).await, 0);
}

pub async fn list_tickets_filters_by_updated_since_inclusively(store: Arc<dyn Store>) {
    let world = World::seed(&*store).await;
    // at(200) is the tied tickets' exact update time: "at or after" includes all of them.
    for since in [
        at(200),
        at(200) + jiff::SignedDuration::from_micros(1),
        at(415),
    ] {
        let query = TicketQuery {
            updated_since: Some(since),
            ..all()
        };
        assert_selective(
            world
                .check(&*store, &query, |t| t.updated_at >= since)
                .await,
            "updated_since",
        );
    }
    let before_all = TicketQuery {
        updated_since: Some(at(-1)),
        ..all()
    };
    assert_eq!(world.check(&*store, &before_all, |_| true).await, TICKETS);
    let after_all = TicketQuery {
        updated_since: Some(at(100_000)),
        ..all()
    };
    assert_eq!(world.check(&*store, &after_all, |_| false).await, 0);
}

pub async fn list_tickets_combines_filters(store: Arc<dyn Store>) {
    let world = World::seed(&*store).await;
    let statuses = vec![Status::New, Status::Open, Status::Pending];
    let vip = fixtures::tag("vip");

    let waiting = vec![Status::OnHold, Status::Closed];
    let query = TicketQuery {
        statuses: waiting.clone(),
        group_id: Some(world.sales),
        ..all()
    };
    let count = world
        .check(&*store, &query, |t| {
            waiting.contains(&t.status) && t.group_id == Some(world.sales)
        })
        .await;
    assert_selective(count, "statuses and group");

    let query = TicketQuery {
        tag: Some(vip.clone()),
        statuses: statuses.clone(),
        ..all()
    };
    let count = world
        .check(&*store, &query, |t| {
            t.tags.contains(&vip) && statuses.contains(&t.status)
        })
        .await;
    assert_selective(count, "tag and statuses");

    let query = TicketQuery {
        tag: Some(vip.clone()),
        updated_since: Some(at(150)),
        ..all()
    };
    let count = world
        .check(&*store, &query, |t| {
            t.tags.contains(&vip) && t.updated_at >= at(150)
        })
        .await;
    assert_selective(count, "tag and updated_since");

    let query = TicketQuery {
        organization_id: Some(world.acme),
        priority: Some(Priority::Low),
        ..all()
    };
    let count = world
        .check(&*store, &query, |t| {
            t.organization_id == Some(world.acme) && t.priority == Priority::Low
        })
        .await;
    assert_selective(count, "organization and priority");

    let query = TicketQuery {
        requester_id: Some(world.contacts[1]),
        channel: Some(Channel::Email),
        ..all()
    };
    let count = world
        .check(&*store, &query, |t| {
            t.requester_id == world.contacts[1] && t.channel == Channel::Email
        })
        .await;
    assert_selective(count, "requester and channel");

    // Every filter at once, set from one ticket: it is found, and nothing else.
    let target = world.tickets[21].clone();
    let query = TicketQuery {
        statuses: vec![target.status],
        priority: Some(target.priority),
        group_id: target.group_id,
        assignee_id: target.assignee_id,
        requester_id: Some(target.requester_id),
        organization_id: target.organization_id,
        tag: target.tags.first().cloned(),
        channel: Some(target.channel),
        updated_since: Some(target.updated_at),
        ..all()
    };
    let count = world
        .check(&*store, &query, |t| {
            t.status == target.status
                && t.priority == target.priority
                && (target.group_id.is_none() || t.group_id == target.group_id)
                && (target.assignee_id.is_none() || t.assignee_id == target.assignee_id)
                && t.requester_id == target.requester_id
                && (target.organization_id.is_none() || t.organization_id == target.organization_id)
                && target.tags.first().is_none_or(|tag| t.tags.contains(tag))
                && t.channel == target.channel
                && t.updated_at >= target.updated_at
        })
        .await;
    assert!(count >= 1, "the target ticket matches its own filters");

    // Filters and a narrow scope together.
    let scope = TicketScope::Agent {
        agent_id: world.luis,
        group_ids: vec![world.tech],
    };
    let query = TicketQuery {
        scope: scope.clone(),
        statuses: statuses.clone(),
        tag: Some(vip.clone()),
        ..all()
    };
    let count = world
        .check(&*store, &query, |t| {
            scope.contains(t) && statuses.contains(&t.status) && t.tags.contains(&vip)
        })
        .await;
    assert_selective(count, "scope, statuses and tag");
}

pub async fn list_tickets_orders_by_update_time_then_id_both_ways(store: Arc<dyn Store>) {
    let world = World::seed(&*store).await;
    let newest_first = store.list_tickets(&all()).await.unwrap().items;
    assert_eq!(
        ids(&newest_first),
        ids(&world.expected(TicketOrder::UpdatedDesc, |_| true))
    );
    for pair in newest_first.windows(2) {
        assert!(
            (pair[0].updated_at, pair[0].id) > (pair[1].updated_at, pair[1].id),
            "strictly descending"
        );
    }
    let oldest_first = store
        .list_tickets(&TicketQuery {
            order: TicketOrder::UpdatedAsc,
            ..all()
        })
        .await
        .unwrap()
        .items;
    let mut reversed = newest_first.clone();
    reversed.reverse();
    assert_eq!(
        ids(&oldest_first),
        ids(&reversed),
        "ascending is the exact reverse of descending"
    );

    // The tied tickets share updated_at, so their ids alone order them.
    let tied: Vec<TicketId> = oldest_first
        .iter()
        .filter(|t| t.updated_at == world.tickets[20].updated_at)
        .map(|t| t.id)
        .collect();
    let mut sorted = tied.clone();
    sorted.sort();
    assert_eq!(tied.len(), 3);
    assert_eq!(tied, sorted, "equal update times are ordered by id");
}

pub async fn list_tickets_pages_visit_every_ticket_exactly_once(store: Arc<dyn Store>) {
    let world = World::seed(&*store).await;
    for order in [TicketOrder::UpdatedDesc, TicketOrder::UpdatedAsc] {
        for limit in [1, 7, 10, 41, 42, 43] {
            let walked = walk(
                &*store,
                TicketQuery {
                    order,
                    limit,
                    ..all()
                },
            )
            .await;
            assert_eq!(
                ids(&walked),
                ids(&world.expected(order, |_| true)),
                "{order:?} in pages of {limit}"
            );
        }
        // The tag filter has its own index: walk it too, over a list that ends on a full page.
        let vip = fixtures::tag("vip");
        let expected = world.expected(order, |t| t.tags.contains(&vip));
        assert_eq!(
            expected.len() % 7,
            0,
            "the vip list should end on a full page of 7"
        );
        let walked = walk(
            &*store,
            TicketQuery {
                order,
                limit: 7,
                tag: Some(vip.clone()),
                ..all()
            },
        )
        .await;
        assert_eq!(
            ids(&walked),
            ids(&expected),
            "{order:?} vip tickets in pages of 7"
        );
        let walked = walk(
            &*store,
            TicketQuery {
                order,
                limit: 2,
                tag: Some(vip.clone()),
                ..all()
            },
        )
        .await;
        assert_eq!(
            ids(&walked),
            ids(&expected),
            "{order:?} vip tickets in pages of 2"
        );
    }
    // The last page of a list that ends exactly on a page boundary has no cursor (no empty page follows).
    let page = store
        .list_tickets(&TicketQuery {
            limit: TICKETS as u32,
            ..all()
        })
        .await
        .unwrap();
    assert_eq!(page.items.len(), TICKETS);
    assert_eq!(page.next_cursor, None);
}

pub async fn list_tickets_after_a_cursor_starts_strictly_after_it(store: Arc<dyn Store>) {
    let world = World::seed(&*store).await;
    let tie = world.tickets[20].updated_at;
    let cursors = [
        // Between tickets: before, inside and after the tied group, and a cursor of a stored ticket.
        TicketCursor {
            updated_at: tie,
            id: TicketId(Uuid::nil()),
        },
        TicketCursor {
            updated_at: tie,
            id: TicketId(Uuid::max()),
        },
        TicketCursor {
            updated_at: tie,
            id: world.tickets[21].id,
        },
        TicketCursor::of(&world.tickets[30]),
        TicketCursor {
            updated_at: at(205),
            id: TicketId::generate(),
        },
        TicketCursor {
            updated_at: at(-100),
            id: TicketId::generate(),
        },
        TicketCursor {
            updated_at: at(100_000),
            id: TicketId::generate(),
        },
    ];
    for cursor in cursors {
        let key = (cursor.updated_at, cursor.id);
        let desc = TicketQuery {
            after: Some(cursor),
            ..all()
        };
        let page = store.list_tickets(&desc).await.unwrap();
        let expected = world.expected(TicketOrder::UpdatedDesc, |t| (t.updated_at, t.id) < key);
        assert_eq!(
            ids(&page.items),
            ids(&expected),
            "newest first after {cursor}"
        );
        let asc = TicketQuery {
            order: TicketOrder::UpdatedAsc,
            ..desc
        };
        let page = store.list_tickets(&asc).await.unwrap();
        let expected = world.expected(TicketOrder::UpdatedAsc, |t| (t.updated_at, t.id) > key);
        assert_eq!(
            ids(&page.items),
            ids(&expected),
            "oldest first after {cursor}"
        );
    }
}
