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
    #[serde(default)]
    pub email: EmailSection,
    /// Where mail is sent; without it, mail waits in the outbox.
    pub smtp: Option<SmtpSection>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSection {
    pub listen: Option<SocketAddr>,
    pub public_url: Option<String>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StorageSection {
    pub data: Option<PathBuf>,
    pub database_url: Option<String>,
    pub max_connections: Option<u32>,
    /// Where attachments and large raw emails are kept (default: `<data>/blobs`).
    pub blobs: Option<PathBuf>,
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
            .field("blobs", &self.blobs)
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

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailSection {
    /// The address mail comes from when a ticket has no mailbox.
    pub from: Option<String>,
    /// What a customer's reply does to a closed ticket: `follow_up` (default) or `reopen`.
    pub closed_reply: Option<String>,
    /// Whether new tickets from email are acknowledged automatically (default true).
    pub acknowledge: Option<bool>,
    /// Whether `ayuda serve` fetches the mail of mailboxes with an IMAP account (default true).
    pub imap: Option<bool>,
    /// How often a server without IDLE is asked for new mail, in seconds (default 60).
    pub imap_poll_seconds: Option<u64>,
    /// Certificates (PEM) to trust for IMAP servers besides the public roots: a private authority.
    pub imap_ca_file: Option<PathBuf>,
    /// Where `ayuda serve` accepts LMTP deliveries from an MTA (no authentication: a loopback or private
    /// address); none by default.
    pub lmtp_listen: Option<std::net::SocketAddr>,
}

impl EmailSection {
    /// The email channel's settings, checked.
    pub fn config(&self) -> anyhow::Result<ayuda_app::email::EmailConfig> {
        let mut config = ayuda_app::email::EmailConfig::default();
        if let Some(from) = &self.from {
            config.from = Some(
                ayuda_core::contact::EmailAddress::parse(from)
                    .map_err(|e| anyhow::anyhow!("[email] from: {}", e.message))?,
            );
        }
        if let Some(policy) = &self.closed_reply {
            config.closed_reply = ayuda_core::email::ClosedReplyPolicy::parse(policy)
                .map_err(|e| anyhow::anyhow!("[email] closed_reply: {}", e.message))?;
        }
        if let Some(acknowledge) = self.acknowledge {
            config.acknowledge = acknowledge;
        }
        Ok(config)
    }

    /// How the IMAP intake runs, or `None` when it is turned off.
    pub fn imap_settings(&self) -> anyhow::Result<Option<ayuda_channels::imap::ImapSettings>> {
        if self.imap == Some(false) {
            return Ok(None);
        }
        let mut settings = ayuda_channels::imap::ImapSettings::default();
        if let Some(seconds) = self.imap_poll_seconds {
            if seconds == 0 {
                anyhow::bail!("[email] imap_poll_seconds must be at least 1");
            }
            settings.poll_interval = std::time::Duration::from_secs(seconds);
        }
        if let Some(path) = &self.imap_ca_file {
            settings.extra_roots_pem = Some(std::fs::read(path).with_context(|| {
                format!("[email] imap_ca_file: cannot read {}", path.display())
            })?);
        }
        Ok(Some(settings))
    }
}

/// The SMTP server outgoing mail is handed to. The password may come from `AYUDA_SMTP_PASSWORD` instead of
/// the file, which keeps it out of a file others may read.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpSection {
    pub host: String,
    /// Default: 465 with `tls`, 587 with `starttls`, 25 with `plain`.
    pub port: Option<u16>,
    /// `tls` (implicit TLS), `starttls` (required, the default) or `plain` (no encryption).
    pub tls: Option<String>,
    pub user: Option<String>,
    pub password: Option<String>,
    /// Seconds each step of an SMTP session may take (default 30).
    pub timeout_seconds: Option<u64>,
    /// The name given in EHLO (default: this machine's host name).
    pub helo_name: Option<String>,
    /// A PEM file of certificates to trust besides the public roots, for a relay with a private authority.
    pub ca_file: Option<PathBuf>,
}

impl fmt::Debug for SmtpSection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpSection")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("timeout_seconds", &self.timeout_seconds)
            .field("helo_name", &self.helo_name)
            .field("ca_file", &self.ca_file)
            .finish()
    }
}

