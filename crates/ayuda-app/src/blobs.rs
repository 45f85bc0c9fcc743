//! Content-addressed file storage for attachments and large raw emails: a file is named by the SHA-256 of
//! its bytes, so the same file attached to a thousand emails is stored once.
//!
//! A write goes to a temporary file that is synced and then renamed into place, so a crash leaves either
//! the whole file or none (a stray temporary file at worst), and a blob is durable before the database row
//! that names it commits. With several app nodes on one PostgreSQL database, the directory must be shared
//! (a network file system), as every node reads what any node wrote.

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// A directory of blobs: `<dir>/<first two hex digits>/<the 64 hex digits>`.
#[derive(Debug, Clone)]
pub struct BlobStore {
    dir: PathBuf,
}

/// The hex SHA-256 of `bytes`, the name a blob is stored under.
pub fn digest(bytes: &[u8]) -> String {
    let hash = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for byte in hash {
        hex.push_str(&format!("{byte:02x}"));
    }
    hex
}

impl BlobStore {
    pub fn new(dir: impl Into<PathBuf>) -> BlobStore {
        BlobStore { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, sha256: &str) -> Option<PathBuf> {
        let valid = sha256.len() == 64 && sha256.bytes().all(|b| b.is_ascii_hexdigit());
        valid.then(|| self.dir.join(&sha256[..2]).join(sha256))
    }

    /// Stores `bytes` durably and returns their digest. Storing bytes that are already there costs a lookup.
    pub async fn put(&self, bytes: Vec<u8>) -> std::io::Result<String> {
        let store = self.clone();
        tokio::task::spawn_blocking(move || store.put_blocking(&bytes))
            .await
            .map_err(std::io::Error::other)?
    }

    /// [`BlobStore::put`] for callers that are not async.
    pub fn put_blocking(&self, bytes: &[u8]) -> std::io::Result<String> {
        let sha256 = digest(bytes);
        let path = self.path(&sha256).expect("a digest is a valid name");
        if path.exists() {
            return Ok(sha256);
        }
        let folder = path.parent().expect("blob paths have a folder");
        std::fs::create_dir_all(folder)?;
        let mut temporary = tempfile_in(folder)?;
        temporary.1.write_all(bytes)?;
        temporary.1.sync_all()?;
        std::fs::rename(&temporary.0, &path)?;
        // The rename is durable once the folder is synced.
        std::fs::File::open(folder)?.sync_all()?;
        Ok(sha256)
    }

    /// The bytes stored under `sha256`, or `None` if there are none (or the name is not a digest).
    pub async fn get(&self, sha256: &str) -> std::io::Result<Option<Vec<u8>>> {
        let Some(path) = self.path(sha256) else {
            return Ok(None);
        };
        let read = tokio::task::spawn_blocking(move || std::fs::read(path))
            .await
            .map_err(std::io::Error::other)?;
        match read {
            Ok(bytes) => Ok(Some(bytes)),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(error),
        }
    }
}

/// A file a person uploaded (to a new request, a reply, a logged letter), already stored as a blob, to be
/// attached to a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    pub filename: String,
    pub content_type: String,
    pub sha256: String,
    pub size: u64,
}

/// The most files one message takes.
pub const MAX_UPLOADS: usize = 10;

impl Upload {
    /// The attachment this upload becomes: its name without any folder or control characters, a media type
    /// that is one (else `application/octet-stream`).
    pub fn attachment(&self) -> ayuda_core::message::Attachment {
        let content_type = self.content_type.trim().to_ascii_lowercase();
        let looks_like_a_type = content_type.split_once('/').is_some_and(|(kind, sub)| {
            let token = |t: &str| {
                !t.is_empty()
                    && t.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"!#$&^_.+-".contains(&b))
            };
            token(kind) && token(sub)
        });
        ayuda_core::message::Attachment {
            id: ayuda_core::id::AttachmentId::generate(),
            filename: clean_filename(&self.filename),
            content_type: if looks_like_a_type {
                content_type
            } else {
                "application/octet-stream".to_owned()
            },
            size: i64::try_from(self.size).unwrap_or(i64::MAX),
            sha256: self.sha256.clone(),
            content_id: None,
        }
    }
}

/// A file name as shown and offered for download: the last path segment, no control characters, at most
/// 200 characters, never empty or a dot name.
pub fn clean_filename(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or(raw);
    let clean: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    if clean.trim().is_empty() || clean == "." || clean == ".." {
        "attachment".to_owned()
    } else {
        clean
    }
}

