//! How frustrated a customer sounds: a score from 0 to 100 for one message, from its own words, and for a
//! case, from its latest message and what the case went through.
//!
//! A message earns points: two for a word of anger, contempt or a threat ("unacceptable", "estafa",
//! "vergogna"), one for a word of complaint ("disappointed", "molesto", "deluso"), twice as much after an
//! intensifier ("very", "muy", "molto"); a negated word of contentment ("not happy", "no estoy
//! contento", "non sono soddisfatto") counts as a complaint and a negated complaint ("not bad") counts for
//! nothing; one each for saying it happens again ("third time", "otra vez", "di nuovo"), for shouting in
//! capitals and for runs of `!!` or `?!`; words of thanks take a little off. The case adds a point for each
//! reopening, missed deadline and other recent contact about the same thing. Points become a score on a
//! saturating curve, so the first signs count most and no message scores past 100.

use std::collections::HashSet;
use std::sync::OnceLock;

use ayuda_search::{fold, stem};

use crate::lexicon::{self, Lexicon};

/// From this score on a customer counts as frustrated: flagged in views, on the ticket and in reports.
pub const FRUSTRATED: u8 = 50;

/// Points at which the score reaches 1 - 1/e of its range; two points (one strong word) pass [`FRUSTRATED`].
const SCALE: f64 = 2.5;

/// How many words after a negator or an intensifier it still reaches: "not at all happy", "muy, muy mal".
const REACH: usize = 4;

/// Why a message scored what it did, to show an agent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signal {
    /// A word or expression of anger, contempt or a threat, as written.
    Strong(String),
    /// A word or expression of complaint, as written.
    Complaint(String),
    /// A word of contentment under a negation, as written: "happy" in "not happy".
    NegatedPositive(String),
    /// The customer says it happens again, as written.
    Repetition(String),
    /// Words in capitals.
    Shouting,
    /// `!!`, `??`, `?!` and longer.
    RepeatedPunctuation,
    /// The case was reopened this many times.
    Reopened(u32),
    /// This many of the case's deadlines were missed.
    Breached(u32),
    /// The customer wrote this many other times recently about the same thing.
    RepeatContacts(u32),
}

/// A score from 0 (calm) to 100, with its reasons.
#[derive(Debug, Clone, PartialEq)]
pub struct Frustration {
    pub score: u8,
    /// Points before the curve; what [`for_case`] adds to.
    pub points: f64,
    pub signals: Vec<Signal>,
}

impl Frustration {
    pub fn is_frustrated(&self) -> bool {
        self.score >= FRUSTRATED
    }
}

/// What the case went through, as far as frustration goes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CaseHistory {
    pub reopens: u32,
    pub breaches: u32,
    /// Other tickets of the same customer about the same thing lately.
    pub repeat_contacts: u32,
}

/// The most the case's history adds, so a long case of a calm customer is not called frustrated by its
/// history alone.
const MOST_FROM_HISTORY: f64 = 1.5;

/// Each part of the history's points: reopenings and missed deadlines are felt; one more contact less so.
const REOPEN_POINTS: f64 = 0.75;
const BREACH_POINTS: f64 = 0.5;
const REPEAT_CONTACT_POINTS: f64 = 0.5;

fn curve(points: f64) -> u8 {
    let score = 100.0 * (1.0 - (-points.max(0.0) / SCALE).exp());
    score.round().clamp(0.0, 100.0) as u8
}

/// The lexicon of a language, folded and stemmed once.
#[derive(Debug)]
struct Compiled {
    strong: HashSet<String>,
    mild: HashSet<String>,
    positive: HashSet<String>,
    gratitude: HashSet<String>,
    negators: HashSet<String>,
    intensifiers: HashSet<String>,
    /// Expressions and their weight class: strong, mild or repetition.
    phrases: Vec<(Vec<String>, Class)>,
    /// Single-word repetitions, folded (not stemmed: `siga` is not `sigue`).
    repetition: HashSet<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Strong,
    Mild,
    Repetition,
}

fn key(word: &str, language: &str) -> String {
    stem(word, language).unwrap_or_else(|| fold(word))
}

