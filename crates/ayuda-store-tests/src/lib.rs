//! Ayuda's storage conformance suite: one set of tests that every [`ayuda_store::Store`] backend must pass,
//! run against SQLite and PostgreSQL alike (see `tests/conformance.rs`).
//!
//! The suite checks what the trait documents, never what one backend happens to do, so it is the referee
//! between the backends. It is a library so that other crates' tests can reuse its pieces:
//!
//! - [`harness`] gives a test a fresh, migrated store of either kind and cleans up after it;
//! - [`fixtures`] builds valid contacts, organizations, groups, agents and tickets with sensible defaults;
//! - [`suite`] holds the test bodies, each `async fn(Arc<dyn Store>)`, panicking on failure;
//! - [`on_both_stores!`] runs other crates' tests of that shape on both backends.

pub mod fixtures;
pub mod harness;
pub mod suite;

/// `on_both_stores!(a, b)` in a test crate makes `sqlite::a` and `postgres::a` (and so on), each calling the
/// crate's `async fn a(Arc<dyn Store>)` with a fresh store of that kind. PostgreSQL tests skip with a
/// printed reason when no server answers, and fail instead under `AYUDA_TEST_STRICT=1`.
#[macro_export]
macro_rules! on_both_stores {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let test = $crate::harness::sqlite().await;
                    super::$name(std::sync::Arc::clone(&test.store)).await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some(test) = $crate::harness::postgres().await else {
                        return;
                    };
                    super::$name(std::sync::Arc::clone(&test.store)).await;
                }
            )+
        }
    };
}
