//! The register of systems in use, and the council's priority criteria and scores.

use super::schema::{criteria, scores, systems};
use super::{unique_as_conflict, DbConnection};
use crate::domain::collation::sort_key;
use crate::domain::priority::Criterion;
use crate::error::AppError;
use chrono::NaiveDate;
use diesel::prelude::*;
use std::collections::HashMap;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = systems)]
pub struct SystemRow {
    pub id: i32,
    pub name: String,
    pub supplier: String,
    pub department_id: Option<i32>,
    pub functions: String,
    pub contract_end: Option<NaiveDate>,
}

impl SystemRow {
    pub fn functions(&self) -> Vec<String> {
        self.functions.lines().map(str::to_string).collect()
    }
}

/// A system as the council enters it, checked.
#[derive(Debug, Clone)]
pub struct SystemData {
    pub name: String,
    pub supplier: String,
    pub department_id: Option<i32>,
    pub functions: Vec<String>,
    pub contract_end: Option<NaiveDate>,
}

/// The register in Danish name order.
pub fn all(c: &mut DbConnection) -> Result<Vec<SystemRow>, AppError> {
    Ok(systems::table
        .order(systems::sort_key)
        .select(SystemRow::as_select())
        .load(c)?)
}

pub fn get(c: &mut DbConnection, id: i32) -> Result<SystemRow, AppError> {
    systems::table
        .find(id)
        .select(SystemRow::as_select())
        .first(c)
        .optional()?
        .ok_or_else(|| AppError::NotFound(format!("system {id} does not exist")))
}

fn duplicate(name: &str) -> impl FnOnce(diesel::result::Error) -> AppError {
    unique_as_conflict("name", format!("the register already holds '{name}'"))
}

pub fn create(c: &mut DbConnection, s: &SystemData) -> Result<SystemRow, AppError> {
    let id: i32 = diesel::insert_into(systems::table)
        .values((
            systems::name.eq(&s.name),
            systems::sort_key.eq(sort_key(&s.name)),
            systems::supplier.eq(&s.supplier),
            systems::department_id.eq(s.department_id),
            systems::functions.eq(s.functions.join("\n")),
            systems::contract_end.eq(s.contract_end),
        ))
        .returning(systems::id)
        .get_result(c)
        .map_err(duplicate(&s.name))?;
    get(c, id)
}

pub fn update(c: &mut DbConnection, id: i32, s: &SystemData) -> Result<SystemRow, AppError> {
    get(c, id)?;
    diesel::update(systems::table.find(id))
        .set((
            systems::name.eq(&s.name),
            systems::sort_key.eq(sort_key(&s.name)),
            systems::supplier.eq(&s.supplier),
            systems::department_id.eq(s.department_id),
            systems::functions.eq(s.functions.join("\n")),
            systems::contract_end.eq(s.contract_end),
        ))
        .execute(c)
        .map_err(duplicate(&s.name))?;
    get(c, id)
}

pub fn delete(c: &mut DbConnection, id: i32) -> Result<(), AppError> {
    get(c, id)?;
    diesel::delete(systems::table.find(id)).execute(c)?;
    Ok(())
}

/// The criteria in the council's order.
pub fn criteria(c: &mut DbConnection) -> Result<Vec<Criterion>, AppError> {
    let rows: Vec<(i32, String, i32)> = criteria::table
        .order((criteria::position, criteria::id))
        .select((criteria::id, criteria::name, criteria::weight))
        .load(c)?;
    Ok(rows
        .into_iter()
        .map(|(id, name, weight)| Criterion {
            id: Some(id),
            name,
            weight,
        })
        .collect())
}

/// Replace the set of criteria: those kept by id are renamed and reweighted,
/// new ones added, the rest removed with their scores.
pub fn replace_criteria(c: &mut DbConnection, set: &[Criterion]) -> Result<(), AppError> {
    let kept: Vec<i32> = set.iter().filter_map(|k| k.id).collect();
    let gone = criteria::table.filter(criteria::id.ne_all(&kept));
    let gone_ids: Vec<i32> = gone.select(criteria::id).load(c)?;
    diesel::delete(scores::table.filter(scores::criterion_id.eq_any(&gone_ids))).execute(c)?;
    diesel::delete(criteria::table.filter(criteria::id.eq_any(&gone_ids))).execute(c)?;
    // Park the kept names first so a swap of two names does not clash.
    for id in &kept {
        diesel::update(criteria::table.find(id))
            .set(criteria::name.eq(format!("\u{1}{id}")))
            .execute(c)?;
    }
    for (position, k) in (1..).zip(set) {
        let values = (
            criteria::name.eq(&k.name),
            criteria::weight.eq(k.weight),
            criteria::position.eq(position),
        );
        let changed = match k.id {
            Some(id) => diesel::update(criteria::table.find(id))
                .set(values)
                .execute(c)?,
            None => diesel::insert_into(criteria::table)
                .values(values)
                .execute(c)?,
        };
        if changed == 0 {
            return Err(AppError::invalid(
                "id",
                crate::domain::Problem::UnknownReference,
                format!("criterion {} does not exist", k.id.unwrap_or_default()),
            ));
        }
    }
    Ok(())
}

/// Every proposal's scores by criterion.
pub fn scores(c: &mut DbConnection) -> Result<HashMap<i32, HashMap<i32, i32>>, AppError> {
    let rows: Vec<(i32, i32, i32)> = scores::table
        .select((scores::project_id, scores::criterion_id, scores::score))
        .load(c)?;
    let mut by_project: HashMap<i32, HashMap<i32, i32>> = HashMap::new();
    for (project, criterion, score) in rows {
        by_project
            .entry(project)
            .or_default()
            .insert(criterion, score);
    }
    Ok(by_project)
}

/// Replace a proposal's scores.
pub fn set_scores(c: &mut DbConnection, project: i32, set: &[(i32, i32)]) -> Result<(), AppError> {
    diesel::delete(scores::table.filter(scores::project_id.eq(project))).execute(c)?;
    for (criterion, score) in set {
        diesel::insert_into(scores::table)
            .values((
                scores::project_id.eq(project),
                scores::criterion_id.eq(criterion),
                scores::score.eq(score),
            ))
            .execute(c)?;
    }
    Ok(())
}
