//! Forms with files (`multipart/form-data`): the CSRF token is checked before any file is read, and each
//! file is streamed into the blob store as it arrives, so a large upload never sits whole in memory.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header;
use ayuda_app::App;
use ayuda_app::blobs::{MAX_UPLOADS, Upload};
use serde::de::DeserializeOwned;

use crate::WebState;

/// The largest request with files: what a scanned letter or a fax needs, with room to spare.
pub const MAX_UPLOAD_REQUEST_BYTES: usize = 25 << 20;

/// Why a form with files was not read.
#[derive(Debug)]
pub enum UploadRefused {
    /// The CSRF token was missing, wrong, or came after a file.
    Forged,
    /// Too many files, or the request broke off or is malformed.
    Unreadable(String),
    /// The blob store failed.
    Storage(std::io::Error),
}

/// A form's text fields and its stored files.
#[derive(Debug, Default)]
pub struct UploadForm {
    pub fields: HashMap<String, String>,
    pub files: Vec<Upload>,
}

impl UploadForm {
    pub fn field(&self, name: &str) -> String {
        self.fields.get(name).cloned().unwrap_or_default()
    }
}

/// Reads a form whose first field must be `csrf` accepted by `csrf_ok`; files go to `app`'s blob store.
/// Empty file inputs (no file chosen) are skipped.
pub async fn read(
    app: &App,
    multipart: Multipart,
    csrf_ok: impl Fn(&str) -> bool + Sync,
) -> Result<UploadForm, UploadRefused> {
    read_parts(app, multipart, Some(&csrf_ok)).await
}

/// Reads a form sent with a bearer token, which a forged cross-site request cannot carry: no CSRF field.
pub async fn read_authorized(app: &App, multipart: Multipart) -> Result<UploadForm, UploadRefused> {
    read_parts(app, multipart, None).await
}

async fn read_parts(
    app: &App,
    mut multipart: Multipart,
    csrf_ok: Option<&(dyn Fn(&str) -> bool + Sync)>,
) -> Result<UploadForm, UploadRefused> {
    let mut form = UploadForm::default();
    let mut trusted = csrf_ok.is_none();
    let unreadable =
        |e: axum::extract::multipart::MultipartError| UploadRefused::Unreadable(e.body_text());
    while let Some(mut field) = multipart.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_owned();
        if !trusted {
            // Browsers send fields in page order, and the token comes first: nothing is stored for a forgery.
            if name != "csrf" {
                return Err(UploadRefused::Forged);
            }
            let token = field.text().await.map_err(unreadable)?;
            if !csrf_ok.is_some_and(|ok| ok(&token)) {
                return Err(UploadRefused::Forged);
            }
            form.fields.insert(name, token);
            trusted = true;
            continue;
        }
        let Some(filename) = field.file_name().map(str::to_owned) else {
            let value = field.text().await.map_err(unreadable)?;
            form.fields.insert(name, value);
            continue;
        };
        if filename.is_empty() {
            // An empty file input still sends a part; drain it.
            while field.chunk().await.map_err(unreadable)?.is_some() {}
            continue;
        }
        if form.files.len() == MAX_UPLOADS {
            return Err(UploadRefused::Unreadable(format!(
                "at most {MAX_UPLOADS} files"
            )));
        }
        let content_type = field
            .content_type()
            .unwrap_or("application/octet-stream")
            .to_owned();
        let mut writer = app.blobs().writer().map_err(UploadRefused::Storage)?;
        while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
            writer.write(&chunk).map_err(UploadRefused::Storage)?;
        }
        if writer.size() == 0 {
            continue;
        }
        let (sha256, size) = tokio::task::spawn_blocking(move || writer.finish())
            .await
            .map_err(|e| UploadRefused::Storage(std::io::Error::other(e)))?
            .map_err(UploadRefused::Storage)?;
        form.files.push(Upload {
            filename,
            content_type,
            sha256,
            size,
        });
    }
    if !trusted {
        return Err(UploadRefused::Forged);
    }
    Ok(form)
}

/// A form posted either way: URL-encoded, without files, or `multipart/form-data`, whose CSRF token is
/// checked by `csrf_ok` before any file is stored. Its text fields are read into `T`; a multipart form's
/// repeated fields keep their last value.
pub async fn read_either<T: DeserializeOwned>(
    state: &WebState,
    request: Request,
    csrf_ok: impl Fn(&str) -> bool + Sync,
) -> Result<(T, Vec<Upload>), UploadRefused> {
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !multipart {
        let Form(form) = Form::<T>::from_request(request, state)
            .await
            .map_err(|rejection| UploadRefused::Unreadable(rejection.body_text()))?;
        return Ok((form, Vec::new()));
    }
    let parts = Multipart::from_request(request, state)
        .await
        .map_err(|rejection| UploadRefused::Unreadable(rejection.body_text()))?;
    let form = read(&state.app, parts, csrf_ok).await?;
    let fields = form
        .fields
        .into_iter()
        .map(|(name, value)| (name, serde_json::Value::String(value)))
        .collect();
    let fields = serde_json::from_value(serde_json::Value::Object(fields))
        .map_err(|e| UploadRefused::Unreadable(e.to_string()))?;
    Ok((fields, form.files))
}

/// The answer to a form with files that was not read: refused for a forgery, a plain problem page for an
/// unreadable request, a failure when storage broke.
pub fn refusal_in(
    words: ayuda_i18n::Translator,
    area: super::Area,
    refusal: UploadRefused,
) -> axum::response::Response {
    match refusal {
        UploadRefused::Forged => super::agent::refused_in(words, area),
        UploadRefused::Unreadable(why) => super::agent::failure_in(
            words,
            area,
            &ayuda_app::AppError::Invalid(ayuda_core::Invalid::one("files", why)),
        ),
        UploadRefused::Storage(error) => {
            tracing::error!(%error, "an upload could not be stored");
            super::agent::failure_in(
                words,
                area,
                &ayuda_app::AppError::Internal(ayuda_store::StoreError::backend(error)),
            )
        }
    }
}
