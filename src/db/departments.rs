use super::schema::departments;
use super::{unique_as_conflict, DbConnection};
use crate::error::AppError;
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = departments)]
pub struct DepartmentRow {
    pub id: i32,
    pub name: String,
    pub code: String,
    pub directorate: String,
}

#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = departments)]
pub struct DepartmentData {
    pub name: String,
    pub code: String,
    pub directorate: String,
}

pub fn list(conn: &mut DbConnection) -> Result<Vec<DepartmentRow>, AppError> {
    let mut rows: Vec<DepartmentRow> = departments::table
        .select(DepartmentRow::as_select())
        .load(conn)?;
    rows.sort_by(|a, b| crate::domain::collation::compare(&a.name, &b.name));
    Ok(rows)
}

pub fn get(conn: &mut DbConnection, id: i32) -> Result<DepartmentRow, AppError> {
    departments::table
        .find(id)
        .select(DepartmentRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| AppError::NotFound(format!("department {id} does not exist")))
}

pub fn exists(conn: &mut DbConnection, id: i32) -> Result<bool, AppError> {
    let n: i64 = departments::table
        .filter(departments::id.eq(id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

fn clash(data: &DepartmentData) -> impl FnOnce(diesel::result::Error) -> AppError {
    let message = format!(
        "a department named '{}' or with code '{}' already exists",
        data.name, data.code
    );
    unique_as_conflict("name", message)
}

pub fn create(conn: &mut DbConnection, data: &DepartmentData) -> Result<DepartmentRow, AppError> {
    let id: i32 = diesel::insert_into(departments::table)
        .values(data)
        .returning(departments::id)
        .get_result(conn)
        .map_err(clash(data))?;
    get(conn, id)
}

pub fn update(
    conn: &mut DbConnection,
    id: i32,
    data: &DepartmentData,
) -> Result<DepartmentRow, AppError> {
    let n = diesel::update(departments::table.find(id))
        .set(data)
        .execute(conn)
        .map_err(clash(data))?;
    if n == 0 {
        return Err(AppError::NotFound(format!(
            "department {id} does not exist"
        )));
    }
    get(conn, id)
}

/// Id to name for the given ids.
pub fn names(
    conn: &mut DbConnection,
    ids: &[i32],
) -> Result<std::collections::HashMap<i32, String>, AppError> {
    Ok(departments::table
        .filter(departments::id.eq_any(ids))
        .select((departments::id, departments::name))
        .load::<(i32, String)>(conn)?
        .into_iter()
        .collect())
}
