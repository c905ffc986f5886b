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
    write_transaction(c, |c| {
        let before = get(c, code)?;
        let after = store::update(c, code, change.deadline, change.state)?.into();
        audit_change(c, &who.actor, "update", "quarter", code, &before, &after)?;
        Ok(after)
    })
}
