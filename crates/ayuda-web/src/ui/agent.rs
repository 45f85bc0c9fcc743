//! The agent workspace's pages: the ticket views and the ticket page with its conversation, reply and note
//! form, status and priority, and the formatted original of an email.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use ayuda_app::AppError;
use ayuda_app::tickets::{EditTicket, PostMessage, TicketFilters};
use ayuda_core::event::Via;
use ayuda_core::message::Message;
use ayuda_core::ticket::{Priority, Status, Ticket, TicketType};
use ayuda_i18n::Translator;
use serde::Deserialize;

use super::session::AgentViewer;
use super::upload;
use super::{Area, Frame, assets, render};
use crate::WebState;

pub(super) fn frame(viewer: &AgentViewer, title: String, current: &'static str) -> Frame {
    Frame {
        words: viewer.words,
        title,
        assets: assets::prefix(),
        csrf: viewer.csrf.clone(),
        person: Some(viewer.agent.name.as_str().to_owned()),
        current,
        area: Area::Agent,
        unread: viewer.unread,
    }
}

/// An error page in the reader's language, with the status the error calls for.
fn failure(words: Translator, error: &AppError) -> Response {
    failure_in(words, Area::Agent, error)
}

/// An error page of either interface.
pub(super) fn failure_in(words: Translator, area: Area, error: &AppError) -> Response {
    let (status, key) = match error {
        AppError::NotFound(_) => (StatusCode::NOT_FOUND, "error-not-found"),
        AppError::Forbidden(_) => (StatusCode::FORBIDDEN, "error-forbidden"),
        AppError::Invalid(_) | AppError::Conflict(_) => {
            (StatusCode::UNPROCESSABLE_ENTITY, "error-invalid")
        }
        AppError::Unauthenticated => {
            return Redirect::to(&format!("/{}/sign-in", area.path())).into_response();
        }
        AppError::Internal(source) => {
            tracing::error!(error = %source, "an agent page failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "error-internal")
        }
    };
    let page = ErrorPage {
        frame: Frame {
            words,
            title: words.t(key),
            assets: assets::prefix(),
            csrf: String::new(),
            person: None,
            current: "",
            area,
            unread: 0,
        },
        detail: match error {
            AppError::Invalid(invalid) => invalid.to_string(),
            AppError::Conflict(why) => why.clone(),
            _ => String::new(),
        },
    };
    (status, render(&page)).into_response()
}

fn refused(words: Translator) -> Response {
    refused_in(words, Area::Agent)
}

/// The answer to a form without its CSRF token (an expired page, or a forgery).
pub(super) fn refused_in(words: Translator, area: Area) -> Response {
    let page = ErrorPage {
        frame: Frame {
            words,
            title: words.t("error-expired-form"),
            assets: assets::prefix(),
            csrf: String::new(),
            person: None,
            current: "",
            area,
            unread: 0,
        },
        detail: String::new(),
    };
    (StatusCode::FORBIDDEN, render(&page)).into_response()
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    frame: Frame,
    detail: String,
}

// ---- Views ----

/// The built-in views, in the order of the navigation.
pub const VIEWS: [&str; 5] = ["mine", "unassigned", "open", "pending", "recent"];

/// A ticket as a row of a view.
#[derive(Debug)]
struct Row {
    number: i64,
    subject: String,
    requester: String,
    status: &'static str,
    status_label: String,
    priority: &'static str,
    priority_label: String,
    updated: String,
    updated_exact: String,
}

#[derive(Template)]
#[template(path = "agent/view.html")]
struct ViewPage {
    frame: Frame,
    rows: Vec<Row>,
    next_page: Option<String>,
    /// This view's address, for the bulk form to come back to.
    path: String,
    /// Whether the oldest update comes first, and the address of the other order.
    oldest_first: bool,
    other_order: String,
    statuses: Vec<(&'static str, String)>,
    priorities: Vec<(&'static str, String)>,
    groups: Vec<(String, String)>,
    /// What the last bulk action did.
    outcome: Option<String>,
    /// The saved views the agent sees, and the form that saves one.
    saved: super::saved_views::SavedViews,
}

#[derive(Debug, Deserialize, Default)]
pub struct ViewQuery {
    pub(super) cursor: Option<String>,
    /// `oldest` for the oldest update first.
    pub(super) sort: Option<String>,
    pub(super) changed: Option<i64>,
    pub(super) failed: Option<i64>,
}

/// `GET /agent/views/{view}`
pub async fn view(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Path(name): Path<String>,
    Query(query): Query<ViewQuery>,
) -> Response {
    let Some(view) = VIEWS.into_iter().find(|v| *v == name) else {
        return failure(viewer.words, &AppError::NotFound("view"));
    };
    let me = viewer.agent.id.to_string();
    let mut filters = TicketFilters::default();
    match view {
        "mine" => {
            filters.assignee_id = Some(me);
            filters.status = Some("new,open".into());
        }
        "unassigned" => {
            filters.assignee_id = Some("none".into());
            filters.group_id = Some("mine".into());
            filters.status = Some("new,open".into());
        }
        "open" => filters.status = Some("new,open".into()),
        "pending" => filters.status = Some("pending".into()),
        _ => {}
    }
    let shown = Shown {
        title: viewer.words.t(&format!("view-{view}")),
        current: view,
        path: format!("/agent/views/{view}"),
        saved: None,
    };
    show_view(&state, &viewer, shown, filters, query).await
}

/// Which view a page shows.
pub(super) struct Shown {
    pub(super) title: String,
    /// The navigation entry it marks.
    pub(super) current: &'static str,
    /// Its address, without a query.
    pub(super) path: String,
    /// The saved view it is, if it is one.
    pub(super) saved: Option<ayuda_core::saved_view::SavedView>,
}

/// A page of the tickets `filters` select, with the bulk actions and the saved views.
pub(super) async fn show_view(
    state: &WebState,
    viewer: &AgentViewer,
    shown: Shown,
    mut filters: TicketFilters,
    query: ViewQuery,
) -> Response {
    let oldest_first = query.sort.as_deref() == Some("oldest");
    filters.cursor = query.cursor.clone();
    filters.limit = Some(50);
    filters.sort = oldest_first.then(|| "updated_at".to_owned());
    let page = match state.app.list_tickets(viewer.principal(), filters).await {
        Ok(page) => page,
        Err(error) => return failure(viewer.words, &error),
    };
    let now = state.app.clock().now();
    let words = viewer.words;
    let mut rows = Vec::with_capacity(page.items.len());
    for ticket in &page.items {
        let requester = match state.app.store().get_contact(ticket.requester_id).await {
            Ok(Some(contact)) => contact.name.as_str().to_owned(),
            Ok(None) => String::new(),
            Err(error) => return failure(words, &AppError::Internal(error)),
        };
        rows.push(Row {
            number: ticket.number.0,
            subject: ticket.subject.as_str().to_owned(),
            requester,
            status: ticket.status.as_str(),
            status_label: words.t(&format!("status-{}", ticket.status)),
            priority: ticket.priority.as_str(),
            priority_label: words.t(&format!("priority-{}", ticket.priority)),
            updated: words.ago(ticket.updated_at, now, &viewer.zone),
            updated_exact: words.datetime(ticket.updated_at, &viewer.zone),
        });
    }
    let order = if oldest_first { "&sort=oldest" } else { "" };
    let path = &shown.path;
    let next_page = page.next_cursor.map(|cursor| {
        let query =
            serde_urlencoded::to_string([("cursor", cursor.to_string())]).unwrap_or_default();
        format!("{path}?{query}{order}")
    });
    let groups = match state
        .app
        .list_groups(viewer.principal(), None, Some(200))
        .await
    {
        Ok(page) => page
            .items
            .into_iter()
            .map(|g| (g.id.to_string(), g.name.as_str().to_owned()))
            .collect(),
        // Agents who may not list groups still get every other bulk action.
        Err(AppError::Forbidden(_)) => Vec::new(),
        Err(error) => return failure(words, &error),
    };
    let saved = match super::saved_views::SavedViews::of(
        state,
        viewer,
        shown.saved.as_ref(),
        &groups,
    )
    .await
    {
        Ok(saved) => saved,
        Err(error) => return failure(words, &error),
    };
    render(&ViewPage {
        frame: frame(viewer, shown.title, shown.current),
        rows,
        next_page,
        path: path.clone(),
        oldest_first,
        other_order: if oldest_first {
            path.clone()
        } else {
            format!("{path}?sort=oldest")
        },
        saved,
        statuses: Status::ALL
            .iter()
            .map(|s| (s.as_str(), words.t(&format!("status-{s}"))))
            .collect(),
        priorities: Priority::ALL
            .iter()
            .map(|p| (p.as_str(), words.t(&format!("priority-{p}"))))
            .collect(),
        groups,
        outcome: query.changed.map(|changed| {
            let mut said = words.tn("bulk-changed", "n", changed);
            let failed = query.failed.unwrap_or(0);
            if failed > 0 {
                said.push(' ');
                said.push_str(&words.tn("bulk-failed", "n", failed));
            }
            said
        }),
    })
}

// ---- The ticket page ----

/// A message as the conversation shows it.
#[derive(Debug)]
pub(super) struct Entry {
    pub(super) id: String,
    pub(super) kind: &'static str,
    pub(super) kind_label: String,
    pub(super) internal: bool,
    pub(super) author: String,
    /// The agent who wrote it, if an agent did.
    pub(super) author_id: Option<ayuda_core::id::AgentId>,
    pub(super) when: String,
    pub(super) body: String,
    /// The address of the email's formatted original, when it has one.
    pub(super) html: Option<String>,
    pub(super) attachments: Vec<(String, String)>,
}

/// A choice in a select: value, label, selected.
type Choice = (&'static str, String, bool);

#[derive(Template)]
#[template(path = "agent/ticket.html")]
struct TicketPage {
    frame: Frame,
    number: i64,
    subject: String,
    status_label: String,
    status: &'static str,
    customer: super::panel::CustomerPanel,
    sla: Vec<super::panel::SlaLine>,
    history: Vec<super::panel::HistoryLine>,
    entries: Vec<Entry>,
    statuses: Vec<Choice>,
    priorities: Vec<Choice>,
    types: Vec<Choice>,
    /// Id, name, whether it is the ticket's.
    groups: Vec<(String, String, bool)>,
    agents: Vec<(String, String, bool)>,
    /// The ticket's tags, comma separated, as the field shows them.
    tags: String,
    /// The administrators' custom fields.
    fields: Vec<super::fields::FieldRow>,
    /// The name of the hidden inputs that list the custom fields shown.
    shown_name: &'static str,
    /// The names of the canned responses, for the insert menu.
    canned_names: Vec<String>,
    /// The macros (id, name), for the apply menu.
    macros: Vec<(String, String)>,
    links: Vec<super::relations::LinkLine>,
    merged_into: Option<(i64, String)>,
    link_kinds: Vec<(&'static str, String)>,
    /// The newest message the page shows, so a reply that crosses a newer one is noticed.
    last_message: String,
    /// A draft sent back because a newer message crossed it, with the warning shown.
    draft: String,
    draft_is_note: bool,
    crossing: bool,
    /// Articles for the reply: suggested for the ticket, or found for `article_query`.
    articles: Vec<super::search::ArticleOffer>,
    article_query: String,
}

/// What the ticket page was asked for besides the ticket.
#[derive(Debug, Deserialize, Default)]
pub struct TicketQuery {
    /// A canned response to start the draft with (the insert menu without script).
    canned: Option<String>,
    /// Words to find articles by in the knowledge panel.
    articles: Option<String>,
}

async fn author_name(state: &WebState, message: &Message) -> String {
    use ayuda_core::message::Author;
    match message.author {
        Author::Agent(id) => match state.app.store().get_agent(id).await {
            Ok(Some(agent)) => agent.name.as_str().to_owned(),
            _ => String::new(),
        },
        Author::Contact(id) => match state.app.store().get_contact(id).await {
            Ok(Some(contact)) => contact.name.as_str().to_owned(),
            _ => String::new(),
        },
        Author::System => String::new(),
    }
}

/// `GET /agent/tickets/{number}`; with `?canned=NAME` (the insert menu without script), that canned
/// response becomes the draft; with `?articles=WORDS` the knowledge panel lists the articles found.
pub async fn ticket(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Path(number): Path<i64>,
    Query(pick): Query<TicketQuery>,
) -> Response {
    let words = viewer.words;
    let ticket = match state.app.ticket_by_number(viewer.principal(), number).await {
        Ok(ticket) => ticket,
        Err(error) => return failure(words, &error),
    };
    let mut page = match ticket_page(&state, &viewer, &ticket).await {
        Ok(page) => page,
        Err(error) => return failure(words, &error),
    };
    if let Some(query) = pick.articles.filter(|q| !q.trim().is_empty()) {
        match super::search::offers(&state, &viewer, &ticket, Some(&query)).await {
            Ok(found) => page.articles = found,
            Err(error) => return failure(words, &error),
        }
        page.article_query = query;
    }
    if let Some(name) = pick.canned.filter(|n| !n.is_empty()) {
        match state
            .app
            .canned_for_ticket(viewer.principal(), ticket.id, &name)
            .await
        {
            Ok(text) => page.draft = text,
            Err(error) => return failure(words, &error),
        }
    }
    render(&page)
}

/// The ticket page with `draft` in the reply box (as a note when `note`): an article inserted without
/// script, a macro's text.
pub(super) async fn ticket_with_draft(
    state: &WebState,
    viewer: &AgentViewer,
    ticket: &Ticket,
    draft: String,
    note: bool,
) -> Response {
    match ticket_page(state, viewer, ticket).await {
        Ok(mut page) => {
            page.draft = draft;
            page.draft_is_note = note;
            render(&page)
        }
        Err(error) => failure(viewer.words, &error),
    }
}

/// The whole conversation of a ticket as the page shows it, and the id of its newest message.
pub(super) async fn conversation(
    state: &WebState,
    viewer: &AgentViewer,
    ticket: &Ticket,
) -> Result<(Vec<Entry>, String), AppError> {
    let words = viewer.words;
    let messages = state
        .app
        .all_messages(viewer.principal(), ticket.id)
        .await?;
    let mut entries = Vec::with_capacity(messages.len());
    for message in &messages {
        entries.push(Entry {
            id: message.id.to_string(),
            kind: message.kind.as_str(),
            kind_label: words.t(&format!("kind-{}", message.kind)),
            internal: message.internal,
            author: author_name(state, message).await,
            author_id: match message.author {
                ayuda_core::message::Author::Agent(id) => Some(id),
                _ => None,
            },
            when: words.datetime(message.created_at, &viewer.zone),
            body: message.body_text.clone(),
            html: message.body_html.as_ref().map(|_| {
                format!(
                    "/agent/tickets/{}/messages/{}/html",
                    ticket.number.0, message.id
                )
            }),
            attachments: message
                .attachments
                .iter()
                .map(|a| (format!("/api/v1/attachments/{}", a.id), a.filename.clone()))
                .collect(),
        });
    }
    let last = messages
        .last()
        .map(|m| m.id.to_string())
        .unwrap_or_default();
    Ok((entries, last))
}

async fn ticket_page(
    state: &WebState,
    viewer: &AgentViewer,
    ticket: &Ticket,
) -> Result<TicketPage, AppError> {
    let words = viewer.words;
    let (entries, last_message) = conversation(state, viewer, ticket).await?;
    let (links, merged_into) = super::relations::of(state, viewer, ticket).await?;
    let choices = |values: &[&'static str], prefix: &str, current: &str| -> Vec<Choice> {
        values
            .iter()
            .map(|v| (*v, words.t(&format!("{prefix}-{v}")), *v == current))
            .collect()
    };
    let statuses: Vec<&'static str> = Status::ALL.iter().map(|s| s.as_str()).collect();
    let priorities: Vec<&'static str> = Priority::ALL.iter().map(|p| p.as_str()).collect();
    let types: Vec<&'static str> = TicketType::ALL.iter().map(|t| t.as_str()).collect();
    Ok(TicketPage {
        frame: frame(
            viewer,
            format!("#{} {}", ticket.number.0, ticket.subject.as_str()),
            "",
        ),
        number: ticket.number.0,
        subject: ticket.subject.as_str().to_owned(),
        status_label: words.t(&format!("status-{}", ticket.status)),
        status: ticket.status.as_str(),
        customer: super::panel::customer_panel(state, viewer, ticket).await?,
        sla: super::panel::sla_lines(viewer, ticket, jiff::Timestamp::now()),
        history: super::panel::history(state, viewer, ticket).await?,
        last_message,
        draft: String::new(),
        draft_is_note: false,
        crossing: false,
        articles: super::search::offers(state, viewer, ticket, None).await?,
        article_query: String::new(),
        entries,
        statuses: choices(&statuses, "status", ticket.status.as_str()),
        priorities: choices(&priorities, "priority", ticket.priority.as_str()),
        types: choices(&types, "type", ticket.ticket_type.as_str()),
        groups: state
            .app
            .list_groups(viewer.principal(), None, Some(200))
            .await?
            .items
            .into_iter()
            .map(|g| {
                let mine = ticket.group_id == Some(g.id);
                (g.id.to_string(), g.name.as_str().to_owned(), mine)
            })
            .collect(),
        agents: state
            .app
            .list_agents(viewer.principal(), None, Some(200))
            .await?
            .items
            .into_iter()
            .filter(|a| a.active)
            .map(|a| {
                let theirs = ticket.assignee_id == Some(a.id);
                (a.id.to_string(), a.name.as_str().to_owned(), theirs)
            })
            .collect(),
        tags: ticket
            .tags
            .iter()
            .map(|t| t.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        fields: super::fields::rows(state, viewer, ticket).await?,
        shown_name: super::fields::shown_name(),
        links,
        merged_into,
        link_kinds: ayuda_core::ticket::LinkKind::ALL
            .iter()
            .map(|k| (k.as_str(), words.t(&format!("link-{k}"))))
            .collect(),
        canned_names: {
            let mut names: Vec<String> = state
                .app
                .canned_responses(viewer.principal())
                .await?
                .into_iter()
                .map(|c| c.name.as_str().to_owned())
                .collect();
            names.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
            names
        },
        macros: state
            .app
            .macros(viewer.principal())
            .await?
            .into_iter()
            .map(|m| (m.id.to_string(), m.name.as_str().to_owned()))
            .collect(),
    })
}

/// `POST /agent/tickets/{number}`: the ticket's properties.
///
/// The form's fields: `status`, `priority`, `type`; `group` and `assignee` (an id, empty for none); `tags`
/// (comma separated); and the custom fields ([`super::fields`]). A field that is absent keeps its value.
pub async fn update_ticket(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Path(number): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let field = |name: &str| super::fields::pair(&pairs, name).map(str::to_owned);
    if !viewer.csrf_ok(&field("csrf").unwrap_or_default()) {
        return refused(viewer.words);
    }
    let result = async {
        let ticket = state
            .app
            .ticket_by_number(viewer.principal(), number)
            .await?;
        let cleared = |value: Option<String>| {
            value.map(|v| Some(v.trim().to_owned()).filter(|v| !v.is_empty()))
        };
        let edit = EditTicket {
            status: field("status").filter(|s| !s.is_empty()),
            priority: field("priority").filter(|p| !p.is_empty()),
            ticket_type: field("type").filter(|t| !t.is_empty()),
            group_id: cleared(field("group")),
            assignee_id: cleared(field("assignee")),
            tags: field("tags").map(|tags| {
                tags.split(',')
                    .map(|t| t.trim().to_owned())
                    .filter(|t| !t.is_empty())
                    .collect()
            }),
            custom_fields: super::fields::changes(&state, &viewer, &ticket, &pairs).await?,
            ..EditTicket::default()
        };
        state
            .app
            .edit_ticket(viewer.principal(), Via::Ui, ticket.id, edit)
            .await
    }
    .await;
    match result {
        Ok(_) => Redirect::to(&format!("/agent/tickets/{number}")).into_response(),
        Err(error) => failure(viewer.words, &error),
    }
}

#[derive(Debug, Deserialize)]
pub struct MessageForm {
    #[serde(default)]
    csrf: String,
    /// `reply`, `note`, or a logged contact: `phone_call`, `letter`, `visit`, `fax`.
    #[serde(default)]
    kind: String,
    #[serde(default)]
    body: String,
    /// For a logged contact: `inbound` (the customer reached us) or `outbound`.
    #[serde(default)]
    direction: String,
    /// For a logged contact: shown to the customer too (a checkbox, present only when ticked).
    shared: Option<String>,
    /// The newest message the page showed when the agent started writing.
    #[serde(default)]
    last_message: String,
    /// For a logged contact: when it took place, as the agent's local date and time; empty for now.
    #[serde(default)]
    occurred_at: String,
}

/// `POST /agent/tickets/{number}/messages`: a reply to the customer or an internal note. A reply written
/// while someone else added a message is not sent: the page comes back with the new message, the draft
/// and a warning, and sending again sends it.
pub async fn post_message(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Path(number): Path<i64>,
    request: axum::extract::Request,
) -> Response {
    let (form, attachments) =
        match upload::read_either::<MessageForm>(&state, request, |t| viewer.csrf_ok(t)).await {
            Ok(read) => read,
            Err(refusal) => return upload::refusal_in(viewer.words, Area::Agent, refusal),
        };
    if !viewer.csrf_ok(&form.csrf) {
        return refused(viewer.words);
    }
    let kind = match form.kind.as_str() {
        kind @ ("note" | "phone_call" | "letter" | "visit" | "fax") => kind,
        _ => "reply",
    };
    let interaction = !matches!(kind, "reply" | "note");
    let occurred_at = match when(&viewer, interaction, &form.occurred_at) {
        Ok(at) => at,
        Err(error) => return failure(viewer.words, &error),
    };
    let result = async {
        let ticket = state
            .app
            .ticket_by_number(viewer.principal(), number)
            .await?;
        if kind == "reply" && !form.last_message.is_empty() {
            let mut page = ticket_page(&state, &viewer, &ticket).await?;
            let crossed = page.last_message != form.last_message
                && page
                    .entries
                    .last()
                    .is_some_and(|newest| newest.author_id != Some(viewer.agent.id));
            if crossed {
                page.draft = form.body;
                page.crossing = true;
                return Ok(Err(page));
            }
        }
        state
            .app
            .post_message(
                viewer.principal(),
                Via::Ui,
                ticket.id,
                PostMessage {
                    kind: Some(kind.to_owned()),
                    body: Some(form.body),
                    // A logged call or letter is for colleagues unless the agent shares it.
                    internal: interaction.then_some(form.shared.is_none()),
                    direction: interaction.then(|| {
                        if form.direction == "outbound" {
                            "outbound"
                        } else {
                            "inbound"
                        }
                        .to_owned()
                    }),
                    attachments,
                    occurred_at,
                    ..PostMessage::default()
                },
            )
            .await
            .map(Ok::<_, TicketPage>)
    }
    .await;
    match result {
        Ok(Ok(message)) => {
            Redirect::to(&format!("/agent/tickets/{number}#m-{}", message.id)).into_response()
        }
        Ok(Err(page)) => (StatusCode::CONFLICT, render(&page)).into_response(),
        Err(error) => failure(viewer.words, &error),
    }
}

/// When a logged contact took place, from the form's local date and time read in the agent's zone; `None`
/// (now) when not given or not a logged contact.
pub(super) fn when(
    viewer: &AgentViewer,
    logged: bool,
    local: &str,
) -> Result<Option<jiff::Timestamp>, AppError> {
    if !logged || local.trim().is_empty() {
        return Ok(None);
    }
    viewer.zone.instant_of(local).map(Some).ok_or_else(|| {
        AppError::Invalid(ayuda_core::Invalid::one(
            "occurred_at",
            "must be a date and time such as 2026-11-23T14:05",
        ))
    })
}

/// The policy of an email's own document: nothing may run, nothing may load but our images, and the browser
/// treats it as a sandboxed, origin-less page even if it is opened on its own.
const EMAIL_POLICY: &str = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; \
     form-action 'none'; base-uri 'none'; frame-ancestors 'self'; sandbox";

/// `GET /agent/tickets/{number}/messages/{id}/html`: an email's HTML as its own document, for a sandboxed
/// frame on the ticket page. Three locks, each enough alone: the HTML was sanitised when it arrived, this
/// response's policy allows no script and sandboxes the document, and the frame is sandboxed too.
pub async fn message_html(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Path((number, id)): Path<(i64, String)>,
) -> Response {
    let result = async {
        let ticket = state
            .app
            .ticket_by_number(viewer.principal(), number)
            .await?;
        let id = id.parse().map_err(|_| AppError::NotFound("message"))?;
        state
            .app
            .message_of(viewer.principal(), ticket.id, id)
            .await
    }
    .await;
    let message = match result {
        Ok(message) => message,
        Err(error) => return failure(viewer.words, &error),
    };
    let Some(html) = message.body_html else {
        return failure(viewer.words, &AppError::NotFound("formatted message"));
    };
    let document = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"></head><body>{html}</body></html>"
    );
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_SECURITY_POLICY, EMAIL_POLICY),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        document,
    )
        .into_response()
}
