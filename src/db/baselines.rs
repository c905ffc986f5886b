//! Baselines (what each project was approved with, and every re-baselining
//! since) and the council's tolerances.

use super::schema::{baselines, tolerances};
use super::{now, DbConnection};
use crate::domain::tolerance::{Baseline, Tolerances};
use crate::error::AppError;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use std::collections::HashMap;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = baselines)]
pub struct BaselineRow {
    pub id: i32,
    pub project_id: i32,
    pub planned_end: Option<NaiveDate>,
    pub budget: i64,
    pub reason: String,
    pub set_by: Option<i32>,
    pub set_at: NaiveDateTime,
    pub is_current: bool,
}

impl BaselineRow {
    pub fn baseline(&self) -> Baseline {
        Baseline {
            planned_end: self.planned_end,
            budget: self.budget,
        }
    }
}

#[derive(Insertable)]
#[diesel(table_name = baselines)]
struct NewBaseline<'a> {
    project_id: i32,
    planned_end: Option<NaiveDate>,
    budget: i64,
    reason: &'a str,
    set_by: Option<i32>,
    set_at: NaiveDateTime,
    is_current: bool,
}

/// Why the first baseline of a project was recorded.
pub const AT_APPROVAL: &str = "Plan ved godkendelse";

/// Record the baselines of newly approved projects that have none yet, a
/// thousand to a statement.
pub fn record_initial(conn: &mut DbConnection, plans: &[(i32, Baseline)]) -> Result<(), AppError> {
    let ids: Vec<i32> = plans.iter().map(|(id, _)| *id).collect();
    let existing = current_of(conn, &ids)?;
    let at = now();
    let rows: Vec<NewBaseline> = plans
        .iter()
        .filter(|(id, _)| !existing.contains_key(id))
        .map(|(id, b)| NewBaseline {
            project_id: *id,
            planned_end: b.planned_end,
            budget: b.budget,
            reason: AT_APPROVAL,
            set_by: None,
            set_at: at,
            is_current: true,
        })
        .collect();
    for chunk in rows.chunks(1000) {
        let insert = diesel::insert_into(baselines::table).values(chunk);
        // The MultiConnection enum does not take multi-row inserts; its members do.
        match conn {
            DbConnection::Sqlite(c) => insert.execute(c)?,
            DbConnection::Postgres(c) => insert.execute(c)?,
        };
    }
    Ok(())
}

/// Set a project's baseline at approval, replacing every baseline it has
/// (for loading a portfolio's history, not for the council's re-baselining).
pub fn replace_initial(
    conn: &mut DbConnection,
    project_id: i32,
    baseline: Baseline,
    reason: &str,
) -> Result<(), AppError> {
    diesel::delete(baselines::table.filter(baselines::project_id.eq(project_id))).execute(conn)?;
    diesel::insert_into(baselines::table)
        .values(NewBaseline {
            project_id,
            planned_end: baseline.planned_end,
            budget: baseline.budget,
            reason,
            set_by: None,
            set_at: now(),
            is_current: true,
        })
        .execute(conn)?;
    Ok(())
}

/// Replace the current baseline; the old one stays as history.
pub fn rebaseline(
    conn: &mut DbConnection,
    project_id: i32,
    baseline: Baseline,
    reason: &str,
    by: Option<i32>,
) -> Result<BaselineRow, AppError> {
    diesel::update(
        baselines::table
            .filter(baselines::project_id.eq(project_id))
            .filter(baselines::is_current.eq(true)),
    )
    .set(baselines::is_current.eq(false))
    .execute(conn)?;
    let id: i32 = diesel::insert_into(baselines::table)
        .values(NewBaseline {
            project_id,
            planned_end: baseline.planned_end,
            budget: baseline.budget,
            reason,
            set_by: by,
            set_at: now(),
            is_current: true,
        })
        .returning(baselines::id)
        .get_result(conn)?;
    Ok(baselines::table
        .find(id)
        .select(BaselineRow::as_select())
        .first(conn)?)
}

/// Every baseline of a project, the current one first, then newest first.
pub fn history(conn: &mut DbConnection, project_id: i32) -> Result<Vec<BaselineRow>, AppError> {
    Ok(baselines::table
        .filter(baselines::project_id.eq(project_id))
        .order((baselines::is_current.desc(), baselines::id.desc()))
        .select(BaselineRow::as_select())
        .load(conn)?)
}

/// The current baseline of each of these projects, a thousand to a query.
pub fn current_of(
    conn: &mut DbConnection,
    ids: &[i32],
) -> Result<HashMap<i32, BaselineRow>, AppError> {
    let mut found = HashMap::new();
    for chunk in ids.chunks(1000) {
        let rows: Vec<BaselineRow> = baselines::table
            .filter(baselines::project_id.eq_any(chunk))
            .filter(baselines::is_current.eq(true))
            .select(BaselineRow::as_select())
            .load(conn)?;
        found.extend(rows.into_iter().map(|r| (r.project_id, r)));
    }
    Ok(found)
}

/// Every project's current baseline, for the report.
pub fn all_current(conn: &mut DbConnection) -> Result<HashMap<i32, Baseline>, AppError> {
    let rows: Vec<BaselineRow> = baselines::table
        .filter(baselines::is_current.eq(true))
        .select(BaselineRow::as_select())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| (r.project_id, r.baseline()))
        .collect())
}

pub fn tolerances(conn: &mut DbConnection) -> Result<Tolerances, AppError> {
    let row: Option<(i32, i32, i32, i32)> = tolerances::table
        .select((
            tolerances::time_yellow_months,
            tolerances::time_red_months,
            tolerances::cost_yellow_percent,
            tolerances::cost_red_percent,
        ))
        .first(conn)
        .optional()?;
    let unsigned = |v: i32| u32::try_from(v).unwrap_or_default();
    Ok(
        row.map_or_else(Tolerances::default, |(ty, tr, cy, cr)| Tolerances {
            time_yellow_months: unsigned(ty),
            time_red_months: unsigned(tr),
            cost_yellow_percent: unsigned(cy),
            cost_red_percent: unsigned(cr),
        }),
    )
}

pub fn set_tolerances(conn: &mut DbConnection, t: &Tolerances) -> Result<(), AppError> {
    let signed = |v: u32| i32::try_from(v).unwrap_or(i32::MAX);
    diesel::update(tolerances::table.find(1))
        .set((
            tolerances::time_yellow_months.eq(signed(t.time_yellow_months)),
            tolerances::time_red_months.eq(signed(t.time_red_months)),
            tolerances::cost_yellow_percent.eq(signed(t.cost_yellow_percent)),
            tolerances::cost_red_percent.eq(signed(t.cost_red_percent)),
        ))
        .execute(conn)?;
    Ok(())
}
