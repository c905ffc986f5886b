//! What this instance knows has changed in its database, so that remembered
//! answers are used only while nothing they show has changed.
//!
//! Every committed write transaction names what it changed (a [`Change`]).
//! The instance that wrote applies it as soon as the transaction commits;
//! on PostgreSQL the transaction also sends it with `NOTIFY`, and every
//! instance's listener (a connection of its own, outside the pool) applies
//! it when it arrives. While the listener is disconnected, the instance
//! cannot know what others wrote, so its caches answer nothing. SQLite has
//! one process per file: instances in that process share one record.

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

/// The channel every instance listens on.
pub const CHANNEL: &str = "portefolje_changes";
/// The listening connection's `application_name`.
pub const LISTENER_NAME: &str = "portefolje-listener";

/// What a committed write transaction changed, as far as caches care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Anything: every remembered answer may be out of date. The default,
    /// so a write nobody thought about can never leave a stale answer.
    Everything,
    /// One project's data (its fields, status, economy): its own answers,
    /// the lists and the reports, which show every project.
    Project(i32),
    /// Nothing any cache shows (sessions, the sign-in throttle).
    Nothing,
}

impl Change {
    /// The payload of the notification, or none when nothing is announced.
    pub fn payload(self) -> Option<String> {
        match self {
            Self::Everything => Some("*".into()),
            Self::Project(id) => Some(format!("p{id}")),
            Self::Nothing => None,
        }
    }

    /// A payload read back; anything unreadable counts as everything.
    pub fn from_payload(payload: &str) -> Self {
        match payload.strip_prefix('p').map(str::parse) {
            Some(Ok(id)) => Self::Project(id),
            _ => Self::Everything,
        }
    }

    fn topics(self) -> Vec<Topic> {
        match self {
            Self::Everything => vec![Topic::Everything],
            Self::Project(id) => vec![Topic::Project(id), Topic::Projects, Topic::Reports],
            Self::Nothing => vec![],
        }
    }
}

/// What a remembered answer shows, and so what makes it stale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Topic {
    /// One project's own answer.
    Project(i32),
    /// Lists of projects.
    Projects,
    /// Quarter reports: each shows every project, and earlier quarters'
    /// colours count towards how long a parameter has been red.
    Reports,
    /// Accounts, roles and tokens.
    Access,
    Everything,
}

/// The moment a read began, to compare with what changed since.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen(u64);

/// The changes one instance knows of: for each topic, the tick of its last change.
pub struct Changes {
    tick: AtomicU64,
    last: Mutex<HashMap<Topic, u64>>,
    /// Until when, in milliseconds since `born`, every committed change is
    /// sure to reach this instance: always on SQLite; on PostgreSQL the
    /// listener vouches for a second after each answered probe that its
    /// connection works: a connection that silently died (a half-open TCP
    /// connection hears nothing and reports nothing) stops being trusted
    /// when its probes stop answering.
    vouched_until: AtomicU64,
    born: Instant,
}

/// How long one answered probe vouches for the listening connection.
const VOUCH: Duration = Duration::from_secs(1);

impl Changes {
    fn new(listening: bool) -> Self {
        Self {
            tick: AtomicU64::new(0),
            last: Mutex::default(),
            // SQLite needs no listener: always heard.
            vouched_until: AtomicU64::new(if listening { u64::MAX } else { 0 }),
            born: Instant::now(),
        }
    }

    fn millis(&self) -> u64 {
        self.born.elapsed().as_millis() as u64
    }

    /// The listening connection answered just now.
    fn vouch(&self) {
        let until = self.millis() + VOUCH.as_millis() as u64;
        self.vouched_until.store(until, Ordering::Release);
    }

    /// Taken before a read whose answer may be remembered; none while this
    /// instance cannot hear changes, when nothing may be remembered.
    pub fn seen(&self) -> Option<Seen> {
        self.listening()
            .then(|| Seen(self.tick.load(Ordering::Acquire)))
    }

