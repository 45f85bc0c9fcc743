//! Contacts (the customers), the ways to reach them, and the organizations they belong to.

use std::collections::BTreeMap;
use std::fmt;

use jiff::Timestamp;

use crate::error::FieldError;
use crate::field::FieldValue;
use crate::id::{ContactId, OrganizationId};
use crate::text::{Language, Name};

/// An email address: trimmed, with the domain lowercased (the local part keeps its case, as RFC 5321 says
/// it may matter), and compared case-insensitively by [`EmailAddress::normalized`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(raw: &str) -> Result<EmailAddress, FieldError> {
        let raw = raw.trim();
        let invalid = || FieldError::new("", "must be an email address such as ana@example.com");
        if raw.len() > 254
            || raw
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ','))
        {
            return Err(invalid());
        }
        let (local, domain) = raw.rsplit_once('@').ok_or_else(invalid)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain
                .split('.')
                .all(|label| !label.is_empty() && label.len() <= 63 && !label.starts_with('-'));
        if local.is_empty() || local.len() > 64 || local.contains('@') || !domain_ok {
            return Err(invalid());
        }
        Ok(EmailAddress(format!("{local}@{}", domain.to_lowercase())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form used to find a contact by address: entirely lowercase.
    pub fn normalized(&self) -> String {
        self.0.to_lowercase()
    }

    /// The domain, lowercase: `example.com`.
    pub fn domain(&self) -> &str {
        self.0
            .rsplit_once('@')
            .map(|(_, domain)| domain)
            .unwrap_or("")
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A phone or fax number, kept as digits with an optional leading `+` so that `+34 600-12-34` and
/// `+346001234` are the same number.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    pub fn parse(raw: &str) -> Result<PhoneNumber, FieldError> {
        let raw = raw.trim();
        let invalid = || FieldError::new("", "must be a phone number such as +34 600 123 456");
        let mut digits = String::new();
        for (i, c) in raw.chars().enumerate() {
            match c {
                '+' if i == 0 => digits.push('+'),
                '0'..='9' => digits.push(c),
                ' ' | '-' | '.' | '(' | ')' | '/' => {}
                _ => return Err(invalid()),
            }
        }
        let count = digits.trim_start_matches('+').len();
        if !(3..=20).contains(&count) {
            return Err(invalid());
        }
        Ok(PhoneNumber(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

string_enum!(
    /// The kind of a contact identity.
    IdentityKind { Email = "email", Phone = "phone", Fax = "fax" }
);

/// One way to reach a contact. Each (kind, value) belongs to at most one contact.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Identity {
    pub kind: IdentityKind,
    /// The normalized value: lowercase email, or digits of a phone or fax number.
    pub value: String,
}

impl Identity {
    pub fn email(address: &EmailAddress) -> Identity {
        Identity {
            kind: IdentityKind::Email,
            value: address.normalized(),
        }
    }

    pub fn parse(kind: IdentityKind, raw: &str) -> Result<Identity, FieldError> {
        let value = match kind {
            IdentityKind::Email => EmailAddress::parse(raw)?.normalized(),
            IdentityKind::Phone | IdentityKind::Fax => PhoneNumber::parse(raw)?.as_str().to_owned(),
        };
        Ok(Identity { kind, value })
    }
}

/// A time zone name from the IANA database, such as `Europe/Madrid`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeZoneName(String);

impl TimeZoneName {
    pub fn parse(raw: &str) -> Result<TimeZoneName, FieldError> {
        let raw = raw.trim();
        match jiff::tz::TimeZone::get(raw) {
            Ok(_) => Ok(TimeZoneName(raw.to_owned())),
            Err(_) => Err(FieldError::new(
                "",
                "must be a time zone such as Europe/Madrid",
            )),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A customer.
#[derive(Debug, Clone, PartialEq)]
pub struct Contact {
    pub id: ContactId,
    pub name: Name,
    /// Never empty for a contact created from an email or the API; may be empty for a walk-in visitor.
    pub identities: Vec<Identity>,
    pub language: Option<Language>,
    pub time_zone: Option<TimeZoneName>,
    pub organization_id: Option<OrganizationId>,
    pub notes: String,
    pub custom_fields: BTreeMap<String, FieldValue>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Contact {
    /// The first email identity, where replies go.
    pub fn primary_email(&self) -> Option<&str> {
        self.identities
            .iter()
            .find(|i| i.kind == IdentityKind::Email)
            .map(|i| i.value.as_str())
    }
}

string_enum!(
    /// What kind of customer an organization is.
    OrganizationKind { Consumer = "consumer", Retailer = "retailer", Wholesaler = "wholesaler", Other = "other" }
);

string_enum!(
    /// The service level an organization has bought.
    ServiceTier { Basic = "basic", Standard = "standard", Premium = "premium", Enterprise = "enterprise" }
);

/// An email domain owned by an organization: lowercase, no `@`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Domain(String);

impl Domain {
    pub fn parse(raw: &str) -> Result<Domain, FieldError> {
        let domain = raw.trim().trim_start_matches('@').to_lowercase();
        // A domain is valid exactly when an address at it is.
        EmailAddress::parse(&format!("x@{domain}"))
            .map_err(|_| FieldError::new("", "must be a domain such as example.com"))?;
        Ok(Domain(domain))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A company or household that contacts belong to.
#[derive(Debug, Clone, PartialEq)]
pub struct Organization {
    pub id: OrganizationId,
    pub name: Name,
    pub kind: OrganizationKind,
    pub service_tier: ServiceTier,
    /// A new contact whose email is at one of these domains joins this organization.
    pub domains: Vec<Domain>,
    /// Whether its members see each other's tickets in the portal.
    pub shared_tickets: bool,
    pub notes: String,
    pub custom_fields: BTreeMap<String, FieldValue>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_addresses() {
        let email = EmailAddress::parse("  Ana.Garcia@Example.COM ").unwrap();
        assert_eq!(email.as_str(), "Ana.Garcia@example.com");
        assert_eq!(email.normalized(), "ana.garcia@example.com");
        assert_eq!(email.domain(), "example.com");
        for bad in [
            "",
            "ana",
            "ana@",
            "@example.com",
            "ana@example",
            "a b@example.com",
            "ana@exa..mple.com",
            "<a@b.co>",
        ] {
            assert!(
                EmailAddress::parse(bad).is_err(),
                "{bad:?} should be refused"
            );
        }
    }

    #[test]
    fn phone_numbers_keep_digits_only() {
        assert_eq!(
            PhoneNumber::parse("+34 600-12-34").unwrap().as_str(),
            "+346001234"
        );
        assert_eq!(
            PhoneNumber::parse("(06) 1234 5678").unwrap().as_str(),
            "0612345678"
        );
        assert!(PhoneNumber::parse("call me").is_err());
        assert!(PhoneNumber::parse("12").is_err());
        assert!(PhoneNumber::parse("1+2345").is_err());
    }

    #[test]
    fn domains_and_time_zones() {
        assert_eq!(
            Domain::parse("@Example.com").unwrap().as_str(),
            "example.com"
        );
        assert!(Domain::parse("not a domain").is_err());
        assert!(TimeZoneName::parse("Europe/Rome").is_ok());
        assert!(TimeZoneName::parse("Mars/Olympus").is_err());
    }
}
