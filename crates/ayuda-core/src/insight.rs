//! What Ayuda records about a case for reports and for the agent's eye: the category of the inquiry (and the
//! classifier's suggestion), how frustrated the customer sounds, their satisfaction rating, and counts of
//! what happened to the case (answers, reopenings, escalations), kept up to date from its history.

use std::collections::BTreeMap;

use jiff::Timestamp;

use crate::FieldError;
use crate::event::{Change, TicketEvent};
use crate::id::{AgentId, ContactId, GroupId, SurveyId, TicketCategoryId, TicketId};
use crate::message::{Author, MessageKind};
use crate::text::{Language, Name};
use crate::ticket::Status;

/// A category of inquiries, named in each language it has been given a name in. Categories form a tree
/// (a parent and its subcategories); a retired one stays on the tickets filed under it but is offered no
/// more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketCategory {
    pub id: TicketCategoryId,
    pub parent: Option<TicketCategoryId>,
    /// Order among its siblings, smallest first.
    pub position: i32,
    pub names: BTreeMap<Language, Name>,
    pub active: bool,
    pub created_at: Timestamp,
}

impl TicketCategory {
    /// The name in `language`, else in English, else any.
    pub fn name_in(&self, language: &Language) -> &str {
        self.names
            .get(language)
            .or_else(|| self.names.get(&Language::english()))
            .or_else(|| self.names.values().next())
            .map_or("", Name::as_str)
    }
}

/// The most categories a help desk keeps: enough for a detailed taxonomy, few enough to list on one page
/// and to classify among.
pub const MAX_CATEGORIES: u32 = 500;

/// The longest comment a customer may leave with a rating, in characters.
pub const MAX_SURVEY_COMMENT: usize = 4_000;

/// A satisfaction survey: sent once for a solved ticket, rated once by following its link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Survey {
    pub id: SurveyId,
    pub ticket_id: TicketId,
    pub contact_id: ContactId,
    /// Who handled the ticket when it was solved; the rating shows on them.
    pub agent_id: Option<AgentId>,
    pub group_id: Option<GroupId>,
    pub language: Language,
    pub sent_at: Timestamp,
    pub rating: Option<Rating>,
    pub comment: Option<String>,
    pub rated_at: Option<Timestamp>,
}

/// The category the classifier suggests for a ticket, and how sure it is, in percent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CategorySuggestion {
    pub category_id: TicketCategoryId,
    pub confidence: u8,
}

/// A customer's satisfaction with how a ticket was handled: 1 (very unhappy) to 5 (very happy).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rating(u8);

impl Rating {
    pub const ALL: [Rating; 5] = [Rating(1), Rating(2), Rating(3), Rating(4), Rating(5)];

    pub fn parse(raw: &str) -> Result<Rating, FieldError> {
        raw.trim()
            .parse::<u8>()
            .ok()
            .and_then(Rating::new)
            .ok_or_else(|| FieldError::new("", "must be a rating from 1 to 5"))
    }

    pub fn new(value: u8) -> Option<Rating> {
        (1..=5).contains(&value).then_some(Rating(value))
    }

    pub fn value(self) -> u8 {
        self.0
    }

    /// Whether the customer was satisfied (4 or 5): what the CSAT score counts.
    pub fn is_satisfied(self) -> bool {
        self.0 >= 4
    }
}

/// What Ayuda keeps about a ticket beside its fields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TicketInsight {
    /// The classifier's suggestion when the ticket arrived, kept after an agent chose a category so the
    /// suggestion's accuracy can be measured.
    pub suggested_category: Option<CategorySuggestion>,
    /// The case's frustration score (0-100) as of its latest customer message; `None` before any was scored.
    pub frustration: Option<u8>,
    /// The customer's rating from the satisfaction survey.
    pub satisfaction: Option<Rating>,
    /// Public answers by agents.
    pub agent_replies: u32,
    /// Times the ticket went from solved (or closed) back to work.
    pub reopens: u32,
    pub escalations: u32,
}

impl TicketInsight {
    /// Counts what `events` add: public agent answers, reopenings and escalations. Every ticket write
    /// passes its events through here, so the counts follow the history exactly.
    pub fn record(&mut self, events: &[TicketEvent]) {
        for event in events {
            match &event.change {
                Change::MessageAdded {
                    kind: MessageKind::Reply,
                    internal: false,
                    ..
                } if matches!(event.actor, Author::Agent(_)) => self.agent_replies += 1,
                Change::Field(change) if change.field == "status" => {
                    let from = change.from.as_deref().and_then(|s| Status::parse(s).ok());
                    let to = change.to.as_deref().and_then(|s| Status::parse(s).ok());
                    if from.is_some_and(|s| !s.is_active()) && to.is_some_and(Status::is_active) {
                        self.reopens += 1;
                    }
                }
                Change::Escalated(_) => self.escalations += 1,
                _ => {}
            }
        }
    }

    /// Whether the customer counts as frustrated.
    pub fn is_frustrated(&self) -> bool {
        self.frustration.is_some_and(|s| s >= FRUSTRATED)
    }
}

/// From this frustration score on a customer counts as frustrated (the same threshold `ayuda-insight`
/// scores against).
pub const FRUSTRATED: u8 = 50;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{Escalation, Via};
    use crate::id::{AgentId, ContactId, MessageId, TicketId};
    use crate::ticket::FieldChange;

    fn event(actor: Author, change: Change) -> TicketEvent {
        TicketEvent::new(
            TicketId::generate(),
            actor,
            Via::Ui,
            change,
            Timestamp::UNIX_EPOCH,
        )
    }

    fn message(kind: MessageKind, internal: bool) -> Change {
        Change::MessageAdded {
            message_id: MessageId::generate(),
            kind,
            internal,
        }
    }

    fn status(from: &str, to: &str) -> Change {
        Change::Field(FieldChange {
            field: "status".into(),
            from: Some(from.into()),
            to: Some(to.into()),
        })
    }

    #[test]
    fn counts_public_agent_answers_reopenings_and_escalations_only() {
        let agent = Author::Agent(AgentId::generate());
        let customer = Author::Contact(ContactId::generate());
        let mut insight = TicketInsight::default();
        insight.record(&[
            event(customer, message(MessageKind::Reply, false)),
            event(agent, message(MessageKind::Note, true)),
            event(agent, message(MessageKind::Reply, false)),
            event(agent, message(MessageKind::PhoneCall, false)),
            event(agent, status("open", "solved")),
            event(customer, status("solved", "open")),
            event(agent, status("open", "pending")),
            event(
                agent,
                Change::Escalated(Escalation {
                    moved: "group".into(),
                    from: None,
                    to: None,
                    reason: "tier 2".into(),
                }),
            ),
        ]);
        assert_eq!(insight.agent_replies, 1);
        assert_eq!(insight.reopens, 1);
        assert_eq!(insight.escalations, 1);
        insight.record(&[event(agent, status("closed", "open"))]);
        assert_eq!(insight.reopens, 2);
    }

    #[test]
    fn ratings_run_from_one_to_five_and_four_is_satisfied() {
        assert!(Rating::parse("0").is_err());
        assert!(Rating::parse("6").is_err());
        assert!(Rating::parse("x").is_err());
        assert!(!Rating::parse("3").unwrap().is_satisfied());
        assert!(Rating::parse(" 4 ").unwrap().is_satisfied());
        assert_eq!(Rating::ALL.len(), 5);
    }
}
