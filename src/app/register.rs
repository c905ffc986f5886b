//! The registers the council keeps: every decision on a project (the
//! council's and Chefforum's), and the systems in use that proposals are
//! matched against.

use super::types::{DecidingBody, DecisionType};
use super::Acting;
use crate::db::process::{self as process_store, DecisionFilter, DecisionRecord};
use crate::db::systems::{self as store, SystemData, SystemRow};
use crate::db::{write_transaction, DbConnection};
use crate::domain::access::Action;
use crate::domain::process::check_system;
use crate::error::AppError;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// A decision on a project as the register shows it.
#[derive(Serialize, ToSchema, Clone)]
pub struct ProjectDecision {
    pub id: i32,
    pub project_id: i32,
    pub project: String,
    pub body: DecidingBody,
    pub kind: DecisionType,
    /// The meeting's date.
    pub decided_on: NaiveDate,
    /// The agenda item's KLE journal number.
    pub case_number: Option<String>,
    /// As minuted, e.g. "Godkendte indstillingen."
    pub text: String,
    /// Who recorded it.
    pub recorded_by: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

impl From<DecisionRecord> for ProjectDecision {
    fn from(r: DecisionRecord) -> Self {
        Self {
            id: r.id,
            project_id: r.project_id,
            project: r.project,
            body: r.body.into(),
            kind: r.kind.into(),
            decided_on: r.decided_on,
            case_number: r.case_number,
            text: r.text,
            recorded_by: r.recorded_by,
            recorded_at: r.recorded_at.and_utc(),
        }
    }
}

/// The register with its filters, newest first.
pub fn decisions(
    c: &mut DbConnection,
    filter: &DecisionFilter,
) -> Result<Vec<ProjectDecision>, AppError> {
    Ok(process_store::decisions(c, filter)?
        .into_iter()
        .map(ProjectDecision::from)
        .collect())
}

/// A project's decisions, newest first.
pub fn decisions_of(c: &mut DbConnection, project: i32) -> Result<Vec<ProjectDecision>, AppError> {
    let filter = DecisionFilter {
        project: Some(project),
        ..Default::default()
    };
    decisions(c, &filter)
}

/// A system in the register.
#[derive(Serialize, ToSchema, Clone)]
pub struct SystemEntry {
    pub id: i32,
    pub name: String,
    pub supplier: String,
    pub department_id: Option<i32>,
    pub functions: Vec<String>,
    pub contract_end: Option<NaiveDate>,
}

impl From<SystemRow> for SystemEntry {
    fn from(r: SystemRow) -> Self {
        Self {
            functions: r.functions(),
            id: r.id,
            name: r.name,
            supplier: r.supplier,
            department_id: r.department_id,
            contract_end: r.contract_end,
        }
    }
}

/// A system as the council enters it.
pub struct SystemInput {
    pub name: String,
    pub supplier: String,
    pub department_id: Option<i32>,
    /// One per element; an element may hold several, comma separated.
    pub functions: Vec<String>,
    pub contract_end: Option<NaiveDate>,
}

impl SystemInput {
    fn check(self) -> Result<SystemData, AppError> {
        let (name, supplier, functions) =
            check_system(&self.name, &self.supplier, &self.functions)?;
        Ok(SystemData {
            name,
            supplier,
            department_id: self.department_id,
            functions,
            contract_end: self.contract_end,
        })
    }
}

pub fn systems(c: &mut DbConnection) -> Result<Vec<SystemEntry>, AppError> {
    Ok(store::all(c)?.into_iter().map(SystemEntry::from).collect())
}

pub fn add_system(
    c: &mut DbConnection,
    who: &Acting,
    input: SystemInput,
) -> Result<SystemEntry, AppError> {
    super::require(who.role, Action::ManagePortfolio)?;
    let data = input.check()?;
    super::audit::created(c, who, "system", |c| {
        let entry = SystemEntry::from(store::create(c, &data)?);
        Ok((entry.id, entry))
    })
}

pub fn change_system(
    c: &mut DbConnection,
    who: &Acting,
    id: i32,
    input: SystemInput,
) -> Result<SystemEntry, AppError> {
    super::require(who.role, Action::ManagePortfolio)?;
    let data = input.check()?;
    write_transaction(c, |c| {
        let before = SystemEntry::from(store::get(c, id)?);
        let after = SystemEntry::from(store::update(c, id, &data)?);
        super::audit::audit_change(c, &who.actor, "update", "system", id, &before, &after)?;
        Ok(after)
    })
}

pub fn remove_system(c: &mut DbConnection, who: &Acting, id: i32) -> Result<(), AppError> {
    super::require(who.role, Action::ManagePortfolio)?;
    write_transaction(c, |c| {
        let before = SystemEntry::from(store::get(c, id)?);
        store::delete(c, id)?;
        let before = crate::db::audit::json(&before);
        crate::db::audit::record(c, &who.actor, "delete", "system", id, before, None)
    })
}
