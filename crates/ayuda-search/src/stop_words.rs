//! Stop words: the function words of English, Spanish and Italian that say nothing about what a text is about.
//!
//! Kept short on purpose: only articles, pronouns, prepositions, conjunctions and auxiliaries. A word that
//! could be what someone searches for ("order", "cuenta", "conto") never belongs here. Stored folded (no
//! accents), sorted, and compared after folding.

const ENGLISH: &[&str] = &[
    "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
    "been", "before", "being", "but", "by", "can", "could", "did", "do", "does", "doing", "for",
    "from", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i",
    "if", "in", "into", "is", "it", "its", "just", "me", "my", "myself", "no", "nor", "not", "of",
    "off", "on", "once", "only", "or", "other", "our", "ours", "out", "own", "so", "some", "such",
    "than", "that", "the", "their", "theirs", "them", "then", "there", "these", "they", "this",
    "those", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when",
    "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your",
    "yours",
];

const SPANISH: &[&str] = &[
    "a", "al", "algo", "algun", "alguna", "algunas", "alguno", "algunos", "ante", "antes", "como",
    "con", "contra", "cual", "cuando", "de", "del", "desde", "donde", "durante", "e", "el", "ella",
    "ellas", "ellos", "en", "entre", "era", "es", "esa", "esas", "ese", "eso", "esos", "esta",
    "estaba", "estan", "estas", "este", "esto", "estos", "estoy", "fue", "ha", "han", "hasta",
    "hay", "la", "las", "le", "les", "lo", "los", "mas", "me", "mi", "mis", "mucho", "muy", "nos",
    "nosotros", "o", "os", "otra", "otro", "para", "pero", "poco", "por", "porque", "que", "quien",
    "se", "sea", "ser", "si", "sin", "sobre", "son", "su", "sus", "tambien", "te", "tengo", "ti",
    "tiene", "tu", "tus", "un", "una", "uno", "unos", "usted", "vosotros", "y", "ya", "yo",
];

const ITALIAN: &[&str] = &[
    "a", "ad", "agli", "ai", "al", "alla", "alle", "allo", "anche", "avere", "come", "con", "cui",
    "da", "dagli", "dai", "dal", "dalla", "dalle", "dallo", "degli", "dei", "del", "della",
    "delle", "dello", "di", "dove", "e", "ed", "era", "gli", "ha", "hanno", "ho", "i", "il", "in",
    "io", "la", "le", "lei", "li", "lo", "loro", "lui", "ma", "mi", "mia", "mie", "miei", "mio",
    "ne", "negli", "nei", "nel", "nella", "nelle", "nello", "noi", "non", "o", "per", "perche",
    "piu", "quale", "quando", "quella", "quelle", "quelli", "quello", "questa", "queste", "questi",
    "questo", "se", "si", "sia", "siamo", "sono", "su", "sua", "sue", "sugli", "sui", "sul",
    "sulla", "suo", "suoi", "ti", "tra", "tu", "tua", "tue", "tuo", "tuoi", "un", "una", "uno",
    "vi", "voi",
];

/// The stop words of a primary language code; none for a language without a list.
pub fn of(language: &str) -> StopWords {
    StopWords(match language {
        "en" => ENGLISH,
        "es" => SPANISH,
        "it" => ITALIAN,
        _ => &[],
    })
}

/// A sorted list of folded stop words.
#[derive(Debug, Clone, Copy)]
pub struct StopWords(&'static [&'static str]);

impl StopWords {
    pub fn contains(&self, folded: &&str) -> bool {
        self.0.binary_search(folded).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_folded_and_lower_case() {
        for list in [ENGLISH, SPANISH, ITALIAN] {
            assert!(
                list.windows(2).all(|pair| pair[0] < pair[1]),
                "{list:?} is not sorted"
            );
            assert!(
                list.iter()
                    .all(|w| w.chars().all(|c| c.is_ascii_lowercase()))
            );
        }
    }
}
