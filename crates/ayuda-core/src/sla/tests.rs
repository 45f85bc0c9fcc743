//! Which policy applies, and how the clocks move as a ticket is answered, waits and is solved.

use jiff::{SignedDuration, Timestamp};

use super::*;
use crate::calendar::{BusinessHours, WeekHours, WorkInterval};
use crate::contact::ServiceTier;
use crate::ticket::tests::sample_ticket;

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn policy(position: i32, conditions: SlaConditions) -> SlaPolicy {
    SlaPolicy {
        id: SlaPolicyId::generate(),
        name: Name::parse("policy").unwrap(),
        position,
        conditions,
        targets: SlaTargets {
            first_response: Some(SignedDuration::from_hours(4)),
            next_response: Some(SignedDuration::from_hours(8)),
            resolution: Some(SignedDuration::from_hours(40)),
        },
        calendar_id: None,
        warn_before: SignedDuration::from_hours(1),
        active: true,
        created_at: at("2026-01-01T00:00Z"),
        updated_at: at("2026-01-01T00:00Z"),
    }
}

fn madrid_office() -> Schedule {
    let day = WorkInterval::parse("09:00-17:00").unwrap();
    Schedule::Business(Box::new(
        BusinessHours::new(
            "Europe/Madrid",
            WeekHours::weekdays(&[day]).unwrap(),
            vec![],
        )
        .unwrap(),
    ))
}

#[test]
fn the_first_matching_policy_by_position_applies() {
    let mut ticket = sample_ticket();
    ticket.priority = Priority::Urgent;
    let urgent = policy(
        1,
        SlaConditions {
            priorities: vec![Priority::Urgent, Priority::High],
            ..SlaConditions::default()
        },
    );
    let premium = policy(
        0,
        SlaConditions {
            service_tiers: vec![ServiceTier::Premium, ServiceTier::Enterprise],
            ..SlaConditions::default()
        },
    );
    let mut inactive = policy(-1, SlaConditions::default());
    inactive.active = false;
    let catch_all = policy(9, SlaConditions::default());
    let policies = [catch_all.clone(), urgent.clone(), premium.clone(), inactive];

    let chosen = |ticket: &Ticket, tier| select_policy(&policies, ticket, tier).map(|p| p.id);
    assert_eq!(
        chosen(&ticket, Some(ServiceTier::Premium)),
        Some(premium.id)
    );
    assert_eq!(chosen(&ticket, None), Some(urgent.id));
    ticket.priority = Priority::Low;
    assert_eq!(
        chosen(&ticket, Some(ServiceTier::Standard)),
        Some(catch_all.id)
    );
    assert_eq!(select_policy(&[urgent], &ticket, None), None);
}

#[test]
fn a_group_condition_needs_a_ticket_in_that_group() {
    let group = crate::id::GroupId::generate();
    let billing = SlaConditions {
        groups: vec![group],
        ..SlaConditions::default()
    };
    let mut ticket = sample_ticket();
    ticket.group_id = None;
    assert!(!billing.matches(&ticket, None));
    ticket.group_id = Some(group);
    assert!(billing.matches(&ticket, None));
}

#[test]
fn waiting_on_the_customer_moves_the_deadline_by_the_working_time_paused() {
    let policy = policy(0, SlaConditions::default());
    let office = madrid_office();
    let mut sla = TicketSla::new(&policy);
    let step = |sla: &mut TicketSla, event, status, when: &str| {
        sla.apply(event, status, at(when), &office, policy.warn_before)
    };
    // Monday 10:00: four working hours to answer, a warning an hour before.
    step(
        &mut sla,
        SlaEvent::Created(Status::New),
        Status::New,
        "2026-11-23T10:00+01:00",
    );
    let first = sla.clock(SlaMetric::FirstResponse).unwrap().clone();
    assert_eq!(first.due_at, Some(at("2026-11-23T14:00+01:00")));
    assert_eq!(
        first.next_alert(),
        Some((SlaAlert::Warning, at("2026-11-23T13:00+01:00")))
    );

    // 11:00 it waits on the customer until Tuesday 10:00: the clock stands still with one hour used.
    let pending = SlaEvent::StatusChanged {
        from: Status::New,
        to: Status::Pending,
    };
    step(&mut sla, pending, Status::Pending, "2026-11-23T11:00+01:00");
    let first = sla.clock(SlaMetric::FirstResponse).unwrap();
    assert!(first.is_paused());
    assert_eq!(
        (first.used, first.due_at, first.next_alert()),
        (SignedDuration::from_hours(1), None, None)
    );

    step(
        &mut sla,
        SlaEvent::CustomerWrote {
            answered_before: false,
        },
        Status::Pending,
        "2026-11-24T10:00+01:00",
    );
    let back = SlaEvent::StatusChanged {
        from: Status::Pending,
        to: Status::Open,
    };
    step(&mut sla, back, Status::Open, "2026-11-24T10:00+01:00");
    let first = sla.clock(SlaMetric::FirstResponse).unwrap();
    assert_eq!(first.due_at, Some(at("2026-11-24T13:00+01:00")));
    assert_eq!(sla.clock(SlaMetric::NextResponse).unwrap().started_at, None);
    // Resolution: 40 working hours, of which 1 used on Monday.
    let resolution = sla.clock(SlaMetric::Resolution).unwrap();
    assert_eq!(resolution.due_at, Some(at("2026-11-30T17:00+01:00")));
}

