//! The search box's query language: filters and words in one line.
//!
//! `status:open group:billing lang:es "factura duplicada" -reembolso` reads as: open tickets of the billing
//! group, in Spanish, containing the phrase *factura duplicada* and not the word *reembolso*. A filter is
//! `key:value` for a key the caller knows (anything else, like `error:404`, is searched as words); a value
//! with spaces is quoted (`group:"first line"`). Words are matched by their stems in every language searched,
//! so the query itself needs no language.

use std::collections::BTreeSet;

use crate::analyze;

/// The most words and phrases one query may hold; more is refused rather than silently cut.
pub const MAX_CLAUSES: usize = 16;

/// A query as typed, split into filters and text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// Filters in the order written, keys lower-cased.
    pub filters: Vec<Filter>,
    /// Words and phrases, in the order written.
    pub clauses: Vec<Clause>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub key: String,
    pub value: String,
}

/// One word or quoted phrase; `negated` when written with a leading `-`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    pub text: String,
    pub phrase: bool,
    pub negated: bool,
}

impl Query {
    /// Splits `input` into filters (for `known_keys`) and clauses. Never fails: an unclosed quote runs to the
    /// end of the line, an unknown key is text.
    pub fn parse(input: &str, known_keys: &[&str]) -> Query {
        let mut query = Query::default();
        let mut rest = input.trim_start();
        while !rest.is_empty() {
            let (piece, after) = next_piece(rest);
            rest = after.trim_start();
            if let Some(filter) = filter_of(&piece, known_keys) {
                query.filters.push(filter);
                continue;
            }
            let (negated, body) = match piece.strip_prefix('-') {
                Some(body) if !body.is_empty() => (true, body),
                _ => (false, piece.as_str()),
            };
            let (phrase, text) = match body.strip_prefix('"') {
                Some(quoted) => (true, quoted.strip_suffix('"').unwrap_or(quoted)),
                None => (false, body),
            };
            if text.trim().is_empty() {
                continue;
            }
            query.clauses.push(Clause {
                text: text.trim().to_owned(),
                phrase,
                negated,
            });
        }
        query
    }

    /// The value of the last filter with `key`, if any.
    pub fn filter(&self, key: &str) -> Option<&str> {
        self.filters
            .iter()
            .rev()
            .find(|f| f.key == key)
            .map(|f| f.value.as_str())
    }

    /// Whether the query asks for text at all (filters alone list, rather than search).
    pub fn has_text(&self) -> bool {
        !self.clauses.is_empty()
    }
}

/// The next space-separated piece, keeping quoted runs (`"a b"`, `key:"a b"`) whole.
fn next_piece(input: &str) -> (String, &str) {
    let mut piece = String::new();
    let mut quoted = false;
    for (at, c) in input.char_indices() {
        if c == '"' {
            quoted = !quoted;
        }
        if c.is_whitespace() && !quoted {
            return (piece, &input[at..]);
        }
        piece.push(c);
    }
    (piece, "")
}

fn filter_of(piece: &str, known_keys: &[&str]) -> Option<Filter> {
    let (key, value) = piece.split_once(':')?;
    let key = key.to_ascii_lowercase();
    if !known_keys.contains(&key.as_str()) {
        return None;
    }
    let value = value.trim_matches('"').trim();
    if value.is_empty() {
        return None;
    }
    Some(Filter {
        key,
        value: value.to_owned(),
    })
}

/// One way a clause can match a text: a single term, or terms that must stand next to each other.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Alternative {
    Term(String),
    Phrase(Vec<String>),
}

/// A clause as the index sees it: a text matches when it has any of the alternatives (or, when negated,
/// none of them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    pub any_of: BTreeSet<Alternative>,
    pub negated: bool,
    /// Whether the clause may also match index terms one slip away (see [`crate::typo`]): a single word
    /// long enough, written without a leading `-`.
    pub tolerates_typos: bool,
}

/// What the backends match: every condition holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Matcher {
    pub all_of: Vec<Condition>,
}

impl Matcher {
    /// The clauses of `query` analysed in each of `languages`, and as plain folded words (names, codes and
    /// addresses are indexed unstemmed). A word that is a stop word in any of the languages asks for nothing
    /// and is left out, as the index leaves it out of texts in that language.
    pub fn new(query: &Query, languages: &[&str]) -> Matcher {
        let all_of = query
            .clauses
            .iter()
            .filter_map(|clause| {
                let mut any_of: BTreeSet<Alternative> = languages
                    .iter()
                    .filter_map(|language| alternative(clause, language))
                    .collect();
                if let Some(plain) = plain_alternative(clause, languages) {
                    any_of.insert(plain);
                }
                (!any_of.is_empty()).then(|| Condition {
                    any_of,
                    negated: clause.negated,
                    tolerates_typos: !clause.phrase
                        && !clause.negated
                        && crate::typo::tolerates_typos(&clause.text),
                })
            })
            .collect();
        Matcher { all_of }
    }

