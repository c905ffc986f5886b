//! Everything that talks to the database. One diesel schema, two backends,
//! chosen by the URL scheme.

pub mod access;
pub mod assessments;
pub mod audit;
pub mod baselines;
pub mod benefits;
pub mod changes;
pub mod departments;
pub mod economy;
pub mod focus_areas;
pub mod lane;
pub mod milestones;
pub mod outbox;
pub mod people;
pub mod phases;
pub mod process;
pub mod projects;
pub mod quarters;
pub mod reports;
pub mod schema;
pub mod setup;
pub mod status;
pub mod strategies;
pub mod systems;
pub mod throttle;

use crate::error::AppError;
use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::r2d2::{CustomizeConnection, Pool, PooledConnection};
use diesel::{Connection, PgConnection, SqliteConnection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};
use std::time::Duration;

#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgres(PgConnection),
    Sqlite(SqliteConnection),
}

pub type DbPool = Pool<Manager>;
type Pooled = PooledConnection<Manager>;

/// Opens pooled connections for the backend the URL named. The derived
/// `establish` would try every backend in turn, which during a PostgreSQL
/// outage means trying the URL as an SQLite file name.
#[derive(Debug)]
pub struct Manager {
    url: DatabaseUrl,
}

impl diesel::r2d2::ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<DbConnection, Self::Error> {
        match self.url.backend {
            Backend::Sqlite => {
                SqliteConnection::establish(&self.url.target).map(DbConnection::Sqlite)
            }
            Backend::Postgres => {
                PgConnection::establish(&self.url.target).map(DbConnection::Postgres)
            }
        }
        .map_err(diesel::r2d2::Error::ConnectionError)
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), Self::Error> {
        conn.batch_execute("SELECT 1")
            .map_err(diesel::r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        DbConnection::is_broken_transaction_manager(conn)
    }
}

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Self::Sqlite => "sqlite",
            Self::Postgres => "postgres",
        }
    }
}

/// Where the data lives, parsed from `DATABASE_URL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    pub backend: Backend,
    /// What diesel connects to: the file path for SQLite, the URL for PostgreSQL.
    pub target: String,
}

impl DatabaseUrl {
    /// SQLite accepts any string as a path, so the scheme must say SQLite
    /// explicitly; anything unknown is refused rather than silently used as a file.
    pub fn parse(url: &str) -> Result<Self, String> {
        if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err(
                    "DATABASE_URL sqlite:// needs a file path, e.g. sqlite://portfolio.db".into(),
                );
            }
            if path == ":memory:" {
                return Err(
                    "an in-memory SQLite database would be lost on restart; give a file path"
                        .into(),
                );
            }
            Ok(Self {
                backend: Backend::Sqlite,
                target: path.to_string(),
            })
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self {
                backend: Backend::Postgres,
                target: url.to_string(),
            })
        } else {
            let scheme = url.split("://").next().unwrap_or(url);
            Err(format!(
                "DATABASE_URL has an unsupported scheme '{scheme}': use sqlite://PATH or postgres://USER@HOST/DB"
            ))
        }
    }
}

/// SQLite settings every pooled connection needs: foreign keys are off by
/// default and a busy timeout lets concurrent writers wait instead of failing.
#[derive(Debug)]
struct SqlitePragmas;

impl CustomizeConnection<DbConnection, diesel::r2d2::Error> for SqlitePragmas {
    fn on_acquire(&self, conn: &mut DbConnection) -> Result<(), diesel::r2d2::Error> {
        if let DbConnection::Sqlite(c) = conn {
            c.batch_execute(
                "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;",
            )
            .map_err(diesel::r2d2::Error::QueryError)?;
        }
        Ok(())
    }
}

/// The pool plus the backend it serves and what this instance knows has
/// changed in it; cheap to clone.
#[derive(Clone)]
pub struct Db {
    pool: DbPool,
    backend: Backend,
    changes: std::sync::Arc<changes::Changes>,
    reads: std::sync::Arc<lane::ReadLane>,
}

