//! API tokens and the idempotency keys of retried requests.

use ayuda_core::Timestamp;
use ayuda_core::id::TokenId;
use ayuda_store::{ApiToken, IdempotencyClaim, IdempotencyState, StoreError, StoredResponse};
use sqlx::PgPool;

use crate::errors::Result;
use crate::rows::{TokenRow, corrupt, sql_ts, sql_ts_opt, token_columns, token_owner_columns};

pub(crate) async fn create_token(pool: &PgPool, token: ApiToken) -> Result<ApiToken> {
    let (owner_kind, owner_id) = token_owner_columns(token.owner);
    sqlx::query(
        "insert into api_token (id, owner_kind, owner_id, name, secret_sha256, created_at, revoked_at) \
         values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(token.id.0)
    .bind(owner_kind)
    .bind(owner_id)
    .bind(&token.name)
    .bind(token.secret_sha256.as_slice())
    .bind(sql_ts(token.created_at))
    .bind(sql_ts_opt(token.revoked_at))
    .execute(pool)
    .await?;
    Ok(token)
}

pub(crate) async fn find_token(
    pool: &PgPool,
    secret_sha256: &[u8; 32],
) -> Result<Option<ApiToken>> {
    let row: Option<TokenRow> = sqlx::query_as(concat!(
        "select ",
        token_columns!(),
        " from api_token where secret_sha256 = $1"
    ))
    .bind(secret_sha256.as_slice())
    .fetch_optional(pool)
    .await?;
    Ok(row.map(ApiToken::try_from).transpose()?)
}

pub(crate) async fn revoke_token(pool: &PgPool, id: TokenId, at: Timestamp) -> Result<()> {
    // coalesce: revoking twice keeps the first time.
    let updated =
        sqlx::query("update api_token set revoked_at = coalesce(revoked_at, $2) where id = $1")
            .bind(id.0)
            .bind(sql_ts(at))
            .execute(pool)
            .await?;
    if updated.rows_affected() == 0 {
        return Err(StoreError::NotFound.into());
    }
    Ok(())
}

/// How often a claim is retried when the key is released between the claim attempt and the read of the
/// holder's state. Each retry needs another request to release the key at exactly that moment.
const CLAIM_ATTEMPTS: usize = 5;

pub(crate) async fn claim_idempotency_key(
    pool: &PgPool,
    claim: &IdempotencyClaim,
) -> Result<IdempotencyState> {
    for _ in 0..CLAIM_ATTEMPTS {
        // One statement claims a free key or takes over an abandoned claim (no response and older than
        // stale_before); `on conflict` makes concurrent claimers of one key agree on a single winner.
        let claimed: Option<i32> = sqlx::query_scalar(
            "insert into idempotency_key (scope, key, fingerprint, created_at) values ($1, $2, $3, $4) \
             on conflict (scope, key) do update set fingerprint = excluded.fingerprint, created_at = excluded.created_at \
             where idempotency_key.status is null and idempotency_key.created_at < $5 \
             returning 1",
        )
        .bind(&claim.scope)
        .bind(&claim.key)
        .bind(&claim.fingerprint)
        .bind(sql_ts(claim.at))
        .bind(sql_ts(claim.stale_before))
        .fetch_optional(pool)
        .await?;
        if claimed.is_some() {
            return Ok(IdempotencyState::Claimed);
        }

        let holder: Option<(String, Option<i32>, Option<Vec<u8>>)> = sqlx::query_as(
            "select fingerprint, status, body from idempotency_key where scope = $1 and key = $2",
        )
        .bind(&claim.scope)
        .bind(&claim.key)
        .fetch_optional(pool)
        .await?;
        match holder {
            Some((fingerprint, Some(status), Some(body))) => {
                let status = u16::try_from(status)
                    .map_err(|error| corrupt("idempotency_key.status", error))?;
                return Ok(IdempotencyState::Completed {
                    fingerprint,
                    response: StoredResponse { status, body },
                });
            }
            Some((fingerprint, ..)) => return Ok(IdempotencyState::InProgress { fingerprint }),
            // Released in between: try to claim it again.
            None => continue,
        }
    }
    Err(StoreError::backend(std::io::Error::other(
        "idempotency key kept being released while claiming it",
    ))
    .into())
}

pub(crate) async fn complete_idempotency_key(
    pool: &PgPool,
    scope: &str,
    key: &str,
    response: &StoredResponse,
) -> Result<()> {
    let updated = sqlx::query(
        "update idempotency_key set status = $3, body = $4 where scope = $1 and key = $2",
    )
    .bind(scope)
    .bind(key)
    .bind(i32::from(response.status))
    .bind(response.body.as_slice())
    .execute(pool)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(StoreError::NotFound.into());
    }
    Ok(())
}

pub(crate) async fn release_idempotency_key(pool: &PgPool, scope: &str, key: &str) -> Result<()> {
    sqlx::query("delete from idempotency_key where scope = $1 and key = $2")
        .bind(scope)
        .bind(key)
        .execute(pool)
        .await?;
    Ok(())
}
