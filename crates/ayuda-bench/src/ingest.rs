//! Email intake throughput: raw messages through `POST /api/v1/inbound/email` (as a relay posts them) and
//! through `ayuda mail-in` (one process per message, as an MTA pipe runs it).
//!
//! The mix is what a help desk receives: two in three messages open a ticket, one in three replies to the
//! previous one with its quoted history (In-Reply-To, a Spanish client's quote header), so threading runs.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::Args;

use crate::load::{connect, histogram, host_and_port, ms, send};

#[derive(Debug, Args)]
pub struct HttpArgs {
    /// The server, e.g. http://127.0.0.1:8080.
    #[arg(long)]
    url: String,
    /// An administrator's API token.
    #[arg(long, env = "AYUDA_BENCH_TOKEN")]
    token: String,
    /// Concurrencies to measure, in turn.
    #[arg(long, value_delimiter = ',', default_value = "1,8,64")]
    concurrency: Vec<usize>,
    /// How long to measure each concurrency, in seconds (after a one-second warm-up).
    #[arg(long, default_value_t = 10)]
    seconds: u64,
}

#[derive(Debug, Args)]
pub struct PipeArgs {
    /// The `ayuda` binary to run (a release build); by default the one beside this benchmark's binary.
    #[arg(long)]
    ayuda: Option<PathBuf>,
    /// The data directory `ayuda mail-in` writes to.
    #[arg(long)]
    data: PathBuf,
    /// Concurrent `mail-in` processes, in turn.
    #[arg(long, value_delimiter = ',', default_value = "1,4,16")]
    concurrency: Vec<usize>,
    /// Messages per concurrency.
    #[arg(long, default_value_t = 2000)]
    messages: usize,
}

/// The `n`-th message of a sender stream `stream` (unique across runs through `run`).
fn message(run: u64, stream: usize, n: usize) -> String {
    let id = format!("bench-{run}-{stream}-{n}@cliente.example");
    let reply = n % 3 == 2;
    let (subject, threading, body) = if reply {
        let previous = format!("bench-{run}-{stream}-{}@cliente.example", n - 1);
        (
            format!("Re: Pedido {stream}-{}", n - 1),
            format!("In-Reply-To: <{previous}>\r\nReferences: <{previous}>\r\n"),
            "Os adjunto el número de seguimiento: ES-4411-99.\r\n\r\n\
             El lun, 23 nov 2026 a las 10:12, Soporte <soporte@acme.example> escribió:\r\n\
             > Hola, ¿nos puedes dar el número de seguimiento del envío?\r\n\
             > Un saludo\r\n"
                .to_owned(),
        )
    } else {
        (
            format!("Pedido {stream}-{n}"),
            String::new(),
            "Hola,\r\nmi pedido todavía no ha llegado y ya han pasado dos semanas desde la compra. \
             ¿Podéis decirme dónde está?\r\n\r\nGracias,\r\nAna\r\n"
                .to_owned(),
        )
    };
    format!(
        "Return-Path: <cliente{stream}@cliente.example>\r\n\
         From: Cliente {stream} <cliente{stream}@cliente.example>\r\n\
         To: soporte@acme.example\r\n\
         Subject: {subject}\r\n\
         Date: Tue, 24 Nov 2026 09:00:00 +0100\r\n\
         Message-ID: <{id}>\r\n{threading}\
         MIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\
         Content-Transfer-Encoding: 8bit\r\n\r\n{body}"
    )
}

fn run_id() -> u64 {
    jiff::Timestamp::now().as_millisecond().unsigned_abs()
}

async fn http_worker(
    address: String,
    token: Arc<String>,
    run: u64,
    stream: usize,
    measure_from: Instant,
    stop: Instant,
) -> anyhow::Result<(hdrhistogram::Histogram<u64>, u64)> {
    let mut sender = connect(&address).await?;
    let authorization = format!("Bearer {token}");
    let mut latencies = histogram();
    let mut taken = 0;
    let mut n = 0;
    while Instant::now() < stop {
        let request = hyper::Request::post("/api/v1/inbound/email")
            .header(hyper::header::HOST, &address)
            .header(hyper::header::AUTHORIZATION, &authorization)
            .header(hyper::header::CONTENT_TYPE, "message/rfc822")
            .body(http_body_util::Full::new(hyper::body::Bytes::from(
                message(run, stream, n),
            )))?;
        n += 1;
        let started = Instant::now();
        let (status, answer) = send(&mut sender, request).await?;
        if status != 200 {
            bail!(
                "the intake answered {status}: {}",
                String::from_utf8_lossy(&answer)
            );
        }
        if started >= measure_from {
            latencies.record(started.elapsed().as_micros() as u64).ok();
            taken += 1;
        }
    }
    Ok((latencies, taken))
}

