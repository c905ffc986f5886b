//! Benefits, their measured values, and the completed projects whose
//! benefits follow-up the report lists.

use super::schema::{benefit_readings, benefits, departments, projects};
use super::DbConnection;
use crate::domain::benefit::Benefit;
use crate::domain::project::Lifecycle;
use crate::error::AppError;
use chrono::NaiveDate;
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = benefits)]
pub struct BenefitRow {
    pub id: i32,
    pub project_id: i32,
    pub what: String,
    pub owner: String,
    pub measure: String,
    pub baseline_value: Option<f64>,
    pub target_value: Option<f64>,
    pub due: Option<NaiveDate>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = benefit_readings)]
pub struct ReadingRow {
    pub id: i32,
    pub benefit_id: i32,
    pub measured_on: NaiveDate,
    pub value: f64,
    pub note: String,
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = benefits, treat_none_as_null = true)]
struct BenefitData<'a> {
    what: &'a str,
    owner: &'a str,
    measure: &'a str,
    baseline_value: Option<f64>,
    target_value: Option<f64>,
    due: Option<NaiveDate>,
}

impl<'a> From<&'a Benefit> for BenefitData<'a> {
    fn from(b: &'a Benefit) -> Self {
        Self {
            what: &b.what,
            owner: &b.owner,
            measure: &b.measure,
            baseline_value: b.baseline_value,
            target_value: b.target_value,
            due: b.due,
        }
    }
}

pub fn get(c: &mut DbConnection, id: i32) -> Result<BenefitRow, AppError> {
    benefits::table
        .find(id)
        .select(BenefitRow::as_select())
        .first(c)
        .optional()?
        .ok_or_else(|| AppError::NotFound(format!("benefit {id} does not exist")))
}

pub fn create(c: &mut DbConnection, project: i32, b: &Benefit) -> Result<BenefitRow, AppError> {
    let id: i32 = diesel::insert_into(benefits::table)
        .values((BenefitData::from(b), benefits::project_id.eq(project)))
        .returning(benefits::id)
        .get_result(c)?;
    get(c, id)
}

pub fn update(c: &mut DbConnection, id: i32, b: &Benefit) -> Result<BenefitRow, AppError> {
    diesel::update(benefits::table.find(id))
        .set(BenefitData::from(b))
        .execute(c)?;
    get(c, id)
}

pub fn delete(c: &mut DbConnection, id: i32) -> Result<(), AppError> {
    diesel::delete(benefit_readings::table.filter(benefit_readings::benefit_id.eq(id)))
        .execute(c)?;
    diesel::delete(benefits::table.find(id)).execute(c)?;
    Ok(())
}

pub fn add_reading(
    c: &mut DbConnection,
    benefit: i32,
    (on, value, note): (NaiveDate, f64, &str),
) -> Result<(), AppError> {
    diesel::insert_into(benefit_readings::table)
        .values((
            benefit_readings::benefit_id.eq(benefit),
            benefit_readings::measured_on.eq(on),
            benefit_readings::value.eq(value),
            benefit_readings::note.eq(note),
        ))
        .execute(c)?;
    Ok(())
}

/// A project's benefits, each with its readings by date.
pub fn of_project(
    c: &mut DbConnection,
    project: i32,
) -> Result<Vec<(BenefitRow, Vec<ReadingRow>)>, AppError> {
    let rows: Vec<BenefitRow> = benefits::table
        .filter(benefits::project_id.eq(project))
        .order(benefits::id)
        .select(BenefitRow::as_select())
        .load(c)?;
    let ids: Vec<i32> = rows.iter().map(|b| b.id).collect();
    let readings: Vec<ReadingRow> = benefit_readings::table
        .filter(benefit_readings::benefit_id.eq_any(&ids))
        .order((benefit_readings::measured_on, benefit_readings::id))
        .select(ReadingRow::as_select())
        .load(c)?;
    Ok(rows
        .into_iter()
        .map(|b| {
            let own = readings
                .iter()
                .filter(|r| r.benefit_id == b.id)
                .cloned()
                .collect();
            (b, own)
        })
        .collect())
}

/// Every benefit of a project and its values (the project is deleted).
pub fn delete_of_project(c: &mut DbConnection, project: i32) -> Result<(), AppError> {
    let ids: Vec<i32> = benefits::table
        .filter(benefits::project_id.eq(project))
        .select(benefits::id)
        .load(c)?;
    diesel::delete(benefit_readings::table.filter(benefit_readings::benefit_id.eq_any(&ids)))
        .execute(c)?;
    diesel::delete(benefits::table.filter(benefits::project_id.eq(project))).execute(c)?;
    Ok(())
}

/// A completed project as its benefits follow-up needs it: id, name,
/// department, end date, follow-up done, number of benefits.
pub type CompletedRow = (
    i32,
    String,
    String,
    Option<NaiveDate>,
    Option<NaiveDate>,
    i64,
);

/// Every completed project with its follow-up and number of benefits.
pub fn completed(c: &mut DbConnection) -> Result<Vec<CompletedRow>, AppError> {
    let rows: Vec<(i32, String, String, Option<NaiveDate>)> = projects::table
        .inner_join(departments::table)
        .filter(projects::state.eq(Lifecycle::Completed.as_str()))
        .select((
            projects::id,
            projects::name,
            departments::name,
            projects::ended_on,
        ))
        .load(c)?;
    let ids: Vec<i32> = rows.iter().map(|r| r.0).collect();
    let economy = super::economy::of(c, &ids)?;
    let done = |id: i32| economy.get(&id).and_then(|e| e.benefits_followed_up);
    let counts: Vec<(i32, i64)> = benefits::table
        .group_by(benefits::project_id)
        .select((benefits::project_id, diesel::dsl::count_star()))
        .load(c)?;
    let count = |id: i32| counts.iter().find(|(p, _)| *p == id).map_or(0, |(_, n)| *n);
    Ok(rows
        .into_iter()
        .map(|(id, name, department, ended)| (id, name, department, ended, done(id), count(id)))
        .collect())
}
