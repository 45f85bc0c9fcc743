//! Where the quoted history of a plain-text reply begins and ends.
//!
//! Two kinds of history are told apart. *Unquoted* history (Outlook's "From: … Sent: … To: … Subject:" block,
//! "-----Original Message-----", an attribution line followed by text without `>`) runs to the end of the
//! message: everything from its first line on is hidden. *Quoted* history is a block of `>` lines, maybe with
//! an attribution line above it; it is hidden only when nothing new follows it (the reply sits on top) or,
//! for a single block at the very top, when the reply follows it (bottom-posting). Blocks between paragraphs
//! of new text are an inline reply and stay, because the answers make no sense without the questions.
//!
//! A forwarded message is content, never history: scanning stops at its marker and the rest is kept.
//!
//! Every step looks at a line and at most a dozen lines around it, so the whole is linear in the body.

use std::ops::Range;

use super::words::{
    self, Delimiter, HeaderKey, header_key, is_attribution, is_forward_marker,
    is_loose_attribution, is_original_message, is_strong_attribution,
};

/// How a body splits into the reply, the history hidden around it, and a forwarded message kept after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Layout {
    /// The lines its writer wrote for this reply.
    pub reply: Range<usize>,
    /// A forwarded message, from its marker line to the end, kept as it is.
    pub forwarded: Option<Range<usize>>,
}

pub(super) fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

pub(super) fn is_quoted(line: &str) -> bool {
    line.trim_start().starts_with('>')
}

/// The lines of a reply with its history found.
pub(super) fn layout(lines: &[&str]) -> Layout {
    let n = lines.len();
    let (mut end, forwarded) = match first_boundary(lines) {
        Boundary::History(at) => (at, None),
        Boundary::Forward(at) => (at, Some(at..n)),
        Boundary::None => (n, None),
    };
    let mut blocks = quote_blocks(&lines[..end]);
    while let Some(last) = blocks.last() {
        if !nothing_new_after(&lines[last.end..end]) {
            break;
        }
        end = header_above(lines, last.start).unwrap_or(last.start);
        blocks.pop();
    }
    let mut start = 0;
    if let [only] = blocks.as_slice() {
        let top = header_above(lines, only.start).unwrap_or(only.start);
        let before = lines[..top].iter().all(|l| is_blank(l));
        let after = lines[only.end..end].iter().any(|l| !is_blank(l));
        if before && after {
            start = only.end;
        }
    }
    Layout {
        reply: start..end.max(start),
        forwarded,
    }
}

enum Boundary {
    /// Unquoted history begins at this line.
    History(usize),
    /// A forwarded message begins at this line.
    Forward(usize),
    None,
}

/// The first line, outside `>` quotes, where unquoted history or a forwarded message begins.
fn first_boundary(lines: &[&str]) -> Boundary {
    for (i, line) in lines.iter().enumerate() {
        if is_blank(line) || is_quoted(line) {
            continue;
        }
        if is_forward_marker(line) {
            return Boundary::Forward(i);
        }
        if is_original_message(line) || is_header_block(lines, i) || attribution_over_text(lines, i)
        {
            return Boundary::History(rule_above(lines, i));
        }
    }
    Boundary::None
}

/// Moves a cut up over the blank lines and rules ("______", "-----") that clients draw above history.
fn rule_above(lines: &[&str], mut at: usize) -> usize {
    while at > 0 {
        let line = lines[at - 1];
        let rule = line.trim();
        let is_rule = rule.chars().count() >= 5
            && rule
                .chars()
                .all(|c| matches!(c, '-' | '_' | '=' | '─' | '━' | '—' | '*'));
        if is_blank(line) || is_rule {
            at -= 1;
        } else {
            break;
        }
    }
    at
}

/// Whether an Outlook-style header block starts at `at`: a few "Key: value" lines naming who sent the
/// message, what about, and when or to whom ("From/Sent/To/Subject", "De/Enviado/Para/Asunto",
/// "Da/Inviato/A/Oggetto", "Von/Gesendet/An/Betreff", "De/Envoyé/À/Objet", "De/Enviada em/Para/Assunto").
/// Without a subject line, sender, date and recipient must all be there and an address among them, so that
/// an itinerary ("De: Madrid / A: Barcelona / Fecha: 3 de marzo") is not taken for history.
fn is_header_block(lines: &[&str], at: usize) -> bool {
    if header_key(lines[at]).is_none() {
        return false;
    }
    let (mut from, mut date, mut to, mut subject) = (false, false, false, false);
    let mut address = false;
    let mut i = at;
    let limit = lines.len().min(at + 14);
    while i < limit {
        let line = lines[i];
        match header_key(line) {
            Some(HeaderKey::From) => from = true,
            Some(HeaderKey::Date) => date = true,
            Some(HeaderKey::To) => to = true,
            Some(HeaderKey::Subject) => subject = true,
            Some(HeaderKey::Other) => {}
            // A blank line or a wrapped value may sit between header lines, but not two in a row.
            None if i + 1 < limit && header_key(lines[i + 1]).is_some() => {}
            None => break,
        }
        address |= line.contains('@');
        i += 1;
    }
    from && ((subject && (date || to)) || (date && to && address))
}

