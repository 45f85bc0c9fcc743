//! Saved views through the workspace's forms, on both backends: a view keeps its filters and shows only the
//! tickets they select; a shared one is offered to every agent, "assigned to me" meaning each agent; a
//! private one stays its owner's; only the owner (or an administrator) deletes; bad filters save nothing.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::json;

use crate::both_backends;
use crate::harness::{Reply, TestApi, csrf_in, csrf_of, text};

async fn page(api: &TestApi, method: Method, path: &str, token: &str, form: &str) -> Reply {
    let request = Request::builder()
        .method(method)
        .uri(path)
        .header(header::COOKIE, format!("ayuda_session={token}"))
        .header(header::ACCEPT_LANGUAGE, "en")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form.to_owned()))
        .unwrap();
    api.raw(request).await
}

/// Saves a view as `token` with `form` (without the token); the reply.
async fn save(api: &TestApi, token: &str, form: &str) -> Reply {
    let shown = page(api, Method::GET, "/agent/views/open", token, "").await;
    let csrf = csrf_of(&shown);
    page(
        api,
        Method::POST,
        "/agent/views/saved",
        token,
        &format!("csrf={csrf}&{form}"),
    )
    .await
}

/// Opens a ticket; its number.
async fn ticket(api: &TestApi, subject: &str, extra: serde_json::Value) -> i64 {
    let mut body =
        json!({"subject": subject, "body": "Hola", "requester": {"email": "ana@example.com"}});
    body.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    let created = api.post("/api/v1/tickets", &api.admin, body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    created.body["number"].as_i64().unwrap()
}

async fn agent_id(api: &TestApi, email: &str) -> String {
    let agents = api.get("/api/v1/agents?limit=200", &api.admin).await;
    agents.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["email"] == email)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn lists(html: &str, number: i64) -> bool {
    html.contains(&format!("href=\"/agent/tickets/{number}\""))
}

async fn a_saved_view_shows_what_its_filters_select_to_whom_it_belongs(api: TestApi) {
    let carla = api.agent_token("carla@desk.example", "agent", &[]).await;
    let carla_id = agent_id(&api, "carla@desk.example").await;
    let admin_id = agent_id(&api, "admin@test.example").await;
    let vip = ticket(&api, "Pedido VIP", json!({"tags": ["vip"]})).await;
    let vip_carla = ticket(
        &api,
        "VIP de Carla",
        json!({"tags": ["vip"], "assignee": carla_id}),
    )
    .await;
    let vip_admin = ticket(
        &api,
        "VIP del admin",
        json!({"tags": ["vip"], "assignee": admin_id}),
    )
    .await;
    let plain = ticket(&api, "Pedido normal", json!({})).await;

    // A shared view: open VIP tickets assigned to whoever opens it.
    let saved = save(
        &api,
        &api.admin,
        "name=Mis+VIP&status=new&status=open&tag=vip&assignee_id=me&shared=1",
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", text(&saved));
    let path = saved.headers[header::LOCATION].to_str().unwrap().to_owned();
    let mine = text(&page(&api, Method::GET, &path, &api.admin, "").await);
    assert!(mine.contains("<h1>Mis VIP</h1>"));
    assert!(lists(&mine, vip_admin));
    assert!(!lists(&mine, vip_carla) && !lists(&mine, vip) && !lists(&mine, plain));
    let hers = text(&page(&api, Method::GET, &path, &carla, "").await);
    assert!(lists(&hers, vip_carla));
    assert!(!lists(&hers, vip_admin));

    // A private view: offered to its owner only, and hidden from others.
    let private = save(&api, &api.admin, "name=Todo+VIP&tag=vip").await;
    assert_eq!(private.status, StatusCode::SEE_OTHER);
    let private_path = private.headers[header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned();
    let all_vip = text(&page(&api, Method::GET, &private_path, &api.admin, "").await);
    assert!(lists(&all_vip, vip) && lists(&all_vip, vip_carla) && lists(&all_vip, vip_admin));
    assert!(!lists(&all_vip, plain));
    let offered_to_carla = text(&page(&api, Method::GET, "/agent/views/open", &carla, "").await);
    assert!(offered_to_carla.contains(&format!("href=\"{path}\"")));
    assert!(!offered_to_carla.contains(&format!("href=\"{private_path}\"")));
    let peeked = page(&api, Method::GET, &private_path, &carla, "").await;
    assert_eq!(peeked.status, StatusCode::NOT_FOUND);

    // Carla may not delete the administrator's shared view; the administrator may.
    let refused = page(
        &api,
        Method::POST,
        &format!("{path}/delete"),
        &carla,
        &format!("csrf={}", csrf_in(&hers)),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(
        !hers.contains(&format!("action=\"{path}/delete\"")),
        "no delete button for her"
    );
    let deleted = page(
        &api,
        Method::POST,
        &format!("{path}/delete"),
        &api.admin,
        &format!("csrf={}", csrf_in(&mine)),
    )
    .await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER);
    assert_eq!(
        page(&api, Method::GET, &path, &api.admin, "").await.status,
        StatusCode::NOT_FOUND
    );
}

async fn a_view_with_bad_filters_or_no_name_is_not_saved(api: TestApi) {
    for form in [
        "name=Raro&status=perhaps",
        "name=Raro&group_id=not-a-group",
        "name=&status=open",
        "name=Nada",
    ] {
        let refused = save(&api, &api.admin, form).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{form}");
    }
    let offered = text(&page(&api, Method::GET, "/agent/views/open", &api.admin, "").await);
    assert!(offered.contains("No saved views yet."));
}

both_backends!(
    a_saved_view_shows_what_its_filters_select_to_whom_it_belongs,
    a_view_with_bad_filters_or_no_name_is_not_saved,
);
