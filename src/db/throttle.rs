//! The sign-in throttle's counts, shared by every instance on the database.
//! Callers that count hold a write transaction: reading, checking and
//! counting happen under one writer's turn. Keys are stored hashed: an
//! e-mail of any length fits, and the table names nobody.

use super::schema::sign_in_attempts as t;
use super::DbConnection;
use crate::domain::throttle::{Count, WINDOW};
use crate::error::AppError;
use chrono::NaiveDateTime;
use diesel::prelude::*;

fn stored(key: &str) -> String {
    crate::secrets::token_hash(key)
}

/// The counts of these keys (a key never counted has none).
pub fn counts(c: &mut DbConnection, keys: &[String]) -> Result<Vec<(String, Count)>, AppError> {
    let hashed: Vec<String> = keys.iter().map(|k| stored(k)).collect();
    let rows: Vec<(String, i32, NaiveDateTime)> = t::table
        .filter(t::throttle_key.eq_any(&hashed))
        .select((t::throttle_key, t::attempts, t::since))
        .load(c)?;
    Ok(rows
        .into_iter()
        .filter_map(|(stored_key, attempts, since)| {
            let (key, _) = keys.iter().zip(&hashed).find(|(_, h)| **h == stored_key)?;
            Some((key.clone(), Count { attempts, since }))
        })
        .collect())
}

/// Store a key's count.
pub fn set(c: &mut DbConnection, key: &str, count: Count) -> Result<(), AppError> {
    let key = &stored(key);
    let updated = diesel::update(t::table.find(key))
        .set((t::attempts.eq(count.attempts), t::since.eq(count.since)))
        .execute(c)?;
    if updated == 0 {
        diesel::insert_into(t::table)
            .values((
                t::throttle_key.eq(key),
                t::attempts.eq(count.attempts),
                t::since.eq(count.since),
            ))
            .execute(c)?;
    }
    Ok(())
}

/// Start a key afresh.
pub fn forget(c: &mut DbConnection, key: &str) -> Result<(), AppError> {
    diesel::delete(t::table.find(stored(key))).execute(c)?;
    Ok(())
}

/// Drop the windows that have passed, so the table holds only the last
/// quarter of an hour's attempts.
pub fn forget_expired(c: &mut DbConnection, now: NaiveDateTime) -> Result<(), AppError> {
    diesel::delete(t::table.filter(t::since.le(now - WINDOW))).execute(c)?;
    Ok(())
}