#[test]
fn warning_then_breach_are_each_owed_once() {
    let policy = policy(0, SlaConditions::default());
    let office = madrid_office();
    let mut sla = TicketSla::new(&policy);
    sla.apply(
        SlaEvent::Created(Status::New),
        Status::New,
        at("2026-11-23T10:00+01:00"),
        &office,
        policy.warn_before,
    );
    let clock = &mut sla.clocks[0];
    assert_eq!(clock.metric, SlaMetric::FirstResponse);
    clock.record_alert(SlaAlert::Warning, at("2026-11-23T13:00+01:00"));
    assert_eq!(
        clock.next_alert(),
        Some((SlaAlert::Breach, at("2026-11-23T14:00+01:00")))
    );
    clock.record_alert(SlaAlert::Breach, at("2026-11-23T14:00+01:00"));
    assert_eq!(clock.next_alert(), None);

    // Answered late: met, and the breach stays on record.
    sla.apply(
        SlaEvent::AgentReplied,
        Status::Open,
        at("2026-11-23T15:00+01:00"),
        &office,
        policy.warn_before,
    );
    let first = sla.clock(SlaMetric::FirstResponse).unwrap();
    assert_eq!(first.met_at, Some(at("2026-11-23T15:00+01:00")));
    assert_eq!(first.breached_at, Some(at("2026-11-23T14:00+01:00")));
    assert_eq!(first.next_alert(), None);
}

#[test]
fn a_late_answer_counts_as_a_breach_even_before_any_sweep() {
    let policy = policy(0, SlaConditions::default());
    let mut sla = TicketSla::new(&policy);
    let start = at("2026-11-23T10:00Z");
    sla.apply(
        SlaEvent::Created(Status::New),
        Status::New,
        start,
        &Schedule::AllHours,
        policy.warn_before,
    );
    sla.apply(
        SlaEvent::AgentReplied,
        Status::Open,
        at("2026-11-23T15:00Z"),
        &Schedule::AllHours,
        policy.warn_before,
    );
    let first = sla.clock(SlaMetric::FirstResponse).unwrap();
    assert_eq!(first.breached_at, Some(at("2026-11-23T14:00Z")));
}

#[test]
fn a_customer_message_after_an_answer_starts_a_next_response_clock() {
    let policy = policy(0, SlaConditions::default());
    let all = Schedule::AllHours;
    let mut sla = TicketSla::new(&policy);
    let w = policy.warn_before;
    sla.apply(
        SlaEvent::Created(Status::New),
        Status::New,
        at("2026-11-23T10:00Z"),
        &all,
        w,
    );
    sla.apply(
        SlaEvent::AgentReplied,
        Status::Open,
        at("2026-11-23T11:00Z"),
        &all,
        w,
    );
    sla.apply(
        SlaEvent::CustomerWrote {
            answered_before: true,
        },
        Status::Open,
        at("2026-11-23T12:00Z"),
        &all,
        w,
    );
    // Writing again while waiting does not restart the wait.
    sla.apply(
        SlaEvent::CustomerWrote {
            answered_before: true,
        },
        Status::Open,
        at("2026-11-23T13:00Z"),
        &all,
        w,
    );
    let next = sla.clock(SlaMetric::NextResponse).unwrap().clone();
    assert_eq!(next.due_at, Some(at("2026-11-23T20:00Z")));
    sla.apply(
        SlaEvent::AgentReplied,
        Status::Open,
        at("2026-11-23T14:00Z"),
        &all,
        w,
    );
    assert_eq!(
        sla.clock(SlaMetric::NextResponse).unwrap().met_at,
        Some(at("2026-11-23T14:00Z"))
    );
    sla.apply(
        SlaEvent::CustomerWrote {
            answered_before: true,
        },
        Status::Open,
        at("2026-11-24T09:00Z"),
        &all,
        w,
    );
    let next = sla.clock(SlaMetric::NextResponse).unwrap();
    assert_eq!(
        (next.met_at, next.due_at),
        (None, Some(at("2026-11-24T17:00Z")))
    );
}

