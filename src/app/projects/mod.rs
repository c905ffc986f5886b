//! What people do to projects: the council creates, updates, cancels,
//! completes and deletes them; a project's own manager or owner describes it.
//! Each use case checks the permission, runs in one write transaction and
//! leaves one audit record with the whole project before and after.

mod view;

pub use super::Acting;
pub use view::{detail_of, details_of, Names, PersonRef, Project, ProjectDetail, ProjectPage, Ref};

use crate::db::process::NewDecision;
use crate::db::projects::{self as store, ProjectRow};
use crate::db::{write_transaction, DbConnection};
use crate::domain::access::Action;
use crate::domain::process::{deciding_body, kind_change, state_change, DecisionKind};
use crate::domain::project::{Kind, Lifecycle, ProjectDraft, ProjectInput, TEXT_MAX};
use crate::domain::Problem;
use crate::error::AppError;
use chrono::NaiveDate;

/// Create a project (the council), recorded as the whole new project.
pub fn create(
    c: &mut DbConnection,
    who: &Acting,
    draft: &ProjectDraft,
) -> Result<ProjectDetail, AppError> {
    super::require(who.role, Action::ManagePortfolio)?;
    write_transaction(c, |c| {
        let row = store::create(c, draft)?;
        let view = detail_of(c, row.id)?;
        super::audit::audit_create(c, &who.actor, "project", row.id, &view)?;
        Ok(view)
    })
}

/// Replace a project's fields (the council) if it is still at the version
/// the caller read, recorded with the whole project before and after.
pub fn update(
    c: &mut DbConnection,
    who: &Acting,
    id: i32,
    draft: &ProjectDraft,
    version: i32,
) -> Result<ProjectDetail, AppError> {
    super::require(who.role, Action::ManagePortfolio)?;
    write_transaction(c, |c| {
        let row = store::get(c, id)?;
        check_state_change(who, &row, draft.state)?;
        check_kind_change(who, &row, draft.kind)?;
        let view = changed(c, who, "update", id, draft, version)?;
        record_closing(c, who, &row, draft)?;
        Ok(view)
    })
}

/// A change of state the process allows, or a 409 that says which step to take.
fn check_state_change(who: &Acting, row: &ProjectRow, to: Lifecycle) -> Result<(), AppError> {
    let may_decide = crate::domain::access::allows(who.role, Action::Decide);
    state_change(row.kind, row.state, to, may_decide).map_err(|problem| {
        let message = match problem {
            Problem::NeedsApproval => "a proposal is approved or rejected through the council's process (POST /proposals/{id}/decision), and only an approved project becomes active",
            Problem::ChefforumDecides => "a strategic project is closed by Chefforum: propose the closure (POST /projects/{id}/closure)",
            _ => "a closed project stays closed, and a project does not go back to proposed",
        };
        AppError::conflict(Some("state"), problem, message)
    })
}

/// A strategic project becomes operational (and the council's to close) only
/// by who records Chefforum's decisions.
fn check_kind_change(who: &Acting, row: &ProjectRow, to: Kind) -> Result<(), AppError> {
    let may_decide = crate::domain::access::allows(who.role, Action::Decide);
    kind_change(row.kind, to, may_decide).map_err(|problem| {
        let message = "a strategic project is Chefforum's: only Chefforum makes it operational";
        AppError::conflict(Some("kind"), problem, message)
    })
}

/// A project closed outside Chefforum's list is a decision of the body that
/// closes it, kept in the register.
fn record_closing(
    c: &mut DbConnection,
    who: &Acting,
    before: &ProjectRow,
    draft: &ProjectDraft,
) -> Result<(), AppError> {
    if before.state.is_closed() || !draft.state.is_closed() {
        return Ok(());
    }
    let (kind, text) = match &draft.cancel_reason {
        Some(reason) => (DecisionKind::Cancelled, reason.as_str()),
        None => (DecisionKind::Completed, "Projektet er afsluttet."),
    };
    let decision = NewDecision {
        project: before.id,
        body: deciding_body(before.kind),
        kind,
        decided_on: draft
            .ended_on
            .unwrap_or_else(|| chrono::Utc::now().date_naive()),
        case_number: draft.case_number.as_ref(),
        text,
        by: who.actor.person_id,
    };
    crate::db::process::record_decision(c, &decision).map(|_| ())
}

/// Check a new description before anything is read: a bad text is refused
/// whatever version it claims.
pub fn check_description(description: &str) -> Result<(), AppError> {
    crate::domain::text::free_text("description", description, TEXT_MAX)?;
    Ok(())
}

/// Change only the description: the project's manager or owner may, whatever
/// their role, as may the council. Every other field stays as stored.
pub fn describe(
    c: &mut DbConnection,
    who: &Acting,
    id: i32,
    description: String,
    version: i32,
) -> Result<ProjectDetail, AppError> {
    write_transaction(c, |c| {
        let row = store::get(c, id)?;
        super::require_project(who, row.manager_id, row.owner_id)?;
        let draft = ProjectDraft::parse(ProjectInput {
            description,
            ..input_of(c, &row)?
        })?;
        changed(c, who, "update", id, &draft, version)
    })
}

