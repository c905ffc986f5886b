//! Benefits realisation: the project's owner, manager or the council keeps
//! its benefits and records the values measured; after completion they
//! record the follow-up done.

use super::Acting;
use crate::db::benefits::{self as store, BenefitRow, ReadingRow};
use crate::db::{economy, projects, write_transaction, DbConnection};
use crate::domain::benefit::{follow_up_due, reading, Benefit, BenefitInput};
use crate::error::AppError;
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema, Clone)]
pub struct ReadingView {
    pub measured_on: NaiveDate,
    pub value: f64,
    pub note: String,
}

/// A benefit with the values measured, oldest first.
#[derive(Serialize, ToSchema, Clone)]
pub struct BenefitView {
    pub id: i32,
    pub project_id: i32,
    /// What the benefit is, e.g. "Lavere licensudgifter".
    pub what: String,
    /// Who answers for realising it.
    pub owner: String,
    /// How it is measured, e.g. "Licensudgift pr. år i kr.".
    pub measure: String,
    pub baseline_value: Option<f64>,
    pub target_value: Option<f64>,
    /// When the target should be reached.
    pub due: Option<NaiveDate>,
    pub readings: Vec<ReadingView>,
}

impl BenefitView {
    fn of(b: BenefitRow, readings: Vec<ReadingRow>) -> Self {
        Self {
            id: b.id,
            project_id: b.project_id,
            what: b.what,
            owner: b.owner,
            measure: b.measure,
            baseline_value: b.baseline_value,
            target_value: b.target_value,
            due: b.due,
            readings: readings
                .into_iter()
                .map(|r| ReadingView {
                    measured_on: r.measured_on,
                    value: r.value,
                    note: r.note,
                })
                .collect(),
        }
    }
}

/// A project's benefits and where its follow-up stands.
#[derive(Serialize, ToSchema, Clone)]
pub struct BenefitsView {
    pub benefits: Vec<BenefitView>,
    /// Twelve months after completion; null until the project is completed.
    pub follow_up_due: Option<NaiveDate>,
    /// When the follow-up was done.
    pub followed_up: Option<NaiveDate>,
}

pub fn list(c: &mut DbConnection, project: i32) -> Result<BenefitsView, AppError> {
    let p = projects::get(c, project)?;
    let benefits = store::of_project(c, project)?
        .into_iter()
        .map(|(b, r)| BenefitView::of(b, r))
        .collect();
    Ok(BenefitsView {
        benefits,
        follow_up_due: follow_up_due(p.state, p.ended_on),
        followed_up: economy::get(c, project)?.benefits_followed_up,
    })
}

fn one(c: &mut DbConnection, id: i32) -> Result<BenefitView, AppError> {
    let b = store::get(c, id)?;
    let readings = store::of_project(c, b.project_id)?
        .into_iter()
        .find(|(x, _)| x.id == id)
        .map(|(_, r)| r)
        .unwrap_or_default();
    Ok(BenefitView::of(b, readings))
}

fn require_on_project(c: &mut DbConnection, who: &Acting, project: i32) -> Result<(), AppError> {
    let p = projects::get(c, project)?;
    super::require_project(who, p.manager_id, p.owner_id)
}

fn checked(input: BenefitInput) -> Result<Benefit, AppError> {
    Benefit::check(input).map_err(|mut problems| problems.remove(0).into())
}

pub fn create(
    c: &mut DbConnection,
    who: &Acting,
    project: i32,
    input: BenefitInput,
) -> Result<BenefitView, AppError> {
    let benefit = checked(input)?;
    write_transaction(c, |c| {
        require_on_project(c, who, project)?;
        let id = store::create(c, project, &benefit)?.id;
        let after = one(c, id)?;
        super::audit::audit_create(c, &who.actor, "benefit", id, &after)?;
        Ok(after)
    })
}

pub fn update(
    c: &mut DbConnection,
    who: &Acting,
    id: i32,
    input: BenefitInput,
) -> Result<BenefitView, AppError> {
    let benefit = checked(input)?;
    write_transaction(c, |c| {
        let before = one(c, id)?;
        require_on_project(c, who, before.project_id)?;
        store::update(c, id, &benefit)?;
        let after = one(c, id)?;
        super::audit::audit_change(c, &who.actor, "update", "benefit", id, &before, &after)?;
        Ok(after)
    })
}

pub fn remove(c: &mut DbConnection, who: &Acting, id: i32) -> Result<(), AppError> {
    write_transaction(c, |c| {
        let before = one(c, id)?;
        require_on_project(c, who, before.project_id)?;
        store::delete(c, id)?;
        let before = crate::db::audit::json(&before);
        crate::db::audit::record(c, &who.actor, "delete", "benefit", id, before, None)
    })
}

/// Record a value measured.
pub fn measure(
    c: &mut DbConnection,
    who: &Acting,
    id: i32,
    (on, value, note): (NaiveDate, f64, &str),
) -> Result<BenefitView, AppError> {
    let (value, note) = reading(value, note)?;
    write_transaction(c, |c| {
        let before = one(c, id)?;
        require_on_project(c, who, before.project_id)?;
        store::add_reading(c, id, (on, value, &note))?;
        let after = one(c, id)?;
        super::audit::audit_change(c, &who.actor, "measure", "benefit", id, &before, &after)?;
        Ok(after)
    })
}

/// Record that the benefits follow-up was done on `on` (none: not done after all).
pub fn followed_up(
    c: &mut DbConnection,
    who: &Acting,
    project: i32,
    on: Option<NaiveDate>,
) -> Result<BenefitsView, AppError> {
    write_transaction(c, |c| {
        require_on_project(c, who, project)?;
        let before = list(c, project)?;
        economy::set_followed_up(c, project, on)?;
        let after = list(c, project)?;
        let (b, a) = (before.followed_up, after.followed_up);
        super::audit::audit_change(c, &who.actor, "follow_up", "project", project, &b, &a)?;
        Ok(after)
    })
}
