//! Highlighted excerpts: the part of a text that matched, with the matching words marked.
//!
//! The result is a list of fragments, never HTML, so whoever shows it escapes the text and chooses how a
//! mark looks.

use std::collections::BTreeSet;

use crate::analyze;

/// A piece of an excerpt; `marked` when its words matched the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fragment {
    pub text: String,
    pub marked: bool,
}

/// Bytes of text shown before the first match of an excerpt.
const LEAD: usize = 40;

/// At most `max_len` bytes of `text` (analysed in `language`) around the densest run of `terms`, marked.
/// A text without matches gives its beginning. Cut ends get an ellipsis.
pub fn excerpt(
    text: &str,
    language: &str,
    terms: &BTreeSet<String>,
    max_len: usize,
) -> Vec<Fragment> {
    let text = text.trim();
    let matches: Vec<(usize, usize)> = analyze::analyze(text, language)
        .into_iter()
        .filter(|token| terms.contains(&token.term))
        .map(|token| (token.start, token.end))
        .collect();
    let start = best_start(&matches, max_len).map_or(0, |first| {
        word_start(text, floor_boundary(text, first.saturating_sub(LEAD)))
    });
    let end = if text.len() - start <= max_len {
        text.len()
    } else {
        word_end(text, floor_boundary(text, start + max_len))
    };
    let mut fragments = Vec::new();
    if start > 0 {
        fragments.push(plain("…"));
    }
    let mut at = start;
    for &(from, to) in matches
        .iter()
        .filter(|&&(from, to)| from >= start && to <= end)
    {
        if from > at {
            fragments.push(plain(&text[at..from]));
        }
        fragments.push(Fragment {
            text: text[from..to].to_owned(),
            marked: true,
        });
        at = to;
    }
    if end > at {
        fragments.push(plain(&text[at..end]));
    }
    if end < text.len() {
        fragments.push(plain("…"));
    }
    fragments
}

fn plain(text: &str) -> Fragment {
    Fragment {
        text: text.to_owned(),
        marked: false,
    }
}

/// Where the window of `max_len` bytes holding the most matches begins.
fn best_start(matches: &[(usize, usize)], max_len: usize) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    let mut last = 0;
    for (first, &(from, _)) in matches.iter().enumerate() {
        last = last.max(first);
        while last + 1 < matches.len() && matches[last + 1].1 <= from + max_len.saturating_sub(LEAD)
        {
            last += 1;
        }
        let count = last - first + 1;
        if best.is_none_or(|(_, most)| count > most) {
            best = Some((from, count));
        }
    }
    best.map(|(from, _)| from)
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Moves `at` forward to the start of the next word, unless it already starts one.
fn word_start(text: &str, at: usize) -> usize {
    if at == 0 {
        return 0;
    }
    let before_is_word = text[..at]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric);
    if !before_is_word {
        return at;
    }
    text[at..]
        .char_indices()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(text.len(), |(offset, _)| at + offset)
}

/// Moves `at` back to the end of the last whole word before it.
fn word_end(text: &str, at: usize) -> usize {
    let after_is_word = text[at..].chars().next().is_some_and(char::is_alphanumeric);
    if !after_is_word {
        return at;
    }
    text[..at]
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(at, |(offset, _)| offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(list: &[&str]) -> BTreeSet<String> {
        list.iter().map(|t| (*t).to_owned()).collect()
    }

    fn render(fragments: &[Fragment]) -> String {
        fragments
            .iter()
            .map(|f| {
                if f.marked {
                    format!("[{}]", f.text)
                } else {
                    f.text.clone()
                }
            })
            .collect()
    }

    #[test]
    fn every_form_of_a_matching_word_is_marked() {
        let text = "La impresora no imprime. Tengo dos impresoras iguales.";
        let shown = render(&excerpt(text, "es", &terms(&["impresor"]), 200));
        assert_eq!(
            shown,
            "La [impresora] no imprime. Tengo dos [impresoras] iguales."
        );
    }

    #[test]
    fn a_long_text_is_cut_around_the_matches_at_word_boundaries() {
        let filler = "lorem ipsum dolor sit amet ".repeat(20);
        let text = format!("{filler}the invoice was charged twice {filler}");
        let shown = render(&excerpt(&text, "en", &terms(&["invoic"]), 100));
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert!(shown.contains("[invoice] was charged twice"), "{shown}");
        assert!(shown.len() <= 100 + 2 * "…".len(), "{shown}");
        for word in shown
            .trim_matches('…')
            .replace(['[', ']'], "")
            .split_whitespace()
        {
            assert!(text.contains(word), "{word} was cut");
        }
    }

    #[test]
    fn without_matches_the_beginning_is_shown() {
        let shown = render(&excerpt(
            "ciao mondo, tutto bene",
            "it",
            &terms(&["fattur"]),
            10,
        ));
        assert_eq!(shown, "ciao mondo…");
    }

    #[test]
    fn multibyte_text_is_cut_on_character_boundaries() {
        let text = "ñ".repeat(100) + " fattura " + &"è".repeat(100);
        let shown = render(&excerpt(&text, "it", &terms(&["fattur"]), 60));
        assert!(shown.contains("[fattura]"), "{shown}");
    }
}
