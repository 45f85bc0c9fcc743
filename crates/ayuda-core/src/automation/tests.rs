//! Triggers: which conditions hold on which tickets, which triggers fire for an event, in what order,
//! and the cap on actions that keeps one event from running away.

use jiff::Timestamp;

use super::*;
use crate::id::{MessageId, TriggerId};
use crate::message::{Author, Direction, MessageKind};
use crate::ticket::Channel;
use crate::ticket::tests::sample_ticket;

fn condition(field: ConditionField, operator: Operator, value: &str) -> Condition {
    Condition {
        field,
        operator,
        value: value.into(),
    }
}

fn trigger(
    position: i32,
    event: TriggerEvent,
    all: Vec<Condition>,
    actions: Vec<Action>,
) -> Trigger {
    let at = Timestamp::from_second(1_800_000_000).unwrap();
    Trigger {
        id: TriggerId::generate(),
        name: Name::parse(&format!("Rule {position}")).unwrap(),
        position,
        active: true,
        event,
        all,
        any: Vec::new(),
        actions,
        created_at: at,
        updated_at: at,
    }
}

fn message(text: &str) -> Message {
    let ticket = sample_ticket();
    Message {
        id: MessageId::generate(),
        ticket_id: ticket.id,
        kind: MessageKind::Reply,
        internal: false,
        direction: Direction::Inbound,
        author: Author::Contact(ticket.requester_id),
        channel: Channel::Email,
        body_text: text.into(),
        body_html: None,
        external_id: None,
        attachments: Vec::new(),
        created_at: ticket.created_at,
    }
}

fn facts<'a>(ticket: &'a Ticket, message: Option<&'a Message>) -> Facts<'a> {
    Facts {
        ticket,
        message,
        service_tier: Some(ServiceTier::Premium),
        sla_metric: Some(SlaMetric::FirstResponse),
        in_business_hours: false,
    }
}

#[test]
fn conditions_look_at_fields_text_tags_tier_and_the_sla_metric() {
    use ConditionField as F;
    use Operator as O;
    let mut ticket = sample_ticket();
    ticket.tags = vec![Tag::parse("refund").unwrap()];
    ticket.language = crate::text::Language::parse("es-MX").unwrap();
    let angry = message("This is UNACCEPTABLE, I want my money back");
    let facts = facts(&ticket, Some(&angry));
    let cases = [
        (condition(F::Status, O::Is, "new"), true),
        (condition(F::Status, O::IsNot, "new"), false),
        (condition(F::Priority, O::Is, "NORMAL"), true),
        (condition(F::Channel, O::Is, "phone"), false),
        (condition(F::Group, O::Is, ""), true),
        (condition(F::Assignee, O::IsNot, ""), false),
        (condition(F::Language, O::Is, "es"), true),
        (condition(F::Language, O::Is, "es-mx"), true),
        (condition(F::Language, O::IsNot, "it"), true),
        (condition(F::Tag, O::Contains, "refund"), true),
        (condition(F::Tag, O::NotContains, "refund"), false),
        (condition(F::ServiceTier, O::Is, "premium"), true),
        (condition(F::SlaMetric, O::Is, "resolution"), false),
        (condition(F::Subject, O::Contains, "fire"), true),
        (condition(F::Message, O::Contains, "unacceptable"), true),
        (condition(F::Message, O::NotContains, "money back"), false),
        (condition(F::BusinessHours, O::Is, "outside"), true),
        (condition(F::BusinessHours, O::Is, "within"), false),
    ];
    for (condition, expected) in cases {
        assert_eq!(condition.holds(&facts), expected, "{condition:?}");
    }
    // No message: text conditions see nothing.
    let quiet = Facts {
        message: None,
        ..facts
    };
    assert!(!condition(F::Message, O::Contains, "money").holds(&quiet));
    let at_work = Facts {
        in_business_hours: true,
        ..facts
    };
    assert!(condition(F::BusinessHours, O::Is, "within").holds(&at_work));
    assert!(
        condition(F::BusinessHours, O::Is, "later")
            .check_value()
            .is_err()
    );
}

#[test]
fn a_trigger_fires_on_its_event_when_all_and_one_of_any_hold() {
    use ConditionField as F;
    use Operator as O;
    let ticket = sample_ticket();
    let mut rule = trigger(
        0,
        TriggerEvent::SlaBreach,
        vec![condition(F::Priority, O::Is, "normal")],
        vec![Action::SetPriority(Priority::High)],
    );
    let facts = facts(&ticket, None);
    assert!(rule.fires(TriggerEvent::SlaBreach, &facts));
    assert!(!rule.fires(TriggerEvent::SlaWarning, &facts));
    rule.any = vec![
        condition(F::Channel, O::Is, "phone"),
        condition(F::ServiceTier, O::Is, "premium"),
    ];
    assert!(rule.fires(TriggerEvent::SlaBreach, &facts));
    rule.any.pop();
    assert!(!rule.fires(TriggerEvent::SlaBreach, &facts));
    rule.any.clear();
    rule.active = false;
    assert!(!rule.fires(TriggerEvent::SlaBreach, &facts));
}

/// Applies the field actions as the application does, recording them.
fn apply(ticket: &mut Ticket, action: &Action) {
    match action {
        Action::SetPriority(p) => ticket.priority = *p,
        Action::SetStatus(s) => ticket.status = *s,
        Action::AddTags(tags) => ticket.tags.extend(tags.iter().cloned()),
        _ => {}
    }
}

