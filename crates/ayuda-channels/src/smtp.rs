//! SMTP sending: hands the outbox's composed mail to a submission server or relay, with lettre over rustls.
//!
//! The message arrives fully composed (`ayuda-app` writes the MIME, Message-ID included, so a retry sends the
//! same bytes); this adapter only opens connections, authenticates, and reports what the server said. A
//! permanent refusal (a 5xx reply) ends a mail's attempts; anything else (a 4xx reply, a refused or broken
//! connection, a TLS failure, a timeout) is temporary and retried with backoff by `App::send_due_mail`.
//!
//! Refusals of the login itself (530, 534, 535, 538) are the exception: they say the configuration is
//! wrong, not the mail, so they are temporary too. Marking every queued mail failed because of a mistyped
//! password would lose the queue the operator is about to fix.
//!
//! Connections are pooled: a busy outbox reuses one session for many mails (each checked with `NOOP`
//! before reuse), and idle ones are closed after a minute.

use std::fmt;
use std::time::Duration;

use ayuda_app::email::outbound::{Envelope, MailTransport, SendError};
use ayuda_core::email::{Password, TlsMode};
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::transport::smtp::{self, PoolConfig};
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

/// How long one step of an SMTP session (connecting, one command, one reply) may take by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Open connections kept to the server; the outbox sends one mail at a time per node, so a few suffice.
const POOL_SIZE: u32 = 4;
/// An unused pooled connection is closed after this long, before most servers would drop it themselves.
const POOL_IDLE: Duration = Duration::from_secs(60);

/// SMTP reply codes that refuse the login rather than the mail.
const AUTH_REFUSALS: [&str; 4] = ["530", "534", "535", "538"];

/// Where and how to submit mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    /// `Tls`: TLS from the first byte (port 465); `StartTls`: a plain connection that must be upgraded
    /// before anything else is said (port 587); `Plain`: no encryption, for a relay on the same machine.
    pub tls: TlsMode,
    /// The login, when the server wants one (AUTH PLAIN or LOGIN, whichever it offers).
    pub user: Option<String>,
    pub password: Option<Password>,
    /// The limit for each step of a session.
    pub timeout: Duration,
    /// The name Ayuda gives itself in `EHLO`; the machine's host name when `None`.
    pub helo_name: Option<String>,
    /// Certificates (PEM) to trust besides the public roots, for a relay with a private certificate
    /// authority.
    pub extra_roots_pem: Option<Vec<u8>>,
}

impl SmtpSettings {
    /// Settings for `host` with the usual port of `tls`, no login, and the default timeout.
    pub fn new(host: impl Into<String>, tls: TlsMode) -> SmtpSettings {
        SmtpSettings {
            host: host.into(),
            port: default_port(tls),
            tls,
            user: None,
            password: None,
            timeout: DEFAULT_TIMEOUT,
            helo_name: None,
            extra_roots_pem: None,
        }
    }
}

/// The usual port for `tls`: 465 (SMTPS), 587 (submission) or 25.
pub fn default_port(tls: TlsMode) -> u16 {
    match tls {
        TlsMode::Tls => 465,
        TlsMode::StartTls => 587,
        TlsMode::Plain => 25,
    }
}

/// Settings that cannot make a transport.
#[derive(Debug, thiserror::Error)]
pub enum SmtpConfigError {
    #[error("an SMTP user needs a password, and a password a user")]
    IncompleteLogin,
    #[error("the SMTP host is empty")]
    NoHost,
    #[error("the extra root certificates are not valid PEM: {0}")]
    BadRoots(String),
    #[error("cannot set up TLS for {host}: {reason}")]
    Tls { host: String, reason: String },
}

/// Sends mail over SMTP. Cheap to share: clone the `Arc` it is handed out in.
pub struct SmtpTransport {
    inner: AsyncSmtpTransport<Tokio1Executor>,
    host: String,
    port: u16,
    tls: TlsMode,
    user: Option<String>,
    /// Kept only to be scrubbed from error messages, should a server ever echo it.
    password: Option<Password>,
    timeout: Duration,
}

