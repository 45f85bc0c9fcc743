//! API tokens and idempotency keys: finding a token by its secret's hash, revoking it once, and the
//! claim / complete / release life of a key, including abandoned claims and racing claimers.

use std::sync::Arc;

use ayuda_core::Timestamp;
use ayuda_core::id::TokenId;
use ayuda_store::{
    ApiToken, IdempotencyClaim, IdempotencyState, Store, StoredResponse, TokenOwner,
};

use crate::fixtures::{self, at, micros};
use crate::suite::expect;

pub async fn ping_answers(store: Arc<dyn Store>) {
    store.ping().await.unwrap();
}

pub async fn tokens_are_found_by_secret_hash_and_revoked_once(store: Arc<dyn Store>) {
    let agent = store
        .create_agent(fixtures::agent("ana@desk.test", &[]), None)
        .await
        .unwrap();
    let contact = store
        .create_contact(fixtures::contact("luis@example.com"))
        .await
        .unwrap();
    let mut secret = [0u8; 32];
    for (i, byte) in secret.iter_mut().enumerate() {
        // Every byte value a hash can hold, including 0 and 255.
        *byte = (i as u8).wrapping_mul(37).wrapping_add(255);
    }
    let agent_token = ApiToken {
        name: "CI deploys ✓".to_owned(),
        created_at: micros(5),
        ..fixtures::token(TokenOwner::Agent(agent.id), secret)
    };
    let contact_token = fixtures::token(TokenOwner::Contact(contact.id), [0; 32]);
    for token in [&agent_token, &contact_token] {
        assert_eq!(store.create_token(token.clone()).await.unwrap(), *token);
        assert_eq!(
            store
                .find_token(&token.secret_sha256)
                .await
                .unwrap()
                .as_ref(),
            Some(token)
        );
    }
    assert_eq!(store.find_token(&[255; 32]).await.unwrap(), None);

    let copy = fixtures::token(TokenOwner::Agent(agent.id), secret);
    expect::duplicate(store.create_token(copy).await, "token");

    // Revoked tokens are still found (so the caller can say "revoked"), and the first revocation time stays.
    store
        .revoke_token(agent_token.id, micros(1_000_001))
        .await
        .unwrap();
    let revoked = ApiToken {
        revoked_at: Some(micros(1_000_001)),
        ..agent_token.clone()
    };
    assert_eq!(
        store.find_token(&secret).await.unwrap(),
        Some(revoked.clone())
    );
    store
        .revoke_token(agent_token.id, micros(9_000_000))
        .await
        .unwrap();
    assert_eq!(store.find_token(&secret).await.unwrap(), Some(revoked));
    assert_eq!(
        store.find_token(&[0; 32]).await.unwrap(),
        Some(contact_token),
        "other tokens are untouched"
    );

    expect::not_found(store.revoke_token(TokenId::generate(), micros(0)).await);
}

fn claim(key: &str, fingerprint: &str, at: Timestamp, stale_before: Timestamp) -> IdempotencyClaim {
    IdempotencyClaim {
        scope: "token-1".to_owned(),
        key: key.to_owned(),
        fingerprint: fingerprint.to_owned(),
        at,
        stale_before,
    }
}

fn in_progress(fingerprint: &str) -> IdempotencyState {
    IdempotencyState::InProgress {
        fingerprint: fingerprint.to_owned(),
    }
}

pub async fn idempotency_key_is_claimed_then_replayed(store: Arc<dyn Store>) {
    // Claims made within the last hour are live.
    let fresh = |at| {
        claim(
            "key-1",
            "POST /tickets a1b2",
            at,
            at - jiff::SignedDuration::from_hours(1),
        )
    };

    assert_eq!(
        store.claim_idempotency_key(&fresh(at(0))).await.unwrap(),
        IdempotencyState::Claimed
    );
    let retry = fresh(at(1));
    assert_eq!(
        store.claim_idempotency_key(&retry).await.unwrap(),
        in_progress("POST /tickets a1b2")
    );
    // The same key with another request reports the first request's fingerprint.
    let other_request = IdempotencyClaim {
        fingerprint: "POST /tickets ffff".to_owned(),
        ..retry.clone()
    };
    assert_eq!(
        store.claim_idempotency_key(&other_request).await.unwrap(),
        in_progress("POST /tickets a1b2")
    );

    let response = StoredResponse {
        status: 201,
        body: vec![0, 159, 146, 150, 255, b'{', b'}', 0],
    };
    store
        .complete_idempotency_key("token-1", "key-1", &response)
        .await
        .unwrap();
    let completed = IdempotencyState::Completed {
        fingerprint: "POST /tickets a1b2".to_owned(),
        response: response.clone(),
    };
    assert_eq!(
        store.claim_idempotency_key(&fresh(at(2))).await.unwrap(),
        completed
    );
    // A completed key is never taken over, however old.
    let much_later = claim("key-1", "POST /tickets a1b2", at(100_000), at(99_999));
    assert_eq!(
        store.claim_idempotency_key(&much_later).await.unwrap(),
        completed
    );

    // Keys are per scope: another token's same key is its own.
    let other_scope = IdempotencyClaim {
        scope: "token-2".to_owned(),
        ..fresh(at(3))
    };
    assert_eq!(
        store.claim_idempotency_key(&other_scope).await.unwrap(),
        IdempotencyState::Claimed
    );
    let empty = StoredResponse {
        status: 204,
        body: Vec::new(),
    };
    store
        .complete_idempotency_key("token-2", "key-1", &empty)
        .await
        .unwrap();
    let replay = store
        .claim_idempotency_key(&IdempotencyClaim {
            scope: "token-2".to_owned(),
            ..fresh(at(4))
        })
        .await
        .unwrap();
    assert_eq!(
        replay,
        IdempotencyState::Completed {
            fingerprint: "POST /tickets a1b2".to_owned(),
            response: empty
        }
    );
    assert_eq!(
        store.claim_idempotency_key(&fresh(at(5))).await.unwrap(),
        completed
    );
}

