//! The administration screens at the HTTP level: an administrator adds and changes each kind of record
//! through the forms (and the API shows the result), a mistake comes back with its message and the values
//! typed, an agent reads the lists but changes nothing, and every screen has all its words in each language.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::Value;

use crate::both_backends;
use crate::harness::{Reply, TestApi, csrf_of, text};

pub(crate) async fn page(
    api: &TestApi,
    method: Method,
    path: &str,
    token: &str,
    form: &str,
    lang: &str,
) -> Reply {
    let request = Request::builder()
        .method(method)
        .uri(path)
        .header(header::COOKIE, format!("ayuda_session={token}"))
        .header(header::ACCEPT_LANGUAGE, lang)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form.to_owned()))
        .unwrap();
    api.raw(request).await
}

/// Submits `form` (URL-encoded, without the token) to `path` as `token`.
pub(crate) async fn submit(api: &TestApi, token: &str, path: &str, form: &str) -> Reply {
    let shown = page(api, Method::GET, "/agent/admin", token, "", "en").await;
    let form = format!("csrf={}&{form}", csrf_of(&shown));
    page(api, Method::POST, path, token, &form, "en").await
}

/// The record of `kind` (an API list path) whose `field` is `value`.
async fn find(api: &TestApi, list: &str, field: &str, value: &str) -> Value {
    let listed = api.get(list, &api.admin).await;
    assert_eq!(listed.status, StatusCode::OK, "{list}: {:?}", listed.body);
    listed.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item[field] == value)
        .unwrap_or_else(|| panic!("no {field} = {value} in {list}"))
        .clone()
}

