//! Reports against direct counts: a few hundred generated tickets (spread over a daylight-saving change in
//! Madrid, some outside the range, some merged) with known channels, types, people, categories, tags,
//! outcomes, times, SLA results, escalations, ratings and comments; every figure of the report, unfiltered
//! and under each filter, is compared with a count over the tickets read back one by one. Then a ticket
//! changes and the next report shows it; only supervisors and administrators get reports; a bad range is
//! refused.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use ayuda_app::App;
use ayuda_app::reports::ReportQuery;
use ayuda_core::agent::Role;
use ayuda_core::clock::FixedClock;
use ayuda_core::contact::OrganizationKind;
use ayuda_core::event::{Change, Escalation, TicketEvent, Via};
use ayuda_core::id::{AgentId, GroupId, OrganizationId, SlaPolicyId, SurveyId, TicketCategoryId};
use ayuda_core::insight::{Rating, Survey, TicketCategory};
use ayuda_core::message::Author;
use ayuda_core::permission::Principal;
use ayuda_core::report::EscalationTarget;
use ayuda_core::sla::{SlaClock, SlaMetric, TicketSla};
use ayuda_core::text::{Language, Tag};
use ayuda_core::ticket::{Channel, Status, Ticket, TicketType};
use ayuda_insight::report::{Interval, Percentiles, Report, ReportFilter, Tally};
use ayuda_store::{Store, TicketWrite};
use ayuda_store_tests::fixtures;
use ayuda_store_tests::on_both_stores;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

on_both_stores!(every_report_figure_matches_a_direct_count);

/// A small deterministic generator, so a failure can be replayed.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, sides: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % sides
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.roll(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.roll(items.len() as u64) as usize]
    }
}

/// What the generator decided beyond the ticket row itself.
struct Known {
    sla_met: bool,
    sla_breached: bool,
    escalated_to: Vec<EscalationTarget>,
    commented: bool,
}

struct World {
    tickets: Vec<Ticket>,
    known: HashMap<ayuda_core::id::TicketId, Known>,
    organizations: Vec<(OrganizationId, OrganizationKind)>,
    groups: Vec<GroupId>,
    agents: Vec<AgentId>,
    categories: Vec<TicketCategoryId>,
}

const ZONE: &str = "Europe/Madrid";

fn first() -> Date {
    "2026-03-10".parse().unwrap()
}

fn last() -> Date {
    "2026-04-10".parse().unwrap()
}

fn clock(seconds: u32, reached: bool) -> SlaClock {
    SlaClock {
        metric: SlaMetric::FirstResponse,
        target: SignedDuration::from_hours(1),
        used: SignedDuration::ZERO,
        started_at: Some(Timestamp::UNIX_EPOCH),
        running_since: None,
        due_at: None,
        warn_at: None,
        met_at: reached.then(|| Timestamp::from_second(i64::from(seconds)).unwrap()),
        warned_at: None,
        breached_at: None,
    }
}

