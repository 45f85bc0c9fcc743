//! Which language a customer wrote in, so the answer, the templates and the search analysis match it.
//!
//! Detection is whatlang's trigram model, restricted to the languages Ayuda's agents are likely to answer in
//! ([`DetectedLanguage`]): choosing among six is both faster and far more accurate than among seventy, and a
//! message in any other language is better served by the sender's own `Content-Language` than by a wrong
//! guess. Short texts ("Gracias!", "OK") and uncertain ones fall back to that header, the `hint`, when it
//! names one of the six; otherwise the answer is `None` and the caller keeps its default. Quoted lines
//! (`> …`) are skipped, since they are usually our own words in our own language.

use whatlang::{Detector, Lang};

/// A language Ayuda detects, by its ISO 639-1 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DetectedLanguage {
    English,
    Spanish,
    Italian,
    French,
    German,
    Portuguese,
}

impl DetectedLanguage {
    pub const ALL: [DetectedLanguage; 6] = [
        DetectedLanguage::English,
        DetectedLanguage::Spanish,
        DetectedLanguage::Italian,
        DetectedLanguage::French,
        DetectedLanguage::German,
        DetectedLanguage::Portuguese,
    ];

    /// The ISO 639-1 code: `en`, `es`, `it`, `fr`, `de`, `pt`.
    pub fn code(self) -> &'static str {
        match self {
            DetectedLanguage::English => "en",
            DetectedLanguage::Spanish => "es",
            DetectedLanguage::Italian => "it",
            DetectedLanguage::French => "fr",
            DetectedLanguage::German => "de",
            DetectedLanguage::Portuguese => "pt",
        }
    }

    /// The language of a `Content-Language` value or a language tag: `es`, `es-MX`, `pt_BR`, `IT`, or a list
    /// (`fr, en`, first wins). `None` for other languages and malformed values.
    pub fn from_tag(tag: &str) -> Option<DetectedLanguage> {
        let first = tag.split(',').next()?.trim();
        let primary = first.split(['-', '_', ';']).next()?.trim();
        DetectedLanguage::ALL
            .into_iter()
            .find(|language| primary.eq_ignore_ascii_case(language.code()))
    }

    fn whatlang(self) -> Lang {
        match self {
            DetectedLanguage::English => Lang::Eng,
            DetectedLanguage::Spanish => Lang::Spa,
            DetectedLanguage::Italian => Lang::Ita,
            DetectedLanguage::French => Lang::Fra,
            DetectedLanguage::German => Lang::Deu,
            DetectedLanguage::Portuguese => Lang::Por,
        }
    }

    fn from_whatlang(lang: Lang) -> Option<DetectedLanguage> {
        DetectedLanguage::ALL
            .into_iter()
            .find(|language| language.whatlang() == lang)
    }
}

/// Below this many letters a text is too short to tell (a greeting, a "thanks"): the hint decides.
const MIN_LETTERS: usize = 20;
/// Below this confidence (whatlang's, 0 to 1) the detection is a guess: the hint decides. Gibberish scores
/// about 0.1; a plain three-line Spanish email scored 0.45, so the bar sits between.
const MIN_CONFIDENCE: f64 = 0.25;
/// Only the start of a long text is read: a few sentences tell the language as well as a whole page.
const MAX_BYTES: usize = 4096;

/// The language `text` is written in, among [`DetectedLanguage::ALL`]; the `hint` (a `Content-Language`
/// value) when the text is too short or the detection uncertain; `None` when neither tells.
pub fn detect_language(text: &str, hint: Option<&str>) -> Option<DetectedLanguage> {
    let hinted = || hint.and_then(DetectedLanguage::from_tag);
    let own_words = own_words(text);
    let letters = own_words.chars().filter(|c| c.is_alphabetic()).count();
    if letters < MIN_LETTERS {
        return hinted();
    }
    let allowlist = DetectedLanguage::ALL
        .map(DetectedLanguage::whatlang)
        .to_vec();
    let detected = Detector::with_allowlist(allowlist)
        .detect(&own_words)
        .filter(|info| info.confidence() >= MIN_CONFIDENCE)
        .and_then(|info| DetectedLanguage::from_whatlang(info.lang()));
    detected.or_else(hinted)
}

/// The first [`MAX_BYTES`] of the text's unquoted lines.
fn own_words(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        if line.trim_start().starts_with('>') {
            continue;
        }
        if out.len() + line.len() + 1 > MAX_BYTES {
            let mut end = MAX_BYTES.saturating_sub(out.len()).min(line.len());
            while !line.is_char_boundary(end) {
                end -= 1;
            }
            out.push_str(&line[..end]);
            break;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests;
