//! The life of a ticket through the API: open, reply, change, list, read the history.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::harness::TestApi;

crate::both_backends!(
    a_ticket_from_open_to_closed,
    lists_filter_and_page,
    custom_fields_are_typed
);

async fn a_ticket_from_open_to_closed(api: TestApi) {
    let created = api
        .post(
            "/api/v1/tickets",
            &api.admin,
            json!({
                "subject": "La impresora imprime en blanco",
                "body_html": "<p>Hola, <b>ayuda</b><script>alert(1)</script></p>",
                "requester": {"email": "Carmen@Example.com", "name": "Carmen López"},
                "channel": "phone", "priority": "high", "type": "incident", "tags": ["Printer", "printer", "vip"], "language": "es"
            }),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    let ticket = &created.body;
    assert_eq!(ticket["number"], 1);
    assert_eq!(ticket["status"], "new");
    assert_eq!(ticket["channel"], "phone");
    assert_eq!(ticket["tags"], json!(["printer", "vip"]));
    assert_eq!(ticket["language"], "es");
    let id = ticket["id"].as_str().unwrap().to_owned();

    let messages = api
        .get(&format!("/api/v1/tickets/{id}/messages"), &api.admin)
        .await
        .body;
    let first = &messages["items"][0];
    assert_eq!(
        first["kind"], "phone_call",
        "a phone ticket starts with a call"
    );
    assert_eq!(first["author"]["type"], "contact");
    assert!(!first["body_html"].as_str().unwrap().contains("script"));
    assert!(first["body"].as_str().unwrap().contains("ayuda"));

    let reply = api
        .post(
            &format!("/api/v1/tickets/{id}/messages"),
            &api.admin,
            json!({"body": "Vamos a revisarlo."}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    assert_eq!(reply.body["direction"], "outbound");
    let after_reply = api
        .get(&format!("/api/v1/tickets/{id}"), &api.admin)
        .await
        .body;
    assert_eq!(
        after_reply["status"], "open",
        "the first public answer opens the ticket"
    );
    assert!(after_reply["first_response_at"].is_string());

    let pending = api
        .patch(
            &format!("/api/v1/tickets/{id}"),
            &api.admin,
            json!({"status": "pending"}),
        )
        .await;
    assert_eq!(pending.body["status"], "pending");
    let customer = api.customer_token("carmen@example.com").await;
    let answer = api
        .post(
            &format!("/api/v1/tickets/{id}/messages"),
            &customer,
            json!({"body": "Sigue igual."}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CREATED);
    assert_eq!(answer.body["direction"], "inbound");
    assert_eq!(
        api.get(&format!("/api/v1/tickets/{id}"), &api.admin)
            .await
            .body["status"],
        "open",
        "the customer's answer reopens it"
    );

    let solved = api
        .patch(
            &format!("/api/v1/tickets/{id}"),
            &customer,
            json!({"status": "solved"}),
        )
        .await;
    assert_eq!(solved.status, StatusCode::OK);
    assert!(solved.body["solved_at"].is_string());
    let closed = api
        .patch(
            &format!("/api/v1/tickets/{id}"),
            &api.admin,
            json!({"status": "closed"}),
        )
        .await;
    assert_eq!(closed.body["status"], "closed");
    let late = api
        .post(
            &format!("/api/v1/tickets/{id}/messages"),
            &customer,
            json!({"body": "¿Hola?"}),
        )
        .await;
    assert_eq!(
        late.status,
        StatusCode::CONFLICT,
        "closed tickets take no replies"
    );
    let reopen = api
        .patch(
            &format!("/api/v1/tickets/{id}"),
            &api.admin,
            json!({"status": "open"}),
        )
        .await;
    assert_eq!(reopen.status, StatusCode::UNPROCESSABLE_ENTITY);

    let history = api
        .get(&format!("/api/v1/tickets/{id}/history"), &api.admin)
        .await
        .body;
    let entries: Vec<String> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| match e["type"].as_str().unwrap() {
            "field_changed" => format!(
                "{} {}->{} by {}",
                e["field"].as_str().unwrap(),
                e["from"].as_str().unwrap_or("-"),
                e["to"].as_str().unwrap_or("-"),
                e["actor"]["type"].as_str().unwrap()
            ),
            other => format!("{other} by {}", e["actor"]["type"].as_str().unwrap()),
        })
        .collect();
    assert_eq!(
        entries,
        [
            "created by agent",
            "message_added by agent",
            "status new->open by agent",
            "status open->pending by agent",
            "message_added by contact",
            "status pending->open by contact",
            "status open->solved by contact",
            "status solved->closed by agent",
        ]
    );
}

async fn lists_filter_and_page(api: TestApi) {
    let billing = api.group("Billing").await;
    for i in 0..12 {
        let extra = json!({
            "priority": if i % 3 == 0 { "urgent" } else { "normal" },
            "channel": if i % 2 == 0 { "email" } else { "web" },
            "tags": if i % 4 == 0 { vec!["refund"] } else { vec![] },
            "group": if i < 6 { Value::from(billing.clone()) } else { Value::Null },
        });
        let extra = json!(
            extra
                .as_object()
                .unwrap()
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect::<serde_json::Map<_, _>>()
        );
        api.ticket(
            &format!("Ticket {i}"),
            &format!("c{}@example.com", i % 3),
            extra,
        )
        .await;
    }
    let count = |path: String| {
        let api = &api;
        async move {
            let reply = api.get(&path, &api.admin).await;
            assert_eq!(reply.status, StatusCode::OK, "{path}: {:?}", reply.body);
            reply.body["items"].as_array().unwrap().len()
        }
    };
    assert_eq!(count("/api/v1/tickets?priority=urgent".into()).await, 4);
    assert_eq!(count("/api/v1/tickets?channel=web".into()).await, 6);
    assert_eq!(count("/api/v1/tickets?tag=refund".into()).await, 3);
    assert_eq!(count(format!("/api/v1/tickets?group={billing}")).await, 6);
    assert_eq!(
        count(format!("/api/v1/tickets?group={billing}&priority=urgent")).await,
        2
    );
    assert_eq!(count("/api/v1/tickets?status=new,open".into()).await, 12);
    assert_eq!(count("/api/v1/tickets?status=solved".into()).await, 0);
    assert_eq!(
        count("/api/v1/tickets?updated_since=2000-01-01T00:00:00Z".into()).await,
        12
    );
    assert_eq!(
        count("/api/v1/tickets?updated_since=2999-01-01T00:00:00Z".into()).await,
        0
    );

    // Pages of 5 walk all 12 tickets once, newest first.
    let mut seen = Vec::new();
    let mut path = "/api/v1/tickets?limit=5".to_owned();
    loop {
        let page = api.get(&path, &api.admin).await.body;
        seen.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["number"].as_i64().unwrap()),
        );
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/v1/tickets?limit=5&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen, (1..=12).rev().collect::<Vec<_>>());
}

async fn custom_fields_are_typed(api: TestApi) {
    let defined = api
        .post(
            "/api/v1/fields",
            &api.admin,
            json!({"entity": "ticket", "key": "order_number", "label": "Order", "kind": "number"}),
        )
        .await;
    assert_eq!(defined.status, StatusCode::CREATED, "{:?}", defined.body);
    api.post("/api/v1/fields", &api.admin, json!({"entity": "ticket", "key": "reason", "label": "Reason", "kind": "select", "options": ["late", "broken"]})).await;
    let ticket = api
        .ticket(
            "With fields",
            "ana@example.com",
            json!({"custom_fields": {"order_number": 7781, "reason": "late"}}),
        )
        .await;
    assert_eq!(
        ticket["custom_fields"],
        json!({"order_number": 7781.0, "reason": "late"})
    );
    let id = ticket["id"].as_str().unwrap();
    let wrong = api
        .patch(
            &format!("/api/v1/tickets/{id}"),
            &api.admin,
            json!({"custom_fields": {"reason": "lost"}}),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        wrong.field_errors(),
        ["custom_fields.reason: must be one of: late, broken"]
    );
    let cleared = api
        .patch(
            &format!("/api/v1/tickets/{id}"),
            &api.admin,
            json!({"custom_fields": {"reason": null}}),
        )
        .await;
    assert_eq!(
        cleared.body["custom_fields"],
        json!({"order_number": 7781.0})
    );
    let duplicate = api
        .post(
            "/api/v1/fields",
            &api.admin,
            json!({"entity": "ticket", "key": "reason", "label": "Again", "kind": "text"}),
        )
        .await;
    assert_eq!(duplicate.status, StatusCode::CONFLICT);
}
