//! Routing a thousand tickets: in turn, by load, past agents who are away, by language and by skill.

use std::collections::BTreeMap;

use jiff::{SignedDuration, Timestamp};

use super::*;

fn agent(n: u128, languages: &[&str], skills: &[&str]) -> Candidate {
    Candidate {
        agent: AgentId(uuid::Uuid::from_u128(n)),
        status: AgentStatus {
            availability: Availability::Available,
            out_of_office: None,
            capacity: 1_000,
        },
        languages: languages
            .iter()
            .map(|l| Language::parse(l).unwrap())
            .collect(),
        skills: skills.iter().map(|s| (*s).to_owned()).collect(),
        open_tickets: 0,
        last_turn: None,
    }
}

fn start() -> Timestamp {
    "2026-11-23T09:00Z".parse().unwrap()
}

/// Routes `count` tickets one after another, a second apart, updating each chosen agent as the store
/// would (the group's turn moves on with each); how many each agent got.
fn route(
    routing: &GroupRouting,
    language: &str,
    tags: &[&str],
    team: &mut [Candidate],
    count: usize,
) -> BTreeMap<u128, usize> {
    let language = Language::parse(language).unwrap();
    let tags: Vec<Tag> = tags.iter().map(|t| Tag::parse(t).unwrap()).collect();
    let mut given = BTreeMap::new();
    let mut turn = team
        .iter()
        .filter_map(|c| c.last_turn)
        .max()
        .map_or(0, |t| t + 1);
    for i in 0..count {
        let now = start() + SignedDuration::from_secs(i as i64);
        let needs = Needs {
            language: &language,
            tags: &tags,
        };
        let Some(chosen) = choose(routing, needs, team, now) else {
            continue;
        };
        let member = team.iter_mut().find(|c| c.agent == chosen).unwrap();
        member.open_tickets += 1;
        member.last_turn = Some(turn);
        turn += 1;
        *given.entry(chosen.0.as_u128()).or_insert(0) += 1;
    }
    given
}

fn mode(mode: RoutingMode) -> GroupRouting {
    GroupRouting {
        mode,
        ..GroupRouting::default()
    }
}

#[test]
fn round_robin_gives_each_available_agent_a_fair_share_and_skips_who_is_away() {
    let mut team = vec![
        agent(1, &["es"], &[]),
        agent(2, &["es"], &[]),
        agent(3, &["es"], &[]),
        agent(4, &["es"], &[]),
        agent(5, &["es"], &[]),
    ];
    team[1].status.availability = Availability::Away;
    team[3].status.out_of_office = Some((start(), start() + SignedDuration::from_hours(24)));
    team[0].open_tickets = 50; // Load does not matter to round-robin.
    let given = route(&mode(RoutingMode::RoundRobin), "es", &[], &mut team, 1_000);
    assert_eq!(given, BTreeMap::from([(1, 334), (3, 333), (5, 333)]));
}

#[test]
fn least_loaded_evens_out_the_load_within_each_capacity() {
    let mut team = vec![
        agent(1, &["en"], &[]),
        agent(2, &["en"], &[]),
        agent(3, &["en"], &[]),
        agent(4, &["en"], &[]),
    ];
    team[0].open_tickets = 100;
    team[1].open_tickets = 40;
    team[2].status.capacity = 150;
    team[3].status.availability = Availability::Off;
    let given = route(&mode(RoutingMode::LeastLoaded), "en", &[], &mut team, 1_000);
    // Agent 3 fills up to 150; the other two share the rest so that their loads end level.
    assert_eq!(given[&3], 150);
    assert_eq!(given[&1] + given[&2], 850);
    let (one, two) = (100 + given[&1], 40 + given[&2]);
    assert!(one.abs_diff(two) <= 1, "{one} and {two}");
    assert!(!given.contains_key(&4));
    // When everyone is full, tickets wait in the queue.
    for member in &mut team {
        member.status.capacity = member.open_tickets;
    }
    assert!(route(&mode(RoutingMode::LeastLoaded), "en", &[], &mut team, 10).is_empty());
}

#[test]
fn language_and_skills_narrow_who_may_take_it() {
    let mut team = vec![
        agent(1, &["es", "en"], &["printers"]),
        agent(2, &["it"], &["printers", "refunds"]),
        agent(3, &["it"], &[]),
        agent(4, &["en-GB"], &["refunds"]),
    ];
    let routing = GroupRouting {
        mode: RoutingMode::RoundRobin,
        match_language: true,
        skills: vec!["printers".into(), "refunds".into()],
        requeue_when_away: false,
    };
    // Italian and needing printers: only agent 2.
    let given = route(&routing, "it", &["printers", "urgent"], &mut team, 10);
    assert_eq!(given, BTreeMap::from([(2, 10)]));
    // Italian without a routed skill: agents 2 and 3 in turn.
    let given = route(&routing, "it", &["urgent"], &mut team, 10);
    assert_eq!(given.values().sum::<usize>(), 10);
    assert_eq!(given.keys().copied().collect::<Vec<_>>(), vec![2, 3]);
    // English (any region) needing refunds: agent 4 speaks en-GB.
    let given = route(&routing, "en", &["refunds"], &mut team, 4);
    assert_eq!(given, BTreeMap::from([(4, 4)]));
    // Nobody speaks German: the ticket waits.
    assert!(route(&routing, "de", &[], &mut team, 3).is_empty());
}

#[test]
fn manual_routing_assigns_nobody() {
    let mut team = vec![agent(1, &["en"], &[])];
    assert!(route(&mode(RoutingMode::Manual), "en", &[], &mut team, 5).is_empty());
}

#[test]
fn the_next_tier_is_the_named_group_or_the_only_one_above() {
    let id = |n: u128| GroupId(uuid::Uuid::from_u128(n));
    let tier = |tier: u8, escalates_to: Option<GroupId>| GroupSetup {
        tier,
        escalates_to,
        ..GroupSetup::default()
    };
    let mut setups = vec![
        (id(1), tier(1, None)),
        (id(2), tier(2, None)),
        (id(3), tier(3, None)),
    ];
    assert_eq!(next_tier(id(1), &setups), Some(id(2)));
    assert_eq!(next_tier(id(2), &setups), Some(id(3)));
    assert_eq!(
        next_tier(id(3), &setups),
        None,
        "the top tier has nowhere to go"
    );
    // Two second-line groups: the first line must name one.
    setups.push((id(4), tier(2, None)));
    assert_eq!(next_tier(id(1), &setups), None);
    setups[0].1.escalates_to = Some(id(4));
    assert_eq!(next_tier(id(1), &setups), Some(id(4)));
    // A group without a set-up is first line.
    assert_eq!(next_tier(id(9), &setups), None);
}