    /// Whether anything is left to match: a query of stop words alone matches nothing.
    pub fn is_empty(&self) -> bool {
        !self.all_of.iter().any(|c| !c.negated)
    }

    /// Every term a matching text may contain, for highlighting.
    pub fn positive_terms(&self) -> BTreeSet<String> {
        let mut terms = BTreeSet::new();
        for condition in self.all_of.iter().filter(|c| !c.negated) {
            for alternative in &condition.any_of {
                match alternative {
                    Alternative::Term(term) => {
                        terms.insert(term.clone());
                    }
                    Alternative::Phrase(words) => terms.extend(words.iter().cloned()),
                }
            }
        }
        terms
    }
}

/// The clause's words folded but not stemmed, without the stop words of any of `languages`.
fn plain_alternative(clause: &Clause, languages: &[&str]) -> Option<Alternative> {
    let tokens: Vec<analyze::Token> = analyze::analyze(&clause.text, "")
        .into_iter()
        .filter(|t| !languages.iter().any(|l| analyze::is_stop_word(&t.term, l)))
        .collect();
    alternative_of(clause, tokens)
}

fn alternative(clause: &Clause, language: &str) -> Option<Alternative> {
    alternative_of(clause, analyze::analyze(&clause.text, language))
}

fn alternative_of(clause: &Clause, tokens: Vec<analyze::Token>) -> Option<Alternative> {
    match tokens.len() {
        0 => None,
        1 if !clause.phrase || clause.text.split_whitespace().count() == 1 => {
            tokens.into_iter().next().map(|t| Alternative::Term(t.term))
        }
        // An unquoted word like `A-1234` splits into several terms, which must stand together.
        _ => Some(Alternative::Phrase(
            tokens.into_iter().map(|t| t.term).collect(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEYS: &[&str] = &["status", "group", "lang"];

    fn term(t: &str) -> Alternative {
        Alternative::Term(t.to_owned())
    }

    #[test]
    fn filters_phrases_and_words_are_told_apart() {
        let query = Query::parse(
            r#"status:open group:"first line" lang:es "factura duplicada" -reembolso error:404"#,
            KEYS,
        );
        assert_eq!(query.filter("status"), Some("open"));
        assert_eq!(query.filter("group"), Some("first line"));
        assert_eq!(query.filter("lang"), Some("es"));
        let texts: Vec<(&str, bool, bool)> = query
            .clauses
            .iter()
            .map(|c| (c.text.as_str(), c.phrase, c.negated))
            .collect();
        assert_eq!(
            texts,
            [
                ("factura duplicada", true, false),
                ("reembolso", false, true),
                ("error:404", false, false)
            ]
        );
    }

    #[test]
    fn odd_input_never_fails() {
        for input in [
            "",
            "   ",
            "\"",
            "-",
            "status:",
            ":open",
            "\"unclosed phrase",
            "a\"b\"c",
            "--x",
        ] {
            let _ = Query::parse(input, KEYS);
        }
        assert_eq!(
            Query::parse("\"unclosed phrase", KEYS).clauses[0].text,
            "unclosed phrase"
        );
        assert!(Query::parse("status:", KEYS).filters.is_empty());
    }

    #[test]
    fn words_become_stems_of_every_language_searched() {
        let query = Query::parse("impresoras", KEYS);
        let matcher = Matcher::new(&query, &["es"]);
        assert_eq!(
            matcher.all_of[0].any_of,
            BTreeSet::from([term("impresor"), term("impresoras")]),
            "the stem, and the word as written for texts indexed unstemmed"
        );
        let matcher = Matcher::new(&query, &["en", "es", "it"]);
        assert!(matcher.all_of[0].any_of.contains(&term("impresor")));
        assert!(matcher.all_of[0].tolerates_typos);
    }

    #[test]
    fn phrases_keep_their_order_and_stop_words_vanish() {
        let matcher = Matcher::new(&Query::parse("\"la factura duplicada\" the", KEYS), &["es"]);
        assert_eq!(matcher.all_of.len(), 2, "'the' is no Spanish stop word");
        let matcher = Matcher::new(&Query::parse("\"la factura duplicada\" the", KEYS), &["en"]);
        assert_eq!(matcher.all_of.len(), 1, "'the' asks for nothing in English");
        let es = Matcher::new(&Query::parse("\"la factura duplicada\"", KEYS), &["es"]);
        assert_eq!(
            es.all_of[0].any_of,
            BTreeSet::from([
                Alternative::Phrase(vec!["factur".into(), "duplic".into()]),
                Alternative::Phrase(vec!["factura".into(), "duplicada".into()]),
            ])
        );
        assert!(!es.all_of[0].tolerates_typos);
        assert!(Matcher::new(&Query::parse("the of and", KEYS), &["en"]).is_empty());
    }

    #[test]
    fn highlight_terms_are_the_positive_ones() {
        let matcher = Matcher::new(&Query::parse("printers -toner", KEYS), &["en"]);
        assert_eq!(
            matcher.positive_terms(),
            BTreeSet::from(["printer".to_owned(), "printers".to_owned()])
        );
    }
}
