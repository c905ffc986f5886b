//! Milestones: the project's manager or owner (or the council) adds, moves,
//! completes and removes them; each move is kept for the report.

use super::Acting;
use crate::db::milestones::{self as store, MilestoneRow};
use crate::db::{projects, write_transaction, DbConnection};
use crate::domain::milestone::{move_between, Milestone, MilestoneInput, Move};
use crate::error::AppError;
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

/// One move of a milestone.
#[derive(Serialize, ToSchema, Clone)]
pub struct MoveView {
    /// When it was moved.
    pub on: NaiveDate,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

#[derive(Serialize, ToSchema, Clone)]
pub struct MilestoneView {
    pub id: i32,
    pub project_id: i32,
    pub name: String,
    /// A step of a tender (udbud).
    pub tender: bool,
    /// The date first planned.
    pub planned: NaiveDate,
    /// The new date, when it has moved.
    pub moved_to: Option<NaiveDate>,
    /// The date that holds now.
    pub date: NaiveDate,
    pub done_on: Option<NaiveDate>,
    pub note: String,
    /// Every move, oldest first.
    pub moves: Vec<MoveView>,
}

impl MilestoneView {
    fn of(r: MilestoneRow, moves: Vec<Move>) -> Self {
        Self {
            date: r.date(),
            id: r.id,
            project_id: r.project_id,
            name: r.name,
            tender: r.tender,
            planned: r.planned,
            moved_to: r.moved_to,
            done_on: r.done_on,
            note: r.note,
            moves: moves
                .into_iter()
                .map(|m| MoveView {
                    on: m.on,
                    from: m.from,
                    to: m.to,
                })
                .collect(),
        }
    }
}

fn view(c: &mut DbConnection, r: MilestoneRow) -> Result<MilestoneView, AppError> {
    let moves = store::moves_of(c, &[r.id])?
        .remove(&r.id)
        .unwrap_or_default();
    Ok(MilestoneView::of(r, moves))
}

/// A project's milestones by date, their moves read in one query.
pub fn list(c: &mut DbConnection, project: i32) -> Result<Vec<MilestoneView>, AppError> {
    projects::get(c, project)?;
    let rows = store::of_project(c, project)?;
    let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
    let mut moves = store::moves_of(c, &ids)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let own = moves.remove(&r.id).unwrap_or_default();
            MilestoneView::of(r, own)
        })
        .collect())
}

fn checked(input: MilestoneInput) -> Result<Milestone, AppError> {
    Milestone::check(input).map_err(|mut problems| problems.remove(0).into())
}

/// The project's manager or owner, or the council, may change its milestones.
fn require_on_project(c: &mut DbConnection, who: &Acting, project: i32) -> Result<(), AppError> {
    let p = projects::get(c, project)?;
    super::require_project(who, p.manager_id, p.owner_id)
}

pub fn create(
    c: &mut DbConnection,
    who: &Acting,
    project: i32,
    input: MilestoneInput,
) -> Result<MilestoneView, AppError> {
    let milestone = checked(input)?;
    write_transaction(c, |c| {
        require_on_project(c, who, project)?;
        let row = store::create(c, project, &milestone)?;
        let after = view(c, row)?;
        super::audit::audit_create(c, &who.actor, "milestone", after.id, &after)?;
        Ok(after)
    })
}

/// Change a milestone; a new date is kept as a move made `today`.
pub fn update(
    c: &mut DbConnection,
    who: &Acting,
    id: i32,
    input: MilestoneInput,
    today: NaiveDate,
) -> Result<MilestoneView, AppError> {
    let milestone = checked(input)?;
    write_transaction(c, |c| {
        let row = store::get(c, id)?;
        require_on_project(c, who, row.project_id)?;
        let moved = move_between(row.date(), milestone.date(), today);
        let before = view(c, row)?;
        let stored = store::update(c, id, &milestone, moved)?;
        let after = view(c, stored)?;
        super::audit::audit_change(c, &who.actor, "update", "milestone", id, &before, &after)?;
        Ok(after)
    })
}

pub fn remove(c: &mut DbConnection, who: &Acting, id: i32) -> Result<(), AppError> {
    write_transaction(c, |c| {
        let row = store::get(c, id)?;
        require_on_project(c, who, row.project_id)?;
        let before = view(c, row)?;
        store::delete(c, id)?;
        crate::db::audit::record(
            c,
            &who.actor,
            "delete",
            "milestone",
            id,
            crate::db::audit::json(&before),
            None,
        )
    })
}
