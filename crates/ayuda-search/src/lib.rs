//! Text analysis for Ayuda's search: the one place that decides what a word becomes in the index and in a query.
//!
//! Every text is analysed in its own language: split into words, lower-cased, stop words dropped, reduced to
//! its Snowball stem and folded to plain letters, so `impresoras` and `impresora` both become `impresor`, and
//! `fatture`, `fattura` and `Fattúra` all become `fattur`. Both storage backends index the terms this crate
//! produces (SQLite's FTS5 and PostgreSQL's `tsvector` only split them on spaces), so search behaves the same
//! on either database.
//!
//! Also here: the small query language of the search box ([`query`]), the typo neighbours that let a word of
//! five letters or more match despite one wrong letter ([`typo`]), and highlighted excerpts ([`highlight`]).
//!
//! Pure: no I/O, no async, no database, no HTTP.

mod analyze;
pub mod highlight;
pub mod query;
mod stop_words;
pub mod typo;

pub use analyze::{Token, analyze, fold, index_terms, is_stop_word, stem};

/// The languages whose words are stemmed and whose stop words are dropped. Text in any other language is
/// still indexed, word by word, folded but not stemmed.
pub const STEMMED_LANGUAGES: [&str; 3] = ["en", "es", "it"];
