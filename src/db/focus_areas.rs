use super::schema::focus_areas;
use super::{unique_as_conflict, DbConnection};
use crate::domain::Problem;
use crate::error::AppError;
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = focus_areas)]
pub struct FocusAreaRow {
    pub id: i32,
    pub strategy_id: i32,
    pub name: String,
    pub description: String,
    pub department_id: i32,
}

#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = focus_areas)]
pub struct FocusAreaData {
    pub strategy_id: i32,
    pub name: String,
    pub description: String,
    pub department_id: i32,
}

pub fn list(conn: &mut DbConnection) -> Result<Vec<FocusAreaRow>, AppError> {
    let mut rows: Vec<FocusAreaRow> = focus_areas::table
        .select(FocusAreaRow::as_select())
        .load(conn)?;
    rows.sort_by(|a, b| {
        a.strategy_id
            .cmp(&b.strategy_id)
            .then_with(|| crate::domain::collation::compare(&a.name, &b.name))
    });
    Ok(rows)
}

pub fn get(conn: &mut DbConnection, id: i32) -> Result<FocusAreaRow, AppError> {
    focus_areas::table
        .find(id)
        .select(FocusAreaRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| AppError::NotFound(format!("focus area {id} does not exist")))
}

pub fn exists(conn: &mut DbConnection, id: i32) -> Result<bool, AppError> {
    let n: i64 = focus_areas::table
        .filter(focus_areas::id.eq(id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

fn check(conn: &mut DbConnection, data: &FocusAreaData) -> Result<(), AppError> {
    let n: i64 = super::schema::strategies::table
        .filter(super::schema::strategies::id.eq(data.strategy_id))
        .count()
        .get_result(conn)?;
    if n == 0 {
        return Err(AppError::invalid(
            "strategy_id",
            Problem::UnknownReference,
            format!("strategy {} does not exist", data.strategy_id),
        ));
    }
    if !super::departments::exists(conn, data.department_id)? {
        return Err(AppError::invalid(
            "department_id",
            Problem::UnknownReference,
            format!("department {} does not exist", data.department_id),
        ));
    }
    Ok(())
}

fn clash(data: &FocusAreaData) -> impl FnOnce(diesel::result::Error) -> AppError {
    unique_as_conflict(
        "name",
        format!(
            "the strategy already has a focus area named '{}'",
            data.name
        ),
    )
}

pub fn create(conn: &mut DbConnection, data: &FocusAreaData) -> Result<FocusAreaRow, AppError> {
    check(conn, data)?;
    let id: i32 = diesel::insert_into(focus_areas::table)
        .values(data)
        .returning(focus_areas::id)
        .get_result(conn)
        .map_err(clash(data))?;
    get(conn, id)
}

pub fn update(
    conn: &mut DbConnection,
    id: i32,
    data: &FocusAreaData,
) -> Result<FocusAreaRow, AppError> {
    get(conn, id)?;
    check(conn, data)?;
    diesel::update(focus_areas::table.find(id))
        .set(data)
        .execute(conn)
        .map_err(clash(data))?;
    get(conn, id)
}

/// Id to name for the given ids.
pub fn names(
    conn: &mut DbConnection,
    ids: &[i32],
) -> Result<std::collections::HashMap<i32, String>, AppError> {
    Ok(focus_areas::table
        .filter(focus_areas::id.eq_any(ids))
        .select((focus_areas::id, focus_areas::name))
        .load::<(i32, String)>(conn)?
        .into_iter()
        .collect())
}
