//! The web interfaces' protections, checked at the HTTP level: every form refuses a request without its
//! CSRF token or from another site, the API takes the session cookie for reading only, a customer reaches
//! only their own requests and never an internal note, and pages carry the security headers.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use ayuda_app::auth::NewAgent;
use serde_json::json;

use crate::harness::{Reply, TestApi, csrf_in, csrf_of, text};

/// A ticket opened through the API for `email`, with a public reply and an internal note; its number.
async fn ticket_for(api: &TestApi, email: &str, note: &str) -> i64 {
    let created = api
        .post(
            "/api/v1/tickets",
            &api.admin,
            json!({"subject": "Pedido 4411", "body": "Hola", "requester": {"email": email, "name": "Ana"}}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    let id = created.body["id"].as_str().unwrap().to_owned();
    let noted = api
        .post(
            &format!("/api/v1/tickets/{id}/messages"),
            &api.admin,
            json!({"kind": "note", "body": note}),
        )
        .await;
    assert_eq!(noted.status, StatusCode::CREATED, "{:?}", noted.body);
    created.body["number"].as_i64().unwrap()
}

async fn page(api: &TestApi, method: Method, path: &str, cookie: &str, form: &str) -> Reply {
    let request = Request::builder()
        .method(method)
        .uri(path)
        .header(header::COOKIE, format!("ayuda_session={cookie}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form.to_owned()))
        .unwrap();
    api.raw(request).await
}

async fn message_count(api: &TestApi, number: i64) -> usize {
    let tickets = api.get("/api/v1/tickets?limit=200", &api.admin).await;
    let id = tickets.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["number"].as_i64() == Some(number))
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let messages = api
        .get(&format!("/api/v1/tickets/{id}/messages"), &api.admin)
        .await;
    messages.body["items"].as_array().unwrap().len()
}

#[tokio::test]
async fn every_form_refuses_a_request_without_its_csrf_token_and_changes_nothing() {
    let api = TestApi::sqlite().await;
    let number = ticket_for(&api, "ana@example.com", "internal").await;
    let customer = api.customer_token("ana@example.com").await;
    let before = message_count(&api, number).await;
    for (path, cookie, form) in [
        (
            format!("/agent/tickets/{number}/messages"),
            &api.admin,
            "kind=reply&body=x",
        ),
        (
            format!("/agent/tickets/{number}"),
            &api.admin,
            "status=solved",
        ),
        (
            format!("/agent/tickets/{number}/presence"),
            &api.admin,
            "activity=replying",
        ),
        ("/agent/sign-out".to_owned(), &api.admin, ""),
        (
            format!("/portal/tickets/{number}/messages"),
            &customer,
            "body=x",
        ),
        (format!("/portal/tickets/{number}/solve"), &customer, ""),
        ("/portal/sign-out".to_owned(), &customer, ""),
    ] {
        for form in [
            form.to_owned(),
            format!("{form}&csrf=0123456789abcdef0123456789abcdef"),
        ] {
            let reply = page(&api, Method::POST, &path, cookie, &form).await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path} with {form:?}");
        }
    }
    assert_eq!(message_count(&api, number).await, before);
    // The sessions still work: signing out was refused too.
    let tickets = api.get("/api/v1/tickets", &api.admin).await;
    assert_eq!(tickets.status, StatusCode::OK);
    let portal = page(&api, Method::GET, "/portal/tickets", &customer, "").await;
    assert_eq!(portal.status, StatusCode::OK);
}

#[tokio::test]
async fn a_write_started_by_another_site_is_refused_even_with_a_valid_token() {
    let api = TestApi::sqlite().await;
    let number = ticket_for(&api, "ana@example.com", "internal").await;
    let ticket_page = page(
        &api,
        Method::GET,
        &format!("/agent/tickets/{number}"),
        &api.admin,
        "",
    )
    .await;
    assert_eq!(ticket_page.status, StatusCode::OK);
    let html = text(&ticket_page);
    let csrf = csrf_in(&html);
    let request = |site: &'static str| {
        Request::builder()
            .method(Method::POST)
            .uri(format!("/agent/tickets/{number}/messages"))
            .header(header::COOKIE, format!("ayuda_session={}", api.admin))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("sec-fetch-site", site)
            .body(Body::from(format!("csrf={csrf}&kind=note&body=hello")))
            .unwrap()
    };
    assert_eq!(
        api.raw(request("cross-site")).await.status,
        StatusCode::FORBIDDEN
    );
    // The same request from the page itself goes through.
    assert_eq!(
        api.raw(request("same-origin")).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn the_api_takes_the_session_cookie_for_reading_only() {
    let api = TestApi::sqlite().await;
    let read = page(&api, Method::GET, "/api/v1/tickets", &api.admin, "").await;
    assert_eq!(read.status, StatusCode::OK);
    let request = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/groups")
        .header(header::COOKIE, format!("ayuda_session={}", api.admin))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(json!({"name": "Forged"}).to_string()))
        .unwrap();
    assert_eq!(api.raw(request).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_customer_reaches_only_their_own_requests_and_never_a_note() {
    let api = TestApi::sqlite().await;
    let ana = ticket_for(&api, "ana@example.com", "Nota secreta sobre Ana").await;
    let luis = ticket_for(&api, "luis@example.com", "Nota secreta sobre Luis").await;
    let ana_session = api.customer_token("ana@example.com").await;

    let own = page(
        &api,
        Method::GET,
        &format!("/portal/tickets/{ana}"),
        &ana_session,
        "",
    )
    .await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(text(&own).contains("Pedido 4411"));
    assert!(
        !text(&own).contains("Nota secreta"),
        "a note reached the portal"
    );

    let other = page(
        &api,
        Method::GET,
        &format!("/portal/tickets/{luis}"),
        &ana_session,
        "",
    )
    .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    assert!(!text(&other).contains("Pedido"));
    let list = page(&api, Method::GET, "/portal/tickets", &ana_session, "").await;
    assert!(text(&list).contains(&format!("/portal/tickets/{ana}\"")));
    assert!(!text(&list).contains(&format!("/portal/tickets/{luis}\"")));

    // The workspace is not the customer's: they are sent to their portal.
    let workspace = page(
        &api,
        Method::GET,
        &format!("/agent/tickets/{ana}"),
        &ana_session,
        "",
    )
    .await;
    assert_eq!(workspace.status, StatusCode::SEE_OTHER);
    assert_eq!(workspace.headers[header::LOCATION], "/portal");
}

#[tokio::test]
async fn pages_forbid_inline_script_and_the_session_cookie_is_http_only() {
    let api = TestApi::sqlite().await;
    api.app
        .add_agent(NewAgent {
            email: "bea@example.com".into(),
            name: "Bea".into(),
            role: "agent".into(),
            password: Some("correct horse battery".into()),
            languages: vec![],
            group_ids: vec![],
        })
        .await
        .unwrap();
    let form = Request::builder()
        .uri("/agent/sign-in")
        .body(Body::empty())
        .unwrap();
    let form = api.raw(form).await;
    let policy = form.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    let script = policy
        .split(';')
        .find(|d| d.trim().starts_with("script-src"))
        .unwrap();
    assert_eq!(script.trim(), "script-src 'self'");
    assert!(
        !text(&form).contains("<script>"),
        "an inline script on the page"
    );
    let pre_session = form.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(pre_session.contains("HttpOnly") && pre_session.contains("SameSite=Lax"));
    let pre_value = pre_session
        .split(';')
        .next()
        .unwrap()
        .split_once('=')
        .unwrap()
        .1
        .to_owned();
    let csrf = csrf_of(&form);
    let sign_in = Request::builder()
        .method(Method::POST)
        .uri("/agent/sign-in")
        .header(header::COOKIE, format!("ayuda_csrf={pre_value}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!(
            "email=bea%40example.com&password=correct+horse+battery&csrf={csrf}"
        )))
        .unwrap();
    let signed_in = api.raw(sign_in).await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
    let session = signed_in
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("ayuda_session=ayu_"))
        .expect("a session cookie");
    assert!(
        session.contains("HttpOnly") && session.contains("SameSite=Lax"),
        "{session}"
    );

    // Without the pre-session cookie the same form is refused and signs nobody in.
    let forged = Request::builder()
        .method(Method::POST)
        .uri("/agent/sign-in")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!(
            "email=bea%40example.com&password=correct+horse+battery&csrf={csrf}"
        )))
        .unwrap();
    let forged = api.raw(forged).await;
    assert_eq!(forged.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        forged
            .headers
            .get_all(header::SET_COOKIE)
            .iter()
            .all(|c| !c.to_str().unwrap().starts_with("ayuda_session=ayu_"))
    );
}

