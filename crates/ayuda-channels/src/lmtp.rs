//! An LMTP listener (RFC 2033): MTAs such as Postfix deliver straight to Ayuda over one connection, many
//! messages in turn, instead of starting a process per message.
//!
//! After the message's data, LMTP answers once per accepted recipient, and the answer is given only after
//! the message is committed (`App::ingest_email`): `250` means stored (on a ticket, quarantined for review,
//! or already received), `451` means try again later, so the MTA keeps the message. A recipient names the
//! mailbox by its address (`support@…`, or a `support+…@` subaddress of it); other recipients are taken in
//! for no mailbox. The protocol has no authentication: listen on a loopback or private address only.

use std::net::SocketAddr;

use ayuda_app::App;
use ayuda_app::email::ingest::Delivery;
use ayuda_core::email::{InboundSource, Mailbox};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// The largest message accepted, as over HTTP.
pub const MAX_MESSAGE_BYTES: usize = 50 << 20;
/// The longest command line accepted (RFC 5321 allows 512 octets; extensions make more).
const MAX_LINE: usize = 4096;

/// The listener; dropping it stops accepting connections.
#[derive(Debug)]
pub struct LmtpListener {
    address: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for LmtpListener {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl LmtpListener {
    /// Listens on `address` and takes in what MTAs deliver.
    pub async fn bind(app: App, address: SocketAddr) -> std::io::Result<LmtpListener> {
        let listener = TcpListener::bind(address).await?;
        let address = listener.local_addr()?;
        let task = tokio::spawn(async move {
            loop {
                match listener.accept().await {
                    Ok((stream, peer)) => {
                        let app = app.clone();
                        tokio::spawn(async move {
                            if let Err(error) = session(&app, stream).await {
                                tracing::debug!(%peer, %error, "LMTP session ended");
                            }
                        });
                    }
                    Err(error) => {
                        tracing::warn!(%error, "LMTP: cannot accept");
                        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    }
                }
            }
        });
        Ok(LmtpListener { address, task })
    }

    /// The address it listens on (with the port chosen when 0 was asked for).
    pub fn address(&self) -> SocketAddr {
        self.address
    }
}

/// One transaction's envelope.
#[derive(Default)]
struct Envelope {
    from: Option<String>,
    recipients: Vec<String>,
}

async fn session(app: &App, stream: TcpStream) -> std::io::Result<()> {
    let (reader, mut writer) = stream.into_split();
    let mut reader = BufReader::new(reader);
    writer.write_all(b"220 ayuda LMTP ready\r\n").await?;
    let mut envelope = Envelope::default();
    let mut line = Vec::new();
    loop {
        line.clear();
        if read_line(&mut reader, &mut line).await? == 0 {
            return Ok(());
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end();
        let (verb, rest) = text.split_once(' ').unwrap_or((text, ""));
        let answer: &str = match verb.to_ascii_uppercase().as_str() {
            "LHLO" => {
                "250-ayuda\r\n250-PIPELINING\r\n250-8BITMIME\r\n250-ENHANCEDSTATUSCODES\r\n250 SIZE 52428800\r\n"
            }
            "MAIL" => {
                envelope = Envelope {
                    from: Some(path_of(rest, "FROM:")),
                    recipients: Vec::new(),
                };
                "250 2.1.0 OK\r\n"
            }
            "RCPT" if envelope.from.is_none() => "503 5.5.1 MAIL first\r\n",
            "RCPT" => {
                envelope.recipients.push(path_of(rest, "TO:"));
                "250 2.1.5 OK\r\n"
            }
            "DATA" if envelope.recipients.is_empty() => "503 5.5.1 RCPT first\r\n",
            "DATA" => {
                writer
                    .write_all(b"354 2.0.0 send the message, end with a line holding a dot\r\n")
                    .await?;
                let message = read_data(&mut reader).await?;
                let answers = deliver(app, message, &envelope.recipients).await;
                writer.write_all(answers.as_bytes()).await?;
                envelope = Envelope::default();
                continue;
            }
            "RSET" => {
                envelope = Envelope::default();
                "250 2.0.0 OK\r\n"
            }
            "NOOP" => "250 2.0.0 OK\r\n",
            "QUIT" => {
                writer.write_all(b"221 2.0.0 bye\r\n").await?;
                return Ok(());
            }
            _ => "500 5.5.2 command not understood\r\n",
        };
        writer.write_all(answer.as_bytes()).await?;
    }
}

/// Reads one line (up to CRLF or LF), at most [`MAX_LINE`] bytes; 0 at the end of the stream.
async fn read_line(
    reader: &mut BufReader<tokio::net::tcp::OwnedReadHalf>,
    line: &mut Vec<u8>,
) -> std::io::Result<usize> {
    idle((&mut *reader).take(MAX_LINE as u64).read_until(b'\n', line)).await
}

/// How long a client may stay silent before the session is dropped (RFC 5321 suggests minutes).
const IDLE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(300);

/// `read`, or a timeout error when the client says nothing for [`IDLE_TIMEOUT`].
async fn idle<T>(read: impl Future<Output = std::io::Result<T>>) -> std::io::Result<T> {
    tokio::time::timeout(IDLE_TIMEOUT, read)
        .await
        .unwrap_or_else(|_| Err(std::io::ErrorKind::TimedOut.into()))
}

/// The address in `FROM:<a@b> SIZE=…` or `TO:<a@b>`, lowercased, without angle brackets.
fn path_of(rest: &str, prefix: &str) -> String {
    let rest = rest.trim();
    let rest = match rest.get(..prefix.len()) {
        Some(head) if head.eq_ignore_ascii_case(prefix) => &rest[prefix.len()..],
        _ => rest,
    };
    let path = rest.trim_start().split(' ').next().unwrap_or_default();
    path.trim_matches(['<', '>']).to_lowercase()
}

/// Reads the message up to the line holding a single dot, undoing dot-stuffing. A message over
/// [`MAX_MESSAGE_BYTES`] is read to its end and returned as `None`.
async fn read_data(
    reader: &mut BufReader<tokio::net::tcp::OwnedReadHalf>,
) -> std::io::Result<Option<Vec<u8>>> {
    let mut message = Vec::new();
    let mut too_large = false;
    let mut line = Vec::new();
    loop {
        line.clear();
        // Bounded, so a line that never ends cannot take all memory: past the limit it is cut, and the
        // message is refused as too large anyway.
        let limit = (MAX_MESSAGE_BYTES + 3) as u64;
        if idle((&mut *reader).take(limit).read_until(b'\n', &mut line)).await? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        if line == b".\r\n" || line == b".\n" {
            return Ok((!too_large).then_some(message));
        }
        let content = line.strip_prefix(b".").unwrap_or(&line);
        if message.len() + content.len() > MAX_MESSAGE_BYTES {
            too_large = true;
            message.clear();
        }
        if !too_large {
            message.extend_from_slice(content);
        }
    }
}

/// Takes the message in once per mailbox its recipients name, and answers once per recipient.
async fn deliver(app: &App, message: Option<Vec<u8>>, recipients: &[String]) -> String {
    let Some(raw) = message else {
        return recipients
            .iter()
            .map(|_| "552 5.3.4 the message is larger than 50 MiB\r\n")
            .collect();
    };
    let mailboxes = match app.store().list_mailboxes().await {
        Ok(mailboxes) => mailboxes,
        Err(error) => {
            tracing::warn!(%error, "LMTP: cannot read the mailboxes");
            return recipients
                .iter()
                .map(|_| "451 4.3.0 storage is unavailable, try again later\r\n")
                .collect();
        }
    };
    let mut answers = String::new();
    let mut done: Vec<(Option<ayuda_core::id::MailboxId>, String)> = Vec::new();
    for recipient in recipients {
        let mailbox = mailbox_for(&mailboxes, recipient);
        let id = mailbox.as_ref().map(|m| m.id);
        if let Some((_, answer)) = done.iter().find(|(m, _)| *m == id) {
            answers.push_str(answer);
            continue;
        }
        let answer = match app
            .ingest_email(Delivery {
                raw: raw.clone(),
                source: InboundSource::Lmtp,
                mailbox,
                imap: None,
            })
            .await
        {
            Ok(ingested) => format!("250 2.0.0 {ingested}\r\n"),
            Err(error) => {
                tracing::warn!(%error, "LMTP: a message could not be stored");
                "451 4.3.0 the message could not be stored now, try again later\r\n".to_owned()
            }
        };
        answers.push_str(&answer);
        done.push((id, answer));
    }
    answers
}

/// The mailbox whose address is `recipient`, or whose address `recipient` is a `+` subaddress of.
fn mailbox_for(mailboxes: &[Mailbox], recipient: &str) -> Option<Mailbox> {
    let base = match recipient.split_once('@') {
        Some((local, domain)) => {
            let local = local.split('+').next().unwrap_or(local);
            format!("{local}@{domain}")
        }
        None => recipient.to_owned(),
    };
    mailboxes
        .iter()
        .find(|m| m.active && m.address.as_str().eq_ignore_ascii_case(&base))
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_read_from_the_envelope_commands() {
        assert_eq!(
            path_of("FROM:<Ana@Example.com> SIZE=100", "FROM:"),
            "ana@example.com"
        );
        assert_eq!(path_of("from: <a@b.example>", "FROM:"), "a@b.example");
        assert_eq!(
            path_of("TO:<soporte+es@acme.example>", "TO:"),
            "soporte+es@acme.example"
        );
        assert_eq!(path_of("FROM:<>", "FROM:"), "");
        assert_eq!(path_of("ñ", "FROM:"), "ñ");
    }
}
