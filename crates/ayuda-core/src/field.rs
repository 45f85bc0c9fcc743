//! Admin-defined custom fields on tickets, contacts and organizations, and the typed values they hold.

use std::fmt;

use jiff::civil::Date;

use crate::error::FieldError;
use crate::id::FieldId;
use crate::text::clean_line;

string_enum!(
    /// What a custom field is attached to.
    FieldEntity { Ticket = "ticket", Contact = "contact", Organization = "organization" }
);

string_enum!(
    /// The type of a custom field's values.
    FieldKind { Text = "text", Number = "number", Date = "date", Select = "select", Checkbox = "checkbox" }
);

/// A custom field's definition.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldDefinition {
    pub id: FieldId,
    pub entity: FieldEntity,
    /// The stable key used in the API (`order_number`); never changes once created.
    pub key: FieldKey,
    pub label: String,
    pub kind: FieldKind,
    /// The allowed values of a `select` field; empty for other kinds.
    pub options: Vec<String>,
    pub required: bool,
    pub position: i32,
}

/// A field key: lowercase ASCII letters, digits and `_`, starting with a letter, 1 to 64 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldKey(String);

impl FieldKey {
    pub fn parse(raw: &str) -> Result<FieldKey, FieldError> {
        let ok = !raw.is_empty()
            && raw.len() <= 64
            && raw.starts_with(|c: char| c.is_ascii_lowercase())
            && raw
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if ok {
            Ok(FieldKey(raw.to_owned()))
        } else {
            Err(FieldError::new(
                "",
                "must be 1 to 64 lowercase letters, digits or _, starting with a letter",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A custom field's value, typed by its definition.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    Text(String),
    Number(f64),
    Date(Date),
    /// One of the definition's options.
    Select(String),
    Checkbox(bool),
}

impl fmt::Display for FieldValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldValue::Text(text) | FieldValue::Select(text) => f.write_str(text),
            FieldValue::Number(n) => write!(f, "{n}"),
            FieldValue::Date(d) => write!(f, "{d}"),
            FieldValue::Checkbox(b) => write!(f, "{b}"),
        }
    }
}

/// A value as it arrives from outside, before it is checked against the definition.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldInput {
    Null,
    Bool(bool),
    Number(f64),
    Text(String),
    /// Anything else (a list or an object): never valid.
    Other,
}

impl FieldDefinition {
    /// Checks `input` against this definition: `Ok(None)` clears the value.
    pub fn parse_value(&self, input: &FieldInput) -> Result<Option<FieldValue>, FieldError> {
        let wrong = |expected: &str| FieldError::new("", format!("must be {expected}"));
        let value = match (self.kind, input) {
            (_, FieldInput::Null) => {
                return if self.required {
                    Err(FieldError::new("", "is required"))
                } else {
                    Ok(None)
                };
            }
            (FieldKind::Text, FieldInput::Text(text)) => {
                if text.chars().count() > 10_000 {
                    return Err(FieldError::new("", "must be at most 10000 characters"));
                }
                FieldValue::Text(text.clone())
            }
            (FieldKind::Text, _) => return Err(wrong("text")),
            (FieldKind::Number, FieldInput::Number(n)) if n.is_finite() => FieldValue::Number(*n),
            (FieldKind::Number, _) => return Err(wrong("a number")),
            (FieldKind::Date, FieldInput::Text(text)) => FieldValue::Date(
                text.parse()
                    .map_err(|_| wrong("a date such as 2026-03-31"))?,
            ),
            (FieldKind::Date, _) => return Err(wrong("a date such as 2026-03-31")),
            (FieldKind::Select, FieldInput::Text(text)) if self.options.contains(text) => {
                FieldValue::Select(text.clone())
            }
            (FieldKind::Select, _) => {
                return Err(wrong(&format!("one of: {}", self.options.join(", "))));
            }
            (FieldKind::Checkbox, FieldInput::Bool(b)) => FieldValue::Checkbox(*b),
            (FieldKind::Checkbox, _) => return Err(wrong("true or false")),
        };
        Ok(Some(value))
    }
}