fn multipart(parts: &[(&str, Option<&str>, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "ayuda-test-boundary";
    let mut body = Vec::new();
    for (name, filename, content) in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match filename {
            Some(filename) => body.extend_from_slice(
                format!(
                    "Content-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\nContent-Type: application/pdf\r\n\r\n"
                )
                .as_bytes(),
            ),
            None => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
            ),
        }
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[tokio::test]
async fn a_request_with_files_stores_nothing_before_its_csrf_token_is_checked() {
    let api = TestApi::sqlite().await;
    let number = ticket_for(&api, "ana@example.com", "internal").await;
    let before = message_count(&api, number).await;
    let customer = api.customer_token("ana@example.com").await;
    let content = format!("a file that must not be stored {}", uuid::Uuid::now_v7());
    let digest = ayuda_app::blobs::digest(content.as_bytes());
    let send = |path: &str, cookie: &str, parts: (String, Vec<u8>)| {
        Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::COOKIE, format!("ayuda_session={cookie}"))
            .header(header::CONTENT_TYPE, parts.0)
            .body(Body::from(parts.1))
            .unwrap()
    };
    // Every form with files: a new request, a customer's reply, an agent's reply or logged contact, a
    // ticket opened by an agent. A file before the token, and a wrong token: refused, the file not kept.
    for (path, cookie) in [
        ("/portal/requests".to_owned(), &customer),
        (format!("/portal/tickets/{number}/messages"), &customer),
        (format!("/agent/tickets/{number}/messages"), &api.admin),
        ("/agent/tickets".to_owned(), &api.admin),
    ] {
        for parts in [
            multipart(&[
                ("files", Some("x.pdf"), content.as_bytes()),
                ("csrf", None, b"whatever"),
            ]),
            multipart(&[
                ("csrf", None, b"0123456789abcdef0123456789abcdef"),
                ("body", None, b"Hola"),
                ("files", Some("x.pdf"), content.as_bytes()),
            ]),
        ] {
            let reply = api.raw(send(&path, cookie, parts)).await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path}");
            assert_eq!(api.app.blobs().get(&digest).await.unwrap(), None);
        }
    }
    assert_eq!(message_count(&api, number).await, before);
}

