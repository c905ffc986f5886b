//! Chefforum's decision on a quarter's report: recorded once (later ones as
//! corrections), freezing the report as it stands, with its audit record.

use super::Acting;
use crate::db::audit;
use crate::db::reports::{self as store, DecisionRow};
use crate::db::{quarters, write_transaction, DbConnection};
use crate::domain::access::Action;
use crate::domain::danish::format_date;
use crate::domain::decision::Decision;
use crate::domain::quarter::Quarter;
use crate::domain::Problem;
use crate::error::AppError;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct DecisionView {
    pub quarter: String,
    pub meeting_date: NaiveDate,
    /// E.g. "Godkendte indstillingen."
    pub text: String,
    pub case_number: Option<String>,
    pub recorded_at: DateTime<Utc>,
    /// False for a decision replaced by a correction.
    pub is_current: bool,
}

impl From<&DecisionRow> for DecisionView {
    fn from(d: &DecisionRow) -> Self {
        Self {
            quarter: d.quarter.to_string(),
            meeting_date: d.meeting_date,
            text: d.text.clone(),
            case_number: d.case_number.clone(),
            recorded_at: d.recorded_at.and_utc(),
            is_current: d.is_current,
        }
    }
}

/// Record Chefforum's decision on the quarter (Chefforum and the
/// administrator), recorded in the trail with the decision it replaced.
pub fn decide(
    c: &mut DbConnection,
    who: &Acting,
    quarter: Quarter,
    decision: &Decision,
) -> Result<DecisionView, AppError> {
    super::require(who.role, Action::Decide)?;
    write_transaction(c, |c| {
        quarters::get(c, quarter)?;
        let before = store::current_decision(c, quarter)?;
        decision
            .fits(before.is_some())
            .map_err(|problem| refused(quarter, before.as_ref(), problem))?;
        let after = DecisionView::from(&store::decide(c, quarter, decision)?);
        let before = before.as_ref().map(DecisionView::from);
        let before = before.as_ref().and_then(audit::json);
        audit::record(
            c,
            &who.actor,
            "decide",
            "decision",
            quarter,
            before,
            audit::json(&after),
        )?;
        Ok(after)
    })
}

/// Every decision on the quarter, the current one first.
pub fn history(c: &mut DbConnection, quarter: Quarter) -> Result<Vec<DecisionView>, AppError> {
    quarters::get(c, quarter)?;
    Ok(store::decision_history(c, quarter)?
        .iter()
        .map(DecisionView::from)
        .collect())
}

/// Why a decision does not fit the quarter's history, as a 409.
fn refused(quarter: Quarter, existing: Option<&DecisionRow>, problem: Problem) -> AppError {
    let message = match existing {
        Some(d) => format!(
            "Chefforum already decided on {quarter} on {}; send \"correction\": true to record a new decision",
            format_date(d.meeting_date)
        ),
        None => format!("there is no decision on {quarter} to correct"),
    };
    AppError::conflict(Some("correction"), problem, message)
}