#[test]
fn solving_meets_the_resolution_target_and_reopening_resumes_it() {
    let policy = policy(0, SlaConditions::default());
    let all = Schedule::AllHours;
    let w = policy.warn_before;
    let mut sla = TicketSla::new(&policy);
    sla.apply(
        SlaEvent::Created(Status::New),
        Status::New,
        at("2026-11-23T00:00Z"),
        &all,
        w,
    );
    let solve = SlaEvent::StatusChanged {
        from: Status::New,
        to: Status::Solved,
    };
    sla.apply(solve, Status::Solved, at("2026-11-23T10:00Z"), &all, w);
    let resolution = sla.clock(SlaMetric::Resolution).unwrap();
    assert_eq!(resolution.met_at, Some(at("2026-11-23T10:00Z")));
    // A first response never given is not breached while the ticket stays solved.
    assert_eq!(
        sla.clock(SlaMetric::FirstResponse).unwrap().next_alert(),
        None
    );

    let reopen = SlaEvent::StatusChanged {
        from: Status::Solved,
        to: Status::Open,
    };
    sla.apply(reopen, Status::Open, at("2026-11-25T10:00Z"), &all, w);
    let resolution = sla.clock(SlaMetric::Resolution).unwrap();
    assert_eq!(resolution.met_at, None);
    // 10 of 40 hours were used; the two days it stood solved are credited.
    assert_eq!(resolution.due_at, Some(at("2026-11-26T16:00Z")));
}

#[test]
fn a_ticket_created_pending_starts_its_clocks_when_it_comes_back() {
    let policy = policy(0, SlaConditions::default());
    let all = Schedule::AllHours;
    let mut sla = TicketSla::new(&policy);
    sla.apply(
        SlaEvent::Created(Status::Pending),
        Status::Pending,
        at("2026-11-23T00:00Z"),
        &all,
        policy.warn_before,
    );
    assert!(sla.clocks.iter().all(|c| c.next_alert().is_none()));
    let back = SlaEvent::StatusChanged {
        from: Status::Pending,
        to: Status::Open,
    };
    sla.apply(
        back,
        Status::Open,
        at("2026-11-23T05:00Z"),
        &all,
        policy.warn_before,
    );
    let first = sla.clock(SlaMetric::FirstResponse).unwrap();
    assert_eq!(first.due_at, Some(at("2026-11-23T09:00Z")));
}

#[test]
fn targets_outside_their_limits_are_refused() {
    let mut policy = policy(0, SlaConditions::default());
    policy.targets.resolution = Some(SignedDuration::from_secs(30));
    policy.warn_before = SignedDuration::from_mins(-5);
    let fields: Vec<String> = policy
        .check()
        .unwrap_err()
        .0
        .into_iter()
        .map(|e| e.field)
        .collect();
    assert_eq!(fields, ["resolution", "warn_before"]);
}

#[test]
fn a_new_policy_keeps_the_time_used_and_applies_its_own_targets() {
    let standard = policy(0, SlaConditions::default());
    let mut urgent = policy(1, SlaConditions::default());
    urgent.targets.first_response = Some(SignedDuration::from_hours(2));
    urgent.targets.resolution = None;
    let all = Schedule::AllHours;
    let mut sla = TicketSla::new(&standard);
    sla.apply(
        SlaEvent::Created(Status::New),
        Status::New,
        at("2026-11-23T10:00Z"),
        &all,
        standard.warn_before,
    );
    // An hour later the ticket becomes urgent: two hours to answer in all, one of them used.
    let now = at("2026-11-23T11:00Z");
    let urgent_sla = sla.retarget(&urgent, Status::Open, now, &all);
    assert_eq!(urgent_sla.policy_id, urgent.id);
    let first = urgent_sla.clock(SlaMetric::FirstResponse).unwrap();
    assert_eq!(first.used, SignedDuration::from_hours(1));
    assert_eq!(first.due_at, Some(at("2026-11-23T12:00Z")));
    assert!(urgent_sla.clock(SlaMetric::Resolution).is_none());
    // And back: resolution starts now, as the urgent policy had none.
    let back = urgent_sla.retarget(&standard, Status::Open, now, &all);
    let resolution = back.clock(SlaMetric::Resolution).unwrap();
    assert_eq!(resolution.due_at, Some(at("2026-11-25T03:00Z")));
}
