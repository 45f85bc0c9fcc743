//! Routing and escalation through the API, on both backends: administrators set how groups route and
//! where they escalate; agents set their availability; a new ticket goes to the next agent in turn; an
//! agent escalates it to the next tier with a reason, which the receiver is told.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::both_backends;
use crate::harness::{Reply, TestApi};

async fn put(api: &TestApi, path: &str, token: &str, body: Value) -> Reply {
    api.send(Method::PUT, path, Some(token), Some(body)).await
}

/// The id of the agent with `email`.
async fn agent_id(api: &TestApi, email: &str) -> String {
    let reply = api.get("/api/v1/agents?limit=200", &api.admin).await;
    reply.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["email"] == email)
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .unwrap_or_else(|| panic!("no agent {email}: {:?}", reply.body))
}

async fn groups_route_and_escalate_and_agents_set_their_availability(api: TestApi) {
    let first = api.group("First line").await;
    let second = api.group("Second line").await;
    let eva = api.agent_token("eva@desk.test", "agent", &[&first]).await;
    let _leo = api.agent_token("leo@desk.test", "agent", &[&first]).await;
    let sam = api.agent_token("sam@desk.test", "agent", &[&second]).await;
    let [eva_id, leo_id, sam_id] = [
        agent_id(&api, "eva@desk.test").await,
        agent_id(&api, "leo@desk.test").await,
        agent_id(&api, "sam@desk.test").await,
    ];

    // Never set: manual, first line.
    let default = api
        .get(&format!("/api/v1/groups/{first}/routing"), &eva)
        .await;
    assert_eq!(default.status, StatusCode::OK, "{:?}", default.body);
    assert_eq!(default.body["routing_mode"], "manual");
    assert_eq!(default.body["tier"], 1);

    let bad = put(
        &api,
        &format!("/api/v1/groups/{first}/routing"),
        &api.admin,
        json!({"routing_mode": "lottery", "tier": 12, "escalates_to": first}),
    )
    .await;
    assert_eq!(
        bad.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        bad.body
    );
    let fields = bad.field_errors().join("\n");
    for field in ["routing_mode", "tier", "escalates_to"] {
        assert!(fields.contains(field), "{field} not in {fields}");
    }
    let refused = put(
        &api,
        &format!("/api/v1/groups/{first}/routing"),
        &eva,
        json!({"routing_mode": "round_robin"}),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let set = put(
        &api,
        &format!("/api/v1/groups/{first}/routing"),
        &api.admin,
        json!({"routing_mode": "round_robin", "tier": 1, "escalates_to": second}),
    )
    .await;
    assert_eq!(set.status, StatusCode::OK, "{:?}", set.body);
    assert_eq!(set.body["escalates_to"], second.as_str());
    let set = put(
        &api,
        &format!("/api/v1/groups/{second}/routing"),
        &api.admin,
        json!({"routing_mode": "least_loaded", "tier": 2}),
    )
    .await;
    assert_eq!(set.status, StatusCode::OK, "{:?}", set.body);

    // Leo steps away; Eva cannot change that for him, and a bad period is named.
    let away = put(
        &api,
        &format!("/api/v1/agents/{leo_id}/availability"),
        &eva,
        json!({"availability": "available"}),
    )
    .await;
    assert_eq!(away.status, StatusCode::NOT_FOUND);
    let bad = put(
        &api,
        &format!("/api/v1/agents/{eva_id}/availability"),
        &eva,
        json!({"availability": "asleep", "away_from": "2026-12-02T00:00:00Z", "capacity": 100000}),
    )
    .await;
    assert_eq!(
        bad.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        bad.body
    );
    let fields = bad.field_errors().join("\n");
    for field in ["availability", "away_until", "capacity"] {
        assert!(fields.contains(field), "{field} not in {fields}");
    }
    let away = put(
        &api,
        &format!("/api/v1/agents/{leo_id}/availability"),
        &api.admin,
        json!({"availability": "away"}),
    )
    .await;
    assert_eq!(away.status, StatusCode::OK, "{:?}", away.body);
    let mine = api
        .get(&format!("/api/v1/agents/{eva_id}/availability"), &eva)
        .await;
    assert_eq!(mine.body["availability"], "available");

    // A new ticket in the first line goes to Eva, the only one available.
    let ticket = api
        .ticket(
            "Printer on fire",
            "ana@example.com",
            json!({"group": first}),
        )
        .await;
    assert_eq!(ticket["assignee_id"], eva_id.as_str(), "{ticket:?}");
    let id = ticket["id"].as_str().unwrap();

    // Escalating needs a reason; customers cannot.
    let path = format!("/api/v1/tickets/{id}/escalations");
    let no_reason = api
        .post(&path, &eva, json!({"to": "next_tier", "reason": "  "}))
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_reason.field_errors().join(" ").contains("reason"));
    let customer = api.customer_token("ana@example.com").await;
    let refused = api
        .post(
            &path,
            &customer,
            json!({"to": "next_tier", "reason": "Hurry"}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let escalated = api
        .post(
            &path,
            &eva,
            json!({"to": "next_tier", "reason": "Needs a technician on site"}),
        )
        .await;
    assert_eq!(
        escalated.status,
        StatusCode::CREATED,
        "{:?}",
        escalated.body
    );
    assert_eq!(escalated.body["group_id"], second.as_str());
    assert_eq!(escalated.body["assignee_id"], sam_id.as_str());
    // Sam sees it now (Eva, outside the second line, no longer does).
    let history = api
        .get(&format!("/api/v1/tickets/{id}/history"), &sam)
        .await;
    let entry = history.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["type"] == "escalated")
        .cloned()
        .unwrap_or_else(|| panic!("no escalation in {:?}", history.body));
    assert_eq!(entry["reason"], "Needs a technician on site");
    let told = api.get("/api/v1/notifications", &sam).await;
    let kinds: Vec<(&str, &str)> = told.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["kind"].as_str().unwrap(), n["detail"].as_str().unwrap()))
        .collect();
    assert_eq!(kinds, vec![("escalated", "Needs a technician on site")]);

    // The top tier has nowhere further to go; a named colleague does.
    let top = api
        .post(
            &path,
            &sam,
            json!({"to": "next_tier", "reason": "Still stuck"}),
        )
        .await;
    assert_eq!(
        top.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        top.body
    );
    let named = api
        .post(
            &path,
            &sam,
            json!({"to": leo_id, "reason": "Leo knows this model"}),
        )
        .await;
    assert_eq!(named.status, StatusCode::CREATED, "{:?}", named.body);
    assert_eq!(named.body["assignee_id"], leo_id.as_str());
    let unknown = api
        .post(
            &path,
            &sam,
            json!({"to": "0190b2a4-0000-7000-8000-000000000000", "reason": "Who?"}),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
}

both_backends!(groups_route_and_escalate_and_agents_set_their_availability);
