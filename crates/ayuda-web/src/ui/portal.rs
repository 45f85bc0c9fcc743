//! The customer portal: a customer's requests (and their organization's, where it shares them), each with
//! its public conversation, a reply form and a button to mark it solved. Internal notes and internal
//! fields never reach these pages: the application filters messages by the customer's principal, and the
//! templates show nothing else.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use ayuda_app::AppError;
use ayuda_app::tickets::{EditTicket, PostMessage, TicketFilters};
use ayuda_core::event::Via;
use ayuda_core::message::{Author, Message};
use ayuda_core::ticket::{Status, Ticket};
use serde::Deserialize;

use super::agent::{failure_in, refused_in};
use super::session::CustomerViewer;
use super::sign_in::CsrfForm;
use super::upload::{self, UploadRefused};
use super::{Area, Frame, assets, render};
use crate::WebState;

fn frame(viewer: &CustomerViewer, title: String, current: &'static str) -> Frame {
    Frame {
        words: viewer.words,
        title,
        assets: assets::prefix(),
        csrf: viewer.csrf.clone(),
        person: Some(viewer.contact.name.as_str().to_owned()),
        current,
        area: Area::Portal,
        unread: 0,
    }
}

fn failure(viewer: &CustomerViewer, error: &AppError) -> Response {
    failure_in(viewer.words, Area::Portal, error)
}

/// A request as a row of the list.
#[derive(Debug)]
struct Row {
    number: i64,
    subject: String,
    status: &'static str,
    status_label: String,
    updated: String,
}

#[derive(Template)]
#[template(path = "portal/tickets.html")]
struct TicketsPage {
    frame: Frame,
    rows: Vec<Row>,
    next_page: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
pub struct ListQuery {
    cursor: Option<String>,
}

/// `GET /portal/tickets`: the customer's requests, newest activity first.
pub async fn tickets(
    State(state): State<WebState>,
    viewer: CustomerViewer,
    Query(query): Query<ListQuery>,
) -> Response {
    let filters = TicketFilters {
        cursor: query.cursor,
        limit: Some(50),
        ..TicketFilters::default()
    };
    let page = match state.app.list_tickets(viewer.principal(), filters).await {
        Ok(page) => page,
        Err(error) => return failure(&viewer, &error),
    };
    let words = viewer.words;
    let now = state.app.clock().now();
    let rows = page
        .items
        .iter()
        .map(|ticket| Row {
            number: ticket.number.0,
            subject: ticket.subject.as_str().to_owned(),
            status: ticket.status.as_str(),
            status_label: words.t(&format!("status-{}", ticket.status)),
            updated: words.ago(ticket.updated_at, now, &viewer.zone),
        })
        .collect();
    let next_page = page.next_cursor.map(|cursor| {
        let query =
            serde_urlencoded::to_string([("cursor", cursor.to_string())]).unwrap_or_default();
        format!("/portal/tickets?{query}")
    });
    render(&TicketsPage {
        frame: frame(&viewer, words.t("portal-my-requests"), "tickets"),
        rows,
        next_page,
    })
}

/// A public message as the customer sees it.
#[derive(Debug)]
struct Entry {
    id: String,
    /// Whether the customer (or a colleague at their organization) wrote it.
    from_customer: bool,
    author: String,
    when: String,
    body: String,
    /// Address and name of each attachment.
    attachments: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "portal/ticket.html")]
struct TicketPage {
    frame: Frame,
    number: i64,
    subject: String,
    status: &'static str,
    status_label: String,
    entries: Vec<Entry>,
    /// Whether the customer may still mark it solved (it is neither solved nor closed).
    can_solve: bool,
}

async fn author_name(state: &WebState, viewer: &CustomerViewer, message: &Message) -> String {
    match message.author {
        // Agents are named as the support team signs: their name, never their internal details.
        Author::Agent(id) => match state.app.store().get_agent(id).await {
            Ok(Some(agent)) => agent.name.as_str().to_owned(),
            _ => viewer.words.t("portal-support-team"),
        },
        Author::Contact(id) => match state.app.store().get_contact(id).await {
            Ok(Some(contact)) => contact.name.as_str().to_owned(),
            _ => String::new(),
        },
        Author::System => viewer.words.t("portal-support-team"),
    }
}

async fn ticket_page(
    state: &WebState,
    viewer: &CustomerViewer,
    ticket: &Ticket,
) -> Result<TicketPage, AppError> {
    let words = viewer.words;
    let messages = state
        .app
        .all_messages(viewer.principal(), ticket.id)
        .await?;
    let mut entries = Vec::with_capacity(messages.len());
    for message in messages.iter().filter(|m| !m.internal) {
        entries.push(Entry {
            id: message.id.to_string(),
            from_customer: matches!(message.author, Author::Contact(_)),
            author: author_name(state, viewer, message).await,
            when: words.datetime(message.created_at, &viewer.zone),
            body: message.body_text.clone(),
            attachments: message
                .attachments
                .iter()
                .map(|a| (format!("/api/v1/attachments/{}", a.id), a.filename.clone()))
                .collect(),
        });
    }
    Ok(TicketPage {
        frame: frame(
            viewer,
            format!("#{} {}", ticket.number.0, ticket.subject.as_str()),
            "tickets",
        ),
        number: ticket.number.0,
        subject: ticket.subject.as_str().to_owned(),
        status: ticket.status.as_str(),
        status_label: words.t(&format!("status-{}", ticket.status)),
        entries,
        can_solve: !matches!(ticket.status, Status::Solved | Status::Closed),
    })
}

