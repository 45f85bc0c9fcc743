//! The conformance tests, grouped by area. Each is `pub async fn name(store: Arc<dyn Store>)` over a fresh,
//! empty store and panics when the store breaks the contract; `tests/conformance.rs` runs every one of them
//! against every backend.
//!
//! Expectations come from the trait's documentation and from `ayuda-core` (for example which tickets a
//! scope contains is computed with `TicketScope::contains`), never from a backend's output.

mod expect;
mod stored;
mod world;

pub mod access;
pub mod automation;
pub mod configuration;
pub mod directory;
pub mod email;
pub mod history;
pub mod insight;
pub mod knowledge;
pub mod lists;
pub mod numbering;
pub mod portal;
pub mod presence;
pub mod report;
pub mod requesters;
pub mod routing;
pub mod scopes;
pub mod search;
pub mod service_level;
pub mod tickets;
pub mod writes;

pub use access::*;
pub use automation::*;
pub use configuration::*;
pub use directory::*;
pub use email::*;
pub use history::*;
pub use insight::*;
pub use knowledge::*;
pub use lists::*;
pub use numbering::*;
pub use portal::*;
pub use presence::*;
pub use report::*;
pub use requesters::*;
pub use routing::*;
pub use scopes::*;
pub use search::*;
pub use service_level::*;
pub use tickets::*;
pub use writes::*;
