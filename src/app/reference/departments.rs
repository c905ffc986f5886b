//! Owning departments (afdelinger): kept by administrators.

use crate::app::audit::{created, updated};
use crate::app::{require, Acting, Input};
use crate::db::departments::{self as store, DepartmentData, DepartmentRow};
use crate::db::DbConnection;
use crate::domain::access::Action;
use crate::domain::reference::{CODE_MAX, DIRECTORATE_MAX, NAME_MAX};
use crate::domain::text::{free_text, required_name};
use crate::domain::ValidationError;
use crate::error::AppError;
use serde::Serialize;
use utoipa::ToSchema;

/// An owning department (afdeling), e.g. Økonomi & Stab (ØS).
#[derive(Serialize, ToSchema)]
pub struct Department {
    pub id: i32,
    pub name: String,
    /// Short code as used in the minutes, e.g. `ØS`, `M&T`, `SPO`.
    pub code: String,
    /// The directorate the department sits in.
    pub directorate: String,
}

impl From<DepartmentRow> for Department {
    fn from(r: DepartmentRow) -> Self {
        Self {
            id: r.id,
            name: r.name,
            code: r.code,
            directorate: r.directorate,
        }
    }
}

/// A department's fields as a caller sends them, not yet checked.
pub struct DepartmentFields {
    pub name: String,
    pub code: String,
    pub directorate: String,
}

impl Input<DepartmentData> for DepartmentFields {
    fn parse(self) -> Result<DepartmentData, ValidationError> {
        Ok(DepartmentData {
            name: required_name("name", &self.name, NAME_MAX)?,
            code: required_name("code", &self.code, CODE_MAX)?,
            directorate: free_text("directorate", &self.directorate, DIRECTORATE_MAX)?,
        })
    }
}

/// Every department, in Danish name order.
pub fn list(c: &mut DbConnection) -> Result<Vec<Department>, AppError> {
    Ok(store::list(c)?.into_iter().map(Department::from).collect())
}

pub fn get(c: &mut DbConnection, id: i32) -> Result<Department, AppError> {
    store::get(c, id).map(Department::from)
}

/// Create a department (administrators).
pub fn create(
    c: &mut DbConnection,
    who: &Acting,
    input: impl Input<DepartmentData>,
) -> Result<Department, AppError> {
    require(who.role, Action::ManageOrganisation)?;
    let data = input.parse()?;
    created(c, who, "department", |c| {
        store::create(c, &data).map(|r| (r.id, Department::from(r)))
    })
}

/// Replace a department's fields (administrators).
pub fn update(
    c: &mut DbConnection,
    who: &Acting,
    id: i32,
    input: impl Input<DepartmentData>,
) -> Result<Department, AppError> {
    require(who.role, Action::ManageOrganisation)?;
    let data = input.parse()?;
    updated(
        c,
        who,
        "department",
        id,
        |c| get(c, id),
        |c| store::update(c, id, &data).map(Department::from),
    )
}
