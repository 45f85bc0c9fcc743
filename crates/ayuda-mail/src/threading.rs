//! Finding the ticket a reply belongs to: signed Message-IDs, signed reply addresses and subject tokens.
//!
//! A customer's reply usually names our message in In-Reply-To and References, and the caller looks those ids
//! up among the messages it stored. That fails when the id points at a message we never stored (a copy sent
//! before an import, a reply to a forwarded copy, a store restored from an older backup), so every id Ayuda
//! sends also carries the ticket it belongs to, signed with a server secret ([`ThreadKey`]). Three carriers,
//! from strongest to weakest:
//!
//! 1. **The Message-ID** ([`outbound_message_id`], read back by [`ticket_reference`]):
//!    `ayuda.t1042.<unique>.<recipient tag>.<signature>@<domain>`. The signature is a truncated
//!    HMAC-SHA256 over the ticket number, the unique part and the recipient tag, so none of them can be changed
//!    or moved to another id. The recipient tag is a short HMAC of the lowercased address the message was sent
//!    to. It cannot be turned back into the address (which keeps addresses out of ids that travel to every
//!    recipient and into other people's mailboxes), yet whoever replies can be checked against it with
//!    [`TicketReference::sent_to`]: a reply from the person we wrote to is the usual case, a reply from
//!    someone else in the thread is worth a second look. The domain is not signed, so renaming the mail
//!    domain does not orphan old threads.
//! 2. **The Reply-To address** ([`reply_address`], read back by [`ticket_from_address`]):
//!    `support+t1042-<signature>@acme.example`. It survives clients that drop threading headers. The
//!    signature covers the ticket number and the base address, so a token minted for one mailbox is refused
//!    by another. Mail systems may change the case of a local part, so it is read case-insensitively.
//! 3. **The subject token** ([`subject_with_token`], read back by [`subject_ticket_number`]): `[#1042]`.
//!    Anyone can type it, so it is a hint only: the caller should require that the sender may see the ticket.
//!
//! Signatures are 80 bits (16 lowercase base32 characters), enough against guessing by mail, and short
//! enough for the 64-octet limit of a local part. Every HMAC input starts with its own label, so a
//! signature made for one carrier is never valid for another, and every comparison of a signature or a tag
//! runs in constant time (the `hmac` crate's verification).

use std::fmt;

use hmac::{KeyInit, Mac};
use sha2::Sha256;

type HmacSha256 = hmac::Hmac<Sha256>;

/// Bytes kept of an HMAC for a signature: 80 bits, 16 base32 characters.
const SIGNATURE_BYTES: usize = 10;
/// Bytes kept of an HMAC for a recipient tag: 40 bits, 8 base32 characters.
const TAG_BYTES: usize = 5;

/// Labels that keep the HMACs of the three uses apart.
const LABEL_MESSAGE_ID: &[u8] = b"ayuda/message-id/v1\0";
const LABEL_RECIPIENT: &[u8] = b"ayuda/recipient/v1\0";
const LABEL_REPLY_ADDRESS: &[u8] = b"ayuda/reply-address/v1\0";

/// The server secret that signs threading references. Rotating it orphans the signed references already
/// sent (the stored Message-IDs and subject tokens still thread), so it is kept with the other secrets.
#[derive(Clone)]
pub struct ThreadKey([u8; 32]);

impl ThreadKey {
    pub fn from_bytes(bytes: [u8; 32]) -> ThreadKey {
        ThreadKey(bytes)
    }

    fn mac(&self, label: &[u8]) -> HmacSha256 {
        let mut mac = <HmacSha256 as KeyInit>::new_from_slice(&self.0)
            .expect("HMAC takes keys of any length");
        mac.update(label);
        mac
    }
}

impl fmt::Debug for ThreadKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ThreadKey(<redacted>)")
    }
}

/// What a verified Message-ID of ours says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketReference {
    pub ticket_number: u64,
    /// The recipient tag as written in the id (8 base32 characters). Compare with
    /// [`TicketReference::sent_to`], which runs in constant time, rather than with `==`.
    pub recipient_tag: String,
}

impl TicketReference {
    /// Whether the message this reference came from was sent to `address` (compared case-insensitively).
    pub fn sent_to(&self, key: &ThreadKey, address: &str) -> bool {
        let Some(tag) = base32_decode::<TAG_BYTES>(&self.recipient_tag) else {
            return false;
        };
        recipient_mac(key, address)
            .verify_truncated_left(&tag)
            .is_ok()
    }
}

fn recipient_mac(key: &ThreadKey, address: &str) -> HmacSha256 {
    let mut mac = key.mac(LABEL_RECIPIENT);
    mac.update(address.trim().to_lowercase().as_bytes());
    mac
}

/// The recipient tag of an address, as [`outbound_message_id`] writes it: 8 base32 characters.
pub fn recipient_tag(key: &ThreadKey, address: &str) -> String {
    let full = recipient_mac(key, address).finalize().into_bytes();
    base32_encode(&full[..TAG_BYTES])
}

