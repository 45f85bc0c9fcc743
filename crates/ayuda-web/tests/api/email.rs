//! The email endpoints as a relay, an administrator, an agent and a customer see them: raw mail in, the
//! quarantine, a message's original, attachments, and a ticket's deliveries.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::json;

use crate::both_backends;
use crate::harness::{Reply, TestApi};

both_backends!(
    a_relay_posts_raw_mail_and_sees_what_became_of_it,
    only_administrators_hand_over_mail_or_see_the_quarantine,
    the_quarantine_keeps_the_raw_bytes_and_retries,
    agents_open_the_original_and_the_attachments,
    a_bounce_marks_the_contacts_address,
);

async fn post_raw(api: &TestApi, path: &str, token: &str, raw: &[u8]) -> Reply {
    let request = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "message/rfc822")
        .body(Body::from(raw.to_vec()))
        .unwrap();
    api.raw(request).await
}

async fn contact(api: &TestApi, email: &str) {
    let created = api
        .post(
            "/api/v1/contacts",
            &api.admin,
            json!({"name": "Cliente", "identities": [{"kind": "email", "value": email}]}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{created:?}");
}

const ORDER: &str = "From: Ana <ana@cliente.example>\r\nTo: soporte@acme.example\r\n\
    Subject: Pedido retrasado\r\nMessage-ID: <order-1@cliente.example>\r\n\r\n\
    Mi pedido lleva dos semanas de retraso. ¿Me podéis decir algo?\r\n";

async fn a_relay_posts_raw_mail_and_sees_what_became_of_it(api: TestApi) {
    let reply = post_raw(&api, "/api/v1/inbound/email", &api.admin, ORDER.as_bytes()).await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    assert_eq!(reply.body["outcome"], "opened");
    let ticket = reply.body["ticket_id"].as_str().unwrap().to_owned();
    let stored = api
        .get(&format!("/api/v1/tickets/{ticket}"), &api.admin)
        .await;
    assert_eq!(stored.body["subject"], "Pedido retrasado");
    assert_eq!(stored.body["channel"], "email");
    assert_eq!(stored.body["number"], reply.body["ticket_number"]);

    let again = post_raw(&api, "/api/v1/inbound/email", &api.admin, ORDER.as_bytes()).await;
    assert_eq!(again.body["outcome"], "duplicate");

    let deliveries = api
        .get(&format!("/api/v1/tickets/{ticket}/deliveries"), &api.admin)
        .await;
    assert_eq!(deliveries.status, StatusCode::OK);
    assert_eq!(deliveries.body[0]["kind"], "acknowledgement");
    assert_eq!(deliveries.body[0]["state"], "pending");
    assert_eq!(deliveries.body[0]["to"][0], "ana@cliente.example");

    // An agent's public reply is queued for the customer.
    let answer = api
        .post(
            &format!("/api/v1/tickets/{ticket}/messages"),
            &api.admin,
            json!({"body": "Lo revisamos hoy mismo."}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{answer:?}");
    let deliveries = api
        .get(&format!("/api/v1/tickets/{ticket}/deliveries"), &api.admin)
        .await;
    assert_eq!(deliveries.body[1]["kind"], "reply");
    assert_eq!(deliveries.body[1]["message_id"], answer.body["id"]);

    let unknown = post_raw(
        &api,
        "/api/v1/inbound/email?mailbox=nowhere",
        &api.admin,
        ORDER.as_bytes(),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        unknown.field_errors(),
        ["mailbox: there is no mailbox by this name"]
    );
    let empty = post_raw(&api, "/api/v1/inbound/email", &api.admin, b"").await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn only_administrators_hand_over_mail_or_see_the_quarantine(api: TestApi) {
    let agent = api.agent_token("luis@acme.example", "agent", &[]).await;
    contact(&api, "ana@cliente.example").await;
    let customer = api.customer_token("ana@cliente.example").await;
    for token in [&agent, &customer] {
        let posted = post_raw(&api, "/api/v1/inbound/email", token, ORDER.as_bytes()).await;
        assert_eq!(posted.status, StatusCode::FORBIDDEN);
        let listed = api.get("/api/v1/inbound/emails", token).await;
        assert_eq!(listed.status, StatusCode::FORBIDDEN);
    }
    let anonymous = api
        .send(Method::GET, "/api/v1/inbound/emails", None, None)
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

async fn the_quarantine_keeps_the_raw_bytes_and_retries(api: TestApi) {
    let garbage = b"\x00\xff not a message".to_vec();
    let posted = post_raw(&api, "/api/v1/inbound/email", &api.admin, &garbage).await;
    assert_eq!(posted.body["outcome"], "quarantined");
    let id = posted.body["email_id"].as_str().unwrap().to_owned();
    let listed = api
        .get("/api/v1/inbound/emails?state=quarantined", &api.admin)
        .await;
    assert_eq!(listed.body["items"][0]["id"], id.as_str());
    assert!(listed.body["items"][0]["reason"].as_str().is_some());
    let bad_state = api
        .get("/api/v1/inbound/emails?state=lost", &api.admin)
        .await;
    assert_eq!(bad_state.status, StatusCode::UNPROCESSABLE_ENTITY);

    let raw = api
        .raw(
            Request::builder()
                .uri(format!("/api/v1/inbound/emails/{id}/raw"))
                .header(header::AUTHORIZATION, format!("Bearer {}", api.admin))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(raw.status, StatusCode::OK);
    assert_eq!(raw.headers[header::CONTENT_TYPE], "message/rfc822");

    let retried = api
        .post(
            &format!("/api/v1/inbound/emails/{id}/retry"),
            &api.admin,
            json!({}),
        )
        .await;
    assert_eq!(retried.body["outcome"], "quarantined", "{retried:?}");

    let opened = post_raw(&api, "/api/v1/inbound/email", &api.admin, ORDER.as_bytes()).await;
    assert_eq!(opened.body["outcome"], "opened");
    let all = api.get("/api/v1/inbound/emails", &api.admin).await;
    let ok = all.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["state"] == "opened")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let not_quarantined = api
        .post(
            &format!("/api/v1/inbound/emails/{ok}/retry"),
            &api.admin,
            json!({}),
        )
        .await;
    assert_eq!(not_quarantined.status, StatusCode::CONFLICT);
}

async fn agents_open_the_original_and_the_attachments(api: TestApi) {
    let with_file = "From: Ana <ana@cliente.example>\r\nTo: soporte@acme.example\r\n\
        Subject: Factura\r\nMessage-ID: <invoice-1@cliente.example>\r\nMIME-Version: 1.0\r\n\
        Content-Type: multipart/mixed; boundary=\"x\"\r\n\r\n\
        --x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nOs envío la factura.\r\n\r\n\
        > texto citado\r\n\
        --x\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"factura.pdf\"\r\n\
        Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQKJcOkw7zDtsOf\r\n--x--\r\n";
    let posted = post_raw(
        &api,
        "/api/v1/inbound/email",
        &api.admin,
        with_file.as_bytes(),
    )
    .await;
    let ticket = posted.body["ticket_id"].as_str().unwrap().to_owned();
    let messages = api
        .get(&format!("/api/v1/tickets/{ticket}/messages"), &api.admin)
        .await;
    let message = &messages.body["items"][0];
    let attachment = &message["attachments"][0];
    assert_eq!(attachment["filename"], "factura.pdf");
    let file = api
        .raw(
            Request::builder()
                .uri(format!(
                    "/api/v1/attachments/{}",
                    attachment["id"].as_str().unwrap()
                ))
                .header(header::AUTHORIZATION, format!("Bearer {}", api.admin))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.headers[header::CONTENT_TYPE], "application/pdf");
    assert!(
        file.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let original = api
        .raw(
            Request::builder()
                .uri(format!(
                    "/api/v1/tickets/{ticket}/messages/{}/original",
                    message["id"].as_str().unwrap()
                ))
                .header(header::AUTHORIZATION, format!("Bearer {}", api.admin))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(original.status, StatusCode::OK);
    assert!(original.body.as_str().unwrap().contains("> texto citado"));

    // Another customer sees neither.
    contact(&api, "otro@cliente.example").await;
    let stranger = api.customer_token("otro@cliente.example").await;
    let hidden = api
        .get(
            &format!("/api/v1/attachments/{}", attachment["id"].as_str().unwrap()),
            &stranger,
        )
        .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
}

async fn a_bounce_marks_the_contacts_address(api: TestApi) {
    let posted = post_raw(&api, "/api/v1/inbound/email", &api.admin, ORDER.as_bytes()).await;
    let ticket = posted.body["ticket_id"].as_str().unwrap().to_owned();
    let bounce = "From: MAILER-DAEMON@mx.acme.example\r\nTo: soporte@acme.example\r\n\
        Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <dsn-1@mx.acme.example>\r\n\
        MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n\
        --b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.acme.example\r\n\r\n\
        Final-Recipient: rfc822; ana@cliente.example\r\nAction: failed\r\nStatus: 5.2.2\r\n\
        Diagnostic-Code: smtp; 552 5.2.2 mailbox full\r\n\
        --b\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: <order-1@cliente.example>\r\n\r\n--b--\r\n";
    let noted = post_raw(&api, "/api/v1/inbound/email", &api.admin, bounce.as_bytes()).await;
    assert_eq!(noted.body["outcome"], "bounce", "{noted:?}");
    assert_eq!(noted.body["ticket_id"], ticket.as_str());
    let stored = api
        .get(&format!("/api/v1/tickets/{ticket}"), &api.admin)
        .await;
    let requester = stored.body["requester_id"].as_str().unwrap().to_owned();
    let contact = api
        .get(&format!("/api/v1/contacts/{requester}"), &api.admin)
        .await;
    assert_eq!(
        contact.body["identities"][0]["value"],
        "ana@cliente.example"
    );
    assert_eq!(
        contact.body["identities"][0]["bounced"]["reason"],
        "552 5.2.2 mailbox full"
    );
}