impl SmtpSection {
    /// The transport's settings, checked; `env_password` (from `AYUDA_SMTP_PASSWORD`) wins over the file's.
    pub fn settings(
        &self,
        env_password: Option<String>,
    ) -> anyhow::Result<ayuda_channels::smtp::SmtpSettings> {
        use ayuda_core::email::{Password, TlsMode};

        let tls = match self.tls.as_deref() {
            None => TlsMode::StartTls,
            Some(tls) => {
                TlsMode::parse(tls).map_err(|e| anyhow::anyhow!("[smtp] tls: {}", e.message))?
            }
        };
        let mut settings = ayuda_channels::smtp::SmtpSettings::new(self.host.clone(), tls);
        if let Some(port) = self.port {
            settings.port = port;
        }
        settings.user = self.user.clone().filter(|user| !user.is_empty());
        settings.password = env_password
            .filter(|p| !p.is_empty())
            .or_else(|| self.password.clone())
            .map(Password);
        if let Some(seconds) = self.timeout_seconds {
            anyhow::ensure!(seconds > 0, "[smtp] timeout_seconds must be at least 1");
            settings.timeout = std::time::Duration::from_secs(seconds);
        }
        settings.helo_name = self.helo_name.clone();
        if let Some(path) = &self.ca_file {
            settings.extra_roots_pem = Some(
                std::fs::read(path)
                    .with_context(|| format!("[smtp] ca_file: cannot read {}", path.display()))?,
            );
        }
        Ok(settings)
    }
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
# Where people reach the web interfaces, for the links in mail such as a customer's sign-in link
# (flag --public-url, env AYUDA_PUBLIC_URL). Defaults to http:// and the listening address.
# public_url = "https://help.example.com"

[storage]
# The data directory: the SQLite database (ayuda.db) and backups live here (flag --data, env AYUDA_DATA).
data = "./ayuda-data"
# Use PostgreSQL instead of SQLite (flag --database-url, env AYUDA_DATABASE_URL). Several `ayuda serve`
# processes may share one PostgreSQL database. Prefer the environment variable when the URL has a password.
# database_url = "postgres://ayuda@127.0.0.1/ayuda"
# Connections per process to PostgreSQL.
# max_connections = 16
# Attachments and large raw emails (default: <data>/blobs). With several app nodes, a shared directory.
# blobs = "/var/lib/ayuda/blobs"

[api]
# Requests per second allowed per API token, and the burst above it; 0 turns rate limiting off.
rate_limit_per_second = 50
rate_limit_burst = 100

[email]
# The address mail comes from when a ticket came in through no mailbox (mailboxes: `ayuda mailbox add`).
# from = "support@example.com"
# What a customer's reply does to a closed ticket: "follow_up" opens a linked new ticket, "reopen" reopens it.
closed_reply = "follow_up"
# Acknowledge new tickets from email automatically (never machine mail, and capped per recipient).
acknowledge = true
# Fetch the mail of mailboxes with an IMAP account (`ayuda mailbox add --imap-host …`) while serving.
imap = true
# How often a server without IDLE is asked for new mail, in seconds; servers with IDLE report it at once.
imap_poll_seconds = 60
# Certificates (PEM) to trust for IMAP servers besides the public authorities.
# imap_ca_file = "/etc/ayuda/imap-ca.pem"
# Accept LMTP deliveries from an MTA here (Postfix: `mailbox_transport = lmtp:inet:127.0.0.1:2424`).
# LMTP has no authentication: listen on a loopback or private address only.
# lmtp_listen = "127.0.0.1:2424"

# Where outgoing mail (acknowledgements, agents' replies) is sent. Without this section mail is kept in the
# outbox, unsent, until an [smtp] server is configured.
# [smtp]
# host = "smtp.example.com"
# "starttls" (port 587, the default), "tls" (implicit TLS, port 465) or "plain" (a relay on this machine).
# tls = "starttls"
# port = 587
# user = "support@example.com"
# Prefer the environment variable AYUDA_SMTP_PASSWORD to writing the password here.
# password = "..."
# Seconds each step of an SMTP session may take.
# timeout_seconds = 30
# helo_name = "ayuda.example.com"
# Certificates (PEM) to trust besides the public roots, for a relay with a private certificate authority.
# ca_file = "/etc/ayuda/relay-ca.pem"

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