async fn seed(store: &dyn Store, dice: &mut Dice) -> World {
    let mut groups = Vec::new();
    let mut agents = Vec::new();
    for name in ["Sales", "Care", "Tech"] {
        let group = store.create_group(fixtures::group(name)).await.unwrap();
        let agent = store
            .create_agent(
                fixtures::agent(&format!("{}@desk.test", name.to_lowercase()), &[group.id]),
                None,
            )
            .await
            .unwrap();
        groups.push(group.id);
        agents.push(agent.id);
    }
    let mut organizations = Vec::new();
    let mut requesters = Vec::new();
    for (name, kind) in [
        ("Tienda", OrganizationKind::Retailer),
        ("Grossisti", OrganizationKind::Wholesaler),
    ] {
        let mut organization = fixtures::organization(name, &[]);
        organization.kind = kind;
        let organization = store.create_organization(organization).await.unwrap();
        let mut contact = fixtures::contact(&format!("buyer@{}.example", name.to_lowercase()));
        contact.organization_id = Some(organization.id);
        requesters.push(store.create_contact(contact).await.unwrap().id);
        organizations.push((organization.id, kind));
    }
    requesters.push(
        store
            .create_contact(fixtures::contact("someone@home.example"))
            .await
            .unwrap()
            .id,
    );
    let mut categories = Vec::new();
    for (position, name) in ["Orders", "Billing", "Returns"].into_iter().enumerate() {
        let category = TicketCategory {
            id: TicketCategoryId::generate(),
            parent: None,
            position: position as i32,
            names: [(Language::english(), fixtures::name(name))].into(),
            active: true,
            created_at: Timestamp::UNIX_EPOCH,
        };
        store.save_ticket_category(category.clone()).await.unwrap();
        categories.push(category.id);
    }

    let zone = TimeZone::get(ZONE).unwrap();
    // From five days before the range to five days after it.
    let from =
        first().to_zoned(zone.clone()).unwrap().timestamp() - SignedDuration::from_hours(120);
    let span = 42 * 86_400;
    let statuses = [
        Status::New,
        Status::Open,
        Status::Pending,
        Status::Solved,
        Status::Closed,
        Status::Closed,
    ];
    let tags = ["refund", "late", "invoice", "vip"];
    let languages = ["en", "es", "it"];
    let mut new = Vec::new();
    let mut known = HashMap::new();
    let mut rated_later = Vec::new();
    for _ in 0..320 {
        let created_at = from + SignedDuration::from_secs(dice.roll(span) as i64);
        let requester = *dice.pick(&requesters);
        let status = *dice.pick(&statuses);
        let group = dice.chance(85).then(|| *dice.pick(&groups));
        let assignee = dice.chance(75).then(|| *dice.pick(&agents));
        let chosen_tags: Vec<&str> = tags.iter().copied().filter(|_| dice.chance(30)).collect();
        let first_response = dice
            .chance(70)
            .then(|| created_at + SignedDuration::from_mins(dice.roll(3_000) as i64 + 1));
        let solved_at = (!status.is_active())
            .then(|| created_at + SignedDuration::from_mins(dice.roll(6_000) as i64 + 5));
        let (sla, sla_met, sla_breached) = match dice.roll(4) {
            0 => (None, false, false),
            1 => (Some(vec![clock(100, true)]), true, false),
            2 => {
                let mut breached = clock(0, false);
                breached.breached_at = Some(Timestamp::UNIX_EPOCH);
                (Some(vec![clock(100, true), breached]), false, true)
            }
            _ => (Some(vec![clock(0, false)]), false, false),
        };
        let mut escalated_to = Vec::new();
        let mut builder = fixtures::ticket_for(requester)
            .at(created_at)
            .channel(*dice.pick(&[Channel::Email, Channel::Phone, Channel::Web, Channel::Chat]))
            .ticket_type(*dice.pick(&[
                TicketType::Question,
                TicketType::Complaint,
                TicketType::SalesInquiry,
            ]))
            .group(group)
            .assignee(assignee)
            .tags(&chosen_tags)
            .language(dice.pick::<&str>(&languages));
        let category = dice.chance(80).then(|| *dice.pick(&categories));
        let satisfaction = dice
            .chance(30)
            .then(|| Rating::new(dice.roll(5) as u8 + 1).unwrap());
        let frustration = dice.chance(40).then(|| dice.roll(101) as u8);
        let replies = dice.roll(4) as u32;
        let reopens = u32::from(dice.chance(20));
        let comment = !status.is_active() && satisfaction.is_none() && dice.chance(25);
        let escalations = dice.roll(7);
        builder = builder.with(|t| {
            t.status = status;
            t.solved_at = solved_at;
            t.first_response_at = first_response;
            t.category_id = category;
            t.sla = sla.map(|clocks| TicketSla {
                policy_id: SlaPolicyId::generate(),
                clocks,
            });
            t.insight.satisfaction = satisfaction;
            t.insight.frustration = frustration;
            t.insight.agent_replies = replies;
            t.insight.reopens = reopens;
        });
        let mut ticket = builder.build();
        for step in 0..escalations.saturating_sub(4) {
            let target = if step == 0 {
                EscalationTarget::Group(*dice.pick(&groups))
            } else {
                EscalationTarget::Agent(*dice.pick(&agents))
            };
            let (moved, to) = match target {
                EscalationTarget::Group(g) => ("group", g.to_string()),
                EscalationTarget::Agent(a) => ("assignee", a.to_string()),
            };
            ticket.events.push(TicketEvent::new(
                ticket.ticket.id,
                Author::System,
                Via::Rule,
                Change::Escalated(Escalation {
                    moved: moved.into(),
                    from: None,
                    to: Some(to),
                    reason: "Waiting too long".into(),
                }),
                created_at + SignedDuration::from_mins(10 + step as i64),
            ));
            escalated_to.push(target);
        }
        if comment {
            rated_later.push((ticket.ticket.id, requester));
        }
        known.insert(
            ticket.ticket.id,
            Known {
                sla_met,
                sla_breached,
                escalated_to,
                commented: comment,
            },
        );
        new.push(ticket);
    }
    // Three duplicates merged into the first ticket: their contacts count there, not again.
    let target = new[0].ticket.id;
    for ticket in new.iter_mut().skip(1).take(3) {
        ticket.ticket.merged_into = Some(target);
    }
    let created = store.create_tickets(new).await.unwrap();
    for (ticket, contact) in rated_later {
        let survey = Survey {
            id: SurveyId::generate(),
            ticket_id: ticket,
            contact_id: contact,
            agent_id: None,
            group_id: None,
            language: Language::english(),
            sent_at: Timestamp::UNIX_EPOCH,
            rating: None,
            comment: None,
            rated_at: None,
        };
        store.create_survey(survey.clone(), None).await.unwrap();
        let rating = Rating::new(dice.roll(5) as u8 + 1).unwrap();
        store
            .rate_survey(survey.id, rating, Timestamp::UNIX_EPOCH)
            .await
            .unwrap();
        store
            .comment_survey(survey.id, format!("Comment on {ticket}"))
            .await
            .unwrap();
    }
    let ids: Vec<_> = created.iter().map(|c| c.ticket.id).collect();
    let tickets = store.get_tickets(&ids).await.unwrap();
    assert_eq!(tickets.len(), 320);
    World {
        tickets,
        known,
        organizations,
        groups,
        agents,
        categories,
    }
}

