//! Assertions on the errors the trait documents, with messages that show what came back instead.

use std::fmt::Debug;

use ayuda_store::StoreError;

/// `result` is `StoreError::Duplicate(what)`.
pub(crate) fn duplicate<T: Debug>(result: Result<T, StoreError>, what: &str) {
    match result {
        Err(StoreError::Duplicate(kind)) if kind == what => {}
        other => panic!("expected Duplicate({what:?}), got {other:?}"),
    }
}

/// `result` is `StoreError::MissingReference(what)`.
pub(crate) fn missing<T: Debug>(result: Result<T, StoreError>, what: &str) {
    match result {
        Err(StoreError::MissingReference(name)) if name == what => {}
        other => panic!("expected MissingReference({what:?}), got {other:?}"),
    }
}

/// `result` is `StoreError::MissingReference` naming anything: where the trait does not fix the name.
pub(crate) fn missing_any<T: Debug>(result: Result<T, StoreError>) {
    match result {
        Err(StoreError::MissingReference(_)) => {}
        other => panic!("expected MissingReference(_), got {other:?}"),
    }
}

/// `result` is an error of any kind: where the trait only promises that nothing is written.
pub(crate) fn failed<T: Debug>(result: Result<T, StoreError>) {
    assert!(result.is_err(), "expected an error, got {result:?}");
}

pub(crate) fn not_found<T: Debug>(result: Result<T, StoreError>) {
    match result {
        Err(StoreError::NotFound) => {}
        other => panic!("expected NotFound, got {other:?}"),
    }
}

pub(crate) fn conflict<T: Debug>(result: Result<T, StoreError>) {
    match result {
        Err(StoreError::Conflict) => {}
        other => panic!("expected Conflict, got {other:?}"),
    }
}
