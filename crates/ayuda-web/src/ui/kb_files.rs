//! Files attached to knowledge base articles in the web UI: their rows on the agent's and the customer's
//! article pages, the snippet that shows an image in a translation's body, and the agent's upload form.

use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use ayuda_app::AppError;
use ayuda_core::knowledge::Article;

use super::Area;
use super::agent::failure_in;
use super::session::AgentViewer;
use super::upload;
use crate::WebState;

/// A file attached to an article, as the pages list it.
#[derive(Debug)]
pub struct FileRow {
    pub name: String,
    /// Where it is served, to agents and to customers who may read the article alike.
    pub url: String,
    /// A raster or vector image, which a translation's body can show.
    pub image: bool,
    pub size: String,
    /// The HTML that shows the image in a body (empty for other files).
    pub snippet: String,
}

/// The article's files, in the order they were attached.
pub fn file_rows(article: &Article) -> Vec<FileRow> {
    article
        .attachments
        .iter()
        .map(|file| {
            let url = format!("/api/v1/kb/articles/{}/attachments/{}", article.id, file.id);
            let image = file.content_type.starts_with("image/");
            let alt = file
                .filename
                .replace('&', "&amp;")
                .replace('"', "&quot;")
                .replace('<', "&lt;");
            FileRow {
                name: file.filename.clone(),
                snippet: if image {
                    format!("<img src=\"{url}\" alt=\"{alt}\">")
                } else {
                    String::new()
                },
                url,
                image,
                size: size_label(file.size),
            }
        })
        .collect()
}

/// A size as people read it: bytes, kB or MB (powers of 1,000, as file managers show them).
fn size_label(bytes: i64) -> String {
    match bytes {
        b if b < 1_000 => format!("{b} B"),
        b if b < 1_000_000 => format!("{:.0} kB", b as f64 / 1_000.0),
        b => format!("{:.1} MB", b as f64 / 1_000_000.0),
    }
}

/// `POST /agent/kb/{id}/files`: attaches the chosen files, then shows the article with them.
pub async fn upload(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Path(id): Path<String>,
    multipart: Multipart,
) -> Response {
    let failure = |error: &AppError| failure_in(viewer.words, Area::Agent, error);
    let Ok(id) = id.parse::<ayuda_core::id::ArticleId>() else {
        return failure(&AppError::NotFound("article"));
    };
    // The article is read first, so nothing is stored for one the agent may not change.
    if let Err(error) = state.app.article_to_change(viewer.principal(), id).await {
        return failure(&error);
    }
    let form = match upload::read(&state.app, multipart, |token| viewer.csrf_ok(token)).await {
        Ok(form) => form,
        Err(refused) => return upload::refusal_in(viewer.words, Area::Agent, refused),
    };
    for file in form.files {
        if let Err(error) = state
            .app
            .attach_to_article(viewer.principal(), id, file)
            .await
        {
            return failure(&error);
        }
    }
    Redirect::to(&format!("/agent/kb/{id}#files")).into_response()
}

#[cfg(test)]
mod tests {
    use super::size_label;

    #[test]
    fn sizes_read_as_people_read_them() {
        assert_eq!(size_label(512), "512 B");
        assert_eq!(size_label(48_213), "48 kB");
        assert_eq!(size_label(2_400_000), "2.4 MB");
    }
}
