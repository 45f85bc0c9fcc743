//! Macros in the application: administrators keep them; any agent who may change a ticket applies one in
//! one click. Its changes are written at once, as the agent's (firing the triggers of an update, like any
//! edit); its text comes back, in the ticket's language with its placeholders filled, for the draft.

use ayuda_core::Invalid;
use ayuda_core::canned::fill;
use ayuda_core::event::Via;
use ayuda_core::id::{MacroId, TicketId};
use ayuda_core::macros::{Macro, MacroText};
use ayuda_core::permission::{self, Principal};
use ayuda_core::text::{Language, Name};
use ayuda_core::ticket::{Ticket, TicketChanges};
use ayuda_store::StoreError;

use crate::automation::{ActionInput, admin, apply_field_action, parse_rule};
use crate::{App, AppError};

/// A macro as an administrator enters it.
#[derive(Debug, Clone, Default)]
pub struct MacroInput {
    pub name: String,
    pub actions: Vec<ActionInput>,
    /// `(language, text)` pairs.
    pub texts: Vec<(String, String)>,
    pub note: bool,
}

/// What applying a macro did: the ticket as changed, and the text for the draft.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    pub ticket: Ticket,
    pub text: Option<String>,
    /// Whether the text is meant as an internal note.
    pub note: bool,
}

impl App {
    /// Every macro, by name. Agents may read them.
    pub async fn macros(&self, principal: &Principal) -> Result<Vec<Macro>, AppError> {
        if !matches!(principal, Principal::Agent { .. }) {
            return Err(AppError::Forbidden("macros are for agents"));
        }
        Ok(self.store.list_macros().await?)
    }

    /// Creates (`id` absent) or replaces a macro. Administrators only.
    pub async fn save_macro(
        &self,
        principal: &Principal,
        id: Option<MacroId>,
        input: MacroInput,
    ) -> Result<Macro, AppError> {
        admin(principal)?;
        let now = self.clock.now();
        let existing = self.store.list_macros().await?;
        let created_at = match id {
            None => now,
            Some(id) => existing
                .iter()
                .find(|m| m.id == id)
                .map(|m| m.created_at)
                .ok_or(AppError::NotFound("macro"))?,
        };
        let mut invalid = Invalid::default();
        let name = invalid.check("name", Name::parse(&input.name));
        let (_, _, actions) = parse_rule(&[], &[], &input.actions, &mut invalid);
        let texts: Vec<MacroText> = (input.texts.iter().enumerate())
            .filter_map(|(i, (language, text))| {
                let language =
                    invalid.check(&format!("texts.{i}.language"), Language::parse(language))?;
                Some(MacroText {
                    language,
                    text: text.trim().replace("\r\n", "\n"),
                })
            })
            .collect();
        invalid.clone().into_result()?;
        let name = name.ok_or(invalid)?;
        let saved = Macro {
            id: id.unwrap_or_else(MacroId::generate),
            name,
            actions,
            texts,
            note: input.note,
            created_at,
            updated_at: now,
        };
        saved.validate()?;
        match self.store.save_macro(saved.clone()).await {
            Err(StoreError::Duplicate(_)) => {
                Err(Invalid::one("name", "another macro has this name").into())
            }
            other => other.map(|()| saved).map_err(AppError::from),
        }
    }

    pub async fn delete_macro(&self, principal: &Principal, id: MacroId) -> Result<(), AppError> {
        admin(principal)?;
        match self.store.delete_macro(id).await {
            Err(StoreError::NotFound) => Err(AppError::NotFound("macro")),
            other => Ok(other?),
        }
    }

    /// Applies macro `id` to ticket `ticket` as `principal`: its changes now, its text for the draft.
    pub async fn apply_macro(
        &self,
        principal: &Principal,
        via: Via,
        ticket: TicketId,
        id: MacroId,
    ) -> Result<Applied, AppError> {
        let Principal::Agent { id: agent, .. } = principal else {
            return Err(AppError::Forbidden("macros are for agents"));
        };
        let saved = self
            .store
            .list_macros()
            .await?
            .into_iter()
            .find(|m| m.id == id)
            .ok_or(AppError::NotFound("macro"))?;
        for _ in 0..5 {
            let mut current = self.ticket(principal, ticket).await?;
            let now = self.clock.now();
            let before = current.clone();
            let mut log = Vec::new();
            for action in &saved.actions {
                apply_field_action(&mut current, action, now, &mut log);
            }
            // A group or colleague removed since the macro was written is left as it was.
            self.keep_existing_references(&before, &mut current, &mut log)
                .await?;
            if !log.is_empty() {
                // The same permission an edit of these fields needs.
                let asked = TicketChanges {
                    status: (before.status != current.status).then_some(current.status),
                    group_id: (before.group_id != current.group_id).then_some(current.group_id),
                    assignee_id: (before.assignee_id != current.assignee_id)
                        .then_some(current.assignee_id),
                    ..TicketChanges::default()
                };
                permission::can_update_ticket(principal, &asked)
                    .map_err(|denied| AppError::Forbidden(denied.0))?;
            }
            let text = self.macro_text(&saved, &current, *agent).await?;
            if log.is_empty() {
                return Ok(Applied {
                    ticket: current,
                    text,
                    note: saved.note,
                });
            }
            current.updated_at = now;
            if let Some(written) = self
                .write_field_changes(principal, via, &before, current, log, now)
                .await?
            {
                return Ok(Applied {
                    ticket: written,
                    text,
                    note: saved.note,
                });
            }
        }
        Err(AppError::Conflict(
            "the ticket is changing too fast; try again".into(),
        ))
    }

    /// The macro's text for `ticket`, placeholders filled, as `agent` writes it.
    async fn macro_text(
        &self,
        saved: &Macro,
        ticket: &Ticket,
        agent: ayuda_core::id::AgentId,
    ) -> Result<Option<String>, AppError> {
        let Some(text) = saved.text_for(&ticket.language) else {
            return Ok(None);
        };
        let values = self.placeholder_values(ticket, Some(agent)).await?;
        Ok(Some(fill(text, &values)))
    }
}
