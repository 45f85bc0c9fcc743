//! `ayuda-bench`: load and scale benchmarks that drive a running Ayuda over HTTP, the way clients do.
//!
//! - `seed` fills a database with N tickets (straight through the store, in large transactions) and prints a
//!   token for the benchmark's admin agent;
//! - `create` measures ticket creation through `POST /api/v1/tickets` at several concurrencies;
//! - `lists` measures filtered ticket list pages through `GET /api/v1/tickets`;
//! - `search` measures `GET /api/v1/search` with a mix of queries (seed with `--replies` and `--articles`
//!   for a multilingual data set);
//! - `ingest-http` and `ingest-pipe` measure raw emails taken in through `POST /api/v1/inbound/email` and
//!   through `ayuda mail-in`.
//!
//! Start the server with `--rate-limit 0`, or the limiter measures itself.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod ingest;
mod load;
mod pages;
mod search;
mod seed;
mod words;

#[derive(Debug, Parser)]
#[command(name = "ayuda-bench", about = "Benchmarks for a running Ayuda")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Generate tickets into a database (SQLite in --data, or --database-url) and print an admin token.
    Seed(seed::SeedArgs),
    /// Create tickets over HTTP at each concurrency for a while; print tickets/s, p50 and p99.
    Create(load::CreateArgs),
    /// Request filtered list pages over HTTP; print p50, p95 and p99 per filter.
    Lists(load::ListArgs),
    /// Post raw emails to the intake over HTTP at each concurrency; print messages/s, p50 and p99.
    IngestHttp(ingest::HttpArgs),
    /// Pipe raw emails through `ayuda mail-in` processes at each concurrency; print messages/s.
    IngestPipe(ingest::PipeArgs),
    /// Sign in to the workspace and request its main pages; print p50, p99 and max per page.
    Pages(pages::PagesArgs),
    /// Send a mix of search queries over HTTP; print hits, p50, p95 and p99 per query and overall.
    Search(search::SearchArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("ayuda-bench: {error}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Seed(args) => seed::run(args).await,
            Command::Create(args) => load::create(args).await,
            Command::Lists(args) => load::lists(args).await,
            Command::IngestHttp(args) => ingest::http(args).await,
            Command::IngestPipe(args) => ingest::pipe(args).await,
            Command::Pages(args) => pages::run(args).await,
            Command::Search(args) => search::run(args).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("ayuda-bench: {error:#}");
            ExitCode::FAILURE
        }
    }
}
