//! The council's baselines and tolerances: re-baselining a project with a
//! reason (the history stays), and the thresholds of the suggested colours.

use super::Acting;
use crate::db::baselines::{self as store, BaselineRow};
use crate::db::{projects, write_transaction, DbConnection};
use crate::domain::access::Action;
use crate::domain::tolerance::{has_baseline, rebaselined, Tolerances};
use crate::domain::Problem;
use crate::error::AppError;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A baseline: the plan a project is measured against.
#[derive(Serialize, ToSchema, Clone)]
pub struct BaselineView {
    pub planned_end: Option<NaiveDate>,
    /// Whole kroner.
    pub budget: i64,
    /// "Plan ved godkendelse", or why the council re-baselined.
    pub reason: String,
    /// Who re-baselined (none for the baseline recorded at approval).
    pub set_by: Option<i32>,
    pub set_at: DateTime<Utc>,
    /// False for a baseline replaced by a later one.
    pub is_current: bool,
}

impl From<BaselineRow> for BaselineView {
    fn from(r: BaselineRow) -> Self {
        Self {
            planned_end: r.planned_end,
            budget: r.budget,
            reason: r.reason,
            set_by: r.set_by,
            set_at: r.set_at.and_utc(),
            is_current: r.is_current,
        }
    }
}

/// Every baseline of a project, the current one first.
pub fn history(c: &mut DbConnection, project: i32) -> Result<Vec<BaselineView>, AppError> {
    projects::get(c, project)?;
    Ok(store::history(c, project)?
        .into_iter()
        .map(BaselineView::from)
        .collect())
}

/// A new baseline as someone asks for it.
pub struct Rebaselining {
    pub planned_end: Option<NaiveDate>,
    pub budget: i64,
    pub reason: String,
}

/// Re-baseline an approved project (the council): the new plan becomes
/// current, the old stays in the history, one audit record holds both.
pub fn rebaseline(
    c: &mut DbConnection,
    who: &Acting,
    project: i32,
    input: &Rebaselining,
) -> Result<BaselineView, AppError> {
    super::require(who.role, Action::ManagePortfolio)?;
    let (baseline, reason) = rebaselined(input.planned_end, input.budget, &input.reason)
        .map_err(|mut problems| problems.remove(0))?;
    write_transaction(c, |c| {
        let row = projects::get(c, project)?;
        if !has_baseline(row.state) {
            return Err(AppError::conflict(
                None,
                Problem::NotApproved,
                format!("project {project} is only proposed and has no baseline yet"),
            ));
        }
        let before = store::current_of(c, &[project])?
            .remove(&project)
            .map(BaselineView::from);
        let after = BaselineView::from(store::rebaseline(
            c,
            project,
            baseline,
            &reason,
            who.actor.person_id,
        )?);
        super::audit::audit_change(
            c,
            &who.actor,
            "rebaseline",
            "project",
            project,
            &before,
            &after,
        )?;
        Ok(after)
    })
}

/// The tolerances of the suggested colours.
#[derive(Serialize, Deserialize, ToSchema, Clone, Copy)]
#[serde(deny_unknown_fields)]
pub struct ToleranceView {
    /// Tid is yellow from this many months past the baseline end (default 1).
    #[schema(minimum = 0, maximum = 60)]
    pub time_yellow_months: u32,
    /// Tid is red beyond this many months (default 3).
    #[schema(minimum = 0, maximum = 60)]
    pub time_red_months: u32,
    /// Økonomi is yellow above this percentage over the baseline budget (default 0).
    #[schema(minimum = 0, maximum = 500)]
    pub cost_yellow_percent: u32,
    /// Økonomi is red above this percentage (default 10).
    #[schema(minimum = 0, maximum = 500)]
    pub cost_red_percent: u32,
}

impl From<Tolerances> for ToleranceView {
    fn from(t: Tolerances) -> Self {
        Self {
            time_yellow_months: t.time_yellow_months,
            time_red_months: t.time_red_months,
            cost_yellow_percent: t.cost_yellow_percent,
            cost_red_percent: t.cost_red_percent,
        }
    }
}

impl From<ToleranceView> for Tolerances {
    fn from(t: ToleranceView) -> Self {
        Self {
            time_yellow_months: t.time_yellow_months,
            time_red_months: t.time_red_months,
            cost_yellow_percent: t.cost_yellow_percent,
            cost_red_percent: t.cost_red_percent,
        }
    }
}

pub fn tolerances(c: &mut DbConnection) -> Result<ToleranceView, AppError> {
    Ok(store::tolerances(c)?.into())
}

/// Change the tolerances (the council), with the audit record.
pub fn set_tolerances(
    c: &mut DbConnection,
    who: &Acting,
    input: ToleranceView,
) -> Result<ToleranceView, AppError> {
    super::require(who.role, Action::ManagePortfolio)?;
    let wanted = Tolerances::from(input)
        .check()
        .map_err(|mut problems| problems.remove(0))?;
    write_transaction(c, |c| {
        let before = ToleranceView::from(store::tolerances(c)?);
        store::set_tolerances(c, &wanted)?;
        let after = ToleranceView::from(wanted);
        super::audit::audit_change(c, &who.actor, "update", "tolerances", 1, &before, &after)?;
        Ok(after)
    })
}
