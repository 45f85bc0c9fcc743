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
}
