//! HTTP load: concurrent ticket creation and filtered list pages, with latency histograms.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::Args;
use hdrhistogram::Histogram;
use serde_json::Value;

#[derive(Debug, Args)]
pub struct CreateArgs {
    /// The server, e.g. http://127.0.0.1:8080.
    #[arg(long)]
    url: String,
    /// An agent's API token.
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
pub struct ListArgs {
    #[arg(long)]
    url: String,
    #[arg(long, env = "AYUDA_BENCH_TOKEN")]
    token: String,
    /// Requests per filter.
    #[arg(long, default_value_t = 200)]
    requests: usize,
    /// Concurrent clients.
    #[arg(long, default_value_t = 4)]
    concurrency: usize,
}

fn client(concurrency: usize) -> anyhow::Result<reqwest::Client> {
    reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .tcp_nodelay(true)
        .build()
        .context("cannot build the HTTP client")
}

/// The `host:port` of an `http://host:port` URL.
pub(crate) fn host_and_port(url: &str) -> anyhow::Result<String> {
    let address = url
        .trim_end_matches('/')
        .trim_start_matches("http://")
        .to_owned();
    if address.contains('/') || url.starts_with("https://") {
        bail!("--url must be http://host:port");
    }
    Ok(address)
}

type Sender = hyper::client::conn::http1::SendRequest<http_body_util::Full<hyper::body::Bytes>>;

/// One keep-alive HTTP/1.1 connection of its own, with Nagle off.
pub(crate) async fn connect(address: &str) -> anyhow::Result<Sender> {
    let stream = tokio::net::TcpStream::connect(address)
        .await
        .with_context(|| format!("cannot connect to {address}"))?;
    stream.set_nodelay(true)?;
    let (sender, connection) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)).await?;
    tokio::spawn(connection);
    Ok(sender)
}

/// Sends `request` and reads the whole answer.
pub(crate) async fn send(
    sender: &mut Sender,
    request: hyper::Request<http_body_util::Full<hyper::body::Bytes>>,
) -> anyhow::Result<(hyper::StatusCode, hyper::body::Bytes)> {
    let response = sender
        .send_request(request)
        .await
        .context("request failed")?;
    let status = response.status();
    let answer = http_body_util::BodyExt::collect(response.into_body())
        .await?
        .to_bytes();
    Ok((status, answer))
}

pub(crate) fn histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, 60_000_000, 3).unwrap_or_else(|_| {
        Histogram::new(3).unwrap_or_else(|_| unreachable!("3 significant figures are valid"))
    })
}

pub(crate) fn ms(micros: u64) -> f64 {
    micros as f64 / 1000.0
}

/// One worker on its own keep-alive HTTP/1.1 connection (as `wrk` does): no pool, no per-request client
/// bookkeeping, so the load generator takes as little as possible of the CPU it shares with the server.
/// Creates tickets until `stop`, recording latencies after `measure_from`.
async fn create_worker(
    address: String,
    token: Arc<String>,
    worker: usize,
    measure_from: Instant,
    stop: Instant,
) -> anyhow::Result<(Histogram<u64>, u64)> {
    let mut sender = connect(&address).await?;
    let authorization = format!("Bearer {token}");
    let mut latencies = histogram();
    let mut created = 0;
    let mut i = 0usize;
    while Instant::now() < stop {
        i += 1;
        let priority = ["low", "normal", "high", "urgent"][i % 4];
        let customer = (worker * 7919 + i) % 5000;
        let body = format!(
            r#"{{"subject":"Bench ticket {worker}-{i}","body":"The printer prints blank pages since this morning; we already replaced the toner.","requester":{{"email":"customer{customer}@bench.example"}},"priority":"{priority}","tags":["bench"]}}"#
        );
        let request = hyper::Request::post("/api/v1/tickets")
            .header(hyper::header::HOST, &address)
            .header(hyper::header::AUTHORIZATION, &authorization)
            .header(hyper::header::CONTENT_TYPE, "application/json")
            .body(http_body_util::Full::new(hyper::body::Bytes::from(body)))?;
        let started = Instant::now();
        let (status, answer) = send(&mut sender, request).await?;
        if status != 201 {
            bail!(
                "ticket creation answered {status}: {}",
                String::from_utf8_lossy(&answer)
            );
        }
        if started >= measure_from {
            latencies.record(started.elapsed().as_micros() as u64).ok();
            created += 1;
        }
    }
    Ok((latencies, created))
}

