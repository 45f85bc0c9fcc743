//! Triggers' conditions and actions as both backends keep them: JSON text, written and read here once.
//!
//! Conditions: `{"all": [c, ...], "any": [c, ...]}` with each `c` as `{"field", "operator", "value"}`.
//! Actions: a list of objects tagged by `type` (the action's [`Action::kind`]): `{"type": "set_status",
//! "value": "open"}`, `{"type": "assign", "value": "<agent id>"}`, `{"type": "add_tags", "tags": [...]}`,
//! `{"type": "notify", "agents": [...], "note": "..."}`, `{"type": "escalate", "to": "next_tier" |
//! "group:<id>" | "agent:<id>", "reason": "..."}`, `{"type": "email_customer", "versions": [{"language",
//! "subject", "text"}, ...]}`, `{"type": "webhook", "url": "https://..."}`.

use ayuda_core::automation::{
    Action, Condition, ConditionField, EscalateTo, MailTemplate, Operator,
};
use ayuda_core::id::{AgentId, GroupId};
use ayuda_core::macros::MacroText;
use ayuda_core::text::{Language, Tag};
use ayuda_core::ticket::{Priority, Status, TicketType};
use serde_json::{Value, json};

use super::{CorruptValue, corrupt};

fn encode_condition(c: &Condition) -> Value {
    json!({"field": c.field.as_str(), "operator": c.operator.as_str(), "value": c.value})
}

pub fn encode_conditions(all: &[Condition], any: &[Condition]) -> String {
    json!({
        "all": all.iter().map(encode_condition).collect::<Vec<_>>(),
        "any": any.iter().map(encode_condition).collect::<Vec<_>>(),
    })
    .to_string()
}

fn text<'a>(value: &'a Value, key: &str) -> Result<&'a str, CorruptValue> {
    value[key]
        .as_str()
        .ok_or_else(|| corrupt("automation", format!("{key} is missing")))
}

fn decode_condition(value: &Value) -> Result<Condition, CorruptValue> {
    Ok(Condition {
        field: ConditionField::parse(text(value, "field")?)
            .map_err(|e| corrupt("conditions", e))?,
        operator: Operator::parse(text(value, "operator")?)
            .map_err(|e| corrupt("conditions", e))?,
        value: text(value, "value")?.to_owned(),
    })
}

/// The `all` and `any` lists.
pub fn decode_conditions(raw: &str) -> Result<(Vec<Condition>, Vec<Condition>), CorruptValue> {
    let value: Value = serde_json::from_str(raw).map_err(|e| corrupt("conditions", e))?;
    let list = |key: &str| -> Result<Vec<Condition>, CorruptValue> {
        value[key]
            .as_array()
            .map(|items| items.iter().map(decode_condition).collect())
            .unwrap_or_else(|| Ok(Vec::new()))
    };
    Ok((list("all")?, list("any")?))
}

fn ids<T: ToString>(ids: &[T]) -> Vec<String> {
    ids.iter().map(ToString::to_string).collect()
}

fn encode_action(action: &Action) -> Value {
    let kind = action.kind();
    match action {
        Action::SetStatus(s) => json!({"type": kind, "value": s.as_str()}),
        Action::SetPriority(p) => json!({"type": kind, "value": p.as_str()}),
        Action::SetType(t) => json!({"type": kind, "value": t.as_str()}),
        Action::SetGroup(g) => json!({"type": kind, "value": g.to_string()}),
        Action::Assign(a) => json!({"type": kind, "value": a.to_string()}),
        Action::AddTags(tags) | Action::RemoveTags(tags) => {
            json!({"type": kind, "tags": tags.iter().map(Tag::as_str).collect::<Vec<_>>()})
        }
        Action::Notify { agents, note } => {
            json!({"type": kind, "agents": ids(agents), "note": note})
        }
        Action::Escalate { to, reason } => {
            json!({"type": kind, "to": escalate_to_text(to), "reason": reason})
        }
        Action::Webhook { url } => json!({"type": kind, "url": url}),
        Action::EmailCustomer(templates) => json!({
            "type": kind,
            "versions": templates
                .iter()
                .map(|t| json!({"language": t.language.as_str(), "subject": t.subject, "text": t.text}))
                .collect::<Vec<_>>(),
        }),
    }
}

/// `next_tier`, `group:<id>` or `agent:<id>`.
pub fn escalate_to_text(to: &EscalateTo) -> String {
    match to {
        EscalateTo::NextTier => "next_tier".to_owned(),
        EscalateTo::Group(g) => format!("group:{g}"),
        EscalateTo::Agent(a) => format!("agent:{a}"),
    }
}

/// Reads what [`escalate_to_text`] writes; `None` for anything else.
pub fn parse_escalate_to(raw: &str) -> Option<EscalateTo> {
    match raw.trim().split_once(':') {
        None if raw.trim() == "next_tier" => Some(EscalateTo::NextTier),
        Some(("group", id)) => id.parse().ok().map(EscalateTo::Group),
        Some(("agent", id)) => id.parse().ok().map(EscalateTo::Agent),
        _ => None,
    }
}

pub fn encode_actions(actions: &[Action]) -> String {
    Value::Array(actions.iter().map(encode_action).collect()).to_string()
}

