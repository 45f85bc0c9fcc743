//! Runs one subcommand. Each opens the storage the same way, so every one works with `--data` or
//! `--database-url`, and each works while a server runs on the same data.

use std::sync::Arc;

use anyhow::{Context, bail};
use ayuda_app::App;
use ayuda_app::auth::NewAgent;
use ayuda_core::clock::SystemClock;
use tracing_subscriber::EnvFilter;

use crate::cli::{AgentCommand, Cli, Command, ConfigCommand, TokenCommand};
use crate::config::{self, FileConfig};
use crate::storage::{self, Backend};

fn init_logging(file: &FileConfig, command: &Command) {
    // One-shot commands print their result on stdout; keep their logs quiet unless asked.
    let default = if matches!(command, Command::Serve(_)) {
        "info"
    } else {
        "warn"
    };
    let filter = std::env::var("RUST_LOG")
        .ok()
        .or_else(|| file.log.level.clone())
        .unwrap_or_else(|| default.to_owned());
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::new(filter))
        .with_writer(std::io::stderr)
        .with_ansi(ansi);
    let result = match file.log.format.as_deref() {
        Some("json") => builder.json().try_init(),
        _ => builder.try_init(),
    };
    if let Err(error) = result {
        eprintln!("ayuda: logging not set up: {error}");
    }
}

/// A failure the caller should retry later: `ayuda mail-in` exits with EX_TEMPFAIL for it, which MTAs
/// understand as "keep the message and try again".
#[derive(Debug, thiserror::Error)]
#[error("{0:#}")]
pub struct TemporaryFailure(pub anyhow::Error);

/// sysexits.h's EX_TEMPFAIL.
pub const EX_TEMPFAIL: u8 = 75;

/// The raw email on standard input.
fn read_message() -> anyhow::Result<Vec<u8>> {
    use std::io::Read;

    let mut raw = Vec::new();
    std::io::stdin()
        .lock()
        .read_to_end(&mut raw)
        .context("cannot read the email from standard input")?;
    Ok(raw)
}

/// Takes in one raw email in this process.
async fn mail_in(
    backend: &Backend,
    file: &FileConfig,
    mailbox: Option<&str>,
    raw: Vec<u8>,
) -> anyhow::Result<()> {
    use ayuda_app::email::ingest::Delivery;
    use ayuda_core::email::InboundSource;

    backend.migrate().await?;
    let app = backend.app(file)?;
    let mailbox = match mailbox {
        Some(name) => Some(
            app.store()
                .find_mailbox(name)
                .await?
                .with_context(|| format!("there is no mailbox named {name:?}"))?,
        ),
        None => None,
    };
    let ingested = app
        .ingest_email(Delivery {
            raw,
            source: InboundSource::Pipe,
            mailbox,
            imap: None,
        })
        .await
        .context("cannot store the email")?;
    // MTAs log what a pipe prints; one line that says what happened.
    println!("{ingested}");
    Ok(())
}

