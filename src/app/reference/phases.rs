//! Project phases, ordered from start-up to close: kept by the council.

use crate::app::audit::{created, updated};
use crate::app::{require, Acting, Input};
use crate::db::phases::{self as store, PhaseData, PhaseRow};
use crate::db::DbConnection;
use crate::domain::access::Action;
use crate::domain::reference::{phase_position, PHASE_NAME_MAX};
use crate::domain::text::required_name;
use crate::domain::ValidationError;
use crate::error::AppError;
use serde::Serialize;
use utoipa::ToSchema;

/// A project phase; `position` orders them from start-up to close.
#[derive(Serialize, ToSchema)]
pub struct Phase {
    pub id: i32,
    pub name: String,
    pub position: i32,
}

impl From<PhaseRow> for Phase {
    fn from(r: PhaseRow) -> Self {
        Self {
            id: r.id,
            name: r.name,
            position: r.position,
        }
    }
}

/// A phase's fields as a caller sends them, not yet checked.
pub struct PhaseFields {
    pub name: String,
    pub position: i32,
}

impl Input<PhaseData> for PhaseFields {
    fn parse(self) -> Result<PhaseData, ValidationError> {
        let position = phase_position("position", self.position)?;
        Ok(PhaseData {
            name: required_name("name", &self.name, PHASE_NAME_MAX)?,
            position,
        })
    }
}

/// Every phase, in order from start-up to close.
pub fn list(c: &mut DbConnection) -> Result<Vec<Phase>, AppError> {
    Ok(store::list(c)?.into_iter().map(Phase::from).collect())
}

pub fn get(c: &mut DbConnection, id: i32) -> Result<Phase, AppError> {
    store::get(c, id).map(Phase::from)
}

/// Create a phase (the council).
pub fn create(
    c: &mut DbConnection,
    who: &Acting,
    input: impl Input<PhaseData>,
) -> Result<Phase, AppError> {
    require(who.role, Action::ManagePortfolio)?;
    let data = input.parse()?;
    created(c, who, "phase", |c| {
        store::create(c, &data).map(|r| (r.id, Phase::from(r)))
    })
}

/// Rename or move a phase (the council).
pub fn update(
    c: &mut DbConnection,
    who: &Acting,
    id: i32,
    input: impl Input<PhaseData>,
) -> Result<Phase, AppError> {
    require(who.role, Action::ManagePortfolio)?;
    let data = input.parse()?;
    updated(
        c,
        who,
        "phase",
        id,
        |c| get(c, id),
        |c| store::update(c, id, &data).map(Phase::from),
    )
}