/// How a project ends.
pub enum Ending {
    Completed,
    Cancelled { reason: String },
}

/// End a project (the council) through the same rules as an update: completed,
/// or cancelled with its reason, on `date` (today when not given).
pub fn end(
    c: &mut DbConnection,
    who: &Acting,
    id: i32,
    ending: Ending,
    date: NaiveDate,
) -> Result<ProjectDetail, AppError> {
    super::require(who.role, Action::ManagePortfolio)?;
    write_transaction(c, |c| {
        let row = store::get(c, id)?;
        if !row.state.is_closed() {
            let to = match ending {
                Ending::Completed => Lifecycle::Completed,
                Ending::Cancelled { .. } => Lifecycle::Cancelled,
            };
            check_state_change(who, &row, to)?;
        }
        if row.state.is_closed() {
            return Err(AppError::conflict(
                Some("state"),
                Problem::AlreadyClosed,
                format!("project {id} is already {}", row.state.as_str()),
            ));
        }
        let (state, cancel_reason, action) = match ending {
            Ending::Completed => (Lifecycle::Completed, None, "complete"),
            Ending::Cancelled { reason } => (Lifecycle::Cancelled, Some(reason), "cancel"),
        };
        let draft = ProjectDraft::parse(ProjectInput {
            state,
            cancel_reason,
            ended_on: Some(date),
            ..input_of(c, &row)?
        })?;
        let view = changed(c, who, action, id, &draft, row.version)?;
        record_closing(c, who, &row, &draft)?;
        Ok(view)
    })
}

/// Delete a project (the council): only one without status reports or
/// sub-projects, recorded as the whole project it was.
pub fn remove(c: &mut DbConnection, who: &Acting, id: i32) -> Result<(), AppError> {
    super::require(who.role, Action::ManagePortfolio)?;
    write_transaction(c, |c| {
        let before = detail_of(c, id)?;
        store::delete(c, id)?;
        let before = crate::db::audit::json(&before);
        crate::db::audit::record(c, &who.actor, "delete", "project", id, before, None)
    })
}

/// A change of a project's lifecycle made by a step of the council's process,
/// which records the one audit record of that step itself.
pub struct StateChange {
    pub state: Lifecycle,
    pub cancel_reason: Option<String>,
    pub ended_on: Option<NaiveDate>,
    /// The start date when the project has none (a planned start is kept:
    /// moving it past the planned end would break the plan's own rule).
    pub start_date: Option<NaiveDate>,
}

/// Move a project to a new state through the project's rules, at its current version.
pub(crate) fn set_state(
    c: &mut DbConnection,
    id: i32,
    change: StateChange,
) -> Result<(), AppError> {
    let row = store::get(c, id)?;
    let input = input_of(c, &row)?;
    let draft = ProjectDraft::parse(ProjectInput {
        state: change.state,
        cancel_reason: change.cancel_reason,
        ended_on: change.ended_on,
        start_date: input.start_date.or(change.start_date),
        ..input
    })?;
    store::update(c, id, &draft, row.version)?;
    Ok(())
}

/// A stored project as the domain's input, to change some of its fields.
pub(crate) fn stored_input(c: &mut DbConnection, id: i32) -> Result<ProjectInput, AppError> {
    let row = store::get(c, id)?;
    input_of(c, &row)
}

/// Store the draft at the expected version and record the change.
fn changed(
    c: &mut DbConnection,
    who: &Acting,
    action: &str,
    id: i32,
    draft: &ProjectDraft,
    version: i32,
) -> Result<ProjectDetail, AppError> {
    let before = detail_of(c, id)?;
    store::update(c, id, draft, version)?;
    let after = detail_of(c, id)?;
    super::audit::audit_change(c, &who.actor, action, "project", id, &before, &after)?;
    Ok(after)
}

/// The stored project as the domain's input, to change a few fields of it.
fn input_of(c: &mut DbConnection, r: &ProjectRow) -> Result<ProjectInput, AppError> {
    let economy = crate::db::economy::get(c, r.id)?.plan();
    Ok(ProjectInput {
        name: r.name.clone(),
        description: r.description.clone(),
        case_number: r.case_number.clone(),
        department_id: r.department_id,
        manager_id: r.manager_id,
        owner_id: r.owner_id,
        phase_id: r.phase_id,
        kind: r.kind,
        must_do: r.must_do,
        focus_area_id: r.focus_area_id,
        parent_id: r.parent_id,
        start_date: r.start_date,
        planned_end: r.planned_end,
        budget: r.budget,
        spent: r.spent,
        operating_cost: r.operating_cost,
        expected_benefits: r.expected_benefits.clone(),
        state: r.state,
        cancel_reason: r.cancel_reason.clone(),
        ended_on: r.ended_on,
        economy,
    })
}