/// The figures computed directly from the tickets, for comparison with the report.
struct Direct<'a> {
    world: &'a World,
    zone: TimeZone,
    interval: Interval,
    now: Timestamp,
    tickets: Vec<&'a Ticket>,
}

fn kind_of(world: &World, ticket: &Ticket) -> OrganizationKind {
    ticket
        .organization_id
        .and_then(|o| world.organizations.iter().find(|(id, _)| *id == o))
        .map_or(OrganizationKind::Consumer, |(_, kind)| *kind)
}

impl<'a> Direct<'a> {
    fn new(
        world: &'a World,
        filter: &ReportFilter,
        interval: Interval,
        now: Timestamp,
    ) -> Direct<'a> {
        let zone = TimeZone::get(ZONE).unwrap();
        let start = first().to_zoned(zone.clone()).unwrap().timestamp();
        let end = last()
            .tomorrow()
            .unwrap()
            .to_zoned(zone.clone())
            .unwrap()
            .timestamp();
        let tickets = world
            .tickets
            .iter()
            .filter(|t| t.created_at >= start && t.created_at < end && t.merged_into.is_none())
            .filter(|t| filter.group.is_none_or(|g| t.group_id == Some(g)))
            .filter(|t| filter.agent.is_none_or(|a| t.assignee_id == Some(a)))
            .filter(|t| filter.channel.is_none_or(|c| t.channel == c))
            .filter(|t| {
                filter
                    .organization
                    .is_none_or(|o| t.organization_id == Some(o))
            })
            .filter(|t| filter.customer_kind.is_none_or(|k| kind_of(world, t) == k))
            .filter(|t| filter.language.as_ref().is_none_or(|l| t.language == *l))
            .filter(|t| filter.ticket_type.is_none_or(|k| t.ticket_type == k))
            .filter(|t| filter.category.is_none_or(|c| t.category_id == Some(c)))
            .filter(|t| filter.tag.as_ref().is_none_or(|tag| t.tags.contains(tag)))
            .collect();
        Direct {
            world,
            zone,
            interval,
            now,
            tickets,
        }
    }

    fn count(&self, keep: impl Fn(&Ticket) -> bool) -> u32 {
        self.tickets.iter().filter(|t| keep(t)).count() as u32
    }

    fn tally(&self, keep: impl Fn(&Ticket) -> bool) -> Tally {
        let known = |t: &Ticket| &self.world.known[&t.id];
        let solved = |t: &Ticket| matches!(t.status, Status::Solved | Status::Closed);
        let tickets: Vec<&Ticket> = self.tickets.iter().copied().filter(|t| keep(t)).collect();
        let count = |f: &dyn Fn(&Ticket) -> bool| tickets.iter().filter(|t| f(t)).count() as u32;
        Tally {
            created: tickets.len() as u32,
            solved: count(&solved),
            open: count(&|t| !solved(t)),
            first_contact: count(&|t| {
                solved(t) && t.insight.reopens == 0 && t.insight.agent_replies <= 1
            }),
            reopened: count(&|t| t.insight.reopens > 0),
            ever_solved: count(&|t| solved(t) || t.insight.reopens > 0),
            escalated: count(&|t| !known(t).escalated_to.is_empty()),
            sla_met: count(&|t| known(t).sla_met),
            sla_breached: count(&|t| known(t).sla_breached),
            rated: count(&|t| t.insight.satisfaction.is_some()),
            satisfied: count(&|t| t.insight.satisfaction.is_some_and(|r| r.value() >= 4)),
            frustrated: count(&|t| t.insight.frustration.is_some_and(|f| f >= 50)),
            agent_replies: tickets
                .iter()
                .map(|t| u64::from(t.insight.agent_replies))
                .sum(),
        }
    }

    fn percentiles(
        &self,
        keep: impl Fn(&Ticket) -> bool,
        end: impl Fn(&Ticket) -> Option<Timestamp>,
    ) -> Percentiles {
        let mut seconds: Vec<u32> = self
            .tickets
            .iter()
            .filter(|t| keep(t))
            .filter_map(|t| end(t).map(|e| e.duration_since(t.created_at).as_secs() as u32))
            .collect();
        seconds.sort_unstable();
        let rank = |share: f64| {
            (!seconds.is_empty()).then(|| {
                let n = seconds.len();
                seconds[((share * n as f64).ceil() as usize).clamp(1, n) - 1]
            })
        };
        Percentiles {
            count: seconds.len() as u32,
            median: rank(0.5),
            p90: rank(0.9),
        }
    }

    fn local_date(&self, ticket: &Ticket) -> Date {
        ticket.created_at.to_zoned(self.zone.clone()).date()
    }

    fn interval_of(&self, ticket: &Ticket) -> Date {
        self.interval.start_of(self.local_date(ticket))
    }
}

