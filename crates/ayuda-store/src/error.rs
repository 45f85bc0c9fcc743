//! Errors a store reports. `Option` means absent; an error means something went wrong.

/// A failed storage operation.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The record to change does not exist.
    #[error("not found")]
    NotFound,
    /// Another write changed the record since it was read (the version differed).
    #[error("the record was changed by someone else; read it again")]
    Conflict,
    /// A uniqueness rule was broken; the string names the value's kind (`email`, `domain`, `group name`…).
    #[error("{0} is already taken")]
    Duplicate(String),
    /// A record refers to another that does not exist (an unknown group or agent id, say).
    #[error("{0} does not exist")]
    MissingReference(String),
    /// The database failed or could not be reached. The message is for logs, never for clients.
    #[error("storage failure: {0}")]
    Backend(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl StoreError {
    pub fn backend(error: impl std::error::Error + Send + Sync + 'static) -> StoreError {
        StoreError::Backend(Box::new(error))
    }
}
