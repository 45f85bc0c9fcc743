//! What the ticket page shows beside the conversation: the SLA targets and where each stands, the customer
//! panel (the contact, their organization, identities, language and their other tickets on every channel)
//! and the history of every change.

use ayuda_app::AppError;
use ayuda_app::tickets::TicketFilters;
use ayuda_core::event::{Change, TicketEvent};
use ayuda_core::message::Author;
use ayuda_core::ticket::Ticket;

use super::session::AgentViewer;
use crate::WebState;

/// The customer beside a ticket.
#[derive(Debug, Default)]
pub struct CustomerPanel {
    pub name: String,
    /// Kind label and value of each identity: "Email: ana@example.com".
    pub identities: Vec<(String, String)>,
    pub language: String,
    pub organization: Option<String>,
    /// Their other tickets, newest first: number, subject, status label, channel label.
    pub tickets: Vec<(i64, String, String, String)>,
    /// Whether they have more tickets than shown.
    pub more_tickets: bool,
}

/// One SLA target on the ticket page: what it measures and where it stands, in words.
#[derive(Debug)]
pub struct SlaLine {
    pub label: String,
    pub state: String,
    /// `running`, `warned`, `breached`, `met`, `paused` or `waiting`: how the line is marked.
    pub class: &'static str,
}

/// The ticket's SLA targets in the viewer's words and time zone; none when no policy applies.
pub fn sla_lines(
    viewer: &AgentViewer,
    ticket: &Ticket,
    now: ayuda_core::Timestamp,
) -> Vec<SlaLine> {
    let words = &viewer.words;
    let Some(sla) = &ticket.sla else {
        return Vec::new();
    };
    let when = |at| words.datetime(at, &viewer.zone);
    sla.clocks
        .iter()
        .map(|clock| {
            let (class, state) = match (clock.met_at, clock.due_at, clock.started_at) {
                (Some(met), ..) if clock.breached_at.is_some() => {
                    ("breached", words.t1("sla-met-late", "when", &when(met)))
                }
                (Some(met), ..) => ("met", words.t1("sla-met", "when", &when(met))),
                (None, Some(due), _) if clock.breached_at.is_some() || due <= now => {
                    ("breached", words.t1("sla-breached", "when", &when(due)))
                }
                (None, Some(due), _) if clock.warned_at.is_some() => {
                    ("warned", words.t1("sla-due", "when", &when(due)))
                }
                (None, Some(due), _) => ("running", words.t1("sla-due", "when", &when(due))),
                (None, None, Some(_)) => ("paused", words.t("sla-paused")),
                (None, None, None) => ("waiting", words.t("sla-not-started")),
            };
            SlaLine {
                label: words.t(&format!("sla-metric-{}", clock.metric)),
                state,
                class,
            }
        })
        .collect()
}

/// How many other tickets the panel lists.
const OTHER_TICKETS: u32 = 10;

pub async fn customer_panel(
    state: &WebState,
    viewer: &AgentViewer,
    ticket: &Ticket,
) -> Result<CustomerPanel, AppError> {
    let words = viewer.words;
    let Some(contact) = state.app.store().get_contact(ticket.requester_id).await? else {
        return Ok(CustomerPanel::default());
    };
    let organization = match contact.organization_id {
        Some(id) => state
            .app
            .store()
            .get_organization(id)
            .await?
            .map(|o| o.name.as_str().to_owned()),
        None => None,
    };
    let others = state
        .app
        .list_tickets(
            viewer.principal(),
            TicketFilters {
                requester_id: Some(contact.id.to_string()),
                limit: Some(OTHER_TICKETS + 1),
                ..TicketFilters::default()
            },
        )
        .await?;
    let mut tickets: Vec<_> = others
        .items
        .iter()
        .filter(|other| other.id != ticket.id)
        .map(|other| {
            (
                other.number.0,
                other.subject.as_str().to_owned(),
                words.t(&format!("status-{}", other.status)),
                words.t(&format!("channel-{}", other.channel)),
            )
        })
        .collect();
    let more_tickets = tickets.len() > OTHER_TICKETS as usize || others.next_cursor.is_some();
    tickets.truncate(OTHER_TICKETS as usize);
    Ok(CustomerPanel {
        name: contact.name.as_str().to_owned(),
        identities: contact
            .identities
            .iter()
            .map(|identity| {
                (
                    words.t(&format!("identity-{}", identity.kind.as_str())),
                    identity.value.clone(),
                )
            })
            .collect(),
        language: {
            let code = contact
                .language
                .as_ref()
                .unwrap_or(&ticket.language)
                .to_string();
            // A language the interface speaks is named in itself; any other by its code.
            ayuda_i18n::Locale::from_tag(&code)
                .map(|l| l.native_name().to_owned())
                .unwrap_or(code)
        },
        organization,
        tickets,
        more_tickets,
    })
}