#[test]
fn triggers_run_in_order_once_each_seeing_earlier_changes_and_within_the_cap() {
    use ConditionField as F;
    use Operator as O;
    let mut ticket = sample_ticket();
    let urgent = Tag::parse("urgent").unwrap();
    // The second trigger only matches after the first has raised the priority; the third would undo
    // the first and re-trigger it, in a system where triggers fire on their own changes.
    let raise = trigger(
        1,
        TriggerEvent::TicketCreated,
        vec![condition(F::Priority, O::Is, "normal")],
        vec![Action::SetPriority(Priority::Urgent)],
    );
    let tag = trigger(
        2,
        TriggerEvent::TicketCreated,
        vec![condition(F::Priority, O::Is, "urgent")],
        vec![Action::AddTags(vec![urgent.clone()])],
    );
    let lower = trigger(
        3,
        TriggerEvent::TicketCreated,
        vec![condition(F::Tag, O::Contains, "urgent")],
        vec![Action::SetPriority(Priority::Normal)],
    );
    let triggers = vec![lower.clone(), tag.clone(), raise.clone()];
    let before = ticket.clone();
    let fired = run_triggers(
        &triggers,
        TriggerEvent::TicketCreated,
        facts(&before, None),
        &mut ticket,
        apply,
    );
    let names: Vec<&str> = fired.iter().map(|(t, _)| t.name.as_str()).collect();
    assert_eq!(names, ["Rule 1", "Rule 2", "Rule 3"]);
    // Each fired once: the priority ends where the last one left it, not in a loop.
    assert_eq!(ticket.priority, Priority::Normal);
    assert_eq!(ticket.tags, vec![urgent]);

    // One event runs at most MAX_ACTIONS_PER_EVENT actions, however many triggers match.
    let many: Vec<Trigger> = (0..10)
        .map(|i| {
            trigger(
                i,
                TriggerEvent::TicketUpdated,
                Vec::new(),
                vec![Action::SetStatus(Status::Open); 4],
            )
        })
        .collect();
    let mut ticket = sample_ticket();
    let before = ticket.clone();
    let fired = run_triggers(
        &many,
        TriggerEvent::TicketUpdated,
        facts(&before, None),
        &mut ticket,
        apply,
    );
    let actions: usize = fired.iter().map(|(_, a)| a.len()).sum();
    assert_eq!(actions, MAX_ACTIONS_PER_EVENT);
}

#[test]
fn a_trigger_must_act_and_its_conditions_must_mean_something() {
    use ConditionField as F;
    use Operator as O;
    let mut rule = trigger(
        0,
        TriggerEvent::TicketCreated,
        vec![
            condition(F::Status, O::Is, "sleeping"),
            condition(F::Priority, O::Contains, "high"),
            condition(F::Group, O::Is, "sales"),
        ],
        Vec::new(),
    );
    let fields: Vec<String> = rule
        .validate()
        .unwrap_err()
        .0
        .iter()
        .map(|e| e.field.clone())
        .collect();
    assert_eq!(
        fields,
        ["actions", "all.0.value", "all.1.operator", "all.2.value"]
    );
    rule.all.clear();
    rule.actions = vec![Action::Escalate {
        to: EscalateTo::NextTier,
        reason: " ".into(),
    }];
    let fields: Vec<String> = rule
        .validate()
        .unwrap_err()
        .0
        .iter()
        .map(|e| e.field.clone())
        .collect();
    assert_eq!(fields, ["actions.0.reason"]);
}

fn reminder() -> TimedRule {
    let at = Timestamp::from_second(1_800_000_000).unwrap();
    TimedRule {
        id: crate::id::TimedRuleId::generate(),
        name: Name::parse("Remind after five days").unwrap(),
        position: 0,
        active: true,
        status: Status::Pending,
        idle_for: jiff::SignedDuration::from_hours(5 * 24),
        all: vec![condition(
            ConditionField::Tag,
            Operator::NotContains,
            "reminded",
        )],
        any: Vec::new(),
        actions: vec![
            Action::AddTags(vec![Tag::parse("reminded").unwrap()]),
            Action::Notify {
                agents: Vec::new(),
                note: "Reminded".into(),
            },
        ],
        created_at: at,
        updated_at: at,
    }
}

#[test]
fn an_automation_acts_on_tickets_that_waited_long_enough_and_must_end_itself() {
    let rule = reminder();
    assert_eq!(rule.validate(), Ok(()));
    let mut ticket = sample_ticket();
    ticket.status = Status::Pending;
    let day = jiff::SignedDuration::from_hours(24);
    let waited = |days: i64| ticket.updated_at + day * days as i32;
    let check = |ticket: &Ticket, now| rule.matches(&facts(ticket, None), now);
    assert!(!check(&ticket, waited(4)));
    assert!(check(&ticket, waited(5)));
    let mut reminded = ticket.clone();
    reminded.tags = vec![Tag::parse("reminded").unwrap()];
    assert!(!check(&reminded, waited(9)), "its own tag stops it");
    let mut open = ticket.clone();
    open.status = Status::Open;
    assert!(!check(&open, waited(9)));

    // Notifying alone would remind every five days for ever: refused.
    let endless = TimedRule {
        all: Vec::new(),
        ..reminder()
    };
    let fields: Vec<String> = endless
        .validate()
        .unwrap_err()
        .0
        .into_iter()
        .map(|e| e.field)
        .collect();
    assert_eq!(fields, ["actions"]);
    // Solving ends it; so does a wait out of range get named.
    let solve = TimedRule {
        all: Vec::new(),
        actions: vec![Action::SetStatus(Status::Solved)],
        idle_for: jiff::SignedDuration::from_mins(10),
        ..reminder()
    };
    let fields: Vec<String> = solve
        .validate()
        .unwrap_err()
        .0
        .into_iter()
        .map(|e| e.field)
        .collect();
    assert_eq!(fields, ["idle_hours"]);
}