fn message_id_mac(key: &ThreadKey, ticket_number: u64, unique: &str, tag: &str) -> HmacSha256 {
    let mut mac = key.mac(LABEL_MESSAGE_ID);
    mac.update(&ticket_number.to_be_bytes());
    mac.update(&(unique.len() as u64).to_be_bytes());
    mac.update(unique.as_bytes());
    mac.update(tag.as_bytes());
    mac
}

/// Keeps the characters of a unique part that are safe in a Message-ID's left side, lowercased (so the id
/// survives systems that change its case); anything else becomes `-`.
fn clean_unique(unique: &str) -> String {
    let cleaned: String = unique
        .trim()
        .chars()
        .map(|c| match c {
            'a'..='z' | '0'..='9' | '-' | '_' | '.' => c,
            'A'..='Z' => c.to_ascii_lowercase(),
            _ => '-',
        })
        .collect();
    let cleaned = cleaned.trim_matches('.');
    if cleaned.is_empty() {
        "-".to_owned()
    } else {
        cleaned.to_owned()
    }
}

/// A Message-ID for a message Ayuda sends about ticket `ticket_number` to `recipient`, without angle
/// brackets: `ayuda.t1042.<unique>.<recipient tag>.<signature>@<domain>`.
///
/// `unique` tells our messages apart (a UUID of the stored message, say); it is lowercased, and characters
/// other than letters, digits, `-`, `_` and `.` become `-`. The returned id is the one to store.
pub fn outbound_message_id(
    key: &ThreadKey,
    ticket_number: u64,
    recipient: &str,
    unique: &str,
    domain: &str,
) -> String {
    let unique = clean_unique(unique);
    let tag = recipient_tag(key, recipient);
    let signature = message_id_mac(key, ticket_number, &unique, &tag)
        .finalize()
        .into_bytes();
    let signature = base32_encode(&signature[..SIGNATURE_BYTES]);
    let domain = domain.trim().trim_start_matches('@');
    format!("ayuda.t{ticket_number}.{unique}.{tag}.{signature}@{domain}")
}

/// Reads and verifies a Message-ID made by [`outbound_message_id`] (with or without angle brackets). `None`
/// for anyone else's id, and for ours when any part was changed or another key signed it.
pub fn ticket_reference(key: &ThreadKey, message_id: &str) -> Option<TicketReference> {
    let id = message_id
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>');
    let (left, _domain) = id.rsplit_once('@')?;
    let left = left.to_ascii_lowercase();
    let rest = left.strip_prefix("ayuda.t")?;
    let (number, rest) = rest.split_once('.')?;
    let ticket_number = parse_number(number)?;
    let (rest, signature) = rest.rsplit_once('.')?;
    let (unique, tag) = rest.rsplit_once('.')?;
    if unique.is_empty() || base32_decode::<TAG_BYTES>(tag).is_none() {
        return None;
    }
    let signature = base32_decode::<SIGNATURE_BYTES>(signature)?;
    message_id_mac(key, ticket_number, unique, tag)
        .verify_truncated_left(&signature)
        .ok()?;
    Some(TicketReference {
        ticket_number,
        recipient_tag: tag.to_owned(),
    })
}

/// A ticket number as we write it: ASCII digits, no sign, no leading zero.
fn parse_number(digits: &str) -> Option<u64> {
    let canonical = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    if canonical { digits.parse().ok() } else { None }
}

fn reply_address_mac(key: &ThreadKey, base: &str, ticket_number: u64) -> HmacSha256 {
    let mut mac = key.mac(LABEL_REPLY_ADDRESS);
    mac.update(&ticket_number.to_be_bytes());
    mac.update(base.as_bytes());
    mac
}

/// A Reply-To address that names ticket `ticket_number`: `support@acme.example` becomes
/// `support+t1042-<signature>@acme.example`. The MTA must deliver `+` subaddresses to the base mailbox.
/// A base that already has a subaddress keeps it (`support+es@…` → `support+es+t1042-…@…`).
pub fn reply_address(key: &ThreadKey, base: &str, ticket_number: u64) -> String {
    let base = base.trim().to_lowercase();
    let signature = reply_address_mac(key, &base, ticket_number)
        .finalize()
        .into_bytes();
    let signature = base32_encode(&signature[..SIGNATURE_BYTES]);
    match base.rsplit_once('@') {
        Some((local, domain)) => format!("{local}+t{ticket_number}-{signature}@{domain}"),
        None => format!("{base}+t{ticket_number}-{signature}"),
    }
}

