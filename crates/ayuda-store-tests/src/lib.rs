//! Ayuda's storage conformance suite: one set of tests that every [`ayuda_store::Store`] backend must pass,
//! run against SQLite and PostgreSQL alike (see `tests/conformance.rs`).
//!
//! The suite checks what the trait documents, never what one backend happens to do, so it is the referee
//! between the backends. It is a library so that other crates' tests can reuse its pieces:
//!
//! - [`harness`] gives a test a fresh, migrated store of either kind and cleans up after it;
//! - [`fixtures`] builds valid contacts, organizations, groups, agents and tickets with sensible defaults;
//! - [`suite`] holds the test bodies, each `async fn(Arc<dyn Store>)`, panicking on failure.

pub mod fixtures;
pub mod harness;
pub mod suite;