    /// The example with its `[smtp]` block switched on.
    fn example_with_smtp() -> String {
        let mut inside = false;
        EXAMPLE
            .lines()
            .map(|line| {
                if line == "# [smtp]" {
                    inside = true;
                } else if line.is_empty() {
                    inside = false;
                }
                let key = line.strip_prefix("# ").and_then(|l| l.split_once(" = "));
                match key {
                    Some((key, _)) if inside && !key.contains(' ') => &line[2..],
                    _ if line == "# [smtp]" => "[smtp]",
                    _ => line,
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn the_smtp_example_parses_and_its_password_is_redacted() {
        let config: FileConfig = toml::from_str(&example_with_smtp()).unwrap();
        let mut smtp = config.smtp.expect("the [smtp] block");
        assert_eq!(smtp.host, "smtp.example.com");
        assert_eq!(smtp.password.as_deref(), Some("..."));
        assert!(!format!("{smtp:?}").contains("\"...\""));
        smtp.ca_file = None;
        let settings = smtp.settings(None).unwrap();
        assert_eq!(settings.port, 587);
        assert_eq!(settings.tls, ayuda_core::email::TlsMode::StartTls);
        assert_eq!(settings.timeout, std::time::Duration::from_secs(30));
        // The environment's password wins over the file's.
        let settings = smtp.settings(Some("from-env".into())).unwrap();
        assert_eq!(settings.password.unwrap().0, "from-env");
        assert!(
            toml::from_str::<FileConfig>(EXAMPLE)
                .unwrap()
                .smtp
                .is_none()
        );
    }

    #[test]
    fn smtp_defaults_follow_the_tls_mode() {
        let smtp: SmtpSection = toml::from_str("host = \"mail\"\ntls = \"tls\"").unwrap();
        assert_eq!(smtp.settings(None).unwrap().port, 465);
        let smtp: SmtpSection = toml::from_str("host = \"mail\"\ntls = \"plain\"").unwrap();
        assert_eq!(smtp.settings(None).unwrap().port, 25);
        let smtp: SmtpSection = toml::from_str("host = \"mail\"\ntls = \"ssl\"").unwrap();
        assert!(smtp.settings(None).is_err());
    }

    #[test]
    fn the_imap_intake_runs_unless_turned_off() {
        let example: FileConfig = toml::from_str(EXAMPLE).unwrap();
        let settings = example
            .email
            .imap_settings()
            .unwrap()
            .expect("on by default");
        assert_eq!(settings.poll_interval, std::time::Duration::from_secs(60));
        let off: FileConfig = toml::from_str("[email]\nimap = false").unwrap();
        assert!(off.email.imap_settings().unwrap().is_none());
        let fast: FileConfig = toml::from_str("[email]\nimap_poll_seconds = 2").unwrap();
        let settings = fast.email.imap_settings().unwrap().unwrap();
        assert_eq!(settings.poll_interval, std::time::Duration::from_secs(2));
        let never: FileConfig = toml::from_str("[email]\nimap_poll_seconds = 0").unwrap();
        assert!(never.email.imap_settings().is_err());
    }
}
