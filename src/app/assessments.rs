//! IT-projektrådet's assessment (ITP-vurdering) of a project's quarter: the
//! council sets its own colour and why per parameter, beside the project
//! manager's, until Chefforum has approved the quarter.

use super::types::StatusColour;
use super::Acting;
use crate::db::assessments::{self as store, AssessmentRow};
use crate::db::{projects, quarters, reports, write_transaction, DbConnection};
use crate::domain::access::Action;
use crate::domain::assessment::Assessment;
use crate::domain::quarter::Quarter;
use crate::domain::status::Parameter;
use crate::domain::Problem;
use crate::error::AppError;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// The council's view of one parameter (colour null: no own assessment).
#[derive(Serialize, ToSchema, Clone)]
pub struct AssessedParameter {
    pub colour: Option<StatusColour>,
    pub comment: String,
}

#[derive(Serialize, ToSchema, Clone)]
pub struct AssessmentView {
    pub project_id: i32,
    pub quarter: String,
    pub ressourcer: AssessedParameter,
    pub leverancer: AssessedParameter,
    pub tid: AssessedParameter,
    pub okonomi: AssessedParameter,
    pub comment: String,
    pub assessed_by: Option<i32>,
    pub assessed_at: DateTime<Utc>,
}

impl TryFrom<AssessmentRow> for AssessmentView {
    type Error = AppError;
    fn try_from(r: AssessmentRow) -> Result<Self, AppError> {
        let a = r.assessment()?;
        let of = |p: Parameter| AssessedParameter {
            colour: a.colour(p).map(Into::into),
            comment: a.comments[p as usize].clone(),
        };
        Ok(Self {
            project_id: r.project_id,
            quarter: r.quarter.clone(),
            ressourcer: of(Parameter::Ressourcer),
            leverancer: of(Parameter::Leverancer),
            tid: of(Parameter::Tid),
            okonomi: of(Parameter::Okonomi),
            comment: a.comment,
            assessed_by: r.assessed_by,
            assessed_at: r.assessed_at.and_utc(),
        })
    }
}

/// The council's assessment of the project's quarter, if it made one.
pub fn get(
    c: &mut DbConnection,
    project: i32,
    quarter: Quarter,
) -> Result<Option<AssessmentView>, AppError> {
    projects::get(c, project)?;
    quarters::get(c, quarter)?;
    store::get(c, project, quarter)?
        .map(AssessmentView::try_from)
        .transpose()
}

/// Set the council's assessment (replacing any before) in one transaction
/// with its audit record; an approved quarter stays as Chefforum saw it.
pub fn assess(
    c: &mut DbConnection,
    who: &Acting,
    project: i32,
    quarter: Quarter,
    assessment: &Assessment,
) -> Result<AssessmentView, AppError> {
    super::require(who.role, Action::ManagePortfolio)?;
    write_transaction(c, |c| {
        projects::get(c, project)?;
        quarters::get(c, quarter)?;
        if reports::current_decision(c, quarter)?.is_some() {
            return Err(AppError::conflict(
                None,
                Problem::QuarterApproved,
                format!("Chefforum has approved {quarter}; its report is frozen"),
            ));
        }
        let before = store::get(c, project, quarter)?
            .map(AssessmentView::try_from)
            .transpose()?;
        let after = AssessmentView::try_from(store::set(
            c,
            project,
            quarter,
            assessment,
            who.actor.person_id,
        )?)?;
        let id = format!("{project}/{quarter}");
        super::audit::audit_change(c, &who.actor, "assess", "assessment", id, &before, &after)?;
        Ok(after)
    })
}