pub async fn released_idempotency_key_can_be_claimed_again(store: Arc<dyn Store>) {
    let fresh = |at, fingerprint| {
        claim(
            "key-1",
            fingerprint,
            at,
            at - jiff::SignedDuration::from_hours(1),
        )
    };
    assert_eq!(
        store
            .claim_idempotency_key(&fresh(at(0), "first"))
            .await
            .unwrap(),
        IdempotencyState::Claimed
    );
    store
        .release_idempotency_key("token-1", "key-1")
        .await
        .unwrap();
    assert_eq!(
        store
            .claim_idempotency_key(&fresh(at(1), "second"))
            .await
            .unwrap(),
        IdempotencyState::Claimed
    );
    assert_eq!(
        store
            .claim_idempotency_key(&fresh(at(2), "third"))
            .await
            .unwrap(),
        in_progress("second")
    );
}

pub async fn stale_idempotency_claim_is_taken_over(store: Arc<dyn Store>) {
    assert_eq!(
        store
            .claim_idempotency_key(&claim("key-1", "first", at(0), at(-60)))
            .await
            .unwrap(),
        IdempotencyState::Claimed
    );
    // Created exactly at stale_before is not before it: still live.
    assert_eq!(
        store
            .claim_idempotency_key(&claim("key-1", "second", at(60), at(0)))
            .await
            .unwrap(),
        in_progress("first")
    );
    // Created before stale_before: abandoned, and the new claimer holds it from now on.
    assert_eq!(
        store
            .claim_idempotency_key(&claim(
                "key-1",
                "second",
                at(61),
                at(0) + jiff::SignedDuration::from_micros(1)
            ))
            .await
            .unwrap(),
        IdempotencyState::Claimed
    );
    // The take-over renewed the claim: measured from its new time, it is live again.
    assert_eq!(
        store
            .claim_idempotency_key(&claim("key-1", "third", at(62), at(30)))
            .await
            .unwrap(),
        in_progress("second")
    );
    let response = StoredResponse {
        status: 200,
        body: b"ok".to_vec(),
    };
    store
        .complete_idempotency_key("token-1", "key-1", &response)
        .await
        .unwrap();
    let state = store
        .claim_idempotency_key(&claim("key-1", "third", at(63), at(30)))
        .await
        .unwrap();
    assert_eq!(
        state,
        IdempotencyState::Completed {
            fingerprint: "second".to_owned(),
            response
        }
    );
}

pub async fn idempotency_key_is_claimed_by_exactly_one_of_many(store: Arc<dyn Store>) {
    const CLAIMERS: usize = 12;
    let mut tasks = Vec::new();
    for claimer in 0..CLAIMERS {
        let store = Arc::clone(&store);
        let attempt = claim("key-1", &format!("claimer {claimer}"), at(0), at(-60));
        tasks.push(tokio::spawn(async move {
            store.claim_idempotency_key(&attempt).await.unwrap()
        }));
    }
    let mut states = Vec::new();
    for task in tasks {
        states.push(task.await.unwrap());
    }
    let winners: Vec<usize> = (0..CLAIMERS)
        .filter(|i| states[*i] == IdempotencyState::Claimed)
        .collect();
    assert_eq!(
        winners.len(),
        1,
        "exactly one claimer holds the key: {states:?}"
    );
    // Everyone else sees the winner's claim in progress.
    let winner = in_progress(&format!("claimer {}", winners[0]));
    for (claimer, state) in states.iter().enumerate().filter(|(i, _)| *i != winners[0]) {
        assert_eq!(*state, winner, "claimer {claimer}");
    }
}
