//! `Idempotency-Key` on POST: a retried request (same key, same caller) gets the first answer again instead
//! of creating a second ticket or message.
//!
//! The key is claimed in the database before the request runs, so two retries racing each other cannot both
//! run: the loser is told the first is still in progress (409). The same key with a different body is a
//! client bug and is refused (422). Server errors release the key so that a retry can run again.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use ayuda_app::AppError;
use ayuda_store::{IdempotencyClaim, IdempotencyState, StoredResponse};
use sha2::{Digest, Sha256};

use crate::WebState;
use crate::extract::MAX_BODY_BYTES;
use crate::problem::ApiError;

/// How long an unfinished claim blocks retries before it is presumed abandoned (its node died).
const STALE_AFTER: jiff::SignedDuration = jiff::SignedDuration::from_secs(60);

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn valid_key(key: &str) -> bool {
    (1..=255).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic())
}

pub async fn idempotency(State(state): State<WebState>, request: Request, next: Next) -> Response {
    if request.method() != Method::POST {
        return next.run(request).await;
    }
    let Some(key) = request.headers().get("idempotency-key") else {
        return next.run(request).await;
    };
    let key = match key.to_str() {
        Ok(key) if valid_key(key) => key.to_owned(),
        _ => {
            return ApiError::bad_request(
                "Idempotency-Key must be 1 to 255 visible ASCII characters",
            )
            .into_response();
        }
    };
    let credential = request
        .headers()
        .get(header::AUTHORIZATION)
        .map(|v| v.as_bytes().to_vec())
        .unwrap_or_default();
    let scope = hex(&Sha256::digest(&credential)[..16]);
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY_BYTES).await else {
        return ApiError::too_large(MAX_BODY_BYTES).into_response();
    };
    let mut hasher = Sha256::new();
    hasher.update(parts.uri.path().as_bytes());
    hasher.update([0]);
    hasher.update(&bytes);
    let fingerprint = hex(&hasher.finalize());

    let now = state.app.clock().now();
    let claim = IdempotencyClaim {
        scope: scope.clone(),
        key: key.clone(),
        fingerprint: fingerprint.clone(),
        at: now,
        stale_before: now - STALE_AFTER,
    };
    let store = state.app.store();
    match store.claim_idempotency_key(&claim).await {
        Err(error) => ApiError::from(AppError::from(error)).into_response(),
        Ok(IdempotencyState::Completed {
            fingerprint: earlier,
            response,
        }) if earlier == fingerprint => replay(response),
        Ok(
            IdempotencyState::Completed {
                fingerprint: earlier,
                ..
            }
            | IdempotencyState::InProgress {
                fingerprint: earlier,
            },
        ) if earlier != fingerprint => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "idempotency-key-reused",
            "this Idempotency-Key was used for a different request",
        )
        .into_response(),
        Ok(IdempotencyState::InProgress { .. } | IdempotencyState::Completed { .. }) => {
            ApiError::new(
                StatusCode::CONFLICT,
                "idempotency-key-in-progress",
                "a request with this Idempotency-Key is still running; retry later",
            )
            .into_response()
        }
        Ok(IdempotencyState::Claimed) => {
            let response = next
                .run(Request::from_parts(parts, Body::from(bytes)))
                .await;
            let (parts, body) = response.into_parts();
            let Ok(body) = axum::body::to_bytes(body, usize::MAX).await else {
                let _ = store.release_idempotency_key(&scope, &key).await;
                return ApiError::from(AppError::Conflict("the response could not be read".into()))
                    .into_response();
            };
            let status = parts.status.as_u16();
            let kept = if parts.status.is_server_error() {
                store.release_idempotency_key(&scope, &key).await
            } else {
                store
                    .complete_idempotency_key(
                        &scope,
                        &key,
                        &StoredResponse {
                            status,
                            body: body.to_vec(),
                        },
                    )
                    .await
            };
            if let Err(error) = kept {
                tracing::error!(%error, "could not record the idempotency key's response");
            }
            Response::from_parts(parts, Body::from(body))
        }
    }
}

fn replay(stored: StoredResponse) -> Response {
    let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    let content_type = if status.is_success() {
        "application/json"
    } else {
        "application/problem+json"
    };
    let mut response = (status, stored.body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert("idempotent-replayed", HeaderValue::from_static("true"));
    response
}

#[cfg(test)]
mod tests {
    #[test]
    fn keys_are_visible_ascii() {
        assert!(super::valid_key("retry-7f3a"));
        assert!(!super::valid_key(""));
        assert!(!super::valid_key("with space"));
        assert!(!super::valid_key(&"k".repeat(256)));
    }
}