impl Db {
    /// Connect, apply pending migrations, and build the pool. Errors are one
    /// readable line for the operator.
    pub fn connect(url: &DatabaseUrl, pool_size: u32) -> Result<Self, String> {
        let mut first = match url.backend {
            Backend::Sqlite => {
                if let Some(dir) = std::path::Path::new(&url.target).parent() {
                    if !dir.as_os_str().is_empty() && !dir.is_dir() {
                        return Err(format!(
                            "cannot open SQLite database '{}': directory '{}' does not exist",
                            url.target,
                            dir.display()
                        ));
                    }
                }
                let mut c = SqliteConnection::establish(&url.target)
                    .map_err(|e| format!("cannot open SQLite database '{}': {e}", url.target))?;
                // WAL is a property of the file: set it once, before the pool opens more.
                c.batch_execute("PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL;")
                    .map_err(|e| format!("cannot use SQLite database '{}': {e}", url.target))?;
                DbConnection::Sqlite(c)
            }
            Backend::Postgres => {
                DbConnection::Postgres(PgConnection::establish(&url.target).map_err(|e| {
                    format!("cannot connect to PostgreSQL: {}", one_line(&e.to_string()))
                })?)
            }
        };
        let migrations = match url.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS,
            Backend::Postgres => POSTGRES_MIGRATIONS,
        };
        first
            .run_pending_migrations(migrations)
            .map_err(|e| format!("cannot migrate the database: {e}"))?;
        drop(first);

