//! Getting into the portal by link, at the HTTP level on both backends: signing up mails a link that opens
//! a button page (a mail scanner fetching it uses nothing), the button signs in once, and the new customer
//! can choose a password; asking for a link answers alike for known and unknown addresses but mails only
//! the known; forms without their pre-session token, and bad addresses, are refused and mail nothing.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use ayuda_core::email::{OutboxKind, OutboxMail};
use jiff::{SignedDuration, Timestamp};
use serde_json::json;

use crate::both_backends;
use crate::harness::{PUBLIC_URL, Reply, TestApi, csrf_of, text};

/// A browser without a session: its pre-session cookie, once a page has set one.
#[derive(Default)]
struct Visitor {
    pre_session: Option<String>,
    session: Option<String>,
}

impl Visitor {
    fn cookies(&self) -> String {
        let mut cookies = Vec::new();
        if let Some(pre) = &self.pre_session {
            cookies.push(format!("ayuda_csrf={pre}"));
        }
        if let Some(session) = &self.session {
            cookies.push(format!("ayuda_session={session}"));
        }
        cookies.join("; ")
    }

    async fn send(&mut self, api: &TestApi, method: Method, path: &str, form: &str) -> Reply {
        let request = Request::builder()
            .method(method)
            .uri(path)
            .header(header::COOKIE, self.cookies())
            .header(header::ACCEPT_LANGUAGE, "en")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form.to_owned()))
            .unwrap();
        let reply = api.raw(request).await;
        for cookie in reply.headers.get_all(header::SET_COOKIE) {
            let cookie = cookie.to_str().unwrap();
            let (name, rest) = cookie.split_once('=').unwrap();
            let value = rest.split(';').next().unwrap().to_owned();
            match name {
                "ayuda_csrf" => self.pre_session = (!value.is_empty()).then_some(value),
                "ayuda_session" => self.session = (!value.is_empty()).then_some(value),
                _ => {}
            }
        }
        reply
    }

    async fn get(&mut self, api: &TestApi, path: &str) -> Reply {
        self.send(api, Method::GET, path, "").await
    }

    async fn post(&mut self, api: &TestApi, path: &str, form: &str) -> Reply {
        self.send(api, Method::POST, path, form).await
    }
}

/// The sign-in links waiting in the outbox.
async fn queued_links(api: &TestApi) -> Vec<OutboxMail> {
    let now = Timestamp::now();
    let mut due = api
        .store()
        .claim_outbox(now, now + SignedDuration::from_secs(1), 100)
        .await
        .unwrap();
    due.retain(|mail| mail.kind == OutboxKind::SignInLink);
    due
}

/// The path of the link a queued mail carries, as the mail shows it.
async fn link_path(api: &TestApi, mail: &OutboxMail) -> String {
    let url = api.app.sign_in_link_url(mail.id).await.unwrap().unwrap();
    url.strip_prefix(PUBLIC_URL).unwrap().to_owned()
}

