//! Reporting quarters: everyone signed in reads them; the council creates
//! them, sets their deadline and opens or closes them.

use super::audit::{audit_change, audit_create};
use super::types::QuarterStatus;
use super::{require, Acting};
use crate::db::quarters::{self as store, QuarterRow};
use crate::db::{write_transaction, DbConnection};
use crate::domain::access::Action;
use crate::domain::quarter::{Quarter as Code, QuarterState};
use crate::error::AppError;
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

/// A reporting quarter such as `2022Q1`.
#[derive(Serialize, ToSchema)]
pub struct Quarter {
    #[schema(example = "2022Q1")]
    pub code: String,
    /// Last day for project managers to report.
    pub deadline: NaiveDate,
    pub state: QuarterStatus,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
}

impl From<QuarterRow> for Quarter {
    fn from(r: QuarterRow) -> Self {
        Self {
            state: r.state.into(),
            code: r.code.to_string(),
            deadline: r.deadline,
            first_day: r.code.first_day(),
            last_day: r.code.last_day(),
        }
    }
}

/// A quarter to create, or the new deadline and state of one: `code` as the
/// caller wrote it (e.g. `2022q1`), checked after the permission.
pub struct QuarterCommand {
    pub code: String,
    pub deadline: NaiveDate,
    pub state: QuarterState,
}

/// Every quarter, newest first.
pub fn list(c: &mut DbConnection) -> Result<Vec<Quarter>, AppError> {
    Ok(store::list(c)?.into_iter().map(Quarter::from).collect())
}

pub fn get(c: &mut DbConnection, code: Code) -> Result<Quarter, AppError> {
    store::get(c, code).map(Quarter::from)
}

/// Create a quarter (the council); its code is the field `code`.
pub fn create(
    c: &mut DbConnection,
    who: &Acting,
    new: QuarterCommand,
) -> Result<Quarter, AppError> {
    require(who.role, Action::ManagePortfolio)?;
    let row = QuarterRow::new(Code::parse("code", &new.code)?, new.deadline, new.state);
    write_transaction(c, |c| {
        let view = Quarter::from(store::create(c, &row)?);
        audit_create(c, &who.actor, "quarter", row.code, &view)?;
        Ok(view)
    })
}

/// Set a quarter's deadline and open or close it (the council); its code is
/// the path's `quarter`.
pub fn update(
    c: &mut DbConnection,
    who: &Acting,
    change: QuarterCommand,
) -> Result<Quarter, AppError> {
    require(who.role, Action::ManagePortfolio)?;
    let code = Code::parse("quarter", &change.code)?;
    changed(c, who, code, Some(change.deadline), Some(change.state))
}

/// Move a quarter's deadline (the council), keeping it open or closed.
pub fn set_deadline(
    c: &mut DbConnection,
    who: &Acting,
    code: Code,
    deadline: NaiveDate,
) -> Result<Quarter, AppError> {
    require(who.role, Action::ManagePortfolio)?;
    changed(c, who, code, Some(deadline), None)
}

/// Open or close a quarter for reporting (the council), keeping its deadline.
pub fn set_state(
    c: &mut DbConnection,
    who: &Acting,
    code: Code,
    state: QuarterState,
) -> Result<Quarter, AppError> {
    require(who.role, Action::ManagePortfolio)?;
    changed(c, who, code, None, Some(state))
}

/// Change what is given, keep the rest as stored (read in the same
/// transaction), and record the quarter before and after as an update.
fn changed(
    c: &mut DbConnection,
    who: &Acting,
    code: Code,
    deadline: Option<NaiveDate>,
    state: Option<QuarterState>,
) -> Result<Quarter, AppError> {
    write_transaction(c, |c| {
        let stored = store::get(c, code)?;
        let deadline = deadline.unwrap_or(stored.deadline);
        let state = state.unwrap_or(stored.state);
        let before = Quarter::from(stored);
        let after = store::update(c, code, deadline, state)?.into();
        audit_change(c, &who.actor, "update", "quarter", code, &before, &after)?;
        Ok(after)
    })
}

/// A quarter as the council's overview shows it: with the day Chefforum
/// approved its report, if it has.
pub struct QuarterOverview {
    pub quarter: Quarter,
    pub code: Code,
    pub approved_on: Option<NaiveDate>,
}

/// Every quarter, newest first, with its approval.
pub fn overview(c: &mut DbConnection) -> Result<Vec<QuarterOverview>, AppError> {
    let approvals = crate::db::reports::approvals(c)?;
    Ok(store::list(c)?
        .into_iter()
        .map(|row| QuarterOverview {
            code: row.code,
            approved_on: approvals
                .iter()
                .find(|(q, _)| *q == row.code)
                .map(|(_, day)| *day),
            quarter: Quarter::from(row),
        })
        .collect())
}

/// What the council is offered to create next: the quarter after the newest
/// and its proposed deadline (`domain::quarter::proposed_deadline`).
pub fn proposal(c: &mut DbConnection, today: NaiveDate) -> Result<(Code, NaiveDate), AppError> {
    let held: Vec<Code> = store::list(c)?.into_iter().map(|q| q.code).collect();
    let next = crate::domain::quarter::next_to_create(&held, today);
    Ok((next, crate::domain::quarter::proposed_deadline(next)))
}