        let pool = pool_of(url, pool_size)?;
        // The read lane's own connections: a quarter of the pool, at least two.
        let lane_size = (pool_size / 4).max(2);
        let reads = lane::ReadLane::start(pool_of(url, lane_size)?, lane_size as usize)?;
        let changes = match url.backend {
            Backend::Sqlite => changes::for_sqlite_file(&url.target),
            Backend::Postgres => changes::for_postgres(&url.target)?,
        };
        Ok(Self {
            pool,
            backend: url.backend,
            changes,
            reads: std::sync::Arc::new(reads),
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// What this instance knows has changed, for caches to compare.
    pub fn changes(&self) -> std::sync::Arc<changes::Changes> {
        self.changes.clone()
    }

    /// Run blocking database work off the actix workers.
    pub async fn run<T, F>(&self, work: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let (pool, changes) = (self.pool.clone(), self.changes.clone());
        actix_web::web::block(move || {
            let mut conn: Pooled = pool.get()?;
            noting_commits(&changes, || work(&mut conn))
        })
        .await
        .map_err(|e| AppError::Internal(format!("blocking task failed: {e}")))?
    }

    /// Run a read whose answer is remembered in the read lane, where it does
    /// not queue behind writers (the ordinary way when the lane is full).
    pub async fn read<T, F>(&self, work: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let (answer, answered) = tokio::sync::oneshot::channel();
        let job: lane::Job = Box::new(move |conn| {
            let _ = answer.send(conn.and_then(work));
        });
        if let Err(job) = self.reads.offer(job) {
            let pool = self.pool.clone();
            actix_web::web::block(move || lane::run(job, &pool))
                .await
                .map_err(|e| AppError::Internal(format!("blocking task failed: {e}")))?;
        }
        answered
            .await
            .map_err(|_| AppError::Internal("the read lane dropped a read".into()))?
    }

    /// The same, for callers outside actix (seed loader, tools).
    pub fn run_blocking<T>(
        &self,
        work: impl FnOnce(&mut DbConnection) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let mut conn = self.pool.get()?;
        noting_commits(&self.changes, || work(&mut conn))
    }
}

thread_local! {
    /// What the write transactions committed on this thread have changed,
    /// until the `Db` that lent the connection records it.
    static COMMITTED: std::cell::RefCell<Vec<changes::Change>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Run `work` and record what its write transactions committed, before
/// anyone gets its answer: an instance always reads its own writes.
fn noting_commits<T>(changes: &changes::Changes, work: impl FnOnce() -> T) -> T {
    /// Records on the way out, even when `work` panics after a commit.
    struct Recorder<'a>(&'a changes::Changes);
    impl Drop for Recorder<'_> {
        fn drop(&mut self) {
            for change in COMMITTED.take() {
                self.0.apply(change);
            }
        }
    }
    COMMITTED.with_borrow_mut(Vec::clear);
    let _recorder = Recorder(changes);
    work()
}

/// A pool of connections to `url`.
fn pool_of(url: &DatabaseUrl, size: u32) -> Result<DbPool, String> {
    Pool::builder()
        .max_size(size)
        .min_idle(Some(1))
        .connection_timeout(Duration::from_secs(5))
        // A file cannot drop the connection, so SQLite skips the SELECT 1 before
        // every use; PostgreSQL keeps it, so the pool heals after an outage.
        .test_on_check_out(url.backend == Backend::Postgres)
        .connection_customizer(Box::new(SqlitePragmas))
        .build(Manager { url: url.clone() })
        .map_err(|e| format!("cannot open a connection pool: {e}"))
}

/// libpq's messages span lines; the operator gets one.
fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The newest applied migration, as `/health` reports it.
pub fn schema_version(conn: &mut DbConnection) -> Result<String, AppError> {
    let applied = conn
        .applied_migrations()
        .map_err(|e| AppError::Unavailable(e.to_string()))?;
    Ok(applied
        .iter()
        .map(|v| v.to_string())
        .max()
        .unwrap_or_default())
}

static SQLITE_WRITER: std::sync::Mutex<()> = std::sync::Mutex::new(());

thread_local! {
    static HOLDS_WRITER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// This thread's turn to write to SQLite. A thread that already has the turn
/// (a write to a second database inside a write, as tests do) keeps it.
struct WriterTurn(Option<std::sync::MutexGuard<'static, ()>>);

impl WriterTurn {
    fn take() -> Self {
        if HOLDS_WRITER.get() {
            return Self(None);
        }
        let guard = SQLITE_WRITER.lock().unwrap_or_else(|e| e.into_inner());
        HOLDS_WRITER.set(true);
        Self(Some(guard))
    }
}

impl Drop for WriterTurn {
    fn drop(&mut self) {
        if self.0.is_some() {
            HOLDS_WRITER.set(false);
        }
    }
}

/// Key of the PostgreSQL advisory lock every write transaction holds until
/// it ends (an arbitrary constant: "PF" for portefølje).
pub const WRITE_LOCK_KEY: i64 = 0x5046;
/// How long a PostgreSQL writer waits for its turn (SQLite's busy timeout is 5 s).
const WRITE_LOCK_WAIT: Duration = Duration::from_secs(10);

/// A transaction for work that writes, one at a time per database.
///
/// SQLite takes its write lock at `BEGIN IMMEDIATE`: a deferred transaction
/// that reads first and writes later fails at once with SQLITE_BUSY when
/// another writer got there first, and the busy timeout does not help then.
///
/// PostgreSQL gets the same promise from a transaction-scoped advisory lock:
/// under READ COMMITTED two writers would each read, check (a version, an
/// approved quarter, a programme cycle) and then both write. Holding the lock
/// before the first read makes every read-check-write of every use case
/// atomic against the others, across all service instances on the database,
/// while readers never wait. The portfolio's writes are few and short, so
/// one writer at a time costs nothing a municipality would notice.
///
/// What it changed is `Change::Everything` unless the caller says less
/// with [`write_transaction_of`].
pub fn write_transaction<T>(
    conn: &mut DbConnection,
    work: impl FnOnce(&mut DbConnection) -> Result<T, AppError>,
) -> Result<T, AppError> {
    write_transaction_of(changes::Change::Everything, conn, work)
}

/// A write transaction that changes only `change`. On PostgreSQL the change
/// is announced to every instance with `NOTIFY`, which the server delivers
/// when the transaction commits and never when it rolls back.
pub fn write_transaction_of<T>(
    change: changes::Change,
    conn: &mut DbConnection,
    work: impl FnOnce(&mut DbConnection) -> Result<T, AppError>,
) -> Result<T, AppError> {
    // SQLite has one writer at a time. Writers of this process queue on a
    // lock instead of in SQLite's busy handler, which polls with growing sleeps:
    // under a burst some writers slept past their clients' timeouts.
    let _writer = match conn {
        DbConnection::Sqlite(c) => {
            let turn = WriterTurn::take();
            AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?;
            Some(turn)
        }
        DbConnection::Postgres(c) => {
            // READ COMMITTED named, not inherited: each statement after the
            // lock must see what the previous writer committed, which a
            // server default of REPEATABLE READ would hide.
            AnsiTransactionManager::begin_transaction_sql(
                c,
                "BEGIN ISOLATION LEVEL READ COMMITTED",
            )?;
            // A writer that cannot get its turn within the bound gives up
            // with 503 rather than holding a pooled connection indefinitely.
            let locked = c.batch_execute(&format!(
                "SET LOCAL lock_timeout = '{}s'; SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})",
                WRITE_LOCK_WAIT.as_secs()
            ));
            if let Err(e) = locked {
                let _ = AnsiTransactionManager::rollback_transaction(c);
                return Err(AppError::Unavailable(format!(
                    "no turn to write within {} s: {e}",
                    WRITE_LOCK_WAIT.as_secs()
                )));
            }
            None
        }
    };
    match work(conn).and_then(|value| announce(conn, change).map(|()| value)) {
        Ok(value) => {
            DbConnection::commit_transaction(conn)?;
            COMMITTED.with_borrow_mut(|c| c.push(change));
            Ok(value)
        }
        Err(e) => {
            if let Err(rollback) = DbConnection::rollback_transaction(conn) {
                log::error!("rollback failed: {rollback}");
            }
            Err(e)
        }
    }
}

/// Tell the other instances, from inside the transaction, what it changes.
fn announce(conn: &mut DbConnection, change: changes::Change) -> Result<(), AppError> {
    use diesel::RunQueryDsl;
    if let (DbConnection::Postgres(c), Some(payload)) = (conn, change.payload()) {
        diesel::sql_query("SELECT pg_notify($1, $2)")
            .bind::<diesel::sql_types::Text, _>(changes::CHANNEL)
            .bind::<diesel::sql_types::Text, _>(payload)
            .execute(c)?;
    }
    Ok(())
}

/// Run `work` as a write transaction and roll it back whatever happens:
/// an import's dry run sees exactly what a real run would, and keeps nothing.
pub fn dry_run_transaction<T>(
    conn: &mut DbConnection,
    work: impl FnOnce(&mut DbConnection) -> Result<T, AppError>,
) -> Result<T, AppError> {
    let mut outcome = None;
    let rolled_back: Result<(), AppError> = write_transaction(conn, |c| {
        outcome = Some(work(c));
        Err(AppError::Internal("dry run".into()))
    });
    drop(rolled_back);
    outcome.unwrap_or_else(|| Err(AppError::Internal("dry run did not run".into())))
}

/// Timestamps go in at microsecond precision, so both backends give back the same value.
pub fn now() -> chrono::NaiveDateTime {
    let now = chrono::Utc::now().naive_utc();
    chrono::DurationRound::duration_trunc(now, chrono::TimeDelta::microseconds(1)).unwrap_or(now)
}

/// A word read from the database as its type where no `Queryable` struct
/// reads it (those use `deserialize_as`): an unknown word is our fault, a 500.
pub fn stored_word<T>(value: &str) -> Result<T, AppError>
where
    T: TryFrom<String, Error = crate::domain::ValidationError>,
{
    T::try_from(value.to_string())
        .map_err(|e| AppError::Internal(format!("unexpected stored value: {e}")))
}

/// Turn a unique-constraint clash into a 409 that names the field
/// (`duplicate_name` for a name, `duplicate_value` for an e-mail or a code).
pub fn unique_as_conflict(
    field: &'static str,
    message: String,
) -> impl FnOnce(diesel::result::Error) -> AppError {
    move |e| match e {
        diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        ) => {
            let problem = match field {
                "name" => crate::domain::Problem::DuplicateName,
                _ => crate::domain::Problem::DuplicateValue,
            };
            AppError::conflict(Some(field), problem, message)
        }
        other => other.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_schemes() {
        assert_eq!(
            DatabaseUrl::parse("sqlite://portfolio.db").unwrap().target,
            "portfolio.db"
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:///tmp/x.db").unwrap().target,
            "/tmp/x.db"
        );
        assert_eq!(
            DatabaseUrl::parse("postgres://postgres@127.0.0.1/x")
                .unwrap()
                .backend,
            Backend::Postgres
        );
        assert!(DatabaseUrl::parse("mysql://x")
            .unwrap_err()
            .contains("mysql"));
        assert!(DatabaseUrl::parse("portfolio.db").is_err());
        assert!(DatabaseUrl::parse("sqlite://").is_err());
    }
}
