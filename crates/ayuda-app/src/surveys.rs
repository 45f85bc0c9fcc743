//! Satisfaction surveys: a solved ticket of a group that asks for them gets one mail, in the customer's
//! language, with a link per rating (1 to 5) that records the rating in one click, without signing in;
//! the customer may then add a comment. A link rates once: a second use is answered politely with the
//! rating already given, and a forged link is refused.
//!
//! The link is `{public_url}/survey/{token}/{rating}`: the token is the survey's id, signed
//! (`signed_token`) as sign-in links are, so a guessed id rates nothing.
//!
//! `App::send_surveys` runs after each SLA sweep. It looks at tickets solved between a week and
//! [`SURVEY_DELAY`] ago (a customer who reopens at once is not asked how it went), and the database's one
//! survey per ticket makes two nodes sending at once send one.

use ayuda_core::agent::Role;
use ayuda_core::contact::EmailAddress;
use ayuda_core::email::{OutboxKind, OutboxMail, OutboxState};
use ayuda_core::id::{GroupId, OutboxId, SurveyId};
use ayuda_core::insight::{MAX_SURVEY_COMMENT, Rating, Survey};
use ayuda_core::permission::Principal;
use ayuda_store::{Rated, StoreError};
use jiff::SignedDuration;

use crate::{App, AppError, signed_token};

/// How long after solving a ticket its survey goes out, if it is still solved.
pub const SURVEY_DELAY: SignedDuration = SignedDuration::from_mins(10);

/// Tickets solved longer ago than this get no survey: a late question about an old case confuses.
const SURVEY_WINDOW: SignedDuration = SignedDuration::from_hours(7 * 24);

/// Surveys sent per sweep at most; the next sweep takes the rest.
const SURVEYS_PER_SWEEP: u32 = 200;

/// The setting that holds the key signing survey links, shared by every node.
const SURVEY_KEY_SETTING: &str = "survey.link_key";
/// Keeps this key's MACs apart from any other use of it.
const LABEL: &[u8] = b"ayuda/survey-link/v1\0";

/// What following a survey link did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SurveyAnswer {
    /// The rating was recorded now.
    Recorded(Survey),
    /// The survey had been rated before; it keeps its first rating.
    AlreadyRated(Survey),
}

impl App {
    /// Sends the surveys that are due; returns how many were recorded.
    pub async fn send_surveys(&self) -> Result<usize, AppError> {
        let now = self.clock.now();
        let due = self
            .store
            .tickets_due_survey(now - SURVEY_WINDOW, now - SURVEY_DELAY, SURVEYS_PER_SWEEP)
            .await?;
        let mut sent = 0;
        for ticket in due {
            let Some(contact) = self.store.get_contact(ticket.requester_id).await? else {
                continue;
            };
            let language = contact
                .language
                .clone()
                .unwrap_or_else(|| ticket.language.clone());
            let survey = Survey {
                id: SurveyId::generate(),
                ticket_id: ticket.id,
                contact_id: contact.id,
                agent_id: ticket.assignee_id,
                group_id: ticket.group_id,
                language: language.clone(),
                sent_at: now,
                rating: None,
                comment: None,
                rated_at: None,
            };
            // A customer without an address (a phone call, a letter) still gets a survey record, so the
            // ticket is not looked at again; an agent may read the links out.
            let address = contact
                .primary_email()
                .and_then(|a| EmailAddress::parse(a).ok());
            let mail = address.map(|address| OutboxMail {
                id: OutboxId::generate(),
                ticket_id: Some(ticket.id),
                message_id: None,
                kind: OutboxKind::Survey,
                mailbox_id: None,
                to: vec![address],
                cc: Vec::new(),
                language: language.as_str().to_owned(),
                state: OutboxState::Pending,
                attempts: 0,
                next_attempt_at: now,
                last_error: None,
                created_at: now,
                sent_at: None,
                content: None,
            });
            match self.store.create_survey(survey, mail).await {
                Ok(()) => sent += 1,
                // Another node surveyed it first.
                Err(StoreError::Duplicate(_)) => {}
                Err(error) => return Err(error.into()),
            }
        }
        Ok(sent)
    }

    /// Records the rating a survey link carries. A forged token, or a survey that is gone, is
    /// [`AppError::NotFound`].
    pub async fn rate_by_link(&self, token: &str, rating: &str) -> Result<SurveyAnswer, AppError> {
        let id = self.survey_of_token(token).await?;
        let rating = Rating::parse(rating).map_err(|e| e.within("rating"))?;
        let answer = self
            .store
            .rate_survey(id, rating, self.clock.now())
            .await
            .map_err(|e| match e {
                StoreError::NotFound => AppError::NotFound("survey"),
                other => other.into(),
            })?;
        let survey = self
            .store
            .get_survey(id)
            .await?
            .ok_or(AppError::NotFound("survey"))?;
        if answer == Rated::Recorded {
            self.changed(survey.ticket_id);
        }
        Ok(match answer {
            Rated::Recorded => SurveyAnswer::Recorded(survey),
            Rated::AlreadyRated => SurveyAnswer::AlreadyRated(survey),
        })
    }

