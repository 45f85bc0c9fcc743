//! How list- and map-shaped values are kept in one database column, as JSON text, identically in every
//! backend: custom field values, ticket links, tags, and an agent's skills and languages. Also the lookup
//! keys that make group names and agent emails unique case-insensitively ([`lookup_key`]). Service-level
//! values (SLA clocks, calendars, policy conditions) are in [`service_level`].
//!
//! Custom field values are tagged with their kind (`{"t":"date","v":"2026-03-31"}`) because a bare string
//! could be text, a select option or a date; reading back must not depend on the current definitions.

use std::collections::BTreeMap;

use ayuda_core::event::{Change, Escalation};
use ayuda_core::field::FieldValue;
use ayuda_core::id::{MessageId, TicketId};
use ayuda_core::message::MessageKind;
use ayuda_core::sla::{SlaAlert, SlaMetric};
use ayuda_core::text::{Language, Tag};
use ayuda_core::ticket::{FieldChange, LinkKind, TicketLink};
use serde_json::{Value, json};

pub mod automation;
pub mod insight;
pub mod report;
pub mod routing;
pub mod service_level;

/// A stored value that does not decode: the database holds something Ayuda did not write.
#[derive(Debug, thiserror::Error)]
#[error("corrupt stored value in {column}: {detail}")]
pub struct CorruptValue {
    pub column: &'static str,
    pub detail: String,
}

impl From<CorruptValue> for crate::StoreError {
    fn from(error: CorruptValue) -> crate::StoreError {
        crate::StoreError::backend(error)
    }
}

fn corrupt(column: &'static str, detail: impl ToString) -> CorruptValue {
    CorruptValue {
        column,
        detail: detail.to_string(),
    }
}

pub fn encode_fields(fields: &BTreeMap<String, FieldValue>) -> String {
    let map: serde_json::Map<String, Value> = fields
        .iter()
        .map(|(key, value)| {
            let tagged = match value {
                FieldValue::Text(text) => json!({"t": "text", "v": text}),
                FieldValue::Number(n) => json!({"t": "number", "v": n}),
                FieldValue::Date(d) => json!({"t": "date", "v": d.to_string()}),
                FieldValue::Select(option) => json!({"t": "select", "v": option}),
                FieldValue::Checkbox(b) => json!({"t": "checkbox", "v": b}),
            };
            (key.clone(), tagged)
        })
        .collect();
    Value::Object(map).to_string()
}

pub fn decode_fields(text: &str) -> Result<BTreeMap<String, FieldValue>, CorruptValue> {
    const COLUMN: &str = "custom_fields";
    let map: BTreeMap<String, Value> =
        serde_json::from_str(text).map_err(|e| corrupt(COLUMN, e))?;
    map.into_iter()
        .map(|(key, tagged)| {
            let kind = tagged.get("t").and_then(Value::as_str).unwrap_or_default();
            let value = tagged.get("v").unwrap_or(&Value::Null);
            let string = || {
                value
                    .as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| corrupt(COLUMN, &key))
            };
            let decoded = match kind {
                "text" => FieldValue::Text(string()?),
                "select" => FieldValue::Select(string()?),
                "number" => {
                    FieldValue::Number(value.as_f64().ok_or_else(|| corrupt(COLUMN, &key))?)
                }
                "checkbox" => {
                    FieldValue::Checkbox(value.as_bool().ok_or_else(|| corrupt(COLUMN, &key))?)
                }
                "date" => FieldValue::Date(string()?.parse().map_err(|e| corrupt(COLUMN, e))?),
                other => return Err(corrupt(COLUMN, format!("unknown kind {other:?} for {key}"))),
            };
            Ok((key, decoded))
        })
        .collect()
}

pub fn encode_links(links: &[TicketLink]) -> String {
    Value::Array(
        links
            .iter()
            .map(|l| json!({"ticket_id": l.ticket_id.to_string(), "kind": l.kind.as_str()}))
            .collect(),
    )
    .to_string()
}

pub fn decode_links(text: &str) -> Result<Vec<TicketLink>, CorruptValue> {
    const COLUMN: &str = "links";
    let items: Vec<BTreeMap<String, String>> =
        serde_json::from_str(text).map_err(|e| corrupt(COLUMN, e))?;
    items
        .iter()
        .map(|item| {
            let id = item
                .get("ticket_id")
                .ok_or_else(|| corrupt(COLUMN, "no ticket_id"))?;
            let kind = item.get("kind").ok_or_else(|| corrupt(COLUMN, "no kind"))?;
            Ok(TicketLink {
                ticket_id: id.parse::<TicketId>().map_err(|e| corrupt(COLUMN, e))?,
                kind: LinkKind::parse(kind).map_err(|e| corrupt(COLUMN, e))?,
            })
        })
        .collect()
}

/// A list of strings, such as tags, skills or languages.
pub fn encode_strings<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    Value::Array(
        items
            .into_iter()
            .map(|s| Value::String(s.to_owned()))
            .collect(),
    )
    .to_string()
}

pub fn decode_strings(column: &'static str, text: &str) -> Result<Vec<String>, CorruptValue> {
    serde_json::from_str(text).map_err(|e| corrupt(column, e))
}

/// A list of email addresses (an outbox mail's recipients).
pub fn decode_addresses(
    column: &'static str,
    text: &str,
) -> Result<Vec<ayuda_core::contact::EmailAddress>, CorruptValue> {
    decode_strings(column, text)?
        .iter()
        .map(|a| ayuda_core::contact::EmailAddress::parse(a).map_err(|e| corrupt(column, e)))
        .collect()
}

