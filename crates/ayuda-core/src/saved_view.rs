//! Views an agent saves: a name for a set of ticket filters, kept for themselves or shared with the team.

use jiff::Timestamp;

use crate::id::{AgentId, SavedViewId};
use crate::text::Name;

/// The most saved views one agent sees (their own and the shared ones): a menu, not an archive.
pub const MAX_SAVED_VIEWS: u32 = 200;

/// A saved view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedView {
    pub id: SavedViewId,
    pub owner: AgentId,
    pub name: Name,
    /// The filters of the ticket list, one `name=value` per line (`status=open`), checked when saved.
    pub filters: String,
    /// Whether every agent sees it, or only its owner.
    pub shared: bool,
    pub created_at: Timestamp,
}
