//! Mailboxes as administrators keep them from the workspace: the support addresses Ayuda receives mail for,
//! the group their tickets go to, and the IMAP account their mail is fetched from. A running server picks a
//! change up at its next rescan of the mailboxes.

use ayuda_core::Invalid;
use ayuda_core::contact::EmailAddress;
use ayuda_core::email::{ImapAccount, Mailbox, Password, TlsMode};
use ayuda_core::id::{GroupId, MailboxId};
use ayuda_core::permission::{self, Operation, Principal, Resource};
use ayuda_store::StoreError;

use crate::{App, AppError, parse_id};

/// A mailbox as an administrator describes it. Every field is given on each save, as a form sends them;
/// only an empty IMAP password keeps the stored one.
#[derive(Debug, Clone, Default)]
pub struct MailboxInput {
    pub name: String,
    pub address: String,
    /// A group id; empty for none.
    pub group_id: String,
    pub active: bool,
    /// Empty for a mailbox fed by an MTA or a relay; then the other IMAP fields are ignored.
    pub imap_host: String,
    /// Empty for the default of the TLS mode (993 or 143).
    pub imap_port: String,
    pub imap_tls: String,
    pub imap_user: String,
    pub imap_password: String,
    pub imap_folder: String,
    pub imap_processed_folder: String,
}

fn allow(principal: &Principal, operation: Operation) -> Result<(), AppError> {
    permission::can(principal, Resource::Mail, operation)
        .map_err(|denied| AppError::Forbidden(denied.0))
}

impl App {
    pub async fn list_mailboxes(&self, principal: &Principal) -> Result<Vec<Mailbox>, AppError> {
        allow(principal, Operation::List)?;
        Ok(self.store.list_mailboxes().await?)
    }

    pub async fn mailbox(&self, principal: &Principal, id: MailboxId) -> Result<Mailbox, AppError> {
        allow(principal, Operation::Read)?;
        self.store
            .get_mailbox(id)
            .await?
            .ok_or(AppError::NotFound("mailbox"))
    }

    pub async fn create_mailbox(
        &self,
        principal: &Principal,
        input: MailboxInput,
    ) -> Result<Mailbox, AppError> {
        allow(principal, Operation::Create)?;
        let now = self.clock.now();
        let mailbox = self
            .mailbox_from(input, MailboxId::generate(), now, None)
            .await?;
        stored(self.store.create_mailbox(mailbox).await)
    }

    pub async fn update_mailbox(
        &self,
        principal: &Principal,
        id: MailboxId,
        input: MailboxInput,
    ) -> Result<Mailbox, AppError> {
        allow(principal, Operation::Update)?;
        let current = self.mailbox(principal, id).await?;
        let kept_password = current.imap.as_ref().map(|imap| imap.password.clone());
        let mailbox = self
            .mailbox_from(input, current.id, current.created_at, kept_password)
            .await?;
        stored(self.store.update_mailbox(mailbox).await)
    }

    /// The mailbox `input` describes, with this id and creation time; problems are collected.
    async fn mailbox_from(
        &self,
        input: MailboxInput,
        id: MailboxId,
        created_at: ayuda_core::Timestamp,
        kept_password: Option<Password>,
    ) -> Result<Mailbox, AppError> {
        let mut invalid = Invalid::default();
        let name = input.name.trim().to_owned();
        if name.is_empty() || name.chars().count() > 100 {
            invalid.push(ayuda_core::FieldError::new(
                "name",
                "must have 1 to 100 characters",
            ));
        }
        let address = invalid.check("address", EmailAddress::parse(input.address.trim()));
        let group_id = match input.group_id.trim() {
            "" => None,
            raw => match parse_id::<GroupId>("group_id", raw) {
                Ok(id) if self.store.get_group(id).await?.is_some() => Some(id),
                _ => {
                    invalid.push(ayuda_core::FieldError::new("group_id", "does not exist"));
                    None
                }
            },
        };
        let active = input.active;
        let imap = imap_account(input, kept_password, &mut invalid);
        invalid.into_result()?;
        let Some(address) = address else {
            return Err(Invalid::one("address", "is required").into());
        };
        Ok(Mailbox {
            id,
            name,
            address,
            group_id,
            imap,
            active,
            created_at,
            updated_at: self.clock.now(),
        })
    }
}

/// The IMAP account the input describes, if any; problems go to `invalid`.
fn imap_account(
    input: MailboxInput,
    kept_password: Option<Password>,
    invalid: &mut Invalid,
) -> Option<ImapAccount> {
    let host = input.imap_host.trim();
    if host.is_empty() {
        return None;
    }
    let field = |name: &str, message: &str| ayuda_core::FieldError::new(name, message);
    let tls = match TlsMode::parse(input.imap_tls.trim()) {
        Ok(tls) => tls,
        Err(_) => {
            invalid.push(field("imap_tls", "must be tls, starttls or plain"));
            TlsMode::Tls
        }
    };
    let port = match input.imap_port.trim() {
        "" => match tls {
            TlsMode::Tls => 993,
            TlsMode::StartTls | TlsMode::Plain => 143,
        },
        raw => raw
            .parse::<u16>()
            .ok()
            .filter(|p| *p > 0)
            .unwrap_or_else(|| {
                invalid.push(field("imap_port", "must be a port number"));
                0
            }),
    };
    let user = input.imap_user.trim();
    if user.is_empty() {
        invalid.push(field("imap_user", "is required with an IMAP host"));
    }
    let password = match (input.imap_password.as_str(), kept_password) {
        ("", Some(kept)) => kept,
        ("", None) => {
            invalid.push(field("imap_password", "is required with an IMAP host"));
            Password(String::new())
        }
        (given, _) => Password(given.to_owned()),
    };
    let folder = match input.imap_folder.trim() {
        "" => "INBOX".to_owned(),
        folder => folder.to_owned(),
    };
    let processed = Some(input.imap_processed_folder.trim().to_owned()).filter(|f| !f.is_empty());
    if processed.as_deref() == Some(folder.as_str()) {
        invalid.push(field(
            "imap_processed_folder",
            "must differ from the folder mail is fetched from",
        ));
    }
    Some(ImapAccount {
        host: host.to_owned(),
        port,
        tls,
        user: user.to_owned(),
        password,
        folder,
        processed_folder: processed,
    })
}

fn stored(result: Result<Mailbox, StoreError>) -> Result<Mailbox, AppError> {
    match result {
        Ok(mailbox) => Ok(mailbox),
        Err(StoreError::Duplicate(_)) => Err(AppError::Invalid(Invalid::one(
            "name",
            "is taken by another mailbox",
        ))),
        Err(error) => Err(error.into()),
    }
}