#[tokio::test]
async fn an_agent_s_reply_carries_its_files_to_the_conversation() {
    let api = TestApi::sqlite().await;
    let number = ticket_for(&api, "ana@example.com", "internal").await;
    let ticket_page = page(
        &api,
        Method::GET,
        &format!("/agent/tickets/{number}"),
        &api.admin,
        "",
    )
    .await;
    let csrf = csrf_of(&ticket_page);
    let (content_type, body) = multipart(&[
        ("csrf", None, csrf.as_bytes()),
        ("kind", None, b"reply"),
        ("body", None, b"Adjunto la factura corregida."),
        ("files", Some("factura-4411.pdf"), b"%PDF-1.4 corrected"),
        ("files", Some(""), b""),
    ]);
    let request = Request::builder()
        .method(Method::POST)
        .uri(format!("/agent/tickets/{number}/messages"))
        .header(header::COOKIE, format!("ayuda_session={}", api.admin))
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .unwrap();
    let sent = api.raw(request).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{:?}", sent.body);
    let shown = page(
        &api,
        Method::GET,
        &format!("/agent/tickets/{number}"),
        &api.admin,
        "",
    )
    .await;
    assert!(
        text(&shown).contains(">factura-4411.pdf</a>"),
        "{}",
        text(&shown)
    );
    // The customer sees the file with the reply.
    let customer = api.customer_token("ana@example.com").await;
    let portal = page(
        &api,
        Method::GET,
        &format!("/portal/tickets/{number}"),
        &customer,
        "",
    )
    .await;
    assert!(text(&portal).contains(">factura-4411.pdf</a>"));
    let digest = ayuda_app::blobs::digest(b"%PDF-1.4 corrected");
    assert!(api.app.blobs().get(&digest).await.unwrap().is_some());
}

#[tokio::test]
async fn the_unassigned_view_lists_only_tickets_nobody_has_in_the_agent_s_groups() {
    let api = TestApi::sqlite().await;
    let billing = api.group("Billing").await;
    let sales = api.group("Sales").await;
    let bea = api
        .agent_token("bea@desk.example", "agent", &[&billing])
        .await;
    let open = |subject: &'static str, group: String, assign: bool| {
        let api = &api;
        async move {
            let mut body = json!({"subject": subject, "body": "Hola", "group": group,
                "requester": {"email": "ana@example.com"}});
            if assign {
                let me = api.get("/api/v1/agents?limit=200", &api.admin).await;
                let admin = me.body["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|a| a["email"] == "admin@test.example")
                    .unwrap()["id"]
                    .clone();
                body["assignee"] = admin;
            }
            let created = api.post("/api/v1/tickets", &api.admin, body).await;
            assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
            created.body["number"].as_i64().unwrap()
        }
    };
    let waiting = open("Factura duplicada", billing.clone(), false).await;
    let taken = open("Factura pagada", billing.clone(), true).await;
    let elsewhere = open("Presupuesto", sales.clone(), false).await;

    let view = page(&api, Method::GET, "/agent/views/unassigned", &bea, "").await;
    assert_eq!(view.status, StatusCode::OK);
    let html = text(&view);
    assert!(html.contains(&format!("/agent/tickets/{waiting}\"")));
    assert!(!html.contains(&format!("/agent/tickets/{taken}\"")));
    assert!(!html.contains(&format!("/agent/tickets/{elsewhere}\"")));

    // The same through the API.
    let listed = api
        .get("/api/v1/tickets?assignee=none&group=mine", &bea)
        .await;
    assert_eq!(listed.status, StatusCode::OK, "{:?}", listed.body);
    let numbers: Vec<i64> = listed.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["number"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, vec![waiting]);
}

