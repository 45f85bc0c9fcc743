//! Parsing an inbound message into an [`InboundEmail`], and telling people's mail from machines'.

use mail_parser::{Address, HeaderValue, MessageParser, MimeHeaders};

/// A name and an address, as in `Ana García <ana@example.com>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailbox {
    pub name: Option<String>,
    pub address: String,
}

/// An attached or inline file.
#[derive(Clone, PartialEq, Eq)]
pub struct AttachmentPart {
    pub filename: Option<String>,
    pub content_type: String,
    pub size: usize,
    /// The decoded bytes, which the caller stores apart, by digest.
    pub content: Vec<u8>,
    /// The Content-ID of an inline part, without angle brackets: HTML refers to it as `cid:…`.
    pub content_id: Option<String>,
    pub inline: bool,
}

impl std::fmt::Debug for AttachmentPart {
    /// Without the content, which can be megabytes.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AttachmentPart")
            .field("filename", &self.filename)
            .field("content_type", &self.content_type)
            .field("size", &self.size)
            .field("content_id", &self.content_id)
            .field("inline", &self.inline)
            .finish_non_exhaustive()
    }
}

/// What a delivery failure report says, as far as it can be read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BounceReport {
    /// The addresses that could not be reached (`Final-Recipient`, `X-Failed-Recipients`), lowercased.
    pub recipients: Vec<String>,
    /// The RFC 3463 status code, such as `5.1.1`.
    pub status: Option<String>,
    /// The remote server's words, such as `550 5.1.1 user unknown`.
    pub diagnostic: Option<String>,
    /// The Message-ID of the message that bounced, from the copy of its headers the report carries.
    pub original_message_id: Option<String>,
}

impl BounceReport {
    /// Permanent (`5.x.x`), or unknown, which counts as permanent: a report that does not say is rarely a
    /// delay notice.
    pub fn is_permanent(&self) -> bool {
        !self.status.as_deref().is_some_and(|s| s.starts_with('4'))
    }

    /// One line for people: the diagnostic, else the status, else a generic phrase.
    pub fn reason(&self) -> String {
        self.diagnostic
            .clone()
            .or_else(|| self.status.clone())
            .unwrap_or_else(|| "the mail could not be delivered".to_owned())
    }
}

/// Who or what sent a message, as far as its headers tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Automation {
    /// A person, as far as anyone can tell.
    Person,
    /// An automatic answer: out-of-office, vacation, "we received your message" (RFC 3834).
    AutoReply,
    /// A delivery failure report (a bounce).
    Bounce,
    /// Bulk or list mail: newsletters, mailing lists, notifications.
    Bulk,
}

impl Automation {
    /// Whether Ayuda may send an automatic answer to this message without risking a mail loop.
    pub fn may_auto_answer(self) -> bool {
        self == Automation::Person
    }
}

/// What Ayuda needs from an inbound message.
#[derive(Debug, Clone, PartialEq)]
pub struct InboundEmail {
    /// Without angle brackets.
    pub message_id: Option<String>,
    /// Nearest first, without angle brackets.
    pub in_reply_to: Vec<String>,
    /// As listed (oldest first), without angle brackets.
    pub references: Vec<String>,
    pub from: Option<Mailbox>,
    pub reply_to: Vec<Mailbox>,
    pub to: Vec<Mailbox>,
    pub cc: Vec<Mailbox>,
    pub subject: String,
    /// The Date header as Unix seconds, when present and readable.
    pub date: Option<i64>,
    pub text: Option<String>,
    pub html: Option<String>,
    pub attachments: Vec<AttachmentPart>,
    pub automation: Automation,
    /// For a bounce: what the report says.
    pub bounce: Option<BounceReport>,
    /// The Content-Language header's first value, a hint for language detection.
    pub content_language: Option<String>,
}

