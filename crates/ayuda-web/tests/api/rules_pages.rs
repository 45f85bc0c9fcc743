//! The administration pages of rules at the HTTP level: an administrator adds a trigger, an automation
//! and a macro through their forms (rows of conditions and actions, the customer's mail per language), the
//! API shows exactly that, a stored rule shows again as it was typed, a mistake comes back with its message
//! and what was typed, an agent reads but changes nothing, and every page has its words in each language.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::admin_pages::{page, submit};
use crate::both_backends;
use crate::harness::{TestApi, text};

/// `value` URL-encoded for a form.
fn encoded(value: &str) -> String {
    let mut out = String::new();
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(byte));
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

fn form(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(name, value)| format!("{}={}", encoded(name), encoded(value)))
        .collect::<Vec<_>>()
        .join("&")
}

async fn only(api: &TestApi, list: &str) -> Value {
    let listed = api.get(list, &api.admin).await;
    assert_eq!(listed.status, StatusCode::OK, "{:?}", listed.body);
    let items = listed.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{items:?}");
    items[0].clone()
}

async fn an_administrator_keeps_triggers_automations_and_macros_in_forms(api: TestApi) {
    let admin = api.admin.clone();
    let complaints = api.group("Quejas").await;
    let trigger = form(&[
        ("name", "Clientes enfadados"),
        ("position", "3"),
        ("active", "1"),
        ("event", "customer_replied"),
        ("all.0.field", "group"),
        ("all.0.operator", "is"),
        ("all.0.value", "quejas"),
        ("all.1.field", ""),
        ("any.0.field", "message"),
        ("any.0.operator", "contains"),
        ("any.0.value", "furioso"),
        ("action.0.kind", "set_priority"),
        ("action.0.target", "priority:urgent"),
        ("action.1.kind", "add_tags"),
        ("action.1.text", "enfadado, vip"),
        ("action.2.kind", "escalate"),
        ("action.2.target", "next_tier"),
        ("action.2.text", "Cliente enfadado"),
        ("action.3.kind", ""),
        ("mail.es.subject", "Lo sentimos, {{customer.first_name}}"),
        ("mail.es.text", "Un responsable le escribirá hoy."),
        ("mail.en.subject", ""),
        ("mail.en.text", ""),
    ]);
    let added = submit(&api, &admin, "/agent/admin/rules/triggers", &trigger).await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", text(&added));
    let stored = only(&api, "/api/v1/triggers").await;
    assert_eq!(stored["name"], "Clientes enfadados");
    assert_eq!(stored["position"], 3);
    assert_eq!(stored["event"], "customer_replied");
    assert_eq!(
        stored["all"],
        json!([{"field": "group", "operator": "is", "value": complaints}]),
        "the group is kept by id"
    );
    assert_eq!(
        stored["any"],
        json!([{"field": "message", "operator": "contains", "value": "furioso"}])
    );
    assert_eq!(
        stored["actions"],
        json!([
            {"type": "set_priority", "value": "urgent"},
            {"type": "add_tags", "tags": ["enfadado", "vip"]},
            {"type": "escalate", "to": "next_tier", "reason": "Cliente enfadado"},
            {"type": "email_customer", "versions": [{"language": "es",
                "subject": "Lo sentimos, {{customer.first_name}}", "text": "Un responsable le escribirá hoy."}]},
        ])
    );

    // Listed, and shown again as typed: the group by name, the chosen target, the mail.
    let index = page(&api, Method::GET, "/agent/admin/rules", &admin, "", "es").await;
    assert_eq!(index.status, StatusCode::OK);
    let html = text(&index);
    let id = stored["id"].as_str().unwrap();
    assert!(
        html.contains(&format!("href=\"/agent/admin/rules/triggers/{id}\"")),
        "{html}"
    );
    assert!(html.contains("El cliente responde"), "{html}");
    let path = format!("/agent/admin/rules/triggers/{id}");
    let shown = text(&page(&api, Method::GET, &path, &admin, "", "en").await);
    assert!(
        shown.contains("name=\"all.0.value\" type=\"text\" value=\"Quejas\""),
        "{shown}"
    );
    assert!(
        shown.contains("<option value=\"priority:urgent\" selected>"),
        "{shown}"
    );
    assert!(shown.contains("value=\"enfadado, vip\""), "{shown}");
    assert!(
        shown.contains("Un responsable le escribirá hoy."),
        "{shown}"
    );

    // A mistake: the message, what was typed, nothing stored.
    let wrong = format!("{trigger}&webhook=ftp%3A%2F%2Fhooks.example&name=Otra");
    let refused = submit(&api, &admin, &path, &wrong).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(&refused);
    assert!(html.contains("http:// or https://"), "{html}");
    assert!(html.contains("value=\"ftp://hooks.example\""), "{html}");
    assert_eq!(
        only(&api, "/api/v1/triggers").await["name"],
        "Clientes enfadados"
    );

    // An automation: pending for five days, remind.
    let automation = form(&[
        ("name", "Recordatorio"),
        ("active", "1"),
        ("status", "pending"),
        ("idle_hours", "120"),
        ("all.0.field", "tag"),
        ("all.0.operator", "is_not"),
        ("all.0.value", "recordado"),
        ("action.0.kind", "add_tags"),
        ("action.0.text", "recordado"),
        ("mail.es.subject", "¿Sigue necesitando ayuda?"),
        ("mail.es.text", "Responda a este correo."),
    ]);
    let added = submit(&api, &admin, "/agent/admin/rules/automations", &automation).await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", text(&added));
    let stored = only(&api, "/api/v1/automations").await;
    assert_eq!(stored["status"], "pending");
    assert_eq!(stored["idle_hours"], 120);
    assert_eq!(
        stored["actions"][0],
        json!({"type": "add_tags", "tags": ["recordado"]})
    );
    let hours = submit(
        &api,
        &admin,
        "/agent/admin/rules/automations",
        &automation.replace("idle_hours=120", "idle_hours=cinco"),
    )
    .await;
    assert_eq!(hours.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(&hours).contains("idle_hours"));

    // A macro: solve, with a reply in Spanish.
    let added = submit(
        &api,
        &admin,
        "/agent/admin/rules/macros",
        &form(&[
            ("name", "Reembolso hecho"),
            ("action.0.kind", "set_status"),
            ("action.0.target", "status:solved"),
            (
                "text.es",
                "Hola {{customer.first_name}}, ya tiene su reembolso.",
            ),
            ("text.en", ""),
        ]),
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", text(&added));
    let stored = only(&api, "/api/v1/macros").await;
    assert_eq!(
        stored["actions"],
        json!([{"type": "set_status", "value": "solved"}])
    );
    assert_eq!(stored["texts"][0]["language"], "es");
    assert_eq!(stored["note"], false);
    // A macro that would escalate is refused: escalating is a trigger's work.
    let escalating = submit(
        &api,
        &admin,
        "/agent/admin/rules/macros",
        &form(&[
            ("name", "Escalar"),
            ("action.0.kind", "escalate"),
            ("action.0.target", "next_tier"),
            ("action.0.text", "Porque sí"),
        ]),
    )
    .await;
    assert_eq!(escalating.status, StatusCode::UNPROCESSABLE_ENTITY);
    let macro_id = stored["id"].as_str().unwrap();
    let deleted = submit(
        &api,
        &admin,
        &format!("/agent/admin/rules/macros/{macro_id}/delete"),
        "",
    )
    .await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER);
    let macros = api.get("/api/v1/macros", &api.admin).await;
    assert_eq!(macros.body["items"], json!([]));
    let unknown = page(
        &api,
        Method::GET,
        "/agent/admin/rules/spells/new",
        &admin,
        "",
        "en",
    )
    .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

async fn an_agent_reads_rules_but_changes_none(api: TestApi) {
    let agent = api.agent_token("carla@desk.example", "agent", &[]).await;
    let index = page(&api, Method::GET, "/agent/admin/rules", &agent, "", "en").await;
    assert_eq!(index.status, StatusCode::OK);
    assert!(!text(&index).contains("/agent/admin/rules/triggers/new"));
    let refused = submit(
        &api,
        &agent,
        "/agent/admin/rules/triggers",
        "name=Mine&event=ticket_created&action.0.kind=add_tags&action.0.text=mine",
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let listed = api.get("/api/v1/triggers", &api.admin).await;
    assert_eq!(listed.body["items"], json!([]));
}

async fn every_rule_page_has_its_words_in_each_language(api: TestApi) {
    let admin = api.admin.clone();
    for lang in ["en", "es", "it"] {
        for path in [
            "/agent/admin/rules",
            "/agent/admin/rules/triggers/new",
            "/agent/admin/rules/automations/new",
            "/agent/admin/rules/macros/new",
        ] {
            let shown = page(&api, Method::GET, path, &admin, "", lang).await;
            assert_eq!(shown.status, StatusCode::OK, "{path} in {lang}");
            let html = text(&shown);
            // A word missing from the catalog shows as its key, such as `rules-when`.
            let missing: Vec<&str> = html
                .split(['<', '>', '"'])
                .filter(|between| {
                    [
                        "rules-",
                        "trigger-event-",
                        "condition-",
                        "operator-",
                        "action-",
                        "admin-",
                    ]
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
    an_administrator_keeps_triggers_automations_and_macros_in_forms,
    an_agent_reads_rules_but_changes_none,
    every_rule_page_has_its_words_in_each_language,
);
