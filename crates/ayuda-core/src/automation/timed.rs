//! Time-based automations: rules that act on tickets which have waited in a status, unchanged, for a
//! while ("pending for five days: remind the customer; two days after that: solve").
//!
//! An automation must change something that stops it from matching the same ticket again (another
//! status, or a tag its conditions rule out), so it acts once per wait; and its changes move the ticket's
//! last change to now, which starts any next wait afresh. Several app nodes running them at once still
//! act once: each change goes through the ticket's version.

use jiff::{SignedDuration, Timestamp};

use super::{Action, Condition, ConditionField, Facts, Operator};
use crate::error::{FieldError, Invalid};
use crate::id::TimedRuleId;
use crate::text::Name;
use crate::ticket::Status;

/// The shortest and the longest wait an automation may look for.
pub const MIN_IDLE: SignedDuration = SignedDuration::from_hours(1);
pub const MAX_IDLE: SignedDuration = SignedDuration::from_hours(366 * 24);
/// The most automations an installation keeps.
pub const MAX_TIMED_RULES: u32 = 200;

/// A time-based automation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimedRule {
    pub id: TimedRuleId,
    pub name: Name,
    /// Automations run lowest first.
    pub position: i32,
    pub active: bool,
    /// Tickets in this status...
    pub status: Status,
    /// ...that nothing has changed for at least this long.
    pub idle_for: SignedDuration,
    pub all: Vec<Condition>,
    pub any: Vec<Condition>,
    pub actions: Vec<Action>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl TimedRule {
    /// Checks sizes, values, the wait, and that the actions stop the rule from matching again.
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut invalid = Invalid::default();
        if !(MIN_IDLE..=MAX_IDLE).contains(&self.idle_for) {
            invalid.push(FieldError::new(
                "idle_hours",
                "must be from 1 hour to 366 days",
            ));
        }
        super::check_rule(&self.all, &self.any, &self.actions, &mut invalid);
        if !self.actions.is_empty() && !self.ends_itself() {
            invalid.push(FieldError::new(
                "actions",
                "must change something that stops the automation from matching again: another status, \
                 or a tag its conditions rule out",
            ));
        }
        invalid.into_result()
    }

    /// Whether one of the actions makes the ticket fail the rule: a status other than the rule's, a tag
    /// added that an `all` condition forbids, or a tag removed that an `all` condition requires.
    fn ends_itself(&self) -> bool {
        let forbids = |tag: &str| {
            self.all.iter().any(|c| {
                c.field == ConditionField::Tag
                    && matches!(c.operator, Operator::IsNot | Operator::NotContains)
                    && c.value.trim().eq_ignore_ascii_case(tag)
            })
        };
        let requires = |tag: &str| {
            self.all.iter().any(|c| {
                c.field == ConditionField::Tag
                    && matches!(c.operator, Operator::Is | Operator::Contains)
                    && c.value.trim().eq_ignore_ascii_case(tag)
            })
        };
        self.actions.iter().any(|action| match action {
            Action::SetStatus(status) => *status != self.status,
            Action::AddTags(tags) => tags.iter().any(|t| forbids(t.as_str())),
            Action::RemoveTags(tags) => tags.iter().any(|t| requires(t.as_str())),
            _ => false,
        })
    }

    /// Tickets last changed at or before this instant have waited long enough at `now`.
    pub fn waited_since(&self, now: Timestamp) -> Timestamp {
        now.checked_sub(self.idle_for).unwrap_or(now)
    }

    /// Whether the automation acts on what `facts` describe at `now`.
    pub fn matches(&self, facts: &Facts<'_>, now: Timestamp) -> bool {
        let ticket = facts.ticket;
        self.active
            && ticket.status == self.status
            && ticket.updated_at <= self.waited_since(now)
            && self.all.iter().all(|c| c.holds(facts))
            && (self.any.is_empty() || self.any.iter().any(|c| c.holds(facts)))
    }
}
