use super::schema::strategies;
use super::{unique_as_conflict, DbConnection};
use crate::error::AppError;
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = strategies)]
pub struct StrategyRow {
    pub id: i32,
    pub name: String,
    pub description: String,
    pub start_year: i32,
    pub end_year: i32,
}

#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = strategies)]
pub struct StrategyData {
    pub name: String,
    pub description: String,
    pub start_year: i32,
    pub end_year: i32,
}

pub fn list(conn: &mut DbConnection) -> Result<Vec<StrategyRow>, AppError> {
    Ok(strategies::table
        .order((strategies::start_year.desc(), strategies::id))
        .select(StrategyRow::as_select())
        .load(conn)?)
}

pub fn get(conn: &mut DbConnection, id: i32) -> Result<StrategyRow, AppError> {
    strategies::table
        .find(id)
        .select(StrategyRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| AppError::NotFound(format!("strategy {id} does not exist")))
}

fn clash(data: &StrategyData) -> impl FnOnce(diesel::result::Error) -> AppError {
    unique_as_conflict(
        "name",
        format!("a strategy named '{}' already exists", data.name),
    )
}

pub fn create(conn: &mut DbConnection, data: &StrategyData) -> Result<StrategyRow, AppError> {
    let id: i32 = diesel::insert_into(strategies::table)
        .values(data)
        .returning(strategies::id)
        .get_result(conn)
        .map_err(clash(data))?;
    get(conn, id)
}

pub fn update(
    conn: &mut DbConnection,
    id: i32,
    data: &StrategyData,
) -> Result<StrategyRow, AppError> {
    get(conn, id)?;
    diesel::update(strategies::table.find(id))
        .set(data)
        .execute(conn)
        .map_err(clash(data))?;
    get(conn, id)
}
