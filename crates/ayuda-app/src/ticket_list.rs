//! Listing tickets: the filters a client sends, checked and turned into a store query over what the
//! principal may see.

use ayuda_core::error::FieldError;
use ayuda_core::id::OrganizationId;
use ayuda_core::permission::{self, Principal};
use ayuda_core::text::Tag;
use ayuda_core::ticket::{Channel, Priority, Status, Ticket};
use ayuda_core::{Invalid, Timestamp};
use ayuda_store::{Page, TicketCursor, TicketOrder, TicketQuery};

use crate::tickets::optional;
use crate::{App, AppError, page_limit, parse_id};

/// Ticket list filters as a client sends them.
#[derive(Debug, Clone, Default)]
pub struct TicketFilters {
    /// One status or several separated by commas.
    pub status: Option<String>,
    pub priority: Option<String>,
    pub group_id: Option<String>,
    pub assignee_id: Option<String>,
    pub requester_id: Option<String>,
    pub organization_id: Option<String>,
    pub tag: Option<String>,
    pub channel: Option<String>,
    pub updated_since: Option<String>,
    /// `-updated_at` (default, newest first) or `updated_at`.
    pub sort: Option<String>,
    pub cursor: Option<String>,
    pub limit: Option<u32>,
}

impl App {
    /// A page of the tickets the principal may see, filtered.
    pub async fn list_tickets(
        &self,
        principal: &Principal,
        filters: TicketFilters,
    ) -> Result<Page<Ticket, TicketCursor>, AppError> {
        let mut invalid = Invalid::default();
        let limit = page_limit(filters.limit)
            .map_err(|e| invalid.0.extend(e.0))
            .unwrap_or(50);
        let mut query = TicketQuery::new(permission::ticket_scope(principal), limit);
        if let Some(raw) = filters.status.as_deref() {
            for (i, status) in raw.split(',').enumerate() {
                if let Some(status) =
                    invalid.check(&format!("status.{i}"), Status::parse(status.trim()))
                {
                    query.statuses.push(status);
                }
            }
        }
        query.priority = optional(
            &mut invalid,
            "priority",
            filters.priority.as_deref(),
            Priority::parse,
        );
        // `group=mine`: the signed-in agent's groups, or no group; `assignee=none`: nobody's.
        match filters.group_id.as_deref() {
            Some("mine") => match principal {
                Principal::Agent { group_ids, .. } => {
                    query.groups_or_none = Some(group_ids.clone())
                }
                Principal::Customer { .. } => {
                    invalid.push(FieldError::new("group", "`mine` is for agents"));
                }
            },
            other => {
                query.group_id = optional(&mut invalid, "group", other, |r| parse_id("", r));
            }
        }
        match filters.assignee_id.as_deref() {
            Some("none") => query.unassigned = true,
            other => {
                query.assignee_id = optional(&mut invalid, "assignee", other, |r| parse_id("", r));
            }
        }
        query.requester_id = optional(
            &mut invalid,
            "requester",
            filters.requester_id.as_deref(),
            |r| parse_id("", r),
        );
        query.organization_id = optional(
            &mut invalid,
            "organization",
            filters.organization_id.as_deref(),
            |r| parse_id::<OrganizationId>("", r),
        );
        query.tag = optional(&mut invalid, "tag", filters.tag.as_deref(), Tag::parse);
        query.channel = optional(
            &mut invalid,
            "channel",
            filters.channel.as_deref(),
            Channel::parse,
        );
        query.updated_since = optional(
            &mut invalid,
            "updated_since",
            filters.updated_since.as_deref(),
            |r| {
                r.parse::<Timestamp>()
                    .map_err(|_| FieldError::new("", "must be a time such as 2026-03-31T09:00:00Z"))
            },
        );
        query.order = match filters.sort.as_deref() {
            None | Some("-updated_at") => TicketOrder::UpdatedDesc,
            Some("updated_at") => TicketOrder::UpdatedAsc,
            Some(_) => {
                invalid.push(FieldError::new("sort", "must be -updated_at or updated_at"));
                TicketOrder::UpdatedDesc
            }
        };
        query.after = optional(&mut invalid, "cursor", filters.cursor.as_deref(), |r| {
            r.parse::<TicketCursor>()
                .map_err(|e| FieldError::new("", e.to_string()))
        });
        invalid.into_result()?;
        Ok(self.store.list_tickets(&query).await?)
    }
}
