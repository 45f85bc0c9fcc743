//! Time-based one-time passwords (RFC 6238 over RFC 4226: HMAC-SHA1, 30-second steps, 6 digits), the
//! second sign-in factor every authenticator app speaks; and the agent's use of it: setting it up,
//! turning it off, and the code required at sign-in once it is on.

use hmac::{KeyInit, Mac};
use jiff::Timestamp;

use crate::{App, AppError};

/// Seconds per code.
const STEP: i64 = 30;
/// Codes one step early or late are accepted: phone clocks drift and people type slowly.
const DRIFT_STEPS: i64 = 1;

/// The code for `secret` (raw bytes) at `at`.
pub fn code_at(secret: &[u8], at: Timestamp) -> u32 {
    hotp(secret, at.as_second().div_euclid(STEP))
}

fn hotp(secret: &[u8], counter: i64) -> u32 {
    let mut mac = <hmac::Hmac<sha1::Sha1> as KeyInit>::new_from_slice(secret)
        .expect("HMAC takes a key of any length");
    mac.update(&counter.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    // RFC 4226 §5.3, dynamic truncation.
    let offset = usize::from(digest[digest.len() - 1] & 0x0f);
    let value = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]);
    value % 1_000_000
}

/// Whether `typed` (spaces allowed, as apps show "123 456") is the code of `secret` near `at`.
pub fn verify(secret: &[u8], typed: &str, at: Timestamp) -> bool {
    let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() != 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let Ok(typed) = digits.parse::<u32>() else {
        return false;
    };
    let step = at.as_second().div_euclid(STEP);
    (-DRIFT_STEPS..=DRIFT_STEPS).any(|delta| hotp(secret, step + delta) == typed)
}

const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// RFC 4648 base32 without padding, as authenticator apps take secrets.
pub fn base32(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    for chunk in bytes.chunks(5) {
        let mut buffer = [0u8; 5];
        buffer[..chunk.len()].copy_from_slice(chunk);
        let bits = u64::from_be_bytes([
            0, 0, 0, buffer[0], buffer[1], buffer[2], buffer[3], buffer[4],
        ]);
        let characters = (chunk.len() * 8).div_ceil(5);
        for i in 0..characters {
            let index = (bits >> (35 - i * 5)) & 0x1f;
            out.push(char::from(BASE32[index as usize]));
        }
    }
    out
}

/// The bytes of a base32 secret (case and spaces ignored); `None` when it is not base32.
pub fn from_base32(text: &str) -> Option<Vec<u8>> {
    let mut bits: u64 = 0;
    let mut count = 0;
    let mut out = Vec::new();
    for c in text.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let value = BASE32
            .iter()
            .position(|b| char::from(*b) == c.to_ascii_uppercase())?;
        bits = (bits << 5) | value as u64;
        count += 5;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    Some(out)
}

/// A fresh secret of 160 random bits (RFC 4226's recommendation), in base32.
pub fn new_secret() -> Result<String, AppError> {
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes).map_err(|e| {
        AppError::Internal(ayuda_store::StoreError::backend(std::io::Error::other(
            e.to_string(),
        )))
    })?;
    Ok(base32(&bytes))
}

/// The `otpauth://` address authenticator apps import (RFC-less but universal: Google's key URI format).
pub fn setup_uri(secret: &str, account: &str) -> String {
    let escape = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'@' => {
                    char::from(b).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    format!(
        "otpauth://totp/Ayuda:{}?secret={secret}&issuer=Ayuda&algorithm=SHA1&digits=6&period=30",
        escape(account)
    )
}

impl App {
    /// Whether the code typed at sign-in satisfies the agent's second factor: always, when they have none.
    pub(crate) async fn second_factor_ok(
        &self,
        agent: ayuda_core::id::AgentId,
        code: Option<&str>,
    ) -> Result<bool, AppError> {
        let preference = self.store.agent_preference(agent).await?;
        let Some(secret) = preference.totp_secret.as_deref().and_then(from_base32) else {
            return Ok(true);
        };
        Ok(code.is_some_and(|code| verify(&secret, code, self.clock.now())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, the SHA-1 rows (8-digit codes there; these are their last 6 digits).
    #[test]
    fn the_rfc_6238_test_vectors_hold() {
        let secret = b"12345678901234567890";
        for (seconds, code) in [
            (59, 287_082),
            (1_111_111_109, 81_804),
            (1_111_111_111, 50_471),
            (1_234_567_890, 5_924),
            (2_000_000_000, 279_037),
            (20_000_000_000, 353_130),
        ] {
            let at = Timestamp::from_second(seconds).unwrap();
            assert_eq!(code_at(secret, at), code, "at {seconds}");
        }
    }

    #[test]
    fn a_code_is_accepted_one_step_either_side_and_not_further() {
        let secret = b"12345678901234567890";
        let at = Timestamp::from_second(1_111_111_109).unwrap();
        assert!(verify(secret, "081 804", at));
        assert!(verify(
            secret,
            "081804",
            Timestamp::from_second(1_111_111_109 + 30).unwrap()
        ));
        assert!(!verify(
            secret,
            "081804",
            Timestamp::from_second(1_111_111_109 + 90).unwrap()
        ));
        assert!(!verify(secret, "81804", at));
        assert!(!verify(secret, "08180a", at));
        assert!(!verify(secret, "", at));
    }

    #[test]
    fn base32_round_trips_and_matches_rfc_4648() {
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
        assert_eq!(
            base32(b"12345678901234567890"),
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
        );
        assert_eq!(
            from_base32("gezd gnbv gy3t qojq gezd gnbv gy3t qojq").unwrap(),
            b"12345678901234567890"
        );
        assert_eq!(from_base32("not base32!"), None);
        let secret = new_secret().unwrap();
        assert_eq!(secret.len(), 32);
        assert_eq!(from_base32(&secret).unwrap().len(), 20);
    }

    #[test]
    fn the_setup_address_names_the_account_safely() {
        assert_eq!(
            setup_uri("ABC", "ana maría@acme.example"),
            "otpauth://totp/Ayuda:ana%20mar%C3%ADa@acme.example?secret=ABC&issuer=Ayuda&algorithm=SHA1&digits=6&period=30"
        );
    }
}
