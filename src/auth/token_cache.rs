//! Accounts behind API tokens, remembered while nothing about access has
//! changed: every API request authenticates, and the answer only changes when
//! a token is revoked or an account's role, password or e-mail changes. Those
//! writes announce themselves to every instance (`db::changes`), so a revoked
//! token or a lowered role applies everywhere as soon as the change is heard;
//! the time limit bounds changes made around the service (psql).

use crate::db::access::Account;
use crate::db::changes::{Changes, Seen, Topic};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const LIFETIME: Duration = Duration::from_secs(10);
/// Tokens in use at a time are few; a flood of made-up tokens is never stored.
const CAPACITY: usize = 10_000;

pub struct TokenCache {
    changes: Arc<Changes>,
    entries: Mutex<HashMap<String, Entry>>,
}

struct Entry {
    account: Account,
    seen: Seen,
    stored: Instant,
}

/// Taken before the database is asked, so an answer read before a change
/// is never stored after it (none while changes cannot be heard).
#[derive(Clone, Copy)]
pub struct Ticket(Option<Seen>);

impl TokenCache {
    pub fn new(changes: Arc<Changes>) -> Self {
        Self {
            changes,
            entries: Mutex::default(),
        }
    }

    pub fn get(&self, token_hash: &str) -> Option<Account> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(token_hash)
            .filter(|e| {
                e.stored.elapsed() < LIFETIME && self.changes.unchanged_since(e.seen, Topic::Access)
            })
            .map(|e| e.account.clone())
    }

    pub fn ticket(&self) -> Ticket {
        Ticket(self.changes.seen())
    }

    pub fn store(&self, ticket: Ticket, token_hash: String, account: Account) {
        let Some(seen) = ticket.0 else { return };
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if !self.changes.unchanged_since(seen, Topic::Access) {
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
                seen,
                stored: Instant::now(),
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::changes::{for_sqlite_file, Change};
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
    fn remembers_until_access_may_have_changed() {
        let changes = for_sqlite_file("token-cache-remembers");
        let cache = TokenCache::new(changes.clone());
        assert!(cache.get("h").is_none());
        cache.store(cache.ticket(), "h".into(), account());
        changes.apply(Change::Project(3));
        assert_eq!(cache.get("h").map(|a| a.person_id), Some(1));
        changes.apply(Change::Everything);
        assert!(cache.get("h").is_none());
    }

    #[test]
    fn an_answer_read_before_a_change_is_not_stored() {
        let changes = for_sqlite_file("token-cache-before");
        let cache = TokenCache::new(changes.clone());
        let ticket = cache.ticket();
        changes.apply(Change::Everything);
        cache.store(ticket, "h".into(), account());
        assert!(cache.get("h").is_none());
    }
}
