use super::schema::people;
use super::{unique_as_conflict, DbConnection};
use crate::domain::access::Role;
use crate::domain::Problem;
use crate::error::AppError;
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = people)]
pub struct PersonRow {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub department_id: Option<i32>,
    #[diesel(deserialize_as = String)]
    pub role: Role,
    pub deactivated_at: Option<chrono::NaiveDateTime>,
}

#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = people, treat_none_as_null = true)]
pub struct PersonData {
    pub name: String,
    pub email: String,
    pub department_id: Option<i32>,
}

pub fn list(conn: &mut DbConnection) -> Result<Vec<PersonRow>, AppError> {
    let mut rows: Vec<PersonRow> = people::table.select(PersonRow::as_select()).load(conn)?;
    rows.sort_by(|a, b| crate::domain::collation::compare(&a.name, &b.name));
    Ok(rows)
}

pub fn by_ids(conn: &mut DbConnection, ids: &[i32]) -> Result<Vec<PersonRow>, AppError> {
    Ok(people::table
        .filter(people::id.eq_any(ids))
        .select(PersonRow::as_select())
        .load(conn)?)
}

pub fn get(conn: &mut DbConnection, id: i32) -> Result<PersonRow, AppError> {
    people::table
        .find(id)
        .select(PersonRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| AppError::NotFound(format!("person {id} does not exist")))
}

pub fn exists(conn: &mut DbConnection, id: i32) -> Result<bool, AppError> {
    let n: i64 = people::table
        .filter(people::id.eq(id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

fn check(conn: &mut DbConnection, data: &PersonData) -> Result<(), AppError> {
    if let Some(d) = data.department_id {
        if !super::departments::exists(conn, d)? {
            return Err(AppError::invalid(
                "department_id",
                Problem::UnknownReference,
                format!("department {d} does not exist"),
            ));
        }
    }
    Ok(())
}

fn clash(data: &PersonData) -> impl FnOnce(diesel::result::Error) -> AppError {
    unique_as_conflict(
        "email",
        format!("a person with e-mail '{}' already exists", data.email),
    )
}

pub fn create(conn: &mut DbConnection, data: &PersonData) -> Result<PersonRow, AppError> {
    check(conn, data)?;
    let id: i32 = diesel::insert_into(people::table)
        .values(data)
        .returning(people::id)
        .get_result(conn)
        .map_err(clash(data))?;
    get(conn, id)
}

pub fn update(conn: &mut DbConnection, id: i32, data: &PersonData) -> Result<PersonRow, AppError> {
    get(conn, id)?;
    check(conn, data)?;
    diesel::update(people::table.find(id))
        .set(data)
        .execute(conn)
        .map_err(clash(data))?;
    get(conn, id)
}

/// The ids of the people with a role (the council's members, say).
pub fn with_role(conn: &mut DbConnection, role: Role) -> Result<Vec<i32>, AppError> {
    Ok(people::table
        .filter(people::role.eq(role.as_str()))
        .select(people::id)
        .load(conn)?)
}