/// How many lines (one to three) from `at` make an attribution line, if they do.
fn attribution_at(lines: &[&str], at: usize) -> Option<usize> {
    for n in 1..=3 {
        let group = lines.get(at..at + n)?;
        let last = group[n - 1];
        if is_blank(last) || is_quoted(last) {
            return None;
        }
        if last.trim_end().ends_with(':') && is_attribution(&join(group), group[0], n) {
            return Some(n);
        }
    }
    None
}

/// Whether an attribution with a date or an address starts at `at` and is followed by history that is not
/// `>`-quoted (clients that indent instead of quoting, or paste the old message below as it was).
fn attribution_over_text(lines: &[&str], at: usize) -> bool {
    let Some(n) = attribution_at(lines, at) else {
        return false;
    };
    if !is_strong_attribution(&join(&lines[at..at + n])) {
        return false;
    }
    lines[at + n..]
        .iter()
        .find(|l| !is_blank(l))
        .is_none_or(|next| !is_quoted(next))
}

/// The first line of the attribution just above the quote block starting at `block`, if there is one.
/// A few blank lines may separate them; the attribution may be wrapped over up to three lines.
fn header_above(lines: &[&str], block: usize) -> Option<usize> {
    if let Some(top) = header_wrapped_into(lines, block) {
        return Some(top);
    }
    let mut bottom = block;
    while bottom > 0 && is_blank(lines[bottom - 1]) && block - bottom < 6 {
        bottom -= 1;
    }
    if bottom == 0 || !lines[bottom - 1].trim_end().ends_with(':') {
        return None;
    }
    let mut top = bottom;
    while top > 0 && bottom - top < 3 && !is_blank(lines[top - 1]) && !is_quoted(lines[top - 1]) {
        top -= 1;
    }
    (top..bottom).find(|&first| {
        let group = &lines[first..bottom];
        let joined = join(group);
        is_attribution(&joined, group[0], group.len())
            || is_loose_attribution(&joined, group[0], group.len())
    })
}

/// The first line of an attribution whose end was wrapped right before a `>` and so reads as the first
/// quoted line ("Le 4 mars 2024, Ana <ana@example.com\n> a écrit :").
fn header_wrapped_into(lines: &[&str], block: usize) -> Option<usize> {
    let rest = lines[block].trim_start().trim_start_matches('>').trim();
    if block == 0 || !rest.ends_with(':') {
        return None;
    }
    let mut top = block;
    while top > 0 && block - top < 2 && !is_blank(lines[top - 1]) && !is_quoted(lines[top - 1]) {
        top -= 1;
    }
    (top..block).find(|&first| {
        let joined = format!("{} {rest}", join(&lines[first..block]));
        is_attribution(&joined, lines[first], block - first + 1)
    })
}

/// The maximal runs of `>` lines, with the blank lines inside them.
fn quote_blocks(lines: &[&str]) -> Vec<Range<usize>> {
    let mut blocks: Vec<Range<usize>> = Vec::new();
    let mut open: Option<Range<usize>> = None;
    for (i, line) in lines.iter().enumerate() {
        if is_quoted(line) {
            open = Some(open.map_or(i..i + 1, |block| block.start..i + 1));
        } else if !is_blank(line)
            && let Some(block) = open.take()
        {
            blocks.push(block);
        }
    }
    blocks.extend(open);
    blocks
}

/// Whether the lines after a quote block hold nothing new: blanks, or a signature (a delimiter or a
/// "Sent from my phone" line first).
fn nothing_new_after(tail: &[&str]) -> bool {
    match tail.iter().find(|l| !is_blank(l)) {
        None => true,
        Some(first) => {
            words::is_signature_delimiter(first) != Delimiter::None
                || words::is_mobile_signature(first)
        }
    }
}

fn join(group: &[&str]) -> String {
    let mut joined = String::new();
    for line in group {
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(line.trim());
    }
    joined
}
