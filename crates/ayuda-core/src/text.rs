//! Small text values parsed from input: names, languages and tags.

use std::fmt;

use crate::error::FieldError;

/// Trims `raw` and checks it is non-empty, at most `max` characters and free of control characters.
pub fn clean_line(raw: &str, max: usize) -> Result<String, FieldError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(FieldError::new("", "must not be empty"));
    }
    if trimmed.chars().count() > max {
        return Err(FieldError::new(
            "",
            format!("must be at most {max} characters"),
        ));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(FieldError::new("", "must not contain control characters"));
    }
    Ok(trimmed.to_owned())
}

/// A person's or organization's display name: one line, 1 to 200 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Name(String);

impl Name {
    pub fn parse(raw: &str) -> Result<Name, FieldError> {
        clean_line(raw, 200).map(Name)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A language as an ISO 639-1 code, optionally with a region: `en`, `es`, `it`, `pt-BR`.
///
/// Any well-formed code is accepted, because customers write in many languages; the UI, knowledge base and
/// email templates are translated into [`Language::SUPPORTED`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Language(String);

impl Language {
    /// The languages Ayuda's UI, knowledge base and customer emails are written in.
    pub const SUPPORTED: [&'static str; 3] = ["en", "es", "it"];

    pub fn parse(raw: &str) -> Result<Language, FieldError> {
        let raw = raw.trim();
        let invalid = || FieldError::new("", "must be a language code such as en, es or it");
        let (primary, region) = match raw.split_once(['-', '_']) {
            Some((primary, region)) => (primary, Some(region)),
            None => (raw, None),
        };
        if !(2..=3).contains(&primary.len()) || !primary.chars().all(|c| c.is_ascii_alphabetic()) {
            return Err(invalid());
        }
        let mut code = primary.to_ascii_lowercase();
        if let Some(region) = region {
            if !(2..=3).contains(&region.len())
                || !region.chars().all(|c| c.is_ascii_alphanumeric())
            {
                return Err(invalid());
            }
            code.push('-');
            code.push_str(&region.to_ascii_uppercase());
        }
        Ok(Language(code))
    }

    pub fn english() -> Language {
        Language("en".to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The primary language without the region: `pt` for `pt-BR`.
    pub fn primary(&self) -> &str {
        self.0.split('-').next().unwrap_or(&self.0)
    }
}

/// The version of something kept per language to use for `language`: the same language, else the same
/// primary language, else English, else the first.
pub fn version_for<'a, T>(
    versions: &'a [T],
    language: &Language,
    language_of: impl Fn(&T) -> &Language,
) -> Option<&'a T> {
    versions
        .iter()
        .find(|v| language_of(v) == language)
        .or_else(|| {
            versions
                .iter()
                .find(|v| language_of(v).primary() == language.primary())
        })
        .or_else(|| versions.iter().find(|v| language_of(v).primary() == "en"))
        .or_else(|| versions.first())
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A tag on a ticket: lowercase letters, digits and `-_.:`, 1 to 64 characters. Input is lowercased.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tag(String);

impl Tag {
    pub fn parse(raw: &str) -> Result<Tag, FieldError> {
        let tag = raw.trim().to_lowercase();
        if tag.is_empty() || tag.chars().count() > 64 {
            return Err(FieldError::new("", "a tag has 1 to 64 characters"));
        }
        if !tag
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
        {
            return Err(FieldError::new(
                "",
                "a tag has only letters, digits and - _ . :",
            ));
        }
        Ok(Tag(tag))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Parses a list of tags, dropping duplicates and keeping them sorted; errors name the index (`tags.2`).
pub fn parse_tags(raw: &[String]) -> Result<Vec<Tag>, crate::Invalid> {
    let mut invalid = crate::Invalid::default();
    let mut tags = Vec::with_capacity(raw.len());
    for (i, raw) in raw.iter().enumerate() {
        if let Some(tag) = invalid.check(&i.to_string(), Tag::parse(raw)) {
            tags.push(tag);
        }
    }
    if raw.len() > 50 {
        invalid.push(FieldError::new("", "at most 50 tags"));
    }
    invalid.into_result()?;
    tags.sort();
    tags.dedup();
    Ok(tags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_normalised() {
        assert_eq!(Language::parse("ES").unwrap().as_str(), "es");
        assert_eq!(Language::parse("pt_br").unwrap().as_str(), "pt-BR");
        assert_eq!(Language::parse("pt-BR").unwrap().primary(), "pt");
        assert!(Language::parse("english").is_err());
        assert!(Language::parse("").is_err());
        assert!(Language::parse("e1").is_err());
    }

    #[test]
    fn tags_are_lowercased_deduplicated_and_checked() {
        let tags = parse_tags(&["VIP".into(), "vip".into(), "refund:2026".into()]).unwrap();
        let tags: Vec<&str> = tags.iter().map(Tag::as_str).collect();
        assert_eq!(tags, ["refund:2026", "vip"]);
        let err = parse_tags(&["ok".into(), "no spaces".into()]).unwrap_err();
        assert_eq!(err.0[0].field, "1");
    }

    #[test]
    fn names_reject_empty_and_control_characters() {
        assert_eq!(Name::parse("  Ana  ").unwrap().as_str(), "Ana");
        assert!(Name::parse("   ").is_err());
        assert!(Name::parse("a\u{0}b").is_err());
        assert!(Name::parse(&"x".repeat(201)).is_err());
    }
}
