//! The outbox sender `ayuda serve` runs beside HTTP when an `[smtp]` server is configured: a task that hands
//! due mail to SMTP until the server stops. Without `[smtp]`, mail waits in the outbox, which is said once at
//! start so nobody wonders where the acknowledgements went.

use std::sync::Arc;

use anyhow::Context;
use ayuda_app::App;
use ayuda_app::email::outbound::MailTransport;
use ayuda_channels::smtp::SmtpTransport;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::config::FileConfig;

/// The running sender; [`Outbox::stop`] ends it after the mail in hand.
#[derive(Debug)]
pub struct Outbox {
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

/// Starts sending when `[smtp]` is configured.
pub fn start(app: &App, file: &FileConfig) -> anyhow::Result<Option<Outbox>> {
    let Some(section) = &file.smtp else {
        tracing::info!(
            "no [smtp] server configured: outgoing mail stays queued in the outbox until one is"
        );
        return Ok(None);
    };
    let password = std::env::var("AYUDA_SMTP_PASSWORD").ok();
    let settings = section.settings(password)?;
    let transport =
        Arc::new(SmtpTransport::new(settings).context("the [smtp] settings are not usable")?);
    if app.email_config().from.is_none() {
        tracing::warn!(
            "[email] from is not set: mail of tickets that came in through no mailbox cannot be sent"
        );
    }
    tracing::info!(server = %transport.describe(), "sending mail through SMTP");
    let (stop, stopped) = oneshot::channel::<()>();
    let app = app.clone();
    let task = tokio::spawn(async move {
        let shared: Arc<dyn MailTransport> = transport.clone();
        app.run_outbox(shared, async {
            let _ = stopped.await;
        })
        .await;
        transport.shutdown().await;
    });
    Ok(Some(Outbox { stop, task }))
}

impl Outbox {
    /// Stops sending: the mail being handed over finishes, and the SMTP connections are closed.
    pub async fn stop(self) {
        let _ = self.stop.send(());
        if let Err(error) = self.task.await {
            tracing::error!(%error, "the outbox sender ended abnormally");
        }
    }
}
