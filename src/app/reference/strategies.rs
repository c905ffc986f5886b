//! Strategies (e.g. "Mere velfærd i Albertslund" 2021–2025): kept by administrators.

use crate::app::audit::{created, updated};
use crate::app::{require, Acting, Input};
use crate::db::strategies::{self as store, StrategyData, StrategyRow};
use crate::db::DbConnection;
use crate::domain::access::Action;
use crate::domain::reference::{strategy_period, DESCRIPTION_MAX, NAME_MAX};
use crate::domain::text::{free_text, required_name};
use crate::domain::ValidationError;
use crate::error::AppError;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct Strategy {
    pub id: i32,
    pub name: String,
    pub description: String,
    pub start_year: i32,
    pub end_year: i32,
}

impl From<StrategyRow> for Strategy {
    fn from(r: StrategyRow) -> Self {
        Self {
            id: r.id,
            name: r.name,
            description: r.description,
            start_year: r.start_year,
            end_year: r.end_year,
        }
    }
}

/// A strategy's fields as a caller sends them, not yet checked.
pub struct StrategyFields {
    pub name: String,
    pub description: String,
    pub start_year: i32,
    pub end_year: i32,
}

impl Input<StrategyData> for StrategyFields {
    fn parse(self) -> Result<StrategyData, ValidationError> {
        let (start_year, end_year) = strategy_period(self.start_year, self.end_year)?;
        Ok(StrategyData {
            name: required_name("name", &self.name, NAME_MAX)?,
            description: free_text("description", &self.description, DESCRIPTION_MAX)?,
            start_year,
            end_year,
        })
    }
}

pub fn list(c: &mut DbConnection) -> Result<Vec<Strategy>, AppError> {
    Ok(store::list(c)?.into_iter().map(Strategy::from).collect())
}

pub fn get(c: &mut DbConnection, id: i32) -> Result<Strategy, AppError> {
    store::get(c, id).map(Strategy::from)
}

/// Create a strategy (administrators).
pub fn create(
    c: &mut DbConnection,
    who: &Acting,
    input: impl Input<StrategyData>,
) -> Result<Strategy, AppError> {
    require(who.role, Action::ManageOrganisation)?;
    let data = input.parse()?;
    created(c, who, "strategy", |c| {
        store::create(c, &data).map(|r| (r.id, Strategy::from(r)))
    })
}

/// Replace a strategy's fields (administrators).
pub fn update(
    c: &mut DbConnection,
    who: &Acting,
    id: i32,
    input: impl Input<StrategyData>,
) -> Result<Strategy, AppError> {
    require(who.role, Action::ManageOrganisation)?;
    let data = input.parse()?;
    updated(
        c,
        who,
        "strategy",
        id,
        |c| get(c, id),
        |c| store::update(c, id, &data).map(Strategy::from),
    )
}