    /// Whether nothing about `topic` has changed since `seen`, as far as this
    /// instance can tell (never while it cannot hear changes).
    pub fn unchanged_since(&self, seen: Seen, topic: Topic) -> bool {
        if !self.listening() {
            return false;
        }
        let last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        let at = |t: Topic| last.get(&t).copied().unwrap_or(0);
        at(Topic::Everything) <= seen.0 && at(topic) <= seen.0
    }

    /// Record a committed change.
    pub fn apply(&self, change: Change) {
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        let tick = self.tick.fetch_add(1, Ordering::AcqRel) + 1;
        for topic in change.topics() {
            last.insert(topic, tick);
        }
    }

    /// Whether every committed change reaches this instance now.
    pub fn listening(&self) -> bool {
        self.millis() < self.vouched_until.load(Ordering::Acquire)
    }

    /// The listening connection failed: trust nothing until it is back.
    fn distrust(&self) {
        self.vouched_until.store(0, Ordering::Release);
    }
}

/// The record of an SQLite file, shared by every instance in this process.
pub fn for_sqlite_file(path: &str) -> Arc<Changes> {
    static FILES: Mutex<Vec<(String, Weak<Changes>)>> = Mutex::new(Vec::new());
    let mut files = FILES.lock().unwrap_or_else(|e| e.into_inner());
    files.retain(|(_, w)| w.strong_count() > 0);
    if let Some(changes) = files
        .iter()
        .find(|(p, _)| p == path)
        .and_then(|(_, w)| w.upgrade())
    {
        return changes;
    }
    let changes = Arc::new(Changes::new(true));
    files.push((path.to_string(), Arc::downgrade(&changes)));
    changes
}

/// How often the listener asks the server whether its connection still
/// works, and how long it naps between looks for notifications.
const PROBE_EVERY: Duration = Duration::from_millis(250);
const NAP: Duration = Duration::from_millis(2);
const MAX_BACKOFF: Duration = Duration::from_secs(1);

/// The record of a PostgreSQL database, with its listener started: connected
/// before this returns, so the instance starts able to use its caches.
pub fn for_postgres(url: &str) -> Result<Arc<Changes>, String> {
    let changes = Arc::new(Changes::new(false));
    let first = listen(url).map_err(|e| format!("cannot listen for changes: {e}"))?;
    changes.vouch();
    let (url, record) = (url.to_string(), Arc::downgrade(&changes));
    std::thread::Builder::new()
        .name("portefolje-listener".into())
        .spawn(move || keep_listening(&url, first, &record))
        .map_err(|e| format!("cannot start the change listener: {e}"))?;
    Ok(changes)
}

fn listen(url: &str) -> Result<PgConnection, String> {
    // Named, so an operator sees it in pg_stat_activity for what it is.
    // Its probes must fail, not hang, on a connection that died silently.
    let separator = if url.contains('?') { '&' } else { '?' };
    let url = format!(
        "{url}{separator}application_name={LISTENER_NAME}&connect_timeout=2&tcp_user_timeout=1000"
    );
    let mut conn = PgConnection::establish(&url).map_err(|e| super::one_line(&e.to_string()))?;
    conn.batch_execute(&format!("LISTEN {CHANNEL}"))
        .map_err(|e| e.to_string())?;
    Ok(conn)
}

/// The listener's life: hear changes until the connection fails, then stop
/// trusting the caches and reconnect with growing pauses. It ends when the
/// instance's record is gone (the `Db` was dropped).
fn keep_listening(url: &str, first: PgConnection, record: &Weak<Changes>) {
    let mut conn = Some(first);
    let mut backoff = NAP;
    loop {
        if let Some(mut c) = conn.take() {
            let connected = Instant::now();
            let heard = hear(&mut c, record);
            // A connection that fails as soon as it is made is no reason to hurry back.
            backoff = if connected.elapsed() > VOUCH {
                NAP
            } else {
                (backoff * 2).min(MAX_BACKOFF)
            };
            match heard {
                Ok(()) => return,
                Err(e) => {
                    let Some(changes) = record.upgrade() else {
                        return;
                    };
                    changes.distrust();
                    log::warn!("lost the connection that hears other instances' changes ({e}); answering without caches until it is back");
                }
            }
        }
        std::thread::sleep(backoff);
        if record.strong_count() == 0 {
            return;
        }
        match listen(url) {
            Ok(c) => {
                let Some(changes) = record.upgrade() else {
                    return;
                };
                // Whatever was announced while deaf is unknown: all of it may have changed.
                changes.apply(Change::Everything);
                changes.vouch();
                log::info!("hearing other instances' changes again");
                conn = Some(c);
            }
            Err(_) => backoff = (backoff * 2).min(MAX_BACKOFF),
        }
    }
}