impl fmt::Debug for SmtpTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpTransport")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("user", &self.user)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl SmtpTransport {
    /// A transport for `settings`. Nothing is sent until the first mail; connection problems show then.
    ///
    /// Call it inside a Tokio runtime: the connection pool starts a task that closes idle connections.
    pub fn new(settings: SmtpSettings) -> Result<SmtpTransport, SmtpConfigError> {
        let host = settings.host.trim().to_owned();
        if host.is_empty() {
            return Err(SmtpConfigError::NoHost);
        }
        let credentials = match (&settings.user, &settings.password) {
            (Some(user), Some(password)) => {
                Some(Credentials::new(user.clone(), password.0.clone()))
            }
            (None, None) => None,
            _ => return Err(SmtpConfigError::IncompleteLogin),
        };
        let tls = match settings.tls {
            TlsMode::Plain => Tls::None,
            TlsMode::Tls => {
                Tls::Wrapper(tls_parameters(&host, settings.extra_roots_pem.as_deref())?)
            }
            TlsMode::StartTls => {
                Tls::Required(tls_parameters(&host, settings.extra_roots_pem.as_deref())?)
            }
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host.clone())
            .port(settings.port)
            .tls(tls)
            .timeout(Some(settings.timeout))
            .pool_config(
                PoolConfig::new()
                    .max_size(POOL_SIZE)
                    .idle_timeout(POOL_IDLE),
            );
        if let Some(name) = &settings.helo_name {
            builder = builder.hello_name(ClientId::Domain(name.clone()));
        }
        if let Some(credentials) = credentials {
            builder = builder
                .credentials(credentials)
                .authentication(vec![Mechanism::Plain, Mechanism::Login]);
        }
        Ok(SmtpTransport {
            inner: builder.build(),
            host,
            port: settings.port,
            tls: settings.tls,
            user: settings.user,
            password: settings.password,
            timeout: settings.timeout,
        })
    }

    /// Where mail goes, for logs: `host:port (tls)`.
    pub fn describe(&self) -> String {
        format!("{}:{} ({})", self.host, self.port, self.tls.as_str())
    }

    /// Closes the pooled connections politely (`QUIT`). Sending afterwards fails (temporarily).
    pub async fn shutdown(&self) {
        self.inner.shutdown().await;
    }

    /// What `error` means for the mail, in words that never carry the password.
    fn send_error(&self, error: &smtp::Error) -> SendError {
        let code = error.status().map(|code| code.to_string());
        let login_refused = code
            .as_deref()
            .is_some_and(|code| AUTH_REFUSALS.contains(&code));
        let permanent = error.is_permanent() && !login_refused;
        let what = if error.is_timeout() {
            format!("no answer within {}s: {error}", self.timeout.as_secs_f64())
        } else if login_refused {
            format!("the server refused the login: {error}")
        } else {
            error.to_string()
        };
        let mut message = format!("SMTP {}:{}: {what}", self.host, self.port);
        if let Some(password) = &self.password
            && !password.0.is_empty()
        {
            message = message.replace(&password.0, "***");
        }
        SendError { permanent, message }
    }
}

fn tls_parameters(
    host: &str,
    extra_roots: Option<&[u8]>,
) -> Result<TlsParameters, SmtpConfigError> {
    let mut builder = TlsParameters::builder(host.to_owned());
    if let Some(pem) = extra_roots {
        let certificate = Certificate::from_pem(pem)
            .map_err(|error| SmtpConfigError::BadRoots(error.to_string()))?;
        builder = builder.add_root_certificate(certificate);
    }
    builder
        .build_rustls()
        .map_err(|error| SmtpConfigError::Tls {
            host: host.to_owned(),
            reason: error.to_string(),
        })
}

/// The envelope in lettre's terms. An address that cannot be written in `MAIL FROM` or `RCPT TO` can never
/// be sent, so it is a permanent failure.
fn lettre_envelope(envelope: &Envelope) -> Result<lettre::address::Envelope, SendError> {
    let parse = |address: &str| {
        address.parse::<Address>().map_err(|error| SendError {
            permanent: true,
            message: format!("the address {address:?} cannot be used in SMTP: {error}"),
        })
    };
    let from = parse(&envelope.from)?;
    let to = envelope
        .to
        .iter()
        .map(|address| parse(address))
        .collect::<Result<Vec<_>, _>>()?;
    lettre::address::Envelope::new(Some(from), to).map_err(|error| SendError {
        permanent: true,
        message: format!("the envelope cannot be sent: {error}"),
    })
}

#[async_trait::async_trait]
impl MailTransport for SmtpTransport {
    async fn send(&self, envelope: &Envelope, message: &[u8]) -> Result<(), SendError> {
        let envelope = lettre_envelope(envelope)?;
        // lettre ends the data with CRLF "." CRLF whatever the message's last bytes are; without its own
        // final CRLF the message arrives exactly as composed instead of with an empty line added.
        let message = message.strip_suffix(b"\r\n").unwrap_or(message);
        match self.inner.send_raw(&envelope, message).await {
            Ok(response) => {
                tracing::debug!(
                    server = %self.describe(),
                    reply = %response.code(),
                    recipients = envelope.to().len(),
                    "mail handed over"
                );
                Ok(())
            }
            Err(error) => Err(self.send_error(&error)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn envelope(from: &str, to: &[&str]) -> Envelope {
        Envelope {
            from: from.to_owned(),
            to: to.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    #[test]
    fn unusable_envelopes_are_permanent_failures() {
        for bad in [
            envelope("not an address", &["a@example.com"]),
            envelope("a@example.com", &["b@@example.com"]),
            envelope("a@example.com", &[]),
        ] {
            let error = lettre_envelope(&bad).unwrap_err();
            assert!(error.permanent, "{bad:?}: {error}");
        }
        let good = lettre_envelope(&envelope(
            "a@example.com",
            &["b@example.com", "c@example.org"],
        ))
        .unwrap();
        assert_eq!(good.to().len(), 2);
    }

    #[tokio::test]
    async fn a_login_needs_both_halves_and_the_password_never_shows() {
        let mut settings = SmtpSettings::new("smtp.example.com", TlsMode::StartTls);
        assert_eq!(settings.port, 587);
        settings.user = Some("ayuda".into());
        assert!(matches!(
            SmtpTransport::new(settings.clone()),
            Err(SmtpConfigError::IncompleteLogin)
        ));
        settings.password = Some(Password("hunter2".into()));
        let transport = SmtpTransport::new(settings.clone()).unwrap();
        assert!(!format!("{settings:?}").contains("hunter2"));
        assert!(!format!("{transport:?}").contains("hunter2"));
        assert_eq!(transport.describe(), "smtp.example.com:587 (starttls)");
    }

    #[tokio::test]
    async fn bad_extra_roots_are_refused_at_start() {
        let mut settings = SmtpSettings::new("smtp.example.com", TlsMode::Tls);
        settings.extra_roots_pem = Some(b"-----BEGIN CERTIFICATE-----\nnot base64\n".to_vec());
        assert!(SmtpTransport::new(settings).is_err());
    }
}
