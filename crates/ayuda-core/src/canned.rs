//! Canned responses: reply text an agent inserts with one click, in the customer's language when a version
//! in it exists, with placeholders filled from the ticket (`{{customer.name}}`, `{{ticket.number}}`, …).

use jiff::Timestamp;

use crate::FieldError;
use crate::id::CannedResponseId;
use crate::text::{Language, Name};

/// The longest text of a canned response, in characters.
pub const MAX_BODY_CHARS: usize = 20_000;

/// A canned response in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CannedResponse {
    pub id: CannedResponseId,
    /// What agents pick it by; versions of one response in several languages share the name.
    pub name: Name,
    pub language: Language,
    pub body: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// The placeholders a canned response may use, each with what fills it.
pub const PLACEHOLDERS: [&str; 6] = [
    "customer.name",
    "customer.first_name",
    "ticket.number",
    "ticket.subject",
    "agent.name",
    "agent.first_name",
];

/// The values that fill the placeholders for one ticket and agent.
#[derive(Debug, Clone, Default)]
pub struct PlaceholderValues {
    pub customer_name: String,
    pub ticket_number: i64,
    pub ticket_subject: String,
    pub agent_name: String,
}

/// Checks a body: not empty, not too long, and every `{{…}}` a known placeholder (a typo would reach the
/// customer as it is).
pub fn parse_body(raw: &str) -> Result<String, FieldError> {
    let body = raw.trim().replace("\r\n", "\n");
    if body.is_empty() {
        return Err(FieldError::new("", "must not be empty"));
    }
    if body.chars().count() > MAX_BODY_CHARS {
        return Err(FieldError::new(
            "",
            format!("must have at most {MAX_BODY_CHARS} characters"),
        ));
    }
    let mut rest = body.as_str();
    while let Some(start) = rest.find("{{") {
        let Some(end) = rest[start..].find("}}") else {
            return Err(FieldError::new("", "has a `{{` without its `}}`"));
        };
        let name = rest[start + 2..start + end].trim();
        if !PLACEHOLDERS.contains(&name) {
            return Err(FieldError::new(
                "",
                format!(
                    "uses the unknown placeholder {{{{{name}}}}}; known: {}",
                    PLACEHOLDERS.join(", ")
                ),
            ));
        }
        rest = &rest[start + end + 2..];
    }
    Ok(body)
}

fn first_name(name: &str) -> &str {
    name.split_whitespace().next().unwrap_or(name)
}

/// The body with its placeholders filled.
pub fn fill(body: &str, values: &PlaceholderValues) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find("}}") else {
            out.push_str(&rest[start..]);
            return out;
        };
        let name = rest[start + 2..start + end].trim();
        match name {
            "customer.name" => out.push_str(&values.customer_name),
            "customer.first_name" => out.push_str(first_name(&values.customer_name)),
            "ticket.number" => out.push_str(&values.ticket_number.to_string()),
            "ticket.subject" => out.push_str(&values.ticket_subject),
            "agent.name" => out.push_str(&values.agent_name),
            "agent.first_name" => out.push_str(first_name(&values.agent_name)),
            _ => out.push_str(&rest[start..start + end + 2]),
        }
        rest = &rest[start + end + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_checked_and_filled() {
        let body = parse_body(
            "Hola {{customer.first_name}},\r\nsobre el ticket {{ ticket.number }}: {{ticket.subject}}.\n{{agent.name}}",
        )
        .unwrap();
        let values = PlaceholderValues {
            customer_name: "Carmen López".into(),
            ticket_number: 1042,
            ticket_subject: "Pedido 4411".into(),
            agent_name: "Ana Ruiz".into(),
        };
        assert_eq!(
            fill(&body, &values),
            "Hola Carmen,\nsobre el ticket 1042: Pedido 4411.\nAna Ruiz"
        );
        assert!(parse_body("Hola {{customer.nmae}}").is_err());
        assert!(parse_body("Hola {{customer.name").is_err());
        assert!(parse_body("   ").is_err());
        assert!(parse_body(&"x".repeat(MAX_BODY_CHARS + 1)).is_err());
        // Braces that are not placeholders stay as they are.
        assert_eq!(fill("a { b } c", &values), "a { b } c");
    }
}
