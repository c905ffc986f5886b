//! The mail outbox and the quarters' reminder plans. A mail is stored before
//! it is sent; its key is unique, and a sender claims it with one
//! conditional update, so no mail is queued or sent twice.

use super::schema::{mail_outbox, reminder_plans};
use super::DbConnection;
use crate::domain::quarter::Quarter;
use crate::domain::reminders::{MailKind, Plan};
use crate::error::AppError;
use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

/// A mail as it is queued.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = mail_outbox)]
pub struct NewMail {
    pub dedup_key: String,
    pub quarter: String,
    pub kind: String,
    pub person_id: Option<i32>,
    pub recipient: String,
    /// Addresses in copy, comma-separated.
    pub cc: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    /// The projects it is about, as a JSON list of names.
    pub projects: String,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = mail_outbox)]
pub struct MailRow {
    pub id: i32,
    pub dedup_key: String,
    #[diesel(deserialize_as = String)]
    pub quarter: Quarter,
    #[diesel(deserialize_as = String)]
    pub kind: MailKind,
    pub person_id: Option<i32>,
    pub recipient: String,
    pub cc: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub projects: String,
    pub created_at: NaiveDateTime,
    pub state: String,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub claimed_until: Option<NaiveDateTime>,
    pub sent_at: Option<NaiveDateTime>,
    pub last_error: Option<String>,
}

/// Queue a mail unless one with its key exists: the new row, or `None`.
/// The caller holds the write lock, and the unique key is the backstop.
pub fn queue(
    conn: &mut DbConnection,
    mail: &NewMail,
    at: NaiveDateTime,
) -> Result<Option<MailRow>, AppError> {
    let taken: i64 = mail_outbox::table
        .filter(mail_outbox::dedup_key.eq(&mail.dedup_key))
        .count()
        .get_result(conn)?;
    if taken > 0 {
        return Ok(None);
    }
    let id: i32 = diesel::insert_into(mail_outbox::table)
        .values((
            mail,
            mail_outbox::created_at.eq(at),
            mail_outbox::state.eq("queued"),
            mail_outbox::attempts.eq(0),
            mail_outbox::next_attempt_at.eq(at),
        ))
        .returning(mail_outbox::id)
        .get_result(conn)?;
    get(conn, id).map(Some)
}

pub fn get(conn: &mut DbConnection, id: i32) -> Result<MailRow, AppError> {
    Ok(mail_outbox::table
        .find(id)
        .select(MailRow::as_select())
        .first(conn)?)
}

/// A quarter's mails, newest first.
pub fn for_quarter(conn: &mut DbConnection, quarter: Quarter) -> Result<Vec<MailRow>, AppError> {
    Ok(mail_outbox::table
        .filter(mail_outbox::quarter.eq(quarter.to_string()))
        .order(mail_outbox::id.desc())
        .select(MailRow::as_select())
        .load(conn)?)
}

/// Claim the next mail due at `at` for `lease`: moved from queued to
/// sending only if it still is queued, so two senders never get the same.
pub fn claim_next(
    conn: &mut DbConnection,
    at: NaiveDateTime,
    lease: TimeDelta,
) -> Result<Option<MailRow>, AppError> {
    let due: Vec<i32> = mail_outbox::table
        .filter(mail_outbox::state.eq("queued"))
        .filter(mail_outbox::next_attempt_at.le(at))
        .order(mail_outbox::id)
        .select(mail_outbox::id)
        .limit(10)
        .load(conn)?;
    for id in due {
        let claimed = diesel::update(
            mail_outbox::table
                .find(id)
                .filter(mail_outbox::state.eq("queued")),
        )
        .set((
            mail_outbox::state.eq("sending"),
            mail_outbox::claimed_until.eq(at + lease),
            mail_outbox::attempts.eq(mail_outbox::attempts + 1),
        ))
        .execute(conn)?;
        if claimed == 1 {
            return get(conn, id).map(Some);
        }
    }
    Ok(None)
}

/// Settle a claimed mail: sent, to be retried at `retry`, or failed for good.
pub fn settle(
    conn: &mut DbConnection,
    id: i32,
    outcome: Settled<'_>,
    at: NaiveDateTime,
) -> Result<(), AppError> {
    let row = mail_outbox::table
        .find(id)
        .filter(mail_outbox::state.eq("sending"));
    match outcome {
        Settled::Sent => diesel::update(row)
            .set((
                mail_outbox::state.eq("sent"),
                mail_outbox::sent_at.eq(at),
                mail_outbox::last_error.eq(None::<String>),
            ))
            .execute(conn)?,
        Settled::Retry { error, next } => diesel::update(row)
            .set((
                mail_outbox::state.eq("queued"),
                mail_outbox::next_attempt_at.eq(next),
                mail_outbox::last_error.eq(error),
            ))
            .execute(conn)?,
        Settled::Failed(error) => diesel::update(row)
            .set((
                mail_outbox::state.eq("failed"),
                mail_outbox::last_error.eq(error),
            ))
            .execute(conn)?,
        Settled::Cancelled(reason) => diesel::update(row)
            .set((
                mail_outbox::state.eq("cancelled"),
                mail_outbox::last_error.eq(reason),
            ))
            .execute(conn)?,
    };
    Ok(())
}

/// How a claimed mail ended.
pub enum Settled<'a> {
    Sent,
    Retry {
        error: &'a str,
        next: NaiveDateTime,
    },
    Failed(&'a str),
    /// Not sent: no longer needed (the reports arrived, the quarter closed).
    Cancelled(&'a str),
}

/// Mails whose sender stopped mid-send (a crash, a killed instance): they may
/// have gone out, so they are never sent again but shown as failed with why.
pub fn abandon_stale(conn: &mut DbConnection, at: NaiveDateTime) -> Result<Vec<i32>, AppError> {
    let stale = mail_outbox::table
        .filter(mail_outbox::state.eq("sending"))
        .filter(mail_outbox::claimed_until.lt(at));
    let ids: Vec<i32> = stale.select(mail_outbox::id).load(conn)?;
    diesel::update(mail_outbox::table.filter(mail_outbox::id.eq_any(&ids)))
        .set((
            mail_outbox::state.eq("failed"),
            mail_outbox::last_error.eq(STOPPED_MID_SEND),
        ))
        .execute(conn)?;
    Ok(ids)
}

/// Why a mail left mid-send is not retried.
pub const STOPPED_MID_SEND: &str =
    "the sender stopped while sending; it may have been delivered, so it is not sent again";

/// A quarter's plan: its own, or the defaults.
pub fn plan(conn: &mut DbConnection, quarter: Quarter) -> Result<Plan, AppError> {
    let stored: Option<(i32, i32, bool)> = reminder_plans::table
        .find(quarter.to_string())
        .select((
            reminder_plans::days_before,
            reminder_plans::every_days,
            reminder_plans::active,
        ))
        .first(conn)
        .optional()?;
    Ok(match stored {
        Some((days_before, every_days, active)) => Plan {
            days_before,
            every_days,
            active,
        },
        None => Plan::default(),
    })
}

pub fn set_plan(conn: &mut DbConnection, quarter: Quarter, plan: Plan) -> Result<(), AppError> {
    let code = quarter.to_string();
    diesel::delete(reminder_plans::table.find(&code)).execute(conn)?;
    diesel::insert_into(reminder_plans::table)
        .values((
            reminder_plans::quarter.eq(code),
            reminder_plans::days_before.eq(plan.days_before),
            reminder_plans::every_days.eq(plan.every_days),
            reminder_plans::active.eq(plan.active),
        ))
        .execute(conn)?;
    Ok(())
}
