//! Opening an IMAP session: TCP, then TLS from the first byte, STARTTLS or nothing, the greeting, and LOGIN.
//!
//! TLS is rustls with the Mozilla roots of `webpki-roots` (no OpenSSL, no system store), so the same binary
//! behaves the same on every machine.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use async_imap::imap_proto::{Response, Status};
use async_imap::{Client, Session};
use ayuda_core::email::{ImapAccount, TlsMode};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName};
use tokio_rustls::rustls::{ClientConfig, RootCertStore};

use super::{Error, ImapConfigError, within};

/// The byte stream under an IMAP session: plain TCP or TLS over TCP.
#[derive(Debug)]
pub(super) enum Transport {
    Plain(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
}

/// A logged-in IMAP session.
pub(super) type ImapSession = Session<Transport>;

impl AsyncRead for Transport {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Transport::Plain(stream) => Pin::new(stream).poll_read(cx, buf),
            Transport::Tls(stream) => Pin::new(stream.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Transport {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Transport::Plain(stream) => Pin::new(stream).poll_write(cx, buf),
            Transport::Tls(stream) => Pin::new(stream.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Transport::Plain(stream) => Pin::new(stream).poll_flush(cx),
            Transport::Tls(stream) => Pin::new(stream.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Transport::Plain(stream) => Pin::new(stream).poll_shutdown(cx),
            Transport::Tls(stream) => Pin::new(stream.as_mut()).poll_shutdown(cx),
        }
    }
}

/// Connects to the account's server, protects the connection as the account says, and logs in. Every step
/// is bounded by `limit`, so a server that accepts and then says nothing cannot hold the intake forever.
pub(super) async fn open(
    account: &ImapAccount,
    tls: &TlsConnector,
    limit: Duration,
) -> Result<ImapSession, Error> {
    let address = format!("{}:{}", account.host, account.port);
    let tcp = within(limit, "connecting", async {
        TcpStream::connect((account.host.as_str(), account.port))
            .await
            .map_err(|source| Error::Connect {
                address: address.clone(),
                source,
            })
    })
    .await?;
    // Commands are small and answered one at a time: do not let Nagle hold them back.
    tcp.set_nodelay(true).ok();
    let client = match account.tls {
        TlsMode::Plain => {
            let mut client = Client::new(Transport::Plain(tcp));
            greeting(&mut client, limit).await?;
            client
        }
        TlsMode::Tls => {
            let tls = handshake(tls, &account.host, tcp, limit).await?;
            let mut client = Client::new(Transport::Tls(Box::new(tls)));
            greeting(&mut client, limit).await?;
            client
        }
        TlsMode::StartTls => {
            let mut client = Client::new(Transport::Plain(tcp));
            greeting(&mut client, limit).await?;
            within(limit, "STARTTLS", async {
                client
                    .run_command_and_check_ok("STARTTLS", None)
                    .await
                    .map_err(Error::StartTls)
            })
            .await?;
            let Transport::Plain(tcp) = client.into_inner() else {
                unreachable!("the connection was plain until STARTTLS");
            };
            // No greeting follows the handshake (RFC 3501, 6.2.1).
            Client::new(Transport::Tls(Box::new(
                handshake(tls, &account.host, tcp, limit).await?,
            )))
        }
    };
    within(limit, "LOGIN", async {
        client
            .login(&account.user, &account.password.0)
            .await
            .map_err(|(source, _client)| Error::Login {
                user: account.user.clone(),
                source,
            })
    })
    .await
}

/// Reads the server's greeting: `* OK` (or `* PREAUTH`) to go on, `* BYE` when it refuses the connection.
async fn greeting(client: &mut Client<Transport>, limit: Duration) -> Result<(), Error> {
    let response = within(limit, "the greeting", async {
        client
            .read_response()
            .await
            .map_err(|e| Error::Protocol(e.into()))
    })
    .await?
    .ok_or(Error::Closed)?;
    match response.parsed() {
        Response::Data {
            status: Status::Ok | Status::PreAuth,
            ..
        } => Ok(()),
        Response::Data {
            status: Status::Bye,
            outcome,
        } => Err(Error::Refused(
            outcome.information.as_deref().unwrap_or("BYE").to_owned(),
        )),
        _ => Err(Error::Refused("an unexpected greeting".to_owned())),
    }
}

async fn handshake(
    tls: &TlsConnector,
    host: &str,
    tcp: TcpStream,
    limit: Duration,
) -> Result<TlsStream<TcpStream>, Error> {
    let name =
        ServerName::try_from(host.to_owned()).map_err(|_| Error::ServerName(host.to_owned()))?;
    within(limit, "the TLS handshake", async {
        tls.connect(name, tcp).await.map_err(|source| Error::Tls {
            host: host.to_owned(),
            source,
        })
    })
    .await
}

/// The TLS client every connection of the intake uses: ring, safe protocol versions, the webpki roots and
/// the extra roots given (PEM), for servers with a private certificate authority.
pub(super) fn tls_connector(
    extra_roots_pem: Option<&[u8]>,
) -> Result<TlsConnector, ImapConfigError> {
    let mut roots = RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    if let Some(pem) = extra_roots_pem {
        let certificates = CertificateDer::pem_slice_iter(pem)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| ImapConfigError::Roots(e.to_string()))?;
        if certificates.is_empty() {
            return Err(ImapConfigError::Roots("no certificate found".to_owned()));
        }
        for certificate in certificates {
            roots
                .add(certificate)
                .map_err(|e| ImapConfigError::Roots(e.to_string()))?;
        }
    }
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| ImapConfigError::Roots(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(TlsConnector::from(Arc::new(config)))
}
