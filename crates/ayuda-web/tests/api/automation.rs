//! Triggers through the API, on both backends: administrators keep them, bad ones are named field by
//! field, and a customer's reply that mentions a lawyer makes the ticket urgent, tags it and tells the
//! assignee, in the same change.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::both_backends;
use crate::harness::TestApi;

async fn a_trigger_acts_on_the_customer_reply_that_fires_it(api: TestApi) {
    let agent = api.agent_token("eva@desk.test", "agent", &[]).await;
    let bad = api
        .post(
            "/api/v1/triggers",
            &api.admin,
            json!({"name": "Broken", "event": "ticket_exploded",
                   "all": [{"field": "mood", "operator": "is", "value": "x"},
                           {"field": "priority", "operator": "contains", "value": "high"}],
                   "actions": [{"type": "launch"}, {"type": "escalate", "to": "upstairs", "reason": "x"}]}),
        )
        .await;
    assert_eq!(
        bad.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        bad.body
    );
    let fields = bad.field_errors().join("\n");
    for field in ["event", "all.0.field", "actions.0.type", "actions.1.to"] {
        assert!(fields.contains(field), "{field} not in {fields}");
    }
    let trigger = json!({"name": "Legal threats", "event": "customer_replied",
        "any": [{"field": "message", "operator": "contains", "value": "lawyer"},
                {"field": "message", "operator": "contains", "value": "abogado"}],
        "actions": [{"type": "set_priority", "value": "urgent"},
                    {"type": "add_tags", "tags": ["legal"]},
                    {"type": "notify", "note": "A customer mentions legal action"}]});
    let refused = api.post("/api/v1/triggers", &agent, trigger.clone()).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let created = api
        .post("/api/v1/triggers", &api.admin, trigger.clone())
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    assert_eq!(created.body["actions"][1]["tags"][0], "legal");
    let twice = api.post("/api/v1/triggers", &api.admin, trigger).await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    let listed = api.get("/api/v1/triggers", &agent).await;
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 1);
    // The webhook signing key is for administrators: the same one every time they ask.
    let key = api.get("/api/v1/webhooks/key", &api.admin).await;
    let key = key.body["key"].as_str().unwrap().to_owned();
    assert_eq!(key.len(), 64);
    assert!(key.chars().all(|c| c.is_ascii_hexdigit()));
    let again = api.get("/api/v1/webhooks/key", &api.admin).await;
    assert_eq!(again.body["key"], key.as_str());
    let refused = api.get("/api/v1/webhooks/key", &agent).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // A ticket assigned to Eva; the customer writes back mentioning a lawyer.
    let eva_id = {
        let agents = api.get("/api/v1/agents?limit=200", &api.admin).await;
        agents.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["email"] == "eva@desk.test")
            .map(|a| a["id"].as_str().unwrap().to_owned())
            .unwrap()
    };
    let ticket = api
        .ticket(
            "Broken blender",
            "ana@example.com",
            json!({"assignee": eva_id}),
        )
        .await;
    let id = ticket["id"].as_str().unwrap();
    assert_eq!(ticket["priority"], "normal");
    let customer = api.customer_token("ana@example.com").await;
    let reply = api
        .post(
            &format!("/api/v1/tickets/{id}/messages"),
            &customer,
            json!({"body": "Third week waiting. My lawyer will hear about this."}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    let after = api.get(&format!("/api/v1/tickets/{id}"), &api.admin).await;
    assert_eq!(after.body["priority"], "urgent");
    assert_eq!(after.body["tags"], json!(["legal"]));
    let told = api.get("/api/v1/notifications", &agent).await;
    let kinds: Vec<&str> = told.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"rule"), "{kinds:?}");
    assert!(kinds.contains(&"customer_replied"), "{kinds:?}");
    // The history says a rule did it.
    let history = api
        .get(&format!("/api/v1/tickets/{id}/history"), &api.admin)
        .await;
    assert!(
        history.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["via"] == "rule" && e["field"] == "priority"),
        "{:?}",
        history.body
    );

    // Switched off, it no longer acts; then deleted.
    let trigger_id = created.body["id"].as_str().unwrap();
    let off = api
        .send(
            Method::PUT,
            &format!("/api/v1/triggers/{trigger_id}"),
            Some(&api.admin),
            Some(
                json!({"name": "Legal threats", "event": "customer_replied", "active": false,
                        "actions": [{"type": "set_priority", "value": "low"}]}),
            ),
        )
        .await;
    assert_eq!(off.status, StatusCode::OK, "{:?}", off.body);
    api.post(
        &format!("/api/v1/tickets/{id}/messages"),
        &customer,
        json!({"body": "Still waiting."}),
    )
    .await;
    let after = api.get(&format!("/api/v1/tickets/{id}"), &api.admin).await;
    assert_eq!(after.body["priority"], "urgent");
    let gone = api
        .send(
            Method::DELETE,
            &format!("/api/v1/triggers/{trigger_id}"),
            Some(&api.admin),
            None,
        )
        .await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    let again = api
        .send(
            Method::DELETE,
            &format!("/api/v1/triggers/{trigger_id}"),
            Some(&api.admin),
            None,
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
}

