//! The sign-in throttle's rule: at most `LIMIT` passwords are verified per
//! key (an account, an address) within `WINDOW`; further attempts are
//! refused until the window has passed.

use chrono::{NaiveDateTime, TimeDelta};

pub const LIMIT: i32 = 5;
pub const WINDOW: TimeDelta = TimeDelta::minutes(15);

/// A key's attempts in the window that began at `since`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    pub attempts: i32,
    pub since: NaiveDateTime,
}

impl Count {
    /// The attempts that still count at `now`.
    pub fn live(self, now: NaiveDateTime) -> i32 {
        if now - self.since < WINDOW {
            self.attempts
        } else {
            0
        }
    }

    /// With one attempt more at `now`; an expired window starts afresh.
    pub fn one_more(count: Option<Self>, now: NaiveDateTime) -> Self {
        match count {
            Some(c) if c.live(now) > 0 => Self {
                attempts: c.attempts + 1,
                since: c.since,
            },
            _ => Self {
                attempts: 1,
                since: now,
            },
        }
    }

    /// With one attempt given back (one that verified nothing, or an
    /// address's share of a right password).
    pub fn one_less(self) -> Self {
        Self {
            attempts: (self.attempts - 1).max(0),
            since: self.since,
        }
    }
}

/// Whether one more password may be verified for keys with these counts.
pub fn admits(counts: impl IntoIterator<Item = Count>, now: NaiveDateTime) -> bool {
    counts.into_iter().all(|c| c.live(now) < LIMIT)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minute: i64) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2022, 3, 1)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap()
            + TimeDelta::minutes(minute)
    }

    #[test]
    fn the_limit_holds_within_the_window_and_lifts_after_it() {
        let mut count = None;
        for _ in 0..LIMIT {
            assert!(admits(count, at(1)));
            count = Some(Count::one_more(count, at(1)));
        }
        assert!(!admits(count, at(14)));
        assert!(admits(count, at(16)), "the window began at minute 1");
        assert_eq!(Count::one_more(count, at(16)).attempts, 1);
    }

    #[test]
    fn one_key_at_the_limit_refuses_the_attempt() {
        let full = Count {
            attempts: LIMIT,
            since: at(0),
        };
        let fresh = Count {
            attempts: 0,
            since: at(0),
        };
        assert!(!admits([fresh, full], at(1)));
        assert!(admits([fresh, full.one_less()], at(1)));
        assert_eq!(fresh.one_less().attempts, 0);
    }
}
