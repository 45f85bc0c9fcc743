//! API tokens and idempotency keys: the records behind authenticating and safely retrying API calls.

use ayuda_core::Timestamp;
use ayuda_core::id::{AgentId, ContactId, TokenId};
use ayuda_store::{
    ApiToken, IdempotencyClaim, IdempotencyState, StoreError, StoredResponse, TokenOwner,
};
use rusqlite::{Connection, OptionalExtension, Row, params};
use uuid::Uuid;

use crate::error::{Error, is_unique_violation};
use crate::rows::{corrupt, key, micros, optional_timestamp, timestamp};

pub(crate) fn create_token(db: &Connection, token: ApiToken) -> Result<ApiToken, Error> {
    let (owner_kind, owner_id) = match token.owner {
        TokenOwner::Agent(id) => ("agent", id.0),
        TokenOwner::Contact(id) => ("contact", id.0),
    };
    let mut statement = db.prepare_cached(
        "INSERT INTO api_token (id, owner_kind, owner_id, name, secret_sha256, created_at, revoked_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let inserted = statement.execute(params![
        key(token.id.0),
        owner_kind,
        key(owner_id),
        token.name,
        token.secret_sha256,
        micros(token.created_at),
        token.revoked_at.map(micros),
    ]);
    match inserted.map_err(Error::from) {
        Ok(_) => Ok(token),
        // Both the id and the secret identify a token, so either clash is a duplicate token.
        Err(error) if is_unique_violation(&error) => {
            Err(StoreError::Duplicate("token".to_owned()).into())
        }
        Err(error) => Err(error),
    }
}

/// An `api_token` row: id, owner kind, owner id, name, secret hash, created at, revoked at.
type TokenRow = (
    [u8; 16],
    String,
    [u8; 16],
    String,
    [u8; 32],
    i64,
    Option<i64>,
);

fn read_token(row: &Row<'_>) -> rusqlite::Result<TokenRow> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
        row.get(6)?,
    ))
}

pub(crate) fn find_token(
    db: &Connection,
    secret_sha256: &[u8; 32],
) -> Result<Option<ApiToken>, Error> {
    let mut statement = db.prepare_cached(
        "SELECT id, owner_kind, owner_id, name, secret_sha256, created_at, revoked_at FROM api_token \
         WHERE secret_sha256 = ?1",
    )?;
    let Some((id, owner_kind, owner_id, name, secret_sha256, created_at, revoked_at)) = statement
        .query_row([secret_sha256], read_token)
        .optional()?
    else {
        return Ok(None);
    };
    let owner = match owner_kind.as_str() {
        "agent" => TokenOwner::Agent(AgentId(Uuid::from_bytes(owner_id))),
        "contact" => TokenOwner::Contact(ContactId(Uuid::from_bytes(owner_id))),
        other => return Err(corrupt("owner_kind", other).into()),
    };
    Ok(Some(ApiToken {
        id: TokenId(Uuid::from_bytes(id)),
        owner,
        name,
        secret_sha256,
        created_at: timestamp("created_at", created_at)?,
        revoked_at: optional_timestamp("revoked_at", revoked_at)?,
    }))
}

pub(crate) fn revoke_token(db: &Connection, id: TokenId, at: Timestamp) -> Result<(), Error> {
    // COALESCE keeps the first revocation time when a token is revoked twice.
    let changed = db
        .prepare_cached("UPDATE api_token SET revoked_at = COALESCE(revoked_at, ?2) WHERE id = ?1")?
        .execute(params![key(id.0), micros(at)])?;
    if changed == 0 {
        return Err(StoreError::NotFound.into());
    }
    Ok(())
}

pub(crate) fn claim_idempotency_key(
    db: &Connection,
    claim: &IdempotencyClaim,
) -> Result<IdempotencyState, Error> {
    let inserted = db
        .prepare_cached(
            "INSERT INTO idempotency_key (scope, key, fingerprint, status, body, created_at) \
             VALUES (?1, ?2, ?3, NULL, NULL, ?4) ON CONFLICT (scope, key) DO NOTHING",
        )?
        .execute(params![
            claim.scope,
            claim.key,
            claim.fingerprint,
            micros(claim.at)
        ])?;
    if inserted == 1 {
        return Ok(IdempotencyState::Claimed);
    }
    let (fingerprint, status, body, created_at): (String, Option<i64>, Option<Vec<u8>>, i64) = db
        .prepare_cached(
            "SELECT fingerprint, status, body, created_at FROM idempotency_key WHERE scope = ?1 AND key = ?2",
        )?
        .query_row(params![claim.scope, claim.key], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)))?;
    match (status, body) {
        (Some(status), Some(body)) => {
            let status = u16::try_from(status).map_err(|e| corrupt("status", e))?;
            Ok(IdempotencyState::Completed {
                fingerprint,
                response: StoredResponse { status, body },
            })
        }
        _ if created_at < micros(claim.stale_before) => {
            // The request that claimed the key never finished: the caller takes the key over.
            db.prepare_cached(
                "UPDATE idempotency_key SET fingerprint = ?3, created_at = ?4 WHERE scope = ?1 AND key = ?2",
            )?
            .execute(params![claim.scope, claim.key, claim.fingerprint, micros(claim.at)])?;
            Ok(IdempotencyState::Claimed)
        }
        _ => Ok(IdempotencyState::InProgress { fingerprint }),
    }
}

pub(crate) fn complete_idempotency_key(
    db: &Connection,
    scope: &str,
    key: &str,
    response: &StoredResponse,
) -> Result<(), Error> {
    let changed = db
        .prepare_cached(
            "UPDATE idempotency_key SET status = ?3, body = ?4 WHERE scope = ?1 AND key = ?2",
        )?
        .execute(params![
            scope,
            key,
            i64::from(response.status),
            response.body
        ])?;
    if changed == 0 {
        return Err(StoreError::NotFound.into());
    }
    Ok(())
}

pub(crate) fn release_idempotency_key(
    db: &Connection,
    scope: &str,
    key: &str,
) -> Result<(), Error> {
    db.prepare_cached("DELETE FROM idempotency_key WHERE scope = ?1 AND key = ?2")?
        .execute(params![scope, key])?;
    Ok(())
}
