use super::schema::{projects, status_reports};
use super::{now, DbConnection};
use crate::domain::economy::Forecast;
use crate::domain::quarter::Quarter;
use crate::domain::status::{Colour, Parameter, StatusReport};
use crate::domain::Problem;
use crate::error::AppError;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = status_reports)]
pub struct StatusRow {
    pub id: i32,
    pub project_id: i32,
    #[diesel(deserialize_as = String)]
    pub quarter: Quarter,
    pub version: i32,
    pub is_latest: bool,
    #[diesel(deserialize_as = String)]
    pub ressourcer: Colour,
    pub ressourcer_comment: String,
    #[diesel(deserialize_as = String)]
    pub leverancer: Colour,
    pub leverancer_comment: String,
    #[diesel(deserialize_as = String)]
    pub tid: Colour,
    pub tid_comment: String,
    #[diesel(deserialize_as = String)]
    pub okonomi: Colour,
    pub okonomi_comment: String,
    pub comment: String,
    pub reported_by: Option<i32>,
    pub reported_at: NaiveDateTime,
    pub spent: Option<i64>,
    pub forecast: Option<i64>,
    pub expected_end: Option<NaiveDate>,
}

impl StatusRow {
    /// The economy reported with this version, if any.
    pub fn economy(&self) -> Option<Forecast> {
        Some(Forecast {
            spent: self.spent?,
            forecast: self.forecast?,
            expected_end: self.expected_end,
        })
    }

    pub fn colour(&self, p: Parameter) -> (Colour, &str) {
        match p {
            Parameter::Ressourcer => (self.ressourcer, &self.ressourcer_comment),
            Parameter::Leverancer => (self.leverancer, &self.leverancer_comment),
            Parameter::Tid => (self.tid, &self.tid_comment),
            Parameter::Okonomi => (self.okonomi, &self.okonomi_comment),
        }
    }
}

#[derive(Insertable)]
#[diesel(table_name = status_reports)]
struct NewStatus<'a> {
    project_id: i32,
    quarter: String,
    version: i32,
    is_latest: bool,
    ressourcer: &'a str,
    ressourcer_comment: &'a str,
    leverancer: &'a str,
    leverancer_comment: &'a str,
    tid: &'a str,
    tid_comment: &'a str,
    okonomi: &'a str,
    okonomi_comment: &'a str,
    comment: &'a str,
    reported_by: Option<i32>,
    reported_at: NaiveDateTime,
    spent: Option<i64>,
    forecast: Option<i64>,
    expected_end: Option<NaiveDate>,
}

/// Who reported and when; `at` is given by imports of old reports.
pub struct Reporter {
    pub person_id: Option<i32>,
    pub at: Option<NaiveDateTime>,
}

impl<'a> NewStatus<'a> {
    fn of(
        project_id: i32,
        quarter: String,
        version: i32,
        report: &'a StatusReport,
        reporter: &Reporter,
        at: NaiveDateTime,
    ) -> Self {
        let get = |p: Parameter| report.get(p);
        Self {
            project_id,
            quarter,
            version,
            is_latest: true,
            ressourcer: get(Parameter::Ressourcer).colour.as_str(),
            ressourcer_comment: &get(Parameter::Ressourcer).comment,
            leverancer: get(Parameter::Leverancer).colour.as_str(),
            leverancer_comment: &get(Parameter::Leverancer).comment,
            tid: get(Parameter::Tid).colour.as_str(),
            tid_comment: &get(Parameter::Tid).comment,
            okonomi: get(Parameter::Okonomi).colour.as_str(),
            okonomi_comment: &get(Parameter::Okonomi).comment,
            comment: &report.comment,
            reported_by: reporter.person_id,
            reported_at: at,
            spent: report.economy.map(|f| f.spent),
            forecast: report.economy.map(|f| f.forecast),
            expected_end: report.economy.and_then(|f| f.expected_end),
        }
    }
}

