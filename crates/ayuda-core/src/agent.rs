//! Agents (the specialists, supervisors and administrators) and the groups they work in.

use jiff::Timestamp;

use crate::contact::EmailAddress;
use crate::id::{AgentId, GroupId};
use crate::text::{Language, Name};

string_enum!(
    /// What an agent may do. Supervisors and admins see every ticket; only admins change the set-up.
    Role { Admin = "admin", Supervisor = "supervisor", Agent = "agent" }
);

/// A group of agents: an area of specialisation (sales, technical support, billing, complaints).
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub id: GroupId,
    pub name: Name,
    pub description: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// An agent.
#[derive(Debug, Clone, PartialEq)]
pub struct Agent {
    pub id: AgentId,
    pub email: EmailAddress,
    pub name: Name,
    pub role: Role,
    pub group_ids: Vec<GroupId>,
    /// Free-form skills such as `refunds` or `printers`, lowercase.
    pub skills: Vec<String>,
    /// The languages the agent can answer in.
    pub languages: Vec<Language>,
    /// A deactivated agent cannot sign in and keeps their history.
    pub active: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}