/// A message that has no readable structure at all (empty, or no header block).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unreadable message: {0}")]
pub struct Unreadable(pub &'static str);

fn ids(value: &HeaderValue<'_>) -> Vec<String> {
    match value {
        HeaderValue::Text(id) => vec![id.trim_matches(['<', '>', ' ']).to_owned()],
        HeaderValue::TextList(ids) => ids
            .iter()
            .map(|id| id.trim_matches(['<', '>', ' ']).to_owned())
            .collect(),
        _ => Vec::new(),
    }
    .into_iter()
    .filter(|id| !id.is_empty())
    .collect()
}

fn mailboxes(address: Option<&Address<'_>>) -> Vec<Mailbox> {
    let Some(address) = address else {
        return Vec::new();
    };
    address
        .iter()
        .filter_map(|addr| {
            let address = addr.address()?.trim();
            (!address.is_empty()).then(|| Mailbox {
                name: addr
                    .name()
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .map(str::to_owned),
                address: address.to_owned(),
            })
        })
        .collect()
}

/// Whether the sender is a mail system rather than a person: `MAILER-DAEMON@…`, `postmaster@…`, or a display
/// name such as "Mail Delivery Subsystem". Many MTAs send bounces without the RFC 3464 structure, and these
/// are the signs they all share.
fn is_daemon(name: &str, address: &str) -> bool {
    let local = address
        .split('@')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let name = name.to_ascii_lowercase();
    [
        "mailer-daemon",
        "mailerdaemon",
        "mail-daemon",
        "postmaster",
        "post_master",
        "mailer",
    ]
    .contains(&local.as_str())
        || local.starts_with("mailer-daemon")
        || name.contains("mail delivery")
        || name.contains("mailer-daemon")
        || name.contains("postmaster")
}

/// Whether an address says nobody reads it (`no-reply@`, `noreply@`, `do-not-reply@`): answering it
/// automatically reaches no one and can start a loop with another system.
fn is_no_reply(address: &str) -> bool {
    let local = address
        .split('@')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
        .replace(['-', '_', '.'], "");
    [
        "noreply",
        "donotreply",
        "dontreply",
        "noresponder",
        "norespondere",
        "nonrispondere",
    ]
    .iter()
    .any(|n| local.starts_with(n))
}

/// Whether an address belongs to a mailing list's machinery (`list-owner@`, `list-request@`, `list-bounces@`,
/// `list-admin@`).
fn is_list_robot(address: &str) -> bool {
    let local = address
        .split('@')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    ["-owner", "-request", "-bounces", "-admin"]
        .iter()
        .any(|suffix| local.ends_with(suffix))
}

/// Whether a subject starts the way automatic replies and vacation notices do, in the languages Ayuda serves
/// and a few more.
fn is_auto_reply_subject(subject: &str) -> bool {
    const PREFIXES: [&str; 12] = [
        "auto reply",
        "autoreply",
        "auto-reply",
        "automatic reply",
        "out of office",
        "respuesta automática",
        "respuesta automatica",
        "fuera de la oficina",
        "risposta automatica",
        "fuori sede",
        "réponse automatique",
        "abwesenheitsnotiz",
    ];
    let subject = subject.to_lowercase();
    PREFIXES.iter().any(|prefix| subject.starts_with(prefix))
}

/// Whether a subject announces a delivery failure, in the wordings MTAs use (several languages).
fn is_failure_subject(subject: &str) -> bool {
    const SIGNS: [&str; 18] = [
        "undeliver",
        "undelivered",
        "delivery status notification",
        "delivery failure",
        "delivery has failed",
        "delivery failed",
        "failure notice",
        "returned mail",
        "returned to sender",
        "non-delivery",
        "nondeliverable",
        "non remis",
        "could not be delivered",
        "not delivered",
        "mail delivery",
        "unzustellbar",
        "no se pudo entregar",
        "mancata consegna",
    ];
    let subject = subject.to_lowercase();
    SIGNS.iter().any(|sign| subject.contains(sign))
}

/// Whether a subject is that of an abuse complaint a mailbox provider sends about mail it received (a
/// feedback-loop report in Hotmail's older format, which lacks the RFC 5965 structure): machine mail that
/// must never be answered.
fn is_complaint_report_subject(subject: &str) -> bool {
    subject
        .trim()
        .to_ascii_lowercase()
        .starts_with("complaint about message from")
}

/// Parses a raw message. Anything with a header block parses, however broken its body: unreadable parts are
/// left out, never the whole message.
pub fn parse(raw: &[u8]) -> Result<InboundEmail, Unreadable> {
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Err(Unreadable("the message is empty"));
    }
    let message = MessageParser::default()
        .parse(raw)
        .ok_or(Unreadable("no header block"))?;
    if message.headers().is_empty() {
        return Err(Unreadable("no header block"));
    }
    let header_text = |name: &str| {
        message
            .header(name)
            .and_then(|v| v.as_text())
            .map(|v| v.trim().to_ascii_lowercase())
    };

    let mut in_reply_to = ids(message.in_reply_to());
    in_reply_to.reverse();
    let is_report = message.content_type().is_some_and(|ct| {
        ct.ctype().eq_ignore_ascii_case("multipart")
            && ct
                .subtype()
                .is_some_and(|s| s.eq_ignore_ascii_case("report"))
    });
    let return_path_empty = message
        .return_address()
        .is_some_and(|r| r.trim().is_empty())
        || message
            .header_raw("Return-Path")
            .is_some_and(|r| r.trim() == "<>");
    let auto_submitted = header_text("Auto-Submitted").filter(|v| !v.starts_with("no"));
    let precedence = header_text("Precedence");
    let from = mailboxes(message.from()).into_iter().next();
    // Judged on the raw From entries: a bounce's `MAILER-DAEMON <>` has a name and no address.
    let from_daemon = message.from().is_some_and(|address| {
        address.iter().any(|a| {
            is_daemon(
                a.name().unwrap_or_default(),
                a.address().unwrap_or_default(),
            )
        })
    });
    let from_no_reply = from.as_ref().is_some_and(|f| is_no_reply(&f.address));
    let subject = message.subject().map(str::trim).unwrap_or_default();
    let failure_subject = is_failure_subject(subject);
    // Structural signs of a delivery report first, then what the sender declares (RFC 3834), then the
    // heuristics that catch MTAs which declare nothing.
    let auto_reply = auto_submitted.is_some()
        || message.header("X-Autoreply").is_some()
        || message.header("X-Autorespond").is_some()
        || precedence.as_deref() == Some("auto_reply")
        || is_auto_reply_subject(subject);
    let automation = if is_report
        || header_text("X-Failed-Recipients").is_some()
        || is_complaint_report_subject(subject)
    {
        Automation::Bounce
    } else if auto_reply {
        Automation::AutoReply
    } else if from_daemon || (failure_subject && return_path_empty) {
        Automation::Bounce
    } else if matches!(precedence.as_deref(), Some("bulk" | "junk" | "list"))
        || message.header("List-Id").is_some()
        || message.header("List-Unsubscribe").is_some()
        || return_path_empty
        || from_no_reply
        || from.as_ref().is_some_and(|f| is_list_robot(&f.address))
        || [
            "X-MLServer",
            "X-ML-Name",
            "X-Mailing-List",
            "Mailing-List",
            "X-Loop",
        ]
        .iter()
        .any(|h| message.header(*h).is_some())
    {
        Automation::Bulk
    } else {
        Automation::Person
    };

    let attachments = message
        .attachments()
        .map(|part| AttachmentPart {
            filename: part.attachment_name().map(str::to_owned),
            content_type: part
                .content_type()
                .map(|ct| match ct.subtype() {
                    Some(subtype) => format!("{}/{}", ct.ctype(), subtype).to_ascii_lowercase(),
                    None => ct.ctype().to_ascii_lowercase(),
                })
                .unwrap_or_else(|| "application/octet-stream".to_owned()),
            size: part.contents().len(),
            content: part.contents().to_vec(),
            content_id: part
                .content_id()
                .map(|id| id.trim_matches(['<', '>', ' ']).to_owned()),
            inline: part.content_disposition().is_some_and(|d| d.is_inline()),
        })
        .collect();

    Ok(InboundEmail {
        message_id: message
            .message_id()
            .map(|id| id.trim_matches(['<', '>', ' ']).to_owned())
            .filter(|id| !id.is_empty()),
        in_reply_to,
        references: ids(message.references()),
        from,
        reply_to: mailboxes(message.reply_to()),
        to: mailboxes(message.to()),
        cc: mailboxes(message.cc()),
        subject: subject.to_owned(),
        date: message.date().map(|d| d.to_timestamp()),
        text: message.body_text(0).map(|t| t.into_owned()),
        // mail-parser renders a plain-text message as HTML on request; only a real text/html part counts here.
        html: match message.html_part(0) {
            Some(part) if part.is_content_type("text", "html") => {
                message.body_html(0).map(|h| h.into_owned())
            }
            _ => None,
        },
        attachments,
        bounce: (automation == Automation::Bounce)
            .then(|| bounce_report(raw, header_text("X-Failed-Recipients").as_deref())),
        automation,
        content_language: match message.header("Content-Language") {
            Some(HeaderValue::Text(lang)) => Some(lang.trim().to_owned()),
            Some(HeaderValue::TextList(langs)) => langs.first().map(|l| l.trim().to_owned()),
            _ => None,
        },
    })
}

