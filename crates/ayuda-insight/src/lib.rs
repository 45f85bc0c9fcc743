//! What Ayuda learns from the words of its tickets: how frustrated a customer sounds, and which category an
//! inquiry belongs to.
//!
//! [`frustration`] scores one customer message from its own words in English, Spanish and Italian
//! (negative words, intensifiers, negation, capitals, repeated punctuation) and combines it with what the
//! case has been through (reopened, deadlines missed, the same customer writing again about it).
//!
//! [`classifier`] is a small multinomial naive Bayes model over the search index's terms (stemmed and folded
//! in each text's language, so one model serves every language it has seen), trained inside Ayuda on the
//! categories agents gave past tickets, and measured on tickets it was not trained on.
//!
//! [`report`] folds the packed facts of each day's tickets into the figures of a report.
//!
//! Both text models read words through `ayuda-search`, the one definition of what a word becomes, so the classifier
//! and the search index agree on `facturas` and `factura`.
//!
//! Pure: no I/O, no async, no database, no serde. Callers bring the text and keep the results.

pub mod classifier;
pub mod frustration;
mod lexicon;
pub mod report;
