//! Signing customers in to the portal with a one-time link mailed to their address; signing up is the same
//! link, carrying the name the newcomer gave. Holding the address is what gives a customer its tickets, so
//! nobody gets a portal session for an address without proving they read its mail.
//!
//! The link is `{public_url}/portal/sign-in/link/{token}`: the token is the link's id, signed
//! (`signed_token`), so the database holds no usable link, and a guessed id signs nobody in.

use ayuda_core::contact::{EmailAddress, Identity};
use ayuda_core::email::{
    AUTOMATIC_MAIL_PER_RECIPIENT_PER_HOUR, OutboxKind, OutboxMail, OutboxState,
};
use ayuda_core::id::OutboxId;
use ayuda_core::sign_in_link::{SIGN_IN_LINK_LIFETIME, SignInLink};
use ayuda_core::text::Name;
use ayuda_store::{StoreError, TokenOwner};
use jiff::SignedDuration;

use crate::email::outbound::ComposedMail;
use crate::signed_token;
use crate::{App, AppError};

/// The setting that holds the key signing sign-in links, shared by every node.
const SIGN_IN_KEY_SETTING: &str = "portal.sign_in_key";
/// Keeps this key's MACs apart from any other use of it.
const LABEL: &[u8] = b"ayuda/sign-in-link/v1\0";

/// What a customer asks for on the portal's forms.
#[derive(Debug, Clone, Copy)]
pub enum LinkRequest<'a> {
    /// An existing customer signing in: nothing is sent to an unknown address.
    SignIn,
    /// A newcomer signing up with this name; an existing customer simply gets a link to sign in.
    SignUp { name: &'a str },
}

impl App {
    /// Mails a one-time sign-in link to `email`, in `language`. The answer is the same whether or not the
    /// address belongs to a customer, so the form tells nobody who is one; an address that already got its
    /// hourly share of automatic mail gets nothing more. Only a malformed address or name is an error.
    pub async fn request_sign_in_link(
        &self,
        email: &str,
        request: LinkRequest<'_>,
        language: &str,
    ) -> Result<(), AppError> {
        let address = EmailAddress::parse(email).map_err(|e| e.within("email"))?;
        let name = match request {
            LinkRequest::SignIn => None,
            LinkRequest::SignUp { name } => Some(Name::parse(name).map_err(|e| e.within("name"))?),
        };
        if name.is_none()
            && self
                .store
                .find_contact(&Identity::email(&address))
                .await?
                .is_none()
        {
            return Ok(());
        }
        let now = self.clock.now();
        let recipient = address.as_str().to_lowercase();
        let sent = self
            .store
            .count_automatic_to(
                &recipient,
                now - SignedDuration::from_hours(1),
                AUTOMATIC_MAIL_PER_RECIPIENT_PER_HOUR,
            )
            .await?;
        if sent >= AUTOMATIC_MAIL_PER_RECIPIENT_PER_HOUR {
            tracing::info!("a sign-in link was not sent: the address had its hourly share of mail");
            return Ok(());
        }
        let id = OutboxId::generate();
        let mail = OutboxMail {
            id,
            ticket_id: None,
            message_id: None,
            kind: OutboxKind::SignInLink,
            mailbox_id: None,
            to: vec![address.clone()],
            cc: Vec::new(),
            language: language.to_owned(),
            state: OutboxState::Pending,
            attempts: 0,
            next_attempt_at: now,
            last_error: None,
            created_at: now,
            sent_at: None,
            content: None,
        };
        let link = SignInLink::new(id, address, name, language, now);
        self.store.create_sign_in_link(link, mail).await?;
        Ok(())
    }

    /// Signs in with the token of a link: a new portal session's secret, and the contact is created first
    /// when the link finishes a sign-up. A token that is forged, used, expired or for a customer who is
    /// gone is [`AppError::Unauthenticated`], whichever it was.
    pub async fn sign_in_with_link(&self, token: &str) -> Result<String, AppError> {
        let key = self.sign_in_key().await?;
        let id = verify_token(&key, token).ok_or(AppError::Unauthenticated)?;
        let link = self
            .store
            .use_sign_in_link(id, self.clock.now())
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let contact = match &link.name {
            Some(name) => {
                self.find_or_create_contact(&link.email, Some(name.as_str()), self.clock.now())
                    .await?
            }
            None => match self
                .store
                .find_contact(&Identity::email(&link.email))
                .await?
            {
                Some(contact) => contact.id,
                None => return Err(AppError::Unauthenticated),
            },
        };
        self.create_token(TokenOwner::Contact(contact), "portal")
            .await
    }

    /// The address of the link an outbox mail carries; `None` without a configured public address.
    pub async fn sign_in_link_url(&self, mail: OutboxId) -> Result<Option<String>, StoreError> {
        let Some(base) = &self.email.public_url else {
            return Ok(None);
        };
        let key = self.sign_in_key().await?;
        Ok(Some(format!(
            "{}/portal/sign-in/link/{}",
            base.trim_end_matches('/'),
            token_for(&key, mail)
        )))
    }

    /// Composes the mail carrying a sign-in link; `Ok(Err)` with the reason when it can never be sent.
    pub(crate) async fn compose_sign_in_link(
        &self,
        mail: &OutboxMail,
    ) -> Result<Result<ComposedMail, String>, StoreError> {
        let Some(link) = self.sign_in_link_url(mail.id).await? else {
            return Ok(Err(
                "no public address for links: set [server] public_url".into()
            ));
        };
        let (subject, text) = crate::email::templates::sign_in_link(
            &mail.language,
            &link,
            SIGN_IN_LINK_LIFETIME.as_mins(),
        );
        self.compose_standalone(mail, "sign-in", subject, text)
            .await
    }

    async fn sign_in_key(&self) -> Result<[u8; 32], StoreError> {
        self.sign_in_key
            .get_or_try_init(|| self.installation_secret(SIGN_IN_KEY_SETTING))
            .await
            .copied()
    }
}

/// The token of link `id`.
fn token_for(key: &[u8; 32], id: OutboxId) -> String {
    signed_token::sign(key, LABEL, id.0)
}

/// The link id a token names, if its MAC is right.
fn verify_token(key: &[u8; 32], token: &str) -> Option<OutboxId> {
    signed_token::verify(key, LABEL, token).map(OutboxId)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_verifies_only_under_its_key_and_unchanged() {
        let key = [7u8; 32];
        let id = OutboxId::generate();
        let token = token_for(&key, id);
        assert_eq!(token.len(), 64);
        assert_eq!(verify_token(&key, &token), Some(id));
        assert_eq!(verify_token(&[8u8; 32], &token), None);
        let mut forged = token.clone().into_bytes();
        forged[63] = if forged[63] == b'0' { b'1' } else { b'0' };
        assert_eq!(
            verify_token(&key, &String::from_utf8(forged).unwrap()),
            None
        );
        assert_eq!(verify_token(&key, &token[..62]), None);
        assert_eq!(verify_token(&key, "é".repeat(32).as_str()), None);
    }
}
