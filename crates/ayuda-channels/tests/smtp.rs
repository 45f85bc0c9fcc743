//! `SmtpTransport` against a real SMTP server (aiosmtpd): bytes and envelope arrive intact, over plain,
//! TLS and STARTTLS connections, with and without a login; the server's refusals are reported as temporary
//! (4xx) or permanent (5xx), and an unreachable server as temporary.

#[path = "support/smtp_server.rs"]
mod smtp_server;

use std::time::Duration;

use ayuda_app::email::outbound::{Envelope, MailTransport};
use ayuda_channels::smtp::{SmtpSettings, SmtpTransport};
use ayuda_core::email::{Password, TlsMode};
use smtp_server::{ServerOptions, SmtpServer};

fn settings(server: &SmtpServer, tls: TlsMode) -> SmtpSettings {
    let mut settings = SmtpSettings::new("127.0.0.1", tls);
    settings.port = server.port();
    settings.timeout = Duration::from_secs(10);
    settings.helo_name = Some("ayuda.test".into());
    settings.extra_roots_pem = server.ca_pem();
    settings
}

fn envelope(to: &[&str]) -> Envelope {
    Envelope {
        from: "soporte@acme.example".into(),
        to: to.iter().map(|s| (*s).to_owned()).collect(),
    }
}

/// A message with what SMTP must carry untouched: 8-bit UTF-8, a line that is only a dot, lines that
/// start with dots, a long line, and CRLF endings.
fn message() -> Vec<u8> {
    let long = "x".repeat(900);
    format!(
        "From: Soporte <soporte@acme.example>\r\nTo: ana@cliente.example\r\nSubject: Prueba\r\n\
         Message-ID: <t1@acme.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\
         Content-Transfer-Encoding: 8bit\r\n\r\nHola, Ana: ¿qué tal? ñandú\r\n.\r\n..dos puntos\r\n.uno\r\n\
         {long}\r\nFin.\r\n"
    )
    .into_bytes()
}

#[tokio::test]
async fn a_mail_arrives_with_its_bytes_and_envelope_intact() {
    let Some(server) = SmtpServer::start() else {
        return;
    };
    let transport = SmtpTransport::new(settings(&server, TlsMode::Plain)).unwrap();
    let to = ["ana@cliente.example", "luis@cliente.example"];
    transport.send(&envelope(&to), &message()).await.unwrap();
    // A second mail goes over the pooled connection.
    transport
        .send(
            &envelope(&["marco@cliente.example"]),
            b"Subject: dos\r\n\r\nOtra.\r\n",
        )
        .await
        .unwrap();
    let received = server.received();
    assert_eq!(received.len(), 2);
    assert_eq!(received[0].mail_from, "soporte@acme.example");
    assert_eq!(received[0].rcpt_tos, to);
    assert_eq!(received[0].login, None);
    assert_eq!(received[0].text(), String::from_utf8(message()).unwrap());
    assert_eq!(received[1].rcpt_tos, ["marco@cliente.example"]);
    transport.shutdown().await;
}

