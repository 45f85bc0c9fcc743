//! The SLA set-up through the API, on both backends: administrators keep calendars and policies, agents
//! read them, bad hours and targets are named, a calendar in use stays; a ticket shows its deadlines.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::json;

use crate::both_backends;
use crate::harness::TestApi;

async fn administrators_keep_calendars_and_policies_and_tickets_show_their_deadlines(api: TestApi) {
    let bad = api
        .post(
            "/api/v1/sla/calendars",
            &api.admin,
            json!({"name": "Madrid", "time_zone": "Europe/Madird",
                   "hours": ["09:00-17:00", "17:00-09:00", "", "", "", "", ""],
                   "holidays": ["02-30"]}),
        )
        .await;
    assert_eq!(
        bad.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        bad.body
    );
    let fields = bad.field_errors().join("\n");
    for field in ["hours.tuesday", "holidays.0", "time_zone"] {
        assert!(fields.contains(field), "{field} not in {fields}");
    }

    let calendar = api
        .post(
            "/api/v1/sla/calendars",
            &api.admin,
            json!({"name": "Madrid office", "time_zone": "Europe/Madrid",
                   "hours": ["09:00-17:00", "09:00-17:00", "09:00-17:00", "09:00-17:00", "09:00-15:00", "", ""],
                   "holidays": ["12-25", "2026-12-08"]}),
        )
        .await;
    assert_eq!(calendar.status, StatusCode::CREATED, "{:?}", calendar.body);
    let calendar_id = calendar.body["id"].as_str().unwrap().to_owned();
    assert_eq!(calendar.body["hours"][4], "09:00-15:00");

    let agent = api.agent_token("luis@desk.test", "agent", &[]).await;
    let refused = api
        .post(
            "/api/v1/sla/policies",
            &agent,
            json!({"name": "Mine", "first_response_minutes": 5}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let no_target = api
        .post("/api/v1/sla/policies", &api.admin, json!({"name": "Empty"}))
        .await;
    assert_eq!(no_target.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Targets beyond a year (here beyond what a duration can hold) are named, not a server error.
    let huge = api
        .post(
            "/api/v1/sla/policies",
            &api.admin,
            json!({"name": "Huge", "first_response_minutes": i64::MAX, "warn_before_minutes": -1}),
        )
        .await;
    assert_eq!(
        huge.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        huge.body
    );
    let fields = huge.field_errors().join("\n");
    assert!(fields.contains("first_response_minutes") && fields.contains("warn_before_minutes"));

    let policy = api
        .post(
            "/api/v1/sla/policies",
            &api.admin,
            json!({"name": "Urgent", "priorities": ["urgent"], "first_response_minutes": 60,
                   "resolution_minutes": 480, "calendar_id": calendar_id, "warn_before_minutes": 15}),
        )
        .await;
    assert_eq!(policy.status, StatusCode::CREATED, "{:?}", policy.body);
    let listed = api.get("/api/v1/sla/policies", &agent).await;
    assert_eq!(listed.body["items"][0]["name"], "Urgent");

    let urgent = api
        .ticket(
            "Nothing prints",
            "ana@example.com",
            json!({"priority": "urgent"}),
        )
        .await;
    let targets = &urgent["sla"]["targets"];
    assert_eq!(targets[0]["metric"], "first_response");
    assert_eq!(targets[0]["target_minutes"], 60);
    assert!(targets[0]["due_at"].is_string(), "{urgent}");
    assert_eq!(targets[1]["metric"], "resolution");
    // The ticket page shows the same deadlines, in the agent's words.
    let page = api
        .raw(
            Request::builder()
                .uri(format!("/agent/tickets/{}", urgent["number"]))
                .header(header::COOKIE, format!("ayuda_session={}", api.admin))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let html = crate::harness::text(&page);
    assert!(html.contains("Service level"), "{html}");
    assert_eq!(html.matches("class=\"sla-running\"").count(), 2, "{html}");
    assert!(html.contains("first response"), "{html}");
    let normal = api
        .ticket(
            "A question",
            "ana@example.com",
            json!({"priority": "normal"}),
        )
        .await;
    assert!(normal["sla"].is_null(), "{normal}");

    let calendar_path = format!("/api/v1/sla/calendars/{calendar_id}");
    assert_eq!(delete(&api, &calendar_path).await, StatusCode::CONFLICT);
    let policy_id = policy.body["id"].as_str().unwrap();
    let policy_path = format!("/api/v1/sla/policies/{policy_id}");
    assert_eq!(delete(&api, &policy_path).await, StatusCode::NO_CONTENT);
    assert_eq!(delete(&api, &calendar_path).await, StatusCode::NO_CONTENT);
}

async fn delete(api: &TestApi, path: &str) -> StatusCode {
    api.send(Method::DELETE, path, Some(&api.admin), None)
        .await
        .status
}

/// Notifications through the API and in the workspace: each agent sees their own, the navigation counts
/// the unread ones, and marking them read clears the count.
async fn an_agent_reads_their_notifications_in_the_api_and_the_workspace(api: TestApi) {
    use ayuda_core::notification::{Notification, NotificationKind};
    use ayuda_store::TicketWrite;

    let created = api
        .ticket("Invoice twice", "ana@example.com", json!({}))
        .await;
    let number = created["number"].as_i64().unwrap();
    let store = api.store();
    let admin = store
        .find_agent_by_email("admin@test.example")
        .await
        .unwrap()
        .unwrap()
        .0;
    let ticket = store
        .get_ticket_by_number(ayuda_core::id::TicketNumber(number))
        .await
        .unwrap()
        .unwrap();
    let told = Notification::new(
        admin.id,
        ticket.id,
        NotificationKind::SlaWarning,
        "first_response",
        ticket.updated_at,
    );
    store
        .write_ticket(TicketWrite {
            ticket: ticket.clone(),
            message: None,
            events: Vec::new(),
            email: Default::default(),
            notifications: vec![told.clone()],
            routing: None,
        })
        .await
        .unwrap();

    let listed = api.get("/api/v1/notifications", &api.admin).await;
    assert_eq!(listed.status, StatusCode::OK, "{:?}", listed.body);
    assert_eq!(listed.body["items"][0]["kind"], "sla_warning");
    assert_eq!(listed.body["items"][0]["ticket_id"], ticket.id.to_string());
    assert!(listed.body["items"][0]["read_at"].is_null());
    let other = api.agent_token("luis@desk.test", "agent", &[]).await;
    let theirs = api.get("/api/v1/notifications", &other).await;
    assert_eq!(theirs.body["items"].as_array().unwrap().len(), 0);
    let customer = api.customer_token("ana@example.com").await;
    assert_eq!(
        api.get("/api/v1/notifications", &customer).await.status,
        StatusCode::FORBIDDEN
    );

    let page = |path: String| {
        Request::builder()
            .uri(path)
            .header(header::COOKIE, format!("ayuda_session={}", api.admin))
            .body(Body::empty())
            .unwrap()
    };
    let workspace = api.raw(page("/agent/notifications".into())).await;
    let html = crate::harness::text(&workspace);
    assert!(html.contains("1 unread"), "{html}");
    assert!(
        html.contains(&format!("href=\"/agent/tickets/{number}\"")),
        "{html}"
    );
    assert!(html.contains("first response target"), "{html}");

    let read = api
        .post("/api/v1/notifications/read", &api.admin, json!({}))
        .await;
    assert_eq!(read.status, StatusCode::NO_CONTENT);
    let listed = api.get("/api/v1/notifications", &api.admin).await;
    assert!(listed.body["items"][0]["read_at"].is_string());
    let workspace = api.raw(page(format!("/agent/tickets/{number}"))).await;
    assert!(!crate::harness::text(&workspace).contains("unread"));

    // Which of them come by email: every kind until chosen; a choice in the API, or on the preferences
    // page (one checkbox per kind).
    let emailed = api.get("/api/v1/notifications/email", &other).await;
    assert_eq!(emailed.status, StatusCode::OK, "{:?}", emailed.body);
    assert_eq!(emailed.body["kinds"].as_array().unwrap().len(), 6);
    let chosen = api
        .send(
            Method::PUT,
            "/api/v1/notifications/email",
            Some(&other),
            Some(json!({"kinds": ["escalated", "sla_breach"]})),
        )
        .await;
    assert_eq!(chosen.status, StatusCode::OK, "{:?}", chosen.body);
    assert_eq!(chosen.body["kinds"], json!(["sla_breach", "escalated"]));
    let wrong = api
        .send(
            Method::PUT,
            "/api/v1/notifications/email",
            Some(&other),
            Some(json!({"kinds": ["all"]})),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong.field_errors().join(" ").contains("kinds"),
        "{:?}",
        wrong.body
    );

    let preferences = api.raw(page("/agent/preferences".into())).await;
    let html = crate::harness::text(&preferences);
    assert!(
        html.contains("name=\"kind\" value=\"assigned\" checked"),
        "{html}"
    );
    let form = format!(
        "csrf={}&kind=customer_replied&kind=escalated",
        crate::harness::csrf_in(&html)
    );
    let saved = api
        .raw(
            Request::builder()
                .method(Method::POST)
                .uri("/agent/preferences/email")
                .header(header::COOKIE, format!("ayuda_session={}", api.admin))
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(form))
                .unwrap(),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let emailed = api.get("/api/v1/notifications/email", &api.admin).await;
    assert_eq!(
        emailed.body["kinds"],
        json!(["customer_replied", "escalated"])
    );
    let html = crate::harness::text(&api.raw(page("/agent/preferences".into())).await);
    assert!(
        html.contains("name=\"kind\" value=\"escalated\" checked"),
        "{html}"
    );
    assert!(
        !html.contains("name=\"kind\" value=\"assigned\" checked"),
        "{html}"
    );
}

both_backends!(
    administrators_keep_calendars_and_policies_and_tickets_show_their_deadlines,
    an_agent_reads_their_notifications_in_the_api_and_the_workspace,
);
