//! Tokens that name a record and prove Ayuda issued them, for links mailed to customers (sign-in links,
//! satisfaction surveys): the record's 16-byte id and the first 16 bytes of an HMAC-SHA256 of it under a
//! key of the installation, in lowercase hex. Each use has its own label, mixed into the MAC, so a token of
//! one kind is never accepted as another; the database holds no usable token, and a guessed id proves
//! nothing.

use hmac::{KeyInit, Mac};
use sha2::Sha256;
use uuid::Uuid;

/// Bytes of the MAC in a token: 128 bits, beyond guessing.
const TAG_BYTES: usize = 16;

fn mac(key: &[u8; 32], label: &[u8], id: Uuid) -> hmac::Hmac<Sha256> {
    let mut mac = <hmac::Hmac<Sha256> as KeyInit>::new_from_slice(key)
        .expect("HMAC takes keys of any length");
    mac.update(label);
    mac.update(id.as_bytes());
    mac
}

/// The token of record `id` for the use `label`.
pub(crate) fn sign(key: &[u8; 32], label: &[u8], id: Uuid) -> String {
    let tag = mac(key, label, id).finalize().into_bytes();
    id.as_bytes()
        .iter()
        .chain(&tag[..TAG_BYTES])
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The record a token names, if its MAC for `label` is right (compared in constant time).
pub(crate) fn verify(key: &[u8; 32], label: &[u8], token: &str) -> Option<Uuid> {
    let token = token.trim();
    if token.len() != 2 * (16 + TAG_BYTES) || !token.is_ascii() {
        return None;
    }
    let mut bytes = [0u8; 16 + TAG_BYTES];
    for (i, byte) in bytes.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&token[2 * i..2 * i + 2], 16).ok()?;
    }
    let id = Uuid::from_bytes(bytes[..16].try_into().ok()?);
    mac(key, label, id)
        .verify_truncated_left(&bytes[16..])
        .ok()?;
    Some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_of_one_use_is_not_a_token_of_another() {
        let key = [7u8; 32];
        let id = Uuid::now_v7();
        let token = sign(&key, b"one\0", id);
        assert_eq!(verify(&key, b"one\0", &token), Some(id));
        assert_eq!(verify(&key, b"other\0", &token), None);
    }
}
