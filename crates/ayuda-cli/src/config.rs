//! Configuration: a TOML file, overridden by environment variables and flags. Secrets (the database URL may
//! carry a password) are redacted when the settings are printed or logged.

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Deserialize;

/// The file, as written by a person.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    #[serde(default)]
    pub server: ServerSection,
    #[serde(default)]
    pub storage: StorageSection,
    #[serde(default)]
    pub api: ApiSection,
    #[serde(default)]
    pub log: LogSection,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSection {
    pub listen: Option<SocketAddr>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StorageSection {
    pub data: Option<PathBuf>,
    pub database_url: Option<String>,
    pub max_connections: Option<u32>,
}

impl fmt::Debug for StorageSection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StorageSection")
            .field("data", &self.data)
            .field(
                "database_url",
                &self.database_url.as_deref().map(redact_url),
            )
            .field("max_connections", &self.max_connections)
            .finish()
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiSection {
    pub rate_limit_per_second: Option<u32>,
    pub rate_limit_burst: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogSection {
    /// `text` or `json`.
    pub format: Option<String>,
    /// A tracing filter such as `info` or `ayuda_web=debug,info`.
    pub level: Option<String>,
}

pub fn load(path: Option<&Path>) -> anyhow::Result<FileConfig> {
    let Some(path) = path else {
        return Ok(FileConfig::default());
    };
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the configuration file {}", path.display()))?;
    toml::from_str(&text)
        .with_context(|| format!("the configuration file {} is not valid", path.display()))
}

/// Hides the password of a URL such as `postgres://ayuda:secret@db/ayuda`.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

pub const EXAMPLE: &str = r#"# Ayuda configuration. Every setting is optional; flags and environment variables override the file.
# Use it with: ayuda --config ayuda.toml serve

[server]
# Where the HTTP server listens (flag --listen, env AYUDA_LISTEN).
listen = "127.0.0.1:8080"

[storage]
# The data directory: the SQLite database (ayuda.db) and backups live here (flag --data, env AYUDA_DATA).
data = "./ayuda-data"
# Use PostgreSQL instead of SQLite (flag --database-url, env AYUDA_DATABASE_URL). Several `ayuda serve`
# processes may share one PostgreSQL database. Prefer the environment variable when the URL has a password.
# database_url = "postgres://ayuda@127.0.0.1/ayuda"
# Connections per process to PostgreSQL.
# max_connections = 16

[api]
# Requests per second allowed per API token, and the burst above it; 0 turns rate limiting off.
rate_limit_per_second = 50
rate_limit_burst = 100

[log]
# "text" for people, "json" for log collectors.
format = "text"
# A tracing filter (RUST_LOG syntax).
level = "info"
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_parses() {
        let config: FileConfig = toml::from_str(EXAMPLE).unwrap();
        assert_eq!(
            config.server.listen,
            Some("127.0.0.1:8080".parse().unwrap())
        );
        assert_eq!(config.api.rate_limit_per_second, Some(50));
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact_url("postgres://ayuda:s3cret@db:5432/ayuda"),
            "postgres://ayuda:***@db:5432/ayuda"
        );
        assert_eq!(
            redact_url("postgres://ayuda@db/ayuda"),
            "postgres://ayuda@db/ayuda"
        );
        let section = StorageSection {
            database_url: Some("postgres://a:b@c/d".into()),
            ..Default::default()
        };
        assert!(!format!("{section:?}").contains(":b@"));
    }
}