fn first_response_end(ticket: &Ticket) -> Option<Timestamp> {
    ticket.first_response_at
}

fn solved_end(ticket: &Ticket) -> Option<Timestamp> {
    (!ticket.status.is_active())
        .then_some(ticket.solved_at)
        .flatten()
}

/// Checks every figure of `report` against the direct count.
fn check(report: &Report, direct: &Direct<'_>, what: &str) {
    let all = |_: &Ticket| true;
    assert_eq!(report.total, direct.tally(all), "{what}: totals");
    assert_eq!(
        report.first_response,
        direct.percentiles(all, first_response_end),
        "{what}: first response"
    );
    assert_eq!(
        report.resolution,
        direct.percentiles(all, solved_end),
        "{what}: resolution"
    );
    // Volume over time.
    let mut intervals: Vec<Date> = Vec::new();
    let mut day = first();
    while day <= last() {
        let start = direct.interval.start_of(day);
        if intervals.last() != Some(&start) {
            intervals.push(start);
        }
        day = day.tomorrow().unwrap();
    }
    assert_eq!(report.intervals, intervals, "{what}: intervals");
    let per_interval = |keep: &dyn Fn(&Ticket) -> bool| -> Vec<u32> {
        intervals
            .iter()
            .map(|i| direct.count(|t| keep(t) && direct.interval_of(t) == *i))
            .collect()
    };
    assert_eq!(report.created, per_interval(&|_| true), "{what}: created");
    for breakdown in &report.channels {
        let key = breakdown.key;
        assert_eq!(
            breakdown.created,
            direct.count(|t| t.channel == key),
            "{what}: {key}"
        );
        assert_eq!(
            breakdown.per_interval,
            per_interval(&|t| t.channel == key),
            "{what}: {key} over time"
        );
    }
    for breakdown in &report.types {
        let key = breakdown.key;
        assert_eq!(
            breakdown.created,
            direct.count(|t| t.ticket_type == key),
            "{what}: {key}"
        );
        assert_eq!(
            breakdown.solved,
            direct.count(|t| t.ticket_type == key && !t.status.is_active()),
            "{what}: {key} solved"
        );
    }
    for breakdown in &report.customer_kinds {
        let key = breakdown.key;
        assert_eq!(
            breakdown.created,
            direct.count(|t| kind_of(direct.world, t) == key),
            "{what}: {key}"
        );
    }
    let mut categories: BTreeMap<Option<TicketCategoryId>, u32> = BTreeMap::new();
    for ticket in &direct.tickets {
        *categories.entry(ticket.category_id).or_default() += 1;
    }
    let reported: BTreeMap<_, _> = report
        .categories
        .iter()
        .map(|b| (b.key, b.created))
        .collect();
    assert_eq!(reported, categories, "{what}: categories");
    assert!(
        report
            .categories
            .windows(2)
            .all(|w| w[0].created >= w[1].created),
        "{what}: categories most first"
    );
    for breakdown in &report.categories {
        let key = breakdown.key;
        let complaints =
            direct.count(|t| t.category_id == key && t.ticket_type == TicketType::Complaint);
        assert_eq!(
            breakdown.complaints, complaints,
            "{what}: complaints about {key:?}"
        );
        assert_eq!(
            breakdown.per_interval,
            per_interval(&|t| t.category_id == key),
            "{what}: trend of {key:?}"
        );
    }
    let mut tags: BTreeMap<Tag, u32> = BTreeMap::new();
    for ticket in &direct.tickets {
        for tag in &ticket.tags {
            *tags.entry(tag.clone()).or_default() += 1;
        }
    }
    let reported: BTreeMap<_, _> = report
        .tags
        .iter()
        .map(|b| (b.key.clone(), b.created))
        .collect();
    assert_eq!(reported, tags, "{what}: tags");
    let mut languages: BTreeMap<Language, u32> = BTreeMap::new();
    for ticket in &direct.tickets {
        *languages.entry(ticket.language.clone()).or_default() += 1;
    }
    let reported: BTreeMap<_, _> = report
        .languages
        .iter()
        .map(|b| (b.key.clone(), b.created))
        .collect();
    assert_eq!(reported, languages, "{what}: languages");
    // Hours and weekdays, local.
    let mut hours = [0u32; 24];
    let mut weekdays = [0u32; 7];
    for ticket in &direct.tickets {
        let local = ticket.created_at.to_zoned(direct.zone.clone());
        hours[local.hour() as usize] += 1;
        weekdays[local.weekday().to_monday_zero_offset() as usize] += 1;
    }
    assert_eq!(report.hours, hours, "{what}: hours");
    assert_eq!(report.weekdays, weekdays, "{what}: weekdays");
    // Backlog by age.
    let bounds = [1, 3, 7, 30];
    let mut backlog = [0u32; 5];
    for ticket in direct.tickets.iter().filter(|t| t.status.is_active()) {
        let days = direct.now.duration_since(ticket.created_at).as_secs() / 86_400;
        let bucket = bounds.iter().position(|b| days < *b).unwrap_or(4);
        backlog[bucket] += 1;
    }
    assert_eq!(report.backlog, backlog, "{what}: backlog");
    // Groups and agents.
    for row in &report.groups {
        let key = row.key;
        assert_eq!(
            row.tally,
            direct.tally(|t| t.group_id == key),
            "{what}: group {key:?}"
        );
        assert_eq!(
            row.first_response,
            direct.percentiles(|t| t.group_id == key, first_response_end),
            "{what}: group {key:?} first response"
        );
        assert_eq!(
            row.resolution,
            direct.percentiles(|t| t.group_id == key, solved_end),
            "{what}: group {key:?} resolution"
        );
    }
    let grouped: u32 = report.groups.iter().map(|r| r.tally.created).sum();
    assert_eq!(
        grouped,
        direct.tickets.len() as u32,
        "{what}: every ticket in one group row"
    );
    for row in &report.agents {
        let key = row.key;
        assert_eq!(
            row.tally,
            direct.tally(|t| t.assignee_id == key),
            "{what}: agent {key:?}"
        );
        assert_eq!(
            row.resolution,
            direct.percentiles(|t| t.assignee_id == key, solved_end),
            "{what}: agent {key:?} resolution"
        );
    }
    let assigned: u32 = report.agents.iter().map(|r| r.tally.created).sum();
    assert_eq!(
        assigned,
        direct.tickets.len() as u32,
        "{what}: every ticket in one agent row"
    );
    // Escalations, ratings, comments.
    let mut escalations: BTreeMap<EscalationTarget, u32> = BTreeMap::new();
    for ticket in &direct.tickets {
        for target in &direct.world.known[&ticket.id].escalated_to {
            *escalations.entry(*target).or_default() += 1;
        }
    }
    let reported: BTreeMap<_, _> = report.escalations.iter().copied().collect();
    assert_eq!(reported, escalations, "{what}: escalation destinations");
    let mut ratings = [0u32; 5];
    for ticket in &direct.tickets {
        if let Some(rating) = ticket.insight.satisfaction {
            ratings[usize::from(rating.value() - 1)] += 1;
        }
    }
    assert_eq!(report.ratings, ratings, "{what}: ratings");
    let mut commented: Vec<&Ticket> = direct
        .tickets
        .iter()
        .copied()
        .filter(|t| direct.world.known[&t.id].commented)
        .collect();
    commented.sort_by_key(|t| std::cmp::Reverse((t.created_at, t.id)));
    let commented: Vec<_> = commented.iter().take(20).map(|t| t.id).collect();
    assert_eq!(report.comments, commented, "{what}: comments");
}

