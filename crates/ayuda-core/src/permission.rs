//! Who may do what: pure functions from a [`Principal`] and the thing at hand to a decision.
//!
//! The application layer asks these before every operation; HTTP handlers never decide access themselves.
//!
//! | principal  | tickets it sees                                                        |
//! |------------|------------------------------------------------------------------------|
//! | admin      | all                                                                    |
//! | supervisor | all                                                                    |
//! | agent      | tickets in its groups, tickets with no group yet (triage), and tickets assigned to it |
//! | customer   | tickets it requested, and its organization's when the organization shares tickets |

use crate::agent::Role;
use crate::id::{AgentId, ContactId, GroupId, OrganizationId};
use crate::message::{Author, MessageKind};
use crate::ticket::{Status, Ticket, TicketChanges};

/// The signed-in party on whose behalf an operation runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    Agent {
        id: AgentId,
        role: Role,
        group_ids: Vec<GroupId>,
    },
    Customer {
        contact_id: ContactId,
        organization_id: Option<OrganizationId>,
        sees_organization: bool,
    },
}

impl Principal {
    /// The author recorded for messages and history written by this principal.
    pub fn author(&self) -> Author {
        match self {
            Principal::Agent { id, .. } => Author::Agent(*id),
            Principal::Customer { contact_id, .. } => Author::Contact(*contact_id),
        }
    }

    pub fn is_customer(&self) -> bool {
        matches!(self, Principal::Customer { .. })
    }

    fn role(&self) -> Option<Role> {
        match self {
            Principal::Agent { role, .. } => Some(*role),
            Principal::Customer { .. } => None,
        }
    }
}

/// The set of tickets a principal may list, expressed so a store can turn it into a `WHERE` clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TicketScope {
    All,
    /// Tickets in these groups, with no group, or assigned to this agent.
    Agent {
        agent_id: AgentId,
        group_ids: Vec<GroupId>,
    },
    /// Tickets this contact requested, and, when set, every ticket of this organization.
    Customer {
        contact_id: ContactId,
        organization_id: Option<OrganizationId>,
    },
}

pub fn ticket_scope(principal: &Principal) -> TicketScope {
    match principal {
        Principal::Agent {
            role: Role::Admin | Role::Supervisor,
            ..
        } => TicketScope::All,
        Principal::Agent { id, group_ids, .. } => TicketScope::Agent {
            agent_id: *id,
            group_ids: group_ids.clone(),
        },
        Principal::Customer {
            contact_id,
            organization_id,
            sees_organization,
        } => TicketScope::Customer {
            contact_id: *contact_id,
            organization_id: if *sees_organization {
                *organization_id
            } else {
                None
            },
        },
    }
}

impl TicketScope {
    /// Whether `ticket` is inside the scope; the same rule the stores apply in SQL.
    pub fn contains(&self, ticket: &Ticket) -> bool {
        match self {
            TicketScope::All => true,
            TicketScope::Agent {
                agent_id,
                group_ids,
            } => match ticket.group_id {
                None => true,
                Some(group) => group_ids.contains(&group) || ticket.assignee_id == Some(*agent_id),
            },
            TicketScope::Customer {
                contact_id,
                organization_id,
            } => {
                ticket.requester_id == *contact_id
                    || (organization_id.is_some() && ticket.organization_id == *organization_id)
            }
        }
    }
}

pub fn can_view_ticket(principal: &Principal, ticket: &Ticket) -> bool {
    ticket_scope(principal).contains(ticket)
}

/// Why an operation was refused, in words for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Denied(pub &'static str);

/// Whether `principal` may make `changes` to a ticket it can see. Customers may only mark their ticket solved.
pub fn can_update_ticket(principal: &Principal, changes: &TicketChanges) -> Result<(), Denied> {
    match principal {
        Principal::Agent { .. } => Ok(()),
        Principal::Customer { .. } => {
            let only_solving = TicketChanges {
                status: Some(Status::Solved),
                ..TicketChanges::default()
            };
            if *changes == only_solving {
                Ok(())
            } else {
                Err(Denied("customers may only mark their ticket as solved"))
            }
        }
    }
}

/// Whether `principal` may add a message of `kind` to a ticket it can see.
pub fn can_add_message(
    principal: &Principal,
    kind: MessageKind,
    internal: bool,
) -> Result<(), Denied> {
    match principal {
        Principal::Agent { .. } => Ok(()),
        Principal::Customer { .. } if kind == MessageKind::Reply && !internal => Ok(()),
        Principal::Customer { .. } => Err(Denied("customers may only add public replies")),
    }
}

/// Whether `principal` may see a message with this visibility on a ticket it can see.
pub fn can_see_message(principal: &Principal, internal: bool) -> bool {
    !(internal && principal.is_customer())
}

/// The set-up records besides tickets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    Contact,
    Organization,
    Group,
    Agent,
    FieldDefinition,
    /// API tokens of other people (one's own are always manageable).
    Token,
    /// Mailboxes, received emails (the quarantine) and raw email handed over by relays.
    Mail,
    /// Knowledge base categories and articles, as their editors see them: every agent writes drafts (see
    /// [`can_publish_article`] for publishing). Readers are decided by [`crate::knowledge::can_read_translation`].
    Knowledge,
    /// Announcements to agents: supervisors write them, every agent reads them.
    Announcement,
    /// What the knowledge base lacks: searches that found nothing, solved tickets no article helped.
    KnowledgeGap,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    Create,
    Read,
    Update,
    List,
}

/// Whether `principal` may perform `operation` on `resource` in general. Customers may still read their
/// own contact and organization: see [`can_read_own`].
pub fn can(principal: &Principal, resource: Resource, operation: Operation) -> Result<(), Denied> {
    use Operation::*;
    use Resource::*;
    let Some(role) = principal.role() else {
        return match (resource, operation) {
            (FieldDefinition, Read | List) => Ok(()),
            _ => Err(Denied("customers may not do this")),
        };
    };
    let allowed = match (resource, operation, role) {
        (_, _, Role::Admin) => true,
        (Contact | Organization, _, _) => true,
        (Group | Agent | FieldDefinition, Read | List, _) => true,
        (Group | Agent | FieldDefinition | Token | Mail, _, _) => false,
        (Knowledge, _, _) => true,
        (Announcement, Read | List, _) => true,
        (Announcement | KnowledgeGap, _, Role::Supervisor) => true,
        (Announcement | KnowledgeGap, _, Role::Agent) => false,
    };
    if allowed {
        Ok(())
    } else {
        Err(Denied("only administrators may do this"))
    }
}

/// Whether a customer may read this contact or organization: only their own.
pub fn can_read_own(
    principal: &Principal,
    contact: Option<ContactId>,
    organization: Option<OrganizationId>,
) -> bool {
    match principal {
        Principal::Agent { .. } => true,
        Principal::Customer {
            contact_id,
            organization_id,
            ..
        } => {
            contact.is_some_and(|c| c == *contact_id)
                || (organization.is_some() && organization == *organization_id)
        }
    }
}

/// Whether `principal` may publish or archive an article (every agent may write drafts): supervisors and
/// administrators, who answer for what customers read.
pub fn can_publish_article(principal: &Principal) -> Result<(), Denied> {
    match principal.role() {
        Some(Role::Admin | Role::Supervisor) => Ok(()),
        _ => Err(Denied(
            "only supervisors and administrators may publish or archive articles",
        )),
    }
}

#[cfg(test)]
mod tests;
