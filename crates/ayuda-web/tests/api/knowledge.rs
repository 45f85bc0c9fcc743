//! Search and the knowledge base through the API, on both backends: stems, folded accents and typos found
//! in English, Spanish and Italian; a customer never finds an internal article, another customer's ticket
//! or an internal note; drafts need a supervisor to be published; every version kept; articles suggested
//! and inserted in the customer's language; searches that found nothing kept as gaps.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use ayuda_app::suggestions::InsertAs;
use serde_json::{Value, json};

use crate::both_backends;
use crate::harness::{Reply, TestApi};

/// Opens a ticket for `email` in `language`; its id and number.
async fn ticket(
    api: &TestApi,
    email: &str,
    language: &str,
    subject: &str,
    body: &str,
) -> (String, i64) {
    let created = api
        .post(
            "/api/v1/tickets",
            &api.admin,
            json!({"subject": subject, "body": body, "language": language, "requester": {"email": email}}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    (
        created.body["id"].as_str().unwrap().to_owned(),
        created.body["number"].as_i64().unwrap(),
    )
}

/// Writes and publishes an article (as the administrator); its id.
async fn article(
    api: &TestApi,
    visibility: &str,
    language: &str,
    title: &str,
    body: &str,
) -> String {
    let created = api
        .post(
            "/api/v1/kb/articles",
            &api.admin,
            json!({"visibility": visibility, "language": language, "title": title, "body_html": body, "status": "published"}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    created.body["id"].as_str().unwrap().to_owned()
}

/// What a search by `token` found: `kind:title` for each result, titles with their marks as `[word]`.
async fn found(api: &TestApi, token: &str, q: &str) -> Vec<String> {
    let path = format!(
        "/api/v1/search?{}",
        serde_urlencoded::to_string([("q", q)]).unwrap()
    );
    let reply = api.get(&path, token).await;
    assert_eq!(reply.status, StatusCode::OK, "{q}: {:?}", reply.body);
    reply.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| {
            let title: String = item["title"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| {
                    let text = f["text"].as_str().unwrap();
                    if f["marked"] == Value::Bool(true) {
                        format!("[{text}]")
                    } else {
                        text.to_owned()
                    }
                })
                .collect();
            format!("{}:{}", item["kind"].as_str().unwrap(), title)
        })
        .collect()
}

fn has(results: &[String], wanted: &str) -> bool {
    results.iter().any(|r| r.contains(wanted))
}

async fn stems_accents_and_typos_are_found_in_three_languages(api: TestApi) {
    ticket(
        &api,
        "ana@example.com",
        "es",
        "La impresora no imprime",
        "Las hojas salen en blanco desde ayer.",
    )
    .await;
    ticket(
        &api,
        "luca@example.com",
        "it",
        "Fatture duplicate",
        "Ho ricevuto due fatture per lo stesso ordine.",
    )
    .await;
    ticket(
        &api,
        "sam@example.com",
        "en",
        "Printers jam constantly",
        "Every printer in the office jams.",
    )
    .await;
    article(
        &api,
        "public",
        "es",
        "Facturación y pagos",
        "<p>Cómo funciona la facturación mensual.</p>",
    )
    .await;

    // Stems: the plural finds the singular, in each language.
    let spanish = found(&api, &api.admin, "impresoras").await;
    assert!(
        has(&spanish, "ticket:La [impresora] no imprime"),
        "{spanish:?}"
    );
    let italian = found(&api, &api.admin, "fattura").await;
    assert!(has(&italian, "ticket:[Fatture] duplicate"), "{italian:?}");
    let english = found(&api, &api.admin, "printer").await;
    assert!(
        has(&english, "ticket:[Printers] jam constantly"),
        "{english:?}"
    );

    // Accents folded either way.
    let folded = found(&api, &api.admin, "facturacion").await;
    assert!(has(&folded, "article:[Facturación] y pagos"), "{folded:?}");

    // One slip in a long word.
    for (typo, wanted) in [
        ("pritners", "[Printers] jam"),
        ("impresroa", "La [impresora]"),
        ("fatturre", "[Fatture] duplicate"),
    ] {
        let results = found(&api, &api.admin, typo).await;
        assert!(has(&results, wanted), "{typo}: {results:?}");
    }
    // A short word is taken as written.
    assert!(found(&api, &api.admin, "jamz").await.is_empty());

    // Filters narrow: the Spanish ticket is not Italian.
    assert!(
        found(&api, &api.admin, "lang:it impresora")
            .await
            .is_empty()
    );
    let open = found(&api, &api.admin, "status:new impresora").await;
    assert!(has(&open, "impresora"), "{open:?}");
    let bad = api
        .get("/api/v1/search?q=status%3Anope+x", &api.admin)
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.field_errors().iter().any(|e| e.starts_with("status")),
        "{:?}",
        bad.body
    );
}

async fn a_customer_never_finds_what_is_not_theirs(api: TestApi) {
    let (ana_ticket, _) = ticket(
        &api,
        "ana@example.com",
        "en",
        "Blender lid cracked",
        "The lid of my blender cracked.",
    )
    .await;
    ticket(
        &api,
        "bea@example.com",
        "en",
        "Flumbotron broken",
        "My flumbotron stopped working.",
    )
    .await;
    let note = api
        .post(
            &format!("/api/v1/tickets/{ana_ticket}/messages"),
            &api.admin,
            json!({"kind": "note", "body": "Customer is on the quuxwatch list."}),
        )
        .await;
    assert_eq!(note.status, StatusCode::CREATED, "{:?}", note.body);
    article(
        &api,
        "internal",
        "en",
        "Zorblax refund rules",
        "<p>Internal zorblax policy.</p>",
    )
    .await;
    article(
        &api,
        "training",
        "en",
        "Zorblax training",
        "<p>Training about zorblax.</p>",
    )
    .await;
    article(
        &api,
        "public",
        "en",
        "Blender lids",
        "<p>How to replace a blender lid.</p>",
    )
    .await;
    let ana = api.customer_token("ana@example.com").await;

    // Agents find everything.
    assert!(has(
        &found(&api, &api.admin, "flumbotron").await,
        "Flumbotron"
    ));
    assert!(has(&found(&api, &api.admin, "quuxwatch").await, "message:"));
    assert_eq!(found(&api, &api.admin, "zorblax").await.len(), 2);

    // The customer finds their ticket and the public article, nothing else.
    let theirs = found(&api, &ana, "blender").await;
    // The subject or the first message, whichever ranks first, stands for the ticket.
    assert!(has(&theirs, ":[Blender] lid cracked"), "{theirs:?}");
    assert!(has(&theirs, "article:[Blender] lids"), "{theirs:?}");
    for q in [
        "flumbotron",
        "quuxwatch",
        "zorblax",
        "in:contact ana",
        "in:organization example",
    ] {
        assert!(found(&api, &ana, q).await.is_empty(), "{q}");
    }
    // Their own search for an article that does not exist is a gap supervisors see.
    let gaps = api
        .app
        .knowledge_gaps(&supervisor(&api).await, 30)
        .await
        .unwrap();
    assert!(
        gaps.misses
            .iter()
            .any(|m| m.text == "flumbotron" && m.by_customers),
        "{:?}",
        gaps.misses
    );
    // The API refuses customers the article list beyond public ones, and the article itself.
    let listed = api.get("/api/v1/kb/articles", &ana).await;
    let titles: Vec<&str> = listed.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["translations"][0]["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Blender lids"]);
}

async fn supervisor(api: &TestApi) -> ayuda_core::permission::Principal {
    let token = api.agent_token("sup@test.example", "supervisor", &[]).await;
    api.app.authenticate(&token).await.unwrap().principal
}

async fn drafts_need_a_supervisor_and_every_version_is_kept(api: TestApi) {
    let agent = api.agent_token("agent@test.example", "agent", &[]).await;
    let draft = api
        .post(
            "/api/v1/kb/articles",
            &agent,
            json!({"visibility": "public", "language": "it", "title": "Garanzia", "body_html": "Due anni di garanzia."}),
        )
        .await;
    assert_eq!(draft.status, StatusCode::CREATED, "{:?}", draft.body);
    assert_eq!(draft.body["translations"][0]["status"], "draft");
    assert_eq!(
        draft.body["translations"][0]["body_html"],
        "<p>Due anni di garanzia.</p>"
    );
    let id = draft.body["id"].as_str().unwrap();
    assert!(
        found(&api, &api.admin, "garanzia").await.is_empty(),
        "a draft is not found"
    );

    let put = |token: String, body: Value| {
        let api = &api;
        async move {
            api.send(
                Method::PUT,
                &format!("/api/v1/kb/articles/{id}/translations/it"),
                Some(&token),
                Some(body),
            )
            .await
        }
    };
    let refused = put(
        agent.clone(),
        json!({"title": "Garanzia", "body_html": "Due anni.", "status": "published", "base_version": 1}),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{:?}", refused.body);
    let published = put(
        api.admin.clone(),
        json!({"title": "Garanzia", "body_html": "<p>Due anni di garanzia <script>x()</script></p>", "status": "published", "base_version": 1}),
    )
    .await;
    assert_eq!(published.status, StatusCode::OK, "{:?}", published.body);
    assert_eq!(published.body["translations"][0]["version"], 2);
    assert!(
        !published.body["translations"][0]["body_html"]
            .as_str()
            .unwrap()
            .contains("script")
    );
    assert!(has(
        &found(&api, &api.admin, "garanzie").await,
        "[Garanzia]"
    ));

    // Someone saving over a version they did not see is told so, and nothing is lost.
    let stale = put(
        api.admin.clone(),
        json!({"title": "Vecchia", "body_html": "x", "status": "published", "base_version": 1}),
    )
    .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{:?}", stale.body);
    let versions = api
        .app
        .article_versions(&supervisor(&api).await, id.parse().unwrap(), "it")
        .await
        .unwrap();
    assert_eq!(
        versions.iter().map(|v| v.version).collect::<Vec<_>>(),
        [2, 1]
    );

    // Archived: no longer found.
    let archived = put(
        api.admin.clone(),
        json!({"title": "Garanzia", "body_html": "Due anni.", "status": "archived", "base_version": 2}),
    )
    .await;
    assert_eq!(archived.status, StatusCode::OK, "{:?}", archived.body);
    assert!(found(&api, &api.admin, "garanzia").await.is_empty());
}

async fn articles_are_suggested_and_inserted_in_the_customer_s_language(api: TestApi) {
    let created = api
        .post(
            "/api/v1/kb/articles",
            &api.admin,
            json!({"visibility": "public", "language": "en", "title": "Printer prints blank pages", "body_html": "Run the cleaning cycle.", "status": "published"}),
        )
        .await;
    let id = created.body["id"].as_str().unwrap().to_owned();
    let spanish = api
        .send(
            Method::PUT,
            &format!("/api/v1/kb/articles/{id}/translations/es"),
            Some(&api.admin),
            Some(json!({"title": "La impresora imprime páginas en blanco", "body_html": "Ejecute el ciclo de limpieza.", "status": "published"})),
        )
        .await;
    assert_eq!(spanish.status, StatusCode::OK, "{:?}", spanish.body);
    let (ticket_id, _) = ticket(
        &api,
        "ana@example.com",
        "es",
        "Mi impresora saca hojas en blanco",
        "Ayuda por favor",
    )
    .await;

    // The portal suggests it while a Spanish customer types, in Spanish.
    let ana = api.customer_token("ana@example.com").await;
    let suggested = api
        .get(
            "/api/v1/kb/suggestions?text=impresoras%20en%20blanco&lang=es",
            &ana,
        )
        .await;
    assert_eq!(suggested.status, StatusCode::OK, "{:?}", suggested.body);
    assert_eq!(
        suggested.body[0]["title"],
        "La impresora imprime páginas en blanco"
    );

    // The ticket page suggests it, and it goes into the reply in Spanish.
    let admin = api.app.authenticate(&api.admin).await.unwrap().principal;
    let ticket_id: ayuda_core::id::TicketId = ticket_id.parse().unwrap();
    let offers = api
        .app
        .suggest_for_ticket(&admin, ticket_id, 5)
        .await
        .unwrap();
    assert_eq!(offers[0].language.as_str(), "es", "{offers:?}");
    let article_id = id.parse().unwrap();
    let text = api
        .app
        .insert_article(&admin, ticket_id, article_id, InsertAs::Text)
        .await
        .unwrap();
    assert!(
        text.starts_with("La impresora imprime páginas en blanco\n\nEjecute el ciclo"),
        "{text}"
    );
    let link = api
        .app
        .insert_article(&admin, ticket_id, article_id, InsertAs::Link)
        .await
        .unwrap();
    assert!(
        link.ends_with(&format!("/portal/kb/{id}?lang=es")),
        "{link}"
    );

    // Votes and views are counted.
    let vote = api
        .post(
            &format!("/api/v1/kb/articles/{id}/votes"),
            &ana,
            json!({"helpful": true}),
        )
        .await;
    assert_eq!(vote.status, StatusCode::NO_CONTENT);
    let read = api.get(&format!("/api/v1/kb/articles/{id}"), &ana).await;
    assert_eq!(read.body["helpful"], 1, "{:?}", read.body);
}

/// Sends `files` (name, type, content) to an article as `multipart/form-data`.
async fn attach(api: &TestApi, token: &str, article: &str, files: &[(&str, &str, &str)]) -> Reply {
    let boundary = "ayuda-test-boundary";
    let mut body = String::new();
    for (name, content_type, content) in files {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\nContent-Type: {content_type}\r\n\r\n{content}\r\n"
        ));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    let request = Request::builder()
        .method(Method::POST)
        .uri(format!("/api/v1/kb/articles/{article}/attachments"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap();
    api.raw(request).await
}

async fn files_are_shown_to_whoever_may_read_the_article(api: TestApi) {
    let public = article(
        &api,
        "public",
        "es",
        "Cómo desatascar la impresora",
        "<p>Abre la tapa trasera.</p>",
    )
    .await;
    let attached = attach(
        &api,
        &api.admin,
        &public,
        &[("diagrama.png", "image/png", "bytes of the diagram")],
    )
    .await;
    assert_eq!(attached.status, StatusCode::CREATED, "{:?}", attached.body);
    let file = attached.body[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(attached.body[0]["filename"], "diagrama.png");
    let address = format!("/api/v1/kb/articles/{public}/attachments/{file}");

    // The image is shown in the Spanish body, and the sanitiser keeps its address.
    let saved = api
        .send(
            Method::PUT,
            &format!("/api/v1/kb/articles/{public}/translations/es"),
            Some(&api.admin),
            Some(json!({"title": "Cómo desatascar la impresora", "body_html": format!("<p>Abre la tapa trasera.</p><p><img src=\"{address}\" alt=\"Diagrama\" onerror=\"alert(1)\"></p>"), "status": "published", "base_version": 1})),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{:?}", saved.body);
    let body = saved.body["translations"][0]["body_html"].as_str().unwrap();
    assert!(
        body.contains(&format!("<img src=\"{address}\" alt=\"Diagrama\">")),
        "{body}"
    );

    // A customer reads the public article, so gets its file, inline, under a policy that runs nothing.
    ticket(
        &api,
        "carla@example.com",
        "es",
        "Atasco",
        "La impresora se atasca.",
    )
    .await;
    let customer = api.customer_token("carla@example.com").await;
    let served = api.get(&address, &customer).await;
    assert_eq!(served.status, StatusCode::OK);
    assert_eq!(served.body, "bytes of the diagram");
    assert_eq!(served.headers[header::CONTENT_TYPE], "image/png");
    assert!(
        served.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .starts_with("inline")
    );
    assert!(
        served.headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .contains("sandbox")
    );

    // An internal article's file is the agents' only; a customer cannot attach anything.
    let internal = article(
        &api,
        "internal",
        "en",
        "Escalation contacts",
        "<p>Call Marta.</p>",
    )
    .await;
    let attached = attach(
        &api,
        &api.admin,
        &internal,
        &[("phones.txt", "text/plain", "Marta 555-0101")],
    )
    .await;
    assert_eq!(attached.status, StatusCode::CREATED, "{:?}", attached.body);
    let secret = format!(
        "/api/v1/kb/articles/{internal}/attachments/{}",
        attached.body[0]["id"].as_str().unwrap()
    );
    assert_eq!(
        api.get(&secret, &customer).await.status,
        StatusCode::NOT_FOUND
    );
    let agent = api.agent_token("otto@example.com", "agent", &[]).await;
    let downloaded = api.get(&secret, &agent).await;
    assert_eq!(downloaded.status, StatusCode::OK);
    assert!(
        downloaded.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let refused = attach(&api, &customer, &public, &[("mine.png", "image/png", "x")]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{:?}", refused.body);
    // A file of one article is not found under another.
    let elsewhere = format!("/api/v1/kb/articles/{internal}/attachments/{file}");
    assert_eq!(
        api.get(&elsewhere, &agent).await.status,
        StatusCode::NOT_FOUND
    );

    // No file at all is the sender's mistake.
    let empty = attach(&api, &api.admin, &public, &[]).await;
    assert_eq!(
        empty.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        empty.body
    );
    let article = api
        .get(&format!("/api/v1/kb/articles/{public}"), &api.admin)
        .await;
    assert_eq!(
        article.body["attachments"].as_array().map(Vec::len),
        Some(1),
        "{:?}",
        article.body
    );
}

both_backends!(
    stems_accents_and_typos_are_found_in_three_languages,
    a_customer_never_finds_what_is_not_theirs,
    drafts_need_a_supervisor_and_every_version_is_kept,
    articles_are_suggested_and_inserted_in_the_customer_s_language,
    files_are_shown_to_whoever_may_read_the_article,
);
