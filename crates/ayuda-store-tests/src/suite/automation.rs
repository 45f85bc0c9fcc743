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

pub async fn webhook_calls_are_queued_with_their_ticket_and_taken_once(store: Arc<dyn Store>) {
    use ayuda_core::email::OutboxState;
    use ayuda_core::id::WebhookCallId;
    use ayuda_core::webhook::WebhookCall;
    use ayuda_store::SendOutcome;

    let requester = store
        .create_contact(crate::fixtures::contact("ana@example.com"))
        .await
        .unwrap();
    let mut new = crate::fixtures::ticket_for(requester.id).build();
    let ticket = new.ticket.id;
    let call = |url: &str, second: i64| WebhookCall {
        id: WebhookCallId::generate(),
        ticket_id: ticket,
        url: url.into(),
        payload: r#"{"ticket":{"number":1}}"#.into(),
        state: OutboxState::Pending,
        attempts: 0,
        next_attempt_at: at(second),
        last_error: None,
        created_at: at(second),
        sent_at: None,
    };
    let due = call("https://crm.example/hook", 10);
    let later = call("https://erp.example/hook", 1_000);
    new.email.webhooks = vec![due.clone(), later.clone()];
    store.create_ticket(new).await.unwrap();
    assert_eq!(
        store.list_webhook_calls(ticket).await.unwrap(),
        vec![due.clone(), later.clone()]
    );

    // Two callers at once: the due call goes to one of them, leased.
    let (a, b) = tokio::join!(
        store.claim_webhook_calls(at(20), at(80), 10),
        store.claim_webhook_calls(at(20), at(80), 10)
    );
    let taken: Vec<WebhookCallId> = a.unwrap().iter().chain(&b.unwrap()).map(|c| c.id).collect();
    assert_eq!(taken, vec![due.id]);
    assert!(
        store
            .claim_webhook_calls(at(30), at(90), 10)
            .await
            .unwrap()
            .is_empty()
    );

    store
        .finish_webhook_call(
            due.id,
            SendOutcome::Retry {
                error: "the receiver answered 503".into(),
                at: at(200),
            },
        )
        .await
        .unwrap();
    let retried = store
        .claim_webhook_calls(at(200), at(260), 10)
        .await
        .unwrap();
    assert_eq!(retried.len(), 1);
    assert_eq!(retried[0].attempts, 1);
    assert_eq!(
        retried[0].last_error.as_deref(),
        Some("the receiver answered 503")
    );
    store
        .finish_webhook_call(due.id, SendOutcome::Sent { at: at(210) })
        .await
        .unwrap();
    let calls = store.list_webhook_calls(ticket).await.unwrap();
    assert_eq!(calls[0].state, OutboxState::Sent);
    assert_eq!(calls[0].sent_at, Some(at(210)));
    expect::not_found(
        store
            .finish_webhook_call(WebhookCallId::generate(), SendOutcome::Sent { at: at(1) })
            .await,
    );
}

pub async fn macros_are_kept_replaced_listed_by_name_and_refused(store: Arc<dyn Store>) {
    use ayuda_core::id::MacroId;
    use ayuda_core::macros::{Macro, MacroText};
    use ayuda_core::text::Language;

    let refund = Macro {
        id: MacroId::generate(),
        name: Name::parse("Refund approved").unwrap(),
        actions: vec![
            Action::SetStatus(Status::Solved),
            Action::AddTags(vec![Tag::parse("refund").unwrap()]),
        ],
        texts: vec![MacroText {
            language: Language::parse("es").unwrap(),
            text: "Hola {{customer.first_name}}".into(),
        }],
        note: false,
        created_at: at(0),
        updated_at: at(0),
    };
    let ask = Macro {
        id: MacroId::generate(),
        name: Name::parse("Ask for the invoice").unwrap(),
        actions: vec![Action::SetStatus(Status::Pending)],
        texts: Vec::new(),
        note: true,
        ..refund.clone()
    };
    store.save_macro(refund.clone()).await.unwrap();
    store.save_macro(ask.clone()).await.unwrap();
    assert_eq!(
        store.list_macros().await.unwrap(),
        vec![ask.clone(), refund.clone()]
    );
    let replaced = Macro {
        note: true,
        updated_at: at(5),
        ..refund.clone()
    };
    store.save_macro(replaced.clone()).await.unwrap();
    expect::duplicate(
        store
            .save_macro(Macro {
                id: MacroId::generate(),
                name: Name::parse("REFUND approved").unwrap(),
                ..refund.clone()
            })
            .await,
        "macro name",
    );
    store.delete_macro(ask.id).await.unwrap();
    expect::not_found(store.delete_macro(ask.id).await);
    assert_eq!(store.list_macros().await.unwrap(), vec![replaced]);
}