/// The ticket named by an address made by [`reply_address`], verified; case-insensitive, with or without
/// angle brackets. `None` for any other address.
pub fn ticket_from_address(key: &ThreadKey, address: &str) -> Option<u64> {
    let address = address
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_lowercase();
    let (local, domain) = address.rsplit_once('@')?;
    let (base_local, token) = local.rsplit_once('+')?;
    let (number, signature) = token.strip_prefix('t')?.split_once('-')?;
    let ticket_number = parse_number(number)?;
    let signature = base32_decode::<SIGNATURE_BYTES>(signature)?;
    let base = format!("{base_local}@{domain}");
    reply_address_mac(key, &base, ticket_number)
        .verify_truncated_left(&signature)
        .ok()?;
    Some(ticket_number)
}

/// Words that mail clients put before a subject when replying or forwarding, lowercased: English, Spanish,
/// Italian, Portuguese, French, German, Dutch, the Nordic languages, and a few more.
const REPLY_PREFIXES: [&str; 18] = [
    "re", "aw", "antw", "r", "rif", "rv", "res", "sv", "vs", "fw", "fwd", "tr", "wg", "enc", "i",
    "rev", "doorst", "vl",
];

/// The subject without the reply and forward prefixes mail clients add (`Re: Fwd: RV: R: AW: …`, also
/// `Re[2]:` and `RE :`), in any number and case.
pub fn strip_reply_prefixes(subject: &str) -> &str {
    let mut rest = subject.trim_start();
    while let Some(after) = strip_one_prefix(rest) {
        rest = after.trim_start();
    }
    rest
}

fn strip_one_prefix(subject: &str) -> Option<&str> {
    let word_end = subject
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(subject.len());
    let word = subject[..word_end].to_lowercase();
    if !REPLY_PREFIXES.contains(&word.as_str()) {
        return None;
    }
    let mut rest = &subject[word_end..];
    // A counter some clients add: `Re[2]:`, `Re(3):`.
    for (open, close) in [('[', ']'), ('(', ')')] {
        if let Some(inner) = rest.strip_prefix(open) {
            let end = inner.find(close)?;
            if !inner[..end].bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            rest = &inner[end + 1..];
        }
    }
    let rest = rest.trim_start_matches(' ');
    rest.strip_prefix(':').or_else(|| rest.strip_prefix('：'))
}

/// The subject with the ticket's token: `Pedido roto` → `[#1042] Pedido roto`. The token goes after any
/// reply prefixes (`Re: [#1042] Pedido roto`), and a subject that already carries it is returned as it is.
pub fn subject_with_token(subject: &str, ticket_number: u64) -> String {
    let token = format!("[#{ticket_number}]");
    if subject.contains(&token) {
        return subject.to_owned();
    }
    let rest = strip_reply_prefixes(subject);
    let prefixes = subject[..subject.len() - rest.len()].trim_end();
    match (prefixes.is_empty(), rest.is_empty()) {
        (true, true) => token,
        (true, false) => format!("{token} {rest}"),
        (false, true) => format!("{prefixes} {token}"),
        (false, false) => format!("{prefixes} {token} {rest}"),
    }
}

/// The ticket number of the first `[#1042]` token in a subject. The token is looked for anywhere, not only
/// right after the reply prefixes, because lists and gateways add their own tags before it
/// (`AW: [EXTERN] [#1042] …`). Unsigned: a hint only (see the module documentation).
pub fn subject_ticket_number(subject: &str) -> Option<u64> {
    subject.match_indices("[#").find_map(|(at, _)| {
        let rest = &subject[at + 2..];
        let end = rest.find(']')?;
        let digits = &rest[..end];
        (digits.len() <= 20).then_some(())?;
        parse_number(digits)
    })
}

const BASE32: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";

/// Lowercase RFC 4648 base32 without padding. Only used on lengths that are multiples of 5 bytes, so every
/// character carries 5 full bits and each value has exactly one spelling.
fn base32_encode(bytes: &[u8]) -> String {
    debug_assert_eq!(bytes.len() % 5, 0);
    let mut out = String::with_capacity(bytes.len() * 8 / 5);
    for chunk in bytes.chunks(5) {
        let mut bits = 0u64;
        for &byte in chunk {
            bits = (bits << 8) | u64::from(byte);
        }
        for i in (0..8).rev() {
            out.push(char::from(BASE32[((bits >> (i * 5)) & 31) as usize]));
        }
    }
    out
}

/// Decodes exactly `N` bytes (`N` a multiple of 5) of lowercase base32; `None` for anything else.
fn base32_decode<const N: usize>(text: &str) -> Option<[u8; N]> {
    if text.len() != N * 8 / 5 {
        return None;
    }
    let mut out = [0u8; N];
    for (chunk, target) in text.as_bytes().chunks(8).zip(out.chunks_mut(5)) {
        let mut bits = 0u64;
        for &c in chunk {
            let value = BASE32.iter().position(|&b| b == c)?;
            bits = (bits << 5) | value as u64;
        }
        for (i, byte) in target.iter_mut().enumerate() {
            *byte = (bits >> (8 * (4 - i))) as u8;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests;
