//! Tests of who may see and do what.

use super::*;
use crate::ticket::tests::sample_ticket;

fn agent(role: Role, groups: &[GroupId]) -> Principal {
    Principal::Agent {
        id: AgentId::generate(),
        role,
        group_ids: groups.to_vec(),
    }
}

#[test]
fn agents_see_their_groups_triage_and_their_assignments() {
    let billing = GroupId::generate();
    let sales = GroupId::generate();
    let alice = agent(Role::Agent, &[billing]);
    let mut ticket = sample_ticket();

    assert!(
        can_view_ticket(&alice, &ticket),
        "no group yet: triage is visible to all agents"
    );
    ticket.group_id = Some(sales);
    assert!(!can_view_ticket(&alice, &ticket));
    if let Principal::Agent { id, .. } = &alice {
        ticket.assignee_id = Some(*id);
    }
    assert!(can_view_ticket(&alice, &ticket), "assigned to her");
    ticket.assignee_id = None;
    ticket.group_id = Some(billing);
    assert!(can_view_ticket(&alice, &ticket));

    ticket.group_id = Some(sales);
    assert!(can_view_ticket(&agent(Role::Supervisor, &[]), &ticket));
    assert!(can_view_ticket(&agent(Role::Admin, &[]), &ticket));
}

#[test]
fn customers_see_their_own_and_shared_organization_tickets() {
    let org = OrganizationId::generate();
    let mut ticket = sample_ticket();
    ticket.organization_id = Some(org);
    let owner = Principal::Customer {
        contact_id: ticket.requester_id,
        organization_id: Some(org),
        sees_organization: false,
    };
    let colleague = Principal::Customer {
        contact_id: ContactId::generate(),
        organization_id: Some(org),
        sees_organization: false,
    };
    let sharing_colleague = Principal::Customer {
        contact_id: ContactId::generate(),
        organization_id: Some(org),
        sees_organization: true,
    };
    let stranger = Principal::Customer {
        contact_id: ContactId::generate(),
        organization_id: None,
        sees_organization: true,
    };

    assert!(can_view_ticket(&owner, &ticket));
    assert!(!can_view_ticket(&colleague, &ticket));
    assert!(can_view_ticket(&sharing_colleague, &ticket));
    assert!(!can_view_ticket(&stranger, &ticket));

    let mut orphan = sample_ticket();
    orphan.organization_id = None;
    assert!(
        !can_view_ticket(&stranger, &orphan),
        "no organization on either side must not match"
    );
}

#[test]
fn customers_may_only_reply_publicly_and_mark_solved() {
    let customer = Principal::Customer {
        contact_id: ContactId::generate(),
        organization_id: None,
        sees_organization: false,
    };
    assert!(can_add_message(&customer, MessageKind::Reply, false).is_ok());
    assert!(can_add_message(&customer, MessageKind::Note, true).is_err());
    assert!(can_add_message(&customer, MessageKind::PhoneCall, false).is_err());
    assert!(!can_see_message(&customer, true));
    assert!(can_see_message(&customer, false));

    let solve = TicketChanges {
        status: Some(Status::Solved),
        ..Default::default()
    };
    assert!(can_update_ticket(&customer, &solve).is_ok());
    let reprioritise = TicketChanges {
        priority: Some(crate::ticket::Priority::Urgent),
        ..Default::default()
    };
    assert!(can_update_ticket(&customer, &reprioritise).is_err());
    assert!(can_update_ticket(&agent(Role::Agent, &[]), &reprioritise).is_ok());
}

/// Every role against every set-up operation, as a table that reads like the documentation.
#[test]
fn set_up_permissions_by_role() {
    let customer = Principal::Customer {
        contact_id: ContactId::generate(),
        organization_id: None,
        sees_organization: false,
    };
    let principals = [
        ("admin", agent(Role::Admin, &[])),
        ("supervisor", agent(Role::Supervisor, &[])),
        ("agent", agent(Role::Agent, &[])),
        ("customer", customer),
    ];
    let resources = [
        ("contact", Resource::Contact),
        ("organization", Resource::Organization),
        ("group", Resource::Group),
        ("agent", Resource::Agent),
        ("field", Resource::FieldDefinition),
        ("token", Resource::Token),
        ("mail", Resource::Mail),
        ("kb", Resource::Knowledge),
        ("news", Resource::Announcement),
        ("gaps", Resource::KnowledgeGap),
    ];
    let operations = [
        ("C", Operation::Create),
        ("R", Operation::Read),
        ("U", Operation::Update),
        ("L", Operation::List),
    ];
    let mut table = String::new();
    for (who, principal) in &principals {
        table.push_str(&format!("{who:10}"));
        for (what, resource) in resources {
            let allowed: String = operations
                .iter()
                .map(|(letter, op)| {
                    if can(principal, resource, *op).is_ok() {
                        *letter
                    } else {
                        "-"
                    }
                })
                .collect();
            table.push_str(&format!(" {what}:{allowed}"));
        }
        table.push('\n');
    }
    assert_eq!(
        table,
        "admin      contact:CRUL organization:CRUL group:CRUL agent:CRUL field:CRUL token:CRUL mail:CRUL \
         kb:CRUL news:CRUL gaps:CRUL\n\
         supervisor contact:CRUL organization:CRUL group:-R-L agent:-R-L field:-R-L token:---- mail:---- \
         kb:CRUL news:CRUL gaps:CRUL\n\
         agent      contact:CRUL organization:CRUL group:-R-L agent:-R-L field:-R-L token:---- mail:---- \
         kb:CRUL news:-R-L gaps:----\n\
         customer   contact:---- organization:---- group:---- agent:---- field:-R-L token:---- mail:---- \
         kb:---- news:---- gaps:----\n"
    );
}

#[test]
fn only_supervisors_and_administrators_publish_articles() {
    assert!(can_publish_article(&agent(Role::Admin, &[])).is_ok());
    assert!(can_publish_article(&agent(Role::Supervisor, &[])).is_ok());
    assert!(can_publish_article(&agent(Role::Agent, &[])).is_err());
    let customer = Principal::Customer {
        contact_id: ContactId::generate(),
        organization_id: None,
        sees_organization: false,
    };
    assert!(can_publish_article(&customer).is_err());
}
