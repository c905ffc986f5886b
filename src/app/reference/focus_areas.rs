//! Focus areas (indsatsområder) of a strategy: kept by the council.

use crate::app::audit::{created, updated};
use crate::app::{require, Acting, Input};
use crate::db::focus_areas::{self as store, FocusAreaData, FocusAreaRow};
use crate::db::DbConnection;
use crate::domain::access::Action;
use crate::domain::reference::{DESCRIPTION_MAX, NAME_MAX};
use crate::domain::text::{free_text, required_name};
use crate::domain::ValidationError;
use crate::error::AppError;
use serde::Serialize;
use utoipa::ToSchema;

/// A focus area (indsatsområde) of a strategy, owned by a department.
#[derive(Serialize, ToSchema)]
pub struct FocusArea {
    pub id: i32,
    pub strategy_id: i32,
    pub name: String,
    pub description: String,
    /// The owning department.
    pub department_id: i32,
}

impl From<FocusAreaRow> for FocusArea {
    fn from(r: FocusAreaRow) -> Self {
        Self {
            id: r.id,
            strategy_id: r.strategy_id,
            name: r.name,
            description: r.description,
            department_id: r.department_id,
        }
    }
}

/// A focus area's fields as a caller sends them, not yet checked (the
/// strategy and department are checked to exist in the transaction).
pub struct FocusAreaFields {
    pub strategy_id: i32,
    pub name: String,
    pub description: String,
    pub department_id: i32,
}

impl Input<FocusAreaData> for FocusAreaFields {
    fn parse(self) -> Result<FocusAreaData, ValidationError> {
        Ok(FocusAreaData {
            strategy_id: self.strategy_id,
            name: required_name("name", &self.name, NAME_MAX)?,
            description: free_text("description", &self.description, DESCRIPTION_MAX)?,
            department_id: self.department_id,
        })
    }
}

pub fn list(c: &mut DbConnection) -> Result<Vec<FocusArea>, AppError> {
    Ok(store::list(c)?.into_iter().map(FocusArea::from).collect())
}

pub fn get(c: &mut DbConnection, id: i32) -> Result<FocusArea, AppError> {
    store::get(c, id).map(FocusArea::from)
}

/// Create a focus area in a strategy (the council).
pub fn create(
    c: &mut DbConnection,
    who: &Acting,
    input: impl Input<FocusAreaData>,
) -> Result<FocusArea, AppError> {
    require(who.role, Action::ManagePortfolio)?;
    let data = input.parse()?;
    created(c, who, "focus_area", |c| {
        store::create(c, &data).map(|r| (r.id, FocusArea::from(r)))
    })
}

/// Replace a focus area's fields (the council).
pub fn update(
    c: &mut DbConnection,
    who: &Acting,
    id: i32,
    input: impl Input<FocusAreaData>,
) -> Result<FocusArea, AppError> {
    require(who.role, Action::ManagePortfolio)?;
    let data = input.parse()?;
    updated(
        c,
        who,
        "focus_area",
        id,
        |c| get(c, id),
        |c| store::update(c, id, &data).map(FocusArea::from),
    )
}
