//! Forms with files (`multipart/form-data`): the CSRF token is checked before any file is read, and each
//! file is streamed into the blob store as it arrives, so a large upload never sits whole in memory.

use std::collections::HashMap;

use axum::extract::Multipart;
use ayuda_app::App;
use ayuda_app::blobs::{MAX_UPLOADS, Upload};

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
    mut multipart: Multipart,
    csrf_ok: impl Fn(&str) -> bool,
) -> Result<UploadForm, UploadRefused> {
    let mut form = UploadForm::default();
    let mut trusted = false;
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
            if !csrf_ok(&token) {
                return Err(UploadRefused::Forged);
            }
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
