//! Satisfaction surveys as a customer meets them: a solved ticket of a surveyed group gets one mail in the
//! customer's language ten minutes later, with a link per rating; one click rates it, on the ticket too; a
//! second use is answered with the first rating; a forged link rates nothing; reopening and solving again
//! sends nothing more; a group without surveys sends none.

use std::sync::Arc;

use ayuda_app::App;
use ayuda_app::email::EmailConfig;
use ayuda_app::surveys::{SURVEY_DELAY, SurveyAnswer};
use ayuda_app::tickets::{EditTicket, OpenTicket, RequesterInput};
use ayuda_core::agent::Role;
use ayuda_core::clock::FixedClock;
use ayuda_core::contact::EmailAddress;
use ayuda_core::email::OutboxKind;
use ayuda_core::event::{Change, Via};
use ayuda_core::id::TicketId;
use ayuda_core::permission::Principal;
use ayuda_core::ticket::FieldChange;
use ayuda_store::Store;
use ayuda_store_tests::on_both_stores;
use jiff::{SignedDuration, Timestamp};

on_both_stores!(a_solved_ticket_is_surveyed_once_and_a_link_rates_once);

const START: &str = "2026-11-24T10:00:00Z";

async fn solve(app: &App, admin: &Principal, ticket: TicketId, status: &str) {
    app.edit_ticket(
        admin,
        Via::Ui,
        ticket,
        EditTicket {
            status: Some(status.into()),
            ..EditTicket::default()
        },
    )
    .await
    .unwrap();
}

/// The token of the link for `rating` in a survey mail's text.
fn token_in(text: &str, rating: u8) -> String {
    let tail = format!("/{rating}");
    text.lines()
        .map(str::trim)
        .find(|line| line.contains("/survey/") && line.ends_with(&tail))
        .and_then(|line| line.split("/survey/").nth(1))
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no link for {rating} in {text}"))
        .to_owned()
}

