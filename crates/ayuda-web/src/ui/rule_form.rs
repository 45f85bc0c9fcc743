//! The form of a rule on the administration pages (a trigger, a time-based automation or a macro), as a
//! browser without JavaScript sends it: rows of conditions (`all.0.field`, `all.0.operator`,
//! `all.0.value`) and of actions (`action.0.kind`, `action.0.target`, `action.0.text`), the customer's
//! mail per language (`mail.es.subject`, `mail.es.text`), a webhook address, and a macro's texts
//! (`text.es`). Rows are turned into the use cases' inputs here, and stored rules back into rows; the use
//! cases check everything.
//!
//! An action row has one choice, its target (a status, priority, type, group, agent or "the next tier"),
//! and one line of text (tags, a note, a reason), which covers every kind but mail and webhooks; those
//! have a block of their own, one per rule. A rule made in the API with several mails or webhooks is shown
//! but not changed here, so that saving the form cannot drop any of them.

use std::collections::BTreeMap;

use ayuda_app::automation::{ActionInput, ConditionInput, MailVersionInput};
use ayuda_core::automation::{Action, Condition, ConditionField, EscalateTo};
use ayuda_core::id::{AgentId, GroupId};

/// Which kind of rule a form is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleKind {
    Trigger,
    Automation,
    Macro,
}

impl RuleKind {
    pub const ALL: [RuleKind; 3] = [RuleKind::Trigger, RuleKind::Automation, RuleKind::Macro];

    /// The part of the address after `/agent/admin/rules/`.
    pub fn path(self) -> &'static str {
        match self {
            RuleKind::Trigger => "triggers",
            RuleKind::Automation => "automations",
            RuleKind::Macro => "macros",
        }
    }

    pub fn from_path(path: &str) -> Option<RuleKind> {
        RuleKind::ALL.into_iter().find(|k| k.path() == path)
    }

    /// The kinds of action its rows offer: a macro only changes fields.
    pub fn action_kinds(self) -> &'static [&'static str] {
        match self {
            RuleKind::Macro => &[
                "set_status",
                "set_priority",
                "set_type",
                "set_group",
                "assign",
                "add_tags",
                "remove_tags",
            ],
            RuleKind::Trigger | RuleKind::Automation => &[
                "set_status",
                "set_priority",
                "set_type",
                "set_group",
                "assign",
                "add_tags",
                "remove_tags",
                "notify",
                "escalate",
            ],
        }
    }
}

/// The languages whose mail and texts the form always offers.
pub const FORM_LANGUAGES: [&str; 3] = ["en", "es", "it"];
/// Blank rows shown below the filled ones.
const BLANK_ROWS: usize = 2;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConditionRow {
    pub field: String,
    pub operator: String,
    pub value: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActionRow {
    pub kind: String,
    /// `status:open`, `priority:high`, `type:complaint`, `group:<id>`, `agent:<id>` or `next_tier`.
    pub target: String,
    pub text: String,
}

/// One language's mail to the customer, or (for a macro) its text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LanguageText {
    pub language: String,
    pub subject: String,
    pub text: String,
}

/// The groups and agents by name, to show and read conditions on them by name rather than by id.
#[derive(Debug, Clone, Default)]
pub struct Names {
    pub groups: Vec<(GroupId, String)>,
    pub agents: Vec<(AgentId, String)>,
}

impl Names {
    fn show(&self, field: ConditionField, value: &str) -> String {
        let found = match field {
            ConditionField::Group => self
                .groups
                .iter()
                .find(|(id, _)| id.to_string() == value)
                .map(|(_, name)| name.clone()),
            ConditionField::Assignee => self
                .agents
                .iter()
                .find(|(id, _)| id.to_string() == value)
                .map(|(_, name)| name.clone()),
            _ => None,
        };
        found.unwrap_or_else(|| value.to_owned())
    }

    /// A group's or agent's id for the name typed; what was typed when it names none (the use case then
    /// says it is not a value of the field).
    fn read(&self, field: &str, typed: &str) -> String {
        let typed = typed.trim();
        let same = |name: &String| name.trim().eq_ignore_ascii_case(typed);
        let found = match field {
            "group" => self
                .groups
                .iter()
                .find(|(_, name)| same(name))
                .map(|(id, _)| id.to_string()),
            "assignee" => self
                .agents
                .iter()
                .find(|(_, name)| same(name))
                .map(|(id, _)| id.to_string()),
            _ => None,
        };
        found.unwrap_or_else(|| typed.to_owned())
    }
}

