//! HTTP tests of the JSON API: requests go through the real router (no socket) onto a real store, SQLite and
//! PostgreSQL alike, so each test checks what a client of the API would see.

mod admin_pages;
mod authorization;
mod automation;
mod bad_input;
mod directory;
mod email;
mod harness;
mod idempotency;
mod knowledge;
mod pages;
mod portal_access;
mod routing;
mod rules_pages;
mod saved_views;
mod service_level;
mod sign_in;
mod system;
mod tickets;
