//! Parsing crafted messages: threading headers, encoded words, attachments, and machine-sent mail.

use super::*;

fn message(headers: &str, body: &str) -> Vec<u8> {
    format!("{headers}\r\n\r\n{body}")
        .replace("\n", "\r\n")
        .replace("\r\r\n", "\r\n")
        .into_bytes()
}

#[test]
fn threading_headers_people_and_encoded_words() {
    let raw = message(
        "From: =?UTF-8?Q?Ana_Garc=C3=ADa?= <ana@example.com>\nTo: soporte@ayuda.example, Luca <luca@example.it>\nCc: jefe@example.com\nSubject: =?ISO-8859-1?Q?Re:_La_impresora_no_funciona_=A1otra_vez!?=\nMessage-ID: <m3@example.com>\nIn-Reply-To: <m2@ayuda.example>\nReferences: <m1@example.com> <m2@ayuda.example>\nDate: Tue, 24 Nov 2026 10:00:00 +0100\nContent-Language: es",
        "Sigue sin imprimir.",
    );
    let email = parse(&raw).unwrap();
    assert_eq!(email.message_id.as_deref(), Some("m3@example.com"));
    assert_eq!(email.in_reply_to, ["m2@ayuda.example"]);
    assert_eq!(email.references, ["m1@example.com", "m2@ayuda.example"]);
    assert_eq!(
        email.from,
        Some(Mailbox {
            name: Some("Ana García".into()),
            address: "ana@example.com".into()
        })
    );
    assert_eq!(email.to.len(), 2);
    assert_eq!(email.cc[0].address, "jefe@example.com");
    assert_eq!(email.subject, "Re: La impresora no funciona ¡otra vez!");
    assert_eq!(email.date, Some(1_795_510_800), "2026-11-24T09:00:00Z");
    assert_eq!(
        email.text.as_deref().map(str::trim),
        Some("Sigue sin imprimir.")
    );
    assert_eq!(email.html, None, "a plain-text message has no HTML body");
    assert_eq!(email.content_language.as_deref(), Some("es"));
    assert_eq!(email.automation, Automation::Person);
    assert!(email.automation.may_auto_answer());
}

/// Filename, content type, size, Content-ID and whether inline.
type AttachmentSummary<'a> = (Option<&'a str>, &'a str, usize, Option<&'a str>, bool);

#[test]
fn attachments_keep_their_names_types_sizes_and_content_ids() {
    let raw = message(
        "From: a@example.com\nSubject: Foto\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b\"",
        "--b\nContent-Type: text/html; charset=utf-8\n\n<p>Mire: <img src=\"cid:img1@x\"></p>\n--b\nContent-Type: image/png\nContent-Disposition: inline\nContent-ID: <img1@x>\nContent-Transfer-Encoding: base64\n\naGVsbG8=\n--b\nContent-Type: application/pdf; name=\"factura 7781.pdf\"\nContent-Disposition: attachment; filename=\"factura 7781.pdf\"\nContent-Transfer-Encoding: base64\n\nJVBERi0xLjQ=\n--b--\n",
    );
    let email = parse(&raw).unwrap();
    assert!(
        email
            .html
            .as_deref()
            .is_some_and(|h| h.contains("cid:img1@x"))
    );
    assert!(
        email.text.as_deref().is_some_and(|t| t.contains("Mire")),
        "HTML-only mail still has a text fallback"
    );
    let summary: Vec<AttachmentSummary<'_>> = email
        .attachments
        .iter()
        .map(|a| {
            (
                a.filename.as_deref(),
                a.content_type.as_str(),
                a.size,
                a.content_id.as_deref(),
                a.inline,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (None, "image/png", 5, Some("img1@x"), true),
            (Some("factura 7781.pdf"), "application/pdf", 8, None, false)
        ]
    );
}

#[test]
fn machines_are_told_apart_from_people() {
    let cases = [
        ("Auto-Submitted: auto-replied", Automation::AutoReply),
        ("Auto-Submitted: auto-generated", Automation::AutoReply),
        ("Auto-Submitted: no", Automation::Person),
        ("X-Autoreply: yes", Automation::AutoReply),
        ("Precedence: bulk", Automation::Bulk),
        ("Precedence: list", Automation::Bulk),
        ("List-Id: <news.example.com>", Automation::Bulk),
        ("Return-Path: <>", Automation::Bulk),
        (
            "Content-Type: multipart/report; report-type=delivery-status; boundary=\"r\"",
            Automation::Bounce,
        ),
    ];
    for (header, expected) in cases {
        let raw = message(
            &format!("From: x@example.com\nSubject: Hi\n{header}"),
            "--r\n\nx\n--r--\n",
        );
        assert_eq!(parse(&raw).unwrap().automation, expected, "{header}");
    }
}

#[test]
fn unreadable_input_is_an_error_not_a_panic() {
    assert_eq!(parse(b""), Err(Unreadable("the message is empty")));
    assert_eq!(parse(b" \r\n "), Err(Unreadable("the message is empty")));
    for garbage in [
        &b"\xff\xfe\x00\x01"[..],
        b"just some words without any header",
        b"\r\n\r\nbody only",
    ] {
        // Either outcome is acceptable; what matters is an answer instead of a crash.
        let _ = parse(garbage);
    }
}
