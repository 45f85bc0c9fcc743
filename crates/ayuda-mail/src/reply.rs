//! The new text of a reply: what its writer wrote, apart from the quoted history and the signature below it.
//!
//! A reply carries the whole conversation under it, and an agent reading a ticket wants only the new part.
//! [`extract_reply`] finds it in a plain-text body; [`strip_quotes`] and [`strip_signature`] do one half
//! each; [`extract_reply_html`] does the quote half for a message that has only an HTML body.
//!
//! The rules are read from what mail clients of English, Spanish, Italian, French, German and Portuguese
//! write (and a few other languages where it cost one word): attribution lines ("On … wrote:",
//! "El … escribió:", "Il giorno … ha scritto:", "Le … a écrit :", "Am … schrieb …:", "Em … escreveu:"),
//! Outlook's "From:/Sent:/To:/Subject:" blocks and their translations, "-----Original Message-----"
//! separators, `>` quotes, and signatures ("-- ", "Sent from my iPhone", "Enviado desde mi iPhone"…). How
//! each is decided is in the submodules' docs.
//!
//! Two promises hold for every input. A message is never hidden: when the rules would leave nothing, the
//! whole body (trimmed) is the visible text. And the work is linear in the body, without regular
//! expressions, and never panics on any input, so a hostile message costs no more than a long one.

mod history;
mod html;
mod signature;
mod words;

#[cfg(test)]
mod tests;

use std::ops::Range;

use history::{Layout, is_blank, layout};
use signature::{Sender, signature_start};

/// The new text of a reply, split from the quoted history and the signature it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyText {
    /// What the writer wrote for this reply: lines joined by `\n`, without trailing spaces or blank lines
    /// around them.
    pub visible: String,
    /// Whether quoted history (earlier messages of the thread) was hidden.
    pub quoted: bool,
    /// The signature that was hidden, if one was.
    pub signature: Option<String>,
}

/// Finds the new text of a plain-text reply: hides the quoted history and the signature.
///
/// `sender` is the address or the name of the writer, or both (`"Ana Pérez <ana@example.com>"`); when given,
/// a closing paragraph that names them is read as their signature even without a delimiter. A forwarded
/// message is content and is kept. The visible text is never empty when the body has text.
pub fn extract_reply(body: &str, sender: Option<&str>) -> ReplyText {
    let lines = split_lines(body);
    let Layout { reply, forwarded } = layout(&lines);
    let quoted = hides_text(
        &lines,
        &reply,
        forwarded.as_ref().map_or(lines.len(), |f| f.start),
    );
    let sender = sender.map(Sender::new);
    let own = &lines[reply.clone()];
    let (own, signature) = match signature_start(own, sender.as_ref()) {
        Some(at) => (&own[..at], Some(join(&own[at..]))),
        None => (own, None),
    };
    let mut visible = join(own);
    if let Some(forwarded) = forwarded {
        append_forwarded(&mut visible, &lines, forwarded);
    }
    if visible.is_empty() {
        return ReplyText {
            visible: join(&lines),
            quoted: false,
            signature: None,
        };
    }
    ReplyText {
        visible,
        quoted,
        signature: signature.filter(|s| !s.is_empty()),
    }
}

/// Hides the quoted history of a plain-text reply and keeps its signature; the text is never empty when
/// the body has text.
pub fn strip_quotes(body: &str) -> String {
    let lines = split_lines(body);
    let Layout { reply, forwarded } = layout(&lines);
    let mut visible = join(&lines[reply]);
    if let Some(forwarded) = forwarded {
        append_forwarded(&mut visible, &lines, forwarded);
    }
    if visible.is_empty() {
        join(&lines)
    } else {
        visible
    }
}

/// Hides the signature at the bottom of a text (one already without its history); the text is never empty
/// when the body has text.
pub fn strip_signature(body: &str) -> String {
    let lines = split_lines(body);
    let own = match signature_start(&lines, None) {
        Some(at) => &lines[..at],
        None => &lines[..],
    };
    let visible = join(own);
    if visible.is_empty() {
        join(&lines)
    } else {
        visible
    }
}

/// The visible text of an HTML-only reply: the quoted history removed (Gmail's `gmail_quote`, Outlook's
/// `divRplyFwdMsg`, `appendonsend` and `border-top` header boxes, `blockquote`s, Yahoo's `yahoo_quoted`,
/// Thunderbird's `moz-cite-prefix`, …), rendered as plain text. The signature stays; pass the result to
/// [`strip_signature`] to hide it too. Never empty when the document has text.
pub fn extract_reply_html(html: &str) -> String {
    let text = html::render_reply(html);
    strip_quotes(&text)
}

/// The lines of a body, whether it ends its lines with CRLF, LF or (old Macs) CR alone.
fn split_lines(body: &str) -> Vec<&str> {
    if !body.contains('\n') && body.contains('\r') {
        return body.split('\r').collect();
    }
    body.split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line))
        .collect()
}

/// Joins lines with `\n`, without the blank lines at either end.
fn join(lines: &[&str]) -> String {
    let Some(first) = lines.iter().position(|l| !is_blank(l)) else {
        return String::new();
    };
    let last = lines.iter().rposition(|l| !is_blank(l)).unwrap_or(first);
    let mut text = String::new();
    for line in &lines[first..=last] {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(line.trim_end());
    }
    text
}

/// Appends a forwarded message to the reply above it, a blank line between them if there was one.
fn append_forwarded(visible: &mut String, lines: &[&str], forwarded: Range<usize>) {
    if !visible.is_empty() {
        let blank_above = forwarded.start > 0 && is_blank(lines[forwarded.start - 1]);
        visible.push_str(if blank_above { "\n\n" } else { "\n" });
    }
    visible.push_str(&join(&lines[forwarded]));
}

/// Whether any text outside the kept reply, before `history_end`, was left out.
fn hides_text(lines: &[&str], reply: &Range<usize>, history_end: usize) -> bool {
    let hidden_before = lines[..reply.start].iter().any(|l| !is_blank(l));
    let hidden_after = lines[reply.end..history_end].iter().any(|l| !is_blank(l));
    hidden_before || hidden_after
}
