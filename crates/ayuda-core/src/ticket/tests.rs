//! Tests of the ticket lifecycle rules.

use super::*;
use crate::message::{Author, Direction, message_effect};

pub(crate) fn sample_ticket() -> Ticket {
    let at = Timestamp::from_second(1_800_000_000).unwrap();
    Ticket {
        id: TicketId::generate(),
        number: TicketNumber(1),
        subject: TicketSubject::parse("Printer on fire").unwrap(),
        status: Status::New,
        priority: Priority::Normal,
        ticket_type: TicketType::Incident,
        channel: Channel::Email,
        requester_id: ContactId::generate(),
        organization_id: None,
        group_id: None,
        assignee_id: None,
        tags: vec![],
        custom_fields: BTreeMap::new(),
        language: Language::english(),
        links: vec![],
        merged_into: None,
        created_at: at,
        updated_at: at,
        first_response_at: None,
        solved_at: None,
        sla: None,
        category_id: None,
        insight: Default::default(),
        version: 1,
    }
}

/// Renders the allowed transitions as a table, one row per current status.
fn transition_table() -> String {
    let mut out = String::new();
    for from in Status::ALL {
        let to: Vec<&str> = Status::ALL
            .iter()
            .filter(|to| **to != *from && from.can_become(**to))
            .map(|s| s.as_str())
            .collect();
        out.push_str(&format!("{:8} -> {}\n", from.as_str(), to.join(" ")));
    }
    out
}

#[test]
fn allowed_status_transitions() {
    assert_eq!(
        transition_table(),
        "new      -> open pending on_hold solved closed\n\
         open     -> pending on_hold solved closed\n\
         pending  -> open on_hold solved closed\n\
         on_hold  -> open pending solved closed\n\
         solved   -> open closed\n\
         closed   -> \n"
    );
}

#[test]
fn solving_stamps_and_reopening_clears_solved_at() {
    let mut ticket = sample_ticket();
    let later = ticket.created_at + jiff::SignedDuration::from_secs(60);
    let changes = TicketChanges {
        status: Some(Status::Solved),
        ..Default::default()
    };
    let log = apply_changes(&mut ticket, &changes, later).unwrap();
    assert_eq!(
        log,
        vec![FieldChange {
            field: "status".into(),
            from: Some("new".into()),
            to: Some("solved".into())
        }]
    );
    assert_eq!(ticket.solved_at, Some(later));
    assert_eq!(ticket.updated_at, later);

    apply_changes(
        &mut ticket,
        &TicketChanges {
            status: Some(Status::Open),
            ..Default::default()
        },
        later,
    )
    .unwrap();
    assert_eq!(ticket.solved_at, None);
}

#[test]
fn refused_changes_leave_the_ticket_untouched() {
    let mut ticket = sample_ticket();
    ticket.status = Status::Closed;
    let before = ticket.clone();
    let changes = TicketChanges {
        status: Some(Status::Open),
        priority: Some(Priority::Urgent),
        ..Default::default()
    };
    let err = {
        let at = ticket.created_at;
        apply_changes(&mut ticket, &changes, at)
    }
    .unwrap_err();
    assert_eq!(err.0[0].field, "status");
    assert_eq!(ticket, before);
}

#[test]
fn unchanged_values_are_not_logged() {
    let mut ticket = sample_ticket();
    let changes = TicketChanges {
        priority: Some(Priority::Normal),
        status: Some(Status::New),
        ..Default::default()
    };
    assert!(
        {
            let at = ticket.created_at;
            apply_changes(&mut ticket, &changes, at)
        }
        .unwrap()
        .is_empty()
    );
}

#[test]
fn a_ticket_cannot_be_merged_into_itself() {
    let mut ticket = sample_ticket();
    let changes = TicketChanges {
        merged_into: Some(Some(ticket.id)),
        ..Default::default()
    };
    assert!(
        {
            let at = ticket.created_at;
            apply_changes(&mut ticket, &changes, at)
        }
        .is_err()
    );
}

#[test]
fn replies_move_tickets_along() {
    let agent = Author::Agent(crate::id::AgentId::generate());
    let mut ticket = sample_ticket();
    let customer = Author::Contact(ticket.requester_id);

    let first = message_effect(&ticket, agent, false, Direction::Outbound);
    assert_eq!(first.status, Some(Status::Open));
    assert!(first.first_response);

    let note = message_effect(&ticket, agent, true, Direction::Outbound);
    assert_eq!(note.status, None);
    assert!(!note.first_response);

    ticket.status = Status::Pending;
    assert_eq!(
        message_effect(&ticket, customer, false, Direction::Inbound).status,
        Some(Status::Open)
    );
    ticket.status = Status::Solved;
    assert_eq!(
        message_effect(&ticket, customer, false, Direction::Inbound).status,
        Some(Status::Open)
    );
    ticket.status = Status::Closed;
    assert_eq!(
        message_effect(&ticket, customer, false, Direction::Inbound).status,
        None
    );
}

#[test]
fn subjects_are_one_line() {
    assert!(TicketSubject::parse("Hello").is_ok());
    assert!(TicketSubject::parse(" ").is_err());
    assert!(TicketSubject::parse("two\nlines").is_err());
    assert!(TicketSubject::parse(&"é".repeat(255)).is_ok());
    assert!(TicketSubject::parse(&"é".repeat(256)).is_err());
}
