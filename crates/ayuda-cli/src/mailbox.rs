//! `ayuda mailbox add|list`: the support addresses Ayuda receives mail for, and the IMAP accounts it fetches
//! their mail from. A running `ayuda serve` picks a new mailbox up within its next rescan (30 seconds).
//!
//! The IMAP password never travels on the command line, where the process list and the shell history would
//! show it: it is read from `AYUDA_IMAP_PASSWORD` or, failing that, from the first line of standard input.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::{Context, bail};
use ayuda_core::Timestamp;
use ayuda_core::contact::EmailAddress;
use ayuda_core::email::{ImapAccount, Mailbox, Password, TlsMode};
use ayuda_core::id::{GroupId, MailboxId};
use ayuda_store::{Store, StoreError};
use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum MailboxCommand {
    /// Add a mailbox. With --imap-host, Ayuda fetches its mail over IMAP; without, mail arrives through
    /// `ayuda mail-in` or HTTP. The IMAP password is read from AYUDA_IMAP_PASSWORD, else from the first line
    /// of standard input (never from a flag).
    Add(AddArgs),
    /// List the mailboxes (never their passwords).
    List,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// A unique name, such as Support.
    #[arg(long)]
    pub name: String,
    /// The address customers write to; replies are sent from it.
    #[arg(long)]
    pub address: String,
    /// The id of the group the mailbox's new tickets go to.
    #[arg(long)]
    pub group: Option<GroupId>,
    /// The IMAP server to fetch mail from.
    #[arg(long)]
    pub imap_host: Option<String>,
    /// Its port (default: 993 with tls, 143 otherwise).
    #[arg(long)]
    pub imap_port: Option<u16>,
    /// tls (IMAPS), starttls or plain (only on the same machine or a private network).
    #[arg(long, default_value = "tls")]
    pub imap_tls: String,
    /// The IMAP user name.
    #[arg(long)]
    pub imap_user: Option<String>,
    /// The folder to fetch from.
    #[arg(long, default_value = "INBOX")]
    pub imap_folder: String,
    /// Move imported mail to this folder (created if missing) instead of marking it \Seen in place.
    #[arg(long)]
    pub imap_processed_folder: Option<String>,
}

pub async fn run(store: &dyn Store, command: MailboxCommand) -> anyhow::Result<()> {
    match command {
        MailboxCommand::Add(args) => add(store, args).await,
        MailboxCommand::List => list(store).await,
    }
}

async fn add(store: &dyn Store, args: AddArgs) -> anyhow::Result<()> {
    let name = args.name.trim().to_owned();
    if name.is_empty() {
        bail!("--name must not be empty");
    }
    let address = EmailAddress::parse(&args.address)
        .map_err(|e| anyhow::anyhow!("--address {}", e.message))?;
    if let Some(group) = args.group
        && store.get_group(group).await?.is_none()
    {
        bail!("there is no group {group}");
    }
    let imap = match (args.imap_host, args.imap_user) {
        (None, None) => None,
        (Some(host), Some(user)) => {
            let tls = TlsMode::parse(&args.imap_tls)
                .map_err(|_| anyhow::anyhow!("--imap-tls must be tls, starttls or plain"))?;
            let port = args.imap_port.unwrap_or(match tls {
                TlsMode::Tls => 993,
                TlsMode::StartTls | TlsMode::Plain => 143,
            });
            let processed = args
                .imap_processed_folder
                .filter(|folder| !folder.trim().is_empty());
            if processed.as_deref() == Some(args.imap_folder.as_str()) {
                bail!("--imap-processed-folder must differ from --imap-folder");
            }
            Some(ImapAccount {
                host,
                port,
                tls,
                user,
                password: read_password()?,
                folder: args.imap_folder,
                processed_folder: processed,
            })
        }
        _ => bail!("an IMAP mailbox needs both --imap-host and --imap-user"),
    };
    let now = Timestamp::now();
    let mailbox = Mailbox {
        id: MailboxId::generate(),
        name,
        address,
        group_id: args.group,
        imap,
        active: true,
        created_at: now,
        updated_at: now,
    };
    let created = match store.create_mailbox(mailbox).await {
        Ok(created) => created,
        Err(StoreError::Duplicate(_)) => bail!("a mailbox named {:?} exists already", args.name),
        Err(error) => return Err(error).context("cannot add the mailbox"),
    };
    println!("{}", created.id);
    Ok(())
}

/// The IMAP password: `AYUDA_IMAP_PASSWORD`, else the first line of standard input.
fn read_password() -> anyhow::Result<Password> {
    if let Some(password) = std::env::var("AYUDA_IMAP_PASSWORD")
        .ok()
        .filter(|p| !p.is_empty())
    {
        return Ok(Password(password));
    }
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("IMAP password: ");
        std::io::stderr().flush().ok();
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .context("cannot read the IMAP password from standard input")?;
    let password = line.trim_end_matches(['\r', '\n']);
    if password.is_empty() {
        bail!("no IMAP password: set AYUDA_IMAP_PASSWORD or write it on standard input");
    }
    Ok(Password(password.to_owned()))
}

async fn list(store: &dyn Store) -> anyhow::Result<()> {
    let mailboxes = store.list_mailboxes().await?;
    if mailboxes.is_empty() {
        println!("no mailboxes; add one with `ayuda mailbox add`");
        return Ok(());
    }
    let rows: Vec<[String; 4]> = mailboxes.iter().map(row).collect();
    let mut widths = [4, 7, 6, 0];
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let header = [
        "NAME".to_owned(),
        "ADDRESS".to_owned(),
        "ACTIVE".to_owned(),
        "RECEIVES FROM".to_owned(),
    ];
    for row in std::iter::once(&header).chain(&rows) {
        println!(
            "{:<w0$}  {:<w1$}  {:<w2$}  {}",
            row[0],
            row[1],
            row[2],
            row[3],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2],
        );
    }
    Ok(())
}

/// One mailbox as a line of the list: the password is never among its cells.
fn row(mailbox: &Mailbox) -> [String; 4] {
    let source = match &mailbox.imap {
        Some(imap) => {
            let mut source = format!(
                "imap {}@{}:{} ({}) {}",
                imap.user,
                imap.host,
                imap.port,
                imap.tls.as_str(),
                imap.folder
            );
            match &imap.processed_folder {
                Some(processed) => source.push_str(&format!(", moved to {processed}")),
                None => source.push_str(", marked \\Seen"),
            }
            source
        }
        None => "mail-in or HTTP".to_owned(),
    };
    [
        mailbox.name.clone(),
        mailbox.address.as_str().to_owned(),
        if mailbox.active { "yes" } else { "no" }.to_owned(),
        source,
    ]
}
