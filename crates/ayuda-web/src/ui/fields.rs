//! Custom fields on the ticket page: each ticket field the administrators defined, as the input its kind
//! calls for, and the form's values turned back into changes. Only values the agent changed are sent, so a
//! required field nobody has filled in yet does not stop an agent from changing the status.

use std::collections::BTreeMap;

use ayuda_app::AppError;
use ayuda_core::field::{FieldDefinition, FieldInput, FieldKind, FieldValue};
use ayuda_core::ticket::Ticket;

use super::session::AgentViewer;
use crate::WebState;

/// The prefix of a custom field's input name: `cf.order_number`.
const PREFIX: &str = "cf.";
/// A hidden input per field shown, so an unticked checkbox (which browsers do not send) still counts.
const SHOWN: &str = "cf_shown";

/// A field as the form shows it.
#[derive(Debug)]
pub struct FieldRow {
    pub key: String,
    pub label: String,
    /// `text`, `number`, `date`, `select` or `checkbox`.
    pub kind: &'static str,
    pub options: Vec<String>,
    /// The current value as the input shows it (empty when unset).
    pub value: String,
    pub checked: bool,
    pub required: bool,
}

impl FieldRow {
    /// The input's name.
    pub fn name(&self) -> String {
        format!("{PREFIX}{}", self.key)
    }

    /// The input's id.
    pub fn id(&self) -> String {
        format!("cf-{}", self.key)
    }
}

/// How the input shows `value`.
fn shown(value: Option<&FieldValue>) -> String {
    match value {
        None | Some(FieldValue::Checkbox(_)) => String::new(),
        Some(value) => value.to_string(),
    }
}

async fn definitions(
    state: &WebState,
    viewer: &AgentViewer,
) -> Result<Vec<FieldDefinition>, AppError> {
    state
        .app
        .list_fields(viewer.principal(), Some("ticket"))
        .await
}

/// The ticket's custom fields, in the administrators' order.
pub async fn rows(
    state: &WebState,
    viewer: &AgentViewer,
    ticket: &Ticket,
) -> Result<Vec<FieldRow>, AppError> {
    let mut definitions = definitions(state, viewer).await?;
    definitions.sort_by_key(|d| d.position);
    Ok(definitions
        .into_iter()
        .map(|d| {
            let value = ticket.custom_fields.get(d.key.as_str());
            FieldRow {
                key: d.key.as_str().to_owned(),
                label: d.label.clone(),
                kind: d.kind.as_str(),
                options: d.options.clone(),
                checked: matches!(value, Some(FieldValue::Checkbox(true))),
                value: shown(value),
                required: d.required,
            }
        })
        .collect())
}

/// The custom field changes a submitted form asks for: only fields it showed, only values that differ from
/// the ticket's. `None` when it showed none.
pub async fn changes(
    state: &WebState,
    viewer: &AgentViewer,
    ticket: &Ticket,
    pairs: &[(String, String)],
) -> Result<Option<BTreeMap<String, FieldInput>>, AppError> {
    let shown_keys: Vec<&str> = pairs
        .iter()
        .filter(|(name, _)| name == SHOWN)
        .map(|(_, key)| key.as_str())
        .collect();
    if shown_keys.is_empty() {
        return Ok(None);
    }
    let submitted = |key: &str| {
        pairs
            .iter()
            .find(|(name, _)| name.strip_prefix(PREFIX) == Some(key))
            .map(|(_, value)| value.trim())
    };
    let mut changes = BTreeMap::new();
    for definition in definitions(state, viewer).await? {
        let key = definition.key.as_str();
        if !shown_keys.contains(&key) {
            continue;
        }
        let current = ticket.custom_fields.get(key);
        let input = match definition.kind {
            FieldKind::Checkbox => {
                let ticked = submitted(key).is_some();
                if ticked == matches!(current, Some(FieldValue::Checkbox(true))) {
                    continue;
                }
                FieldInput::Bool(ticked)
            }
            _ => {
                let raw = submitted(key).unwrap_or_default();
                if raw == shown(current) {
                    continue;
                }
                match (definition.kind, raw) {
                    (_, "") => FieldInput::Null,
                    // A number that does not parse is passed on as text, for the field's own message.
                    (FieldKind::Number, raw) => raw
                        .parse()
                        .map_or_else(|_| FieldInput::Text(raw.to_owned()), FieldInput::Number),
                    (_, raw) => FieldInput::Text(raw.to_owned()),
                }
            }
        };
        changes.insert(key.to_owned(), input);
    }
    Ok(Some(changes))
}

/// The value of the first pair named `name`.
pub fn pair<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, value)| value.as_str())
}

/// The hidden input's name.
pub fn shown_name() -> &'static str {
    SHOWN
}