fn compile(lexicon: &Lexicon, language: &str) -> Compiled {
    let stems = |words: &[&str]| words.iter().map(|w| key(w, language)).collect();
    let folded = |words: &[&str]| words.iter().map(|w| fold(w)).collect::<HashSet<_>>();
    let split = |phrase: &str| phrase.split(' ').map(fold).collect::<Vec<_>>();
    let mut phrases = Vec::new();
    for (list, class) in [
        (lexicon.strong_phrases, Class::Strong),
        (lexicon.mild_phrases, Class::Mild),
        (lexicon.repetition, Class::Repetition),
    ] {
        // Single words of these lists join too: "nobody" means what "no one" means, and neither is undone
        // by a negation before it ("never showed up and nobody called").
        for phrase in list
            .iter()
            .filter(|p| p.contains(' ') || class != Class::Repetition)
        {
            phrases.push((split(phrase), class));
        }
    }
    // Longer expressions first, so "ancora una volta" is taken whole before "ancora" alone.
    phrases.sort_by_key(|(words, _)| std::cmp::Reverse(words.len()));
    let single_repetitions: Vec<&str> = lexicon
        .repetition
        .iter()
        .copied()
        .filter(|p| !p.contains(' '))
        .collect();
    Compiled {
        strong: stems(lexicon.strong),
        mild: stems(lexicon.mild),
        positive: stems(lexicon.positive),
        gratitude: stems(lexicon.gratitude),
        negators: folded(lexicon.negators),
        intensifiers: folded(lexicon.intensifiers),
        phrases,
        repetition: folded(&single_repetitions),
    }
}

fn compiled(language: &str) -> Option<&'static Compiled> {
    static ENGLISH: OnceLock<Compiled> = OnceLock::new();
    static SPANISH: OnceLock<Compiled> = OnceLock::new();
    static ITALIAN: OnceLock<Compiled> = OnceLock::new();
    let lexicon = lexicon::of(language)?;
    let cell = match language.split(['-', '_']).next().unwrap_or(language) {
        "en" => &ENGLISH,
        "es" => &SPANISH,
        _ => &ITALIAN,
    };
    Some(cell.get_or_init(|| compile(lexicon, language)))
}

/// One word of a message: as written, folded, and its stem.
#[derive(Debug)]
struct Word<'a> {
    written: &'a str,
    /// Punctuation that ends a clause (`.`, `,`, `!`, `?`, `;`, `:`) stands between this word and the one
    /// before: a negation or an intensifier does not reach across it ("No, this is terrible").
    after_break: bool,
    folded: String,
    stem: String,
}

/// The words of `text`, keeping English contractions whole ("don't" is one word, `dont`).
fn words<'a>(text: &'a str, language: &str) -> Vec<Word<'a>> {
    let mut out = Vec::new();
    let mut start = None;
    let mut broken = false;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        let joins_contraction = matches!(c, '\'' | '’')
            && i > 0
            && chars[i - 1].1.eq_ignore_ascii_case(&'n')
            && chars
                .get(i + 1)
                .is_some_and(|(_, t)| t.eq_ignore_ascii_case(&'t'));
        if c.is_alphanumeric() || (start.is_some() && joins_contraction) {
            start.get_or_insert(at);
        } else {
            if let Some(from) = start.take() {
                out.push((&text[from..at], broken));
                broken = false;
            }
            broken |= matches!(c, '.' | ',' | '!' | '?' | ';' | ':' | '¡' | '¿');
        }
    }
    if let Some(from) = start {
        out.push((&text[from..], broken));
    }
    out.into_iter()
        .map(|(written, after_break)| {
            let plain: String = written
                .chars()
                .filter(|c| !matches!(c, '\'' | '’'))
                .collect();
            Word {
                written,
                after_break,
                folded: fold(&plain),
                stem: key(&plain, language),
            }
        })
        .collect()
}

/// Scores one customer message written in `language`. Languages without a lexicon score only capitals and
/// punctuation.
pub fn score_message(text: &str, language: &str) -> Frustration {
    let mut points = 0.0;
    let mut signals = Vec::new();
    let words = words(text, language);
    if let Some(lexicon) = compiled(language) {
        points += score_words(&words, lexicon, &mut signals);
    }
    if shouts(&words) {
        points += 1.0;
        signals.push(Signal::Shouting);
    }
    if repeated_punctuation(text) {
        points += 1.0;
        signals.push(Signal::RepeatedPunctuation);
    }
    let points = points.max(0.0);
    Frustration {
        score: curve(points),
        points,
        signals,
    }
}

