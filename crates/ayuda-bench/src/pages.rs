//! How fast the web interfaces answer: signs in as an agent through the sign-in form (as a browser does:
//! pre-session cookie, CSRF token, session cookie), then requests the main pages one after another and
//! prints p50, p99 and max per page. Server-side rendering only: the browser's own work is not counted.

use std::time::Instant;

use anyhow::{Context, bail};
use clap::Args;

use crate::load::{connect, histogram, host_and_port, ms, send};

#[derive(Debug, Args)]
pub struct PagesArgs {
    /// The server, `http://host:port`.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    url: String,
    /// An agent who may sign in with a password (the demo's administrator by default).
    #[arg(long, default_value = "admin@ayuda.demo")]
    email: String,
    #[arg(long, default_value = "ayuda-demo-2026")]
    password: String,
    /// Requests per page.
    #[arg(long, default_value_t = 200)]
    requests: u32,
    /// Also request the reports page for the last 365 days.
    #[arg(long)]
    report_year: bool,
}

type Body = http_body_util::Full<hyper::body::Bytes>;

fn cookie_of(response_cookies: &[String], name: &str) -> Option<String> {
    response_cookies.iter().find_map(|c| {
        let pair = c.split(';').next()?;
        let (key, value) = pair.split_once('=')?;
        (key.trim() == name).then(|| value.to_owned())
    })
}

fn csrf_field(html: &str) -> Option<String> {
    html.split("name=\"csrf\" value=\"")
        .nth(1)?
        .split('"')
        .next()
        .map(str::to_owned)
}

pub async fn run(args: PagesArgs) -> anyhow::Result<()> {
    let address = host_and_port(&args.url)?;
    // Sign in with a client of its own, reading the cookies by hand.
    let stream = tokio::net::TcpStream::connect(&address)
        .await
        .with_context(|| format!("cannot connect to {address}"))?;
    let (mut sign_in, connection) =
        hyper::client::conn::http1::handshake::<_, Body>(hyper_util::rt::TokioIo::new(stream))
            .await?;
    tokio::spawn(connection);
    let form = sign_in
        .send_request(
            hyper::Request::get("/agent/sign-in")
                .header(hyper::header::HOST, &address)
                .body(Body::default())?,
        )
        .await?;
    let cookies: Vec<String> = form
        .headers()
        .get_all(hyper::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_owned))
        .collect();
    let pre_session = cookie_of(&cookies, "ayuda_csrf").context("no pre-session cookie")?;
    let html = http_body_util::BodyExt::collect(form.into_body())
        .await?
        .to_bytes();
    let csrf = csrf_field(&String::from_utf8_lossy(&html)).context("no CSRF field")?;
    let body = serde_urlencoded::to_string([
        ("email", args.email.as_str()),
        ("password", args.password.as_str()),
        ("csrf", csrf.as_str()),
    ])?;
    let signed_in = sign_in
        .send_request(
            hyper::Request::post("/agent/sign-in")
                .header(hyper::header::HOST, &address)
                .header(hyper::header::COOKIE, format!("ayuda_csrf={pre_session}"))
                .header(
                    hyper::header::CONTENT_TYPE,
                    "application/x-www-form-urlencoded",
                )
                .body(Body::from(body))?,
        )
        .await?;
    let cookies: Vec<String> = signed_in
        .headers()
        .get_all(hyper::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_owned))
        .collect();
    let session = cookie_of(&cookies, "ayuda_session")
        .filter(|s| !s.is_empty())
        .context("signing in gave no session: check --email and --password")?;

    println!("| page | p50 ms | p99 ms | max ms | bytes |");
    println!("|---|---:|---:|---:|---:|");
    let mut sender = connect(&address).await?;
    for path in [
        "/agent/views/open",
        "/agent/views/mine",
        "/agent/views/unassigned",
        "/agent/tickets/1",
        "/agent/tickets/2",
        "/agent/tickets/new",
        "/agent/canned",
        "/agent/admin/agents",
        "/agent/admin/contacts",
        "/agent/admin/roles",
        "/agent/reports",
        "/agent/sign-in",
    ]
    .into_iter()
    .map(str::to_owned)
    .chain(args.report_year.then(|| {
        // A year's full report page, up to today (UTC).
        let today = jiff::Zoned::now()
            .with_time_zone(jiff::tz::TimeZone::UTC)
            .date();
        let first = today.saturating_sub(jiff::Span::new().days(364));
        format!("/agent/reports?from={first}&to={today}")
    })) {
        let path = path.as_str();
        let mut latencies = histogram();
        let mut size = 0;
        for _ in 0..args.requests {
            let request = hyper::Request::get(path)
                .header(hyper::header::HOST, &address)
                .header(hyper::header::COOKIE, format!("ayuda_session={session}"))
                .body(Body::default())?;
            // The previous answer is read; wait until the connection takes the next request.
            sender.ready().await.context("the connection closed")?;
            let started = Instant::now();
            let (status, answer) = send(&mut sender, request).await?;
            latencies.record(started.elapsed().as_micros() as u64).ok();
            if status != 200 {
                bail!("{path} answered {status}");
            }
            size = answer.len();
        }
        println!(
            "| `{path}` | {:.2} | {:.2} | {:.2} | {size} |",
            ms(latencies.value_at_quantile(0.50)),
            ms(latencies.value_at_quantile(0.99)),
            ms(latencies.max()),
        );
    }
    Ok(())
}
