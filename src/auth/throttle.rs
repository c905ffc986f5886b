//! Sign-in attempts are throttled per account and per address, in the
//! database, so every instance of the service counts the same attempts:
//! at most `LIMIT` passwords are verified per key within the window
//! (`domain::throttle`), and further attempts get 429 until it has passed.
//!
//! An attempt is counted when it starts, before its password is verified,
//! under the writers' turn, so that any number of parallel attempts on any
//! number of instances still verifies at most `LIMIT` passwords; a
//! successful one gives its count back. The window is measured by each
//! instance's clock: instances keep their clocks in step (NTP).

use crate::app::accounts::PasswordChange;
use crate::db::changes::Change;
use crate::db::throttle as store;
use crate::db::{now, write_transaction_of, Db, DbConnection};
use crate::domain::throttle::{admits, Count};
use crate::error::AppError;

pub use crate::domain::throttle::LIMIT;

/// Leave to verify one password for these keys.
#[must_use = "an attempt that is let go of counts as failed"]
pub struct Attempt {
    db: Db,
    keys: Vec<String>,
}

/// Counts an attempt for every key, or refuses (None) when any key has
/// used up its window. Checking and counting happen in one write transaction.
pub async fn begin(db: &Db, keys: Vec<String>) -> Result<Option<Attempt>, AppError> {
    let counted = keys.clone();
    let admitted = db
        .run(move |c| {
            // Refused without the writers' turn: a flood of attempts on a
            // blocked account or address costs one read each, not a write.
            if !admits_now(c, &counted)? {
                return Ok(false);
            }
            throttle_transaction(c, |c| count_one(c, &counted))
        })
        .await?;
    Ok(admitted.then(|| Attempt {
        db: db.clone(),
        keys,
    }))
}

/// The throttle's writes change nothing any cache shows.
fn throttle_transaction<T>(
    c: &mut DbConnection,
    work: impl FnOnce(&mut DbConnection) -> Result<T, AppError>,
) -> Result<T, AppError> {
    write_transaction_of(Change::Nothing, c, work)
}

fn admits_now(c: &mut DbConnection, keys: &[String]) -> Result<bool, AppError> {
    let counts = store::counts(c, keys)?;
    Ok(admits(counts.into_iter().map(|(_, count)| count), now()))
}

fn count_one(c: &mut DbConnection, keys: &[String]) -> Result<bool, AppError> {
    let now = now();
    store::forget_expired(c, now)?;
    let counts = store::counts(c, keys)?;
    if !admits(counts.iter().map(|(_, count)| *count), now) {
        return Ok(false);
    }
    for key in keys {
        let before = counts.iter().find(|(k, _)| k == key).map(|(_, c)| *c);
        store::set(c, key, Count::one_more(before, now))?;
    }
    Ok(true)
}

fn give_back(c: &mut DbConnection, keys: &[String]) -> Result<(), AppError> {
    for (key, count) in store::counts(c, keys)? {
        store::set(c, &key, count.one_less())?;
    }
    Ok(())
}

impl Attempt {
    /// The password was wrong: the attempt stays counted.
    pub fn failed(self) {}

    /// The password was right: the account (the first key) starts afresh,
    /// and the address gets back this attempt's own count, and only that:
    /// a shared office address is not locked out by its colleagues'
    /// successful sign-ins, while its failures still add up.
    pub async fn succeeded(self) {
        self.settle(|c, keys| {
            if let Some(account) = keys.first() {
                store::forget(c, account)?;
            }
            give_back(c, &keys[1.min(keys.len())..])
        })
        .await;
    }

    /// No password was judged (the database failed): nothing counts.
    pub async fn not_verified(self) {
        self.settle(give_back).await;
    }

    /// A give-back that fails leaves the attempt counted: the throttle errs
    /// towards caution, and the person is told nothing went wrong.
    async fn settle(
        self,
        work: impl FnOnce(&mut DbConnection, &[String]) -> Result<(), AppError> + Send + 'static,
    ) {
        let keys = self.keys;
        let done = self
            .db
            .run(move |c| throttle_transaction(c, |c| work(c, &keys)))
            .await;
        if let Err(e) = done {
            log::warn!("the sign-in throttle kept an attempt it should have given back: {e}");
        }
    }
}

/// Whoever holds a token is not necessarily its owner: changing one's own
/// password takes the present one, and guesses at it are throttled like
/// sign-ins.
pub async fn own_password_attempt(db: &Db, email: &str) -> Result<Attempt, AppError> {
    begin(db, vec![format!("account:{email}")])
        .await?
        .ok_or_else(|| {
            AppError::TooManyRequests(
                "too many wrong passwords; wait 15 minutes and try again".into(),
            )
        })
}

/// Tell the throttle how the attempt went: a right password starts the
/// account afresh, a wrong one counts, a failure that verified nothing
/// gives the attempt back.
pub async fn settle(
    attempt: Option<Attempt>,
    outcome: Result<PasswordChange, AppError>,
) -> Result<(), AppError> {
    match outcome {
        Ok(PasswordChange::Changed) => {
            if let Some(attempt) = attempt {
                attempt.succeeded().await;
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
                attempt.not_verified().await;
            }
            Err(e)
        }
    }
}