fn supervisor() -> Principal {
    Principal::Agent {
        id: AgentId::generate(),
        role: Role::Supervisor,
        group_ids: Vec::new(),
    }
}

fn query(filter: ReportFilter, interval: Option<Interval>) -> ReportQuery {
    ReportQuery {
        first: first(),
        last: last(),
        zone: TimeZone::get(ZONE).unwrap(),
        interval,
        filter,
    }
}

async fn every_report_figure_matches_a_direct_count(store: Arc<dyn Store>) {
    let now: Timestamp = "2026-04-20T08:00:00Z".parse().unwrap();
    let app = App::new(Arc::clone(&store), Arc::new(FixedClock::new(now)));
    let mut dice = Dice(7);
    let world = seed(&*store, &mut dice).await;
    let boss = supervisor();

    // Unfiltered, in each interval; 32 days default to weeks.
    let view = app
        .report(&boss, &query(ReportFilter::default(), None))
        .await
        .unwrap();
    assert_eq!(view.report.period.interval, Interval::Week);
    let direct = Direct::new(&world, &ReportFilter::default(), Interval::Week, now);
    assert!(
        direct.tickets.len() > 200 && direct.tickets.len() < 300,
        "some tickets fall outside"
    );
    check(&view.report, &direct, "everything");
    assert_eq!(view.comments.len(), view.report.comments.len());
    let surveyed: Vec<_> = view.comments.iter().map(|(_, s)| s.ticket_id).collect();
    assert_eq!(
        surveyed, view.report.comments,
        "the comments, in the report's order"
    );
    assert!(view.comments.iter().all(|(number, s)| {
        s.comment.is_some()
            && world
                .tickets
                .iter()
                .any(|t| t.id == s.ticket_id && t.number == *number)
    }));
    for interval in [Interval::Day, Interval::Month] {
        let view = app
            .report(&boss, &query(ReportFilter::default(), Some(interval)))
            .await
            .unwrap();
        check(
            &view.report,
            &Direct::new(&world, &ReportFilter::default(), interval, now),
            interval.as_str(),
        );
    }

    // Each filter alone, and two together.
    let filters = [
        ReportFilter {
            group: Some(world.groups[1]),
            ..ReportFilter::default()
        },
        ReportFilter {
            agent: Some(world.agents[0]),
            ..ReportFilter::default()
        },
        ReportFilter {
            channel: Some(Channel::Phone),
            ..ReportFilter::default()
        },
        ReportFilter {
            organization: Some(world.organizations[0].0),
            ..ReportFilter::default()
        },
        ReportFilter {
            customer_kind: Some(OrganizationKind::Consumer),
            ..ReportFilter::default()
        },
        ReportFilter {
            customer_kind: Some(OrganizationKind::Wholesaler),
            ..ReportFilter::default()
        },
        ReportFilter {
            language: Some(Language::parse("es").unwrap()),
            ..ReportFilter::default()
        },
        ReportFilter {
            ticket_type: Some(TicketType::Complaint),
            ..ReportFilter::default()
        },
        ReportFilter {
            category: Some(world.categories[2]),
            ..ReportFilter::default()
        },
        ReportFilter {
            tag: Some(Tag::parse("refund").unwrap()),
            ..ReportFilter::default()
        },
        ReportFilter {
            group: Some(world.groups[0]),
            tag: Some(Tag::parse("late").unwrap()),
            ..ReportFilter::default()
        },
    ];
    for filter in filters {
        let view = app
            .report(&boss, &query(filter.clone(), None))
            .await
            .unwrap();
        let direct = Direct::new(&world, &filter, Interval::Week, now);
        assert!(!direct.tickets.is_empty(), "{filter:?} selects something");
        check(&view.report, &direct, &format!("{filter:?}"));
    }

    // A ticket solved now shows in the next report: its day went stale and was rebuilt.
    let before = Direct::new(&world, &ReportFilter::default(), Interval::Week, now);
    let open = before
        .tickets
        .iter()
        .find(|t| t.status == Status::Open)
        .expect("an open ticket in range");
    let mut solved = (*open).clone();
    solved.status = Status::Solved;
    solved.solved_at = Some(now);
    store
        .write_ticket(TicketWrite {
            ticket: solved,
            message: None,
            events: Vec::new(),
            email: Default::default(),
            notifications: Vec::new(),
            routing: None,
        })
        .await
        .unwrap();
    let after = app
        .report(&boss, &query(ReportFilter::default(), None))
        .await
        .unwrap();
    let expected = before.tally(|_| true);
    assert_eq!(after.report.total.solved, expected.solved + 1);
    assert_eq!(after.report.total.open, expected.open - 1);

    // Only supervisors and administrators; a range backwards or too long is refused.
    let agent = Principal::Agent {
        id: world.agents[0],
        role: Role::Agent,
        group_ids: vec![world.groups[0]],
    };
    assert!(matches!(
        app.report(&agent, &query(ReportFilter::default(), None))
            .await,
        Err(ayuda_app::AppError::Forbidden(_))
    ));
    let mut backwards = query(ReportFilter::default(), None);
    backwards.last = "2026-03-01".parse().unwrap();
    assert!(matches!(
        app.report(&boss, &backwards).await,
        Err(ayuda_app::AppError::Invalid(_))
    ));
    let mut daily_year = query(ReportFilter::default(), Some(Interval::Day));
    daily_year.first = "2025-04-10".parse().unwrap();
    assert!(matches!(
        app.report(&boss, &daily_year).await,
        Err(ayuda_app::AppError::Invalid(_))
    ));
}
