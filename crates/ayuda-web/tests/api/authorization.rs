//! Every role against every operation: what each kind of user gets from each endpoint, as one table.

use axum::http::StatusCode;
use serde_json::json;

use crate::harness::TestApi;

crate::both_backends!(every_role_against_every_operation);

async fn every_role_against_every_operation(api: TestApi) {
    let billing = api.group("Billing").await;
    let sales = api.group("Sales").await;
    let supervisor = api.agent_token("sup@desk.example", "supervisor", &[]).await;
    let agent_in = api
        .agent_token("in@desk.example", "agent", &[&billing])
        .await;
    let agent_out = api
        .agent_token("out@desk.example", "agent", &[&sales])
        .await;

    let shared = api
        .post(
            "/api/v1/organizations",
            &api.admin,
            json!({"name": "Shared Org", "domains": ["a.example"], "shared_tickets": true}),
        )
        .await;
    let shared_id = shared.body["id"].as_str().unwrap().to_owned();
    api.post(
        "/api/v1/organizations",
        &api.admin,
        json!({"name": "Private Org", "domains": ["b.example"]}),
    )
    .await;

    // Ana owns the ticket; Bea shares her organization, which shares tickets; Carl is a stranger.
    let t1 = api
        .ticket("Ana's printer", "ana@a.example", json!({"group": billing}))
        .await;
    let t3 = api
        .ticket("Ana's invoice", "ana@a.example", json!({"group": billing}))
        .await;
    api.ticket("Carl's order", "carl@b.example", json!({"group": billing}))
        .await;
    let bea = api
        .post(
            "/api/v1/contacts",
            &api.admin,
            json!({"name": "Bea", "identities": [{"kind": "email", "value": "bea@a.example"}]}),
        )
        .await;
    assert_eq!(bea.status, StatusCode::CREATED, "{:?}", bea.body);
    assert_eq!(
        bea.body["organization_id"].as_str(),
        Some(shared_id.as_str()),
        "joins the organization by domain"
    );
    let t1_id = t1["id"].as_str().unwrap().to_owned();
    let t3_id = t3["id"].as_str().unwrap().to_owned();
    let ana_id = t1["requester_id"].as_str().unwrap().to_owned();
    let note = api
        .post(
            &format!("/api/v1/tickets/{t1_id}/messages"),
            &api.admin,
            json!({"kind": "note", "body": "Customer is upset; be kind"}),
        )
        .await;
    assert_eq!(note.status, StatusCode::CREATED);

    let ana = api.customer_token("ana@a.example").await;
    let bea = api.customer_token("bea@a.example").await;
    let carl = api.customer_token("carl@b.example").await;
    let principals = [
        ("admin", api.admin.clone()),
        ("supervisor", supervisor),
        ("agent in group", agent_in),
        ("agent elsewhere", agent_out),
        ("customer owner", ana),
        ("customer org", bea),
        ("customer other", carl),
    ];

    let mut table = String::new();
    for (i, (who, token)) in principals.iter().enumerate() {
        let t = format!("/api/v1/tickets/{t1_id}");
        let mut row = vec![];
        row.push(api.get(&t, token).await.status.as_u16().to_string());
        let list = api.get("/api/v1/tickets?limit=200", token).await;
        let listed = list.body["items"]
            .as_array()
            .is_some_and(|items| items.iter().any(|x| x["id"] == t1_id.as_str()));
        row.push(if listed { "Y".into() } else { "N".into() });
        row.push(
            api.patch(&t, token, json!({"priority": "high"}))
                .await
                .status
                .as_u16()
                .to_string(),
        );
        row.push(
            api.post(&format!("{t}/messages"), token, json!({"body": "a reply"}))
                .await
                .status
                .as_u16()
                .to_string(),
        );
        row.push(
            api.post(
                &format!("{t}/messages"),
                token,
                json!({"kind": "note", "body": "a note"}),
            )
            .await
            .status
            .as_u16()
            .to_string(),
        );
        let messages = api.get(&format!("{t}/messages"), token).await;
        let notes_seen = messages.body["items"]
            .as_array()
            .is_some_and(|m| m.iter().any(|m| m["internal"] == true));
        row.push(format!(
            "{}{}",
            messages.status.as_u16(),
            if notes_seen { "+n" } else { "" }
        ));
        let history = api.get(&format!("{t}/history"), token).await;
        let note_events = history.body["items"].as_array().map_or(0, |e| {
            e.iter().filter(|e| e["type"] == "message_added").count()
        });
        row.push(format!("{}:{note_events}", history.status.as_u16()));
        row.push(
            api.patch(
                &format!("/api/v1/tickets/{t3_id}"),
                token,
                json!({"status": "solved"}),
            )
            .await
            .status
            .as_u16()
            .to_string(),
        );

        let unique = format!("p{i}");
        let directory = [
            api.post("/api/v1/contacts", token, json!({"name": "New", "identities": [{"kind": "email", "value": format!("{unique}@c.example")}]})).await,
            api.get("/api/v1/contacts", token).await,
            api.get(&format!("/api/v1/contacts/{ana_id}"), token).await,
            api.patch(&format!("/api/v1/contacts/{ana_id}"), token, json!({"notes": "VIP"})).await,
            api.post("/api/v1/organizations", token, json!({"name": format!("Org {unique}")})).await,
            api.get("/api/v1/organizations", token).await,
            api.get(&format!("/api/v1/organizations/{shared_id}"), token).await,
            api.post("/api/v1/groups", token, json!({"name": format!("Group {unique}")})).await,
            api.get("/api/v1/groups", token).await,
            api.patch(&format!("/api/v1/groups/{billing}"), token, json!({"description": "Invoices"})).await,
            api.post("/api/v1/agents", token, json!({"email": format!("{unique}@desk.example"), "name": "New", "role": "agent"})).await,
            api.get("/api/v1/agents", token).await,
            api.post("/api/v1/fields", token, json!({"entity": "ticket", "key": format!("f_{unique}"), "label": "F", "kind": "text"})).await,
            api.get("/api/v1/fields", token).await,
        ];
        row.extend(directory.iter().map(|r| r.status.as_u16().to_string()));
        table.push_str(&format!("{who:16} {}\n", row.join(" ")));
    }

    // Columns: ticket get, listed, patch priority, reply, note, messages (+n: internal notes shown),
    // history (count of message entries), mark solved; then contacts C L R(ana) U, organizations C L R,
    // groups C L U, agents C L, fields C L.
    assert_eq!(
        table,
        "admin            200 Y 200 201 201 200+n 200:3 200 201 200 200 200 201 200 200 201 200 200 201 200 201 200\n\
         supervisor       200 Y 200 201 201 200+n 200:5 200 201 200 200 200 201 200 200 403 200 403 403 200 403 200\n\
         agent in group   200 Y 200 201 201 200+n 200:7 200 201 200 200 200 201 200 200 403 200 403 403 200 403 200\n\
         agent elsewhere  404 N 404 404 404 404 404:0 404 201 200 200 200 201 200 200 403 200 403 403 200 403 200\n\
         customer owner   200 Y 403 201 403 200 200:4 200 403 403 200 403 403 403 200 403 403 403 403 403 403 200\n\
         customer org     200 Y 403 201 403 200 200:5 200 403 403 404 403 403 403 200 403 403 403 403 403 403 200\n\
         customer other   404 N 403 404 403 404 404:0 404 403 403 404 403 403 403 404 403 403 403 403 403 403 200\n"
    );
}