    /// The survey a link names, for showing it; a forged token is [`AppError::NotFound`].
    pub async fn survey_by_link(&self, token: &str) -> Result<Survey, AppError> {
        let id = self.survey_of_token(token).await?;
        self.store
            .get_survey(id)
            .await?
            .ok_or(AppError::NotFound("survey"))
    }

    /// Adds the customer's comment to the rated survey a link names; `false` when it had one already or
    /// was not rated. An empty comment is a mistake; a long one is refused with its limit.
    pub async fn comment_by_link(&self, token: &str, comment: &str) -> Result<bool, AppError> {
        let id = self.survey_of_token(token).await?;
        let comment = comment.trim();
        if comment.is_empty() {
            return Err(ayuda_core::Invalid::one("comment", "must not be empty").into());
        }
        if comment.chars().count() > MAX_SURVEY_COMMENT {
            return Err(ayuda_core::Invalid::one(
                "comment",
                format!("must be at most {MAX_SURVEY_COMMENT} characters"),
            )
            .into());
        }
        self.store
            .comment_survey(id, comment.to_owned())
            .await
            .map_err(|e| match e {
                StoreError::NotFound => AppError::NotFound("survey"),
                other => other.into(),
            })
    }

    /// The addresses of a survey's links, for ratings 1 to 5; `None` without a configured public address.
    pub async fn survey_links(&self, survey: SurveyId) -> Result<Option<[String; 5]>, StoreError> {
        let Some(base) = &self.email.public_url else {
            return Ok(None);
        };
        let key = self.survey_key().await?;
        let token = token_for(&key, survey);
        let base = base.trim_end_matches('/');
        Ok(Some(Rating::ALL.map(|rating| {
            format!("{base}/survey/{token}/{}", rating.value())
        })))
    }

    /// The groups whose solved tickets get a survey. Agents only.
    pub async fn survey_groups(&self, principal: &Principal) -> Result<Vec<GroupId>, AppError> {
        if principal.is_customer() {
            return Err(AppError::Forbidden("the survey set-up is for agents"));
        }
        Ok(self.store.survey_groups().await?)
    }

    /// Chooses the groups whose solved tickets get a survey. Administrators only.
    pub async fn set_survey_groups(
        &self,
        principal: &Principal,
        groups: &[String],
    ) -> Result<(), AppError> {
        if !matches!(
            principal,
            Principal::Agent {
                role: Role::Admin,
                ..
            }
        ) {
            return Err(AppError::Forbidden(
                "only administrators choose who gets surveys",
            ));
        }
        let mut ids = Vec::with_capacity(groups.len());
        for raw in groups {
            let id = raw.trim().parse::<GroupId>().map_err(|_| {
                ayuda_core::Invalid::one("groups", format!("{raw:?} is not a group id"))
            })?;
            ids.push(id);
        }
        self.store.set_survey_groups(ids).await?;
        Ok(())
    }

    async fn survey_of_token(&self, token: &str) -> Result<SurveyId, AppError> {
        let key = self.survey_key().await?;
        verify_token(&key, token).ok_or(AppError::NotFound("survey"))
    }

    async fn survey_key(&self) -> Result<[u8; 32], StoreError> {
        self.survey_key
            .get_or_try_init(|| self.installation_secret(SURVEY_KEY_SETTING))
            .await
            .copied()
    }
}

/// The token of survey `id`.
fn token_for(key: &[u8; 32], id: SurveyId) -> String {
    signed_token::sign(key, LABEL, id.0)
}

/// The survey a token names, if its MAC is right.
fn verify_token(key: &[u8; 32], token: &str) -> Option<SurveyId> {
    signed_token::verify(key, LABEL, token).map(SurveyId)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_names_its_survey_and_a_changed_one_names_none() {
        let key = [7u8; 32];
        let id = SurveyId::generate();
        let token = token_for(&key, id);
        assert_eq!(verify_token(&key, &token), Some(id));
        assert_eq!(verify_token(&[8u8; 32], &token), None);
        let mut forged = token.clone().into_bytes();
        let last = forged.len() - 1;
        forged[last] = if forged[last] == b'0' { b'1' } else { b'0' };
        assert_eq!(
            verify_token(&key, &String::from_utf8(forged).unwrap()),
            None
        );
        assert_eq!(verify_token(&key, "not a token"), None);
        assert_eq!(verify_token(&key, &"é".repeat(32)), None);
    }
}
