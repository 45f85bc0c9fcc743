//! The `ayuda` binary: parses the command line, wires configuration, storage, the application and the web
//! server together, and reports errors once with an exit code chosen in one place.

use std::process::ExitCode;

use clap::Parser;

mod cli;
mod commands;
mod config;
mod mail_socket;
mod mailbox;
mod outbox;
mod serve;
mod storage;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    // `mail-in` runs once per message: one thread is plenty, and starting worker threads is not free.
    let mut builder = if matches!(cli.command, cli::Command::MailIn { .. }) {
        tokio::runtime::Builder::new_current_thread()
    } else {
        tokio::runtime::Builder::new_multi_thread()
    };
    let runtime = match builder.enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("ayuda: cannot start the async runtime: {error}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // The whole cause chain, once: "cannot open the database: … : permission denied".
            eprintln!("ayuda: {error:#}");
            if error.is::<commands::TemporaryFailure>() {
                ExitCode::from(commands::EX_TEMPFAIL)
            } else {
                ExitCode::from(1)
            }
        }
    }
}