/// A rule as its form shows it.
#[derive(Debug, Clone, Default)]
pub struct RuleForm {
    pub name: String,
    pub position: String,
    pub active: bool,
    /// A trigger's event.
    pub event: String,
    /// An automation's status and wait in hours.
    pub status: String,
    pub idle_hours: String,
    /// Whether a macro's text is an internal note.
    pub note: bool,
    pub all: Vec<ConditionRow>,
    pub any: Vec<ConditionRow>,
    pub actions: Vec<ActionRow>,
    /// The customer's mail (triggers and automations) or the draft's text (macros), per language.
    pub texts: Vec<LanguageText>,
    pub webhook: String,
    /// Set when the rule has more mails or webhooks than the form holds: it is changed in the API only.
    pub api_only: bool,
}

fn condition_row(condition: &Condition, names: &Names) -> ConditionRow {
    ConditionRow {
        field: condition.field.as_str().to_owned(),
        operator: condition.operator.as_str().to_owned(),
        value: names.show(condition.field, &condition.value),
    }
}

fn escalate_target(to: &EscalateTo) -> String {
    match to {
        EscalateTo::NextTier => "next_tier".to_owned(),
        EscalateTo::Group(id) => format!("group:{id}"),
        EscalateTo::Agent(id) => format!("agent:{id}"),
    }
}

