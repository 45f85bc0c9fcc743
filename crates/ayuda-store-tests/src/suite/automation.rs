//! Triggers and time-based automations in the store: kept with their conditions and actions, replaced
//! by id, listed in the order they run, refused under a name another has, deleted.

use std::sync::Arc;

use ayuda_core::automation::{
    Action, Condition, ConditionField, EscalateTo, Operator, TimedRule, Trigger, TriggerEvent,
};
use ayuda_core::id::{GroupId, TimedRuleId, TriggerId};
use ayuda_core::text::{Name, Tag};
use ayuda_core::ticket::{Priority, Status};
use ayuda_store::Store;
use jiff::SignedDuration;

use super::expect;
use crate::fixtures::at;

fn trigger(name: &str, position: i32) -> Trigger {
    Trigger {
        id: TriggerId::generate(),
        name: Name::parse(name).unwrap(),
        position,
        active: true,
        event: TriggerEvent::SlaBreach,
        all: vec![Condition {
            field: ConditionField::Priority,
            operator: Operator::Is,
            value: "urgent".into(),
        }],
        any: vec![Condition {
            field: ConditionField::Message,
            operator: Operator::Contains,
            value: "abogado".into(),
        }],
        actions: vec![
            Action::SetPriority(Priority::Urgent),
            Action::Escalate {
                to: EscalateTo::Group(GroupId::generate()),
                reason: "Breached twice".into(),
            },
        ],
        created_at: at(0),
        updated_at: at(0),
    }
}

pub async fn triggers_are_kept_replaced_listed_in_order_and_refused(store: Arc<dyn Store>) {
    assert!(store.list_triggers().await.unwrap().is_empty());
    let late = trigger("Escalate breaches", 5);
    let early = trigger("Tag refunds", 1);
    store.save_trigger(late.clone()).await.unwrap();
    store.save_trigger(early.clone()).await.unwrap();
    assert_eq!(
        store.list_triggers().await.unwrap(),
        vec![early.clone(), late.clone()]
    );
    let replaced = Trigger {
        active: false,
        position: 0,
        actions: vec![Action::Notify {
            agents: Vec::new(),
            note: "Look".into(),
        }],
        updated_at: at(10),
        ..late.clone()
    };
    store.save_trigger(replaced.clone()).await.unwrap();
    assert_eq!(
        store.list_triggers().await.unwrap(),
        vec![replaced.clone(), early.clone()]
    );
    expect::duplicate(
        store.save_trigger(trigger("tag REFUNDS", 9)).await,
        "trigger name",
    );
    store.delete_trigger(replaced.id).await.unwrap();
    expect::not_found(store.delete_trigger(replaced.id).await);
    assert_eq!(store.list_triggers().await.unwrap(), vec![early]);
}

fn timed(name: &str, position: i32) -> TimedRule {
    TimedRule {
        id: TimedRuleId::generate(),
        name: Name::parse(name).unwrap(),
        position,
        active: true,
        status: Status::Pending,
        idle_for: SignedDuration::from_hours(5 * 24),
        all: vec![Condition {
            field: ConditionField::Tag,
            operator: Operator::NotContains,
            value: "reminded".into(),
        }],
        any: Vec::new(),
        actions: vec![Action::AddTags(vec![Tag::parse("reminded").unwrap()])],
        created_at: at(0),
        updated_at: at(0),
    }
}

pub async fn timed_rules_are_kept_replaced_listed_in_order_and_refused(store: Arc<dyn Store>) {
    assert!(store.list_timed_rules().await.unwrap().is_empty());
    let solve = TimedRule {
        status: Status::Solved,
        idle_for: SignedDuration::from_hours(48),
        actions: vec![Action::SetStatus(Status::Closed)],
        ..timed("Close solved", 2)
    };
    let remind = timed("Remind", 1);
    store.save_timed_rule(solve.clone()).await.unwrap();
    store.save_timed_rule(remind.clone()).await.unwrap();
    assert_eq!(
        store.list_timed_rules().await.unwrap(),
        vec![remind.clone(), solve.clone()]
    );
    let replaced = TimedRule {
        position: 5,
        active: false,
        updated_at: at(9),
        ..remind.clone()
    };
    store.save_timed_rule(replaced.clone()).await.unwrap();
    assert_eq!(
        store.list_timed_rules().await.unwrap(),
        vec![solve.clone(), replaced.clone()]
    );
    expect::duplicate(
        store.save_timed_rule(timed("close SOLVED", 3)).await,
        "automation name",
    );
    store.delete_timed_rule(solve.id).await.unwrap();
    expect::not_found(store.delete_timed_rule(solve.id).await);
    assert_eq!(store.list_timed_rules().await.unwrap(), vec![replaced]);
}
