//! Milestones and their moves.

use super::schema::{milestone_moves, milestones};
use super::DbConnection;
use crate::domain::milestone::{Milestone, Move};
use crate::error::AppError;
use chrono::NaiveDate;
use diesel::prelude::*;
use std::collections::HashMap;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = milestones)]
pub struct MilestoneRow {
    pub id: i32,
    pub project_id: i32,
    pub name: String,
    pub tender: bool,
    pub planned: NaiveDate,
    pub moved_to: Option<NaiveDate>,
    pub done_on: Option<NaiveDate>,
    pub note: String,
}

impl MilestoneRow {
    pub fn date(&self) -> NaiveDate {
        self.moved_to.unwrap_or(self.planned)
    }
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = milestones, treat_none_as_null = true)]
struct MilestoneData<'a> {
    name: &'a str,
    tender: bool,
    planned: NaiveDate,
    moved_to: Option<NaiveDate>,
    done_on: Option<NaiveDate>,
    note: &'a str,
}

impl<'a> From<&'a Milestone> for MilestoneData<'a> {
    fn from(m: &'a Milestone) -> Self {
        Self {
            name: &m.name,
            tender: m.tender,
            planned: m.planned,
            moved_to: m.moved_to,
            done_on: m.done_on,
            note: &m.note,
        }
    }
}

pub fn create(
    c: &mut DbConnection,
    project_id: i32,
    m: &Milestone,
) -> Result<MilestoneRow, AppError> {
    let id: i32 = diesel::insert_into(milestones::table)
        .values((
            MilestoneData::from(m),
            milestones::project_id.eq(project_id),
        ))
        .returning(milestones::id)
        .get_result(c)?;
    get(c, id)
}

pub fn get(c: &mut DbConnection, id: i32) -> Result<MilestoneRow, AppError> {
    milestones::table
        .find(id)
        .select(MilestoneRow::as_select())
        .first(c)
        .optional()?
        .ok_or_else(|| AppError::NotFound(format!("milestone {id} does not exist")))
}

/// Store the milestone's new fields and the move, if its date changed.
pub fn update(
    c: &mut DbConnection,
    id: i32,
    m: &Milestone,
    moved: Option<Move>,
) -> Result<MilestoneRow, AppError> {
    diesel::update(milestones::table.find(id))
        .set(MilestoneData::from(m))
        .execute(c)?;
    if let Some(mv) = moved {
        diesel::insert_into(milestone_moves::table)
            .values((
                milestone_moves::milestone_id.eq(id),
                milestone_moves::moved_on.eq(mv.on),
                milestone_moves::from_date.eq(mv.from),
                milestone_moves::to_date.eq(mv.to),
            ))
            .execute(c)?;
    }
    get(c, id)
}

pub fn delete(c: &mut DbConnection, id: i32) -> Result<(), AppError> {
    diesel::delete(milestone_moves::table.filter(milestone_moves::milestone_id.eq(id)))
        .execute(c)?;
    diesel::delete(milestones::table.find(id)).execute(c)?;
    Ok(())
}

/// A project's milestones by date (the date that holds).
pub fn of_project(c: &mut DbConnection, project_id: i32) -> Result<Vec<MilestoneRow>, AppError> {
    let mut rows: Vec<MilestoneRow> = milestones::table
        .filter(milestones::project_id.eq(project_id))
        .select(MilestoneRow::as_select())
        .load(c)?;
    rows.sort_by_key(|m| (m.date(), m.id));
    Ok(rows)
}

/// Every milestone, with its moves in the order they were made (the report).
pub fn all_with_moves(c: &mut DbConnection) -> Result<Vec<(MilestoneRow, Vec<Move>)>, AppError> {
    let rows: Vec<MilestoneRow> = milestones::table
        .order(milestones::id)
        .select(MilestoneRow::as_select())
        .load(c)?;
    let moves: Vec<(i32, NaiveDate, NaiveDate, NaiveDate)> = milestone_moves::table
        .order(milestone_moves::id)
        .select((
            milestone_moves::milestone_id,
            milestone_moves::moved_on,
            milestone_moves::from_date,
            milestone_moves::to_date,
        ))
        .load(c)?;
    let mut by_milestone: HashMap<i32, Vec<Move>> = HashMap::new();
    for (id, on, from, to) in moves {
        by_milestone
            .entry(id)
            .or_default()
            .push(Move { on, from, to });
    }
    Ok(rows
        .into_iter()
        .map(|m| {
            let moves = by_milestone.remove(&m.id).unwrap_or_default();
            (m, moves)
        })
        .collect())
}

/// The moves of these milestones, each in the order made, in one query.
pub fn moves_of(c: &mut DbConnection, ids: &[i32]) -> Result<HashMap<i32, Vec<Move>>, AppError> {
    let rows: Vec<(i32, NaiveDate, NaiveDate, NaiveDate)> = milestone_moves::table
        .filter(milestone_moves::milestone_id.eq_any(ids))
        .order(milestone_moves::id)
        .select((
            milestone_moves::milestone_id,
            milestone_moves::moved_on,
            milestone_moves::from_date,
            milestone_moves::to_date,
        ))
        .load(c)?;
    let mut by_milestone: HashMap<i32, Vec<Move>> = HashMap::new();
    for (id, on, from, to) in rows {
        by_milestone
            .entry(id)
            .or_default()
            .push(Move { on, from, to });
    }
    Ok(by_milestone)
}

/// Every milestone of a project, with its moves (the project is deleted).
pub fn delete_of_project(c: &mut DbConnection, project_id: i32) -> Result<(), AppError> {
    let ids: Vec<i32> = milestones::table
        .filter(milestones::project_id.eq(project_id))
        .select(milestones::id)
        .load(c)?;
    diesel::delete(milestone_moves::table.filter(milestone_moves::milestone_id.eq_any(&ids)))
        .execute(c)?;
    diesel::delete(milestones::table.filter(milestones::project_id.eq(project_id))).execute(c)?;
    Ok(())
}
