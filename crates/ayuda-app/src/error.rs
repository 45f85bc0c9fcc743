//! What can go wrong in a use case, in terms a client can act on.

use ayuda_core::Invalid;
use ayuda_store::StoreError;

/// A failed use case. Every variant but `Internal` is the caller's to fix.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// No valid credentials.
    #[error("authentication required")]
    Unauthenticated,
    /// Signed in, but not allowed to do this.
    #[error("{0}")]
    Forbidden(&'static str),
    /// No such record, or one the principal may not see (the two are not told apart, so ids do not leak).
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error(transparent)]
    Invalid(#[from] Invalid),
    /// The request clashes with the current state (a taken email, a concurrent change, a closed ticket).
    #[error("{0}")]
    Conflict(String),
    /// Ayuda or its database failed; details go to the log only.
    #[error("internal error")]
    Internal(#[source] StoreError),
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> AppError {
        match error {
            StoreError::NotFound => AppError::NotFound("record"),
            StoreError::Conflict => AppError::Conflict(StoreError::Conflict.to_string()),
            StoreError::Duplicate(what) => AppError::Conflict(format!("{what} is already taken")),
            StoreError::MissingReference(what) => {
                AppError::Invalid(Invalid::one(what, "does not exist"))
            }
            error @ StoreError::Backend(_) => AppError::Internal(error),
        }
    }
}

impl From<ayuda_core::FieldError> for AppError {
    fn from(error: ayuda_core::FieldError) -> AppError {
        AppError::Invalid(error.into())
    }
}
