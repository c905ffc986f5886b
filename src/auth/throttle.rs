//! Sign-in attempts are throttled per account and per address, in memory:
//! at most `LIMIT` passwords are verified per key within `WINDOW`, and further
//! attempts get 429 until the window has passed. A restart forgets, which
//! only helps the legitimate user.
//!
//! An attempt is counted when it starts, before its password is verified, so
//! that any number of parallel attempts still verifies at most `LIMIT`
//! passwords; a successful one gives its count back.

use crate::app::accounts::PasswordChange;
use crate::error::AppError;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const LIMIT: u32 = 5;
pub const WINDOW: Duration = Duration::from_secs(15 * 60);

#[derive(Default)]
pub struct Throttle {
    /// Per key: attempts counted in the window, and when the window began.
    attempts: Mutex<HashMap<String, (u32, Instant)>>,
}

/// Leave to verify one password for these keys.
#[must_use = "an attempt that is let go of counts as failed"]
pub struct Attempt<'a> {
    throttle: &'a Throttle,
    keys: Vec<String>,
}

impl Throttle {
    /// Counts an attempt for every key, or refuses (None) when any key has
    /// used up its window. Checking and counting happen under one lock.
    pub fn begin(&self, keys: Vec<String>) -> Option<Attempt<'_>> {
        let now = Instant::now();
        let mut map = self.attempts.lock().unwrap_or_else(|e| e.into_inner());
        // Forget old entries so the map cannot grow without bound.
        if map.len() > 10_000 {
            map.retain(|_, (_, since)| now.duration_since(*since) < WINDOW);
        }
        let live = |entry: Option<&(u32, Instant)>| match entry {
            Some((count, since)) if now.duration_since(*since) < WINDOW => *count,
            _ => 0,
        };
        if keys.iter().any(|k| live(map.get(k)) >= LIMIT) {
            return None;
        }
        for k in &keys {
            let entry = map.entry(k.clone()).or_insert((0, now));
            if now.duration_since(entry.1) >= WINDOW {
                *entry = (0, now);
            }
            entry.0 += 1;
        }
        Some(Attempt {
            throttle: self,
            keys,
        })
    }

    /// Whether any of the keys has used up its window now.
    #[cfg(test)]
    fn blocked(&self, keys: &[String]) -> bool {
        let now = Instant::now();
        let map = self.attempts.lock().unwrap_or_else(|e| e.into_inner());
        keys.iter().any(|k| {
            map.get(k).is_some_and(|(count, since)| {
                *count >= LIMIT && now.duration_since(*since) < WINDOW
            })
        })
    }
}

impl Attempt<'_> {
    /// The password was wrong: the attempt stays counted.
    pub fn failed(self) {}

    /// The password was right: the account (the first key) starts afresh,
    /// and the address gets back this attempt's own count, and only that:
    /// a shared office address is not locked out by its colleagues'
    /// successful sign-ins, while its failures still add up.
    pub fn succeeded(self) {
        let mut map = self.map();
        if let Some(account) = self.keys.first() {
            map.remove(account);
        }
        Self::give_back(&mut map, &self.keys[1.min(self.keys.len())..]);
    }

    /// No password was judged (the database failed): nothing counts.
    pub fn not_verified(self) {
        let mut map = self.map();
        Self::give_back(&mut map, &self.keys);
    }

    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<String, (u32, Instant)>> {
        self.throttle
            .attempts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }

    fn give_back(map: &mut HashMap<String, (u32, Instant)>, keys: &[String]) {
        for k in keys {
            if let Some(entry) = map.get_mut(k) {
                entry.0 = entry.0.saturating_sub(1);
            }
        }
    }
}

/// Whoever holds a token is not necessarily its owner: changing one's own
/// password takes the present one, and guesses at it are throttled like
/// sign-ins.
pub fn own_password_attempt<'a>(
    throttle: &'a Throttle,
    email: &str,
) -> Result<Attempt<'a>, AppError> {
    throttle
        .begin(vec![format!("account:{email}")])
        .ok_or_else(|| {
            AppError::TooManyRequests(
                "too many wrong passwords; wait 15 minutes and try again".into(),
            )
        })
}

/// Tell the throttle how the attempt went: a right password starts the
/// account afresh, a wrong one counts, a failure that verified nothing
/// gives the attempt back.
pub fn settle(
    attempt: Option<Attempt<'_>>,
    outcome: Result<PasswordChange, AppError>,
) -> Result<(), AppError> {
    match outcome {
        Ok(PasswordChange::Changed) => {
            if let Some(attempt) = attempt {
                attempt.succeeded();
            }
            Ok(())
        }
        Ok(wrong) => {
            if let Some(attempt) = attempt {
                attempt.failed();
            }
            wrong.answer()
        }
        Err(e) => {
            if let Some(attempt) = attempt {
                attempt.not_verified();
            }
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(account: &str) -> Vec<String> {
        vec![format!("account:{account}"), "address:10.0.0.1".to_string()]
    }

    #[test]
    fn refuses_after_the_limit() {
        let t = Throttle::default();
        for _ in 0..LIMIT {
            t.begin(keys("a@x.dk")).expect("within the limit").failed();
        }
        assert!(t.begin(keys("a@x.dk")).is_none());
        assert!(
            t.blocked(&["address:10.0.0.1".to_string()]),
            "the address alone is blocked"
        );
        assert!(!t.blocked(&["account:b@x.dk".to_string()]));
    }

    #[test]
    fn attempts_in_flight_count() {
        let t = Throttle::default();
        let in_flight: Vec<_> = (0..LIMIT).map(|_| t.begin(keys("a@x.dk"))).collect();
        assert!(in_flight.iter().all(Option::is_some));
        assert!(
            t.begin(keys("a@x.dk")).is_none(),
            "a sixth attempt while five are being verified is refused"
        );
    }

    #[test]
    fn success_starts_the_account_afresh_and_returns_the_address_count() {
        let t = Throttle::default();
        for _ in 0..LIMIT - 1 {
            t.begin(keys("a@x.dk")).unwrap().failed();
        }
        t.begin(keys("a@x.dk")).unwrap().succeeded();
        assert!(!t.blocked(&keys("a@x.dk")));
        for _ in 0..10 {
            t.begin(keys("b@x.dk")).unwrap().succeeded();
        }
        assert!(!t.blocked(&["address:10.0.0.1".to_string()]));
    }

    #[test]
    fn successes_between_failures_do_not_wash_out_the_address() {
        let t = Throttle::default();
        // Spraying: a wrong password on a victim, then the right one on one's own.
        for i in 0..LIMIT - 1 {
            t.begin(keys(&format!("victim{i}@x.dk"))).unwrap().failed();
            t.begin(keys("own@x.dk")).unwrap().succeeded();
        }
        t.begin(keys("victim9@x.dk")).unwrap().failed();
        assert!(
            t.begin(keys("own@x.dk")).is_none(),
            "five failures from the address, whatever succeeded in between"
        );
    }

    #[test]
    fn an_attempt_the_database_never_judged_counts_for_nothing() {
        let t = Throttle::default();
        for _ in 0..2 * LIMIT {
            t.begin(keys("a@x.dk")).unwrap().not_verified();
        }
        assert!(!t.blocked(&keys("a@x.dk")));
    }
}
