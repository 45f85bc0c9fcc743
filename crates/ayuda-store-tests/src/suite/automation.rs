//! Triggers in the store: kept with their conditions and actions, replaced by id, listed in the order
//! they run, refused under a name another has, deleted.

use std::sync::Arc;

use ayuda_core::automation::{
    Action, Condition, ConditionField, EscalateTo, Operator, Trigger, TriggerEvent,
};
use ayuda_core::id::{GroupId, TriggerId};
use ayuda_core::text::Name;
use ayuda_core::ticket::Priority;
use ayuda_store::Store;

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
