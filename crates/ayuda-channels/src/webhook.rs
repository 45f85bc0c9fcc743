//! Webhook calls over HTTP/1.1: a POST per call on its own connection, TLS by rustls (ring, webpki roots)
//! for `https://`, within a time limit. What the answer means (done, retry, give up) is the application's
//! to decide (`ayuda_app::webhooks`).

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use ayuda_app::webhooks::{Answer, WebhookTransport};
use http_body_util::Full;
use hyper::body::Bytes;
use hyper::{Request, header};
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::rustls::pki_types::ServerName;
use tokio_rustls::rustls::{ClientConfig, RootCertStore};

/// How long one call may take, connection included.
const TIMEOUT: Duration = Duration::from_secs(15);

/// Posts webhook calls.
#[derive(Clone)]
pub struct HttpWebhookTransport {
    tls: TlsConnector,
    timeout: Duration,
}

impl std::fmt::Debug for HttpWebhookTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpWebhookTransport")
            .field("timeout", &self.timeout)
            .finish()
    }
}

impl Default for HttpWebhookTransport {
    fn default() -> HttpWebhookTransport {
        HttpWebhookTransport::new()
    }
}

/// Where a call goes, from its address.
#[derive(Debug, PartialEq, Eq)]
struct Target {
    https: bool,
    host: String,
    port: u16,
    /// Path and query, at least `/`.
    path: String,
}

fn target(url: &str) -> Result<Target, String> {
    let (https, rest) = if let Some(rest) = url.strip_prefix("https://") {
        (true, rest)
    } else if let Some(rest) = url.strip_prefix("http://") {
        (false, rest)
    } else {
        return Err("the address is not http:// or https://".into());
    };
    let split = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(split);
    let path = match path {
        "" => "/".to_owned(),
        p if p.starts_with('?') => format!("/{p}"),
        p => p.to_owned(),
    };
    let path = path.split('#').next().unwrap_or("/").to_owned();
    let default_port = if https { 443 } else { 80 };
    let bad_port = || "the address has a bad port".to_owned();
    let (host, port) = if let Some(bracketed) = authority.strip_prefix('[') {
        let (host, after) = bracketed
            .split_once(']')
            .ok_or_else(|| "the address has a bad host".to_owned())?;
        let port = match after.strip_prefix(':') {
            Some(port) => port.parse::<u16>().map_err(|_| bad_port())?,
            None if after.is_empty() => default_port,
            None => return Err(bad_port()),
        };
        (host, port)
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, port.parse::<u16>().map_err(|_| bad_port())?),
            None => (authority, default_port),
        }
    };
    if host.is_empty() {
        return Err("the address has no host".into());
    }
    Ok(Target {
        https,
        host: host.to_owned(),
        port,
        path,
    })
}

impl HttpWebhookTransport {
    pub fn new() -> HttpWebhookTransport {
        let roots = RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
        let config = ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("ring supports the safe default protocol versions")
            .with_root_certificates(roots)
            .with_no_client_auth();
        HttpWebhookTransport {
            tls: TlsConnector::from(Arc::new(config)),
            timeout: TIMEOUT,
        }
    }

    async fn call(&self, url: &str, headers: &[(&str, String)], body: &str) -> Answer {
        let target = target(url)?;
        let tcp = TcpStream::connect((target.host.as_str(), target.port))
            .await
            .map_err(|e| format!("cannot connect: {e}"))?;
        if target.https {
            let name = ServerName::try_from(target.host.clone())
                .map_err(|_| "the host is not a valid name".to_owned())?;
            let tls = self
                .tls
                .connect(name, tcp)
                .await
                .map_err(|e| format!("TLS failed: {e}"))?;
            post(tls, &target, headers, body).await
        } else {
            post(tcp, &target, headers, body).await
        }
    }
}

async fn post<IO>(io: IO, target: &Target, headers: &[(&str, String)], body: &str) -> Answer
where
    IO: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(io))
        .await
        .map_err(|e| format!("HTTP failed: {e}"))?;
    let driver = tokio::spawn(connection);
    let host = match (target.https, target.port) {
        (true, 443) | (false, 80) => target.host.clone(),
        (_, port) => format!("{}:{port}", target.host),
    };
    let mut request = Request::post(target.path.as_str())
        .header(header::HOST, host)
        .header(header::USER_AGENT, "Ayuda-Webhook/1");
    for (name, value) in headers {
        request = request.header(*name, value.as_str());
    }
    let request = request
        .body(Full::new(Bytes::from(body.to_owned())))
        .map_err(|e| format!("cannot build the request: {e}"))?;
    let answer = sender
        .send_request(request)
        .await
        .map(|response| response.status().as_u16())
        .map_err(|e| format!("HTTP failed: {e}"));
    driver.abort();
    answer
}

#[async_trait]
impl WebhookTransport for HttpWebhookTransport {
    async fn post(&self, url: &str, headers: &[(&str, String)], body: &str) -> Answer {
        match tokio::time::timeout(self.timeout, self.call(url, headers, body)).await {
            Ok(answer) => answer,
            Err(_) => Err(format!("no answer within {} s", self.timeout.as_secs())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_split_into_host_port_and_path() {
        let t = |url| target(url).unwrap();
        assert_eq!(
            t("https://crm.example/hooks/ayuda?key=1"),
            Target {
                https: true,
                host: "crm.example".into(),
                port: 443,
                path: "/hooks/ayuda?key=1".into()
            }
        );
        assert_eq!(t("http://127.0.0.1:8089").path, "/");
        assert_eq!(t("http://127.0.0.1:8089").port, 8089);
        assert_eq!(t("http://[::1]:9000/x").host, "::1");
        assert_eq!(t("https://[::1]/x").port, 443);
        assert_eq!(t("https://h.example?x").path, "/?x");
        assert!(target("ftp://h.example").is_err());
        assert!(target("http://h.example:99999/").is_err());
        assert!(target("https:///x").is_err());
    }
}