#[tokio::test]
async fn only_supervisors_and_administrators_edit_canned_responses() {
    let api = TestApi::sqlite().await;
    let agent = api.agent_token("eva@desk.example", "agent", &[]).await;
    let supervisor = api.agent_token("sol@desk.example", "supervisor", &[]).await;
    for (session, expected) in [
        (&agent, StatusCode::FORBIDDEN),
        (&supervisor, StatusCode::SEE_OTHER),
    ] {
        let library = page(&api, Method::GET, "/agent/canned", session, "").await;
        assert_eq!(library.status, StatusCode::OK);
        let csrf = csrf_of(&library);
        let form =
            format!("csrf={csrf}&name=Saludo&language=es&body=Hola+%7B%7Bcustomer.name%7D%7D");
        let created = page(&api, Method::POST, "/agent/canned", session, &form).await;
        assert_eq!(created.status, expected);
    }
    let all = api.app.store().list_canned_responses().await.unwrap();
    assert_eq!(all.len(), 1, "only the supervisor's response exists");
    // A placeholder that does not exist is refused with the list of those that do.
    let library = page(&api, Method::GET, "/agent/canned", &supervisor, "").await;
    let csrf = csrf_of(&library);
    let typo = format!("csrf={csrf}&name=Otro&language=es&body=Hola+%7B%7Bcustomer.nmae%7D%7D");
    let refused = page(&api, Method::POST, "/agent/canned", &supervisor, &typo).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(&refused).contains("customer.nmae"));
}

