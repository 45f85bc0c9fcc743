//! Signing in: API tokens (stored as SHA-256 digests, revocable), agent passwords (Argon2id), and turning a
//! token into the [`Principal`] a request runs for.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use ayuda_core::Invalid;
use ayuda_core::agent::{Agent, Role};
use ayuda_core::contact::{EmailAddress, Identity};
use ayuda_core::id::{AgentId, TokenId};
use ayuda_core::permission::Principal;
use ayuda_core::text::{Language, Name};
use ayuda_store::{ApiToken, TokenOwner};
use sha2::{Digest, Sha256};

use crate::{App, AppError, Session};

/// Every token starts with this, so a leaked one is recognisable in logs and by secret scanners.
pub const TOKEN_PREFIX: &str = "ayu_";

/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// A fresh token secret: the prefix and 256 random bits in hex.
fn new_secret() -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| {
        AppError::Internal(ayuda_store::StoreError::backend(std::io::Error::other(
            e.to_string(),
        )))
    })?;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Ok(format!("{TOKEN_PREFIX}{hex}"))
}

/// The digest a token is stored and looked up by. Tokens carry 256 random bits, so a fast hash is safe here
/// (unlike passwords) and keeps authentication off the CPU budget of every request.
pub fn token_digest(secret: &str) -> [u8; 32] {
    Sha256::digest(secret.as_bytes()).into()
}

impl App {
    /// Resolves a bearer token to the session it opens. Unknown, revoked and deactivated all read as
    /// `Unauthenticated`, so a caller learns nothing about which.
    pub async fn authenticate(&self, secret: &str) -> Result<Session, AppError> {
        if !secret.starts_with(TOKEN_PREFIX) {
            return Err(AppError::Unauthenticated);
        }
        let digest = token_digest(secret);
        if let Some(session) = self.sessions.get(&digest) {
            return Ok(session);
        }
        let token = self
            .store
            .find_token(&digest)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        if token.revoked_at.is_some() {
            return Err(AppError::Unauthenticated);
        }
        let principal = match token.owner {
            TokenOwner::Agent(id) => {
                let agent = self
                    .store
                    .get_agent(id)
                    .await?
                    .filter(|a| a.active)
                    .ok_or(AppError::Unauthenticated)?;
                Principal::Agent {
                    id: agent.id,
                    role: agent.role,
                    group_ids: agent.group_ids,
                }
            }
            TokenOwner::Contact(id) => {
                let contact = self
                    .store
                    .get_contact(id)
                    .await?
                    .ok_or(AppError::Unauthenticated)?;
                let sees_organization = match contact.organization_id {
                    Some(org) => self
                        .store
                        .get_organization(org)
                        .await?
                        .is_some_and(|o| o.shared_tickets),
                    None => false,
                };
                Principal::Customer {
                    contact_id: contact.id,
                    organization_id: contact.organization_id,
                    sees_organization,
                }
            }
        };
        let session = Session {
            principal,
            token_id: token.id,
        };
        self.sessions.insert(digest, session.clone());
        Ok(session)
    }

    /// Issues a new token for the agent or contact with this email, for the `ayuda token create` command
    /// (run by whoever operates the server, so no principal is checked). Returns the secret, shown only once.
    pub async fn issue_token(&self, email: &str, name: &str) -> Result<String, AppError> {
        let email = EmailAddress::parse(email).map_err(|e| e.within("email"))?;
        let owner = match self.store.find_agent_by_email(&email.normalized()).await? {
            Some((agent, _)) => TokenOwner::Agent(agent.id),
            None => match self.store.find_contact(&Identity::email(&email)).await? {
                Some(contact) => TokenOwner::Contact(contact.id),
                None => return Err(AppError::NotFound("agent or contact with this email")),
            },
        };
        self.create_token(owner, name).await
    }

    pub(crate) async fn create_token(
        &self,
        owner: TokenOwner,
        name: &str,
    ) -> Result<String, AppError> {
        let secret = new_secret()?;
        let name = ayuda_core::text::clean_line(name, 100).map_err(|e| e.within("name"))?;
        let token = ApiToken {
            id: TokenId::generate(),
            owner,
            name,
            secret_sha256: token_digest(&secret),
            created_at: self.clock.now(),
            revoked_at: None,
        };
        self.store.create_token(token).await?;
        Ok(secret)
    }

    /// Signs an agent in with email, password and, once they have set up a second factor, its current code;
    /// returns a new token. Wrong email, wrong password and a missing or wrong code are one error, and each
    /// costs a full hash, so neither the answer nor its timing tells which part was wrong.
    pub async fn sign_in(
        &self,
        email: &str,
        password: &str,
        code: Option<&str>,
    ) -> Result<String, AppError> {
        let found = self
            .store
            .find_agent_by_email(&email.trim().to_lowercase())
            .await?;
        let (agent, hash) = match found {
            Some((agent, Some(hash))) if agent.active => (Some(agent), hash),
            _ => (None, DUMMY_HASH.to_owned()),
        };
        let ok = self.verify_password(password, hash).await?;
        match agent {
            Some(agent) if ok && self.second_factor_ok(agent.id, code).await? => {
                self.create_token(TokenOwner::Agent(agent.id), "sign-in")
                    .await
            }
            _ => Err(AppError::Unauthenticated),
        }
    }

    /// Changes the signed-in agent's password, given the current one.
    pub async fn change_agent_password(
        &self,
        principal: &Principal,
        current: &str,
        new: &str,
    ) -> Result<(), AppError> {
        let Principal::Agent { id, .. } = principal else {
            return Err(AppError::Forbidden("only agents have workspace passwords"));
        };
        let agent = self
            .store
            .get_agent(*id)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let hash = self
            .store
            .find_agent_by_email(&agent.email.normalized())
            .await?
            .and_then(|(_, hash)| hash)
            .unwrap_or_else(|| DUMMY_HASH.to_owned());
        if !self.verify_password(current, hash).await? {
            return Err(Invalid::one("current_password", "is not your current password").into());
        }
        let hash = self.hash_password(new).await?;
        self.store.set_agent_password(*id, hash).await?;
        Ok(())
    }