pub async fn http(args: HttpArgs) -> anyhow::Result<()> {
    let address = host_and_port(&args.url)?;
    let token = Arc::new(args.token);
    let run = run_id();
    println!("| concurrency | messages/s | p50 ms | p99 ms | max ms |");
    println!("|---:|---:|---:|---:|---:|");
    for (round, concurrency) in args.concurrency.into_iter().enumerate() {
        let measure_from = Instant::now() + Duration::from_secs(1);
        let stop = measure_from + Duration::from_secs(args.seconds);
        let mut workers = tokio::task::JoinSet::new();
        for worker in 0..concurrency {
            workers.spawn(http_worker(
                address.clone(),
                token.clone(),
                run,
                round * 10_000 + worker,
                measure_from,
                stop,
            ));
        }
        let mut all = histogram();
        let mut taken = 0;
        while let Some(result) = workers.join_next().await {
            let (latencies, count) = result.context("a worker stopped")??;
            all.add(latencies).ok();
            taken += count;
        }
        println!(
            "| {concurrency} | {:.0} | {:.2} | {:.2} | {:.2} |",
            taken as f64 / args.seconds as f64,
            ms(all.value_at_quantile(0.5)),
            ms(all.value_at_quantile(0.99)),
            ms(all.max())
        );
    }
    Ok(())
}

/// Runs `ayuda mail-in` once per message, `concurrency` at a time, as an MTA's pipe transport does.
pub async fn pipe(args: PipeArgs) -> anyhow::Result<()> {
    let run = run_id();
    let ayuda = match args.ayuda {
        Some(path) => path,
        None => std::env::current_exe()
            .context("cannot find this benchmark's own binary")?
            .with_file_name("ayuda"),
    };
    println!("| concurrent processes | messages/s | p50 ms | p99 ms | max ms |");
    println!("|---:|---:|---:|---:|---:|");
    for (round, concurrency) in args.concurrency.iter().copied().enumerate() {
        let next = Arc::new(AtomicU64::new(0));
        let started = Instant::now();
        let mut workers = tokio::task::JoinSet::new();
        for worker in 0..concurrency {
            let next = next.clone();
            let ayuda = ayuda.clone();
            let data = args.data.clone();
            let total = args.messages as u64;
            workers.spawn_blocking(move || -> anyhow::Result<hdrhistogram::Histogram<u64>> {
                let mut latencies = histogram();
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= total {
                        return Ok(latencies);
                    }
                    let raw = message(run, round * 10_000 + worker, n as usize);
                    let began = Instant::now();
                    let mut child = Command::new(&ayuda)
                        .arg("--data")
                        .arg(&data)
                        .arg("mail-in")
                        .stdin(Stdio::piped())
                        .stdout(Stdio::null())
                        .stderr(Stdio::piped())
                        .spawn()
                        .with_context(|| format!("cannot run {}", ayuda.display()))?;
                    child
                        .stdin
                        .take()
                        .context("no stdin")?
                        .write_all(raw.as_bytes())?;
                    let output = child.wait_with_output()?;
                    if !output.status.success() {
                        bail!(
                            "mail-in exited {:?}: {}",
                            output.status.code(),
                            String::from_utf8_lossy(&output.stderr)
                        );
                    }
                    latencies.record(began.elapsed().as_micros() as u64).ok();
                }
            });
        }
        let mut all = histogram();
        while let Some(result) = workers.join_next().await {
            all.add(result.context("a worker stopped")??).ok();
        }
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "| {concurrency} | {:.0} | {:.2} | {:.2} | {:.2} |",
            args.messages as f64 / seconds,
            ms(all.value_at_quantile(0.5)),
            ms(all.value_at_quantile(0.99)),
            ms(all.max())
        );
    }
    Ok(())
}
