//! The council's assessments (ITP-vurdering), one per project and quarter.

use super::schema::council_assessments as ca;
use super::{now, stored_word, DbConnection};
use crate::domain::assessment::Assessment;
use crate::domain::quarter::Quarter;
use crate::domain::report::AssessmentFacts;
use crate::domain::status::Colour;
use crate::error::AppError;
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = ca)]
pub struct AssessmentRow {
    pub id: i32,
    pub project_id: i32,
    pub quarter: String,
    pub ressourcer: Option<String>,
    pub ressourcer_comment: String,
    pub leverancer: Option<String>,
    pub leverancer_comment: String,
    pub tid: Option<String>,
    pub tid_comment: String,
    pub okonomi: Option<String>,
    pub okonomi_comment: String,
    pub comment: String,
    pub assessed_by: Option<i32>,
    pub assessed_at: NaiveDateTime,
}

impl AssessmentRow {
    pub fn assessment(&self) -> Result<Assessment, AppError> {
        let colour = |c: &Option<String>| c.as_deref().map(stored_word::<Colour>).transpose();
        Ok(Assessment {
            colours: [
                colour(&self.ressourcer)?,
                colour(&self.leverancer)?,
                colour(&self.tid)?,
                colour(&self.okonomi)?,
            ],
            comments: [
                self.ressourcer_comment.clone(),
                self.leverancer_comment.clone(),
                self.tid_comment.clone(),
                self.okonomi_comment.clone(),
            ],
            comment: self.comment.clone(),
        })
    }
}

pub fn get(
    c: &mut DbConnection,
    project: i32,
    quarter: Quarter,
) -> Result<Option<AssessmentRow>, AppError> {
    Ok(ca::table
        .filter(ca::project_id.eq(project))
        .filter(ca::quarter.eq(quarter.to_string()))
        .select(AssessmentRow::as_select())
        .first(c)
        .optional()?)
}

/// Replace the project's assessment of the quarter.
pub fn set(
    c: &mut DbConnection,
    project: i32,
    quarter: Quarter,
    a: &Assessment,
    by: Option<i32>,
) -> Result<AssessmentRow, AppError> {
    remove(c, project, quarter)?;
    let word = |i: usize| a.colours[i].map(|c| c.as_str());
    diesel::insert_into(ca::table)
        .values((
            ca::project_id.eq(project),
            ca::quarter.eq(quarter.to_string()),
            ca::ressourcer.eq(word(0)),
            ca::ressourcer_comment.eq(&a.comments[0]),
            ca::leverancer.eq(word(1)),
            ca::leverancer_comment.eq(&a.comments[1]),
            ca::tid.eq(word(2)),
            ca::tid_comment.eq(&a.comments[2]),
            ca::okonomi.eq(word(3)),
            ca::okonomi_comment.eq(&a.comments[3]),
            ca::comment.eq(&a.comment),
            ca::assessed_by.eq(by),
            ca::assessed_at.eq(now()),
        ))
        .execute(c)?;
    get(c, project, quarter)?.ok_or_else(|| AppError::Internal("assessment not stored".into()))
}

pub fn remove(c: &mut DbConnection, project: i32, quarter: Quarter) -> Result<(), AppError> {
    diesel::delete(
        ca::table
            .filter(ca::project_id.eq(project))
            .filter(ca::quarter.eq(quarter.to_string())),
    )
    .execute(c)?;
    Ok(())
}

/// Every assessment of the quarter, for its report.
pub fn of_quarter(
    c: &mut DbConnection,
    quarter: Quarter,
) -> Result<Vec<AssessmentFacts>, AppError> {
    let rows: Vec<AssessmentRow> = ca::table
        .filter(ca::quarter.eq(quarter.to_string()))
        .select(AssessmentRow::as_select())
        .load(c)?;
    rows.into_iter()
        .map(|r| {
            Ok(AssessmentFacts {
                project_id: r.project_id,
                quarter,
                assessment: r.assessment()?,
            })
        })
        .collect()
}