/// Checks a field label and, for select fields, the options (1 to 200 distinct, non-empty).
pub fn parse_label_and_options(
    kind: FieldKind,
    label: &str,
    options: &[String],
) -> Result<(String, Vec<String>), crate::Invalid> {
    let mut invalid = crate::Invalid::default();
    let label = invalid.check("label", clean_line(label, 200));
    let mut cleaned = Vec::new();
    if kind == FieldKind::Select {
        if options.is_empty() || options.len() > 200 {
            invalid.push(FieldError::new(
                "options",
                "a select field needs 1 to 200 options",
            ));
        }
        for (i, option) in options.iter().enumerate() {
            if let Some(option) = invalid.check(&format!("options.{i}"), clean_line(option, 200)) {
                if cleaned.contains(&option) {
                    invalid.push(FieldError::new(format!("options.{i}"), "is listed twice"));
                }
                cleaned.push(option);
            }
        }
    } else if !options.is_empty() {
        invalid.push(FieldError::new(
            "options",
            "only select fields have options",
        ));
    }
    invalid.into_result()?;
    Ok((label.unwrap_or_default(), cleaned))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(kind: FieldKind, required: bool) -> FieldDefinition {
        FieldDefinition {
            id: FieldId::generate(),
            entity: FieldEntity::Ticket,
            key: FieldKey::parse("k").unwrap(),
            label: "K".into(),
            kind,
            options: vec!["red".into(), "blue".into()],
            required,
            position: 0,
        }
    }

    #[test]
    fn values_must_match_the_kind() {
        let text = FieldInput::Text("2026-03-31".into());
        assert_eq!(
            def(FieldKind::Text, false).parse_value(&text).unwrap(),
            Some(FieldValue::Text("2026-03-31".into()))
        );
        assert_eq!(
            def(FieldKind::Date, false).parse_value(&text).unwrap(),
            Some(FieldValue::Date(jiff::civil::date(2026, 3, 31)))
        );
        assert!(def(FieldKind::Number, false).parse_value(&text).is_err());
        assert!(def(FieldKind::Select, false).parse_value(&text).is_err());
        assert!(
            def(FieldKind::Select, false)
                .parse_value(&FieldInput::Text("red".into()))
                .is_ok()
        );
        assert!(
            def(FieldKind::Checkbox, false)
                .parse_value(&FieldInput::Bool(true))
                .is_ok()
        );
        assert!(
            def(FieldKind::Checkbox, false)
                .parse_value(&FieldInput::Number(1.0))
                .is_err()
        );
        assert!(
            def(FieldKind::Date, false)
                .parse_value(&FieldInput::Text("31/03/2026".into()))
                .is_err()
        );
    }

    #[test]
    fn null_clears_unless_required() {
        assert_eq!(
            def(FieldKind::Text, false)
                .parse_value(&FieldInput::Null)
                .unwrap(),
            None
        );
        assert!(
            def(FieldKind::Text, true)
                .parse_value(&FieldInput::Null)
                .is_err()
        );
    }

    #[test]
    fn keys_are_restricted() {
        assert!(FieldKey::parse("order_number").is_ok());
        assert!(FieldKey::parse("Order").is_err());
        assert!(FieldKey::parse("1st").is_err());
        assert!(FieldKey::parse("").is_err());
    }

    #[test]
    fn select_fields_need_distinct_options() {
        assert!(parse_label_and_options(FieldKind::Select, "Colour", &[]).is_err());
        assert!(
            parse_label_and_options(FieldKind::Select, "Colour", &["a".into(), "a".into()])
                .is_err()
        );
        assert!(parse_label_and_options(FieldKind::Text, "Note", &["a".into()]).is_err());
        assert!(
            parse_label_and_options(FieldKind::Select, "Colour", &["a".into(), "b".into()]).is_ok()
        );
    }
}