fn score_words(words: &[Word<'_>], lexicon: &Compiled, signals: &mut Vec<Signal>) -> f64 {
    let mut points = 0.0;
    let mut thanks = 0.0;
    let mut repetitions = 0;
    let mut negated_until = 0;
    let mut intensified_until = 0;
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        if word.after_break {
            negated_until = 0;
            intensified_until = 0;
        }
        let negated = i < negated_until;
        let weight = if i < intensified_until { 2.0 } else { 1.0 };
        if let Some((length, class)) = phrase_at(words, i, lexicon) {
            let written = words[i..i + length]
                .iter()
                .map(|w| w.written)
                .collect::<Vec<_>>()
                .join(" ");
            match class {
                Class::Strong => {
                    points += 2.0 * weight;
                    signals.push(Signal::Strong(written));
                }
                Class::Mild => {
                    points += weight;
                    signals.push(Signal::Complaint(written));
                }
                Class::Repetition if repetitions < 2 => {
                    repetitions += 1;
                    points += 1.0;
                    signals.push(Signal::Repetition(written));
                }
                Class::Repetition => {}
            }
            i += length;
            continue;
        }
        if lexicon.negators.contains(&word.folded) {
            negated_until = i + 1 + REACH;
        } else if lexicon.intensifiers.contains(&word.folded) {
            intensified_until = i + 1 + REACH;
        } else if lexicon.strong.contains(&word.stem) && !negated {
            points += 2.0 * weight;
            signals.push(Signal::Strong(word.written.to_owned()));
        } else if lexicon.mild.contains(&word.stem) && !negated {
            points += weight;
            signals.push(Signal::Complaint(word.written.to_owned()));
        } else if lexicon.positive.contains(&word.stem) && negated {
            points += weight;
            signals.push(Signal::NegatedPositive(word.written.to_owned()));
        } else if lexicon.gratitude.contains(&word.stem) {
            thanks += 0.5;
        } else if lexicon.repetition.contains(&word.folded) && repetitions < 2 {
            repetitions += 1;
            points += 1.0;
            signals.push(Signal::Repetition(word.written.to_owned()));
        }
        i += 1;
    }
    points - f64::min(thanks, 1.0)
}

/// The length and class of the lexicon's expression that starts at word `i`, if one does.
fn phrase_at(words: &[Word<'_>], i: usize, lexicon: &Compiled) -> Option<(usize, Class)> {
    lexicon.phrases.iter().find_map(|(phrase, class)| {
        let candidate = words.get(i..i + phrase.len())?;
        candidate
            .iter()
            .zip(phrase)
            .all(|(word, expected)| word.folded == *expected)
            .then_some((phrase.len(), *class))
    })
}

/// Whether the message shouts: at least two words of three letters or more in capitals, making up at least
/// a third of such words. Acronyms alone (`VAT`, `DNI`) do not make a message shout.
fn shouts(words: &[Word<'_>]) -> bool {
    let long: Vec<&str> = words
        .iter()
        .map(|w| w.written)
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 3)
        .collect();
    let capitals = long
        .iter()
        .filter(|w| {
            w.chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase)
        })
        .count();
    capitals >= 2 && capitals * 3 >= long.len() && long.len() >= 2
}

/// Whether the text has a run of two or more `!` or `?` (with `¡`/`¿` ignored), as in "why??" or "now!!!".
fn repeated_punctuation(text: &str) -> bool {
    let mut run = 0;
    for c in text.chars() {
        match c {
            '!' | '?' => {
                run += 1;
                if run >= 2 {
                    return true;
                }
            }
            c if c.is_whitespace() => {}
            _ => run = 0,
        }
    }
    false
}

/// A case's frustration: its latest customer message's, with what the case went through added.
pub fn for_case(latest: &Frustration, history: CaseHistory) -> Frustration {
    let mut signals = latest.signals.clone();
    let mut added = 0.0;
    if history.reopens > 0 {
        added += REOPEN_POINTS * f64::from(history.reopens);
        signals.push(Signal::Reopened(history.reopens));
    }
    if history.breaches > 0 {
        added += BREACH_POINTS * f64::from(history.breaches);
        signals.push(Signal::Breached(history.breaches));
    }
    if history.repeat_contacts > 0 {
        added += REPEAT_CONTACT_POINTS * f64::from(history.repeat_contacts);
        signals.push(Signal::RepeatContacts(history.repeat_contacts));
    }
    let points = latest.points + added.min(MOST_FROM_HISTORY);
    Frustration {
        score: curve(points),
        points,
        signals,
    }
}

#[cfg(test)]
mod tests;
