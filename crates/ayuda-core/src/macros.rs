//! Macros: named bundles of changes and reply text that an agent applies to a ticket in one click ("Refund
//! approved": solve, tag `refund`, and a reply in the customer's language saying so). The changes are made
//! at once, as the agent's; the text goes into the agent's draft, with its placeholders filled, for them to
//! read and send.

use jiff::Timestamp;

use crate::automation::Action;
use crate::canned::parse_body;
use crate::error::{FieldError, Invalid};
use crate::id::MacroId;
use crate::text::{Language, Name};

/// The most macros an installation keeps.
pub const MAX_MACROS: u32 = 500;
/// The most changes one macro makes.
pub const MAX_MACRO_ACTIONS: usize = 10;

/// A macro's text in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MacroText {
    pub language: Language,
    /// May use the canned responses' placeholders.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Macro {
    pub id: MacroId,
    pub name: Name,
    /// Changes to the ticket's fields: status, priority, type, group, assignee, tags.
    pub actions: Vec<Action>,
    /// The text for the draft, per language; none for a macro that only changes fields.
    pub texts: Vec<MacroText>,
    /// Whether the text is an internal note rather than a reply to the customer.
    pub note: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Macro {
    /// Checks that it does something, only changes fields, and that its texts' placeholders exist.
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut invalid = Invalid::default();
        if self.actions.is_empty() && self.texts.is_empty() {
            invalid.push(FieldError::new(
                "actions",
                "a macro changes something or writes something",
            ));
        }
        if self.actions.len() > MAX_MACRO_ACTIONS {
            invalid.push(FieldError::new(
                "actions",
                format!("must be at most {MAX_MACRO_ACTIONS}"),
            ));
        }
        for (i, action) in self.actions.iter().enumerate() {
            let changes_a_field = matches!(
                action,
                Action::SetStatus(_)
                    | Action::SetPriority(_)
                    | Action::SetType(_)
                    | Action::SetGroup(_)
                    | Action::Assign(_)
                    | Action::AddTags(_)
                    | Action::RemoveTags(_)
            );
            if !changes_a_field {
                invalid.push(FieldError::new(
                    format!("actions.{i}.type"),
                    "a macro sets fields, assigns and tags; mail, notes to others and escalation are \
                     for triggers",
                ));
            }
        }
        for (i, text) in self.texts.iter().enumerate() {
            if self.texts[..i].iter().any(|t| t.language == text.language) {
                invalid.push(FieldError::new(
                    format!("texts.{i}.language"),
                    "has a text already",
                ));
            }
            if let Err(e) = parse_body(&text.text) {
                invalid.push(e.within(&format!("texts.{i}.text")));
            }
        }
        invalid.into_result()
    }

    /// The text for a ticket in `language`: the same language, else the same primary language, else
    /// English, else the first.
    pub fn text_for(&self, language: &Language) -> Option<&str> {
        crate::text::version_for(&self.texts, language, |t| &t.language).map(|t| t.text.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::automation::{EscalateTo, MailTemplate};
    use crate::text::Tag;
    use crate::ticket::Status;

    fn refund() -> Macro {
        let at = Timestamp::from_second(1_800_000_000).unwrap();
        Macro {
            id: MacroId::generate(),
            name: Name::parse("Refund approved").unwrap(),
            actions: vec![
                Action::SetStatus(Status::Solved),
                Action::AddTags(vec![Tag::parse("refund").unwrap()]),
            ],
            texts: vec![
                MacroText {
                    language: Language::parse("es").unwrap(),
                    text: "Hola {{customer.first_name}}, el reembolso está aprobado.".into(),
                },
                MacroText {
                    language: Language::english(),
                    text: "Hello {{customer.first_name}}, your refund is approved.".into(),
                },
            ],
            note: false,
            created_at: at,
            updated_at: at,
        }
    }

    #[test]
    fn a_macro_changes_fields_and_offers_text_in_the_ticket_s_language() {
        let refund = refund();
        assert_eq!(refund.validate(), Ok(()));
        let text = |code: &str| refund.text_for(&Language::parse(code).unwrap());
        assert!(text("es-MX").unwrap().starts_with("Hola"));
        assert!(
            text("it").unwrap().starts_with("Hello"),
            "English when there is no Italian"
        );

        let fields = |m: Macro| -> Vec<String> {
            m.validate()
                .unwrap_err()
                .0
                .into_iter()
                .map(|e| e.field)
                .collect()
        };
        let mut wrong = refund.clone();
        wrong.actions.push(Action::Escalate {
            to: EscalateTo::NextTier,
            reason: "x".into(),
        });
        wrong.actions.push(Action::EmailCustomer(vec![MailTemplate {
            language: Language::english(),
            subject: "s".into(),
            text: "t".into(),
        }]));
        wrong.texts[1].language = Language::parse("es").unwrap();
        wrong.texts[1].text = "Hi {{customer.nmae}}".into();
        assert_eq!(
            fields(wrong),
            [
                "actions.2.type",
                "actions.3.type",
                "texts.1.language",
                "texts.1.text"
            ]
        );
        let empty = Macro {
            actions: Vec::new(),
            texts: Vec::new(),
            ..refund
        };
        assert_eq!(fields(empty), ["actions"]);
    }
}