pub fn decode_tags(text: &str) -> Result<Vec<Tag>, CorruptValue> {
    decode_strings("tags", text)?
        .iter()
        .map(|t| Tag::parse(t).map_err(|e| corrupt("tags", e)))
        .collect()
}

pub fn decode_languages(text: &str) -> Result<Vec<Language>, CorruptValue> {
    decode_strings("languages", text)?
        .iter()
        .map(|l| Language::parse(l).map_err(|e| corrupt("languages", e)))
        .collect()
}

/// A history entry's change as the columns of `ticket_event`, identically in every backend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeColumns {
    pub kind: &'static str,
    pub field: Option<String>,
    pub from_value: Option<String>,
    pub to_value: Option<String>,
    pub message_id: Option<MessageId>,
    pub message_kind: Option<&'static str>,
    pub internal: bool,
    pub detail: Option<String>,
}

impl ChangeColumns {
    pub fn of(change: &Change) -> ChangeColumns {
        let none = ChangeColumns {
            kind: "created",
            field: None,
            from_value: None,
            to_value: None,
            message_id: None,
            message_kind: None,
            internal: false,
            detail: None,
        };
        match change {
            Change::Created => none,
            Change::Field(FieldChange { field, from, to }) => ChangeColumns {
                kind: "field",
                field: Some(field.clone()),
                from_value: from.clone(),
                to_value: to.clone(),
                ..none
            },
            Change::MessageAdded {
                message_id,
                kind,
                internal,
            } => ChangeColumns {
                kind: "message_added",
                message_id: Some(*message_id),
                message_kind: Some(kind.as_str()),
                internal: *internal,
                ..none
            },
            Change::Sla {
                metric,
                alert,
                due_at,
            } => ChangeColumns {
                kind: "sla",
                field: Some(metric.as_str().to_owned()),
                from_value: Some(due_at.to_string()),
                to_value: Some(alert.as_str().to_owned()),
                ..none
            },
            Change::Escalated(escalation) => ChangeColumns {
                kind: "escalated",
                field: Some(escalation.moved.clone()),
                from_value: escalation.from.clone(),
                to_value: escalation.to.clone(),
                detail: Some(escalation.reason.clone()),
                ..none
            },
        }
    }
}

/// The change a `ticket_event` row holds, from its columns as read.
pub fn decode_change(
    kind: &str,
    field: Option<String>,
    from_value: Option<String>,
    to_value: Option<String>,
    message: Option<(MessageId, &str)>,
    internal: bool,
    detail: Option<String>,
) -> Result<Change, CorruptValue> {
    const COLUMN: &str = "ticket_event";
    Ok(match (kind, field, message) {
        ("created", ..) => Change::Created,
        ("field", Some(field), _) => Change::Field(FieldChange {
            field,
            from: from_value,
            to: to_value,
        }),
        ("message_added", _, Some((message_id, message_kind))) => Change::MessageAdded {
            message_id,
            kind: MessageKind::parse(message_kind).map_err(|e| corrupt(COLUMN, e))?,
            internal,
        },
        ("sla", Some(metric), _) => Change::Sla {
            metric: SlaMetric::parse(&metric).map_err(|e| corrupt(COLUMN, e))?,
            alert: SlaAlert::parse(to_value.as_deref().unwrap_or_default())
                .map_err(|e| corrupt(COLUMN, e))?,
            due_at: from_value
                .as_deref()
                .unwrap_or_default()
                .parse()
                .map_err(|e| corrupt(COLUMN, e))?,
        },
        ("escalated", Some(moved), _) => Change::Escalated(Escalation {
            moved,
            from: from_value,
            to: to_value,
            reason: detail.unwrap_or_default(),
        }),
        (other, ..) => return Err(corrupt(COLUMN, format!("incomplete {other:?} event"))),
    })
}

/// The key a group name or agent email is unique and looked up by: its Unicode lowercase form, so "Ñandú"
/// and "ñandú" share one. Every backend stores this (`agent_group.name_key`, `agent.email_key`) instead of
/// folding case in SQL, because SQLite's `NOCASE` folds ASCII letters only and PostgreSQL's `lower()`
/// depends on the database's collation: computed here, the backends agree on what is a duplicate.
pub fn lookup_key(text: &str) -> String {
    text.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_keys_fold_every_letter() {
        assert_eq!(lookup_key("Ñandú"), lookup_key("ñandú"));
        assert_eq!(lookup_key("ÉLISE@x.example"), "élise@x.example");
        assert_eq!(lookup_key("Billing"), "billing");
        assert_ne!(lookup_key("eva_m@x.example"), lookup_key("evaxm@x.example"));
    }

    #[test]
    fn custom_fields_round_trip_with_their_kinds() {
        let mut fields = BTreeMap::new();
        fields.insert("a".to_owned(), FieldValue::Text("2026-03-31".into()));
        fields.insert(
            "b".to_owned(),
            FieldValue::Date(jiff::civil::date(2026, 3, 31)),
        );
        fields.insert("c".to_owned(), FieldValue::Select("red".into()));
        fields.insert("d".to_owned(), FieldValue::Number(2.5));
        fields.insert("e".to_owned(), FieldValue::Checkbox(true));
        assert_eq!(decode_fields(&encode_fields(&fields)).unwrap(), fields);
        assert!(decode_fields(r#"{"a":{"t":"blob","v":1}}"#).is_err());
    }

    #[test]
    fn links_round_trip() {
        let links = vec![TicketLink {
            ticket_id: TicketId::generate(),
            kind: LinkKind::FollowUp,
        }];
        assert_eq!(decode_links(&encode_links(&links)).unwrap(), links);
    }
}
