//! `ayuda mail-in` as an MTA runs it: one raw email on standard input, the sysexits code MTAs understand on
//! exit (0 when the email is stored, quarantined or already received; 75 when it must be retried).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn mail_in(data: &Path, extra: &[&str], raw: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ayuda"))
        .env_remove("AYUDA_DATABASE_URL")
        .env_remove("AYUDA_DATA")
        .env_remove("AYUDA_CONFIG")
        .arg("--data")
        .arg(data)
        .arg("mail-in")
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run ayuda mail-in");
    child.stdin.take().unwrap().write_all(raw).unwrap();
    child.wait_with_output().unwrap()
}

fn said(output: &Output) -> String {
    format!(
        "exit {:?}, stdout {:?}, stderr {:?}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

const EMAIL: &[u8] = b"From: Paola <paola@cliente.example>\r\nTo: assistenza@acme.example\r\n\
    Subject: Ordine 5512\r\nMessage-ID: <paola-1@cliente.example>\r\n\r\n\
    Buongiorno, il mio ordine 5512 risulta consegnato ma non l'ho ricevuto.\r\n";

#[test]
fn an_mta_pipe_delivers_stores_once_and_is_told_when_to_retry() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");

    let first = mail_in(&data, &[], EMAIL);
    assert_eq!(first.status.code(), Some(0), "{}", said(&first));
    assert_eq!(
        String::from_utf8_lossy(&first.stdout).trim(),
        "opened ticket #1"
    );

    let again = mail_in(&data, &[], EMAIL);
    assert_eq!(again.status.code(), Some(0), "{}", said(&again));
    assert_eq!(
        String::from_utf8_lossy(&again.stdout).trim(),
        "already received"
    );

    // Unreadable mail is accepted (0) and quarantined for review, never bounced or lost.
    let garbage = mail_in(&data, &[], b"\x00\x01\x02");
    assert_eq!(garbage.status.code(), Some(0), "{}", said(&garbage));
    assert!(String::from_utf8_lossy(&garbage.stdout).starts_with("quarantined as "));

    // A mailbox that does not exist is a configuration mistake: the MTA keeps the mail and retries.
    let unknown = mail_in(&data, &["--mailbox", "ventas"], EMAIL);
    assert_eq!(unknown.status.code(), Some(75), "{}", said(&unknown));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("ventas"));

    // So is a data directory that cannot be opened.
    let blocked = dir.path().join("not-a-directory");
    std::fs::write(&blocked, b"a file").unwrap();
    let unwritable = mail_in(&blocked, &[], EMAIL);
    assert_eq!(unwritable.status.code(), Some(75), "{}", said(&unwritable));
}
