//! Where the signature at the bottom of a reply begins.
//!
//! A signature is only ever found *below* some text, so a message that is all signature stays whole. Four
//! signs are read, and the highest one wins: the standard `-- ` delimiter over a short tail, or a rule of
//! dashes over a short tail that gives an address, a web site or a phone number; a client's one-line
//! signature ("Sent from my iPhone", "Enviado desde mi iPhone", "Get Outlook for iOS"); a closing word over
//! a few short lines ("Kind regards\n\nAna Pérez\nCEO"); and, when the sender is known, a short closing
//! paragraph that names them or gives their address.

use super::history::is_blank;
use super::words::{Delimiter, is_mobile_signature, is_signature_delimiter, is_valediction};

/// Who sent a message, as far as a signature can tell: words of their name and their address.
#[derive(Debug, Default)]
pub(super) struct Sender {
    names: Vec<String>,
    address: Option<String>,
}

impl Sender {
    /// Reads "Ana Pérez", "ana.perez@example.com" or "Ana Pérez <ana@example.com>".
    pub(super) fn new(sender: &str) -> Sender {
        let mut address = None;
        let mut name = String::new();
        for word in sender.split_whitespace() {
            let word = word.trim_matches(|c| matches!(c, '<' | '>' | '"' | '\'' | '(' | ')' | ','));
            if word.contains('@') {
                address = Some(word.to_lowercase());
            } else {
                name.push_str(word);
                name.push(' ');
            }
        }
        let from_address = address
            .as_deref()
            .and_then(|a| a.split('@').next())
            .unwrap_or("");
        let source = if name.trim().is_empty() {
            from_address
        } else {
            name.as_str()
        };
        let names = source
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| w.chars().count() >= 2)
            .map(str::to_lowercase)
            .collect();
        Sender { names, address }
    }

    /// Whether the line gives the sender's address, or begins with their first name ("Ana Pérez | CEO").
    fn is_named_in(&self, line: &str) -> bool {
        let lower = line.trim().to_lowercase();
        if lower.chars().count() > 80 {
            return false;
        }
        if self
            .address
            .as_ref()
            .is_some_and(|a| lower.contains(a.as_str()))
        {
            return true;
        }
        let first_word = lower
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .split(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or("");
        self.names.first().is_some_and(|name| name == first_word)
    }
}

/// The index of the first line of the signature in `lines`, if there is one below some text.
pub(super) fn signature_start(lines: &[&str], sender: Option<&Sender>) -> Option<usize> {
    let first_text = lines.iter().position(|l| !is_blank(l))?;
    let candidates = [
        marked_signature(lines, first_text),
        valediction(lines, first_text),
        sender.and_then(|sender| named_paragraph(lines, first_text, sender)),
    ];
    candidates.into_iter().flatten().min()
}

/// A delimiter or a client's one-line signature with a short tail below it.
fn marked_signature(lines: &[&str], first_text: usize) -> Option<usize> {
    // The number of non-blank lines below each line and the width of the widest, computed once from the
    // bottom up, so that a body of many delimiters stays linear.
    let mut below = vec![(0, 0); lines.len() + 1];
    for i in (0..lines.len()).rev() {
        let (count, widest) = below[i + 1];
        below[i] = if is_blank(lines[i]) {
            (count, widest)
        } else {
            (count + 1, widest.max(lines[i].trim().chars().count()))
        };
    }
    // Whether a line at or below each line gives a way to reach someone: what tells a signature under a
    // rule of dashes from a list under a heading.
    let mut contacts_below = vec![false; lines.len() + 1];
    for i in (0..lines.len()).rev() {
        contacts_below[i] = contacts_below[i + 1] || is_contact(lines[i]);
    }
    (first_text + 1..lines.len()).find(|&i| {
        let (count, widest) = below[i + 1];
        match is_signature_delimiter(lines[i]) {
            Delimiter::Standard => count <= 30,
            Delimiter::Rule => count <= 15 && widest <= 100 && contacts_below[i + 1],
            Delimiter::None => is_mobile_signature(lines[i]) && count <= 4 && widest <= 100,
        }
    })
}

/// Whether a line holds an address, a web address or a phone number.
fn is_contact(line: &str) -> bool {
    let lower = line.to_lowercase();
    let digits = line.chars().filter(char::is_ascii_digit).count();
    lower.contains('@') || lower.contains("http") || lower.contains("www.") || digits >= 7
}

/// A closing word ("Thanks,", "Cordiali saluti") followed by a name and maybe a title, and nothing else.
fn valediction(lines: &[&str], first_text: usize) -> Option<usize> {
    let last = lines.iter().rposition(|l| !is_blank(l))?;
    let from = last.saturating_sub(8).max(first_text + 1);
    (from..last).find(|&i| {
        let (count, widest) = measure(&lines[i + 1..]);
        is_valediction(lines[i])
            && (1..=6).contains(&count)
            && widest <= 60
            && lines[i + 1..].iter().all(|l| !l.contains('?'))
    })
}

/// The closing paragraph when it names the sender: from the line that does, up over the short lines
/// above it in the same paragraph ("Thank you,\nNoam").
fn named_paragraph(lines: &[&str], first_text: usize, sender: &Sender) -> Option<usize> {
    let last = lines.iter().rposition(|l| !is_blank(l))?;
    let mut top = last;
    while top > first_text && !is_blank(lines[top - 1]) && last - top < 8 {
        top -= 1;
    }
    let named = (top..=last).find(|&i| sender.is_named_in(lines[i]))?;
    if lines[named..=last]
        .iter()
        .any(|l| l.trim().chars().count() > 80)
    {
        return None;
    }
    let mut start = named;
    while start > top && is_signature_like(lines[start - 1]) {
        start -= 1;
    }
    (start > first_text).then_some(start)
}

/// A short line that reads as part of a signature block, not as a sentence.
fn is_signature_like(line: &str) -> bool {
    let text = line.trim();
    let words = text.split_whitespace().count();
    text.chars().count() <= 50 && (!text.ends_with(['.', '?', '!']) || words <= 4)
}

/// How many non-blank lines there are, and how wide the widest is, in characters.
fn measure(lines: &[&str]) -> (usize, usize) {
    lines
        .iter()
        .filter(|l| !is_blank(l))
        .fold((0, 0), |(count, widest), l| {
            (count + 1, widest.max(l.trim().chars().count()))
        })
}
