//! `ayuda serve`: migrate, optionally seed the demo, and serve HTTP until SIGINT or SIGTERM, letting
//! requests in flight finish; beside it, send the outbox's mail through `[smtp]` when one is configured and
//! fetch the mail of mailboxes with an IMAP account (unless `[email] imap = false`).

use std::net::SocketAddr;

use anyhow::Context;
use ayuda_web::{RateLimitConfig, WebConfig};

use crate::cli::ServeArgs;
use crate::config::FileConfig;
use crate::storage::Backend;

/// How often `ayuda serve` looks for SLA warnings and breaches that fell due: an alert is raised at most
/// this long after its moment.
const SLA_SWEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(15);
/// How often due webhook calls are made.
const WEBHOOKS_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

pub async fn serve(backend: Backend, file: &FileConfig, args: ServeArgs) -> anyhow::Result<()> {
    backend.migrate().await?;
    let listen: SocketAddr = args
        .listen
        .or(file.server.listen)
        .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8080)));
    let public_url = args
        .public_url
        .clone()
        .or_else(|| file.server.public_url.clone())
        .unwrap_or_else(|| format!("http://{listen}"));
    let app = backend.app(file)?.with_public_url(public_url);
    if args.demo {
        match ayuda_app::demo::seed(&app)
            .await
            .context("cannot seed the demo data")?
        {
            Some(summary) => tracing::info!(%summary, "demo data seeded"),
            None => tracing::info!("the database already has data; demo data not seeded"),
        }
    }
    // A new index (or a change to how text is analysed) is rebuilt beside the running server: search
    // answers from what is indexed so far, and every write indexes its own record meanwhile.
    let pending = app.reindex_pending().await?;
    if !pending.is_empty() {
        let rebuilding = app.clone();
        tokio::spawn(async move {
            let kinds: Vec<&str> = pending.iter().map(|k| k.as_str()).collect();
            tracing::info!(kinds = %kinds.join(","), "rebuilding the search index");
            match rebuilding.reindex_kinds(&pending, |_, _| {}).await {
                Ok(total) => tracing::info!(total, "the search index is rebuilt"),
                Err(error) => {
                    tracing::error!(%error, "the search index could not be rebuilt; run `ayuda reindex`")
                }
            }
        });
    }
    let defaults = RateLimitConfig::default();
    let rate_limit = RateLimitConfig {
        per_second: args
            .rate_limit
            .or(file.api.rate_limit_per_second)
            .unwrap_or(defaults.per_second),
        burst: file.api.rate_limit_burst.unwrap_or(defaults.burst),
    };
    let outbox = crate::outbox::start(&app, file)?;
    // SLA warnings and breaches: found by an indexed deadline, so a sweep with nothing due costs one
    // small query.
    let (stop_sweeper, sweeper_stopped) = tokio::sync::oneshot::channel::<()>();
    let sweeper = {
        let app = app.clone();
        tokio::spawn(async move {
            app.run_sla_sweeper(SLA_SWEEP_EVERY, async {
                let _ = sweeper_stopped.await;
            })
            .await;
        })
    };
    // Webhook calls of rules, over HTTP(S), taken from their queue every few seconds.
    let (stop_webhooks, webhooks_stopped) = tokio::sync::oneshot::channel::<()>();
    let webhooks = {
        let app = app.clone();
        let transport: std::sync::Arc<dyn ayuda_app::webhooks::WebhookTransport> =
            std::sync::Arc::new(ayuda_channels::webhook::HttpWebhookTransport::new());
        tokio::spawn(async move {
            app.run_webhooks(transport, WEBHOOKS_EVERY, async {
                let _ = webhooks_stopped.await;
            })
            .await;
        })
    };
    let imap = match file.email.imap_settings()? {
        Some(settings) => Some(
            ayuda_channels::imap::ImapIntake::spawn(app.clone(), settings)
                .context("cannot start the IMAP intake")?,
        ),
        None => None,
    };
    // MTA pipes on this machine hand their mail to this server rather than open the database themselves.
    let mail_socket = match &backend {
        Backend::Sqlite { data, .. } => Some(crate::mail_socket::listen(
            app.clone(),
            crate::mail_socket::path(data),
        )?),
        Backend::Postgres(_) => None,
    };
    let lmtp = match file.email.lmtp_listen {
        Some(address) => {
            let listener = ayuda_channels::lmtp::LmtpListener::bind(app.clone(), address)
                .await
                .with_context(|| format!("cannot listen for LMTP on {address}"))?;
            tracing::info!(address = %listener.address(), "accepting LMTP deliveries");
            Some(listener)
        }
        None => None,
    };
    let router = ayuda_web::router(app, WebConfig { rate_limit });
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    let address = listener
        .local_addr()
        .context("cannot read the listening address")?;
    tracing::info!(%address, storage = %backend.describe(), "Ayuda is serving on http://{address}");
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .context("the HTTP server failed")?;
    drop(mail_socket);
    drop(lmtp);
    let _ = stop_sweeper.send(());
    let _ = sweeper.await;
    let _ = stop_webhooks.send(());
    let _ = webhooks.await;
    if let Some(outbox) = outbox {
        outbox.stop().await;
    }
    if let Some(imap) = imap {
        imap.shutdown().await;
    }
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