#[tokio::test]
async fn refusals_are_temporary_for_4xx_and_permanent_for_5xx() {
    let Some(server) = SmtpServer::start() else {
        return;
    };
    server.answer(
        "busy@cliente.example",
        Some("451 4.3.0 Mailbox temporarily unavailable"),
    );
    server.answer("gone@cliente.example", Some("550 5.1.1 No such user here"));
    let transport = SmtpTransport::new(settings(&server, TlsMode::Plain)).unwrap();

    let busy = transport
        .send(&envelope(&["busy@cliente.example"]), &message())
        .await
        .unwrap_err();
    assert!(!busy.permanent, "{busy}");
    assert!(busy.message.contains("451"), "{busy}");
    assert!(busy.message.contains("temporarily unavailable"), "{busy}");

    let gone = transport
        .send(&envelope(&["gone@cliente.example"]), &message())
        .await
        .unwrap_err();
    assert!(gone.permanent, "{gone}");
    assert!(gone.message.contains("550"), "{gone}");
    assert!(gone.message.contains("No such user here"), "{gone}");

    // One refused recipient refuses the whole mail: nothing was delivered, and the connection still works.
    let mixed = transport
        .send(
            &envelope(&["ana@cliente.example", "gone@cliente.example"]),
            &message(),
        )
        .await
        .unwrap_err();
    assert!(mixed.permanent);
    assert!(server.received().is_empty());
    transport
        .send(&envelope(&["ana@cliente.example"]), &message())
        .await
        .unwrap();
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn an_unreachable_server_is_a_temporary_failure() {
    // A port that was free a moment ago: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut settings = SmtpSettings::new("127.0.0.1", TlsMode::Plain);
    settings.port = port;
    settings.timeout = Duration::from_secs(5);
    let transport = SmtpTransport::new(settings).unwrap();
    let error = transport
        .send(&envelope(&["ana@cliente.example"]), &message())
        .await
        .unwrap_err();
    assert!(!error.permanent, "{error}");
    assert!(
        error.message.contains(&format!("127.0.0.1:{port}")),
        "{error}"
    );
}

#[tokio::test]
async fn a_login_is_sent_and_a_wrong_password_is_temporary_and_never_shown() {
    let Some(server) = SmtpServer::start_with(ServerOptions {
        login: Some(("ayuda".into(), "s3cret-pw".into())),
        ..Default::default()
    }) else {
        return;
    };
    let mut good = settings(&server, TlsMode::Plain);
    good.user = Some("ayuda".into());
    good.password = Some(Password("s3cret-pw".into()));
    SmtpTransport::new(good.clone())
        .unwrap()
        .send(&envelope(&["ana@cliente.example"]), &message())
        .await
        .unwrap();
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].login.as_deref(), Some("ayuda"));

    let mut wrong = good.clone();
    wrong.password = Some(Password("wrong-pw".into()));
    let error = SmtpTransport::new(wrong)
        .unwrap()
        .send(&envelope(&["ana@cliente.example"]), &message())
        .await
        .unwrap_err();
    // The configuration is wrong, not the mail: it waits for the operator to fix the password.
    assert!(!error.permanent, "{error}");
    assert!(error.message.contains("535"), "{error}");
    assert!(!error.message.contains("wrong-pw"), "{error}");

    // Without a login, the server refuses the mail.
    let mut anonymous = good;
    anonymous.user = None;
    anonymous.password = None;
    let error = SmtpTransport::new(anonymous)
        .unwrap()
        .send(&envelope(&["ana@cliente.example"]), &message())
        .await
        .unwrap_err();
    assert!(error.message.contains("530"), "{error}");
    assert_eq!(server.received().len(), 1);
}

async fn check_encrypted(mode: &'static str, tls: TlsMode) {
    let Some(server) = SmtpServer::start_with(ServerOptions {
        tls: mode,
        login: Some(("ayuda".into(), "s3cret-pw".into())),
    }) else {
        return;
    };
    let mut settings = settings(&server, tls);
    settings.user = Some("ayuda".into());
    settings.password = Some(Password("s3cret-pw".into()));
    let transport = SmtpTransport::new(settings.clone()).unwrap();
    transport
        .send(&envelope(&["ana@cliente.example"]), &message())
        .await
        .unwrap();
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].login.as_deref(), Some("ayuda"));
    assert_eq!(received[0].data, message());

    // Without the private authority the server's certificate is not trusted: temporary, nothing sent.
    settings.extra_roots_pem = None;
    let error = SmtpTransport::new(settings)
        .unwrap()
        .send(&envelope(&["ana@cliente.example"]), &message())
        .await
        .unwrap_err();
    assert!(!error.permanent, "{error}");
    assert!(error.message.contains("certificate"), "{error}");
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn implicit_tls_delivers_and_checks_the_certificate() {
    check_encrypted("tls", TlsMode::Tls).await;
}

#[tokio::test]
async fn starttls_delivers_and_checks_the_certificate() {
    check_encrypted("starttls", TlsMode::StartTls).await;
}

#[tokio::test]
async fn required_starttls_never_falls_back_to_plain() {
    let Some(server) = SmtpServer::start() else {
        return;
    };
    // The plain server does not offer STARTTLS; the mail must not go out unencrypted.
    let transport = SmtpTransport::new(settings(&server, TlsMode::StartTls)).unwrap();
    let error = transport
        .send(&envelope(&["ana@cliente.example"]), &message())
        .await
        .unwrap_err();
    assert!(!error.permanent, "{error}");
    assert!(server.received().is_empty());
}
