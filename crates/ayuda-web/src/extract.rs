//! Request extractors that turn every client mistake into a problem+json answer: a JSON body (400 for bad
//! syntax, 415 for a wrong content type, 413 when too large, 422 naming the field for wrong types), query
//! strings, ids in the path, and the bearer token.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header;
use axum::http::request::Parts;
use ayuda_app::Session;
use ayuda_core::{FieldError, Invalid};
use serde::de::DeserializeOwned;

use crate::WebState;
use crate::problem::ApiError;

/// The largest request body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 3 << 20;

/// A JSON request body.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, _state: &S) -> Result<ApiJson<T>, ApiError> {
        let is_json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|mime| {
                let mime = mime.trim().to_ascii_lowercase();
                mime == "application/json"
                    || (mime.starts_with("application/") && mime.ends_with("+json"))
            });
        if !is_json {
            return Err(ApiError::new(
                axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "send the body as application/json",
            ));
        }
        let bytes = axum::body::to_bytes(request.into_body(), MAX_BODY_BYTES)
            .await
            .map_err(|_| ApiError::too_large(MAX_BODY_BYTES))?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// Parses a JSON body: syntax errors are the client's malformed request (400), type errors name the field (422).
///
/// A malformed body is malformed even where its first value would also fail validation (`{} {}`), so when
/// deserializing fails the whole body's syntax is checked before the error is classified. The success path
/// reads the body once.
pub fn parse_json<T: DeserializeOwned>(bytes: &Bytes) -> Result<T, ApiError> {
    let malformed =
        |e: serde_json::Error| ApiError::bad_request(format!("the body is not valid JSON: {e}"));
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize(&mut deserializer) {
        Ok(value) => {
            deserializer.end().map_err(malformed)?;
            Ok(value)
        }
        Err(error) => {
            serde_json::from_slice::<serde::de::IgnoredAny>(bytes).map_err(malformed)?;
            let path = error.path().to_string();
            let parent = if path == "." { String::new() } else { path };
            let message = strip_position(&error.into_inner().to_string());
            // serde reports a missing field at its parent; name the field itself, as a form would.
            let field = match message
                .strip_prefix("missing field `")
                .and_then(|rest| rest.strip_suffix('`'))
            {
                Some(missing) if parent.is_empty() => missing.to_owned(),
                Some(missing) => format!("{parent}.{missing}"),
                None => parent,
            };
            Err(ApiError::invalid(Invalid(vec![FieldError::new(
                field, message,
            )])))
        }
    }
}

/// serde's messages end with " at line 1 column 14", which means nothing to an API user next to a field name.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message.to_owned(),
    }
}

/// A query string.
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<ApiQuery<T>, ApiError> {
        let query = parts.uri.query().unwrap_or_default();
        serde_urlencoded::from_str(query)
            .map(ApiQuery)
            .map_err(|e| ApiError::invalid(Invalid::one("query", e.to_string())))
    }
}

/// An id in the path. One that cannot be an id cannot name anything, so it is a 404 like an unknown one.
#[derive(Debug)]
pub struct IdPath<T>(pub T);

impl<T: std::str::FromStr + Send, S: Send + Sync> FromRequestParts<S> for IdPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<IdPath<T>, ApiError> {
        let axum::extract::Path(raw) =
            axum::extract::Path::<String>::from_request_parts(parts, state)
                .await
                .map_err(|_| ApiError::not_found("record"))?;
        raw.parse()
            .map(IdPath)
            .map_err(|_| ApiError::not_found("record"))
    }
}

/// The signed-in session, from `Authorization: Bearer <token>`, or for reading (GET and HEAD) also from the
/// web interfaces' session cookie, so a page can link an attachment or show an inline image. A cookie never
/// authorises a change through the API: a browser sends it with requests other sites start.
#[derive(Debug)]
pub struct Auth(pub Session);

impl FromRequestParts<WebState> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &WebState) -> Result<Auth, ApiError> {
        let reading = matches!(
            parts.method,
            axum::http::Method::GET | axum::http::Method::HEAD
        );
        let secret = bearer_token(parts)
            .or_else(|| {
                reading
                    .then(|| {
                        crate::ui::session::cookie(
                            &parts.headers,
                            crate::ui::session::SESSION_COOKIE,
                        )
                    })
                    .flatten()
            })
            .ok_or_else(ApiError::unauthenticated)?;
        Ok(Auth(state.app.authenticate(secret).await?))
    }
}

/// The token of an `Authorization: Bearer` header, if there is one.
pub fn bearer_token(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}
