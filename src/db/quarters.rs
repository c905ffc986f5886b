use super::schema::quarters;
use super::DbConnection;
use crate::domain::quarter::{Quarter, QuarterState};
use crate::error::AppError;
use chrono::NaiveDate;
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = quarters)]
pub struct QuarterRow {
    #[diesel(deserialize_as = String)]
    pub code: Quarter,
    pub deadline: NaiveDate,
    #[diesel(deserialize_as = String)]
    pub state: QuarterState,
}

/// A quarter's row as it is written.
#[derive(Insertable)]
#[diesel(table_name = quarters)]
struct Stored {
    code: String,
    deadline: NaiveDate,
    state: &'static str,
}

impl QuarterRow {
    pub fn new(quarter: Quarter, deadline: NaiveDate, state: QuarterState) -> Self {
        Self {
            code: quarter,
            deadline,
            state,
        }
    }

    pub fn is_closed(&self) -> bool {
        self.state == QuarterState::Closed
    }

    fn stored(&self) -> Stored {
        Stored {
            code: self.code.to_string(),
            deadline: self.deadline,
            state: self.state.as_str(),
        }
    }
}

pub fn list(conn: &mut DbConnection) -> Result<Vec<QuarterRow>, AppError> {
    Ok(quarters::table
        .order(quarters::code.desc())
        .select(QuarterRow::as_select())
        .load(conn)?)
}

pub fn find(conn: &mut DbConnection, quarter: Quarter) -> Result<Option<QuarterRow>, AppError> {
    Ok(quarters::table
        .find(quarter.to_string())
        .select(QuarterRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn get(conn: &mut DbConnection, quarter: Quarter) -> Result<QuarterRow, AppError> {
    find(conn, quarter)?
        .ok_or_else(|| AppError::NotFound(format!("quarter {quarter} does not exist")))
}

pub fn create(conn: &mut DbConnection, row: &QuarterRow) -> Result<QuarterRow, AppError> {
    diesel::insert_into(quarters::table)
        .values(row.stored())
        .execute(conn)
        .map_err(super::unique_as_conflict(
            "code",
            format!("quarter {} already exists", row.code),
        ))?;
    Ok(row.clone())
}

pub fn update(
    conn: &mut DbConnection,
    quarter: Quarter,
    deadline: NaiveDate,
    state: QuarterState,
) -> Result<QuarterRow, AppError> {
    let n = diesel::update(quarters::table.find(quarter.to_string()))
        .set((
            quarters::deadline.eq(deadline),
            quarters::state.eq(state.as_str()),
        ))
        .execute(conn)?;
    if n == 0 {
        return Err(AppError::NotFound(format!(
            "quarter {quarter} does not exist"
        )));
    }
    get(conn, quarter)
}
