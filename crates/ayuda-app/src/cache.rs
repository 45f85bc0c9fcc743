//! Short-lived, in-process caches of what nearly every request reads and rarely changes: the session behind a
//! token, and the custom field definitions.
//!
//! Each entry lives [`TTL`] at most. A change made through this process clears the affected cache at once;
//! a change made elsewhere (another node, the `ayuda` command line) is seen within [`TTL`]. That bound is the
//! price of not reading the database two or three extra times per request, and it is documented for operators
//! (a revoked token stops working within two seconds on every node).

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long an entry may be served without reading the database again.
pub const TTL: Duration = Duration::from_secs(2);

/// Entries beyond this are not cached (the cache is cleared instead), so memory stays bounded under a flood of
/// distinct tokens.
const MAX_ENTRIES: usize = 10_000;

#[derive(Debug)]
pub(crate) struct TtlCache<K, V> {
    entries: Mutex<HashMap<K, (V, Instant)>>,
}

impl<K: Eq + Hash, V: Clone> TtlCache<K, V> {
    pub(crate) fn new() -> TtlCache<K, V> {
        TtlCache {
            entries: Mutex::new(HashMap::new()),
        }
    }

    pub(crate) fn get(&self, key: &K) -> Option<V> {
        let entries = self
            .entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        entries
            .get(key)
            .filter(|(_, at)| at.elapsed() < TTL)
            .map(|(value, _)| value.clone())
    }

    pub(crate) fn insert(&self, key: K, value: V) {
        let mut entries = self
            .entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        entries.insert(key, (value, Instant::now()));
    }

    pub(crate) fn clear(&self) {
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_served_then_cleared() {
        let cache = TtlCache::new();
        cache.insert(1, "a");
        assert_eq!(cache.get(&1), Some("a"));
        assert_eq!(cache.get(&2), None);
        cache.clear();
        assert_eq!(cache.get(&1), None);
    }
}
