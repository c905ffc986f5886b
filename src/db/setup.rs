//! How far a new municipality has come in setting up the portfolio.

use super::schema::{departments, people, projects, quarters};
use super::DbConnection;
use crate::error::AppError;
use diesel::prelude::*;

/// What exists so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Setup {
    pub departments: i64,
    pub people: i64,
    pub quarters: i64,
    pub projects: i64,
}

pub fn counts(conn: &mut DbConnection) -> Result<Setup, AppError> {
    Ok(Setup {
        departments: departments::table.count().get_result(conn)?,
        people: people::table.count().get_result(conn)?,
        quarters: quarters::table.count().get_result(conn)?,
        projects: projects::table.count().get_result(conn)?,
    })
}