#[tokio::test]
async fn the_ticket_page_shows_and_changes_custom_fields_of_every_kind() {
    let api = TestApi::sqlite().await;
    // Opened before the fields were defined, as most tickets of a desk that adds a field are.
    let number = ticket_for(&api, "ana@example.com", "internal").await;
    for field in [
        json!({"entity": "ticket", "key": "order_number", "label": "Order number", "kind": "text", "required": true}),
        json!({"entity": "ticket", "key": "amount", "label": "Amount", "kind": "number"}),
        json!({"entity": "ticket", "key": "bought_on", "label": "Bought on", "kind": "date"}),
        json!({"entity": "ticket", "key": "product", "label": "Product", "kind": "select", "options": ["Lavadora", "Secadora"]}),
        json!({"entity": "ticket", "key": "warranty", "label": "Under warranty", "kind": "checkbox"}),
    ] {
        let created = api.post("/api/v1/fields", &api.admin, field).await;
        assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    }
    let path = format!("/agent/tickets/{number}");
    let shown = page(&api, Method::GET, &path, &api.admin, "").await;
    let html = text(&shown);
    for input in [
        "name=\"cf.order_number\" type=\"text\"",
        "name=\"cf.amount\" type=\"number\"",
        "name=\"cf.bought_on\" type=\"date\"",
        "<select id=\"cf-product\" name=\"cf.product\">",
        "name=\"cf.warranty\" type=\"checkbox\"",
    ] {
        assert!(html.contains(input), "no {input} in the page");
    }
    let csrf = csrf_in(&html);
    let shown_all = "cf_shown=order_number&cf_shown=amount&cf_shown=bought_on&cf_shown=product&cf_shown=warranty";

    // The required order number is still empty: changing only the status must not be refused for it.
    let status_only = page(
        &api,
        Method::POST,
        &path,
        &api.admin,
        &format!("csrf={csrf}&status=pending&{shown_all}&cf.order_number=&cf.amount=&cf.bought_on=&cf.product="),
    )
    .await;
    assert_eq!(
        status_only.status,
        StatusCode::SEE_OTHER,
        "{}",
        text(&status_only)
    );
    assert_eq!(custom_fields_of(&api).await, json!({}));

    // Every kind set at once.
    let set = page(
        &api,
        Method::POST,
        &path,
        &api.admin,
        &format!("csrf={csrf}&{shown_all}&cf.order_number=PED-4411&cf.amount=249.5&cf.bought_on=2026-10-02&cf.product=Lavadora&cf.warranty=1"),
    )
    .await;
    assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", text(&set));
    assert_eq!(
        custom_fields_of(&api).await,
        json!({"order_number": "PED-4411", "amount": 249.5, "bought_on": "2026-10-02", "product": "Lavadora", "warranty": true})
    );
    let again = text(&page(&api, Method::GET, &path, &api.admin, "").await);
    assert!(again.contains("value=\"PED-4411\""));
    assert!(again.contains("<option value=\"Lavadora\" selected>"));
    assert!(again.contains("type=\"checkbox\" value=\"1\" checked"));

    // A wrong value is refused and changes nothing; unticking the box clears the warranty.
    let wrong = page(
        &api,
        Method::POST,
        &path,
        &api.admin,
        &format!("csrf={csrf}&{shown_all}&cf.order_number=PED-4411&cf.amount=a+lot&cf.bought_on=2026-10-02&cf.product=Lavadora"),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(custom_fields_of(&api).await["amount"], json!(249.5));
    assert_eq!(custom_fields_of(&api).await["warranty"], json!(true));
    let untick = page(
        &api,
        Method::POST,
        &path,
        &api.admin,
        &format!("csrf={csrf}&{shown_all}&cf.order_number=PED-4411&cf.amount=249.5&cf.bought_on=2026-10-02&cf.product=Lavadora"),
    )
    .await;
    assert_eq!(untick.status, StatusCode::SEE_OTHER);
    assert_eq!(custom_fields_of(&api).await["warranty"], json!(false));
}

/// The custom fields of the only ticket, as the API returns them.
async fn custom_fields_of(api: &TestApi) -> serde_json::Value {
    let list = api.get("/api/v1/tickets?limit=10", &api.admin).await;
    list.body["items"][0]["custom_fields"].clone()
}

#[tokio::test]
async fn a_logged_contact_keeps_when_it_took_place() {
    let api = TestApi::sqlite().await;
    let number = ticket_for(&api, "ana@example.com", "internal").await;
    let path = format!("/agent/tickets/{number}");
    let csrf = csrf_of(&page(&api, Method::GET, &path, &api.admin, "").await);
    // A letter received on 20 November at 9:30 (the administrator has no zone chosen: UTC).
    let logged = page(
        &api,
        Method::POST,
        &format!("{path}/messages"),
        &api.admin,
        &format!("csrf={csrf}&kind=letter&direction=inbound&body=Carta+recibida&occurred_at=2026-11-20T09%3A30"),
    )
    .await;
    assert_eq!(logged.status, StatusCode::SEE_OTHER, "{}", text(&logged));
    let list = api.get("/api/v1/tickets?limit=10", &api.admin).await;
    let id = list.body["items"][0]["id"].as_str().unwrap().to_owned();
    let shown = api
        .get(&format!("/api/v1/tickets/{id}/messages"), &api.admin)
        .await;
    let letter = shown.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["kind"] == "letter")
        .unwrap()
        .clone();
    assert_eq!(letter["created_at"], "2026-11-20T09:30:00Z");
    // Next year is refused, and so is text that is not a date; nothing is added.
    for when in ["2099-01-01T10%3A00", "tomorrow"] {
        let refused = page(
            &api,
            Method::POST,
            &format!("{path}/messages"),
            &api.admin,
            &format!("csrf={csrf}&kind=phone_call&body=Llamada&occurred_at={when}"),
        )
        .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{when}");
    }
    assert_eq!(message_count(&api, number).await, 3);

    // A ticket opened for a fax that came in the day before.
    let opened = page(
        &api,
        Method::POST,
        "/agent/tickets",
        &api.admin,
        &format!("csrf={csrf}&requester_email=fax%40cliente.example&channel=fax&subject=Pedido+por+fax&body=Pedido+de+3+lavadoras&priority=normal&language=es&occurred_at=2026-11-19T16%3A00"),
    )
    .await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", text(&opened));
    let list = api.get("/api/v1/tickets?limit=10", &api.admin).await;
    let fax = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["subject"] == "Pedido por fax")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let first = api
        .get(&format!("/api/v1/tickets/{fax}/messages"), &api.admin)
        .await;
    assert_eq!(first.body["items"][0]["created_at"], "2026-11-19T16:00:00Z");
    assert_eq!(first.body["items"][0]["kind"], "fax");
}
