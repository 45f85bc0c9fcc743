//! Saved views in the workspace: the list of an agent's views (their own and the shared ones) beside every
//! view, the form that saves a set of filters under a name, a saved view's page, and deleting one.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use ayuda_app::AppError;
use ayuda_app::saved_views::{VIEW_FILTERS, set_filter};
use ayuda_app::tickets::TicketFilters;
use ayuda_core::agent::Role;
use ayuda_core::id::SavedViewId;
use ayuda_core::saved_view::SavedView;
use ayuda_core::ticket::Channel;

use super::agent::{Shown, ViewQuery, failure_in, refused_in, show_view};
use super::session::AgentViewer;
use super::{Area, fields};
use crate::WebState;

/// What the view page shows of saved views.
#[derive(Debug)]
pub struct SavedViews {
    /// Address, name, and whether it is the one shown.
    pub views: Vec<(String, String, bool)>,
    /// The delete form's address, when the view shown is saved and the agent may delete it.
    pub delete: Option<String>,
    /// Channels to choose from in the form that saves a view (the page has the statuses and priorities):
    /// (value, label).
    pub channels: Vec<(&'static str, String)>,
    pub groups: Vec<(String, String)>,
}

impl SavedViews {
    pub async fn of(
        state: &WebState,
        viewer: &AgentViewer,
        shown: Option<&SavedView>,
        groups: &[(String, String)],
    ) -> Result<SavedViews, AppError> {
        let words = viewer.words;
        let views = state
            .app
            .saved_views(viewer.principal())
            .await?
            .into_iter()
            .map(|v| {
                let current = shown.is_some_and(|s| s.id == v.id);
                (
                    format!("/agent/views/saved/{}", v.id),
                    v.name.as_str().to_owned(),
                    current,
                )
            })
            .collect();
        let delete = shown
            .filter(|v| v.owner == viewer.agent.id || viewer.agent.role == Role::Admin)
            .map(|v| format!("/agent/views/saved/{}/delete", v.id));
        Ok(SavedViews {
            views,
            delete,
            channels: Channel::ALL
                .iter()
                .map(|c| (c.as_str(), words.t(&format!("channel-{c}"))))
                .collect(),
            groups: groups.to_vec(),
        })
    }
}

fn parse_id(viewer: &AgentViewer, id: &str) -> Result<SavedViewId, Box<Response>> {
    id.parse::<uuid::Uuid>().map(SavedViewId).map_err(|_| {
        Box::new(failure_in(
            viewer.words,
            Area::Agent,
            &AppError::NotFound("view"),
        ))
    })
}

/// `GET /agent/views/saved/{id}`
pub async fn show(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Path(id): Path<String>,
    Query(query): Query<ViewQuery>,
) -> Response {
    let id = match parse_id(&viewer, &id) {
        Ok(id) => id,
        Err(response) => return *response,
    };
    let (view, filters) = match state.app.saved_view(viewer.principal(), id).await {
        Ok(found) => found,
        Err(error) => return failure_in(viewer.words, Area::Agent, &error),
    };
    let shown = Shown {
        title: view.name.as_str().to_owned(),
        current: "saved",
        path: format!("/agent/views/saved/{}", view.id),
        saved: Some(view),
    };
    show_view(&state, &viewer, shown, filters, query).await
}

/// `POST /agent/views/saved`: saves the form's filters as a view, and shows it.
pub async fn save(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    if !viewer.csrf_ok(fields::pair(&pairs, "csrf").unwrap_or_default()) {
        return refused_in(viewer.words, Area::Agent);
    }
    let mut filters = TicketFilters::default();
    for name in VIEW_FILTERS {
        // Several statuses are ticked as several boxes; the list takes them comma separated.
        let values: Vec<&str> = pairs
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect();
        set_filter(&mut filters, name, &values.join(","));
    }
    let name = fields::pair(&pairs, "name").unwrap_or_default();
    let shared = fields::pair(&pairs, "shared").is_some();
    match state
        .app
        .save_view(viewer.principal(), name, filters, shared)
        .await
    {
        Ok(view) => Redirect::to(&format!("/agent/views/saved/{}", view.id)).into_response(),
        Err(error) => failure_in(viewer.words, Area::Agent, &error),
    }
}

/// `POST /agent/views/saved/{id}/delete`
pub async fn delete(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Path(id): Path<String>,
    Form(form): Form<super::sign_in::CsrfForm>,
) -> Response {
    if !viewer.csrf_ok(&form.csrf) {
        return refused_in(viewer.words, Area::Agent);
    }
    let id = match parse_id(&viewer, &id) {
        Ok(id) => id,
        Err(response) => return *response,
    };
    match state.app.delete_saved_view(viewer.principal(), id).await {
        Ok(()) => Redirect::to("/agent/views/open").into_response(),
        Err(error) => failure_in(viewer.words, Area::Agent, &error),
    }
}