fn join_tags(tags: &[ayuda_core::text::Tag]) -> String {
    tags.iter()
        .map(|t| t.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

impl RuleForm {
    /// A new rule's form: active, with blank rows.
    pub fn blank() -> RuleForm {
        RuleForm {
            active: true,
            position: "0".to_owned(),
            ..RuleForm::default()
        }
        .padded()
    }

    /// The rows of stored conditions and actions.
    pub fn with_rule(
        mut self,
        all: &[Condition],
        any: &[Condition],
        actions: &[Action],
        names: &Names,
    ) -> RuleForm {
        self.all = all.iter().map(|c| condition_row(c, names)).collect();
        self.any = any.iter().map(|c| condition_row(c, names)).collect();
        let mut mails = 0;
        let mut webhooks = 0;
        for action in actions {
            let (target, text) = match action {
                Action::SetStatus(s) => (format!("status:{s}"), String::new()),
                Action::SetPriority(p) => (format!("priority:{p}"), String::new()),
                Action::SetType(t) => (format!("type:{t}"), String::new()),
                Action::SetGroup(g) => (format!("group:{g}"), String::new()),
                Action::Assign(a) => (format!("agent:{a}"), String::new()),
                Action::AddTags(tags) | Action::RemoveTags(tags) => {
                    (String::new(), join_tags(tags))
                }
                Action::Notify { agents, note } => {
                    if agents.len() > 1 {
                        self.api_only = true;
                    }
                    let target = agents.first().map(|a| format!("agent:{a}"));
                    (target.unwrap_or_default(), note.clone())
                }
                Action::Escalate { to, reason } => (escalate_target(to), reason.clone()),
                Action::EmailCustomer(templates) => {
                    mails += 1;
                    for template in templates {
                        self.texts.push(LanguageText {
                            language: template.language.as_str().to_owned(),
                            subject: template.subject.clone(),
                            text: template.text.clone(),
                        });
                    }
                    continue;
                }
                Action::Webhook { url } => {
                    webhooks += 1;
                    self.webhook = url.clone();
                    continue;
                }
            };
            self.actions.push(ActionRow {
                kind: action.kind().to_owned(),
                target,
                text,
            });
        }
        self.api_only |= mails > 1 || webhooks > 1;
        self.padded()
    }

    /// Blank rows to add to, and a text for each of the form's languages.
    pub fn padded(mut self) -> RuleForm {
        for rows in [&mut self.all, &mut self.any] {
            rows.retain(|r| !r.field.is_empty());
            rows.extend(std::iter::repeat_n(ConditionRow::default(), BLANK_ROWS));
        }
        self.actions.retain(|r| !r.kind.is_empty());
        self.actions
            .extend(std::iter::repeat_n(ActionRow::default(), BLANK_ROWS + 1));
        for language in FORM_LANGUAGES {
            if !self.texts.iter().any(|t| t.language == language) {
                self.texts.push(LanguageText {
                    language: language.to_owned(),
                    ..LanguageText::default()
                });
            }
        }
        self
    }

    /// The form as submitted.
    pub fn from_pairs(pairs: &[(String, String)]) -> RuleForm {
        let mut form = RuleForm::default();
        let mut all: BTreeMap<usize, ConditionRow> = BTreeMap::new();
        let mut any: BTreeMap<usize, ConditionRow> = BTreeMap::new();
        let mut actions: BTreeMap<usize, ActionRow> = BTreeMap::new();
        let mut texts: BTreeMap<String, LanguageText> = BTreeMap::new();
        for (name, value) in pairs {
            let parts: Vec<&str> = name.splitn(3, '.').collect();
            let value = value.clone();
            match parts.as_slice() {
                ["name"] => form.name = value,
                ["position"] => form.position = value,
                ["active"] => form.active = value == "1",
                ["event"] => form.event = value,
                ["status"] => form.status = value,
                ["idle_hours"] => form.idle_hours = value,
                ["note"] => form.note = value == "1",
                ["webhook"] => form.webhook = value,
                [list @ ("all" | "any"), index, part] => {
                    let Ok(index) = index.parse::<usize>() else {
                        continue;
                    };
                    let rows = if *list == "all" { &mut all } else { &mut any };
                    let row = rows.entry(index).or_default();
                    match *part {
                        "field" => row.field = value,
                        "operator" => row.operator = value,
                        "value" => row.value = value,
                        _ => {}
                    }
                }
                ["action", index, part] => {
                    let Ok(index) = index.parse::<usize>() else {
                        continue;
                    };
                    let row = actions.entry(index).or_default();
                    match *part {
                        "kind" => row.kind = value,
                        "target" => row.target = value,
                        "text" => row.text = value,
                        _ => {}
                    }
                }
                ["mail" | "text", language, rest @ ..] => {
                    let entry =
                        texts
                            .entry((*language).to_owned())
                            .or_insert_with(|| LanguageText {
                                language: (*language).to_owned(),
                                ..LanguageText::default()
                            });
                    match rest {
                        ["subject"] => entry.subject = value,
                        [] | ["text"] => entry.text = value,
                        _ => {}
                    }
                }
                _ => {}
            }
        }
        form.all = all.into_values().collect();
        form.any = any.into_values().collect();
        form.actions = actions.into_values().collect();
        form.texts = texts.into_values().collect();
        form
    }

    /// The conditions typed in: `(all, any)`, blank rows left out.
    pub fn conditions(&self, names: &Names) -> (Vec<ConditionInput>, Vec<ConditionInput>) {
        let read = |rows: &[ConditionRow]| {
            rows.iter()
                .filter(|r| !r.field.trim().is_empty())
                .map(|r| ConditionInput {
                    field: r.field.trim().to_owned(),
                    operator: r.operator.trim().to_owned(),
                    value: names.read(r.field.trim(), &r.value),
                })
                .collect()
        };
        (read(&self.all), read(&self.any))
    }

    /// The actions of the rows, blank rows left out: all a macro has.
    pub fn row_actions(&self) -> Vec<ActionInput> {
        self.actions
            .iter()
            .filter(|r| !r.kind.trim().is_empty())
            .map(action_input)
            .collect()
    }

    /// The actions of the rows, then the mail and the webhook when filled in.
    pub fn actions(&self) -> Vec<ActionInput> {
        let mut inputs = self.row_actions();
        let versions: Vec<MailVersionInput> = self
            .texts
            .iter()
            .filter(|t| !t.subject.trim().is_empty() || !t.text.trim().is_empty())
            .map(|t| MailVersionInput {
                language: t.language.clone(),
                subject: t.subject.clone(),
                text: t.text.clone(),
            })
            .collect();
        if !versions.is_empty() {
            inputs.push(ActionInput {
                kind: "email_customer".into(),
                versions,
                ..ActionInput::default()
            });
        }
        if !self.webhook.trim().is_empty() {
            inputs.push(ActionInput {
                kind: "webhook".into(),
                url: Some(self.webhook.trim().to_owned()),
                ..ActionInput::default()
            });
        }
        inputs
    }

    /// A macro's texts: `(language, text)` of those filled in.
    pub fn macro_texts(&self) -> Vec<(String, String)> {
        self.texts
            .iter()
            .filter(|t| !t.text.trim().is_empty())
            .map(|t| (t.language.clone(), t.text.clone()))
            .collect()
    }
}

/// One action row as the use cases take it: the target and text land where its kind reads them.
fn action_input(row: &ActionRow) -> ActionInput {
    let kind = row.kind.trim().to_owned();
    let target = row.target.trim();
    // The part after `status:`, `group:` and so on: what the kind expects as its value.
    let bare = target
        .split_once(':')
        .map_or(target, |(_, value)| value)
        .to_owned();
    let text = row.text.trim().to_owned();
    let mut input = ActionInput {
        kind: kind.clone(),
        ..ActionInput::default()
    };
    match kind.as_str() {
        "add_tags" | "remove_tags" => {
            input.tags = text
                .split([',', ' '])
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect();
        }
        "notify" => {
            input.agents = if target.starts_with("agent:") {
                vec![bare]
            } else {
                Vec::new()
            };
            input.note = Some(text);
        }
        "escalate" => {
            input.to = Some(if target.is_empty() {
                "next_tier".to_owned()
            } else {
                target.to_owned()
            });
            input.reason = Some(text);
        }
        _ => input.value = Some(bare),
    }
    input
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn rows_become_inputs_and_blank_rows_are_left_out() {
        let group = GroupId::generate();
        let names = Names {
            groups: vec![(group, "Complaints".into())],
            agents: Vec::new(),
        };
        let form = RuleForm::from_pairs(&pairs(&[
            ("name", "Angry customers"),
            ("all.0.field", "group"),
            ("all.0.operator", "is"),
            ("all.0.value", "complaints"),
            ("all.1.field", ""),
            ("any.0.field", "message"),
            ("any.0.operator", "contains"),
            ("any.0.value", "furioso"),
            ("action.0.kind", "set_priority"),
            ("action.0.target", "priority:urgent"),
            ("action.1.kind", "add_tags"),
            ("action.1.text", "angry, vip"),
            ("action.2.kind", "escalate"),
            ("action.2.target", ""),
            ("action.2.text", "Angry"),
            ("action.3.kind", ""),
            ("mail.es.subject", "Lo sentimos"),
            ("mail.es.text", "Hola {{customer.first_name}}"),
            ("mail.en.subject", ""),
            ("webhook", " https://hooks.example/ayuda "),
        ]));
        let (all, any) = form.conditions(&names);
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].value, group.to_string(), "a group is read by name");
        assert_eq!(any[0].value, "furioso");
        let actions = form.actions();
        let kinds: Vec<&str> = actions.iter().map(|a| a.kind.as_str()).collect();
        assert_eq!(
            kinds,
            [
                "set_priority",
                "add_tags",
                "escalate",
                "email_customer",
                "webhook"
            ]
        );
        assert_eq!(actions[0].value.as_deref(), Some("urgent"));
        assert_eq!(actions[1].tags, ["angry", "vip"]);
        assert_eq!(actions[2].to.as_deref(), Some("next_tier"));
        assert_eq!(actions[3].versions.len(), 1, "only the language filled in");
        assert_eq!(actions[3].versions[0].language, "es");
        assert_eq!(
            actions[4].url.as_deref(),
            Some("https://hooks.example/ayuda")
        );
    }

    #[test]
    fn a_stored_rule_shows_as_rows_and_reads_back_the_same() {
        let agent = AgentId::generate();
        let names = Names {
            groups: Vec::new(),
            agents: vec![(agent, "Emma Rossi".into())],
        };
        let all = vec![Condition {
            field: ConditionField::Assignee,
            operator: ayuda_core::automation::Operator::Is,
            value: agent.to_string(),
        }];
        let actions = vec![
            Action::SetStatus(ayuda_core::ticket::Status::Solved),
            Action::Notify {
                agents: vec![agent],
                note: "Solved by the rule".into(),
            },
        ];
        let form = RuleForm::blank().with_rule(&all, &[], &actions, &names);
        assert_eq!(form.all[0].value, "Emma Rossi");
        assert_eq!(form.actions[0].target, "status:solved");
        assert!(!form.api_only);
        let (read, _) = form.conditions(&names);
        assert_eq!(read[0].value, agent.to_string());
        let inputs = form.actions();
        assert_eq!(inputs[0].value.as_deref(), Some("solved"));
        assert_eq!(inputs[1].agents, [agent.to_string()]);
        assert_eq!(inputs[1].note.as_deref(), Some("Solved by the rule"));

        let two_hooks = vec![
            Action::Webhook {
                url: "https://a.example".into(),
            },
            Action::Webhook {
                url: "https://b.example".into(),
            },
        ];
        assert!(
            RuleForm::blank()
                .with_rule(&[], &[], &two_hooks, &names)
                .api_only
        );
    }
}
