//! The languages Ayuda's interfaces and emails are written in, and choosing one for a reader from their own
//! setting or their browser's `Accept-Language`.

use std::fmt;

/// A language of the interface and of customer emails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Locale {
    En,
    Es,
    It,
}

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::En, Locale::Es, Locale::It];

    /// The language Ayuda falls back to.
    pub const DEFAULT: Locale = Locale::En;

    /// The BCP 47 code: `en`, `es`, `it`.
    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Es => "es",
            Locale::It => "it",
        }
    }

    /// The language's name in itself, for a language picker read by someone who may not know the current one.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Es => "Español",
            Locale::It => "Italiano",
        }
    }

    /// The supported language of a tag such as `es`, `es-MX` or `it_IT`; `None` for any other language.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag.trim().split(['-', '_']).next()?;
        Locale::ALL
            .into_iter()
            .find(|locale| primary.eq_ignore_ascii_case(locale.code()))
    }

    /// The best supported language for an `Accept-Language` header (RFC 9110: tags with optional `q`
    /// weights), or `None` when it names none of them. A malformed entry is skipped, never an error.
    pub fn negotiate(accept_language: &str) -> Option<Locale> {
        let mut best: Option<(u16, usize, Locale)> = None;
        for (position, entry) in accept_language.split(',').enumerate() {
            let mut parts = entry.split(';');
            let Some(locale) = parts.next().and_then(Locale::from_tag) else {
                continue;
            };
            let mut weight = 1000;
            for parameter in parts {
                if let Some(q) = parameter.trim().strip_prefix("q=") {
                    weight = parse_weight(q).unwrap_or(0);
                }
            }
            if weight == 0 {
                continue;
            }
            // Higher weight wins; among equals, the earlier entry.
            let better = match best {
                None => true,
                Some((best_weight, best_position, _)) => {
                    weight > best_weight || (weight == best_weight && position < best_position)
                }
            };
            if better {
                best = Some((weight, position, locale));
            }
        }
        best.map(|(_, _, locale)| locale)
    }
}

/// A `q` value in thousandths: `0.8` is 800. `None` when it is not a number from 0 to 1.
fn parse_weight(q: &str) -> Option<u16> {
    let value: f32 = q.trim().parse().ok()?;
    (0.0..=1.0)
        .contains(&value)
        .then(|| (value * 1000.0).round() as u16)
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_with_regions_and_either_separator_are_recognised() {
        assert_eq!(Locale::from_tag("es-MX"), Some(Locale::Es));
        assert_eq!(Locale::from_tag("it_IT"), Some(Locale::It));
        assert_eq!(Locale::from_tag("EN"), Some(Locale::En));
        assert_eq!(Locale::from_tag("fr-FR"), None);
        assert_eq!(Locale::from_tag(""), None);
    }

    #[test]
    fn the_browser_s_preference_is_followed_by_weight_then_order() {
        assert_eq!(
            Locale::negotiate("fr-FR,fr;q=0.9,it;q=0.8,en;q=0.5"),
            Some(Locale::It)
        );
        assert_eq!(Locale::negotiate("en;q=0.4, es-AR;q=0.7"), Some(Locale::Es));
        assert_eq!(Locale::negotiate("es, it"), Some(Locale::Es));
        assert_eq!(Locale::negotiate("de, fr"), None);
        // q=0 means "not this one".
        assert_eq!(Locale::negotiate("it;q=0, en;q=0.1"), Some(Locale::En));
    }

    #[test]
    fn malformed_headers_are_skipped_not_fatal() {
        assert_eq!(Locale::negotiate(";;,,q=x"), None);
        assert_eq!(Locale::negotiate("es;q=abc, it;q=0.3"), Some(Locale::It));
        assert_eq!(Locale::negotiate("es;q=7"), None);
    }
}
