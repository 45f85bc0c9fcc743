//! A help desk with 42 varied tickets for the list tests, and the expected answer of any ticket list computed
//! in memory from what the suite wrote (never from what the store returned).

use ayuda_core::event::{Change, TicketEvent, Via};
use ayuda_core::id::{AgentId, ContactId, GroupId, OrganizationId, TicketId, TicketNumber};
use ayuda_core::message::Author;
use ayuda_core::permission::TicketScope;
use ayuda_core::ticket::{Channel, Priority, Status, Ticket, TicketChanges, apply_changes};
use ayuda_store::{Store, TicketCursor, TicketOrder, TicketQuery, TicketWrite};

use crate::fixtures::{self, at};

/// How many tickets the world has: a multiple of 7, so a walk with `limit` 7 ends on a full page.
pub(crate) const TICKETS: usize = 42;

/// The page size of the walks: small enough that every list spans several pages.
pub(crate) const WALK_LIMIT: u32 = 7;

/// Tickets that share one `updated_at`, so only the id orders them.
const TIED: [usize; 3] = [20, 21, 22];

/// Tickets changed after creation (new tags, status and `updated_at`).
const RETAGGED: [usize; 3] = [8, 12, 33];

/// A vip ticket changed after creation without a change of tags: the tag filter must still see its new
/// `updated_at`.
const REOPENED: usize = 3;

#[derive(Debug)]
pub(crate) struct World {
    pub sales: GroupId,
    pub billing: GroupId,
    pub tech: GroupId,
    /// In sales and billing.
    pub ana: AgentId,
    /// In tech.
    pub luis: AgentId,
    /// In no group.
    pub eva: AgentId,
    pub acme: OrganizationId,
    pub globex: OrganizationId,
    /// In order: two Acme members, one who moved from Globex to Acme after their tickets were created, and
    /// one in no organization.
    pub contacts: [ContactId; 4],
    /// Every ticket as the suite expects it stored, in creation order of their ids.
    pub tickets: Vec<Ticket>,
}

