//! The crate's internal error, which lets SQL code use `?` on both rusqlite and store errors, and its
//! translation into [`StoreError`]: constraint violations become `Duplicate` or `MissingReference`.

use ayuda_store::StoreError;
use ayuda_store::codec::CorruptValue;
use rusqlite::ffi;

/// A failure inside this crate, before it is reported as a [`StoreError`].
#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    #[error(transparent)]
    Sql(#[from] rusqlite::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<CorruptValue> for Error {
    fn from(error: CorruptValue) -> Error {
        Error::Store(error.into())
    }
}

impl From<Error> for StoreError {
    fn from(error: Error) -> StoreError {
        match error {
            Error::Store(error) => error,
            Error::Sql(error) => from_sql(error),
        }
    }
}

/// The writer thread has stopped, so nothing can be written any more.
#[derive(Debug, thiserror::Error)]
#[error("the SQLite writer thread has stopped")]
pub(crate) struct WriterStopped;

/// A failure that hit a whole batch of writes (its transaction could not begin or commit), reported to
/// every write of the batch. It carries the message only, as one error cannot be given to many callers.
#[derive(Debug, thiserror::Error)]
#[error("the write batch failed: {0}")]
pub(crate) struct BatchFailed(pub String);

/// Which constraint a SQLite error broke, if it is a constraint violation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Violation {
    Unique,
    ForeignKey,
}

pub(crate) fn violation(error: &rusqlite::Error) -> Option<Violation> {
    let rusqlite::Error::SqliteFailure(failure, _) = error else {
        return None;
    };
    match failure.extended_code {
        ffi::SQLITE_CONSTRAINT_UNIQUE | ffi::SQLITE_CONSTRAINT_PRIMARYKEY => {
            Some(Violation::Unique)
        }
        ffi::SQLITE_CONSTRAINT_FOREIGNKEY => Some(Violation::ForeignKey),
        _ => None,
    }
}

/// Whether `error` is a unique or primary key violation (the caller then knows which value clashed).
pub(crate) fn is_unique_violation(error: &Error) -> bool {
    matches!(error, Error::Sql(e) if violation(e) == Some(Violation::Unique))
}

/// Whether `error` is a foreign key violation (the caller then checks which reference is missing).
pub(crate) fn is_foreign_key_violation(error: &Error) -> bool {
    matches!(error, Error::Sql(e) if violation(e) == Some(Violation::ForeignKey))
}

/// Turns a foreign key violation into [`StoreError::MissingReference`] naming `what`; other errors pass.
pub(crate) fn missing_reference(what: &str) -> impl Fn(Error) -> Error + '_ {
    move |error| {
        if is_foreign_key_violation(&error) {
            StoreError::MissingReference(what.to_owned()).into()
        } else {
            error
        }
    }
}

fn from_sql(error: rusqlite::Error) -> StoreError {
    match violation(&error) {
        Some(Violation::Unique) => {
            let columns = match &error {
                rusqlite::Error::SqliteFailure(_, Some(message)) => message
                    .strip_prefix("UNIQUE constraint failed: ")
                    .unwrap_or(message)
                    .to_owned(),
                _ => String::new(),
            };
            StoreError::Duplicate(duplicate_kind(&columns))
        }
        // SQLite does not say which foreign key failed; the writes that take ids from callers check their
        // references themselves on this error, so this is the fallback for the others.
        Some(Violation::ForeignKey) => StoreError::MissingReference("referenced record".to_owned()),
        None => StoreError::backend(error),
    }
}

/// The value kind a unique violation names, from SQLite's `table.column, ...` list.
fn duplicate_kind(columns: &str) -> String {
    let kind = match columns {
        "agent_group.name_key" => "group name",
        "agent.email_key" => "agent email",
        "organization_domain.domain" => "domain",
        "field_definition.entity, field_definition.key" => "field key",
        "api_token.secret_sha256" => "token",
        "contact_identity.kind, contact_identity.value" => "identity",
        "ticket.number" => "ticket number",
        "idempotency_key.scope, idempotency_key.key" => "idempotency key",
        "canned_response.name_key, canned_response.language" => "canned response name",
        "business_calendar.name_key" => "calendar name",
        "sla_policy.name_key" => "SLA policy name",
        "automation_trigger.name_key" => "trigger name",
        "timed_rule.name_key" => "automation name",
        "ticket_macro.name_key" => "macro name",
        "satisfaction_survey.ticket_id" => "survey of the ticket",
        other => {
            return match other.split_once('.') {
                Some((table, "id")) => format!("{table} id"),
                _ => other.to_owned(),
            };
        }
    };
    kind.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_kinds_name_the_value() {
        assert_eq!(duplicate_kind("agent_group.name_key"), "group name");
        assert_eq!(duplicate_kind("agent.email_key"), "agent email");
        assert_eq!(
            duplicate_kind("field_definition.entity, field_definition.key"),
            "field key"
        );
        assert_eq!(duplicate_kind("contact.id"), "contact id");
    }
}