/// Apply notifications as they arrive. Ok when the record is gone, the
/// error when the connection failed.
fn hear(conn: &mut PgConnection, record: &Weak<Changes>) -> Result<(), String> {
    let mut probed = Instant::now();
    loop {
        // The iterator repeats a failure forever: stop at the first.
        let mut heard = vec![];
        for notification in conn.notifications_iter() {
            heard.push(notification.map_err(|e| e.to_string())?);
        }
        let Some(changes) = record.upgrade() else {
            return Ok(());
        };
        for notification in heard {
            changes.apply(Change::from_payload(&notification.payload));
        }
        drop(changes);
        if probed.elapsed() >= PROBE_EVERY {
            conn.batch_execute("SELECT 1").map_err(|e| e.to_string())?;
            probed = Instant::now();
            if let Some(changes) = record.upgrade() {
                changes.vouch();
            }
        }
        std::thread::sleep(NAP);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_project_change_leaves_other_projects_and_accounts_alone() {
        let changes = Changes::new(true);
        let seen = changes.seen().unwrap();
        changes.apply(Change::Project(7));
        assert!(!changes.unchanged_since(seen, Topic::Project(7)));
        assert!(!changes.unchanged_since(seen, Topic::Projects));
        assert!(!changes.unchanged_since(seen, Topic::Reports));
        assert!(changes.unchanged_since(seen, Topic::Project(8)));
        assert!(changes.unchanged_since(seen, Topic::Access));
    }

    #[test]
    fn everything_makes_every_topic_stale_and_nothing_none() {
        let changes = Changes::new(true);
        let seen = changes.seen().unwrap();
        changes.apply(Change::Nothing);
        assert!(changes.unchanged_since(seen, Topic::Access));
        changes.apply(Change::Everything);
        assert!(!changes.unchanged_since(seen, Topic::Access));
        assert!(!changes.unchanged_since(seen, Topic::Project(1)));
        let later = changes.seen().unwrap();
        assert!(changes.unchanged_since(later, Topic::Project(1)));
    }

    #[test]
    fn a_deaf_instance_trusts_nothing() {
        let changes = Changes::new(false);
        assert!(changes.seen().is_none());
        changes.vouch();
        let seen = changes.seen().unwrap();
        changes.distrust();
        assert!(!changes.unchanged_since(seen, Topic::Access));
    }

    #[test]
    fn a_listener_whose_probes_stop_answering_is_not_trusted() {
        let changes = Changes::new(false);
        changes.vouch();
        assert!(changes.listening());
        changes
            .vouched_until
            .store(changes.millis(), Ordering::Release);
        assert!(!changes.listening(), "the last answered probe is too old");
    }

    #[test]
    fn payloads_read_back() {
        for change in [Change::Everything, Change::Project(42)] {
            assert_eq!(Change::from_payload(&change.payload().unwrap()), change);
        }
        assert_eq!(Change::Nothing.payload(), None);
        assert_eq!(Change::from_payload("p-x"), Change::Everything);
    }

    #[test]
    fn instances_on_one_sqlite_file_share_their_record() {
        let a = for_sqlite_file("/tmp/shared-record-test.db");
        let b = for_sqlite_file("/tmp/shared-record-test.db");
        let c = for_sqlite_file("/tmp/another-record-test.db");
        let seen = b.seen().unwrap();
        a.apply(Change::Everything);
        assert!(!b.unchanged_since(seen, Topic::Projects));
        assert!(c.unchanged_since(c.seen().unwrap(), Topic::Projects));
    }
}
