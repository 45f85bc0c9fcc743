//! From text to index terms: words, stop words, stems and folded accents.

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::stop_words;

/// Words longer than this are not words (base64, hashes, run-together URLs) and are left out of the index.
const LONGEST_WORD: usize = 40;

/// One word of a text as the index sees it, with where it stands in the text so it can be highlighted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The analysed term: stemmed in the text's language and folded.
    pub term: String,
    /// Byte range of the word in the original text.
    pub start: usize,
    pub end: usize,
}

/// The words of `text`, as byte ranges: runs of letters and digits.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = text.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some(&(_, c)) = rest.peek() {
            if c.is_alphanumeric() {
                break;
            }
            rest.next();
        }
        let (start, _) = *rest.peek()?;
        let mut end = start;
        while let Some(&(at, c)) = rest.peek() {
            if !c.is_alphanumeric() {
                break;
            }
            end = at + c.len_utf8();
            rest.next();
        }
        Some((start, &text[start..end]))
    })
}

/// The primary subtag of a language code: `es` for `es-MX`.
fn primary(language: &str) -> &str {
    language.split(['-', '_']).next().unwrap_or(language)
}

fn stemmer(language: &str) -> Option<Stemmer> {
    let algorithm = match primary(language) {
        "en" => Algorithm::English,
        "es" => Algorithm::Spanish,
        "it" => Algorithm::Italian,
        "pt" => Algorithm::Portuguese,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "nl" => Algorithm::Dutch,
        _ => return None,
    };
    Some(Stemmer::create(algorithm))
}

/// `text` without accents and in lower case: `Fattúra` becomes `fattura`, `Straße` becomes `strasse`.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'ß' => folded.push_str("ss"),
            'æ' | 'Æ' => folded.push_str("ae"),
            'œ' | 'Œ' => folded.push_str("oe"),
            'ø' | 'Ø' => folded.push('o'),
            'ł' | 'Ł' => folded.push('l'),
            'đ' | 'Đ' => folded.push('d'),
            c => folded.extend(c.to_lowercase()),
        }
    }
    folded
}

/// Whether `word` (any case, accented or not) is a stop word of `language`.
pub fn is_stop_word(word: &str, language: &str) -> bool {
    stop_words::of(primary(language)).contains(&fold(word).as_str())
}

/// `word` folded and stemmed in `language`; `None` for a stop word or a word that is no word.
///
/// Folding comes first, although the Spanish and Italian stemmers know some accented suffixes (`-ción`),
/// because customers often type without accents: `facturacion` and `facturación` must become the same term,
/// and only a stemmer that never sees an accent guarantees it.
pub fn stem(word: &str, language: &str) -> Option<String> {
    stem_with(word, language, stemmer(language).as_ref())
}

fn stem_with(word: &str, language: &str, stemmer: Option<&Stemmer>) -> Option<String> {
    let count = word.chars().count();
    if count > LONGEST_WORD {
        return None;
    }
    let lower = word.to_lowercase();
    // A lone letter carries nothing to search by; a lone digit may (a model number, a floor).
    if count == 1 && !lower.chars().all(|c| c.is_numeric()) {
        return None;
    }
    if is_stop_word(&lower, language) {
        return None;
    }
    let folded = fold(&lower);
    Some(match stemmer {
        Some(stemmer) if folded.chars().any(char::is_alphabetic) => {
            stemmer.stem(&folded).into_owned()
        }
        _ => folded,
    })
}

/// Every word of `text` that reaches the index, analysed in `language`.
pub fn analyze(text: &str, language: &str) -> Vec<Token> {
    let stemmer = stemmer(language);
    words(text)
        .filter_map(|(start, word)| {
            stem_with(word, language, stemmer.as_ref()).map(|term| Token {
                term,
                start,
                end: start + word.len(),
            })
        })
        .collect()
}

/// The terms of `text` in order, joined by single spaces: what a backend stores in its full-text index.
pub fn index_terms(text: &str, language: &str) -> String {
    let stemmer = stemmer(language);
    let mut out = String::with_capacity(text.len() / 2);
    for (_, word) in words(text) {
        if let Some(term) = stem_with(word, language, stemmer.as_ref()) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&term);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str, language: &str) -> Vec<String> {
        analyze(text, language)
            .into_iter()
            .map(|t| t.term)
            .collect()
    }

    #[test]
    fn plural_and_singular_share_a_term_in_each_language() {
        assert_eq!(stem("impresoras", "es"), stem("impresora", "es"));
        assert_eq!(stem("fatture", "it"), stem("fattura", "it"));
        assert_eq!(stem("printers", "en"), stem("printer", "en"));
        assert_eq!(stem("refunded", "en"), stem("refund", "en"));
        assert_eq!(stem("facturas", "es"), stem("factura", "es"));
    }

    #[test]
    fn accents_are_folded_after_stemming() {
        assert_eq!(stem("Fattúra", "it"), stem("fattura", "it"));
        assert_eq!(stem("facturación", "es"), stem("facturacion", "es"));
        assert_eq!(stem("CAFÉ", "en").as_deref(), Some("cafe"));
        assert_eq!(fold("Straße Ñandú"), "strasse nandu");
    }

    #[test]
    fn stop_words_and_lone_letters_are_dropped_but_numbers_kept() {
        assert_eq!(
            terms("The printer is on the desk", "en"),
            ["printer", "desk"]
        );
        assert_eq!(
            terms("la factura de los clientes", "es"),
            ["factur", "client"]
        );
        assert_eq!(terms("il cliente e la fattura", "it"), ["client", "fattur"]);
        assert_eq!(
            terms("Order A-1234, floor 3", "en"),
            ["order", "1234", "floor", "3"]
        );
    }

    #[test]
    fn tokens_point_back_at_the_original_words() {
        let text = "¿Mi facturación del día?";
        let tokens = analyze(text, "es");
        let words: Vec<&str> = tokens.iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(words, ["facturación", "día"]);
    }

    #[test]
    fn unknown_languages_are_folded_word_by_word() {
        assert_eq!(terms("Työkalut ja Äiti", "fi"), ["tyokalut", "ja", "aiti"]);
        assert_eq!(index_terms("Grüße aus Köln", "xx"), "grusse aus koln");
    }

    #[test]
    fn overlong_runs_are_not_words() {
        let base64 = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9w";
        assert_eq!(terms(&format!("see {base64} here"), "en"), ["see"]);
    }
}