/// `GET /portal/tickets/{number}`
pub async fn ticket(
    State(state): State<WebState>,
    viewer: CustomerViewer,
    Path(number): Path<i64>,
) -> Response {
    let result = async {
        let ticket = state
            .app
            .ticket_by_number(viewer.principal(), number)
            .await?;
        ticket_page(&state, &viewer, &ticket).await
    }
    .await;
    match result {
        Ok(page) => render(&page),
        Err(error) => failure(&viewer, &error),
    }
}

#[derive(Debug, Deserialize)]
pub struct ReplyForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    body: String,
}

/// `POST /portal/tickets/{number}/messages`: the customer's answer.
pub async fn reply(
    State(state): State<WebState>,
    viewer: CustomerViewer,
    Path(number): Path<i64>,
    request: axum::extract::Request,
) -> Response {
    let (form, attachments) =
        match upload::read_either::<ReplyForm>(&state, request, |t| viewer.csrf_ok(t)).await {
            Ok(read) => read,
            Err(refusal) => return upload::refusal_in(viewer.words, Area::Portal, refusal),
        };
    if !viewer.csrf_ok(&form.csrf) {
        return refused_in(viewer.words, Area::Portal);
    }
    let result = async {
        let ticket = state
            .app
            .ticket_by_number(viewer.principal(), number)
            .await?;
        state
            .app
            .post_message(
                viewer.principal(),
                Via::Ui,
                ticket.id,
                PostMessage {
                    body: Some(form.body),
                    attachments,
                    ..PostMessage::default()
                },
            )
            .await
    }
    .await;
    match result {
        Ok(message) => {
            Redirect::to(&format!("/portal/tickets/{number}#m-{}", message.id)).into_response()
        }
        Err(error) => failure(&viewer, &error),
    }
}

/// `POST /portal/tickets/{number}/solve`: the customer says their request is solved.
pub async fn solve(
    State(state): State<WebState>,
    viewer: CustomerViewer,
    Path(number): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> Response {
    if !viewer.csrf_ok(&form.csrf) {
        return refused_in(viewer.words, Area::Portal);
    }
    let result = async {
        let ticket = state
            .app
            .ticket_by_number(viewer.principal(), number)
            .await?;
        state
            .app
            .edit_ticket(
                viewer.principal(),
                Via::Ui,
                ticket.id,
                EditTicket {
                    status: Some(Status::Solved.as_str().to_owned()),
                    ..EditTicket::default()
                },
            )
            .await
    }
    .await;
    match result {
        Ok(_) => Redirect::to(&format!("/portal/tickets/{number}")).into_response(),
        Err(error) => failure(&viewer, &error),
    }
}

#[derive(Template)]
#[template(path = "portal/new_request.html")]
struct NewRequestPage {
    frame: Frame,
    subject: String,
    body: String,
    problem: Option<String>,
}

fn new_request_page(
    viewer: &CustomerViewer,
    subject: String,
    body: String,
    problem: Option<String>,
) -> Response {
    let words = viewer.words;
    let page = NewRequestPage {
        frame: frame(viewer, words.t("portal-new-request"), "new"),
        subject,
        body,
        problem,
    };
    let status = if page.problem.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    (status, render(&page)).into_response()
}

/// `GET /portal/requests/new`
pub async fn new_request(viewer: CustomerViewer) -> Response {
    new_request_page(&viewer, String::new(), String::new(), None)
}

/// `POST /portal/requests`: a request from the web, with its files.
pub async fn create_request(
    State(state): State<WebState>,
    viewer: CustomerViewer,
    multipart: axum::extract::Multipart,
) -> Response {
    let form = match upload::read(&state.app, multipart, |token| viewer.csrf_ok(token)).await {
        Ok(form) => form,
        Err(UploadRefused::Forged) => return refused_in(viewer.words, Area::Portal),
        Err(UploadRefused::Unreadable(why)) => {
            return new_request_page(&viewer, String::new(), String::new(), Some(why));
        }
        Err(UploadRefused::Storage(error)) => {
            tracing::error!(%error, "an upload could not be stored");
            return failure(
                &viewer,
                &AppError::Internal(ayuda_store::StoreError::backend(error)),
            );
        }
    };
    let (subject, body) = (form.field("subject"), form.field("body"));
    let input = ayuda_app::tickets::OpenTicket {
        subject: subject.clone(),
        body: Some(body.clone()),
        channel: Some("web".to_owned()),
        attachments: form.files,
        ..ayuda_app::tickets::OpenTicket::default()
    };
    match state
        .app
        .open_ticket(viewer.principal(), Via::Ui, input)
        .await
    {
        Ok((ticket, _)) => {
            Redirect::to(&format!("/portal/tickets/{}", ticket.number.0)).into_response()
        }
        Err(AppError::Invalid(invalid)) => {
            new_request_page(&viewer, subject, body, Some(invalid.to_string()))
        }
        Err(error) => failure(&viewer, &error),
    }
}
