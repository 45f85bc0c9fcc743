//! Ayuda's words in English, Spanish and Italian: the Fluent catalogs under `locales/`, compiled into the
//! binary, the choice of language for a reader, and dates and times in their locale and time zone.
//!
//! Every string a person reads, in the web interfaces and in emails, is a message in these catalogs. A
//! missing message never fails a page: it shows its key, and the catalog test fails instead, because every
//! language must have every key (`tests/catalogs.rs`).

mod catalog;
mod datetime;
mod locale;

pub use catalog::{Arg, Catalog, Translator};
pub use datetime::TimeZone;
pub use locale::Locale;