async fn an_administrator_adds_and_changes_every_kind_of_record(api: TestApi) {
    let admin = api.admin.clone();
    let added = submit(
        &api,
        &admin,
        "/agent/admin/groups",
        "name=Garant%C3%ADas&description=Reparaciones&routing_mode=round_robin&match_language=1&routing_skills=lavadoras%2C+secadoras&tier=2",
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", text(&added));
    let group = find(&api, "/api/v1/groups", "name", "Garantías").await;
    let group_id = group["id"].as_str().unwrap().to_owned();
    let routing = api
        .get(&format!("/api/v1/groups/{group_id}/routing"), &admin)
        .await;
    assert_eq!(routing.body["routing_mode"], "round_robin");
    assert_eq!(routing.body["tier"], 2);
    assert_eq!(routing.body["match_language"], true);
    assert_eq!(
        routing.body["skills"],
        serde_json::json!(["lavadoras", "secadoras"])
    );

    let added = submit(
        &api,
        &admin,
        "/agent/admin/agents",
        &format!("name=Bea+Ruiz&email=bea%40desk.example&role=supervisor&groups={group_id}&languages=es%2C+it&skills=lavadoras"),
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", text(&added));
    let bea = find(
        &api,
        "/api/v1/agents?limit=200",
        "email",
        "bea@desk.example",
    )
    .await;
    assert_eq!(bea["role"], "supervisor");
    assert_eq!(bea["group_ids"][0], group_id.as_str());
    assert_eq!(bea["languages"], serde_json::json!(["es", "it"]));
    // Changing her: no longer active, an agent. The list shows it.
    let bea_id = bea["id"].as_str().unwrap();
    let changed = submit(
        &api,
        &admin,
        &format!("/agent/admin/agents/{bea_id}"),
        "name=Bea+Ruiz&email=bea%40desk.example&role=agent&languages=es&skills=",
    )
    .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", text(&changed));
    let bea = find(
        &api,
        "/api/v1/agents?limit=200",
        "email",
        "bea@desk.example",
    )
    .await;
    assert_eq!(bea["role"], "agent");
    assert_eq!(bea["active"], false);
    assert_eq!(bea["group_ids"], serde_json::json!([]));

    let added = submit(
        &api,
        &admin,
        "/agent/admin/organizations",
        "name=Casa+Verde&kind=retailer&service_tier=premium&domains=casaverde.example&shared_tickets=1&notes=",
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", text(&added));
    let casa = find(&api, "/api/v1/organizations", "name", "Casa Verde").await;
    assert_eq!(casa["service_tier"], "premium");
    assert_eq!(casa["shared_tickets"], true);
    let casa_id = casa["id"].as_str().unwrap();

    let added = submit(
        &api,
        &admin,
        "/agent/admin/contacts",
        &format!("name=Luca+Verdi&identities=email%3A+luca%40casaverde.example%0D%0Aphone%3A+%2B39+333+1234567&language=it&organization={casa_id}&notes="),
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", text(&added));
    let luca = find(&api, "/api/v1/contacts", "name", "Luca Verdi").await;
    assert_eq!(luca["language"], "it");
    assert_eq!(luca["organization_id"], casa_id);
    assert_eq!(luca["identities"].as_array().unwrap().len(), 2);

    let added = submit(
        &api,
        &admin,
        "/agent/admin/fields",
        "entity=ticket&key=order_number&kind=text&label=Order+number&options=&position=1",
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", text(&added));
    let field = find(&api, "/api/v1/fields", "key", "order_number").await;
    let changed = submit(
        &api,
        &admin,
        &format!("/agent/admin/fields/{}", field["id"].as_str().unwrap()),
        "label=N%C3%BAmero+de+pedido&options=&required=1&position=2",
    )
    .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", text(&changed));
    let field = find(&api, "/api/v1/fields", "key", "order_number").await;
    assert_eq!(field["label"], "Número de pedido");
    assert_eq!(field["required"], true);

    // A mailbox fetched over IMAP; changing it without typing the password keeps the stored one.
    let added = submit(
        &api,
        &admin,
        "/agent/admin/mailboxes",
        &format!("name=soporte&address=soporte%40desk.example&group={group_id}&active=1&imap_host=imap.desk.example&imap_port=&imap_tls=tls&imap_user=soporte&imap_password=s3cret+pass&imap_folder=INBOX&imap_processed_folder=Archivo"),
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", text(&added));
    let mailbox = api.store().find_mailbox("soporte").await.unwrap().unwrap();
    let imap = mailbox.imap.clone().unwrap();
    assert_eq!((imap.port, imap.password.0.as_str()), (993, "s3cret pass"));
    let shown = page(
        &api,
        Method::GET,
        &format!("/agent/admin/mailboxes/{}", mailbox.id),
        &admin,
        "",
        "en",
    )
    .await;
    assert!(
        !text(&shown).contains("s3cret"),
        "the password is never shown"
    );
    let changed = submit(
        &api,
        &admin,
        &format!("/agent/admin/mailboxes/{}", mailbox.id),
        "name=soporte&address=ayuda%40desk.example&group=&imap_host=imap.desk.example&imap_port=993&imap_tls=tls&imap_user=soporte&imap_password=&imap_folder=INBOX&imap_processed_folder=Archivo",
    )
    .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", text(&changed));
    let mailbox = api.store().find_mailbox("soporte").await.unwrap().unwrap();
    assert_eq!(mailbox.address.as_str(), "ayuda@desk.example");
    assert!(!mailbox.active);
    assert_eq!(mailbox.group_id, None);
    assert_eq!(mailbox.imap.unwrap().password.0, "s3cret pass");

    // Every list shows what was added.
    for (path, shown) in [
        ("/agent/admin/groups", "Garantías"),
        ("/agent/admin/agents", "bea@desk.example"),
        ("/agent/admin/organizations", "casaverde.example"),
        ("/agent/admin/contacts", "luca@casaverde.example"),
        ("/agent/admin/fields", "Número de pedido"),
        ("/agent/admin/mailboxes", "soporte@imap.desk.example:993"),
    ] {
        let list = page(&api, Method::GET, path, &admin, "", "en").await;
        assert_eq!(list.status, StatusCode::OK);
        assert!(text(&list).contains(shown), "{path} does not show {shown}");
    }
}

async fn a_mistake_comes_back_with_its_message_and_what_was_typed(api: TestApi) {
    let admin = api.admin.clone();
    let refused = submit(
        &api,
        &admin,
        "/agent/admin/agents",
        "name=Nadia+Sanz&email=not-an-address&role=agent",
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(&refused);
    assert!(html.contains("email"), "{html}");
    assert!(
        html.contains("value=\"Nadia Sanz\""),
        "the name typed is kept"
    );
    let agents = api.get("/api/v1/agents?limit=200", &api.admin).await;
    assert!(!agents.body.to_string().contains("Nadia"));
    let twice = submit(
        &api,
        &admin,
        "/agent/admin/mailboxes",
        "name=ventas&address=ventas%40desk.example&active=1",
    )
    .await;
    assert_eq!(twice.status, StatusCode::SEE_OTHER);
    let twice = submit(
        &api,
        &admin,
        "/agent/admin/mailboxes",
        "name=Ventas&address=otra%40desk.example&active=1",
    )
    .await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(&twice).contains("taken"));
    // A tier out of range is named, and no group is left behind without its set-up.
    let refused = submit(
        &api,
        &admin,
        "/agent/admin/groups",
        "name=Nivel+doce&routing_mode=manual&tier=12",
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(&refused).contains("tier"));
    let groups = api.get("/api/v1/groups?limit=200", &api.admin).await;
    assert!(!groups.body.to_string().contains("Nivel doce"));
    let unknown = page(
        &api,
        Method::GET,
        "/agent/admin/groups/not-an-id",
        &admin,
        "",
        "en",
    )
    .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let nowhere = page(&api, Method::GET, "/agent/admin/nothing", &admin, "", "en").await;
    assert_eq!(nowhere.status, StatusCode::NOT_FOUND);
}

async fn an_agent_reads_the_lists_but_changes_nothing(api: TestApi) {
    let agent = api.agent_token("carla@desk.example", "agent", &[]).await;
    let groups = page(&api, Method::GET, "/agent/admin/groups", &agent, "", "en").await;
    assert_eq!(groups.status, StatusCode::OK);
    assert!(
        !text(&groups).contains("action=\"/agent/admin/groups\""),
        "no form to add one"
    );
    let refused = submit(&api, &agent, "/agent/admin/groups", "name=Intrusos").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let listed = api.get("/api/v1/groups", &api.admin).await;
    assert!(!listed.body.to_string().contains("Intrusos"));
    let mailboxes = page(
        &api,
        Method::GET,
        "/agent/admin/mailboxes",
        &agent,
        "",
        "en",
    )
    .await;
    assert_eq!(mailboxes.status, StatusCode::FORBIDDEN);
    let settings = page(&api, Method::GET, "/agent/admin/settings", &agent, "", "en").await;
    assert_eq!(settings.status, StatusCode::FORBIDDEN);
}

async fn every_screen_has_its_words_in_each_language(api: TestApi) {
    let admin = api.admin.clone();
    let added = submit(&api, &admin, "/agent/admin/groups", "name=Ventas").await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", text(&added));
    let group = find(&api, "/api/v1/groups", "name", "Ventas").await;
    let paths = [
        "/agent/admin".to_owned(),
        "/agent/admin/agents".to_owned(),
        "/agent/admin/groups".to_owned(),
        format!("/agent/admin/groups/{}", group["id"].as_str().unwrap()),
        "/agent/admin/organizations".to_owned(),
        "/agent/admin/contacts".to_owned(),
        "/agent/admin/fields".to_owned(),
        "/agent/admin/mailboxes".to_owned(),
        "/agent/admin/roles".to_owned(),
        "/agent/admin/settings".to_owned(),
    ];
    for lang in ["en", "es", "it"] {
        for path in &paths {
            let shown = page(&api, Method::GET, path, &admin, "", lang).await;
            assert_eq!(shown.status, StatusCode::OK, "{path} in {lang}");
            let html = text(&shown);
            assert!(html.contains(&format!("<html lang=\"{lang}\">")));
            // A word missing from the catalog shows as its key: text such as `admin-name` or `role-agent`.
            let missing: Vec<&str> = html
                .split(['<', '>'])
                .skip(1)
                .step_by(2)
                .filter(|between| {
                    ["admin-", "role-", "organization-kind-", "service-tier-"]
                        .iter()
                        .any(|stem| between.trim().starts_with(stem))
                })
                .collect();
            assert!(
                missing.is_empty(),
                "{path} in {lang} lacks words: {missing:?}"
            );
        }
    }
}

both_backends!(
    an_administrator_adds_and_changes_every_kind_of_record,
    a_mistake_comes_back_with_its_message_and_what_was_typed,
    an_agent_reads_the_lists_but_changes_nothing,
    every_screen_has_its_words_in_each_language,
);