    /// Signs a customer in to the portal with the email of one of their identities and their portal
    /// password. Like agents' sign-in, unknown email, no password set and wrong password are one error at
    /// one cost.
    pub async fn customer_sign_in(&self, email: &str, password: &str) -> Result<String, AppError> {
        let contact = match EmailAddress::parse(email) {
            Ok(address) => self.store.find_contact(&Identity::email(&address)).await?,
            Err(_) => None,
        };
        let hash = match &contact {
            Some(contact) => self.store.customer_password(contact.id).await?,
            None => None,
        };
        let known = hash.is_some();
        let ok = self
            .verify_password(password, hash.unwrap_or_else(|| DUMMY_HASH.to_owned()))
            .await?;
        match contact {
            Some(contact) if ok && known => {
                self.create_token(TokenOwner::Contact(contact.id), "portal")
                    .await
            }
            _ => Err(AppError::Unauthenticated),
        }
    }

    /// Sets the signed-in customer's portal password.
    pub async fn set_customer_password(
        &self,
        principal: &Principal,
        password: &str,
    ) -> Result<(), AppError> {
        let Principal::Customer { contact_id, .. } = principal else {
            return Err(AppError::Forbidden("only customers have portal passwords"));
        };
        let hash = self.hash_password(password).await?;
        self.store
            .set_customer_password(*contact_id, &hash, self.clock.now())
            .await?;
        Ok(())
    }

    /// Revokes the token with this secret, for `ayuda token revoke` (run by the operator, so no principal).
    pub async fn revoke_token_secret(&self, secret: &str) -> Result<(), AppError> {
        let token = self
            .store
            .find_token(&token_digest(secret.trim()))
            .await?
            .ok_or(AppError::NotFound("token"))?;
        self.store.revoke_token(token.id, self.clock.now()).await?;
        self.forget_sessions();
        Ok(())
    }

    /// Revokes the token of the current session (signing out).
    pub async fn sign_out(&self, session: &Session) -> Result<(), AppError> {
        self.store
            .revoke_token(session.token_id, self.clock.now())
            .await?;
        self.forget_sessions();
        Ok(())
    }

    /// Hashes a password with Argon2id (OWASP parameters), off the async threads.
    pub async fn hash_password(&self, password: &str) -> Result<String, AppError> {
        if password.chars().count() < MIN_PASSWORD_CHARS {
            return Err(Invalid::one(
                "password",
                format!("must have at least {MIN_PASSWORD_CHARS} characters"),
            )
            .into());
        }
        let _permit = self
            .password_hashing
            .acquire()
            .await
            .map_err(|e| internal(e.to_string()))?;
        let password = password.to_owned();
        tokio::task::spawn_blocking(move || {
            Argon2::default()
                .hash_password(password.as_bytes())
                .map(|hash| hash.to_string())
        })
        .await
        .map_err(|e| internal(e.to_string()))?
        .map_err(|e| internal(e.to_string()))
    }

    async fn verify_password(&self, password: &str, hash: String) -> Result<bool, AppError> {
        let _permit = self
            .password_hashing
            .acquire()
            .await
            .map_err(|e| internal(e.to_string()))?;
        let password = password.to_owned();
        tokio::task::spawn_blocking(move || {
            PasswordHash::new(&hash).is_ok_and(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
        })
        .await
        .map_err(|e| internal(e.to_string()))
    }

    /// Adds an agent from the command line (`ayuda agent add`): no principal, the operator is trusted.
    pub async fn add_agent(&self, new: NewAgent) -> Result<Agent, AppError> {
        let mut invalid = Invalid::default();
        let email = invalid.check("email", EmailAddress::parse(&new.email));
        let name = invalid.check("name", Name::parse(&new.name));
        let role = invalid.check("role", Role::parse(&new.role));
        let languages: Vec<Language> = new
            .languages
            .iter()
            .enumerate()
            .filter_map(|(i, l)| invalid.check(&format!("languages.{i}"), Language::parse(l)))
            .collect();
        invalid.into_result()?;
        let (Some(email), Some(name), Some(role)) = (email, name, role) else {
            return Err(AppError::Invalid(Invalid::one("agent", "is incomplete")));
        };
        let password_hash = match &new.password {
            Some(password) => Some(self.hash_password(password).await?),
            None => None,
        };
        let now = self.clock.now();
        let agent = Agent {
            id: AgentId::generate(),
            email,
            name,
            role,
            group_ids: new.group_ids,
            skills: Vec::new(),
            languages,
            active: true,
            created_at: now,
            updated_at: now,
        };
        Ok(self.store.create_agent(agent, password_hash).await?)
    }
}

/// An agent to add from the command line.
#[derive(Debug, Clone, Default)]
pub struct NewAgent {
    pub email: String,
    pub name: String,
    pub role: String,
    pub password: Option<String>,
    pub languages: Vec<String>,
    pub group_ids: Vec<ayuda_core::id::GroupId>,
}

/// A valid Argon2id hash of a random password nobody knows, verified when the email is unknown so that a
/// failed sign-in always costs the same.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2bZ1mmv9T+sMXyCaPaWgIMzcHcbLuk4tXlBHBBk0hwk";

fn internal(message: String) -> AppError {
    AppError::Internal(ayuda_store::StoreError::backend(std::io::Error::other(
        message,
    )))
}