/// A blob written piece by piece as it arrives (an upload), never held whole in memory: the pieces go to a
/// temporary file while their digest is computed, and [`BlobWriter::finish`] moves the file into place.
/// Dropped unfinished, the temporary file is removed.
#[derive(Debug)]
pub struct BlobWriter {
    store: BlobStore,
    temporary: Option<(PathBuf, std::fs::File)>,
    hasher: Sha256,
    size: u64,
}

impl BlobStore {
    /// Starts a blob written in pieces.
    pub fn writer(&self) -> std::io::Result<BlobWriter> {
        std::fs::create_dir_all(&self.dir)?;
        Ok(BlobWriter {
            store: self.clone(),
            temporary: Some(tempfile_in(&self.dir)?),
            hasher: Sha256::new(),
            size: 0,
        })
    }
}

impl BlobWriter {
    /// Appends `piece`. Small pieces (network reads) are written directly; the file is synced once, at the end.
    pub fn write(&mut self, piece: &[u8]) -> std::io::Result<()> {
        let (_, file) = self
            .temporary
            .as_mut()
            .ok_or_else(|| std::io::Error::other("the blob is finished"))?;
        file.write_all(piece)?;
        self.hasher.update(piece);
        self.size += piece.len() as u64;
        Ok(())
    }

    /// Bytes written so far.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Makes the blob durable under its digest and returns the digest and size.
    pub fn finish(mut self) -> std::io::Result<(String, u64)> {
        let (temporary, file) = self
            .temporary
            .take()
            .ok_or_else(|| std::io::Error::other("the blob is finished"))?;
        let sha256: String = std::mem::take(&mut self.hasher)
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let path = self.store.path(&sha256).expect("a digest is a valid name");
        if path.exists() {
            drop(file);
            std::fs::remove_file(&temporary)?;
            return Ok((sha256, self.size));
        }
        file.sync_all()?;
        drop(file);
        let folder = path.parent().expect("blob paths have a folder");
        std::fs::create_dir_all(folder)?;
        std::fs::rename(&temporary, &path)?;
        std::fs::File::open(folder)?.sync_all()?;
        Ok((sha256, self.size))
    }
}

impl Drop for BlobWriter {
    fn drop(&mut self) {
        if let Some((path, _)) = self.temporary.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// A new file in `folder` with a name no other writer uses.
fn tempfile_in(folder: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    for _ in 0..16 {
        let mut suffix = [0u8; 8];
        getrandom::fill(&mut suffix).map_err(|e| std::io::Error::other(e.to_string()))?;
        let name = format!(
            ".tmp-{}",
            suffix
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        );
        let path = folder.join(name);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(file) => return Ok((path, file)),
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(error),
        }
    }
    Err(std::io::Error::other("no free temporary name"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn identical_bytes_are_stored_once_and_read_back() {
        let dir = std::env::temp_dir().join(format!("ayuda-blobs-{}", uuid::Uuid::now_v7()));
        let blobs = BlobStore::new(&dir);
        let a = blobs.put(b"factura.pdf".to_vec()).await.unwrap();
        let b = blobs.put(b"factura.pdf".to_vec()).await.unwrap();
        assert_eq!(a, b);
        assert_eq!(a, digest(b"factura.pdf"));
        assert_eq!(blobs.get(&a).await.unwrap(), Some(b"factura.pdf".to_vec()));
        let files = std::fs::read_dir(dir.join(&a[..2])).unwrap().count();
        assert_eq!(files, 1, "one file, no temporary left behind");
        assert_eq!(blobs.get(&"0".repeat(64)).await.unwrap(), None);
        assert_eq!(blobs.get("../../etc/passwd").await.unwrap(), None);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_blob_written_in_pieces_is_the_same_blob_and_an_abandoned_one_leaves_nothing() {
        let dir = std::env::temp_dir().join(format!("ayuda-blobs-{}", uuid::Uuid::now_v7()));
        let blobs = BlobStore::new(&dir);
        let mut writer = blobs.writer().unwrap();
        writer.write(b"factura").unwrap();
        writer.write(b".pdf").unwrap();
        assert_eq!(writer.size(), 11);
        let (sha256, size) = writer.finish().unwrap();
        assert_eq!(
            (sha256.as_str(), size),
            (digest(b"factura.pdf").as_str(), 11)
        );
        assert_eq!(blobs.put_blocking(b"factura.pdf").unwrap(), sha256);
        // The same content again is recognised, and its temporary file removed.
        let mut again = blobs.writer().unwrap();
        again.write(b"factura.pdf").unwrap();
        assert_eq!(again.finish().unwrap().0, sha256);
        let mut abandoned = blobs.writer().unwrap();
        abandoned.write(b"half an upl").unwrap();
        drop(abandoned);
        let stray: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with(".tmp-"))
            .collect();
        assert!(stray.is_empty(), "temporary files left: {stray:?}");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
