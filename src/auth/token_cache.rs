//! Accounts behind API tokens, remembered for a short while: every API request
//! authenticates, and the answer only changes when a token is revoked or an
//! account's role, password or e-mail changes. Those writes call
//! [`TokenCache::invalidate`] after they commit; the time limit bounds how long
//! a change made by another instance of the service can go unnoticed.

use crate::db::access::Account;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const LIFETIME: Duration = Duration::from_secs(10);
/// Tokens in use at a time are few; a flood of made-up tokens is never stored.
const CAPACITY: usize = 10_000;

#[derive(Default)]
pub struct TokenCache {
    generation: AtomicU64,
    entries: Mutex<HashMap<String, Entry>>,
}

struct Entry {
    account: Account,
    generation: u64,
    stored: Instant,
}

/// Taken before the database is asked, so an answer read before an
/// invalidation is never stored after it.
#[derive(Clone, Copy)]
pub struct Ticket(u64);

impl TokenCache {
    pub fn get(&self, token_hash: &str) -> Option<Account> {
        let generation = self.generation.load(Ordering::Acquire);
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(token_hash)
            .filter(|e| e.generation == generation && e.stored.elapsed() < LIFETIME)
            .map(|e| e.account.clone())
    }

    pub fn ticket(&self) -> Ticket {
        Ticket(self.generation.load(Ordering::Acquire))
    }

    pub fn store(&self, ticket: Ticket, token_hash: String, account: Account) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if self.generation.load(Ordering::Acquire) != ticket.0 {
            return;
        }
        if entries.len() >= CAPACITY {
            entries.retain(|_, e| e.stored.elapsed() < LIFETIME);
            if entries.len() >= CAPACITY {
                entries.clear();
            }
        }
        entries.insert(
            token_hash,
            Entry {
                account,
                generation: ticket.0,
                stored: Instant::now(),
            },
        );
    }

    /// Forget everything; call after a change to tokens or accounts has committed.
    pub fn invalidate(&self) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        self.generation.fetch_add(1, Ordering::AcqRel);
        entries.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::access::Role;

    fn account() -> Account {
        Account {
            person_id: 1,
            name: "Kent".into(),
            email: "k@kommune.dk".into(),
            role: Role::Administrator,
        }
    }

    #[test]
    fn remembers_until_invalidated() {
        let cache = TokenCache::default();
        assert!(cache.get("h").is_none());
        cache.store(cache.ticket(), "h".into(), account());
        assert_eq!(cache.get("h").map(|a| a.person_id), Some(1));
        cache.invalidate();
        assert!(cache.get("h").is_none());
    }

    #[test]
    fn an_answer_read_before_an_invalidation_is_not_stored() {
        let cache = TokenCache::default();
        let ticket = cache.ticket();
        cache.invalidate();
        cache.store(ticket, "h".into(), account());
        assert!(cache.get("h").is_none());
    }
}
