//! Views agents save: a name for a set of ticket filters, for themselves or shared with every agent. The
//! filters are the ticket list's own, checked by listing with them before the view is saved, and applied
//! within the viewer's own scope: a shared view never shows anyone a ticket they could not list anyway.

use ayuda_core::id::SavedViewId;
use ayuda_core::permission::Principal;
use ayuda_core::saved_view::SavedView;
use ayuda_core::text::Name;
use ayuda_core::{FieldError, Invalid};

use crate::tickets::TicketFilters;
use crate::{App, AppError};

/// The filters a view may keep, by the names the ticket list uses.
pub const VIEW_FILTERS: [&str; 8] = [
    "status",
    "priority",
    "group_id",
    "assignee_id",
    "organization_id",
    "requester_id",
    "tag",
    "channel",
];

/// The filters as a view keeps them: one `name=value` per line, in [`VIEW_FILTERS`] order.
fn encode(filters: &TicketFilters) -> String {
    VIEW_FILTERS
        .iter()
        .filter_map(|name| Some(format!("{name}={}", filter(filters, name)?)))
        .collect::<Vec<_>>()
        .join("\n")
}

fn filter<'a>(filters: &'a TicketFilters, name: &str) -> Option<&'a str> {
    match name {
        "status" => filters.status.as_deref(),
        "priority" => filters.priority.as_deref(),
        "group_id" => filters.group_id.as_deref(),
        "assignee_id" => filters.assignee_id.as_deref(),
        "organization_id" => filters.organization_id.as_deref(),
        "requester_id" => filters.requester_id.as_deref(),
        "tag" => filters.tag.as_deref(),
        "channel" => filters.channel.as_deref(),
        _ => None,
    }
}

/// Sets filter `name` (one of [`VIEW_FILTERS`]) to `value`; empty values and other names are ignored.
pub fn set_filter(filters: &mut TicketFilters, name: &str, value: &str) {
    let value = value.trim();
    if value.is_empty() || value.contains('\n') {
        return;
    }
    let slot = match name {
        "status" => &mut filters.status,
        "priority" => &mut filters.priority,
        "group_id" => &mut filters.group_id,
        "assignee_id" => &mut filters.assignee_id,
        "organization_id" => &mut filters.organization_id,
        "requester_id" => &mut filters.requester_id,
        "tag" => &mut filters.tag,
        "channel" => &mut filters.channel,
        _ => return,
    };
    *slot = Some(value.to_owned());
}

/// The filters a view keeps.
pub fn decode(stored: &str) -> TicketFilters {
    let mut filters = TicketFilters::default();
    for line in stored.lines() {
        if let Some((name, value)) = line.split_once('=') {
            set_filter(&mut filters, name, value);
        }
    }
    filters
}

fn agents_only(principal: &Principal) -> Result<ayuda_core::id::AgentId, AppError> {
    match principal {
        Principal::Agent { id, .. } => Ok(*id),
        Principal::Customer { .. } => Err(AppError::Forbidden("only agents save views")),
    }
}

impl App {
    /// The views the agent sees: their own and the shared ones, by name.
    pub async fn saved_views(&self, principal: &Principal) -> Result<Vec<SavedView>, AppError> {
        let agent = agents_only(principal)?;
        Ok(self.store.list_saved_views(agent).await?)
    }

    /// Saves `filters` as a view named `name`. Filters the ticket list would refuse are refused here.
    pub async fn save_view(
        &self,
        principal: &Principal,
        name: &str,
        filters: TicketFilters,
        shared: bool,
    ) -> Result<SavedView, AppError> {
        let owner = agents_only(principal)?;
        let name = Name::parse(name).map_err(|e| Invalid(vec![e.within("name")]))?;
        let stored = encode(&filters);
        if stored.is_empty() {
            return Err(Invalid(vec![FieldError::new(
                "filters",
                "choose at least one filter",
            )])
            .into());
        }
        // Listing with the filters checks every value the way the list does; "me" is the saver here, and
        // whoever opens the view there.
        let mut checked = decode(&stored);
        if checked.assignee_id.as_deref() == Some("me") {
            checked.assignee_id = Some(owner.to_string());
        }
        self.list_tickets(
            principal,
            TicketFilters {
                limit: Some(1),
                ..checked
            },
        )
        .await?;
        let view = SavedView {
            id: SavedViewId::generate(),
            owner,
            name,
            filters: stored,
            shared,
            created_at: self.clock.now(),
        };
        self.store.create_saved_view(view.clone()).await?;
        Ok(view)
    }

    /// A view the agent may open (their own or a shared one) and its filters, with "me" as this agent.
    pub async fn saved_view(
        &self,
        principal: &Principal,
        id: SavedViewId,
    ) -> Result<(SavedView, TicketFilters), AppError> {
        let agent = agents_only(principal)?;
        let view = self
            .store
            .get_saved_view(id)
            .await?
            .filter(|v| v.shared || v.owner == agent)
            .ok_or(AppError::NotFound("view"))?;
        let mut filters = decode(&view.filters);
        if filters.assignee_id.as_deref() == Some("me") {
            filters.assignee_id = Some(agent.to_string());
        }
        Ok((view, filters))
    }

    /// Deletes a view: its owner may, and an administrator may delete a shared one.
    pub async fn delete_saved_view(
        &self,
        principal: &Principal,
        id: SavedViewId,
    ) -> Result<(), AppError> {
        let (view, _) = self.saved_view(principal, id).await?;
        let is_admin = matches!(
            principal,
            Principal::Agent {
                role: ayuda_core::agent::Role::Admin,
                ..
            }
        );
        if view.owner != agents_only(principal)? && !is_admin {
            return Err(AppError::Forbidden("only its owner deletes a view"));
        }
        Ok(self.store.delete_saved_view(id).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_survive_being_kept_and_nothing_else_gets_in() {
        let mut filters = TicketFilters::default();
        set_filter(&mut filters, "status", "open,pending");
        set_filter(&mut filters, "tag", " garantía ");
        set_filter(&mut filters, "cursor", "somewhere");
        set_filter(&mut filters, "channel", "");
        let kept = encode(&filters);
        assert_eq!(kept, "status=open,pending\ntag=garantía");
        let back = decode(&kept);
        assert_eq!(back.status.as_deref(), Some("open,pending"));
        assert_eq!(back.tag.as_deref(), Some("garantía"));
        assert_eq!(back.cursor, None);
        assert_eq!(decode("status=open\nlimit=5000\nnonsense").limit, None);
    }
}
