//! Errors as RFC 9457 problem details (`application/problem+json`), with per-field messages.
//!
//! Every error response of the API goes through [`ApiError`]. Server faults are logged with their cause and
//! shown to the client only as "internal error", so no SQL or stack detail ever leaks.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ayuda_app::AppError;
use ayuda_core::Invalid;
use serde::Serialize;
use utoipa::ToSchema;

/// A problem detail (RFC 9457).
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI reference naming the kind of problem.
    #[serde(rename = "type")]
    pub problem_type: String,
    /// A short summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong this time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// One entry per invalid input field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProblemField>,
}

/// What is wrong with one input field.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemField {
    /// The field, dotted for nested ones (`requester.email`, `tags.2`); empty for the whole body.
    pub field: String,
    pub message: String,
}

/// An error response.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub kind: &'static str,
    pub detail: Option<String>,
    pub errors: Vec<ProblemField>,
    /// Extra headers, such as `Retry-After` or `WWW-Authenticate`.
    pub headers: Vec<(header::HeaderName, HeaderValue)>,
}

impl ApiError {
    pub fn new(status: StatusCode, kind: &'static str, detail: impl Into<String>) -> ApiError {
        ApiError {
            status,
            kind,
            detail: Some(detail.into()),
            errors: Vec::new(),
            headers: Vec::new(),
        }
    }

    pub fn bad_request(detail: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "malformed-request", detail)
    }

    pub fn invalid(invalid: Invalid) -> ApiError {
        let errors = invalid
            .0
            .into_iter()
            .map(|e| ProblemField {
                field: e.field,
                message: e.message,
            })
            .collect();
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            kind: "validation-failed",
            detail: Some("the request has invalid fields".into()),
            errors,
            headers: Vec::new(),
        }
    }

    pub fn not_found(what: &str) -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not-found",
            format!("{what} not found"),
        )
    }

    pub fn unauthenticated() -> ApiError {
        let mut error = ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "a valid token is required: Authorization: Bearer ayu_…",
        );
        error
            .headers
            .push((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")));
        error
    }

    pub fn too_large(limit: usize) -> ApiError {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too-large",
            format!("the body is larger than {limit} bytes"),
        )
    }

    fn title(&self) -> &'static str {
        self.status.canonical_reason().unwrap_or("Error")
    }
}

impl From<AppError> for ApiError {
    fn from(error: AppError) -> ApiError {
        match error {
            AppError::Unauthenticated => ApiError::unauthenticated(),
            AppError::Forbidden(why) => ApiError::new(StatusCode::FORBIDDEN, "forbidden", why),
            AppError::NotFound(what) => ApiError::not_found(what),
            AppError::Invalid(invalid) => ApiError::invalid(invalid),
            AppError::Conflict(detail) => ApiError::new(StatusCode::CONFLICT, "conflict", detail),
            AppError::Internal(cause) => {
                tracing::error!(error = %cause, source = ?std::error::Error::source(&cause), "request failed");
                ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "internal error; the cause is in the server log",
                )
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let problem = Problem {
            problem_type: format!("urn:ayuda:problem:{}", self.kind),
            title: self.title().to_owned(),
            status: self.status.as_u16(),
            detail: self.detail,
            errors: self.errors,
        };
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut response = (self.status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        for (name, value) in self.headers {
            headers.insert(name, value);
        }
        response
    }
}
