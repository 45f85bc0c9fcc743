//! `/api/v1/auth`: agents sign in with email and password for a token, and sign out by revoking it.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use crate::WebState;
use crate::extract::{ApiJson, Auth};
use crate::problem::ApiError;
use crate::requests::SignInRequest;
use crate::views::TokenView;

/// Sign in as an agent; answers a new API token.
#[utoipa::path(post, path = "/api/v1/auth/sign-in", tag = "auth", request_body = SignInRequest, security(()),
    responses((status = 201, description = "Signed in", body = TokenView)))]
pub async fn sign_in(
    State(state): State<WebState>,
    ApiJson(request): ApiJson<SignInRequest>,
) -> Result<(StatusCode, Json<TokenView>), ApiError> {
    let token = state
        .app
        .sign_in(&request.email, &request.password, request.code.as_deref())
        .await?;
    Ok((StatusCode::CREATED, Json(TokenView { token })))
}

/// Sign out: revoke the token this request carries.
#[utoipa::path(post, path = "/api/v1/auth/sign-out", tag = "auth",
    responses((status = 204, description = "Signed out")))]
pub async fn sign_out(
    State(state): State<WebState>,
    Auth(session): Auth,
) -> Result<StatusCode, ApiError> {
    state.app.sign_out(&session).await?;
    Ok(StatusCode::NO_CONTENT)
}