async fn signing_up_by_link_makes_a_customer_who_can_then_choose_a_password(api: TestApi) {
    let mut visitor = Visitor::default();
    let form = visitor.get(&api, "/portal/sign-up").await;
    assert_eq!(form.status, StatusCode::OK);
    let sent = visitor
        .post(
            &api,
            "/portal/sign-up",
            &format!(
                "csrf={}&name=Luis+P%C3%A9rez&email=luis%40example.com",
                csrf_of(&form)
            ),
        )
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", text(&sent));
    assert!(text(&sent).contains("Check your email"), "{}", text(&sent));
    let links = queued_links(&api).await;
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].to[0].as_str(), "luis@example.com");
    assert_eq!(links[0].language, "en");
    let path = link_path(&api, &links[0]).await;

    // Opening the link (as a mail scanner would) shows a button and signs nobody in.
    let button = visitor.get(&api, &path).await;
    assert_eq!(button.status, StatusCode::OK);
    assert!(visitor.session.is_none());
    let in_ = visitor
        .post(&api, &path, &format!("csrf={}", csrf_of(&button)))
        .await;
    assert_eq!(in_.status, StatusCode::SEE_OTHER, "{}", text(&in_));
    assert_eq!(in_.headers[header::LOCATION], "/portal/tickets");
    assert!(visitor.session.is_some());
    let tickets = visitor.get(&api, "/portal/tickets").await;
    assert_eq!(tickets.status, StatusCode::OK);
    assert!(text(&tickets).contains("Luis Pérez"), "{}", text(&tickets));

    // The link worked once.
    let mut stranger = Visitor::default();
    let again = stranger.get(&api, &path).await;
    let refused = stranger
        .post(&api, &path, &format!("csrf={}", csrf_of(&again)))
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(&refused).contains("This link does not work"));
    assert!(stranger.session.is_none());

    // A password too short is refused with the rule; a good one lets them sign in without a link.
    let account = visitor.get(&api, "/portal/account").await;
    assert!(text(&account).contains("luis@example.com"));
    let csrf = csrf_of(&account);
    let short = visitor
        .post(
            &api,
            "/portal/account",
            &format!("csrf={csrf}&password=short"),
        )
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(&short).contains("at least 10 characters"));
    let saved = visitor
        .post(
            &api,
            "/portal/account",
            &format!("csrf={csrf}&password=una+clave+larga"),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK);
    let mut later = Visitor::default();
    let sign_in = later.get(&api, "/portal/sign-in").await;
    let signed_in = later
        .post(
            &api,
            "/portal/sign-in",
            &format!(
                "csrf={}&email=luis%40example.com&password=una+clave+larga",
                csrf_of(&sign_in)
            ),
        )
        .await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
    assert!(later.session.is_some());
}

async fn a_link_request_answers_alike_for_any_address_but_mails_only_a_customer(api: TestApi) {
    let created = api
        .post(
            "/api/v1/tickets",
            &api.admin,
            json!({"subject": "Pedido", "body": "Hola", "requester": {"email": "ana@example.com", "name": "Ana"}}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    let mut answers = Vec::new();
    for email in ["ana%40example.com", "nadie%40example.com"] {
        let mut visitor = Visitor::default();
        let page = visitor.get(&api, "/portal/sign-in").await;
        let sent = visitor
            .post(
                &api,
                "/portal/sign-in/link",
                &format!("csrf={}&email={email}", csrf_of(&page)),
            )
            .await;
        assert_eq!(sent.status, StatusCode::OK);
        answers.push(text(&sent).replace(&email.replace("%40", "@"), "ADDRESS"));
    }
    assert_eq!(answers[0], answers[1]);
    let links = queued_links(&api).await;
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].to[0].as_str(), "ana@example.com");
}

async fn link_forms_without_their_token_or_with_a_bad_address_mail_nothing(api: TestApi) {
    // No pre-session cookie: refused, shown again.
    let mut visitor = Visitor::default();
    let forged = visitor
        .post(
            &api,
            "/portal/sign-up",
            "csrf=0123&name=Eva&email=eva%40example.com",
        )
        .await;
    assert_eq!(forged.status, StatusCode::UNPROCESSABLE_ENTITY);
    let form = visitor.get(&api, "/portal/sign-up").await;
    let bad = visitor
        .post(
            &api,
            "/portal/sign-up",
            &format!("csrf={}&name=Eva&email=not-an-address", csrf_of(&form)),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(&bad).contains("does not look right"), "{}", text(&bad));
    let nameless = visitor
        .post(
            &api,
            "/portal/sign-up",
            &format!("csrf={}&name=+&email=eva%40example.com", csrf_of(&form)),
        )
        .await;
    assert_eq!(nameless.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(&nameless).contains("give your name"));
    assert!(queued_links(&api).await.is_empty());

    // A made-up token shows the failure, never a server error.
    let page = visitor.get(&api, "/portal/sign-in/link/00ff").await;
    let made_up = visitor
        .post(
            &api,
            "/portal/sign-in/link/00ff",
            &format!("csrf={}", csrf_of(&page)),
        )
        .await;
    assert_eq!(made_up.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(visitor.session.is_none());
}

both_backends!(
    signing_up_by_link_makes_a_customer_who_can_then_choose_a_password,
    a_link_request_answers_alike_for_any_address_but_mails_only_a_customer,
    link_forms_without_their_token_or_with_a_bad_address_mail_nothing,
);
