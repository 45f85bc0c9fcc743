//! The OpenAPI 3.1 document, generated from the handlers' annotations, plus what every operation shares:
//! bearer authentication and the problem+json error responses.

use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, OpenApi as OpenApiDoc, Ref, ResponseBuilder};
use utoipa::{Modify, OpenApi};

use crate::routes::{
    auth, automation, directory, email, knowledge, macros, notifications, routing, service_level,
    system, tickets,
};

#[derive(OpenApi)]
#[openapi(
    info(title = "Ayuda API", description = "The help desk's JSON API. Errors are RFC 9457 problem details."),
    paths(
        tickets::create_ticket, tickets::list_tickets, tickets::get_ticket, tickets::update_ticket,
        tickets::create_message, tickets::list_messages, tickets::history,
        directory::create_contact, directory::list_contacts, directory::get_contact, directory::update_contact,
        directory::create_organization, directory::list_organizations, directory::get_organization, directory::update_organization,
        directory::create_group, directory::list_groups, directory::get_group, directory::update_group,
        directory::create_agent, directory::list_agents, directory::get_agent, directory::update_agent,
        directory::create_field, directory::list_fields, directory::get_field, directory::update_field,
        email::receive_email, email::list_inbound, email::get_inbound, email::get_inbound_raw, email::retry_inbound,
        email::message_original, email::get_attachment, email::list_deliveries,
        knowledge::search, knowledge::create_article, knowledge::list_articles, knowledge::get_article,
        knowledge::save_translation, knowledge::attach_files, knowledge::get_file, knowledge::vote, knowledge::suggestions,
        service_level::list_calendars, service_level::create_calendar, service_level::update_calendar,
        service_level::delete_calendar, service_level::list_policies, service_level::create_policy,
        service_level::update_policy, service_level::delete_policy,
        notifications::list_notifications, notifications::read_notifications,
        notifications::get_email_notices, notifications::set_email_notices,
        routing::get_group_routing, routing::set_group_routing, routing::get_availability,
        routing::set_availability, routing::escalate,
        automation::list_triggers, automation::create_trigger, automation::update_trigger,
        automation::delete_trigger, automation::list_automations, automation::create_automation,
        automation::update_automation, automation::delete_automation, automation::webhook_key,
        macros::list_macros, macros::create_macro, macros::update_macro, macros::delete_macro,
        macros::apply_macro,
        auth::sign_in, auth::sign_out,
        system::healthz, system::readyz, system::metrics, system::openapi,
    ),
    components(schemas(crate::problem::Problem, crate::problem::ProblemField)),
    modifiers(&Shared),
    security(("bearer" = []))
)]
struct ApiDoc;

/// Adds the bearer scheme and the error answers each operation can give.
struct Shared;

impl Modify for Shared {
    fn modify(&self, doc: &mut OpenApiDoc) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("An API token: ayu_…"))
                    .build(),
            ),
        );
        for item in doc.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.post,
                &mut item.patch,
                &mut item.put,
                &mut item.delete,
            ];
            for operation in operations.into_iter().flatten() {
                add_errors(operation);
            }
        }
    }
}

fn add_errors(operation: &mut Operation) {
    let public = operation
        .security
        .as_ref()
        .is_some_and(|s| s.iter().all(|r| r == &Default::default()));
    let mut codes: Vec<(&str, &str)> = vec![
        ("400", "Malformed request"),
        ("422", "Invalid input"),
        ("500", "Server fault"),
        ("429", "Rate limited"),
    ];
    if !public {
        codes.extend([
            ("401", "No valid token"),
            ("403", "Not allowed"),
            ("404", "Unknown or not visible"),
        ]);
    }
    let has_body = operation.request_body.is_some();
    if has_body {
        codes.extend([
            ("409", "Conflicts with the current state"),
            ("413", "Body too large"),
            ("415", "Not JSON"),
        ]);
    }
    if operation
        .operation_id
        .as_deref()
        .is_some_and(|id| id.starts_with("create_"))
    {
        codes.push(("409", "Conflicts with the current state"));
    }
    for (code, description) in codes {
        operation
            .responses
            .responses
            .entry(code.to_owned())
            .or_insert_with(|| {
                ResponseBuilder::new()
                    .description(description)
                    .content(
                        "application/problem+json",
                        ContentBuilder::new()
                            .schema(Some(Ref::from_schema_name("Problem")))
                            .build(),
                    )
                    .into()
            });
    }
}

/// The document as JSON text, built once at start-up.
pub fn document() -> String {
    ApiDoc::openapi()
        .to_pretty_json()
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
