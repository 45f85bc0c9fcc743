//! One-time links that sign a customer in to the portal, or finish signing up: proof that the person holds
//! the email address, which is what gives them its tickets.

use jiff::{SignedDuration, Timestamp};

use crate::contact::EmailAddress;
use crate::id::OutboxId;
use crate::text::Name;

/// How long a link works after it was asked for.
pub const SIGN_IN_LINK_LIFETIME: SignedDuration = SignedDuration::from_mins(30);

/// A link asked for. It is carried by one outbox mail and shares that mail's id, so the sender can rebuild
/// the link from the row alone; the secret part of the link is derived from the id with the installation's
/// key and is never stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInLink {
    pub id: OutboxId,
    pub email: EmailAddress,
    /// The name given when signing up; `None` when an existing customer asked to sign in.
    pub name: Option<Name>,
    /// The language the mail and the portal speak, an ISO 639-1 code.
    pub language: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    /// When it was used; a link works once.
    pub used_at: Option<Timestamp>,
}

impl SignInLink {
    /// A fresh link for `email`, asked for at `now`.
    pub fn new(
        id: OutboxId,
        email: EmailAddress,
        name: Option<Name>,
        language: &str,
        now: Timestamp,
    ) -> SignInLink {
        SignInLink {
            id,
            email,
            name,
            language: language.to_owned(),
            created_at: now,
            expires_at: now + SIGN_IN_LINK_LIFETIME,
            used_at: None,
        }
    }

    /// Whether it still signs someone in at `now`.
    pub fn is_usable(&self, now: Timestamp) -> bool {
        self.used_at.is_none() && now < self.expires_at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_works_once_and_only_for_its_lifetime() {
        let now: Timestamp = "2026-11-24T10:00:00Z".parse().unwrap();
        let mut link = SignInLink::new(
            OutboxId(uuid::Uuid::nil()),
            EmailAddress::parse("ana@example.com").unwrap(),
            None,
            "es",
            now,
        );
        assert!(link.is_usable(now + SignedDuration::from_mins(29)));
        assert!(!link.is_usable(now + SIGN_IN_LINK_LIFETIME));
        link.used_at = Some(now);
        assert!(!link.is_usable(now));
    }
}
