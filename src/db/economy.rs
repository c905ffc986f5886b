//! A project's economy beside it (one row per project, in `project_economy`):
//! what the council plans and what the project manager last forecast.

use super::schema::project_economy;
use super::DbConnection;
use crate::domain::economy::{EconomyPlan, Forecast, ForecastInput};
use crate::domain::status::StatusReport;
use crate::error::AppError;
use chrono::NaiveDate;
use diesel::prelude::*;
use std::collections::HashMap;

#[derive(Debug, Clone, Default, Queryable, Selectable, Insertable)]
#[diesel(table_name = project_economy)]
pub struct EconomyRow {
    pub project_id: i32,
    pub forecast: Option<i64>,
    /// The end the project manager last reported as expected.
    pub expected_end: Option<NaiveDate>,
    pub operating_from: Option<i32>,
    pub financing_department_id: Option<i32>,
    pub benefit_yearly: i64,
    pub benefit_from: Option<i32>,
    pub contract_end: Option<NaiveDate>,
    /// When the benefits follow-up after completion was done.
    pub benefits_followed_up: Option<NaiveDate>,
}

impl EconomyRow {
    pub fn plan(&self) -> EconomyPlan {
        EconomyPlan {
            forecast: self.forecast,
            operating_from: self.operating_from,
            financing_department_id: self.financing_department_id,
            benefit_yearly: self.benefit_yearly,
            benefit_from: self.benefit_from,
            contract_end: self.contract_end,
        }
    }

    /// The plan, with what the plan does not hold kept from `kept`.
    fn of(project_id: i32, plan: &EconomyPlan, kept: &EconomyRow) -> Self {
        Self {
            project_id,
            forecast: plan.forecast,
            expected_end: kept.expected_end,
            benefits_followed_up: kept.benefits_followed_up,
            operating_from: plan.operating_from,
            financing_department_id: plan.financing_department_id,
            benefit_yearly: plan.benefit_yearly,
            benefit_from: plan.benefit_from,
            contract_end: plan.contract_end,
        }
    }
}

/// The economy of new projects, a thousand to a statement.
pub fn insert(conn: &mut DbConnection, plans: &[(i32, &EconomyPlan)]) -> Result<(), AppError> {
    // 8 parameters a row stays below both backends' limits on parameters.
    for chunk in plans.chunks(1000) {
        let rows: Vec<EconomyRow> = chunk
            .iter()
            .map(|(id, plan)| EconomyRow::of(*id, plan, &EconomyRow::default()))
            .collect();
        let insert = diesel::insert_into(project_economy::table).values(&rows);
        // The MultiConnection enum does not take multi-row inserts; its members do.
        match conn {
            DbConnection::Sqlite(c) => insert.execute(c)?,
            DbConnection::Postgres(c) => insert.execute(c)?,
        };
    }
    Ok(())
}

/// Replace the plan the council keeps; the last reported end stays.
pub fn set_plan(conn: &mut DbConnection, id: i32, plan: &EconomyPlan) -> Result<(), AppError> {
    let kept = get(conn, id)?;
    diesel::delete(project_economy::table.find(id)).execute(conn)?;
    diesel::insert_into(project_economy::table)
        .values(EconomyRow::of(id, plan, &kept))
        .execute(conn)?;
    Ok(())
}

/// What the project manager reported becomes the project's current
/// economy; the project's version moves, so an edit read before it cannot
/// silently put the old figures back.
pub fn set_forecast(conn: &mut DbConnection, id: i32, f: &Forecast) -> Result<(), AppError> {
    use super::schema::projects;
    diesel::update(projects::table.find(id))
        .set((
            projects::spent.eq(f.spent),
            projects::version.eq(projects::version + 1),
            projects::updated_at.eq(super::now()),
        ))
        .execute(conn)?;
    diesel::update(project_economy::table.find(id))
        .set((
            project_economy::forecast.eq(f.forecast),
            project_economy::expected_end.eq(f.expected_end),
        ))
        .execute(conn)?;
    Ok(())
}

/// What a project's economy stands at now, to complete a partial report:
/// spent, the forecast (the budget when none) and the expected end (the planned end when none).
pub fn known_forecast(conn: &mut DbConnection, id: i32) -> Result<Forecast, AppError> {
    use super::schema::projects;
    let (spent, budget, planned_end): (i64, i64, Option<NaiveDate>) = projects::table
        .find(id)
        .select((projects::spent, projects::budget, projects::planned_end))
        .first(conn)
        .optional()?
        .ok_or_else(|| AppError::NotFound(format!("project {id} does not exist")))?;
    let e = get(conn, id)?;
    Ok(Forecast {
        spent,
        forecast: e.forecast.unwrap_or(budget),
        expected_end: e.expected_end.or(planned_end),
    })
}

/// The report with its economy completed from what the project's economy
/// stands at (the domain's rule); the API, the form and the import share it.
pub fn with_reported(
    c: &mut DbConnection,
    project: i32,
    report: &StatusReport,
    economy: ForecastInput,
) -> Result<StatusReport, AppError> {
    let mut report = report.clone();
    if !economy.is_empty() {
        let known = known_forecast(c, project)?;
        report.economy = economy
            .complete(known)
            .map_err(|mut problems| problems.remove(0))?;
    }
    Ok(report)
}

/// Record that the benefits follow-up of a completed project was done.
pub fn set_followed_up(
    conn: &mut DbConnection,
    id: i32,
    on: Option<NaiveDate>,
) -> Result<(), AppError> {
    diesel::update(project_economy::table.find(id))
        .set(project_economy::benefits_followed_up.eq(on))
        .execute(conn)?;
    Ok(())
}

/// A project's economy (the defaults for a project that has none stored).
pub fn get(conn: &mut DbConnection, id: i32) -> Result<EconomyRow, AppError> {
    Ok(project_economy::table
        .find(id)
        .select(EconomyRow::as_select())
        .first(conn)
        .optional()?
        .unwrap_or(EconomyRow {
            project_id: id,
            ..EconomyRow::default()
        }))
}

/// The economy of each of these projects, a thousand to a query.
pub fn of(conn: &mut DbConnection, ids: &[i32]) -> Result<HashMap<i32, EconomyRow>, AppError> {
    let mut found = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(1000) {
        let rows: Vec<EconomyRow> = project_economy::table
            .filter(project_economy::project_id.eq_any(chunk))
            .select(EconomyRow::as_select())
            .load(conn)?;
        found.extend(rows.into_iter().map(|r| (r.project_id, r)));
    }
    Ok(found)
}

/// Every project's economy, for the report.
pub fn all(conn: &mut DbConnection) -> Result<HashMap<i32, EconomyRow>, AppError> {
    let rows: Vec<EconomyRow> = project_economy::table
        .select(EconomyRow::as_select())
        .load(conn)?;
    Ok(rows.into_iter().map(|r| (r.project_id, r)).collect())
}
