//! Validation errors: what was wrong with which field of the input, in words a user can act on.

use std::fmt;

/// One problem with one input field, such as `subject: must not be empty`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The input field's name as the user sent it, dotted for nested fields (`requester.email`).
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> FieldError {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The same error, reported under a parent field (`email` becomes `requester.email`).
    pub fn within(mut self, parent: &str) -> FieldError {
        self.field = if self.field.is_empty() {
            parent.to_owned()
        } else {
            format!("{parent}.{}", self.field)
        };
        self
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for FieldError {}

/// Input that failed validation, with every problem found (not only the first).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Invalid(pub Vec<FieldError>);

impl Invalid {
    pub fn one(field: impl Into<String>, message: impl Into<String>) -> Invalid {
        Invalid(vec![FieldError::new(field, message)])
    }

    pub fn push(&mut self, error: FieldError) {
        self.0.push(error);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Records the error of `result` under `field` and gives back its value, if any.
    pub fn check<T>(&mut self, field: &str, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.push(error.within(field));
                None
            }
        }
    }

    /// `Ok(())` when nothing was recorded.
    pub fn into_result(self) -> Result<(), Invalid> {
        if self.0.is_empty() { Ok(()) } else { Err(self) }
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        write!(f, "invalid input: {}", parts.join("; "))
    }
}

impl std::error::Error for Invalid {}

impl From<FieldError> for Invalid {
    fn from(error: FieldError) -> Invalid {
        Invalid(vec![error])
    }
}