async fn a_solved_ticket_is_surveyed_once_and_a_link_rates_once(store: Arc<dyn Store>) {
    let start: Timestamp = START.parse().unwrap();
    let clock = Arc::new(FixedClock::new(start));
    let app = App::new(Arc::clone(&store), clock.clone())
        .with_email(EmailConfig {
            from: Some(EmailAddress::parse("support@acme.example").unwrap()),
            ..EmailConfig::default()
        })
        .with_public_url("https://help.acme.example/".into());
    let admin_agent = store
        .create_agent(
            ayuda_store_tests::fixtures::agent("admin@desk.test", &[]),
            None,
        )
        .await
        .unwrap();
    let admin = Principal::Agent {
        id: admin_agent.id,
        role: Role::Admin,
        group_ids: Vec::new(),
    };
    let care = store
        .create_group(ayuda_store_tests::fixtures::group("Care"))
        .await
        .unwrap();
    let quiet = store
        .create_group(ayuda_store_tests::fixtures::group("Quiet"))
        .await
        .unwrap();
    let customer = Principal::Customer {
        contact_id: ayuda_core::id::ContactId::generate(),
        organization_id: None,
        sees_organization: false,
    };
    assert!(app.set_survey_groups(&customer, &[]).await.is_err());
    assert!(
        app.set_survey_groups(&admin, &["not an id".into()])
            .await
            .is_err()
    );
    app.set_survey_groups(&admin, &[care.id.to_string()])
        .await
        .unwrap();
    assert_eq!(app.survey_groups(&admin).await.unwrap(), vec![care.id]);

    let mut tickets = Vec::new();
    for (group, address) in [
        (care.id, "lucia@example.com"),
        (quiet.id, "marco@example.com"),
    ] {
        let (ticket, _) = app
            .open_ticket(
                &admin,
                Via::Ui,
                OpenTicket {
                    subject: "Factura duplicada".into(),
                    body: Some("Me habéis cobrado dos veces el pedido 8812.".into()),
                    language: Some("es".into()),
                    group_id: Some(group.to_string()),
                    requester: Some(RequesterInput {
                        email: address.into(),
                        name: None,
                    }),
                    ..OpenTicket::default()
                },
            )
            .await
            .unwrap();
        solve(&app, &admin, ticket.id, "solved").await;
        tickets.push(ticket);
    }
    let care_ticket = tickets[0].id;

    // Not before the delay; then once, for the surveyed group only; never again.
    assert_eq!(app.send_surveys().await.unwrap(), 0);
    clock.set(start + SURVEY_DELAY + SignedDuration::from_secs(1));
    assert_eq!(app.send_surveys().await.unwrap(), 1);
    assert_eq!(app.send_surveys().await.unwrap(), 0);
    let surveys: Vec<_> = store
        .list_outbox(care_ticket)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.kind == OutboxKind::Survey)
        .collect();
    assert_eq!(surveys.len(), 1);
    assert_eq!(surveys[0].to[0].as_str(), "lucia@example.com");
    assert!(
        store
            .list_outbox(tickets[1].id)
            .await
            .unwrap()
            .iter()
            .all(|m| m.kind != OutboxKind::Survey)
    );

    // The mail speaks Spanish and carries five links.
    let composed = app.compose_outbox_mail(&surveys[0]).await.unwrap().unwrap();
    let text = String::from_utf8_lossy(&composed.message).into_owned();
    assert!(text.contains("Factura duplicada"), "{text}");
    assert!(text.contains("Muy satisfecho"), "{text}");
    assert!(text.contains("Auto-Submitted: auto-generated"), "{text}");
    let body = text.replace("=\r\n", "");
    let four = token_in(&body, 4);
    assert_eq!(token_in(&body, 1), four, "one survey, one token");

    // One click rates; a second use keeps the first rating; a forged link rates nothing.
    match app.rate_by_link(&four, "4").await.unwrap() {
        SurveyAnswer::Recorded(survey) => assert_eq!(survey.rating.unwrap().value(), 4),
        other => panic!("{other:?}"),
    }
    match app.rate_by_link(&four, "1").await.unwrap() {
        SurveyAnswer::AlreadyRated(survey) => assert_eq!(survey.rating.unwrap().value(), 4),
        other => panic!("{other:?}"),
    }
    let mut forged = four.clone().into_bytes();
    forged[40] = if forged[40] == b'a' { b'b' } else { b'a' };
    let forged = String::from_utf8(forged).unwrap();
    assert!(matches!(
        app.rate_by_link(&forged, "5").await,
        Err(ayuda_app::AppError::NotFound(_))
    ));
    assert!(app.rate_by_link(&four, "9").await.is_err());
    let ticket = store.get_ticket(care_ticket).await.unwrap().unwrap();
    assert_eq!(ticket.insight.satisfaction.unwrap().value(), 4);
    let history = store
        .list_events(care_ticket, false, None, 100)
        .await
        .unwrap();
    assert!(history.items.iter().any(|e| e.change
        == Change::Field(FieldChange {
            field: "satisfaction".into(),
            from: None,
            to: Some("4".into()),
        })));

    // A comment once; an empty one is a mistake.
    assert!(app.comment_by_link(&four, "   ").await.is_err());
    assert!(
        app.comment_by_link(&four, "Rápidos y amables")
            .await
            .unwrap()
    );
    assert!(!app.comment_by_link(&four, "Otra vez").await.unwrap());
    let survey = app.survey_by_link(&four).await.unwrap();
    assert_eq!(survey.comment.as_deref(), Some("Rápidos y amables"));

    // Reopened and solved again: no second survey.
    solve(&app, &admin, care_ticket, "open").await;
    solve(&app, &admin, care_ticket, "solved").await;
    clock.set(start + SURVEY_DELAY * 3);
    assert_eq!(app.send_surveys().await.unwrap(), 0);
    let surveys = store
        .list_outbox(care_ticket)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.kind == OutboxKind::Survey)
        .count();
    assert_eq!(surveys, 1);
}
