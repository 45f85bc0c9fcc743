//! The API's endpoints, one module per area.

pub mod auth;
pub mod automation;
pub mod directory;
pub mod email;
pub mod knowledge;
pub mod macros;
pub mod notifications;
pub mod routing;
pub mod service_level;
pub mod system;
pub mod tickets;

/// A stored file as a response: served as a download, or inline for a raster image, under a policy that
/// keeps a crafted file from running as a page of Ayuda.
pub(crate) fn file_response(
    attachment: &ayuda_core::message::Attachment,
    content: Vec<u8>,
) -> axum::response::Response {
    use axum::http::{HeaderValue, StatusCode, header};
    use axum::response::IntoResponse;
    let content_type = HeaderValue::from_str(&attachment.content_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    let safe_name: String = attachment
        .filename
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let inline =
        attachment.content_type.starts_with("image/") && !attachment.content_type.contains("svg");
    let disposition = format!(
        "{}; filename=\"{safe_name}\"",
        if inline { "inline" } else { "attachment" }
    );
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition)
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("default-src 'none'; sandbox"),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        content,
    )
        .into_response()
}
