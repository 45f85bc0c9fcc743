//! Sign-in throttling: after a run of failed attempts for one account, further attempts wait, so a password
//! cannot be guessed at the speed of the network. Kept per process; with several app nodes each one counts
//! on its own, which still bounds guessing to a few attempts per minute per node.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failed attempts allowed per account within [`WINDOW`].
pub const ALLOWED_FAILURES: u32 = 5;
/// How long failures are remembered, and how long an account waits once over the limit.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Entries kept at most; the oldest are dropped first, so a flood of made-up accounts cannot exhaust memory.
const MAX_ENTRIES: usize = 100_000;

#[derive(Debug, Default)]
pub struct Throttle {
    failures: Mutex<HashMap<String, (u32, Instant)>>,
}

impl Throttle {
    /// `Some(wait)` when `account` must wait before trying again.
    pub fn wait_for(&self, account: &str, now: Instant) -> Option<Duration> {
        let failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let (count, since) = failures.get(&key(account))?;
        let elapsed = now.saturating_duration_since(*since);
        (*count >= ALLOWED_FAILURES && elapsed < WINDOW).then(|| WINDOW - elapsed)
    }

    pub fn failed(&self, account: &str, now: Instant) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if failures.len() >= MAX_ENTRIES {
            failures.retain(|_, (_, since)| now.saturating_duration_since(*since) < WINDOW);
            if failures.len() >= MAX_ENTRIES {
                failures.clear();
            }
        }
        let entry = failures.entry(key(account)).or_insert((0, now));
        if now.saturating_duration_since(entry.1) >= WINDOW {
            *entry = (0, now);
        }
        entry.0 += 1;
    }

    pub fn succeeded(&self, account: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures.remove(&key(account));
    }
}

fn key(account: &str) -> String {
    account.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_waits_after_five_failures_until_the_window_passes() {
        let throttle = Throttle::default();
        let start = Instant::now();
        for _ in 0..ALLOWED_FAILURES {
            assert_eq!(throttle.wait_for("ana@example.com", start), None);
            throttle.failed("Ana@Example.com ", start);
        }
        let wait = throttle.wait_for("ana@example.com", start + Duration::from_secs(60));
        assert_eq!(wait, Some(WINDOW - Duration::from_secs(60)));
        // Another account is not affected.
        assert_eq!(throttle.wait_for("bea@example.com", start), None);
        assert_eq!(throttle.wait_for("ana@example.com", start + WINDOW), None);
    }

    #[test]
    fn success_forgets_earlier_failures() {
        let throttle = Throttle::default();
        let now = Instant::now();
        for _ in 0..ALLOWED_FAILURES - 1 {
            throttle.failed("ana@example.com", now);
        }
        throttle.succeeded("ana@example.com");
        throttle.failed("ana@example.com", now);
        assert_eq!(throttle.wait_for("ana@example.com", now), None);
    }
}
