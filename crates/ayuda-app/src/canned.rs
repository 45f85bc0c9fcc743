//! Canned responses: supervisors and administrators keep the library; every agent inserts them, in the
//! ticket's language when a version in it exists (else English, else any), with the placeholders filled.

use ayuda_core::Invalid;
use ayuda_core::agent::Role;
use ayuda_core::canned::{self, CannedResponse, PlaceholderValues};
use ayuda_core::id::{CannedResponseId, TicketId};
use ayuda_core::permission::Principal;
use ayuda_core::text::{Language, Name};

use crate::{App, AppError};

/// A canned response as a person enters it.
#[derive(Debug, Clone, Default)]
pub struct CannedInput {
    pub name: String,
    pub language: String,
    pub body: String,
}

fn agent(principal: &Principal) -> Result<(), AppError> {
    match principal {
        Principal::Agent { .. } => Ok(()),
        Principal::Customer { .. } => Err(AppError::Forbidden("canned responses are for agents")),
    }
}

fn curator(principal: &Principal) -> Result<(), AppError> {
    match principal {
        Principal::Agent {
            role: Role::Admin | Role::Supervisor,
            ..
        } => Ok(()),
        _ => Err(AppError::Forbidden(
            "only supervisors and administrators edit canned responses",
        )),
    }
}

fn parse(input: &CannedInput) -> Result<(Name, Language, String), AppError> {
    let mut invalid = Invalid::default();
    let name = invalid.check("name", Name::parse(&input.name));
    let language = invalid.check("language", Language::parse(&input.language));
    let body = invalid.check("body", canned::parse_body(&input.body));
    invalid.into_result()?;
    match (name, language, body) {
        (Some(name), Some(language), Some(body)) => Ok((name, language, body)),
        _ => Err(Invalid::one("canned response", "is incomplete").into()),
    }
}

impl App {
    /// The whole library, by name then language.
    pub async fn canned_responses(
        &self,
        principal: &Principal,
    ) -> Result<Vec<CannedResponse>, AppError> {
        agent(principal)?;
        Ok(self.store.list_canned_responses().await?)
    }

    pub async fn create_canned_response(
        &self,
        principal: &Principal,
        input: CannedInput,
    ) -> Result<CannedResponse, AppError> {
        curator(principal)?;
        let (name, language, body) = parse(&input)?;
        let now = self.clock.now();
        let canned = CannedResponse {
            id: CannedResponseId::generate(),
            name,
            language,
            body,
            created_at: now,
            updated_at: now,
        };
        self.store.create_canned_response(canned.clone()).await?;
        Ok(canned)
    }

    pub async fn update_canned_response(
        &self,
        principal: &Principal,
        id: CannedResponseId,
        input: CannedInput,
    ) -> Result<CannedResponse, AppError> {
        curator(principal)?;
        let (name, language, body) = parse(&input)?;
        let mut canned = self
            .store
            .get_canned_response(id)
            .await?
            .ok_or(AppError::NotFound("canned response"))?;
        canned.name = name;
        canned.language = language;
        canned.body = body;
        canned.updated_at = self.clock.now();
        self.store.update_canned_response(canned.clone()).await?;
        Ok(canned)
    }

    pub async fn delete_canned_response(
        &self,
        principal: &Principal,
        id: CannedResponseId,
    ) -> Result<(), AppError> {
        curator(principal)?;
        Ok(self.store.delete_canned_response(id).await?)
    }

    /// The response named `name` for `ticket`: the version in the ticket's language if there is one, else
    /// English, else the first; its placeholders filled for the ticket's customer and the signed-in agent.
    pub async fn canned_for_ticket(
        &self,
        principal: &Principal,
        ticket: TicketId,
        name: &str,
    ) -> Result<String, AppError> {
        agent(principal)?;
        let ticket = self.ticket(principal, ticket).await?;
        let wanted = name.trim().to_lowercase();
        let versions: Vec<CannedResponse> = self
            .store
            .list_canned_responses()
            .await?
            .into_iter()
            .filter(|c| c.name.as_str().to_lowercase() == wanted)
            .collect();
        let chosen = ayuda_core::text::version_for(&versions, &ticket.language, |c| &c.language)
            .ok_or(AppError::NotFound("canned response"))?;
        let writer = match principal {
            Principal::Agent { id, .. } => Some(*id),
            Principal::Customer { .. } => None,
        };
        let values = self.placeholder_values(&ticket, writer).await?;
        Ok(canned::fill(&chosen.body, &values))
    }
}

impl App {
    /// What fills placeholders on `ticket`: its requester's name, its number and subject, and the name
    /// of `agent` (who writes the text; none for mail no agent writes).
    pub(crate) async fn placeholder_values(
        &self,
        ticket: &ayuda_core::ticket::Ticket,
        agent: Option<ayuda_core::id::AgentId>,
    ) -> Result<PlaceholderValues, ayuda_store::StoreError> {
        let customer_name = self
            .store
            .get_contact(ticket.requester_id)
            .await?
            .map(|c| c.name.as_str().to_owned())
            .unwrap_or_default();
        let agent_name = match agent {
            Some(id) => self
                .store
                .get_agent(id)
                .await?
                .map(|a| a.name.as_str().to_owned())
                .unwrap_or_default(),
            None => String::new(),
        };
        Ok(PlaceholderValues {
            customer_name,
            ticket_number: ticket.number.0,
            ticket_subject: ticket.subject.as_str().to_owned(),
            agent_name,
        })
    }
}
