//! Retried POSTs with an `Idempotency-Key` create once; tokens are rate limited with 429 and `Retry-After`.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use ayuda_store_tests::harness;
use ayuda_web::RateLimitConfig;
use serde_json::json;

use crate::harness::TestApi;

crate::both_backends!(a_retried_post_creates_one_ticket);

fn keyed_post(api: &TestApi, key: &str, body: serde_json::Value) -> Request<Body> {
    Request::builder()
        .method("POST")
        .uri("/api/v1/tickets")
        .header(header::AUTHORIZATION, format!("Bearer {}", api.admin))
        .header(header::CONTENT_TYPE, "application/json")
        .header("idempotency-key", key)
        .body(Body::from(body.to_string()))
        .unwrap()
}

async fn a_retried_post_creates_one_ticket(api: TestApi) {
    let body = json!({"subject": "Lost parcel", "body": "Where is it?", "requester": {"email": "ana@example.com"}});
    let first = api
        .raw(keyed_post(&api, "order-7781-retry", body.clone()))
        .await;
    assert_eq!(first.status, StatusCode::CREATED);
    let second = api
        .raw(keyed_post(&api, "order-7781-retry", body.clone()))
        .await;
    assert_eq!(second.status, StatusCode::CREATED);
    assert_eq!(
        second.body["id"], first.body["id"],
        "the retry answers the first ticket"
    );
    assert_eq!(second.headers["idempotent-replayed"], "true");
    assert_eq!(api.all_numbers().await, vec![1], "one ticket, not two");

    // Concurrent retries: still one ticket per key.
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let request = keyed_post(&api, "burst-key", body.clone());
        let router = api.router.clone();
        tasks.spawn(async move {
            tower::ServiceExt::oneshot(router, request)
                .await
                .unwrap()
                .status()
        });
    }
    let mut statuses = Vec::new();
    while let Some(status) = tasks.join_next().await {
        statuses.push(status.unwrap());
    }
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::CREATED || *s == StatusCode::CONFLICT),
        "{statuses:?}"
    );
    assert_eq!(api.all_numbers().await, vec![1, 2]);

    let other = api
        .raw(keyed_post(
            &api,
            "order-7781-retry",
            json!({"subject": "Different", "body": "x", "requester": {"email": "b@example.com"}}),
        ))
        .await;
    assert_eq!(
        other.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a reused key with another body is refused: {:?}",
        other.body
    );
    assert_eq!(api.all_numbers().await, vec![1, 2]);

    let invalid = api.raw(keyed_post(&api, "key with spaces", body)).await;
    assert_eq!(invalid.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn tokens_over_their_rate_get_429_with_retry_after() {
    let api = TestApi::with(
        harness::sqlite().await,
        RateLimitConfig {
            per_second: 1,
            burst: 3,
        },
    )
    .await;
    let mut statuses = Vec::new();
    let mut last = None;
    for _ in 0..5 {
        let reply = api.get("/api/v1/tickets", &api.admin).await;
        statuses.push(reply.status.as_u16());
        last = Some(reply);
    }
    assert_eq!(statuses, [200, 200, 200, 429, 429]);
    let last = last.unwrap();
    assert_eq!(
        last.headers[header::CONTENT_TYPE],
        "application/problem+json"
    );
    let retry_after: u64 = last.headers[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&retry_after), "{retry_after}");
    assert_eq!(last.headers["x-ratelimit-remaining"], "0");

    let other = api.agent_token("other@desk.example", "agent", &[]).await;
    let reply = api.get("/api/v1/tickets", &other).await;
    assert_eq!(
        reply.status,
        StatusCode::OK,
        "another token has its own budget"
    );
    assert_eq!(reply.headers["x-ratelimit-limit"], "1");
}
