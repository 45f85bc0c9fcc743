//! The ticket page's live updates over server-sent events: new messages, the status, and who else is on the
//! ticket, each sent as an HTML fragment htmx swaps in (`sse-swap`). A change made by this process wakes the
//! stream at once; the store is also read every [`POLL`], so changes made on other app nodes arrive too.
//! While the stream is open the agent counts as viewing the ticket; when it closes, they leave it.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::time::Duration;

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use ayuda_app::{App, AppError, Session};
use ayuda_core::id::TicketId;
use ayuda_core::presence::Activity;
use ayuda_core::ticket::Ticket;
use futures_util::stream::{self, Stream};
use serde::Deserialize;
use tokio::sync::broadcast;

use super::agent::{Entry, conversation};
use super::session::AgentViewer;
use super::{Frame, assets};
use crate::WebState;

/// How often the store is read for changes made elsewhere, and presence renewed.
const POLL: Duration = Duration::from_secs(2);
/// How often the open page renews the agent's presence (well within its time to live).
const RENEW: Duration = Duration::from_secs(10);

#[derive(Template)]
#[template(path = "agent/messages.html")]
struct MessagesFragment {
    frame: Frame,
    entries: Vec<Entry>,
}

#[derive(Template)]
#[template(path = "agent/presence.html")]
struct PresenceFragment {
    frame: Frame,
    /// Name and activity (`viewing`, `replying`) of each other agent.
    others: Vec<(String, &'static str)>,
}

#[derive(Template)]
#[template(path = "agent/state.html")]
struct StateFragment {
    status: &'static str,
    status_label: String,
}

/// What one stream remembers between wake-ups.
struct Watch {
    state: WebState,
    viewer: AgentViewer,
    ticket: TicketId,
    signals: broadcast::Receiver<TicketId>,
    /// What was last sent, to send only changes: the ticket's version and the presence fragment.
    version: Option<i64>,
    presence: Option<String>,
    renewed: Option<tokio::time::Instant>,
    /// Events ready to send.
    queue: VecDeque<Event>,
    /// Removes the agent's presence when the stream is dropped (the page closed).
    _leave: LeaveOnDrop,
}

struct LeaveOnDrop {
    app: App,
    session: Session,
    ticket: TicketId,
}

impl Drop for LeaveOnDrop {
    fn drop(&mut self) {
        let (app, session, ticket) = (self.app.clone(), self.session.clone(), self.ticket);
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                let _ = app.leave_ticket(&session.principal, ticket).await;
            });
        }
    }
}

fn frame_of(viewer: &AgentViewer) -> Frame {
    Frame {
        words: viewer.words,
        title: String::new(),
        assets: assets::prefix(),
        csrf: viewer.csrf.clone(),
        person: None,
        current: "",
        area: super::Area::Agent,
        unread: viewer.unread,
    }
}

fn event(name: &str, html: Result<String, askama::Error>) -> Option<Event> {
    match html {
        Ok(html) => Some(Event::default().event(name).data(html)),
        Err(error) => {
            tracing::error!(%error, "a live fragment failed to render");
            None
        }
    }
}

impl Watch {
    /// Reads the ticket and who is on it; queues what changed since the last look.
    async fn look(&mut self) -> Result<(), AppError> {
        let app = &self.state.app;
        let principal = self.viewer.principal().clone();
        let now = tokio::time::Instant::now();
        let others = app.others_on_ticket(&principal, self.ticket).await?;
        if self
            .renewed
            .is_none_or(|at| now.duration_since(at) >= RENEW)
        {
            app.be_present(&principal, self.ticket, Activity::Viewing)
                .await?;
            self.renewed = Some(now);
        }
        let ticket: Ticket = app.ticket(&principal, self.ticket).await?;
        if self.version != Some(ticket.version) {
            let first = self.version.is_none();
            self.version = Some(ticket.version);
            if !first {
                let (entries, _) = conversation(&self.state, &self.viewer, &ticket).await?;
                let words = self.viewer.words;
                self.queue.extend(event(
                    "messages",
                    MessagesFragment {
                        frame: frame_of(&self.viewer),
                        entries,
                    }
                    .render(),
                ));
                self.queue.extend(event(
                    "state",
                    StateFragment {
                        status: ticket.status.as_str(),
                        status_label: words.t(&format!("status-{}", ticket.status)),
                    }
                    .render(),
                ));
            }
        }
        let presence = PresenceFragment {
            frame: frame_of(&self.viewer),
            others: others
                .into_iter()
                .map(|(agent, activity)| (agent.name.as_str().to_owned(), activity.as_str()))
                .collect(),
        }
        .render();
        if let Ok(html) = &presence
            && self.presence.as_ref() != Some(html)
        {
            self.presence = Some(html.clone());
            self.queue.extend(event("presence", presence));
        }
        Ok(())
    }

    /// Waits for this ticket's signal or the next poll.
    async fn wait(&mut self) {
        let sleep = tokio::time::sleep(POLL);
        tokio::pin!(sleep);
        loop {
            tokio::select! {
                () = &mut sleep => return,
                signal = self.signals.recv() => match signal {
                    Ok(ticket) if ticket == self.ticket => return,
                    Ok(_) => {}
                    Err(broadcast::error::RecvError::Lagged(_)) => return,
                    Err(broadcast::error::RecvError::Closed) => {
                        sleep.as_mut().await;
                        return;
                    }
                },
            }
        }
    }
}

/// `GET /agent/tickets/{number}/live`
pub async fn live(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Path(number): Path<i64>,
) -> Response {
    let ticket = match state.app.ticket_by_number(viewer.principal(), number).await {
        Ok(ticket) => ticket,
        Err(_) => return StatusCode::NOT_FOUND.into_response(),
    };
    let watch = Watch {
        signals: state.app.ticket_changes(),
        _leave: LeaveOnDrop {
            app: state.app.clone(),
            session: viewer.session.clone(),
            ticket: ticket.id,
        },
        state,
        viewer,
        ticket: ticket.id,
        version: None,
        presence: None,
        renewed: None,
        queue: VecDeque::new(),
    };
    Sse::new(events(watch))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

fn events(watch: Watch) -> impl Stream<Item = Result<Event, Infallible>> {
    stream::unfold(watch, |mut watch| async move {
        loop {
            if let Some(event) = watch.queue.pop_front() {
                return Some((Ok(event), watch));
            }
            if watch.version.is_some() {
                watch.wait().await;
            }
            if let Err(error) = watch.look().await {
                // The ticket is gone or no longer visible, or the store failed: end the stream; the
                // browser reconnects, and the page it reloads tells the rest.
                tracing::debug!(%error, "a live ticket stream ends");
                return None;
            }
        }
    })
}

#[derive(Debug, Deserialize)]
pub struct PresenceForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    activity: String,
}

/// `POST /agent/tickets/{number}/presence`: the compose box says the agent is writing (or stopped).
pub async fn presence(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Path(number): Path<i64>,
    Form(form): Form<PresenceForm>,
) -> Response {
    if !viewer.csrf_ok(&form.csrf) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let activity = if form.activity == "replying" {
        Activity::Replying
    } else {
        Activity::Viewing
    };
    let result = async {
        let ticket = state
            .app
            .ticket_by_number(viewer.principal(), number)
            .await?;
        state
            .app
            .be_present(viewer.principal(), ticket.id, activity)
            .await?;
        Ok::<_, AppError>(())
    }
    .await;
    match result {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(AppError::NotFound(_)) => StatusCode::NOT_FOUND.into_response(),
        Err(_) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}
