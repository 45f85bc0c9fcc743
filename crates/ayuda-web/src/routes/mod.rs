//! The API's endpoints, one module per area.

pub mod auth;
pub mod directory;
pub mod email;
pub mod knowledge;
pub mod system;
pub mod tickets;