/// Store a new version of the project's report for the quarter. The caller
/// checks that the quarter takes reports; this runs inside a write transaction.
pub fn report(
    conn: &mut DbConnection,
    project_id: i32,
    quarter: Quarter,
    report: &StatusReport,
    reporter: &Reporter,
) -> Result<StatusRow, AppError> {
    let at = reporter.at.unwrap_or_else(now);
    // Touch the project row first: on PostgreSQL this row lock queues concurrent
    // reporters for the same project, so each reads the version the other wrote.
    let touched = diesel::update(projects::table.find(project_id))
        .set(projects::last_reported_at.eq(at))
        .execute(conn)?;
    if touched == 0 {
        return Err(AppError::NotFound(format!(
            "project {project_id} does not exist"
        )));
    }
    if let Some(person) = reporter.person_id {
        if !super::people::exists(conn, person)? {
            return Err(AppError::invalid(
                "reported_by",
                Problem::UnknownReference,
                format!("person {person} does not exist"),
            ));
        }
    }
    let code = quarter.to_string();
    let of_quarter = || {
        status_reports::table
            .filter(status_reports::project_id.eq(project_id))
            .filter(status_reports::quarter.eq(code.clone()))
    };
    let last: Option<i32> = of_quarter()
        .select(diesel::dsl::max(status_reports::version))
        .first(conn)?;
    diesel::update(of_quarter().filter(status_reports::is_latest.eq(true)))
        .set(status_reports::is_latest.eq(false))
        .execute(conn)?;
    let version = last.unwrap_or(0) + 1;
    let id: i32 = diesel::insert_into(status_reports::table)
        .values(NewStatus::of(
            project_id, code, version, report, reporter, at,
        ))
        .returning(status_reports::id)
        .get_result(conn)?;
    if let Some(forecast) = &report.economy {
        if !reported_later(conn, project_id, quarter)? {
            super::economy::set_forecast(conn, project_id, forecast)?;
        }
    }
    Ok(status_reports::table
        .find(id)
        .select(StatusRow::as_select())
        .first(conn)?)
}

/// Whether the project reported its economy for a quarter after this one:
/// then a correction of an older quarter leaves today's figures alone.
fn reported_later(
    conn: &mut DbConnection,
    project_id: i32,
    quarter: Quarter,
) -> Result<bool, AppError> {
    let later: i64 = status_reports::table
        .filter(status_reports::project_id.eq(project_id))
        .filter(status_reports::quarter.gt(quarter.to_string()))
        .filter(status_reports::spent.is_not_null())
        .count()
        .get_result(conn)?;
    Ok(later > 0)
}

pub fn latest(
    conn: &mut DbConnection,
    project_id: i32,
    quarter: Quarter,
) -> Result<Option<StatusRow>, AppError> {
    Ok(status_reports::table
        .filter(status_reports::project_id.eq(project_id))
        .filter(status_reports::quarter.eq(quarter.to_string()))
        .filter(status_reports::is_latest.eq(true))
        .select(StatusRow::as_select())
        .first(conn)
        .optional()?)
}

/// Every version a person is recorded as having reported, oldest first.
pub fn filed_by(conn: &mut DbConnection, person_id: i32) -> Result<Vec<StatusRow>, AppError> {
    Ok(status_reports::table
        .filter(status_reports::reported_by.eq(person_id))
        .order(status_reports::id)
        .select(StatusRow::as_select())
        .load(conn)?)
}

/// Every version of every quarter, newest quarter and version first.
pub fn history(conn: &mut DbConnection, project_id: i32) -> Result<Vec<StatusRow>, AppError> {
    Ok(status_reports::table
        .filter(status_reports::project_id.eq(project_id))
        .order((
            status_reports::quarter.desc(),
            status_reports::version.desc(),
        ))
        .select(StatusRow::as_select())
        .load(conn)?)
}

/// Parse a stored colour; the CHECK constraint keeps these valid.
/// The versions that count of the given projects' reports for one quarter.
pub fn latest_for(
    conn: &mut DbConnection,
    quarter: Quarter,
    project_ids: &[i32],
) -> Result<Vec<StatusRow>, AppError> {
    Ok(status_reports::table
        .filter(status_reports::quarter.eq(quarter.to_string()))
        .filter(status_reports::is_latest.eq(true))
        .filter(status_reports::project_id.eq_any(project_ids))
        .select(StatusRow::as_select())
        .load(conn)?)
}

/// The version that counts of the project's most recent report before `quarter`.
pub fn latest_before(
    conn: &mut DbConnection,
    project_id: i32,
    quarter: Quarter,
) -> Result<Option<StatusRow>, AppError> {
    Ok(status_reports::table
        .filter(status_reports::project_id.eq(project_id))
        .filter(status_reports::quarter.lt(quarter.to_string()))
        .filter(status_reports::is_latest.eq(true))
        .order(status_reports::quarter.desc())
        .select(StatusRow::as_select())
        .first(conn)
        .optional()?)
}