/// Rebuilds the search index, printing each kind's progress on one line that updates in place.
async fn reindex(app: &App) -> anyhow::Result<()> {
    use std::io::Write;

    let started = std::time::Instant::now();
    let mut current = None;
    let total = app
        .reindex(|kind, done| {
            let mut out = std::io::stdout().lock();
            if current.is_some_and(|k| k != kind) {
                let _ = writeln!(out);
            }
            current = Some(kind);
            let _ = write!(out, "\rindexing {}s: {done}", kind.as_str());
            let _ = out.flush();
        })
        .await
        .context("cannot rebuild the search index")?;
    println!(
        "\nthe search index holds {total} records again ({:.1} s)",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    // An MTA keeps a message it could not hand over only when told the failure is temporary, so for
    // `mail-in` every failure is one: a broken configuration or database must not lose mail.
    if let Command::MailIn { mailbox } = &cli.command {
        let attempt = async {
            let file = config::load(cli.global.config.as_deref())?;
            init_logging(&file, &cli.command);
            let raw = read_message()?;
            // A server running on the same data takes the message in; else this process does.
            if cli.global.database_url.is_none() && file.storage.database_url.is_none() {
                let socket = crate::mail_socket::path(&storage::data_dir(&cli.global, &file));
                if let Some((code, words)) =
                    crate::mail_socket::hand_off(&socket, mailbox.as_deref(), &raw).await?
                {
                    if code == 0 {
                        println!("{words}");
                        return Ok(());
                    }
                    anyhow::bail!("{words}");
                }
            }
            let backend = storage::open_brief(&cli.global, &file).await?;
            let taken = mail_in(&backend, &file, mailbox.as_deref(), raw).await;
            backend.close();
            taken
        };
        return attempt
            .await
            .map_err(|error| anyhow::Error::new(TemporaryFailure(error)));
    }
    let file = config::load(cli.global.config.as_deref())?;
    init_logging(&file, &cli.command);
    if let Command::Config(ConfigCommand::Example) = cli.command {
        print!("{}", config::EXAMPLE);
        return Ok(());
    }
    let backend = storage::open(&cli.global, &file).await?;
    match cli.command {
        Command::Serve(args) => crate::serve::serve(backend, &file, args).await,
        Command::Reindex => {
            backend.migrate().await?;
            let app = backend.app(&file)?;
            reindex(&app).await
        }
        Command::Migrate => {
            backend.migrate().await?;
            println!("migrations applied ({})", backend.describe());
            Ok(())
        }
        Command::Agent(AgentCommand::Add {
            email,
            name,
            role,
            languages,
        }) => {
            backend.migrate().await?;
            let app = App::new(backend.store(), Arc::new(SystemClock));
            let password = std::env::var("AYUDA_AGENT_PASSWORD")
                .ok()
                .filter(|p| !p.is_empty());
            let agent = app
                .add_agent(NewAgent {
                    email,
                    name,
                    role,
                    password,
                    languages,
                    group_ids: Vec::new(),
                })
                .await
                .context("cannot add the agent")?;
            println!("{}", agent.id);
            Ok(())
        }
        Command::MailIn { .. } => unreachable!("handled above"),
        Command::Token(TokenCommand::Create { email, name }) => {
            backend.migrate().await?;
            let app = App::new(backend.store(), Arc::new(SystemClock));
            let token = app
                .issue_token(&email, &name)
                .await
                .context("cannot create the token")?;
            println!("{token}");
            Ok(())
        }
        Command::Token(TokenCommand::Revoke) => {
            let mut secret = String::new();
            std::io::stdin()
                .read_line(&mut secret)
                .context("cannot read the token from standard input")?;
            let app = App::new(backend.store(), Arc::new(SystemClock));
            app.revoke_token_secret(&secret)
                .await
                .context("cannot revoke the token")?;
            println!("revoked");
            Ok(())
        }
        Command::Backup { to } => {
            let Backend::Sqlite { store, data } = &backend else {
                bail!(
                    "with PostgreSQL, back up with pg_dump (see docs/operations.md); `ayuda backup` copies SQLite databases"
                );
            };
            let to = to.unwrap_or_else(|| {
                let stamp = jiff::Timestamp::now()
                    .strftime("%Y%m%dT%H%M%SZ")
                    .to_string();
                data.join("backups").join(format!("ayuda-{stamp}.db"))
            });
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create {}", parent.display()))?;
            }
            if to.exists() {
                bail!("{} already exists; choose another --to", to.display());
            }
            store
                .backup(&to)
                .await
                .with_context(|| format!("cannot back up to {}", to.display()))?;
            println!("{}", to.display());
            Ok(())
        }
        Command::Restore { from } => {
            let Backend::Sqlite { store, .. } = &backend else {
                bail!("with PostgreSQL, restore with pg_restore (see docs/operations.md)");
            };
            if !from.is_file() {
                bail!("{} is not a file", from.display());
            }
            store
                .restore(&from)
                .await
                .with_context(|| format!("cannot restore from {}", from.display()))?;
            backend.migrate().await?;
            println!("restored from {}", from.display());
            Ok(())
        }
        Command::Config(ConfigCommand::Example) => Ok(()),
        Command::Mailbox(command) => {
            backend.migrate().await?;
            crate::mailbox::run(backend.store().as_ref(), command).await
        }
    }
}
