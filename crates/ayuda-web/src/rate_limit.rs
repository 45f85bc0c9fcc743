//! Per-token rate limiting: a generic cell rate algorithm (a token bucket kept as one timestamp per key).
//!
//! Each token may send `per_second` requests a second with bursts of `burst`. Answers carry
//! `X-RateLimit-Limit` and `X-RateLimit-Remaining`; a refused request gets 429 with `Retry-After`.
//! Limits are kept per application node: with N nodes behind a balancer a token gets up to N times the rate,
//! which is the usual trade for not adding a shared store to every request.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::WebState;
use crate::problem::ApiError;

/// How fast each token may go. `per_second` 0 turns limiting off (benchmarks, trusted integrations).
#[derive(Debug, Clone, Copy)]
pub struct RateLimitConfig {
    pub per_second: u32,
    pub burst: u32,
}

impl Default for RateLimitConfig {
    fn default() -> RateLimitConfig {
        RateLimitConfig {
            per_second: 50,
            burst: 100,
        }
    }
}

/// The limiter's state: for each key, the theoretical arrival time of its next request.
#[derive(Debug)]
pub struct RateLimiter {
    config: RateLimitConfig,
    cells: Mutex<HashMap<[u8; 16], Instant>>,
}

/// The verdict for one request.
#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    Allowed { remaining: u32 },
    Refused { retry_after: Duration },
}

impl RateLimiter {
    pub fn new(config: RateLimitConfig) -> RateLimiter {
        RateLimiter {
            config,
            cells: Mutex::new(HashMap::new()),
        }
    }

    fn check(&self, key: [u8; 16], now: Instant) -> Verdict {
        let interval = Duration::from_secs(1) / self.config.per_second.max(1);
        let tolerance = interval * self.config.burst.max(1);
        let mut cells = self
            .cells
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if cells.len() > 100_000 {
            // Keys of tokens idle longer than the burst window carry no state worth keeping.
            cells.retain(|_, tat| *tat > now);
        }
        let tat = cells.get(&key).copied().unwrap_or(now).max(now);
        let next = tat + interval;
        let ahead = next - now;
        if ahead > tolerance {
            return Verdict::Refused {
                retry_after: ahead - tolerance,
            };
        }
        cells.insert(key, next);
        let used = ahead.as_nanos().div_ceil(interval.as_nanos().max(1));
        Verdict::Allowed {
            remaining: self.config.burst.saturating_sub(used as u32),
        }
    }
}

/// The middleware: keyed by the bearer token (hashed, never kept in clear), or one shared key for
/// requests without one.
pub async fn limit(State(state): State<WebState>, request: Request, next: Next) -> Response {
    let config = state.rate_limiter.config;
    if config.per_second == 0 {
        return next.run(request).await;
    }
    let credential = request
        .headers()
        .get(header::AUTHORIZATION)
        .map(|v| v.as_bytes().to_vec())
        .unwrap_or_default();
    let digest = Sha256::digest(&credential);
    let mut key = [0u8; 16];
    key.copy_from_slice(&digest[..16]);
    let limit_header = HeaderValue::from(config.per_second);
    match state.rate_limiter.check(key, Instant::now()) {
        Verdict::Allowed { remaining } => {
            let mut response = next.run(request).await;
            let headers = response.headers_mut();
            headers.insert("x-ratelimit-limit", limit_header);
            headers.insert("x-ratelimit-remaining", HeaderValue::from(remaining));
            response
        }
        Verdict::Refused { retry_after } => {
            let seconds = retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0);
            let mut error = ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate-limited",
                format!("too many requests; retry in {seconds} s"),
            );
            error
                .headers
                .push((header::RETRY_AFTER, HeaderValue::from(seconds)));
            error.headers.push((
                header::HeaderName::from_static("x-ratelimit-limit"),
                limit_header,
            ));
            error.headers.push((
                header::HeaderName::from_static("x-ratelimit-remaining"),
                HeaderValue::from(0),
            ));
            error.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_allowed_then_refused_until_time_passes() {
        let limiter = RateLimiter::new(RateLimitConfig {
            per_second: 10,
            burst: 3,
        });
        let start = Instant::now();
        let key = [1; 16];
        let verdicts: Vec<bool> = (0..5)
            .map(|_| matches!(limiter.check(key, start), Verdict::Allowed { .. }))
            .collect();
        assert_eq!(verdicts, [true, true, true, false, false]);
        let Verdict::Refused { retry_after } = limiter.check(key, start) else {
            panic!("should refuse")
        };
        assert!(retry_after <= Duration::from_millis(100));
        assert!(matches!(
            limiter.check(key, start + Duration::from_millis(100)),
            Verdict::Allowed { .. }
        ));
        assert!(
            matches!(
                limiter.check([2; 16], start),
                Verdict::Allowed { remaining: 2 }
            ),
            "other tokens have their own budget"
        );
    }
}