fn decode_action(value: &Value) -> Result<Action, CorruptValue> {
    let bad = |e: &dyn ToString| corrupt("actions", e.to_string());
    let strings = |key: &str| -> Vec<&str> {
        value[key]
            .as_array()
            .map(|items| items.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    };
    let tags = || -> Result<Vec<Tag>, CorruptValue> {
        strings("tags")
            .into_iter()
            .map(|t| Tag::parse(t).map_err(|e| bad(&e)))
            .collect()
    };
    let kind = text(value, "type")?;
    Ok(match kind {
        "set_status" => {
            Action::SetStatus(Status::parse(text(value, "value")?).map_err(|e| bad(&e))?)
        }
        "set_priority" => {
            Action::SetPriority(Priority::parse(text(value, "value")?).map_err(|e| bad(&e))?)
        }
        "set_type" => {
            Action::SetType(TicketType::parse(text(value, "value")?).map_err(|e| bad(&e))?)
        }
        "set_group" => Action::SetGroup(
            text(value, "value")?
                .parse::<GroupId>()
                .map_err(|_| bad(&"a group id"))?,
        ),
        "assign" => Action::Assign(
            text(value, "value")?
                .parse::<AgentId>()
                .map_err(|_| bad(&"an agent id"))?,
        ),
        "add_tags" => Action::AddTags(tags()?),
        "remove_tags" => Action::RemoveTags(tags()?),
        "notify" => Action::Notify {
            agents: strings("agents")
                .into_iter()
                .map(|a| a.parse::<AgentId>().map_err(|_| bad(&"an agent id")))
                .collect::<Result<_, _>>()?,
            note: text(value, "note")?.to_owned(),
        },
        "escalate" => Action::Escalate {
            to: parse_escalate_to(text(value, "to")?)
                .ok_or_else(|| bad(&"an escalation target"))?,
            reason: text(value, "reason")?.to_owned(),
        },
        "webhook" => Action::Webhook {
            url: text(value, "url")?.to_owned(),
        },
        "email_customer" => Action::EmailCustomer(
            value["versions"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .map(|v| {
                    Ok(MailTemplate {
                        language: Language::parse(text(v, "language")?).map_err(|e| bad(&e))?,
                        subject: text(v, "subject")?.to_owned(),
                        text: text(v, "text")?.to_owned(),
                    })
                })
                .collect::<Result<_, CorruptValue>>()?,
        ),
        other => return Err(bad(&format!("unknown action {other}"))),
    })
}

pub fn decode_actions(raw: &str) -> Result<Vec<Action>, CorruptValue> {
    let value: Value = serde_json::from_str(raw).map_err(|e| corrupt("actions", e))?;
    value
        .as_array()
        .ok_or_else(|| corrupt("actions", "not a list"))?
        .iter()
        .map(decode_action)
        .collect()
}

/// A macro's texts: `[{"language": "es", "text": "..."}, ...]`.
pub fn encode_macro_texts(texts: &[MacroText]) -> String {
    Value::Array(
        texts
            .iter()
            .map(|t| json!({"language": t.language.as_str(), "text": t.text}))
            .collect(),
    )
    .to_string()
}

pub fn decode_macro_texts(raw: &str) -> Result<Vec<MacroText>, CorruptValue> {
    let value: Value = serde_json::from_str(raw).map_err(|e| corrupt("texts", e))?;
    value
        .as_array()
        .ok_or_else(|| corrupt("texts", "not a list"))?
        .iter()
        .map(|t| {
            Ok(MacroText {
                language: Language::parse(text(t, "language")?).map_err(|e| corrupt("texts", e))?,
                text: text(t, "text")?.to_owned(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_and_conditions_read_back_as_written() {
        let agent = AgentId::generate();
        let group = GroupId::generate();
        let actions = vec![
            Action::SetStatus(Status::Pending),
            Action::SetPriority(Priority::Urgent),
            Action::SetType(TicketType::Problem),
            Action::SetGroup(group),
            Action::Assign(agent),
            Action::AddTags(vec![Tag::parse("vip").unwrap()]),
            Action::RemoveTags(vec![Tag::parse("spam").unwrap()]),
            Action::Notify {
                agents: vec![agent],
                note: "Look at this".into(),
            },
            Action::Escalate {
                to: EscalateTo::NextTier,
                reason: "Breached".into(),
            },
            Action::Escalate {
                to: EscalateTo::Group(group),
                reason: "Premium".into(),
            },
            Action::Escalate {
                to: EscalateTo::Agent(agent),
                reason: "Ask her".into(),
            },
            Action::Webhook {
                url: "https://crm.example/hooks/ayuda".into(),
            },
            Action::EmailCustomer(vec![MailTemplate {
                language: Language::parse("es").unwrap(),
                subject: "Sobre {{ticket.subject}}".into(),
                text: "Hola {{customer.first_name}}".into(),
            }]),
        ];
        assert_eq!(decode_actions(&encode_actions(&actions)).unwrap(), actions);
        let all = vec![Condition {
            field: ConditionField::Priority,
            operator: Operator::Is,
            value: "urgent".into(),
        }];
        let any = vec![Condition {
            field: ConditionField::Message,
            operator: Operator::Contains,
            value: "lawyer".into(),
        }];
        assert_eq!(
            decode_conditions(&encode_conditions(&all, &any)).unwrap(),
            (all, any)
        );
        assert!(decode_actions(r#"[{"type": "launch_rockets"}]"#).is_err());
    }
}