impl World {
    /// Creates the world in an empty store, checking every write's result on the way.
    pub(crate) async fn seed(store: &dyn Store) -> World {
        let sales = store
            .create_group(fixtures::group("Sales"))
            .await
            .unwrap()
            .id;
        let billing = store
            .create_group(fixtures::group("Billing"))
            .await
            .unwrap()
            .id;
        let tech = store
            .create_group(fixtures::group("Tech"))
            .await
            .unwrap()
            .id;
        let ana = store
            .create_agent(fixtures::agent("ana@desk.test", &[sales, billing]), None)
            .await
            .unwrap()
            .id;
        let luis = store
            .create_agent(fixtures::agent("luis@desk.test", &[tech]), None)
            .await
            .unwrap()
            .id;
        let eva = store
            .create_agent(fixtures::agent("eva@desk.test", &[]), None)
            .await
            .unwrap()
            .id;
        let acme = store
            .create_organization(fixtures::organization("Acme", &[]))
            .await
            .unwrap()
            .id;
        let globex = store
            .create_organization(fixtures::organization("Globex", &[]))
            .await
            .unwrap()
            .id;
        let mut contacts = Vec::new();
        let mut contact_organizations = Vec::new();
        for (address, organization) in [
            ("c0@example.com", Some(acme)),
            ("c1@example.com", Some(acme)),
            ("c2@example.com", Some(globex)),
            ("c3@example.com", None),
        ] {
            let mut contact = fixtures::contact(address);
            contact.organization_id = organization;
            contacts.push(store.create_contact(contact).await.unwrap());
            contact_organizations.push(organization);
        }

        // Ids are made in index order but the tickets are created in another order, so neither the ticket
        // number nor the insertion order matches the id order a list must use to break ties.
        let ids: Vec<TicketId> = (0..TICKETS).map(|_| TicketId::generate()).collect();
        let mut tickets: Vec<Option<Ticket>> = vec![None; TICKETS];
        let mut number = 0;
        for i in (0..TICKETS).map(|k| (k * 17 + 5) % TICKETS) {
            let requester = i % 4;
            let mut tags = Vec::new();
            if i % 3 == 0 {
                tags.push("vip");
            }
            if i % 4 == 1 {
                tags.push("refund");
            }
            if i % 5 == 2 {
                tags.push("billing");
            }
            let time = if TIED.contains(&i) {
                at(10 * TIED[0] as i64)
            } else {
                at(10 * i as i64)
            };
            let new = fixtures::ticket_for(contacts[requester].id)
                .id(ids[i])
                .at(time)
                .status(Status::ALL[i % 6])
                .priority(Priority::ALL[(i / 2) % 4])
                .channel(
                    [
                        Channel::Email,
                        Channel::Web,
                        Channel::Phone,
                        Channel::Api,
                        Channel::Chat,
                        Channel::Fax,
                    ][(i + i / 6) % 6],
                )
                .group([None, Some(sales), Some(billing), Some(tech)][(i / 3) % 4])
                .assignee([None, Some(ana), Some(luis), None, Some(eva)][i % 5])
                .tags(&tags)
                .build();
            let created = store.create_ticket(new.clone()).await.unwrap();
            number += 1;
            let expected = Ticket {
                number: TicketNumber(number),
                version: 1,
                organization_id: contact_organizations[requester],
                ..new.ticket
            };
            assert_eq!(created.ticket, expected, "world ticket {i}");
            tickets[i] = Some(expected);
        }
        let mut tickets: Vec<Ticket> = tickets
            .into_iter()
            .map(|t| t.expect("every index was created"))
            .collect();

        for i in RETAGGED.into_iter().chain([REOPENED]) {
            let ticket = &mut tickets[i];
            let tags = match i {
                REOPENED => None,
                _ => Some(fixtures::tags(&[
                    "rewritten",
                    if i % 2 == 0 { "vip" } else { "billing" },
                ])),
            };
            let changes = TicketChanges {
                status: Some(Status::Open),
                tags,
                ..TicketChanges::default()
            };
            let mut written = ticket.clone();
            let log = apply_changes(&mut written, &changes, at(1000 + i as i64))
                .expect("world changes are allowed");
            let events = log
                .into_iter()
                .map(|change| {
                    TicketEvent::new(
                        written.id,
                        Author::Agent(ana),
                        Via::Ui,
                        Change::Field(change),
                        written.updated_at,
                    )
                })
                .collect();
            let stored = store
                .write_ticket(TicketWrite {
                    ticket: written.clone(),
                    message: None,
                    events,
                    email: Default::default(),
                    notifications: Vec::new(),
                    routing: None,
                })
                .await
                .unwrap();
            *ticket = Ticket {
                version: 2,
                ..written
            };
            assert_eq!(stored, *ticket, "rewritten world ticket {i}");
        }

        // Tickets keep the organization they were created with when their requester moves.
        let mut moved = store
            .get_contact(contacts[2].id)
            .await
            .unwrap()
            .expect("the world's contact exists");
        moved.organization_id = Some(acme);
        store.update_contact(moved).await.unwrap();

        let world = World {
            sales,
            billing,
            tech,
            ana,
            luis,
            eva,
            acme,
            globex,
            contacts: [
                contacts[0].id,
                contacts[1].id,
                contacts[2].id,
                contacts[3].id,
            ],
            tickets,
        };
        for ticket in &world.tickets {
            assert_eq!(
                store.get_ticket(ticket.id).await.unwrap().as_ref(),
                Some(ticket),
                "world ticket #{}",
                ticket.number
            );
        }
        world
    }

    /// The tickets matching `filter`, in `order`.
    pub(crate) fn expected(
        &self,
        order: TicketOrder,
        filter: impl Fn(&Ticket) -> bool,
    ) -> Vec<Ticket> {
        let mut matching: Vec<Ticket> =
            self.tickets.iter().filter(|t| filter(t)).cloned().collect();
        matching.sort_by_key(|t| (t.updated_at, t.id));
        if order == TicketOrder::UpdatedDesc {
            matching.reverse();
        }
        matching
    }