pub async fn create(args: CreateArgs) -> anyhow::Result<()> {
    let address = host_and_port(&args.url)?;
    let token = Arc::new(args.token);
    println!("| concurrency | tickets/s | p50 ms | p99 ms | max ms |");
    println!("|---:|---:|---:|---:|---:|");
    for concurrency in args.concurrency {
        let start = Instant::now();
        let measure_from = start + Duration::from_secs(1);
        let stop = measure_from + Duration::from_secs(args.seconds);
        let mut workers = tokio::task::JoinSet::new();
        for worker in 0..concurrency {
            workers.spawn(create_worker(
                address.clone(),
                token.clone(),
                worker,
                measure_from,
                stop,
            ));
        }
        let mut all = histogram();
        let mut created = 0;
        while let Some(result) = workers.join_next().await {
            let (latencies, count) = result.context("a worker stopped")??;
            all.add(latencies).ok();
            created += count;
        }
        let rate = created as f64 / args.seconds as f64;
        println!(
            "| {concurrency} | {rate:.0} | {:.2} | {:.2} | {:.2} |",
            ms(all.value_at_quantile(0.5)),
            ms(all.value_at_quantile(0.99)),
            ms(all.max())
        );
    }
    Ok(())
}

/// Reads ids of a group, an agent and an organization from the data, for filters.
async fn sample(
    client: &reqwest::Client,
    base: &str,
    token: &str,
) -> anyhow::Result<(String, String, String)> {
    let page: Value = client
        .get(format!("{base}/api/v1/tickets?limit=200&status=open"))
        .bearer_auth(token)
        .send()
        .await?
        .json()
        .await?;
    let items = page["items"]
        .as_array()
        .context("no tickets: run `ayuda-bench seed` first")?;
    let with = |key: &str| {
        items
            .iter()
            .find_map(|t| t[key].as_str().map(str::to_owned))
            .unwrap_or_default()
    };
    Ok((
        with("group_id"),
        with("assignee_id"),
        with("organization_id"),
    ))
}

pub async fn lists(args: ListArgs) -> anyhow::Result<()> {
    let base = args.url.trim_end_matches('/').to_owned();
    let client = client(args.concurrency)?;
    let (group, assignee, organization) = sample(&client, &base, &args.token).await?;
    // A deep page: the cursor after a few thousand tickets, to show keyset pages cost the same everywhere.
    let mut cursor = String::new();
    for _ in 0..20 {
        let page: Value = client
            .get(format!("{base}/api/v1/tickets?limit=200{cursor}"))
            .bearer_auth(&args.token)
            .send()
            .await?
            .json()
            .await?;
        if let Some(next) = page["next_cursor"].as_str() {
            cursor = format!("&cursor={next}");
        }
    }
    let filters = [
        ("newest 50 (no filter)".to_owned(), "limit=50".to_owned()),
        ("status=open".into(), "status=open&limit=50".into()),
        (
            "status=new,open,pending".into(),
            "status=new,open,pending&limit=50".into(),
        ),
        ("priority=urgent".into(), "priority=urgent&limit=50".into()),
        ("group".into(), format!("group={group}&limit=50")),
        ("assignee".into(), format!("assignee={assignee}&limit=50")),
        (
            "organization".into(),
            format!("organization={organization}&limit=50"),
        ),
        ("tag=refund".into(), "tag=refund&limit=50".into()),
        ("channel=fax".into(), "channel=fax&limit=50".into()),
        (
            "group + status=open".into(),
            format!("group={group}&status=open&limit=50"),
        ),
        (
            "status=open, oldest first".into(),
            "status=open&sort=updated_at&limit=50".into(),
        ),
        (
            "page 21 (cursor after 4,000)".into(),
            format!("limit=50{cursor}"),
        ),
    ];
    println!("| filter | items | p50 ms | p95 ms | p99 ms |");
    println!("|---|---:|---:|---:|---:|");
    for (name, query) in filters {
        let url = Arc::new(format!("{base}/api/v1/tickets?{query}"));
        let mut workers = tokio::task::JoinSet::new();
        let per_worker = args.requests.div_ceil(args.concurrency.max(1));
        for _ in 0..args.concurrency.max(1) {
            let (client, url, token) = (client.clone(), url.clone(), args.token.clone());
            workers.spawn(async move {
                let mut latencies = histogram();
                let mut items = 0;
                for _ in 0..per_worker {
                    let started = Instant::now();
                    let response = client.get(url.as_str()).bearer_auth(&token).send().await?;
                    if !response.status().is_success() {
                        bail!("{} answered {}", url, response.status());
                    }
                    let page: Value = response.json().await?;
                    latencies.record(started.elapsed().as_micros() as u64).ok();
                    items = page["items"].as_array().map_or(0, Vec::len);
                }
                Ok::<_, anyhow::Error>((latencies, items))
            });
        }
        let mut all = histogram();
        let mut items = 0;
        while let Some(result) = workers.join_next().await {
            let (latencies, count) = result??;
            all.add(latencies).ok();
            items = count;
        }
        println!(
            "| {name} | {items} | {:.2} | {:.2} | {:.2} |",
            ms(all.value_at_quantile(0.5)),
            ms(all.value_at_quantile(0.95)),
            ms(all.value_at_quantile(0.99))
        );
    }
    Ok(())
}
