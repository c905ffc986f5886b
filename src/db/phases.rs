use super::schema::phases;
use super::{unique_as_conflict, DbConnection};
use crate::error::AppError;
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = phases)]
pub struct PhaseRow {
    pub id: i32,
    pub name: String,
    pub position: i32,
}

#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = phases)]
pub struct PhaseData {
    pub name: String,
    pub position: i32,
}

/// Phases in their order from start-up to close.
pub fn list(conn: &mut DbConnection) -> Result<Vec<PhaseRow>, AppError> {
    Ok(phases::table
        .order((phases::position, phases::id))
        .select(PhaseRow::as_select())
        .load(conn)?)
}

pub fn get(conn: &mut DbConnection, id: i32) -> Result<PhaseRow, AppError> {
    phases::table
        .find(id)
        .select(PhaseRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| AppError::NotFound(format!("phase {id} does not exist")))
}

pub fn exists(conn: &mut DbConnection, id: i32) -> Result<bool, AppError> {
    let n: i64 = phases::table
        .filter(phases::id.eq(id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

fn clash(data: &PhaseData) -> impl FnOnce(diesel::result::Error) -> AppError {
    unique_as_conflict(
        "name",
        format!("a phase named '{}' already exists", data.name),
    )
}

pub fn create(conn: &mut DbConnection, data: &PhaseData) -> Result<PhaseRow, AppError> {
    let id: i32 = diesel::insert_into(phases::table)
        .values(data)
        .returning(phases::id)
        .get_result(conn)
        .map_err(clash(data))?;
    get(conn, id)
}

pub fn update(conn: &mut DbConnection, id: i32, data: &PhaseData) -> Result<PhaseRow, AppError> {
    get(conn, id)?;
    diesel::update(phases::table.find(id))
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
    Ok(phases::table
        .filter(phases::id.eq_any(ids))
        .select((phases::id, phases::name))
        .load::<(i32, String)>(conn)?
        .into_iter()
        .collect())
}