    /// Checks that the list `query` describes (its `order`, `after` and `limit` are set here) returns exactly the
    /// tickets `filter` accepts, in both orders, whole in one page and walked page by page. Returns how many
    /// matched, so a test can make sure its filter is not trivially empty or everything.
    pub(crate) async fn check(
        &self,
        store: &dyn Store,
        query: &TicketQuery,
        filter: impl Fn(&Ticket) -> bool,
    ) -> usize {
        let mut count = None;
        for order in [TicketOrder::UpdatedDesc, TicketOrder::UpdatedAsc] {
            let expected = self.expected(order, &filter);
            let query = TicketQuery {
                order,
                after: None,
                limit: ayuda_store::MAX_PAGE,
                ..query.clone()
            };
            let whole = store.list_tickets(&query).await.unwrap();
            assert_eq!(
                ids(&whole.items),
                ids(&expected),
                "{order:?} in one page of {query:?}"
            );
            assert_eq!(whole.items, expected, "{order:?} in one page");
            assert_eq!(whole.next_cursor, None, "one page holds the whole list");
            let walked = walk(
                store,
                TicketQuery {
                    limit: WALK_LIMIT,
                    ..query.clone()
                },
            )
            .await;
            assert_eq!(
                ids(&walked),
                ids(&expected),
                "{order:?} walked in pages of {WALK_LIMIT}: {query:?}"
            );
            count = Some(expected.len());
        }
        count.unwrap_or_default()
    }
}

/// Ticket numbers, which read better than ids in a failed assertion.
pub(crate) fn ids(tickets: &[Ticket]) -> Vec<i64> {
    tickets.iter().map(|t| t.number.0).collect()
}

/// Every ticket of `query`, following next cursors from its `after`, checking each page's shape: full
/// pages end with a cursor on their last ticket, and only the last page has none.
pub(crate) async fn walk(store: &dyn Store, mut query: TicketQuery) -> Vec<Ticket> {
    let mut all = Vec::new();
    for _ in 0..=TICKETS {
        let page = store.list_tickets(&query).await.unwrap();
        assert!(
            page.items.len() <= query.limit as usize,
            "a page has at most `limit` tickets"
        );
        all.extend(page.items.iter().cloned());
        match page.next_cursor {
            None => return all,
            Some(cursor) => {
                assert_eq!(
                    page.items.len(),
                    query.limit as usize,
                    "only the last page is short"
                );
                assert_eq!(
                    Some(cursor),
                    page.items.last().map(TicketCursor::of),
                    "the cursor is the last ticket's"
                );
                query.after = Some(cursor);
            }
        }
    }
    panic!("the walk did not end after {TICKETS} pages: the cursor does not advance");
}

/// Scopes of every kind over the world, each with a few words saying who it is.
pub(crate) fn scopes(world: &World) -> Vec<(&'static str, TicketScope)> {
    let [c0, _, c2, c3] = world.contacts;
    vec![
        ("all", TicketScope::All),
        (
            "agent in sales and billing",
            TicketScope::Agent {
                agent_id: world.ana,
                group_ids: vec![world.sales, world.billing],
            },
        ),
        (
            "agent in tech",
            TicketScope::Agent {
                agent_id: world.luis,
                group_ids: vec![world.tech],
            },
        ),
        (
            "agent in no group",
            TicketScope::Agent {
                agent_id: world.eva,
                group_ids: Vec::new(),
            },
        ),
        (
            "agent of every group",
            TicketScope::Agent {
                agent_id: world.eva,
                group_ids: vec![world.tech, world.sales, world.billing],
            },
        ),
        (
            "customer alone",
            TicketScope::Customer {
                contact_id: c0,
                organization_id: None,
            },
        ),
        (
            "customer with organization",
            TicketScope::Customer {
                contact_id: c0,
                organization_id: Some(world.acme),
            },
        ),
        (
            "customer who moved organization",
            TicketScope::Customer {
                contact_id: c2,
                organization_id: Some(world.acme),
            },
        ),
        (
            "customer in no organization",
            TicketScope::Customer {
                contact_id: c3,
                organization_id: None,
            },
        ),
        (
            "customer seeing another organization",
            TicketScope::Customer {
                contact_id: c3,
                organization_id: Some(world.globex),
            },
        ),
        (
            "customer with no tickets",
            TicketScope::Customer {
                contact_id: ContactId::generate(),
                organization_id: None,
            },
        ),
    ]
}
