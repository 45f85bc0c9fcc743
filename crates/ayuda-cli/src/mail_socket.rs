//! The hand-off between `ayuda mail-in` and a running `ayuda serve`: a Unix socket in the data directory.
//!
//! An MTA runs `mail-in` once per message. Opening the database in every one of those processes costs more
//! than the email, and the processes queue for SQLite's write lock one commit each. When a server runs on
//! the same data, `mail-in` instead passes the raw message over `<data>/mail-in.sock` and waits for the
//! server's answer: the server takes it in like any other email (its writes share commits) and says what
//! became of it, so the exit code still means "stored" or "retry". When no server answers, `mail-in` takes
//! the message in itself.
//!
//! The exchange, one message per connection: the client sends `mailbox <name>` (or `mailbox -`), a newline,
//! `length <bytes>`, a newline, then the raw message; the server answers one line, `0 <what happened>` or
//! `75 <why it must be retried>`. The socket is created readable and writable by its owner only: whoever may
//! write the database may hand over mail, nobody else.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use anyhow::Context;
use ayuda_app::App;
use ayuda_app::email::ingest::{Delivery, Ingested};
use ayuda_core::email::InboundSource;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{UnixListener, UnixStream};

/// The largest message handed over, as over HTTP.
const MAX_MESSAGE_BYTES: usize = 50 << 20;

pub fn path(data: &Path) -> PathBuf {
    data.join("mail-in.sock")
}

/// The server's end; the socket file is removed when it is dropped.
#[derive(Debug)]
pub struct MailSocket {
    path: PathBuf,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for MailSocket {
    fn drop(&mut self) {
        self.task.abort();
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Listens on `path` (replacing a stale socket file) and takes in what `mail-in` processes hand over.
pub fn listen(app: App, path: PathBuf) -> anyhow::Result<MailSocket> {
    match std::fs::remove_file(&path) {
        Ok(()) => {}
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => {
            return Err(error).with_context(|| format!("cannot remove {}", path.display()));
        }
    }
    let listener = UnixListener::bind(&path)
        .with_context(|| format!("cannot listen on {}", path.display()))?;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))
        .with_context(|| format!("cannot restrict {}", path.display()))?;
    let task = tokio::spawn(async move {
        loop {
            match listener.accept().await {
                Ok((stream, _)) => {
                    let app = app.clone();
                    tokio::spawn(async move {
                        // A pipe that stalls must not hold a task for ever; the MTA retries it.
                        let served = tokio::time::timeout(
                            std::time::Duration::from_secs(300),
                            serve_one(&app, stream),
                        )
                        .await;
                        match served {
                            Ok(Ok(())) => {}
                            Ok(Err(error)) => {
                                tracing::warn!(%error, "a mail-in hand-off failed");
                            }
                            Err(_) => tracing::warn!("a mail-in hand-off timed out"),
                        }
                    });
                }
                Err(error) => {
                    tracing::warn!(%error, "mail-in socket: cannot accept");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
            }
        }
    });
    Ok(MailSocket { path, task })
}

async fn serve_one(app: &App, stream: UnixStream) -> anyhow::Result<()> {
    let (reader, mut writer) = stream.into_split();
    let mut reader = BufReader::new(reader);
    let mut line = String::new();
    reader.read_line(&mut line).await?;
    let mailbox = line
        .trim_end()
        .strip_prefix("mailbox ")
        .context("expected `mailbox <name>`")?
        .to_owned();
    line.clear();
    reader.read_line(&mut line).await?;
    let length: usize = line
        .trim_end()
        .strip_prefix("length ")
        .and_then(|n| n.parse().ok())
        .filter(|n| *n <= MAX_MESSAGE_BYTES)
        .context("expected `length <bytes>` of at most 50 MiB")?;
    let mut raw = vec![0; length];
    reader.read_exact(&mut raw).await?;
    let answer = match take_in(app, raw, &mailbox).await {
        Ok(ingested) => format!("0 {}\n", one_line(&ingested.to_string())),
        Err(error) => format!("75 {}\n", one_line(&format!("{error:#}"))),
    };
    writer.write_all(answer.as_bytes()).await?;
    writer.shutdown().await?;
    Ok(())
}

async fn take_in(app: &App, raw: Vec<u8>, mailbox: &str) -> anyhow::Result<Ingested> {
    let mailbox = match mailbox {
        "-" => None,
        name => Some(
            app.store()
                .find_mailbox(name)
                .await?
                .with_context(|| format!("there is no mailbox named {name:?}"))?,
        ),
    };
    app.ingest_email(Delivery {
        raw,
        source: InboundSource::Pipe,
        mailbox,
        imap: None,
    })
    .await
    .context("cannot store the email")
}

fn one_line(text: &str) -> String {
    text.replace(['\r', '\n'], " ")
}

/// Hands `raw` to a server listening on `path`: `Ok(None)` when none is (the caller takes the message in
/// itself), else the server's exit code for the MTA and its line. A server that goes away mid-message is an
/// error, which the caller reports as a temporary failure: the message may or may not be stored, and the
/// MTA's retry is then recognised as a duplicate.
pub async fn hand_off(
    path: &Path,
    mailbox: Option<&str>,
    raw: &[u8],
) -> anyhow::Result<Option<(u8, String)>> {
    let mut stream = match UnixStream::connect(path).await {
        Ok(stream) => stream,
        // No socket, or a stale one with no server behind it.
        Err(_) => return Ok(None),
    };
    let header = format!("mailbox {}\nlength {}\n", mailbox.unwrap_or("-"), raw.len());
    stream.write_all(header.as_bytes()).await?;
    stream.write_all(raw).await?;
    let mut answer = String::new();
    BufReader::new(stream).read_line(&mut answer).await?;
    let (code, words) = answer
        .trim_end()
        .split_once(' ')
        .context("the server gave no answer")?;
    let code: u8 = code
        .parse()
        .context("the server's answer is not understood")?;
    Ok(Some((code, words.to_owned())))
}
