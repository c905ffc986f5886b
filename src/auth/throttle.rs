//! Failed sign-ins are throttled per account and per address, in memory:
//! after `LIMIT` failures within `WINDOW`, further attempts get 429 until the
//! window has passed. A restart forgets, which only helps the legitimate user.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const LIMIT: u32 = 5;
pub const WINDOW: Duration = Duration::from_secs(15 * 60);

#[derive(Default)]
pub struct Throttle {
    failures: Mutex<HashMap<String, (u32, Instant)>>,
}

impl Throttle {
    /// Whether any of the keys is locked out now.
    pub fn blocked(&self, keys: &[String]) -> bool {
        let now = Instant::now();
        let map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        keys.iter().any(|k| {
            map.get(k).is_some_and(|(count, since)| {
                *count >= LIMIT && now.duration_since(*since) < WINDOW
            })
        })
    }

    pub fn fail(&self, keys: &[String]) {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        // Forget old entries so the map cannot grow without bound.
        if map.len() > 10_000 {
            map.retain(|_, (_, since)| now.duration_since(*since) < WINDOW);
        }
        for k in keys {
            let entry = map.entry(k.clone()).or_insert((0, now));
            if now.duration_since(entry.1) >= WINDOW {
                *entry = (0, now);
            }
            entry.0 += 1;
        }
    }

    pub fn succeed(&self, account: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        map.remove(account);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_the_limit() {
        let t = Throttle::default();
        let keys = vec!["account:a@x.dk".to_string(), "address:10.0.0.1".to_string()];
        for _ in 0..LIMIT {
            assert!(!t.blocked(&keys));
            t.fail(&keys);
        }
        assert!(t.blocked(&keys));
        assert!(
            t.blocked(&["address:10.0.0.1".to_string()]),
            "the address alone is blocked"
        );
        assert!(!t.blocked(&["account:b@x.dk".to_string()]));
        t.succeed("account:a@x.dk");
        assert!(!t.blocked(&["account:a@x.dk".to_string()]));
    }
}