/// One line of a ticket's history: when, who, what.
#[derive(Debug)]
pub struct HistoryLine {
    pub when: String,
    pub who: String,
    pub what: String,
}

/// The newest entries of the history shown on the page.
const HISTORY_LINES: u32 = 100;

pub async fn history(
    state: &WebState,
    viewer: &AgentViewer,
    ticket: &Ticket,
) -> Result<Vec<HistoryLine>, AppError> {
    let words = viewer.words;
    let events = state
        .app
        .history(viewer.principal(), ticket.id, None, Some(HISTORY_LINES))
        .await?
        .items;
    let mut lines = Vec::with_capacity(events.len());
    for event in &events {
        lines.push(HistoryLine {
            when: words.datetime(event.at, &viewer.zone),
            who: actor_name(state, viewer, event).await,
            what: describe(state, viewer, &event.change).await,
        });
    }
    Ok(lines)
}

async fn actor_name(state: &WebState, viewer: &AgentViewer, event: &TicketEvent) -> String {
    match event.actor {
        Author::Agent(id) => match state.app.store().get_agent(id).await {
            Ok(Some(agent)) => agent.name.as_str().to_owned(),
            _ => String::new(),
        },
        Author::Contact(id) => match state.app.store().get_contact(id).await {
            Ok(Some(contact)) => contact.name.as_str().to_owned(),
            _ => String::new(),
        },
        Author::System => viewer.words.t("history-system"),
    }
}

/// A field's value as a reader knows it: translated statuses and priorities, names for ids.
async fn value_name(state: &WebState, viewer: &AgentViewer, field: &str, value: &str) -> String {
    let words = viewer.words;
    let store = state.app.store();
    match field {
        "status" | "priority" => words.t(&format!("{field}-{value}")),
        "type" | "ticket_type" => words.t(&format!("type-{value}")),
        "assignee_id" | "assignee" => match value.parse() {
            Ok(id) => match store.get_agent(id).await {
                Ok(Some(agent)) => agent.name.as_str().to_owned(),
                _ => value.to_owned(),
            },
            Err(_) => value.to_owned(),
        },
        "group_id" | "group" => match value.parse() {
            Ok(id) => match store.get_group(id).await {
                Ok(Some(group)) => group.name.as_str().to_owned(),
                _ => value.to_owned(),
            },
            Err(_) => value.to_owned(),
        },
        _ => value.to_owned(),
    }
}

async fn describe(state: &WebState, viewer: &AgentViewer, change: &Change) -> String {
    let words = viewer.words;
    match change {
        Change::Created => words.t("history-created"),
        Change::MessageAdded { kind, .. } => {
            words.t1("history-message", "kind", &words.t(&format!("kind-{kind}")))
        }
        Change::Field(field) => {
            let name = field.field.as_str();
            let label = match name {
                "status" | "priority" | "subject" | "tags" | "language" => {
                    words.t(&format!("field-{name}"))
                }
                "type" | "ticket_type" => words.t("field-type"),
                "assignee_id" | "assignee" => words.t("field-assignee"),
                "group_id" | "group" => words.t("field-group"),
                other => other.to_owned(),
            };
            let empty = words.t("history-empty-value");
            let from = match &field.from {
                Some(v) => value_name(state, viewer, name, v).await,
                None => empty.clone(),
            };
            let to = match &field.to {
                Some(v) => value_name(state, viewer, name, v).await,
                None => empty,
            };
            words.t_with(
                "history-field",
                &[
                    ayuda_i18n::Arg::text("field", label),
                    ayuda_i18n::Arg::text("from", from),
                    ayuda_i18n::Arg::text("to", to),
                ],
            )
        }
        Change::Sla {
            metric,
            alert,
            due_at,
        } => words.t_with(
            &format!("history-sla-{alert}"),
            &[
                ayuda_i18n::Arg::text("metric", words.t(&format!("sla-metric-{metric}"))),
                ayuda_i18n::Arg::text("due", words.datetime(*due_at, &viewer.zone)),
            ],
        ),
        Change::Escalated(escalation) => {
            let to = match &escalation.to {
                Some(v) => value_name(state, viewer, &escalation.moved, v).await,
                None => words.t("history-empty-value"),
            };
            words.t_with(
                "history-escalated",
                &[
                    ayuda_i18n::Arg::text("to", to),
                    ayuda_i18n::Arg::text("reason", escalation.reason.clone()),
                ],
            )
        }
    }
}
