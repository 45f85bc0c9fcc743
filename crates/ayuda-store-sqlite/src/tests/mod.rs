//! Tests of the SQLite store: batching, numbering, concurrency across handles, migrations, backups,
//! query plans and the store's semantics. The cross-backend conformance suite lives in ayuda-store-tests.

mod batching;
mod fixtures;
mod plans;
mod semantics;