async fn administrators_keep_time_based_automations(api: TestApi) {
    let agent = api.agent_token("eva@desk.test", "agent", &[]).await;
    let bad = api
        .post(
            "/api/v1/automations",
            &api.admin,
            json!({"name": "Nag", "status": "sleeping", "idle_hours": 0,
                   "actions": [{"type": "notify"}]}),
        )
        .await;
    assert_eq!(
        bad.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        bad.body
    );
    assert!(bad.field_errors().join(" ").contains("status"));
    let endless = api
        .post(
            "/api/v1/automations",
            &api.admin,
            json!({"name": "Nag", "status": "pending", "idle_hours": 120,
                   "actions": [{"type": "notify"}]}),
        )
        .await;
    assert_eq!(endless.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(endless.field_errors().join(" ").contains("actions"));
    let close = json!({"name": "Close solved tickets", "status": "solved", "idle_hours": 96,
                       "actions": [{"type": "set_status", "value": "closed"}]});
    let refused = api.post("/api/v1/automations", &agent, close.clone()).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let created = api.post("/api/v1/automations", &api.admin, close).await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    assert_eq!(created.body["idle_hours"], 96);
    let listed = api.get("/api/v1/automations", &agent).await;
    assert_eq!(listed.body["items"][0]["name"], "Close solved tickets");
    let id = created.body["id"].as_str().unwrap();
    let changed = api
        .send(
            Method::PUT,
            &format!("/api/v1/automations/{id}"),
            Some(&api.admin),
            Some(
                json!({"name": "Close solved tickets", "status": "solved", "idle_hours": 48,
                        "actions": [{"type": "set_status", "value": "closed"}]}),
            ),
        )
        .await;
    assert_eq!(changed.body["idle_hours"], 48, "{:?}", changed.body);
    let gone = api
        .send(
            Method::DELETE,
            &format!("/api/v1/automations/{id}"),
            Some(&api.admin),
            None,
        )
        .await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
}

both_backends!(
    a_trigger_acts_on_the_customer_reply_that_fires_it,
    administrators_keep_time_based_automations,
    an_agent_applies_a_macro_through_the_api,
);

async fn an_agent_applies_a_macro_through_the_api(api: TestApi) {
    let agent = api.agent_token("eva@desk.test", "agent", &[]).await;
    let body = json!({"name": "Refund approved",
        "actions": [{"type": "set_status", "value": "solved"}, {"type": "add_tags", "tags": ["refund"]}],
        "texts": [{"language": "en", "text": "Hello {{customer.first_name}}, your refund is on its way."}]});
    let refused = api.post("/api/v1/macros", &agent, body.clone()).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let bad = api
        .post(
            "/api/v1/macros",
            &api.admin,
            json!({"name": "Mail", "actions": [{"type": "webhook", "url": "https://x.example"}]}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.field_errors().join(" ").contains("actions.0.type"));
    let created = api.post("/api/v1/macros", &api.admin, body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    let macro_id = created.body["id"].as_str().unwrap().to_owned();
    let listed = api.get("/api/v1/macros", &agent).await;
    assert_eq!(listed.body["items"][0]["name"], "Refund approved");

    let ticket = api
        .ticket("Refund for order 1182", "ana@example.com", json!({}))
        .await;
    let id = ticket["id"].as_str().unwrap();
    let applied = api
        .post(
            &format!("/api/v1/tickets/{id}/macros/{macro_id}"),
            &api.admin,
            json!({}),
        )
        .await;
    assert_eq!(applied.status, StatusCode::OK, "{:?}", applied.body);
    assert_eq!(applied.body["ticket"]["status"], "solved");
    assert_eq!(applied.body["ticket"]["tags"], json!(["refund"]));
    assert_eq!(
        applied.body["text"],
        "Hello ana, your refund is on its way."
    );
    let unknown = api
        .post(
            &format!("/api/v1/tickets/{id}/macros/not-a-macro"),
            &api.admin,
            json!({}),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}
