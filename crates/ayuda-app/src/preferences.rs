//! What an agent sets for themselves: the interface's language and time zone, the notifications they are
//! also emailed about, and their second sign-in factor (TOTP), which is stored only after they prove
//! their app produces its codes.

use ayuda_core::Invalid;
use ayuda_core::id::AgentId;
use ayuda_core::notification::{NotificationKind, emailed_by_default};
use ayuda_core::permission::Principal;
use ayuda_i18n::{Locale, TimeZone};
use ayuda_store::AgentPreference;

use crate::{App, AppError, totp};

fn me(principal: &Principal) -> Result<AgentId, AppError> {
    match principal {
        Principal::Agent { id, .. } => Ok(*id),
        Principal::Customer { .. } => {
            Err(AppError::Forbidden("only agents have these preferences"))
        }
    }
}

impl App {
    /// The signed-in agent's preferences.
    pub async fn my_preferences(&self, principal: &Principal) -> Result<AgentPreference, AppError> {
        Ok(self.store.agent_preference(me(principal)?).await?)
    }

    /// Sets the interface's language and time zone; empty means "not chosen" (the browser's language, UTC).
    pub async fn set_my_language_and_zone(
        &self,
        principal: &Principal,
        language: &str,
        time_zone: &str,
    ) -> Result<AgentPreference, AppError> {
        let agent = me(principal)?;
        let mut invalid = Invalid::default();
        let language = match language.trim() {
            "" => None,
            tag => match Locale::from_tag(tag) {
                Some(locale) => Some(locale.code().to_owned()),
                None => {
                    invalid.push(ayuda_core::FieldError::new(
                        "language",
                        "must be en, es or it",
                    ));
                    None
                }
            },
        };
        let time_zone = match time_zone.trim() {
            "" => None,
            name => match TimeZone::named(name) {
                Some(zone) => Some(zone.name().to_owned()),
                None => {
                    invalid.push(ayuda_core::FieldError::new(
                        "time_zone",
                        "is not a known time zone, such as Europe/Madrid",
                    ));
                    None
                }
            },
        };
        invalid.into_result()?;
        let mut preference = self.store.agent_preference(agent).await?;
        preference.language = language;
        preference.time_zone = time_zone;
        self.store
            .set_agent_preference(agent, &preference, self.clock.now())
            .await?;
        Ok(preference)
    }

    /// The kinds of notification the signed-in agent is also emailed about.
    pub async fn my_email_notices(
        &self,
        principal: &Principal,
    ) -> Result<Vec<NotificationKind>, AppError> {
        let preference = self.store.agent_preference(me(principal)?).await?;
        Ok(preference.email_notices.unwrap_or_else(emailed_by_default))
    }

    /// Chooses the kinds of notification the signed-in agent is also emailed about (none turns the mail
    /// off); the workspace tells them of every kind either way.
    pub async fn set_my_email_notices(
        &self,
        principal: &Principal,
        kinds: &[String],
    ) -> Result<Vec<NotificationKind>, AppError> {
        let agent = me(principal)?;
        let mut chosen = Vec::new();
        for kind in kinds {
            let kind = NotificationKind::parse(kind.trim()).map_err(|e| e.within("kinds"))?;
            if !chosen.contains(&kind) {
                chosen.push(kind);
            }
        }
        chosen.sort();
        let mut preference = self.store.agent_preference(agent).await?;
        preference.email_notices = Some(chosen.clone());
        self.store
            .set_agent_preference(agent, &preference, self.clock.now())
            .await?;
        Ok(chosen)
    }

    /// Turns on the second factor with `secret` (from [`totp::new_secret`], shown to the agent) once `code`
    /// proves their app has it.
    pub async fn enable_totp(
        &self,
        principal: &Principal,
        secret: &str,
        code: &str,
    ) -> Result<(), AppError> {
        let agent = me(principal)?;
        let bytes = totp::from_base32(secret)
            .filter(|b| b.len() >= 10)
            .ok_or_else(|| Invalid::one("secret", "is not a secret Ayuda made"))?;
        if !totp::verify(&bytes, code, self.clock.now()) {
            return Err(Invalid::one("code", "is not the code your app shows now").into());
        }
        let mut preference = self.store.agent_preference(agent).await?;
        preference.totp_secret = Some(totp::base32(&bytes));
        self.store
            .set_agent_preference(agent, &preference, self.clock.now())
            .await?;
        Ok(())
    }

    /// Turns the second factor off, given a current code (so a borrowed session cannot do it alone).
    pub async fn disable_totp(&self, principal: &Principal, code: &str) -> Result<(), AppError> {
        let agent = me(principal)?;
        let mut preference = self.store.agent_preference(agent).await?;
        if preference.totp_secret.is_none() {
            return Ok(());
        }
        if !self.second_factor_ok(agent, Some(code)).await? {
            return Err(Invalid::one("code", "is not the code your app shows now").into());
        }
        preference.totp_secret = None;
        self.store
            .set_agent_preference(agent, &preference, self.clock.now())
            .await?;
        Ok(())
    }
}
