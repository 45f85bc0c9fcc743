//! A client's mistakes get the documented 4xx problem+json and change nothing.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};

use crate::harness::TestApi;

crate::both_backends!(
    mistakes_get_problem_details_and_change_nothing,
    unknown_ids_are_404
);

async fn mistakes_get_problem_details_and_change_nothing(api: TestApi) {
    let ticket = api.ticket("Existing", "ana@example.com", json!({})).await;
    let id = ticket["id"].as_str().unwrap();
    let path = format!("/api/v1/tickets/{id}");
    let numbers_before = api.all_numbers().await;

    let send = |method: Method, uri: &str, content_type: &str, body: Vec<u8>| {
        Request::builder()
            .method(method)
            .uri(uri)
            .header(header::AUTHORIZATION, format!("Bearer {}", api.admin))
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body))
            .unwrap()
    };
    let cases: Vec<(&str, Request<Body>, StatusCode, Option<&str>)> = vec![
        (
            "malformed JSON",
            send(
                Method::POST,
                "/api/v1/tickets",
                "application/json",
                b"{\"subject\": ".to_vec(),
            ),
            StatusCode::BAD_REQUEST,
            None,
        ),
        (
            "trailing garbage",
            send(
                Method::POST,
                "/api/v1/tickets",
                "application/json",
                b"{} {}".to_vec(),
            ),
            StatusCode::BAD_REQUEST,
            None,
        ),
        (
            "wrong type",
            send(
                Method::POST,
                "/api/v1/tickets",
                "application/json",
                br#"{"subject": 42, "body": "x"}"#.to_vec(),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("subject"),
        ),
        (
            "unknown field",
            send(
                Method::POST,
                "/api/v1/tickets",
                "application/json",
                br#"{"subject": "s", "body": "b", "staus": "open"}"#.to_vec(),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("staus"),
        ),
        (
            "missing requester",
            send(
                Method::POST,
                "/api/v1/tickets",
                "application/json",
                br#"{"subject": "s", "body": "b"}"#.to_vec(),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("requester"),
        ),
        (
            "bad email",
            send(
                Method::POST,
                "/api/v1/tickets",
                "application/json",
                br#"{"subject": "s", "body": "b", "requester": {"email": "nope"}}"#.to_vec(),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("requester.email"),
        ),
        (
            "empty subject",
            send(
                Method::POST,
                "/api/v1/tickets",
                "application/json",
                br#"{"subject": " ", "body": "b", "requester": {"email": "a@b.example"}}"#.to_vec(),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("subject"),
        ),
        (
            "unknown status",
            send(
                Method::PATCH,
                &path,
                "application/json",
                br#"{"status": "archived"}"#.to_vec(),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("status"),
        ),
        (
            "one bad field among good ones",
            send(
                Method::PATCH,
                &path,
                "application/json",
                br#"{"priority": "urgent", "subject": " "}"#.to_vec(),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("subject"),
        ),
        (
            "unknown group",
            send(
                Method::PATCH,
                &path,
                "application/json",
                br#"{"group": "0190a5d0-0000-7000-8000-000000000000"}"#.to_vec(),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("group"),
        ),
        (
            "bad custom field",
            send(
                Method::PATCH,
                &path,
                "application/json",
                br#"{"custom_fields": {"nope": 1}}"#.to_vec(),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("custom_fields.nope"),
        ),
        (
            "not JSON",
            send(
                Method::POST,
                "/api/v1/tickets",
                "text/plain",
                b"subject=x".to_vec(),
            ),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            None,
        ),
        (
            "too large",
            send(
                Method::POST,
                "/api/v1/tickets",
                "application/json",
                format!(r#"{{"subject": "s", "body": "{}"}}"#, "x".repeat(4 << 20)).into_bytes(),
            ),
            StatusCode::PAYLOAD_TOO_LARGE,
            None,
        ),
        (
            "bad limit",
            send(
                Method::GET,
                "/api/v1/tickets?limit=5000",
                "application/json",
                vec![],
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("limit"),
        ),
        (
            "bad cursor",
            send(
                Method::GET,
                "/api/v1/tickets?cursor=xyz",
                "application/json",
                vec![],
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("cursor"),
        ),
        (
            "non-numeric limit",
            send(
                Method::GET,
                "/api/v1/tickets?limit=ten",
                "application/json",
                vec![],
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
        ),
    ];
    for (what, request, expected, field) in cases {
        let reply = api.raw(request).await;
        assert_eq!(reply.status, expected, "{what}: {:?}", reply.body);
        assert_eq!(
            reply.headers[header::CONTENT_TYPE],
            "application/problem+json",
            "{what}"
        );
        assert_eq!(reply.body["status"], expected.as_u16(), "{what}");
        assert!(
            reply.body["title"].is_string() && reply.body["type"].is_string(),
            "{what}: {:?}",
            reply.body
        );
        if let Some(field) = field {
            assert!(
                reply.body["errors"]
                    .as_array()
                    .is_some_and(|e| e.iter().any(|e| e["field"] == field)),
                "{what}: expected an error for {field:?}, got {:?}",
                reply.body
            );
        }
    }

    assert_eq!(
        api.all_numbers().await,
        numbers_before,
        "no ticket was created by a bad request"
    );
    let unchanged = api.get(&path, &api.admin).await.body;
    assert_eq!(unchanged["status"], ticket["status"]);
    assert_eq!(unchanged["priority"], ticket["priority"]);
    assert_eq!(
        unchanged["version"], ticket["version"],
        "a refused change writes nothing"
    );
}

async fn unknown_ids_are_404(api: TestApi) {
    let unknown = "0190a5d0-0000-7000-8000-000000000000";
    for path in [
        format!("/api/v1/tickets/{unknown}"),
        format!("/api/v1/tickets/{unknown}/messages"),
        format!("/api/v1/tickets/{unknown}/history"),
        "/api/v1/tickets/not-an-id".to_owned(),
        format!("/api/v1/contacts/{unknown}"),
        format!("/api/v1/organizations/{unknown}"),
        format!("/api/v1/groups/{unknown}"),
        format!("/api/v1/agents/{unknown}"),
        format!("/api/v1/fields/{unknown}"),
        "/api/v1/no-such-thing".to_owned(),
    ] {
        let reply = api.get(&path, &api.admin).await;
        assert_eq!(
            reply.status,
            StatusCode::NOT_FOUND,
            "{path}: {:?}",
            reply.body
        );
        assert_eq!(
            reply.headers[header::CONTENT_TYPE],
            "application/problem+json"
        );
    }
    let reply = api
        .patch(
            &format!("/api/v1/tickets/{unknown}"),
            &api.admin,
            json!({"priority": "low"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let reply = api
        .post(
            &format!("/api/v1/tickets/{unknown}/messages"),
            &api.admin,
            json!({"body": "hi"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let reply = api.send(Method::GET, "/api/v1/tickets", None, None).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.headers[header::WWW_AUTHENTICATE], "Bearer");
    let reply = api
        .send(Method::GET, "/api/v1/tickets", Some("ayu_forged"), None)
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        reply.body["type"],
        Value::from("urn:ayuda:problem:unauthenticated")
    );
}

/// Regression: `{} {}` was answered 422 ("missing field") instead of 400, because the first value was
/// validated before the trailing garbage was noticed.
#[tokio::test]
async fn trailing_garbage_is_malformed_before_anything_is_validated() {
    let api = TestApi::sqlite().await;
    let request = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/tickets")
        .header(header::AUTHORIZATION, format!("Bearer {}", api.admin))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{} {}"))
        .unwrap();
    assert_eq!(api.raw(request).await.status, StatusCode::BAD_REQUEST);
    let missing = api
        .post("/api/v1/tickets", &api.admin, json!({"body": "no subject"}))
        .await;
    assert_eq!(missing.field_errors(), ["subject: missing field `subject`"]);
}