/// Reads a delivery report's fields from the body of the message: the `message/delivery-status` part of an
/// RFC 3464 report, and the copy of the original's headers most MTAs attach. Scanning lines, rather than
/// walking the MIME tree, also reads the many reports that have the fields without the structure.
fn bounce_report(raw: &[u8], failed_recipients: Option<&str>) -> BounceReport {
    let body_start = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|p| p + 4)
        .or_else(|| raw.windows(2).position(|w| w == b"\n\n").map(|p| p + 2))
        .unwrap_or(raw.len());
    let body = String::from_utf8_lossy(&raw[body_start..]);
    let mut report = BounceReport::default();
    let mut add = |address: &str| {
        let address = address
            .trim()
            .trim_matches(['<', '>', ' ', ';'])
            .to_ascii_lowercase();
        if address.contains('@') && !report.recipients.contains(&address) {
            report.recipients.push(address);
        }
    };
    for address in failed_recipients.unwrap_or_default().split(',') {
        add(address);
    }
    let value = |line: &str, name: &str| -> Option<String> {
        let (field, value) = line.split_once(':')?;
        field
            .trim()
            .eq_ignore_ascii_case(name)
            .then(|| value.trim().to_owned())
    };
    for line in body.lines().take(5_000) {
        if let Some(recipient) = value(line, "Final-Recipient") {
            // `rfc822; ana@example.com`
            add(recipient.rsplit(';').next().unwrap_or_default());
        } else if let Some(status) = value(line, "Status") {
            let code: String = status
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            if report.status.is_none() && code.matches('.').count() == 2 {
                report.status = Some(code);
            }
        } else if let Some(diagnostic) = value(line, "Diagnostic-Code") {
            if report.diagnostic.is_none() {
                // `smtp; 550 5.1.1 user unknown`
                let words = diagnostic
                    .split_once(';')
                    .map_or(diagnostic.as_str(), |(_, w)| w);
                report.diagnostic = Some(words.trim().chars().take(500).collect());
            }
        } else if let Some(id) = value(line, "Message-ID")
            && report.original_message_id.is_none()
        {
            let id = id.trim_matches(['<', '>', ' ']);
            if !id.is_empty() {
                report.original_message_id = Some(id.to_owned());
            }
        }
    }
    report
}

#[cfg(test)]
mod tests;
