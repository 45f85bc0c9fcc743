//! The interfaces' static files, compiled into the binary and served under a path that carries a digest
//! of their content, so browsers may keep them for a year and still see a new version at once.

use std::sync::OnceLock;

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// Every file: its name under `/assets/<digest>/`, its media type and its content.
const FILES: [(&str, &str, &[u8]); 4] = [
    (
        "ayuda.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/ayuda.css"),
    ),
    (
        "ayuda.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/ayuda.js"),
    ),
    (
        "htmx.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/vendor/htmx-2.0.11.min.js"),
    ),
    (
        "htmx-sse.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/vendor/htmx-ext-sse-2.2.4.min.js"),
    ),
];

/// The first 12 hex digits of the SHA-256 of all files: it changes whenever any file does.
pub fn digest() -> &'static str {
    static DIGEST: OnceLock<String> = OnceLock::new();
    DIGEST.get_or_init(|| {
        let mut hasher = Sha256::new();
        for (name, _, content) in FILES {
            hasher.update(name.as_bytes());
            hasher.update(content);
        }
        hasher.finalize()[..6]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    })
}

/// The path prefix pages link assets under: `/assets/<digest>`.
pub fn prefix() -> String {
    format!("/assets/{}", digest())
}

/// `GET /assets/{digest}/{name}`. An old digest still gets today's file, without the long cache, so a page
/// rendered before an upgrade keeps working.
pub async fn serve(Path((version, name)): Path<(String, String)>) -> Response {
    let Some((_, media_type, content)) = FILES.iter().find(|(file, _, _)| *file == name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let cache = if version == digest() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    (
        [
            (header::CONTENT_TYPE, *media_type),
            (header::CACHE_CONTROL, cache),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        *content,
    )
        .into_response()
}
