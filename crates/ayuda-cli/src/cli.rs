//! The command line: subcommands and flags. Every subcommand takes `--data` and `--database-url`, also read
//! from `AYUDA_DATA` and `AYUDA_DATABASE_URL`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "ayuda", version, about = "Ayuda: a help desk in one binary")]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Where the data lives; shared by every subcommand.
#[derive(Debug, Args, Clone)]
pub struct Global {
    /// The data directory (SQLite database, backups). Ignored for storage when --database-url is given.
    #[arg(long, global = true, env = "AYUDA_DATA")]
    pub data: Option<PathBuf>,
    /// A PostgreSQL URL (postgres://user@host/db); without it Ayuda uses SQLite in the data directory.
    #[arg(
        long,
        global = true,
        env = "AYUDA_DATABASE_URL",
        hide_env_values = true
    )]
    pub database_url: Option<String>,
    /// A configuration file (TOML); `ayuda config example` prints a documented one.
    #[arg(long, global = true, env = "AYUDA_CONFIG")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the help desk over HTTP.
    Serve(ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate,
    /// Rebuild the search index from the database, showing its progress. Safe while the server runs, whose
    /// searches find only what is rebuilt until it ends
    Reindex,
    /// Manage agents.
    #[command(subcommand)]
    Agent(AgentCommand),
    /// Manage API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Copy the SQLite database to a file while the server keeps running.
    Backup {
        /// The backup file to write (default: <data>/backups/ayuda-<time>.db).
        #[arg(long)]
        to: Option<PathBuf>,
    },
    /// Replace the SQLite database's content with a backup.
    Restore {
        /// The backup file to read.
        #[arg(long)]
        from: PathBuf,
    },
    /// Configuration files.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Manage the mailboxes Ayuda receives email for.
    #[command(subcommand)]
    Mailbox(crate::mailbox::MailboxCommand),
    /// Take in one raw email from standard input, as an MTA's pipe delivers it (Postfix, Exim and sendmail
    /// aliases). Exits 0 when the email is stored (on a ticket, or quarantined for review) or was already
    /// received, and 75 (EX_TEMPFAIL) when it could not be stored now, so the MTA tries again later.
    MailIn {
        /// The mailbox it was received for, by name (see `ayuda mailbox list`); none when omitted.
        #[arg(long)]
        mailbox: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address to listen on.
    #[arg(long, env = "AYUDA_LISTEN")]
    pub listen: Option<SocketAddr>,
    /// Seed demo data (groups, agents, organizations, tickets in en/es/it) into an empty database.
    #[arg(long)]
    pub demo: bool,
    /// Requests per second allowed per API token; 0 turns rate limiting off.
    #[arg(long, env = "AYUDA_RATE_LIMIT")]
    pub rate_limit: Option<u32>,
    /// Where people reach this server (`https://help.example.com`), for links in mail; defaults to
    /// `http://` and the listening address.
    #[arg(long, env = "AYUDA_PUBLIC_URL")]
    pub public_url: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum AgentCommand {
    /// Add an agent. The password is read from AYUDA_AGENT_PASSWORD if set (never from a flag, which
    /// would show in the process list and shell history).
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// admin, supervisor or agent.
        #[arg(long, default_value = "agent")]
        role: String,
        /// Languages the agent answers in, comma separated (en,es).
        #[arg(long, value_delimiter = ',')]
        languages: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create an API token for the agent or customer with this email and print only the token.
    Create {
        #[arg(long)]
        email: String,
        /// A label to recognise the token by.
        #[arg(long, default_value = "cli")]
        name: String,
    },
    /// Revoke a token: it stops working at once. The token is read from standard input, so it stays out of
    /// the shell history and the process list.
    Revoke,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print a documented example configuration file.
    Example,
}
